"""The letter on paper: pages from the exporter's own LetterLayout and LetterDrawing, scaled into a widget.

Issues are underlined on the paper too, in the colours of the text editor: the layout is
asked where a span of the letter's text sits (`text_rects`).

At preview size a hand's small punctuation can be a pixel or two: Dancing Script's and
Kristi's commas read as full stops ("December 7. 2026"). The preview paints the exporter's
pages again once typing pauses, with its own painter (`_PreviewPainter`), which draws a mark
hanging from the baseline (a comma, a semicolon's tail) large enough to read where the page
is shown small: a keystroke's own repaint never waits for it. The PDF and the printer are
painted by the exporter alone, at their own size.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QGlyphRun, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QScrollArea, QSizePolicy, QWidget

PAGE_GAP = 24
LEGIBLE_MARK_PX = 6.5  # a comma this tall on screen reads as a comma, not a full stop
MAX_MARK_GROWTH = 2.5
LARGE_EM_PX = 60  # a hand this large on screen needs no help
MARKS_PAUSE_MS = 250  # the page is drawn again with legible marks after this pause in typing


class _Pages(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_obj = None
        self.drawing = None  # the layout drawn (export/paint.py's LetterDrawing)
        self.message = "Loading templates…"
        self.marks: list[tuple[int, int, str]] = []  # (start, end) in the letter's text, colour
        self._pixmaps: dict[tuple, QPixmap] = {}
        self.marks_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._small_marks: set[tuple] = set()  # pages drawn whose punctuation waits (see the module)
        self.marks_timer = QTimer(self, singleShot=True, interval=MARKS_PAUSE_MS)
        self.marks_timer.timeout.connect(self.legible_marks)

    def page_scale(self) -> float:
        lay = self.layout_obj
        if lay is None:
            return 1.0
        width = max(200, min(self.width() - 2 * PAGE_GAP, 820))
        paper = getattr(lay, "paper", None)
        if paper is not None and getattr(paper, "card", False):
            width = min(width, paper.width_mm * 4.2)  # a card shown about its own size, whole
        return width / lay.page_size.width()

    def page_rect(self, index: int) -> QRectF:
        lay = self.layout_obj
        s = self.page_scale()
        w, h = lay.page_size.width() * s, lay.page_size.height() * s
        x = (self.width() - w) / 2
        return QRectF(x, PAGE_GAP + index * (h + PAGE_GAP), w, h)

    def sizeHint(self) -> QSize:
        lay = self.layout_obj
        if lay is None:
            return QSize(400, 300)
        r = self.page_rect(lay.page_count - 1)
        return QSize(400, int(r.bottom() + PAGE_GAP))

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        lay = self.layout_obj
        if lay is None:
            p.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.message)
            return
        s = self.page_scale()
        exposed = QRectF(event.rect()).adjusted(-8, -8, 8, 8)  # with the shadow
        for i in range(lay.page_count):
            r = self.page_rect(i)
            if not r.intersects(exposed):
                continue  # a page scrolled out of sight is drawn when it comes into view
            # a soft shadow so the sheet sits on the desk in light and dark palettes: only its
            # edges are filled (blending three page-sized rectangles cost milliseconds a frame)
            for k, alpha in ((6, 18), (3, 30), (1, 45)):
                _fill_frame(p, r.adjusted(-k + 2, -k + 4, k + 2, k + 4), r, QColor(0, 0, 0, alpha))
            p.drawPixmap(r.topLeft(), self._page_pixmap(i, s, r))
            p.save()
            p.translate(r.topLeft())
            p.setClipRect(QRectF(0, 0, r.width(), r.height()))
            self._paint_marks(p, i, s)
            p.restore()
            p.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # a hairline needs no smoothing
            p.setPen(QPen(QColor(0, 0, 0, 40), 1))
            p.drawRect(r)
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)

    def _page_pixmap(self, index: int, scale: float, r: QRectF) -> QPixmap:
        """A page drawn once per layout and size: scrolling and underlines repaint from it.

        Drawing the hand glyph by glyph costs tens of milliseconds a page; a blit costs almost none.
        """
        key = (id(self.layout_obj), index, round(scale, 5))
        pix = self._pixmaps.get(key)
        if pix is None:
            pix = self._draw_page(index, scale, r, QPainter)
            if len(self._pixmaps) > 8:
                self._pixmaps.clear()
            self._pixmaps[key] = pix
            font = getattr(self.layout_obj, "font", None)
            if font is not None and font.pixelSize() * scale * self.devicePixelRatioF() < LARGE_EM_PX:
                self._small_marks.add(key)
                self.marks_timer.start()
        return pix

    def _draw_page(self, index: int, scale: float, r: QRectF, painter_type) -> QPixmap:
        dpr = self.devicePixelRatioF()
        pix = QPixmap(int(r.width() * dpr) + 1, int(r.height() * dpr) + 1)
        pix.setDevicePixelRatio(dpr)
        pix.fill(QColor(0, 0, 0, 0))
        painter = painter_type(pix)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.drawing.paint_page(painter, index, scale)
        painter.end()
        return pix

    def legible_marks(self) -> None:
        """Draw the pages shown since typing paused again, their small punctuation made legible."""
        self.marks_timer.stop()
        pending, self._small_marks = self._small_marks, set()
        for key in pending:
            if key in self._pixmaps and key[0] == id(self.layout_obj):
                _id, index, scale = key
                self._pixmaps[key] = self._draw_page(index, scale, self.page_rect(index), _PreviewPainter)
        if pending:
            self.update()

    def _paint_marks(self, p: QPainter, page: int, scale: float) -> None:
        lay = self.layout_obj
        finder = getattr(lay, "text_rects", None)
        if not self.marks or finder is None:
            return
        for start, end, colour in self.marks:
            for index, rect in finder(self.marks_text, start, end):
                if index != page:
                    continue
                r = QRectF(
                    rect.left() * scale, rect.top() * scale, rect.width() * scale, rect.height() * scale
                )
                _squiggle(p, r.left(), r.right(), r.bottom() - 1, QColor(colour))


_draw_run = QPainter.drawGlyphRun  # Qt's own, called without another look-up


class _PreviewPainter(QPainter):
    """The preview's painter: small marks hanging from the baseline are drawn large enough to read.

    The exporter draws words as glyph runs through `drawGlyphRun`; a run holding a comma-like
    glyph (small, hanging below the baseline, not reaching the x-height) or a semicolon's tail
    draws the rest as it is, and that part grown about its place on the baseline, so the
    hand's own shape, slant and place are kept. Only when the mark would be under
    LEGIBLE_MARK_PX tall on screen.
    """

    _kinds: dict[tuple, dict[int, int]] = {}  # font -> glyph -> 0 no mark, 1 comma-like, 2 semicolon

    def __init__(self, device) -> None:
        super().__init__(device)
        # glyph -> kind, whichever font it came in first: a run with no mark in it (nearly every
        # word) is drawn after a few dictionary look-ups; a mark is checked against its own font
        self._seen: dict[int, int] = {}

    def drawGlyphRun(self, position: QPointF, run: QGlyphRun) -> None:  # noqa: N802 (Qt override)
        ids = run.glyphIndexes()
        seen = self._seen
        for gid in ids:
            kind = seen.get(gid)
            if kind is None or kind:
                break
        else:
            _draw_run(self, position, run)
            return
        raw = run.rawFont()
        table = self._kinds.setdefault((raw.familyName(), raw.styleName()), {})
        kinds = [table[gid] if gid in table else self._kind(table, raw, gid) for gid in ids]
        for gid, kind in zip(ids, kinds, strict=True):
            seen.setdefault(gid, kind)
        if not any(kinds):
            _draw_run(self, position, run)
            return
        points = run.positions()
        keep = [i for i, kind in enumerate(kinds) if not kind]
        if keep:
            rest = QGlyphRun()
            rest.setRawFont(raw)
            rest.setGlyphIndexes([ids[i] for i in keep])
            rest.setPositions([points[i] for i in keep])
            _draw_run(self, position, rest)
        to_screen = abs(self.transform().determinant()) ** 0.5 * self.device().devicePixelRatioF()
        self.save()
        self.setBrush(self.pen().color())
        self.setPen(Qt.PenStyle.NoPen)
        for i, kind in enumerate(kinds):
            if kind:
                self._grown(raw, ids[i], position + points[i], kind, to_screen)
        self.restore()

    def _grown(self, raw, gid: int, at: QPointF, kind: int, to_screen: float) -> None:
        outline = raw.pathForGlyph(gid)
        parts = outline.toSubpathPolygons()
        path, tail = QPainterPath(), QPainterPath()  # a semicolon's dot stays as it is
        path.setFillRule(Qt.FillRule.WindingFill)
        tail.setFillRule(Qt.FillRule.WindingFill)
        for polygon in parts:
            (tail if kind == 1 or polygon.boundingRect().bottom() > 0 else path).addPolygon(polygon)
        box = tail.boundingRect()
        grow = min(MAX_MARK_GROWTH, max(1.0, LEGIBLE_MARK_PX / max(box.height() * to_screen, 0.1)))
        self.save()
        self.translate(at)
        self.drawPath(path)
        self.translate(box.center().x(), 0)
        self.scale(grow, grow)
        self.translate(-box.center().x(), 0)
        self.drawPath(tail)
        self.restore()

    @staticmethod
    def _kind(table: dict[int, int], raw, gid: int) -> int:
        e = raw.pixelSize() or 1.0
        box = raw.boundingRect(gid)
        top, bottom, width = box.top() / e, box.bottom() / e, box.width() / e
        hanging = bottom >= 0.04 and width <= 0.25 and box.height() > 0
        if hanging and top >= -0.22:
            kind = 1
        elif (
            hanging
            and top >= -0.55
            and bottom <= 0.25
            and len(raw.pathForGlyph(gid).toSubpathPolygons()) >= 2
        ):
            kind = 2
        else:
            kind = 0
        table[gid] = kind
        return kind


def _fill_frame(p: QPainter, outer: QRectF, inner: QRectF, colour: QColor) -> None:
    """Fill `outer` except where `inner` (drawn over it next) will cover it."""
    for part in (
        QRectF(outer.left(), outer.top(), outer.width(), inner.top() - outer.top()),
        QRectF(outer.left(), inner.bottom(), outer.width(), outer.bottom() - inner.bottom()),
        QRectF(outer.left(), inner.top(), inner.left() - outer.left(), inner.height()),
        QRectF(inner.right(), inner.top(), outer.right() - inner.right(), inner.height()),
    ):
        if part.width() > 0 and part.height() > 0:
            p.fillRect(part, colour)


def _squiggle(p: QPainter, x0: float, x1: float, y: float, colour: QColor) -> None:
    """A spell-check wave under a word, as the text editor draws it."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QPainterPath

    path = QPainterPath(QPointF(x0, y))
    step, up = 2.0, True
    x = x0
    while x < x1:
        x = min(x + step, x1)
        path.lineTo(QPointF(x, y - (1.5 if up else 0)))
        up = not up
    p.save()
    p.setPen(QPen(colour, 1.0))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(path)
    p.restore()


class PaperPreview(QScrollArea):
    """A scrollable stack of paper pages; the paper keeps its colour in any palette."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pages = _Pages()
        self.setWidget(self.pages)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setBackgroundRole(QPalette.ColorRole.Mid)
        self.pages.setAutoFillBackground(False)
        self.setObjectName("paperPreview")

    def set_layout(self, layout_obj) -> None:
        from letterwriter.export.paint import LetterDrawing

        self.pages.layout_obj = layout_obj
        self.pages.drawing = LetterDrawing(layout_obj)
        self.pages._pixmaps.clear()
        self._resize_pages()
        self.pages.update()

    def set_marks(self, marks: list[tuple[int, int, str]], text: str) -> None:
        """Underline these spans (code points of `text`, the letter as shown) on the paper."""
        if (marks, text) == (self.pages.marks, self.pages.marks_text):
            return
        self.pages.marks, self.pages.marks_text = marks, text
        self.pages.update()

    def show_message(self, text: str) -> None:
        self.pages.layout_obj = self.pages.drawing = None
        self.pages.message = text
        self._resize_pages()
        self.pages.update()

    def page_count(self) -> int:
        return self.pages.layout_obj.page_count if self.pages.layout_obj else 0

    def _resize_pages(self) -> None:
        self.pages.setMinimumHeight(self.pages.sizeHint().height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._resize_pages()
