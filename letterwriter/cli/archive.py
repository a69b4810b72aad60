"""The client archive's commands: `clients`, `letters`, `upcoming` and `archive`."""

from __future__ import annotations

import re
import sys

from letterwriter.cli.common import (
    EXIT_OK,
    UsageError,
    _open_store,
    _out,
    _print_json,
    _printable,
    _short,
    _terminal_text,
)

CLIENT_MAX_BYTES = 16 * 1024 * 1024  # a client's file is a few KB; 500 people with memories fit well below


def cmd_clients(args) -> int:
    from dataclasses import asdict

    from letterwriter.archive.clientfile import client_file
    from letterwriter.archive.clients import add_client, parse_client, read_json
    from letterwriter.archive.dates import next_dates
    from letterwriter.archive.records import DuplicateClient
    from letterwriter.archive.resolve import resolve_client

    if args.action in ("edit", "remove", "restore"):
        return _change_client(args)
    if args.action == "add":
        data = read_json(args.data, max_bytes=CLIENT_MAX_BYTES)
        parse_client(data, args.data)  # bad input fails before the database is touched
        store = _open_store(write=True)
        try:
            cid = add_client(store, data, args.data, unique_name=not args.duplicate)
        except DuplicateClient as exc:  # run twice with the same file: one client, not two
            raise UsageError(
                f"{exc}: nothing added; to add a second client of that name, add --duplicate"
            ) from None
        if args.json:
            _print_json({"id": cid})
        else:
            print(cid)
        return EXIT_OK
    store = _open_store()
    if args.action == "list" and args.removed:
        removed = store.list_removed()
        if args.json:
            _print_json([asdict(r) for r in removed])
        for r in [] if args.json else removed:
            whose = f" (for {r.client_name})" if r.kind == "person" and r.client_name else ""
            _out(f"{r.id}  {r.kind} {r.name}{whose}  ({_letters(r.letters)}, removed {r.removed_at[:10]})")
        if not removed and not args.json:
            print("nothing removed", file=sys.stderr)
        return EXIT_OK
    if args.action == "list":
        _search_text(args.search)
        clients = store.list_clients(args.search)
        if args.json:
            _print_json([asdict(c) for c in clients])
        else:
            for c in clients:
                last = f", last letter {c.last_letter}" if c.last_letter else ""
                _out(f"{c.id}  {c.name}  ({c.people} people, {c.letters} letters{last})")
            if not clients:  # said on stderr: a script reading stdout still sees nothing
                print(
                    _printable(f"no clients match '{_short(args.search)}'") if args.search else "no clients",
                    file=sys.stderr,
                )
        return EXIT_OK
    client = resolve_client(store, args.client)
    cf = client_file(store, client)
    if args.json:
        _print_json(cf.to_json())
        return EXIT_OK
    _out(f"{client.name}  (id {client.id})")
    if client.notes:
        for line in client.notes.splitlines():
            _out(f"  {line}")
    import datetime as dt

    today = dt.date.today()
    for p in cf.people:
        extra = ", ".join(
            x for x in (p.relationship, p.pronouns, f"called {p.pet_name}" if p.pet_name else "") if x
        )
        full = f" ({p.full_name})" if p.full_name else ""
        print()
        _out(f"{p.name}{full}  id {p.id}" + (f"  — {extra}" if extra else ""))
        if p.places:
            _out(f"  places: {', '.join(p.places)}")
        for u in next_dates(p, today):
            _out(f"  {u.kind.replace('_', ' ')}: {u.date} (next {u.next_date}, in {u.days_left} days)")
        for m in p.memories:
            told = (
                f"  [told in {len(m.letters)} letter{'s' if len(m.letters) != 1 else ''}]"
                if m.letters
                else ""
            )
            _out(f"  memory: {m.text}{told}")
            if m.meaning:
                _out(f"    what it means: {m.meaning}")
    print(f"\nletters ({len(cf.letters)}):")
    for letter in cf.letters:
        to = letter.person_name or "?"
        _out(f"  {letter.letter_date}  {letter.id}  to {to}  {letter.template}  {letter.status}")
    return EXIT_OK


def _change_client(args) -> int:
    """`clients edit`, `remove` and `restore`: every change is one transaction, bad input changes nothing."""
    from letterwriter.archive.clients import read_json
    from letterwriter.archive.patch import apply_patch
    from letterwriter.archive.resolve import resolve_client, resolve_removed

    store = _open_store(write=True)
    if args.action == "restore":
        removed = resolve_removed(store, args.client)
        store.restore_removed(removed.id)
        print(
            _printable(f"restored {removed.kind} {removed.name} with {_letters(removed.letters)}"),
            file=sys.stderr,
        )
        return EXIT_OK
    client = resolve_client(store, args.client)
    if args.action == "remove":
        removed = store.remove_client(client.id)
        print(
            _printable(
                f"removed {client.name} with {_letters(removed.letters)} "
                f"(letterwriter clients restore {client.id} brings them back)"
            ),
            file=sys.stderr,
        )
        return EXIT_OK
    data = read_json(args.data, max_bytes=CLIENT_MAX_BYTES)
    edits = apply_patch(store, client, data, args.data, args.if_version)
    if args.json:
        _print_json({"id": client.id, "changes": [e.text for e in edits]})
    for e in [] if args.json else edits:
        _out(e.text)
    if not edits:
        print("nothing to change", file=sys.stderr)
    return EXIT_OK


def _letters(n: int) -> str:
    return f"{n} letter{'' if n == 1 else 's'}"


def cmd_letters(args) -> int:
    from letterwriter.archive.clientfile import letter_json, letter_summary_json
    from letterwriter.archive.resolve import resolve_client, resolve_letter, resolve_person

    store = _open_store()
    if args.action == "export":
        return _export_letter(store, args)
    if args.action == "show":
        letter = resolve_letter(store, args.id)
        if args.json:
            _print_json(letter_json(letter))
        else:
            sys.stdout.write(_terminal_text(letter.text))
        return EXIT_OK
    client_id = resolve_client(store, args.client).id if args.client else None
    person_id = resolve_person(store, args.to, client_id).id if args.to else None
    _search_text(args.search)
    letters = store.list_letters(
        client_id=client_id, person_id=person_id, search=args.search, writer=args.writer
    )
    if args.json:
        _print_json([letter_summary_json(letter) for letter in letters])
    else:
        for letter in letters:
            to = f"{letter.client_name} to {letter.person_name or '?'}"
            by = f"  by {letter.writer}" if letter.writer else ""
            _out(f"{letter.letter_date}  {letter.id}  {to}  {letter.template}  {letter.status}{by}")
        if not letters:
            print(_no_letters(args), file=sys.stderr)
    return EXIT_OK


def _export_letter(store, args) -> int:
    """`letters export ID -o FILE`: the stored letter drawn again with the options it was exported with."""
    from letterwriter.archive.letters import export_stored
    from letterwriter.archive.resolve import resolve_letter
    from letterwriter.cli.common import _settings

    letter = resolve_letter(store, args.id)
    out = export_stored(letter, args.output, _settings())
    pages = getattr(out, "pages", None)
    extra = f" ({pages} page{'s' if pages != 1 else ''}, {out.font_family})" if pages else ""
    print(_printable(f"wrote {args.output}{extra}"), file=sys.stderr)
    return EXIT_OK


SEARCH_MAX_CHARS = 1_000  # words to look for, not a letter: SQLite refuses far longer patterns


def _search_text(text: str | None) -> None:
    if text and re.search(r"[\ud800-\udfff]", text):  # not UTF-8 on the command line
        raise UsageError("--search is not UTF-8 text: check the terminal's encoding")
    if text and len(text) > SEARCH_MAX_CHARS:
        raise UsageError(f"--search is limited to {SEARCH_MAX_CHARS:,} characters (got {len(text):,})")


def _no_letters(args) -> str:
    """An empty `letters list`, saying which filters left nothing."""
    parts = ["no letters"]
    if args.to:
        parts.append(f"to {_short(args.to)}")
    if args.writer:
        parts.append(f"by {_short(args.writer)}")
    if args.client:
        parts.append(f"for {_short(args.client)}")
    if args.search:
        search = _short(args.search)
        parts.append(f"match '{search}'" if len(parts) == 1 else f"matching '{search}'")
    return _printable(" ".join(parts))


def cmd_upcoming(args) -> int:
    from letterwriter.archive.dates import upcoming

    store = _open_store()
    if args.ics:
        from letterwriter.archive.calendar import write_calendar

        n = write_calendar(store, args.ics, args.remind_days, args.days)
        print(_printable(f"wrote {args.ics} ({n} date{'' if n == 1 else 's'})"), file=sys.stderr)
        return EXIT_OK
    args.days = 30 if args.days is None else args.days
    items = upcoming(store, args.days)
    if args.json:
        _print_json([u.to_json() for u in items])
    else:
        for u in items:
            when = "today" if u.days_left == 0 else f"in {u.days_left} day{'s' if u.days_left != 1 else ''}"
            _out(f"{u.next_date}  {when:<12} {u.person} (for {u.client})  {u.describe()}")
        if not items:
            print(f"nothing in the next {args.days} days", file=sys.stderr)
    return EXIT_OK


def cmd_archive(args) -> int:
    from letterwriter.archive.transfer import export_archive, import_archive
    from letterwriter.paths import refuse_kept_file

    if args.action == "migrate":
        return _migrate(args)
    if args.to:
        raise UsageError(f"--to is for 'archive migrate', not 'archive {args.action}'")
    if not args.file:
        raise UsageError(f"archive {args.action} needs a file: letterwriter archive {args.action} FILE.json")
    if args.action == "export":
        refuse_kept_file(args.file)  # `archive export letterwriter.db` would replace the archive itself
        store = _open_store()
        counts = export_archive(store, args.file)
    else:
        store = _open_store(write=True)
        counts = import_archive(store, args.file)
    summary = ", ".join(f"{n} {table.replace('_', ' ')}" for table, n in counts.items())
    print(f"{'exported' if args.action == 'export' else 'imported'} {summary}", file=sys.stderr)
    return EXIT_OK


def _migrate(args) -> int:
    """`archive migrate --to URL`: this desk's archive copied whole into an empty one on a server."""
    from letterwriter.archive.opening import writer_name
    from letterwriter.archive.store import ArchiveStore
    from letterwriter.archive.transfer import copy_archive
    from letterwriter.cli.common import _settings
    from letterwriter.storage.postgres import check_url, is_url

    if args.file:
        raise UsageError(
            "archive migrate copies into a server: --to postgresql://HOST:PORT/DBNAME, not a file"
        )
    if not args.to or not is_url(args.to):
        raise UsageError("archive migrate needs --to postgresql://HOST:PORT/DBNAME (an empty database)")
    check_url(args.to)  # a password in it is refused before anything is opened
    source = _open_store()
    target = ArchiveStore.open(args.to, writer=writer_name(_settings()))
    if target.where == source.where:
        raise UsageError(f"the archive is already on {target.where}")
    bar = _progress_bar()
    counts = copy_archive(source, target, bar)
    if bar:
        print(file=sys.stderr)
    summary = ", ".join(f"{n:,} {table.replace('_', ' ')}" for table, n in counts.items())
    print(_printable(f"copied {summary} into {target.where}"), file=sys.stderr)
    print(
        _printable(f"each desk now sets database_url (or LETTERWRITER_DATABASE_URL) to {target.where}"),
        file=sys.stderr,
    )
    return EXIT_OK


def _progress_bar():
    """A bar on a terminal's standard error ([#####.....] 45% letters 4,500/10,000); nothing for scripts."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int, what: str) -> None:
        width = 30
        filled = width * done // total if total else width
        pct = 100 * done // total if total else 100
        line = (
            f"[{'#' * filled}{'.' * (width - filled)}] {pct:3d}% {what.replace('_', ' ')} {done:,}/{total:,}"
        )
        print(f"\r{line:<72}", end="", file=sys.stderr, flush=True)

    return show
