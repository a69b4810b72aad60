"""Envelopes in the hand: the recipient where the post reads, the return address top left, or on the flap.

An envelope is laid out like a letter (export/layout.py's LetterLayout, whose drawing it
shares: the same hand font, the same client seed, so the envelope and the letter look like
one person's) but its lines are placed, not flowed:

- the recipient's block starts two fifths of the way across and sits a little below the
  middle, inside the area the postal services' readers look at (USPS: clear of the bottom
  5/8 inch, where the barcode goes; clear of the stamp, top right);
- the return address is written smaller, top left; or, `on_flap`, on a second page, the
  back, centred on the flap, as many people address a card's envelope.

Sizes: the international DL, C5 and C6, the US #10, A2 and A7, and "5x7" (the A7 a 5x7
card goes in). ENVELOPE_FOR_PAPER names the envelope a letter's paper fits.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QFontMetricsF, QPageLayout, QPageSize, QPainter, QPdfWriter

from letterwriter.export import ExportError, check_target
from letterwriter.export import hand as hands
from letterwriter.export.fonts import choose_font, ensure_gui_app, letter_font
from letterwriter.export.layout import LetterLayout, Line
from letterwriter.export.options import PdfOptions
from letterwriter.export.paint import LetterDrawing
from letterwriter.export.paper import ENVELOPE_FOR_PAPER, ENVELOPE_SIZES, ENVELOPES, Paper  # noqa: F401

MM = 25.4


RETURN_SCALE = 0.72  # the return address, smaller than the recipient's


@dataclass
class Envelope:
    """One envelope's writing: the recipient's lines and the return address's (empty: none)."""

    recipient: Sequence[str]
    sender: Sequence[str] = ()
    sender_name: str = ""  # whose hand, when no seed is given: as the letter's


class EnvelopeLayout(LetterLayout):
    """An envelope's lines placed in the hand; drawn by paint.LetterDrawing like a letter."""

    def __init__(self, envelope: Envelope, options: PdfOptions, size: str = "dl", on_flap: bool = False):
        ensure_gui_app()
        options.validate()
        if size not in ENVELOPES:
            raise ExportError(f"unknown envelope size '{size}' (sizes: {', '.join(ENVELOPE_SIZES)})")
        if not [line for line in envelope.recipient if line.strip()]:
            raise ExportError("the envelope has no recipient's address")
        self.options = options
        self.paper = ENVELOPES[size]
        self.family, default_size = choose_font(options.font_family)
        self.amounts = hands.AMOUNTS[options.hand]
        self.client_seed = hands.client_seed(options.seed, envelope.sender_name)
        self.text = "\n".join([*envelope.recipient, *envelope.sender])
        self.letter_seed = hands.letter_seed(self.client_seed, self.text)
        self.persona = hands.persona(self.client_seed, options.hand)
        self.page_layout = self._page_layout()
        rect = self.page_layout.fullRectPixels(self.DOC_DPI)
        self.page_size = QSizeF(rect.width(), rect.height())
        px = self.DOC_DPI / MM
        self.top, self.bottom = self.paper.top_mm * px, self.page_size.height() - self.paper.bottom_mm * px
        self.left, self.right = self.paper.inner_mm * px, self.page_size.width() - self.paper.outer_mm * px
        self.offset_y = 0.0
        # a hand on an envelope writes as large as on a sheet, a little smaller on a small one
        self.size = (options.font_size or default_size) * (1.0 if self.paper.width_mm >= 200 else 0.9)
        self.font = letter_font(self.family, self.size * self.persona.size, self.DOC_DPI)
        metrics = QFontMetricsF(self.font)
        self.em = metrics.height()
        self._ascent = metrics.ascent()
        self.line_height = min(self.em * 1.2, max(metrics.xHeight(), 1.0) * 4.6)
        self._gap_scale = 1.0
        self.space = metrics.horizontalAdvance(" ") * self.persona.spacing
        self._font_key = self.font.key()
        self._shapes = {}
        self.squeezed = {}
        self._word_metrics = {}
        self._margin = 0.0
        self._slack = 0.0
        rng = random.Random(self.letter_seed)
        recipient = self._block(envelope.recipient, 1.0, rng, 0)
        sender = self._block(envelope.sender, RETURN_SCALE, rng, 1) if envelope.sender else []
        self._place_recipient(recipient)
        if on_flap and sender:
            self._place_sender(sender, flap=True)
            self.pages = [recipient, sender]
        else:
            self._place_sender(sender, flap=False)
            self.pages = [recipient + sender]
        self._locate_words([line for page in self.pages for line in page])
        self.fill, self.overflow_lines = 1.0, 0

    def _page_layout(self) -> QPageLayout:
        # QPageSize holds a size upright: an envelope is its portrait size turned to landscape
        size = QPageSize(
            QSizeF(self.paper.height_mm, self.paper.width_mm),
            QPageSize.Unit.Millimeter,
            self.paper.label,
            QPageSize.SizeMatchPolicy.ExactMatch,
        )
        return QPageLayout(size, QPageLayout.Orientation.Landscape, QMarginsF(0, 0, 0, 0))

    def _block(self, lines: Iterable[str], scale: float, rng: random.Random, para: int) -> list[Line]:
        """A block of address lines, each written in the hand at `scale`, from x = 0 (placed later)."""
        a = self.amounts
        out: list[Line] = []
        index = 1000 * para
        for text in lines:
            words = text.split()
            if not words:
                continue
            items, x = [], 0.0
            for k, w in enumerate(words):
                s = scale * (1.0 + rng.uniform(-1, 1) * a.word_scale)
                gap = self.space * (1 + rng.uniform(-0.1, 1) * a.word_space) * scale if k else 0.0
                room = self._room(w) * s
                items.append((w, s, x + gap, room))
                x += gap + room
            placed = self._finish(items, 0.0, rng, index, 1.0)
            index += len(placed)
            height = self.line_height * scale
            out.append(Line(placed, para, "body", 0.0, height=height, own_size=scale != 1.0))
        return out

    @staticmethod
    def _width(line: Line) -> float:
        last = line.words[-1]
        return last.x + last.width * last.scale

    def _move(self, lines: list[Line], x: float, y: float, pitch: float) -> None:
        a, em = self.amounts, self.em
        drift = 0.0
        for k, line in enumerate(lines):
            # a hand's block of lines: each starts near the one above, drifting a little
            drift = drift * 0.6 + random.Random(self.letter_seed + k).uniform(-1, 1) * a.margin_wander * em
            for word in line.words:
                word.x += x + drift
            line.y = y + k * pitch  # the baseline (see baseline)

    def _place_recipient(self, lines: list[Line]) -> None:
        width = max(self._width(line) for line in lines)
        w, h = self.page_size.width(), self.page_size.height()
        px = self.DOC_DPI / MM
        room = self.right - 3 * px
        if width > room - self.left:  # a long line: the whole block written smaller to fit
            k = (room - self.left) / width
            for line in lines:
                for word in line.words:
                    word.x *= k
                    word.scale *= k
                line.own_size = True
            width *= k
        x = min(w * 0.4, room - width)
        x = max(x, self.left)
        pitch = self.line_height
        depth = pitch * (len(lines) - 1)
        y = h * 0.56 - depth / 2
        y = min(y, self.bottom - depth)  # clear of the barcode strip at the foot
        y = max(y, h * 0.38)  # below the stamp and the return address
        self._move(lines, x, y, pitch)

    def _place_sender(self, lines: list[Line], flap: bool) -> None:
        if not lines:
            return
        pitch = self.line_height * RETURN_SCALE
        if flap:
            width = max(self._width(line) for line in lines)
            x = (self.page_size.width() - width) / 2
            y = self.page_size.height() * 0.16 + self._ascent * RETURN_SCALE
        else:
            x, y = self.left, self.top + self._ascent * RETURN_SCALE
        self._move(lines, x, y, pitch)

    def baseline(self, line: Line) -> float:
        return line.y


def export_envelopes(
    envelopes: Sequence[Envelope],
    target: Path | str,
    options: PdfOptions | None = None,
    size: str = "dl",
    on_flap: bool = False,
) -> int:
    """Write envelopes into one PDF (one page each, two with the return address on the flap); its pages."""
    from letterwriter.export.pdf import _verified_pdf_file

    ensure_gui_app()
    options = options or PdfOptions()
    target = Path(target)
    check_target(target)
    layouts = [EnvelopeLayout(envelope, options, size, on_flap) for envelope in envelopes]
    if not layouts:
        raise ExportError("no envelopes to write")
    pages = 0
    with _verified_pdf_file(target) as buffer:
        writer = QPdfWriter(buffer)
        writer.setResolution(600)
        writer.setCreator("Letterwriter")
        writer.setTitle("Envelopes" if len(layouts) > 1 else f"Envelope to {envelopes[0].recipient[0]}")
        writer.setPageLayout(layouts[0].page_layout)
        painter = QPainter()
        if not painter.begin(writer):
            raise ExportError(f"cannot write PDF to {target}")
        # every drawing lives until the writer has ended: its glyph runs' fonts are written then
        drawings = []
        try:
            for layout in layouts:
                drawing = LetterDrawing(layout)
                drawings.append(drawing)
                for i in range(layout.page_count):
                    if pages:
                        writer.newPage()
                    drawing.paint_page(painter, i)
                    pages += 1
        finally:
            ended = painter.end()
        if not ended:
            raise ExportError(f"cannot write PDF to {target}: the PDF writer failed")
        del writer
        del drawings
    return pages
