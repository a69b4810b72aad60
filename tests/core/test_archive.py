"""The client archive: schema upgrade, bad databases, continuity, search, upcoming dates, export/import."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3

import pytest

from letterwriter import archive, storage
from letterwriter.archive import ArchiveError
from letterwriter.storage import DraftRecord, Store, StoreError
from letterwriter.templates import library

pytestmark = pytest.mark.core

ADA = {
    "name": "Ada Byrne",
    "notes": "writes every June",
    "people": [
        {
            "name": "Tobias",
            "full_name": "Tobias Byrne",
            "relationship": "spouse",
            "pronouns": "he/him",
            "pet_name": "Toby",
            "places": ["Galway"],
            "dates": {"anniversary": "1974-06-01", "birthday": "1948-12-03"},
            "memories": [
                "the rain that started just as we came out of the church",
                "the summer we drove to Cornwall in a car with no reverse gear",
            ],
        },
        {
            "name": "Nora",
            "relationship": "grandchild",
            "pronouns": "she/her",
            "dates": {"birthday": "2016-02-29"},
        },
    ],
}


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "letterwriter.db")
    yield s
    s.close()


@pytest.fixture
def ada(store):
    cid = archive.add_client(store, ADA)
    people = {p.name: p for p in store.people(cid)}
    return store.get_client(cid), people


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- schema -----------------------------------------------------------------------------------


def test_upgrade_from_the_autosave_only_schema_keeps_drafts(tmp_path, monkeypatch):
    path = tmp_path / "letterwriter.db"
    with monkeypatch.context() as m:  # the v1 code path: only the first migration exists
        m.setattr(storage, "MIGRATIONS", storage.MIGRATIONS[:1])
        m.setattr(storage, "SCHEMA_VERSION", 1)
        v1 = Store(path)
        assert v1.version == 1
        sid = v1.open_session(123, 1.0, "host")
        v1.put_draft(
            DraftRecord(
                id="d1", template="birthday", content='{"x": 1}', letter_text="Dear Mum", session_id=sid
            )
        )
        v1.close()
    tables = {r[0] for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master")}
    assert "clients" not in tables and "drafts" in tables

    s = Store(path)
    assert s.version == storage.SCHEMA_VERSION == 2
    d = s.get_draft("d1")
    assert d is not None and d.letter_text == "Dear Mum" and d.session_id == sid
    cid = archive.add_client(s, ADA)
    assert [c.id for c in s.list_clients()] == [cid]
    assert s.db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert s.integrity_ok()
    s.close()
    assert Store(path).version == 2  # opening again migrates nothing


def test_foreign_keys_hold(store, ada):
    _client, people = ada
    bad = storage.LetterRecord(
        id="", client_id="no-such-client", person_id=None, template="birthday", rendered_text="x"
    )
    with pytest.raises(StoreError):
        store.save_letter(bad)
    with pytest.raises(StoreError):
        store.save_letter(
            storage.LetterRecord(
                id="",
                client_id=people["Nora"].client_id,
                person_id=None,
                template="t",
                rendered_text="",
                status="sent",
            )
        )
    assert store.counts()["letters"] == 0


def test_newer_database_is_left_untouched_and_opened_read_only(tmp_path):
    path = tmp_path / "letterwriter.db"
    s = Store(path)
    archive.add_client(s, ADA)
    s.db.execute("PRAGMA journal_mode = DELETE")  # a rollback-journal file: WAL switch would rewrite it
    s.db.execute("PRAGMA user_version = 7")
    s.close()
    before = sha(path)
    with pytest.raises(StoreError) as err:
        Store(path)
    assert err.value.kind == "newer" and "newer Letterwriter" in str(err.value)
    opened = archive.open_archive(path)
    assert opened.mode == "readonly" and "read-only" in opened.message
    assert [c.name for c in opened.store.list_clients()] == ["Ada Byrne"]
    with pytest.raises(StoreError):
        archive.add_client(opened.store, {"name": "Someone"})
    opened.store.close()
    assert sha(path) == before


def test_damaged_file_is_kept_and_a_fresh_database_used(tmp_path):
    path = tmp_path / "letterwriter.db"
    path.write_bytes(b"this is not a database at all\n" * 200)
    before = sha(path)
    with pytest.raises(StoreError) as err:
        Store(path)
    assert err.value.kind == "corrupt" and "damaged" in str(err.value)
    opened = archive.open_archive(path)
    assert opened.mode == "fresh"
    assert str(archive.fresh_path(path)) in opened.message and "damaged" in opened.message
    archive.add_client(opened.store, ADA)  # the program works on
    opened.store.close()
    assert sha(path) == before
    again = archive.open_archive(path)  # the next start finds the same fresh database
    assert again.mode == "fresh" and [c.name for c in again.store.list_clients()] == ["Ada Byrne"]


def test_damage_inside_a_database_is_a_store_error_not_a_crash(tmp_path):
    path = tmp_path / "letterwriter.db"
    s = Store(path)
    cid = archive.add_client(s, ADA)
    person = s.people(cid)[0]
    info = library().get("anniversary")
    for i in range(60):
        archive.save_letter(s, person, info, {"memories": [f"memory {i}"]}, f"letter {i} " + "words " * 300)
    s.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    s.close()
    data = bytearray(path.read_bytes())
    data[8192:40960] = b"\xa5" * (40960 - 8192)  # scribble over pages after the header
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError) as err:
        s2 = Store(path)
        s2.list_letters(search="memory")
        s2.list_clients()
        s2.people(cid)
        assert s2.integrity_ok()
    assert err.value.kind in ("corrupt", "other")


def test_a_writer_locked_out_too_long_gets_a_clear_error(tmp_path):
    path = tmp_path / "letterwriter.db"
    Store(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        s = Store(path, busy_timeout_ms=200)
        assert s.list_clients() == []  # WAL: reading goes on while another program writes
        with pytest.raises(StoreError) as err:
            archive.add_client(s, ADA)
        assert err.value.kind == "locked" and "locked by another program for more than 0.2 s" in str(
            err.value
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert archive.add_client(s, ADA)


def test_an_old_database_locked_while_it_needs_upgrading_is_left_alone(tmp_path, monkeypatch):
    path = tmp_path / "letterwriter.db"
    with monkeypatch.context() as m:
        m.setattr(storage, "MIGRATIONS", storage.MIGRATIONS[:1])
        m.setattr(storage, "SCHEMA_VERSION", 1)
        v1 = Store(path)
        v1.put_draft(DraftRecord(id="d1", template="birthday", content="{}"))
        v1.close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        opened = archive.open_archive(path, busy_timeout_ms=200)
        assert opened.mode == "fresh" and "locked" in opened.message
        assert str(archive.fresh_path(path)) in opened.message
        opened.store.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    s = Store(path)  # once the lock is gone, the upgrade happens and nothing was lost
    assert s.version == 2 and s.get_draft("d1") is not None


# --- CLIENT.json ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, words",
    [
        ([], "JSON object"),
        ({"notes": "x"}, "name: is required"),
        ({"name": "A", "people": [{"full_name": "B"}]}, "people[0].name"),
        ({"name": "A", "people": [{"name": "B", "pronouns": "it"}]}, "pronouns"),
        ({"name": "A", "people": [{"name": "B", "dates": {"birthday": "03/12/1948"}}]}, "YYYY-MM-DD"),
        ({"name": "A", "people": [{"name": "B", "memorys": ["x"]}]}, "unknown key 'memorys'"),
        ({"name": "A", "people": [{"name": "B", "memories": "one"}]}, "list of text"),
    ],
)
def test_bad_client_json_says_what_is_wrong(store, data, words):
    with pytest.raises(ArchiveError) as err:
        archive.add_client(store, data)
    assert words in str(err.value)
    assert store.counts()["clients"] == 0


def test_client_file_round_trip(store, ada):
    client, people = ada
    t = people["Tobias"]
    assert (t.full_name, t.relationship, t.pronouns, t.pet_name, t.places) == (
        "Tobias Byrne",
        "spouse",
        "he/him",
        "Toby",
        ["Galway"],
    )
    assert t.dates == {"anniversary": "1974-06-01", "birthday": "1948-12-03"}
    assert [m.text for m in t.memories] == ADA["people"][0]["memories"]
    assert archive.hand_seed(client.id) == archive.hand_seed(client.id) != archive.hand_seed("other")


def test_names_resolve_or_say_why(store, ada):
    client, people = ada
    assert archive.resolve_client(store, "ada byrne").id == client.id
    assert archive.resolve_client(store, client.id[:6]).id == client.id
    with pytest.raises(ArchiveError, match="no client"):  # too short to be taken for an id
        archive.resolve_client(store, client.id[:3])
    assert archive.resolve_person(store, "toby").id == people["Tobias"].id  # the pet name
    assert archive.resolve_person(store, "Tobias Byrne").id == people["Tobias"].id
    with pytest.raises(ArchiveError, match="no client 'Bea'"):
        archive.resolve_client(store, "Bea")
    archive.add_client(store, {"name": "Ada Byrne", "people": [{"name": "Tobias"}]})
    with pytest.raises(ArchiveError, match="ambiguous"):
        archive.resolve_client(store, "Ada Byrne")
    with pytest.raises(ArchiveError, match="person 'tobias' is ambiguous: 2 match"):
        archive.resolve_person(store, "tobias")
    assert archive.resolve_person(store, "tobias", client.id).id == people["Tobias"].id


# --- continuity ------------------------------------------------------------------------------


def test_brief_from_the_file_counts_the_years_itself(store, ada):
    client, people = ada
    lib = library()
    info = lib.get("anniversary")
    brief = archive.brief_for(people["Tobias"], info)
    assert brief == {
        "recipient_name": "Tobias",
        "recipient_full_name": "Tobias Byrne",
        "pet_name": "Toby",
        "relationship": "spouse",
        "recipient_pronouns": "he/him",
        "married_on": "1974-06-01",
    }
    this_year = lib.render(info, {**brief, "sender_name": "Ada", "letter_date": "2027-06-01"}).text
    next_year = lib.render(info, {**brief, "sender_name": "Ada", "letter_date": "2028-06-01"}).text
    assert "fifty-third" in this_year and "fifty-fourth" not in this_year
    assert "fifty-fourth" in next_year

    bday = lib.get("birthday")
    b = archive.brief_for(people["Tobias"], bday)
    assert b["birth_date"] == "1948-12-03" and "places" not in b
    # variation 2 says the age; it comes from the stored birth date and the letter's date
    text = lib.render(bday, {**b, "sender_name": "Ada", "letter_date": "2026-12-03"}, variation=2).text
    later = lib.render(bday, {**b, "sender_name": "Ada", "letter_date": "2027-12-03"}, variation=2).text
    assert "seventy-eighth" in text and "seventy-ninth" in later
    # a grandchild cannot be the relationship of an anniversary letter: the template's default stays
    assert "relationship" not in archive.brief_for(people["Nora"], info)
    love = archive.brief_for(
        people["Tobias"], lib.get("love_letter"), memories=[people["Tobias"].memories[1].text]
    )
    assert love["places"] == ["Galway"] and love["memories"] == [people["Tobias"].memories[1].text]


def _save(store, person, template, brief, **kw):
    lib = library()
    info = lib.get(template)
    full = {"sender_name": "Ada", **archive.brief_for(person, info), **brief}
    letter = lib.render(info, full)
    reuse = archive.find_reuse(store, store.get_person(person.id), info, full, letter.text)
    rec = archive.save_letter(store, store.get_person(person.id), info, full, letter.text, **kw)
    return rec, reuse


def test_a_memory_told_before_is_noticed_with_the_letter_and_date(store, ada):
    _client, people = ada
    tobias = people["Tobias"]
    rain = tobias.memories[0].text
    first, reuse = _save(store, tobias, "anniversary", {"memories": [rain], "letter_date": "2025-06-01"})
    assert reuse == []
    second, reuse = _save(store, tobias, "anniversary", {"memories": [tobias.memories[1].text]})
    assert reuse == []  # another memory: nothing to say
    third, reuse = _save(store, tobias, "love_letter", {"memories": [rain.upper()]})
    assert [(r.kind, r.text, r.letter_id, r.letter_date) for r in reuse] == [
        ("memory", rain, first.id, "2025-06-01")
    ]
    assert f"(id {first.id})" in reuse[0].note("Tobias") and "2025-06-01" in reuse[0].note("Tobias")
    linked = {m.text: m.letters for m in store.get_person(tobias.id).memories}
    assert linked[rain] == [first.id, third.id]
    # another person's letters are not this person's memories
    _n, reuse = _save(store, people["Nora"], "birthday", {"memory": rain})
    assert reuse == []


def test_a_new_memory_joins_the_file_and_is_then_remembered(store, ada):
    _client, people = ada
    nora = people["Nora"]
    story = "the day you taught the neighbour's dog to sit"
    first, reuse = _save(store, nora, "birthday", {"memory": story})
    assert reuse == []
    mems = store.get_person(nora.id).memories
    assert [(m.text, m.letters) for m in mems] == [(story, [first.id])]
    _second, reuse = _save(store, nora, "to_child", {"memory": story})
    assert [(r.kind, r.letter_id) for r in reuse] == [("memory", first.id)]


def test_a_distinctive_sentence_of_the_writer_is_noticed_but_stock_wording_is_not(store, ada):
    _client, people = ada
    tobias = people["Tobias"]
    info = library().get("anniversary")
    brief = {"sender_name": "Ada", **archive.brief_for(tobias, info)}
    letter = library().render(info, brief)
    own = "I still keep the ticket from the ferry to Inis Mór in my purse."
    closing = letter.paragraphs[-1]
    edited = letter.text.replace(f"\n\n{closing}", f"\n\n{own}\n\n{closing}")
    first = archive.save_letter(store, tobias, info, brief, letter.text, edited_text=edited)
    # the same template and brief again: the template's own sentences repeat by design
    assert archive.find_reuse(store, tobias, info, brief, letter.text) == []
    reuse = archive.find_reuse(store, tobias, info, brief, edited, rendered_text=letter.text)
    assert [(r.kind, r.text, r.letter_id) for r in reuse] == [("sentence", own, first.id)]
    # short common phrases of one's own do not count
    assert archive.find_reuse(store, tobias, info, {**brief, "then": "very little"}, letter.text) == []


# --- search ----------------------------------------------------------------------------------


def test_search_by_text_client_recipient_occasion_and_date(store, ada):
    client, people = ada
    bea = archive.add_client(store, {"name": "Beatrice Quill", "people": [{"name": "Otto"}]})
    otto = store.people(bea)[0]
    a, _ = _save(
        store,
        people["Tobias"],
        "anniversary",
        {"memories": ["the lighthouse at Mizen Head"], "letter_date": "2025-06-01"},
    )
    b, _ = _save(
        store, people["Nora"], "birthday", {"memory": "the pancake tower", "letter_date": "2025-12-10"}
    )
    c, _ = _save(
        store, otto, "thank_you", {"what_they_did": "fixed the lighthouse lamp", "letter_date": "2026-03-02"}
    )

    def ids(**kw):
        return [lt.id for lt in store.list_letters(**kw)]

    assert ids(search="lighthouse") == [c.id, a.id]  # newest first
    assert ids(search="lighthou mizen") == [a.id]  # words as prefixes, all of them
    assert ids(search="Quill") == [c.id]  # the client
    assert ids(search="nora") == [b.id]  # the recipient
    assert ids(search="birthday") == [b.id]  # the occasion
    assert ids(search="2025") == [b.id, a.id] and ids(search="2025-12") == [b.id]  # the date
    assert ids(search="lighthouse 2026-03") == [c.id]
    assert ids(client_id=client.id) == [b.id, a.id]
    assert ids(person_id=otto.id, search="lamp") == [c.id]
    assert ids(search='"; DROP TABLE letters; --') == []  # punctuation is not query syntax
    assert ids(date_from="2025-07-01", date_to="2025-12-31") == [b.id]


# --- upcoming ---------------------------------------------------------------------------------


def test_upcoming_soonest_first_with_days_left_and_years(store, ada):
    today = dt.date(2026, 11, 25)
    items = archive.upcoming(store, 30, today)
    assert [(u.person, u.kind, u.next_date, u.days_left, u.years) for u in items] == [
        ("Tobias", "birthday", "2026-12-03", 8, 78)
    ]
    year = archive.upcoming(store, 366, today)
    assert [u.days_left for u in year] == sorted(u.days_left for u in year)
    # a leap-day birthday comes round on the 28th in other years
    nora = next(u for u in year if u.person == "Nora")
    assert (nora.next_date, nora.years, nora.client) == ("2027-02-28", 11, "Ada Byrne")
    assert archive.upcoming(store, 0, dt.date(2026, 12, 3))[0].days_left == 0  # today counts
    assert archive.upcoming(store, 5, dt.date(2026, 12, 4)) == []
    assert archive.upcoming(store, 200, today)[-1].template == "anniversary"
    with pytest.raises(ArchiveError):
        archive.upcoming(store, -1, today)


# --- export / import ---------------------------------------------------------------------------


def test_export_import_into_a_fresh_home_loses_nothing(store, ada, tmp_path):
    client, people = ada
    odd = 'Line one\r\nline two\twith a tab  \n\n\u00a0é 😀 \u200b"quoted" \\ back\x00slash\n\n\n'
    info = library().get("birthday")
    first = archive.save_letter(
        store, people["Nora"], info, {"memory": "the pancake tower"}, "Rendered\n", edited_text=odd
    )
    _save(
        store,
        people["Tobias"],
        "anniversary",
        {"memories": [people["Tobias"].memories[0].text]},
        status="exported",
        export_path="/x/y.pdf",
    )
    out = tmp_path / "archive.json"
    counts = archive.export_archive(store, out)
    assert counts["letters"] == 2 and counts["clients"] == 1 and counts["letter_memories"] == 2

    other = Store(tmp_path / "other" / "letterwriter.db")
    assert archive.import_archive(other, out) == counts
    assert other.dump() == store.dump()
    assert other.get_letter(first.id).text == odd  # byte for byte
    assert other.get_letter(first.id).text.encode() == odd.encode()
    assert [lt.id for lt in other.list_letters(search="quoted slash")] == [first.id]  # and searchable
    archive.import_archive(other, out)  # importing twice changes nothing
    assert other.dump() == store.dump()
    assert other.integrity_ok() and other.db.execute("PRAGMA foreign_key_check").fetchall() == []


@pytest.mark.parametrize(
    "content, words",
    [
        ("{not json", "invalid JSON at line 1"),
        ("[]", "not a Letterwriter archive"),
        (json.dumps({"format": "letterwriter-archive", "version": 99, "tables": {}}), "newer"),
        (
            json.dumps({"format": "letterwriter-archive", "version": 1, "tables": {"clients": [1]}}),
            "list of rows",
        ),
        (
            json.dumps(
                {
                    "format": "letterwriter-archive",
                    "version": 1,
                    "tables": {"people": [{"id": "p", "client_id": "none", "name": "X"}]},
                }
            ),
            "cannot import",
        ),
    ],
)
def test_bad_archive_files_are_refused_whole(store, tmp_path, content, words):
    f = tmp_path / "bad.json"
    f.write_text(content)
    with pytest.raises(ArchiveError) as err:
        archive.import_archive(store, f)
    assert words in str(err.value)
    assert store.counts() == {k: 0 for k in store.counts()}


def test_doctor_reports_the_database(isolated_home):
    info = archive.doctor_info()["database"]
    assert info["path"] == str(isolated_home / "letterwriter.db")
    assert info["schema_version"] == 2 and info["counts"]["clients"] == 0 and info["status"] == "ok"


def test_archive_and_storage_import_no_qt():
    import subprocess
    import sys

    code = (
        "import sys, letterwriter.archive, letterwriter.storage\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'sqlite3')) "
        "and not m.startswith('sqlite3')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_nothing_above_storage_speaks_sql():
    from pathlib import Path

    pkg = Path(archive.__file__).parent
    for path in [pkg / "archive.py", pkg / "cli.py", pkg / "gui" / "clients.py"]:
        text = path.read_text(encoding="utf-8")
        assert "sqlite3" not in text and "SELECT " not in text and "PRAGMA" not in text, path


def test_saving_the_same_letter_as_it_is_typed_files_only_the_memory_it_ends_with(store, ada):
    _client, people = ada
    nora = people["Nora"]
    info = library().get("birthday")
    letter_id = ""
    for typed in ("the p", "the pancake", "the pancake tower"):  # the window saving as the writer types
        brief = {"sender_name": "Ada", "recipient_name": "Nora", "memory": typed}
        rec = archive.save_letter(
            store, store.get_person(nora.id), info, brief, f"... {typed} ...", letter_id=letter_id
        )
        letter_id = rec.id
    assert [(m.text, m.letters) for m in store.get_person(nora.id).memories] == [
        ("the pancake tower", [letter_id])
    ]
    # told again in another letter, it stays even when the first letter stops telling it
    other = archive.save_letter(store, store.get_person(nora.id), info, {"memory": "the pancake tower"}, "x")
    archive.save_letter(
        store, store.get_person(nora.id), info, {"memory": "a kite"}, "y", letter_id=letter_id
    )
    mems = {m.text: m.letters for m in store.get_person(nora.id).memories}
    assert mems == {"the pancake tower": [other.id], "a kite": [letter_id]}
    # memories from the client's file are never dropped this way
    tobias = people["Tobias"]
    rain = tobias.memories[0].text
    rec = archive.save_letter(store, tobias, info, {"memory": rain}, "z")
    archive.save_letter(store, store.get_person(tobias.id), info, {"memory": ""}, "z", letter_id=rec.id)
    assert rain in [m.text for m in store.get_person(tobias.id).memories]


def test_start_from_a_copy(store, ada):
    _client, people = ada
    info = library().get("birthday")
    brief = {
        "sender_name": "Ada",
        "recipient_name": "Nora",
        "memory": "the kite",
        "letter_date": "2025-02-28",
    }
    rec = archive.save_letter(
        store, people["Nora"], info, brief, "text", edited_text="edited", options={"variation": 3}
    )
    template, copy, options = archive.copy_of(store.get_letter(rec.id))
    assert (template, options) == ("birthday", {"variation": 3})
    assert copy == {"sender_name": "Ada", "recipient_name": "Nora", "memory": "the kite"}


def test_search_ignores_accents_and_case(store):
    cid = archive.add_client(store, {"name": "Zoë Ångström", "people": [{"name": "Søren"}]})
    soren = store.people(cid)[0]
    rec = archive.save_letter(store, soren, library().get("thank_you"), {}, "Merci pour le café à Malmö.\n")
    for words in ("zoe", "ANGSTROM", "SØREN", "cafe malmo", "Café"):
        assert [lt.id for lt in store.list_letters(search=words)] == [rec.id], words


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_any_letter_text_survives_export_and_import(tmp_path_factory, text):
    home = tmp_path_factory.mktemp("roundtrip")
    a = Store(home / "a.db")
    cid = archive.add_client(a, {"name": "A", "people": [{"name": "B"}]})
    person = a.people(cid)[0]
    rec = archive.save_letter(
        a, person, library().get("birthday"), {"message": text}, text, edited_text=text + "!"
    )
    archive.export_archive(a, home / "x.json")
    b = Store(home / "b.db")
    archive.import_archive(b, home / "x.json")
    got = b.get_letter(rec.id)
    assert got.rendered_text == text and got.edited_text == text + "!" and got.brief["message"] == text
    a.close()
    b.close()


def test_the_window_files_its_draft_and_opens_it_again(store, ada):
    from types import SimpleNamespace

    _client, people = ada
    lib = library()
    info = lib.get("birthday")
    values = {
        "sender_name": "Ada",
        "recipient_name": "Nora",
        "memory": "the kite",
        "letter_date": dt.date(2026, 12, 10),
    }

    def draft(vals, edited=None):  # what the desk's Draft offers, attribute for attribute
        rendering = SimpleNamespace(
            letter=lib.render(info, vals, variation=2) if vals.get("recipient_name") else None
        )
        return SimpleNamespace(
            info=info,
            values=vals,
            variation=2,
            language="en-GB",
            options={"ink": "sepia", "paper": None},
            edited_text=edited,
            rendering=lambda: rendering,
        )

    assert archive.save_draft(store, people["Nora"], draft({**values, "recipient_name": ""})) is None
    first = archive.save_draft(store, people["Nora"], draft(values))
    again = archive.save_draft(
        store, people["Nora"], draft(values, edited="My own words.\n"), letter_id=first.id
    )
    assert again.id == first.id and store.counts()["letters"] == 1
    stored = store.get_letter(first.id)
    assert stored.text == "My own words.\n" and stored.brief["letter_date"] == "2026-12-10"
    assert stored.options["ink"] == "sepia" and stored.options["seed"] == archive.hand_seed(
        people["Nora"].client_id
    )
    kw = archive.draft_kwargs(stored)
    assert (kw["template"], kw["variation"], kw["language"], kw["edited_text"]) == (
        "birthday",
        2,
        "en-GB",
        "My own words.\n",
    )
    assert kw["options"]["ink"] == "sepia" and kw["values"]["memory"] == "the kite"
    copy = archive.draft_kwargs(stored, copy=True)
    assert copy["edited_text"] is None and "letter_date" not in copy["values"]
    assert lib.render(info, kw["values"], variation=kw["variation"]).text == stored.rendered_text
