"""A letter's PDF options: the one PdfOptions, made from settings, the letter's own choices and flags.

Three layers make the options a letter is written with, each over the one before:

- the settings (Preferences, `settings.json`): a value that cannot be used becomes the
  default, with a warning;
- the letter's own stored choices (its `.letter` file, its autosaved draft, its archive
  record): one that cannot be used gives way to the settings, with a warning;
- the choices made now (the command line's flags, the export dialog): one that cannot be
  used is an ExportError.

A letter stores only what was chosen for it, as a JSON object in PdfOptions' own field
names, for example `{"font_family": "Kristi", "paper": "a5-card", "seed": 7}`; whatever
it did not choose follows the settings. `read_choices` reads that form, and what earlier
versions wrote too (`font` for `font_family`, from the command line's `--save`).
Checking an ink needs QtGui's colour names, so QtGui is imported then and only then.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, replace
from typing import Any

from letterwriter.export import ExportError
from letterwriter.export.hand import DEFAULT_HAND, HAND_LEVELS
from letterwriter.export.paper import DEFAULT_PAPER, UnknownPaper, get_paper, paper_from_setting

INKS = {
    "blue-black": "#1d2747",
    "royal blue": "#243a8f",
    "black": "#1b1b1b",
    "sepia": "#5a3c22",
    "green": "#1f4a38",
}
DEFAULT_INK = "blue-black"
PAPER_TINT = "#fbf7ee"  # the cream a page is filled with (PdfOptions.paper_tint)
# `--tint` and the `tint` setting: cream fills the page (a PDF read on screen), none leaves it
# white (a print on real stationery showed a cream box inside white borders)
TINTS: tuple[str, ...] = ("cream", "none")
# Ink must read on the paper: the WCAG contrast for large text (3:1) keeps pale yellows,
# greys and anything see-through out of a letter someone has to read.
MIN_INK_CONTRAST = 3.0


@dataclass
class PdfOptions:
    """How a letter is written on paper: what the PDF export, the preview and the printer all take."""

    font_family: str | None = None  # None: the best installed hand (fonts.choose_font)
    font_size: float | None = None  # points; None: the hand's own size
    ink: str = DEFAULT_INK  # a name in INKS, or a colour such as #rrggbb
    paper: str = DEFAULT_PAPER
    paper_tint: bool = True  # the page filled with PAPER_TINT
    hand: str = DEFAULT_HAND  # none | light | natural
    seed: int | str | None = None  # the client's hand; None: from the sender's name

    def validate(self) -> None:
        """Raise ExportError for a paper, hand or ink the letter cannot be written with."""
        try:
            get_paper(self.paper)
        except UnknownPaper as exc:
            raise ExportError(str(exc)) from None
        if self.hand not in HAND_LEVELS:
            raise ExportError(f"unknown hand '{self.hand}' (choose {', '.join(HAND_LEVELS)})")
        ink_color(self.ink)

    def to_json(self) -> dict[str, Any]:
        """Every option by its field name (`PdfOptions(**options.to_json())` is the same options)."""
        return asdict(self)


# --- a letter's own choices: their stored form ---------------------------------------------

# What each option may hold in the stored form, and how to say it (a bool is no number here).
_KINDS: dict[str, tuple[tuple[type, ...], str]] = {
    "font_family": ((str,), "text"),
    "font_size": ((int, float), "a number"),
    "ink": ((str,), "text"),
    "paper": ((str,), "text"),
    "paper_tint": ((bool,), "true or false"),
    "hand": ((str,), "text"),
    "seed": ((int, str), "a whole number or text"),
}
# names earlier versions stored an option under
OLD_NAMES = {"font": "font_family"}


def _stored(stored: Mapping[str, Any] | None) -> Iterator[tuple[str, Any, str | None]]:
    """Each stored choice as (field name, value, what is wrong with its kind or None), old names first.

    Old names come first so that a new name present too is read over its old one; keys that
    are no option and empty values ("" or None: nothing chosen) are skipped.
    """
    for key, value in sorted((stored or {}).items(), key=lambda item: item[0] not in OLD_NAMES):
        name = OLD_NAMES.get(key, key)
        if name not in _KINDS or value is None or value == "":
            continue
        kinds, words = _KINDS[name]
        wrong = isinstance(value, bool) != (bool in kinds) or not isinstance(value, kinds)
        yield name, value, f"option '{name}' must be {words}" if wrong else None


def read_choices(stored: Mapping[str, Any] | None) -> dict[str, Any]:
    """A letter's own choices from their stored form (or an earlier one), by PdfOptions' field names.

    Keys that are no option (an archive record's "variation" and "language") are left out,
    and so are empty values. A value of the wrong kind is a ValueError that says which.
    """
    found: dict[str, Any] = {}
    for name, value, problem in _stored(stored):
        if problem:
            raise ValueError(f"the {problem}")
        found[name] = value
    return found


def pinned_choices(
    options: PdfOptions, font_family: str | None = None, seed: int | str | None = None
) -> dict:
    """Every option a letter was drawn with, in the stored form: kept with an exported letter, so it
    is drawn again the same whatever the settings say later. `font_family` and `seed` are the ones
    the export really used (PdfReport's), where the options left them to be chosen."""
    found = {k: v for k, v in options.to_json().items() if v is not None}
    found.update({k: v for k, v in (("font_family", font_family), ("seed", seed)) if v not in (None, "")})
    return read_choices(found)


def flag_choices(args: Any) -> dict[str, Any]:
    """The command line's --font, --paper, --ink, --hand, --seed and --tint as choices (not given: none)."""
    tint = getattr(args, "tint", None)
    return read_choices(
        {
            "font_family": getattr(args, "font", None),
            "paper": getattr(args, "paper", None),
            "ink": getattr(args, "ink", None),
            "hand": getattr(args, "hand", None),
            "seed": getattr(args, "seed", None),
            "paper_tint": tint_choice(tint) if tint else None,
        }
    )


def tint_choice(tint: str) -> bool:
    """A tint's name (TINTS) as PdfOptions.paper_tint; an unknown one is an ExportError."""
    if tint not in TINTS:
        raise ExportError(f"unknown tint '{tint}' (choose {', '.join(TINTS)})")
    return tint == "cream"


# --- the three layers ------------------------------------------------------------------------


def options_from_settings(
    settings: Any, stored: Mapping[str, Any] | None = None, chosen: Mapping[str, Any] | None = None
) -> tuple[PdfOptions, list[str]]:
    """The options to write with: the settings, then the letter's `stored` choices, then those `chosen` now.

    The one place that reads these settings keys, for the command line, the window and
    the merge. Returns the options and a warning for each setting or stored choice that
    could not be used (see the module's opening); a `chosen` one that cannot be used raises
    ExportError.
    """
    warnings: list[str] = []
    paper, warn = paper_from_setting(settings.get("paper"))
    if warn:
        warnings.append(warn)
    ink = settings.get("ink") or DEFAULT_INK
    try:
        ink_color(ink)
    except ExportError as exc:
        warnings.append(f"settings: {exc}; using {DEFAULT_INK}")
        ink = DEFAULT_INK
    hand = str(settings.get("hand") or DEFAULT_HAND)
    if hand not in HAND_LEVELS:
        warnings.append(f"settings: unknown hand '{hand}'; using {DEFAULT_HAND}")
        hand = DEFAULT_HAND
    seed = settings.get("hand_seed")
    tint = str(settings.get("tint") or TINTS[0])
    if tint not in TINTS:
        warnings.append(f"settings: unknown tint '{tint}'; using {TINTS[0]}")
        tint = TINTS[0]
    options = PdfOptions(
        font_family=settings.get("font_family") or None,
        ink=ink,
        paper=paper,
        hand=hand,
        seed=seed if seed not in (None, "") else None,
        paper_tint=tint == "cream",
    )
    for name, value, problem in _stored(stored):
        if problem is None:
            candidate = replace(options, **{name: value})
            try:
                candidate.validate()
            except ExportError as exc:
                problem = str(exc)
            else:
                options = candidate
        if problem:
            warnings.append(f"this letter's {problem}; using the settings")
    if chosen:
        try:
            options = replace(options, **read_choices(chosen))
        except ValueError as exc:
            raise ExportError(str(exc)) from None
        options.validate()
    return options, warnings


# --- inks ------------------------------------------------------------------------------------


def _luminance(c) -> float:
    def lin(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(c.redF()) + 0.7152 * lin(c.greenF()) + 0.0722 * lin(c.blueF())


def ink_contrast(color, paper=None) -> float:
    """WCAG contrast ratio of a QColor ink on the paper (1 = invisible, 21 = black on white)."""
    from PySide6.QtGui import QColor

    hi, lo = sorted((_luminance(color), _luminance(paper or QColor(PAPER_TINT))), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def ink_color(ink: str):
    """The ink's colour, a QColor; an unknown, see-through or too pale ink is an ExportError."""
    from PySide6.QtGui import QColor  # Qt knows the colour names (#rgb, "navy", ...)

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
