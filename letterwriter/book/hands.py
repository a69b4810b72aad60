"""A letter in its own hand on a page of the book: its stored PDF choices, on the text block (QtGui).

The hand, ink, size and variation are the letter's own (`export.options`, over the
settings); the paper is the book's text block, written on as on a card (a smaller hand and
closer lines than on a sheet, no page numbers of its own: the book numbers its pages), with
no paper tint (a printer's page is its own paper).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from letterwriter.book.model import BookLetter
from letterwriter.export.layout import LetterLayout
from letterwriter.export.options import options_from_settings
from letterwriter.export.paint import LetterDrawing
from letterwriter.export.paper import Paper
from letterwriter.templates import RenderedLetter

HAND_SCALE = 0.9  # as on an A5 card


def hand_drawing(
    letter: BookLetter, width_mm: float, height_mm: float, settings: Mapping[str, Any]
) -> tuple[LetterDrawing, list[str]]:
    """The letter laid out and drawn in its hand on a text block of this size; and warnings on its choices."""
    options, warnings = options_from_settings(settings, stored=letter.options)
    options = replace(options, paper_tint=False, seed=letter.seed)
    paper = Paper(
        "book", "a page of the book", width_mm, height_mm, 0, 0, 0, 0, card=True, hand_scale=HAND_SCALE
    )
    rendered = RenderedLetter("", letter.parts.paragraphs(), {}, letter.language)
    layout = LetterLayout(rendered, options, paper=paper)
    return LetterDrawing(layout), [f"letter of {letter.date}: {w}" for w in warnings]
