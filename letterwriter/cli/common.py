"""What every command shares: exit codes, the one-line error, settings, the archive, safe printing."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from letterwriter.export.hand import HAND_LEVELS
from letterwriter.export.paper import paper_from_setting

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_UNAVAILABLE = 0, 1, 2, 3


class UsageError(Exception):
    """Bad input or usage: printed as one `error:` line, exit 2."""


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _printable(message: Any, limit: int | None = None) -> str:
    """One line with no terminal escapes: control, bidi and surrogate characters shown as \\uXXXX
    (a row's cells and a file's names are anyone's text: ESC[2J must not clear the terminal)."""
    text = str(message)
    if limit is not None and len(text) > limit:
        text = text[:limit] + "…"
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


_loaded_settings = None


def _settings():
    from letterwriter.settings import Settings

    global _loaded_settings
    if _loaded_settings is None:
        _loaded_settings = Settings.load()
        for warning in _loaded_settings.warnings:
            print(f"warning: {_printable(warning)}", file=sys.stderr)
    return _loaded_settings


def _language(arg: str | None) -> str:
    from letterwriter.templates import LANGUAGES

    lang = arg or _settings().get("language", "en-US")
    if lang not in LANGUAGES:
        raise UsageError(f"unknown language '{lang}' (choose {', '.join(LANGUAGES)})")
    return lang


def _pdf_options(args) -> dict[str, Any]:
    s = _settings()
    paper = getattr(args, "paper", None)
    if not paper:
        # an unknown paper in settings (say "a3") is a warning and the default, never silent
        paper, warning = paper_from_setting(s.get("paper", "letter"))
        if warning:
            print(f"warning: {warning}", file=sys.stderr)
    ink = getattr(args, "ink", None)
    if not ink:
        ink = s.get("ink", "blue-black")
        if ink != "blue-black":
            from letterwriter.export import ExportError
            from letterwriter.export.pdf import ink_color

            try:
                ink_color(ink)
            except ExportError as exc:  # from settings: a warning and the default, like the paper
                print(f"warning: settings: {exc}; using blue-black", file=sys.stderr)
                ink = "blue-black"
    opts: dict[str, Any] = {
        "font_family": getattr(args, "font", None) or s.get("font_family") or None,
        "paper": paper,
        "ink": ink,
    }
    hand = getattr(args, "hand", None) or s.get("hand")
    if hand and hand not in HAND_LEVELS:
        print(f"warning: settings: unknown hand '{hand}'; using natural", file=sys.stderr)
        hand = None
    if hand:
        opts["hand"] = hand
    seed = getattr(args, "seed", None)
    if seed is None and s.get("hand_seed") not in (None, ""):
        seed = s.get("hand_seed")
    if seed is not None:
        opts["seed"] = seed
    return opts


# --- the client archive ------------------------------------------------------------------


def _archive_call(fn, *args):
    """Run an archive step; its bad-input and database errors become the one `error:` line (exit 2)."""
    from letterwriter.archive import ArchiveError
    from letterwriter.storage import StoreError

    try:
        return fn(*args)
    except (ArchiveError, StoreError) as exc:
        raise UsageError(str(exc)) from None


def _open_store(write: bool = False):
    from letterwriter.archive import open_archive

    opened = open_archive()
    if opened.message:
        if write and opened.mode == "readonly":
            opened.store.close()
            raise UsageError(f"{opened.message}")
        print(f"warning: {_printable(opened.message)}", file=sys.stderr)
    _open_stores.append(opened.store)
    return opened.store


_open_stores: list = []  # closed when the command ends (cli.main): a caller in-process holds no lock


def _close_stores() -> None:
    while _open_stores:
        _open_stores.pop().close()


def _out(line: str) -> None:
    """One line of a listing: names from an old or imported archive may hold escapes; none is run."""
    print(_printable(line))


def _print_json(data) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def _stderr_progress():
    """Progress lines for a person at a terminal; nothing for scripts."""
    if not sys.stderr.isatty():
        return None

    def show(note: str) -> None:
        print(f"\r{note}", end="", file=sys.stderr, flush=True)

    return show
