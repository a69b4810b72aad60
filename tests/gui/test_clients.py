"""The client widgets: list with search, a client's file, upcoming dates; typed and clicked like a person."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from letterwriter.archive.briefs import brief_for
from letterwriter.archive.clients import add_client
from letterwriter.archive.letters import save_letter
from letterwriter.archive.store import ArchiveStore
from letterwriter.templates import library

pytestmark = pytest.mark.gui

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def store(tmp_path):
    s = ArchiveStore.open(tmp_path / "letterwriter.db")
    ada = add_client(
        s,
        {
            "name": "Ada Byrne",
            "notes": "writes every June",
            "people": [
                {
                    "name": "Tobias",
                    "pet_name": "Toby",
                    "relationship": "spouse",
                    "dates": {"anniversary": "1974-06-01", "birthday": "1948-12-03"},
                    "memories": ["the rain at the church", "the car with no reverse gear"],
                },
                {"name": "Nora", "dates": {"birthday": "2016-12-10"}},
            ],
        },
    )
    add_client(
        s, {"name": "Beatrice Quill", "people": [{"name": "Otto", "dates": {"birthday": "1990-11-27"}}]}
    )
    add_client(s, {"name": "Cormac Doyle"})
    tobias = next(p for p in s.people(ada) if p.name == "Tobias")
    info = library().get("anniversary")
    for year in (2024, 2025, 2026):
        brief = {"sender_name": "Ada", "recipient_name": "Tobias", "letter_date": f"{year}-06-01"}
        save_letter(s, tobias, info, brief, library().render(info, brief).text)
    yield s
    s.close()


def names(lst):
    return [lst.model.rows[i].name for i in range(lst.model.rowCount())]


def test_client_list_searches_as_you_type_and_selects(qtbot, store):
    from letterwriter.gui.clients import ClientList

    w = ClientList(store)
    qtbot.addWidget(w)
    w.show()
    assert names(w) == ["Ada Byrne", "Beatrice Quill", "Cormac Doyle"]
    assert "3 letters" in w.model.data(w.model.index(0), Qt.ItemDataRole.DisplayRole)
    qtbot.keyClicks(w.search, "otto")  # a person's name finds their client
    qtbot.waitUntil(lambda: names(w) == ["Beatrice Quill"], timeout=2000)
    assert w.count.text() == "1 client"
    w.search.clear()
    qtbot.waitUntil(lambda: len(names(w)) == 3, timeout=2000)
    with qtbot.waitSignal(w.client_selected) as sig:
        w.view.setFocus()
        qtbot.keyClick(w.view, Qt.Key.Key_Down)
    assert store.get_client(sig.args[0]).name in {"Ada Byrne", "Beatrice Quill"}
    ada = store.list_clients("Ada")[0].id
    with qtbot.waitSignal(w.client_selected) as sig:
        assert w.select(ada)
    assert sig.args == [ada]
    qtbot.keyClicks(w.search, "nobody at all")
    qtbot.waitUntil(lambda: names(w) == [], timeout=2000)


def test_client_file_shows_people_dates_memories_and_letters_newest_first(qtbot, store):
    from letterwriter.gui.clients import ClientFileView

    ada = store.list_clients("Ada")[0].id
    w = ClientFileView(store)
    w.today = TODAY
    qtbot.addWidget(w)
    w.show()
    assert not w.new_letter.isEnabled() and not w.open_letter.isEnabled()
    w.show_client(ada)
    assert w.title.text() == "Ada Byrne" and w.notes.text() == "writes every June"
    top = w.people.topLevelItem(0)
    assert top.text(0).startswith("Tobias — spouse")
    lines = [top.child(i).text(0) for i in range(top.childCount())]
    assert (
        lines[0].startswith("birthday (78): 1948-12-03 — next 2026-12-03, in 8 days") and "← next" in lines[0]
    )
    assert lines[1].startswith("anniversary (53 years)") and "← next" not in lines[1]
    assert lines[2:] == [
        "the rain at the church",
        "the car with no reverse gear",
        "No postal address yet (Edit… adds one)",
    ]
    dates = [w.letters.topLevelItem(i).text(0) for i in range(w.letters.topLevelItemCount())]
    assert dates == ["2026-06-01", "2025-06-01", "2024-06-01"]
    assert w.letters_label.text() == "Letters (3), newest first"

    # pick a memory, then "New letter to this person"
    top.child(3).setCheckState(0, Qt.CheckState.Checked)
    w.people.setCurrentItem(top)
    assert w.new_letter.isEnabled()
    tobias = top.data(0, Qt.ItemDataRole.UserRole)
    with qtbot.waitSignal(w.new_letter_requested) as sig:
        qtbot.mouseClick(w.new_letter, Qt.MouseButton.LeftButton)
    assert sig.args == [tobias, ["the car with no reverse gear"]]
    brief = brief_for(store.get_person(tobias), library().get("love_letter"), sig.args[1])
    assert brief["memories"] == ["the car with no reverse gear"] and brief["pet_name"] == "Toby"

    w.letters.setCurrentItem(w.letters.topLevelItem(1))
    letter_id = w.letters.topLevelItem(1).data(0, Qt.ItemDataRole.UserRole)
    assert store.get_letter(letter_id).letter_date == "2025-06-01"
    with qtbot.waitSignal(w.open_letter_requested) as sig:
        qtbot.mouseClick(w.open_letter, Qt.MouseButton.LeftButton)
    assert sig.args == [letter_id]
    with qtbot.waitSignal(w.copy_letter_requested) as sig:
        qtbot.mouseClick(w.copy_letter, Qt.MouseButton.LeftButton)
    assert sig.args == [letter_id]


def test_upcoming_lists_soonest_first_and_write_it(qtbot, store):
    from letterwriter.gui.clients import UpcomingView

    w = UpcomingView(store, today=TODAY)
    qtbot.addWidget(w)
    w.show()
    rows = [[w.tree.topLevelItem(i).text(c) for c in range(5)] for i in range(w.tree.topLevelItemCount())]
    assert rows == [
        ["2026-11-27", "in 2 days", "Otto", "Beatrice Quill", "birthday (36)"],
        ["2026-12-03", "in 8 days", "Tobias", "Ada Byrne", "birthday (78)"],
        ["2026-12-10", "in 15 days", "Nora", "Ada Byrne", "birthday (10)"],
    ]
    w.days.setValue(5)
    assert w.tree.topLevelItemCount() == 1
    w.days.setValue(0)
    assert w.tree.topLevelItemCount() == 0 and w.empty.text() == "Nothing in the next 0 days."
    w.days.setValue(30)
    assert not w.write.isEnabled()
    w.tree.setCurrentItem(w.tree.topLevelItem(1))
    with qtbot.waitSignal(w.write_requested) as sig:
        qtbot.mouseClick(w.write, Qt.MouseButton.LeftButton)
    assert store.get_person(sig.args[0]).name == "Tobias" and sig.args[1] == "birthday"


def test_panel_wires_list_to_file_and_refreshes_after_a_save(qtbot, store):
    from letterwriter.gui.clients import ClientsPanel

    p = ClientsPanel(store)
    qtbot.addWidget(p)
    p.show()
    ada = store.list_clients("Ada")[0].id
    p.list.select(ada)
    qtbot.waitUntil(lambda: p.file.title.text() == "Ada Byrne", timeout=2000)
    nora = store.find_people("Nora")[0]
    info = library().get("birthday")
    brief = {"sender_name": "Ada", "recipient_name": "Nora", "letter_date": "2026-12-10"}
    save_letter(store, nora, info, brief, library().render(info, brief).text)
    p.refresh()
    assert p.file.letters.topLevelItemCount() == 4 and p.file.letters.topLevelItem(0).text(1) == "Nora"
    assert "4 letters" in p.list.model.data(p.list.model.index(0), Qt.ItemDataRole.DisplayRole)
    assert p.list.current_id() == ada  # the selection survives the refresh
    p.upcoming.today = TODAY
    p.upcoming.refresh()
    with qtbot.waitSignal(p.write_requested):
        p.upcoming.tree.setCurrentItem(p.upcoming.tree.topLevelItem(0))
        p.upcoming.write.click()
