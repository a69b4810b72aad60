"""The check's shared types: an issue, a report, the "unavailable" error and offset arithmetic.

A leaf module (it imports nothing of ours): `grammar` (checks) and `languagetool` (the
server) both use it; `grammar` uses `languagetool`, never the other way round.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

SPELLING_CATEGORIES = {"TYPOS"}
SPELLING_ISSUE_TYPES = {"misspelling"}
STYLE_ISSUE_TYPES = {"style", "locale-violation", "register"}
STYLE_CATEGORIES = {"STYLE", "REDUNDANCY", "PLAIN_ENGLISH", "TYPOGRAPHY", "CASING"}


class GrammarUnavailable(Exception):
    """The grammar service cannot be reached or used; the message says why and what to do."""


class CheckTimeout(GrammarUnavailable):
    """The server took a check but gave no answer within the check timeout."""


class ServerGone(GrammarUnavailable):
    """The server refused or dropped the connection: it is not running (any more)."""


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")  # control and bidi characters


def utf16_len(text: str) -> int:
    """How many UTF-16 units `text` takes (Qt and Java count these; Python counts code points)."""
    return len(text) + len(_ASTRAL.findall(text))


def utf16_to_codepoint_map(text: str) -> list[int] | None:
    """index u (UTF-16 units) -> code points before it, for u in 0..utf16_len(text); None when equal.

    A UTF-16 offset inside a surrogate pair maps to the character it splits.
    """
    if not _ASTRAL.search(text):
        return None
    table: list[int] = []
    for i, ch in enumerate(text):
        table.append(i)
        if ord(ch) > 0xFFFF:
            table.append(i)
    table.append(len(text))
    return table


@dataclass
class Issue:
    offset: int  # code points
    length: int
    utf16_offset: int
    utf16_length: int
    message: str
    short_message: str
    rule_id: str
    category: str
    issue_type: str
    replacements: list[str]
    context: str
    # Where the words come from in a rendered letter: "template", or "field" with its name.
    source: str = ""
    field: str = ""

    @property
    def kind(self) -> str:
        """spelling, grammar or style: the colour of the underline."""
        if self.category in SPELLING_CATEGORIES or self.issue_type in SPELLING_ISSUE_TYPES:
            return "spelling"
        if self.issue_type in STYLE_ISSUE_TYPES:
            return "style"
        if self.category in STYLE_CATEGORIES and self.issue_type != "grammar":
            return "style"
        return "grammar"

    def word(self, text: str) -> str:
        return text[self.offset : self.offset + self.length]

    def provenance(self) -> str:
        if self.source == "field":
            return f"your brief, field '{self.field}'"
        if self.source == "template":
            return "the template's own text"
        return ""

    def describe(self, text: str) -> str:
        line = text.count("\n", 0, self.offset) + 1
        col = self.offset - (text.rfind("\n", 0, self.offset) + 1) + 1
        fix = f" (try: {', '.join(self.replacements[:3])})" if self.replacements else ""
        where = f" [{self.provenance()}]" if self.source else ""
        said = f"{self.message}{fix} <{self.rule_id}>"  # the server's words: shown, never run by a terminal
        said = _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", said)
        return f"{line}:{col}: {self.word(text)!r}: {said}{where}"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        if not self.source:
            data.pop("source")
            data.pop("field")
        return data


@dataclass
class CheckReport:
    language: str
    issues: list[Issue] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"language": self.language, "issues": [i.to_json() for i in self.issues]}
