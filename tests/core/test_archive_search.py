"""One search rule for clients and letters: every word as a prefix, in any order, ignoring case and
accents; a date-shaped word matches a date. Clients are searched over their name, people, places,
memories and notes; letters over their text, client, recipient and occasion.
"""

from __future__ import annotations

import sqlite3

import pytest

from letterwriter.archive.clients import add_client
from letterwriter.archive.letters import save_letter
from letterwriter.archive.store import ArchiveStore
from letterwriter.storage import schema
from letterwriter.storage.local import open_database
from letterwriter.templates import library

pytestmark = pytest.mark.core

ADA = {
    "name": "Ada Byrne",
    "notes": "writes every June; likes the formal closing",
    "people": [
        {
            "name": "Tobias",
            "full_name": "Tobias Byrne",
            "pet_name": "Toby",
            "places": ["Galway", "the cottage at Spiddal"],
            "dates": {"anniversary": "1974-06-01", "birthday": "1948-12-03"},
            "memories": ["the rain that started just as we came out of the church"],
        }
    ],
}
ZOE = {"name": "Zoë Ångström", "people": [{"name": "Søren", "places": ["Malmö"]}]}


@pytest.fixture
def store(archive_at):
    s = ArchiveStore.open(archive_at)  # a local file, then a PostgreSQL database
    add_client(s, ADA)
    add_client(s, ZOE)
    add_client(
        s, {"name": "Cormac Doyle", "people": [{"name": "Nuala", "dates": {"birthday": "1990-03-02"}}]}
    )
    yield s
    s.close()


def clients(store, search: str) -> list[str]:
    return [c.name for c in store.list_clients(search)]


@pytest.mark.parametrize(
    "search, found",
    [
        ("ada", ["Ada Byrne"]),
        ("byr", ["Ada Byrne"]),  # a prefix
        ("yrne", []),  # the middle of a word is not a word
        ("toby", ["Ada Byrne"]),  # a person's pet name
        ("galway", ["Ada Byrne"]),  # a place
        ("spiddal cottage", ["Ada Byrne"]),  # every word, any order
        ("church rain", ["Ada Byrne"]),  # a memory
        ("formal", ["Ada Byrne"]),  # the notes
        ("ada malmo", []),  # every word must match
        ("zoe angstrom", ["Zoë Ångström"]),  # accents and case ignored
        ("SØREN", ["Zoë Ångström"]),
        ("1948", ["Ada Byrne"]),  # a date-shaped word matches a date
        ("1990-03", ["Cormac Doyle"]),
        ("1974-06-01 tobias", ["Ada Byrne"]),
        ("2001", []),
        ('"; DROP TABLE clients; --', []),  # punctuation is not query syntax
        ("", ["Ada Byrne", "Cormac Doyle", "Zoë Ångström"]),
    ],
)
def test_clients_search_words_as_prefixes(store, search, found):
    assert clients(store, search) == found


def test_letters_follow_the_same_rule(store):
    ada = store.list_clients("ada")[0]
    tobias = store.people(ada.id)[0]
    info = library().get("birthday")
    brief = {"sender_name": "Ada", "recipient_name": "Tobias", "letter_date": "2025-12-03"}
    letter = save_letter(store, tobias, info, brief, "Happy birthday, my lighthouse keeper.\n")

    def letters(search):
        return [x.id for x in store.list_letters(search=search)]

    for search in ("lighthou", "LIGHTHOUSE keeper", "byrne", "2025-12", "birthday tobias"):
        assert letters(search) == [letter.id], search
    for search in ("ighthouse", "lighthouse galway", "2024", "«»"):
        assert letters(search) == [], search


def test_the_index_follows_every_change(store):
    ada = store.list_clients("ada")[0]
    tobias = store.people(ada.id)[0]
    assert clients(store, "kite") == []
    store.add_memory(tobias.id, "the kite on the dunes at Inch")
    assert clients(store, "kite inch") == ["Ada Byrne"]
    info = library().get("birthday")
    brief = {"sender_name": "Ada", "recipient_name": "Tobias", "memory": "the ferry to Inis Mór"}
    save_letter(store, store.get_person(tobias.id), info, brief, "A letter.\n")  # a memory told first here
    assert clients(store, "inis mor") == ["Ada Byrne"]


def test_an_archive_from_before_the_client_index_is_searchable_after_the_upgrade(tmp_path, monkeypatch):
    path = tmp_path / "letterwriter.db"
    with monkeypatch.context() as m:  # the version before the client index, its rows as it wrote them
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:2])
        old = open_database(path)
        stamp = "2026-01-01T00:00:00+00:00"
        old.execute("INSERT INTO clients VALUES ('c1', 'Ada Byrne', 'formal', ?, ?)", (stamp, stamp))
        old.execute(
            "INSERT INTO people (id, client_id, name, pet_name, places) VALUES ('p1', 'c1', ?, 'Toby', ?)",
            ("Tobias", '["Galway"]'),
        )
        old.execute(
            "INSERT INTO memories (id, person_id, text, created) VALUES ('m1', 'p1', 'the rain', ?)", (stamp,)
        )
        old.close()
    tables = {r[0] for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master")}
    assert "clients_fts" not in tables
    db = open_database(path)
    assert db.version == schema.VERSION
    upgraded = ArchiveStore(db)
    assert clients(upgraded, "galway toby rain formal") == ["Ada Byrne"]
    add_client(upgraded, ZOE)  # new clients are numbered after the old ones
    assert clients(upgraded, "malmo") == ["Zoë Ångström"] and clients(upgraded, "ada") == ["Ada Byrne"]
