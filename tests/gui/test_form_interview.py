"""The brief as an interview in the window (issue 25): the question under each memory, what is still
worth asking, and the note when a sad brief softened a playful tone."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog
from window_driver import open_window

pytestmark = pytest.mark.gui


@pytest.fixture
def win(qtbot, no_lt, monkeypatch):  # noqa: F811
    monkeypatch.setattr(QDialog, "exec", lambda self: 0)
    return open_window(qtbot)


def _type(qtbot, widget, text):
    widget.setFocus()
    widget.clear()
    qtbot.keyClicks(widget, text)


def test_a_memory_is_asked_what_it_means_and_the_letter_says_it_after_the_memory(qtbot, win):
    win.choose_template("birthday")
    row = win.brief.form.rows["memory"]
    assert row.meaning is not None and "What does it say about them?" in row.meaning.placeholderText()
    _type(qtbot, win.brief.form.editor("sender_name"), "Ana")
    _type(qtbot, win.brief.form.editor("recipient_name"), "Sam")
    _type(qtbot, row.editor, "the night we got lost in Edinburgh")
    _type(qtbot, row.meaning, "you turn a wrong turn into a party")
    qtbot.waitUntil(lambda: "You turn a wrong turn into a party." in win.draft.text, timeout=5000)
    assert win.draft.values["memory"] == {
        "memory": "the night we got lost in Edinburgh",
        "meaning": "you turn a wrong turn into a party",
    }
    text = win.draft.text
    assert text.index("Edinburgh") < text.index("You turn a wrong turn into a party.")


def test_each_memory_of_a_list_keeps_its_own_meaning(qtbot, win):
    win.choose_template("love_letter")
    editor = win.brief.form.rows["memories"].editor
    editor.set_items(["the wrong train to Porto", "the flour everywhere"])
    editor.list.setCurrentRow(0)
    _type(qtbot, editor.meaning, "the best day of the trip")
    editor.list.setCurrentRow(1)
    assert editor.meaning.text() == ""
    editor.list.setCurrentRow(0)
    assert editor.meaning.text() == "the best day of the trip"
    assert editor.items() == [
        {"memory": "the wrong train to Porto", "meaning": "the best day of the trip"},
        "the flour everywhere",
    ]


def test_the_form_says_what_is_still_worth_asking(qtbot, win):
    win.choose_template("thank_you")
    _type(qtbot, win.brief.form.editor("sender_name"), "Ana")
    qtbot.waitUntil(lambda: win.brief.interview_note.isVisibleTo(win), timeout=5000)
    assert "What was hard before they stepped in?" in win.brief.interview_note.text()
    _type(qtbot, win.brief.form.editor("situation"), "I was stuck on the motorway")
    qtbot.waitUntil(lambda: "What was hard" not in win.brief.interview_note.text(), timeout=5000)


def test_a_sad_brief_in_a_playful_tone_shows_the_softened_tone(qtbot, win):
    win.choose_template("thank_you")
    _type(qtbot, win.brief.form.editor("sender_name"), "Marguerite Dubois and family")
    win.brief.form.editor("recipient_name").setText("Renée")  # keyClicks types ASCII only
    win.brief.tone.setCurrentIndex(win.brief.tone.findData("playful"))
    _type(qtbot, win.brief.form.editor("what_they_did"), "looked after dad in his last days")
    qtbot.waitUntil(lambda: win.brief.tone_note.isVisibleTo(win), timeout=5000)
    assert "softened to warmth" in win.brief.tone_note.text()
