"""A paragraph broken into lines as a book sets it: the whole paragraph at once, not line by line (no Qt).

Greedy breaking (fill each line, then the next) leaves some lines tight and the next loose;
for justified type the loose one shows as wide gaps. This weighs every way to break the
paragraph and keeps the one whose spaces stretch least overall, as TeX does (without its
hyphenation): a line's badness grows with the cube of how far its spaces stretch, and a
last line of one short word is avoided. Words only: widths come from the typesetter.
"""

from __future__ import annotations

import math

STRETCH = 1.0  # a space may grow by its own width before the line counts as very loose
SHRINK = 0.2  # and shrink by a fifth
RUNT = 0.18  # a last line shorter than this part of the measure, with one word, is a runt
_RUNT_COST = 3_000.0
_OVERFULL = 1e9
_LONE_WORD = 1e8


def break_words(
    widths: list[float], space: float, width: float, indent: float = 0.0
) -> list[tuple[int, int]]:
    """Lines as (first word, end) index pairs; `indent` narrows the first line.

    A word wider than the measure gets a line of its own (it overhangs: nothing else can be done).
    """
    n = len(widths)
    if n == 0:
        return []
    best = [math.inf] * (n + 1)
    best[0] = 0.0
    back = [0] * (n + 1)
    for j in range(1, n + 1):  # a line ending before word j
        natural = -space
        for i in range(j - 1, -1, -1):  # ... and starting at word i
            natural += widths[i] + space
            room = width - (indent if i == 0 else 0.0)
            gaps = j - 1 - i
            if natural > room + gaps * space * SHRINK and i < j - 1:
                break  # longer lines from here on only get longer
            if j == n:
                cost = 0.0 if natural <= room else _OVERFULL * (i < j - 1)
                if gaps == 0 and natural < room * RUNT and i > 0:
                    cost += _RUNT_COST
            elif gaps == 0:  # one word on a line of its own: only when it (nearly) fills it
                cost = 0.0 if natural >= room * 0.85 else _LONE_WORD
            else:
                ratio = (room - natural) / (gaps * space * (STRETCH if natural <= room else SHRINK))
                cost = (1 + 100 * abs(ratio) ** 3) ** 2 if abs(ratio) <= 1.0 else 1e6 * abs(ratio)
            total = best[i] + cost
            if total < best[j]:
                best[j] = total
                back[j] = i
    lines = []
    j = n
    while j > 0:
        lines.append((back[j], j))
        j = back[j]
    return lines[::-1]
