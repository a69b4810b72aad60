"""The letter's own words: names, nicknames and places from the brief are not typos."""

from __future__ import annotations

import re
from typing import Any

from letterwriter.issue import Issue

_WORD = re.compile(r"[^\W\d_][\w’'-]*", re.UNICODE)
_NAME_FIELD = re.compile(r"(^|_)(name|names|nickname|place|places|city|town)$")
_POSSESSIVE = re.compile(r"[’']s$")


def accepted_words_from(values: dict[str, Any]) -> set[str]:
    """The brief's own words that are not mistakes: every word of name, nickname and place
    fields, and capitalised words anywhere (names and places inside a memory).

    A lower-case word in a memory or message is still checked: "the nite we danced" is a
    typo worth catching, and its provenance sends the fix to that field.
    """
    words: set[str] = set()
    for key, value in values.items():
        items = value if isinstance(value, list) else [value]
        whole = bool(_NAME_FIELD.search(key))
        for item in items:
            if not isinstance(item, str):
                continue
            for w in _WORD.findall(item):
                if whole or w[:1].isupper():
                    words.add(w.lower())
                    words.add(_POSSESSIVE.sub("", w).lower())
    return words


def drop_accepted(issues: list[Issue], text: str, accepted: set[str]) -> list[Issue]:
    """The issues less spelling ones whose words (or all of whose words) are accepted."""
    if not accepted:
        return issues
    kept = []
    for issue in issues:
        if issue.kind == "spelling":
            span = issue.word(text).strip("’'")
            bare = _POSSESSIVE.sub("", span).lower()
            if (
                span.lower() in accepted
                or bare in accepted
                or all(w.lower() in accepted for w in _WORD.findall(span))
            ):
                continue
        kept.append(issue)
    return kept
