"""The review set: briefs typed the way clients type them, and what counts as a letter worth sending.

Each brief fills fields by name across all twelve templates; a template takes the fields
it declares. They are written as people fill in forms: capitals, closing full stops, a
leading "I", very short and very long memories, they/them, a name ending in s, and one
with only the required fields.
"""

from __future__ import annotations

import re

from letterwriter.language import LENGTH_WORDS, word_count

BRIEFS: dict[str, dict] = {
    # Capitals and full stops everywhere, a leading "I" and "I will", he/him.
    "capitals": {
        "sender_name": "Dominic",
        "recipient_name": "Marcus",
        "recipient_full_name": "Marcus Hale",
        "relationship": "friend",
        "recipient_pronouns": "he/him",
        "memories": [
            "The night we missed the last train and walked home along the river.",
            "When you taught me to change a tyre in the pouring rain.",
            "Our terrible band, The Loose Ends.",
        ],
        "memory": "The night we missed the last train and walked home along the river.",
        "qualities": ["Your patience.", "How you never give up on people."],
        "hopes": ["A summer at the cottage.", "Seeing the Northern Lights together."],
        "wish": "A year with more rest than worry.",
        "lesson": "To finish what I start.",
        "what_happened": "I missed your first exhibition opening.",
        "impact": "You looked for me in the crowd all evening.",
        "what_will_change": "I will Call you every Sunday, without fail.",
        "effort": "Forty years of early starts.",
        "inside_joke": "The Goat Incident.",
        "what_they_did": "Drove four hours to fetch me when my car broke down.",
        "situation": "I was stuck on the side of the motorway at midnight.",
        "moment": "You brought a flask of tea and a blanket.",
        "difference": "I made it to my sister's wedding the next morning.",
        "promise": "I will be there the next time you need a lift.",
        "how_we_met": "At the bus stop outside school, both of us late.",
        "what_you_are": ["The brother I chose.", "My first call when things go wrong."],
        "ritual": "Our Friday phone call with a beer each.",
        "next_plan": "A long walk on the coast path.",
        "absence": ["The empty chair at the pub quiz.", "Saturday mornings."],
        "distance_place": "Vancouver",
        "story": "The Winter you kept the whole team going through the merger.",
        "built": "The Customer Support team from three people to thirty.",
        "helped": ["New starters.", "Me, on my first terrible week."],
        "next_chapter": "Sailing around the Hebrides.",
        "achievement": "new job",
        "role": "Head of Engineering",
        "employer": "Northwind",
        "milestone": "Turning Eighteen.",
        "age": 40,
        "plans": "Dinner at Luigi's on Saturday.",
        "daily_things": ["Packed my lunch every morning.", "Left the porch light on."],
        "heirloom": "My old fountain pen.",
        "deceased_name": "Frank",
        "deceased_pronouns": "he/him",
        "deceased_relation": "Your father.",
        "quality": "His terrible jokes.",
        "help_offer": "I can walk the dog every morning next week.",
        "then": "A rented room and a borrowed kettle.",
        "now": "A house full of noise.",
        "loved_things": ["Your laugh.", "The way you hum when you cook."],
        "places": ["The bench at Kew.", "Luigi's."],
        "passing_on_to": "My own son.",
        "message": "thanks for being you",
    },
    # they/them, a name ending in s, mid-sized details, family.
    "they_james": {
        "sender_name": "Priya",
        "recipient_name": "James",
        "recipient_full_name": "James Okafor",
        "relationship": "sibling",
        "recipient_pronouns": "they/them",
        "memories": [
            "building a blanket fort in Gran's front room",
            "the summer we sold lemonade and made four pounds",
        ],
        "memory": "building a blanket fort in Gran's front room",
        "qualities": ["your kindness to strangers", "your stubbornness"],
        "hopes": ["a trip to Lisbon together"],
        "wish": "work that makes you happy",
        "lesson": "how to laugh at myself",
        "what_happened": "forgot your birthday",
        "impact": "you spent the evening waiting for a call that never came",
        "what_will_change": "put every birthday in my calendar the day I hear it",
        "effort": "three years of night classes",
        "what_they_did": "looked after my cat for a month",
        "difference": "I could take the job in Leeds without worrying",
        "how_we_met": "the day I was born, apparently",
        "what_you_are": ["my oldest friend"],
        "ritual": "Sunday crosswords over the phone",
        "distance_place": "Glasgow",
        "achievement": "graduation",
        "degree": "MSc in Marine Biology",
        "school": "the University of Plymouth",
        "milestone": "leaving home",
        "age": 30,
        "deceased_name": "Auntie Rose",
        "deceased_pronouns": "she/her",
        "deceased_relation": "your godmother",
        "help_offer": "cook for you on Thursdays",
        "loved_things": ["your laugh"],
        "daily_things": ["made porridge every morning"],
    },
    # Very long memories, told as scenes; she/her; a partner.
    "long_memories": {
        "sender_name": "Tom",
        "recipient_name": "Hannah",
        "recipient_full_name": "Hannah Price",
        "relationship": "partner",
        "recipient_pronouns": "she/her",
        "pet_name": "Han",
        "memories": [
            "We spent the whole winter of 2019 renovating the cottage. The roof leaked, the boiler died "
            "on Christmas Eve, and we ate beans on toast by candlelight wrapped in every blanket we owned. "
            "You said it was the best Christmas you had ever had, and I believed you.",
            "The night shift in A&E when the man in bay four nearly died and you stayed two hours past "
            "the end of your shift to sit with his wife until their son arrived from Bristol.",
            "Our first dance, which was really more of a shuffle.",
        ],
        "memory": "The night shift in A&E when the man in bay four nearly died and you stayed two hours "
        "past the end of your shift to sit with his wife until their son arrived from Bristol.",
        "story": "The night shift in A&E when the man in bay four nearly died and you stayed two hours past "
        "the end of your shift to sit with his wife until their son arrived from Bristol.",
        "moment": "You turned up at the hospital at three in the morning with a flask of soup and a phone "
        "charger. You did not ask a single question, you just sat with me in that plastic chair until the "
        "doctor came out and told us Dad would pull through.",
        "what_they_did": "sat with me at the hospital the night Dad had his heart attack",
        "qualities": ["how calm you are when everyone else panics", "your terrible puns"],
        "loved_things": ["how calm you are when everyone else panics", "your terrible puns"],
        "hopes": ["the cottage finally finished", "a dog called Biscuit"],
        "then": "a leaking cottage and a tin of beans",
        "now": "a warm kitchen and a garden full of runner beans",
        "married_on": "2015-08-22",
        "together_since": "2011-03-05",
        "achievement": "new job",
        "role": "ward sister",
        "employer": "St Thomas' Hospital",
        "effort": "twelve years of night shifts",
        "what_happened": "said your job mattered less than mine, in front of your friends",
        "what_will_change": "I will listen before I speak, and I will say it in front of them too",
        "deceased_name": "Margaret",
        "deceased_pronouns": "she/her",
        "deceased_relation": "your grandmother",
        "distance_place": "Auckland",
        "next_visit": "2027-02-14",
        "built": "the night team on Ward 7",
        "next_chapter": "a cottage with a finished roof",
        "milestone": "eleven",
        "age": 11,
        "inside_joke": "the beans",
    },
    # Very short memories (one or two words), playful people.
    "short_memories": {
        "sender_name": "Lou",
        "recipient_name": "Charles",
        "relationship": "friend",
        "recipient_pronouns": "he/him",
        "memories": ["Paris.", "The boat", "karaoke"],
        "memory": "Paris.",
        "moment": "Karaoke.",
        "story": "The fire drill.",
        "qualities": ["Loyal"],
        "what_they_did": "Lent me the van.",
        "what_happened": "Broke your bike.",
        "effort": "Late nights.",
        "wish": "Sun.",
        "lesson": "Patience.",
        "deceased_name": "Bob",
        "achievement": "new home",
        "home_place": "a flat in Hove",
        "milestone": "8",
        "age": 8,
        "then": "Nothing.",
        "now": "Everything.",
    },
    # Only the required fields (and the recipient's pronouns).
    "required_only": {
        "sender_name": "Ana",
        "recipient_name": "Sam",
        "recipient_pronouns": "they/them",
        "what_happened": "missed your graduation",
        "deceased_name": "Oliver",
        "what_they_did": "helped me move",
        "achievement": "graduation",
    },
    # Formal: a colleague, full name, a retirement.
    "formal_colleague": {
        "sender_name": "Dr Ruth Adeyemi",
        "recipient_name": "Gerald",
        "recipient_full_name": "Gerald Whitfield",
        "relationship": "colleague",
        "recipient_pronouns": "he/him",
        "occasion_kind": "retiring",
        "worked_since": "1998-09-01",
        "built": "the regional archive, from a basement of boxes to a public collection",
        "helped": ["three generations of trainee archivists", "countless family historians"],
        "story": "When the flood reached the basement in 2007, you carried the parish registers up four "
        "flights of stairs before anyone else had arrived.",
        "lesson": "That every record is somebody's story.",
        "next_chapter": "Walking the Camino and, I am told, learning the cello.",
        "memory": "your first lecture to the new trainees, when the projector failed and you simply talked",
        "memories": [
            "your first lecture to the new trainees, when the projector failed and you simply talked"
        ],
        "qualities": ["your care for detail", "your generosity with your time"],
        "what_they_did": "reviewed my grant application over a weekend",
        "difference": "the project was funded",
        "effort": "a decade of cataloguing",
        "achievement": "new job",
        "role": "Director of Collections",
        "employer": "the National Archive",
        "deceased_name": "Eleanor Whitfield",
        "deceased_pronouns": "she/her",
        "deceased_relation": "your wife",
        "quality": "Her warmth at every staff party.",
        "help_offer": "cover your committee work for as long as you need",
        "what_happened": "spoke over you at the board meeting",
        "impact": "your proposal was never properly heard",
        "what_will_change": "make sure you have the floor first at the next meeting",
        "wish": "a long and happy retirement",
    },
    # Parent and child: ages and counts typed as numbers and words.
    "family_ages": {
        "sender_name": "Mum",
        "recipient_name": "Ella",
        "relationship": "daughter",
        "recipient_pronouns": "she/her",
        "milestone": "Eight",
        "age": 8,
        "memory": "The day you read a whole book to your little brother.",
        "memories": ["The day you read a whole book to your little brother."],
        "qualities": ["Your curiosity.", "your big laugh"],
        "heirloom": "Grandma's silver locket.",
        "wish": "Friends who are kind to you.",
        "plans": "Pancakes and the zoo.",
        "inside_joke": "Mr Wobbles.",
        "daily_things": ["Walked me to school.", "Sang while washing up."],
        "lesson": "To say sorry first.",
        "passing_on_to": "Ella.",
        "achievement": "new baby",
        "baby_name": "Noah",
        "baby_pronouns": "he/him",
        "what_happened": "Shouted at you the morning of your school play.",
        "what_will_change": "I will Count to ten before I raise my voice.",
        "deceased_name": "Grandpa Joe",
        "deceased_pronouns": "he/him",
        "deceased_relation": "Your grandpa.",
        "what_they_did": "Made me a birthday card all by yourself.",
    },
    # Partner: proper nouns first, a pet name, romance; Christmas and Paris stay capitalised.
    "partner_names": {
        "sender_name": "Léa",
        "recipient_name": "Nikolas",
        "relationship": "spouse",
        "recipient_pronouns": "he/him",
        "pet_name": "Niko",
        "memories": [
            "Paris in the rain, when we could not find the hotel.",
            "Christmas at your parents' farm.",
            "Sunday mornings at the market.",
        ],
        "memory": "Paris in the rain, when we could not find the hotel.",
        "places": ["Lisbon", "The little bakery on Rue Oberkampf"],
        "loved_things": ["You make me brave.", "Your cold feet, somehow."],
        "qualities": ["You make me brave."],
        "hopes": ["Japan in the spring.", "Growing old in a house by the sea."],
        "married_on": "2016-05-14",
        "then": "Two suitcases and a mattress on the floor.",
        "now": "A home, two cats and more books than shelves.",
        "inside_joke": "The Lost Hotel.",
        "ritual": "Coffee in bed on Sunday.",
        "distance_place": "Oslo",
        "next_plan": "Dinner at our bakery.",
        "absence": ["The other side of the bed.", "Breakfast."],
        "message": "I would marry you again tomorrow.",
        "age": 35,
        "wish": "A year as bright as you are.",
        "plans": "Dinner in Lisbon.",
        "what_happened": "I forgot our anniversary dinner.",
        "what_will_change": "I will plan the next one myself.",
        "deceased_name": "Eric",
        "deceased_pronouns": "he/him",
        "deceased_relation": "your father",
        "achievement": "new home",
        "home_place": "the blue house on Harbour Street",
        "what_they_did": "Looked after me all through the flu in January.",
    },
    # --- Round 3 (issues 16, 25): new briefs typed the way people type, never tuned against ---
    # A Nigerian-British grandmother in Peckham to her grandson leaving for Leeds: lower case,
    # trailing full stops, "i will never forget when", a plan typed as a sentence, a meaning.
    "peckham_gran": {
        "sender_name": "Folasade Adeyemi",
        "signs_as": "Grandma",
        "recipient_name": "Tobi",
        "relationship": "grandchild",
        "recipient_pronouns": "he/him",
        "memories": [
            {
                "memory": "i will never forget when you read the whole christmas story at church "
                "when you were seven.",
                "meaning": "you were shaking but you did not stop once.",
            },
            "you holding my hand crossing the road to the market when you were five",
        ],
        "memory": {
            "memory": "you holding my hand crossing the road to the market when you were five.",
            "meaning": "now you are taller than me and you still hold my arm on the steps",
        },
        "qualities": ["kind to everybody, even the neighbour's dog", "you greet everybody properly."],
        "wish": "that Leeds is good to you and you find friends who feel like family.",
        "plans": "I am making your favourite puff-puff and the whole family is coming.",
        "milestone": "starting university in Leeds.",
        "heirloom": "your grandfather's agbada, the blue one.",
        "lesson": "you greet everybody properly",
        "message": "call your grandma on sundays. i will be waiting by the phone.",
        "age": 19,
    },
    # A family thanking a ward nurse who looked after their father in his last days, playful.
    "dubois_family": {
        "sender_name": "Marguerite Dubois and family",
        "recipient_name": "Renée",
        "recipient_full_name": "Renée Okoro",
        "relationship": "other",
        "recipient_pronouns": "she/her",
        "tone": "playful",
        "what_they_did": "looked after dad in his last days on ward 7.",
        "situation": "we were exhausted and scared, and nobody had told us what was happening",
        "moment": {
            "memory": "you brought him a cup of tea every morning even when he couldnt drink it",
            "meaning": "he was still a person to you, not a patient",
        },
        "difference": "dad was never alone and we could sleep a little",
        "message": "We have put a bench in the hospital garden in his name. Come and sit on it with us "
        "one day.",
    },
    # A brother in Chicago apologising for missing the wedding: a change typed as a whole sentence.
    "chicago_brother": {
        "sender_name": "Łukasz Nowak",
        "recipient_name": "Tomek",
        "relationship": "brother",
        "recipient_pronouns": "he/him",
        "what_happened": "i missed your wedding because i took an extra shift.",
        "impact": "you had to ask Piotr to be your best man the night before",
        "what_will_change": "I have told my boss I will not miss family things again.",
        "how_we_met": "I was there the day mom brought you home from the hospital",
        "memories": [
            "the summer we built a raft that sank in ten minutes",
            "teaching you to drive in the Walmart parking lot",
        ],
        "message": "i am sorry brother. i owe you a dinner and a lot more than that.",
    },
    # A wife of 25 years, formal; signs with a short name; a wedding and a together-since date.
    "salthill_wife": {
        "sender_name": "Siobhán Murphy",
        "signs_as": "Shiv",
        "recipient_name": "Zoë",
        "recipient_full_name": "Zoë Kowalczyk",
        "relationship": "spouse",
        "recipient_pronouns": "she/her",
        "tone": "formal",
        "married_on": "2001-08-11",
        "together_since": "1998-12-09",
        "then": "a bedsit in Galway with a two ring cooker.",
        "now": "we have a house in Salthill and two teenagers who eat everything",
        "memories": [
            {
                "memory": "the rain that started just as we came out of the registry office",
                "meaning": "we laughed instead of running.",
            },
            "you reading to me every night in the hospital after the accident",
        ],
        "hopes": ["the trip to Kraków to see where your grandmother grew up", "growing old in that house"],
        "loved_things": ["your laugh", "stubborn", "makes everyone feel at home"],
        "places": ["Galway", "the bench at Salthill"],
    },
    # A friend in Cork to a friend of 28 years, ten years in Wellington, formal.
    "cork_friend": {
        "sender_name": "Aoife Brennan",
        "recipient_name": "Niamh",
        "recipient_full_name": "Niamh Walsh",
        "relationship": "friend",
        "recipient_pronouns": "she/her",
        "tone": "formal",
        "friends_since": "1998-09-01",
        "how_we_met": "in the queue for the wrong lecture in UCC.",
        "distance_place": "Wellington",
        "absence": ["nobody to ring from the car on the way home", "the empty seat at the Christmas swim"],
        "ritual": "voice notes every Sunday morning, my time.",
        "next_plan": "walk the cliff path at Ballycotton and get soaked",
        "what_you_are": [
            "the first person I ring with good news",
            "you are the reason I survived first year",
        ],
        "inside_joke": "the goat in the kitchen",
    },
    # A colleague in Ohio: a condolence and a farewell, American, no pet names, a plain quality.
    "ohio_colleague": {
        "sender_name": "Priya Natarajan",
        "recipient_name": "Dev",
        "recipient_full_name": "Dev Malhotra",
        "relationship": "colleague",
        "recipient_pronouns": "he/him",
        "deceased_name": "Kamala",
        "deceased_pronouns": "she/her",
        "deceased_relation": "mother",
        "memory": "she brought samosas to the summer picnic and made sure the cleaners got the first ones",
        "quality": "how she called everyone beta",
        "help_offer": "i can cover your Thursday clinics for as long as you need.",
        "occasion_kind": "leaving",
        "built": "the night clinic, from one room and a kettle",
        "story": "the flu winter when you slept at the clinic for three nights",
        "next_chapter": "the new job in Denver and a lot more sleep",
        "achievement": "new job",
        "role": "medical director",
        "employer": "Denver Health",
        "effort": "twelve years of night shifts.",
    },
}

# Fields that belong to one branch of a choice (congratulations: graduation, baby, job, home).
_BRANCH = {
    "graduation": ("degree", "school"),
    "new baby": ("baby_name",),
    "new job": ("role", "employer"),
    "new home": ("home_place",),
}


def details(info, brief: dict) -> tuple[int, int]:
    """(given, declared) optional details of this template: free text, lists and dates."""
    achievement = brief.get("achievement")
    other = {f for k, fs in _BRANCH.items() if k != achievement for f in fs}
    declared = [
        f.name
        for f in info.fields
        if not f.common
        and not f.required
        and f.type in ("text", "longtext", "list", "date")
        and f.name not in other
    ]
    return sum(1 for n in declared if brief.get(n)), len(declared)


# The client's own words a length needs: the templates add about 30 words to a short note, 70
# to a letter and 130 to a long letter, and never pad (issue 16: a long letter is at least a third
# the client's words). A brief with fewer is written at the length it supports, with a note.
RICH_WORDS = {"short": 30, "letter": 110, "long": 250}


def is_rich(info, brief: dict, length: str = "letter") -> bool:
    """A brief that fills at least three quarters of a template's details, with enough of the client's
    own words for the chosen length: that length must be reached from it."""
    from letterwriter.model import validate_brief
    from letterwriter.templates import brief_words

    given, declared = details(info, brief)
    words = brief_words(info, validate_brief(info, brief).values)
    return given * 4 >= declared * 3 and words >= RICH_WORDS[length]


MEMORY_FIELDS = ("memories", "memory", "moment", "story")


def covers(info, name: str) -> bool:
    """The brief gives every field the template requires (the round-3 briefs are each for a few)."""
    return all(BRIEFS[name].get(f.name) for f in info.fields if f.required and not f.common) and bool(
        [f for f in info.fields if not f.common and f.name in BRIEFS[name]]
    )


def brief_for(info, name: str, **extra) -> dict:
    """The fields of the named brief that this template declares (relationship kept where allowed)."""
    raw = BRIEFS[name]
    brief = {}
    for f in info.fields:
        if f.name in raw and raw[f.name] not in (None, "", []):
            v = raw[f.name]
            if f.type == "choice" and v not in f.choices:
                continue
            brief[f.name] = v
    brief.update(extra)
    return brief


def typed_texts(value) -> list[str]:
    """Every text the client typed in a value: list items, and a memory's meaning beside it."""
    out = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict):
            out += [t for t in (item.get("memory"), item.get("meaning")) if t]
        elif isinstance(item, str):
            out.append(item)
    return out


def memory_given(info, brief: dict) -> list[str]:
    """The memory-like details given to this template (one memory, a list of them, a moment, a story)."""
    out = []
    for name in MEMORY_FIELDS:
        if info.field(name) and brief.get(name):
            v = brief[name]
            out.extend(i["memory"] if isinstance(i, dict) else i for i in (v if isinstance(v, list) else [v]))
    return out


def _key(text: str) -> str:
    """A typed detail reduced to words that survive normalisation (case, full stop, leading 'I')."""
    words = re.findall(r"[\w'’]+", text.lower())
    return " ".join(words[:6] if len(words) > 6 else words)


def uses_a_memory(letter_text: str, memories: list[str]) -> bool:
    body = " ".join(re.findall(r"[\w'’]+", letter_text.lower()))
    return any(_key(m) and _key(m) in body for m in memories)


def in_band(letter, length: str) -> bool:
    lo, hi = LENGTH_WORDS[length]
    return lo <= word_count(letter.body_text) <= hi


_SENT_START = re.compile(r"(?:^|[.!?:][’”\")]?\s+|\n)$")


def typed_capitals(letter_text: str, brief: dict, names: set[str]) -> list[str]:
    """Typed values that began with a capitalised common word and kept it mid-sentence in the letter."""
    from letterwriter.typed import is_common_word

    found = []
    for key, v in brief.items():
        if key.endswith("_name") or key in ("degree", "school", "employer", "role", "home_place", "message"):
            continue
        for item in typed_texts(v):
            words = re.findall(r"[\w'’]+", item)
            while words and words[0] in ("I", "will", "I'll", "I’ll"):
                words = words[1:]  # "I will Call you": the capital that matters is "Call"
            if not words or not words[0][0].isupper() or not is_common_word(words[0], names):
                continue
            # where the value (or its first words) sits in the letter, whatever its case
            head = r"\W+".join(re.escape(w) for w in words[:3])
            for m in re.finditer(rf"\b{head}", letter_text, re.I):
                if m.group(0)[0].isupper() and not _SENT_START.search(letter_text[: m.start()]):
                    found.append(letter_text[max(0, m.start() - 30) : m.end() + 10])
    return found


# --- round 3: what a client who paid notices (issue 16's classes) ----------------------------------

# Class 1: typed words pasted into a frame that cannot take them.
MISFITS = [
    (re.compile(r"\bthe (?:way|time) I (?:will|am|have|was)\b"), "a first-person sentence made a phrase"),
    (re.compile(r"\bthe way you \w+ing\b"), "a gerund after 'the way you'"),
    (re.compile(r"\b(?:forward to|for|of|wish you) I\b"), "a sentence after a preposition"),
    (re.compile(r"\bintend to have \w+ed\b|\bI will I\b|\bI will have told\b"), "a sentence after 'I will'"),
    (re.compile(r"\bis every time\b|\bof every time\b"), "'every time' as a noun phrase"),
    (re.compile(r"\btaught me that you\b|\btaught me you\b"), "a you-clause after 'taught me'"),
    (re.compile(r"\b(?:of|is|remember|love) always\b"), "an adverb phrase as a noun phrase"),
    (re.compile(r"(?<![\w'’])i(?=[\s,.;:!?]|['’](?:m|ve|ll|d)\b)"), "a lower-case 'i'"),
    (re.compile(r"\bI was (?:a|an|the|my|no|we|our)\b"), "a noun phrase after 'I was'"),
    (re.compile(r"\bI wish you (?:you|I|we|he|she|they|that)\b"), "a clause wished, not hoped"),
    (re.compile(r"\bI (?:love|admire) (?:kind|stubborn|loyal|funny|brave)\b"), "an adjective after 'I love'"),
    (re.compile(r"\bfacing the time\b|\bcost you: the time\b"), "a clause made an event where it is none"),
]


def misfits(text: str) -> list[str]:
    out = []
    for pattern, what in MISFITS:
        m = pattern.search(text)
        if m:
            out.append(f"{what}: …{text[max(0, m.start() - 30) : m.end() + 30]!r}…")
    return out


# Class 2: claims about the people that a template may make only from a field that says so.
CLAIMS = re.compile(
    r"\b(?:always|never|ever since|every (?:day|time|morning|evening|week|year)|for years|all these years|"
    r"so many years|so like you|as ever|as usual|as always|privilege|lucky to have|a long history|"
    r"everyone|everybody|we all|all of us|people (?:say|tell)|in my life|best friend|closest|"
    r"turn(?:s|ed)? up|you have a way|that is who you are|who you are|known you|know you|"
    r"again and again|more ways than|still (?:remember|think|laugh)|years? (?:ago|together)|"
    r"our friendship|your whole|since the day|grew up|childhood)\b",
    re.I,
)


def claims(body: str) -> list[str]:
    return [body[max(0, m.start() - 30) : m.end() + 30] for m in CLAIMS.finditer(body)]


# Class 3: register, tone with relationship.
_CLOSE = {"partner", "spouse", "friend", "mother", "father", "parent", "daughter", "son", "child",
          "grandchild", "grandmother", "grandfather", "sister", "brother", "sibling"}  # fmt: skip
_ROMANTIC = {"partner", "spouse"}
_DISTANT_CLOSINGS = (
    "With warm regards,",
    "Yours sincerely,",
    "With kind regards,",
    "Warmly,",
    "With every good wish,",
)
_INTIMATE_CLOSINGS = ("All my love", "Love,", "Lots of love", "Love you", "Forever yours", "Yours, always")


def register_problems(letter, brief: dict) -> list[str]:
    rel = letter.values.get("relationship") or "friend"
    salutation, lines = letter.paragraphs[1], letter.paragraphs[-1].split("\n")
    closing, signed = lines[0], lines[-1]
    out = []
    full = brief.get("recipient_full_name")
    if rel in _CLOSE and full and full != brief.get("recipient_name") and full in salutation:
        out.append(f"full name to a {rel}: {salutation}")
    if rel in _ROMANTIC and closing in _DISTANT_CLOSINGS:
        out.append(f"'{closing}' to a {rel}")
    if rel not in _CLOSE and salutation.startswith(("Dearest", "My dear", "My darling", "Hi ", "Hello")):
        out.append(f"'{salutation}' to a {rel}")
    if rel not in _CLOSE and closing.startswith(_INTIMATE_CLOSINGS):
        out.append(f"'{closing}' to a {rel}")
    sender = brief.get("sender_name", "")
    if rel in _CLOSE and len(sender.split()) == 2 and " and " not in sender and signed == sender:
        out.append(f"signed with the full name '{signed}' to a {rel}")
    if brief.get("signs_as") and rel in _CLOSE and signed != brief["signs_as"]:
        out.append(f"signed '{signed}', not '{brief['signs_as']}'")
    if rel == "brother" and "a friend who" in letter.text:
        out.append("a brother called a friend")
    return out


# Class 4: a family writes "we" in the template's own words.
_FIRST_PERSON = re.compile(r"\b(?:I|my|me|mine|myself)\b")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"‘])")


def frame_sentences(letter, brief: dict, least: int = 1) -> list[str]:
    """The body's sentences that hold none of the client's words (three in a row): the template's own.

    `least` words at the fewest: "Thank you." or "I love you." is in every letter, and no stock remark."""
    typed = [" ".join(re.findall(r"[\w'’]+", t.lower())) for v in brief.values() for t in typed_texts(v)]
    out = []
    for par in letter.body_paragraphs:
        for s in _SENTENCE.split(par):
            words = re.findall(r"[\w'’]+", s.lower())
            grams = {" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))}
            if len(words) >= least and not any(g and g in t for g in grams for t in typed):
                out.append(s)
    return out


def plural_problems(letter, brief: dict) -> list[str]:
    from letterwriter.language import is_plural_sender

    if not is_plural_sender(brief.get("sender_name", "")):
        return []
    return [s for s in frame_sentences(letter, brief) if _FIRST_PERSON.search(s)]


# Class 5: a sad brief in a playful tone is softened, and says so.
JOKES = re.compile(
    r"genius|look bad|heroic|lodge a (?:formal )?complaint|not a day over|trophy|mischief", re.I
)


# Class 7: repetition and padding.
def repeated_sentences(letter) -> list[str]:
    seen, out = set(), []
    for par in letter.body_paragraphs:
        for s in _SENTENCE.split(par):
            key = s.strip().lower()
            if len(key.split()) >= 4 and key in seen:
                out.append(s)
            seen.add(key)
    return out
