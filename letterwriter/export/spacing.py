"""How far apart two lines of a hand must be: each line's ink by column, from its glyphs' boxes (QtGui).

A hand on unruled paper keeps a steady pitch, and where a long loop below one line would
meet a tall letter of the next, the writer leaves a little more room. So the pitch of a
line is the hand's own (a few x-heights, varying a little) unless the ink above and below
would meet: then the line goes down just far enough. The ink is read from the glyphs'
boxes (a box holds its loop), padded for what the hand adds when it draws (the shapes'
turn and size, the outlines' loops, the writer's slant), in columns of a quarter em.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

# What the drawing may add to a glyph's box: the shapes turn it up to 1.8 degrees and size it
# by 1.4%, the outline versions grow a loop by up to 8%; a tenth covers all three with room.
INK_GROWTH = 0.10
CLEARANCE_EM = 0.08  # the white a writer leaves between a loop and the letter below it
COLUMN_EM = 0.25


def word_boxes(shaped) -> list[tuple[float, float, float, float]]:
    """A shaped word's glyph boxes (left, top, right, bottom; y down from the baseline), once per word."""
    found = shaped._parts.get("boxes")
    if found is None:
        found = shaped._parts["boxes"] = []
        for g in shaped.glyphs:
            raw = g.run.rawFont()
            r = raw.boundingRect(g.run.glyphIndexes()[0])
            if r.width() <= 0 or r.height() <= 0:
                continue
            found.append((g.x + r.left(), g.y + r.top(), g.x + r.right(), g.y + r.bottom()))
    return found


class InkProfile:
    """A line's ink by column: the highest top and lowest bottom, relative to its baseline (y down)."""

    def __init__(self, column: float):
        self.column = column
        self.top: dict[int, float] = {}
        self.bottom: dict[int, float] = {}

    def add(
        self, boxes: Iterable[tuple[float, float, float, float]], x: float, y: float, k: float, slant: float
    ):
        col, top, bottom = self.column, self.top, self.bottom
        for left, t, right, b in boxes:
            t, b = (t * k) * (1 + INK_GROWTH), (b * k) * (1 + INK_GROWTH)
            # the writer's slant leans a letter's top to the right and its tail to the left
            lo = x + left * k + min(-slant * t, -slant * b, 0.0)
            hi = x + right * k + max(-slant * t, -slant * b, 0.0)
            for c in range(math.floor(lo / col), math.floor(hi / col) + 1):
                if t + y < top.get(c, math.inf):
                    top[c] = t + y
                if b + y > bottom.get(c, -math.inf):
                    bottom[c] = b + y


def needed_pitch(above: InkProfile, below: InkProfile, clearance: float) -> float:
    """The least baseline-to-baseline distance at which the two lines' inks keep `clearance` apart."""
    need = 0.0
    tops = below.top
    for c, b in above.bottom.items():
        for n in (c - 1, c, c + 1):  # a column either side: strokes lean
            t = tops.get(n)
            if t is not None and b - t + clearance > need:
                need = b - t + clearance
    return need
