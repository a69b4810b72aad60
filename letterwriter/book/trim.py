"""The book's trim sizes, type sizes and margins, the gutter a binding needs, and a page estimate (no Qt).

Both trims are sizes print-on-demand services print as they are (A5, and 6 × 9 in, the
commonest trade paperback). The inner margin is wider than the outer and grows with the
page count, as a thicker perfect-bound book curves further into its spine: the minimums
print-on-demand services publish are 0.375 in up to 150 pages, 0.5 in to 300, 0.625 in to
500, 0.75 in to 700 and 0.875 in beyond; ours keep 3 mm more than those, and never less
than the trim's own inner margin.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MAX_PAGES = 1_000  # a longer book is refused unless asked for (--force): it is likely a mistake


@dataclass(frozen=True)
class Trim:
    name: str
    label: str
    width_mm: float
    height_mm: float
    top_mm: float
    bottom_mm: float
    outer_mm: float
    inner_mm: float  # for a thin book; see gutter_mm
    body_pt: float  # the letters' type size
    leading_pt: float  # baseline to baseline: every page's lines sit on one grid
    words_per_page: int  # a full page of prose, measured in EB Garamond (for the estimate)


TRIMS: dict[str, Trim] = {
    t.name: t
    for t in (
        Trim("a5", "A5 (148 × 210 mm)", 148.0, 210.0, 17.0, 22.0, 14.0, 18.0, 10.5, 13.8, 390),
        Trim("6x9", "6 × 9 in (152 × 229 mm)", 152.4, 228.6, 18.0, 23.0, 15.0, 19.0, 11.0, 14.4, 400),
    )
}
TRIM_NAMES: tuple[str, ...] = tuple(TRIMS)
DEFAULT_TRIM = "a5"

# (pages up to, the service's minimum inside margin in inches)
_GUTTER_STEPS = ((150, 0.375), (300, 0.5), (500, 0.625), (700, 0.75), (math.inf, 0.875))
GUTTER_SPARE_MM = 3.0


def get_trim(name: str) -> Trim:
    trim = TRIMS.get(str(name).strip().lower())
    if trim is None:
        raise ValueError(f"unknown trim size '{name}' (choose {', '.join(TRIM_NAMES)})")
    return trim


def gutter_mm(trim: Trim, pages: int) -> float:
    """The inner margin for a book of `pages` pages on this trim."""
    need = next(inches for limit, inches in _GUTTER_STEPS if pages <= limit) * 25.4 + GUTTER_SPARE_MM
    return max(trim.inner_mm, round(need, 1))


def estimate_pages(trim: Trim, letter_words: list[int], *, hand: bool = False) -> int:
    """About how many pages the book will have, before it is set: for refusing a huge one quickly.

    Each letter starts a page; front matter is the title leaf and the contents (about 30
    entries a page). A hand writes about half the words of type on a page.
    """
    per_page = trim.words_per_page // (2 if hand else 1)
    body = sum(max(1, math.ceil((words + per_page // 4) / per_page)) for words in letter_words)
    return 2 + max(1, math.ceil(len(letter_words) / 30)) + body
