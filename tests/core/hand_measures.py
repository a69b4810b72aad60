"""What a close look at a handwritten letter measures, on rasters: collisions, breaks, rhythm, fill.

The tests of export/ use these, and so does a person comparing before and after
(`python tests/core/hand_measures.py` prints every figure). Lines are painted on their own
(even lines on one image, odd on another) so ink that one line pushes into the next shows as
pixels inked in both; the rest reads the layout's places and the ink on a plain white page.
"""

from __future__ import annotations

import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PySide6.QtGui import QColor, QImage, QPainter  # noqa: E402

from letterwriter.export.fonts import ensure_gui_app  # noqa: E402
from letterwriter.export.layout import LetterLayout  # noqa: E402
from letterwriter.export.options import PdfOptions  # noqa: E402
from letterwriter.export.paint import LetterDrawing  # noqa: E402
from letterwriter.templates import TemplateLibrary  # noqa: E402

DPI = 100  # enough to see two inks touch, quick to paint
INK = 170  # grey below this is ink (anti-aliased edges are not)
_ONES = bytes(1 if v < INK else 0 for v in range(256))

LONG_BRIEF = {
    "sender_name": "Theodore",
    "recipient_name": "Catherine",
    "pet_name": "Cat",
    "together_since": "2009-06-15",
    "letter_date": "2026-11-24",
    "length": "letter",
    "memories": [
        "the night the power went out and we read by candlelight",
        "our first trip to Lisbon, when it rained for four days",
        "the morning you taught me to make bread",
    ],
}
NOTE_BRIEF = {
    "sender_name": "Marguerite",
    "recipient_name": "Jonathan",
    "what_they_did": "looked after the garden while I was away",
    "difference": "I came home to roses instead of weeds",
    "length": "short",
}


def library() -> TemplateLibrary:
    import tempfile

    return TemplateLibrary(user_dir=Path(tempfile.mkdtemp()))


def letter(template: str = "love_letter", brief: dict | None = None, lib: TemplateLibrary | None = None):
    lib = lib or library()
    return lib.render(lib.get(template), brief or LONG_BRIEF)


def _image(layout: LetterLayout) -> QImage:
    w = round(layout.page_size.width() * DPI / layout.DOC_DPI)
    h = round(layout.page_size.height() * DPI / layout.DOC_DPI)
    img = QImage(w, h, QImage.Format.Format_Grayscale8)
    img.fill(QColor("white"))
    return img


def _pixels(img: QImage) -> bytes:
    """The image's grey pixels row after row, without the padding Qt keeps at a row's end."""
    bpl, w = img.bytesPerLine(), img.width()
    data = bytes(img.constBits())[: img.sizeInBytes()]
    if bpl == w:
        return data
    return b"".join(data[y * bpl : y * bpl + w] for y in range(img.height()))


def _ink_bits(img: QImage) -> int:
    """The image's ink as one big integer, a byte per pixel (1: ink)."""
    return int.from_bytes(_pixels(img).translate(_ONES), "big")


def paint_lines(drawing: LetterDrawing, page: int, keep) -> QImage:
    """Page `page` with only the lines `keep(k)` accepts, on white."""
    layout = drawing.layout
    drawing.plan()
    img = _image(layout)
    saved = layout.pages[page]
    layout.pages[page] = [ln for k, ln in enumerate(saved) if keep(k)]
    tint = layout.options.paper_tint
    layout.options.paper_tint = False
    try:
        painter = QPainter(img)
        drawing.paint_page(painter, page, DPI / layout.DOC_DPI)
        painter.end()
    finally:
        layout.pages[page] = saved
        layout.options.paper_tint = tint
    return img


def collisions(drawing: LetterDrawing) -> int:
    """Pixels where the ink of one line touches ink of the line before or after it, over all pages."""
    total = 0
    for page in range(drawing.layout.page_count):
        even = _ink_bits(paint_lines(drawing, page, lambda k: k % 2 == 0))
        odd = _ink_bits(paint_lines(drawing, page, lambda k: k % 2 == 1))
        total += (even & odd).bit_count()
    return total


def rows_of_ink(img: QImage) -> list[int]:
    """Ink pixels per row."""
    w, h = img.width(), img.height()
    data = _pixels(img).translate(_ONES)
    return [data[y * w : y * w + w].count(1) for y in range(h)]


def cols_of_ink(img: QImage) -> list[int]:
    h, w = img.height(), img.width()
    data = _pixels(img).translate(_ONES)
    counts = [0] * w
    for y in range(h):
        row = data[y * w : y * w + w]
        start = row.find(1)
        while start >= 0:
            counts[start] += 1
            start = row.find(1, start + 1)
    return counts


@dataclass
class Rhythm:
    pitches: list[float]  # baseline to baseline inside paragraphs, in points
    margins: list[float]  # the left edge of lines that start at the margin, in points
    early_breaks: int  # lines broken though the next word fitted with an em to spare
    lines: int


def rhythm(layout: LetterLayout) -> Rhythm:
    """Line pitch, the left margin line by line, and breaks a writer would not make."""
    pt = 72 / layout.DOC_DPI
    pitches: list[float] = []
    margins: list[float] = []
    early = 0
    count = 0
    for page in layout.pages:
        for prev, line in zip(page, page[1:], strict=False):
            if line.para == prev.para and line.kind == prev.kind == "body":
                pitches.append((layout.baseline(line) - layout.baseline(prev)) * pt)
        for k, line in enumerate(page):
            count += 1
            if line.kind == "body" and line.words and not (k and page[k - 1].para != line.para):
                margins.append(line.words[0].x * pt)
            nxt = page[k + 1] if k + 1 < len(page) else None
            if nxt is None or nxt.para != line.para or not line.words or not nxt.words:
                continue
            if line.kind != "body" or "\n" in _between(layout, line, nxt):
                continue
            last = line.words[-1]
            end = last.x + last.width * last.scale
            following = nxt.words[0]
            room = layout.shape(following.text).width * following.scale
            if end + layout.space + room <= layout.right - layout.em:
                early += 1
    return Rhythm(pitches, margins, early, count)


def _between(layout: LetterLayout, line, nxt) -> str:
    a = line.words[-1].offset + len(line.words[-1].text)
    return layout.text[a : nxt.words[0].offset]


def drift(values: list[float]) -> tuple[float, float]:
    """(mean step from one value to the next, range): a drift moves in small steps over a wide range."""
    if len(values) < 2:
        return 0.0, 0.0
    steps = [abs(b - a) for a, b in zip(values, values[1:], strict=False)]
    return statistics.mean(steps), max(values) - min(values)


def ink_box(img: QImage) -> tuple[int, int, int, int] | None:
    """(left, top, right, bottom) of the ink, in pixels; None on a blank image."""
    rows, cols = rows_of_ink(img), cols_of_ink(img)
    ys = [y for y, n in enumerate(rows) if n]
    xs = [x for x, n in enumerate(cols) if n]
    if not ys:
        return None
    return xs[0], ys[0], xs[-1] + 1, ys[-1] + 1


def signature_ratio(drawing: LetterDrawing) -> float:
    """The signature's ink per letter across, beside the body's (the last line against the body lines)."""
    layout = drawing.layout
    page = layout.page_count - 1
    lines = layout.pages[page]
    sig = len(lines) - 1
    drawing.plan()
    drawing.flourishes.clear()  # the letters alone: the stroke under the name is no letter
    img = paint_lines(drawing, page, lambda k: k == sig)
    box = ink_box(img)
    sig_text = " ".join(w.text for w in lines[sig].words)
    per_sig = (box[2] - box[0]) / max(1, len(sig_text))
    body = []
    for p in range(layout.page_count):
        for k, ln in enumerate(layout.pages[p]):
            if ln.kind == "body" and not ln.last_of_para and ln.words:
                b = ink_box(paint_lines(drawing, p, lambda j, k=k: j == k))
                text = " ".join(w.text for w in ln.words)
                if b:
                    body.append((b[2] - b[0]) / max(1, len(text)))
            if len(body) >= 4:
                break
    return per_sig / statistics.median(body)


def card_space(drawing: LetterDrawing) -> tuple[float, float]:
    """(empty fraction above the note, empty fraction below it) on the card's panel."""
    layout = drawing.layout
    img = paint_lines(drawing, 0, lambda k: True)
    box = ink_box(img)
    k = DPI / layout.DOC_DPI
    top, bottom = layout.top * k, layout.bottom * k
    height = bottom - top
    return max(0.0, (box[1] - top) / height), max(0.0, (bottom - box[3]) / height)


def layout_for(text_letter, font: str, paper: str, seed: int, hand: str = "natural") -> LetterLayout:
    ensure_gui_app()
    return LetterLayout(text_letter, PdfOptions(font_family=font, paper=paper, seed=seed, hand=hand))


def report() -> None:  # pragma: no cover - a person's check, not a test
    from letterwriter.export.fonts import installed_handwriting_fonts
    from letterwriter.export.paper import PAPER_NAMES

    ensure_gui_app()
    lib = library()
    long, note = letter(lib=lib), letter("thank_you", NOTE_BRIEF, lib)
    for font in installed_handwriting_fonts():
        for paper in PAPER_NAMES:
            card = paper.endswith("card")
            hits, early, lines, pitch_sd, steps, spans, sig, below = 0, 0, 0, [], [], [], [], []
            for seed in (1, 2, 3):
                layout = layout_for(note if card else long, font, paper, seed)
                drawing = LetterDrawing(layout)
                hits += collisions(drawing) > 0
                r = rhythm(layout)
                early += r.early_breaks
                lines += r.lines
                if len(r.pitches) > 1:
                    pitch_sd.append(statistics.pstdev(r.pitches))
                step, span = drift(r.margins)
                steps.append(step)
                spans.append(span)
                sig.append(signature_ratio(drawing))
                if card:
                    below.append(card_space(drawing))
            fill = " ".join(f"{a:.2f}/{b:.2f}" for a, b in below)
            print(
                f"{font:15} {paper:9} collide {hits}/3  early {early}/{lines}  pitch sd "
                f"{statistics.mean(pitch_sd or [0]):.2f}pt  margin step {statistics.mean(steps):.1f} "
                f"span {statistics.mean(spans):.1f}pt  sig {statistics.mean(sig):.2f}  card {fill}"
            )


if __name__ == "__main__":  # pragma: no cover
    report()
