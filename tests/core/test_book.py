"""The book of letters' Qt-free parts: names replaced, a letter's parts, lines broken, the gutter."""

from __future__ import annotations

import random

import pytest

from letterwriter.book.lines import break_words
from letterwriter.book.model import split_parts
from letterwriter.book.names import Pseudonyms, brief_names, name_words
from letterwriter.book.select import BookError, day_bound
from letterwriter.book.trim import TRIMS, gutter_mm

pytestmark = pytest.mark.core


def test_names_are_replaced_the_same_way_everywhere():
    names = Pseudonyms(["Tobias", "Byrne", "Nora", "Will", "Kinsale"])
    text = "Dear Tobias, TOBIAS BYRNE met Nora's sister in Kinsale. I miss Tobias. Will you come? I will."
    assert names.apply(text) == "Dear T., T. B. met N.'s sister in K. I miss T. W. you come? I will."


def test_a_chosen_pseudonym_wins_and_may_be_a_phrase():
    names = Pseudonyms(["Tobias", "Spiddal"], {"Tobias": "Tom", "the cottage at Spiddal": "the cottage"})
    assert (
        names.apply("Tobias, at the cottage at  Spiddal; Spiddal again.") == "Tom, at the cottage; S. again."
    )
    assert names.originals() == ["Spiddal", "Tobias", "the cottage at Spiddal"]


def test_names_inside_typed_text_are_found_and_ordinary_words_are_not():
    assert name_words("the summer at Aunt Nora's in Kinsale, when Maeve and I swam at Christmas") == [
        "Nora",
        "Kinsale",
        "Maeve",
    ]
    # a sentence's first word is capitalised anyway: "More" is no name there
    assert name_words("More than anything. Every day in May.") == []
    assert brief_names(
        {"recipient_name": "Léa Ó Súilleabháin", "places": ["the Old Mill"], "tone": "warm"}
    ) == {
        "Léa",
        "Ó",
        "Súilleabháin",
        "Old",
        "Mill",
    }


def test_a_letter_is_split_into_the_parts_a_book_sets():
    text = (
        "June 1, 2019\n\nDearest Tobias,\n\nOne.\n\nTwo,\nthree.\n\nAll my love,\nAda\n\nP.S. The kettle.\n"
    )
    parts = split_parts(text)
    assert parts.date_line == "June 1, 2019" and parts.salutation == "Dearest Tobias,"
    assert parts.body == ["One.", "Two,\nthree."]
    assert parts.closing == ["All my love,", "Ada"] and parts.after == ["P.S. The kettle."]
    assert "\n\n".join(parts.paragraphs()) + "\n" == text  # nothing lost, nothing moved
    prose = split_parts("Just a few words, and no more.\n")
    assert prose.body == ["Just a few words, and no more."] and not prose.closing
    apart = split_parts("Dear Sam,\n\nThanks.\n\nLove,\n\nAda\n")
    assert apart.closing == ["Love,", "Ada"] and apart.body == ["Thanks."]


def test_lines_are_broken_for_the_whole_paragraph():
    rnd = random.Random(4)
    widths = [rnd.uniform(10, 60) for _ in range(300)]
    width, space = 330.0, 6.0
    lines = break_words(widths, space, width, indent=12)
    assert lines[0][0] == 0 and lines[-1][1] == len(widths)
    assert all(a == b for (_, a), (b, _) in zip(lines, lines[1:], strict=False))  # every word, once, in order

    def natural(a, b):
        return sum(widths[a:b]) + space * (b - a - 1)

    for k, (a, b) in enumerate(lines):
        room = width - (12 if k == 0 else 0)
        assert natural(a, b) <= room + space * 0.2 * (b - a - 1)  # never past the measure
        if k < len(lines) - 1:
            assert b - a > 1  # no lone word on a line of its own
            assert (room - natural(a, b)) / (b - a - 1) < space * 1.6  # no rivers
    # a greedy fill leaves looser lines than the whole paragraph weighed at once
    greedy, a = [], 0
    while a < len(widths):
        b = a + 1
        while b < len(widths) and natural(a, b + 1) <= width - (12 if a == 0 else 0):
            b += 1
        greedy.append((a, b))
        a = b

    def worst(spans):
        return max((width - natural(a, b)) / (b - a - 1) for a, b in spans[1:-1] if b - a > 1)

    assert worst(lines) <= worst(greedy)


def test_a_word_longer_than_the_measure_gets_its_own_line():
    assert break_words([10, 500, 10], 5, 100) == [(0, 1), (1, 2), (2, 3)]
    assert break_words([], 5, 100) == []


def test_the_gutter_grows_with_the_page_count():
    a5 = TRIMS["a5"]
    assert gutter_mm(a5, 40) == a5.inner_mm > a5.outer_mm
    assert gutter_mm(a5, 650) > gutter_mm(a5, 450) >= a5.inner_mm
    assert gutter_mm(a5, 900) >= 0.875 * 25.4


def test_dates_are_read_as_people_type_them():
    assert day_bound("2019", end=False, what="--since") == "2019-01-01"
    assert day_bound("2020-02", end=True, what="--until") == "2020-02-29"
    assert day_bound("2021-3-4", end=True, what="--until") == "2021-03-04"
    for bad in ("spring", "2019-13", "2019-02-30", "19"):
        with pytest.raises(BookError, match="YYYY, YYYY-MM or YYYY-MM-DD"):
            day_bound(bad, end=False, what="--since")
