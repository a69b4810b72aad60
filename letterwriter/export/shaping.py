"""Words shaped into glyphs: each glyph in the script font and in the hand font, and the word's text (QtGui).

Shaping runs with every substituting feature off (fonts.SUBSTITUTING_FEATURES), so each
glyph maps back to its character. A glyph is kept twice: as the script font draws it
(`run`, mapped to its character) and as the hand draws it (`drawn`, from the hand font,
which maps to no character); the word's text goes on the page in its own runs
(`text_runs`, `layer_runs`), straight and invisible under the hand, so `pdftotext` reads
the letter's words however the hand wobbles.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF
from PySide6.QtGui import QFont, QGlyphRun, QRawFont, QTextLayout

from letterwriter.export.fonts import (
    EMOJI_FONT,
    GLYPH_FALLBACKS,
    SUBSTITUTING_FEATURES,
    family_of,
    font_alternates,
    is_joiner,
    raw_font,
    thread_cache,
)
from letterwriter.export.handfont import EMOJI_STAND_IN, HandFont, hand_font_for


@dataclass
class Glyph:
    """One glyph of a shaped word, at its place in the word."""

    run: QGlyphRun  # one glyph at (0, 0), mapped to its character
    drawn: QGlyphRun  # the same glyph from the hand font, which maps to no character (else `run`)
    x: float
    y: float
    key: str  # what the hand varies per version: the font and glyph
    alternates: tuple[QGlyphRun, ...] = ()  # the font's own alternates, from the hand font too
    emoji: bool = False  # a colour picture, drawn on its own (it is in no text run)
    hand: HandFont | None = None  # the hand font, when `drawn` comes from it
    gid: int = 0  # the glyph's id in the hand font
    alt_ids: tuple[int, ...] = ()  # the alternates' ids in the hand font


@dataclass
class Shaped:
    """A word shaped in the letter's font: its glyphs, its text runs and how far its ink reaches."""

    width: float
    glyphs: list[Glyph]
    # the word's characters as glyph runs in its fonts: what --hand none draws
    text_runs: list[QGlyphRun] = field(default_factory=list)
    # the same, drawn invisibly under the hand: the hand font's blank text twins where it has them
    layer_runs: list[QGlyphRun] = field(default_factory=list)
    in_hand_font: bool = True  # every glyph is drawn from a hand font, so the words are the layer runs
    # A word drawn from two fonts (Łukasz: Ł from Z003) would read as two words, so its
    # text is set in one font that has every letter, stretched to the drawn word's width.
    text_stretch: float = 1.0
    mixed: bool = False
    # how far the word reaches, ink and all: a hand leaves its space after the ink, and
    # before it (lead: ink left of the origin)
    extent: float = 0.0
    lead: float = 0.0
    # the emoji's characters, invisible where their pictures are (in layer_runs too; --hand none
    # writes them on their own beside its inked text)
    emoji_text: list[QGlyphRun] = field(default_factory=list)
    _parts: dict = field(default_factory=dict)

    def layer_parts(self) -> list[tuple[str, QRawFont, list[int], list[float], list[float]]]:
        """The layer runs as plain numbers, read out of Qt once: (font key, font, ids, xs, ys)."""
        return self._numbers("layer", self.layer_runs)

    def text_parts(self) -> list[tuple[str, QRawFont, list[int], list[float], list[float]]]:
        """The text runs as plain numbers (see layer_parts)."""
        return self._numbers("text", self.text_runs)

    def _numbers(self, which: str, runs: list[QGlyphRun]) -> list:
        found = self._parts.get(which)
        if found is None:
            found = self._parts[which] = []
            for run in runs:
                raw = run.rawFont()
                points = run.positions()
                xs, ys = [p.x() for p in points], [p.y() for p in points]
                key = f"{raw.familyName()}/{raw.styleName()}/{raw.pixelSize()}"
                found.append((key, raw, run.glyphIndexes(), xs, ys))
        return found


def glyph_run(raw: QRawFont, ids: list[int], positions: list[QPointF]) -> QGlyphRun:
    """A run of glyphs of one font at their positions."""
    run = QGlyphRun()
    run.setRawFont(raw)
    run.setGlyphIndexes(ids)
    run.setPositions(positions)
    return run


def one_glyph(raw: QRawFont, gid: int) -> QGlyphRun:
    """One glyph at (0, 0)."""
    return glyph_run(raw, [gid], [QPointF(0, 0)])


def drawn_by(font: QFont, chars: list[str]) -> dict[str, str]:
    """For each character, the font that really drew it ("" when none had it: left out).

    Qt falls back further than GLYPH_FALLBACKS (Arabic came from DejaVu Sans) while the note
    said "left out": the note names what shaping chose.
    """
    found: dict[str, str] = {}
    for ch in chars:
        glyphs = shape_word(font, ch).glyphs
        found[ch] = family_of(glyphs[0].run.rawFont()) if glyphs else ""
    return found


def _single_font_runs(word: str, font: QFont) -> tuple[list[QGlyphRun], float] | None:
    """The word's text in the first fallback font that has all of it (none: None)."""
    for family in GLYPH_FALLBACKS:
        raw = raw_font(family)
        if not all(raw.supportsCharacter(ord(ch)) for ch in word if not is_joiner(ch)):
            continue
        single = QFont(family)
        single.setPixelSize(font.pixelSize())
        for tag in SUBSTITUTING_FEATURES:
            single.setFeature(QFont.Tag(tag), 0)
        layout = QTextLayout(word, single)
        layout.beginLayout()
        line = layout.createLine()
        layout.endLayout()
        runs = []
        for run in line.glyphRuns():
            if family_of(run.rawFont()) != family:
                break
            up = [QPointF(p.x(), p.y() - line.ascent()) for p in run.positions()]
            runs.append(glyph_run(run.rawFont(), run.glyphIndexes(), up))
        else:
            return runs, line.naturalTextWidth()
    return None


def _emoji_clusters(word: str, font: QFont) -> list[str]:
    """The word's emoji, each run of them as one string, in order (as Qt gives their glyph runs)."""
    families = font.families()
    main = raw_font(families[0]) if families else None
    emoji = raw_font(EMOJI_FONT)
    clusters: list[str] = []
    current = ""
    for ch in word:
        code = ord(ch)
        if (
            is_joiner(ch)
            or 0x1F3FB <= code <= 0x1F3FF
            or code >= 0xE0000
            or (emoji.supportsCharacter(code) and not (main is not None and main.supportsCharacter(code)))
        ):
            current += ch
        elif current:
            clusters.append(current)
            current = ""
    if current:
        clusters.append(current)
    return clusters


def _emoji_text(font: QFont, cluster: str, places: list, ascent: float) -> QGlyphRun | None:
    """An emoji's characters as the hand font's blank twins where the pictures are (None: no such twins).

    Qt's PDF writer maps a glyph to its character only within the first 65,536 characters, so
    ❤️ is written as itself and 🌻 as handfont.EMOJI_STAND_IN, one per picture.
    """
    if not places:
        return None
    raw = QRawFont.fromFont(font)  # the script font, completed: its hand font carries the twins
    hand = hand_font_for(raw)
    if hand is None or not hand.twins:
        return None
    if all(ord(ch) < 0x10000 for ch in cluster):
        ids = [i for i in hand.raw.glyphIndexesForString(cluster) if i]
        x, points = places[0].x(), []
        for advance in hand.raw.advancesForGlyphIndexes(ids):
            points.append(QPointF(x, places[0].y() - ascent))
            x += advance.x()
    else:
        stand_in = hand.raw.glyphIndexesForString(chr(EMOJI_STAND_IN))
        ids = [stand_in[0]] * len(places) if stand_in and stand_in[0] else []
        points = [QPointF(p.x(), p.y() - ascent) for p in places]
    return glyph_run(hand.raw, ids, points) if ids else None


def shape_word(font: QFont, word: str, font_key: str | None = None) -> Shaped:
    """The word's glyphs and width in `font` (cached: letters repeat their words)."""
    key = (font_key or font.key(), font.pixelSize(), word)
    shaped = thread_cache("shaped")  # Qt font objects: this thread's (see fonts.thread_cache)
    found = shaped.get(key)
    if found is not None:
        return found
    layout = QTextLayout(word, font)
    layout.beginLayout()
    line = layout.createLine()
    layout.endLayout()
    main_family = font.families()[0] if font.families() else font.family()
    alts = font_alternates(main_family)
    glyphs: list[Glyph] = []
    text_runs: list[QGlyphRun] = []
    layer_runs: list[QGlyphRun] = []
    all_in_hand_font = True
    emoji_text: list[QGlyphRun] = []
    ascent = line.ascent()
    clusters = _emoji_clusters(word, font) if any(ord(ch) > 0x2000 for ch in word) else []
    for run in line.glyphRuns():
        raw = run.rawFont()
        family = family_of(raw)
        # Colour emoji reach the PDF as pictures; their characters go under them as the hand
        # font's blank twins, so the text reads in order ("sent 🌻 flowers")
        emoji = family == EMOJI_FONT
        if emoji and clusters:
            twin = _emoji_text(font, clusters.pop(0), run.positions(), ascent)
            if twin is not None:
                layer_runs.append(twin)
                emoji_text.append(twin)
        hand = None if emoji else hand_font_for(raw)
        hand_raw, id_map = (hand.raw, hand.ids) if hand is not None else (None, None)
        # Glyph 0 is a font's "no such letter" box (CJK in DkgHandwriting): a letter no
        # installed font has is left out, as the note says, not drawn as a box.
        kept = [(g, p) for g, p in zip(run.glyphIndexes(), run.positions(), strict=False) if g]
        if not kept:
            continue
        ids = [g for g, _p in kept]
        if not emoji:
            positions = [QPointF(p.x(), p.y() - ascent) for _g, p in kept]
            text_run = glyph_run(raw, ids, positions)
            text_runs.append(text_run)
            if hand is not None and hand.twins and all(g in hand.twins for g in ids):
                layer_runs.append(glyph_run(hand_raw, [hand.twins[g] for g in ids], positions))
            else:
                layer_runs.append(text_run)
            all_in_hand_font = all_in_hand_font and hand_raw is not None
        # alternates are read from the file by id: only where Qt's ids are the file's
        own = family == main_family and hand_raw is not None and id_map is None
        # A variation selector or joiner only chooses how an emoji looks; should a font give
        # one a glyph of its own, it would be drawn as a stray mark over the next letter.
        joiners = "".join(ch for ch in dict.fromkeys(word) if is_joiner(ch))
        stray = {i for i in raw.glyphIndexesForString(joiners) if i} if joiners and not emoji else set()
        for gid, pos in kept:
            if gid in stray:
                continue
            plain = one_glyph(raw, gid)
            hand_gid = gid if id_map is None else id_map.get(gid)
            if hand_raw is not None and hand_gid is not None:
                drawn = one_glyph(hand_raw, hand_gid)
            else:
                drawn = plain
                all_in_hand_font = all_in_hand_font and emoji  # a mapped glyph carries its own text
            alt_ids = tuple(alts.get(gid, ())) if own else ()
            alt_runs = tuple(one_glyph(hand_raw, a) for a in alt_ids)
            glyph = Glyph(plain, drawn, pos.x(), pos.y() - ascent, f"{family}/{gid}", alt_runs, emoji)
            if drawn is not plain:
                glyph.hand, glyph.gid, glyph.alt_ids = hand, hand_gid, alt_ids
            glyphs.append(glyph)
    found = Shaped(line.naturalTextWidth(), glyphs, text_runs, layer_runs, all_in_hand_font)
    found.emoji_text = emoji_text
    if glyphs:  # where the last letter's ink ends (a tail past its advance, like Dancing Script's p)
        last = glyphs[-1].run
        ink = last.rawFont().boundingRect(last.glyphIndexes()[0])
        found.extent = max(found.width, glyphs[-1].x + ink.right())
        first = glyphs[0].run
        found.lead = max(0.0, -(glyphs[0].x + first.rawFont().boundingRect(first.glyphIndexes()[0]).left()))
    if len(text_runs) > 1:
        found.mixed = True
        single = _single_font_runs(word, font)
        if single is not None:
            found.text_runs, text_width = single
            found.layer_runs = found.text_runs
            found.text_stretch = found.width / text_width if text_width else 1.0
    if len(shaped) > 50_000:
        shaped.clear()  # a long-running window never grows without bound
    shaped[key] = found
    return found
