"""Undo in the window walks the person's own steps (the draft's history), by the standard keys."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from window_driver import fill, start

from letterwriter.gui.letterview import TEXT

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def agrees(w) -> bool:
    d = w.draft
    on_screen = w.view.editor.toPlainText() == d.text
    return on_screen and (d.edited_text is not None or d.text == d.rendering().text)


def test_ctrl_z_across_a_length_change_and_an_edit_walks_back_in_order(qtbot, win):
    """Issue 24: Length to Short, one key in Edit text, Ctrl+Z twice brought back the old Letter
    text as 'You have edited…' under a brief that said Short."""
    start(qtbot, win)
    letter_text = win.draft.text
    win.brief.length.setFocus()
    win.brief.length.setCurrentIndex(win.brief.length.findData("short"))
    short_text = win.draft.text
    assert short_text != letter_text
    win.view.setCurrentIndex(TEXT)
    editor = win.view.editor
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClick(editor, Qt.Key.Key_X)
    assert win.draft.edited_text is not None
    qtbot.keyClick(editor, Qt.Key.Key_Z, CTRL)
    assert win.draft.edited_text is None and win.draft.values["length"] == "short"
    assert editor.toPlainText() == short_text and agrees(win)
    assert win.view.note_row.isHidden()  # no "You have edited…" over a generated letter
    qtbot.keyClick(editor, Qt.Key.Key_Z, CTRL)
    assert win.draft.values["length"] == "letter" and win.brief.length.currentData() == "letter"
    assert editor.toPlainText() == letter_text and agrees(win)
    qtbot.keyClick(editor, Qt.Key.Key_Z, CTRL | SHIFT)  # redo, the standard key on Linux
    assert win.draft.values["length"] == "short" and editor.toPlainText() == short_text
    qtbot.keyClick(editor, Qt.Key.Key_Z, CTRL | SHIFT)
    assert editor.toPlainText() == short_text + "x" and win.draft.edited_text is not None


def test_ctrl_z_in_a_brief_field_takes_back_the_field_then_the_step_before(qtbot, win):
    start(qtbot, win)
    win.brief.length.setCurrentIndex(win.brief.length.findData("short"))
    win.draft.history.seal()
    fill(qtbot, win, "memory", "the cake")
    field = win.brief.form.editor("memory")
    assert "the cake" in win.draft.text
    qtbot.keyClick(field, Qt.Key.Key_Z, CTRL)
    assert field.text() == "" and "the cake" not in win.draft.text
    qtbot.keyClick(field, Qt.Key.Key_Z, CTRL)  # the field's own undo had nothing left; ours goes on
    assert win.draft.values["length"] == "letter" and agrees(win)


def test_the_edit_menu_says_what_undo_takes_back_and_uses_the_standard_keys(qtbot, win):
    start(qtbot, win)
    a = win.actions
    assert a.undo.shortcut().matches(QKeySequence(QKeySequence.StandardKey.Undo))
    assert a.redo.shortcut() == QKeySequence(QKeySequence.StandardKey.Redo)
    win.draft.history.clear()
    win.show_draft()
    assert not a.undo.isEnabled() and not a.redo.isEnabled()
    win.brief.length.setCurrentIndex(win.brief.length.findData("short"))
    assert a.undo.isEnabled() and "Length" in a.undo.text()
    a.undo.trigger()
    assert a.redo.isEnabled() and "Length" in a.redo.text() and not a.undo.isEnabled()


def test_regenerate_is_undone_by_undo_as_its_question_promises(qtbot, win, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    start(qtbot, win)
    editor = win.view.editor
    win.view.setCurrentIndex(TEXT)
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor, " PS: bring the cake.")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Ok)
    win.regenerate()
    assert "bring the cake" not in editor.toPlainText()
    qtbot.keyClick(editor, Qt.Key.Key_Z, CTRL)
    assert "bring the cake" in editor.toPlainText() and agrees(win)


def test_the_text_menu_offers_the_drafts_undo_not_the_editors_own(qtbot, win):
    start(qtbot, win)
    menu = win.view.issue_menu(None)
    names = [a.objectName() for a in menu.actions()]
    assert win.actions.undo in menu.actions() and win.actions.redo in menu.actions()
    assert "edit-undo" not in names and "edit-copy" in names


def test_undo_names_the_field_typed_in(qtbot, win):
    start(qtbot, win)
    assert win.actions.undo.text() == "&Undo typing in Their name"
