"""The window by keyboard: Tab through a list, one owner per Alt key, and a Find bar that finds both ways."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QContextMenuEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit
from window_driver import start

from letterwriter.gui.letterview import TEXT

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def test_tab_in_a_list_item_moves_on_and_the_next_key_does_not_replace_the_item(qtbot, win):
    """Issue 24: Tab inside a list item re-selected the item, so the next key replaced it."""
    start(qtbot, win, "love_letter")
    editor = win.brief.form.rows["memories"].editor
    editor.list.setFocus()
    qtbot.keyClick(editor.list, Qt.Key.Key_T)  # the first key opens a new item and goes into it
    box = QApplication.focusWidget()
    qtbot.keyClicks(box, "he night market")
    assert isinstance(box, QLineEdit) and box.text() == "the night market"
    qtbot.keyClick(box, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: editor.items() == ["the night market"], timeout=3000)
    after = QApplication.focusWidget()
    assert not isinstance(after, QLineEdit) or not editor.list.isAncestorOf(after)
    assert editor.list.state() != editor.list.State.EditingState
    qtbot.keyClicks(after, "x")
    assert editor.items()[0] == "the night market"


def _mnemonic(text: str) -> str | None:
    m = re.search(r"&([^&\s])", text.replace("&&", ""))
    return m.group(1).lower() if m else None


def test_every_alt_key_in_the_window_has_one_owner(qtbot, win):
    """Issue 24: Alt+T was claimed by both the Tools menu and the Tone label."""
    start(qtbot, win)
    owners: dict[str, list[str]] = {}
    for action in win.menuBar().actions():
        key = _mnemonic(action.text())
        if key:
            owners.setdefault(key, []).append(f"menu {action.text()}")
    widgets = win.findChildren(QLabel) + win.findChildren(QAbstractButton)
    for w in widgets:
        if not w.isVisibleTo(win):
            continue
        if isinstance(w, QLabel) and w.buddy() is None:
            continue
        key = _mnemonic(w.text())
        if key:
            owners.setdefault(key, []).append(f"{type(w).__name__} {w.text()}")
    shared = {k: v for k, v in owners.items() if len(v) > 1}
    assert not shared, shared
    assert {"f", "e", "h"} <= set(owners)


def test_find_bar_next_previous_match_case_and_a_count(qtbot, win):
    start(qtbot, win)
    editor = win.view.editor
    win.view.setCurrentIndex(TEXT)
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor, " The the THE.")
    bar = win.view.find_bar
    qtbot.keyClick(editor, Qt.Key.Key_F, CTRL)
    assert bar.isVisible() and bar.find.hasFocus()
    text = win.draft.text
    total = len(re.findall("the", text, re.IGNORECASE))
    exact = text.count("the")
    qtbot.keyClicks(bar.find, "the")
    assert f"{total}" in bar.status.text()
    qtbot.keyClick(bar.find, Qt.Key.Key_Return)
    first = editor.textCursor().selectionStart()
    assert bar.status.text() == f"1 of {total}"
    qtbot.keyClick(bar.find, Qt.Key.Key_Return)
    assert bar.status.text() == f"2 of {total}" and editor.textCursor().selectionStart() > first
    qtbot.keyClick(bar.find, Qt.Key.Key_Return, SHIFT)  # Previous
    assert bar.status.text() == f"1 of {total}" and editor.textCursor().selectionStart() == first
    qtbot.keyClick(bar.find, Qt.Key.Key_Return, SHIFT)  # from the first, Previous wraps to the last
    assert bar.status.text() == f"{total} of {total}"
    previous = next(b for b in bar.findChildren(QAbstractButton) if b.text().replace("&", "") == "Previous")
    assert previous.isVisible()
    bar.match_case.setChecked(True)
    assert f"{exact}" in bar.status.text()
    qtbot.keyClick(bar.find, Qt.Key.Key_Return)
    assert editor.textCursor().selectedText() == "the"
    bar.find.setText("zzqx")
    assert bar.status.text() == "Not found"


def test_the_menu_key_on_a_selected_misspelling_offers_its_fixes(qtbot, win):
    """Found using the window by keyboard: Ctrl+F to the word, Esc, the menu key showed Cut and
    Copy but no fixes (the cursor sat just after the word)."""
    from window_driver import checked, issue_on

    start(qtbot, win)
    checked(win, [issue_on(win, "Marguerite", ["Margarita"])])
    win.view.setCurrentIndex(TEXT)
    editor = win.view.editor
    bar = win.view.find_bar
    qtbot.keyClick(editor, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(bar.find, "Marguerite")
    qtbot.keyClick(bar.find, Qt.Key.Key_Return)
    qtbot.keyClick(bar.find, Qt.Key.Key_Escape)
    assert editor.hasFocus() and editor.textCursor().selectedText() == "Marguerite"
    # the menu key as Qt's window turns it into an event (QTest's key click skips that step)
    at = editor.inputMethodQuery(Qt.InputMethodQuery.ImCursorRectangle).toRect().center()
    QApplication.sendEvent(
        editor, QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, at, editor.mapToGlobal(at))
    )
    menu = QApplication.activePopupWidget()
    assert menu is not None and "Margarita" in [a.text() for a in menu.actions()]
    menu.close()


def test_ctrl_e_in_the_letters_text_exports_instead_of_going_to_the_line_end(qtbot, win, monkeypatch):
    start(qtbot, win)
    exported = []
    monkeypatch.setattr(win.exporting, "export_pdf", lambda: exported.append(1))
    win.view.setCurrentIndex(TEXT)
    editor = win.view.editor
    editor.moveCursor(editor.textCursor().MoveOperation.Start)
    qtbot.keyClick(editor, Qt.Key.Key_E, CTRL)
    assert exported == [1] and editor.textCursor().position() == 0
    # On X11 a text box binds Ctrl+E to "end of line" and claims the key before any shortcut
    # (offscreen it has no such binding): the window's filter must claim it first.
    override = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_E, CTRL)
    assert win.actions.window_keys.eventFilter(editor, override)


def test_the_find_bar_keeps_room_to_type_at_800_px(qtbot, win):
    win.resize(800, 600)
    start(qtbot, win)
    win.actions.replace.trigger()
    bar = win.view.find_bar
    qtbot.wait(50)
    wide = bar.find.fontMetrics().horizontalAdvance("M") * 10
    assert bar.find.width() >= wide and bar.replace.width() >= wide
    win.actions.find.trigger()  # Ctrl+F: finding only, the replace row goes
    assert bar.find.isVisible() and not bar.replace.isVisible()


def test_after_another_occasion_tab_goes_from_the_choices_into_its_form(qtbot, win):
    """Found using the window by keyboard: after choosing Birthday, Tab from Another wording went
    to the letter's tabs (the new form's fields sat at the end of the window's Tab order)."""
    win.choose_template("birthday")
    qtbot.waitUntil(lambda: win.brief.form.editor("sender_name").isVisible())  # shown a moment later
    win.brief.wording.setFocus()
    qtbot.keyClick(win.brief.wording, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is win.brief.form.editor("sender_name")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is win.brief.form.editor("recipient_name")
