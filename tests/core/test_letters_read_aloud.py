"""Five whole letters read aloud as the client who paid for them: what made them unsendable stays gone.

Each brief is typed as a client types it. The checks name sentences found on reading: a
fact the brief never gave, a catchphrase put in someone's mouth, a word repeated in one
breath, a typed value that does not fit its frame.
"""

from __future__ import annotations

import re

import pytest
from seams import find_seams

from letterwriter.language import LENGTH_WORDS, word_count
from letterwriter.templates import TemplateLibrary

pytestmark = pytest.mark.core

LIB = TemplateLibrary(user_dir=None)

BRIEFS = {
    "farewell": {
        "sender_name": "Priya Raman",
        "recipient_name": "Gordon",
        "recipient_full_name": "Gordon Ellis",
        "relationship": "mentor",
        "recipient_pronouns": "he/him",
        "tone": "formal",
        "length": "letter",
        "occasion_kind": "retirement",
        "worked_since": "2009-03-02",
        "built": "The night-shift handover protocol the whole hospital now uses.",
        "helped": ["Every newly qualified nurse on Ward 7", "Me, in my first terrible month"],
        "story": "The night of the power cut in 2014, when you ran the ward by torchlight and still found "
        "time to sit with Mrs Okafor until her daughter arrived.",
        "lesson": "To never walk past a patient who looks frightened.",
        "next_chapter": "Your allotment and the long-promised walk along Hadrian's Wall.",
    },
    "birthday": {
        "sender_name": "Tom",
        "recipient_name": "Nan",
        "relationship": "grandmother",
        "recipient_pronouns": "she/her",
        "tone": "tender",
        "length": "long",
        "age": 80,
        "qualities": [
            "Kind to strangers.",
            "always late",
            "the way you hum when you are doing the crossword",
            "stubborn",
        ],
        "memory": "The summer I was nine and you taught me to make Welsh cakes. I burned the first batch "
        "and you ate one anyway and said it had character.",
        "wish": "A year of slow mornings in the garden and no more hospital appointments.",
        "plans": "Sunday lunch at the Red Lion with everyone.",
        "inside_joke": "the great caravan disaster of 1998",
    },
    "condolence": {
        "sender_name": "Hannah",
        "recipient_name": "Joel",
        "relationship": "friend",
        "recipient_pronouns": "he/him",
        "tone": "tender",
        "length": "letter",
        "deceased_name": "Frank",
        "deceased_pronouns": "he/him",
        "deceased_relation": "father",
        "memory": "the Saturday he spent teaching us both to fix a bike puncture on his driveway, "
        "refusing to let us give up",
        "quality": "Makes everyone laugh.",
        "help_offer": "I can take the kids on Saturday mornings for as long as you need.",
    },
    "missing_you": {
        "sender_name": "Ellie",
        "recipient_name": "Beth",
        "pet_name": "Bethy",
        "relationship": "sister",
        "recipient_pronouns": "she/her",
        "tone": "playful",
        "length": "letter",
        "distance_place": "Vancouver",
        "next_visit": "2026-12-19",
        "absence": ["Nobody to text during Strictly.", "The empty chair at Sunday dinner."],
        "ritual": "Our Sunday video call with a cup of tea each.",
        "memory": "The night we tried to assemble your wardrobe with no instructions and ended up with "
        "three spare screws.",
        "next_plan": "Walk to the bakery on the corner before anyone else is awake.",
    },
    "thank_you": {
        "sender_name": "Marcus",
        "recipient_name": "Aisha",
        "relationship": "neighbour",
        "recipient_pronouns": "she/her",
        "tone": "tender",
        "length": "short",
        "what_they_did": "Looked after Biscuit for three weeks while I was in hospital.",
        "situation": "I was in hospital after the accident and had no one else to ask.",
        "moment": "You sent me a photo of him asleep on your sofa every single evening.",
        "difference": "I could stop worrying and concentrate on getting better.",
        "promise": "I will water your plants every time you go away.",
    },
}

# Sentences found on reading the letters, each unsendable as it stood.
NEVER = {
    "farewell": [
        r"is really the best we can do",  # a catchphrase the brief never gave him
        r"was never announced",  # a claim about his work the brief never made
        r"Thank you for everything",  # LETTERS.md: name what they did instead
    ],
    "birthday": [
        r"[Ff]or the year ahead, I wish you a year",
        r"This year, more than anything, I wish you a year",
        r"slow mornings[^.]*\.[^.]*slow mornings",  # the client's wish said again as the template's
        r"all evening",  # the plans are a Sunday lunch
        r"colder place without you",  # to someone of eighty with hospital appointments
        r"what I would miss first",
        r"thank you for this year, it would be how",  # thanks for a quality, in the wishes
    ],
    "condolence": [
        r"about father|of father|that father",  # typed "father": it is "your father"
        r"and he knew it",  # a claim the brief never made
    ],
    "missing_you": [
        r"starting with walk",  # the plan is typed to follow "I want us to …"
        r"on my list is walk",
        r"asking after you",  # friends the brief never mentioned
        r"social life[\s\S]*social life",
        r"moments[^.]*\. It is strange which moments",
    ],
    "thank_you": [
        r"the time you sent me a photo of him asleep on your sofa every",  # it happened every evening
    ],
}
# The farewell read again as a long letter to a colleague (tender): habits, traits and an office
# the brief never gave, and three sentences in one paragraph saying the work went unannounced.
NEVER["farewell_long"] = NEVER["farewell"] + [
    r"your wisdom, your patience",
    r"names of everyone's children",
    r"listened before you decided",
    r"empty desk|The office|your door",
    r"happened quietly, without an audience",
    r"for the sake of being seen to help",
    r"long after your last day\.[^.]*So many people[^.]*\. It will outlast",
]
# Two more read as the clients who would send them: an apology to a brother, an aunt's congratulations.
BRIEFS["apology"] = {
    "sender_name": "Daniel",
    "recipient_name": "Sam",
    "relationship": "brother",
    "recipient_pronouns": "he/him",
    "tone": "tender",
    "length": "letter",
    "what_happened": "I forgot your 40th birthday dinner and didn't even call.",
    "impact": "You had booked a table for both of us and waited an hour.",
    "what_will_change": "I will put your birthday in my calendar with three reminders, "
    "and I will call every month.",
}
NEVER["apology"] = [
    r"You have always shown up for me",
    r"so good to me, for so long",
]  # claims the brief never made
BRIEFS["congratulations"] = {
    "sender_name": "Auntie Jo",
    "recipient_name": "Maya",
    "relationship": "other",
    "recipient_pronouns": "she/her",
    "tone": "playful",
    "length": "letter",
    "achievement": "graduation",
    "degree": "nursing degree",
    "school": "the University of Leeds",
    "effort": "three years of night placements and a dissertation written on the bus",
    "memory": "The summer you bandaged every teddy in the house and charged us 10p a visit.",
    "wish": "You always have someone to make you a cup of tea at the end of a long shift.",
}
NEVER["congratulations"] = [
    r"[a-z,] The summer",  # the school's "the" kept the memory's capital
    r"threatened to",  # she never threatened to give up, as far as the brief says
    r"celebratory dance in the kitchen|man at the bus stop",
    r"With gratitude",  # a congratulations thanks no one
]
BRIEFS["farewell_long"] = {
    **BRIEFS["farewell"],
    "tone": "tender",
    "length": "long",
    "relationship": "colleague",
}


@pytest.mark.parametrize("tid", sorted(BRIEFS))
@pytest.mark.parametrize("language", ["en-US", "en-GB"])
def test_the_letters_read_aloud_stay_sendable(tid, language):
    brief = {**BRIEFS[tid], "letter_date": "2026-11-25"}
    for variation in (1, 2, 3):
        letter = LIB.render(tid.removesuffix("_long"), brief, variation=variation, language=language)
        text = letter.text
        assert find_seams(text) == [], (variation, text)
        for pattern in NEVER[tid]:
            assert not re.search(pattern, text), (variation, pattern, text)
        lo, hi = LENGTH_WORDS[brief["length"]]
        assert lo <= word_count(letter.body_text) <= hi or letter.length_note, (variation, text)


def test_each_letter_uses_what_the_client_gave():
    """The details the client paid to have said are in the letter (variation 1, as read)."""
    texts = {
        tid: LIB.render(tid.removesuffix("_long"), {**b, "letter_date": "2026-11-25"}, variation=1).text
        for tid, b in BRIEFS.items()
    }
    assert "your father, Frank" in texts["condolence"]
    assert "the way he made everyone laugh" in texts["condolence"]
    assert "how kind you are to strangers" in texts["birthday"]
    assert "the way you are always late" in texts["birthday"]
    assert "walk to the bakery on the corner" in texts["missing_you"]
    assert "sent me a photo of him asleep on your sofa" in texts["thank_you"]
    assert "seventeen years" in texts["farewell"]
    # "With gratitude" closes letters that thank someone, never a congratulations.
    assert "With gratitude" not in texts["congratulations"]
    closings = {
        LIB.render("thank_you", {**BRIEFS["thank_you"], "letter_date": "2026-11-25"}, variation=v).text
        for v in (1, 2, 3)
    }
    assert any("With gratitude and warm wishes," in t for t in closings)
