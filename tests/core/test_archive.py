"""The client archive: schema upgrade, bad databases, continuity, search, upcoming dates, export/import."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sqlite3

import pytest

from letterwriter import archive
from letterwriter.archive.briefs import brief_for
from letterwriter.archive.clientfile import hand_seed
from letterwriter.archive.clients import add_client
from letterwriter.archive.dates import upcoming
from letterwriter.archive.letters import draft_kwargs, save_draft, save_letter
from letterwriter.archive.opening import doctor_info, open_archive
from letterwriter.archive.records import ArchiveError, LetterRecord
from letterwriter.archive.resolve import resolve_client, resolve_person
from letterwriter.archive.reuse import find_reuse
from letterwriter.archive.store import ArchiveStore
from letterwriter.archive.transfer import export_archive, import_archive
from letterwriter.paths import fresh_database
from letterwriter.storage import schema
from letterwriter.storage.drafts import DraftRecord, DraftStore
from letterwriter.storage.local import open_database
from letterwriter.storage.sqlite import StoreError
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
def store(archive_at):
    s = ArchiveStore.open(archive_at)  # a local file, then a PostgreSQL database
    yield s
    s.close()


@pytest.fixture
def ada(store):
    cid = add_client(store, ADA)
    people = {p.name: p for p in store.people(cid)}
    return store.get_client(cid), people


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- schema -----------------------------------------------------------------------------------


def test_upgrade_from_the_autosave_only_schema_keeps_drafts(tmp_path, monkeypatch):
    path = tmp_path / "letterwriter.db"
    with monkeypatch.context() as m:  # the v1 code path: only the first migration exists
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
        v1 = DraftStore.open(path)
        assert v1.db.version == 1
        sid = v1.open_session(123, 1.0, "host")
        v1.put_draft(
            DraftRecord(
                id="d1", template="birthday", content='{"x": 1}', letter_text="Dear Mum", session_id=sid
            )
        )
        v1.close()
    tables = {r[0] for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master")}
    assert "clients" not in tables and "drafts" in tables

    db = open_database(path)
    s = ArchiveStore(db)
    assert db.version == schema.VERSION == 7
    d = DraftStore(db).get_draft("d1")
    assert d is not None and d.letter_text == "Dear Mum" and d.session_id == sid
    cid = add_client(s, ADA)
    assert [c.id for c in s.list_clients()] == [cid]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.integrity_ok()
    s.close()
    assert open_database(path).version == schema.VERSION  # opening again migrates nothing


def test_foreign_keys_hold(store, ada):
    _client, people = ada
    bad = LetterRecord(
        id="", client_id="no-such-client", person_id=None, template="birthday", rendered_text="x"
    )
    with pytest.raises(StoreError):
        store.save_letter(bad)
    with pytest.raises(StoreError):
        store.save_letter(
            LetterRecord(
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
    s = ArchiveStore.open(path)
    add_client(s, ADA)
    s.db.execute("PRAGMA journal_mode = DELETE")  # a rollback-journal file: WAL switch would rewrite it
    s.db.execute(f"PRAGMA user_version = {schema.VERSION + 1}")
    s.close()
    before = sha(path)
    with pytest.raises(StoreError) as err:
        open_database(path)
    assert err.value.kind == "newer" and "newer Letterwriter" in str(err.value)
    opened = open_archive(path)
    assert opened.mode == "readonly" and "read-only" in opened.message
    assert [c.name for c in opened.store.list_clients()] == ["Ada Byrne"]
    with pytest.raises(StoreError):
        add_client(opened.store, {"name": "Someone"})
    opened.store.close()
    assert sha(path) == before


def test_damaged_file_is_kept_and_a_fresh_database_used(tmp_path):
    path = tmp_path / "letterwriter.db"
    path.write_bytes(b"this is not a database at all\n" * 200)
    before = sha(path)
    with pytest.raises(StoreError) as err:
        open_database(path)
    assert err.value.kind == "corrupt" and "damaged" in str(err.value)
    opened = open_archive(path)
    assert opened.mode == "fresh"
    assert str(fresh_database(path)) in opened.message and "damaged" in opened.message
    add_client(opened.store, ADA)  # the program works on
    opened.store.close()
    assert sha(path) == before
    again = open_archive(path)  # the next start finds the same fresh database
    assert again.mode == "fresh" and [c.name for c in again.store.list_clients()] == ["Ada Byrne"]


def test_damage_inside_a_database_is_a_store_error_not_a_crash(tmp_path):
    path = tmp_path / "letterwriter.db"
    s = ArchiveStore.open(path)
    cid = add_client(s, ADA)
    person = s.people(cid)[0]
    info = library().get("anniversary")
    for i in range(60):
        save_letter(s, person, info, {"memories": [f"memory {i}"]}, f"letter {i} " + "words " * 300)
    s.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    s.close()
    data = bytearray(path.read_bytes())
    data[8192:40960] = b"\xa5" * (40960 - 8192)  # scribble over pages after the header
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError) as err:
        s2 = ArchiveStore.open(path)
        s2.list_letters(search="memory")
        s2.list_clients()
        s2.people(cid)
        assert s2.db.integrity_ok()
    assert err.value.kind in ("corrupt", "other")


def test_a_writer_locked_out_too_long_gets_a_clear_error(tmp_path):
    path = tmp_path / "letterwriter.db"
    open_database(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        s = ArchiveStore.open(path, busy_timeout_ms=200)
        assert s.list_clients() == []  # WAL: reading goes on while another program writes
        with pytest.raises(StoreError) as err:
            add_client(s, ADA)
        assert err.value.kind == "locked" and "locked by another program for more than 0.2 s" in str(
            err.value
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert add_client(s, ADA)


def test_an_old_database_locked_while_it_needs_upgrading_is_left_alone(tmp_path, monkeypatch):
    path = tmp_path / "letterwriter.db"
    with monkeypatch.context() as m:
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
        v1 = DraftStore.open(path)
        v1.put_draft(DraftRecord(id="d1", template="birthday", content="{}"))
        v1.close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        opened = open_archive(path, busy_timeout_ms=200)
        assert opened.mode == "fresh" and "locked" in opened.message
        assert str(fresh_database(path)) in opened.message
        opened.store.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    s = DraftStore.open(path)  # once the lock is gone, the upgrade happens and nothing was lost
    assert s.db.version == schema.VERSION and s.get_draft("d1") is not None


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
        ({"name": "A", "people": [{"name": "B", "memories": "one"}]}, "list of memories"),
    ],
)
def test_bad_client_json_says_what_is_wrong(store, data, words):
    with pytest.raises(ArchiveError) as err:
        add_client(store, data)
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
    assert hand_seed(client.id) == hand_seed(client.id) != hand_seed("other")


def test_names_resolve_or_say_why(store, ada):
    client, people = ada
    assert resolve_client(store, "ada byrne").id == client.id
    assert resolve_client(store, client.id[:6]).id == client.id
    with pytest.raises(ArchiveError, match="no client"):  # too short to be taken for an id
        resolve_client(store, client.id[:3])
    assert resolve_person(store, "toby").id == people["Tobias"].id  # the pet name
    assert resolve_person(store, "Tobias Byrne").id == people["Tobias"].id
    with pytest.raises(ArchiveError, match="no client 'Bea'"):
        resolve_client(store, "Bea")
    add_client(store, {"name": "Ada Byrne", "people": [{"name": "Tobias"}]})
    with pytest.raises(ArchiveError, match="ambiguous"):
        resolve_client(store, "Ada Byrne")
    with pytest.raises(ArchiveError, match="person 'tobias' is ambiguous: 2 match"):
        resolve_person(store, "tobias")
    assert resolve_person(store, "tobias", client.id).id == people["Tobias"].id


# --- continuity ------------------------------------------------------------------------------


def test_brief_from_the_file_counts_the_years_itself(store, ada):
    client, people = ada
    lib = library()
    info = lib.get("anniversary")
    brief = brief_for(people["Tobias"], info)
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
    b = brief_for(people["Tobias"], bday)
    assert b["birth_date"] == "1948-12-03" and "places" not in b
    # variation 2 says the age; it comes from the stored birth date and the letter's date
    text = lib.render(bday, {**b, "sender_name": "Ada", "letter_date": "2026-12-03"}, variation=2).text
    later = lib.render(bday, {**b, "sender_name": "Ada", "letter_date": "2027-12-03"}, variation=2).text
    assert re.search(r"(?i)seventy-eighth?\b", text) and re.search(r"(?i)seventy-nin(e|th)\b", later)
    # a grandchild cannot be the relationship of an anniversary letter: the template's default stays
    assert "relationship" not in brief_for(people["Nora"], info)
    love = brief_for(people["Tobias"], lib.get("love_letter"), memories=[people["Tobias"].memories[1].text])
    assert love["places"] == ["Galway"] and love["memories"] == [people["Tobias"].memories[1].text]


def _save(store, person, template, brief, **kw):
    lib = library()
    info = lib.get(template)
    full = {"sender_name": "Ada", **brief_for(person, info), **brief}
    letter = lib.render(info, full)
    reuse = find_reuse(store, store.get_person(person.id), info, full, letter.text)
    rec = save_letter(store, store.get_person(person.id), info, full, letter.text, **kw)
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
    brief = {"sender_name": "Ada", **brief_for(tobias, info)}
    letter = library().render(info, brief)
    own = "I still keep the ticket from the ferry to Inis Mór in my purse."
    paragraphs = letter.text.split("\n\n")  # the writer's own line just before the closing
    edited = "\n\n".join([*paragraphs[:-1], own, paragraphs[-1]])
    assert own in edited
    first = save_letter(store, tobias, info, brief, letter.text, edited_text=edited)
    # the same template and brief again: the template's own sentences repeat by design
    assert find_reuse(store, tobias, info, brief, letter.text) == []
    reuse = find_reuse(store, tobias, info, brief, edited, rendered_text=letter.text)
    assert [(r.kind, r.text, r.letter_id) for r in reuse] == [("sentence", own, first.id)]
    # short common phrases of one's own do not count
    assert find_reuse(store, tobias, info, {**brief, "then": "very little"}, letter.text) == []


# --- search ----------------------------------------------------------------------------------


def test_search_by_text_client_recipient_occasion_and_date(store, ada):
    client, people = ada
    bea = add_client(store, {"name": "Beatrice Quill", "people": [{"name": "Otto"}]})
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
        return [letter.id for letter in store.list_letters(**kw)]

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
    items = upcoming(store, 30, today)
    assert [(u.person, u.kind, u.next_date, u.days_left, u.years) for u in items] == [
        ("Tobias", "birthday", "2026-12-03", 8, 78)
    ]
    year = upcoming(store, 366, today)
    assert [u.days_left for u in year] == sorted(u.days_left for u in year)
    # a leap-day birthday comes round on the 28th in other years
    nora = next(u for u in year if u.person == "Nora")
    assert (nora.next_date, nora.years, nora.client) == ("2027-02-28", 11, "Ada Byrne")
    assert upcoming(store, 0, dt.date(2026, 12, 3))[0].days_left == 0  # today counts
    assert upcoming(store, 5, dt.date(2026, 12, 4)) == []
    assert upcoming(store, 200, today)[-1].template == "anniversary"
    with pytest.raises(ArchiveError):
        upcoming(store, -1, today)


# --- export / import ---------------------------------------------------------------------------


def test_export_import_into_a_fresh_home_loses_nothing(store, ada, tmp_path):
    client, people = ada
    odd = 'Line one\r\nline two\twith a tab  \n\n\u00a0é 😀 \u200b"quoted" \\ back\x00slash\n\n\n'
    info = library().get("birthday")
    if store.engine == "postgresql":  # PostgreSQL's text holds anything but NUL: refused, saying so
        with pytest.raises(StoreError, match="NUL character"):
            save_letter(store, people["Nora"], info, {}, "Rendered\n", edited_text=odd)
        odd = odd.replace("\x00", " ")
    first = save_letter(
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
    counts = export_archive(store, out)
    assert counts["letters"] == 2 and counts["clients"] == 1 and counts["letter_memories"] == 2

    other = ArchiveStore.open(tmp_path / "other" / "letterwriter.db")
    assert import_archive(other, out) == counts
    assert other.dump() == store.dump()
    assert other.get_letter(first.id).text == odd  # byte for byte
    assert other.get_letter(first.id).text.encode() == odd.encode()
    assert [letter.id for letter in other.list_letters(search="quoted slash")] == [first.id]  # and searchable
    import_archive(other, out)  # importing twice changes nothing
    assert other.dump() == store.dump()
    assert other.db.integrity_ok() and other.db.execute("PRAGMA foreign_key_check").fetchall() == []


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
        import_archive(store, f)
    assert words in str(err.value)
    assert store.counts() == {k: 0 for k in store.counts()}


def test_doctor_reports_the_database(isolated_home):
    info = doctor_info()["database"]
    assert info["path"] == str(isolated_home / "letterwriter.db")
    assert (
        info["schema_version"] == schema.VERSION and info["counts"]["clients"] == 0 and info["status"] == "ok"
    )


def test_archive_and_storage_import_no_qt():
    import pkgutil
    import subprocess
    import sys

    import letterwriter.storage

    names = [
        m.name
        for pkg in (archive, letterwriter.storage)
        for m in pkgutil.iter_modules(pkg.__path__, pkg.__name__ + ".")
    ]
    code = "import sys\n" + "".join(f"import {n}\n" for n in names)
    code += "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_only_the_stores_speak_sql():
    from pathlib import Path

    pkg = Path(archive.__file__).parent
    sql = {"store.py", "store_whole.py", "search.py", "schema.py"}  # the store (two halves), its index
    above = [p for p in pkg.glob("*.py") if p.name not in sql]
    above += [
        *sorted((pkg.parent / "cli").glob("*.py")),
        pkg.parent / "desk.py",
        pkg.parent / "gui" / "clients.py",
    ]
    assert len(above) > 10
    for path in above:
        text = path.read_text(encoding="utf-8")
        assert "sqlite3" not in text and "SELECT " not in text and "PRAGMA" not in text, path


def test_saving_the_same_letter_as_it_is_typed_files_only_the_memory_it_ends_with(store, ada):
    _client, people = ada
    nora = people["Nora"]
    info = library().get("birthday")
    letter_id = ""
    for typed in ("the p", "the pancake", "the pancake tower"):  # the window saving as the writer types
        brief = {"sender_name": "Ada", "recipient_name": "Nora", "memory": typed}
        rec = save_letter(
            store, store.get_person(nora.id), info, brief, f"... {typed} ...", letter_id=letter_id
        )
        letter_id = rec.id
    assert [(m.text, m.letters) for m in store.get_person(nora.id).memories] == [
        ("the pancake tower", [letter_id])
    ]
    # told again in another letter, it stays even when the first letter stops telling it
    other = save_letter(store, store.get_person(nora.id), info, {"memory": "the pancake tower"}, "x")
    save_letter(store, store.get_person(nora.id), info, {"memory": "a kite"}, "y", letter_id=letter_id)
    mems = {m.text: m.letters for m in store.get_person(nora.id).memories}
    assert mems == {"the pancake tower": [other.id], "a kite": [letter_id]}
    # memories from the client's file are never dropped this way
    tobias = people["Tobias"]
    rain = tobias.memories[0].text
    rec = save_letter(store, tobias, info, {"memory": rain}, "z")
    save_letter(store, store.get_person(tobias.id), info, {"memory": ""}, "z", letter_id=rec.id)
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
    rec = save_letter(
        store, people["Nora"], info, brief, "text", edited_text="edited", options={"variation": 3}
    )
    copy = draft_kwargs(store.get_letter(rec.id), copy=True)
    assert (copy["template"], copy["variation"], copy["edited_text"]) == ("birthday", 3, None)
    assert copy["values"] == {"sender_name": "Ada", "recipient_name": "Nora", "memory": "the kite"}


def test_search_ignores_accents_and_case(store):
    cid = add_client(store, {"name": "Zoë Ångström", "people": [{"name": "Søren"}]})
    soren = store.people(cid)[0]
    rec = save_letter(store, soren, library().get("thank_you"), {}, "Merci pour le café à Malmö.\n")
    for words in ("zoe", "ANGSTROM", "SØREN", "cafe malmo", "Café"):
        assert [letter.id for letter in store.list_letters(search=words)] == [rec.id], words


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_any_letter_text_survives_export_and_import(tmp_path_factory, text):
    home = tmp_path_factory.mktemp("roundtrip")
    a = ArchiveStore.open(home / "a.db")
    cid = add_client(a, {"name": "A", "people": [{"name": "B"}]})
    person = a.people(cid)[0]
    rec = save_letter(a, person, library().get("birthday"), {"message": text}, text, edited_text=text + "!")
    export_archive(a, home / "x.json")
    b = ArchiveStore.open(home / "b.db")
    import_archive(b, home / "x.json")
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

    assert save_draft(store, people["Nora"], draft({**values, "recipient_name": ""})) is None
    first = save_draft(store, people["Nora"], draft(values))
    again = save_draft(store, people["Nora"], draft(values, edited="My own words.\n"), letter_id=first.id)
    assert again.id == first.id and store.counts()["letters"] == 1
    stored = store.get_letter(first.id)
    assert stored.text == "My own words.\n" and stored.brief["letter_date"] == "2026-12-10"
    assert stored.options["ink"] == "sepia" and stored.options["seed"] == hand_seed(people["Nora"].client_id)
    kw = draft_kwargs(stored)
    assert (kw["template"], kw["variation"], kw["language"], kw["edited_text"]) == (
        "birthday",
        2,
        "en-GB",
        "My own words.\n",
    )
    assert kw["options"]["ink"] == "sepia" and kw["values"]["memory"] == "the kite"
    copy = draft_kwargs(stored, copy=True)
    assert copy["edited_text"] is None and "letter_date" not in copy["values"]
    assert lib.render(info, kw["values"], variation=kw["variation"]).text == stored.rendered_text
