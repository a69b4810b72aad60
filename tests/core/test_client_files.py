"""Client files kept whole (issue 17): edits and their undo, removal kept to restore, one memory one
identity, letters that keep what happened to them, dates that come once, the calendar file."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from letterwriter.archive import edits as ed
from letterwriter.archive.calendar import calendar_bytes, write_calendar
from letterwriter.archive.clients import add_client
from letterwriter.archive.dates import suggested_templates, upcoming
from letterwriter.archive.letters import save_draft, save_letter
from letterwriter.archive.patch import apply_patch
from letterwriter.archive.records import ArchiveError
from letterwriter.archive.reuse import find_reuse
from letterwriter.archive.store import ArchiveStore
from letterwriter.draft import Draft
from letterwriter.storage import schema
from letterwriter.storage.local import open_database
from letterwriter.templates import library

pytestmark = pytest.mark.core

TODAY = dt.date(2026, 11, 25)
ADA = {
    "name": "Ada Byrne",
    "signs_as": "Ada",
    "language": "en-GB",
    "people": [
        {
            "name": "Tobias",
            "relationship": "spouse",
            "pronouns": "he/him",
            "pet_name": "Toby",
            "places": ["Lisbon"],
            "dates": {"anniversary": "1974-06-01", "retirement": "2026-12-06"},
            "memories": [
                "we was stranded in Lisbon when the trains stopped",
                {"memory": "the rain at the church", "meaning": "nothing could spoil that day"},
            ],
        },
        {"name": "Nora", "dates": {"birthday": "2016-12-10"}},
    ],
}


@pytest.fixture
def store(archive_at):
    s = ArchiveStore.open(archive_at)  # a local file, then a PostgreSQL database
    yield s
    s.close()


def people(store, cid):
    return {p.name: p for p in store.people(cid)}


def letter_to(store, person, memories, letter_id=None, template="anniversary"):
    info = library().get(template)
    brief = {"sender_name": "Ada", "recipient_name": person.name}
    if memories:
        brief["memories"] = memories
    return save_letter(store, person, info, brief, library().render(info, brief).text, letter_id=letter_id)


def test_a_file_of_schema_3_upgrades_keeping_everything_and_one_off_dates_are_marked(tmp_path, monkeypatch):
    path = tmp_path / "letterwriter.db"
    with monkeypatch.context() as m:  # the code before this issue: three migrations
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:3])
        db = open_database(path)
        db.execute(
            "INSERT INTO clients (id, name, notes, created, updated) VALUES ('c1', 'Ada', '', 'x', 'x')"
        )
        db.execute("INSERT INTO people (id, client_id, name) VALUES ('p1', 'c1', 'Tobias')")
        for kind, date in (("birthday", "1948-12-03"), ("retirement", "2027-03-31")):
            db.execute("INSERT INTO dates (person_id, kind, date) VALUES ('p1', ?, ?)", (kind, date))
        db.execute("INSERT INTO memories (id, person_id, text, created) VALUES ('m1', 'p1', 'the kite', 'x')")
        assert db.version == 3
        db.close()
    s = ArchiveStore.open(path)
    assert s.version == schema.VERSION == 7
    p = s.get_person("p1")
    assert p.dates == {"birthday": "1948-12-03", "retirement": "2027-03-31"} and p.one_off == ["retirement"]
    assert p.memories[0].text == "the kite" and p.memories[0].meaning == ""
    assert s.get_client("c1").signs_as == "" and s.list_removed() == []
    s.close()


def test_edits_undo_and_redo_and_a_removed_client_comes_back_with_every_letter(store):
    cid = add_client(store, ADA)
    tobias = people(store, cid)["Tobias"]
    first = letter_to(store, tobias, ["the rain at the church"])
    stack: list[ed.Edit] = []

    def do(edit):
        edit.apply(store)
        stack.append(edit)

    before = store.get_client(cid)
    do(ed.ChangeClient(before, dataclasses.replace(before, notes="writes every June")))
    do(ed.AddMemory(tobias, "the kite on the dunes", "you never gave up"))
    after = copy.deepcopy(tobias)
    after.dates["first_met"] = "1971-08-14"
    do(ed.ChangePerson(tobias, after, "date"))
    rain = next(m for m in tobias.memories if m.text == "the rain at the church")
    do(ed.RemoveMemory(cid, rain))
    t = store.get_person(tobias.id)
    assert store.get_client(cid).notes == "writes every June" and "first_met" in t.dates
    assert [m.text for m in t.memories] == [tobias.memories[0].text, "the kite on the dunes"]
    for edit in reversed(stack):  # Undo all
        edit.revert(store)
    t = store.get_person(tobias.id)
    assert store.get_client(cid).notes == "" and "first_met" not in t.dates
    back = next(m for m in t.memories if m.id == rain.id)
    assert back.letters == [first.id] and back.meaning == "nothing could spoil that day"
    for edit in stack:  # Redo all
        edit.apply(store)
    assert store.get_person(tobias.id).memories[-1].meaning == "you never gave up"

    removal = ed.RemoveClient(store.get_client(cid))
    removal.apply(store)
    assert store.list_clients() == [] or [c.name for c in store.list_clients()] == []
    assert store.list_letters(search="church") == [] and store.get_letter(first.id) is None
    [kept] = store.list_removed()
    assert (kept.kind, kept.name, kept.letters) == ("client", "Ada Byrne", 1)
    removal.revert(store)
    assert [c.name for c in store.list_clients("Lisbon")] == ["Ada Byrne"]  # searched again
    assert [x.id for x in store.list_letters(search="church")] == [first.id]
    assert store.list_removed() == []
    if store.engine == "sqlite":  # PostgreSQL holds its foreign keys always
        assert store.db.execute("PRAGMA foreign_key_check").fetchall() == [] and store.db.integrity_ok()


def test_a_removed_person_takes_their_letters_and_cannot_come_back_without_their_client(store):
    cid = add_client(store, ADA)
    nora = people(store, cid)["Nora"]
    letter_to(store, nora, [], template="birthday")
    gone = store.remove_person(nora.id)
    assert gone.letters == 1 and store.letter_count(client_id=cid) == 0
    assert set(people(store, cid)) == {"Tobias"}
    whole = store.remove_client(cid)
    with pytest.raises(Exception, match="restore the client first"):
        store.restore_removed(gone.id)
    store.restore_removed(whole.id)
    store.restore_removed(gone.id)
    assert set(people(store, cid)) == {"Tobias", "Nora"} and store.letter_count(person_id=nora.id) == 1


def test_a_patch_is_all_or_nothing(store):
    cid = add_client(store, ADA)
    client = store.get_client(cid)
    good = {
        "signs_as": "Ada B.",
        "people": [
            {
                "person": "Toby",  # a pet name finds him too
                "places": ["Lisbon", "Galway"],
                "dates": {"retirement": None, "first_met": {"date": "1971-08-14", "yearly": True}},
                "memories": {
                    "change": [
                        {"memory": "stranded", "to": "we were stranded in Lisbon when the trains stopped"}
                    ],
                    "add": [{"memory": "the kite", "meaning": "you never gave up"}],
                    "remove": ["rain at the church"],
                },
            },
            {"name": "Otto", "dates": {"move": "2027-01-15"}},
            {"person": "Nora", "remove": True},
        ],
    }
    made = apply_patch(store, client, good)
    assert len(made) == 7
    p = people(store, cid)
    assert set(p) == {"Tobias", "Otto"} and store.get_client(cid).signs_as == "Ada B."
    t = p["Tobias"]
    assert (
        t.places == ["Lisbon", "Galway"]
        and "retirement" not in t.dates
        and t.dates["first_met"] == "1971-08-14"
    )
    assert [(m.text, m.meaning) for m in t.memories] == [
        ("we were stranded in Lisbon when the trains stopped", ""),
        ("the kite", "you never gave up"),
    ]
    assert p["Otto"].one_off == ["move"]
    dump = json.dumps(store.dump(), sort_keys=True)
    for bad, words in (
        ({"people": [{"person": "Tobias", "memories": {"remove": ["the"]}}]}, "is in 2 of Tobias's memories"),
        ({"people": [{"person": "Tobias", "pet_name": "T"}, {"person": "Nobody"}]}, "no person 'Nobody'"),
        ({"people": [{"person": "Tobias", "dates": {"birthday": "1948-13-03"}}]}, "YYYY-MM-DD"),
        ({"language": "fr-FR"}, "not one of en-US"),
        ({"people": [{"person": "Otto", "remove": True, "pet_name": "O"}]}, "cannot be changed"),
        ({"colour": "red"}, "unknown key 'colour'"),
    ):
        with pytest.raises(ArchiveError, match=words):
            apply_patch(store, store.get_client(cid), bad)
        assert json.dumps(store.dump(), sort_keys=True) == dump  # nothing changed


def test_one_memory_one_identity_a_corrected_memory_is_corrected_in_the_file(store):
    cid = add_client(store, ADA)
    tobias = people(store, cid)["Tobias"]
    wrong = tobias.memories[0]
    first = letter_to(store, tobias, [wrong.text])  # told once, misspelt
    # a new letter picks it from the file; the writer fixes "was" in the brief (the issues panel's fix)
    draft = Draft(
        library(), "anniversary", {"sender_name": "Ada", "recipient_name": "Tobias", "memories": [wrong.text]}
    )
    draft.person_id, draft.memory_ids = tobias.id, [wrong.id]
    fixed = wrong.text.replace("we was", "we were")
    draft.set_value("memories", [fixed])
    notes = find_reuse(
        store, store.get_person(tobias.id), draft.info, draft.values, draft.text, picked=[wrong.id]
    )
    assert [(r.kind, r.text, r.letter_id) for r in notes] == [
        ("memory", fixed, first.id)
    ]  # told before, new words
    second = save_draft(store, store.get_person(tobias.id), draft)
    t = store.get_person(tobias.id)
    assert [m.text for m in t.memories] == [fixed, "the rain at the church"]  # corrected, not doubled
    assert t.memories[0].id == wrong.id and t.memories[0].letters == [first.id, second.id]
    # a meaning typed in the letter for a memory of the file: the file learns it
    draft.set_value("memories", [{"memory": fixed, "meaning": "we laughed all night"}])
    save_draft(store, t, draft, letter_id=second.id)
    assert store.get_person(tobias.id).memories[0].meaning == "we laughed all night"
    # a memory typed that the file does not hold is offered, not added (the window's save)
    draft.set_value("memories", [fixed, "the lighthouse at Mizen Head"])
    from letterwriter.archive.letters import new_memories

    assert new_memories(store.get_person(tobias.id), draft) == ["the lighthouse at Mizen Head"]
    save_draft(store, store.get_person(tobias.id), draft, letter_id=second.id)
    assert len(store.get_person(tobias.id).memories) == 2


def test_a_letter_keeps_its_status_export_path_and_the_options_it_was_drawn_with(store, tmp_path):
    from letterwriter.export.options import PdfOptions, pinned_choices

    cid = add_client(store, ADA)
    tobias = people(store, cid)["Tobias"]
    draft = Draft(library(), "anniversary", {"sender_name": "Ada", "recipient_name": "Tobias"})
    draft.person_id = tobias.id
    pinned = pinned_choices(PdfOptions(ink="sepia", paper="a5-card"), "Kristi", 7)
    rec = save_draft(store, tobias, draft, status="exported", export_path="/tmp/x.pdf", pinned=pinned)
    draft.set_value("recipient_name", "Toby")
    save_draft(store, tobias, draft, letter_id=rec.id)  # a later save, as the window saves
    again = store.get_letter(rec.id)
    assert again.status == "exported" and again.export_path == "/tmp/x.pdf"
    assert {k: again.options[k] for k in ("font_family", "seed", "ink", "paper")} == {
        "font_family": "Kristi",
        "seed": 7,
        "ink": "sepia",
        "paper": "a5-card",
    }


def test_switching_occasion_and_back_keeps_every_value_typed():
    d = Draft(library(), "anniversary", {"sender_name": "A", "recipient_name": "B"})
    d.set_values({"together_since": "2001-02-03", "married_on": "2005-01-01"})
    for template in ("love_letter", "congratulations", "anniversary"):
        d.set_template(template)
    assert (d.values["together_since"], d.values["married_on"]) == ("2001-02-03", "2005-01-01")
    assert "congratulations" not in d.aside  # its untouched defaults are not words kept aside


def test_a_date_that_comes_once_is_not_yearly_and_the_next_dates_occasion_comes_first(store):
    cid = add_client(store, ADA)
    items = upcoming(store, 400, TODAY)
    assert [(u.person, u.kind, u.next_date, u.yearly) for u in items][:2] == [
        ("Tobias", "retirement", "2026-12-06", False),
        ("Nora", "birthday", "2026-12-10", True),
    ]
    assert not [u for u in upcoming(store, 400, dt.date(2026, 12, 7)) if u.kind == "retirement"]
    assert suggested_templates(people(store, cid)["Tobias"], TODAY)[:2] == ["farewell", "anniversary"]


def test_the_calendar_file_reads_back_in_a_real_parser(store, tmp_path):
    from icalendar import Calendar

    add_client(store, ADA)
    path = tmp_path / "dates.ics"
    assert write_calendar(store, path, remind_days=3, today=TODAY) == 3
    cal = Calendar.from_ical(path.read_bytes())
    events = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    birthday = events["Nora: birthday (write for Ada Byrne)"]
    assert birthday.decoded("dtstart") == dt.date(2026, 12, 10) and birthday["rrule"]["FREQ"] == ["YEARLY"]
    assert birthday.walk("VALARM")[0].decoded("trigger") == -dt.timedelta(days=3)
    retirement = events["Tobias: retirement (write for Ada Byrne)"]
    assert "rrule" not in retirement and retirement.decoded("dtstart") == dt.date(2026, 12, 6)
    assert len({str(e["uid"]) for e in cal.walk("VEVENT")}) == 3
    with pytest.raises(ArchiveError):
        calendar_bytes([], remind_days=-1)


def test_a_letter_open_in_another_window_is_noticed_and_a_changed_file_is_not_overwritten(tmp_path):
    from letterwriter.desk import Desk, FileChanged
    from letterwriter.settings import Settings
    from letterwriter.storage.drafts import DraftStore

    path = tmp_path / "mum.letter"
    Draft(library(), "birthday", {"sender_name": "A", "recipient_name": "Mum"}).save(path)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys, time
                from pathlib import Path
                from letterwriter import openfiles
                openfiles.take(Path({str(path)!r}))
                print("held", flush=True)
                time.sleep(60)
                """
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        desk = Desk(library(), Settings.load(), drafts=DraftStore.open(tmp_path / "d.db"), session=False)
        desk.open(path)
        assert desk.file_holder is not None and desk.file_holder.pid == holder.pid
    finally:
        holder.kill()
        holder.wait()
    desk.open(path)  # its process is gone: the lock is stale, the file is ours
    assert desk.file_holder is None
    text = path.read_text()
    path.write_text(text.replace('"Mum"', '"Mother"'))  # another program saves it meanwhile
    desk.draft.set_value("recipient_name", "Mam")
    with pytest.raises(FileChanged):
        desk.save()
    assert "Mother" in path.read_text()
    desk.save(force=True)
    assert "Mam" in path.read_text()
    desk.close()
    assert not (tmp_path / ".~lock.mum.letter#").exists()


def test_the_client_signs_and_writes_in_their_english(store):
    from letterwriter.desk import Desk
    from letterwriter.settings import Settings
    from letterwriter.storage.drafts import DraftStore

    cid = add_client(store, ADA)
    tobias = people(store, cid)["Tobias"]
    desk = Desk(library(), Settings.load(), drafts=DraftStore(store.db), archive=store, session=False)
    draft = desk.new_for(tobias.id, "anniversary", ["the rain at the church"])
    assert draft.language == "en-GB" and draft.values["signs_as"] == "Ada"
    assert draft.values["memories"] == [
        {"memory": "the rain at the church", "meaning": "nothing could spoil that day"}
    ]
    assert draft.memory_ids == [tobias.memories[1].id]
    assert draft.text.rstrip().endswith("Ada") and "Nothing could spoil that day" in draft.text


def test_only_the_stores_speak_sql_in_the_new_modules():
    from pathlib import Path

    import letterwriter

    root = Path(letterwriter.__file__).parent
    for name in (
        "archive/edits.py",
        "archive/patch.py",
        "archive/calendar.py",
        "gui/clients.py",
        "gui/clientforms.py",
        "gui/clientlist.py",
        "gui/clientsync.py",
        "gui/upcoming.py",
        "openfiles.py",
    ):
        text = (root / name).read_text(encoding="utf-8")
        assert (
            "sqlite3" not in text
            and "SELECT " not in text
            and "PRAGMA" not in text.replace("`data_version`", "")
        ), name
    assert sqlite3  # the tests may use it; the code above the store may not
