"""The faults a third blind reader found, each held as a class: no "Label: <typed value>" lead-in
that makes a letter read like a form, no frame line the letter then contradicts (a joke "never
mentioned" that a memory tells, "I wish there were something I could do" before the help
offered), a formal letter without the casual intensifiers people type, and an anniversary
wish that is the letter's last word before the client's own, with no address standing mid-ending.
The briefs here are not the reader's: they are typed the way people type."""

from __future__ import annotations

import re

import pytest

from letterwriter import shorthand
from letterwriter.model import example_brief, minimal_brief
from letterwriter.templates import TemplateLibrary

LIB = TemplateLibrary(user_dir=None)

pytestmark = pytest.mark.core


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def _typed(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _typed(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _typed(v)]
    return [str(value)] if isinstance(value, str) or hasattr(value, "meaning") else []


def _shares_three_words(text: str, typed: list[str]) -> bool:
    runs = {tuple(w[i : i + 3]) for t in typed for w in [_words(t)] for i in range(len(w) - 2)}
    w = _words(text)
    return any(tuple(w[i : i + 3]) in runs for i in range(len(w) - 2))


# --- no colon lead-in before a typed value --------------------------------------------------------


@pytest.mark.parametrize("tid", [i.id for i in LIB.list()])
def test_no_frame_sentence_ends_in_a_colon_before_a_typed_value(tid):
    info = LIB.get(tid)
    for tone in info.tones:
        for length in ("short", "letter", "long"):
            for variation in range(1, 7):
                brief = example_brief(info) | {"tone": tone, "length": length}
                typed = [t for f in info.fields for t in _typed(brief.get(f.name))]
                body = LIB.render(info, brief, variation=variation).body_text
                for m in re.finditer(r"([^.!?\n]*):\s+([^.!?\n]*)", body):
                    lead, after = m.groups()
                    if _shares_three_words(lead + ":", typed):
                        continue  # the colon is in the client's own words
                    assert not _shares_three_words(after, typed), (tone, length, variation, m.group(0))


@pytest.mark.parametrize(
    ("tid", "fields"),
    [
        ("birthday", {"plans": "tea at the harvester on saturday, your pick, and im not allowed to sing"}),
        (
            "apology",
            {
                "what_happened": "i told people at the party about your diagnosis",
                "impact": "you had to answer questions from people you barely know",
            },
        ),
        ("thank_you", {"situation": "our son was reading way below grade level and crying before school"}),
        (
            "farewell",
            {
                "built": "the summer placements for local kids",
                "next_chapter": "your allotment and the coast path",
            },
        ),
        (
            "anniversary",
            {"hopes": ["finally doing the japan trip", "teaching the dog one trick", "the bowling rematch"]},
        ),
    ],
)
def test_a_value_typed_the_way_people_type_is_never_led_in_by_a_colon(tid, fields):
    info = LIB.get(tid)
    for tone in info.tones:
        for variation in range(1, 7):
            brief = minimal_brief(info, tone=tone, length="letter", **fields)
            body = LIB.render(info, brief, variation=variation).body_text
            for m in re.finditer(r":\s+([^.!?\n]*)", body):
                assert not _shares_three_words(
                    m.group(1), list(fields.values()) if tid != "anniversary" else fields["hopes"]
                ), (tone, variation, body)


# --- a lead-in the letter does not deny ------------------------------------------------------------

_HUSHED = re.compile(r"never mention|best left between us|could bring up", re.I)


@pytest.mark.parametrize("tid", ["anniversary", "birthday", "friendship", "love_letter"])
def test_a_joke_never_mentioned_is_not_then_told_in_a_memory(tid):
    info = LIB.get(tid)
    told = "teaching you to fish at the reservoir; you caught one bigger than mine and named it kevin"
    memory = {"memory": told} if tid == "birthday" else {"memories": [told]}
    for tone in ("playful", "tender"):
        for variation in range(1, 7):
            brief = (
                example_brief(info)
                | memory
                | {"tone": tone, "length": "letter", "inside_joke": "kevin the fish"}
            )
            body = LIB.render(info, brief, variation=variation).body_text
            assert not _HUSHED.search(body), (tone, variation, body)


@pytest.mark.parametrize("tid", ["anniversary", "birthday", "friendship", "love_letter"])
def test_a_joke_told_nowhere_else_may_still_be_hushed(tid):
    info = LIB.get(tid)
    seen = set()
    for variation in range(1, 7):
        brief = example_brief(info) | {
            "tone": "playful",
            "length": "letter",
            "inside_joke": "the goose incident",
        }
        body = LIB.render(info, brief, variation=variation).body_text
        seen.add(bool(_HUSHED.search(body)))
    assert True in seen  # the lead-in is withheld only where the letter would deny it


def test_a_condolence_offering_help_never_wishes_it_could_do_something():
    info = LIB.get("condolence")
    for tone in info.tones:
        for variation in range(1, 13):
            brief = example_brief(info) | {
                "tone": tone,
                "length": "letter",
                "help_offer": "i can take the monday meetings off your plate",
            }
            body = LIB.render(info, brief, variation=variation).body_text
            assert "something I could do" not in body, (tone, variation)
    said = set()
    for variation in range(1, 13):
        brief = example_brief(info) | {"tone": "tender", "length": "letter", "help_offer": ""}
        said.add("something I could do" in LIB.render(info, brief, variation=variation).body_text)
    assert True in said  # without an offer the wish is one of the wordings still


# --- a formal letter without casual intensifiers --------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "formal"),
    [
        ("reading way below grade level", "reading well below grade level"),
        ("way too many meetings", "far too many meetings"),
        ("Way better than last year", "Far better than last year"),
        ("super proud of you", "very proud of you"),
        ("we were gonna call and kinda forgot", "we were going to call and kind of forgot"),
        ("i wanna thank you", "i want to thank you"),
    ],
)
def test_casual_intensifiers_have_a_formal_wording(typed, formal):
    assert shorthand.formally(typed) == formal


@pytest.mark.parametrize(
    "typed", ["all the way below the bridge", "the way over the hill", "the Super Bowl", "a way out"]
)
def test_way_as_a_noun_and_a_capitalised_name_are_left(typed):
    assert shorthand.formally(typed) == typed


def test_only_a_formal_letter_says_well_below_and_the_clients_message_keeps_its_words():
    info = LIB.get("thank_you")
    fields = {
        "situation": "eli was reading way below grade level",
        "message": "you were way above and beyond.",
    }
    formal = LIB.render(info, minimal_brief(info, tone="formal", **fields)).body_text
    tender = LIB.render(info, minimal_brief(info, tone="tender", **fields)).body_text
    assert "well below" in formal and "way below" not in formal
    assert "way above and beyond" in formal.lower()
    assert "way below" in tender


# --- the anniversary wish is the last word before the client's ---------------------------------------

_ADDRESS = re.compile(r"Happy anniversary, my (?:love|dear|favou?rite person)\.")


@pytest.mark.parametrize("length", ["short", "letter", "long"])
def test_the_anniversary_wish_opens_the_clients_closing_words_without_an_address(length):
    info = LIB.get("anniversary")
    message = "ten years and you still laugh at my jokes. i love you."
    for tone in info.tones:
        for variation in range(1, 7):
            brief = example_brief(info) | {"tone": tone, "length": length, "message": message}
            paragraphs = LIB.render(info, brief, variation=variation).body_text.split("\n\n")
            last = paragraphs[-1]
            assert "still laugh at my jokes" in last and last.startswith("Happy anniversary"), paragraphs[-2:]
            assert not any("Happy anniversary" in p for p in paragraphs[:-1])
            assert not _ADDRESS.search(last), last


def test_without_a_message_the_wish_may_end_on_an_address():
    info = LIB.get("anniversary")
    endings = set()
    for variation in range(1, 7):
        brief = example_brief(info) | {"tone": "tender", "length": "letter", "message": ""}
        endings.add(LIB.render(info, brief, variation=variation).body_text.split("\n\n")[-1])
    assert all(e.startswith("Happy anniversary") for e in endings) and any(
        _ADDRESS.search(e) for e in endings
    )


def test_a_value_that_begins_with_that_after_a_frame_that_ends_with_it_says_it_once():
    info = LIB.get("to_child")
    for variation in range(1, 7):
        brief = example_brief(info) | {"wish": "that Leeds is good to you and you to it"}
        body = LIB.render(info, brief, variation=variation).body_text
        assert "that that" not in body, body


@pytest.mark.parametrize(
    ("tid", "field", "typed"),
    [
        ("missing_you", "next_plan", "a long walk on the coast path"),
        ("thank_you", "promise", "this summer we are mowing YOUR lawn, no arguments"),
    ],
)
def test_a_value_that_once_followed_a_colon_is_carried_by_a_sentence_not_left_bare(tid, field, typed):
    from letterwriter.typed import as_sentence

    info = LIB.get(tid)
    for tone in info.tones:
        for variation in range(1, 7):
            brief = example_brief(info) | {"tone": tone, "length": "letter", field: typed}
            body = LIB.render(info, brief, variation=variation).body_text
            assert as_sentence(typed) not in body and typed.split(",")[0].split()[-1] in body, body


@pytest.mark.parametrize("variation", [1, 2, 3])
def test_a_thing_typed_first_then_sentences_is_carried_by_a_sentence_not_left_a_fragment(variation):
    """A fourth blind reader: "The summer lab placements for year 12 students from local state
    schools." stood alone once the colon lead-in went."""
    from letterwriter.model import minimal_brief
    from letterwriter.templates import TemplateLibrary

    lib = TemplateLibrary(user_dir=None)
    info = lib.get("farewell")
    built = (
        "the summer lab placements for year 12 students from local state schools. nearly 400 kids have "
        "done it now, some of them are phd students in the dept"
    )
    brief = minimal_brief(info, built=built, tone="formal", length="letter")
    text = lib.render(info, brief, variation=variation).text
    assert "the summer lab placements for year 12 students from local state schools" in text
    assert "\nThe summer lab placements" not in text and ". The summer lab placements" not in text, text
    assert "Nearly 400 kids have done it now" in text
