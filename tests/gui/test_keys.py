"""The window by keyboard: Tab through a list, one owner per Alt key, and a Find bar that finds both ways."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
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
