"""A letter laid out by hand: words on lines, lines on pages or a card's panel, in the hand's rhythm (QtGui).

The layout is our own, on a fixed grid of LetterLayout.DOC_DPI, so line and page breaks
follow letter-writing habits (no closing alone on a page, no stranded line), and the
same layout previews, prints and exports: paper, margins, breaks and every drift of the
hand match wherever the letter is seen. Drawing it is export/paint.py's.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QFontMetricsF, QPagedPaintDevice, QPageLayout, QPageSize

from letterwriter.export import hand as hands
from letterwriter.export.fonts import choose_font, ensure_gui_app, letter_font
from letterwriter.export.options import PdfOptions
from letterwriter.export.paper import Paper, get_paper
from letterwriter.export.shaping import Shaped, shape_word
from letterwriter.export.spacing import CLEARANCE_EM, COLUMN_EM, InkProfile, needed_pitch, word_boxes
from letterwriter.templates import RenderedLetter


@dataclass
class PlacedWord:
    """A word where the hand puts it: its start on the line, its slope, size and ink."""

    text: str
    x: float
    y: float  # baseline at the word's start
    width: float
    index: int  # position in the whole letter: the seed of its wobble
    slope: float = 0.0  # degrees the line climbs here
    fade: float = 0.0  # how far this word's ink has lightened towards the paper
    scale: float = 1.0
    offset: int = 0  # where the word starts in the letter's text
    loose: float = 1.0  # how much wider than the font the letters are spaced (a signature's)


@dataclass
class Line:
    """A line of placed words, and what part of the letter it belongs to."""

    words: list[PlacedWord]
    para: int
    kind: str  # date | salutation | body | closing
    gap_before: float  # space above the line when it is not first on a page
    last_of_para: bool = False
    y: float = 0.0  # top of the line box on its page, set by pagination
    height: float = 0.0  # the line box: the hand's pitch, varying a little from line to line
    signature: bool = False
    own_size: bool = False  # written at a size of its own (its words' scale), as an envelope's return address


# A signature is written larger and looser than the letter, and underlined with a flourish.
SIGNATURE_SCALE = 1.32
SIGNATURE_LOOSE = 1.07  # its letters a little further apart
PITCH_VARY = 0.035  # how far a line's pitch strays from the hand's, either way
CARD_FULL = 0.8  # a card note filling less of its panel than this is written larger
CARD_GROWTH = 1.35  # at most this much larger
CARD_TIGHTEN_LINES = 2  # a note this many lines too long is written up to a tenth smaller instead


class LetterLayout:
    """A letter laid out on its paper: fonts, lines, pages, and how full a card is.

    Paint it with paint.LetterDrawing; pass a `device` (a PDF writer, a printer) to give it
    the paper's page layout.
    """

    # The document is laid out in its own units, DOC_DPI to the inch, with fonts sized in
    # pixels of those units; painting scales to the device. No screen or device DPI enters
    # the layout, so the PDF, the printer and the preview break lines identically.
    DOC_DPI = 288
    LINE_SPACING = 1.35  # a line and a third: a hand on unruled paper
    # on a card people write closer (a line's ascenders to descenders plus a little), and
    # leave less between paragraphs
    CARD_LINE_SPACING = 1.15
    CARD_PITCH_X_HEIGHTS = 3.6  # a line every 3.6 x-heights at most, as on ruled paper
    SHEET_PITCH_X_HEIGHTS = 5.0
    CARD_MAX_X_HEIGHT_MM = 2.0  # the small letters of a hand on a card: about 2 mm

    def __init__(
        self,
        letter: RenderedLetter,
        options: PdfOptions,
        device: QPagedPaintDevice | None = None,
        paper: Paper | None = None,
    ):
        ensure_gui_app()
        options.validate()
        self.options = options
        # `paper`: a page that is not one of PAPERS (the book of letters' text block)
        self.paper = paper or get_paper(options.paper)
        self.family, default_size = choose_font(options.font_family)
        self.amounts = hands.AMOUNTS[options.hand]
        self.client_seed = hands.client_seed(options.seed, str(letter.values.get("sender_name", "")))
        self.letter_seed = hands.letter_seed(self.client_seed, letter.text)
        self.persona = hands.persona(self.client_seed, options.hand)
        self.page_layout = self._page_layout()
        if device is not None:
            device.setPageLayout(self.page_layout)
        rect = self.page_layout.fullRectPixels(self.DOC_DPI)
        self.page_size = QSizeF(rect.width(), rect.height())
        px = self.DOC_DPI / 25.4
        self.top = self.paper.top_mm * px
        self.bottom = self.page_size.height() - self.paper.bottom_mm * px
        self.left = self.paper.inner_mm * px
        self.right = self.page_size.width() - self.paper.outer_mm * px
        self.text = letter.text
        self.offset_y = 0.0  # a card's note moved down to sit in the middle of its panel
        self._compose(letter, (options.font_size or default_size) * self.paper.hand_scale, card_size=True)
        if self.paper.card and not self.overflow_lines and 0 < self.fill < CARD_FULL:
            self._fill_card(letter)
        elif self.paper.card and 0 < self.overflow_lines <= CARD_TIGHTEN_LINES:
            # a writer who sees the card fill up writes the last lines a little smaller
            size = self.size
            # one try, from how far over it is: each try lays the letter out again (the meter's cost)
            self._compose(letter, size * max(0.9, 1 - 0.05 * self.overflow_lines))
            if self.overflow_lines:
                self._compose(letter, size)

    def _fill_card(self, letter: RenderedLetter) -> None:
        """A short note written larger to fill its card's panel, else centred on it, as people do.

        The ink's area grows with the square of the size: one try at the size that fills the
        panel to about nine tenths, a smaller one if that overflowed, and the note as it was
        if both did. What is left of the panel is shared above and below the note.
        """
        size, fill = self.size, self.fill
        growth = min(CARD_GROWTH, math.sqrt(0.9 / fill))
        for k in (growth, 1 + (growth - 1) / 2):
            if k < 1.03:
                break
            self._compose(letter, size * k)
            if not self.overflow_lines and self.fill <= 0.97:
                break
        else:
            self._compose(letter, size)
        if self.overflow_lines:  # never when the note fitted as it was; kept as a guard
            self._compose(letter, size)
        spare = (self.bottom - self.top) * (1 - self.fill)
        if spare > 0 and len(self.pages) == 1:
            self.offset_y = spare * 0.45  # a little above the middle: the eye's middle
            for line in self.pages[0]:
                line.y += self.offset_y

    def _compose(self, letter: RenderedLetter, size: float, card_size: bool = False) -> None:
        """Lay the letter out with its hand at `size` points: fonts, pitch, lines and pages."""
        px = self.DOC_DPI / 25.4
        self.size = size
        self.font = letter_font(self.family, self.size * self.persona.size, self.DOC_DPI)
        metrics = QFontMetricsF(self.font)
        if card_size and self.paper.card and _ink_x_height(metrics) > self.CARD_MAX_X_HEIGHT_MM * px:
            # People write small on a card: a hand with big small letters (Kristi's are 2.7 mm
            # at the card's size, Dancing Script's 1.5 mm) is written smaller there.
            self.size *= self.CARD_MAX_X_HEIGHT_MM * px / _ink_x_height(metrics)
            self.font = letter_font(self.family, self.size * self.persona.size, self.DOC_DPI)
            metrics = QFontMetricsF(self.font)
        self.em = metrics.height()
        self._ascent = metrics.ascent()
        if self.paper.card:
            # On a card lines are as close as the hand's small letters allow: the pitch is the
            # ink of a line of them (ascenders to descenders), not the font's declared height,
            # which for DkgHandwriting is 2.3 times its size and left 11 lines on an A6 card;
            # and, as on ruled paper, never more than a few x-heights, so long loops interleave.
            ink = _lowercase_ink(metrics) * self.CARD_LINE_SPACING
            self.line_height = min(ink, _ink_x_height(metrics) * self.CARD_PITCH_X_HEIGHTS)
            # gaps, indents and the wobble, all in ems, follow the hand's size, not the loops
            self.em = min(self.em, self.line_height / self.CARD_LINE_SPACING)
        else:
            # A hand with very long loops (DkgHandwriting's are five x-heights, its declared
            # height 2.3 times its size) would leave a short note two half-empty sheets: its
            # lines come no further apart than five x-heights, and the loops interleave as
            # they do on a card. The other hands are under that already.
            self.line_height = min(
                self.em * self.LINE_SPACING, _ink_x_height(metrics) * self.SHEET_PITCH_X_HEIGHTS
            )
            self.em = min(self.em, self.line_height / self.LINE_SPACING)
        self._gap_scale = 0.6 if self.paper.card else 1.0
        self.space = metrics.horizontalAdvance(" ") * self.persona.spacing
        self._font_key = self.font.key()
        self._shapes: dict[str, Shaped] = {}
        self.squeezed: dict[str, float] = {}  # words written smaller to fit a line (see _fitted_room)
        self._word_metrics: dict[str, tuple[float, float, float]] = {}
        lines = self._lines(letter)
        self._keep_apart(lines)
        self._locate_words(lines)
        self.pages, self.fill, self.overflow_lines = self._paginate(lines)

    def _page_layout(self) -> QPageLayout:
        standard = {"letter": QPageSize.PageSizeId.Letter, "a4": QPageSize.PageSizeId.A4}
        if self.paper.name in standard:
            size = QPageSize(standard[self.paper.name])
        else:
            size = QPageSize(
                QSizeF(self.paper.width_mm, self.paper.height_mm),
                QPageSize.Unit.Millimeter,
                self.paper.label,
                QPageSize.SizeMatchPolicy.ExactMatch,
            )
        return QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))

    def shape(self, word: str) -> Shaped:
        """The word shaped in the letter's font (once per layout)."""
        found = self._shapes.get(word)
        if found is None:
            found = self._shapes[word] = shape_word(self.font, word, self._font_key)
        return found

    def _metrics(self, word: str) -> tuple[float, float, float]:
        """A word's (room, squeeze, width from its origin to its ink's end), once per layout."""
        found = self._word_metrics.get(word)
        if found is None:
            room = self._room(word)
            fitted = self._fitted_room(word, self.right - self.left)
            found = self._word_metrics[word] = (room, fitted / room if room else 1.0, room - self._lead(word))
        return found

    def _room(self, word: str) -> float:
        shaped = self.shape(word)
        if not self.amounts.glyph_rot:
            return shaped.width
        return self._lead(word) + max(shaped.width, shaped.extent)

    def _fitted_room(self, word: str, width: float) -> float:
        """A word's room, squeezed when even a line of its own could not hold it.

        A writer who meets a word longer than the line (a 60-letter name on a card) writes it
        smaller; it once ran off the paper, clipped, with "fits" on the meter.
        """
        room = self._room(word)
        # a line's worst case: the first line's indent, the ragged end, the wandering
        # margin, and the hand's larger words
        a, em = self.amounts, self.em
        most = width - em * 1.6 - (a.ragged + 3 * a.margin_wander) * em
        need = room * (1 + a.word_scale) * SIGNATURE_SCALE
        if need > most > 0:
            self.squeezed[word] = most / need
            return room * most / need
        return room

    def _lead(self, word: str) -> float:
        """How far a word's first letter reaches back before its origin (Dancing Script's t), by hand.

        At most a fifth of a space: a long loop below the line (DkgHandwriting's g) passes
        under the word before it, and more room there split "With gratitude" in pdftotext.
        """
        return min(self.shape(word).lead, self.space * 0.2) if self.amounts.glyph_rot else 0.0

    # -- lines ------------------------------------------------------------------------------
    def _lines(self, letter: RenderedLetter) -> list[Line]:
        """Every line of the letter, its words placed as a hand places them, in reading order.

        One random stream walks the letter, so the same letter and seed lay out the same. The
        left margin drifts slowly (the writer's eye keeps it, not a ruler), the right limit
        wanders a little, the pitch strays a few per cent, and a line breaks only when its
        next word, as it will really be written, does not fit before that limit.
        """
        a = self.amounts
        on = 1.0 if a.glyph_rot else 0.0
        rng = random.Random(self.letter_seed)
        paragraphs = letter.paragraphs
        em = self.em
        lines: list[Line] = []
        index = 0
        self._margin = 0.0
        self._slack = rng.uniform(0, a.ragged) * em
        walk = 0.0
        n = len(paragraphs)
        for i, par in enumerate(paragraphs):
            kind = "body"
            if i == 0 and n > 2:
                kind = "date"
            elif i == 1 and n > 3:
                kind = "salutation"
            elif i == n - 1 and n > 2:
                kind = "closing"
            gap = {"date": 0.0, "salutation": em * 1.2, "body": em * 0.55, "closing": em * 0.9}[kind]
            if kind == "body" and i == 2:
                gap = em * 0.7
            if kind == "closing":
                gap = em * 0.55 + em * 0.9
            gap *= self._gap_scale * (1 + rng.uniform(-0.2, 0.2) * on)
            hard_lines = par.split("\n")
            first = True
            for j, hard in enumerate(hard_lines):
                words = hard.split()
                signature = kind == "closing" and j == len(hard_lines) - 1 and j > 0 and 0 < len(words) <= 4
                for placed in self._break(words, kind, j == 0 and kind == "body", signature, rng, index):
                    walk = walk * 0.6 + rng.uniform(-1, 1) * PITCH_VARY * on
                    height = self.line_height * (1 + walk)
                    if signature:
                        height *= 1 + (SIGNATURE_SCALE - 1) * 0.6
                    lines.append(
                        Line(placed, i, kind, gap if first else 0.0, height=height, signature=signature)
                    )
                    index += len(placed)
                    first = False
            if lines:
                lines[-1].last_of_para = True
        return lines

    def _step_margin(self, rng: random.Random) -> None:
        """The left margin and the right limit move a little from one line to the next, as a hand's do."""
        a, em = self.amounts, self.em
        wander = a.margin_wander * em
        # pulled back towards where it began, pushed by the writer's own creep and a small step
        self._margin = (
            self._margin * 0.85 + self.persona.margin_creep * em + rng.uniform(-1, 1) * wander * 0.45
        )
        self._margin = min(max(self._margin, -1.5 * wander), 3.0 * wander)
        self._slack = min(max(self._slack + rng.uniform(-0.5, 0.5) * a.ragged * em, 0.0), a.ragged * em)

    def _break(self, words: list[str], kind: str, indented: bool, signature: bool, rng, index: int):
        """One hard line of the letter, broken into lines of placed words where they no longer fit."""
        a, em = self.amounts, self.em
        on = 1.0 if a.glyph_rot else 0.0
        grow = SIGNATURE_SCALE if signature and on else 1.0
        loose = SIGNATURE_LOOSE if signature and on else 1.0
        items = []
        r = rng.random  # random() is quicker than uniform(): this runs for every word of every letter
        word_scale, word_space, space = a.word_scale * 2, a.word_space, self.space
        for w in words:
            room0, squeeze, _width = self._metrics(w)
            scale = (1.0 + (r() - 0.5) * word_scale) * grow * squeeze
            gap = space * (1 + (r() * 1.1 - 0.1) * word_space) * grow
            items.append((w, scale, gap, room0 * scale * loose))
        total = sum(room for *_, room in items) + sum(gap for _w, _s, gap, _r in items[1:])
        limit = self.right - self._slack
        if kind == "closing":
            x0 = self.page_size.width() * 0.5 + self._margin
            # a long closing starts further left so that it still ends inside the margin
            x0 = max(self.left + self._margin, min(x0, limit - total))
        elif kind == "date":
            x0 = limit - total
        else:
            x0 = (
                self.left
                + self._margin
                + (em * 1.6 * (1 + rng.uniform(-0.15, 0.15) * on) if indented else 0.0)
            )
        out: list[list[PlacedWord]] = []
        line: list[tuple[str, float, float, float]] = []  # (word, scale, x, room)
        x = x0
        for k, (w, scale, gap, room) in enumerate(items):
            start = x + gap if line else x
            if line and start + room > limit and k == len(items) - 1 and x + gap * 0.6 + room <= self.right:
                # the last word squeezed in up to the margin, not left alone on a line ("mine.")
                start = x + gap * 0.6
            elif line and start + room > limit:
                out.append(self._finish(line, x0, rng, index, loose))
                index += len(line)
                self._step_margin(rng)
                limit = self.right - self._slack
                x0 = x = start = self.left + self._margin
                line = []
            line.append((w, scale, start, room))
            x = start + room
        if line or not out:
            out.append(self._finish(line, x0, rng, index, loose))
        self._step_margin(rng)
        return out

    def _finish(self, line, x0: float, rng, index: int, loose: float) -> list[PlacedWord]:
        """A line's words with the line's slope and bow, and each word's ink."""
        a, em = self.amounts, self.em
        slope = self.persona.slope_bias + rng.uniform(-1, 1) * a.line_slope
        bend = rng.uniform(-1, 1) * a.line_bend * em
        tan = math.tan(math.radians(slope))
        span = max((line[-1][2] + line[-1][3] - x0) if line else 0.0, em)
        placed = []
        fade_most = a.ink_fade
        r = rng.random
        for k, (text, scale, x, _room) in enumerate(line):
            t = (x - x0) / span
            dy = (x - x0) * -tan + bend * 4 * t * (1 - t)
            fade = r() * fade_most if fade_most else 0.0
            room0, _squeeze, width = self._metrics(text)  # width: origin to the ink's end, unscaled
            lead = (room0 - width) * scale if k else 0.0  # a lead-in stroke starts after the gap
            placed.append(PlacedWord(text, x + lead, dy, width, index + k, slope, fade, scale, loose=loose))
        return placed

    def _keep_apart(self, lines: list[Line]) -> None:
        """Where a line's loops would meet the next line's ink, that line goes down just far enough.

        Type set plainly (--hand none) keeps the font's own pitch: straight lines of the offered
        fonts at it never meet (tests/core/test_hand_measured.py measures both).
        """
        if not self.amounts.glyph_rot:
            return
        slant = self.persona.slant
        clearance = CLEARANCE_EM * self.em
        profiles = []
        for line in lines:
            profile = InkProfile(COLUMN_EM * self.em, self.page_size.width())
            for word in line.words:
                profile.add(word_boxes(self.shape(word.text), slant), word.x, word.y, word.scale)
            profiles.append(profile)
        for k in range(1, len(lines)):
            line = lines[k]
            pitch = line.gap_before + line.height
            need = needed_pitch(profiles[k - 1], profiles[k], clearance)
            if need > pitch:
                line.gap_before += need - pitch

    def _locate_words(self, lines: list[Line]) -> None:
        at = 0
        for line in lines:
            for word in line.words:
                found = self.text.find(word.text, at)
                word.offset = found if found >= 0 else at
                at = word.offset + len(word.text) if found >= 0 else at

    def text_rects(self, text: str, start: int, end: int) -> list[tuple[int, QRectF]]:
        """Where the span [start, end) of `text` (the letter as shown, code points) sits on paper.

        Returns (page index, rectangle in layout units on that page) per line it covers;
        the window draws its issue underlines there, under the hand's own wobble.
        """
        s, e = self._to_own(text, start), self._to_own(text, end)
        if s is None or e is None or e <= s:
            return []
        metrics = QFontMetricsF(self.font)
        ascent = metrics.ascent()
        out: list[tuple[int, QRectF]] = []
        for index, page in enumerate(self.pages):
            for line in page:
                base = self.baseline(line)
                rect: QRectF | None = None
                for word in line.words:
                    a, b = max(s, word.offset), min(e, word.offset + len(word.text))
                    if a >= b:
                        continue
                    k = word.scale
                    # the drawn (shaped) widths: QFontMetricsF measures with the font's
                    # features and kerning as Qt sets them, not as the word is drawn ("Of"
                    # came out 6% wider than its drawing)
                    x0 = word.x + self._prefix_width(word, a - word.offset) * k
                    x1 = word.x + self._prefix_width(word, b - word.offset) * k
                    part = QRectF(x0, base + word.y - ascent, x1 - x0, ascent * 1.18)
                    rect = part if rect is None else rect.united(part)
                if rect is not None:
                    out.append((index, rect))
        return out

    def _prefix_width(self, word: PlacedWord, n: int) -> float:
        """How far the first `n` characters of a placed word reach, as drawn (before its scale)."""
        if n <= 0:
            return 0.0
        if n >= len(word.text):
            return word.width
        return self.shape(word.text[:n]).width

    def _to_own(self, text: str, offset: int) -> int | None:
        """An offset in `text` as an offset in this layout's letter, paragraph by paragraph."""
        if text == self.text or text.rstrip("\n") == self.text.rstrip("\n"):
            return offset
        at_text = at_own = 0
        for par in self.text.split("\n\n"):
            found = text.find(par, at_text) if par else -1
            own = self.text.find(par, at_own)
            if found >= 0 and found <= offset <= found + len(par):
                return own + offset - found
            if found >= 0:
                at_text = found + len(par)
            at_own = own + len(par)
        return None

    # -- pages ------------------------------------------------------------------------------
    def _paginate(self, lines: list[Line]) -> tuple[list[list[Line]], float, int]:
        """Break lines into pages: never a closing alone, no single line of a paragraph stranded."""
        avail = self.bottom - self.top
        # how full one page is, and by how many lines the letter overflows it
        total = sum(ln.gap_before for ln in lines[1:]) + sum(ln.height for ln in lines)
        fill = total / avail if avail > 0 else 1.0
        overflow = max(0, math.ceil((total - avail) / self.line_height - 1e-6)) if total > avail else 0
        breaks: list[int] = []
        start, y = 0, 0.0
        i = 0
        while i < len(lines):
            need = (lines[i].gap_before if i > start else 0.0) + lines[i].height
            if y + need > avail + 1e-6 and i > start:
                b = self._better_break(lines, start, i)
                breaks.append(b)
                start, y, i = b, 0.0, b
                continue
            y += need
            i += 1
        pages: list[list[Line]] = []
        bounds = [0, *breaks, len(lines)]
        for s, e in zip(bounds, bounds[1:], strict=False):
            page = lines[s:e]
            y = self.top
            for k, ln in enumerate(page):
                y += ln.gap_before if k else 0.0
                ln.y = y
                y += ln.height
            pages.append(page)
        return pages or [[]], fill, overflow

    def _better_break(self, lines: list[Line], start: int, b: int) -> int:
        """Move a page break up so the closing keeps two body lines and no line is stranded."""
        first_closing = next((k for k, ln in enumerate(lines) if ln.kind == "closing"), None)
        if first_closing is not None and b > first_closing - 2:
            # the closing and signature are never split, and at least two lines of the
            # letter go over with them
            b = first_closing - 2
        para = lines[b].para
        before = sum(1 for k in range(start, b) if lines[k].para == para)
        after = sum(1 for k in range(b, len(lines)) if lines[k].para == para)
        if before == 1:
            b -= 1  # no first line of a paragraph alone at the foot of a page
        elif after == 1:
            # no last line of a paragraph alone at the top of the next: it takes one more
            # line with it, or the whole paragraph when that would leave one line behind
            b -= 1 if before >= 3 else before
        if b - 1 > start and lines[b - 1].kind == "salutation":
            b -= 1  # "Dear Sam," never ends a page
        return max(b, start + 1)

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def baseline(self, line: Line) -> float:
        """Where the line's words sit, on its page."""
        return line.y + line.height - self.line_height + self._ascent + (self.line_height - self.em) / 2


def _lowercase_ink(metrics: QFontMetricsF) -> float:
    """From the top of the small letters' ascenders to the bottom of their descenders."""
    rect = metrics.tightBoundingRect("bdfhklgjpqy")
    return max(rect.height(), metrics.xHeight() * 2)


def _ink_x_height(metrics: QFontMetricsF) -> float:
    """The height of the small letters as drawn (the fonts' own x-height values are unreliable)."""
    return sorted(metrics.tightBoundingRect(c).height() for c in "nuo")[1]


def fit(letter: RenderedLetter, options: PdfOptions | None = None) -> tuple[float, int]:
    """How full one page (a card's panel, a sheet) is, and by how many lines the letter overflows it.

    Fast enough to call on every keystroke (word shapes are cached): the "fits this card" meter.
    A fraction above 1 on a sheet means the letter continues on another page.
    """
    layout = LetterLayout(letter, options or PdfOptions())
    return layout.fill, layout.overflow_lines
