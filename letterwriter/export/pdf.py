"""Handwriting PDF export: the letter written in a seeded hand on cream paper or a card (QtGui only).

The same layout prints (File > Print), previews and exports, so paper, margins, line
breaks and every wobble of the hand match wherever the letter is seen. The layout is our
own (words on lines on pages, on a fixed grid of LetterLayout.DOC_DPI), so page breaks
follow letter-writing habits and painting scales to any device.

Why glyph by glyph: each glyph is drawn as a one-glyph QGlyphRun under its own small
transform (baseline, slant, size, rotation). The PDF keeps real embedded fonts, so the
file stays small and fast, and because shaping runs with every substituting feature off
each drawn glyph maps back to its character: `pdftotext` returns the letter's words.
Where a glyph is swapped for one of the font's own alternates (`salt`, `ssNN`, `cvNN`),
which has no character of its own, the plain glyph is drawn invisibly in the same place
to carry the text.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import math
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, QRectF, QSizeF
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGlyphRun,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QRawFont,
    QTextLayout,
    QTransform,
)

from letterwriter.export import ExportError, check_target, verify_pdf, write_bytes_atomic
from letterwriter.export import hand as hands
from letterwriter.export.paper import PAPER_NAMES, PAPERS, Paper, UnknownPaper, get_paper, paper_from_setting
from letterwriter.templates import RenderedLetter

__all__ = ["PAPERS", "PAPER_NAMES"]

# Script fonts from Debian's packages, best first, each at the size where it reads as a
# hand of about the same height (Kristi's letters are small, DKG's large).
HANDWRITING_FONTS: list[tuple[str, float]] = [
    ("Dancing Script", 16.0),  # fonts-dancingscript
    ("Kristi", 20.0),  # fonts-kristi
    ("Breip", 15.0),  # fonts-breip
    ("DkgHandwriting", 14.0),  # fonts-dkg-handwriting
]
# Glyph-by-glyph fallback for letters the script fonts lack: Z003, a chancery hand
# (fonts-urw-base35), has ă, ł, ś and the rest of Latin Extended-A; DejaVu Serif
# (fonts-dejavu-core) has Vietnamese (ễ) and nearly everything else; Noto Color Emoji
# (fonts-noto-color-emoji) draws emoji.
GLYPH_FALLBACKS = ["Z003", "DejaVu Serif"]
EMOJI_FONT = "Noto Color Emoji"
# When no script font at all is installed the letter is set in Z003, then an italic serif.
NO_SCRIPT_FALLBACK = [("Z003", 16.0), ("DejaVu Serif", 12.5)]
# Features that swap a glyph for one with no character of its own (ligatures, contextual
# and positional forms): with them on, the PDF's text loses letters (Kristi's calt turns
# "T" and "o" into T.alt1 and o.alt1, so "Thanks" read "hanks").
SUBSTITUTING_FEATURES = ("liga", "clig", "dlig", "calt", "salt", "init", "medi", "fina", "rlig")

INKS = {
    "blue-black": "#1d2747",
    "royal blue": "#243a8f",
    "black": "#1b1b1b",
    "sepia": "#5a3c22",
    "green": "#1f4a38",
}
DEFAULT_INK = "blue-black"
PAPER_COLOR = QColor("#fbf7ee")
# Ink must read on the paper: the WCAG contrast for large text (3:1) keeps pale yellows,
# greys and anything see-through out of a letter someone has to read.
MIN_INK_CONTRAST = 3.0


@dataclass
class PdfOptions:
    font_family: str | None = None
    font_size: float | None = None
    ink: str = DEFAULT_INK
    paper: str = "letter"
    paper_tint: bool = True
    hand: str = hands.DEFAULT_HAND  # none | light | natural
    seed: int | str | None = None  # the client's hand; None: from the sender's name

    def validate(self) -> None:
        """Raise ExportError for a paper, hand or ink the letter cannot be written with."""
        try:
            get_paper(self.paper)
        except UnknownPaper as exc:
            raise ExportError(str(exc)) from None
        if self.hand not in hands.HAND_LEVELS:
            raise ExportError(f"unknown hand '{self.hand}' (choose {', '.join(hands.HAND_LEVELS)})")
        ink_color(self.ink)


def options_from_settings(settings) -> tuple[PdfOptions, list[str]]:
    """PDF options from the user's settings, and a warning for each value that was not usable.

    One place reads these keys, for the command line and the window alike; a bad value
    (a paper such as "a3", an unreadable ink) becomes the default and a warning.
    """
    warnings: list[str] = []
    paper, warn = paper_from_setting(settings.get("paper"))
    if warn:
        warnings.append(warn)
    hand = str(settings.get("hand") or hands.DEFAULT_HAND)
    if hand not in hands.HAND_LEVELS:
        warnings.append(f"settings: unknown hand '{hand}'; using {hands.DEFAULT_HAND}")
        hand = hands.DEFAULT_HAND
    ink = settings.get("ink") or DEFAULT_INK
    try:
        ink_color(ink)
    except ExportError as exc:
        warnings.append(f"settings: {exc}; using {DEFAULT_INK}")
        ink = DEFAULT_INK
    seed = settings.get("hand_seed")
    options = PdfOptions(
        font_family=settings.get("font_family") or None,
        ink=ink,
        paper=paper,
        hand=hand,
        seed=seed if seed not in (None, "") else None,
    )
    return options, warnings


class CardOverflow(ExportError):
    """The letter does not fit on the one panel of a card."""

    def __init__(self, paper: Paper, overflow_lines: int, fraction: float):
        self.paper = paper
        self.overflow_lines = overflow_lines
        self.fraction = fraction
        s = "s" if overflow_lines != 1 else ""
        super().__init__(f"the letter overflows the {paper.name} by {overflow_lines} line{s}")


@dataclass
class PdfReport:
    path: Path
    pages: int
    font_family: str
    font_size: float
    # characters the handwriting font lacks, drawn with a fallback font instead
    fallback_chars: list[str] = field(default_factory=list)
    # which font drew each of them; "" when no installed font has it (it is left out)
    fallback_fonts: dict[str, str] = field(default_factory=dict)
    hand: str = hands.DEFAULT_HAND
    seed: int = 0

    def fallback_note(self) -> str:
        if not self.fallback_chars:
            return ""
        by_font: dict[str, list[str]] = {}
        for ch in self.fallback_chars:
            by_font.setdefault(self.fallback_fonts.get(ch, GLYPH_FALLBACKS[0]), []).append(ch)
        drawn = [f"{' '.join(chs)} in {font}" for font, chs in by_font.items() if font]
        note = f"{self.font_family} has no {' '.join(self.fallback_chars)}"
        if drawn:
            note += f"; drawn {', '.join(drawn)} so the names stay correct"
        if by_font.get(""):
            note += f"; no installed font has {' '.join(by_font[''])}, left out"
        rtl = [ch for ch in self.fallback_chars if unicodedata.bidirectional(ch) in ("R", "AL")]
        if any(self.fallback_fonts.get(ch) for ch in rtl):
            # shaped word by word for a hand, right-to-left script loses its joins
            note += "; right-to-left letters are drawn one by one, unjoined: check them"
        return note + "."


def ensure_gui_app() -> QGuiApplication:
    """QtGui needs an application object; with no display, use the offscreen platform."""
    app = QGuiApplication.instance()
    if app is None:
        # Exporting needs fonts and a PDF writer, never a screen: offscreen works the same
        # with or without a display, and cannot abort on an unreachable one.
        if not os.environ.get("QT_QPA_PLATFORM"):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        app = QGuiApplication(sys.argv[:1])
        global _APP
        _APP = app  # the application must outlive every QPdfWriter and font we make
    return app  # type: ignore[return-value]


_APP: QGuiApplication | None = None


def installed_handwriting_fonts() -> list[str]:
    ensure_gui_app()
    families = set(QFontDatabase.families())
    return [name for name, _ in HANDWRITING_FONTS if name in families]


def choose_font(requested: str | None = None) -> tuple[str, float]:
    """The family and point size to write in: the requested one if installed, else the best."""
    ensure_gui_app()
    families = set(QFontDatabase.families())
    sizes = dict(HANDWRITING_FONTS + NO_SCRIPT_FALLBACK)
    if requested:
        if requested not in families:
            raise ExportError(
                f"font '{requested}' is not installed (handwriting fonts found: "
                f"{', '.join(installed_handwriting_fonts()) or 'none'})"
            )
        return requested, sizes.get(requested, 16.0)
    for name, size in HANDWRITING_FONTS + NO_SCRIPT_FALLBACK:
        if name in families:
            return name, size
    return QFont().defaultFamily(), 13.0


def letter_font(family: str, size: float, dpi: int | None = None) -> QFont:
    """The writing font: `size` in points, or in pixels of a `dpi` grid when one is given."""
    font = QFont()
    font.setFamilies([family, *[f for f in GLYPH_FALLBACKS if f != family], EMOJI_FONT])
    if dpi:
        font.setPixelSize(max(1, round(size * dpi / 72)))
    else:
        font.setPointSizeF(size)
    if family == "DejaVu Serif":
        font.setItalic(True)
    for tag in SUBSTITUTING_FEATURES:
        font.setFeature(QFont.Tag(tag), 0)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


@functools.lru_cache(maxsize=32)
def _raw_font(family: str) -> QRawFont:
    return QRawFont.fromFont(QFont(family))


def uncovered_chars(text: str, family: str) -> list[str]:
    """Letters in `text` that `family` itself cannot draw (they fall back glyph by glyph)."""
    ensure_gui_app()
    raw = _raw_font(family)
    return [
        ch
        for ch in dict.fromkeys(text)  # each character once, in order of first use
        if not (ch.isspace() or _is_joiner(ch)) and not raw.supportsCharacter(ord(ch))
    ]


def _is_joiner(ch: str) -> bool:
    # zero-width joiners and variation selectors only shape emoji; nothing to draw
    return ch in "\u200d\u200c" or "\ufe00" <= ch <= "\ufe0f"


def drawn_by(font: QFont, chars: list[str]) -> dict[str, str]:
    """For each character, the font that really drew it ("" when none had it: left out).

    Qt falls back further than GLYPH_FALLBACKS (Arabic came from DejaVu Sans) while the note
    said "left out": the note names what shaping chose.
    """
    found: dict[str, str] = {}
    for ch in chars:
        glyphs = shape_word(font, ch).glyphs
        found[ch] = _family(glyphs[0].run.rawFont()) if glyphs else ""
    return found


def fallback_fonts(chars: list[str]) -> dict[str, str]:
    """For each character, the first fallback font that has it ("" when none does)."""
    ensure_gui_app()
    # Qt lists a family installed by two foundries as "Z003 [urw]" and "Z003 [UKWN]"
    families = {name.split(" [", 1)[0] for name in QFontDatabase.families()}
    raws = [(f, _raw_font(f)) for f in [*GLYPH_FALLBACKS, EMOJI_FONT] if f in families]
    found: dict[str, str] = {}
    for ch in chars:
        found[ch] = next((name for name, raw in raws if raw.supportsCharacter(ord(ch))), "")
    return found


def _luminance(c: QColor) -> float:
    def lin(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(c.redF()) + 0.7152 * lin(c.greenF()) + 0.0722 * lin(c.blueF())


def ink_contrast(color: QColor, paper: QColor = PAPER_COLOR) -> float:
    """WCAG contrast ratio of the ink on the paper (1 = invisible, 21 = black on white)."""
    hi, lo = sorted((_luminance(color), _luminance(paper)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def ink_color(ink: str) -> QColor:
    """The ink's colour; an unknown, see-through or too pale ink is an ExportError."""
    value = INKS.get(ink, ink)
    color = QColor(value)
    if not color.isValid():
        raise ExportError(f"unknown ink '{ink}' (inks: {', '.join(INKS)} or #rrggbb)")
    if color.alpha() < 255:
        raise ExportError(f"ink '{ink}' is see-through: a letter needs an opaque ink")
    contrast = ink_contrast(color)
    if contrast < MIN_INK_CONTRAST:
        raise ExportError(
            f"ink '{ink}' is too light to read on the paper (contrast {contrast:.1f}:1, "
            f"needs {MIN_INK_CONTRAST:.0f}:1)"
        )
    return color


# --- fonts: alternates and shaped words -----------------------------------------------------


@functools.lru_cache(maxsize=16)
def font_alternates(family: str) -> dict[int, tuple[int, ...]]:
    """Glyph id -> the font's own alternates of it (salt, ssNN, cvNN), read with fontTools.

    Empty when the font has none, fontTools is missing or the file cannot be found.
    """
    try:
        from fontTools.ttLib import TTFont
    except ImportError:
        return {}
    path = _font_file(family)
    if not path:
        return {}
    try:
        font = TTFont(path, lazy=True, fontNumber=0)
        if "GSUB" not in font:
            return {}
        gsub = font["GSUB"].table
        wanted = {"salt"} | {f"ss{i:02d}" for i in range(1, 21)} | {f"cv{i:02d}" for i in range(1, 100)}
        alternates: dict[str, list[str]] = {}
        for record in gsub.FeatureList.FeatureRecord if gsub.FeatureList else []:
            if record.FeatureTag not in wanted:
                continue
            for index in record.Feature.LookupListIndex:
                lookup = gsub.LookupList.Lookup[index]
                for sub in lookup.SubTable:
                    if lookup.LookupType == 7:  # extension: the real subtable inside
                        sub = sub.ExtSubTable
                    for base, alt in (getattr(sub, "mapping", None) or {}).items():
                        alternates.setdefault(base, []).append(alt)
                    for base, alts in (getattr(sub, "alternates", None) or {}).items():
                        alternates.setdefault(base, []).extend(alts)
        result: dict[int, tuple[int, ...]] = {}
        for base, alts in alternates.items():
            ids = tuple(dict.fromkeys(font.getGlyphID(a) for a in alts if a != base))
            if ids:
                result[font.getGlyphID(base)] = ids
        return result
    except Exception:  # a font we cannot read simply has no alternates
        return {}


@functools.lru_cache(maxsize=64)
def _font_file(family: str, style: str = "Regular") -> str | None:
    if not shutil.which("fc-match"):
        return None
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{family}\n%{file}", f"{family}:style={style or 'Regular'}"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    names, _, path = out.partition("\n")
    # fc-match always answers; only trust it when it found this family
    return path if family.lower() in names.lower() and path else None


@dataclass
class Glyph:
    run: QGlyphRun  # one glyph at (0, 0), mapped to its character
    silent: QGlyphRun  # the same glyph from a copy of the font with no characters (see below)
    x: float
    y: float
    key: str  # what the hand varies per version: the font and glyph
    alternates: tuple[QGlyphRun, ...] = ()  # silent too
    emoji: bool = False  # a colour picture, drawn on its own (it is in no text run)
    hand: HandFont | None = None  # the hand's copy of the font, when `silent` is drawn from it
    gid: int = 0  # the glyph's id in that copy
    alt_ids: tuple[int, ...] = ()  # the alternates' ids in that copy


@dataclass
class Shaped:
    width: float
    glyphs: list[Glyph]
    # the word's characters as glyph runs in its fonts: what --hand none draws
    text_runs: list[QGlyphRun] = field(default_factory=list)
    # the same, drawn invisibly under the hand: the hand font's blank text twins where it has them
    layer_runs: list[QGlyphRun] = field(default_factory=list)
    silent: bool = True  # every glyph has a silent twin, so the text layer is the text runs
    # A word drawn from two fonts (Łukasz: Ł from Z003) would read as two words, so its
    # text is set in one font that has every letter, stretched to the drawn word's width.
    text_stretch: float = 1.0
    mixed: bool = False
    # how far the word reaches, ink and all: a hand leaves its space after the ink, and
    # before it (lead: ink left of the origin)
    extent: float = 0.0
    lead: float = 0.0
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


_SHAPED: dict[tuple[str, int, str], Shaped] = {}
# A font's hand copy at a size (None: it has none), by family, style and pixel size.
_SILENT: dict[tuple[str, str, float], HandFont | None] = {}


def _glyph_run(raw: QRawFont, ids: list[int], positions: list[QPointF]) -> QGlyphRun:
    run = QGlyphRun()
    run.setRawFont(raw)
    run.setGlyphIndexes(ids)
    run.setPositions(positions)
    return run


def _one_glyph(raw: QRawFont, gid: int) -> QGlyphRun:
    return _glyph_run(raw, [gid], [QPointF(0, 0)])


class _LineRuns:
    """Words' glyphs gathered into one run per font for a line: a shorter PDF stream."""

    def __init__(self) -> None:
        self._fonts: dict[str, tuple[QRawFont, list[int], list[QPointF]]] = {}

    def add(self, parts: list, x0: float, y0: float, k: float = 1.0) -> None:
        """A word's runs (Shaped.text_parts or layer_parts) at (x0, y0), its width scaled by k."""
        for key, raw, ids, xs, ys in parts:
            entry = self._fonts.setdefault(key, (raw, [], []))
            entry[1].extend(ids)
            entry[2].extend([QPointF(x0 + x * k, y0 + y) for x, y in zip(xs, ys, strict=True)])

    def runs(self) -> list[QGlyphRun]:
        return [_glyph_run(raw, ids, positions) for raw, ids, positions in self._fonts.values()]


SILENT_SUFFIX = " (Letterwriter hand)"


HAND_FONT_VERSION = 6  # bump when what _silent_font_file builds changes: old copies are then ignored


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


def _silent_font_file(path: str, family: str) -> tuple[str, dict] | None:
    """The hand's copy of a font file, and what it holds: {"glyphs": N, "twins": T, "shapes": K}.

    The copy keeps the font's own glyphs at their ids, and adds:
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
    TrueType's. The copy is a file, under its own family name, because Qt embeds only
    fonts that come from a file (a font loaded from memory would be written as outlines).
    A font that cannot take twins or shapes gets the older copy: its map emptied, nothing
    added; its text is then set in the real font and its glyphs drawn one at a time.
    """
    src = Path(path)
    stat = src.stat()
    # the shapes' table is in the name too: other shapes, another copy
    shapes = f"{hands.shapes_id():08x}"
    name = f"{src.stem}-{stat.st_size}-{int(stat.st_mtime)}-hand{HAND_FONT_VERSION}-{shapes}.ttf"
    for folder in _hand_font_folders():
        target = folder / name
        meta_path = target.with_suffix(".json")
        if target.is_file():
            found = _trusted_copy(target, meta_path)
            if found is not None:
                return str(target), found
        try:
            from fontTools.ttLib import TTFont

            # bounds and maxp are set by _extend_for_hand: recomputing them resolves every
            # composite again (18 s for DejaVu Serif's copy, against 0.5 s)
            font = TTFont(path, fontNumber=0, recalcBBoxes=False)
            try:
                meta = _extend_for_hand(font)
            except Exception:  # outlines we cannot extend: an empty map, nothing added
                font = TTFont(path, fontNumber=0)
                meta = {"glyphs": len(font.getGlyphOrder()), "twins": 0, "shapes": 0}
                _set_cmap(font, {0x20: (font.getBestCmap() or {}).get(0x20)})
            silent = family + SILENT_SUFFIX
            for record in font["name"].names:
                if record.nameID in (1, 4, 16):
                    record.string = silent
                elif record.nameID == 6:
                    record.string = silent.replace(" ", "").replace("(", "").replace(")", "")
            folder.mkdir(parents=True, exist_ok=True)
            data = io.BytesIO()
            font.save(data)
            # the font, then its description with its size and digest: a copy whose bytes are
            # not the ones described (cut short, edited, half written) is never used
            meta["bytes"], meta["sha256"] = data.tell(), _digest(data.getvalue(), meta)
            write_bytes_atomic(target, data.getvalue())
            write_bytes_atomic(meta_path, json.dumps(meta).encode())
            ours = re.compile(rf"{re.escape(src.stem)}-\d+-\d+-hand")  # not DejaVuSerif-Bold's
            for old in folder.glob(f"{src.stem}-*-hand*"):  # copies an older Letterwriter made
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
    """The copy's bytes and the counts that describe them, in one digest (an edited count is caught too)."""
    counts = f"{meta['glyphs']},{meta['twins']},{meta['shapes']}".encode()
    return hashlib.sha256(data + counts).hexdigest()


def _trusted_copy(target: Path, meta_path: Path) -> dict | None:
    """The cached copy's description when the copy is exactly the bytes described, else None.

    Qt loads a font cut short without complaint and draws nothing from it: a blank letter
    whose text layer still reads right, so only the digest catches it.
    """
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
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
# Shapes are for hands: a script font has a few hundred glyphs (Dancing Script 236, Z003
# 855); DejaVu Serif, a fallback for single letters, has 3,400 and would gain 58,000.
MAX_SHAPED_GLYPHS = 1000


def _extend_for_hand(font) -> dict:
    """Add the text twins and the shapes (see _silent_font_file); map the characters to the twins."""
    if "CFF " in font:
        _cff_to_glyf(font)
    if "glyf" not in font:
        raise ValueError("no outlines fontTools can extend")
    from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphComponent

    cmap = font.getBestCmap() or {}
    order = list(font.getGlyphOrder())
    n = len(order)
    glyf = font["glyf"]
    metrics = font["hmtx"].metrics
    bounds = {name: _glyph_bounds(glyf, name) for name in order}
    twins = {name: f"{name}{TWIN_SUFFIX}" for name in dict.fromkeys(cmap[cp] for cp in sorted(cmap))}
    added = list(twins.values())
    for name in added:
        glyf.glyphs[name] = _blank_glyph()
    shapes = hands.ALL_SHAPES if n <= MAX_SHAPED_GLYPHS else ()
    for k, shape in enumerate(shapes):
        c, s = math.cos(math.radians(shape.rot)), math.sin(math.radians(shape.rot))
        size = 1.0 + shape.scale
        # font units, y up: shear, then turn, then size; fontTools maps (x, y) to
        # (x*t[0][0] + y*t[1][0], x*t[0][1] + y*t[1][1])
        matrix = [[size * c, size * s], [size * (c * shape.slant - s), size * (s * shape.slant + c)]]
        for name in order:
            part = GlyphComponent()
            part.glyphName, part.x, part.y, part.flags = name, 0, 0, 0
            part.transform = matrix
            glyph = Glyph()
            glyph.numberOfContours = -1
            glyph.components = [part]
            # the turned box's corners: a box that holds the turned glyph (no outline resolved)
            x0, y0, x1, y1 = bounds[name]
            xs = [x * matrix[0][0] + y * matrix[1][0] for x in (x0, x1) for y in (y0, y1)]
            ys = [x * matrix[0][1] + y * matrix[1][1] for x in (x0, x1) for y in (y0, y1)]
            glyph.xMin, glyph.xMax = math.floor(min(xs)), math.ceil(max(xs))
            glyph.yMin, glyph.yMax = math.floor(min(ys)), math.ceil(max(ys))
            glyf.glyphs[f"{name}.lw{k}"] = glyph
            # the left side bearing is the box's left: FreeType moves a glyph whose box and
            # bearing disagree (a shape sat 1.8 px to the right of where it belonged)
            metrics[f"{name}.lw{k}"] = (metrics[name][0], glyph.xMin)
            added.append(f"{name}.lw{k}")
    maxp = font["maxp"]
    if shapes:  # a shape is one more level of composite, over any glyph's points
        maxp.maxComponentDepth = getattr(maxp, "maxComponentDepth", 0) + 1
        maxp.maxComponentElements = max(getattr(maxp, "maxComponentElements", 0), 1)
        maxp.maxCompositePoints = max(getattr(maxp, "maxCompositePoints", 0), getattr(maxp, "maxPoints", 0))
        maxp.maxCompositeContours = max(
            getattr(maxp, "maxCompositeContours", 0), getattr(maxp, "maxContours", 0)
        )
    for name, twin in twins.items():
        metrics[twin] = (metrics[name][0], 0)
    glyf.glyphOrder = order + added
    font.setGlyphOrder(order + added)
    maxp.numGlyphs = len(order) + len(added)
    font["post"].formatType = 3.0  # no glyph names: Qt draws by id
    for table in ("hdmx", "LTSH", "VDMX", "GSUB", "GPOS", "GDEF", "kern"):  # per-glyph tables now short
        if table in font:
            del font[table]
    _set_cmap(font, {cp: twins[name] for cp, name in cmap.items()})
    _typographic_height(font)
    return {"glyphs": n, "twins": len(twins), "shapes": len(shapes)}


def _typographic_height(font) -> None:
    """The copy's line box from the font's typographic ascender and descender, when those are tighter.

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


def _glyph_bounds(glyf, name: str) -> tuple[int, int, int, int]:
    """A glyph's box from its header, without decoding its outline (as fontTools would to recompute it)."""
    glyph = glyf.glyphs[name]
    data = getattr(glyph, "data", None)
    if data is not None:  # not decoded yet: the header is the first ten bytes
        if len(data) < 10:
            return 0, 0, 0, 0
        _contours, x0, y0, x1, y1 = struct.unpack(">hhhhh", data[:10])
        return x0, y0, x1, y1
    if getattr(glyph, "numberOfContours", 0) == 0:
        return 0, 0, 0, 0
    if not hasattr(glyph, "xMin"):
        glyph.recalcBounds(glyf)
    return glyph.xMin, glyph.yMin, glyph.xMax, glyph.yMax


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


def _family(raw: QRawFont) -> str:
    # Qt names a family by its foundry when two share a name ("Z003 [urw]"); fontconfig does not
    name = raw.familyName()
    return name.split(" [", 1)[0] if name.endswith("]") else name


@dataclass
class HandFont:
    """The hand's copy of a font (see _silent_font_file), loaded, and how Qt's ids map into it."""

    raw: QRawFont
    ids: dict[int, int] | None  # Qt's glyph id -> the copy's outline glyph (None: the same ids)
    twins: dict[int, int]  # Qt's glyph id -> the copy's blank text twin (empty: no twins)
    glyphs: int = 0  # the font's own glyphs, before the twins
    twin_count: int = 0
    shapes: int = 0  # how many of hands.ALL_SHAPES the copy carries (0: none)
    _sized: dict = field(default_factory=dict)

    def shape_id(self, gid: int, shape: int) -> int:
        """The id of glyph `gid` (the copy's own) drawn in shape `shape` of hands.ALL_SHAPES."""
        return self.glyphs + self.twin_count + shape * self.glyphs + gid

    def sized(self, pixels: float) -> QRawFont:
        """The copy at another size (a word written a little larger or smaller)."""
        found = self._sized.get(pixels)
        if found is None:
            found = QRawFont(self.raw)
            found.setPixelSize(pixels)
            self._sized[pixels] = found
        return found


def _silent_raw(raw: QRawFont) -> HandFont | None:
    """The hand's copy of `raw`'s font file, and Qt's glyph ids mapped into it.

    Why the map: a family can be installed from several files whose glyph ids differ. Z003
    comes as OpenType (.otf) and as Type 1 (.t1, .pfb); Qt draws from the Type 1 file, where
    glyph 61 is "Ł", while fontconfig names the .otf, where glyph 61 is the backslash. So
    the ids are matched character by character; a glyph with no character there (an
    alternate) has no silent twin and is drawn from the real font.
    """
    key = (raw.familyName(), raw.styleName(), raw.pixelSize())
    if key not in _SILENT:
        silent = None
        path = _font_file(_family(raw), raw.styleName())
        loaded = _loaded_copy(path, _family(raw)) if path else None
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
                    silent = HandFont(candidate, *maps, meta["glyphs"], meta["twins"], meta["shapes"])
        _SILENT[key] = silent
    return _SILENT[key]


@functools.lru_cache(maxsize=16)
def _loaded_copy(path: str, family: str) -> tuple[str, dict] | None:
    """The hand's copy of a font file registered with Qt, once per file: (its family, its description).

    Once, not once per size: each size of a letter's font (every client's hand is its own
    size) checked the copy's digest and registered the same file with Qt again.
    """
    built = _silent_font_file(path, family)
    if built is None:
        return None
    copy, meta = built
    font_id = QFontDatabase.addApplicationFont(copy)
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
    """Build the hand's copy of a font and read what the first drawing needs, without Qt.

    For a background thread at start-up: the first copy of a font takes a few tenths of a
    second (Z003's a second), which the window's first preview would otherwise wait for.
    """
    wanted = family or HANDWRITING_FONTS[0][0]
    for name in (wanted, *GLYPH_FALLBACKS):
        path = _font_file(name)
        if path:
            _silent_font_file(path, name)
            _characters_and_glyphs(path)
    font_alternates(wanted)


def _glyph_id_maps(
    raw: QRawFont, path: str, hand: QRawFont
) -> tuple[dict[int, int] | None, dict[int, int]] | None:
    """Qt's glyph id -> the file's (None when they agree) and -> the copy's text twin; None: unreadable."""
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
    # a twin is one of the glyphs added after the font's own (an older copy has none)
    twins = {q: t for q, t in zip(qt_ids, twin_ids, strict=True) if q and t >= len(order)}
    return (None if all(q == f for q, f in pairs.items()) else pairs), twins


def _single_font_runs(word: str, font: QFont) -> tuple[list[QGlyphRun], float] | None:
    """The word's text in the first fallback font that has all of it (none: None)."""
    for family in GLYPH_FALLBACKS:
        raw = _raw_font(family)
        if not all(raw.supportsCharacter(ord(ch)) for ch in word if not _is_joiner(ch)):
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
            if _family(run.rawFont()) != family:
                break
            up = [QPointF(p.x(), p.y() - line.ascent()) for p in run.positions()]
            runs.append(_glyph_run(run.rawFont(), run.glyphIndexes(), up))
        else:
            return runs, line.naturalTextWidth()
    return None


def shape_word(font: QFont, word: str, font_key: str | None = None) -> Shaped:
    """The word's glyphs and width in `font` (cached: letters repeat their words)."""
    key = (font_key or font.key(), font.pixelSize(), word)
    found = _SHAPED.get(key)
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
    all_silent = True
    ascent = line.ascent()
    for run in line.glyphRuns():
        raw = run.rawFont()
        family = _family(raw)
        # Colour emoji reach the PDF as pictures, never as text: nothing to hide them from.
        emoji = family == EMOJI_FONT
        hand = None if emoji else _silent_raw(raw)
        silent_raw, id_map = (hand.raw, hand.ids) if hand is not None else (None, None)
        # Glyph 0 is a font's "no such letter" box (CJK in DkgHandwriting): a letter no
        # installed font has is left out, as the note says, not drawn as a box.
        kept = [(g, p) for g, p in zip(run.glyphIndexes(), run.positions(), strict=False) if g]
        if not kept:
            continue
        ids = [g for g, _p in kept]
        if not emoji:
            positions = [QPointF(p.x(), p.y() - ascent) for _g, p in kept]
            text_run = _glyph_run(raw, ids, positions)
            text_runs.append(text_run)
            if hand is not None and hand.twins and all(g in hand.twins for g in ids):
                layer_runs.append(_glyph_run(silent_raw, [hand.twins[g] for g in ids], positions))
            else:
                layer_runs.append(text_run)
            all_silent = all_silent and silent_raw is not None
        # alternates are read from the file by id: only where Qt's ids are the file's
        own = family == main_family and silent_raw is not None and id_map is None
        # A variation selector or joiner only chooses how an emoji looks; should a font give
        # one a glyph of its own, it would be drawn as a stray mark over the next letter.
        joiners = "".join(ch for ch in dict.fromkeys(word) if _is_joiner(ch))
        stray = {i for i in raw.glyphIndexesForString(joiners) if i} if joiners and not emoji else set()
        for gid, pos in kept:
            if gid in stray:
                continue
            plain = _one_glyph(raw, gid)
            silent_gid = gid if id_map is None else id_map.get(gid)
            if silent_raw is not None and silent_gid is not None:
                silent = _one_glyph(silent_raw, silent_gid)
            else:
                silent = plain
                all_silent = all_silent and emoji  # a mapped glyph carries its own text
            alt_ids = tuple(alts.get(gid, ())) if own else ()
            alt_runs = tuple(_one_glyph(silent_raw, a) for a in alt_ids)
            glyph = Glyph(plain, silent, pos.x(), pos.y() - ascent, f"{family}/{gid}", alt_runs, emoji)
            if silent is not plain:
                glyph.hand, glyph.gid, glyph.alt_ids = hand, silent_gid, alt_ids
            glyphs.append(glyph)
    found = Shaped(line.naturalTextWidth(), glyphs, text_runs, layer_runs, all_silent)
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
    if len(_SHAPED) > 50_000:
        _SHAPED.clear()  # a long-running window never grows without bound
    _SHAPED[key] = found
    return found


# --- layout -----------------------------------------------------------------------------------


@dataclass
class PlacedWord:
    text: str
    x: float
    y: float  # baseline at the word's start
    width: float
    index: int  # position in the whole letter: the seed of its wobble
    slope: float = 0.0  # degrees the line climbs here
    fade: float = 0.0  # how far this word's ink has lightened towards the paper
    scale: float = 1.0
    offset: int = 0  # where the word starts in the letter's text


@dataclass
class Line:
    words: list[PlacedWord]
    para: int
    kind: str  # date | salutation | body | closing
    gap_before: float  # space above the line when it is not first on a page
    last_of_para: bool = False
    y: float = 0.0  # top of the line box on its page, set by pagination


class LetterLayout:
    """A letter laid out for one paint device (PDF writer, printer or screen)."""

    # The document is laid out in its own units, DOC_DPI to the inch, with fonts sized in
    # pixels of those units; painting scales to the device. No screen or device DPI enters
    # the layout, so the PDF, the printer and the preview break lines identically.
    DOC_DPI = 288
    LINE_SPACING = 1.35  # a line and a third: a hand on unruled paper
    # on a card people write closer (a line's ascenders to descenders plus a little), and
    # leave less between paragraphs
    CARD_LINE_SPACING = 1.15
    CARD_PITCH_X_HEIGHTS = 3.6  # a line every 3.6 x-heights at most, as on ruled paper
    SHEET_PITCH_X_HEIGHTS = 5.0
    CARD_MAX_X_HEIGHT_MM = 2.0  # the small letters of a hand on a card: about 2 mm

    def __init__(self, letter: RenderedLetter, options: PdfOptions, device: QPagedPaintDevice | None = None):
        ensure_gui_app()
        options.validate()
        self.options = options
        self.paper = get_paper(options.paper)
        self.family, default_size = choose_font(options.font_family)
        self.size = (options.font_size or default_size) * self.paper.hand_scale
        self.ink = ink_color(options.ink)
        self.amounts = hands.AMOUNTS[options.hand]
        self.client_seed = hands.client_seed(options.seed, str(letter.values.get("sender_name", "")))
        self.letter_seed = hands.letter_seed(self.client_seed, letter.text)
        self.persona = hands.persona(self.client_seed, options.hand)
        self.page_layout = self._page_layout()
        if device is not None:
            device.setPageLayout(self.page_layout)
        rect = self.page_layout.fullRectPixels(self.DOC_DPI)
        self.page_size = QSizeF(rect.width(), rect.height())
        px = self.DOC_DPI / 25.4
        self.top = self.paper.top_mm * px
        self.bottom = self.page_size.height() - self.paper.bottom_mm * px
        self.left = self.paper.inner_mm * px
        self.right = self.page_size.width() - self.paper.outer_mm * px
        self.margin = self.left
        self.font = letter_font(self.family, self.size * self.persona.size, self.DOC_DPI)
        metrics = QFontMetricsF(self.font)
        if self.paper.card and _ink_x_height(metrics) > self.CARD_MAX_X_HEIGHT_MM * px:
            # People write small on a card: a hand with big small letters (Kristi's are 2.7 mm
            # at the card's size, Dancing Script's 1.5 mm) is written smaller there.
            self.size *= self.CARD_MAX_X_HEIGHT_MM * px / _ink_x_height(metrics)
            self.font = letter_font(self.family, self.size * self.persona.size, self.DOC_DPI)
            metrics = QFontMetricsF(self.font)
        self.em = metrics.height()
        if self.paper.card:
            # On a card lines are as close as the hand's small letters allow: the pitch is the
            # ink of a line of them (ascenders to descenders), not the font's declared height,
            # which for DkgHandwriting is 2.3 times its size and left 11 lines on an A6 card;
            # and, as on ruled paper, never more than a few x-heights, so long loops interleave.
            ink = _lowercase_ink(metrics) * self.CARD_LINE_SPACING
            self.line_height = min(ink, _ink_x_height(metrics) * self.CARD_PITCH_X_HEIGHTS)
            # gaps, indents and the wobble, all in ems, follow the hand's size, not the loops
            self.em = min(self.em, self.line_height / self.CARD_LINE_SPACING)
        else:
            # A hand with very long loops (DkgHandwriting's are five x-heights, its declared
            # height 2.3 times its size) would leave a short note two half-empty sheets: its
            # lines come no further apart than five x-heights, and the loops interleave as
            # they do on a card. The other hands are under that already.
            self.line_height = min(
                self.em * self.LINE_SPACING, _ink_x_height(metrics) * self.SHEET_PITCH_X_HEIGHTS
            )
            self.em = min(self.em, self.line_height / self.LINE_SPACING)
        self._gap_scale = 0.6 if self.paper.card else 1.0
        self.space = metrics.horizontalAdvance(" ") * self.persona.spacing
        self._font_key = self.font.key()
        self._shapes: dict[str, Shaped] = {}
        self._squeeze: dict[str, float] = {}  # words written smaller to fit a line (see _fitted_room)
        self._fades: dict[int, QColor] = {}
        self._plan: dict[int, list[tuple]] | None = None
        lines = self._lines(letter)
        self.text = letter.text
        self._locate_words(lines)
        self.pages, self.fill, self.overflow_lines = self._paginate(lines)

    def _page_layout(self) -> QPageLayout:
        standard = {"letter": QPageSize.PageSizeId.Letter, "a4": QPageSize.PageSizeId.A4}
        if self.paper.name in standard:
            size = QPageSize(standard[self.paper.name])
        else:
            size = QPageSize(
                QSizeF(self.paper.width_mm, self.paper.height_mm),
                QPageSize.Unit.Millimeter,
                self.paper.label,
                QPageSize.SizeMatchPolicy.ExactMatch,
            )
        return QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))

    def _shape(self, word: str) -> Shaped:
        found = self._shapes.get(word)
        if found is None:
            found = self._shapes[word] = shape_word(self.font, word, self._font_key)
        return found

    def _room(self, word: str) -> float:
        shaped = self._shape(word)
        if not self.amounts.glyph_rot:
            return shaped.width
        return self._lead(word) + max(shaped.width, shaped.extent)

    def _fitted_room(self, word: str, width: float) -> float:
        """A word's room, squeezed when even a line of its own could not hold it.

        A writer who meets a word longer than the line (a 60-letter name on a card) writes it
        smaller; it once ran off the paper, clipped, with "fits" on the meter.
        """
        room = self._room(word)
        # a line's worst case: the first line's indent, the ragged end, the wandering
        # margin, and the hand's larger words
        a, em = self.amounts, self.em
        most = width - em * 1.6 - (a.ragged + 3 * a.margin_wander) * em
        need = room * (1 + a.word_scale)
        if need > most > 0:
            self._squeeze[word] = most / need
            return room * most / need
        return room

    def _lead(self, word: str) -> float:
        """How far a word's first letter reaches back before its origin (Dancing Script's t), by hand.

        At most a fifth of a space: a long loop below the line (DkgHandwriting's g) passes
        under the word before it, and more room there split "With gratitude" in pdftotext.
        """
        return min(self._shape(word).lead, self.space * 0.2) if self.amounts.glyph_rot else 0.0

    # -- lines ------------------------------------------------------------------------------
    def _lines(self, letter: RenderedLetter) -> list[Line]:
        a = self.amounts
        rng = random.Random(self.letter_seed)
        paragraphs = letter.paragraphs
        em = self.em
        width = self.right - self.left
        lines: list[Line] = []
        index = 0
        margin_drift = 0.0
        for i, par in enumerate(paragraphs):
            n = len(paragraphs)
            kind = "body"
            if i == 0 and n > 2:
                kind = "date"
            elif i == 1 and n > 3:
                kind = "salutation"
            elif i == n - 1 and n > 2:
                kind = "closing"
            gap = {"date": 0.0, "salutation": em * 1.2, "body": em * 0.55, "closing": em * 0.9}[kind]
            if kind == "body" and i == 2:
                gap = em * 0.7
            if kind == "closing":
                gap = em * 0.55 + em * 0.9
            gap *= self._gap_scale
            par_lines: list[list[tuple[str, float]]] = []
            hard_lines = par.split("\n")
            for j, hard in enumerate(hard_lines):
                # by hand a word takes its room to the end of its ink (see Shaped.extent); set
                # like type, to the end of its advance
                words = [(w, self._fitted_room(w, width)) for w in hard.split()]
                indent = em * 1.6 if kind == "body" and j == 0 else 0.0
                start = len(par_lines)
                current: list[tuple[str, float]] = []
                used = indent
                limit = width - rng.uniform(0, a.ragged) * em
                # room for the hand's widest words and gaps, so no line runs into the margin
                grow, word_gap = 1 + a.word_scale, self.space * (1 + a.word_space)
                for w, wd in words:
                    need = wd * grow if not current else word_gap + wd * grow
                    if current and used + need > limit:
                        par_lines.append(current)
                        current, used = [], 0.0
                        limit = width - rng.uniform(0, a.ragged) * em
                        need = wd * grow
                    current.append((w, wd))
                    used += need
                par_lines.append(current)
                self._avoid_one_word_last_line(par_lines, start, width, indent)
            for j, words in enumerate(par_lines):
                margin_drift += self.persona.margin_creep * em
                if margin_drift > a.margin_wander * em * 3:
                    margin_drift = 0.0  # the writer notices and starts again at the margin
                wander = margin_drift + rng.uniform(-1, 1) * a.margin_wander * em
                slope = self.persona.slope_bias + rng.uniform(-1, 1) * a.line_slope
                bend = rng.uniform(-1, 1) * a.line_bend * em
                placed = self._place(words, kind, j == 0 and kind == "body", wander, slope, bend, rng, index)
                index += len(placed)
                lines.append(Line(placed, i, kind, gap if j == 0 else 0.0, j == len(par_lines) - 1))
        return lines

    def _locate_words(self, lines: list[Line]) -> None:
        at = 0
        for line in lines:
            for word in line.words:
                found = self.text.find(word.text, at)
                word.offset = found if found >= 0 else at
                at = word.offset + len(word.text) if found >= 0 else at

    def text_rects(self, text: str, start: int, end: int) -> list[tuple[int, QRectF]]:
        """Where the span [start, end) of `text` (the letter as shown, code points) sits on paper.

        Returns (page index, rectangle in layout units on that page) per line it covers;
        the window draws its issue underlines there, under the hand's own wobble.
        """
        s, e = self._to_own(text, start), self._to_own(text, end)
        if s is None or e is None or e <= s:
            return []
        metrics = QFontMetricsF(self.font)
        ascent = metrics.ascent()
        out: list[tuple[int, QRectF]] = []
        for index, page in enumerate(self.pages):
            for line in page:
                base = self._baseline(line)
                rect: QRectF | None = None
                for word in line.words:
                    a, b = max(s, word.offset), min(e, word.offset + len(word.text))
                    if a >= b:
                        continue
                    k = word.scale
                    # the drawn (shaped) widths: QFontMetricsF measures with the font's
                    # features and kerning as Qt sets them, not as the word is drawn ("Of"
                    # came out 6% wider than its drawing)
                    x0 = word.x + self._prefix_width(word, a - word.offset) * k
                    x1 = word.x + self._prefix_width(word, b - word.offset) * k
                    part = QRectF(x0, base + word.y - ascent, x1 - x0, ascent * 1.18)
                    rect = part if rect is None else rect.united(part)
                if rect is not None:
                    out.append((index, rect))
        return out

    def _prefix_width(self, word: PlacedWord, n: int) -> float:
        """How far the first `n` characters of a placed word reach, as drawn (before its scale)."""
        if n <= 0:
            return 0.0
        if n >= len(word.text):
            return word.width
        return self._shape(word.text[:n]).width

    def _to_own(self, text: str, offset: int) -> int | None:
        """An offset in `text` as an offset in this layout's letter, paragraph by paragraph."""
        if text == self.text or text.rstrip("\n") == self.text.rstrip("\n"):
            return offset
        at_text = at_own = 0
        for par in self.text.split("\n\n"):
            found = text.find(par, at_text) if par else -1
            own = self.text.find(par, at_own)
            if found >= 0 and found <= offset <= found + len(par):
                return own + offset - found
            if found >= 0:
                at_text = found + len(par)
            at_own = own + len(par)
        return None

    def _avoid_one_word_last_line(self, par_lines: list, start: int, width: float, indent: float) -> None:
        """A paragraph never ends on a lone short word ("mine."): bring one down to keep it company."""
        if len(par_lines) - start < 2 or len(par_lines[-1]) != 1:
            return
        prev = par_lines[-2]
        if len(prev) < 3:
            return
        moved = prev.pop()
        par_lines[-1].insert(0, moved)

    def _place(self, words, kind, indented, wander, slope, bend, rng, index) -> list[PlacedWord]:
        a = self.amounts
        em = self.em
        x0 = self.left + wander + (em * 1.6 if indented else 0.0)
        if kind == "closing":
            x0 = self.page_size.width() * 0.5 + wander
        total = sum(w for _, w in words) + self.space * max(0, len(words) - 1)
        if kind == "date":
            x0 = self.right - total - abs(wander)
        placed: list[PlacedWord] = []
        x = x0
        span = max(total, em)
        tan = math.tan(math.radians(slope))
        for k, (text, wd) in enumerate(words):
            t = (x - x0) / span
            dy = (x - x0) * -tan + bend * 4 * t * (1 - t)
            fade = rng.uniform(0, a.ink_fade) if a.ink_fade else 0.0
            jitter = 1.0 + rng.uniform(-1, 1) * a.word_scale
            scale = jitter * self._squeeze.get(text, 1.0)
            lead = self._lead(text) * scale if k else 0.0  # a lead-in stroke starts after the gap
            width = self._room(text) - self._lead(text)  # origin to the ink's end, before its scale
            placed.append(PlacedWord(text, x + lead, dy, width, index + k, slope, fade, scale))
            # a hand leaves more room between words more often than less: never a squeeze
            x += wd * jitter + self.space * (1 + rng.uniform(-0.1, 1) * a.word_space)
        return placed

    # -- pages ------------------------------------------------------------------------------
    def _paginate(self, lines: list[Line]) -> tuple[list[list[Line]], float, int]:
        """Break lines into pages: never a closing alone, no single line of a paragraph stranded."""
        avail = self.bottom - self.top
        # how full one page is, and by how many lines the letter overflows it
        total = sum(ln.gap_before for ln in lines[1:]) + self.line_height * len(lines)
        fill = total / avail if avail > 0 else 1.0
        overflow = max(0, math.ceil((total - avail) / self.line_height - 1e-6)) if total > avail else 0
        breaks: list[int] = []
        start, y = 0, 0.0
        i = 0
        while i < len(lines):
            need = (lines[i].gap_before if i > start else 0.0) + self.line_height
            if y + need > avail + 1e-6 and i > start:
                b = self._better_break(lines, start, i)
                breaks.append(b)
                start, y, i = b, 0.0, b
                continue
            y += need
            i += 1
        pages: list[list[Line]] = []
        bounds = [0, *breaks, len(lines)]
        for s, e in zip(bounds, bounds[1:], strict=False):
            page = lines[s:e]
            y = self.top
            for k, ln in enumerate(page):
                y += ln.gap_before if k else 0.0
                ln.y = y
                y += self.line_height
            pages.append(page)
        return pages or [[]], fill, overflow

    def _better_break(self, lines: list[Line], start: int, b: int) -> int:
        """Move a page break up so the closing keeps two body lines and no line is stranded."""
        first_closing = next((k for k, ln in enumerate(lines) if ln.kind == "closing"), None)
        if first_closing is not None and b > first_closing - 2:
            # the closing and signature are never split, and at least two lines of the
            # letter go over with them
            b = first_closing - 2
        para = lines[b].para
        before = sum(1 for k in range(start, b) if lines[k].para == para)
        after = sum(1 for k in range(b, len(lines)) if lines[k].para == para)
        if before == 1:
            b -= 1  # no first line of a paragraph alone at the foot of a page
        elif after == 1:
            # no last line of a paragraph alone at the top of the next: it takes one more
            # line with it, or the whole paragraph when that would leave one line behind
            b -= 1 if before >= 3 else before
        if b - 1 > start and lines[b - 1].kind == "salutation":
            b -= 1  # "Dear Sam," never ends a page
        return max(b, start + 1)

    @property
    def page_count(self) -> int:
        return len(self.pages)

    # -- painting ---------------------------------------------------------------------------
    def _glyph_plan(self, through: int | None = None) -> dict[int, tuple[QTransform, list]]:
        """The drawing of every line (see _plan_pages), planned through page `through` (None: all).

        Page by page in reading order: the preview of a long letter plans only the pages it shows.
        """
        if self._plan is None:
            self._plan = {}
            self.choices = {}  # word index -> [(version, alternate)], for tests and curious readers
            self._planning = self._plan_pages()
            self._planned = 0
        last = len(self.pages) - 1 if through is None else min(through, len(self.pages) - 1)
        while self._planned <= last:
            next(self._planning)
            self._planned += 1
        return self._plan

    def _plan_pages(self) -> Iterator[None]:
        """Every line's frame and every word's runs, chosen once in reading order (never the same twice).

        A line is written in its own frame: turned by its slope and slanted by the writer's
        slant. In it each word is one run per font, each glyph one of this writer's versions
        of it: a shape of the letter (turned, slanted, sized: built into the hand font) at a
        place on the baseline, plus a fresh wobble. One generator walks the letter from its
        first word, so the same letter and seed give the same drawing whichever page is
        painted first (the preview paints page by page).
        """
        plan = self._plan
        last_version: dict[str, int] = {}
        last_alt: dict[str, int] = {}
        a = self.amounts
        em = self.em
        shear = -self.persona.slant
        offset = hands.SHAPE_OFFSET[self.options.hand]
        rng = random.Random(self.letter_seed)
        r = rng.random
        pick = hands.pick_other
        versions_of = self.persona.versions
        # a glyph's versions in this letter's units: (dx, dy, shape in the font's list)
        ours: dict[str, list[tuple[float, float, int]]] = {}
        jx, jy = 0.5 * a.glyph_dx * em, 0.5 * a.glyph_dy * em
        for page in self.pages:
            for line in page:
                if not line.words:
                    continue
                base = self._baseline(line)
                first = line.words[0]
                frame = QTransform()
                frame.translate(first.x, base + first.y)
                frame.rotateRadians(math.radians(-first.slope))
                frame.shear(shear, 0.0)
                back, _ = frame.inverted()  # page to frame, as plain numbers
                m11, m12, m21, m22 = back.m11(), back.m12(), back.m21(), back.m22()
                m31, m32 = back.m31(), back.m32()
                words = []
                for word in line.words:
                    shaped = self._shape(word.text)
                    tan = math.tan(math.radians(word.slope))
                    scale = word.scale
                    # a word's size in steps of a quarter per cent: a few sizes of one font in the PDF
                    stepped = round(scale * 400) / 400
                    runs: list[tuple[object, QRawFont, list[int], list[QPointF]]] = []
                    singles: list[tuple[QTransform, QGlyphRun]] = []
                    chosen = []
                    wx, wy = word.x, base + word.y
                    for g in shaped.glyphs:
                        # (the loop every letter of every letter goes through: kept lean)
                        key = g.key
                        versions = ours.get(key)
                        if versions is None:
                            versions = ours[key] = [
                                (ver.dx * em, ver.dy * em, offset + ver.shape) for ver in versions_of(key)
                            ]
                        v = pick(rng, len(versions), last_version.get(key))
                        last_version[key] = v
                        alt = 0
                        if g.alternates and a.alternates:
                            alt = pick(rng, len(g.alternates) + 1, last_alt.get(key))
                            last_alt[key] = alt
                        chosen.append((v, alt))
                        dx, dy, shape = versions[v]
                        # a little fresh wobble on top of the version this hand makes
                        gx = g.x
                        x = wx + gx * scale + dx + (r() - 0.5) * jx
                        y = wy + g.y - gx * tan + dy + (r() - 0.5) * jy
                        hand = g.hand
                        if hand is None or g.emoji:
                            # An emoji is a picture stuck on, not a letter: never slanted. And Qt
                            # paints no colour glyph under a shear on screen or on an image (the
                            # preview showed a gap where the PDF had 🧣❤️).
                            t = _glyph_transform(
                                x, y, math.radians(-word.slope), 0.0 if g.emoji else shear, stepped
                            )
                            singles.append((t, g.alternates[alt - 1] if alt else g.silent))
                            continue
                        gid = g.alt_ids[alt - 1] if alt else g.gid
                        if hand.shapes:
                            gid = hand.shape_id(gid, shape)
                        point = QPointF(x * m11 + y * m21 + m31, x * m12 + y * m22 + m32)
                        if not runs or runs[-1][0] is not hand:
                            runs.append((hand, hand.sized(hand.raw.pixelSize() * stepped), [], []))
                        runs[-1][2].append(gid)
                        runs[-1][3].append(point)
                    glyph_runs = [_glyph_run(raw, ids, points) for _hand, raw, ids, points in runs]
                    pen = self._faded(word.fade)
                    words.append((pen, glyph_runs, singles))
                    self.choices[word.index] = chosen
                plan[id(line)] = (frame, words)
            yield  # a page planned

    def paint_page(self, painter: QPainter, index: int, scale: float | None = None) -> None:
        """Paint page `index`; `scale` maps document units to the painter's (device dpi / DOC_DPI)."""
        if scale is None:
            scale = painter.device().logicalDpiY() / self.DOC_DPI
        w, h = self.page_size.width(), self.page_size.height()
        painter.save()
        painter.scale(scale, scale)
        if self.options.paper_tint:
            painter.fillRect(QRectF(0, 0, w, h), PAPER_COLOR)
        if 0 <= index < len(self.pages):
            if index and not self.paper.card:
                self._paint_page_number(painter, index + 1)
            if self.amounts.glyph_rot:
                self._paint_hand(painter, self.pages[index], index)
            else:
                self._paint_plain(painter, self.pages[index])
        painter.restore()

    def _baseline(self, line: Line) -> float:
        return line.y + QFontMetricsF(self.font).ascent() + (self.line_height - self.em) / 2

    def _pixel_snapper(self, painter: QPainter):
        """Maps a point in layout units to the nearest whole pixel of the device, in layout units.

        Why: set like type, two copies of a word must look the same, but a word that starts a
        fraction of a pixel further along is anti-aliased differently (the same "remember"
        twice differed by a mean grey of 2.3 at 300 dpi). A PDF has no pixels of its own, so
        there the grid is 1/300 inch: whole pixels for printers and rasters at 300, 600 and
        1200 dpi, half pixels at 150. A screen or image snaps to its own pixels.
        """
        device = painter.transform()
        inverse, ok = device.inverted()
        dpi = painter.device().logicalDpiX() if painter.device() is not None else 0
        step = max(1, round(dpi / 300)) if dpi else 1
        if not ok:
            return lambda x, y: (x, y)
        if device.type().value <= QTransform.TransformationType.TxScale.value:  # the usual case, as numbers
            sx, sy, dx, dy = device.m11(), device.m22(), device.dx(), device.dy()

            def snap_scaled(x: float, y: float) -> tuple[float, float]:
                px = round((x * sx + dx) / step) * step
                py = round((y * sy + dy) / step) * step
                return (px - dx) / sx, (py - dy) / sy

            return snap_scaled

        def snap(x: float, y: float) -> tuple[float, float]:
            p = device.map(QPointF(x, y))
            snapped = QPointF(round(p.x() / step) * step, round(p.y() / step) * step)
            q = inverse.map(snapped)
            return q.x(), q.y()

        return snap

    def _paint_plain(self, painter: QPainter, lines: list[Line]) -> None:
        invisible = QColor(0, 0, 0, 0)
        device = painter.transform()
        snap = self._pixel_snapper(painter)
        painter.setPen(self.ink)
        for line in lines:
            merged = _LineRuns()  # a line's words in one run per font, as a typesetter would
            base_y = self._baseline(line)
            for word in line.words:
                shaped = self._shape(word.text)
                wx, base = snap(word.x, base_y + word.y)
                if word.text in self._squeeze and not shaped.mixed:  # written smaller to fit
                    self._paint_squeezed(painter, shaped, wx, base, word.scale)
                    continue
                if not shaped.mixed:
                    merged.add(shaped.text_parts(), wx, base)
                    for g in shaped.glyphs:
                        if g.emoji:
                            painter.drawGlyphRun(QPointF(wx + g.x, base + g.y), g.run)
                    continue
                hide = shaped.silent
                if hide:  # a word from two fonts: its text in one font, underneath
                    t = QTransform()
                    t.translate(wx, base)
                    t.scale(shaped.text_stretch, 1.0)
                    painter.setTransform(t * device)
                    painter.setPen(invisible)
                    for run in shaped.text_runs:
                        painter.drawGlyphRun(QPointF(0, 0), run)
                    painter.setTransform(device)
                painter.setPen(self.ink)
                for g in shaped.glyphs:
                    painter.drawGlyphRun(QPointF(wx + g.x, base + g.y), g.silent if hide else g.run)
            for run in merged.runs():
                painter.drawGlyphRun(QPointF(0, 0), run)

    def _paint_squeezed(self, painter: QPainter, shaped: Shaped, x: float, y: float, k: float) -> None:
        """A word written smaller (see _fitted_room), set like type: drawn at its size, read at the line's."""
        device = painter.transform()
        drawn = QTransform()
        drawn.translate(x, y)
        drawn.scale(k, k)
        painter.setTransform(drawn * device)
        if not shaped.silent:  # no hand font: the word's own glyphs carry its text
            for run in shaped.text_runs:
                painter.drawGlyphRun(QPointF(0, 0), run)
            painter.setTransform(device)
            return
        for g in shaped.glyphs:
            painter.drawGlyphRun(QPointF(g.x, g.y), g.silent)
        read = QTransform()
        read.translate(x, y)
        read.scale(k, 1.0)  # the text squeezed sideways only (see _text_layer)
        painter.setTransform(read * device)
        pen = painter.pen()
        painter.setPen(QColor(0, 0, 0, 0))
        for run in shaped.layer_runs:
            painter.drawGlyphRun(QPointF(0, 0), run)
        painter.setPen(pen)
        painter.setTransform(device)

    def _text_layer(self, lines: list[Line]) -> list[tuple[QTransform | None, QGlyphRun]]:
        """The page's words as straight text runs, one run per line and font where it can be.

        Fewer, longer runs under one invisible pen keep the PDF small and quick to write;
        a word from two fonts is stretched on its own to the drawn word's width.
        """
        out: list[tuple[QTransform | None, QGlyphRun]] = []
        for line in lines:
            base = self._baseline(line)
            merged = _LineRuns()
            for word in line.words:
                shaped = self._shape(word.text)
                if not shaped.silent:
                    continue  # drawn with mapped glyphs: the hand itself carries the text
                if shaped.mixed or word.text in self._squeeze:
                    # A word written smaller keeps the line's type size in its text, squeezed
                    # sideways only: pdftotext reads a smaller size as another block and put
                    # the word after the line's end.
                    t = QTransform()
                    t.translate(word.x, base + word.y)
                    k = word.scale if shaped.mixed else 1.0
                    t.scale(word.scale * shaped.text_stretch, k)
                    out.extend((t, run) for run in shaped.layer_runs)
                    continue
                merged.add(shaped.layer_parts(), word.x, base + word.y, word.scale)
            out.extend((None, run) for run in merged.runs())
        return out

    def _faded(self, fade: float) -> QColor:
        """The ink lightened by `fade` towards the paper, in 1/256 steps (fewer colours in the PDF)."""
        step = round(fade * 256)
        if not step:
            return self.ink
        found = self._fades.get(step)
        if found is None:
            found = self._fades[step] = _mix(self.ink, PAPER_COLOR, step / 256)
        return found

    def _paint_hand(self, painter: QPainter, lines: list[Line], index: int) -> None:
        plan = self._glyph_plan(through=index)
        device = painter.transform()
        # the words as text, straight and invisible (blank twins, or a see-through pen), under
        # the hand: for a PDF or a printer (a PDF file, a print to file), not for a screen
        if isinstance(painter.device(), QPagedPaintDevice):
            painter.setPen(QColor(0, 0, 0, 0))
            for t, run in self._text_layer(lines):
                painter.setTransform(t * device if t is not None else device)
                painter.drawGlyphRun(QPointF(0, 0), run)
        pen = None
        for line in lines:
            drawn = plan.get(id(line))
            if drawn is None:
                continue
            frame, words = drawn
            painter.setTransform(frame * device)
            for color, runs, _singles in words:
                if color != pen:
                    painter.setPen(color)
                    pen = color
                for run in runs:
                    painter.drawGlyphRun(QPointF(0, 0), run)
            for color, _runs, singles in words:
                for t, run in singles:  # emoji and glyphs with no hand font: one at a time
                    painter.setPen(color)
                    pen = color
                    painter.setTransform(t * device)
                    painter.drawGlyphRun(QPointF(0, 0), run)
        painter.setTransform(device)

    def _paint_page_number(self, painter: QPainter, number: int) -> None:
        # The page number is written at the top of each new sheet, as etiquette guides tell
        # letter writers to, so loose sheets go back in order. It is drawn as outlines, not
        # text: the PDF's text stays the letter's words alone.
        label = str(number)
        shaped = self._shape(label)
        x = self.right - shaped.width
        y = self.top * 0.6
        path = QPainterPath()
        for g in shaped.glyphs:
            glyph = g.run.rawFont().pathForGlyph(g.run.glyphIndexes()[0])
            path.addPath(glyph.translated(x + g.x, y + g.y))
        painter.fillPath(path, self.ink)

    def paint_all(self, painter: QPainter, device: QPagedPaintDevice) -> None:
        for i in range(self.page_count):
            if i:
                device.newPage()
            self.paint_page(painter, i)


def _lowercase_ink(metrics: QFontMetricsF) -> float:
    """From the top of the small letters' ascenders to the bottom of their descenders."""
    rect = metrics.tightBoundingRect("bdfhklgjpqy")
    return max(rect.height(), metrics.xHeight() * 2)


def _ink_x_height(metrics: QFontMetricsF) -> float:
    """The height of the small letters as drawn (the fonts' own x-height values are unreliable)."""
    return sorted(metrics.tightBoundingRect(c).height() for c in "nuo")[1]


def _glyph_transform(x: float, y: float, angle: float, shear: float, size: float) -> QTransform:
    """translate(x, y) . rotate(angle) . shear(shear, 0) . scale(size), built in one call."""
    cos, sin = math.cos(angle), math.sin(angle)
    return QTransform(size * cos, size * sin, size * (shear * cos - sin), size * (shear * sin + cos), x, y)


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


def fit(letter: RenderedLetter, options: PdfOptions | None = None) -> tuple[float, int]:
    """How full one page (a card's panel, a sheet) is, and by how many lines the letter overflows it.

    Fast enough to call on every keystroke (word shapes are cached): the "fits this card" meter.
    A fraction above 1 on a sheet means the letter continues on another page.
    """
    layout = LetterLayout(letter, options or PdfOptions())
    return layout.fill, layout.overflow_lines


@contextlib.contextmanager
def _verified_pdf_file(target: Path) -> Iterator[QBuffer]:
    """Qt's PDF writer paints into memory (it reports no write errors); ours writes, checks, renames."""
    check_target(target)  # a folder, device, FIFO or symlink fails before any painting
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    yield buffer
    write_bytes_atomic(target, bytes(buffer.data()), verify=verify_pdf)


def export_pdf(letter: RenderedLetter, target: Path | str, options: PdfOptions | None = None) -> PdfReport:
    """Write the letter as a handwriting PDF, atomically; a card it overflows raises CardOverflow."""
    ensure_gui_app()
    options = options or PdfOptions()
    target = Path(target)
    # a folder, device or symlink is refused before any layout, which may write the font cache
    check_target(target)
    layout = LetterLayout(letter, options)
    if layout.paper.card and layout.overflow_lines:
        raise CardOverflow(layout.paper, layout.overflow_lines, layout.fill)
    with _verified_pdf_file(target) as buffer:
        writer = QPdfWriter(buffer)
        writer.setResolution(600)
        writer.setCreator("Letterwriter")
        writer.setTitle(f"Letter to {letter.values.get('recipient_name', '')}".strip())
        writer.setPageLayout(layout.page_layout)
        painter = QPainter()
        if not painter.begin(writer):
            raise ExportError(f"cannot write PDF to {target}")
        try:
            layout.paint_all(painter, writer)
        finally:
            ended = painter.end()
        if not ended:
            raise ExportError(f"cannot write PDF to {target}: the PDF writer failed")
        pages = layout.page_count
        del writer
    missing = uncovered_chars(letter.text, layout.family)
    return PdfReport(
        target,
        pages,
        layout.family,
        layout.size,
        missing,
        drawn_by(layout.font, missing),
        options.hand,
        layout.client_seed,
    )


def qt_version() -> str:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    return f"Qt {qVersion()}, PySide6 {pyside_version}"
