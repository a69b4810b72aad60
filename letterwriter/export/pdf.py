"""Handwriting PDF export: a letter written in its hand on its paper, into a PDF file, atomically (QtGui).

The design, module by module (all in letterwriter/export/):

- options.py: PdfOptions (font, paper, ink, hand, seed), from settings, a letter's stored
  choices and the command line's flags or the export dialog;
- fonts.py: which installed fonts write the letter, and the fallbacks for other scripts;
- completion.py: the script font completed with the Latin letters and punctuation it lacks;
- hand.py: a client's hand, seeded (no Qt); handfont.py: the hand font, built with fontTools;
  variants.py: the outlines it writes each glyph in;
- shaping.py: words shaped into glyphs; layout.py: lines, pages, cards; spacing.py: how far
  apart lines must be; paint.py: drawing; envelope.py: envelopes, drawn the same way;
- this module: the PDF file, written, checked and renamed into place, and what it holds.
"""

from __future__ import annotations

import contextlib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QPainter, QPdfWriter

from letterwriter.export import ExportError, check_target, verify_pdf, write_bytes_atomic
from letterwriter.export import hand as hands
from letterwriter.export.fonts import GLYPH_FALLBACKS, ensure_gui_app, uncovered_chars
from letterwriter.export.layout import LetterLayout
from letterwriter.export.options import PdfOptions
from letterwriter.export.paint import LetterDrawing
from letterwriter.export.paper import Paper
from letterwriter.export.shaping import drawn_by
from letterwriter.templates import RenderedLetter


class CardOverflow(ExportError):
    """The letter does not fit on the one panel of a card."""

    def __init__(self, paper: Paper, overflow_lines: int, fraction: float):
        self.paper = paper
        self.overflow_lines = overflow_lines
        self.fraction = fraction
        s = "s" if overflow_lines != 1 else ""
        super().__init__(f"the letter overflows the {paper.name} by {overflow_lines} line{s}")


@dataclass
class PdfReport:
    """What a written PDF holds: its pages, its hand, and the letters another font had to draw."""

    path: Path
    pages: int
    font_family: str
    font_size: float
    # characters the handwriting font lacks, drawn with a fallback font instead
    fallback_chars: list[str] = field(default_factory=list)
    # which font drew each of them; "" when no installed font has it (it is left out)
    fallback_fonts: dict[str, str] = field(default_factory=dict)
    hand: str = hands.DEFAULT_HAND
    seed: int = 0

    def fallback_note(self) -> str:
        """One sentence on the letters the hand lacks and who drew them ("" when it lacks none)."""
        if not self.fallback_chars:
            return ""
        by_font: dict[str, list[str]] = {}
        for ch in self.fallback_chars:
            by_font.setdefault(self.fallback_fonts.get(ch, GLYPH_FALLBACKS[0]), []).append(ch)
        drawn = [f"{' '.join(chs)} in {font}" for font, chs in by_font.items() if font]
        note = f"{self.font_family} has no {' '.join(self.fallback_chars)}"
        if drawn:
            note += f"; drawn {', '.join(drawn)} so the names stay correct"
        if by_font.get(""):
            note += f"; no installed font has {' '.join(by_font[''])}, left out"
        rtl = [ch for ch in self.fallback_chars if unicodedata.bidirectional(ch) in ("R", "AL")]
        if any(self.fallback_fonts.get(ch) for ch in rtl):
            # shaped word by word for a hand, right-to-left script loses its joins
            note += "; right-to-left letters are drawn one by one, unjoined: check them"
        return note + "."


@contextlib.contextmanager
def _verified_pdf_file(target: Path) -> Iterator[QBuffer]:
    """Qt's PDF writer paints into memory (it reports no write errors); ours writes, checks, renames."""
    check_target(target)  # a folder, device, FIFO or symlink fails before any painting
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    yield buffer
    write_bytes_atomic(target, bytes(buffer.data()), verify=verify_pdf)


def export_pdf(letter: RenderedLetter, target: Path | str, options: PdfOptions | None = None) -> PdfReport:
    """Write the letter as a handwriting PDF, atomically; a card it overflows raises CardOverflow."""
    ensure_gui_app()
    options = options or PdfOptions()
    target = Path(target)
    # a folder, device or symlink is refused before any layout, which may write the font cache
    check_target(target)
    layout = LetterLayout(letter, options)
    if layout.paper.card and layout.overflow_lines:
        raise CardOverflow(layout.paper, layout.overflow_lines, layout.fill)
    drawing = LetterDrawing(layout)
    with _verified_pdf_file(target) as buffer:
        writer = QPdfWriter(buffer)
        writer.setResolution(600)
        writer.setCreator("Letterwriter")
        writer.setTitle(f"Letter to {letter.values.get('recipient_name', '')}".strip())
        writer.setPageLayout(layout.page_layout)
        painter = QPainter()
        if not painter.begin(writer):
            raise ExportError(f"cannot write PDF to {target}")
        try:
            drawing.paint_all(painter, writer)
        finally:
            ended = painter.end()
        if not ended:
            raise ExportError(f"cannot write PDF to {target}: the PDF writer failed")
        pages = layout.page_count
        del writer
    missing = uncovered_chars(letter.text, layout.family)
    return PdfReport(
        target,
        pages,
        layout.family,
        layout.size,
        missing,
        drawn_by(layout.font, missing),
        options.hand,
        layout.client_seed,
    )
