"""The letter on paper: pages from the exporter's own LetterLayout, scaled into a widget.

Issues are underlined on the paper too, in the colours of the text editor: the layout is
asked where a span of the letter's text sits (`text_rects`).

At preview size a hand's small punctuation can be a pixel or two: Dancing Script's and
Kristi's commas read as full stops ("December 7. 2026"). The preview paints the exporter's
pages with its own painter (`_PreviewPainter`), which draws a mark hanging from the baseline
(a comma, a semicolon's tail) large enough to read where the page is shown small. The PDF and
the printer are painted by the exporter alone, at their own size.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGlyphRun, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QScrollArea, QSizePolicy, QWidget

PAGE_GAP = 24
LEGIBLE_MARK_PX = 6.5  # a comma this tall on screen reads as a comma, not a full stop
MAX_MARK_GROWTH = 2.5
LARGE_EM_PX = 60  # a hand this large on screen needs no help


class _Pages(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_obj = None
        self.message = "Loading templates…"
        self.marks: list[tuple[int, int, str]] = []  # (start, end) in the letter's text, colour
        self._pixmaps: dict[tuple, QPixmap] = {}
        self.marks_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

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
            # a soft shadow so the sheet sits on the desk in light and dark palettes
            for k, alpha in ((6, 18), (3, 30), (1, 45)):
                p.fillRect(r.adjusted(-k + 2, -k + 4, k + 2, k + 4), QColor(0, 0, 0, alpha))
            p.drawPixmap(r.topLeft(), self._page_pixmap(i, s, r))
            p.save()
            p.translate(r.topLeft())
            p.setClipRect(QRectF(0, 0, r.width(), r.height()))
            self._paint_marks(p, i, s)
            p.restore()
            p.setPen(QPen(QColor(0, 0, 0, 40), 1))
            p.drawRect(r)

    def _page_pixmap(self, index: int, scale: float, r: QRectF) -> QPixmap:
        """A page drawn once per layout and size: scrolling and underlines repaint from it.

        Drawing the hand glyph by glyph costs tens of milliseconds a page; a blit costs almost none.
        """
        key = (id(self.layout_obj), index, round(scale, 5))
        pix = self._pixmaps.get(key)
        if pix is None:
            dpr = self.devicePixelRatioF()
            pix = QPixmap(int(r.width() * dpr) + 1, int(r.height() * dpr) + 1)
            pix.setDevicePixelRatio(dpr)
            pix.fill(QColor(0, 0, 0, 0))
            painter = _PreviewPainter(pix)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            self.layout_obj.paint_page(painter, index, scale)
            painter.end()
            if len(self._pixmaps) > 8:
                self._pixmaps.clear()
            self._pixmaps[key] = pix
        return pix

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


class _PreviewPainter(QPainter):
    """The preview's painter: small marks hanging from the baseline are drawn large enough to read.

    The exporter draws words as glyph runs through `drawGlyphRun`; a run holding a comma-like
    glyph (small, hanging below the baseline, not reaching the x-height) or a semicolon's tail
    draws the rest as it is, and that part grown about its place on the baseline, so the
    hand's own shape, slant and place are kept. Only when the mark would be under
    LEGIBLE_MARK_PX tall on screen.
    """

    _kinds: dict[tuple, int] = {}  # (font, glyph) -> 0 not a mark, 1 comma-like, 2 semicolon-like

    def drawGlyphRun(self, position: QPointF, run: QGlyphRun) -> None:  # noqa: N802 (Qt override)
        raw = run.rawFont()
        ids = run.glyphIndexes()
        em = raw.pixelSize()
        t = self.transform()
        on_screen = em * abs(t.determinant()) ** 0.5 * self.device().devicePixelRatioF()
        font = (raw.familyName(), raw.styleName())
        kinds = [self._kind(font, raw, gid) for gid in ids] if on_screen < LARGE_EM_PX else []
        if not any(kinds):
            super().drawGlyphRun(position, run)
            return
        points = run.positions()
        keep = [i for i, kind in enumerate(kinds) if not kind]
        if keep:
            rest = QGlyphRun()
            rest.setRawFont(raw)
            rest.setGlyphIndexes([ids[i] for i in keep])
            rest.setPositions([points[i] for i in keep])
            super().drawGlyphRun(position, rest)
        scale_to_screen = on_screen / em if em else 1.0
        self.save()
        self.setBrush(self.pen().color())
        self.setPen(Qt.PenStyle.NoPen)
        for i, kind in enumerate(kinds):
            if kind:
                self._grown(raw, ids[i], position + points[i], kind, scale_to_screen)
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

    @classmethod
    def _kind(cls, font: tuple, raw, gid: int) -> int:
        key = (*font, gid)
        kind = cls._kinds.get(key)
        if kind is None:
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
            cls._kinds[key] = kind
        return kind


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
        self.pages.layout_obj = layout_obj
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
        self.pages.layout_obj = None
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
