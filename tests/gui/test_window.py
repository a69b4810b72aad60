"""The real window driven like a person would: typing, choosing, saving, exporting."""

from __future__ import annotations

import json
import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from letterwriter.gui import checker as chk

pytestmark = pytest.mark.gui


@pytest.fixture
def no_lt(tmp_path, monkeypatch):
    empty = tmp_path / "no-languagetool"
    empty.mkdir()
    monkeypatch.setenv("LETTERWRITER_LANGUAGETOOL_DIR", str(empty))
    monkeypatch.delenv("LETTERWRITER_LT_URL", raising=False)
    return empty


@pytest.fixture
def win(qtbot, no_lt, monkeypatch):
    from letterwriter.gui.mainwindow import MainWindow

    # nothing modal may block: any stray dialog returns at once
    monkeypatch.setattr(QDialog, "exec", lambda self: 0)
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    w.start_background()
    qtbot.waitUntil(lambda: w.lib is not None and w.info is not None, timeout=20000)
    return w


def fill(qtbot, w, name, text):
    editor = w.form.editor(name)
    editor.setFocus()
    editor.clear()
    qtbot.keyClicks(editor, text)


def wait_text(qtbot, w, needle):
    qtbot.waitUntil(lambda: w.letter is not None and needle in w.current_text(), timeout=5000)


def test_pick_template_and_type(qtbot, win):
    assert win.select_template("birthday")
    assert "birthday" in win.description.text().lower() or win.description.text()
    fill(qtbot, win, "sender_name", "Theodore")
    fill(qtbot, win, "recipient_name", "Marguerite")
    wait_text(qtbot, win, "Marguerite")
    assert win.preview.page_count() >= 1
    assert win.editor.toPlainText() == win.letter.text
    # the form keeps common fields in the same place for every template
    first = list(win.form.rows)[:2]
    win.select_template("thank_you")
    assert list(win.form.rows)[:2] == first == ["sender_name", "recipient_name"]


def test_missing_required_field_shows_message(qtbot, win):
    win.select_template("thank_you")
    fill(qtbot, win, "sender_name", "Theodore")
    fill(qtbot, win, "recipient_name", "Marguerite")
    qtbot.waitUntil(lambda: win.form.error_text("what_they_did") != "", timeout=3000)
    assert win.form.error_text("sender_name") == ""
    fill(qtbot, win, "what_they_did", "fed the cat")
    qtbot.waitUntil(lambda: win.form.error_text("what_they_did") == "", timeout=3000)
    wait_text(qtbot, win, "Marguerite")


def test_values_survive_template_switch(qtbot, win):
    win.select_template("birthday")
    fill(qtbot, win, "recipient_name", "Marguerite")
    fill(qtbot, win, "inside_joke", "the purple goose")
    win.select_template("thank_you")
    assert win.form.rows["recipient_name"].value() == "Marguerite"
    win.select_template("friendship")
    assert win.form.rows["inside_joke"].value() == "the purple goose"


def test_another_wording_changes_variation(qtbot, win):
    win.select_template("birthday")
    fill(qtbot, win, "sender_name", "Theodore")
    fill(qtbot, win, "recipient_name", "Marguerite")
    wait_text(qtbot, win, "Marguerite")
    qtbot.mouseClick(win.wording, Qt.MouseButton.LeftButton)
    assert win.variation == 2
    assert win.document().variation == 2


def test_edit_then_change_brief_asks(qtbot, win, monkeypatch):
    win.select_template("birthday")
    fill(qtbot, win, "sender_name", "Theodore")
    fill(qtbot, win, "recipient_name", "Marguerite")
    wait_text(qtbot, win, "Marguerite")
    win.tabs.setCurrentIndex(1)
    win.editor.moveCursor(win.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(win.editor, "PS: bring the cake.")
    assert win.edited_text is not None and "bring the cake" in win.edited_text

    asked = []
    monkeypatch.setattr(type(win), "ask_keep_edits", lambda self: asked.append(1) or True)
    fill(qtbot, win, "recipient_name", "Margot")
    qtbot.waitUntil(lambda: bool(asked), timeout=3000)
    assert "bring the cake" in win.current_text()

    monkeypatch.setattr(type(win), "ask_keep_edits", lambda self: asked.append(2) or False)
    win.editor.moveCursor(win.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(win.editor, "!")
    fill(qtbot, win, "recipient_name", "Maggie")
    qtbot.waitUntil(lambda: 2 in asked, timeout=3000)
    wait_text(qtbot, win, "Maggie")
    assert win.edited_text is None and "bring the cake" not in win.current_text()


def test_ask_keep_edits_uses_message_box(qtbot, win, monkeypatch):
    def fake_exec(box):
        keep = [b for b in box.buttons() if b.text() == "Keep my edits"][0]
        monkeypatch.setattr(box, "clickedButton", lambda: keep)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    assert win.ask_keep_edits() is True


def test_save_and_reopen(qtbot, win, tmp_path, monkeypatch):
    win.select_template("friendship")
    fill(qtbot, win, "sender_name", "Theodore")
    fill(qtbot, win, "recipient_name", "Marguerite")
    win.form.rows["memories"].editor.add_item("the night market")
    wait_text(qtbot, win, "Marguerite")
    target = tmp_path / "m.letter"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert win.save_as()
    data = json.loads(target.read_text())
    assert data["format"] == "letterwriter/1" and data["template"] == "friendship"
    assert data["brief"]["memories"] == ["the night market"] and data["edited_text"] is None

    win.new_letter()
    assert win.form.rows["recipient_name"].value() == ""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(target), ""))
    win.open_dialog()
    assert win.info.id == "friendship"
    assert win.form.rows["memories"].value() == ["the night market"]
    wait_text(qtbot, win, "Marguerite")


def test_export_pdf_through_dialog(qtbot, win, tmp_path, monkeypatch):
    win.select_template("birthday")
    fill(qtbot, win, "sender_name", "Theodore")
    fill(qtbot, win, "recipient_name", "Marguerite")
    wait_text(qtbot, win, "Marguerite")
    target = tmp_path / "out.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    win.actions.export_pdf.trigger()
    assert target.exists()
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True).stdout
    assert "Marguerite" in text
    assert win.settings.get("last_folder") == str(tmp_path)


def test_export_text_and_issues_dialog(qtbot, win, tmp_path, monkeypatch):

    win.select_template("birthday")
    fill(qtbot, win, "sender_name", "Theodore")
    fill(qtbot, win, "recipient_name", "Marguerite")
    wait_text(qtbot, win, "Marguerite")
    target = tmp_path / "out.txt"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert win.export_text() == target
    assert target.read_text() == win.letter.text


def test_languagetool_missing_window_still_works(qtbot, win):
    qtbot.waitUntil(lambda: win.checker.state == chk.UNAVAILABLE, timeout=10000)
    assert "not installed" in win.status_label.text()
    fill(qtbot, win, "sender_name", "Theodore")
    fill(qtbot, win, "recipient_name", "Marguerite")
    wait_text(qtbot, win, "Marguerite")
    win.actions.check.trigger()  # F7 does nothing harmful
    assert win.issues == []


def test_stale_results_dropped(qtbot, win):
    from letterwriter.grammar import CheckReport

    fill(qtbot, win, "sender_name", "Theodore")
    fill(qtbot, win, "recipient_name", "Marguerite")
    wait_text(qtbot, win, "Marguerite")
    old = win.request_id
    fill(qtbot, win, "recipient_name", "Margot")
    wait_text(qtbot, win, "Margot")
    win._on_check_result(old, CheckReport("en-US", []), "stale text")
    assert win.dropped_results == 1


def test_preferences_and_browser(qtbot, win, monkeypatch):
    from letterwriter.gui.dialogs import PreferencesDialog, TemplateBrowser

    dlg = PreferencesDialog(win.settings, win)
    qtbot.addWidget(dlg)
    dlg.language.setCurrentIndex(dlg.language.findData("en-GB"))
    dlg.picky.setChecked(True)
    dlg.apply()
    from letterwriter.settings import Settings

    assert Settings.load().get("language") == "en-GB" and Settings.load().get("picky") is True
    browser = TemplateBrowser(win.lib, win)
    qtbot.addWidget(browser)
    assert browser.list.count() >= 5
    assert (
        win.lib.get(browser.list.item(0).data(Qt.ItemDataRole.UserRole)).title in browser.description.text()
    )
    assert browser.sample.toPlainText().strip()


def test_geometry_remembered(qtbot, win):
    win.resize(900, 700)
    win.close()
    from letterwriter.gui.mainwindow import MainWindow

    again = MainWindow()
    qtbot.addWidget(again)
    assert not again.state.get("geometry", b"", bytes) == b""
    assert again.size().height() == 700


def test_closing_with_unsaved_work_asks_and_can_cancel(qtbot, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from letterwriter.gui.mainwindow import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    w.start_background()
    qtbot.waitUntil(lambda: w.lib is not None, timeout=30000)
    assert not w.is_modified()
    qtbot.keyClicks(w.form.editor("recipient_name"), "Marguerite")
    assert w.is_modified()
    asked = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *a, **k: asked.append(a[1]) or QMessageBox.StandardButton.Cancel,
    )
    w.close()
    assert asked and w.isVisible(), "Cancel keeps the window and the letter"
    target = tmp_path / "kept.letter"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Save)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    w.close()
    assert target.exists() and "Marguerite" in target.read_text()
    assert not w.isVisible()


def test_languagetool_start_can_be_stopped_and_restarted_with_f7(qtbot, real_lt_dir):
    from PySide6.QtCore import Qt

    from letterwriter.gui.mainwindow import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    w.start_background()
    qtbot.waitUntil(lambda: w.checker.state == "starting" and w.checker.server is not None, timeout=30000)
    assert w.stop_lt_button.isVisible() and w.progress.isVisible()
    server = w.checker.server
    qtbot.mouseClick(w.stop_lt_button, Qt.MouseButton.LeftButton)
    assert w.checker.state == "off" and not server.alive()
    assert "F7" in w.status_label.text() and not w.stop_lt_button.isVisible()
    qtbot.keyClick(w, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: w.checker.state == "ready", timeout=180000)
    w.checker.stop()


def test_print_goes_through_the_print_dialog_laid_out_like_the_pdf(qtbot, win, tmp_path, monkeypatch):
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    win.select_template("birthday")
    fill(qtbot, win, "sender_name", "Theodore")
    fill(qtbot, win, "recipient_name", "Marguerite")
    wait_text(qtbot, win, "Marguerite")
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
