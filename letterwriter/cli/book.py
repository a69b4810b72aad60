"""`letterwriter anthology`: a client's letters bound as a book, PDF or EPUB (letterwriter/book/)."""

from __future__ import annotations

import sys

from letterwriter.cli.common import EXIT_OK, UsageError, _open_store, _printable, _settings, _stderr_progress


def add_anthology_parser(sub) -> None:
    from letterwriter.book.model import FACES
    from letterwriter.book.trim import DEFAULT_TRIM, TRIM_NAMES

    a = sub.add_parser("anthology", help="a client's letters bound as a book: PDF or EPUB")
    a.add_argument("--client", required=True, metavar="CLIENT", help="id or a unique name")
    a.add_argument("--to", action="append", default=[], metavar="PERSON", help="only letters to them; repeat")
    a.add_argument("--since", default="", metavar="DATE", help="YYYY, YYYY-MM or YYYY-MM-DD")
    a.add_argument("--until", default="", metavar="DATE", help="YYYY, YYYY-MM or YYYY-MM-DD")
    a.add_argument("--letters", default="", metavar="ID,ID…", help="only these letters (ids or their start)")
    a.add_argument(
        "--title", default="", metavar="TEXT", help="the book's title (default: to whom, or whose)"
    )
    a.add_argument("--initials", action="store_true", help="every name replaced by its initial")
    a.add_argument(
        "--pseudonym",
        action="append",
        default=[],
        metavar="NAME=OTHER",
        help="this name (or phrase) replaced by another; implies --initials for the rest",
    )
    a.add_argument("--drafts", action="store_true", help="letters never exported too")
    a.add_argument(
        "--face", choices=FACES, default="book", help="EB Garamond, or each letter in its own hand"
    )
    a.add_argument("--trim", choices=TRIM_NAMES, default=DEFAULT_TRIM, help="the page size (default A5)")
    a.add_argument("--force", action="store_true", help="make a book of over 1,000 pages too")
    a.add_argument("-o", "--output", required=True, metavar="BOOK.pdf|BOOK.epub")


def _pseudonyms(items: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        name, sep, other = item.partition("=")
        if not sep or not name.strip() or not other.strip():
            raise UsageError(f"--pseudonym takes NAME=OTHER, got '{item[:60]}'")
        out[name.strip()] = other.strip()
    return out


def cmd_anthology(args) -> int:
    from letterwriter.book.make import check_output, make_book
    from letterwriter.book.select import BookChoices

    check_output(args.output)  # a bad or kept target fails before the archive is opened
    pseudonyms = _pseudonyms(args.pseudonym)
    choices = BookChoices(
        client=args.client,
        to=args.to,
        since=args.since,
        until=args.until,
        letters=[i.strip() for i in args.letters.split(",") if i.strip()],
        title=args.title,
        initials=args.initials or bool(pseudonyms),
        pseudonyms=pseudonyms,
        drafts=args.drafts,
        face=args.face,
        trim=args.trim,
    )
    if args.letters.strip() and not choices.letters:
        raise UsageError("--letters names no letter ids")
    store = _open_store()
    show = _stderr_progress()
    progress = (lambda done, total: show(f"setting letter {done} of {total}")) if show else None
    report = make_book(
        store,
        choices,
        args.output,
        force=args.force,
        settings=_settings() if args.face == "hand" else None,
        report=progress,
    )
    if show:
        print(file=sys.stderr)
    for warning in report.warnings:
        print(f"warning: {_printable(warning)}", file=sys.stderr)
    s = "s" if report.letters != 1 else ""
    what = f"{report.letters} letter{s}" + (f", {report.pages} pages" if report.pages else "")
    notes = []
    if report.drafts_left_out:
        d = report.drafts_left_out
        notes.append(f"{d} draft{'s' if d != 1 else ''} left out (--drafts includes them)")
    if choices.initials:
        notes.append(f"{report.names_replaced} names replaced")
    tail = f" ({'; '.join(notes)})" if notes else ""
    print(_printable(f"wrote {report.path}: {what}{tail}"), file=sys.stderr)
    return EXIT_OK
