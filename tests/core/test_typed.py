"""Values as people type them: capitals, full stops and a leading "I" do not reach the letter's sentences."""

from __future__ import annotations

import pytest

from letterwriter import typed
from letterwriter.model import example_brief
from letterwriter.templates import TemplateLibrary

pytestmark = pytest.mark.core

LIB = TemplateLibrary(user_dir=None)


def test_the_word_lists_are_installed():
    # scripts/setup-system.sh installs wamerican and wbritish; without them only closed-class
    # words ("The", "A", "To") would be lowered.
    assert typed.have_word_list()


@pytest.mark.parametrize(
    "typed_value, expected",
    [
        ("To finish what I start.", "to finish what I start"),
        ("A summer at the cottage.", "a summer at the cottage"),
        ("Forty years of early starts.", "forty years of early starts"),
        ("Call you every Sunday", "call you every Sunday"),
        ("Paris in the rain.", "Paris in the rain"),
        ("Christmas at the farm", "Christmas at the farm"),
        ("Sunday mornings", "Sunday mornings"),
        ("Mum's kitchen table.", "Mum's kitchen table"),
        ("Grandma's silver locket.", "Grandma's silver locket"),
        ("BBQ at the lake", "BBQ at the lake"),
        ("I taught you to swim.", "I taught you to swim"),
        ("Wait... what?", "wait... what?"),
        ("The Winter you kept us going.", "the winter you kept us going"),
        ("Turning Eighteen.", "turning eighteen"),
    ],
)
def test_typed_phrases_are_made_ready_for_the_middle_of_a_sentence(typed_value, expected):
    assert typed.normalise(typed_value) == expected


def test_the_briefs_own_names_stay_as_typed():
    values = {"recipient_name": "Will", "sender_name": "Léa"}
    keep = typed.names_in(values)
    assert typed.normalise("Will and I at the lake.", keep) == "Will and I at the lake"
    assert "léa" in keep and "a" not in keep  # an accented name is one word, not "L" and "a"
    assert typed.normalise("A walk by the sea", keep) == "a walk by the sea"


@pytest.mark.parametrize(
    "value, lead, expected",
    [
        ("I will call you every Sunday", "I will", "call you every Sunday"),
        ("I'll Call you every Sunday", "I will", "call you every Sunday"),
        ("I promise to listen", "I will", "listen"),
        ("call you every Sunday", "I will", "call you every Sunday"),
        ("I missed your opening", "I", "missed your opening"),
        ("missed your opening", "I", "missed your opening"),
        ("Isabel's party", "I", "Isabel's party"),
    ],
)
def test_a_leading_i_is_dropped_where_the_sentence_has_it(value, lead, expected):
    assert typed.after(value, lead) == expected


def test_memories_become_phrases_or_scenes():
    assert typed.phrase("we got lost in Rome") == "the time we got lost in Rome"
    assert typed.phrase("when we got lost") == "the time when we got lost"
    assert typed.phrase("you make me brave") == "the way you make me brave"
    assert typed.phrase("the night of the storm") == "the night of the storm"
    assert not typed.is_scene("the night of the storm")
    assert typed.is_scene("We got lost. It rained all day.")
    assert typed.is_scene(" ".join(["word"] * 30))


def test_wishes_follow_what_was_typed():
    assert typed.hope("a quiet year") == "I wish you a quiet year"
    assert typed.hope("you find work you love") == "I hope you find work you love"


def test_rendering_normalises_but_keeps_the_brief_as_typed():
    info = LIB.get("apology")
    brief = example_brief(
        info,
        what_happened="I missed your first exhibition opening.",
        what_will_change="I will Call you every Sunday.",
        tone="tender",
        length="letter",
    )
    for variation in (1, 2, 3):
        letter = LIB.render(info, brief, variation=variation)
        assert "I I " not in letter.text and "I will I will" not in letter.text
        assert "Call you" not in letter.text
        assert "missed your first exhibition opening" in letter.text
        assert "opening.." not in letter.text
    assert letter.values["what_will_change"] == "I will Call you every Sunday."  # what was typed is kept


def test_ages_in_the_milestone_sentence_are_words():
    info = LIB.get("to_child")
    for milestone in ("Eight", "8", "eleven", "Turning Eighteen."):
        for variation in (1, 2, 3):
            # the body only: the date line ("December 8, 2026") is not the milestone sentence
            text = LIB.render(info, example_brief(info, milestone=milestone), variation=variation).body_text
            assert "With you " not in text, text
            assert " 8" not in text and "Eight," not in text and "Eighteen" not in text, text


def test_only_the_capitalised_words_of_a_school_or_role_are_names():
    """ "the University of Leeds" kept "The summer you bandaged every teddy" capitalised mid-sentence."""
    keep = typed.names_in(
        {"school": "the University of Leeds", "degree": "nursing degree", "sender_name": "jo"}
    )
    assert {"university", "leeds", "jo"} <= keep
    assert not {"the", "of", "nursing"} & keep
    assert (
        typed.normalise("The summer you bandaged every teddy.", keep) == "the summer you bandaged every teddy"
    )
