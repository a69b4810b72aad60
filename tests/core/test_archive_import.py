"""Archive import under hostile files: refused whole (row and column named) or cleaned as clients add does.

Each case is one the outside hostile run found (issue 21); a refused file changes nothing.
"""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest

from letterwriter.archive.clients import MAX_MEMORIES, add_client
from letterwriter.archive.dates import upcoming
from letterwriter.archive.records import ArchiveError
from letterwriter.archive.store import ArchiveStore
from letterwriter.archive.transfer import export_archive, import_archive

pytestmark = pytest.mark.core

STAMP = "2026-01-01T00:00:00+00:00"


@pytest.fixture
def store(archive_at):
    s = ArchiveStore.open(archive_at)  # a local file, then a PostgreSQL database
    yield s
    s.close()


def _doc(**tables) -> dict:
    base = {
        "clients": [{"id": "c1", "name": "Ada Byrne", "notes": "", "created": STAMP, "updated": STAMP}],
        "people": [
            {
                "id": "p1",
                "client_id": "c1",
                "position": 0,
                "name": "Tobias",
                "full_name": "",
                "relationship": "spouse",
                "pronouns": "he/him",
                "pet_name": "",
                "places": "[]",
            }
        ],
        "dates": [{"person_id": "p1", "kind": "anniversary", "date": "1974-06-01"}],
        "memories": [
            {
                "id": "m1",
                "person_id": "p1",
                "position": 0,
                "text": "the rain",
                "created": STAMP,
                "origin_letter": None,
            }
        ],
    }
    base.update(tables)
    return {"format": "letterwriter-archive", "version": 1, "schema": 2, "exported": STAMP, "tables": base}


def _import(store, tmp_path, doc):
    f = tmp_path / "archive.json"
    f.write_text(json.dumps(doc, ensure_ascii=False))
    return import_archive(store, f)


def _refused(store, tmp_path, doc, words: str) -> str:
    before = store.dump()
    with pytest.raises(ArchiveError) as err:
        _import(store, tmp_path, doc)
    assert words in str(err.value), str(err.value)
    assert store.dump() == before  # nothing written
    return str(err.value)


def test_a_plain_file_imports(store, tmp_path):
    assert _import(store, tmp_path, _doc())["clients"] == 1
    assert store.get_person("p1").dates == {"anniversary": "1974-06-01"}


@pytest.mark.parametrize("position", [10**23, -1, 1.5, True, "3"])
def test_a_position_out_of_range_is_refused_not_an_overflow(store, tmp_path, position):
    doc = _doc()
    doc["tables"]["people"][0]["position"] = position
    message = _refused(store, tmp_path, doc, "people[0].position")
    assert "whole number" in message and "Overflow" not in message


def test_two_rows_with_one_id_are_refused(store, tmp_path):
    doc = _doc()
    doc["tables"]["clients"].append({**doc["tables"]["clients"][0], "name": "Someone Else"})
    _refused(store, tmp_path, doc, "clients[1]: the id 'c1' appears twice in the file (also clients[0])")
    doc = _doc()
    doc["tables"]["dates"].append({"person_id": "p1", "kind": "anniversary", "date": "1975-06-01"})
    _refused(store, tmp_path, doc, "dates[1]")


def test_a_date_with_spaces_is_stored_clean_and_comes_up(store, tmp_path):
    doc = _doc(dates=[{"person_id": "p1", "kind": " Wedding Day ", "date": " 1974-06-01"}])
    _import(store, tmp_path, doc)
    assert store.get_person("p1").dates == {"wedding_day": "1974-06-01"}  # as CLIENT.json stores it
    soon = upcoming(store, 10, dt.date(2026, 5, 25))
    assert [(u.person, u.date) for u in soon] == [("Tobias", "1974-06-01")]


@pytest.mark.parametrize(
    "where, change, words",
    [
        ("tables", {"colours": []}, "unknown table 'colours'"),
        ("people", {"colour": "blue"}, "people[0]: unknown key 'colour'"),
        ("doc", {"extra": 1}, "unknown key 'extra'"),
    ],
)
def test_unknown_tables_columns_and_keys_are_errors(store, tmp_path, where, change, words):
    doc = _doc()
    if where == "tables":
        doc["tables"].update(change)
    elif where == "doc":
        doc.update(change)
    else:
        doc["tables"][where][0].update(change)
    _refused(store, tmp_path, doc, words)


def test_names_are_cleaned_as_clients_add_cleans_them(store, tmp_path):
    evil = "Ada\u202e enyrB\x1b[31m\x07"
    doc = _doc()
    doc["tables"]["clients"][0]["name"] = evil
    doc["tables"]["people"][0]["name"] = "\u200bTo\x00bias"
    doc["tables"]["memories"][0]["text"] = "the  rain\u2066 at\tthe church"
    _import(store, tmp_path, doc)
    by_import = (
        store.get_client("c1").name,
        store.get_person("p1").name,
        store.get_person("p1").memories[0].text,
    )
    cid = add_client(
        store, {"name": evil, "people": [{"name": "\u200bTo\x00bias", "memories": [by_import[2]]}]}
    )
    added = store.people(cid)[0]
    assert by_import == (store.get_client(cid).name, added.name, added.memories[0].text)
    assert all(ch not in "".join(by_import) for ch in "\u202e\u2066\x1b\x07\x00\u200b\t")


def test_one_limit_of_memories_for_both(store, tmp_path):
    doc = _doc()
    doc["tables"]["memories"] = [
        {"id": f"m{i}", "person_id": "p1", "position": i, "text": f"memory {i}", "created": STAMP}
        for i in range(MAX_MEMORIES + 1)
    ]
    _refused(store, tmp_path, doc, f"at most {MAX_MEMORIES:,} memories for one person")
    with pytest.raises(ArchiveError, match=f"at most {MAX_MEMORIES:,} items"):
        add_client(store, {"name": "A", "people": [{"name": "B", "memories": ["x"] * (MAX_MEMORIES + 1)}]})
    doc["tables"]["memories"].pop()
    assert _import(store, tmp_path, doc)["memories"] == MAX_MEMORIES


@pytest.mark.parametrize("version, words", [("1", "a whole number"), (0, "not a version"), (3, "newer")])
def test_the_format_version_is_read_for_what_it_is(store, tmp_path, version, words):
    doc = _doc()
    doc["version"] = version
    message = _refused(store, tmp_path, doc, words)
    if version == "1":
        assert "newer" not in message


def test_what_an_export_writes_imports_back_exactly(store, tmp_path):
    _import(store, tmp_path, _doc())
    out = tmp_path / "again.json"
    export_archive(store, out)
    other = ArchiveStore.open(tmp_path / "other.db")
    import_archive(other, out)
    assert other.dump() == store.dump()
    twice = copy.deepcopy(json.loads(out.read_text()))
    _import(other, tmp_path, twice)  # importing the same rows again changes nothing
    assert other.dump() == store.dump()


def test_every_exported_column_has_one_import_rule():
    from letterwriter.archive.schema import TABLES
    from letterwriter.archive.transfer import COLUMNS, REQUIRED

    assert list(COLUMNS) == list(TABLES)
    for table, (key, columns) in TABLES.items():
        assert set(COLUMNS[table]) == set(columns) and set(key) <= set(REQUIRED[table]) <= set(columns)
