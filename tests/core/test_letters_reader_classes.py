"""The faults a blind reader found in six program letters, each held as a class (edges.py,
voice.py, wording.py, the templates): a detail typed about the recipient said to them, the
client's phone typing tidied, comma splices parted, one closing before the client's own last
words, no signposts, an inside joke as a wink, signs_as in every register, a playful letter that
stays playful. The briefs here are not the reader's: they are typed the way people type."""

from __future__ import annotations

import re

import pytest

from letterwriter import edges, tidying
from letterwriter.model import example_brief, minimal_brief
from letterwriter.templates import TemplateLibrary

LIB = TemplateLibrary(user_dir=None)


# --- 1. the recipient's "she"/"he" said to them ----------------------------------------------


@pytest.mark.parametrize(
    ("typed", "they", "said"),
    [
        (
            "he walks the dog for me when his knee lets him",
            "he",
            "you walk the dog for me when your knee lets you",
        ),
        (
            "she still bakes on a friday and doesnt let anyone help",
            "she",
            "you still bake on a friday and don't",
        ),
        (
            "she beats everyone at cards and pretends it was luck",
            "she",
            "you beat everyone at cards and pretend",
        ),
        ("making her laugh until she cried", "she", "making you laugh until you cried"),
        (
            "her garden, and the trip to wales with her sister",
            "she",
            "your garden, and the trip to wales with your sister",
        ),
        (
            "he has been so patient, he was there every day",
            "he",
            "you have been so patient, you were there every day",
        ),
        ("shes got her driving test in june", "she", "you've got your driving test in june"),
        ("in Brighton, she gave flakes away", "she", "in Brighton, you gave flakes away"),
        ("that he gets a desk and his boss lets him go", "he", "that you get a desk and your boss lets you"),
    ],
)
def test_a_detail_typed_about_the_recipient_is_said_to_them(typed, they, said):
    assert str(edges.say_to_them(typed, they)).startswith(said)


@pytest.mark.parametrize(
    ("typed", "they"),
    [
        ("my mum rang and she said it was fine", "she"),  # "she" is my mum
        ("our son took the bus and he loved it", "he"),
        ("she made it herself", "he"),  # a "she" in a letter to a "he" is someone else
    ],
)
def test_a_pronoun_that_may_mean_someone_else_is_left(typed, they):
    said = str(edges.say_to_them(typed, they))
    assert " you" not in f" {said}" and "your" not in said


def test_when_the_deceased_has_the_recipients_pronouns_every_she_is_left_as_typed():
    assert tidying.recipient_they({"recipient_pronouns": "she/her", "deceased_pronouns": "she/her"}) == ""
    assert tidying.recipient_they({"recipient_pronouns": "he/him", "deceased_pronouns": "she/her"}) == "he"
    assert tidying.recipient_they({"relationship": "grandmother"}) == "she"
    info = LIB.get("condolence")
    brief = minimal_brief(
        info,
        recipient_pronouns="she/her",
        deceased_pronouns="she/her",
        deceased_name="Margaret",
        memory="she always kept a tin of toffees in her handbag",
    )
    body = LIB.render(info, brief).body_text
    assert "your handbag" not in body and "you always kept" not in body.lower()


def test_a_birthday_typed_about_her_is_written_to_her():
    info = LIB.get("birthday")
    brief = example_brief(info) | {
        "recipient_name": "Ivy",
        "recipient_pronouns": "she/her",
        "relationship": "grandchild",
        "tone": "tender",
        "qualities": ["she sings in the car and pretends she doesnt", "she looks after her little brother"],
        "memory": "teaching her to ride a bike in the park when she was 6",
        "wish": "that she keeps being exactly who she is",
        "inside_joke": "",
    }
    body = LIB.render(info, brief).body_text
    assert not re.search(r"\b(?:she|her|She|Her)\b", body), body


# --- 2. the client's phone typing --------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("we couldnt find it even tho we looked", "we couldn't find it even though we looked"),
        ("a old friend and a hour late", "an old friend and an hour late"),
        ("a university and a one-off", "a university and a one-off"),
        ("her nhs job and his gcses", "her NHS job and his GCSEs"),
        ("we drove up to edinburgh and then to glasgow", "we drove up to Edinburgh and then to Glasgow"),
        ("a cat named biscuit", "a cat named Biscuit"),
        ("you and tom", "you and Tom"),
        ("ill bring the cake", "I'll bring the cake"),
        ("at lenas wedding", "at Lena's wedding"),
        ("from march to may", "from March to May"),
        ("mark the date, and may it rain", "mark the date, and may it rain"),
    ],
)
def test_phone_typing_is_written_as_a_careful_writer_types(typed, written):
    assert edges.raw_typing(typed) == written


def test_names_are_capitalised_as_the_brief_spells_them_and_never_respelt():
    names = tidying.brief_names({"recipient_name": "Siobhán", "pet_name": "Shiv"})
    assert edges.raw_typing("siobhán and shiv", names) == "Siobhán and Shiv"
    assert edges.raw_typing("Mcdonald stays as typed", names) == "Mcdonald stays as typed"


# --- 3. comma splices ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "parted"),
    [
        (
            "i'll bring soup on sundays, im just round the corner",
            "i'll bring soup on sundays; im just round the corner",
        ),
        ("we moved in june, the house was freezing", "we moved in june; the house was freezing"),
        ("when we got there, it was shut", "when we got there, it was shut"),  # a subordinate clause
        ("the dog, the cat and the rabbit", "the dog, the cat and the rabbit"),
        ("it was lovely, you know", "it was lovely, you know"),  # too short to be a clause of its own
        ("she called, so we went", "she called, so we went"),  # a comma and a conjunction
    ],
)
def test_a_comma_splice_is_parted_only_between_two_clauses(typed, parted):
    assert edges.unsplice(typed) == parted


def test_the_clients_own_paragraph_parts_a_splice_into_sentences():
    assert (
        edges.unsplice("we moved in june, the house was freezing", ".")
        == "we moved in june. The house was freezing"
    )


# --- 4. one closing, the client's words last -----------------------------------------------------


def test_no_frame_line_says_what_the_clients_own_last_words_say():
    info = LIB.get("condolence")
    for variation in range(1, 5):
        brief = minimal_brief(
            info, length="long", message="no need to write back, i just wanted you to know."
        )
        body = LIB.render(info, brief, variation=variation).body_text
        assert len(re.findall(r"\breply\b|answer this|write back", body)) == 1, body
        assert body.rstrip().endswith("wanted you to know.")
    info = LIB.get("anniversary")
    for variation in range(1, 5):
        brief = example_brief(info) | {
            "length": "long",
            "message": "here's to the next five, and the five after that",
        }
        body = LIB.render(info, brief, variation=variation).body_text
        assert len(re.findall(r"\b[Hh]ere(?:'s| is) to\b", body)) == 1, body
        assert body.rstrip().endswith("five after that.")


# --- 5 and 6. no signposts; an inside joke is a wink ---------------------------------------------

_SIGNPOSTS = re.compile(
    r"stays with me:|keep coming back to|Ahead of us:|what will change:|on paper|Go well|go well"
    r"|too much cake|to remember (?:her|him|them) by|I only have to say|You know\.|Two words, or a few"
)


_WITH_DETAILS = ["anniversary", "birthday", "farewell", "apology", "condolence", "love_letter", "friendship"]


@pytest.mark.parametrize("tid", [*_WITH_DETAILS, "thank_you", "to_parent", "missing_you"])
def test_no_stock_signpost_stands_before_a_typed_detail(tid):
    info = LIB.get(tid)
    for tone in info.tones:
        for variation in range(1, 7):
            text = LIB.render(info, example_brief(info) | {"tone": tone}, variation=variation).body_text
            assert not _SIGNPOSTS.search(text), (tone, variation, _SIGNPOSTS.search(text).group(0))


# --- 7 and 8. the signature; a playful letter stays playful --------------------------------------


def test_signs_as_signs_a_formal_letter_to_a_mentor():
    info = LIB.get("farewell")
    brief = minimal_brief(
        info, sender_name="Dr Noor Saleh", signs_as="Noor", relationship="mentor", tone="formal"
    )
    assert LIB.render(info, brief).text.rstrip().endswith("\nNoor")


def test_a_car_that_died_keeps_an_anniversary_playful():
    info = LIB.get("anniversary")
    brief = example_brief(info) | {
        "tone": "playful",
        "memories": ["the night the car died on the m6 and we slept in it"],
    }
    letter = LIB.render(info, brief)
    assert letter.values["tone"] == "playful" and letter.tone_note == ""
    assert "M6" in letter.body_text or "m6" in letter.body_text


# A blind reader's three new briefs: the "you" already in what was typed, and the recipient
# named in it, were mangled ("she tells you the truth" -> "you tell you the truth", "ill be here
# whenever your ready" -> "ill be you're whenever your ready", "Walt got up … in your old ford").
@pytest.mark.parametrize(
    ("typed", "they", "said"),
    [
        ("the way she tells you the truth even when it stings", "she", "the way you tell me the truth"),
        ("she shows up with soup before you even ask", "she", "you show up with soup before I even ask"),
        ("he made you laugh when you were sad", "he", "you made me laugh when I was sad"),
        (
            "Walt got up at 5am and drove around in his old ford",
            "he",
            "You got up at 5am and drove around in your old ford",
        ),
    ],
)
def test_a_detail_with_the_clients_you_in_it_is_said_to_them_from_the_client(typed, they, said):
    told = tidying._their_view(typed, they, {"walt", "mikey"})
    assert told is not None
    assert str(edges.say_to_them(told, they)).startswith(said)


@pytest.mark.parametrize(
    "typed",
    [
        "ill be here whenever your ready",  # "you" with no "she" of theirs: already said to them
        "I told Walt he was the best neighbour",  # named as an object: a sentence about them, whole
    ],
)
def test_a_detail_already_said_to_them_or_told_about_them_is_left_whole(typed):
    assert tidying._their_view(typed, "he", {"walt"}) is None


def test_the_clients_own_last_words_keep_their_he_and_she():
    info = LIB.get("apology")
    brief = minimal_brief(info, recipient_name="Mikey", recipient_pronouns="he/him", relationship="son")
    brief["message"] = "your grandpa never once told me he was proud of me. im proud of you mikey"
    text = LIB.render(info, brief).text
    assert "told me he was proud of me" in text and "you were proud" not in text


@pytest.mark.parametrize(
    "typed", ["you stayed calm for both of us, and I have leaned on it", "it was just me and him"]
)
def test_a_pronoun_beside_and_is_never_taken_for_a_name(typed):
    said = edges.raw_typing(typed, {}, {})
    assert " Us" not in said and " Him" not in said and " Me " not in said, said
