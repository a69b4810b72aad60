"""Names in a book for others to read: every name the client's file and briefs hold, replaced consistently.

What counts as a name: the client's, each person's name, full name and pet name, the places
in their file and in the briefs, every value of a brief's name fields, and the names inside
memories, other typed text and the letters themselves (a capitalised word that is no
ordinary word: "Aunt Nora's in Kinsale" gives Nora and Kinsale). Each name is replaced word
by word, so "Tobias Byrne", "Tobias" and "Byrne's" read "T. B.", "T." and "B.'s" wherever
they stand; a chosen pseudonym ("Tobias=Tom") wins over the initial, and may be a whole
phrase ("the cottage at Spiddal=the cottage"). Matching is by the name's own capitals
(Tobias, TOBIAS), never a lower-case word: "will" stays when a Will is replaced. Qt-free.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from letterwriter.typed import is_common_word, is_lower_word

# Capitalised words that are no one's name: kin words, months and days, the feasts letters
# mention; replacing them would tell nothing and make the prose odd ("at C." for Christmas).
NOT_NAMES = frozenset(
    """
    i mum mom mam mummy mommy dad daddy papa mama pa ma grandma grandpa granny grandad granddad
    nan nana nanna gran grandmother grandfather auntie aunty uncle aunt sir madam mr mrs ms miss dr st
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    christmas easter thanksgiving halloween hanukkah passover ramadan eid diwali new year
    valentine valentine's god lord heaven
    """.split()
)
# Brief fields whose whole value is a name or a place, whatever its capitals.
NAME_FIELDS = ("_name", "place", "places", "school", "employer", "home_place", "distance_place")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)


_SENTENCE_END = re.compile(r"(?:^|[.!?…:;\"“‘(\n—-])\s*$")


def _is_name_word(word: str, whole_value: bool, first: bool) -> bool:
    if not word[:1].isupper() or word.lower() in NOT_NAMES:
        return False
    if whole_value:
        return True
    # a sentence's first word is capitalised anyway: a name only if no one writes it in lower
    # case ("More than success…" is no Thomas More); inside a sentence a capital says "name"
    return not is_lower_word(word) if first else not is_common_word(word)


def name_words(text: str, *, whole_value: bool = False) -> list[str]:
    """The words of `text` that are names: all capitalised words of a name field, else the uncommon ones."""
    out = []
    text = text or ""
    for m in _WORD.finditer(text):
        word = re.sub(r"['’]s$", "", m.group(0))  # Nora's is Nora
        first = bool(_SENTENCE_END.search(text[max(0, m.start() - 4) : m.start()]))
        if word and _is_name_word(word, whole_value, first):
            out.append(word)
    return out


def _texts(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)


def brief_names(brief: Mapping[str, Any]) -> set[str]:
    """Names a letter's brief holds: its name and place fields whole, the names inside its other text."""
    found: set[str] = set()
    for key, value in (brief or {}).items():
        whole = key.endswith(NAME_FIELDS) or key in NAME_FIELDS
        for text in _texts(value):
            found.update(name_words(text, whole_value=whole))
    return found


def file_names(client: Any, people: Iterable[Any]) -> set[str]:
    """Names in a client's file: theirs, each person's names and places, the names in their memories."""
    found = set(name_words(client.name, whole_value=True))
    for p in people:
        for whole in (p.name, p.full_name, p.pet_name, *p.places):
            found.update(name_words(whole, whole_value=True))
        for m in p.memories:
            found.update(name_words(m.text))
    return found


def initial(word: str) -> str:
    """A name's initial: "Tobias" -> "T.", "Łukasz" -> "Ł.", "O'Brien" -> "O."."""
    return word[:1].upper() + "."


class Pseudonyms:
    """Names replaced, the same way everywhere: initials unless a pseudonym was chosen.

    `names` are single words (see `name_words`); `chosen` maps a name or a phrase to what
    stands for it. Apply it to every text a reader can see: the letters, headings, title,
    metadata, bookmarks.
    """

    def __init__(self, names: Iterable[str], chosen: Mapping[str, str] | None = None) -> None:
        self.replacements: dict[str, str] = {}
        for name in sorted(set(names)):
            self.replacements[name] = initial(name)
        for name, other in (chosen or {}).items():
            name = " ".join(name.split())
            if name:
                self.replacements[name] = " ".join(other.split())
        self._pattern = self._compile()

    def _compile(self) -> re.Pattern[str] | None:
        forms: dict[str, str] = {}
        for name, other in self.replacements.items():
            forms[name] = other
            forms.setdefault(name.upper(), other.upper())
        self._forms = forms
        if not forms:
            return None
        # longest first, so a chosen phrase wins over its words; spaces in a phrase match any run
        alternatives = sorted(forms, key=len, reverse=True)
        body = "|".join(r"\s+".join(map(re.escape, k.split())) for k in alternatives)
        # a full stop right after a name is taken with it: "T." must not read "T.."
        return re.compile(rf"(?<![\w’'])(?:{body})(?![\w])(\.(?!\.))?", re.UNICODE)

    def __bool__(self) -> bool:
        return bool(self.replacements)

    def apply(self, text: str) -> str:
        """`text` with every name replaced; "T." before a full stop does not double it."""
        if not text or self._pattern is None:
            return text

        def swap(m: re.Match[str]) -> str:
            stop = m.group(1) or ""
            key = " ".join(m.group(0)[: len(m.group(0)) - len(stop)].split())
            other = self._forms.get(key) or self._forms.get(key.upper(), key)
            return other if stop and other.endswith(".") else other + stop

        return self._pattern.sub(swap, text)

    def originals(self) -> list[str]:
        """Every name this replaces (for checking a finished book: none of them may be left)."""
        return sorted(self.replacements)
