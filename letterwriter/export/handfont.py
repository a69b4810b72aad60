"""The hand font: a script font's copy that writes a hand, built with fontTools and cached per machine.

A hand draws each glyph turned, slanted and sized a little, and a PDF's text must still read
as the letter's words. Both come from one font file made from the script font (see
`hand_font_file`): its glyphs carry no characters (they are the ink), blank *text twins*
carry the characters (the words, straight, underneath), and *shapes* are its glyphs again
under the hand's small transforms (export/hand.py's ALL_SHAPES). It is built once per
machine in ~/.cache/letterwriter/fonts, checked against its recorded digest before use,
registered with Qt under its own family name ("Dancing Script (Letterwriter hand)"), and
read back as a `HandFont`: the loaded font and how Qt's glyph ids map into it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import math
import re
import shutil
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QRawFont

from letterwriter.export import ExportError, write_bytes_atomic
from letterwriter.export import hand as hands
from letterwriter.export.fonts import (
    EMOJI_FONT,
    GLYPH_FALLBACKS,
    HANDWRITING_FONTS,
    family_of,
    font_alternates,
    font_file,
    thread_cache,
)
from letterwriter.export.variants import outlines

HAND_FONT_SUFFIX = " (Letterwriter hand)"  # after the script font's family name
HAND_FONT_VERSION = 12  # bump when what hand_font_file builds changes: older hand fonts are then ignored
# A font's hand font at a size (None: it has none), by family, style and pixel size.


def _hand_font_folders() -> Iterator[Path]:
    """Where hand fonts are kept: the machine's cache (any LETTERWRITER_HOME's), else ours, else temp.

    One at a time: the temporary folder is made only when the others fail (every process
    once made one, and a killed one left it behind).
    """
    from letterwriter import paths

    with contextlib.suppress(Exception):
        import platformdirs

        yield Path(platformdirs.user_cache_dir("letterwriter", appauthor=False)) / "fonts"
    yield paths.user_home() / "cache" / "fonts"
    yield Path(_temp_dir())


def hand_font_file(path: str, family: str) -> tuple[str, dict] | None:
    """The hand font made from a font file (built, or found in the cache), and what it holds.

    What it holds: {"glyphs": N, "twins": T, "shapes": K}. The hand font keeps the font's own
    glyphs at their ids, and adds:
    - *Text twins* (ids N..N+T-1): one blank glyph per character, with its advance, and the
      font's characters now map to them, not to the drawn glyphs. pdftotext reads a PDF's
      text per glyph and splits a word wherever neighbouring glyphs sit half a point apart
      on the baseline or change size, which a hand does all the time; so the hand's
      glyphs map to no character (pdftotext skips them, as it skipped Kristi's unmapped
      alternates) and the words go in underneath, straight, as twins. Hand and text are
      one embedded font: Qt's per-font cost (1.2 ms) is paid once, no outline twice.
    - *Shapes* (ids N+T+k*N+g): every glyph g again, turned, slanted and sized by
      hands.ALL_SHAPES[k], as TrueType composites (a reference and a 2x2 matrix, no
      outlines copied). A hand then writes a word as one run of glyphs at their places,
      instead of one glyph under one transform at a time, which made Qt's PDF stream
      270 bytes a letter and the letter 4x slower than a bare QTextDocument PDF.
    A CFF font (Dancing Script) is converted to TrueType outlines first: composites are
    TrueType's. The hand font is a file, under its own family name, because Qt embeds only
    fonts that come from a file (a font loaded from memory would be written as outlines).
    A font that cannot take twins or shapes gets the older kind of hand font: its map
    emptied, nothing added; its text is then set in the real font and its glyphs drawn one
    at a time.
    """
    src = Path(path)
    stat = src.stat()
    # the shapes' table is in the name too: other shapes, another hand font
    shapes = f"{hands.shapes_id():08x}"
    name = f"{src.stem}-{stat.st_size}-{int(stat.st_mtime)}-hand{HAND_FONT_VERSION}-{shapes}.ttf"
    for folder in _hand_font_folders():
        target = folder / name
        meta_path = target.with_suffix(".json")
        if target.is_file():
            found = _trusted_hand_font(target, meta_path)
            if found is not None:
                return str(target), found
        try:
            from fontTools.ttLib import TTFont

            # bounds and maxp are set by _extend_for_hand: recomputing them resolves every
            # composite again (18 s for DejaVu Serif's hand font, against 0.5 s)
            font = TTFont(path, fontNumber=0, recalcBBoxes=False)
            try:
                meta = _extend_for_hand(font)
            except Exception:  # outlines we cannot extend: an empty map, nothing added
                font = TTFont(path, fontNumber=0)
                meta = {"glyphs": len(font.getGlyphOrder()), "twins": 0, "shapes": 0}
                _set_cmap(font, {0x20: (font.getBestCmap() or {}).get(0x20)})
            # a completed font's hand is named after the script font ("Dancing Script (Letterwriter hand)")
            hand_family = family.removesuffix(" Letterwriter") + HAND_FONT_SUFFIX
            for record in font["name"].names:
                if record.nameID in (1, 4, 16):
                    record.string = hand_family
                elif record.nameID == 6:
                    record.string = hand_family.replace(" ", "").replace("(", "").replace(")", "")
            folder.mkdir(parents=True, exist_ok=True)
            data = io.BytesIO()
            font.save(data)
            # the font, then its description with its size and digest: a hand font whose bytes are
            # not the ones described (cut short, edited, half written) is never used
            meta["bytes"], meta["sha256"] = data.tell(), _digest(data.getvalue(), meta)
            write_bytes_atomic(target, data.getvalue())
            write_bytes_atomic(meta_path, json.dumps(meta).encode())
            ours = re.compile(rf"{re.escape(src.stem)}-\d+-\d+-hand")  # not DejaVuSerif-Bold's
            for old in folder.glob(f"{src.stem}-*-hand*"):  # hand fonts an older Letterwriter made
                if ours.match(old.name) and old.name not in (target.name, meta_path.name):
                    with contextlib.suppress(OSError):
                        old.unlink()
            for part in folder.glob(f".{src.stem}-*.part"):  # a build killed half way, long ago
                with contextlib.suppress(OSError):
                    if time.time() - part.stat().st_mtime > 600:
                        part.unlink()
            return str(target), meta
        except ImportError:
            return None  # without fontTools the hand draws mapped glyphs
        except (OSError, ExportError):
            continue  # a read-only cache folder: the next will do
        except Exception:  # a font fontTools cannot rewrite
            return None
    return None


def _digest(data: bytes, meta: dict) -> str:
    """The hand font's bytes and the counts that describe them, in one digest (an edited count shows)."""
    counts = f"{meta['glyphs']},{meta['twins']},{meta['shapes']}".encode()
    return hashlib.sha256(data + counts).hexdigest()


META_LIMIT = 64 * 1024


def _trusted_hand_font(target: Path, meta_path: Path) -> dict | None:
    """The cached hand font's description when the file is exactly the bytes described, else None.

    Qt loads a font cut short without complaint and draws nothing from it: a blank letter
    whose text layer still reads right, so only the digest catches it.
    """
    try:
        # a description is a few hundred bytes: only a regular file, read up to a bound (a
        # description linked to /dev/zero or a FIFO is refused, never read without end)
        if not stat.S_ISREG(meta_path.stat().st_mode):
            return None
        with open(meta_path, "rb") as f:
            raw = f.read(META_LIMIT + 1)
        if len(raw) > META_LIMIT:
            return None
        meta = json.loads(raw.decode("utf-8"))
        if not isinstance(meta, dict):
            return None
        counts = [meta.get(k) for k in ("glyphs", "twins", "shapes", "bytes")]
        if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in counts):
            return None
        if target.stat().st_size != meta["bytes"]:
            return None
        if _digest(target.read_bytes(), meta) != meta.get("sha256"):
            return None
    except (OSError, ValueError):
        return None
    return meta


TWIN_SUFFIX = ".lwtext"
# what the text says where an emoji beyond the first 65,536 characters is drawn (🌻, 🎉): an
# object replacement character (U+FFFC, "a picture here"), so the line reads on in order
EMOJI_STAND_IN = 0xFFFC
# Shapes are for hands: a script font has a few hundred glyphs (Dancing Script 236, Z003
# 855); DejaVu Serif, a fallback for single letters, has 3,400 and would gain 58,000.
MAX_SHAPED_GLYPHS = 1000


def _extend_for_hand(font) -> dict:
    """Add the text twins and the shapes (see hand_font_file); map the characters to the twins."""
    if "CFF " in font:
        _cff_to_glyf(font)
    if "glyf" not in font:
        raise ValueError("no outlines fontTools can extend")
    from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphCoordinates
    from fontTools.ttLib.tables.ttProgram import Program

    cmap = font.getBestCmap() or {}
    order = list(font.getGlyphOrder())
    n = len(order)
    glyf = font["glyf"]
    metrics = font["hmtx"].metrics
    twins = {name: f"{name}{TWIN_SUFFIX}" for name in dict.fromkeys(cmap[cp] for cp in sorted(cmap))}
    added = list(twins.values())
    for name in added:
        glyf.glyphs[name] = _blank_glyph()
    shapes = hands.ALL_SHAPES if n <= MAX_SHAPED_GLYPHS else ()
    # A hand's emoji are colour pictures (no text): their characters go into the text layer as
    # blank twins too, so pdftotext reads "sent 🌻 flowers" in order, not a line cut at each picture.
    wanted = _emoji_code_points() if shapes else []
    emoji = {cp: f"emoji{cp:X}{TWIN_SUFFIX}" for cp in wanted if cp not in cmap}
    upm = font["head"].unitsPerEm
    for cp, name in emoji.items():
        glyf.glyphs[name] = _blank_glyph()
        # a joiner, selector, skin tone or tag takes no room of its own
        joiner = cp in (0x200D, 0x20E3) or 0xFE00 <= cp <= 0xFE0F or 0x1F3FB <= cp <= 0x1F3FF or cp >= 0xE0000
        metrics[name] = (0 if joiner else upm, 0)
        added.append(name)
    # every glyph's outlines: the font's own and the ones written again (export/variants.py)
    drawn = outlines(font, order) if shapes else {}
    most_points = most_contours = 0
    for k, shape in enumerate(shapes):
        c, s = math.cos(math.radians(shape.rot)), math.sin(math.radians(shape.rot))
        size = 1.0 + shape.scale
        # font units, y up: shear, then turn, then size; (x, y) goes to (x*a + y*b, x*c + y*d)
        a, b = size * c, size * (c * shape.slant - s)
        c2, d = size * s, size * (s * shape.slant + c)
        variant = hands.shape_variant(k)
        for name in order:
            found = drawn.get(name)
            if found is None:
                glyph = _blank_glyph()  # a space: nothing to draw
            else:
                # a shape is its own outline, not a reference to one: a PDF then embeds one
                # glyph per letter drawn, not a reference and its outline
                outline = found[variant]
                glyph = Glyph()
                glyph.numberOfContours = len(outline.ends)
                glyph.coordinates = GlyphCoordinates(
                    [(round(x * a + y * b), round(x * c2 + y * d)) for x, y in outline.points]
                )
                glyph.endPtsOfContours = outline.ends
                glyph.flags = bytearray(outline.flags)
                glyph.program = Program()
                glyph.program.fromBytecode(b"")
                glyph.recalcBounds(glyf)
                most_points = max(most_points, len(outline.points))
                most_contours = max(most_contours, len(outline.ends))
            glyf.glyphs[f"{name}.lw{k}"] = glyph
            # the left side bearing is the box's left: FreeType moves a glyph whose box and
            # bearing disagree (a shape sat 1.8 px to the right of where it belonged)
            metrics[f"{name}.lw{k}"] = (metrics[name][0], glyph.xMin)
            added.append(f"{name}.lw{k}")
    maxp = font["maxp"]
    # a composite glyph's parts are one outline in its shapes
    maxp.maxPoints = max(getattr(maxp, "maxPoints", 0), most_points)
    maxp.maxContours = max(getattr(maxp, "maxContours", 0), most_contours)
    for name, twin in twins.items():
        metrics[twin] = (metrics[name][0], 0)
    glyf.glyphOrder = order + added
    font.setGlyphOrder(order + added)
    maxp.numGlyphs = len(order) + len(added)
    font["post"].formatType = 3.0  # no glyph names: Qt draws by id
    for table in ("hdmx", "LTSH", "VDMX", "GSUB", "GPOS", "GDEF", "kern"):  # per-glyph tables now short
        if table in font:
            del font[table]
    _set_cmap(font, {**emoji, **{cp: twins[name] for cp, name in cmap.items()}})
    _typographic_height(font)
    return {"glyphs": n, "twins": len(twins) + len(emoji), "shapes": len(shapes)}


def _emoji_code_points() -> list[int]:
    """The characters the colour emoji font draws (fonts.EMOJI_FONT), with the joiners that build them."""
    path = font_file(EMOJI_FONT)
    if not path:
        return []
    try:
        from fontTools.ttLib import TTFont

        found = set(TTFont(path, lazy=True, fontNumber=0).getBestCmap() or {})
    except Exception:
        return []
    found |= {0x200D, 0x20E3, EMOJI_STAND_IN, *range(0xFE00, 0xFE10)}
    # digits, # and * are the script font's own; Qt's PDF writer gives a glyph its character only
    # from the first 65,536 (its ToUnicode map), so the rest are written as EMOJI_STAND_IN
    return sorted(cp for cp in found if 0x7F < cp < 0x10000)


def _typographic_height(font) -> None:
    """The hand font's line box from the font's typographic ascender and descender, when those are tighter.

    DkgHandwriting declares 2.3 ems of height (its tallest swash) and 1.0 em typographically.
    pdftotext boxes every word by the PDF font's ascent and descent, and boxes that tall
    overlap the next line: a card's date and salutation came out in the wrong order. The
    layout measures the real font, so only the PDF's boxes change.
    """
    os2, hhea = font.get("OS/2"), font["hhea"]
    if os2 is None:
        return
    ascent, descent = os2.sTypoAscender, os2.sTypoDescender
    if 0 < ascent - descent < hhea.ascent - hhea.descent and ascent > 0 >= descent:
        hhea.ascent, hhea.descent = ascent, descent
        os2.usWinAscent, os2.usWinDescent = ascent, -descent


def _blank_glyph():
    from fontTools.ttLib.tables._g_l_y_f import Glyph

    glyph = Glyph()
    glyph.numberOfContours = 0
    glyph.xMin = glyph.yMin = glyph.xMax = glyph.yMax = 0
    return glyph


def _cff_to_glyf(font) -> None:
    """PostScript outlines to TrueType ones (within a font unit), in place."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    if hasattr(font["CFF "].cff.topDictIndex[0], "ROS"):
        raise ValueError("a CID-keyed CFF font")
    order = list(font.getGlyphOrder())
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
        glyf[name].recalcBounds(glyf)
        advance = font["hmtx"].metrics[name][0]  # the bearing follows the new outline's box
        left = getattr(glyf[name], "xMin", 0) if glyf[name].numberOfContours else 0
        font["hmtx"].metrics[name] = (advance, left)
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for key in (
        "maxPoints maxContours maxCompositePoints maxCompositeContours maxZones maxTwilightPoints "
        "maxStorage maxFunctionDefs maxInstructionDefs maxStackElements maxSizeOfInstructions "
        "maxComponentElements maxComponentDepth"
    ).split():
        setattr(maxp, key, 0)
    maxp.maxZones = 1
    maxp.numGlyphs = len(order)
    font["maxp"] = maxp
    maxp.recalc(font)  # the converted outlines' points and contours (a few hundred glyphs: quick)
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def _set_cmap(font, mapping: dict) -> None:
    from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

    mapping = {cp: name for cp, name in mapping.items() if name}
    bmp = CmapSubtable.newSubtable(4)
    bmp.platformID, bmp.platEncID, bmp.language = 3, 1, 0
    bmp.cmap = {cp: name for cp, name in mapping.items() if cp < 0x10000}
    tables = [bmp]
    if any(cp >= 0x10000 for cp in mapping):
        full = CmapSubtable.newSubtable(12)
        full.platformID, full.platEncID, full.language = 3, 10, 0
        full.cmap = dict(mapping)
        tables.append(full)
    font["cmap"].tables = tables


@functools.lru_cache(maxsize=1)
def _temp_dir() -> str:
    import atexit
    import tempfile

    folder = tempfile.mkdtemp(prefix="letterwriter-fonts-")
    atexit.register(shutil.rmtree, folder, True)
    return folder


@dataclass
class HandFont:
    """A hand font (see hand_font_file) loaded in Qt, and how the script font's glyph ids map into it."""

    raw: QRawFont
    ids: dict[int, int] | None  # Qt's glyph id -> the hand font's drawn glyph (None: the same ids)
    twins: dict[int, int]  # Qt's glyph id -> the hand font's blank text twin (empty: no twins)
    glyphs: int = 0  # the font's own glyphs, before the twins
    twin_count: int = 0
    shapes: int = 0  # how many of hands.ALL_SHAPES the hand font carries (0: none)
    _sized: dict = field(default_factory=dict)

    def shape_id(self, gid: int, shape: int) -> int:
        """The id of glyph `gid` (the hand font's own) drawn in shape `shape` of hands.ALL_SHAPES."""
        return self.glyphs + self.twin_count + shape * self.glyphs + gid

    def sized(self, pixels: float) -> QRawFont:
        """The hand font at another size (a word written a little larger or smaller)."""
        found = self._sized.get(pixels)
        if found is None:
            found = QRawFont(self.raw)
            found.setPixelSize(pixels)
            self._sized[pixels] = found
        return found


def hand_font_for(raw: QRawFont) -> HandFont | None:
    """The hand font of `raw`'s font file, loaded, with Qt's glyph ids mapped into it (None: it has none).

    Why the map: a family can be installed from several files whose glyph ids differ. Z003
    comes as OpenType (.otf) and as Type 1 (.t1, .pfb); Qt draws from the Type 1 file, where
    glyph 61 is "Ł", while fontconfig names the .otf, where glyph 61 is the backslash. So
    the ids are matched character by character; a glyph with no character there (an
    alternate) has no glyph in the hand font and is drawn from the real font.
    """
    key = (raw.familyName(), raw.styleName(), raw.pixelSize())
    hand_fonts = thread_cache("hand_fonts")  # Qt font objects: this thread's (see fonts.thread_cache)
    if key not in hand_fonts:
        found = None
        path = font_file(family_of(raw), raw.styleName())
        loaded = _registered_hand_font(path, family_of(raw)) if path else None
        if loaded is not None:
            family, meta = loaded
            font = QFont(family)
            font.setPixelSize(max(1, round(raw.pixelSize())))
            font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
            candidate = QRawFont.fromFont(font)
            if candidate.isValid() and candidate.familyName() == family:
                candidate.setPixelSize(raw.pixelSize())
                maps = _glyph_id_maps(raw, path, candidate)
                if maps is not None:
                    found = HandFont(candidate, *maps, meta["glyphs"], meta["twins"], meta["shapes"])
        hand_fonts[key] = found
    return hand_fonts[key]


@functools.lru_cache(maxsize=16)
def _registered_hand_font(path: str, family: str) -> tuple[str, dict] | None:
    """The hand font of a font file registered with Qt, once per file: (its family, its description).

    Once, not once per size: each size of a letter's font (every client's hand is its own
    size) checked the hand font's digest and registered the same file with Qt again.
    """
    built = hand_font_file(path, family)
    if built is None:
        return None
    hand_path, meta = built
    font_id = QFontDatabase.addApplicationFont(hand_path)
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return (families[0], meta) if families else None


@functools.lru_cache(maxsize=16)
def _characters_and_glyphs(path: str) -> tuple[list[tuple[int, str]], list[str]] | None:
    """A font file's characters (one glyph each: the BMP, no surrogates) and glyph names; None: unreadable."""
    try:
        from fontTools.ttLib import TTFont

        font = TTFont(path, lazy=True, fontNumber=0)
        cmap = font.getBestCmap() or {}
        order = list(font.getGlyphOrder())
    except Exception:
        return None
    chars = [(cp, name) for cp, name in sorted(cmap.items()) if 0x20 < cp < 0xD800 or 0xE000 <= cp < 0x10000]
    return chars, order


def prepare_hand(family: str | None = None) -> None:
    """Build the hand font of a font and read what the first drawing needs, without Qt.

    For a background thread at start-up: a font's first hand font takes a few tenths of a
    second (Z003's a second), which the window's first preview would otherwise wait for.
    """
    wanted = family or HANDWRITING_FONTS[0][0]
    for name in (wanted, *GLYPH_FALLBACKS):
        path = font_file(name)
        if path:
            hand_font_file(path, name)
            _characters_and_glyphs(path)
    font_alternates(wanted)


def _glyph_id_maps(
    raw: QRawFont, path: str, hand: QRawFont
) -> tuple[dict[int, int] | None, dict[int, int]] | None:
    """Qt's glyph id -> the file's (None when they agree) and -> its text twin; None: unreadable."""
    found = _characters_and_glyphs(path)
    if found is None:
        return None
    chars, order = found
    index = {name: i for i, name in enumerate(order)}
    string = "".join(chr(cp) for cp, _ in chars)
    qt_ids = raw.glyphIndexesForString(string)
    twin_ids = hand.glyphIndexesForString(string)
    if len(qt_ids) != len(chars) or len(twin_ids) != len(chars):
        return None
    pairs = {q: index[name] for q, (_, name) in zip(qt_ids, chars, strict=True) if q and name in index}
    # a twin is one of the glyphs added after the font's own (an older hand font has none)
    twins = {q: t for q, t in zip(qt_ids, twin_ids, strict=True) if q and t >= len(order)}
    return (None if all(q == f for q, f in pairs.items()) else pairs), twins
