"""Checks in the window against a real LanguageTool server (the session fixture `lt_url`)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialog, QPushButton

pytestmark = [pytest.mark.gui, pytest.mark.lt]


def birthday_window(qtbot, monkeypatch, timeout: int = 60000):
    """The real window with LanguageTool ready and a birthday letter begun."""
    from letterwriter.gui.mainwindow import MainWindow

    monkeypatch.setattr(QDialog, "exec", lambda self: 0)
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    w.start_background()
    qtbot.waitUntil(lambda: w.desk is not None and w.service.state == "ready", timeout=timeout)
    w.choose_template("birthday")
    for name, text in (("sender_name", "Theodore"), ("recipient_name", "Marguerite")):
        qtbot.keyClicks(w.brief.form.editor(name), text)
    return w


@pytest.fixture
def win(qtbot, lt_url, monkeypatch):
    monkeypatch.setenv("LETTERWRITER_LT_URL", lt_url)
    return birthday_window(qtbot, monkeypatch)


def underlined(w, word):
    """The issue whose UTF-16 span in the editor covers exactly `word`, if any."""
    doc = w.view.editor.document()
    for issue in w.draft.visible_issues():
        c = QTextCursor(doc)
        c.setPosition(issue.utf16_offset)
        c.setPosition(issue.utf16_offset + issue.utf16_length, QTextCursor.MoveMode.KeepAnchor)
        if c.selectedText() == word:
            return issue
    return None


def type_memory_and_check(qtbot, w, text, word):
    editor = w.brief.form.editor("memory")
    for chunk in re.split(r"([^\x00-\x7f]+)", text):
        if chunk.isascii():
            qtbot.keyClicks(editor, chunk)
        else:  # QTest cannot type emoji; insert them as an input method would
            editor.insert(chunk)
    qtbot.waitUntil(lambda: word in w.draft.text, timeout=5000)
    qtbot.keyClick(w, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: underlined(w, word) is not None, timeout=60000)
    return underlined(w, word)


def test_misspelling_underlined_in_text_and_on_paper(qtbot, win):
    issue = type_memory_and_check(qtbot, win, "the 🎂 party where we danced untill dawn", "untill")
    assert issue.kind == "spelling" and issue.source == "field" and issue.field == "memory"
    block = win.view.editor.document().findBlock(issue.utf16_offset)
    ranges = block.layout().formats()
    assert any(r.format.underlineStyle() == r.format.UnderlineStyle.SpellCheckUnderline for r in ranges)
    card = next(c for c in win.issues_panel.cards if c.issue is issue)
    label = win.lib.get("birthday").field("memory").label
    assert win.draft.origin(issue) == f"your brief: {label}"
    assert any(label in lab.text() for lab in card.findChildren(type(win.check_status.label)))
    # the paper shows the same underline: the layout knows where the word sits
    qtbot.waitUntil(lambda: win.view.preview.pages.layout_obj is not None, timeout=3000)
    win.view.lay_out_now()
    lay = win.view.preview.pages.layout_obj
    assert lay.text_rects(win.draft.text, issue.offset, issue.offset + issue.length)
    assert win.view.preview.pages.marks


def test_fix_from_panel_fixes_the_field(qtbot, win):
    issue = type_memory_and_check(qtbot, win, "the 🎂 party where we danced untill dawn", "untill")
    card = next(c for c in win.issues_panel.cards if c.issue is issue)
    button = card.findChildren(QPushButton, "fixButton")[0]
    assert button.text() == "until"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert "danced until dawn" in win.brief.form.rows["memory"].value()
    assert "danced until dawn" in win.draft.text and win.draft.edited_text is None


def test_fix_in_edited_text_replaces_only_the_span_and_keeps_the_cursor(qtbot, win):
    qtbot.waitUntil(lambda: "Marguerite" in win.draft.text, timeout=5000)
    editor = win.view.editor
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, "I think teh best is yet to come.")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    cursor_at = editor.textCursor().position()
    qtbot.keyClick(win, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: underlined(win, "teh") is not None, timeout=60000)
    issue = underlined(win, "teh")
    assert win.draft.origin(issue) == "your edit"
    win.apply_fix(issue, "the")
    assert "I think the best is yet to come." in win.draft.text and "teh" not in win.draft.text
    assert editor.textCursor().position() == cursor_at  # the same length: the cursor did not move


def test_add_to_dictionary_removes_issue(qtbot, win):
    from letterwriter import dictionary

    issue = type_memory_and_check(qtbot, win, "the day we found the frobnicle", "frobnicle")
    win.add_to_dictionary(issue)
    assert underlined(win, "frobnicle") is None
    assert "frobnicle" in dictionary.words()
    qtbot.keyClick(win, Qt.Key.Key_F7)
    qtbot.wait(1500)
    assert underlined(win, "frobnicle") is None


def test_context_menu_offers_replacements_and_ignore(qtbot, win):
    issue = type_memory_and_check(qtbot, win, "the 🎂 party where we danced untill dawn", "untill")
    menu = win.view.issue_menu(issue)
    texts = [a.text() for a in menu.actions()]
    assert "until" in texts and "Ignore" in texts and "Ignore rule" in texts
    assert "Add to dictionary" in texts
    next(a for a in menu.actions() if a.text() == "Ignore").trigger()
    assert underlined(win, "untill") is None


def test_ignore_rule_lasts(qtbot, win, lt_url):
    from letterwriter.grammar import check_text
    from letterwriter.settings import Settings

    issue = type_memory_and_check(qtbot, win, "the day we was late for the ferry", "was")
    win.ignore_issue(issue, whole_rule=True)
    assert issue.rule_id in Settings.load().get("disabled_rules")
    report = check_text(win.draft.text, server_url=lt_url)
    assert all(i.rule_id != issue.rule_id for i in report.issues)


def test_a_checked_letter_is_not_checked_again_while_idle(qtbot, win):
    qtbot.waitUntil(lambda: "Marguerite" in win.draft.text, timeout=5000)
    qtbot.waitUntil(lambda: win.draft.checked_text == win.draft.text, timeout=60000)
    sent = win.checking.sent
    qtbot.wait(3000)
    assert win.checking.sent == sent and not win.checking.in_flight


def test_a_killed_languagetool_is_started_again_and_the_letter_checked(qtbot, real_lt_dir, monkeypatch):
    """The window's own JVM killed with SIGKILL: the next check restarts it and answers."""
    import os
    import signal

    monkeypatch.delenv("LETTERWRITER_LT_URL", raising=False)  # the window's own JVM
    w = birthday_window(qtbot, monkeypatch, timeout=180000)
    qtbot.waitUntil(lambda: w.draft.checked_text == w.draft.text, timeout=60000)
    os.kill(w.service.server.proc.pid, signal.SIGKILL)
    qtbot.keyClicks(w.brief.form.editor("memory"), "the day we danced untill dawn")
    qtbot.waitUntil(lambda: underlined(w, "untill") is not None, timeout=180000)
    assert w.service.server.alive()
    w.service.stop()
