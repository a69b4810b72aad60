"""The brief as an interview (issues 16, 25): memories with meanings, the words typed as people type
them, who signs and in which voice, sad briefs, anniversaries near the letter's date, the locale."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from letterwriter import language, typed
from letterwriter.draft import Draft
from letterwriter.model import BriefError, Memory, example_brief, fold_memories, minimal_brief, validate_brief
from letterwriter.templates import TemplateLibrary

pytestmark = pytest.mark.core

LIB = TemplateLibrary(user_dir=None)
DATE = "2026-12-07"


# --- memories carry the client's answer ------------------------------------------------------------


def test_a_memory_may_carry_its_meaning_in_json_and_keeps_it():
    info = LIB.get("love_letter")
    brief = minimal_brief(
        info,
        memories=[{"memory": "the night the boiler died", "meaning": "you made it an adventure"}, "Porto"],
    )
    values = validate_brief(info, brief).values
    first, second = values["memories"]
    assert isinstance(first, Memory) and first == "the night the boiler died"
    assert first.meaning == "you made it an adventure" and second.meaning == ""
    assert first.to_json() == {"memory": "the night the boiler died", "meaning": "you made it an adventure"}
    assert second.to_json() == "Porto"


def test_the_meaning_follows_its_memory_and_nothing_else_does():
    info = LIB.get("birthday")
    plain = minimal_brief(info, memory="the night we got lost in Edinburgh", letter_date=DATE)
    meant = dict(plain, memory={"memory": plain["memory"], "meaning": "you turn a wrong turn into a party"})
    for variation in (1, 2, 3):
        with_meaning = LIB.render(info, meant, variation=variation).body_text
        without = LIB.render(info, plain, variation=variation).body_text
        after = with_meaning.split("Edinburgh", 1)[1]
        assert after.lstrip(". ").startswith("You turn a wrong turn into a party."), with_meaning
        # without an answer the memory stands plainly: the next words are not a remark about it
        assert "Edinburgh." in without and "party" not in without


def test_an_object_that_is_not_a_memory_is_refused():
    info = LIB.get("love_letter")
    with pytest.raises(BriefError, match="memory"):
        validate_brief(info, minimal_brief(info, memories=[{"memory": "x", "colour": "red"}]))
    with pytest.raises(BriefError):
        validate_brief(info, minimal_brief(info, places=[{"memory": "Lisbon"}]))  # places ask no meaning


def test_merge_columns_fold_into_memories_with_meanings():
    info = LIB.get("love_letter")
    row = {
        "sender_name": "Ana",
        "recipient_name": "Sam",
        "memories_1": "the wrong train to Porto",
        "memories_1_meaning": "the best day of the trip",
        "memory_2": "the flour everywhere",
    }
    folded = fold_memories(info, row)
    assert folded["memories"] == [
        {"memory": "the wrong train to Porto", "meaning": "the best day of the trip"},
        "the flour everywhere",
    ]
    values = validate_brief(info, row).values
    assert values["memories"][0].meaning == "the best day of the trip"
    one = LIB.get("condolence")
    row = {"sender_name": "A", "recipient_name": "B", "deceased_name": "Rosa", "memory": "plum jam"}
    assert validate_brief(one, {**row, "memory_meaning": "she fed everyone"}).values["memory"].meaning


def test_a_letter_file_keeps_the_meaning(tmp_path):
    info = LIB.get("love_letter")
    values = minimal_brief(info, memories=[{"memory": "Porto", "meaning": "the best wrong train"}])
    draft = Draft(LIB, info, values)
    path = tmp_path / "a.letter"
    path.write_text(json.dumps(draft.to_json()), encoding="utf-8")
    again = Draft.open(LIB, path)
    assert again.values["memories"] == [{"memory": "Porto", "meaning": "the best wrong train"}]
    assert "the best wrong train" in again.text.lower()


# --- words as people type them ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed_value", "kind"),
    [
        ("the night we missed the last train", "np"),
        ("building a blanket fort in Gran's front room", "np"),
        ("you holding my hand crossing Floriańska street when I was five", "np"),
        ("drove four hours to fetch me.", "vp"),
        ("dad was never alone and we could sleep a little", "clause"),
        ("the whole family is coming", "clause"),
        ("i will never forget when we got lost in Lisbon.", "first"),
        ("I am making your favourite puff-puff and the whole family is coming.", "first"),
        ("We got lost. It rained all day.", "sentences"),
        ("every time I walk past the bakery", "when"),
        ("always in Whitstable beach", "other"),
    ],
)
def test_the_shape_of_what_was_typed(typed_value, kind):
    assert typed.shape(typed_value).kind == kind


@pytest.mark.parametrize(
    ("value", "spec", "before", "expected"),
    [
        ("you drove four hours.", "past", "You ", "drove four hours"),
        ("I missed your opening", "past", "I ", "missed your opening"),
        ("I'll Call you every Sunday.", "base", "I will ", "call you every Sunday"),
        ("I have told my boss I will not miss family things again.", "base", "I will ", None),
        ("we got lost in Rome", "event", "", "the time we got lost in Rome"),
        ("we were exhausted and scared", "np", "", None),
        ("you greet everybody properly", "taught", "", "to greet everybody properly"),
        ("i will never forget when we got lost.", "s", "", "I will never forget when we got lost."),
        ("stuck on a ward", "pred", "", "stuck on a ward"),
    ],
)
def test_a_frame_takes_only_what_fits_it(value, spec, before, expected):
    assert typed.fit(value, spec, before) == expected


def test_when_no_frame_fits_the_clients_words_stand_alone_fixed_at_the_edges():
    info = LIB.get("apology")
    brief = minimal_brief(
        info,
        what_happened="i missed your wedding because i took an extra shift.",
        what_will_change="I have told my boss I will not miss family things again.",
        letter_date=DATE,
    )
    for variation in (1, 2, 3):
        text = LIB.render(info, brief, variation=variation).text
        assert "I have told my boss I will not miss family things again." in text
        assert "intend to have told" not in text and "will I have" not in text
        assert " i " not in text and "because I took an extra shift" in text


# --- who writes, and how -------------------------------------------------------------------------


def test_a_family_writes_we_and_signs_as_a_family():
    info = LIB.get("thank_you")
    brief = example_brief(
        info, sender_name="Marguerite Dubois and family", relationship="other", letter_date=DATE
    )
    for variation in (1, 2, 3):
        letter = LIB.render(info, brief, variation=variation)
        assert letter.text.rstrip().endswith("Marguerite Dubois and family")
        assert re.search(r"\b(?:we|We|our|us)\b", letter.body_text)
    assert (
        language.we_for_i("I was exhausted and my mother thanked me.")
        == "We were exhausted and our mother thanked us."
    )


@pytest.mark.parametrize(
    ("relationship", "tone", "signs_as", "salutation", "signed", "not_closing"),
    [
        ("spouse", "formal", "", "My dear Zoë,", "Siobhán", ("regards", "Yours sincerely")),
        ("spouse", "tender", "Shiv", None, "Shiv", ("regards",)),
        ("friend", "formal", "", "Dear Zoë,", "Siobhán", ()),
        ("colleague", "tender", "", "Dear Zoë,", "Siobhán Murphy", ("love", "Love")),
        # formal is careful, not distant: a colleague is on first-name terms (class 5 of the blind
        # reading); the full name only where there is no first-name basis, a title only if given
        ("colleague", "formal", "", "Dear Zoë,", "Siobhán Murphy", ("love", "Love")),
        ("other", "formal", "", "Dear Zoë Kowalczyk,", "Siobhán Murphy", ("love", "Love")),
        ("colleague", "tender", "Shiv", "Dear Zoë,", "Shiv", ("love", "Love")),
        (
            "colleague",
            "formal",
            "Shiv",
            "Dear Zoë,",
            "Shiv",
            ("love", "Love"),
        ),  # signs_as wins in every register
    ],
)
def test_the_register_follows_tone_and_relationship(
    relationship, tone, signs_as, salutation, signed, not_closing
):
    info = LIB.get("birthday")
    brief = minimal_brief(
        info,
        sender_name="Siobhán Murphy",
        signs_as=signs_as,
        recipient_name="Zoë",
        recipient_full_name="Zoë Kowalczyk",
        relationship=relationship,
        tone=tone,
        letter_date=DATE,
    )
    for variation in (1, 2, 3):
        letter = LIB.render(info, brief, variation=variation)
        if salutation:
            assert letter.paragraphs[1] == salutation
        closing, name = letter.paragraphs[-1].split("\n")
        assert name == signed
        assert not any(w in closing for w in not_closing), closing


def test_a_sad_brief_in_a_playful_tone_is_written_with_warmth_and_says_so():
    info = LIB.get("thank_you")
    brief = minimal_brief(info, what_they_did="looked after dad in his last days on ward 7", tone="playful")
    letter = LIB.render(info, brief)
    assert "last days" in letter.tone_note and "softened to warmth" in letter.tone_note
    assert letter.tone_note in letter.notes
    assert LIB.render(info, dict(brief, what_they_did="fixed my bike")).tone_note == ""


# --- anniversaries counted on the letter's day ----------------------------------------------------


@pytest.mark.parametrize(
    ("letter_date", "expect", "never"),
    [
        (
            "2026-12-07",
            r"nearly twenty-eight years since the ninth of December 1998",
            r"twenty-fifth|twenty-six",
        ),
        ("2026-08-05", r"twenty-fifth wedding anniversary is nearly here", r"twenty-eight"),
        ("2026-10-20", r"more than twenty-five years", r"anniversary is"),
    ],
)
def test_the_anniversary_counted_is_the_one_near_the_letters_date(letter_date, expect, never):
    info = LIB.get("anniversary")
    brief = minimal_brief(info, married_on="2001-08-11", together_since="1998-12-09", letter_date=letter_date)
    for variation in (1, 2, 3):
        text = LIB.render(info, brief, variation=variation).text
        assert re.search(expect, text), text
        assert not re.search(never, text), text


def test_anniversary_words_are_true_on_the_day():
    a = language.anniversary(dt.date(2015, 8, 22), None, dt.date(2026, 12, 7))
    assert (a.which, a.near, a.span) == ("wedding", False, "more than eleven years")
    assert language.anniversary(dt.date(2015, 8, 22), None, dt.date(2026, 8, 22)).span == "eleven years"


# --- the system's English ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "en_GB.UTF-8"}, "en-GB"),
        ({"LC_ALL": "en_AU.UTF-8", "LANG": "en_US.UTF-8"}, "en-AU"),
        ({"LC_MESSAGES": "en_NZ", "LANG": "en_US.UTF-8"}, "en-NZ"),
        ({"LANG": "de_DE.UTF-8"}, None),
        ({"LANG": "C.UTF-8"}, None),
        ({}, None),
    ],
)
def test_the_default_english_follows_the_locale(environ, expected):
    assert language.system_language(environ) == expected


def test_a_british_letter_is_dated_and_spelt_the_british_way():
    info = LIB.get("birthday")
    brief = minimal_brief(info, plans="I am making your favourite cake", letter_date=DATE, length="letter")
    gb = LIB.render(info, brief, language="en-GB").text
    us = LIB.render(info, brief, language="en-US").text
    assert gb.startswith("7 December 2026") and us.startswith("December 7, 2026")
    assert "favourite cake" in gb  # the client's own spelling is theirs in both
