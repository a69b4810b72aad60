"""Undo and redo walk the person's own steps on a draft, and the brief and the text never disagree."""

from __future__ import annotations

import pytest

from letterwriter.draft import Draft
from letterwriter.history import TYPING_PAUSE_S, History
from letterwriter.templates import TemplateLibrary

pytestmark = pytest.mark.core


@pytest.fixture(scope="module")
def lib():
    return TemplateLibrary()


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def draft(lib, template="birthday", **values):
    d = Draft(lib, template, {"sender_name": "Theodore", "recipient_name": "Marguerite", **values})
    d.history = History(clock=Clock())
    return d


def agrees(d: Draft) -> bool:
    """The text on screen is the brief's letter, or the person's edit of it."""
    return d.edited_text is not None or d.text == d.rendering().text


def test_undo_across_a_regeneration_takes_back_the_key_then_the_length(lib):
    """Issue 24: Length to Short, one key in the text, Ctrl+Z twice gave the long letter as 'edited'."""
    d = draft(lib)
    long_text = d.text
    d.set_value("length", "short")
    short_text = d.text
    assert short_text != long_text
    d.edit_text(short_text + "x")
    assert d.undo()
    assert d.edited_text is None and d.values["length"] == "short" and d.text == short_text
    assert d.undo()
    assert d.edited_text is None and d.values["length"] == "letter" and d.text == long_text
    assert agrees(d) and not d.undo()
    assert d.redo() and d.values["length"] == "short" and d.text == short_text
    assert d.redo() and d.text == short_text + "x" and d.edited_text is not None
    assert not d.redo()


def test_a_burst_of_typing_in_one_field_is_one_step_and_a_pause_starts_another(lib):
    d = draft(lib)
    clock = d.history.clock
    for name in ("Marg", "Marga", "Margaret"):
        d.set_value("recipient_name", name)
    clock.now += TYPING_PAUSE_S + 0.1
    d.set_value("recipient_name", "Margaret Ann")
    d.set_value("sender_name", "Theo")  # another field: another step
    assert d.undo() and d.values["sender_name"] == "Theodore"
    assert d.values["recipient_name"] == "Margaret Ann"
    assert d.undo() and d.values["recipient_name"] == "Margaret"
    assert d.undo() and d.values["recipient_name"] == "Marguerite"
    assert not d.undo()


def test_a_new_step_after_undo_drops_the_redo(lib):
    d = draft(lib)
    d.set_value("recipient_name", "Margot")
    d.undo()
    d.set_value("sender_name", "Theo")
    assert not d.redo() and d.values["recipient_name"] == "Marguerite"


def test_regenerate_template_switch_wording_and_fix_each_undo_as_one_step(lib):
    d = draft(lib, memory="the cake that fell over")
    first = d.text
    d.edit_text(first + "\nPS: bring the cake.\n")
    d.regenerate()
    assert d.text == first
    assert d.undo() and "bring the cake" in d.text and d.edited_text is not None
    d.redo()
    d.next_wording()
    assert d.text != first
    assert d.undo() and d.text == first and d.variation == 1
    d.set_template("condolence")
    assert d.undo() and d.template == "birthday" and d.values["memory"] == "the cake that fell over"
    assert d.text == first and agrees(d)
    assert d.redo() and d.template == "condolence"


def test_a_fix_into_a_field_is_one_step_the_menu_can_name(lib):
    from letterwriter.grammar import Issue, utf16_len

    d = draft(lib, memory="the cake that fel over")
    text = d.text
    start = text.index("fel ")
    issue = Issue(
        offset=start,
        length=3,
        utf16_offset=utf16_len(text[:start]),
        utf16_length=3,
        message="Possible spelling mistake",
        short_message="Spelling",
        rule_id="MORFOLOGIK_RULE_EN_US",
        category="TYPOS",
        issue_type="misspelling",
        replacements=["fell"],
        context="",
        source="field",
        field="memory",
    )
    assert d.accept_issues(d.revision, text, [issue])
    assert d.fix(issue, "fell") == "field"
    assert d.values["memory"] == "the cake that fell over"
    assert d.history.undo_label == "fix"
    assert d.undo() and d.values["memory"] == "the cake that fel over" and d.text == text
    assert d.history.redo_label == "fix"


def test_undo_back_to_the_saved_state_is_not_modified(lib, tmp_path):
    d = draft(lib)
    d.save(tmp_path / "a.letter")
    d.set_value("recipient_name", "Margot")
    assert d.modified
    d.undo()
    assert not d.modified
