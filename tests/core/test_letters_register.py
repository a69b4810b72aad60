"""One register from salutation to signature: a formal letter's sentences carry no text-speak
("lol", "for like six months"), a formal letter to someone close opens warmly rather than
stiffly, and no stock remark follows a detail the client told at length (it says its own
ending). The briefs are typed the way people type; none is a reader's."""

from __future__ import annotations

import pytest

from letterwriter import shorthand
from letterwriter.model import minimal_brief
from letterwriter.templates import TemplateLibrary

LIB = TemplateLibrary(user_dir=None)

pytestmark = pytest.mark.core


@pytest.mark.parametrize(
    ("typed", "formal"),
    [
        ("that the new flat feels like home soon lol", "that the new flat feels like home soon"),
        ("he revised for like 6 months haha", "he revised for about 6 months"),
        ("it took like a week, omg", "it took about a week,"),
        ("proud of you tbh", "proud of you"),
        ("tbh i never doubted you", "honestly i never doubted you"),
        ("it looks like two peas in a pod", "it looks like two peas in a pod"),
        ("i liked it like a lot", "i liked it like a lot"),
        ("the lollipop lady waved", "the lollipop lady waved"),
    ],
)
def test_a_formal_letter_leaves_out_text_speak(typed, formal):
    assert shorthand.formally(typed).rstrip(",") == formal.rstrip(",")


@pytest.mark.parametrize("variation", range(1, 5))
def test_a_formal_letter_says_no_lol_in_its_own_sentences_but_keeps_the_clients_message(variation):
    info = LIB.get("congratulations")
    brief = minimal_brief(info) | {
        "achievement": "new job",
        "relationship": "colleague",
        "effort": "she did the night course for like 9 months while working full time lol",
        "wish": "that the commute is kind to you lol",
        "message": "drinks on me friday lol",
        "tone": "formal",
    }
    body = LIB.render(info, brief, variation=variation).body_text
    *frame, own = body.split("\n\n")
    assert "lol" not in " ".join(frame).lower() and "for like" not in " ".join(frame), body
    assert "lol" in own


@pytest.mark.parametrize("tid", ["congratulations", "apology"])
@pytest.mark.parametrize("relationship", ["brother", "daughter", "friend"])
@pytest.mark.parametrize("variation", range(1, 7))
def test_a_formal_letter_to_someone_close_is_not_stiff(tid, relationship, variation):
    info = LIB.get(tid)
    brief = minimal_brief(info) | {
        "relationship": relationship,
        "recipient_name": "Ade",
        "message": "love you loads xx",
        "tone": "formal",
    }
    if tid == "congratulations":
        brief["achievement"] = "new job"
    body = LIB.render(info, brief, variation=variation).body_text
    assert "great pleasure" not in body and "Please accept my sincere" not in body, body


_EFFORT_AFTER = (
    "None of it was handed to you",
    "You earned this, every part of it",
    "It is a real achievement",
)


def _effort_remarks(effort: str) -> int:
    info = LIB.get("congratulations")
    n = 0
    for variation in range(1, 7):
        brief = minimal_brief(info) | {"achievement": "graduation", "effort": effort, "tone": "tender"}
        body = LIB.render(info, brief, variation=variation).body_text
        n += sum(remark in body for remark in _EFFORT_AFTER)
    return n


def test_no_stock_remark_follows_a_detail_told_at_length():
    long_effort = (
        "three years of nine am lectures after closing shifts at the garden centre, two resits in "
        "statistics and a dissertation written on the bus"
    )
    assert _effort_remarks(long_effort) == 0
    assert _effort_remarks("years of late nights") > 0  # a short detail may still take one
