"""Property tests for tidying: any valid brief renders without a seam, and tidy is idempotent and clean."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from seams import find_seams

from letterwriter.templates import _BR, TemplateLibrary, tidy

pytestmark = pytest.mark.core

LIB = TemplateLibrary(user_dir=Path(tempfile.mkdtemp()))
INFOS = LIB.list()
NAME_FIELDS = {
    "sender_name",
    "recipient_name",
    "recipient_full_name",
    "pet_name",
    "baby_name",
    "deceased_name",
}
# Invented names never collide with the English words the seam checker reads (no "The", "And").
_SYLLABLES = ["ma", "ri", "lo", "ken", "sa", "dor", "vi", "el", "zu", "tha", "bro", "né", "ïa", "ø"]
NAMES = st.builds(
    lambda parts, two: " ".join(("".join(p)).capitalize() for p in parts[: 1 + two]),
    st.lists(st.lists(st.sampled_from(_SYLLABLES), min_size=2, max_size=4), min_size=2, max_size=2),
    st.booleans(),
).filter(lambda name: len(set(name.split())) == len(name.split()))  # "Mama Mama" is the brief's seam


def _value(f):
    if f.name in NAME_FIELDS:
        return NAMES
    if f.type == "choice":
        return st.sampled_from(f.choices)
    if f.type == "date":
        return st.dates(dt.date(1950, 1, 1), dt.date(2026, 11, 1)).map(dt.date.isoformat)
    if f.type == "number":
        return st.integers(1, 1000) if f.name == "variation" else st.integers(1, 110)
    if f.type == "list":
        pool = list(f.example or [])
        return st.lists(st.sampled_from(pool), unique=True, max_size=len(pool)) if pool else st.just([])
    return st.just(f.example) if f.example else st.none()


@st.composite
def briefs(draw):
    info = draw(st.sampled_from(INFOS))
    brief = {}
    for f in info.fields:
        if f.required or draw(st.booleans()):
            value = draw(_value(f))
            if value is None and f.required:
                value = f.example_value()
            if value is not None:
                brief[f.name] = value
    brief.setdefault("letter_date", "2026-11-24")
    return info, brief


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(briefs(), st.sampled_from(["en-US", "en-GB"]))
def test_any_valid_brief_renders_without_a_seam(case, language):
    info, brief = case
    letter = LIB.render(info, brief, language=language)
    assert find_seams(letter.text) == [], (info.id, brief, letter.text)
    # What the letter is made of is already tidy: tidying it again changes nothing.
    again = tidy("\n\n".join(p.replace("\n", _BR) for p in letter.paragraphs))
    assert again == letter.paragraphs


@pytest.mark.parametrize("variation", [1, 2, 3])
@pytest.mark.parametrize("tone", ["tender", "playful", "formal"])
def test_a_first_birthday_reads_right(tone, variation):
    brief = {"sender_name": "Mama", "recipient_name": "Rosa", "age": 1, "tone": tone}
    letter = LIB.render("birthday", brief, variation=variation)
    assert find_seams(letter.text) == []
    assert "years of you" not in letter.text and "Another year, your first" not in letter.text


# Text as templates and people produce it: words, punctuation, spaces, line breaks, hostile bytes.
PIECES = st.sampled_from(
    ["we", "walked", "home", "the", "and", "e.g.", "Dr.", "i", "it", "’s", "“", "”", "(", ")"]
    + [",", ".", "!", "?", ";", ":", " ", "  ", "\t", "\n", "\n\n", "\n \n", _BR, "\r\n"]
    + ["\x1b[31m", "\x00", "\u202e", "\x9b", "\ud800", "é", "🐈"]
)
TEXTS = st.lists(PIECES, max_size=60).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_tidy_is_idempotent_and_clean(text):
    paragraphs = tidy(text)
    assert tidy("\n\n".join(p.replace("\n", _BR) for p in paragraphs)) == paragraphs
    for p in paragraphs:
        assert p and p == p.strip()
        assert "  " not in p and "\n\n" not in p
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]", p)
        assert _BR not in p


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_tidy_takes_any_text(text):
    for p in tidy(text):
        p.encode("utf-8")  # whatever came in, what comes out can be written
