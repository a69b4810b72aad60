"""A hand that writes: seeded variation of glyphs, words and lines, the same for the same seed (no Qt).

A *client seed* fixes a person's hand: their slant, size, spacing, how their lines drift
and a few versions of every letter they make. A version is a place on the baseline and
one of the font's *shapes* of the letter: the letter turned, slanted and sized a little
(SHAPES, built into the hand font; see export/handfont.py). A *letter seed*
(client seed + the letter's text) fixes one letter's drawing, so the same letter and seed
always draw the same, and two letters of one batch (different names, different text)
never do. Every amount here is in ems of the writing font, so it scales with the paper
and the font.
"""

from __future__ import annotations

import functools
import hashlib
import random
from dataclasses import dataclass

from letterwriter.export.variants import VARIANTS

HAND_LEVELS: tuple[str, ...] = ("none", "light", "natural")
DEFAULT_HAND = "natural"
SHAPES_PER_LEVEL = 8  # the shapes a version chooses from, per level of variation
# One person's versions of a letter, each its own shape drawing its own outline (of the font's
# own and export/variants.py's VARIANTS): so the same letter twice in a row is never one
# outline. Every shape drawn is one more glyph in the PDF's font (about 15 us each to write):
# three of the four outlines, as the hand's speed target allows.
SHAPES_PER_LETTER = min(3, VARIANTS + 1)
VERSIONS_PER_LETTER = SHAPES_PER_LETTER


@dataclass(frozen=True)
class Amounts:
    """How much a hand varies; zero everywhere is the plain font set like type."""

    glyph_dy: float = 0.0  # baseline jitter of a letter, em
    glyph_dx: float = 0.0  # sideways jitter, em (small: script letters join)
    glyph_rot: float = 0.0  # degrees
    # fraction of the size; kept small per letter because pdftotext starts a new word where
    # the size jumps by 5%, so most of the size variation is per word
    glyph_scale: float = 0.0
    glyph_slant: float = 0.0  # extra shear per letter
    word_space: float = 0.0  # fraction of a space, either way
    line_slope: float = 0.0  # degrees a line climbs or falls
    line_bend: float = 0.0  # em a line bows in the middle
    margin_wander: float = 0.0  # em the left margin drifts over a page (in small steps)
    ragged: float = 0.0  # em the right limit a writer keeps wanders inside the margin
    ink_fade: float = 0.0  # how far ink lightens towards the paper between words (0..1)
    alternates: bool = False
    word_scale: float = 0.0  # fraction of the size a whole word grows or shrinks


AMOUNTS: dict[str, Amounts] = {
    "none": Amounts(),
    "light": Amounts(0.012, 0.004, 0.8, 0.007, 0.015, 0.10, 0.12, 0.03, 0.06, 0.3, 0.06, True, 0.015),
    "natural": Amounts(0.028, 0.008, 1.8, 0.014, 0.03, 0.22, 0.35, 0.07, 0.16, 0.6, 0.14, True, 0.035),
}


def _hash32(*parts: object) -> int:
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big")


def client_seed(seed: int | str | None, sender_name: str = "") -> int:
    """A client's hand: the given seed, else one derived from the sender's name."""
    if seed not in (None, ""):
        try:
            return int(seed) & 0xFFFFFFFF  # type: ignore[arg-type]
        except ValueError:
            return _hash32("seed", seed)
    return _hash32("sender", " ".join(str(sender_name).split()).casefold())


def letter_seed(client: int, text: str) -> int:
    """One letter's drawing: the client's hand applied to this text."""
    return _hash32("letter", client, text)


@dataclass(frozen=True)
class Shape:
    """A letter turned, slanted and sized: one of the font's fixed shapes of every glyph."""

    rot: float  # degrees, anticlockwise
    slant: float  # shear, x per y
    scale: float  # fraction of the size


def _shapes(amounts: Amounts, level: str) -> tuple[Shape, ...]:
    """SHAPES_PER_LEVEL shapes spread over the level's range: a fixed table, the same on every machine."""
    if not amounts.glyph_rot:
        return ()
    rng = random.Random(_hash32("shapes", level))
    n = SHAPES_PER_LEVEL
    # each amount takes every step of its range once, in its own order: no two shapes alike
    steps = [(2 * i + 1) / n - 1 for i in range(n)]
    rots, slants, scales = (rng.sample(steps, n) for _ in range(3))
    return tuple(
        Shape(r * amounts.glyph_rot, s * amounts.glyph_slant, k * amounts.glyph_scale)
        for r, s, k in zip(rots, slants, scales, strict=True)
    )


# The fonts carry every level's shapes, one level after another: the hand font is built once.
SHAPES: dict[str, tuple[Shape, ...]] = {level: _shapes(AMOUNTS[level], level) for level in HAND_LEVELS}
ALL_SHAPES: tuple[Shape, ...] = tuple(shape for level in HAND_LEVELS for shape in SHAPES[level])
# where each level's shapes start in ALL_SHAPES
SHAPE_OFFSET: dict[str, int] = {
    level: sum(len(SHAPES[before]) for before in HAND_LEVELS[:i]) for i, level in enumerate(HAND_LEVELS)
}


def shape_variant(shape: int) -> int:
    """Which outline (0: the font's own, else a variant) shape `shape` of ALL_SHAPES draws."""
    return shape % (VARIANTS + 1)


def shapes_id() -> int:
    """A fingerprint of ALL_SHAPES: a font built with other shapes is another font."""
    return _hash32(*ALL_SHAPES)


@dataclass(frozen=True)
class GlyphVersion:
    dy: float
    dx: float
    shape: int  # index into the level's SHAPES


class Persona:
    """The constant habits of one client's hand, drawn from the client seed."""

    def __init__(self, client: int, amounts: Amounts, offset: int = 0):
        self.client = client
        self.amounts = amounts
        self.offset = offset  # where the level's shapes start in ALL_SHAPES
        self.shape_count = SHAPES_PER_LEVEL if amounts.glyph_rot else 0  # as _shapes makes them
        rng = random.Random(_hash32("persona", client))
        on = 1.0 if amounts.glyph_rot else 0.0
        self.slant = rng.uniform(-0.03, 0.07) * on  # shear added to the font's own
        self.size = 1.0 + rng.uniform(-0.03, 0.03) * on
        # a little tighter or looser than the font; the layout keeps the gaps between inks
        # (a lead-in stroke, Dancing Script's t, once touched the word before: "tripto Lisbon")
        self.spacing = 1.0 + rng.uniform(-0.06, 0.1) * on
        self.slope_bias = rng.uniform(-0.5, 0.5) * amounts.line_slope  # some write uphill
        self.margin_creep = rng.uniform(0.0, 0.5) * amounts.margin_wander  # drift inward per line
        self._versions: dict[str, list[GlyphVersion]] = {}

    def versions(self, char: str) -> list[GlyphVersion]:
        """This person's few ways of making `char`, fixed for the client."""
        found = self._versions.get(char)
        if found is None:
            a = self.amounts
            rng = random.Random(_hash32("versions", self.client, char))
            # a person's few ways of making a letter are different shapes of it, each drawing
            # another outline
            by_outline: dict[int, list[int]] = {}
            for k in range(self.shape_count):
                by_outline.setdefault(shape_variant(self.offset + k), []).append(k)
            outlines = rng.sample(sorted(by_outline), min(len(by_outline), SHAPES_PER_LETTER))
            shapes = [rng.choice(by_outline[v]) for v in outlines]
            found = [
                GlyphVersion(
                    rng.uniform(-1, 1) * a.glyph_dy,
                    rng.uniform(-1, 1) * a.glyph_dx,
                    shapes[i % len(shapes)] if shapes else 0,
                )
                for i in range(VERSIONS_PER_LETTER)
            ]
            self._versions[char] = found
        return found


@functools.lru_cache(maxsize=64)
def persona(client: int, level: str) -> Persona:
    """A client's hand at a level of variation, made once (a batch writes many letters in one hand)."""
    return Persona(client, AMOUNTS[level], SHAPE_OFFSET[level])


def pick_other(rng: random.Random, count: int, last: int | None) -> int:
    """An index in range(count), never `last` again when there is another to choose."""
    if count <= 1:
        return 0
    others = last is not None and 0 <= last < count
    # random() is four times quicker than randrange(), and this runs for every letter drawn
    i = int(rng.random() * (count - 1 if others else count))
    if others and i >= last:
        i += 1
    return i
