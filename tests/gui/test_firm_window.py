"""The window on a firm's archive (a real PostgreSQL): who wrote each letter, and a server that is down
when the window starts (the window opens, says so, keeps the letters saved meanwhile and files
them once when the server is back)."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog

from letterwriter.archive.clients import add_client
from letterwriter.archive.letters import save_letter
from letterwriter.archive.store import ArchiveStore
from letterwriter.templates import library

pytestmark = pytest.mark.gui

TOBIAS = {"name": "Ada Byrne", "people": [{"name": "Tobias", "dates": {"anniversary": "1974-06-01"}}]}


@pytest.fixture
def no_lt(tmp_path, monkeypatch):
    empty = tmp_path / "no-languagetool"
    empty.mkdir()
    monkeypatch.setenv("LETTERWRITER_LANGUAGETOOL_DIR", str(empty))


def test_the_clients_window_shows_who_wrote_each_letter(qtbot, pg_url):
    from letterwriter.gui.clients import ClientFileView

    store = ArchiveStore.open(pg_url, writer="bea")
    cid = add_client(store, TOBIAS)
    tobias = store.people(cid)[0]
    info = library().get("anniversary")
    save_letter(store, tobias, info, {"sender_name": "Ada", "recipient_name": "Tobias"}, "Dear Tobias.\n")
    view = ClientFileView(store)
    qtbot.addWidget(view)
    view.show_client(cid)
    assert view.letters.headerItem().text(5) == "Writer"
    assert view.letters.topLevelItem(0).text(5) == "bea"
    store.close()


def test_the_server_down_at_start_then_back_files_the_letters_saved_meanwhile(
    qtbot, pg_cluster, pg_url, tmp_path, monkeypatch, no_lt
):
    from letterwriter.gui.mainwindow import MainWindow

    store = ArchiveStore.open(pg_url)
    pid = store.people(add_client(store, TOBIAS))[0].id
    monkeypatch.setenv("LETTERWRITER_DATABASE_URL", pg_url)
    monkeypatch.setattr(QDialog, "exec", lambda self: 0)
    target = tmp_path / "tobias.letter"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    pg_cluster.stop("immediate")
    try:
        win = MainWindow()
        qtbot.addWidget(win)
        win.show()
        win.start_background()
        qtbot.waitUntil(lambda: win.desk is not None and win.draft is not None, timeout=20000)
        status = win.archive_status.label
        assert status.isVisible() and status.text() == "Client files unreachable — letters are kept here"
        assert "cannot be reached" in status.toolTip()
        assert win.files.warning.isHidden()  # drafts autosave here as always: nothing to warn of
        assert win.show_clients() is None  # said in a message, not a crash
        # a letter to him (as one brought back from an autosave is), saved while the server is down
        win.draft.person_id = pid
        win.draft.set_value("sender_name", "Ada")
        win.draft.set_value("recipient_name", "Tobias")
        assert win.files.save()
        assert status.text() == "Client files unreachable — 1 letter waiting"
        assert json.loads(target.read_text())["template"]  # the file itself is written as always
        win.archive_status.try_again()  # still down: still waiting
        qtbot.waitUntil(lambda: not win.archive_status._asking, timeout=10000)
        assert status.text() == "Client files unreachable — 1 letter waiting"
    finally:
        pg_cluster.start()
    win.archive_status.try_again()
    qtbot.waitUntil(lambda: not status.isVisible(), timeout=10000)
    letters = store.list_letters(person_id=pid)
    assert [x.id for x in letters] == [win.draft.letter_id]
    assert "filed" in win.statusBar().currentMessage()
    win.draft.set_value("sender_name", "Ada B.")
    assert win.files.save()  # now straight into the archive: still one letter
    assert [x.id for x in store.list_letters(person_id=pid)] == [win.draft.letter_id]
    assert win.desk.waiting() == 0
    win.close()
    store.close()


def test_an_edit_made_on_a_file_another_desk_changed_is_refused_and_the_file_shown_again(qtbot, pg_url):
    import dataclasses

    from letterwriter.archive import edits as ed
    from letterwriter.gui.clients import ClientsPanel

    ada_desk, bea_desk = ArchiveStore.open(pg_url, writer="ada"), ArchiveStore.open(pg_url, writer="bea")
    cid = add_client(ada_desk, {**TOBIAS, "notes": "writes every June"})
    panel = ClientsPanel(ada_desk)  # Ada's Clients window, her client's file on screen
    qtbot.addWidget(panel)
    panel.file.show_client(cid)
    said: list[str] = []
    panel.undo.failed.connect(said.append)
    shown = panel.file.client_file.client
    # meanwhile Bea, at her desk, changes the same file
    theirs = bea_desk.get_client(cid)
    bea_desk.update_client(
        dataclasses.replace(theirs, notes="prefers the formal closing"), version=theirs.version
    )
    mine = dataclasses.replace(shown, notes="writes every June and at Christmas")
    assert not panel.undo.apply(ed.ChangeClient(shown, mine))  # refused: nothing of Bea's undone
    assert said and "Ada Byrne's file was changed by bea" in said[0] and "not saved" in said[0]
    assert panel.file.client_file.client.notes == "prefers the formal closing"  # shown again, theirs
    assert panel.undo.count() == 0
    again = panel.file.client_file.client  # made again on the file as it is now: saved
    assert panel.undo.apply(ed.ChangeClient(again, dataclasses.replace(again, notes="both")))
    assert bea_desk.get_client(cid).notes == "both" and bea_desk.get_client(cid).updated_by == "ada"
    panel.undo.undo()  # and undone, on the version this desk just made
    assert bea_desk.get_client(cid).notes == "prefers the formal closing"
    ada_desk.close()
    bea_desk.close()
