"""A script font completed in its own hand: accented and stroked Latin letters, typographic punctuation.

Dancing Script has no ễ, ị, ă, ł, Ł or ś; Breip and DkgHandwriting have no ’ “ ” …. Drawn
from another font they read as another writer's ("£ukasz" in a chancery Ł, an upright serif
ễ inside a script signature, a chancery apostrophe in every contraction). So the letters a
script font lacks are built from its own: a base letter and the font's own spacing marks
(´ ` ˆ ˜ ¨ ¸ . -) as TrueType composites, placed over, under or through the base by its
outline; a typographic quote or ellipsis is the font's plain one (' " ...). Only what no
letter of the font can make (another script: Greek, Arabic, CJK) falls back to another font.

The completed font is a copy of the script font under its own family name (the script
font's name and " Letterwriter"), built once per machine beside the hand fonts, checked by
its digest like them, and registered with Qt; the letter is shaped in it, and its hand
font is made from it.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import math
import unicodedata
from pathlib import Path

COMPLETED_SUFFIX = " Letterwriter"
COMPLETION_VERSION = 4  # bump when what is built changes
# Latin letters built when the font lacks them: Latin-1, Extended-A and -B, Vietnamese.
LATIN_RANGES = ((0x00C0, 0x0250), (0x1E00, 0x1F00))
# combining mark -> (where it goes, the font's spacing marks that can draw it, best first)
MARKS: dict[str, tuple[str, tuple[str, ...]]] = {
    "\u0300": ("above", ("`", "\u02cb")),
    "\u0301": ("above", ("\u00b4", "\u02ca", "'")),
    "\u0302": ("above", ("\u02c6", "^")),
    "\u0303": ("above", ("\u02dc", "~")),
    "\u0304": ("above", ("\u00af", "\u02c9", "-")),
    "\u0306": ("above", ("\u02d8", "u")),  # a breve is a small u written over the letter
    "\u0307": ("above", ("\u02d9", ".")),
    "\u0308": ("above", ("\u00a8",)),
    "\u030a": ("above", ("\u02da", "\u00b0", "o")),
    "\u030b": ("above", ("\u02dd", '"')),
    "\u030c": ("above", ("\u02c7", "v")),  # a caron: a small v
    "\u0309": ("above", ("?",)),  # Vietnamese hook above: a small question mark's hook
    "\u031b": ("horn", ("'",)),
    "\u0323": ("below", (".",)),
    "\u0326": ("below", (",",)),
    "\u0327": ("below", ("\u00b8", ",")),
    "\u0328": ("below", ("\u02db", ",")),
}
# marks drawn from a letter rather than a mark are written small
SMALL = {"u": 0.45, "v": 0.45, "o": 0.4, "?": 0.45}
# letters with a stroke through them: (base, how the stroke crosses)
STROKED: dict[str, tuple[str, str]] = {
    "ł": ("l", "slash"),
    "Ł": ("L", "slash"),
    "đ": ("d", "bar"),
    "Đ": ("D", "bar"),
    "ħ": ("h", "bar"),
    "Ħ": ("H", "bar"),
    "ŧ": ("t", "bar"),
    "Ŧ": ("T", "bar"),
    "ƚ": ("l", "bar"),
}
# typographic punctuation -> the plain punctuation it is written with: (character, count, stretch)
PLAIN: dict[str, tuple[str, int, float]] = {
    "\u2019": ("'", 1, 1.0),
    "\u2018": ("'", 1, 1.0),
    "\u201b": ("'", 1, 1.0),
    "\u201c": ('"', 1, 1.0),
    "\u201d": ('"', 1, 1.0),
    "\u201f": ('"', 1, 1.0),
    "\u201a": (",", 1, 1.0),
    "\u201e": (",", 2, 1.0),
    "\u2026": (".", 3, 1.0),
    "\u2013": ("-", 1, 1.4),
    "\u2014": ("-", 1, 1.9),  # a composite scales by less than 2
    "\u2012": ("-", 1, 1.3),
    "\u2010": ("-", 1, 1.0),
    "\u2011": ("-", 1, 1.0),
    "\u2212": ("-", 1, 1.2),
    "\u2022": ("\u00b7", 1, 1.0),
    "\u2032": ("'", 1, 1.0),
    "\u2033": ('"', 1, 1.0),
    "\u2039": ("<", 1, 1.0),
    "\u203a": (">", 1, 1.0),
    "\u00ab": ("<", 2, 1.0),
    "\u00bb": (">", 2, 1.0),
}


def completed_family(family: str) -> str:
    """The family to shape a letter in: the completed copy of `family`, or `family` when it cannot be made."""
    found = _completed(family)
    return found or family


@functools.lru_cache(maxsize=16)
def _completed(family: str) -> str | None:
    from PySide6.QtGui import QFontDatabase

    from letterwriter.export import fonts

    path = fonts.font_file(family)
    if not path:
        return None
    built = completed_font_file(path, family)
    if built is None:
        return None
    font_id = QFontDatabase.addApplicationFont(built)
    names = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not names:
        return None
    fonts.OWN_FONT_FILES[names[0]] = built  # font_file() finds it without fontconfig
    return names[0]


def completed_font_file(path: str, family: str) -> str | None:
    """The completed copy of a font file (built, or cached); None: nothing was missing, or it failed."""
    from letterwriter.export import ExportError, write_bytes_atomic
    from letterwriter.export.handfont import _digest, _hand_font_folders, _trusted_hand_font

    src = Path(path)
    stat = src.stat()
    name = f"{src.stem}-{stat.st_size}-{int(stat.st_mtime)}-complete{COMPLETION_VERSION}.ttf"
    for folder in _hand_font_folders():
        target = folder / name
        meta_path = target.with_suffix(".json")
        if target.is_file() and _trusted_hand_font(target, meta_path) is not None:
            return str(target)
        try:
            from fontTools.ttLib import TTFont

            font = TTFont(path, fontNumber=0)
            added = complete(font, family + COMPLETED_SUFFIX)
            if not added:
                return None
            data = io.BytesIO()
            font.save(data)
            meta = {"glyphs": len(font.getGlyphOrder()), "twins": 0, "shapes": 0, "added": added}
            meta["bytes"], meta["sha256"] = data.tell(), _digest(data.getvalue(), meta)
            folder.mkdir(parents=True, exist_ok=True)
            write_bytes_atomic(target, data.getvalue())
            write_bytes_atomic(meta_path, json.dumps(meta).encode())
            # an older Letterwriter's completed copies of this font, and the hand fonts made from them
            for old in folder.glob(f"{src.stem}-*-complete*"):
                if not old.name.startswith(target.stem):
                    with contextlib.suppress(OSError):
                        old.unlink()
            return str(target)
        except ImportError:
            return None
        except (OSError, ExportError):
            continue
        except Exception:  # a font fontTools cannot complete: the letter falls back as before
            return None
    return None


def complete(font, family: str) -> int:
    """Add the Latin letters and punctuation `font` lacks, from its own glyphs; rename it; how many added."""
    from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphComponent

    from letterwriter.export.handfont import _cff_to_glyf, _set_cmap

    cmap = dict(font.getBestCmap() or {})
    wanted = [cp for lo, hi in LATIN_RANGES for cp in range(lo, hi) if cp not in cmap]
    wanted += [ord(ch) for ch in (*STROKED, *PLAIN) if ord(ch) not in cmap]
    if not wanted:
        return 0
    if "CFF " in font:
        _cff_to_glyf(font)
    glyf, metrics = font["glyf"], font["hmtx"].metrics
    upm = font["head"].unitsPerEm
    order = list(font.getGlyphOrder())
    made: dict[int, tuple[list, int]] = {}  # code point -> (components, advance)
    for cp in wanted:
        ch = chr(cp)
        parts = _parts_for(ch, cmap, glyf, metrics, upm)
        if parts is not None:
            made[cp] = parts
    if not made:
        return 0
    most = 1
    for cp, (parts, _advance) in made.items():
        name = f"uni{cp:04X}.lw"
        glyph = Glyph()
        glyph.numberOfContours = -1
        glyph.components = []
        for base, dx, dy, matrix in parts:
            c = GlyphComponent()
            c.glyphName, c.x, c.y, c.flags = base, round(dx), round(dy), 0x4  # ROUND_XY_TO_GRID
            if matrix is not None:
                c.transform = matrix
            glyph.components.append(c)
        most = max(most, len(parts))
        glyf.glyphs[name] = glyph
        order.append(name)
        cmap[cp] = name
    glyf.glyphOrder = order
    font.setGlyphOrder(order)
    for cp, (_parts, advance) in made.items():
        name = cmap[cp]
        glyf[name].recalcBounds(glyf)
        metrics[name] = (advance, getattr(glyf[name], "xMin", 0))
    maxp = font["maxp"]
    maxp.numGlyphs = len(order)
    maxp.maxComponentElements = max(getattr(maxp, "maxComponentElements", 0), most)
    maxp.maxComponentDepth = max(getattr(maxp, "maxComponentDepth", 0), 1) + 1  # a base may be composite
    points, contours = getattr(maxp, "maxPoints", 0) * 3, getattr(maxp, "maxContours", 0) * 3
    maxp.maxCompositePoints = max(getattr(maxp, "maxCompositePoints", 0), points)
    maxp.maxCompositeContours = max(getattr(maxp, "maxCompositeContours", 0), contours)
    for table in ("hdmx", "LTSH", "VDMX"):
        if table in font:
            del font[table]
    _set_cmap(font, cmap)
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = family
        elif record.nameID == 6:
            record.string = family.replace(" ", "")
    return len(made)


def _parts_for(ch: str, cmap: dict, glyf, metrics, upm: int):
    """`ch`'s components as (glyph, dx, dy, 2x2 matrix or None), and its advance; None: it cannot be made."""
    if ch in PLAIN:
        plain, count, stretch = PLAIN[ch]
        base = cmap.get(ord(plain))
        if base is None:
            return None
        advance = metrics[base][0]
        matrix = [[stretch, 0], [0, 1]] if stretch != 1.0 else None
        parts = [(base, i * advance * 0.85, 0, matrix) for i in range(count)]
        return parts, round(advance * (0.85 * (count - 1) + stretch))
    if ch in STROKED:
        letter, how = STROKED[ch]
        base = cmap.get(ord(letter))
        bar = cmap.get(ord("-"))
        if base is None or bar is None:
            return None
        return [(base, 0, 0, None), _stroke(glyf, base, bar, how, upm)], metrics[base][0]
    decomposed = unicodedata.normalize("NFD", ch)
    letter, marks = decomposed[0], decomposed[1:]
    base = cmap.get(ord(letter))
    if base is None or not marks or not unicodedata.category(letter).startswith("L"):
        return None
    if letter in "ij" and any(MARKS.get(m, ("",))[0] == "above" for m in marks):
        dotless = cmap.get(ord("ı" if letter == "i" else "ȷ"))
        base = dotless or base  # an accent over i replaces its dot where the font has a dotless i
    parts = [(base, 0, 0, None)]
    top, bottom = _box(glyf, base)[3], _box(glyf, base)[1]
    for mark in marks:
        where, choices = MARKS.get(mark, ("", ()))
        glyph = next((cmap[ord(c)] for c in choices if ord(c) in cmap), None)
        if glyph is None:
            return None
        drawn_as = next(c for c in choices if ord(c) in cmap)
        k = SMALL.get(drawn_as, 1.0)
        x0, y0, x1, y1 = (v * k for v in _box(glyf, glyph))
        gap = upm * 0.04
        if where == "above":
            cx = _centre_x(glyf, base, top - upm * 0.25, top)
            dx, dy = cx - (x0 + x1) / 2, top + gap - y0
            top = dy + y1
        elif where == "below":
            cx = _centre_x(glyf, base, bottom, bottom + upm * 0.2)
            dx, dy = cx - (x0 + x1) / 2, bottom - gap - y1
            bottom = dy + y0
        elif where == "horn":
            bx0, _by0, bx1, by1 = _box(glyf, base)
            dx, dy = bx1 - x0 - (x1 - x0) * 0.3, by1 - y1 + (y1 - y0) * 0.2
        else:
            return None
        parts.append((glyph, dx, dy, [[k, 0], [0, k]] if k != 1.0 else None))
    return parts, metrics[base][0]


def _stroke(glyf, base: str, bar: str, how: str, upm: int):
    """The font's hyphen laid across the base letter's stem: slanted for ł and Ł, level for đ and ħ."""
    x0, y0, x1, y1 = _box(glyf, bar)
    bx0, by0, bx1, by1 = _box(glyf, base)
    height = by1 - max(by0, 0)
    # a slash crosses the stem above any loop at its foot (Dancing Script's L has one)
    y = max(by0, 0) + height * (0.55 if how == "slash" else 0.7)
    cx = _centre_x(glyf, base, y - height * 0.05, y + height * 0.05)
    length = max(1, x1 - x0)
    k = min(1.9, upm * (0.5 if how == "slash" else 0.4) / length)
    angle = math.radians(14 if how == "slash" else 0)  # across a stem that leans right
    c, s = math.cos(angle) * k, math.sin(angle) * k
    matrix = [[c, s], [-s * 0.6, math.cos(angle)]]
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    # where the bar's centre lands once turned: move it onto the stem
    tx = mx * matrix[0][0] + my * matrix[1][0]
    ty = mx * matrix[0][1] + my * matrix[1][1]
    return bar, cx - tx, y - ty, matrix


def _points(glyf, name: str) -> list[tuple[int, int]]:
    try:
        coords, _ends, _flags = glyf[name].getCoordinates(glyf)
    except Exception:
        return []
    return list(coords)


def _box(glyf, name: str) -> tuple[float, float, float, float]:
    points = _points(glyf, name)
    if not points:
        return 0.0, 0.0, 0.0, 0.0
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _centre_x(glyf, name: str, lo: float, hi: float) -> float:
    """The middle of the base's ink between two heights: where a mark sits on a slanted letter."""
    points = _points(glyf, name)
    band = [x for x, y in points if lo <= y <= hi]
    if not band:
        band = [x for x, _y in points] or [0]
    return (min(band) + max(band)) / 2
