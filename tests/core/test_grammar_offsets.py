"""Offsets between code points and UTF-16, long texts checked in pieces, and fixes: property tests.

The long-text tests stand a tiny in-process "server" in for LanguageTool: it reports every
occurrence of a marker word with Java's (UTF-16) offsets, so the stitching is checked
exactly, on any text hypothesis builds (emoji, combining marks, paragraphs, huge lines).
"""

from __future__ import annotations

import contextlib
import json
import re
import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from letterwriter.grammar import Checker, Issue, apply_fix, utf16_len
from letterwriter.grammar.pieces import MAX_REQUEST_UNITS, pieces
from letterwriter.issue import utf16_to_codepoint_map
from letterwriter.languagetool import wire

pytestmark = pytest.mark.core

MARK = "recieve"
TOKENS = st.sampled_from(
    ["a", "word", "Zoë", "e\u0301", "n\u0303o", "😂", "👩‍👩‍👧", "𝔘", "漢字", "—", ".", "!", MARK, "x" * 40]
)
SEPARATORS = st.sampled_from([" ", " ", " ", "\n", "\n\n", "\n \n", ". ", "\t"])


@st.composite
def texts(draw, max_tokens: int = 400) -> str:
    parts = draw(st.lists(st.tuples(TOKENS, SEPARATORS), max_size=max_tokens))
    return "".join(t + s for t, s in parts)


def _java_offsets(text: str, needle: str) -> list[tuple[int, int]]:
    """Where Java (UTF-16) sees `needle` in `text`."""
    return [(utf16_len(text[: m.start()]), utf16_len(needle)) for m in re.finditer(re.escape(needle), text)]


class MarkerServer:
    """Answers like LanguageTool: one match per MARK, offsets in UTF-16 units."""

    def __init__(self, limit: int):
        self.limit = limit
        self.requests: list[str] = []

    def __call__(self, params: dict[str, str]) -> dict:
        text = params["text"]
        assert utf16_len(text) <= self.limit, "a request longer than the server accepts"
        self.requests.append(text)
        return {
            "matches": [
                {
                    "offset": off,
                    "length": n,
                    "message": "Possible spelling mistake found.",
                    "replacements": [{"value": "receive"}],
                    "rule": {"id": "SPELL", "category": {"id": "TYPOS"}, "issueType": "misspelling"},
                    "context": {"text": text[:20], "offset": 0, "length": n},
                }
                for off, n in _java_offsets(text, MARK)
            ]
        }


LANGUAGES = [{"name": "English", "code": "en", "longCode": "en-US"}]


@contextlib.contextmanager
def _checker(limit: int):
    """A Checker (language-tool-python's client inside) whose requests reach a MarkerServer."""
    server = MarkerServer(limit)

    def fetch(url, data=None, *, timeout, max_bytes=wire.MAX_ANSWER_BYTES):
        if url.endswith("/languages"):
            return json.dumps(LANGUAGES).encode()
        return json.dumps(server(dict(urllib.parse.parse_qsl(data.decode())))).encode()

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(wire, "fetch", fetch)
        checker = Checker("http://127.0.0.1:9", timeout=5)
        checker.max_request_units = limit
        yield checker, server


@given(texts())
def test_utf16_length_matches_the_encoder(text):
    assert utf16_len(text) == len(text.encode("utf-16-le")) // 2


@given(texts())
def test_utf16_to_code_point_map_inverts_the_encoder(text):
    table = utf16_to_codepoint_map(text)
    for i in range(len(text) + 1):
        u = utf16_len(text[:i])
        assert (table[u] if table is not None else u) == i


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts(), st.sampled_from([60, 120, 500, 20_000]))
def test_long_texts_are_checked_in_pieces_with_offsets_stitched_back(text, limit):
    with _checker(limit) as (checker, server):
        issues = checker.check(text)
    expected = [m.start() for m in re.finditer(MARK, text)]
    # every marker is found once, at its place, in code points and in UTF-16 units
    assert [i.offset for i in issues] == expected
    for issue in issues:
        assert issue.word(text) == MARK
        assert issue.utf16_offset == utf16_len(text[: issue.offset])
        assert issue.utf16_length == utf16_len(MARK)
    # nothing of the text was left out of the requests
    sent = "".join(server.requests)
    assert sorted(sent.replace("\n", "").replace(" ", "")) == sorted(
        "".join(text[a:b] for a, b in pieces(text, limit)).replace("\n", "").replace(" ", "")
    )


@given(texts(max_tokens=200))
def test_pieces_cover_every_visible_character_in_order(text):
    covered = set()
    last = 0
    for a, b in pieces(text, 80):
        assert last <= a < b <= len(text)
        assert utf16_len(text[a:b]) <= 80
        covered.update(range(a, b))
        last = b
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())


def test_a_letter_of_sixty_thousand_characters_is_split_at_paragraphs():
    para = "We walked to the harbour and I recieve your letter. " * 10
    text = "\n\n".join([para.strip()] * 120)  # about 62,000 characters
    assert len(text) > 50_000
    with _checker(MAX_REQUEST_UNITS) as (checker, server):
        issues = checker.check(text)
    assert len(issues) == text.count(MARK)
    assert len(server.requests) >= 4
    # cuts fall between paragraphs: every request is whole paragraphs
    for request in server.requests:
        assert all(p == para.strip() for p in request.split("\n\n"))


# --- fixes ----------------------------------------------------------------------------------


@st.composite
def text_with_issues(draw):
    text = draw(texts(max_tokens=60))
    n = len(text)
    cuts = sorted(set(draw(st.lists(st.integers(0, n), max_size=12))))
    spans = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]
    issues = [
        Issue(
            offset=a,
            length=b - a,
            utf16_offset=utf16_len(text[:a]),
            utf16_length=utf16_len(text[a:b]),
            message="m",
            short_message="",
            rule_id=f"R{k}",
            category="GRAMMAR",
            issue_type="grammar",
            replacements=[],
            context="",
        )
        for k, (a, b) in enumerate(spans)
    ]
    return text, issues


@given(text_with_issues(), st.data(), st.sampled_from(["", "x", "receive", "😂", "e\u0301e", "two words"]))
def test_apply_fix_replaces_exactly_the_span_and_keeps_other_offsets(case, data, replacement):
    text, issues = case
    if not issues:
        return
    chosen = data.draw(st.sampled_from(issues))
    new_text, remaining = apply_fix(text, issues, chosen, replacement)
    start, end = chosen.offset, chosen.offset + chosen.length
    assert new_text == text[:start] + replacement + text[end:]
    assert chosen not in remaining
    others = [i for i in issues if i is not chosen]
    assert len(remaining) == len(others)  # the spans never overlap here
    for before, after in zip(others, remaining, strict=True):
        assert after.word(new_text) == before.word(text)
        assert after.utf16_offset == utf16_len(new_text[: after.offset])
        assert after.utf16_length == before.utf16_length
