"""`check`: a text's grammar and spelling from a file or standard input, checked by LanguageTool."""

from __future__ import annotations

import json
import sys

from letterwriter.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_UNAVAILABLE,
    UsageError,
    _language,
    _printable,
    _stderr_progress,
)

# A letter is a few KB; a book of them a few MB. Bounded while reading: /dev/zero stops here.
CHECK_MAX_BYTES = 4 * 1024 * 1024


def _read_check_input(name: str) -> str:
    """The text to check: UTF-8 from a file or stdin; anything else is bad input (exit 2)."""
    try:
        if name == "-":
            data = sys.stdin.buffer.read(CHECK_MAX_BYTES + 1)
        else:
            with open(name, "rb") as fh:
                data = fh.read(CHECK_MAX_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"cannot read {name}: {exc.strerror}") from None
    where = "standard input" if name == "-" else name
    if len(data) > CHECK_MAX_BYTES:
        raise UsageError(f"{where} is over {CHECK_MAX_BYTES // (1024 * 1024)} MB: too long to check at once")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{where} is not UTF-8 text (bad byte at offset {exc.start})") from None
    if "\x00" in text:
        raise UsageError(f"{where} is not text (it holds NUL bytes)")
    return text.removeprefix("\ufeff")


def cmd_check(args) -> int:
    from letterwriter import grammar

    text = _read_check_input(args.file)
    language = _language(args.lang)
    progress = _stderr_progress()
    try:
        report = grammar.check_text(
            text,
            language=language,
            accept=args.accept,
            picky=args.picky,
            server_url=args.server,
            progress=progress,
        )
    except grammar.GrammarUnavailable as exc:
        if progress:
            print(file=sys.stderr)
        print(f"error: grammar check unavailable: {_printable(exc)}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    if progress:
        print("\r\033[K", end="", file=sys.stderr)
    if args.json:
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        for issue in report.issues:
            print(issue.describe(text))
        print(f"{len(report.issues)} issue(s)", file=sys.stderr)
    return EXIT_PROBLEMS if report.issues else EXIT_OK
