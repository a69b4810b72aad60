"""Finds the seams a reader notices at once in a rendered letter (LETTERS.md, 'Seams')."""

from __future__ import annotations

import re

import inflect

_inflect = inflect.engine()

_PATTERNS = [
    (re.compile(r"\{\{|\}\}|\{%|%\}|\{#"), "leftover template syntax"),
    (re.compile(r"\bNone\b(?!\s+of\b)|\bnull\b|\bundefined\b"), "a missing value printed"),
    (re.compile(r"  "), "a double space"),
    (re.compile(r" [,.;:!?]"), "a space before punctuation"),
    (re.compile(r"[,;:]\s*[,.;:]|(?<!\.)\.\.(?!\.)|!\.|\?\."), "doubled punctuation"),
    (re.compile(r"\b(\w+) \1\b", re.I), "a doubled word"),
    (
        re.compile(r"\b1 \w+s\b|(?<!-)(?<!and )\bone (year|month|week|day|decade)s\b", re.I),
        "a plural after one",  # "a hundred and one years" is right
    ),
    (re.compile(r"\b\d{4}-\d{2}-\d{2}\b"), "an ISO date in prose"),
    (re.compile(r"(?:^|[.!?] )[a-z]", re.M), "a sentence starting in lower case"),
    (re.compile(r"Dear ,|Dear\s*$|, ,|\(\s*\)|“\s*”|\"\s*\""), "an empty slot"),
    (re.compile(r"\b(and|or), (and|or)\b|, and,"), "a list joined wrongly"),
    (re.compile(r"\bDear [a-z]"), "a salutation in lower case"),
]

_ARTICLE = re.compile(r"\b(a|an) ([A-Za-zÀ-ÿ][\w’'-]*)")
# Words whose article inflect and a careful writer may disagree on are skipped.
_ARTICLE_SKIP = {"one", "once", "uni", "unique", "url", "us"}


def find_seams(text: str) -> list[str]:
    problems = []
    for pattern, what in _PATTERNS:
        m = pattern.search(text)
        if m:
            start = max(m.start() - 30, 0)
            problems.append(f"{what}: …{text[start : m.end() + 30]!r}…")
    for m in _ARTICLE.finditer(text):
        article, word = m.group(1), m.group(2)
        if word.lower() in _ARTICLE_SKIP:
            continue
        expected = _inflect.a(word).split(" ", 1)[0].lower()
        if article.lower() != expected:
            problems.append(f"wrong article: {m.group(0)!r}")
    return problems
