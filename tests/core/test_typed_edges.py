"""The client's words as typed, fixed only at their edges (edges.py), and the register rules a blind
reader asked for: apostrophe-less contractions read as what they are, days and months capitalised,
a kiss keeps its end, a detail about the recipient said to them, names never respelt, titles never
invented, signs_as signs, a playful condolence written with warmth."""

from __future__ import annotations

import pytest

from letterwriter import edges, typed
from letterwriter.language import formal_name, sensitive_words, signature
from letterwriter.model import minimal_brief
from letterwriter.templates import TemplateLibrary

pytestmark = pytest.mark.core

LIB = TemplateLibrary(user_dir=None)


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("shes starting as head of childrens services at Aberdeen central library in january.", "clause"),
        ("im coming up on the train at easter and we are going to walk along the beach", "first"),
        ("your mug with the cat on it is still on the staffroom shelf", "clause"),
        ("no one laughs at my jokes on the issue desk anymore", "clause"),
        ("the first person i text when something ridiculous happens at work.", "np"),
        ("mr Patel who comes in every morning for the papers", "np"),
        ("the empty seat at the Christmas swim", "np"),
        ("dont you dare", "other"),
    ],
)
def test_what_was_typed_is_read_as_what_it_is(value, kind):
    assert typed.shape(value).kind == kind


def test_a_past_clause_is_how_we_met():
    assert typed.shape("we both turned up to the staff induction in the wrong building").tense == "past"
    assert (
        typed.fit("we both turned up at the wrong building.", "when")
        == "we both turned up at the wrong building"
    )
    assert typed.fit("the bench at Kew", "when") is None


@pytest.mark.parametrize(
    ("typed_value", "written"),
    [
        ("every sunday morning", "every Sunday morning"),
        ("at easter and in march", "at Easter and in March"),
        ("you may go", "you may go"),
        ("march on", "march on"),
        ("on new year's eve", "on New Year's Eve"),
        ("tuesdays and thursdays", "Tuesdays and Thursdays"),
    ],
)
def test_days_months_and_holidays_are_capitalised_and_nothing_else(typed_value, written):
    assert edges.fix(typed_value) == written


@pytest.mark.parametrize(
    "end", ["up there x", "love you xx", "xoxo", "so will we!!", "🎉", "love you D ❤️", "ok :)"]
)
def test_a_kiss_or_an_emoji_ends_without_a_full_stop(end):
    assert typed.as_sentence(end).endswith(end[-2:])
    assert not typed.as_sentence(end).endswith(".")


def test_an_ordinary_end_gets_its_full_stop():
    assert typed.as_sentence("see you at the box") == "See you at the box."


@pytest.mark.parametrize(
    ("value", "they", "said"),
    [
        ("shes starting in january", "she", "you're starting in january"),
        ("hes moving to be near his grandchildren", "he", "you're moving to be near your grandchildren"),
        ("he's done it himself", "he", "you've done it yourself"),
        (
            "theyve done it while looking after their nan",
            "they",
            "you've done it while looking after your nan",
        ),
        ("she cooks for everyone", "she", "you cook for everyone"),
        ("he fixed it and he never tells anyone", "he", "you fixed it and you never tell anyone"),
        ("shed a tear", "she", "shed a tear"),
        ("my mother cooked", "she", "my mother cooked"),
    ],
)
def test_a_detail_typed_about_the_recipient_is_said_to_them(value, they, said):
    assert str(edges.to_you(value, they)) == said


def test_a_name_is_never_respelt_in_an_american_letter():
    info = LIB.get("thank_you")
    brief = {
        "sender_name": "Maya",
        "recipient_name": "Mum/Dad",
        "what_they_did": "helped",
        "relationship": "mother",
    }
    for tone in ("tender", "playful", "formal"):
        letter = LIB.render(info, dict(brief, tone=tone), language="en-US")
        assert "Mum/Dad" in letter.paragraphs[1], letter.paragraphs[1]


@pytest.mark.parametrize(
    ("name", "full", "relationship", "dear"),
    [
        ("Zoë", "Zoë Adebayo-Clarke", "colleague", "Zoë"),  # a first-name basis
        ("Eddie", "Eduardo Alvarez", "neighbour", "Eddie"),
        ("Renée", "Renée Okoro", "other", "Renée Okoro"),  # none: the full name
        ("Aisha", "Dr Aisha Khan", "other", "Dr Khan"),  # a title the brief gives
        ("Mr Hughes", "Gareth Hughes", "colleague", "Mr Hughes"),  # what the client calls him
        ("Sam", "Sam Reyes", "teacher", "Sam Reyes"),  # never "Mx" or "Mr" from pronouns
    ],
)
def test_a_formal_salutation_uses_a_title_only_when_given(name, full, relationship, dear):
    assert formal_name(name, full, relationship) == dear


@pytest.mark.parametrize(
    ("sender", "signs_as", "relationship", "tone", "signed"),
    [
        (
            "the Nguyễn family",
            "Thảo, Minh, Lily and baby An",
            "neighbour",
            "tender",
            "Thảo, Minh, Lily and baby An",
        ),
        (
            "the Nguyễn family",
            "Thảo, Minh, Lily and baby An",
            "neighbour",
            "formal",
            "Thảo, Minh, Lily and baby An",
        ),
        ("the Nguyễn family", "", "neighbour", "tender", "The Nguyễn family"),
        ("Siobhán Gallagher", "Siobhán", "colleague", "playful", "Siobhán"),
        ("Siobhán Gallagher", "Siobhán", "colleague", "formal", "Siobhán"),
        ("Dr Amira Haddad", "Amira", "mentor", "formal", "Amira"),
        ("Siobhán Gallagher", "", "colleague", "formal", "Siobhán Gallagher"),
        ("Łucja Nowak", "Łucja", "father", "formal", "Łucja"),
    ],
)
def test_signs_as_signs_every_letter_in_every_register(sender, signs_as, relationship, tone, signed):
    assert signature(sender, signs_as, relationship, tone) == signed


def test_a_playful_condolence_is_written_with_gentle_warmth_and_says_so():
    info = LIB.get("condolence")
    letter = LIB.render(info, minimal_brief(info, tone="playful", letter_date="2026-11-24"))
    assert letter.values["tone"] == "playful"
    assert "not written in a playful tone" in letter.tone_note and "gentle warmth" in letter.tone_note
    assert letter.tone_note in letter.notes


def test_only_a_death_or_an_illness_at_the_centre_softens_a_playful_tone():
    passing = {"what_they_did": "shovelled our drive while Minh was recovering from his back surgery"}
    assert sensitive_words(passing) == []
    assert sensitive_words({"moment": "you sat with me all night in the hospital"}) == ["hospital"]
    assert sensitive_words({"what_they_did": "looked after dad in his last days"}) == ["last days"]
    info = LIB.get("thank_you")
    letter = LIB.render(info, minimal_brief(info, tone="playful", **passing))
    assert letter.tone_note == ""


def test_british_letters_apologise_and_american_letters_apologize():
    info = LIB.get("apology")
    words = {"en-GB": set(), "en-US": set()}
    for language in words:
        for variation in (1, 2, 3, 4, 5):
            for tone in ("tender", "formal"):
                brief = minimal_brief(info, tone=tone, letter_date="2026-11-24")
                text = LIB.render(info, brief, variation=variation, language=language).text
                words[language].update(w for w in ("apologise", "apologize") if w in text)
    assert words == {"en-GB": {"apologise"}, "en-US": {"apologize"}}
