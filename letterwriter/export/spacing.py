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
import operator

# What the drawing may add to a glyph's box: the shapes turn it up to 1.8 degrees and size it
# by 1.4%, the outline versions grow a loop by up to 8%; a tenth covers all three with room.
INK_GROWTH = 0.10
CLEARANCE_EM = 0.08  # the white a writer leaves between a loop and the letter below it
COLUMN_EM = 0.35


def word_boxes(shaped, slant: float) -> list[tuple[float, float, float, float]]:
    """A shaped word's ink boxes (left, top, right, bottom; y down from the baseline), grown by what the
    hand adds and leaning by the writer's slant; once per word and slant."""
    key = ("boxes", slant)
    found = shaped._parts.get(key)
    if found is None:
        found = shaped._parts[key] = []
        grow = 1 + INK_GROWTH
        for g in shaped.glyphs:
            r = g.run.rawFont().boundingRect(g.run.glyphIndexes()[0])
            if r.width() <= 0 or r.height() <= 0:
                continue
            t, b = (g.y + r.top()) * grow, (g.y + r.bottom()) * grow
            # the writer's slant leans a letter's top to the right and its tail to the left
            lo = g.x + r.left() + min(-slant * t, -slant * b, 0.0)
            hi = g.x + r.right() + max(-slant * t, -slant * b, 0.0)
            found.append((lo, t, hi, b))
    return found


class InkProfile:
    """A line's ink by column across the page: highest top and lowest bottom, from the baseline (y down)."""

    def __init__(self, column: float, width: float):
        self.column = column
        n = int(width / column) + 3
        self.top = [math.inf] * n
        self.bottom = [-math.inf] * n

    def add(self, boxes: list[tuple[float, float, float, float]], x: float, y: float, k: float) -> None:
        """A word's boxes (word_boxes) at (x, y) on the line, sized by k."""
        col, top, bottom = self.column, self.top, self.bottom
        last = len(top) - 1
        for lo, t, hi, b in boxes:
            t, b = t * k + y, b * k + y
            for c in range(max(0, int((x + lo * k) / col)), min(last, int((x + hi * k) / col)) + 1):
                if t < top[c]:
                    top[c] = t
                if b > bottom[c]:
                    bottom[c] = b


def needed_pitch(above: InkProfile, below: InkProfile, clearance: float) -> float:
    """The least baseline-to-baseline distance at which the two lines' inks keep `clearance` apart."""
    tops = below.top
    # each column against the column either side too (strokes lean); map() keeps it in C: it runs
    # for every pair of lines on every keystroke's "fits this card" meter
    near = list(map(min, tops[:-2], tops[1:-1], tops[2:]))
    need = max(map(operator.sub, above.bottom[1:-1], near))
    return need + clearance if need > -math.inf else 0.0
