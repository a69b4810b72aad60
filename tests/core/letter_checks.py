"""What a client who paid notices in a letter, as counts: the round-3 classes (issue 16) and the
round-4 classes a blind reader of new briefs found (typed sentences in phrase slots, bare answers,
a stop after a kiss, signatures, salutations, repetition, claims, tone, spelling, calendar capitals,
long letters no longer than letters). test_review_set.py counts them over every brief of the
review set (review_briefs.py).
"""

from __future__ import annotations

import re

from letterwriter.language import LENGTH_WORDS, word_count


def typed_texts(value) -> list[str]:
    """Every text the client typed in a value: list items, and a memory's meaning beside it."""
    out = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict):
            out += [t for t in (item.get("memory"), item.get("meaning")) if t]
        elif isinstance(item, str):
            out.append(item)
    return out


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


# --- round 4: the classes a blind reader of three new briefs found (25 letters, mean 3.48) -------

# Class 1: a sentence typed without its apostrophe ("shes starting…", "im coming…") or a clause
# ("your mug … is still on the shelf") forced into a slot for a phrase.
_BARE = r"(?:im|ive|shes|hes|theyre|youre|weve|dont|cant|wont|didnt|I'm|I've|she's|he's|they're|you're)"
SENTENCE_IN_PHRASE = [
    re.compile(rf"\b(?:enjoy|forward to|wish you|I love|I admire|think of|remember|for) {_BARE}\b"),
    re.compile(r"\bturns up in [^.]*\b(?:is|are|was|were) still\b"),
    re.compile(r"\bI hope (?:shes|hes|she's|he's|she is|he is|they are|theyre)\b"),
]


def sentence_in_phrase(text: str) -> list[str]:
    return [text[max(0, m.start() - 20) : m.end() + 30] for p in SENTENCE_IN_PHRASE for m in p.finditer(text)]


# Class 2: an answer that needs a bridge standing bare as its own sentence ("It is twelve years
# since we became friends. We both turned up to the staff induction…").
BRIDGED = ("how_we_met", "ritual", "next_plan", "plans", "next_chapter", "help_offer", "promise")


def bare_answers(letter, brief: dict) -> list[str]:
    from letterwriter.typed import as_sentence, shape

    out = []
    sentences = {s.strip() for par in letter.body_paragraphs for s in _SENTENCE.split(par)}
    for name in BRIDGED:
        value = brief.get(name)
        if not isinstance(value, str) or not value or shape(value).kind in ("sentences", "first"):
            continue  # several sentences, or "I …": the client's own sentence, as typed
        if as_sentence(value) in sentences:
            out.append(f"{name}: {as_sentence(value)}")
    return out


# Class 3: a full stop after a kiss, an emoji or "!!".
KISS_STOP = re.compile(
    r"(?:(?<![\w'])x{1,3}|xo(?:xo)*|!!|[\u2600-\u27bf\U0001f300-\U0001faff]\ufe0f?)\.$", re.M | re.I
)


def kiss_stops(text: str) -> list[str]:
    return [m.group(0) for par in text.split("\n\n") for m in KISS_STOP.finditer(par)]


# Class 4: the signature: signs_as in every letter, in every register, and
# a capital to start it.
def signature_problems(letter, brief: dict) -> list[str]:
    signed = letter.paragraphs[-1].split("\n")[-1]
    out = []
    if signed[:1].islower():
        out.append(f"signed in lower case: {signed}")
    signs_as, tone = brief.get("signs_as"), letter.values.get("tone")
    if signs_as and signed != signs_as:
        out.append(f"signed '{signed}', not '{signs_as}' ({tone}, {letter.values.get('relationship')})")
    return out


# Class 5: "Dear Zoë Adebayo-Clarke": a full name where there is a first-name basis, or a title the
# brief never gave ("Mr" from he/him, anything for they/them).
_FIRST_NAME_BASIS = _CLOSE | {"colleague", "mentor", "neighbour"}


def salutation_problems(letter, brief: dict) -> list[str]:
    salutation = letter.paragraphs[1]
    rel = letter.values.get("relationship") or "friend"
    full, name = brief.get("recipient_full_name") or "", brief.get("recipient_name") or ""
    given = f"{full} {name}".split()
    out = []
    if full and full != name and full in salutation and rel in _FIRST_NAME_BASIS:
        out.append(f"full name to a {rel}: {salutation}")
    for title in ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr"):
        if re.search(rf"\b{title}\.? ", salutation) and title not in given and f"{title}." not in given:
            out.append(f"a title the brief never gave: {salutation}")
    return out


# Class 6: repetition and padding: a verbless "With …" before the closing, a closing echoed by the
# line above it, a word family in more than two of the template's own sentences, "This year, I
# wish you a year".
_WITH_FRAGMENT = re.compile(r"(?:^|(?<=[.!?] ))With [^.!?]*\.(?= |$)", re.M)
_CLOSING_WORDS = re.compile(r"\b(love|wish(?:es)?|thanks?|regards|affection|sympathy|gratitude)\b", re.I)
_WATCHED = {"want", "thank", "year", "love", "wish", "write", "proper", "glad", "miss", "remember"}


def repetition_problems(letter, brief: dict) -> list[str]:
    from letterwriter.voice import families

    out = [f"a fragment: {m.group(0)}" for m in _WITH_FRAGMENT.finditer(letter.body_text)]
    closing = letter.paragraphs[-1].split("\n")[0]
    frames = frame_sentences(letter, brief)
    own = brief.get("message")
    last = [s for s in frames if not (own and s in str(own))][-1:] if frames else []
    shared = set(w.lower() for w in _CLOSING_WORDS.findall(closing))
    if last and shared & {w.lower() for w in _CLOSING_WORDS.findall(last[0])}:
        out.append(f"'{last[0]}' above '{closing}'")
    counts: dict[str, int] = {}
    for s in frames:
        for fam in families(s) & _WATCHED:
            counts[fam] = counts.get(fam, 0) + 1
    out += [f"'{fam}' in {n} of the template's sentences" for fam, n in counts.items() if n > 2]
    out += [m.group(0) for m in re.finditer(r"\b[Tt]his year, [^.]*\ba year\b", letter.body_text)]
    return out


# Class 7: frames that claim what the brief did not say (the reader's examples, and their kind).
STALE_CLAIMS = (
    "That will be here long after this week",
    "I hear you are planning",
    "I will carry that with me into whatever comes next",
    "the most useful thing anyone taught me",
    "Nobody else would notice them",
    "if I could keep only a few",
    "I have started this letter more than once",
    "It was my choice, and it was the wrong one",
    "Nobody asked you to",
)


def claim_problems(letter, brief: dict) -> list[str]:
    text = letter.body_text
    out = [c for c in STALE_CLAIMS if c.lower() in text.lower()]
    for m in re.finditer(r"in no particular order: ([^.]*)\.", text):
        if "," not in m.group(1) and " and " not in m.group(1):
            out.append(f"one item 'in no particular order': {m.group(0)}")
    message = str(brief.get("message") or "")
    if re.search(r"\byear\b", message) and re.search(r"May (?:this|the) year", text):
        out.append("a wish for the year beside the client's words about it")
    if (letter.values.get("relationship") not in _ROMANTIC) and "all my thoughts are yours" in text:
        out.append("a lover's line to someone else")
    return out


# Class 8: the register of tone: contracted in playful and tender letters (the template's words),
# never in formal ones.
_UNCONTRACTED = re.compile(r"\b(?:I am|do not|does not|did not|cannot|will not|I will|It is|we are)\b(?= \w)")
_CONTRACTED = re.compile(r"\b(?:I'm|don't|doesn't|didn't|can't|won't|I'll|It's|we're|I've|we've)\b")


def tone_problems(letter, brief: dict) -> list[str]:
    tone = letter.values.get("tone")
    frames = " ".join(frame_sentences(letter, brief))
    if tone == "formal":
        return [f"contracted in a formal letter: {m.group(0)}" for m in _CONTRACTED.finditer(frames)]
    if letter.tone_note and tone == "playful":
        return []  # written tender, and says so
    return [f"uncontracted in a {tone} letter: {m.group(0)}" for m in _UNCONTRACTED.finditer(frames)]


# Class 9 and 10: the English of the letter, and typed lower case.
_IZE = re.compile(r"\b(?:apologi[sz]e|reali[sz]ed?|recogni[sz]ed?|organi[sz]ed?|memori[sz]e|critici[sz]e)\b")
_LOWER_CALENDAR = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|april|june|"
    r"july|august|september|october|november|december|christmas|easter)s?\b"
)


def spelling_problems(letter, brief: dict) -> list[str]:
    frames = " ".join(frame_sentences(letter, brief))
    out = []
    for m in _IZE.finditer(frames):
        british = letter.language not in ("en-US", "en-CA")
        if ("z" in m.group(0)) == british:
            out.append(f"'{m.group(0)}' in an {letter.language} letter")
    out += [f"lower-case '{m.group(0)}'" for m in _LOWER_CALENDAR.finditer(letter.text)]
    return out
