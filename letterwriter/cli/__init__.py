"""The command line: render, check, batch, export and look after LanguageTool, headless.

Exit codes: 0 success; 1 checks found problems; 2 bad input or usage (one line
`error: ...` on stderr, no traceback unless --debug); 3 the grammar service is unavailable;
4 the shared archive (a firm's PostgreSQL server) cannot be reached; 143 stopped by
SIGTERM, 130 by Ctrl+C (signals.py).

One module per command group: parser (the arguments), common (what every command shares),
render (render, templates), check, batch (the mail merge), archive (clients, letters,
upcoming, archive), drafts, languagetool, doctor, window (opening the desktop window).
"""

from __future__ import annotations

import sys
from pathlib import Path

from letterwriter.cli import common, signals
from letterwriter.cli.archive import cmd_archive, cmd_clients, cmd_letters, cmd_upcoming
from letterwriter.cli.batch import cmd_batch
from letterwriter.cli.book import cmd_anthology
from letterwriter.cli.check import cmd_check
from letterwriter.cli.common import (
    EXIT_OK,
    EXIT_UNREACHABLE,
    EXIT_USAGE,
    ArchiveUnreachable,
    UsageError,
    _archive_call,
    _printable,
)
from letterwriter.cli.doctor import cmd_doctor
from letterwriter.cli.drafts import cmd_drafts
from letterwriter.cli.envelope import cmd_envelope
from letterwriter.cli.languagetool import cmd_languagetool
from letterwriter.cli.parser import _build_parser
from letterwriter.cli.render import cmd_templates, render_and_file
from letterwriter.cli.window import open_window

COMMANDS = {
    "templates": cmd_templates,
    "render": render_and_file,
    "batch": cmd_batch,
    "doctor": cmd_doctor,
    "check": cmd_check,
    "languagetool": cmd_languagetool,
    "drafts": cmd_drafts,
    "envelope": cmd_envelope,
    "clients": lambda args: _archive_call(cmd_clients, args),
    "letters": lambda args: _archive_call(cmd_letters, args),
    "upcoming": lambda args: _archive_call(cmd_upcoming, args),
    "archive": lambda args: _archive_call(cmd_archive, args),
    "anthology": lambda args: _archive_call(cmd_anthology, args),
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    debug = "--debug" in argv
    common._loaded_settings = None  # read afresh for each call (tests call main many times)
    return _main(argv, debug)


def _main(argv: list[str], debug: bool) -> int:
    from letterwriter.export import ExportError
    from letterwriter.model import BriefError
    from letterwriter.templates import LetterTemplateError

    def fail(message: str) -> int:
        print(f"error: {_printable(message)}", file=sys.stderr)
        return EXIT_USAGE

    try:
        # `letterwriter FILE.letter`, as a file manager or a .desktop entry calls it
        if len(argv) == 1 and argv[0].endswith(".letter") and not argv[0].startswith("-"):
            return open_window(Path(argv[0]).expanduser().resolve())
        args = _build_parser().parse_args(argv)
        if not args.command:
            return open_window()  # the window keeps SIGTERM as it was: its shutdown is its own
        restore_signals = signals.install()
        try:
            return COMMANDS[args.command](args)
        finally:
            common._close_stores()
            restore_signals()
    except (UsageError, BriefError, LetterTemplateError, ExportError) as exc:
        if debug:
            raise
        return fail(str(exc))
    except ArchiveUnreachable as exc:
        if debug:
            raise
        fail(str(exc))
        return EXIT_UNREACHABLE
    except signals.Terminated:
        print("error: terminated", file=sys.stderr)
        return 143
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except RecursionError:
        if debug:
            raise
        return fail("the input is nested too deeply")
    except MemoryError:
        if debug:
            raise
        return fail("out of memory: the input is too large")
    except OSError as exc:
        if debug:
            raise
        where = f": {exc.filename}" if exc.filename else ""
        return fail(f"{exc.strerror or exc}{where}")
    except Exception as exc:  # a bug or an input nobody foresaw: still one line, never a traceback
        if debug:
            raise
        return fail(f"unexpected {type(exc).__name__}: {exc} (run again with --debug to see where)")


if __name__ == "__main__":
    raise SystemExit(main())
