"""The template's own words in the letter's voice: contracted when the tone is light, and never one
word family leaned on a third time.

People contract when they write warmly or lightly ("I'm", "don't", "it's") and not when they write
formally; the templates are written uncontracted and `contract` makes them so for playful and
tender letters (never the client's words: those are as typed). `families` names the content words
a reader hears repeated ("We wanted… We wanted… We wanted", "This year, I wish you a year",
"Thank you, with all my love." above "With all my love,"): wording.say prefers a wording that does
not bring back a family already said twice, or one already in its own slot.
"""

from __future__ import annotations

import re
from functools import lru_cache

from letterwriter import lexicon as lex

# "X is" and "X are" contract only before the words that can follow them inside a clause, never
# at its end ("how lucky you are.") or before a preposition ("what you are to me").
_NOT_AFTER_BE = set(
    """to for in at with about of on from by as than like that who which what where when how if
    and or but because""".split()
)
_NOT_AFTER_AM = {"to", "for", "with", "about", "of", "as", "than", "like"}
_PAIRS = [
    (r"\b(I) am\b", r"\1'm"),
    (r"\b([Ww]e|[Yy]ou|[Tt]hey) are\b", r"\1're"),
    (r"\b([Ii]t|[Tt]hat|[Tt]here|[Hh]ere|[Ww]hat) is\b", r"\1's"),
    (r"\b(I|[Ww]e|[Yy]ou) will\b", r"\1'll"),
    (r"\b(I|[Ww]e) would\b", r"\1'd"),
    (r"\b([Ll]et) us\b", r"\1's"),
]
_NOTS = {
    "do not": "don't",
    "does not": "doesn't",
    "did not": "didn't",
    "is not": "isn't",
    "are not": "aren't",
    "was not": "wasn't",
    "were not": "weren't",
    "have not": "haven't",
    "has not": "hasn't",
    "had not": "hadn't",
    "will not": "won't",
    "would not": "wouldn't",
    "could not": "couldn't",
    "should not": "shouldn't",
    "cannot": "can't",
}
_NOT = re.compile(r"\b(" + "|".join(_NOTS) + r")\b", re.I)
_PAIR = [(re.compile(p + r"(?= ([\w'’]+))"), r) for p, r in _PAIRS]
_HAVE = re.compile(r"\b(I|[Ww]e|[Yy]ou|[Tt]hey) have(?= ([\w'’]+))")


def _keep_case(old: str, new: str) -> str:
    return new[:1].upper() + new[1:] if old[:1].isupper() else new


@lru_cache(maxsize=8192)
def contract(text: str) -> str:
    """ "I am glad" -> "I'm glad", "do not be a stranger" -> "don't be a stranger" (frame text only)."""
    text = _NOT.sub(lambda m: _keep_case(m.group(0), _NOTS[m.group(0).lower()]), text)
    for pattern, repl in _PAIR:
        # "you are to me" ends a clause; "I'm in no hurry", "it's how I'll remember her" do not
        be = _NOT_AFTER_BE if repl.endswith("'re") else _NOT_AFTER_AM if repl.endswith(("'m", "'s")) else ()
        if "us" in pattern.pattern:
            be = ()

        def one(m: re.Match[str], r: str = repl, be=be) -> str:
            return m.group(0) if m.group(2).lower() in be else m.expand(r)

        text = pattern.sub(one, text)

    def have(m: re.Match[str]) -> str:
        nxt = m.group(2).lower()
        v = lex.verb(nxt)
        participle = v is not None and lex.inflect(v[0], "VBN") == nxt and not lex.is_noun(nxt)
        if nxt in ("been", "got", "not") or participle:
            return m.group(1) + "'ve"
        return m.group(0)  # "I have a few things to say" stays

    return _HAVE.sub(have, text)


# Content words a reader hears when they come back: each word to its family.
_FAMILY_WORDS = {
    "want": "want wants wanted wanting",
    "thank": "thank thanks thanked thankful",
    "year": "year years",
    "love": "love loved loves loving",
    "wish": "wish wishes wished",
    "miss": "miss missed misses missing",
    "remember": "remember remembered remembering",
    "forget": "forget forgot forgotten",
    "write": "write writes writing written wrote letter",
    "proper": "proper properly",
    "glad": "glad",
    "sorry": "sorry",
    "heart": "heart hearts",
    "regard": "regard regards",
    "moment": "moment moments",
    "sympathy": "sympathy",
    "warm": "warm warmly warmest",
    "proud": "proud",
    "notice": "notice noticed",
    "small": "small",
    "paper": "paper",
    "record": "record",
    "ask": "ask asks asked asking",
    "next": "next",
    "reply": "reply replies replying answer respond",
}
_FAMILY = {w: fam for fam, words in _FAMILY_WORDS.items() for w in words.split()}
_WORD = re.compile(r"[A-Za-z]+")


# Said in a phrase, not a word: a toast ("here's to the next ten") and "write back" (a reply).
_PHRASES = {
    "toast": re.compile(r"\b(?:here['’]?s|here is|cheers) to\b", re.I),
    "reply": re.compile(r"\b(?:write|writing|get|call) (?:me )?back\b", re.I),
}
# What a closing line says that the client's own last words may say already: theirs stays.
CLOSING_THEMES = frozenset({"toast", "reply", "thank"})


@lru_cache(maxsize=8192)
def families(text: str) -> frozenset[str]:
    """The word families a text uses ("We wanted to thank you" -> {"want", "thank"}), a toast and
    a reply too ("Here is to the next one" -> {"toast", "next"})."""
    words = {_FAMILY[w] for w in (m.group(0).lower() for m in _WORD.finditer(text)) if w in _FAMILY}
    return frozenset(words | {name for name, p in _PHRASES.items() if p.search(text)})
