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
