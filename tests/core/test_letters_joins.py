"""Where a frame wraps the client's words, the sentence stays English: a "that" clause never stands
where a noun phrase goes ("I wish you that …"), "you are" is not contracted before what a fronted
"how far" leaves behind, "You taught me" takes "to" before a bare verb, and a value that opens
with a time told by its own clause gets its comma ("the spring grandad died, you …"). The briefs
are typed the way people type; none is a reader's."""

from __future__ import annotations

import re

import pytest

from letterwriter import tidying, typed
from letterwriter.model import minimal_brief
from letterwriter.templates import TemplateLibrary

LIB = TemplateLibrary(user_dir=None)

pytestmark = pytest.mark.core


def test_a_that_clause_is_no_noun_phrase():
    wish = "that the new job treats you kindly and that you get weekends off"
    assert typed.shape(wish).kind == "that"
    assert typed.fit(wish, "np") is None
    assert typed.fit(wish, "clause", "I hope ") == wish
    assert typed.fit(wish, "clause", "Be warned, ") is None
    assert typed.fit("that old caravan by the sea", "np") == "that old caravan by the sea"


@pytest.mark.parametrize("tid", ["congratulations", "to_child", "birthday"])
@pytest.mark.parametrize("variation", [1, 2, 3, 4])
def test_no_letter_wishes_you_a_that_clause(tid, variation):
    info = LIB.get(tid)
    brief = minimal_brief(info) | {"wish": "that the move goes smoothly and that the twins settle in fast"}
    body = LIB.render(info, brief | {"tone": "tender"}, variation=variation).body_text
    assert not re.search(r"\bwish(?: for)? you,? that\b", body, re.I), body
    assert "the move goes smoothly" in body


@pytest.mark.parametrize("variation", range(1, 7))
def test_you_are_stays_whole_before_a_place_after_how_far(variation):
    info = LIB.get("missing_you")
    brief = minimal_brief(info) | {"distance_place": "Oslo", "tone": "playful"}
    body = LIB.render(info, brief, variation=variation).body_text
    assert "you're in Oslo" not in body and "you're." not in body, body


@pytest.mark.parametrize(
    ("lesson", "said"),
    [
        ("always hold the door for the person behind you", "You taught me to always hold the door"),
        ("never lie to the people who love you", "You taught me never to lie"),
        ("not take the first offer", "You taught me not to take the first offer"),
    ],
)
def test_you_taught_me_takes_to_before_a_bare_verb(lesson, said):
    assert typed.fit(lesson, "taught", "You taught me ").startswith(said.split("me ", 1)[1])
    assert typed.fit("always the first one up", "taught", "You taught me ") is None


@pytest.mark.parametrize(
    ("typed_memory", "written"),
    [
        ("the spring grandad died you drove us to school", "the spring grandad died, you drove us to school"),
        ("every time we visited you baked a cake", "every time we visited, you baked a cake"),
        ("the day you told me you were moving", "the day you told me you were moving"),
        ("the summer you taught me to swim", "the summer you taught me to swim"),
        ("the night the boiler broke, we slept in coats", "the night the boiler broke, we slept in coats"),
        (
            "the night the car died on the ring road and we walked home",
            "the night the car died on the ring road and we walked home",
        ),
        ("the year she left school so we moved", "the year she left school so we moved"),
    ],
)
def test_a_time_told_by_its_own_clause_gets_its_comma(typed_memory, written):
    assert tidying.intro_comma(typed_memory) == written


def test_a_memory_typed_about_her_with_a_time_clause_reads_with_its_comma():
    info = LIB.get("to_parent")
    brief = minimal_brief(info) | {
        "recipient_name": "Mam",
        "relationship": "mother",
        "recipient_pronouns": "she/her",
        "memory": "the spring grandad died she drove us to school every single day",
        "tone": "tender",
    }
    body = LIB.render(info, brief).body_text
    assert re.search(r"spring Grandad died, you drove us", body), body


def test_a_you_beside_someone_elses_she_is_left_to_the_recipient():
    info = LIB.get("condolence")
    brief = minimal_brief(info) | {
        "recipient_name": "Gwen",
        "recipient_pronouns": "she/her",
        "relationship": "friend",
        "help_offer": "you can stay with my sister rhian in cardiff whenever you want, she has a spare room",
        "tone": "tender",
    }
    body = LIB.render(info, brief).body_text
    assert "you can stay with my sister" in body.lower(), body
    assert not re.search(r"\bI can stay\b|whenever I want", body), body


def test_a_generic_you_before_a_modal_is_the_subject():
    info = LIB.get("farewell")
    brief = minimal_brief(info) | {
        "recipient_name": "Len",
        "recipient_pronouns": "he/him",
        "story": "the week the roof leaked he patched it in the rain and by monday you couldnt tell",
        "tone": "tender",
    }
    body = LIB.render(info, brief).body_text
    assert " me couldn't" not in body and " me can't" not in body, body


@pytest.mark.parametrize("tone", ["tender", "formal"])
def test_a_long_memory_that_is_a_noun_phrase_is_framed_not_left_a_fragment(tone):
    info = LIB.get("condolence")
    memory = (
        "maureen dancing in the kitchen every friday night with the radio up far too loud, and "
        "making the whole street join in whether we wanted to or not. she never missed a week"
    )
    brief = minimal_brief(info) | {"deceased_name": "Maureen", "memory": memory, "tone": tone}
    body = LIB.render(info, brief).body_text
    assert "Maureen dancing in the kitchen" in body
    assert not re.search(r"(?:^|\n)Maureen dancing", body), body


@pytest.mark.parametrize("variation", [1, 2, 3])
def test_a_thing_built_then_a_clause_about_it_is_two_sentences(variation):
    info = LIB.get("farewell")
    brief = minimal_brief(info) | {
        "recipient_name": "Irene",
        "recipient_pronouns": "she/her",
        "built": "the reading room on the top floor, she chose every book in it herself",
        "tone": "tender",
    }
    body = LIB.render(info, brief, variation=variation).body_text
    assert "floor, you chose" not in body and "You chose every book in it yourself." in body, body


@pytest.mark.parametrize("tid", ["congratulations", "to_child", "birthday"])
@pytest.mark.parametrize("variation", [1, 2, 3, 4])
def test_a_frame_does_not_say_the_clients_own_lead_twice(tid, variation):
    info = LIB.get(tid)
    brief = minimal_brief(info) | {"wish": "i hope the new flat feels like home by spring", "tone": "tender"}
    body = LIB.render(info, brief, variation=variation).body_text
    assert not re.search(r"\bhope,? I hope\b", body, re.I), body
    assert "the new flat feels like home by spring" in body
