"""Applying the fix the person chose to the letter's text: the other issues keep exact
offsets, in code points and UTF-16.

language-tool-python's `correct()` is not used here: it applies the first suggestion of
every match at once, and slices by a length in UTF-16 units (docs/grammar.md, gap 3).
"""

from __future__ import annotations

from dataclasses import replace

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
