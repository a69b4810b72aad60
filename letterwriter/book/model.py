"""A book of letters as the typesetters see it: title page, letters in order, each letter's parts (no Qt).

The PDF and the EPUB are made from the same Book, so both hold the same words. A letter is
its stored text, split at blank lines into the parts a book sets differently: its own date
line (which becomes its heading), the salutation, the body, the closing with the signature,
and anything after the signature (a P.S.).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

FACES = ("book", "hand")  # set in the book face, or each letter in its own hand
_YEAR = re.compile(r"\b(1[6-9]|2[0-9])[0-9]{2}\b")
_CLOSING_MAX = 60  # characters in a line of a closing ("With all my love and more,")
_SALUTATION_MAX = 80


@dataclass
class LetterParts:
    date_line: str = ""  # the letter's own date line, "" when it has none
    salutation: str = ""
    body: list[str] = field(default_factory=list)  # paragraphs; a "\n" inside is a line the writer broke
    closing: list[str] = field(default_factory=list)  # lines: "All my love," "Ada"
    after: list[str] = field(default_factory=list)  # paragraphs after the signature (P.S.)

    def paragraphs(self) -> list[str]:
        """Every paragraph in reading order, the date line first (what the letter says, whole)."""
        out = [self.date_line] if self.date_line else []
        if self.salutation:
            out.append(self.salutation)
        out += self.body
        if self.closing:
            out.append("\n".join(self.closing))
        return out + self.after


def _is_date_line(par: str) -> bool:
    return (
        "\n" not in par and len(par) <= 48 and bool(_YEAR.search(par)) and not par.endswith((".", "?", "!"))
    )


def _is_salutation(par: str) -> bool:
    return "\n" not in par and len(par) <= _SALUTATION_MAX and par.rstrip().endswith((",", ":", "!", "—"))


def _is_closing(par: str) -> bool:
    lines = par.split("\n")
    return (
        1 <= len(lines) <= 4
        and all(len(line) <= _CLOSING_MAX for line in lines)
        and lines[0].rstrip().endswith((",", "—", "…"))
    )


def _is_signature(par: str) -> bool:
    """A name on its own under "Love,": short, one line, no sentence's full stop."""
    return "\n" not in par and len(par) <= 40 and not par.rstrip().endswith((".", "?", "!", ":"))


def split_parts(text: str) -> LetterParts:
    """A stored letter's text in its parts; a letter that is only prose is all body."""
    pars = [p.strip("\n") for p in re.split(r"\n[ \t]*\n", text.strip()) if p.strip()]
    parts = LetterParts()
    if len(pars) > 1 and _is_date_line(pars[0]):
        parts.date_line = pars.pop(0)
    if len(pars) > 1 and _is_salutation(pars[0]):
        parts.salutation = pars.pop(0)
    # the closing is the last paragraph, or the one before a P.S.; "All my love," and the
    # name may stand in paragraphs of their own
    for end in (len(pars), len(pars) - 1):
        if end < 1 or end > len(pars):
            continue
        k = end - 1
        if _is_closing(pars[k]):
            parts.closing = pars[k].split("\n")
        elif k >= 1 and _is_signature(pars[k]) and "\n" not in pars[k - 1] and _is_closing(pars[k - 1]):
            parts.closing = pars[k - 1].split("\n") + [pars[k]]
            k -= 1
        else:
            continue
        parts.after = pars[end:]
        del pars[k:]
        break
    parts.body = pars
    return parts


@dataclass
class BookLetter:
    """One letter as the book prints it: its heading, its parts, and what its hand needs."""

    id: str
    date: str  # YYYY-MM-DD
    heading_date: str  # the letter's own date line, or its date as its language writes it
    recipient: str  # as the heading names them: "Tobias" (or "T.")
    parts: LetterParts
    language: str = "en-US"
    occasion: str = ""
    status: str = "exported"
    options: dict[str, Any] = field(default_factory=dict)  # its stored PDF choices (for its hand)
    seed: int = 0  # the client's hand

    @property
    def heading(self) -> str:
        """What the contents and the bookmarks call it: "June 1, 2019 — To Tobias"."""
        return f"{self.heading_date} — To {self.recipient}" if self.recipient else self.heading_date

    @property
    def text(self) -> str:
        """The letter as printed, whole (its stored text, names replaced when the book asks)."""
        return "\n\n".join(self.parts.paragraphs()) + "\n"


@dataclass
class Book:
    """Everything the title page, the contents and the letters show, ready to set."""

    title: str
    author: str  # the client, whose letters they are
    recipients: list[str]  # in the order their first letter comes
    years: str  # "2019–2024"
    letters: list[BookLetter]
    language: str = "en-US"
    identifier: str = ""  # stable for the same client and letters: the EPUB's id
    title_says: tuple[str, ...] = ()  # what the default title already says: "author", "recipients"
    names_replaced: list[str] = field(default_factory=list)  # the originals (never printed)
    drafts_left_out: int = 0

    def title_page(self) -> list[str]:
        """The title page's lines below the title: the writer, to whom, the years."""
        lines = [self.author] if self.author and "author" not in self.title_says else []
        if self.recipients and "recipients" not in self.title_says:
            lines.append("to " + join_names(self.recipients))
        if self.years:
            lines.append(self.years)
        return lines


def join_names(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
