"""Reads what a client typed into a field, and fits it to a sentence of the letter, or lets it stand alone.

People type as they speak ("the night we missed the last train", "drove four hours to fetch me",
"i will never forget when we got lost in Lisbon."). `shape` says which of these a value is (a noun
phrase, a verb phrase and its tense, a clause with its own subject, a first-person sentence, several
sentences); `fit` gives the words for one slot of a template sentence ("What stays with me is
{moment:np}.") or None when they cannot go there, and the template then says them as their own
sentence, fixed only at the edges. Words and their forms come from lemminflect's lexicon
(lexicon.py); only the closed classes of English are listed here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from letterwriter import lexicon as lex
from letterwriter.edges import BARE, fix, keeps_its_end, to_you  # noqa: F401 (to_you: the filter's name)
from letterwriter.edges import CALENDAR_WORDS as _CALENDAR
from letterwriter.propernames import KIN as _KIN  # family words, used as names: "Mum was ill"

_SUBJECTS = {"i", "we", "you", "he", "she", "they", "it"}
_OBJECTS = {"me", "us", "you", "him", "her", "them", "it", "everyone", "everybody", "someone", "people"}
_DETERMINERS = set(
    """a an the my our your his her their its this that these those no some any another every each
    all both several many much more most lots plenty half""".split()
)
_NUMBERS = set(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
    seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred
    first second third last next""".split()
)
_PREPOSITIONS = set(
    """in on at by for from with without into onto over under after before during since until while of
    to about through across along around near beside behind up down off out away like as than""".split()
)
_SOMEONE = {"nobody", "everyone", "everybody", "someone", "somebody", "nothing", "everything", "something"}
_RELATIVES = {"who", "that", "which", "when", "where", "whose", "whom", "while", "because", "if", "as"}
_BE_PAST = {"was", "were", "wasn't", "weren't", "wasnt", "werent"}
_AUX_PAST = _BE_PAST | {"had", "did", "didn't", "didnt", "hadn't", "could", "couldn't", "couldnt", "would"}
_AUX_FUTURE = {"will", "shall", "'ll", "’ll", "won't", "wont"}
_AUX_PRESENT = set(
    """am is are has have do does can may might must should isn't aren't hasn't haven't don't doesn't
    can't cannot dont doesnt cant isnt arent""".split()
)
_AUX = _AUX_PAST | _AUX_FUTURE | _AUX_PRESENT
_FREQUENCY = {"always", "never", "often", "usually", "sometimes", "still", "constantly", "forever", "rarely"}
_ADVERBS = _FREQUENCY | {"just", "really", "also", "even", "only", "once", "ever", "quietly", "somehow"}
_HABIT = re.compile(r"\b(?:every|each|always|whenever|never|all the time|used to)\b", re.I)
_CONTRACTED = re.compile(r"^(i|we|you|he|she|they|it)['’](m|re|ve|s|ll|d)$", re.I)
_SENTENCE_INSIDE = re.compile(r"[.!?…][\"”’)]*\s+[A-Z“\"‘]|[.!?…][\"”’)]*\s+i\s")
_TIME_CLAUSE = re.compile(r"(?:the|that|one|every|last) [^,]{3,60}, (?:i|you|he|she|we|they) [a-z]", re.I)
_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d+")
_AS_TYPED = {"degree", "school", "employer", "role", "home_place", "distance_place", "pet_name", "signs_as"}  # noqa: E501 (names or titles as a whole: kept as typed)
MAX_INLINE_WORDS = 24  # longer than this, a value is told as its own sentences, never squeezed in


@dataclass(frozen=True)
class Shape:
    """What a typed value is. kind: np, vp, adj, clause (own subject), first (I …), sentences."""

    kind: str  # also "that": a clause led by "that" ("that she sleeps")
    tense: str = ""  # past, present, future, base (for a verb phrase) or ""
    words: int = 0


def trim_stop(text: str) -> str:
    """Drop the typed closing full stop (or stray comma); the template adds its own punctuation."""
    text = " ".join(str(text).split())
    while text and text[-1] in ".;,:" and not text.endswith("..."):
        text = text[:-1].rstrip()
    return text


def _tokens(text: str) -> list[str]:
    """The words, lower case, a contraction typed without its apostrophe read as one ("shes")."""
    return [BARE.get(w, w) for w in (w.lower() for w in _WORD.findall(text))]


def _verb(word: str) -> tuple[str, str] | None:
    return lex.verb(word.replace("’", "'"))


def _tense_after(words: list[str]) -> str:
    """The tense of the first verb in `words` (what follows a subject)."""
    for w in words[:4]:
        if w in _AUX_FUTURE or w.endswith(("'ll", "’ll")):
            return "future"
        if w in _AUX_PAST or w.endswith(("'d", "’d")):
            return "past"
        if w in _AUX_PRESENT or w.endswith(("'m", "’m", "'re", "’re", "'ve", "’ve", "'s", "’s")):
            return "present"
        if w in _ADVERBS or w in ("not", "both", "all", "each"):
            continue
        v = _verb(w)
        if v:
            return {"VBD": "past", "VBN": "past", "VBZ": "present", "VB": "present", "VBG": "present"}[v[1]]
        break
    return "present"


def _np_then_verb(words: list[str]) -> bool:
    """After a noun phrase's own words, does a verb of the main clause follow ("my mother was ill")?"""
    noun = False
    for i, w in enumerate(words[:7]):
        if i and w in _AUX:
            return True
        if noun and (w in _DETERMINERS or w in _SUBJECTS):
            return False  # "the night the boiler died": a clause that tells which night
        if w in _DETERMINERS or w in _NUMBERS or w.endswith(("'s", "’s")) or w in _KIN:
            noun = noun or w in _KIN or w.endswith(("'s", "’s"))
            continue
        if i and w in ("never", "always", "still", "just", "finally"):
            continue
        v = _verb(w) if i else None
        if v and v[1] in ("VBD", "VBZ") and not (lex.is_noun(w) and v[1] == "VBZ"):
            if words[i - 1] not in _DETERMINERS:  # "a rented room": after "a", a participle describes
                return True
        if noun and i and w in _PREPOSITIONS and w not in ("as", "like", "than"):
            return _verb_after_pp(words[i + 1 : 14])  # "your mug with the cat on it is still there"
        if w in _PREPOSITIONS or w in _RELATIVES or w in _SUBJECTS or w in ("and", "or", "but"):
            return False
        if not (lex.is_noun(w) or lex.is_adjective(w) or lex.is_name(w) or not lex.is_common(w)):
            return False
        noun = noun or lex.is_noun(w) or lex.is_name(w)
    return False


def _that_clause(words: list[str]) -> bool:
    """ "that she sleeps", "that the move goes well": "that" leads a clause, not "that old house"."""
    later = any((v := _verb(w)) and v[1] in ("VBZ", "VBD") for w in words[3:6])
    return words[1] in _SUBJECTS or _np_then_verb(words[1:]) or words[1] in _DETERMINERS and later


def _verb_after_pp(words: list[str]) -> bool:
    """After a noun's prepositional phrase ("with the cat on it"), does the main verb come?"""
    for i, w in enumerate(words):
        if w in _AUX:
            return i > 0
        if w in _DETERMINERS or w in _NUMBERS or w in _PREPOSITIONS or w in _OBJECTS or w in ("and", "or"):
            continue
        v = _verb(w)
        if v and v[1] in ("VBD", "VBZ") and not lex.is_noun(w) and i and words[i - 1] not in _DETERMINERS:
            return True
        if w in _RELATIVES or w in _SUBJECTS or w in _ADVERBS:
            return False
        if not (lex.is_noun(w) or lex.is_adjective(w) or lex.is_name(w) or not lex.is_common(w)):
            return False
    return False


# "this summer", "next time": a time phrase a clause may open with
_WHEN_WORDS = frozenset(
    "time summer winter spring autumn fall year week weekend month morning evening night christmas "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)


@lru_cache(maxsize=2048)
def shape(text: str) -> Shape:
    t = trim_stop(str(text or ""))
    words = _tokens(t)
    n = len(words)
    if not words:
        return Shape("empty")
    if _SENTENCE_INSIDE.search(t) or _TIME_CLAUSE.match(t) or t.endswith(("?", "!")):
        return Shape("sentences", words=n)
    w0, rest = words[0], words[1:]
    m = _CONTRACTED.match(w0)
    if w0 == "i" or (m and m.group(1).lower() == "i"):
        return Shape("first", "future" if w0.endswith("ll") else _tense_after(rest if w0 == "i" else [w0]), n)
    if w0 in _SUBJECTS or m:
        first = rest[0] if rest else ""
        v = _verb(first) if first else None
        if w0 in _SUBJECTS and v and v[1] == "VBG" and first not in _AUX:
            return Shape("np", words=n)  # "you holding my hand": a noun phrase, what I remember
        return Shape("clause", _tense_after(rest if w0 in _SUBJECTS else [w0]), n)
    if w0 in _SOMEONE or words[:2] == ["no", "one"]:
        after = rest[1:] if w0 == "no" else rest
        if after and (after[0] in _AUX or after[0] in _ADVERBS or _verb(after[0])):
            return Shape("clause", _tense_after(after), n)  # "no one laughs at my jokes"
    if w0 == "that" and n > 2 and _that_clause(words):
        return Shape("that", _tense_after(words[2:]), n)  # "that she gets some sleep": no noun phrase
    if w0 in _AUX:
        return Shape("other", words=n)  # "dont you dare", "can't wait": it stands as typed
    if w0 == "to" and n > 1 and _verb(words[1]) == (words[1], "VB"):
        return Shape("inf", "base", n)  # "to finish what I start"
    if w0 in ("when", "how", "whenever") or " ".join(words[:2]) in ("every time", "each time"):
        return Shape("when", _clause_tense(rest), n)
    # a verb phrase, perhaps after an adverb: "always sang while washing up", "drove four hours"
    i = 0
    while i < n - 1 and words[i] in _ADVERBS:
        i += 1
    head, nxt = words[i], (words[i + 1] if i + 1 < n else "")
    v = _verb(head)
    after = words[i + 2] if i + 2 < n else ""
    relative = nxt in ("that", "which", "who") and bool(_verb(after)) and _verb(after)[1] in ("VBZ", "VBD")
    if v and head not in _DETERMINERS and head not in _NUMBERS and not (relative and lex.is_noun(head)):
        lemma, tag = v
        objectish = nxt in _OBJECTS or nxt in _DETERMINERS or nxt in _NUMBERS or nxt in ("up", "out", "after")
        if tag == "VBG" and nxt not in ("of",):
            return Shape("np", words=n)  # "building a blanket fort": a gerund is a noun phrase
        if tag in ("VBD", "VBN") and (objectish or not lex.is_noun(head) or nxt in _PREPOSITIONS):
            if not (tag == "VBN" and lex.is_adjective(head) and not objectish):
                return Shape("vp", "past", n)
        if tag == "VBZ" and (objectish or not lex.is_noun(head)):
            return Shape("vp", "present", n)
        if tag == "VB" and (objectish or (nxt in _PREPOSITIONS and nxt not in ("of", "and", "like", "as"))):
            return Shape("vp", "base", n)
    if lex.is_adjective(head) and not lex.is_noun(head) or (i and lex.is_adjective(head)):
        return Shape("adj", words=n)
    if _np_then_verb(words):
        return Shape("clause", _clause_tense(words[1:]), n)
    if w0 in ("this", "next", "last", "every") and n > 3 and rest[0] in _WHEN_WORDS and rest[1] in _SUBJECTS:
        return Shape("clause", _clause_tense(rest[2:]), n)  # "this summer we are mowing your lawn"
    if i or w0 in _ADVERBS:
        return Shape("other", words=n)  # "always in Whitstable": no frame takes it, it stands alone
    return Shape("np", words=n)


def _clause_tense(words: list[str]) -> str:
    """The tense of a clause that starts with a noun phrase: its first auxiliary or finite verb."""
    for w in words:
        contracted = w[:-2] in _SUBJECTS or w[:-2] in ("that", "there", "what", "who", "here")
        if w in _AUX or w.endswith(("'ll", "’ll")) or (w.endswith(("'s", "’s")) and contracted):
            return _tense_after([w])  # "Marco's robot": a possessive, not "is"
        v = _verb(w)
        if v and v[1] in ("VBD", "VBZ") and not lex.is_noun(w):
            return "past" if v[1] == "VBD" else "present"
    return "present"


def is_lower_word(word: str) -> bool:
    """True when the word is known in lower case ("more", "every", "will"), name or not."""
    w = word.lower()
    return lex.is_word(w) or is_common_word(w) or w in _KIN or w in _CALENDAR


def lower_first(text: str, keep: set[str] | frozenset[str] = frozenset()) -> str:
    """Lower the first word when it was capitalised only because it began the typed sentence."""
    m = re.match(r"([\"“‘(]*)([A-Za-z][a-z]*)(?=$|[\s,;:.!?’'\"”)-])", text)
    if not m or not m.group(2)[0].isupper() or m.group(2) == "I":
        return text
    word = m.group(2)
    if not is_common_word(word, keep):
        return text
    return text[: m.start(2)] + word.lower() + text[m.end(2) :]


_CLOSED = (_DETERMINERS, _NUMBERS, _PREPOSITIONS, _RELATIVES, _SUBJECTS, _OBJECTS, _ADVERBS, _AUX)
_CLOSED_CLASS = set().union(*_CLOSED, ("and", "but", "or", "so", "then", "there", "here", "not"))


def is_common_word(word: str, keep: set[str] | frozenset[str] = frozenset()) -> bool:
    """True when a capitalised word is an ordinary lower-case word, not a name ("To", not "Paris")."""
    w = word.strip("'\"“”‘’()").lower()
    if not w or w in keep or w in _KIN or w in _CALENDAR:
        return False
    if w in _CLOSED_CLASS:
        return True
    v = lex.verb(w)
    if v and v[1] != "VB":
        return True  # "Sang", "Walked", "Making": a verb form, whatever name shares it
    return lex.is_common(w)


def have_word_list() -> bool:
    """The lexicon is there (lemminflect installed): capitals and verb forms can be told apart."""
    return lex.verb("drove") is not None


_LEAD = re.compile(r"^((?:I|i|We|we)(?: will|['’]ll| can| am going to| promise to)? )(?=[A-Z])")


def _after_lead(text: str, keep: frozenset[str] = frozenset()) -> str:
    """ "I will Call you": the capital typed after a lead goes too (it began the thought, not a name)."""
    m = _LEAD.match(text)
    return m.group(1) + lower_first(text[m.end() :], keep) if m else text


def inline(text: str, keep: frozenset[str] = frozenset()) -> str:
    """A value ready for the middle of a sentence: its edges fixed, its first word lowered if common."""
    return _after_lead(fix(lower_first(trim_stop(text), keep)), keep)


def own_words(text: str) -> str:
    """The client's own paragraphs as written, fixed only at the edges of each (and "i" -> "I")."""
    pars = [" ".join(p.split()) for p in re.split(r"\n\s*\n", str(text or ""))]
    return "\n\n".join(as_sentence(p) for p in pars if p)


def as_sentence(text: str) -> str:
    """A value as a sentence of its own: a capital, "i" as "I", and a full stop if it has none."""
    t = _after_lead(fix(" ".join(str(text or "").split())))
    if not t:
        return ""
    t = t[0].upper() + t[1:]
    return t if re.search(r"[.!?…]['\"’”)]*$", t) or keeps_its_end(t) else t + "."


def _base(text: str) -> str | None:
    """A verb phrase in its plain form, after the template's "I will": "I'll call you" -> "call you"."""
    t = re.sub(
        r"^(?:i|we)\s*(?:will|['’]ll|shall|can|could|am going to|['’]m going to|promise to|want to"
        r"|would like to)\s+",
        "",
        t0 := trim_stop(text),
        flags=re.I,
    )
    t = re.sub(r"^(?:will|to)\s+", "", t, flags=re.I)
    if t is t0 and shape(t0).kind == "first":
        return None
    s = shape(t)
    if (
        s.kind == "vp"
        and s.tense == "base"
        or (s.kind == "np" and _verb(_tokens(t)[0]) == (_tokens(t)[0], "VB"))
    ):
        return lower_first(t)  # "I will Call you": its capital went with "I will"
    return None


def _past(text: str, subject: str) -> str | None:
    """A verb phrase in the past, after the template's own subject: "you drove …" -> "drove …"."""
    t = trim_stop(text)
    if subject and re.match(rf"{subject}\s+", t, re.I):
        t = t[len(subject) :].lstrip()
    s = shape(t)
    return lower_first(t) if s.kind == "vp" and s.tense == "past" else None


def _way_you(text: str, who: str = "you") -> str:
    """ "walked me to school" -> "the way you walked me to school"; "makes everyone laugh" -> "… make …"."""
    words = text.split(" ")
    for i, w in enumerate(words):
        v = _verb(w.lower())
        if v and w.lower() not in _ADVERBS:
            if v[1] == "VBZ" and who in ("you", "they"):
                words[i] = v[0]
            break
    return f"the way {who} " + " ".join(words)


@lru_cache(maxsize=8192)
def fit(value: str, spec: str, before: str = "", keep: frozenset[str] = frozenset()) -> str | None:
    """The words of a typed value for one slot of a sentence, or None when they cannot go there.

    spec: "s" its own sentence (always fits); "c" the template's own checked words; "name" a name as typed;
    "colon" after a colon (a phrase or one clause); "when" a clause in the past; "np" a noun phrase; "event"
    a memory as one ("the time we got lost" from "we got lost"); "npl" a noun phrase of any length (and the
    sentences after it); "npyou" also "the way you walked me to school" from a bare verb phrase; "clause" a
    clause with its own subject ("I", "dad was never alone"); "past" a verb phrase in the past after the
    frame's own subject; "base" after "I will"; "q" a quality.
    `before` is the frame's text before the slot (its last word is the subject a value repeats).
    """
    text = str(value or "").strip()
    if not text:
        return None
    if spec == "s":
        return as_sentence(text)
    if spec == "c":  # the template's own joined list or phrase, or a value it has checked itself
        return inline(text, keep)
    if spec == "name":  # a name, as typed: never lowered, respelt or made "we"
        return text
    s = shape(text)
    if spec == "colon":  # after a colon: a phrase or a clause of its own, not several sentences
        ok = s.kind in ("np", "clause", "first", "when") and s.words <= MAX_INLINE_WORDS + 6
        return inline(text, keep) if ok else None
    if spec == "npl":  # a memory of any length: "I remember {m:npl}."
        t = inline(text, keep)
        first, _, rest = t.partition(". ")  # "ray plowing the street. he did that for years"
        if s.kind == "np" or s.kind == "sentences" and rest and shape(first).kind == "np" and "?" not in t:
            return t if s.kind == "np" else f"{first}. {trim_stop(as_sentence(rest))}"
        once = s.tense == "past" and not _HABIT.search(t)
        if once and (s.kind == "when" or (s.kind == "clause" and _tokens(t)[0] in _SUBJECTS)):
            return "the time " + t
        return None
    if s.words > MAX_INLINE_WORDS or s.kind == "sentences":  # too long inside a sentence, but a deed
        deed = spec == "past" and s.kind == "vp" and before.rstrip().endswith("You")  # keeps its doer
        return _past(inline(text, keep), "you") if deed and s.words <= 3 * MAX_INLINE_WORDS else None
    t = inline(text, keep)
    if spec in ("np", "npyou", "event"):
        if s.kind == "np":
            return t
        subject = _tokens(t)[0]
        once = s.tense == "past" and not _HABIT.search(t)
        if spec == "event" and s.kind == "when" and once:
            return "the time " + t  # a memory: "when we got lost" -> "the time when we got lost"
        if spec == "event" and s.kind == "clause" and once and subject in _SUBJECTS:
            return "the time " + t  # "we got lost in Rome": it happened once
        if spec == "npyou" and s.kind == "clause" and subject in ("you", "he", "she", "they"):
            return "the way " + t  # "you make me brave": how someone is
        if spec == "npyou" and s.kind == "vp" and s.tense in ("past", "present"):
            return _way_you(t)
        return None
    if spec == "clause":
        if s.kind == "that":  # only after "that" (said once) or a verb that takes it: "I hope that …"
            last = (re.findall(r"(\w+)\s*$", before) or [""])[0].lower()
            verbs = ("that", "hope", "know", "promise", "saw", "see", "think", "believe", "wish", "trust")
            return t if last in verbs else None
        return t if s.kind in ("clause", "first") else None
    if spec == "when":  # after "We met when": a clause in the past ("we both turned up to …")
        return t if s.kind in ("clause", "first") and s.tense == "past" else None
    if spec == "pred":  # after "I was": "stuck on a ward", "new in town", "exhausted and scared"
        head = _tokens(t)[0]
        v = _verb(head)
        if s.kind == "adj" or (s.kind == "vp" and v and v[1] in ("VBN", "VBD") and lex.is_adjective(head)):
            return t
        if v and v[1] in ("VBN", "VBD") and (lex.is_adjective(head) or head in ("stuck", "lost", "left")):
            return t
        return None
    if spec == "past":
        subject = (re.findall(r"(\w+)\s*$", before) or [""])[0].lower()
        return _past(t, subject if subject in _SUBJECTS else "")
    if spec == "base":
        return _base(t)
    if spec == "q":
        return quality(text)
    if spec == "taught":  # after "You taught me": "to finish what I start", "that I can", "patience"
        w = _tokens(t)
        if w[0] in ("always", "never", "not") and w[1:2] != ["to"]:  # "always say" -> "to always say"
            base = len(w) > 1 and _verb(w[1]) == (w[1], "VB")
            return None if not base else "to " + t if w[0] == "always" else t.replace(" ", " to ", 1)
        if w[0] in ("to", "how", "that", "what", "why", "when", "never", "always", "not") or s.kind == "np":
            return t
        if s.kind == "first":
            return "that " + t
        if s.kind == "clause" and w[0] == "you" and s.tense == "present":
            return "to " + t[4:]  # "you greet everybody properly" -> "to greet everybody properly"
        if s.kind == "vp" and s.tense == "base":
            return "to " + t
        return None
    raise ValueError(f"unknown slot spec {spec!r}")


# --- qualities: "what you love about them" ---------------------------------------------------------

_DROPPED = {"so", "really", "super", "pretty", "such", "too", "just"}
_DEGREE = _DROPPED | {"very", "endlessly", "quietly", "fiercely", "incredibly", "truly", "deeply", "wildly"}
_PREDICATIVE = {"there", "here", "afraid", "unafraid", "able", "unable", "ready", "willing"}
_BE = re.compile(
    r"^(?:(?:you|he|she|they)\s+)?(?:are|is|was|were)\s+|^(?:you|he|she|they)['’](?:re|s)\s+", re.I
)


def _adjective(word: str) -> bool:
    """An adjective, not a closed-class word the lexicon tags so too ("about", "even"); "kind-hearted"."""
    w = word.lower().strip(",;")
    if w in _PREPOSITIONS or w in _ADVERBS or w in _DETERMINERS or w in _RELATIVES:
        return False
    if "-" in w:
        last = w.rsplit("-", 1)[-1]
        return (
            lex.is_adjective(last) or (last.endswith("ed") and _verb(last) is not None) or last.endswith("ed")
        )
    return lex.is_adjective(w)


def _is_adverb(word: str) -> bool:
    w = word.lower()
    return w in _FREQUENCY or w in _DEGREE or (w.endswith("ly") and not lex.is_adjective(w) and len(w) > 4)


def quality(text: str, who: Any = None, past: bool = False) -> str:
    """A quality, as typed, made a noun phrase that can follow "I love" or "I will miss".

    "your laugh" stays; "patience" is "your patience"; "kind to strangers" is "how kind you are
    to strangers"; "always late" "the way you are always late"; "makes everyone laugh" "the way
    you make everyone laugh"; "You make me brave." "the way you make me brave". `who` (pronouns
    from language.pronouns) speaks of someone else, `past` of someone who has died.
    """
    text = fix(trim_stop(str(text or "")))
    if not text:
        return ""
    they = "you" if who is None else who.they
    be = ("were" if who is None else who.were) if past else ("are" if who is None else who.are)
    poss = "your" if who is None else who.their
    _loves = r"^i (?:really |just )?(?:love|admire|adore|miss|will miss|cherish)\s+"
    text = re.sub(_loves, "", text, flags=re.I)
    if text.lower().startswith("that you "):
        text = "the way " + text[5:]
    after_be = bool(_BE.match(text))
    if after_be:
        text = _BE.sub("", text, count=1)
    text = lower_first(text)
    ws = text.split()
    lw = [w.lower().strip(",;") for w in ws]
    if not after_be:
        if lw[0] in _SUBJECTS:
            return fit(text, "npyou") or f"the way {text}"
        if lw[0] in ("a", "an") and len(ws) > 1:
            return f"what {text} {they} {be}"
        if lw[0] == "the" and len(ws) > 1 and lw[1] in ("first", "last", "one", "only", "best", "most"):
            return f"the way {they} {be} {text}"  # "the first to help"
        if lw[0] in _DETERMINERS or lw[0] in ("how", "what", "when", "whenever"):
            return text
    i = 0
    while i < len(ws) - 1 and _is_adverb(lw[i]):
        i += 1
    advs, head, rest = ws[:i], lw[i], ws[i + 1 :]
    often = any(a.lower() in _FREQUENCY for a in advs)
    if not after_be:
        v = _verb(head)
        if v and rest and v[1] in ("VB", "VBZ", "VBG") and not lex.is_adjective(head):
            if v[1] != "VB" or lw[i + 1] not in ("of", "and", "or"):
                form = (
                    lex.inflect(v[0], "VBD")
                    if past
                    else (v[0] if they in ("you", "they") else lex.inflect(v[0], "VBZ"))
                )
                return " ".join(["the way", they, *advs, form, *rest])
        if v and v[1] == "VBD" and (rest or advs):
            return f"the way {they} {text}"
    adjective = _adjective(head) or head in _PREDICATIVE
    if not adjective:
        if after_be or often:
            return f"the way {they} {be} {text}"
        return f"{poss} {text}"
    if head in _PREDICATIVE or often or (rest and lw[i + 1] in ("as", "like", "than")):
        return f"the way {they} {be} {text}"
    j = i + 1
    while j < len(ws) and (lw[j] in ("and", "or") or (_adjective(lw[j]) and not lex.is_noun(lw[j]))):
        j += 1
    while j < len(ws) and ws[j - 1].endswith(",") and _adjective(lw[j]):
        j += 1
        while j < len(ws) and (lw[j] in ("and", "or") or _adjective(lw[j])):
            j += 1  # "kind, generous and funny"
    adj_words, complement = ws[i:j], ws[j:]
    if head == "full" and complement and lw[j] == "of":
        adj_words, complement = ws[i:], []  # "how full of ideas you are"
    if complement and not ws[j - 1].endswith(",") and lw[j] not in _PREPOSITIONS and lw[j] not in _FREQUENCY:
        return f"{poss} {text}"  # "terrible puns": an adjective before its noun
    comma = "," if adj_words[-1].endswith(",") else ""
    adj = " ".join([*[a for a in advs if a.lower() not in _DROPPED], *adj_words]).rstrip(",")
    return f"how {adj} {they} {be}{comma}" + (" " + " ".join(complement) if complement else "")


# --- ages, counts and names ----------------------------------------------------------------------


@lru_cache(maxsize=1)
def _ordinal_ages() -> dict[str, int]:
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
    """A milestone as it follows "you are": "8" -> "eight", "21st" -> "twenty-one", "0" -> ""."""
    from letterwriter import language as lang

    t = trim_stop(str(text or ""))
    t = re.sub(r"^(?:you are|you['’]re)\s+", "", t, flags=re.I)
    m = _AGE_TYPED.fullmatch(t)
    if m:
        raw = m.group("n").lower()
        n: int | None = int(raw) if raw.isdigit() else (None if m.group("ord") else _ordinal_ages().get(raw))
        if n is not None:
            if n <= 0 or n > 130:
                return ""
            return lang.count(n, "year") + " old" if m.group("old") else lang.number_words(n)
    return re.sub(
        r"\b(turning|aged?)\s+(\d{1,3})\b",
        lambda g: f"{g.group(1)} {lang.number_words(int(g.group(2)))}",
        normalise(t),
        flags=re.I,
    )


def words(value: Any) -> int:
    """How many words a typed value has (a list counts all its items): lets a short note choose."""
    items = value if isinstance(value, (list, tuple)) else [value]
    return sum(len(str(i).split()) for i in items if i)


def is_me(text: str) -> bool:
    """A typed item that is the sender ("me, on my first week"): the template must not add "and me"."""
    return bool(re.match(r"(me|myself|yours truly)\b", str(text).strip(), re.I))


def names_in(values: dict[str, Any]) -> set[str]:
    """Lower-cased words of the brief's own names, which are never lowered."""
    out: set[str] = set()
    for key, v in values.items():
        if isinstance(v, str) and (key.endswith("_name") or key in _AS_TYPED):
            ws = re.findall(r"[^\W\d_]+", v)  # "Léa" is one word, not "L" and "a"
            out.update(w.lower() for w in ws if key.endswith("_name") or w[:1].isupper())
    return out


_NUMBER_WORD = re.compile(
    r"\b(One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Eleven|Twelve|Thirteen|Fourteen|Fifteen|Sixteen|"
    r"Seventeen|Eighteen|Nineteen|Twenty|Thirty|Forty|Fifty|Sixty|Seventy|Eighty|Ninety|Hundred)\b"
)
_SEASON = re.compile(
    r"\b((?:the|that|this|last|next|every|one|our|a) )(Winter|Summer|Spring|Autumn|Fall)\b", re.I
)


def normalise(value: str, keep: set[str] | frozenset[str] = frozenset()) -> str:
    """A typed phrase ready for the middle of a sentence ("Turning Eighteen." -> "turning eighteen")."""
    text = lower_first(trim_stop(value), keep)
    text = _SEASON.sub(lambda m: m.group(1) + m.group(2).lower(), text)
    return text[:1] + _NUMBER_WORD.sub(lambda m: m.group(0).lower(), text[1:])


def normalise_values(info: Any, values: dict[str, Any]) -> dict[str, Any]:
    """The brief's values as user templates see them: typed phrases normalised, names as typed.

    Bundled templates read the values as typed and fit them slot by slot (`fit`); this keeps
    the older filters (`after`, `phrase` …) of a user's own templates working as before.
    """
    from letterwriter.model import Memory

    keep = names_in(values)
    out = dict(values)
    for f in getattr(info, "fields", []):
        if f.common or f.name in _AS_TYPED or f.name.endswith("_name"):
            continue
        v = values.get(f.name)
        if f.type == "text" and isinstance(v, str) and v:
            out[f.name] = Memory.like(v, normalise(v, keep))
        elif f.type == "list" and isinstance(v, list):
            out[f.name] = [Memory.like(i, normalise(i, keep)) for i in v if str(i).strip()]
    return out


# --- the filters of older templates (a user's own may use them) ------------------------------------


def after(text: str, lead: str = "I will") -> str:
    """The value made to follow the template's own `lead` words: "I will call" -> "call"."""
    t = str(text).strip()
    if lead == "I will":
        return _base(t) or lower_first(t)
    m = re.match(rf"{re.escape(lead)}\s+", t, re.I)
    return lower_first(t[m.end() :]) if m else t


def phrase(text: str) -> str:
    """A memory as a noun phrase, to follow "I think of …": "we got lost" -> "the time we got lost"."""
    return fit(text, "event") or fit(text, "npyou") or str(text or "").strip()


def hope(text: str) -> str:
    """A typed wish as the sender says it: "I wish you a quiet year", "I hope you find work you love"."""
    t = str(text or "").strip()
    if t.lower().startswith(("i hope ", "i wish ")):
        return t
    return "I hope " + t if shape(t).kind in ("clause", "first") else "I wish you " + t


def state(text: str) -> str:
    """What I was facing said as a clause: "I was stuck…", "I was facing a cold flat…"."""
    t = trim_stop(str(text or ""))
    if not t:
        return ""
    s = shape(t)
    if s.kind in ("clause", "first"):
        return t
    return ("I was facing " if s.kind == "np" and _tokens(t)[0] in _DETERMINERS else "I was ") + t


def habit(text: str) -> str:
    """A small thing someone did, as a noun phrase: "walked me to school" -> "the way you walked me …"."""
    return fit(text, "event") or fit(text, "npyou") or str(text or "").strip()


def lead_in(text: str) -> str:
    """An introducing sentence turned into a lead-in to what follows: "… this." -> "… this:"."""
    text = str(text).rstrip()
    return text if text.endswith(":") else text.rstrip(".") + ":"


def is_scene(text: str) -> bool:
    """A memory too long or too full to sit inside one of our sentences: it is told as its own."""
    s = shape(str(text or ""))
    return s.words > MAX_INLINE_WORDS - 2 or s.kind == "sentences"


def is_told(text: str) -> bool:
    """A memory written as sentences of its own ("We got lost. It rained."), not as a phrase."""
    return shape(str(text or "")).kind in ("sentences", "clause", "first")


def is_noun_phrase(text: str) -> bool:
    """ "a long walk", "dinner at Luigi's"? A value that opens with a determiner, not a verb ("walk …")."""
    first = str(text or "").strip().split(" ", 1)[0].lower()
    return first in _DETERMINERS
