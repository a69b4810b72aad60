"""Which lower-case words a client typed are proper names, told by the words around them.

People type "aunt carols house in fishtown" and "the winter dad left". A word is given its
capital only where English grammar or the brief says it is a name, never because it might be one:
- a town of the gazetteer (GeoNames, through the lexicon) after a word of place ("in salford");
- the name after a title of kin ("aunt carol", "uncle bernies place") or a saint ("st marys");
- a street: a word before road, lane, street... with no article ("on elm road");
- kin said as a name, with no "my" or adjective before it ("the year dad left", "told mum");
- a relation's name that is no English word ("my daughter anya");
- a word the brief itself capitalises elsewhere (tidying.brief_names): everywhere when it is no
  English word, and only beside the word it was typed beside when it is one ("the Crown").
What cannot be told ("the harvester", "united", "a dog called biscuit" without "named") stays as
typed: the grammar check offers it to the person. Names are capitalised, never respelt.
"""

from __future__ import annotations

import re
from functools import lru_cache

from letterwriter import lexicon as lex

_LOCATIVE = {"in", "at", "to", "from", "near", "outside", "around", "round", "through", "across", "into"}
_KIN_TITLES = {
    "aunt", "auntie", "aunty", "uncle", "cousin", "nan", "nana", "nanna", "gran", "granny", "grandma",
    "grandpa", "grandad", "granddad", "grandmother", "grandfather",
}  # fmt: skip
# kin words that are also what the person is called ("Mum said", "ask Dad")
_KIN_NAMES = {
    "mum", "mom", "mam", "mummy", "mommy", "dad", "daddy", "nan", "nana", "nanna", "gran", "granny",
    "grandma", "grandpa", "grandad", "granddad", "mama", "papa",
}  # fmt: skip
# family words used as names ("Mum was ill"): known in lower case, capitalised by the person (typed.py)
KIN = (_KIN_NAMES | _KIN_TITLES | {"pa", "ma"}) - {"cousin"}
_RELATIONS = {
    "daughter", "son", "sister", "brother", "wife", "husband", "niece", "nephew", "cousin", "friend",
    "boyfriend", "girlfriend", "partner", "grandson", "granddaughter", "stepson", "stepdaughter",
}  # fmt: skip
# a street, or a house or farm with a name ("at rose cottage"): no article, so a name
_STREETS = {"road", "street", "avenue", "lane", "crescent", "terrace", "boulevard", "cottage", "farm"}
_ALONG = _LOCATIVE | {"on", "off", "down", "up", "along"}
_OWNED = {"house", "place", "flat", "home", "garden", "kitchen", "farm", "shop", "caravan"}
# words that make the next one a common noun ("my dad", "the road", "every street")
_DETERMINERS = {
    "a", "an", "the", "my", "our", "your", "his", "her", "their", "its", "this", "that", "these", "those",
    "some", "any", "every", "each", "no", "one", "another", "other", "same", "whose", "which", "what",
}  # fmt: skip
# a time a kin word may follow as the subject of a clause ("the winter dad left")
_TIMES = {"day", "night", "week", "year", "summer", "winter", "spring", "autumn", "fall", "morning", "time"}
# typed words a gazetteer also lists as towns
_NOT_PLACES = {"hun", "boo", "nan", "pa", "alot", "lol", "bae", "fam"}
_TOKEN = re.compile(r"[^\W\d_][\w'’&-]*|\d+|[^\w\s]|\s+")


def _english(word: str) -> bool:
    """A word English writes in lower case, the closed classes the lexicon leaves out too ("who")."""
    return lex.is_word(word) or _common(word)


def _common(word: str) -> bool:
    """An ordinary word even where the lexicon also knows it as a name ("who", "said"; not "carol")."""
    from letterwriter import typed  # typed reads edges, which reads this module

    return typed.is_common_word(word)


def _name_like(word: str) -> bool:
    """A word that may be a person's name: a known name, or no English word; never "who" or "said"."""
    return len(word) > 2 and not _common(word) and (lex.is_name(word) or not lex.is_word(word))


def _named(word: str, after: str) -> str | None:
    """ "carol" -> "Carol", "carols" before "house" -> "Carol's": the name a title or saint stands before."""
    low = word.lower().replace("’", "'")
    if low.endswith("'s") and _name_like(low[:-2]):
        return low[:-2].capitalize() + "'s"
    if low.endswith("s") and not lex.is_name(low) and lex.is_name(low[:-1]) and lex.is_noun(after):
        return low[:-1].capitalize() + "'s"  # "uncle bernies place": the owner's apostrophe
    return low.capitalize() if _name_like(low) else None


def _kin_as_name(prev: str, prev2: str, nxt: str) -> bool:
    """ "the year dad left", "we told mum", "ask dad": kin said as a name, not "my dad", "single mum"."""
    if prev in _DETERMINERS or prev2 in _DETERMINERS - {"the", "that"} or prev in _KIN_TITLES:
        return False
    if prev and prev not in _TIMES and (lex.is_adjective(prev) or lex.is_noun(prev)) and prev != "and":
        return False
    if prev in _TIMES and prev2 not in ("the", "that"):
        return False
    if not nxt or nxt in (",", ".", ";", "!", "?", "and", "or", "but", "would", "will", "was", "is", "had"):
        return True
    v = lex.verb(nxt)
    plural_noun = nxt.endswith("s") and lex.is_noun(nxt)  # "dad jokes"
    return v is not None and v[1] in ("VBD", "VBZ") and not plural_noun


def capitalise(text: str, learned: dict[str, str] | None = None, names: dict[str, str] | None = None) -> str:
    """The typed text with the proper names its words show (see the module's opening), the rest as typed.

    A person's name found after a title ("aunt rosalind") goes into `learned` (guarded, as
    "* rosalind" when it is also an English word), so other fields write it so too. The brief's
    phrases in `names` ("red lion" -> "Red Lion") are written as the brief spells them."""
    out, found = capitalised(text, brief_phrases(names))
    if learned is not None:
        for low, name in found:
            learned.setdefault(low, name)
    return out


def brief_phrases(names: dict[str, str] | None) -> tuple[tuple[str, str], ...]:
    """The brief's names of more than one word ("red lion" -> "Red Lion"), as capitalised takes them."""
    return tuple(sorted((k, v) for k, v in (names or {}).items() if " " in k and not k.startswith("* ")))


@lru_cache(maxsize=8192)
def capitalised(
    text: str, phrases: tuple[tuple[str, str], ...] = ()
) -> tuple[str, tuple[tuple[str, str], ...]]:
    """capitalise's answer for a text and the brief's phrases, kept (one render asks it of the same
    words dozens of times): the text, and the names it found by their context."""
    found: dict[str, str] = {}
    learned = found  # what _learn fills
    for key, spelt in phrases:
        if key in text:
            text = re.sub(rf"(?<![\w'’]){re.escape(key)}(?![\w'’])", spelt, text)
    toks = _TOKEN.findall(text)
    idx = [i for i, t in enumerate(toks) if not t.isspace()]
    out = list(toks)

    def at(k: int) -> str:
        return toks[idx[k]].lower() if 0 <= k < len(idx) else ""

    def _past_adverbs(k: int) -> str:
        while at(k) in ("always", "never", "still", "just", "really", "once", "often", "even", "finally"):
            k += 1
        return at(k)

    def cap(k: int, new: str | None = None) -> None:
        i = idx[k]
        if out[i] == toks[i] and toks[i].islower():
            out[i] = new or toks[i].capitalize()

    for k, i in enumerate(idx):
        t = toks[i]
        if not t.islower() or not t[:1].isalpha():
            continue
        low, prev, prev2, nxt = t.replace("’", "'"), at(k - 1), at(k - 2), at(k + 1)
        if low in _KIN_TITLES and nxt[:1].isalpha() and (name := _named(nxt, at(k + 2))):
            if not (nxt in _KIN_TITLES or lex.verb(nxt) is not None and not lex.is_name(nxt.rstrip("s"))):
                cap(k + 1, name)
                if prev not in _DETERMINERS:
                    cap(k)
                _learn(learned, name)
        elif low in ("st", "saint") and nxt[:1].isalpha():
            bare = nxt.removesuffix("'s")
            if lex.is_name(bare) or bare.endswith("s") and lex.is_name(bare[:-1]):
                cap(k)  # "st marys": Saint Mary's (church, school, hospital); "st thomas" is his name
                owner = bare != nxt or not lex.is_name(bare)
                cap(k + 1, (bare[:-1] if not lex.is_name(bare) else bare).capitalize() + "'s" * owner)
        elif low in _STREETS and prev[:1].isalpha() and prev not in _DETERMINERS and k >= 1:
            if prev2 in _ALONG or prev2.isdigit() or not lex.is_word(prev):
                v = lex.verb(prev)
                if prev not in _STREETS | _LOCATIVE and (v is None or v[1] == "VB" or lex.is_noun(prev)):
                    cap(k - 1)
                    cap(k)
        elif low in _KIN_NAMES and prev in ("and", "or") and prev2 in _KIN_NAMES:
            if out[idx[k - 2]][:1].isupper():
                cap(k)  # "mum and dad" as one: "my mum and dad", "with Mum and Dad"
        elif low.rstrip("s").removesuffix("'") in _KIN_NAMES and _kin_as_name(
            prev, prev2, _past_adverbs(k + 1)
        ):
            if low in _KIN_NAMES or low.endswith("'s"):
                cap(k)
        elif low[:-1] in _KIN_NAMES and low[-1] == "s" and prev not in _DETERMINERS | _KIN_TITLES:
            if lex.is_noun(nxt) or lex.is_adjective(nxt):
                cap(k, low[:-1].capitalize() + "'s")  # "keep grandads old pen": Grandad's
        elif low in _RELATIONS and prev in ("my", "our", "your", "his", "her", "their"):
            if nxt[:1].isalpha() and len(nxt) > 2 and not _english(nxt) and nxt not in _NOT_PLACES:
                cap(k + 1)
                _learn(learned, nxt.capitalize())
        elif prev in _LOCATIVE and len(low) > 3 and low not in _NOT_PLACES and lex.is_place(low):
            if not _english(low):
                cap(k)
        elif low.endswith("s") and nxt in _OWNED and prev not in _DETERMINERS and len(low) > 4:
            stem = low[:-1]
            if not _english(low) and stem in _KIN_OWNED:
                cap(k, stem.capitalize() + "'s")  # "at nanis house": the grandmother's
    return "".join(out), tuple(found.items())


# words for a grandparent in the languages British and American families speak at home
_KIN_OWNED = {"nani", "nana", "dadi", "nonna", "nonno", "abuela", "abuelo", "oma", "opa", "bubbe", "zayde"}
_KIN_OWNED |= {"babcia", "yaya", "lola", "lolo", "bibi", "nanny", "grandma", "grandpa", "mamaw", "papaw"}


def _learn(learned: dict[str, str] | None, name: str) -> None:
    if learned is None or not name[:1].isupper():
        return
    bare = name.removesuffix("'s")
    if not bare.isalpha():
        return
    low = bare.lower()
    learned.setdefault(f"* {low}" if lex.is_word(low) else low, bare)


def in_context(low: str, prev: str, names: dict[str, str]) -> str | None:
    """A name of the brief's that is also an English word, where the word before it lets it be a
    name: "carol" when "aunt carol" was typed, but not after "a" or an adjective ("a carol")."""
    guarded = names.get(f"* {low}") if names else None
    if guarded is None or prev in _DETERMINERS:
        return None
    if prev and prev != "and" and (lex.is_noun(prev) or lex.is_adjective(prev)) and lex.verb(prev) is None:
        return None
    return guarded


def typed_capitals(texts: list[str]) -> dict[str, str]:
    """Words a brief types with a capital inside a sentence ("in Fishtown", "at the Red Lion", "at
    the Crown"): a word that is no English word -> everywhere; a run of capitalised words -> that
    run ("red lion"); one English word -> beside the word typed before it ("the crown")."""
    out: dict[str, str] = {}
    for text in texts:
        for low, spelt in _capitals_in(text):
            out.setdefault(low, spelt)
    return out


@lru_cache(maxsize=4096)
def _capitals_in(text: str) -> tuple[tuple[str, str], ...]:
    """One text's capitalised words and runs (typed_capitals), kept: a render asks for each field."""
    out: dict[str, str] = {}
    toks = [t for t in _TOKEN.findall(text) if not t.isspace()]
    k = 0
    while k < len(toks):
        run = k
        while run < len(toks) and _capitalised(toks[run]) and toks[run].lower() not in _CALENDAR:
            run += 1
        start = k == 0 or toks[k - 1] in (".", "!", "?", ":", '"', "“")
        if run == k or start:
            k = max(run, k + 1)
            continue
        words = toks[k:run]
        low = " ".join(words).lower()
        if len(words) > 1:
            out.setdefault(low, " ".join(words))
        elif not lex.is_word(low) and len(low) > 2:
            out.setdefault(low, words[0])
        elif toks[k - 1][:1].isalpha():
            out.setdefault(f"{toks[k - 1].lower()} {low}", f"{toks[k - 1]} {words[0]}")
        k = run
    return tuple(out.items())


def _capitalised(t: str) -> bool:
    return t[:1].isupper() and t[1:].islower() and t.isalpha() and t != "I"


_CALENDAR = set(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june "
    "july august september october november december christmas easter".split()
)
