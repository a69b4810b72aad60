"""A quality typed the way people type it reads as English after "I love" or "I will miss".

"kind to strangers" came out as "I love kind to strangers". People type adjectives
("stubborn", "always late"), noun phrases ("your laugh"), bare nouns ("patience"), verbs
("makes everyone laugh") and whole sentences ("You make me brave."); each has its own way
into the sentence.
"""

from __future__ import annotations

import itertools
import re

import pytest
from seams import find_seams

from letterwriter import typed
from letterwriter.language import pronouns
from letterwriter.model import example_brief
from letterwriter.templates import TemplateLibrary

pytestmark = pytest.mark.core

LIB = TemplateLibrary(user_dir=None)

# typed -> after "I love" (to the recipient) -> after "I will miss" (of someone who has died, she/her)
QUALITIES = [
    # adjectives and adjective phrases
    ("kind to strangers", "how kind you are to strangers", "how kind she was to strangers"),
    ("Stubborn.", "how stubborn you are", "how stubborn she was"),
    ("always late", "the way you are always late", "the way she was always late"),
    ("brave about hospitals", "how brave you are about hospitals", "how brave she was about hospitals"),
    ("Loyal", "how loyal you are", "how loyal she was"),
    ("so funny", "how funny you are", "how funny she was"),
    ("fiercely loyal", "how fiercely loyal you are", "how fiercely loyal she was"),
    ("quick to laugh", "how quick you are to laugh", "how quick she was to laugh"),
    ("good with kids", "how good you are with kids", "how good she was with kids"),
    ("calm in a crisis", "how calm you are in a crisis", "how calm she was in a crisis"),
    ("never afraid to ask for help", "the way you are never afraid to ask for help", None),
    ("always there when I need you", "the way you are always there when I need you", None),
    ("kind-hearted", "how kind-hearted you are", "how kind-hearted she was"),
    ("honest, even when it is hard", "how honest you are, even when it is hard", None),
    ("full of ideas", "how full of ideas you are", "how full of ideas she was"),
    ("kind, generous and funny", "how kind, generous and funny you are", None),
    ("You are kind to strangers.", "how kind you are to strangers", None),
    ("stubborn as a mule", "the way you are stubborn as a mule", "the way she was stubborn as a mule"),
    ("curious about everything", "how curious you are about everything", None),
    # noun phrases and bare nouns
    ("your laugh", "your laugh", None),
    ("the way you hum", "the way you hum", None),
    ("that laugh of yours", "that laugh of yours", None),
    ("her laugh, which carried down the street", None, "her laugh, which carried down the street"),
    ("patience", "your patience", "her patience"),
    ("Your patience.", "your patience", None),
    ("sense of humour", "your sense of humour", "her sense of humour"),
    ("terrible puns", "your terrible puns", "her terrible puns"),
    ("big heart", "your big heart", "her big heart"),
    ("wit", "your wit", "her wit"),
    ("a great listener", "what a great listener you are", "what a great listener she was"),
    ("the first to help", "the way you are the first to help", "the way she was the first to help"),
    # verbs and sentences
    ("makes everyone laugh", "the way you make everyone laugh", "the way she made everyone laugh"),
    ("sings in the car", "the way you sing in the car", "the way she sang in the car"),
    ("never gives up", "the way you never give up", "the way she never gave up"),
    (
        "always knows what to say",
        "the way you always know what to say",
        "the way she always knew what to say",
    ),
    ("laughing at my jokes", "the way you laugh at my jokes", "the way she laughed at my jokes"),
    ("You make me brave.", "the way you make me brave", None),
    ("walked me to school", "the way you walked me to school", None),
    # the letter's own lead, typed again
    ("I love your laugh.", "your laugh", None),
    ("I love how you sing", "how you sing", None),
    ("I love that you never give up", "the way you never give up", None),
    ("I will miss her laugh", None, "her laugh"),
]


@pytest.mark.parametrize(("typed_value", "to_you", "of_her"), QUALITIES, ids=[q[0] for q in QUALITIES])
def test_a_typed_quality_becomes_a_phrase(typed_value, to_you, of_her):
    value = typed.normalise(typed_value)
    if to_you is not None:
        assert typed.quality(value) == to_you
    if of_her is not None:
        assert typed.quality(value, pronouns("she/her"), past=True) == of_her


# Where a template takes qualities: (template, field, is a list, what the pronoun field is)
USES = [
    ("birthday", "qualities", True, None),
    ("to_child", "qualities", True, None),
    ("love_letter", "loved_things", True, None),
    ("condolence", "quality", False, "deceased_pronouns"),
]
# A bare adjective or verb straight after the words that introduce a quality.
_BARE = re.compile(
    r"\b(?:love|love you for|admire|miss|remember|noticed|see|think of|treasure|cherish|in you (?:is|are)|"
    r"without|[a-z]:) "
    r"(?:kind|stubborn|always|brave|makes|sings|fiercely|quick|good|calm|never)\b"
)


@pytest.mark.parametrize(("tid", "field", "is_list", "pron"), USES, ids=[u[0] for u in USES])
def test_letters_say_typed_qualities_grammatically(tid, field, is_list, pron):
    info = LIB.get(tid)
    tones = info.tones
    rows = [q for q in QUALITIES if (q[2] if pron else q[1]) is not None]
    problems = []
    said = 0
    for (typed_value, to_you, of_her), tone, length, variation in itertools.product(
        rows, tones, ("letter", "long"), (1, 2, 3)
    ):
        brief = example_brief(info, tone=tone, length=length)
        brief[field] = [typed_value] if is_list else typed_value
        if pron:
            brief[pron] = "she/her"
        text = LIB.render(info, brief, variation=variation).text
        expected = of_her if pron else to_you
        if expected in text:
            said += 1
        where = f"{typed_value!r} {tone}/{length}/{variation}"
        problems += [f"{where}: {s}" for s in find_seams(text)]
        m = _BARE.search(text)
        if m:
            problems.append(f"{where}: …{text[m.start() - 40 : m.end() + 40]!r}")
    assert not problems, "\n".join(problems[:10])
    # Each typed quality reaches the letter in its phrase form in most wordings.
    assert said >= len(rows) * len(tones) * 2 * 3 // 2, said
