"""Where a fix lands in the brief: the flagged word, in the field value it came from (Qt-free)."""

from __future__ import annotations

import re
from typing import Any

_WORD_CHARS = re.compile(r"\w", re.UNICODE)


def fix_in_value(value: Any, text: str, issue, replacement: str) -> Any:
    """The field value with exactly the flagged occurrence replaced; None when it cannot be found.

    The letter may show a value slightly changed (a capital, a dropped full stop), so the
    occurrence is found by counting: the flagged word is the k-th such word of the span the
    value fills in the letter, and the k-th occurrence in the value is replaced.
    """
    from letterwriter.grammar import field_spans

    wrong = issue.word(text)
    if not wrong:
        return None
    items = value if isinstance(value, list) else [value]
    for span_start, span_end, _name in field_spans(text, {issue.field: value}):
        if not (span_start <= issue.offset < span_end):
            continue
        shown = text[span_start:span_end]
        k = _occurrences(shown, wrong, issue.offset - span_start)
        for idx, item in enumerate(items):
            if not isinstance(item, str):
                continue
            if shown.lower() not in item.lower() and item.lower().strip().rstrip(".!?") not in shown.lower():
                continue
            pos = _nth(item, wrong, k)
            if pos is None:
                continue
            fixed = item[:pos] + replacement + item[pos + len(wrong) :]
            if isinstance(value, list):
                out = list(value)
                out[idx] = fixed
                return out
            return fixed
    return None


def _bounded(text: str, start: int, length: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[start + length] if start + length < len(text) else " "
    return not (_WORD_CHARS.match(before) or _WORD_CHARS.match(after))


def _occurrences(text: str, word: str, upto: int) -> int:
    """How many whole-word occurrences of `word` start before `upto` in `text`."""
    n, i = 0, text.find(word)
    while 0 <= i < upto:
        if _bounded(text, i, len(word)):
            n += 1
        i = text.find(word, i + 1)
    return n


def _nth(text: str, word: str, k: int) -> int | None:
    n, i = 0, text.find(word)
    while i >= 0:
        if _bounded(text, i, len(word)):
            if n == k:
                return i
            n += 1
        i = text.find(word, i + 1)
    return None
