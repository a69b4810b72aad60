"""The faults a second blind reader found, each held as a class: no opening line about the letter
itself, one thing to a paragraph, no stock or empty linking lines, phone shorthand written out,
comma splices after a subordinate clause parted, an inside joke never straight after something
serious, a close mentor greeted by first name, and a thank-you that keeps what was hard before.
The briefs here are not the reader's: they are typed the way people type."""

from __future__ import annotations

import re

import pytest

from letterwriter import edges
from letterwriter.model import example_brief, minimal_brief
from letterwriter.templates import TemplateLibrary

LIB = TemplateLibrary(user_dir=None)

pytestmark = pytest.mark.core


# --- phone shorthand ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("im only 5 mins away", "I'm only five minutes away"),
        ("a tiny apt in leeds", "a tiny apartment in Leeds"),
        ("everyone in the dept", "everyone in the department"),
        ("coffee w/ u tmrw bc ur the best", "coffee with you tomorrow because your the best"),
        ("thx for the bday cake, pls come again", "thanks for the birthday cake, please come again"),
        ("her gf and his bf", "her girlfriend and his boyfriend"),
        ("a 2 bedroom flat, a 3 hour drive", "a two-bedroom flat, a three-hour drive"),
        ("when she was 7 in 2nd grade", "when she was seven in second grade"),
    ],
)
def test_phone_shorthand_and_small_numbers_are_written_out(typed, written):
    assert edges.raw_typing(typed) == written


@pytest.mark.parametrize(
    "typed",
    ["year 12 students", "bowled a 41", "at 3:30 or 5pm", "2.5 miles for £5", "room 4 on ward 7", "15!!"],
)
def test_a_number_that_labels_or_scores_stays_a_figure(typed):
    assert edges.raw_typing(typed) == typed


def test_shorthand_that_is_a_name_in_the_brief_is_left():
    assert edges.raw_typing("me and ur", {"ur": "Ur"}) == "me and Ur"


# --- comma splices after a subordinate clause --------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "parted"),
    [
        (
            "teaching her to swim at the lido when she was six, she beat me to the end",
            "teaching her to swim at the lido when she was six; she beat me to the end",
        ),
        ("we built a treehouse last summer, the kids love it", "we built a treehouse last summer; the kids love it"),
        ("we painted the fence, the boys helped", "we painted the fence; the boys helped"),
        ("the day after we met, you sent flowers", "the day after we met, you sent flowers"),
        ("at the beach when we were kids, the sea was freezing", "at the beach when we were kids, the sea was freezing"),
    ],
)
def test_a_splice_after_a_subordinate_clause_is_parted(typed, parted):
    assert edges.unsplice(typed) == parted


# --- no opening about the letter itself -----------------------------------------------------------

_ABOUT_THE_LETTER = re.compile(
    r"\b(?:this letter|a (?:proper |real |whole )?letter|in writing|write to you|writing to|wanted to write"
    r"|taken my time|in ink|you can keep|you could keep|written it slowly|say it slowly|handwritten"
    r"|put (?:a few|some) things|write (?:it|some of it) down|this one is long|long letter)\b",
    re.I,
)


@pytest.mark.parametrize("tid", [i.id for i in LIB.list()])
def test_no_letter_opens_by_talking_about_itself(tid):
    info = LIB.get(tid)
    for tone in info.tones:
        for length in ("short", "letter", "long"):
            for variation in range(1, 7):
                brief = example_brief(info) | {"tone": tone, "length": length}
                body = LIB.render(info, brief, variation=variation).body_text.strip()
                first = " ".join(re.split(r"(?<=[.!?])\s+", body)[:2])  # the opening two sentences
                found = _ABOUT_THE_LETTER.search(first)
                assert not found, (tone, length, variation, first)


# --- no stock lines, no empty linking sentences -----------------------------------------------------

_STOCK = re.compile(
    r"in my thoughts, today and in the days ahead|more grateful than (?:I|we) can say|Please know how sorry"
    r"|looks good on you|Thank you, and good luck|keep it close|side by side and see|in no hurry, as long"
    r"|needs a birthday to be true|Whoever comes after you|not the only one who would say so"
    r"|wanted (?:them|you to have (?:that|it)) (?:written down|in writing)|and I wanted to say so"
    r"|see it written down|it is in writing now|could go on for pages|could list a hundred",
    re.I,
)


@pytest.mark.parametrize("tid", [i.id for i in LIB.list()])
def test_no_stock_line_or_empty_bridge_in_any_variation(tid):
    info = LIB.get(tid)
    for tone in info.tones:
        for length in ("short", "letter", "long"):
            for variation in range(1, 7):
                brief = example_brief(info) | {"tone": tone, "length": length}
                body = LIB.render(info, brief, variation=variation).body_text
                found = _STOCK.search(body)
                assert not found, (tone, length, variation, found and found.group(0))
