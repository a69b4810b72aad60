"""Cutting a text into requests: paragraphs, a paragraph too long for one request cut at
sentence ends (else spaces, else anywhere but inside a character's marks), and as few
requests as fit. Offsets are code points into the whole text."""

from __future__ import annotations

import re
import unicodedata

from letterwriter.issue import utf16_len

# One request carries at most this many UTF-16 units (LanguageTool counts Java chars). Our
# own server accepts 50,000; 20,000 is also what public servers take, and a longer text is
# checked in several requests, split at paragraph (or sentence) boundaries.
MAX_REQUEST_UNITS = 20_000

_PARA_SPLIT = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n")
_SPACE = re.compile(r"\s+")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _PARA_SPLIT.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _has_astral(s: str) -> bool:
    return utf16_len(s) != len(s)


def split_long(text: str, a: int, b: int, limit: int) -> list[tuple[int, int]]:
    """A paragraph longer than one request, cut at sentence ends, else spaces, else anywhere."""
    out: list[tuple[int, int]] = []
    while utf16_len(text[a:b]) > limit:
        # `limit` code points never exceed `limit` UTF-16 units' worth of room: look for a cut
        # in the first limit // 2 .. limit code points (astral characters take two units).
        hi = a + limit // 2 if _has_astral(text[a : a + limit]) else a + limit
        window = text[a:hi]
        cut = None
        for pattern in (_SENTENCE_END, _SPACE):
            ends = [m.end() for m in pattern.finditer(window) if m.start() > 0]
            if ends:
                cut = a + ends[-1]
                break
        if cut is None or cut <= a:
            cut = hi
            # never split a base character from its combining marks
            while cut > a + 1 and unicodedata.combining(text[cut]):
                cut -= 1
        out.append((a, cut))
        a = cut
    if text[a:b].strip():
        out.append((a, b))
    return out


def pieces(text: str, limit: int = MAX_REQUEST_UNITS) -> list[tuple[int, int]]:
    """The text's checkable pieces: paragraphs, long ones cut to fit in one request."""
    out: list[tuple[int, int]] = []
    for a, b in paragraph_spans(text):
        if b - a > limit // 2 and utf16_len(text[a:b]) > limit:
            out.extend(split_long(text, a, b, limit))
        else:
            out.append((a, b))
    return out


def batches(text: str, spans: list[tuple[int, int]], limit: int) -> list[list[tuple[int, int]]]:
    """Pieces grouped into as few requests as fit, joined as separate paragraphs ("\\n\\n")."""
    out: list[list[tuple[int, int]]] = []
    size = 0
    for a, b in spans:
        units = utf16_len(text[a:b]) + 2
        if out and size + units <= limit:
            out[-1].append((a, b))
            size += units
        else:
            out.append([(a, b)])
            size = units
    return out
