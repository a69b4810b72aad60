"""Handwriting PDF export: the letter laid out on cream paper in a script font (QtGui only).

The same layout prints (File > Print) and previews, so paper, margins and line breaks
match wherever the letter is seen. The layout uses its own fixed grid (LetterLayout.DOC_DPI)
and painting scales it to the device, which avoids the classic microscopic-text trap of a
QTextDocument printed onto a 1200 dpi QPdfWriter.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QRawFont,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from letterwriter.export import ExportError, check_target, verify_pdf, write_bytes_atomic
from letterwriter.templates import RenderedLetter

# Script fonts from Debian's packages, best first, each at the size where it reads as a
# hand of about the same height (Kristi's letters are small, DKG's large).
HANDWRITING_FONTS: list[tuple[str, float]] = [
    ("Dancing Script", 16.0),  # fonts-dancingscript
    ("Kristi", 20.0),  # fonts-kristi
    ("Breip", 15.0),  # fonts-breip
    ("DkgHandwriting", 14.0),  # fonts-dkg-handwriting
]
# Glyph-by-glyph fallback for letters the script fonts lack: Z003, a chancery hand
# (fonts-urw-base35), has ă, ł, ś and the rest of Latin Extended-A; DejaVu Serif
# (fonts-dejavu-core) has Vietnamese (ễ) and nearly everything else.
GLYPH_FALLBACKS = ["Z003", "DejaVu Serif"]
# When no script font at all is installed the letter is set in Z003, then an italic serif.
NO_SCRIPT_FALLBACK = [("Z003", 16.0), ("DejaVu Serif", 12.5)]

INKS = {
    "blue-black": "#1d2747",
    "royal blue": "#243a8f",
    "black": "#1b1b1b",
    "sepia": "#5a3c22",
    "green": "#1f4a38",
}
DEFAULT_INK = "blue-black"
PAPER_COLOR = QColor("#fbf7ee")
PAPERS = {"letter": QPageSize.PageSizeId.Letter, "a4": QPageSize.PageSizeId.A4}
MARGIN_MM = 25.0


@dataclass
class PdfOptions:
    font_family: str | None = None
    font_size: float | None = None
    ink: str = DEFAULT_INK
    paper: str = "letter"
    paper_tint: bool = True


@dataclass
class PdfReport:
    path: Path
    pages: int
    font_family: str
    font_size: float
    # characters the handwriting font lacks, drawn with a fallback font instead
    fallback_chars: list[str] = field(default_factory=list)

    def fallback_note(self) -> str:
        if not self.fallback_chars:
            return ""
        chars = " ".join(self.fallback_chars)
        return (
            f"{self.font_family} has no {chars}; those letters are drawn in "
            f"{' or '.join(GLYPH_FALLBACKS)} so the names stay correct."
        )


def ensure_gui_app() -> QGuiApplication:
    """QtGui needs an application object; with no display, use the offscreen platform."""
    app = QGuiApplication.instance()
    if app is None:
        # Exporting needs fonts and a PDF writer, never a screen: offscreen works the same
        # with or without a display, and cannot abort on an unreachable one.
        if not os.environ.get("QT_QPA_PLATFORM"):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        app = QGuiApplication(sys.argv[:1])
        global _APP
        _APP = app  # the application must outlive every QPdfWriter and font we make
    return app  # type: ignore[return-value]


_APP: QGuiApplication | None = None


def installed_handwriting_fonts() -> list[str]:
    ensure_gui_app()
    families = set(QFontDatabase.families())
    return [name for name, _ in HANDWRITING_FONTS if name in families]


def choose_font(requested: str | None = None) -> tuple[str, float]:
    """The family and point size to write in: the requested one if installed, else the best."""
    ensure_gui_app()
    families = set(QFontDatabase.families())
    sizes = dict(HANDWRITING_FONTS + NO_SCRIPT_FALLBACK)
    if requested:
        if requested not in families:
            raise ExportError(
                f"font '{requested}' is not installed (handwriting fonts found: "
                f"{', '.join(installed_handwriting_fonts()) or 'none'})"
            )
        return requested, sizes.get(requested, 16.0)
    for name, size in HANDWRITING_FONTS + NO_SCRIPT_FALLBACK:
        if name in families:
            return name, size
    return QFont().defaultFamily(), 13.0


def letter_font(family: str, size: float, dpi: int | None = None) -> QFont:
    """The writing font: `size` in points, or in pixels of a `dpi` grid when one is given."""
    font = QFont()
    font.setFamilies([family, *[f for f in GLYPH_FALLBACKS if f != family]])
    if dpi:
        font.setPixelSize(round(size * dpi / 72))
    else:
        font.setPointSizeF(size)
    if family == "DejaVu Serif":
        font.setItalic(True)
    # Standard ligatures (th, br, ff) reach the PDF with no text mapping, so pdftotext
    # and screen readers would lose letters; contextual alternates (calt) stay on.
    font.setFeature(QFont.Tag("liga"), 0)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def uncovered_chars(text: str, family: str) -> list[str]:
    """Letters in `text` that `family` itself cannot draw (they fall back glyph by glyph)."""
    ensure_gui_app()
    raw = QRawFont.fromFont(QFont(family))
    seen: list[str] = []
    for ch in text:
        if ch.isspace() or ch in seen or ch == "\n":
            continue
        if not raw.supportsCharacter(ord(ch)):
            seen.append(ch)
    return seen


def ink_color(ink: str) -> QColor:
    value = INKS.get(ink, ink)
    color = QColor(value)
    if not color.isValid():
        raise ExportError(f"unknown ink '{ink}' (inks: {', '.join(INKS)} or #rrggbb)")
    return color


class LetterLayout:
    """A letter laid out for one paint device (PDF writer, printer or screen)."""

    # The document is laid out in its own units, DOC_DPI to the inch, with fonts sized in
    # pixels of those units; painting scales to the device. No screen or device DPI enters
    # the layout, so the PDF, the printer and the preview break lines identically.
    DOC_DPI = 288

    def __init__(self, letter: RenderedLetter, options: PdfOptions, device: QPagedPaintDevice | None = None):
        self.options = options
        self.family, default_size = choose_font(options.font_family)
        self.size = options.font_size or default_size
        self.page_layout = QPageLayout(
            QPageSize(PAPERS.get(options.paper, PAPERS["letter"])),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
        if device is not None:
            device.setPageLayout(self.page_layout)
        rect = self.page_layout.fullRectPixels(self.DOC_DPI)
        self.page_size = QSizeF(rect.width(), rect.height())
        self.margin = MARGIN_MM / 25.4 * self.DOC_DPI
        self.doc = self._build(letter, ink_color(options.ink))

    def _build(self, letter: RenderedLetter, ink: QColor) -> QTextDocument:
        doc = QTextDocument()
        doc.setUseDesignMetrics(True)
        font = letter_font(self.family, self.size, self.DOC_DPI)
        doc.setDefaultFont(font)
        doc.setPageSize(self.page_size)
        frame = doc.rootFrame().frameFormat()
        frame.setMargin(self.margin)
        frame.setTopMargin(self.margin * 1.1)
        doc.rootFrame().setFrameFormat(frame)

        char = QTextCharFormat()
        char.setFont(font)
        char.setForeground(ink)
        cursor = QTextCursor(doc)
        paragraphs = letter.paragraphs
        line_height = 135.0
        em = QFontMetricsF(font).height()
        for i, par in enumerate(paragraphs):
            block = QTextBlockFormat()
            block.setLineHeight(line_height, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
            block.setBottomMargin(em * 0.55)
            is_date = i == 0 and len(paragraphs) > 2
            is_salutation = i == 1 and len(paragraphs) > 3
            is_closing = i == len(paragraphs) - 1 and len(paragraphs) > 2
            if is_date:
                block.setAlignment(Qt.AlignmentFlag.AlignRight)
                block.setBottomMargin(em * 1.2)
            elif is_salutation:
                block.setBottomMargin(em * 0.7)
            elif is_closing:
                block.setLeftMargin(self.page_size.width() * 0.5 - self.margin)
                block.setTopMargin(em * 0.9)
                block.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_Auto)
            else:
                block.setTextIndent(em * 1.6)
                block.setAlignment(Qt.AlignmentFlag.AlignLeft)
            if i == 0:
                cursor.setBlockFormat(block)
                cursor.setBlockCharFormat(char)
            else:
                cursor.insertBlock(block, char)
            lines = par.split("\n")
            for j, line in enumerate(lines):
                if j:
                    cursor.insertText("\u2028", char)
                cursor.insertText(line, char)
        return doc

    @property
    def page_count(self) -> int:
        return self.doc.pageCount()

    def paint_page(self, painter: QPainter, index: int, scale: float | None = None) -> None:
        """Paint page `index`; `scale` maps document units to the painter's (device dpi / DOC_DPI)."""
        if scale is None:
            scale = painter.device().logicalDpiY() / self.DOC_DPI
        w, h = self.page_size.width(), self.page_size.height()
        painter.save()
        painter.scale(scale, scale)
        if self.options.paper_tint:
            painter.fillRect(QRectF(0, 0, w, h), PAPER_COLOR)
        painter.translate(0, -h * index)
        self.doc.drawContents(painter, QRectF(0, h * index, w, h))
        painter.restore()

    def paint_all(self, painter: QPainter, device: QPagedPaintDevice) -> None:
        for i in range(self.page_count):
            if i:
                device.newPage()
            self.paint_page(painter, i)


@contextlib.contextmanager
def _verified_pdf_file(target: Path) -> Iterator[QBuffer]:
    """Qt's PDF writer paints into memory (it reports no write errors); ours writes, checks, renames."""
    check_target(target)  # a folder, device, FIFO or symlink fails before any painting
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    yield buffer
    write_bytes_atomic(target, bytes(buffer.data()), verify=verify_pdf)


def export_pdf(letter: RenderedLetter, target: Path | str, options: PdfOptions | None = None) -> PdfReport:
    """Write the letter as a handwriting PDF, atomically."""
    ensure_gui_app()
    options = options or PdfOptions()
    target = Path(target)
    with _verified_pdf_file(target) as buffer:
        writer = QPdfWriter(buffer)
        writer.setResolution(600)
        writer.setCreator("Letterwriter")
        writer.setTitle(f"Letter to {letter.values.get('recipient_name', '')}".strip())
        layout = LetterLayout(letter, options, writer)
        painter = QPainter()
        if not painter.begin(writer):
            raise ExportError(f"cannot write PDF to {target}")
        try:
            layout.paint_all(painter, writer)
        finally:
            ended = painter.end()
        if not ended:
            raise ExportError(f"cannot write PDF to {target}: the PDF writer failed")
        pages = layout.page_count
        del writer
    return PdfReport(target, pages, layout.family, layout.size, uncovered_chars(letter.text, layout.family))


def qt_version() -> str:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    return f"Qt {qVersion()}, PySide6 {pyside_version}"
