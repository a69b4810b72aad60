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
        return ("the time " if past else "the way ") + text
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
_INTENSIFIER = {"very", "so", "really", "endlessly", "quietly", "fiercely", "incredibly"}


def quality(text: str) -> str:
    """A quality as a noun phrase: "Loyal" -> "how loyal you are", "patience" -> "your patience".

    A phrase ("your big laugh", "how calm you are") stays; a clause ("you make me brave")
    becomes "the way you make me brave"; one bare word, perhaps after "very", is an adjective
    unless its ending makes it a noun.
    """
    text = phrase(text)
    ws = text.split()
    if not ws or len(ws) > 2 or (len(ws) == 2 and ws[0].lower() not in _INTENSIFIER):
        return text
    word = ws[-1].lower()
    if ws[0].lower() in _CLOSED_CLASS and len(ws) == 1:
        return text
    if len(ws) == 1 and (
        word.endswith(_NOUN_END) or (word.endswith("s") and not word.endswith(("ous", "ss")))
    ):
        return "your " + text
    return "how " + text + " you are"


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


def is_me(text: str) -> bool:
    """A typed item that is the sender ("me, on my first week"): the template must not add "and me" again."""
    return bool(re.match(r"(me|myself|yours truly)\b", str(text).strip(), re.I))


def names_in(values: dict[str, Any]) -> set[str]:
    """Lower-cased words of the brief's own names, which are never lowered."""
    out: set[str] = set()
    for key, v in values.items():
        if isinstance(v, str) and (key.endswith("_name") or key in _AS_TYPED):
            out.update(w.lower() for w in re.findall(r"[^\W\d_]+", v))  # "Léa" is one word, not "L" and "a"
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
