"""Which fonts write a letter: the installed hands, their sizes, the fallbacks for letters they lack (QtGui).

Also the font files behind a family (fontconfig's `fc-match`) and the alternates a font
carries (read with fontTools), and the QGuiApplication every font and PDF writer needs.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QRawFont

from letterwriter.export import ExportError

# Script fonts from Debian's packages, best first, each at the size where it reads as a
# hand of about the same height (Kristi's letters are small, DKG's large).
HANDWRITING_FONTS: list[tuple[str, float]] = [
    ("Dancing Script", 16.0),  # fonts-dancingscript
    ("Kristi", 20.0),  # fonts-kristi
    ("Breip", 15.0),  # fonts-breip
]
# Installed script fonts a letter may ask for by name (--font, a stored choice) but that are not
# offered: DkgHandwriting's loops are five x-heights long, so on a card its lines either meet
# or leave the note too short for the panel (README, "Handwriting").
NOT_OFFERED_FONTS: list[tuple[str, float]] = [
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


def ensure_gui_app() -> QGuiApplication:
    """The application object QtGui needs, made once: on the offscreen platform unless one was chosen.

    Exporting needs fonts and a PDF writer, never a screen: offscreen works the same with or
    without a display, and cannot abort on an unreachable one. It is asked for as the
    application's argument, not set in QT_QPA_PLATFORM: a library leaves the process's
    environment as it found it (its children and any later Qt read it). A process that
    chose a platform (QT_QPA_PLATFORM set, or the window's QApplication already made) keeps it.
    """
    app = QGuiApplication.instance()
    if app is None:
        argv = sys.argv[:1] or ["letterwriter"]
        if not os.environ.get("QT_QPA_PLATFORM"):
            argv += ["-platform", "offscreen"]
        app = QGuiApplication(argv)
        global _APP
        _APP = app  # the application must outlive every QPdfWriter and font we make
    return app  # type: ignore[return-value]


_APP: QGuiApplication | None = None

# Qt's font objects belong to the thread that made them: FreeType's faces are kept per thread,
# and a thread that ends frees its own. A font made in a merge's thread and drawn later by the
# main thread crashed the PDF writer (an envelope after a batch's letters). So every cache of
# Qt font objects (raw fonts, hand fonts, shaped words) is one thread's own.
_LOCAL = threading.local()


def thread_cache(name: str) -> dict:
    """This thread's cache called `name`, for Qt font objects (made empty in each thread)."""
    found = getattr(_LOCAL, name, None)
    if found is None:
        found = {}
        setattr(_LOCAL, name, found)
    return found


def installed_handwriting_fonts() -> list[str]:
    """The offered script fonts (HANDWRITING_FONTS) installed here, best first."""
    ensure_gui_app()
    families = set(QFontDatabase.families())
    return [name for name, _ in HANDWRITING_FONTS if name in families]


def choose_font(requested: str | None = None) -> tuple[str, float]:
    """The family and point size to write in: the requested one if installed, else the best."""
    ensure_gui_app()
    families = set(QFontDatabase.families())
    sizes = dict(HANDWRITING_FONTS + NOT_OFFERED_FONTS + NO_SCRIPT_FALLBACK)
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
    from letterwriter.export.completion import completed_family

    font = QFont()
    # the script font completed with the Latin letters and punctuation it lacks, in its own hand
    fallbacks = [f for f in GLYPH_FALLBACKS if f != family]
    font.setFamilies([completed_family(family), family, *fallbacks, EMOJI_FONT])
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


def raw_font(family: str) -> QRawFont:
    """The family's font as Qt loads it, to ask which characters it has (once per thread)."""
    cache = thread_cache("raw_fonts")
    found = cache.get(family)
    if found is None:
        found = cache[family] = QRawFont.fromFont(QFont(family))
    return found


def uncovered_chars(text: str, family: str) -> list[str]:
    """Letters in `text` that `family` itself cannot draw (they fall back glyph by glyph)."""
    from letterwriter.export.completion import completed_family

    ensure_gui_app()
    raw = raw_font(completed_family(family))
    return [
        ch
        for ch in dict.fromkeys(text)  # each character once, in order of first use
        if not (ch.isspace() or is_joiner(ch)) and not raw.supportsCharacter(ord(ch))
    ]


def is_joiner(ch: str) -> bool:
    """A zero-width joiner or variation selector: they only shape emoji, nothing to draw."""
    return ch in "\u200d\u200c" or "\ufe00" <= ch <= "\ufe0f"


def fallback_fonts(chars: list[str]) -> dict[str, str]:
    """For each character, the first fallback font that has it ("" when none does)."""
    ensure_gui_app()
    # Qt lists a family installed by two foundries as "Z003 [urw]" and "Z003 [UKWN]"
    families = {name.split(" [", 1)[0] for name in QFontDatabase.families()}
    raws = [(f, raw_font(f)) for f in [*GLYPH_FALLBACKS, EMOJI_FONT] if f in families]
    found: dict[str, str] = {}
    for ch in chars:
        found[ch] = next((name for name, raw in raws if raw.supportsCharacter(ord(ch))), "")
    return found


@functools.lru_cache(maxsize=16)
def font_alternates(family: str) -> dict[int, tuple[int, ...]]:
    """Glyph id -> the font's own alternates of it (salt, ssNN, cvNN), read with fontTools.

    Empty when the font has none, fontTools is missing or the file cannot be found.
    """
    try:
        from fontTools.ttLib import TTFont
    except ImportError:
        return {}
    path = font_file(family)
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


# Fonts Letterwriter made and registered with Qt itself (export/completion.py): family -> file
OWN_FONT_FILES: dict[str, str] = {}


def font_file(family: str, style: str = "Regular") -> str | None:
    """The file `family` is drawn from: one of our own, else fontconfig's; None: there is no such family."""
    return OWN_FONT_FILES.get(family) or _fontconfig_file(family, style)


@functools.lru_cache(maxsize=64)
def _fontconfig_file(family: str, style: str = "Regular") -> str | None:
    """The file fontconfig draws `family` from; None when it has no such family (or no fc-match)."""
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


def family_of(raw: QRawFont) -> str:
    """The font's family as fontconfig names it: Qt adds the foundry when two share a name ("Z003 [urw]")."""
    name = raw.familyName()
    return name.split(" [", 1)[0] if name.endswith("]") else name


def qt_version() -> str:
    """The Qt and PySide6 that draw the letters (for `letterwriter doctor`)."""
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    return f"Qt {qVersion()}, PySide6 {pyside_version}"
