"""A laid-out letter drawn: the hand's choice for every glyph, painted as glyph runs on any device (QtGui).

One drawing serves the PDF, the printer and the window's preview. Each line is written in
its own frame (turned by its slope, slanted by the writer's slant); in it each word is one
run of the hand font's glyphs per font, each glyph one of the writer's versions of it (a
shape of the letter at a place on the baseline) plus a fresh wobble. On a PDF or printer
the words also go in as text: straight, invisible, under the hand (the hand font's blank
text twins), so `pdftotext` returns the letter's words.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QGlyphRun, QPagedPaintDevice, QPainter, QPainterPath, QRawFont, QTransform

from letterwriter.export import hand as hands
from letterwriter.export.layout import LetterLayout, Line
from letterwriter.export.options import PAPER_TINT, ink_color
from letterwriter.export.shaping import Shaped, glyph_run

PAPER_COLOR = QColor(PAPER_TINT)


class LineRuns:
    """Words' glyphs gathered into one run per font for a line: a shorter PDF stream."""

    def __init__(self) -> None:
        self._fonts: dict[str, tuple[QRawFont, list[int], list[QPointF]]] = {}

    def add(self, parts: list, x0: float, y0: float, k: float = 1.0) -> None:
        """A word's runs (Shaped.text_parts or layer_parts) at (x0, y0), its width scaled by k."""
        for key, raw, ids, xs, ys in parts:
            entry = self._fonts.setdefault(key, (raw, [], []))
            entry[1].extend(ids)
            entry[2].extend([QPointF(x0 + x * k, y0 + y) for x, y in zip(xs, ys, strict=True)])

    def runs(self) -> list[QGlyphRun]:
        return [glyph_run(raw, ids, positions) for raw, ids, positions in self._fonts.values()]


class LetterDrawing:
    """A laid-out letter (layout.LetterLayout) drawn: its pages painted on a PDF writer, printer or image."""

    def __init__(self, layout: LetterLayout) -> None:
        self.layout = layout
        self.ink = ink_color(layout.options.ink)
        self._fades: dict[int, QColor] = {}
        # line id -> (its frame, its words' pens and runs), planned page by page (see plan)
        self._plan: dict[int, tuple[QTransform, list]] = {}
        self._planning = self._plan_pages()
        self._planned = 0  # pages planned so far
        self.choices: dict[int, list[tuple[int, int]]] = {}  # word index -> [(version, alternate)]
        self.flourishes: dict[int, QPainterPath] = {}  # a signature line's id -> the stroke under it

    def plan(self, through: int | None = None) -> dict[int, tuple[QTransform, list]]:
        """The drawing of every line (see _plan_pages), planned through page `through` (None: all).

        Page by page in reading order: the preview of a long letter plans only the pages it shows.
        """
        pages = len(self.layout.pages)
        last = pages - 1 if through is None else min(through, pages - 1)
        while self._planned <= last:
            next(self._planning)
            self._planned += 1
        return self._plan

    def _plan_pages(self) -> Iterator[None]:
        """Every line's frame and every word's runs, chosen once in reading order (never the same twice).

        A line is written in its own frame: turned by its slope and slanted by the writer's
        slant. In it each word is one run per font, each glyph one of this writer's versions
        of it: a shape of the letter (turned, slanted, sized: built into the hand font) at a
        place on the baseline, plus a fresh wobble. One generator walks the letter from its
        first word, so the same letter and seed give the same drawing whichever page is
        painted first (the preview paints page by page).
        """
        plan = self._plan
        layout = self.layout
        last_version: dict[str, int] = {}
        last_alt: dict[str, int] = {}
        a = layout.amounts
        em = layout.em
        shear = -layout.persona.slant
        offset = hands.SHAPE_OFFSET[layout.options.hand]
        rng = random.Random(layout.letter_seed)
        r = rng.random
        pick = hands.pick_other
        versions_of = layout.persona.versions
        # a glyph's versions in this letter's units: (dx, dy, shape in the font's list)
        ours: dict[str, list[tuple[float, float, int]]] = {}
        jx, jy = 0.5 * a.glyph_dx * em, 0.5 * a.glyph_dy * em
        for page in layout.pages:
            for line in page:
                if not line.words:
                    continue
                base = layout.baseline(line)
                first = line.words[0]
                frame = QTransform()
                frame.translate(first.x, base + first.y)
                frame.rotateRadians(math.radians(-first.slope))
                frame.shear(shear, 0.0)
                back, _ = frame.inverted()  # page to frame, as plain numbers
                m11, m12, m21, m22 = back.m11(), back.m12(), back.m21(), back.m22()
                m31, m32 = back.m31(), back.m32()
                words = []
                for word in line.words:
                    shaped = layout.shape(word.text)
                    tan = math.tan(math.radians(word.slope))
                    scale = word.scale
                    spread = scale * word.loose  # a signature's letters sit further apart
                    # a word's size in steps of a quarter per cent: a few sizes of one font in the PDF
                    stepped = round(scale * 400) / 400
                    runs: list[tuple[object, QRawFont, list[int], list[QPointF]]] = []
                    singles: list[tuple[QTransform, QGlyphRun]] = []
                    chosen = []
                    wx, wy = word.x, base + word.y
                    for g in shaped.glyphs:
                        # (the loop every letter of every letter goes through: kept lean)
                        key = g.key
                        versions = ours.get(key)
                        if versions is None:
                            versions = ours[key] = [
                                (ver.dx * em, ver.dy * em, offset + ver.shape) for ver in versions_of(key)
                            ]
                        v = pick(rng, len(versions), last_version.get(key))
                        last_version[key] = v
                        alt = 0
                        if g.alternates and a.alternates:
                            alt = pick(rng, len(g.alternates) + 1, last_alt.get(key))
                            last_alt[key] = alt
                        chosen.append((v, alt))
                        dx, dy, shape = versions[v]
                        # a little fresh wobble on top of the version this hand makes
                        gx = g.x
                        x = wx + gx * spread + dx + (r() - 0.5) * jx
                        y = wy + g.y - gx * tan + dy + (r() - 0.5) * jy
                        hand = g.hand
                        if hand is None or g.emoji:
                            # An emoji is a picture stuck on, not a letter: never slanted. And Qt
                            # paints no colour glyph under a shear on screen or on an image (the
                            # preview showed a gap where the PDF had 🧣❤️).
                            t = _glyph_transform(
                                x, y, math.radians(-word.slope), 0.0 if g.emoji else shear, stepped
                            )
                            singles.append((t, g.alternates[alt - 1] if alt else g.drawn))
                            continue
                        gid = g.alt_ids[alt - 1] if alt else g.gid
                        if hand.shapes:
                            gid = hand.shape_id(gid, shape)
                        point = QPointF(x * m11 + y * m21 + m31, x * m12 + y * m22 + m32)
                        if not runs or runs[-1][0] is not hand:
                            runs.append((hand, hand.sized(hand.raw.pixelSize() * stepped), [], []))
                        runs[-1][2].append(gid)
                        runs[-1][3].append(point)
                    glyph_runs = [glyph_run(raw, ids, points) for _hand, raw, ids, points in runs]
                    pen = self._faded(word.fade)
                    words.append((pen, glyph_runs, singles))
                    self.choices[word.index] = chosen
                if line.signature:
                    self.flourishes[id(line)] = _flourish(line, base, em, rng)
                plan[id(line)] = (frame, words)
            yield  # a page planned

    def paint_page(self, painter: QPainter, index: int, scale: float | None = None) -> None:
        """Paint page `index`; `scale` maps document units to the painter's (device dpi / DOC_DPI)."""
        layout = self.layout
        if scale is None:
            scale = painter.device().logicalDpiY() / layout.DOC_DPI
        w, h = layout.page_size.width(), layout.page_size.height()
        painter.save()
        painter.scale(scale, scale)
        if layout.options.paper_tint:
            painter.fillRect(QRectF(0, 0, w, h), PAPER_COLOR)
        if 0 <= index < len(layout.pages):
            if index and not layout.paper.card:
                self._paint_page_number(painter, index + 1)
            if layout.amounts.glyph_rot:
                self._paint_hand(painter, layout.pages[index], index)
            else:
                self._paint_plain(painter, layout.pages[index])
        painter.restore()

    def _pixel_snapper(self, painter: QPainter):
        """Maps a point in layout units to the nearest whole pixel of the device, in layout units.

        Why: set like type, two copies of a word must look the same, but a word that starts a
        fraction of a pixel further along is anti-aliased differently (the same "remember"
        twice differed by a mean grey of 2.3 at 300 dpi). A PDF has no pixels of its own, so
        there the grid is 1/300 inch: whole pixels for printers and rasters at 300, 600 and
        1200 dpi, half pixels at 150. A screen or image snaps to its own pixels.
        """
        device = painter.transform()
        inverse, ok = device.inverted()
        dpi = painter.device().logicalDpiX() if painter.device() is not None else 0
        step = max(1, round(dpi / 300)) if dpi else 1
        if not ok:
            return lambda x, y: (x, y)
        if device.type().value <= QTransform.TransformationType.TxScale.value:  # the usual case, as numbers
            sx, sy, dx, dy = device.m11(), device.m22(), device.dx(), device.dy()

            def snap_scaled(x: float, y: float) -> tuple[float, float]:
                px = round((x * sx + dx) / step) * step
                py = round((y * sy + dy) / step) * step
                return (px - dx) / sx, (py - dy) / sy

            return snap_scaled

        def snap(x: float, y: float) -> tuple[float, float]:
            p = device.map(QPointF(x, y))
            snapped = QPointF(round(p.x() / step) * step, round(p.y() / step) * step)
            q = inverse.map(snapped)
            return q.x(), q.y()

        return snap

    def _paint_plain(self, painter: QPainter, lines: list[Line]) -> None:
        invisible = QColor(0, 0, 0, 0)
        device = painter.transform()
        snap = self._pixel_snapper(painter)
        painter.setPen(self.ink)
        for line in lines:
            merged = LineRuns()  # a line's words in one run per font, as a typesetter would
            base_y = self.layout.baseline(line)
            for word in line.words:
                shaped = self.layout.shape(word.text)
                wx, base = snap(word.x, base_y + word.y)
                if word.text in self.layout.squeezed and not shaped.mixed:  # written smaller to fit
                    self._paint_squeezed(painter, shaped, wx, base, word.scale)
                    continue
                if not shaped.mixed:
                    merged.add(shaped.text_parts(), wx, base)
                    for g in shaped.glyphs:
                        if g.emoji:
                            painter.drawGlyphRun(QPointF(wx + g.x, base + g.y), g.run)
                    if shaped.emoji_text:  # the pictures' characters, unseen, in reading order
                        painter.setPen(invisible)
                        for run in shaped.emoji_text:
                            painter.drawGlyphRun(QPointF(wx, base), run)
                        painter.setPen(self.ink)
                    continue
                hide = shaped.in_hand_font
                if hide:  # a word from two fonts: its text in one font, underneath
                    t = QTransform()
                    t.translate(wx, base)
                    t.scale(shaped.text_stretch, 1.0)
                    painter.setTransform(t * device)
                    painter.setPen(invisible)
                    for run in shaped.text_runs:
                        painter.drawGlyphRun(QPointF(0, 0), run)
                    painter.setTransform(device)
                painter.setPen(self.ink)
                for g in shaped.glyphs:
                    painter.drawGlyphRun(QPointF(wx + g.x, base + g.y), g.drawn if hide else g.run)
            for run in merged.runs():
                painter.drawGlyphRun(QPointF(0, 0), run)

    def _paint_squeezed(self, painter: QPainter, shaped: Shaped, x: float, y: float, k: float) -> None:
        """A word written smaller (see LetterLayout._fitted_room): drawn at its size, read at the line's."""
        device = painter.transform()
        drawn = QTransform()
        drawn.translate(x, y)
        drawn.scale(k, k)
        painter.setTransform(drawn * device)
        if not shaped.in_hand_font:  # no hand font: the word's own glyphs carry its text
            for run in shaped.text_runs:
                painter.drawGlyphRun(QPointF(0, 0), run)
            painter.setTransform(device)
            return
        for g in shaped.glyphs:
            painter.drawGlyphRun(QPointF(g.x, g.y), g.drawn)
        read = QTransform()
        read.translate(x, y)
        read.scale(k, 1.0)  # the text squeezed sideways only (see _text_layer)
        painter.setTransform(read * device)
        pen = painter.pen()
        painter.setPen(QColor(0, 0, 0, 0))
        for run in shaped.layer_runs:
            painter.drawGlyphRun(QPointF(0, 0), run)
        painter.setPen(pen)
        painter.setTransform(device)

    def _text_layer(self, lines: list[Line]) -> list[tuple[QTransform | None, QGlyphRun]]:
        """The page's words as straight text runs, one run per line and font where it can be.

        Fewer, longer runs under one invisible pen keep the PDF small and quick to write;
        a word from two fonts is stretched on its own to the drawn word's width.
        """
        out: list[tuple[QTransform | None, QGlyphRun]] = []
        for line in lines:
            base = self.layout.baseline(line)
            merged = LineRuns()
            for word in line.words:
                shaped = self.layout.shape(word.text)
                if not shaped.in_hand_font:
                    continue  # drawn with mapped glyphs: the hand itself carries the text
                if line.signature or line.own_size:
                    # a line at its own size (a signature, an envelope's return address): its text
                    # at that size, as wide as it is written
                    t = QTransform()
                    t.translate(word.x, base + word.y)
                    t.scale(word.scale * word.loose * shaped.text_stretch, word.scale)
                    out.extend((t, run) for run in shaped.layer_runs)
                    continue
                if shaped.mixed or word.text in self.layout.squeezed:
                    # A word written smaller keeps the line's type size in its text, squeezed
                    # sideways only: pdftotext reads a smaller size as another block and put
                    # the word after the line's end.
                    t = QTransform()
                    t.translate(word.x, base + word.y)
                    k = word.scale if shaped.mixed else 1.0
                    t.scale(word.scale * shaped.text_stretch, k)
                    out.extend((t, run) for run in shaped.layer_runs)
                    continue
                merged.add(shaped.layer_parts(), word.x, base + word.y, word.scale * word.loose)
            out.extend((None, run) for run in merged.runs())
        return out

    def _faded(self, fade: float) -> QColor:
        """The ink lightened by `fade` towards the paper, in 1/256 steps (fewer colours in the PDF)."""
        step = round(fade * 256)
        if not step:
            return self.ink
        found = self._fades.get(step)
        if found is None:
            found = self._fades[step] = _mix(self.ink, PAPER_COLOR, step / 256)
        return found

    def _paint_hand(self, painter: QPainter, lines: list[Line], index: int) -> None:
        plan = self.plan(through=index)
        device = painter.transform()
        # the words as text, straight and invisible (blank twins, or a see-through pen), under
        # the hand: for a PDF or a printer (a PDF file, a print to file), not for a screen
        if isinstance(painter.device(), QPagedPaintDevice):
            painter.setPen(QColor(0, 0, 0, 0))
            for t, run in self._text_layer(lines):
                painter.setTransform(t * device if t is not None else device)
                painter.drawGlyphRun(QPointF(0, 0), run)
        pen = None
        for line in lines:
            drawn = plan.get(id(line))
            if drawn is None:
                continue
            frame, words = drawn
            painter.setTransform(frame * device)
            for color, runs, _singles in words:
                if color != pen:
                    painter.setPen(color)
                    pen = color
                for run in runs:
                    painter.drawGlyphRun(QPointF(0, 0), run)
            swash = self.flourishes.get(id(line))
            if swash is not None:
                painter.setTransform(device)
                painter.fillPath(swash, words[-1][0] if words else self.ink)
                painter.setTransform(frame * device)
            for color, _runs, singles in words:
                for t, run in singles:  # emoji and glyphs with no hand font: one at a time
                    painter.setPen(color)
                    pen = color
                    painter.setTransform(t * device)
                    painter.drawGlyphRun(QPointF(0, 0), run)
        painter.setTransform(device)

    def _paint_page_number(self, painter: QPainter, number: int) -> None:
        # The page number is written at the top of each new sheet, as etiquette guides tell
        # letter writers to, so loose sheets go back in order. It is drawn as outlines, not
        # text: the PDF's text stays the letter's words alone.
        label = str(number)
        shaped = self.layout.shape(label)
        x = self.layout.right - shaped.width
        y = self.layout.top * 0.6
        path = QPainterPath()
        for g in shaped.glyphs:
            glyph = g.run.rawFont().pathForGlyph(g.run.glyphIndexes()[0])
            path.addPath(glyph.translated(x + g.x, y + g.y))
        painter.fillPath(path, self.ink)

    def paint_all(self, painter: QPainter, device: QPagedPaintDevice) -> None:
        """Every page, each on a new page of `device` (a PDF writer or a printer)."""
        for i in range(self.layout.page_count):
            if i:
                device.newPage()
            self.paint_page(painter, i)


def _flourish(line: Line, base: float, em: float, rng: random.Random) -> QPainterPath:
    """The stroke a writer sweeps under their name: from past its end back under its start, thin at both ends.

    A filled outline, not text: the PDF's words stay the letter's own. Its sweep, dip and
    weight come from the letter's seed, so the same letter signs the same.
    """
    first, last = line.words[0], line.words[-1]
    x0 = first.x - 0.2 * em
    x1 = last.x + last.width * last.scale * last.loose + 0.4 * em
    y0 = base + last.y + (0.28 + 0.1 * rng.random()) * em
    y1 = base + first.y + (0.42 + 0.12 * rng.random()) * em
    dip = (0.3 + 0.15 * rng.random()) * em
    weight = (0.032 + 0.014 * rng.random()) * em
    # a cubic from the name's end back under its start, bowed downwards in its middle
    c1 = (x1 - (x1 - x0) * 0.3, y0 + dip)
    c2 = (x0 + (x1 - x0) * 0.25, y1 + dip * 0.6)
    steps = 28
    upper, lower = [], []
    for i in range(steps + 1):
        t = i / steps
        u = 1 - t
        x = u**3 * x1 + 3 * u * u * t * c1[0] + 3 * u * t * t * c2[0] + t**3 * x0
        y = u**3 * y0 + 3 * u * u * t * c1[1] + 3 * u * t * t * c2[1] + t**3 * y1
        dx = 3 * u * u * (c1[0] - x1) + 6 * u * t * (c2[0] - c1[0]) + 3 * t * t * (x0 - c2[0])
        dy = 3 * u * u * (c1[1] - y0) + 6 * u * t * (c2[1] - c1[1]) + 3 * t * t * (y1 - c2[1])
        norm = math.hypot(dx, dy) or 1.0
        # pressure: the pen lands lightly, presses through the sweep and lifts off thinner still
        half = weight * math.sin(math.pi * t**0.8) ** 1.2 + weight * 0.06
        nx, ny = -dy / norm * half, dx / norm * half
        upper.append(QPointF(x + nx, y + ny))
        lower.append(QPointF(x - nx, y - ny))
    path = QPainterPath(upper[0])
    for point in upper[1:] + lower[::-1]:
        path.lineTo(point)
    path.closeSubpath()
    return path


def _glyph_transform(x: float, y: float, angle: float, shear: float, size: float) -> QTransform:
    """translate(x, y) . rotate(angle) . shear(shear, 0) . scale(size), built in one call."""
    cos, sin = math.cos(angle), math.sin(angle)
    return QTransform(size * cos, size * sin, size * (shear * cos - sin), size * (shear * sin + cos), x, y)


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )
