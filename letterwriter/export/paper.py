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
