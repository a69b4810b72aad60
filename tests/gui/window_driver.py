"""Opening the real window and typing into it as a person would: shared by the window's tests."""

from __future__ import annotations


def open_window(qtbot, path=None):
    from letterwriter.gui.mainwindow import MainWindow

    w = MainWindow(path)
    qtbot.addWidget(w)
    w.show()
    w.start_background()
    qtbot.waitUntil(lambda: w.desk is not None and w.draft is not None, timeout=20000)
    return w


def fill(qtbot, w, name, text):
    editor = w.brief.form.editor(name)
    editor.setFocus()
    editor.clear()
    qtbot.keyClicks(editor, text)


def wait_text(qtbot, w, needle):
    qtbot.waitUntil(lambda: needle in w.draft.text, timeout=5000)


def start(qtbot, w, template="birthday"):
    w.choose_template(template)
    fill(qtbot, w, "sender_name", "Theodore")
    fill(qtbot, w, "recipient_name", "Marguerite")
    qtbot.waitUntil(lambda: w.draft.values["recipient_name"] == "Marguerite", timeout=5000)


def issue_on(w, word, replacements=(), *, kind="spelling", message="Possible spelling mistake found.", nth=0):
    """An issue on `word` in the letter as LanguageTool would report it, handed to the window."""
    from letterwriter.grammar import Issue, utf16_len

    text = w.draft.text
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return Issue(
        offset=start,
        length=len(word),
        utf16_offset=utf16_len(text[:start]),
        utf16_length=utf16_len(word),
        message=message,
        short_message="Spelling" if kind == "spelling" else "Grammar",
        rule_id="MORFOLOGIK_RULE_EN_US" if kind == "spelling" else "SOME_GRAMMAR_RULE",
        category="TYPOS" if kind == "spelling" else "GRAMMAR",
        issue_type="misspelling" if kind == "spelling" else "grammar",
        replacements=list(replacements),
        context="",
        source="",
    )


def checked(w, issues):
    """The letter as checked now, with these issues (the service pretends to be up)."""
    from letterwriter.gui import checker as chk

    w.service.url = "http://127.0.0.1:9"
    w.service._set(chk.READY, w.service.url)
    assert w.draft.accept_issues(w.draft.revision, w.draft.text, issues)
    w.show_issues()


def shown_text(label) -> str:
    """What a QLabel puts on screen: its text, or the text of its HTML when it reads it as rich text."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import Qt as GuiQt  # mightBeRichText lives in QtGui's part of the namespace
    from PySide6.QtGui import QTextDocument

    fmt = label.textFormat()
    rich = fmt == Qt.TextFormat.RichText or (
        fmt == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(label.text())
    )
    if not rich:
        return label.text()
    doc = QTextDocument()
    doc.setHtml(label.text())
    return doc.toPlainText()
