"""The real window driven like a person would: typing, choosing, saving, exporting."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from window_driver import fill, open_window, start, wait_text

from letterwriter.gui import checker as chk
from letterwriter.gui.letterview import PAPER, TEXT

pytestmark = pytest.mark.gui


def test_pick_template_type_and_both_views_show_the_same_letter(qtbot, win):
    start(qtbot, win)
    qtbot.waitUntil(lambda: win.view.preview.page_count() >= 1, timeout=3000)
    assert win.view.editor.toPlainText() == win.draft.text
    first = list(win.brief.form.rows)[:2]
    win.choose_template("thank_you")
    assert list(win.brief.form.rows)[:2] == first == ["sender_name", "recipient_name"]


def test_cursor_starts_in_the_first_field(qtbot, win):
    assert win.brief.form.editor("sender_name").hasFocus() or win.focusWidget() is win.brief.form.editor(
        "sender_name"
    )


def test_missing_required_field_both_views_say_so(qtbot, win):
    start(qtbot, win, "thank_you")
    qtbot.waitUntil(lambda: win.brief.form.error_text("what_they_did") != "", timeout=3000)
    assert win.view.editor.toPlainText() == "" and win.view.editor.isReadOnly()
    assert "fill in" in win.view.preview.pages.message
    fill(qtbot, win, "what_they_did", "fed the cat")
    qtbot.waitUntil(lambda: win.brief.form.error_text("what_they_did") == "", timeout=3000)
    assert "fed the cat" in win.view.editor.toPlainText()


def test_free_text_is_kept_aside_not_carried(qtbot, win):
    start(qtbot, win)
    fill(qtbot, win, "memory", "the cake that slid off the table")
    win.choose_template("condolence")
    assert win.brief.form.rows["recipient_name"].value() == "Marguerite"
    assert "cake" not in win.view.editor.toPlainText()
    assert win.brief.aside_note.isVisibleTo(win) and "Birthday" in win.brief.aside_note.text()
    win.choose_template("birthday")
    assert win.brief.form.rows["memory"].value() == "the cake that slid off the table"


def test_switching_after_an_edit_asks_and_never_shows_the_old_letter(qtbot, win, monkeypatch):
    start(qtbot, win)
    win.view.setCurrentIndex(TEXT)
    win.view.editor.moveCursor(win.view.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(win.view.editor, "PS: bring the cake.")
    assert win.draft.edited_text is not None
    asked = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **k: asked.append(1) or QMessageBox.StandardButton.Cancel
    )
    win.choose_template("condolence")
    assert asked and win.draft.template == "birthday"
    assert win.brief.template_combo.currentData() == "birthday"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Ok)
    win.choose_template("condolence")
    assert "bring the cake" not in win.view.editor.toPlainText()
    assert win.draft.edited_text is None


def test_brief_change_after_edit_keeps_the_edit_and_offers_regenerate(qtbot, win, monkeypatch):
    start(qtbot, win)
    win.view.editor.moveCursor(win.view.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(win.view.editor, "PS: bring the cake.")
    fill(qtbot, win, "sender_name", "Theo")
    assert "bring the cake" in win.draft.text
    assert not win.view.note_row.isHidden() and "brief changed" in win.view.edit_note.text()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(win.view.regenerate_button, Qt.MouseButton.LeftButton)
    assert "bring the cake" in win.draft.text  # asked first: Cancel keeps the edit
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Ok)
    qtbot.mouseClick(win.view.regenerate_button, Qt.MouseButton.LeftButton)
    assert win.draft.edited_text is None and "bring the cake" not in win.view.editor.toPlainText()


def test_another_wording_changes_variation(qtbot, win):
    start(qtbot, win)
    before = win.draft.text
    qtbot.mouseClick(win.brief.wording, Qt.MouseButton.LeftButton)
    assert win.draft.variation == 2 and win.draft.text != before


def test_tone_and_length_have_labels(qtbot, win):
    from PySide6.QtWidgets import QLabel

    buddies = {lab.buddy() for lab in win.brief.findChildren(QLabel) if lab.buddy()}
    assert win.brief.tone in buddies and win.brief.length in buddies


def test_title_shows_unsaved_marker(qtbot, win, tmp_path, monkeypatch):
    assert not win.isWindowModified()
    start(qtbot, win)
    assert win.isWindowModified() and "[*]" in win.windowTitle()
    target = tmp_path / "m.letter"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    win.actions.save.trigger()
    assert not win.isWindowModified() and "m.letter" in win.windowTitle()


def test_save_reopen_and_open_recent(qtbot, win, tmp_path, monkeypatch):
    start(qtbot, win, "friendship")
    win.brief.form.rows["memories"].editor.add_item("the night market")
    win.brief.form.rows["memories"].editor.list.item(0).setText("the night market")
    wait_text(qtbot, win, "night market")
    target = tmp_path / "m.letter"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert win.files.save_as()
    data = json.loads(target.read_text())
    assert data["format"] == "letterwriter/1" and data["template"] == "friendship"
    assert data["brief"]["memories"] == ["the night market"] and data["edited_text"] is None
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())

    win.actions.new.trigger()
    assert win.brief.form.rows["recipient_name"].value() == ""
    win.files._fill_recent()
    recent = [a for a in win.files.recent_menu.actions() if a.toolTip() == str(target)]
    assert recent
    recent[0].trigger()
    assert win.draft.template == "friendship" and win.draft.path == target
    assert win.brief.form.rows["memories"].value() == ["the night market"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_unknown_template_file_never_becomes_the_save_target(qtbot, win, tmp_path, monkeypatch):
    start(qtbot, win)
    bad = tmp_path / "other.letter"
    original = json.dumps({"format": "letterwriter/1", "template": "not_installed", "brief": {}})
    bad.write_text(original)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    assert not win.files.open(bad)
    assert warned and "not installed" in warned[0]
    assert win.draft.path is None and "Marguerite" in win.draft.text
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    win.actions.save.trigger()  # asks where (cancelled): never writes into other.letter
    assert bad.read_text() == original


def test_export_pdf_and_text(qtbot, win, tmp_path, monkeypatch):
    start(qtbot, win)
    target = tmp_path / "out.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    win.actions.export_pdf.trigger()
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True).stdout
    assert "Marguerite" in text
    assert win.settings.get("last_folder") == str(tmp_path)
    txt = tmp_path / "out.txt"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(txt), ""))
    assert win.exporting.export_text() == txt
    assert txt.read_text() == win.draft.text
    assert oct(txt.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def test_languagetool_missing_window_still_works(qtbot, win):
    qtbot.waitUntil(lambda: win.service.state == chk.UNAVAILABLE, timeout=10000)
    assert "not installed" in win.check_status.label.toolTip()
    start(qtbot, win)
    win.actions.check.trigger()  # F7 does nothing harmful
    assert win.draft.issues == []


def test_find_and_replace(qtbot, win):
    start(qtbot, win)
    win.actions.replace.trigger()
    assert win.view.currentIndex() == TEXT and win.view.find_bar.isVisible()
    win.view.find_bar.find.setText("Marguerite")
    win.view.find_bar.replace.setText("Maggie")
    n = win.view.find_bar.replace_all()
    assert n >= 1 and "Marguerite" not in win.draft.text and "Maggie" in win.draft.text
    assert win.draft.edited_text is not None


def test_edit_menu_copy_paste(qtbot, win):
    start(qtbot, win)
    editor = win.brief.form.editor("pet_name")
    editor.setFocus()
    qtbot.keyClicks(editor, "Daisy")
    editor.selectAll()
    win.actions.copy.trigger()
    other = win.brief.form.editor("recipient_full_name")
    other.setFocus()
    win.actions.paste.trigger()
    assert other.text() == "Daisy"


def test_preferences_and_browser(qtbot, win):
    from letterwriter.gui.dialogs import PreferencesDialog, TemplateBrowser
    from letterwriter.settings import Settings

    dlg = PreferencesDialog(win.settings, win)
    qtbot.addWidget(dlg)
    dlg.language.setCurrentIndex(dlg.language.findData("en-GB"))
    dlg.picky.setChecked(True)
    dlg.apply()
    assert Settings.load().get("language") == "en-GB" and Settings.load().get("picky") is True
    browser = TemplateBrowser(win.lib, win)
    qtbot.addWidget(browser)
    assert browser.list.count() >= 5
    assert browser.sample.toPlainText().strip()


def test_saved_language_is_applied_on_open(qtbot, win, tmp_path):
    path = tmp_path / "gb.letter"
    path.write_text(
        json.dumps(
            {
                "format": "letterwriter/1",
                "template": "birthday",
                "language": "en-GB",
                "brief": {"sender_name": "T", "recipient_name": "M", "letter_date": "2025-03-04"},
            }
        )
    )
    assert win.files.open(path)
    assert win.draft.language == "en-GB" and "4 March 2025" in win.draft.text


def test_geometry_remembered(qtbot, win):
    win.resize(900, 700)
    win.close()
    from letterwriter.gui.mainwindow import MainWindow

    again = MainWindow()
    qtbot.addWidget(again)
    assert again.size().height() == 700


def test_closing_with_unsaved_work_asks_and_can_cancel(qtbot, no_lt, monkeypatch, tmp_path):
    w = open_window(qtbot)
    assert not w.draft.modified
    qtbot.keyClicks(w.brief.form.editor("recipient_name"), "Marguerite")
    assert w.draft.modified
    asked = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **k: asked.append(a[1]) or QMessageBox.StandardButton.Cancel
    )
    w.close()
    assert asked and w.isVisible(), "Cancel keeps the window and the letter"
    target = tmp_path / "kept.letter"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Save)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    w.close()
    assert target.exists() and "Marguerite" in target.read_text()
    assert not w.isVisible()


def test_autosave_within_a_second_and_a_clean_close_leaves_nothing(qtbot, no_lt, monkeypatch):
    from letterwriter.paths import database_file
    from letterwriter.storage.drafts import DraftStore

    w = open_window(qtbot)
    qtbot.keyClicks(w.brief.form.editor("recipient_name"), "Marguerite")
    qtbot.wait(900)
    rows = DraftStore.open(database_file()).list_drafts()
    assert len(rows) == 1 and rows[0].recipient == "Marguerite"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    w.close()
    assert DraftStore.open(database_file()).list_drafts() == []


def test_idle_window_with_a_clean_letter_sends_no_check(qtbot, no_lt):
    """A clean letter once checked is never checked again while nothing changes."""
    w = open_window(qtbot)
    start(qtbot, w)
    w.service.url = "http://127.0.0.1:9"  # pretend the server is up: the decision is what counts
    w.service._set(chk.READY, w.service.url)
    w.draft.accept_issues(w.draft.revision, w.draft.text, [])
    w.checking.letter_changed()
    sent = w.checking.sent
    qtbot.wait(5000)
    assert w.checking.sent == sent
    assert w.view.currentIndex() == PAPER


def test_print_goes_through_the_print_dialog_laid_out_like_the_pdf(qtbot, win, tmp_path, monkeypatch):
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    start(qtbot, win)
    printed = tmp_path / "printed.pdf"

    def accept(dialog):  # the person picks "print to file" and presses Print
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(printed))
        return QPrintDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    win.actions.print.trigger()
    exported = tmp_path / "exported.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(exported), ""))
    win.actions.export_pdf.trigger()

    def text(p):
        return subprocess.run(["pdftotext", str(p), "-"], capture_output=True, text=True).stdout

    assert "Marguerite" in text(printed)
    assert text(printed).split() == text(exported).split()


@pytest.mark.parametrize("size", [(1280, 800), (800, 600)])
def test_nothing_clipped_at_common_sizes(qtbot, win, size):
    win.resize(*size)
    start(qtbot, win)
    qtbot.wait(300)
    scroll = win.brief.form.parentWidget().parentWidget()
    assert not scroll.horizontalScrollBar().isVisible()
    assert not win.issues_panel.isVisible()  # empty: collapsed
    assert win.view.width() > 300


def test_languagetool_start_can_be_stopped_and_restarted_with_f7(qtbot, real_lt_dir, monkeypatch):
    monkeypatch.delenv("LETTERWRITER_LT_URL", raising=False)
    w = open_window(qtbot)
    status = w.check_status
    qtbot.waitUntil(lambda: w.service.state == "starting" and w.service.server is not None, timeout=30000)
    assert status.stop_button.isVisible() and status.progress.isVisible()
    server = w.service.server
    qtbot.mouseClick(status.stop_button, Qt.MouseButton.LeftButton)
    assert w.service.state == "off" and not server.alive()
    assert "F7" in status.label.toolTip() and not status.stop_button.isVisible()
    qtbot.keyClick(w, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: w.service.state == "ready", timeout=180000)
    w.service.stop()


def test_client_files_start_a_letter_and_warn_of_a_memory_told_before(qtbot, win, tmp_path, monkeypatch):
    from letterwriter.archive.clients import add_client

    store = win.desk.archive
    client_id = add_client(
        store,
        {
            "name": "Theodore",
            "people": [
                {
                    "name": "Catherine",
                    "pronouns": "she/her",
                    "relationship": "spouse",
                    "dates": {"anniversary": "2001-06-09"},
                    "memories": ["the night the power went out and we read by candlelight"],
                }
            ],
        },
    )
    pid = store.people(client_id)[0].id
    from PySide6.QtWidgets import QInputDialog

    asked = []

    def choose_love_letter(parent, title, label, items, current, editable):
        asked.append((items[current], label))
        return win.lib.get("love_letter").title, True

    monkeypatch.setattr(QInputDialog, "getItem", choose_love_letter)
    win.choose_template("condolence")  # the letter on the desk is not the one she gets
    clients = win.show_clients()
    assert clients.isVisible()
    memory = "the night the power went out and we read by candlelight"
    clients.panel.new_letter_requested.emit(pid, [memory])
    draft = win.draft
    # her anniversary comes round: that occasion is offered first
    assert asked and asked[0][0] == win.lib.get("anniversary").title and "Catherine" in asked[0][1]
    assert draft.template == "love_letter"
    assert draft.person_id == pid and draft.values["recipient_name"] == "Catherine"
    assert draft.values["sender_name"] == "Theodore"
    assert "candlelight" in draft.text
    target = tmp_path / "first.letter"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert win.files.save()
    letters = store.list_letters(person_id=pid)
    assert len(letters) == 1 and draft.letter_id == letters[0].id
    assert json.loads(target.read_text())["archive"]["person"] == pid
    # a second letter to her with the same memory: the writer is told
    clients.panel.new_letter_requested.emit(pid, [memory])
    qtbot.waitUntil(lambda: win.brief.reuse_note.isVisibleTo(win), timeout=3000)
    assert letters[0].id in win.brief.reuse_note.text() and "candlelight" in win.brief.reuse_note.text()


def test_the_plus_button_adds_a_list_item_and_the_wheel_leaves_choices_alone(qtbot, win):
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication, QToolButton

    start(qtbot, win, "love_letter")
    editor = win.brief.form.rows["memories"].editor
    plus = next(b for b in editor.findChildren(QToolButton) if b.text() == "+")
    qtbot.mouseClick(plus, Qt.MouseButton.LeftButton)
    assert editor.list.count() == 1
    combo = win.brief.form.editor("recipient_pronouns")
    before = combo.currentIndex()
    win.brief.form.editor("sender_name").setFocus()
    wheel = QWheelEvent(
        QPointF(5, 5),
        QPointF(combo.mapToGlobal(QPoint(5, 5))),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(combo, wheel)
    assert combo.currentIndex() == before  # scrolling past a choice never changes it


def test_cancelled_switch_puts_the_occasion_back_in_the_list(qtbot, win, monkeypatch):
    start(qtbot, win)
    win.view.editor.moveCursor(win.view.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(win.view.editor, " PS")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    win.brief.template_combo.setCurrentIndex(win.brief.template_combo.findData("to_parent"))
    assert win.draft.template == "birthday"
    assert win.brief.template_combo.currentData() == "birthday"


def test_a_list_is_clicked_into_and_typed_like_a_text_box(qtbot, win):
    """A new user clicked the empty "Shared memories" box and typed: nothing happened."""
    start(qtbot, win, "love_letter")
    editor = win.brief.form.rows["memories"].editor
    editor.list.viewport().setFocus()
    middle = editor.list.viewport().rect().center()
    qtbot.mouseClick(editor.list.viewport(), Qt.MouseButton.LeftButton, pos=middle)
    qtbot.keyClicks(QApplication.focusWidget(), "the night market")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.items() == ["the night market"], timeout=3000)
    # typing into the list (not an item) starts the next one with that very key
    editor.list.setFocus()
    qtbot.keyClicks(editor.list, "o")
    qtbot.keyClicks(QApplication.focusWidget(), "ur first walk")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.items() == ["the night market", "our first walk"], timeout=3000)
    qtbot.waitUntil(lambda: "night market" in (getattr(win.draft.letter(), "text", "")), timeout=5000)
    # a click into the empty space and away again leaves no blank line behind
    empty = editor.list.viewport().rect().bottomLeft() + QPoint(5, -5)
    qtbot.mouseClick(editor.list.viewport(), Qt.MouseButton.LeftButton, pos=empty)
    win.brief.form.editor("sender_name").setFocus()
    qtbot.waitUntil(lambda: editor.list.count() == 2, timeout=3000)


def test_a_failing_autosave_stays_in_sight_until_one_works(qtbot, win, monkeypatch):
    """It was a status message gone after 8 s; what was typed after it was not safe, unsaid."""
    start(qtbot, win, "love_letter")
    files = win.files
    real = win.desk.autosave
    calls = []

    def full_disk():
        calls.append(1)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(win.desk, "autosave", full_disk)
    fill(qtbot, win, "pet_name", "Cat")
    qtbot.waitUntil(lambda: not files.warning.isHidden(), timeout=3000)
    assert "Autosave failed" in files.warning.text() and "Ctrl+S" in files.warning.text()
    assert files.retry_timer.isActive()  # tried again even if nobody types
    qtbot.wait(1500)
    assert not files.warning.isHidden()  # still there after the old message would have gone
    monkeypatch.setattr(win.desk, "autosave", real)
    files.retry_timer.timeout.emit()
    assert files.warning.isHidden()
    saved = win.desk.drafts.get_draft(win.draft.id)
    assert saved is not None and "Cat" in saved.letter_text  # what was typed meanwhile is on disk
