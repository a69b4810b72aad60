"""The book set on its pages: front matter, each letter from a new page, on one baseline grid (QtGui).

Every page's lines sit on the same grid (facing pages line up), in EB Garamond. A letter
opens a page under its heading (its date line, then "To Tobias"), the salutation flush
left, the body justified with indented paragraphs, the closing set in from the left. Pages
break with no first line of a paragraph alone at a page's foot, no last line alone at the
next one's head, the closing kept with the two lines before it and the salutation with the
two after. Running heads (the book's title on the left page, the letter on the right) and
folios (roman in the front matter, arabic from the first letter) frame the text. With the
hand face each letter is written in its own hand (export/layout.py) under a heading set in type.

The layout is in units of DOC_DPI to the inch (20 to a point), device-free: the PDF, the
preview and the page count all come from the same layout.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QFontMetricsF

from letterwriter.book.lines import break_words
from letterwriter.book.model import Book, BookLetter
from letterwriter.book.trim import Trim, estimate_pages, get_trim, gutter_mm
from letterwriter.export.fonts import EMOJI_FONT, SUBSTITUTING_FEATURES, ensure_gui_app

DOC_DPI = 1440
PT = DOC_DPI / 72
MM = DOC_DPI / 25.4
BOOK_FACES = ("EB Garamond 12", "EB Garamond")  # fonts-ebgaramond; the 12 is cut for text sizes
FALLBACK_FACE = "DejaVu Serif"  # when EB Garamond is not installed, and for letters it lacks
INK = "#111111"

# Grid lines on a letter's opening page: the drop above the heading, the heading, the gap.
SINK = 5
HEADING_LINES = 4  # the date line, "To Tobias" (two lines of the grid), a blank line
CLOSING_AT = 0.42  # the closing starts this far across the measure
PARA_INDENT = 1.0  # ems


@dataclass
class SetLine:
    """A line of type: where its baseline starts in the text block, its text, style and justification."""

    x: float
    y: float
    text: str
    style: str
    spacing: float = 0.0  # added to each space: the line justified


@dataclass
class HandPage:
    """A page of a letter written in its hand (export's LetterDrawing), placed in the text block."""

    drawing: Any
    index: int
    dy: float


@dataclass
class Page:
    kind: str  # title | colophon | contents | blank | letter
    lines: list[SetLine] = field(default_factory=list)
    recto: bool = True  # a right-hand page: its inner margin on the left
    folio: str = ""
    head: str = ""  # the running head
    hand: HandPage | None = None
    opens: int | None = None  # the letter (its index in the book) that starts on this page


@dataclass
class _Row:
    """One grid line of a letter before pagination; `glue` forbids a page break before it."""

    lines: list[SetLine]  # y is filled in when the row gets its page
    glue: bool = False
    blank: bool = False


class Styles:
    """The book's fonts by role, their metrics, and word widths measured once."""

    def __init__(self, trim: Trim) -> None:
        ensure_gui_app()
        families = set(QFontDatabase.families())
        self.face = next((f for f in BOOK_FACES if f in families), FALLBACK_FACE)
        body = trim.body_pt
        spec = {
            "body": (body, False, False),
            "italic": (body, True, False),
            "heading": (body * 1.55, False, False),
            "head": (body * 0.85, False, True),  # running heads: small capitals
            "folio": (body * 0.9, False, False),
            "title": (body * 2.4, False, False),
            "subtitle": (body * 1.3, False, False),
            "small": (body * 0.85, True, False),
        }
        self.fonts: dict[str, QFont] = {}
        self.metrics: dict[str, QFontMetricsF] = {}
        for name, (size, italic, caps) in spec.items():
            font = QFont()
            font.setFamilies([self.face, FALLBACK_FACE, EMOJI_FONT])
            font.setPixelSize(round(size * PT))
            font.setItalic(italic)
            font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
            font.setKerning(True)
            for tag in SUBSTITUTING_FEATURES:  # a ligature glyph has no character: pdftotext lost "fi"
                font.setFeature(QFont.Tag(tag), 0)
            if caps:
                font.setCapitalization(QFont.Capitalization.SmallCaps)
            self.fonts[name] = font
            self.metrics[name] = QFontMetricsF(font)
        self._widths: dict[str, dict[str, float]] = {name: {} for name in spec}

    def width(self, style: str, text: str) -> float:
        cache = self._widths[style]
        found = cache.get(text)
        if found is None:
            found = cache[text] = self.metrics[style].horizontalAdvance(text)
        return found

    def space(self, style: str) -> float:
        return self.width(style, " ")


class BookLayout:
    """A Book on the pages of its trim: `pages`, the page each letter opens on, the front matter's length."""

    def __init__(
        self,
        book: Book,
        trim: str = "a5",
        face: str = "book",
        *,
        settings: Mapping[str, Any] | None = None,
        max_pages: int | None = None,
        report: Callable[[int, int], None] | None = None,
    ) -> None:
        self.book = book
        self.trim = get_trim(trim)
        self.face = face
        self.settings = settings or {}
        self.styles = Styles(self.trim)
        self.warnings: list[str] = []
        self._report = report
        t = self.trim
        self.leading = t.leading_pt * PT
        m = self.styles.metrics["body"]
        self.ascent, self.descent = m.ascent(), m.descent()
        self.page_w, self.page_h = t.width_mm * MM, t.height_mm * MM
        self.top = t.top_mm * MM
        block = self.page_h - self.top - t.bottom_mm * MM
        self.rows_per_page = int((block - self.ascent - self.descent) // self.leading) + 1
        self.block_h = (self.rows_per_page - 1) * self.leading + self.ascent + self.descent
        self.outer = t.outer_mm * MM
        self._hands: dict[tuple, Any] = {}
        # the inner margin depends on the page count and the page count on the measure: set it
        # again while the count moves the book into another step of the gutter
        words = [len(letter.text.split()) for letter in book.letters]
        inner = gutter_mm(t, estimate_pages(t, words, hand=face == "hand"))
        for _ in range(3):
            self.inner = inner * MM
            self.width = self.page_w - self.inner - self.outer
            self._set(max_pages)
            need = gutter_mm(t, len(self.pages))
            if need <= inner:
                break
            inner = need
        self.inner_mm = inner

    # -- the whole book ---------------------------------------------------------------------
    def _set(self, max_pages: int | None) -> None:
        body: list[Page] = []
        self.openings: list[int] = []  # body page index where each letter opens
        total = len(self.book.letters)
        for k, letter in enumerate(self.book.letters):
            self.openings.append(len(body))
            body += self._letter_pages(k, letter)
            if self._report:
                self._report(k + 1, total)
            if max_pages is not None and len(body) > max_pages:
                raise TooManyPages(len(body))
        front = [self._title_page(), self._colophon()]
        contents = self._contents_pages()
        front += contents
        if len(front) % 2:
            front.append(Page("blank"))  # the first letter opens on a right-hand page
        for i, page in enumerate(front):
            page.recto = i % 2 == 0
            if page.kind == "contents" and i > 2:
                page.folio = _roman(i + 1)
        for i, page in enumerate(body):
            page.recto = i % 2 == 0
            page.folio = str(i + 1)
        pages = front + body
        if len(pages) % 2:
            pages.append(Page("blank", recto=False))  # a printed book has leaves: an even count
        self.front_count = len(front)
        self.pages = pages
        self._running_heads()

    def opening_page(self, k: int) -> int:
        """The page (0-based, in the whole PDF) where letter `k` opens."""
        return self.front_count + self.openings[k]

    def folio_of(self, k: int) -> str:
        """The printed page number of letter `k`'s first page, as the contents gives it."""
        return str(self.openings[k] + 1)

    # -- grid ---------------------------------------------------------------------------------
    def baseline(self, row: int) -> float:
        return self.ascent + row * self.leading

    def _centered(self, style: str, text: str, row: float) -> SetLine:
        w = self.styles.width(style, text)
        return SetLine(max(0.0, (self.width - w) / 2), self.baseline(row), text, style)

    def _wrapped(self, style: str, text: str, width: float | None = None) -> list[str]:
        words = text.split()
        widths = [self.styles.width(style, w) for w in words]
        spans = break_words(widths, self.styles.space(style), width or self.width * 0.8)
        return [" ".join(words[a:b]) for a, b in spans]

    # -- front matter -------------------------------------------------------------------------
    def _title_page(self) -> Page:
        page = Page("title")
        row = self.rows_per_page * 0.22
        for line in self._wrapped("title", self.book.title):
            page.lines.append(self._centered("title", line, row))
            row += 2.6
        row += 1.5
        for i, text in enumerate(self.book.title_page()):
            style = "subtitle" if i == 0 else "italic"
            for line in self._wrapped(style, text):
                page.lines.append(self._centered(style, line, row))
                row += 1.6 if i == 0 else 1.2
            row += 0.6
        return page

    def _colophon(self) -> Page:
        face = "EB Garamond" if self.styles.face in BOOK_FACES else self.styles.face
        first = (
            f"The letters in their writer’s own hand; the rest set in {face}."
            if self.face == "hand"
            else f"Set in {face}."
        )
        lines = [first, "Made with Letterwriter."]
        page = Page("colophon", recto=False)
        row = self.rows_per_page - len(lines)
        for text in lines:
            page.lines.append(SetLine(0.0, self.baseline(row), text, "small"))
            row += 1
        return page

    def _contents_pages(self) -> list[Page]:
        folio_col = self.styles.width("body", "0000") + self.styles.space("body") * 2
        room = self.width - folio_col
        several_years = len({letter.date[:4] for letter in self.book.letters}) > 1
        rows: list[tuple[str, str, str]] = []  # (style, left, folio)
        year = None
        for k, letter in enumerate(self.book.letters):
            if several_years and letter.date[:4] != year:
                if year is not None:
                    rows.append(("blank", "", ""))
                year = letter.date[:4]
                rows.append(("italic", year, ""))
            text = self.styles.metrics["body"].elidedText(
                letter.heading, Qt.TextElideMode.ElideRight, room - self.styles.space("body")
            )
            rows.append(("body", text, self.folio_of(k)))
        pages: list[Page] = []
        page = Page("contents")
        page.lines.append(self._centered("heading", "Contents", SINK))
        row = SINK + 3
        for style, left, folio in rows:
            if row >= self.rows_per_page:
                pages.append(page)
                page, row = Page("contents"), 0
            if style == "blank":
                if row:
                    row += 1
                continue
            y = self.baseline(row)
            page.lines.append(SetLine(0.0, y, left, style))
            if folio:
                page.lines.append(SetLine(self.width - self.styles.width("body", folio), y, folio, "body"))
            row += 1
        pages.append(page)
        return pages

    # -- a letter ------------------------------------------------------------------------------
    def _heading(self, letter: BookLetter, row: int) -> list[SetLine]:
        lines = [self._centered("italic", letter.heading_date, row)]
        if letter.recipient:
            lines.append(self._centered("heading", f"To {letter.recipient}", row + 2))
        return lines

    def _letter_pages(self, k: int, letter: BookLetter) -> list[Page]:
        if self.face == "hand":
            return self._hand_pages(k, letter)
        rows = self._letter_rows(letter)
        pages: list[Page] = []
        start = 0
        first = True
        while start < len(rows) or first:
            page = Page("letter", opens=k if first else None)
            top = SINK + HEADING_LINES if first else 0
            if first:
                page.lines += self._heading(letter, SINK)
            while not first and start < len(rows) and rows[start].blank:
                start += 1  # no blank line at the head of a page
            room = self.rows_per_page - top
            end = min(len(rows), start + room)
            if end < len(rows):
                b = end
                while b > start + 1 and rows[b].glue:
                    b -= 1
                end = b if not rows[b].glue else end  # a block longer than a page breaks where it must
            for i, row in enumerate(rows[start:end]):
                y = self.baseline(top + i)
                page.lines += [replace(line, y=y) for line in row.lines]
            page.head = f"To {letter.recipient}" if letter.recipient else letter.heading_date
            pages.append(page)
            start, first = end, False
        return pages

    def _letter_rows(self, letter: BookLetter) -> list[_Row]:
        parts = letter.parts
        rows: list[_Row] = []
        if parts.salutation:
            rows += self._paragraph(parts.salutation, indent=False, justify=False)
            rows.append(_Row([], glue=True, blank=True))
        for i, par in enumerate(parts.body):
            par_rows = self._paragraph(par, indent=i > 0, justify=True)
            if i == 0 and parts.salutation and par_rows:
                par_rows[0].glue = True  # the salutation goes with the letter's first lines
            rows += par_rows
        if parts.closing:
            rows.append(_Row([], glue=True, blank=True))  # with the two lines before it
            x = self.width * CLOSING_AT
            for text in parts.closing:
                w = self.styles.width("body", text)
                at = x if x + w <= self.width else max(0.0, self.width - w)
                rows.append(_Row([SetLine(at, 0.0, text, "body")], glue=True))
        for j, par in enumerate(parts.after):
            rows.append(_Row([], blank=True))
            rows += self._paragraph(par, indent=j > 0, justify=True)
        return rows

    def _paragraph(self, text: str, *, indent: bool, justify: bool) -> list[_Row]:
        """A paragraph's lines as rows, glued so neither its first nor its last line stands alone."""
        st = self.styles
        space = st.space("body")
        em = st.metrics["body"].height() * 0.8
        rows: list[_Row] = []
        hard = text.split("\n")
        for h, segment in enumerate(hard):
            words = segment.split()
            if not words:
                continue
            widths = [st.width("body", w) for w in words]
            first_indent = em * PARA_INDENT if indent and h == 0 else 0.0
            spans = break_words(widths, space, self.width, first_indent)
            for n, (a, b) in enumerate(spans):
                x = first_indent if n == 0 else 0.0
                line = " ".join(words[a:b])
                spacing = 0.0
                last = n == len(spans) - 1
                if justify and not last and b - a > 1:
                    natural = st.metrics["body"].horizontalAdvance(line)
                    spacing = max(-space * 0.25, (self.width - x - natural) / (b - a - 1))
                rows.append(_Row([SetLine(x, 0.0, line, "body", spacing)]))
        if len(rows) >= 2:
            rows[1].glue = True  # no first line alone at a page's foot
            rows[-1].glue = True  # no last line alone at a page's head
        return rows

    # -- a letter in its hand ------------------------------------------------------------------
    def _hand_pages(self, k: int, letter: BookLetter) -> list[Page]:
        from letterwriter.book.hands import hand_drawing

        band = (SINK - 2 + HEADING_LINES) * self.leading
        drawing, warnings = hand_drawing(letter, self.width / MM, (self.block_h - band) / MM, self.settings)
        self.warnings += warnings
        pages = []
        for i in range(drawing.layout.page_count):
            page = Page("letter", opens=k if i == 0 else None)
            if i == 0:
                page.lines += self._heading(letter, SINK - 2)
            page.hand = HandPage(drawing, i, band if i == 0 else 0.0)
            page.head = f"To {letter.recipient}" if letter.recipient else letter.heading_date
            pages.append(page)
        return pages

    # -- running heads ----------------------------------------------------------------------------
    def _running_heads(self) -> None:
        """Left pages carry the book's title, right pages the letter; none on an opening page or a blank."""
        for page in self.pages:
            if page.kind != "letter" or page.opens is not None:
                page.head = ""
            elif not page.recto:
                page.head = self.book.title


class TooManyPages(Exception):
    """Setting stopped: the letters alone had already run past the page limit."""

    def __init__(self, pages: int) -> None:
        super().__init__(f"the book would run to over {pages:,} pages")
        self.pages = pages


def _roman(n: int) -> str:
    out = []
    for value, letters in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def text_block_left(layout: BookLayout, page: Page) -> float:
    """Where the text block starts across a page: after the inner margin on a right-hand page."""
    return layout.inner if page.recto else layout.outer
