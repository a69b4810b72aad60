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
    inf = math.inf
    prefix = [0.0]
    for w in widths:
        prefix.append(prefix[-1] + w)
    best = [inf] * (n + 1)
    best[0] = 0.0
    back = [0] * (n + 1)
    stretch, shrink = space * STRETCH, space * SHRINK
    lo = 0  # the first word a line ending at j could start with: it only moves on as j does
    for j in range(1, n + 1):  # (the loop every word of a book goes through: kept lean)
        last = j == n
        while lo < j - 1:
            gaps = j - 1 - lo
            room = width - indent if lo == 0 else width
            if prefix[j] - prefix[lo] + space * gaps <= room + gaps * shrink:
                break
            lo += 1
        here = inf
        for i in range(lo, j):
            gaps = j - 1 - i
            natural = prefix[j] - prefix[i] + space * gaps
            room = width - indent if i == 0 else width
            if last:
                cost = 0.0 if natural <= room or not gaps else _OVERFULL
                if not gaps and i and natural < room * RUNT:
                    cost += _RUNT_COST
            elif not gaps:  # one word on a line of its own: only when it (nearly) fills it
                cost = 0.0 if natural >= room * 0.85 else _LONE_WORD
            elif natural > room:
                r = (natural - room) / (gaps * shrink)
                cost = (1 + 100 * r * r * r) ** 2
            else:
                r = (room - natural) / (gaps * stretch)
                if r > 2.0:
                    # shorter lines from here on are looser still: only the lone word is left to weigh
                    i = j - 1
                    room = width - indent if i == 0 else width
                    cost = 0.0 if widths[i] >= room * 0.85 else _LONE_WORD
                    if best[i] + cost < here:
                        here = best[i] + cost
                        back[j] = i
                    break
                cost = (1 + 100 * r * r * r) ** 2 if r <= 1.0 else 1e6 * r
            if best[i] + cost < here:
                here = best[i] + cost
                back[j] = i
        best[j] = here
    lines = []
    j = n
    while j > 0:
        lines.append((back[j], j))
        j = back[j]
    return lines[::-1]
