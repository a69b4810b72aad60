"""Where an issue's words come from in a rendered letter: a brief field (by name) or the
template's own text, so a fix can go back to the field it came from."""

from __future__ import annotations

import re
from typing import Any

from letterwriter.issue import Issue


def field_spans(text: str, values: dict[str, Any]) -> list[tuple[int, int, str]]:
    """Where each typed value appears in the rendered letter (longest values first)."""
    from letterwriter.language import clause

    candidates: list[tuple[str, str]] = []
    for name, value in values.items():
        items = value if isinstance(value, list) else [value]
        items = [*items, *(getattr(i, "meaning", "") for i in items)]  # a memory's meaning is the field's too
        for item in items:
            if isinstance(item, str) and len(item.strip()) >= 2:
                # the letter may have said the first word to them ("shes starting" -> "you're
                # starting", edges.to_you): the rest is still theirs
                tail = clause(item).split(" ", 1)[1] if clause(item).count(" ") >= 3 else ""
                for form in {item.strip(), clause(item), item.strip().rstrip(".!?"), tail, *_tidied(item)}:
                    if len(form) >= 2:
                        candidates.append((form, name))
    candidates.sort(key=lambda c: -len(c[0]))
    spans: list[tuple[int, int, str]] = []
    lowered = text.lower()
    for form, name in candidates:
        needle = form.lower()
        start = 0
        while True:
            i = lowered.find(needle, start)
            if i < 0:
                break
            end = i + len(needle)
            if not any(a <= i < b or a < end <= b for a, b, _ in spans):
                spans.append((i, end, name))
            start = end
    return sorted(spans)


def attach_provenance(issues: list[Issue], text: str, values: dict[str, Any]) -> None:
    spans = field_spans(text, values)
    for issue in issues:
        a, b = issue.offset, issue.offset + max(issue.length, 1)
        for s, e, name in spans:
            if a < e and b > s:
                issue.source, issue.field = "field", name
                break
        else:
            issue.source, issue.field = "template", ""


def _tidied(item: str) -> list[str]:
    """The value as the letter tells it (tidying.tidy_values): its phone typing tidied and said to
    the recipient, in the pieces a comma splice was parted into."""
    from letterwriter import edges

    raw = edges.raw_typing(item)
    forms = {raw, *(str(edges.say_to_them(raw, they)) for they in ("she", "he"))}
    pieces = [p.strip().rstrip(".!?") for f in forms for p in re.split(r"[.;,!?]\s+", f)]
    return [p for p in {*forms, *pieces} if p.count(" ") >= 2]
