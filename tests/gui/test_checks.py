"""Checks against a real LanguageTool server (the session fixture `lt_url`); skipped without it."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialog, QPushButton

pytestmark = [pytest.mark.gui, pytest.mark.lt]


@pytest.fixture
def server(request):
    try:
        return request.getfixturevalue("lt_url")
    except pytest.FixtureLookupError:
        pytest.skip("no lt_url fixture (a running LanguageTool server) in this session")


@pytest.fixture
def win(qtbot, server, monkeypatch):
    from letterwriter.gui.mainwindow import MainWindow

    monkeypatch.setenv("LETTERWRITER_LT_URL", server)
    monkeypatch.setattr(QDialog, "exec", lambda self: 0)
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    w.start_background()
    qtbot.waitUntil(lambda: w.lib is not None and w.checker.state == "ready", timeout=60000)
    w.select_template("birthday")
    for name, text in (("sender_name", "Theodore"), ("recipient_name", "Marguerite")):
        qtbot.keyClicks(w.form.editor(name), text)
    return w


def underlined(w, word):
    """The issue whose UTF-16 span in the editor covers exactly `word`, if any."""
    doc = w.editor.document()
    for issue in w.issues:
        c = QTextCursor(doc)
        c.setPosition(issue.utf16_offset)
        c.setPosition(issue.utf16_offset + issue.utf16_length, QTextCursor.MoveMode.KeepAnchor)
        if c.selectedText() == word:
            return issue
    return None


def type_memory_and_check(qtbot, w, text, word):
    editor = w.form.editor("memory")
    for chunk in re.split(r"([^\x00-\x7f]+)", text):
        if chunk.isascii():
            qtbot.keyClicks(editor, chunk)
        else:  # QTest cannot type emoji; insert them as an input method would
            editor.insert(chunk)
    qtbot.waitUntil(lambda: w.letter is not None and word in w.current_text(), timeout=5000)
    qtbot.keyClick(w, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: underlined(w, word) is not None, timeout=60000)
    return underlined(w, word)


def test_misspelling_underlined_after_emoji(qtbot, win):
    issue = type_memory_and_check(qtbot, win, "the 🎂 party where we danced untill dawn", "untill")
    assert issue.kind == "spelling" and issue.source == "field" and issue.field == "memory"
    block = win.editor.document().findBlock(issue.utf16_offset)
    ranges = block.layout().formats()
    assert any(r.format.underlineStyle() == r.format.UnderlineStyle.SpellCheckUnderline for r in ranges)
    assert any(c.issue is issue for c in win.issues_panel.cards)


def test_fix_from_panel_fixes_the_field(qtbot, win):
    issue = type_memory_and_check(qtbot, win, "the 🎂 party where we danced untill dawn", "untill")
    card = next(c for c in win.issues_panel.cards if c.issue is issue)
    button = card.findChildren(QPushButton, "fixButton")[0]
    assert button.text() == "until"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert "danced until dawn" in win.form.rows["memory"].value()
    qtbot.waitUntil(lambda: "danced until dawn" in win.current_text(), timeout=5000)
    assert win.edited_text is None


def test_add_to_dictionary_removes_issue(qtbot, win):
    from letterwriter import dictionary

    issue = type_memory_and_check(qtbot, win, "the day we found the frobnicle", "frobnicle")
    win.add_to_dictionary(issue)
    assert underlined(win, "frobnicle") is None
    assert "frobnicle" in dictionary.words()
    qtbot.keyClick(win, Qt.Key.Key_F7)
    qtbot.wait(1500)
    assert underlined(win, "frobnicle") is None


def test_context_menu_offers_replacements(qtbot, win):
    issue = type_memory_and_check(qtbot, win, "the 🎂 party where we danced untill dawn", "untill")
    menu = win.build_issue_menu(issue)
    texts = [a.text() for a in menu.actions()]
    assert "until" in texts and "Ignore" in texts and "Ignore rule" in texts
    assert "Add to dictionary" in texts
    win.ignore_issue(issue)
    assert underlined(win, "untill") is None


def test_context_menu_fix_and_ignore_rule_for_always(qtbot, win, server):
    from letterwriter.grammar import check_text
    from letterwriter.settings import Settings

    issue = type_memory_and_check(qtbot, win, "the party where we danced untill dawn", "untill")
    menu = win.build_issue_menu(issue)
    next(a for a in menu.actions() if a.text() == "until").trigger()
    qtbot.waitUntil(lambda: "danced until dawn" in win.current_text(), timeout=5000)
    issue = type_memory_and_check(qtbot, win, " and shared a apple pie", "a")
    # "Ignore rule" lasts: saved in the settings and honoured by every later check
    win.ignore_issue(issue, whole_rule=True)
    assert issue.rule_id in Settings.load().get("disabled_rules")
    report = check_text(win.current_text(), server_url=server)
    assert all(i.rule_id != issue.rule_id for i in report.issues)
