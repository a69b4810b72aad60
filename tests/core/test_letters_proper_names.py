"""Proper names a client typed in lower case, written with their capitals where the brief or the
words around them say they are names (a town after "in", "aunt" before a name, "on X road", a name
field, a word the brief capitalises elsewhere), and ordinary words never capitalised. The briefs
here are typed the way people type; none is a reader's."""

from __future__ import annotations

import re

import pytest

from letterwriter import edges, tidying
from letterwriter.model import minimal_brief
from letterwriter.templates import TemplateLibrary

LIB = TemplateLibrary(user_dir=None)

pytestmark = pytest.mark.core


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        # a town of the gazetteer after a word of place
        ("we got the last train home from harrogate", "we got the last train home from Harrogate"),
        ("your first flat in peckham had no heating", "your first flat in Peckham had no heating"),
        # a title of kin before a name, and the owner's apostrophe
        ("sunday lunch at uncle bernies place", "Sunday lunch at Uncle Bernie's place"),
        ("my auntie jean taught us cards", "my auntie Jean taught us cards"),
        # a saint's name, as churches, schools and hospitals are called
        ("she was born at st thomas", "she was born at St Thomas"),
        ("the nativity at st josephs", "the nativity at St Joseph's"),
        ("our wedding at st marys and the meal after", "our wedding at St Mary's and the meal after"),
        ("the sister who took us in", "the sister who took us in"),
        ("my cousin from leeds", "my cousin from Leeds"),
        ("at nonnas house every sunday", "at Nonna's house every Sunday"),
        # a street: a word before road/lane/street with no article
        ("the flat above the chippy on mill lane", "the flat above the chippy on Mill Lane"),
        ("number 12 acacia avenue", "number 12 Acacia Avenue"),
        # kin said as a name, not after "my"
        ("the year grandad died we moved", "the year Grandad died we moved"),
        ("we told mum and she cried", "we told Mum and she cried"),
        ("we stayed with mum and dad for a year", "we stayed with Mum and Dad for a year"),
        ("my mum and dad drove up", "my mum and dad drove up"),
        ("as nan always said", "as Nan always said"),
        # a relation and a name that is no English word
        ("my nephew kwabena carried the rings", "my nephew Kwabena carried the rings"),
        # a house with a name, and kin's possessive said as a name
        ("tea in the garden at holly cottage", "tea in the garden at Holly Cottage"),
        ("keep grandads old watch", "keep Grandad's old watch"),
        # what is not a name stays as typed
        ("we stayed on a farm", "we stayed on a farm"),
        ("my mum and my dad", "my mum and my dad"),
        ("a single mum works two jobs", "a single mum works two jobs"),
        ("we walked to town and back home in the rain", "we walked to town and back home in the rain"),
        ("down the road and round the corner", "down the road and round the corner"),
        ("she lives on our street", "she lives on our street"),
        ("dad jokes at every dinner", "dad jokes at every dinner"),
        ("in teh morning", "in teh morning"),
        ("my aunt said no", "my aunt said no"),
        ("the kind of auntie who spoils everyone", "the kind of auntie who spoils everyone"),
        ("an uncle with a boat", "an uncle with a boat"),
    ],
)
def test_a_typed_proper_name_gets_its_capitals_and_an_ordinary_word_none(typed, written):
    assert edges.raw_typing(typed) == written


def test_a_word_the_brief_capitalises_once_is_capitalised_wherever_it_is_typed():
    values = {
        "memory": "quiz night at the Red Lion when we came last with 4 points",
        "wish": "more quiz nights at the red lion and a win one day",
        "message": "see you at the red lion friday. the red wine is on me",
    }
    names = tidying.brief_names(values)
    assert edges.raw_typing(values["wish"], names) == "more quiz nights at the Red Lion and a win one day"
    # an English word keeps its capital only beside the word it was typed beside
    assert "the red wine" in edges.raw_typing(values["message"], names)
    assert "the Red Lion Friday" in edges.raw_typing(values["message"], names)


def test_a_name_learned_from_its_title_is_a_name_elsewhere_in_the_brief():
    info = LIB.get("thank_you")
    brief = minimal_brief(info) | {
        "recipient_name": "Dee",
        "what_they_did": "you drove me to aunt rosalinds funeral in york when my car broke down",
        "difference": "rosalind would have laughed at us singing in the car",
        "tone": "tender",
    }
    body = LIB.render(info, brief).body_text
    assert "Aunt Rosalind's funeral" in body
    assert "Rosalind would have laughed" in body or "rosalind" not in body.lower().split("funeral")[1]


def test_a_name_field_typed_in_lower_case_is_written_with_its_capital():
    info = LIB.get("congratulations")
    brief = minimal_brief(info) | {
        "achievement": "new baby",
        "baby_name": "theodore james",
        "wish": "that theodore sleeps through by spring",
        "tone": "tender",
    }
    body = LIB.render(info, brief).body_text
    assert "Theodore James" in body or "Theodore" in body
    assert not re.search(r"\btheodore\b", body), body


def test_a_pet_name_typed_in_lower_case_is_a_name_in_the_salutation():
    info = LIB.get("birthday")
    brief = minimal_brief(info) | {"recipient_name": "Nell", "pet_name": "pickle", "relationship": "friend"}
    brief |= {"tone": "tender"}
    letter = LIB.render(info, brief)
    salutation = letter.text.split("\n\n")[1]
    assert "Pickle," in salutation, salutation
