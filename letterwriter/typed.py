"""Accepts values as people type them into forms, and makes them ready to sit inside a letter's sentences.

People write a form field the way they write a sentence: "To finish what I start.",
"I will call you every Sunday.", "Forty years". A template says "You taught me …",
"I will …", "It took …", so the typed capital, the closing full stop and the leading
"I will" must go — but "Paris", "Mum" and the brief's own names must stay as typed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

# Word lists installed by scripts/setup-system.sh (Debian's wamerican and wbritish).
# A word is lowered only if the lists know it in lower case and not as a name (a name has
# a possessive entry): "To", "Forty", "Call", "Left" go down; "Paris", "Sunday" (capitalised
# only) and "Will", "May", "Summer" (could be a name) stay as typed.
WORD_LISTS = (
    Path("/usr/share/dict/american-english"),
    Path("/usr/share/dict/british-english"),
    Path("/usr/share/dict/words"),
)

# Words that start a phrase only because they start it: always lowered, word list or not.
_CLOSED_CLASS = set(
    """
    a an the this that these those my our your his her its their some any no every each all both
    either neither one two three four five six seven eight nine ten twenty thirty forty fifty
    sixty seventy eighty ninety hundred to of in on at by for from with without into onto over
    under after before during since until while when whenever where how why what which who
    because if although though as and but or so then there here it we you he she they us
    me him them being getting going watching walking sitting finding making taking learning
    teaching reading cooking dancing singing laughing losing driving staying just always never
    not still even also only once last first next
    """.split()
)

# Family names used as names ("Mum's kitchen"): the word lists know them in lower case,
# yet a person writing about their own mother capitalises them.
_KIN = {
    "mum", "mom", "mam", "mummy", "mommy", "dad", "daddy", "papa", "mama", "pa", "ma",
    "grandma", "grandpa", "granny", "grandad", "granddad", "nan", "nana", "nanna", "gran",
    "grandmother", "grandfather", "auntie", "aunty", "uncle", "aunt",
}  # fmt: skip

# Months and days stay capitalised even where a lower-case word shares the spelling ("May").
_CALENDAR = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday",
}  # fmt: skip

# Fields whose value is a name or a title as a whole: kept exactly as typed.
_AS_TYPED = {"degree", "school", "employer", "role", "home_place", "distance_place", "pet_name"}

_LEADS = {
    "I will": (
        "i will",
        "i'll",
        "i’ll",
        "i am going to",
        "i'm going to",
        "i’m going to",
        "i promise to",
        "i can",
        "i could",
        "i would like to",
        "i'd like to",
        "i’d like to",
        "i want to",
        "i",
    ),
    "I": ("i",),
    "I was": ("i was", "i had been", "i'd been", "i’d been"),
    "you": ("you",),
}


@lru_cache(maxsize=1)
def _words() -> tuple[frozenset[str], frozenset[str]]:
    """(words known in lower case, words known capitalised) from the installed lists."""
    lower: set[str] = set()
    caps: set[str] = set()
    for path in WORD_LISTS:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for w in text.split():
            if w.endswith("'s") and w[:1].isupper():
                # The lists give names a possessive ("Mark's", "Rose's") and give capitalised
                # ordinary words none ("Left", "Read"): only the former stay capitalised.
                caps.add(w[:-2].lower())
            elif "'" not in w and not w[:1].isupper():
                lower.add(w)
    return frozenset(lower), frozenset(caps)


def have_word_list() -> bool:
    return bool(_words()[0])


def is_lower_word(word: str) -> bool:
    """True when the word lists know the word in lower case ("more", "will"), name or not."""
    return word.lower() in _words()[0]


def is_common_word(word: str, keep: set[str] | frozenset[str] = frozenset()) -> bool:
    """True when a capitalised word is an ordinary lower-case word, not a name ("To", not "Paris")."""
    w = word.strip("'\"“”‘’()").lower()
    if not w or w in keep or w in _KIN:
        return False
    if w in _CLOSED_CLASS:
        return True
    lower, caps = _words()
    return w in lower and w not in caps


def lower_first(text: str, keep: set[str] | frozenset[str] = frozenset()) -> str:
    """Lower the first word when it was capitalised only because it began the typed sentence."""
    m = re.match(r"([\"“‘(]*)([A-Za-z][a-z]*)(?=$|[\s,;:.!?’'\"”)-])", text)
    if not m or not m.group(2)[0].isupper() or m.group(2) == "I":
        return text
    word = m.group(2)
    if not is_common_word(word, keep):
        return text
    return text[: m.start(2)] + word.lower() + text[m.end(2) :]


def _lower_if_word(text: str, keep: set[str] | frozenset[str]) -> str:
    m = re.match(r"([A-Z][a-z]+)\b", text)
    if m and m.group(1).lower() in _words()[0] and m.group(1).lower() not in keep | _KIN | _CALENDAR:
        return m.group(1).lower() + text[m.end() :]
    return text


def trim_stop(text: str) -> str:
    """Drop the typed closing full stop (or stray comma); the template adds its own punctuation."""
    text = " ".join(str(text).split())
    while text and text[-1] in ".;,:" and not text.endswith("..."):
        text = text[:-1].rstrip()
    return text


def after(text: str, lead: str = "I will") -> str:
    """The value made to follow the template's own `lead` words: "I will call" -> "call"."""
    text = str(text).strip()
    low = text.lower()
    for form in _LEADS.get(lead, (lead.lower(),)):
        if low.startswith(form + " "):
            rest = text[len(form) + 1 :].lstrip()
            return lower_first(rest)
    return text


_PAST = set(
    """
    was were got went came made took met saw ran sat said told found lost left ate drove flew fell
    kept sang held brought bought taught thought stood spent had did gave knew wrote built broke
    slept swam won wore rode hid began drank caught chose fought forgot froze grew heard hung
    laid led lit meant paid put quit read rang rose sent set shook shot shut sold sought sprang
    stole struck stuck swept swung threw tore understood woke wept
    """.split()
)
_SUBJECT = re.compile(r"^(?:i|we|you|he|she|they|it)\b\s+(?!and\b)(\w+)", re.I)
_SENTENCE_INSIDE = re.compile(r"[.!?…][\"”’)]*\s+[A-Z“\"]")


def is_scene(text: str) -> bool:
    """A memory too long or too full to sit inside one of our sentences: it is told as its own."""
    text = str(text or "")
    return len(text.split()) > 22 or bool(_SENTENCE_INSIDE.search(text))


def is_told(text: str) -> bool:
    """A memory written as sentences of its own ("We got lost. It rained."), not as a phrase."""
    text = str(text or "").strip()
    return bool(_SENTENCE_INSIDE.search(text) or _SUBJECT.match(text))


# A verb that makes a typed wish a clause ("the sea keeps surprising you"), unless it belongs
# to a relative clause inside a noun phrase ("friends who are kind to you").
_FINITE = re.compile(
    r"(?<!\bwho )(?<!\bthat )(?<!\bwhich )\b(is|are|will|keeps|stays|goes|brings|gives|becomes|remains|"
    r"has|have|can|may|continues|feels|finds|holds|lasts|grows)\b",
    re.I,
)


_COMPARISON = re.compile(
    r"\b(?:as|than)\s+(?:you|i|we|they|he|she|it|ever|before)\s+(?:are|is|am|were|was|have|has|had|can|will)\b",
    re.I,
)


def hope(text: str) -> str:
    """A typed wish as the sender says it: "I wish you a quiet year", "I hope you find work you love"."""
    text = str(text or "").strip()
    low = text.lower()
    if low.startswith(("that ", "i hope ", "i wish ")):
        return text if low.startswith("i ") else "I hope " + text
    # A comparison's own verb ("a year as bright as you are") does not make the wish a clause.
    bare = _COMPARISON.sub("", text)
    if _SUBJECT.match(text) or _FINITE.search(bare):  # "you find work you love": a clause, so hope it
        return "I hope " + text
    return "I wish you " + text


# Words that open a noun phrase: "a cold flat", "no job", "two children", "my first winter".
_DETERMINER = set(
    """
    a an the my our your his her their its this that these those no some any another every each
    two three four five six seven eight nine ten several many much more most lots plenty nothing
    nobody nowhere
    """.split()
)
# A finite verb makes a typed value a clause ("my mother was in hospital"), unless it belongs to
# a relative clause inside a noun phrase ("a landlord who was threatening", "bills I could not pay").
_CLAUSE_VERB = re.compile(
    r"(?<!\bwho )(?<!\bthat )(?<!\bwhich )(?<!\bI )(?<!\bwe )(?<!\byou )(?<!\bthey )(?<!\bhe )(?<!\bshe )"
    r"\b(was|were|had|is|are|could|couldn't|couldn’t|did|didn't|"
    r"didn’t|would|wouldn't|wouldn’t)\b",
    re.I,
)
_CONTRACTED_SUBJECT = re.compile(r"^(?:i|we|you|he|she|they|it)[’'](?:d|m|re|ve|s|ll)\b", re.I)


def _is_plural_noun(word: str) -> bool:
    """ "debts", "bills": a plural the word lists know in the singular (not "nervous", "jobless")."""
    low = word.lower()
    if not low.endswith("s") or low.endswith(("ss", "ous", "us", "is", "ys")) or len(low) < 4:
        return False
    known = _words()[0]
    return low[:-1] in known or (low.endswith("es") and low[:-2] in known)


def state(text: str) -> str:
    """What I was facing said as a clause: "I was stuck…", "I was facing a cold flat…", "we had moved".

    People type it three ways: what follows "I was" ("stuck on a ward", "new in town"), a
    noun phrase ("a cold flat and no friends yet": I was *facing* it, I was not it), or a
    clause of their own ("I was new in town", "my mother was in hospital"), kept whole.
    """
    text = trim_stop(str(text or ""))
    if not text:
        return ""
    if _SUBJECT.match(text) or _CONTRACTED_SUBJECT.match(text):
        return text
    first = re.match(r"[^\W\d_]+", text)
    word = first.group(0).lower() if first else ""
    if word in _DETERMINER or _is_plural_noun(word):
        # "a landlord who was …" is still a noun phrase; "my mother was ill" is a clause.
        return text if _CLAUSE_VERB.search(text) else "I was facing " + text
    if _CLAUSE_VERB.search(text.split(" ", 2)[1] if " " in text else ""):
        return text  # "Mum was ill", "money was short": a subject and its verb
    return "I was " + text


_ADVERB = {"always", "never", "often", "sometimes", "usually", "still", "quietly", "somehow", "every"}


def habit(text: str) -> str:
    """A small thing someone did, as a noun phrase: "walked me to school" -> "the way you walked me …".

    Typed as "the lunches you packed" or "leaving the light on", it already is one; typed
    as what follows "you" ("Walked me to school.", "always sang while washing up"), the
    template's "I remember …" needs "the way you …".
    """
    text = str(text or "").strip()
    words_ = text.split()
    if not words_:
        return ""
    low = [w.lower().strip(",") for w in words_]
    if low[0] == "you" and len(low) > 1:
        return "the way " + text
    verb = low[1] if low[0] in _ADVERB and len(low) > 1 and low[0] != "every" else low[0]
    known = _words()[0]
    # "walked", "used": a regular past tense the word lists know without its ending ("bed" is not).
    regular = len(verb) > 3 and verb.endswith("ed") and (not known or {verb[:-2], verb[:-1]} & known)
    if verb in _PAST or regular:
        return "the way you " + text
    return text


def lead_in(text: str) -> str:
    """An introducing sentence turned into a lead-in to what follows: "… this." -> "… this:"."""
    text = str(text).rstrip()
    return text if text.endswith(":") else text.rstrip(".") + ":"


def phrase(text: str) -> str:
    """A memory as a noun phrase, to follow "I think of …": "we got lost" -> "the time we got lost"."""
    text = str(text or "").strip()
    if not text:
        return ""
    low = text.lower()
    if low.startswith(("when ", "how ", "that time ", "the time ")):
        if low.startswith("when "):
            return "the time " + text  # "the time when …" keeps the typed words whole
        if low.startswith("that time "):
            return "the time " + text[10:]
        return text
    m = _SUBJECT.match(text)
    if m:
        # "we got lost" happened once: "the time we got lost"; "you make me brave" is how
        # things are: "the way you make me brave".
        verb = m.group(1).lower()
        past = verb.endswith("ed") or verb in _PAST
        # "you sent a photo every evening" happened often: "the way", not "the time".
        often = re.search(r"\b(?:every|each|always|whenever|never|all the time)\b", low)
        return ("the time " if past and not often else "the way ") + text
    return text


# Endings that make one bare word a noun ("patience", "loyalty", "humour"): "your patience".
_NOUN_END = (
    "ness",
    "ity",
    "ty",
    "ance",
    "ence",
    "ment",
    "ship",
    "ion",
    "dom",
    "hood",
    "our",
    "ism",
    "cy",
    "ing",
)

# What people type for "what you love about them" is as often an adjective ("stubborn", "kind
# to strangers") as a noun ("your laugh"). The word lists know no parts of speech, so the words
# people describe each other with are listed here, and the rest are known by their ending.
_ADJECTIVES = set(
    """
    kind gentle patient generous funny loyal brave calm clever smart wise honest warm thoughtful
    caring stubborn late early strong fierce quiet shy bold curious creative silly goofy daft sweet
    tough fair steady humble proud quick slow good great tidy messy organised organized determined
    dedicated devoted relaxed reserved talented gifted committed focused driven grounded open sharp
    witty bright cheerful positive optimistic enthusiastic energetic passionate romantic dramatic
    artistic practical sensible reliable dependable independent confident resilient persistent
    diligent tolerant brilliant radiant elegant pleasant present fearless selfless tireless
    mischievous free easy busy happy lucky chatty bossy nosy feisty sassy cheeky nerdy quirky bubbly
    friendly lovely lively jolly cuddly sure certain full ready willing eager keen fond unafraid
    afraid capable mature polite modest wild loud soft tender firm true real young beautiful
    handsome pretty cool stylish punctual unflappable unstoppable unshakeable unshakable
    irrepressible incorrigible impossible hopeless terrible awful useless excellent amazing
    wonderful fantastic hilarious ridiculous clumsy grumpy fussy picky competitive protective
    supportive sensitive attentive decisive observant tenacious nurturing encouraging forgiving
    understanding accepting loving easygoing outgoing sporty musical brainy geeky dorky
    adventurous ambitious anxious cautious courageous gracious serious nervous curious
    stoic principled careful thorough meticulous methodical disciplined adaptable flexible
    approachable humorous charming genuine sincere decent gracious frank blunt direct
    """.split()
)
_ADJ_END = (
    "ful", "ous", "ive", "less", "able", "ible", "hearted", "minded", "headed", "going",
    "natured", "tempered", "witted", "spirited", "willed", "working",
)  # fmt: skip
# Said as "the way you are …", never "how … you are": "the way you are there for everyone".
_PREDICATIVE = {"there", "here", "afraid", "unafraid", "able", "unable", "ready", "willing"}
# Bare nouns people type for a quality that no ending marks as one: "wit" is "your wit".
_NOUNS = set(
    """
    wit grace charm warmth style laugh smile heart voice strength courage faith spirit energy humour
    humor advice laughter hugs hands eyes calm drive nerve
    """.split()
)
# Adverbs of how often: "always late" is "the way you are always late", not "how always late you are".
_FREQUENCY = {"always", "never", "often", "usually", "sometimes", "still", "constantly", "forever", "rarely"}
# Intensifiers that do not survive "how … you are" ("how so kind you are"): dropped there.
_DROPPED = {"so", "really", "super", "pretty", "such", "too", "just"}
_DEGREE = _DROPPED | {"very", "endlessly", "quietly", "fiercely", "incredibly", "truly", "deeply", "wildly"}
# Words that open what follows an adjective ("kind to strangers", "good with kids").
_PREP = set(
    """
    to about with at in on of for by from around under over without when whenever while if even
    enough as like toward towards beyond
    """.split()
)
# Verbs people start a quality with ("makes everyone laugh", "sings in the car").
_VERBS = set(
    """
    make remember sing listen give know laugh cook hum dance tell say ask notice look take keep
    care love help bring fix find see hold stand light turn show treat call check tease fight
    forgive believe stay get put hug talk walk read write play drive build teach learn think
    feel leave run save share send text cheer whistle smile speak greet welcome include celebrate
    defend protect encourage support understand try worry carry go do have bake plan fill open
    wait hold stick own light pick answer wake sit mean lend notice never
    """.split()
)
_IRREGULAR_PAST = {
    "make": "made", "sing": "sang", "give": "gave", "know": "knew", "tell": "told", "say": "said",
    "take": "took", "bring": "brought", "keep": "kept", "find": "found", "hold": "held",
    "stand": "stood", "think": "thought", "teach": "taught", "feel": "felt", "leave": "left",
    "light": "lit", "run": "ran", "see": "saw", "get": "got", "go": "went", "come": "came",
    "have": "had", "do": "did", "put": "put", "read": "read", "write": "wrote", "drive": "drove",
    "speak": "spoke", "hum": "hummed", "hug": "hugged", "plan": "planned", "build": "built",
    "send": "sent", "lend": "lent", "mean": "meant", "sit": "sat", "wake": "woke", "fight": "fought",
    "forgive": "forgave", "understand": "understood", "stick": "stuck", "learn": "learned",
}  # fmt: skip
_SUBJECTS = ("you", "he", "she", "they", "we", "i")
_BE = re.compile(
    r"^(?:(?:you|he|she|they)\s+)?(?:are|is|was|were)\s+|^(?:you|he|she|they)['’](?:re|s)\s+", re.I
)


def _is_adjective(word: str) -> bool:
    w = word.lower().strip(",;")
    if w in _ADJECTIVES or w in _PREDICATIVE:
        return True
    if "-" in w:
        return w.rsplit("-", 1)[-1] in _ADJECTIVES or w.endswith(_ADJ_END)
    return len(w) > 4 and w.endswith(_ADJ_END)


def _is_adverb(word: str) -> bool:
    """ "always", "fiercely": an adverb before the word that says what someone is or does."""
    w = word.lower()
    if w in _FREQUENCY or w in _DEGREE:
        return True
    # "fiercely", "happily", "gently": an -ly word whose stem is a word; "friendly", "silly" are not.
    if not w.endswith("ly") or w in _ADJECTIVES or len(w) < 5:
        return False
    known = _words()[0]
    stem = w[:-2]
    return bool({stem, stem[:-1] + "y" if stem.endswith("i") else "", stem + "le", stem + "e"} & known)


def _verb_base(word: str, nxt: str) -> str:
    """The plain verb when `word` starts a verb phrase ("makes" -> "make"), else ""."""
    w = word.lower()
    if w in _VERBS and nxt and nxt not in ("of", "and", "or"):
        return w  # "make everyone laugh"; "laugh" alone or "love of books" is a noun
    for stem in (w[:-3] + "y" if w.endswith("ies") else "", w[:-2] if w.endswith("es") else "", w[:-1]):
        if w.endswith("s") and stem in _VERBS:
            return stem  # "makes", "tries", "watches": always a verb here ("listens")
    if w.endswith("ing") and nxt and nxt not in ("of", "and", "or"):
        stem = w[:-3]
        for base in (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else ""):
            if base in _VERBS:
                return base  # "making everyone laugh" -> "the way you make everyone laugh"
    return ""


def _past(verb: str) -> str:
    if verb in _IRREGULAR_PAST:
        return _IRREGULAR_PAST[verb]
    if verb.endswith("e"):
        return verb + "d"
    if verb.endswith("y") and verb[-2:-1] not in ("a", "e", "o", "u"):
        return verb[:-1] + "ied"
    return verb + "ed"


def _is_past(word: str) -> bool:
    w = word.lower()
    known = _words()[0]
    return w in _PAST or (
        len(w) > 3 and w.endswith("ed") and not _is_adjective(w) and bool({w[:-2], w[:-1]} & known)
    )


def quality(text: str, who: Any = None, past: bool = False) -> str:
    """A quality, as typed, made a noun phrase that can follow "I love" or "I will miss".

    People type "your laugh", "the way you hum", "patience", "kind to strangers", "stubborn",
    "always late", "makes everyone laugh" or "You make me brave.":

    - a noun phrase stays ("your laugh"), a bare noun is theirs ("your patience");
    - an adjective is said "how kind you are to strangers", "how stubborn you are"; after an
      adverb of how often, or when it is only said after "are", "the way you are always late";
    - an adjective before a noun is a noun phrase: "terrible puns" -> "your terrible puns";
      "a great listener" -> "what a great listener you are";
    - a verb is "the way you make everyone laugh"; a clause "the way you make me brave".

    `who` (pronouns, as `language.pronouns` gives them) speaks of someone else, and `past`
    of someone who has died: "how kind she was to strangers", "the way he made everyone laugh".
    """
    text = trim_stop(str(text or ""))
    if not text:
        return ""
    they = "you" if who is None else who.they
    be = ("were" if who is None else who.were) if past else ("are" if who is None else who.are)
    poss = "your" if who is None else who.their
    # "I love your laugh." typed where the letter already says "I love …": the lead goes.
    text = (
        re.sub(r"^i (?:really |just )?(?:love|admire|adore|miss|will miss|cherish)\s+", "", text, flags=re.I)
        or text
    )
    if text.lower().startswith("that you "):
        text = "the way " + text[5:]  # "I love that you never give up" -> "the way you never give up"
    said_after_be = bool(_BE.match(text))
    if said_after_be:
        text = _BE.sub("", text, count=1)  # "You are kind to strangers": what they are follows
    ws = text.split()
    lw = [w.lower().strip(",;") for w in ws]
    if not said_after_be:
        if lw[0] in _SUBJECTS:
            return phrase(text)  # "you make me brave" -> "the way you make me brave"
        if lw[0] in ("a", "an") and len(ws) > 1:
            return f"what {text} {they} {be}"  # "what a great listener you are"
        if lw[0] == "the" and len(ws) > 1 and lw[1] in ("first", "last", "one", "only", "best", "most"):
            return f"the way {they} {be} {text}"  # "the way you are the first to help"
        if lw[0] in _DETERMINER or lw[0] in ("how", "what", "when", "whenever", "that"):
            return phrase(text)  # "your laugh", "the way you hum", "how calm you are"
    i = 0
    while i < len(ws) - 1 and _is_adverb(lw[i]):
        i += 1
    advs, head, rest = ws[:i], lw[i], ws[i + 1 :]
    nxt = lw[i + 1] if rest else ""
    often = any(a.lower() in _FREQUENCY for a in advs)
    if not said_after_be:
        base = _verb_base(head, nxt)
        if base:
            verb = _past(base) if past else base
            return " ".join(["the way", they, *advs, verb, *rest])  # "the way you always know what to say"
        if _is_past(head) and (rest or advs):
            return f"the way {they} {text}"  # "the way you walked me to school"
    comparative = head in ("better", "worse") or (
        head.endswith("er")
        and (head[:-2] in _ADJECTIVES or head[:-3] in _ADJECTIVES or head[:-3] + "y" in _ADJECTIVES)
    )
    if comparative or (_is_adjective(head) and nxt in ("as", "like")):
        return f"the way {they} {be} {text}"  # "better at maths than me", "stubborn as a mule"
    if not _is_adjective(head):
        if said_after_be or often:
            return f"the way {they} {be} {text}"  # "always there for me", "you are the best"
        if len(ws) == 1 and head not in _NOUNS and not head.endswith(_NOUN_END) and not head.endswith("s"):
            # One word neither list knows as a noun: most such words people type are adjectives.
            return f"how {text} {they} {be}" if head not in _words()[1] else f"{poss} {text}"
        return f"{poss} {text}"  # "patience", "sense of humour", "bear hugs"
    if head in _PREDICATIVE or often:
        return f"the way {they} {be} {text}"  # "the way you are always late"
    # An adjective before a noun makes a noun phrase: "terrible puns" -> "your terrible puns".
    j = i + 1
    while j < len(ws) and (lw[j] in ("and", "or") or (_is_adjective(lw[j]) and not ws[j - 1].endswith(","))):
        j += 1
    while j < len(ws) and ws[j - 1].endswith(",") and _is_adjective(lw[j]):
        j += 1  # "kind, generous and funny"
        while j < len(ws) and (lw[j] in ("and", "or") or _is_adjective(lw[j])):
            j += 1
    adj_words, complement = ws[i:j], ws[j:]
    if complement and not ws[j - 1].endswith(",") and lw[j] not in _PREP and lw[j] not in _FREQUENCY:
        return f"{poss} {text}"
    if head == "full" and complement and lw[j] == "of":
        adj_words, complement = ws[i:], []  # "how full of ideas you are"
    comma = "," if adj_words[-1].endswith(",") else ""
    adj = " ".join([*[a for a in advs if a.lower() not in _DROPPED], *adj_words]).rstrip(",")
    return f"how {adj} {they} {be}{comma}" + (" " + " ".join(complement) if complement else "")


@lru_cache(maxsize=1)
def _ordinal_ages() -> dict[str, int]:
    """ "first" -> 1 … "one hundred and thirtieth" -> 130, and "hundredth" as people say it."""
    from letterwriter import language as lang  # inflect is slow to load; only ages need it

    out = {lang.ordinal_words(n): n for n in range(1, 131)}
    out.update({k.replace("one hundred", "hundred"): n for k, n in out.items() if n >= 100})
    return out


_AGE_TYPED = re.compile(
    r"(?:(?:your|his|her|their|the|a|an|my)\s+)?(?P<n>\d{1,3}|[a-z-]+(?:\s+(?:and\s+)?[a-z-]+){0,3}?)"
    r"(?P<ord>st|nd|rd|th)?(?:\s+birthday)?(?:\s+(?P<old>years?\s+old|year-old))?",
    re.I,
)


def you_are(text: str) -> str:
    """A milestone as it follows "you are": "8" -> "eight", "21st" -> "twenty-one", "0" -> "".

    People type an age where the form asks for a milestone: "8", "21st", "18th birthday",
    "your first birthday", "Turning 1", "2 years old". The letter says it in words after
    "you are", as a person would ("you are twenty-one", "you are turning one"); an age of
    nought is no milestone at all. Anything else ("starting university") is kept as typed.
    """
    from letterwriter import language as lang

    t = trim_stop(str(text or ""))
    t = re.sub(r"^(?:you are|you['’]re)\s+", "", t, flags=re.I)
    m = _AGE_TYPED.fullmatch(t)
    if m:
        raw = m.group("n").lower()
        n: int | None = None
        if raw.isdigit():
            n = int(raw)
        elif not m.group("ord"):
            n = _ordinal_ages().get(raw)
        if n is not None:
            if n <= 0 or n > 130:
                return ""
            if m.group("old"):
                return lang.count(n, "year") + " old"
            return lang.number_words(n)
    # "turning 1", "aged 18": the number in words
    return re.sub(
        r"\b(turning|aged?)\s+(\d{1,3})\b",
        lambda g: f"{g.group(1)} {lang.number_words(int(g.group(2)))}",
        t,
        flags=re.I,
    )


def words(value: Any) -> int:
    """How many words a typed value has (a list counts all its items): lets a short note choose."""
    items = value if isinstance(value, (list, tuple)) else [value]
    return sum(len(str(i).split()) for i in items if i)


def is_noun_phrase(text: str) -> bool:
    """ "a long walk", "dinner at Luigi's"? A value that opens with a determiner, not a verb ("walk …")."""
    first = str(text or "").strip().split(" ", 1)[0].lower()
    return first in _DETERMINER


def is_me(text: str) -> bool:
    """A typed item that is the sender ("me, on my first week"): the template must not add "and me" again."""
    return bool(re.match(r"(me|myself|yours truly)\b", str(text).strip(), re.I))


def names_in(values: dict[str, Any]) -> set[str]:
    """Lower-cased words of the brief's own names, which are never lowered."""
    out: set[str] = set()
    for key, v in values.items():
        if isinstance(v, str) and (key.endswith("_name") or key in _AS_TYPED):
            ws = re.findall(r"[^\W\d_]+", v)  # "Léa" is one word, not "L" and "a"
            # A school or a role is a name only where it is capitalised: "the University of Leeds"
            # makes "University" and "Leeds" names, never "the" (a memory's "The summer …" is lowered).
            out.update(w.lower() for w in ws if key.endswith("_name") or w[:1].isupper())
    return out


_NUMBER_WORD = re.compile(
    r"\b(One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Eleven|Twelve|Thirteen|Fourteen|Fifteen|Sixteen|"
    r"Seventeen|Eighteen|Nineteen|Twenty|Thirty|Forty|Fifty|Sixty|Seventy|Eighty|Ninety|Hundred)\b"
)


# "The Winter you kept us going": a season after a determiner is a season, not a name.
_SEASON = re.compile(
    r"\b((?:the|that|this|last|next|every|one|our|a) )(Winter|Summer|Spring|Autumn|Fall)\b", re.I
)


def normalise(value: str, keep: set[str] | frozenset[str] = frozenset()) -> str:
    """A typed phrase ready for the middle of a sentence ("Turning Eighteen." -> "turning eighteen")."""
    text = lower_first(trim_stop(value), keep)
    text = _SEASON.sub(lambda m: m.group(1) + m.group(2).lower(), text)
    return text[:1] + _NUMBER_WORD.sub(lambda m: m.group(0).lower(), text[1:])


def normalise_values(info: Any, values: dict[str, Any]) -> dict[str, Any]:
    """The brief's values as the templates see them: typed phrases normalised, names as typed.

    Only the template's own free-text fields change; common fields (names, tone …), long
    "in your own words" text (it goes in as written) and name-like fields stay as typed.
    """
    keep = names_in(values)
    out = dict(values)
    for f in getattr(info, "fields", []):
        if f.common or f.name in _AS_TYPED or f.name.endswith("_name"):
            continue
        v = values.get(f.name)
        if f.type == "text" and isinstance(v, str) and v:
            out[f.name] = normalise(v, keep)
        elif f.type == "list" and isinstance(v, list):
            items = [normalise(i, keep) for i in v if str(i).strip()]
            if any(i[:1].islower() for i in items):
                # Items of one list are parallel: "walked me to school", "Sang while washing
                # up" -> "sang" too, where the word lists know it in lower case at all.
                items = [_lower_if_word(i, keep) for i in items]
            out[f.name] = items
    return out
