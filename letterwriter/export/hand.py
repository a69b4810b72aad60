"""A hand that writes: seeded variation of glyphs, words and lines, the same for the same seed (no Qt).

A *client seed* fixes a person's hand: their slant, size, spacing, how their lines drift
and a few versions of every letter they make. A *letter seed* (client seed + the letter's
text) fixes one letter's drawing, so the same letter and seed always draw the same, and
two letters of one batch (different names, different text) never do. Every amount here
is in ems of the writing font, so it scales with the paper and the font.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

HAND_LEVELS: tuple[str, ...] = ("none", "light", "natural")
DEFAULT_HAND = "natural"
VERSIONS_PER_LETTER = 5  # "versions of every character", as handwritten-card services sell


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
    margin_wander: float = 0.0  # em the left margin moves from line to line
    ragged: float = 0.0  # em of slack a writer leaves at a line's end
    ink_fade: float = 0.0  # how far ink lightens towards the paper between words (0..1)
    alternates: bool = False
    word_scale: float = 0.0  # fraction of the size a whole word grows or shrinks


AMOUNTS: dict[str, Amounts] = {
    "none": Amounts(),
    "light": Amounts(0.012, 0.004, 0.8, 0.007, 0.015, 0.10, 0.12, 0.03, 0.06, 1.2, 0.06, True, 0.015),
    "natural": Amounts(0.028, 0.008, 1.8, 0.014, 0.03, 0.22, 0.35, 0.07, 0.16, 2.4, 0.14, True, 0.035),
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
class GlyphVersion:
    dy: float
    dx: float
    rot: float
    scale: float
    slant: float


class Persona:
    """The constant habits of one client's hand, drawn from the client seed."""

    def __init__(self, client: int, amounts: Amounts):
        self.client = client
        self.amounts = amounts
        rng = random.Random(_hash32("persona", client))
        on = 1.0 if amounts.glyph_rot else 0.0
        self.slant = rng.uniform(-0.03, 0.07) * on  # shear added to the font's own
        self.size = 1.0 + rng.uniform(-0.03, 0.03) * on
        self.spacing = 1.0 + rng.uniform(-0.08, 0.12) * on
        self.slope_bias = rng.uniform(-0.5, 0.5) * amounts.line_slope  # some write uphill
        self.margin_creep = rng.uniform(0.0, 0.5) * amounts.margin_wander  # drift inward per line
        self._versions: dict[str, list[GlyphVersion]] = {}

    def versions(self, char: str) -> list[GlyphVersion]:
        """This person's few ways of making `char`, fixed for the client."""
        found = self._versions.get(char)
        if found is None:
            a = self.amounts
            rng = random.Random(_hash32("versions", self.client, char))
            found = [
                GlyphVersion(
                    rng.uniform(-1, 1) * a.glyph_dy,
                    rng.uniform(-1, 1) * a.glyph_dx,
                    rng.uniform(-1, 1) * a.glyph_rot,
                    rng.uniform(-1, 1) * a.glyph_scale,
                    rng.uniform(-1, 1) * a.glyph_slant,
                )
                for _ in range(VERSIONS_PER_LETTER)
            ]
            self._versions[char] = found
        return found


def pick_other(rng: random.Random, count: int, last: int | None) -> int:
    """An index in range(count), never `last` again when there is another to choose."""
    if count <= 1:
        return 0
    i = rng.randrange(count - 1 if last is not None and 0 <= last < count else count)
    if last is not None and 0 <= last < count and i >= last:
        i += 1
    return i
