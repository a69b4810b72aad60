"""Numbers read as a person says them: "a year", "your first birthday", "twenty-one", never "One years".

Every template that counts something (an age, years together, days to a visit) is rendered
at the edges a reader notices at once: 0, 1, 2, the milestones 18 and 21, and 100, in every
tone, length and variation 1-3.
"""

from __future__ import annotations

import itertools
import re

import inflect
import pytest
from seams import find_seams

from letterwriter.model import example_brief
from letterwriter.templates import TemplateLibrary

pytestmark = pytest.mark.core

LIB = TemplateLibrary(user_dir=None)
TODAY = "2026-11-24"

_inflect = inflect.engine()
_ORDINALS = "|".join(_inflect.number_to_words(_inflect.ordinal(n)) for n in range(1, 131))

# Seams of counting, beyond the general ones in seams.py ("1 years", "one years").
NUMBER_SEAMS = [
    (r"\b(?:one|a) (?:year|day|week)\b[^.]*\bevery one of them\b", "one of them after a single one"),
    (r"\b(?:a|one) (?:year|day) of [^.]*\bhave meant\b", "a year … have meant"),
    (r"\b(?:a|one) year (?:have|were)\b", "a year have"),
    (r"\banother one (?:year|day)\b", "another one year"),
    (r"\bone hundredth\b", "one hundredth (people say 'hundredth')"),
    (r"[Aa]nother year, your first\b", "another year on a first birthday"),
    (r"\byou(?: a|')re (?:\S*\d|zero\b|(?:" + _ORDINALS + r")\b)", "an age typed as a number or ordinal"),
    (r"\bOnly one day\b", "only one day … counting"),
    (r"\bdecade\b", "a decade where nothing counts one"),
]

ONE_YEAR = r"first|(?:one|a) (?:whole )?year"
NOT_YEARS = [r"\bthese years\b", r"\bour years\b"]

# template, the fields that count, what every rendering must say, what it must not say
CASES = [
    ("birthday", {"age": 1}, r"first birthday|one year|year of you|\bone\b", [r"\byears of you\b"]),
    ("birthday", {"age": 2}, r"\btwo\b|second", []),
    ("birthday", {"age": 18}, r"eighteen", []),
    ("birthday", {"age": 21}, r"twenty-first|twenty-one", []),
    ("birthday", {"age": 100}, r"hundredth|one hundred", []),
    ("birthday", {"age": 101}, r"hundred and first|one hundred and one|century", []),
    ("birthday", {"birth_date": "2025-11-24"}, r"first birthday|one year|year of you|\bone\b", []),
    ("birthday", {"birth_date": "2025-12-10"}, r"first birthday|one year|year of you|\bone\b", []),
    ("anniversary", {"married_on": TODAY}, r"first", [r"\bthese years\b", r"\bzero\b"]),
    ("anniversary", {"married_on": "2025-11-24"}, ONE_YEAR, NOT_YEARS),
    ("anniversary", {"married_on": "2025-12-10"}, ONE_YEAR, NOT_YEARS),
    ("anniversary", {"married_on": "2024-11-20"}, r"two years|second", []),
    ("anniversary", {"married_on": "1926-12-01"}, r"hundredth|one hundred years", []),
    ("anniversary", {"together_since": "2025-11-24"}, ONE_YEAR, NOT_YEARS),
    ("friendship", {"friends_since": TODAY}, r"year|still new", [r"\bzero\b"]),
    ("friendship", {"friends_since": "2025-11-24"}, r"\ba year\b", []),
    ("friendship", {"friends_since": "2024-11-20"}, r"two years", []),
    ("love_letter", {"together_since": TODAY}, r"year", [r"\bzero\b"]),
    ("love_letter", {"together_since": "2025-11-24"}, r"\ba year\b", []),
    ("love_letter", {"together_since": "2024-11-20"}, r"two years", []),
    ("farewell", {"worked_since": "2025-11-24"}, r"\ba year\b", [r"glad of every one", r"year is a long"]),
    ("farewell", {"worked_since": "2024-11-20"}, r"two years", []),
    ("farewell", {"worked_since": "1926-01-01"}, r"one hundred years", []),
    ("missing_you", {"next_visit": "2026-11-25"}, r"tomorrow", [r"\bone day\b"]),
    ("missing_you", {"next_visit": "2026-11-26"}, r"two days", []),
    ("to_child", {"milestone": "1"}, r"you(?: a|')re one\b", []),
    ("to_child", {"milestone": "21st"}, r"you(?: a|')re twenty-one\b", []),
    ("to_child", {"milestone": "18th birthday"}, r"you(?: a|')re eighteen\b", []),
    ("to_child", {"milestone": "your first birthday"}, r"you(?: a|')re one\b", []),
    ("to_child", {"milestone": "Turning 1"}, r"you(?: a|')re turning one\b", []),
    ("to_child", {"milestone": "1 year old"}, r"you(?: a|')re one year old\b", []),
    ("to_child", {"milestone": "0"}, r"", [r"\bzero\b", r"you(?: a|')re 0"]),
]

RENDERINGS = list(itertools.product(("tender", "playful", "formal"), ("short", "letter", "long"), (1, 2, 3)))


@pytest.mark.parametrize(
    "template, fields, expect, forbid",
    CASES,
    ids=[f"{t}-{'-'.join(map(str, f.values()))}" for t, f, _, _ in CASES],
)
def test_numbers_read_as_people_say_them(template, fields, expect, forbid):
    info = LIB.get(template)
    problems = []
    for tone, length, variation in RENDERINGS:
        brief = example_brief(info, tone=tone, length=length, letter_date=TODAY)
        # Only the field under test counts: the example's own dates and ages are taken out.
        for f in info.fields:
            if f.type in ("date", "number") and f.name not in ("letter_date", "variation"):
                brief.pop(f.name, None)
        if template == "to_child":
            brief.pop("milestone", None)
        brief.update(fields)
        text = LIB.render(info, brief, variation=variation).text
        where = f"{tone}/{length}/{variation}"
        problems += [f"{where}: {s}" for s in find_seams(text)]
        for pattern, what in NUMBER_SEAMS + [(p, "forbidden here") for p in forbid]:
            m = re.search(pattern, text)
            if m:
                problems.append(f"{where}: {what}: …{text[max(0, m.start() - 40) : m.end() + 40]!r}…")
        if expect and not re.search(expect, text, re.I):
            problems.append(f"{where}: the count is missing (expected /{expect}/)")
    assert not problems, "\n".join(problems[:12])


def test_a_milestone_age_is_said_in_words():
    from letterwriter.typed import you_are

    assert you_are("8") == "eight"
    assert you_are("21st") == "twenty-one"
    assert you_are("your 18th birthday.") == "eighteen"
    assert you_are("first birthday") == "one"
    assert you_are("turning 1") == "turning one"
    assert you_are("2 years old") == "two years old"
    assert you_are("1 year old") == "one year old"
    assert you_are("0") == ""
    assert you_are("starting university") == "starting university"
    assert you_are("getting married.") == "getting married"


def test_a_negative_age_is_refused_not_dropped_from_the_letter():
    """`--field age=-3` once rendered a birthday letter with no age in it and no word said."""
    from letterwriter.model import BriefError

    with pytest.raises(BriefError, match="'age': -3 is below 0"):
        LIB.render("birthday", {"sender_name": "Mama", "recipient_name": "Rosa", "age": -3})
    for age in (0, 1):  # the least age is still a letter
        LIB.render("birthday", {"sender_name": "Mama", "recipient_name": "Rosa", "age": age})
