"""Applying a fix the person chose: in the letter's text (the other issues keep exact offsets,
in code points and UTF-16), or back in the brief field the words came from.

language-tool-python's `correct()` is not used here: it applies the first suggestion of
every match at once, and slices by a length in UTF-16 units (docs/grammar.md, gap 3).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from letterwriter.issue import Issue, utf16_len


def apply_fix(text: str, issues: list[Issue], issue: Issue, replacement: str) -> tuple[str, list[Issue]]:
    """The text with one issue fixed, and the other issues with offsets still right.

    Issues overlapping the fixed span are dropped (their words changed); those after it move.
    """
    start, end = issue.offset, issue.offset + issue.length
    new_text = text[:start] + replacement + text[end:]
    delta = len(replacement) - issue.length
    delta16 = utf16_len(replacement) - issue.utf16_length
    remaining = []
    for other in issues:
        if other is issue:
            continue
        o_start, o_end = other.offset, other.offset + other.length
        if o_end <= start:
            remaining.append(other)
        elif o_start >= end:
            remaining.append(
                replace(other, offset=o_start + delta, utf16_offset=other.utf16_offset + delta16)
            )
    return new_text, remaining


def fix_in_field(values: dict[str, Any], issue: Issue, text: str, replacement: str) -> dict[str, Any] | None:
    """A fix for a typed word goes back into the brief field it came from; None if it cannot."""
    if issue.source != "field" or not issue.field:
        return None
    wrong = issue.word(text)
    value = values.get(issue.field)
    new_values = dict(values)
    if isinstance(value, str) and wrong in value:
        new_values[issue.field] = value.replace(wrong, replacement, 1)
        return new_values
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, str) and wrong in item:
                items = list(value)
                items[i] = item.replace(wrong, replacement, 1)
                new_values[issue.field] = items
                return new_values
    return None
