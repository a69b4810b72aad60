"""What every command shares: exit codes, the one-line error, settings, the archive, safe printing."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_UNAVAILABLE = 0, 1, 2, 3
EXIT_UNREACHABLE = 4  # the shared archive (a firm's PostgreSQL server) cannot be reached


class UsageError(Exception):
    """Bad input or usage: printed as one `error:` line, exit 2."""


class ArchiveUnreachable(Exception):
    """The archive's server cannot be reached (or let this login in): one `error:` line, exit 4."""


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _printable(message: Any, limit: int | None = None) -> str:
    """One line with no terminal escapes: control, bidi and surrogate characters shown as \\uXXXX
    (a row's cells and a file's names are anyone's text: ESC[2J must not clear the terminal)."""
    text = str(message)
    if limit is not None and len(text) > limit:
        text = text[:limit] + "…"
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def _terminal_text(text: str) -> str:
    """Text of many lines for a terminal: line breaks and tabs kept, every other control, bidi or
    surrogate character shown as \\uXXXX (an imported letter holding ESC]2; must not retitle it)."""
    if not sys.stdout.isatty():
        return text  # piped or redirected: exactly as stored
    return _UNPRINTABLE.sub(
        lambda m: m.group(0) if m.group(0) in "\n\t" else f"\\u{ord(m.group(0)):04x}", text
    )


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
    from letterwriter.export.options import flag_choices, options_from_settings

    # settings that cannot be used are warnings and the defaults; a flag that cannot is an error
    options, warnings = options_from_settings(_settings(), chosen=flag_choices(args))
    for warning in warnings:
        print(f"warning: {_printable(warning)}", file=sys.stderr)
    return options.to_json()


# --- the client archive ------------------------------------------------------------------


def _archive_call(fn, *args):
    """Run an archive step; its bad-input and database errors become the one `error:` line (exit 2)."""
    from letterwriter.archive.records import ArchiveError
    from letterwriter.storage.sqlite import StoreError

    try:
        return fn(*args)
    except StoreError as exc:
        if exc.kind == "unreachable":
            raise ArchiveUnreachable(str(exc)) from None
        raise UsageError(str(exc)) from None
    except ArchiveError as exc:
        raise UsageError(str(exc)) from None


def _open_store(write: bool = False):
    from letterwriter.archive.opening import open_archive

    opened = open_archive(settings=_settings())
    if write and opened.mode == "readonly":
        opened.store.close()
        raise UsageError(f"{opened.message}")
    if write:
        # A save that would fail (locked, a full disk) fails now, before a letter is rendered or
        # a file written: exit 2 leaves everything as it was.
        from letterwriter.storage.sqlite import StoreError

        try:
            opened.store.check_writable()
        except StoreError as exc:
            opened.store.close()
            raise UsageError(f"{exc}; nothing written") from None
        except Exception:
            opened.store.close()
            raise
    if opened.message:
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
