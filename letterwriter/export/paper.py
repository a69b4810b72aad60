"""The papers a letter can be written on: sheets and folded cards, with their margins (no Qt).

This is the one list of papers: the command line's choices, the settings check, the PDF
layout and the "fits this card" meter all read it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Paper:
    name: str
    label: str
    width_mm: float
    height_mm: float
    top_mm: float
    bottom_mm: float
    # For a folded card the writing panel is the inside right one: `inner_mm` is the margin
    # on the fold side (left), kept wider so no word disappears into the crease.
    inner_mm: float
    outer_mm: float
    card: bool = False
    # People write a little smaller on a card than on a sheet.
    hand_scale: float = 1.0


def _card(name: str, label: str, w: float, h: float, fold: float, edge: float, scale: float) -> Paper:
    return Paper(name, label, w, h, edge * 1.2, edge, fold, edge, card=True, hand_scale=scale)


PAPERS: dict[str, Paper] = {
    p.name: p
    for p in (
        Paper("letter", "US Letter sheet", 215.9, 279.4, 27.5, 25.0, 25.0, 25.0),
        Paper("a4", "A4 sheet", 210.0, 297.0, 27.5, 25.0, 25.0, 25.0),
        _card("a5-card", "A5 folded card", 148.0, 210.0, 16.0, 12.0, 0.9),
        _card("5x7-card", "5×7 in folded card", 127.0, 177.8, 15.0, 11.0, 0.88),
        _card("a6-card", "A6 folded card", 105.0, 148.0, 13.0, 9.0, 0.82),
        _card("a2-card", "A2 folded card (4¼×5½ in)", 107.95, 139.7, 13.0, 9.0, 0.82),
    )
}
PAPER_NAMES: tuple[str, ...] = tuple(PAPERS)
DEFAULT_PAPER = "letter"


class UnknownPaper(ValueError):
    """A paper name that is not in PAPERS."""


def get_paper(name: str) -> Paper:
    """The paper called `name`; an unknown name is an error that lists the known ones."""
    paper = PAPERS.get(str(name).strip().lower())
    if paper is None:
        raise UnknownPaper(f"unknown paper '{name}' (papers: {', '.join(PAPER_NAMES)})")
    return paper


def paper_from_setting(value: object) -> tuple[str, str | None]:
    """A paper name read from settings: (name, warning); an unknown one falls back to the default."""
    if value in (None, ""):
        return DEFAULT_PAPER, None
    try:
        return get_paper(str(value)).name, None
    except UnknownPaper as exc:
        return DEFAULT_PAPER, f"settings: {exc}; using {DEFAULT_PAPER}"


# Envelopes (export/envelope.py writes on them): here, so the command line names them without Qt.
def _envelope(name: str, label: str, width: float, height: float) -> Paper:
    # an envelope is written on one side as a card is on its panel: no page numbers
    return Paper(name, label, width, height, 10.0, 16.0, 10.0, 12.0, card=True)


ENVELOPES: dict[str, Paper] = {
    p.name: p
    for p in (
        _envelope("dl", "DL envelope (220 × 110 mm)", 220.0, 110.0),
        _envelope("c5", "C5 envelope (229 × 162 mm)", 229.0, 162.0),
        _envelope("c6", "C6 envelope (162 × 114 mm)", 162.0, 114.0),
        _envelope("10", "No. 10 envelope (9½ × 4⅛ in)", 241.3, 104.775),
        _envelope("a2", "A2 envelope (5¾ × 4⅜ in)", 146.05, 111.125),
        _envelope("a7", "A7 envelope (7¼ × 5¼ in)", 184.15, 133.35),
        _envelope("5x7", "5×7 card envelope (A7, 7¼ × 5¼ in)", 184.15, 133.35),
    )
}
ENVELOPE_SIZES: tuple[str, ...] = tuple(ENVELOPES)
# the envelope each paper goes into (a sheet folded in three, a card as it is)
ENVELOPE_FOR_PAPER = {
    "letter": "10",
    "a4": "dl",
    "a5-card": "c5",
    "5x7-card": "5x7",
    "a6-card": "c6",
    "a2-card": "a2",
}
