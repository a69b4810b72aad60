"""The client's typed words kept as typed, fixed only where a reader would not forgive the letter.

What is fixed: the lone lower-case "i" ("i will" -> "I will"); days, months and holidays, which
English always capitalises ("every sunday" -> "every Sunday", "at easter" -> "at Easter"); and a
detail typed about the recipient ("shes starting in january", "he fixed the roof himself"), which
the letter says to them ("you're starting in January", "you fixed the roof yourself"). What is
kept: a kiss, an emoji or "!!" at the end of a message (no full stop goes after "x"), and every
other word as typed, typos too (the grammar check offers those to the person; we never respell).
`BARE` tells typed.shape what an apostrophe-less contraction is ("im" is "I'm", "shes" is "she's").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from letterwriter import lexicon as lex

# Contractions typed without their apostrophe, as phones leave them. Only the ones that are no
# other word: "were", "well", "ill", "its", "wed", "shell", "hell" and "lets" are words themselves.
BARE = {
    "im": "i'm",
    "ive": "i've",
    "youre": "you're",
    "youve": "you've",
    "youll": "you'll",
    "youd": "you'd",
    "shes": "she's",
    "hes": "he's",
    "theyre": "they're",
    "theyve": "they've",
    "theyll": "they'll",
    "theyd": "they'd",
    "weve": "we've",
    "thats": "that's",
    "theres": "there's",
    "itll": "it'll",
    "dont": "don't",
    "doesnt": "doesn't",
    "didnt": "didn't",
    "cant": "can't",
    "wont": "won't",
    "isnt": "isn't",
    "arent": "aren't",
    "wasnt": "wasn't",
    "werent": "weren't",
    "havent": "haven't",
    "hasnt": "hasn't",
    "hadnt": "hadn't",
    "couldnt": "couldn't",
    "wouldnt": "wouldn't",
    "shouldnt": "shouldn't",
}


def fix_i(text: str) -> str:
    """The lower-case "i" people type on phones, as the word it is: "i will" -> "I will", "i'm" -> "I'm"."""
    return re.sub(r"(?<![\w'’])i(?=$|[\s,;:.!?]|['’](?:m|ve|ll|d)\b)", "I", text)


_DAYS = "monday tuesday wednesday thursday friday saturday sunday"
_MONTHS = "january february april june july august september october november december"
_HOLIDAYS = "christmas easter hanukkah diwali eid ramadan thanksgiving halloween passover"
_NAMES = "|".join(f"{_DAYS} {_MONTHS} {_HOLIDAYS}".split())
_CALENDAR = re.compile(rf"(?<![\w'’-])({_NAMES})s?(?![\w'’-])")
# "march" and "may" are verbs too: a month only beside a date word ("in march", "may 3rd").
_MARCH_MAY = re.compile(
    r"\b((?:in|since|until|till|by|of|last|next|this|early|late|mid|before|after|from) )(march|may)\b"
    r"|\b()(march|may)(?= \d)"
)
_NAMED_DAYS = re.compile(
    r"\b(?:new year(?:['’]s (?:eve|day))?|christmas (?:eve|day)|boxing day|good friday"
    r"|easter (?:sunday|monday)|mother['’]s day|father['’]s day|valentine['’]s day|bonfire night"
    r"|st patrick['’]s day)\b"
)


def _title(m: re.Match[str]) -> str:
    return re.sub(r"(?<![\w'’])[a-z]", lambda c: c.group(0).upper(), m.group(0))


@lru_cache(maxsize=4096)
def calendar_capitals(text: str) -> str:
    """Days, months and holidays typed in lower case, capitalised as English always writes them."""
    if not any(c.isalpha() and c.islower() for c in text):
        return text
    text = _NAMED_DAYS.sub(_title, text)
    text = _CALENDAR.sub(lambda m: m.group(0)[:1].upper() + m.group(0)[1:], text)
    return _MARCH_MAY.sub(lambda m: (m.group(1) or "") + (m.group(2) or m.group(4)).capitalize(), text)


def fix(text: str) -> str:
    """A typed value's only fixes: the lone "i", and the capitals of the calendar."""
    return calendar_capitals(fix_i(text))


# What a message may end with that takes no full stop after it: a kiss ("x", "xx", "xoxo"), an
# emoji, a smiley, "<3", or more than one "!" or "?" (the writer's own emphasis).
_KISS = re.compile(r"(?:^|[\s,.;:!?])(?:x+|xo(?:xo)*x?|ox+)$", re.I)
_SMILEY = re.compile(r"(?:[:;=]-?[()DPp3]|<3+|\^_?\^|[!?]{2,}|[!?]+[.!?]+)$")


def keeps_its_end(text: str) -> bool:
    """Does the typed text end in a way a full stop would spoil ("up there x", "so will we!!", "🎉")?"""
    t = text.rstrip()
    if not t:
        return False
    if _KISS.search(t) or _SMILEY.search(t):
        return True
    last = t.rstrip("\ufe0f\u200d\U0001f3fb\U0001f3fc\U0001f3fd\U0001f3fe\U0001f3ff")[-1:]
    return bool(last) and unicodedata.category(last) == "So"


# --- a detail typed about the recipient, said to them -----------------------------------------

_SUBJECT_OF = {"she": "she", "he": "he", "they": "they"}
# (typed word, lower case) -> "you" form, for each of the recipient's pronouns
_OTHER_FORMS = {
    "he": {"him": "you", "his": "your", "himself": "yourself"},
    "she": {"herself": "yourself", "hers": "yours"},
    "they": {
        "them": "you",
        "their": "your",
        "theirs": "yours",
        "themselves": "yourself",
        "themself": "yourself",
    },
}
_BE_HAVE = {"is": "are", "was": "were", "has": "have", "does": "do", "isn't": "aren't", "wasn't": "weren't",
            "isnt": "aren't", "wasnt": "weren't", "hasn't": "haven't", "hasnt": "haven't",
            "doesn't": "don't", "doesnt": "don't"}  # fmt: skip
# "shes", "theyre" (no apostrophe) or "she'll", "he'd" (with one: "shell" and "hed" are words)
_CONTRACTED_SUBJECT = re.compile(r"(she|he|they)(?:['’](s|re|ve|ll|d)|(s|re|ve))$", re.I)
_DETERMINERS = {"a", "an", "the", "this", "that", "some", "every", "each", "any", "no", "all", "my", "our"}
_ADVERBS = {"never", "always", "still", "just", "also", "even", "really", "often", "finally", "once"}


def _you_contracted(suffix: str, next_word: str) -> str:
    """ "she's starting" -> "you're", "he's done it" -> "you've", "they'll" -> "you'll"."""
    s = suffix.lower()
    if s in ("re", "ll", "d", "ve"):
        return {"re": "you're", "ll": "you'll", "d": "you'd", "ve": "you've"}[s]
    v = lex.verb(next_word.lower().replace("’", "'")) if next_word else None
    has = next_word.lower() in ("been", "got", "gotten") or (v is not None and v[1] in ("VBN", "VBD"))
    return "you've" if has and not (v and v[1] == "VBG") else "you're"


def _you_verb(word: str) -> str:
    low = word.lower()
    if low in _BE_HAVE:
        return _BE_HAVE[low]
    v = lex.verb(low.replace("’", "'"))
    return v[0] if v and v[1] == "VBZ" else word


def to_you(value: Any, they: str) -> Any:
    """A detail typed about the person ("she cooked for the whole street") said to them: "you cooked …".

    Only when it begins with the recipient's own pronoun ("shes", "he's" and "theyve" too): then
    that pronoun's other forms in it are theirs as well ("his grandchildren" -> "your
    grandchildren", "himself" -> "yourself"). The rest is the client's. A memory keeps its meaning.
    """
    text = str(value or "")
    if not they or they == "you" or they not in _SUBJECT_OF:
        return value
    m = re.match(r"(\S+)(\s+)(\S+)?", text)
    if not m:
        return value
    head, nxt = m.group(1), m.group(3) or ""
    c = _CONTRACTED_SUBJECT.fullmatch(head.rstrip(",")) if head.lower() != they else None
    if head.lower() == they:
        out = "you" + m.group(2) + _you_verb(nxt) + text[m.end(3) if m.group(3) else m.end(2) :]
    elif c and c.group(1).lower() == they:
        out = _you_contracted(c.group(2) or c.group(3), nxt) + text[len(head) :]
    else:
        return value
    out = _other_forms(out, they)
    if head[:1].isupper():
        out = "Y" + out[1:]
    from letterwriter.model import Memory

    return Memory.like(value, out)


def _other_forms(text: str, they: str) -> str:
    forms = _OTHER_FORMS[they]
    words = re.split(r"(\s+)", text)
    for i in range(2, len(words), 2):
        w = words[i]
        core = w.strip(",.;:!?")
        low = core.lower()
        new = None
        if low in forms:
            new = forms[low]
        elif they == "she" and low == "her":
            after = words[i + 2].strip(",.;:!?").lower() if i + 2 < len(words) else ""
            noun = lex.is_noun(after) or lex.is_adjective(after)
            owner = w == core and after not in _DETERMINERS and noun
            new = "your" if owner else "you"
        elif low == they and words[i - 2].lower().strip(",") in ("and", "but", "so", "because", "when"):
            new = "you"
            j = i + 2
            while j < len(words) and words[j].lower() in _ADVERBS:
                j += 2
            if j < len(words):
                words[j] = _you_verb(words[j])
        if new:
            words[i] = w.replace(core, new)
    return "".join(words)
