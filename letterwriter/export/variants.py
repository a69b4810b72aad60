"""Outlines that differ in their own right: each glyph written again, other loops, ends, weight (fontTools).

Turning, slanting and sizing a letter (the hand font's shapes) never changes its outline: the
same "the" twenty times is one outline moved, and a close look sees the clone. A pen makes
each letter anew: a loop comes out a little taller or rounder, a stroke ends a little
longer, the downstrokes take more ink when the writer presses. So the hand font carries
VARIANTS more outlines of every glyph, each made from the font's own by:

- loops: the parts above the small letters (ascender loops) and below the line (descender
  loops) grown or shrunk, in height and width, by a few per cent;
- stroke ends: the ink at a letter's left and right edges, near the line (lead-ins and exit
  strokes), drawn out or pulled in;
- a slow wobble: the outline moved by a smooth wave of a few thousandths of an em;
- weight: the outline moved outwards along its normals, more where the stroke runs up and
  down (a pen pressed on the downstroke) than across (the hairline).

Every amount is drawn from the glyph's name and the variant's number: the same on every machine.
"""

from __future__ import annotations

import math
import random

VARIANTS = 3  # outlines besides the font's own; a shape draws outline (its index mod VARIANTS + 1)


class Outline:
    """A glyph's outline as plain numbers: its points (font units, y up), contour ends and on-curve flags."""

    __slots__ = ("points", "ends", "flags")

    def __init__(self, points: list[tuple[float, float]], ends: list[int], flags: bytes):
        self.points, self.ends, self.flags = points, ends, flags


def outlines(font, names: list[str]) -> dict[str, list[Outline]]:
    """Each named glyph's outlines: the font's own, then VARIANTS written again (a blank glyph: none)."""
    glyf = font["glyf"]
    upm = font["head"].unitsPerEm
    x_height = _x_height(font, glyf, upm)
    found: dict[str, list[Outline]] = {}
    for name in names:
        glyph = glyf[name]
        if glyph.numberOfContours == 0:
            continue
        try:
            coords, ends, flags = glyph.getCoordinates(glyf)  # a composite's parts, flattened
        except Exception:
            continue
        points = [(float(x), float(y)) for x, y in coords]
        if len(points) < 3:
            continue
        on_curve = bytes(f & 1 for f in flags)
        ends = list(ends)
        own = [Outline(points, ends, on_curve)]
        contours, start = [], 0
        for end in ends:
            contours.append(list(range(start, end + 1)))
            start = end + 1
        orientation = -1.0 if _area(points, contours) > 0 else 1.0  # TrueType's outer contours turn clockwise
        for v in range(1, VARIANTS + 1):
            rng = random.Random(f"{name}/{v}")
            moved = _embolden(_warp(points, rng, upm, x_height), contours, rng, upm, orientation)
            own.append(Outline(moved, ends, on_curve))
        found[name] = own
    return found


def _x_height(font, glyf, upm: int) -> float:
    os2 = font.get("OS/2")
    found = getattr(os2, "sxHeight", 0) if os2 is not None else 0
    if found and found > 0:
        return float(found)
    name = (font.getBestCmap() or {}).get(ord("x"))
    if name:
        coords, _e, _f = glyf[name].getCoordinates(glyf)
        if len(coords):
            return float(max(y for _x, y in coords))
    return upm * 0.45


def _area(points, contours) -> float:
    total = 0.0
    for contour in contours:
        for a, b in zip(contour, contour[1:] + contour[:1], strict=True):
            total += points[a][0] * points[b][1] - points[b][0] * points[a][1]
    return total / 2


def _warp(points, rng: random.Random, upm: int, x_height: float):
    """Loops grown or shrunk, stroke ends drawn out or in, and a slow wobble: a glyph written again."""
    xs = [x for x, _y in points]
    x0, x1 = min(xs), max(xs)
    cx, half = (x0 + x1) / 2, max(1.0, (x1 - x0) / 2)
    ascender = max(max(y for _x, y in points), x_height + 1)
    descender = min(min(y for _x, y in points), -1)
    loop_up, loop_down = rng.uniform(-0.07, 0.08), rng.uniform(-0.07, 0.08)
    tail_left, tail_right = rng.uniform(-0.012, 0.025) * upm, rng.uniform(-0.012, 0.025) * upm
    wave = 0.004 * upm
    phase_x, phase_y = rng.uniform(0, math.tau), rng.uniform(0, math.tau)
    period_x, period_y = rng.uniform(0.5, 0.9) * upm, rng.uniform(0.5, 0.9) * upm
    out = []
    for x, y in points:
        if y > x_height:  # an ascender loop: taller and wider, or shorter and narrower
            t = min(1.0, (y - x_height) / (ascender - x_height))
            y = x_height + (y - x_height) * (1 + loop_up)
            x = x + (x - cx) * loop_up * 0.5 * t
        elif y < 0:  # a descender loop
            t = min(1.0, y / descender)
            y = y * (1 + loop_down)
            x = x + (x - cx) * loop_down * 0.5 * t
        if y < x_height * 0.45:  # near the line, the ends of the joining strokes
            edge = (x - cx) / half
            if edge < -0.6:
                x -= tail_left * (-edge - 0.6) / 0.4
            elif edge > 0.6:
                x += tail_right * (edge - 0.6) / 0.4
        x += wave * math.sin(math.tau * y / period_y + phase_y)
        y += wave * math.sin(math.tau * x / period_x + phase_x)
        out.append((x, y))
    return out


def _embolden(points, contours, rng: random.Random, upm: int, orientation: float):
    """The outline moved outwards along its normals: more on the downstrokes (pressure), less on hairlines."""
    base = rng.uniform(-0.0025, 0.0025) * upm
    pressure = rng.uniform(0.001, 0.005) * upm
    out = list(points)
    for contour in contours:
        n = len(contour)
        if n < 3:
            continue
        for k, i in enumerate(contour):
            px, py = points[contour[k - 1]]
            x, y = points[i]
            nx_, ny_ = points[contour[(k + 1) % n]]
            ax, ay = _unit(x - px, y - py)
            bx, by = _unit(nx_ - x, ny_ - y)
            # the left normals of the stroke in and out: outwards from the ink on a clockwise contour
            lx, ly = _unit(-ay - by, ax + bx)
            if lx == ly == 0.0:
                continue
            cos = max(0.4, lx * -ay + ly * ax) if (ax or ay) else 1.0
            d = (base + pressure * abs(lx)) * orientation / cos
            out[i] = (x + lx * d, y + ly * d)
    return out


def _unit(x: float, y: float) -> tuple[float, float]:
    length = math.hypot(x, y)
    return (x / length, y / length) if length > 1e-9 else (0.0, 0.0)
