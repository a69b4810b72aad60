"""The Clients window kept by hand (issue 17): a client, people, dates and memories set up by typing
and clicking only, undone and restored; changes from a terminal shown; a stored letter exported again."""

from __future__ import annotations

import json
import subprocess

import pytest
from helpers import cli_ok
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from letterwriter.archive.store import ArchiveStore
from letterwriter.gui.clientforms import ClientDialog, DateDialog, MemoryDialog, PersonDialog, RemovedDialog

pytestmark = pytest.mark.gui
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def window(qtbot, isolated_home):
    from letterwriter.gui.clientswindow import ClientsWindow

    store = ArchiveStore.open(isolated_home / "letterwriter.db")
    w = ClientsWindow(store)
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitActive(w)  # shortcuts (Ctrl+Z, Escape) go to the active window
    yield w
    store.close()


def form(qtbot, panel, kind):
    qtbot.waitUntil(
        lambda: panel.findChild(kind) is not None and panel.findChild(kind).isVisible(), timeout=3000
    )
    return panel.findChild(kind)


def ok(qtbot, dialog):
    qtbot.mouseClick(dialog.ok, LEFT)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)


def type_date(qtbot, edit, digits):
    """Click into the day's first part and type its digits, as a person does (each part moves on)."""
    qtbot.mouseClick(edit, LEFT, pos=QPoint(6, edit.height() // 2))
    qtbot.keyClicks(edit, digits)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)


def press(qtbot, window, key, mods=Qt.KeyboardModifier.NoModifier):
    """A key pressed in the window, once it is the active window again (a form just closed)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window.focusWidget() or window, key, mods)


def person_item(view, name):
    for i in range(view.people.topLevelItemCount()):
        item = view.people.topLevelItem(i)
        if item.text(0).startswith(name):
            return item
    return None


def child(item, starts):
    return next(item.child(j) for j in range(item.childCount()) if item.child(j).text(0).startswith(starts))


def test_a_client_set_up_by_hand_edited_undone_and_restored(qtbot, window, monkeypatch):
    panel, view = window.panel, window.panel.file
    store = panel.store
    qtbot.mouseClick(panel.list.new_client, LEFT)
    d = form(qtbot, panel, ClientDialog)
    assert not d.ok.isEnabled()  # a client needs a name
    qtbot.keyClicks(d.name, "Ada Byrne")
    qtbot.keyClicks(d.signs_as, "Ada")
    qtbot.keyClicks(d.language, "British")
    qtbot.keyClicks(d.notes, "Writes every June.")
    ok(qtbot, d)
    qtbot.waitUntil(lambda: view.title.text() == "Ada Byrne", timeout=3000)
    client = store.list_clients()[0]
    assert store.get_client(client.id).language == "en-GB" and "signs as Ada" in view.about.text()

    qtbot.mouseClick(view.add_person, LEFT)
    d = form(qtbot, view, PersonDialog)
    assert d.address.isVisible() and d.address.is_empty() and not d.address.problem()  # none yet: fine
    qtbot.keyClicks(d.name, "Tobias")
    qtbot.keyClicks(d.full_name, "Tobias Byrne")
    qtbot.keyClicks(d.relationship.lineEdit(), "spouse")
    qtbot.keyClicks(d.pronouns, "he")
    qtbot.keyClicks(d.pet_name, "Toby")
    qtbot.keyClicks(d.places, "Galway")
    qtbot.keyClick(d.places, Qt.Key.Key_Return)
    qtbot.keyClicks(d.places, "Lisbon")
    ok(qtbot, d)
    qtbot.waitUntil(lambda: person_item(view, "Tobias") is not None, timeout=3000)
    tobias = store.people(client.id)[0]
    assert (tobias.pronouns, tobias.relationship, tobias.places) == ("he/him", "spouse", ["Galway", "Lisbon"])

    for what, day, yearly in (("birthday", "19481203", True), ("retirement", "20990331", False)):
        view.people.setCurrentItem(person_item(view, "Tobias"))
        qtbot.mouseClick(view.add_date, LEFT)
        d = form(qtbot, view, DateDialog)
        assert d.day.calendarPopup()  # a calendar to pick from
        qtbot.keyClicks(d.what.lineEdit(), what)
        assert d.yearly.isChecked() == yearly  # the kind says it: a retirement comes once
        type_date(qtbot, d.day, day)
        assert d.day.date() == QDate.fromString(day, "yyyyMMdd")
        ok(qtbot, d)
    tobias = store.get_person(tobias.id)
    assert tobias.dates == {"birthday": "1948-12-03", "retirement": "2099-03-31"} and tobias.one_off == [
        "retirement"
    ]
    assert (
        child(person_item(view, "Tobias"), "birthday (").text(0).startswith("birthday (")
    )  # yearly: counted
    assert child(person_item(view, "Tobias"), "retirement:")  # once: no count

    view.people.setCurrentItem(person_item(view, "Tobias"))
    qtbot.mouseClick(view.add_memory, LEFT)
    d = form(qtbot, view, MemoryDialog)
    qtbot.keyClicks(d.text, "we was stranded in Lisbon")
    qtbot.keyClicks(d.meaning, "nothing frightens you")
    ok(qtbot, d)
    item = child(person_item(view, "Tobias"), "we was stranded")
    assert "nothing frightens you" in item.text(0)
    # double-click the memory: corrected in place, the same memory
    mid = item.data(0, Qt.ItemDataRole.UserRole + 2)
    view.people.setCurrentItem(item)
    view.people.itemDoubleClicked.emit(item, 0)
    d = form(qtbot, view, MemoryDialog)
    d.text.selectAll()
    qtbot.keyClicks(d.text, "we were stranded in Lisbon")
    ok(qtbot, d)
    [m] = store.get_person(tobias.id).memories
    assert (m.id, m.text, m.meaning) == (mid, "we were stranded in Lisbon", "nothing frightens you")

    # Ctrl+Z undoes the correction, Ctrl+Shift+Z does it again
    assert window.undo_action.text() == "&Undo Change memory"
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.get_person(tobias.id).memories[0].text == "we was stranded in Lisbon"
    qtbot.keyClick(
        window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert store.get_person(tobias.id).memories[0].text == "we were stranded in Lisbon"

    # removing a person asks first and says how many letters go with them; Undo brings them back
    asked = []
    sb = QMessageBox.StandardButton
    monkeypatch.setattr(QMessageBox, "question", lambda _p, title, text, *a: asked.append(text) or sb.Cancel)
    view.people.setCurrentItem(person_item(view, "Tobias"))
    qtbot.mouseClick(view.remove_item, LEFT)
    assert "0 letters" in asked[-1] and store.get_person(tobias.id) is not None  # Cancel: nothing happened
    monkeypatch.setattr(QMessageBox, "question", lambda _p, title, text, *a: asked.append(text) or sb.Ok)
    qtbot.mouseClick(view.remove_item, LEFT)
    assert store.get_person(tobias.id) is None and person_item(view, "Tobias") is None
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: person_item(view, "Tobias") is not None, timeout=3000)
    assert store.get_person(tobias.id).memories[0].meaning == "nothing frightens you"

    # the whole client removed, then restored from Removed…
    qtbot.mouseClick(view.remove_client, LEFT)
    assert "the people in their file and 0 letters go to the Removed list" in asked[-1]
    qtbot.waitUntil(lambda: panel.list.model.rowCount() == 0, timeout=3000)
    qtbot.mouseClick(panel.list.removed, LEFT)
    d = form(qtbot, panel, RemovedDialog)
    d.tree.setCurrentItem(d.tree.topLevelItem(0))
    qtbot.mouseClick(d.restore, LEFT)
    qtbot.waitUntil(lambda: panel.list.model.rowCount() == 1, timeout=3000)
    assert store.get_person(tobias.id).dates["birthday"] == "1948-12-03"
    qtbot.keyClick(d, Qt.Key.Key_Escape)  # the Removed list closes with Escape, then the window does
    qtbot.waitUntil(lambda: not d.isVisible(), timeout=3000)
    press(qtbot, window, Qt.Key.Key_Escape)  # Escape closes
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=3000)


def test_a_client_added_in_a_terminal_shows_up_without_polling(qtbot, window, tmp_path):
    panel = window.panel
    assert panel.list.model.rowCount() == 0
    data = tmp_path / "c.json"
    data.write_text(json.dumps({"name": "Beatrice Quill", "people": [{"name": "Otto"}]}))
    cli_ok("clients", "add", "--data", str(data))  # another process, another connection
    qtbot.waitUntil(lambda: panel.list.model.rowCount() == 1, timeout=5000)
    assert panel.list.model.rows[0].name == "Beatrice Quill"
    assert panel.watch.watcher.files()  # the file is watched: no timer asks the database


def test_a_stored_letter_is_exported_again_from_the_window_as_it_was_sent(
    qtbot, window, tmp_path, isolated_home
):
    data = tmp_path / "c.json"
    data.write_text(json.dumps({"name": "Ada Byrne", "signs_as": "Ada", "people": [{"name": "Tobias"}]}))
    cli_ok("clients", "add", "--data", str(data))
    first = tmp_path / "first.pdf"
    cli_ok(
        "render",
        "birthday",
        "--to",
        "Tobias",
        "--save",
        "--font",
        "Kristi",
        "--ink",
        "sepia",
        "-o",
        str(first),
    )
    (isolated_home / "settings.json").write_text(json.dumps({"ink": "black", "paper": "a5"}))
    panel, view = window.panel, window.panel.file
    qtbot.waitUntil(lambda: panel.list.model.rowCount() == 1, timeout=5000)
    panel.list.select(panel.list.model.rows[0].id)
    qtbot.waitUntil(lambda: view.letters.topLevelItemCount() == 1, timeout=3000)
    assert view.letters.topLevelItem(0).text(2) == "Birthday letter"  # occasions by their names
    view.letters.setCurrentItem(view.letters.topLevelItem(0))
    again = tmp_path / "again.pdf"
    import pytest as _pytest

    with _pytest.MonkeyPatch.context() as m:
        m.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(again), ""))
        qtbot.mouseClick(view.export_letter, LEFT)
    pixels = [
        subprocess.run(["pdftoppm", "-r", "30", "-gray", str(p)], capture_output=True, check=True).stdout
        for p in (first, again)
    ]
    assert pixels[0] == pixels[1]


@pytest.mark.lt
def test_a_memory_corrected_through_the_issues_panel_is_corrected_in_the_file(
    qtbot, lt_url, monkeypatch, tmp_path
):
    from PySide6.QtWidgets import QDialog, QInputDialog, QPushButton

    from letterwriter.archive.clients import add_client
    from letterwriter.archive.letters import save_letter
    from letterwriter.gui.mainwindow import MainWindow

    monkeypatch.setenv("LETTERWRITER_LT_URL", lt_url)
    monkeypatch.setattr(QDialog, "exec", lambda self: 0)
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    w.start_background()
    qtbot.waitUntil(lambda: w.desk is not None and w.service.state == "ready", timeout=120_000)
    store = w.desk.archive
    wrong = "we danced untill dawn in Lisbon"
    cid = add_client(
        store,
        {
            "name": "Ada Byrne",
            "signs_as": "Ada",
            "people": [{"name": "Tobias", "relationship": "spouse", "memories": [wrong]}],
        },
    )
    tobias = store.people(cid)[0]
    info = w.lib.get("love_letter")
    brief = {"sender_name": "Ada Byrne", "recipient_name": "Tobias", "memories": [wrong]}
    first = save_letter(store, tobias, info, brief, w.lib.render(info, brief).text, letter_date="2025-06-01")
    clients = w.show_clients()
    view = clients.panel.file
    clients.panel.list.select(cid)
    qtbot.waitUntil(lambda: view.title.text() == "Ada Byrne", timeout=3000)
    top = person_item(view, "Tobias")
    child(top, "we danced").setCheckState(0, Qt.CheckState.Checked)  # ticked, to use it
    view.people.setCurrentItem(top)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (info.title, True))
    qtbot.mouseClick(view.new_letter, LEFT)
    assert w.draft.memory_ids == [tobias.memories[0].id] and "untill" in w.draft.text
    qtbot.keyClick(w, Qt.Key.Key_F7)

    def issue():
        return next((i for i in w.draft.visible_issues() if i.word(w.draft.text) == "untill"), None)

    qtbot.waitUntil(lambda: issue() is not None, timeout=60_000)
    card = next(c for c in w.issues_panel.cards if c.issue is issue())
    button = next(b for b in card.findChildren(QPushButton, "fixButton") if b.text() == "until")
    qtbot.mouseClick(button, LEFT)
    assert "danced until dawn" in w.draft.text
    # the told-before warning knows the corrected words
    qtbot.waitUntil(lambda: "until dawn" in w.brief.reuse_note.text(), timeout=5000)
    assert first.id in w.brief.reuse_note.text() and not w.brief.memory_offer.isVisibleTo(w)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "t.letter"), ""))
    assert w.files.save()
    [m] = store.get_person(tobias.id).memories  # corrected in the file, not doubled
    assert m.text == "we danced until dawn in Lisbon" and m.letters == [first.id, w.draft.letter_id]
    assert "until dawn" in child(person_item(view, "Tobias"), "we danced").text(0)
