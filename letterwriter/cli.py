"""The command line: render, check, batch, export and look after LanguageTool, headless.

Exit codes: 0 success; 1 checks found problems; 2 bad input or usage (one line
`error: ...` on stderr, no traceback unless --debug); 3 the grammar service is unavailable.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import sys
from pathlib import Path
from typing import Any

from letterwriter import __version__
from letterwriter.export.hand import HAND_LEVELS
from letterwriter.export.paper import PAPER_NAMES, paper_from_setting

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_UNAVAILABLE = 0, 1, 2, 3


class UsageError(Exception):
    """Bad input or usage: printed as one `error:` line, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own usage errors, as one line
        raise UsageError(message)


def _build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="letterwriter", description="Letterwriter: a letter writer's desk.")
    p.add_argument("--version", action="version", version=f"letterwriter {__version__}")
    p.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    t = sub.add_parser("templates", help="list the letter templates")
    t.add_argument("--json", action="store_true")

    r = sub.add_parser("render", help="render a letter from a brief")
    r.add_argument("template", help="template id or path to a template file")
    src = r  # --field overrides --data's value (one brief, several tones)
    src.add_argument("--data", metavar="BRIEF.json", help="the brief as a JSON object")
    src.add_argument(
        "--field",
        action="append",
        metavar="NAME=VALUE",
        default=None,
        help="one field value (overrides --data's); repeat, also for several list items; "
        "NAME_meaning=TEXT gives the memory just before it its meaning",
    )
    r.add_argument("-o", "--output", metavar="OUT")
    r.add_argument("--format", choices=("txt", "pdf"))
    r.add_argument("--variation", type=int)
    r.add_argument("--font", metavar="FAMILY")
    r.add_argument("--paper", choices=PAPER_NAMES, help="a sheet or a folded card")
    r.add_argument("--ink", metavar="INK", help="blue-black, royal blue, black, sepia, green or #rrggbb")
    r.add_argument("--hand", choices=HAND_LEVELS, help="how much the handwriting varies (default natural)")
    r.add_argument("--seed", type=int, metavar="N", help="the client's hand (default: from the sender)")
    r.add_argument("--lang", default=None, help="English variant, e.g. en-US, en-GB")
    r.add_argument("--check", action="store_true", help="check grammar first; write nothing if issues")
    r.add_argument("--force", action="store_true", help="with --check: write even with issues")
    r.add_argument("--server", metavar="URL", help="a LanguageTool server to use instead of ours")
    r.add_argument(
        "--to", metavar="PERSON", help="fill the brief from this person's file (id or unique name)"
    )
    r.add_argument("--save", action="store_true", help="with --to: store the letter in the client's file")

    b = sub.add_parser("batch", help="mail merge: one letter per CSV row")
    b.add_argument("template")
    b.add_argument("--csv", required=True, metavar="FILE")
    b.add_argument("--out-dir", required=True, metavar="DIR")
    b.add_argument("--format", choices=("pdf", "txt"), default="pdf")
    b.add_argument("--name-field", default="recipient_name", metavar="FIELD")
    b.add_argument("--font", metavar="FAMILY")
    b.add_argument("--paper", choices=PAPER_NAMES)
    b.add_argument("--lang", default=None)
    b.add_argument("--check", action="store_true", help="check every letter; write only the clean ones")
    b.add_argument("--force", action="store_true", help="with --check: write rows with issues too")
    b.add_argument("--dry-run", action="store_true", help="render (and check) every row, write nothing")
    b.add_argument("--report", metavar="FILE.csv|FILE.json", help="one line per row: status, file, issues")
    b.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD", help="COLUMN= ignores it")
    b.add_argument("--default", action="append", default=[], metavar="FIELD=VALUE", help="for blank cells")
    b.add_argument("--encoding", metavar="ENC", help="the CSV's encoding (default UTF-8), e.g. cp1252")
    b.add_argument("--vary", action="store_true", help="each row its own wording, stable from its name")
    b.add_argument("--overwrite", action="store_true", help="replace files already in --out-dir")

    d = sub.add_parser("doctor", help="report what Letterwriter found on this machine")
    d.add_argument("--json", action="store_true")

    c = sub.add_parser("check", help="check a text's grammar and spelling with LanguageTool")
    c.add_argument("file", nargs="?", default="-", metavar="FILE|-")
    c.add_argument("--json", action="store_true")
    c.add_argument("--lang", default=None)
    c.add_argument("--accept", action="append", default=[], metavar="WORD")
    c.add_argument("--picky", action="store_true")
    c.add_argument("--server", metavar="URL")

    dr = sub.add_parser("drafts", help="letters the window autosaved: list, show, export, discard")
    dsub = dr.add_subparsers(dest="drafts_action", parser_class=_Parser, required=True)
    x = dsub.add_parser("list", help="every autosaved draft: id, template, recipient, updated, words")
    x.add_argument("--json", action="store_true")
    x = dsub.add_parser("show", help="a draft's letter text (or all of it as JSON)")
    x.add_argument("id")
    x.add_argument("--json", action="store_true")
    x = dsub.add_parser("export", help="write a draft as .letter, .txt or .pdf (by extension)")
    x.add_argument("id")
    x.add_argument("-o", "--output", required=True, metavar="FILE")
    x = dsub.add_parser("discard", help="delete a draft")
    x.add_argument("id")

    lt = sub.add_parser("languagetool", help="install, start, stop or query the LanguageTool server")
    lt.add_argument("action", choices=("install", "start", "stop", "status"))
    lt.add_argument("--json", action="store_true")
    _add_archive_parsers(sub)
    return p


def _add_archive_parsers(sub) -> None:
    """The client archive's commands: clients, letters, upcoming, archive."""
    cl = sub.add_parser("clients", help="the clients, their people, dates and memories")
    cls = cl.add_subparsers(dest="action", parser_class=_Parser, required=True)
    a = cls.add_parser("add", help="add a client from CLIENT.json; prints the new id")
    a.add_argument("--data", required=True, metavar="CLIENT.json")
    a.add_argument("--json", action="store_true")
    a.add_argument(
        "--duplicate",
        action="store_true",
        help="add it even if a client of the same name is there (by default that is refused)",
    )
    ls = cls.add_parser("list", help="list the clients")
    ls.add_argument("--search", metavar="TEXT")
    ls.add_argument("--json", action="store_true")
    sh = cls.add_parser("show", help="a client's file: people, dates, memories, letters")
    sh.add_argument("client", metavar="CLIENT", help="id or a unique name")
    sh.add_argument("--json", action="store_true")

    le = sub.add_parser("letters", help="the letters in the archive")
    les = le.add_subparsers(dest="action", parser_class=_Parser, required=True)
    ll = les.add_parser("list", help="letters, newest first")
    ll.add_argument("--client", metavar="CLIENT")
    ll.add_argument("--to", metavar="PERSON")
    ll.add_argument(
        "--search", metavar="TEXT", help="words in the text, client, recipient or occasion; or a date"
    )
    ll.add_argument("--json", action="store_true")
    lsh = les.add_parser("show", help="one letter's text (or JSON)")
    lsh.add_argument("id", metavar="ID")
    lsh.add_argument("--json", action="store_true")

    up = sub.add_parser("upcoming", help="birthdays, anniversaries and other dates coming up")
    up.add_argument("--days", type=int, default=30, metavar="N")
    up.add_argument("--json", action="store_true")

    ar = sub.add_parser("archive", help="move a whole archive in or out as one JSON file")
    ar.add_argument("action", choices=("export", "import"))
    ar.add_argument("file", metavar="FILE.json")


# --- helpers ---------------------------------------------------------------------------


BRIEF_MAX_BYTES = 4 * 1024 * 1024  # a brief is a few KB; more is a mistake, not a letter


def _load_json_brief(path: str) -> dict[str, Any]:
    try:
        if path == "-":
            raw = sys.stdin.buffer.read(BRIEF_MAX_BYTES + 1)
        else:
            with open(path, "rb") as fh:  # a pipe or /dev/stdin too; the size is bounded below
                raw = fh.read(BRIEF_MAX_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"cannot read brief {path}: {exc.strerror}") from None
    if len(raw) > BRIEF_MAX_BYTES:
        raise UsageError(f"brief {path} is over {BRIEF_MAX_BYTES // (1024 * 1024)} MB: not a letter's brief")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"brief {path} is not UTF-8 text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"{path}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise UsageError(f"{path}: the JSON is nested too deeply for a brief") from None
    except ValueError:  # Python's guard against integers of thousands of digits
        raise UsageError(f"{path}: a number in the brief is far too long (over 4,300 digits)") from None
    if not isinstance(data, dict):
        raise UsageError(f"{path}: a brief must be a JSON object of field name to value")
    return data


def _fields_brief(pairs: list[str], info) -> dict[str, Any]:
    from letterwriter.model import attach_meaning

    brief: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UsageError(f"--field expects NAME=VALUE, got {pair!r}")
        f = info.field(name)
        if f is None and attach_meaning(info, brief, name, value):
            continue
        if f is None:
            known = ", ".join(x.name for x in info.fields)
            raise UsageError(f"unknown field '{name}' for template '{info.id}' (its fields: {known})")
        if f.type == "list":
            brief.setdefault(name, []).append(value)
        else:
            brief[name] = value
    return brief


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
    return opened.store


def _recipient(args, info, brief):
    if not getattr(args, "to", None):
        if getattr(args, "save", False):
            raise UsageError("--save needs --to PERSON: a letter is stored under a client's person")
        return None

    def find():
        from letterwriter import archive

        store = _open_store(write=args.save)
        person = archive.resolve_person(store, args.to)
        return store, person, store.get_client(person.client_id)

    return _archive_call(find)


def _file_brief(recipient, info) -> dict[str, Any]:
    from letterwriter import archive

    _store, person, client = recipient
    brief = archive.brief_for(person, info)
    if info.field("sender_name"):
        brief["sender_name"] = client.name  # the client signs the letters written for them
    return brief


def _reuse_notes(recipient, info, brief, text: str) -> None:
    from letterwriter import archive

    store, person, _client = recipient
    for reuse in archive.find_reuse(store, person, info, brief, text):
        print(f"note: {_printable(reuse.note(person.name))}", file=sys.stderr)


def _save_rendered(recipient, info, brief, letter, args, status: str) -> None:
    from letterwriter import archive

    store, person, client = recipient
    options = {
        k: getattr(args, k)
        for k in ("variation", "lang", "font", "paper", "ink", "format", "seed", "hand")
        if getattr(args, k, None) is not None
    }
    options["language"] = letter.language
    record = archive.save_letter(
        store,
        person,
        info,
        brief,
        letter.text,
        options=options,
        status=status,
        # a path that is not UTF-8 is stored with its bytes escaped: the database holds text only
        export_path=os.fsencode(Path(args.output).resolve()).decode("utf-8", "backslashreplace")
        if args.output
        else None,
    )
    print(_printable(f"saved letter {record.id} to {person.name} for {client.name}"), file=sys.stderr)


CLIENT_MAX_BYTES = 16 * 1024 * 1024  # a client's file is a few KB; 500 people with memories fit well below


def _out(line: str) -> None:
    """One line of a listing: names from an old or imported archive may hold escapes; none is run."""
    print(_printable(line))


def _print_json(data) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def cmd_clients(args) -> int:
    from dataclasses import asdict

    from letterwriter import archive

    if args.action == "add":
        data = archive.read_json(args.data, max_bytes=CLIENT_MAX_BYTES)
        archive.parse_client(data, args.data)  # bad input fails before the database is touched
        store = _open_store(write=True)
        from letterwriter.storage import DuplicateClient

        try:
            cid = archive.add_client(store, data, args.data, unique_name=not args.duplicate)
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
    client = archive.resolve_client(store, args.client)
    cf = archive.client_file(store, client)
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
        for u in archive.next_dates(p, today):
            _out(f"  {u.kind.replace('_', ' ')}: {u.date} (next {u.next_date}, in {u.days_left} days)")
        for m in p.memories:
            told = (
                f"  [told in {len(m.letters)} letter{'s' if len(m.letters) != 1 else ''}]"
                if m.letters
                else ""
            )
            _out(f"  memory: {m.text}{told}")
    print(f"\nletters ({len(cf.letters)}):")
    for lt in cf.letters:
        _out(f"  {lt.letter_date}  {lt.id}  to {lt.person_name or '?'}  {lt.template}  {lt.status}")
    return EXIT_OK


def cmd_letters(args) -> int:
    from letterwriter import archive

    store = _open_store()
    if args.action == "show":
        lt = archive.resolve_letter(store, args.id)
        if args.json:
            _print_json(archive.letter_json(lt))
        else:
            sys.stdout.write(lt.text)
        return EXIT_OK
    client_id = archive.resolve_client(store, args.client).id if args.client else None
    person_id = archive.resolve_person(store, args.to, client_id).id if args.to else None
    _search_text(args.search)
    letters = store.list_letters(client_id=client_id, person_id=person_id, search=args.search)
    if args.json:
        _print_json([archive.letter_summary_json(lt) for lt in letters])
    else:
        for lt in letters:
            to = f"{lt.client_name} to {lt.person_name or '?'}"
            _out(f"{lt.letter_date}  {lt.id}  {to}  {lt.template}  {lt.status}")
        if not letters:
            print(_no_letters(args), file=sys.stderr)
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
    if args.client:
        parts.append(f"for {_short(args.client)}")
    if args.search:
        search = _short(args.search)
        parts.append(f"match '{search}'" if len(parts) == 1 else f"matching '{search}'")
    return _printable(" ".join(parts))


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def cmd_upcoming(args) -> int:
    from letterwriter import archive

    store = _open_store()
    items = archive.upcoming(store, args.days)
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
    from letterwriter import archive

    if args.action == "export":
        store = _open_store()
        counts = archive.export_archive(store, args.file)
    else:
        store = _open_store(write=True)
        counts = archive.import_archive(store, args.file)
    summary = ", ".join(f"{n} {table.replace('_', ' ')}" for table, n in counts.items())
    print(f"{'exported' if args.action == 'export' else 'imported'} {summary}", file=sys.stderr)
    return EXIT_OK


def render_and_file(args) -> int:
    """`render`, and with --to --save the letter goes into the client's file once it is written out."""
    code = cmd_render(args)
    filed = getattr(args, "filed", None)
    if code == EXIT_OK and filed and args.save:
        status = "exported" if args.output else ("checked" if getattr(args, "checked", False) else "draft")
        _archive_call(_save_rendered, *filed, args, status)
    return code


ARCHIVE_COMMANDS = {
    "render": render_and_file,
    "clients": lambda args: _archive_call(cmd_clients, args),
    "letters": lambda args: _archive_call(cmd_letters, args),
    "upcoming": lambda args: _archive_call(cmd_upcoming, args),
    "archive": lambda args: _archive_call(cmd_archive, args),
}


# --- commands --------------------------------------------------------------------------


def cmd_templates(args) -> int:
    from letterwriter.templates import library

    lib = library()
    infos = lib.list()
    if args.json:
        print(json.dumps([i.to_json() for i in infos], indent=2, ensure_ascii=False))
    else:
        width = max((len(i.id) for i in infos), default=10)
        for i in infos:
            mark = " (yours)" if i.source == "user" else ""
            print(f"{i.id:<{width}}  {i.title}{mark} — {i.description}")
    for err in lib.errors:
        print(f"warning: skipped a broken template: {_printable(err)}", file=sys.stderr)
    return EXIT_OK


def cmd_render(args) -> int:
    from letterwriter.templates import library

    lib = library()
    info = lib.get(args.template)
    for err in lib.errors:
        print(f"warning: skipped a broken template: {_printable(err)}", file=sys.stderr)
    if args.data or args.field:
        brief = {
            **(_load_json_brief(args.data) if args.data else {}),
            **_fields_brief(args.field or [], info),
        }
    elif not args.to:
        raise UsageError("render needs a brief: --data BRIEF.json or --field NAME=VALUE (or --to PERSON)")
    else:
        brief = {}
    recipient = _recipient(args, info, brief)  # (store, person, client) with --to
    if recipient:
        brief = {**_archive_call(_file_brief, recipient, info), **brief}  # flags and --data win
        if getattr(args, "seed", None) is None:  # one client, one hand (an explicit --seed wins)
            from letterwriter.archive import hand_seed

            args.seed = hand_seed(recipient[2].id)
    fmt = args.format
    if args.output and not fmt:
        ext = Path(args.output).suffix.lower()
        fmt = {".pdf": "pdf", ".txt": "txt", ".text": "txt"}.get(ext)
        if fmt is None:
            raise UsageError(f"cannot tell the format from '{args.output}': use .pdf or .txt, or --format")
    fmt = fmt or "txt"
    if fmt == "pdf" and not args.output:
        raise UsageError("a PDF needs a file: add -o LETTER.pdf")
    language = _language(args.lang)
    letter = lib.render(info, brief, variation=args.variation, language=language)

    if recipient:
        _archive_call(_reuse_notes, recipient, info, brief, letter.text)
        args.filed = (recipient, info, brief, letter)  # filed by render_and_file once written out
    if args.check:
        code = _check_rendered(letter, args, language)
        if code == EXIT_UNAVAILABLE:
            return code
        if code == EXIT_PROBLEMS and not args.force:
            print("nothing written: fix the issues above, or add --force", file=sys.stderr)
            return EXIT_PROBLEMS
        args.checked = code == EXIT_OK

    if not args.output:
        sys.stdout.write(letter.text)
        _length_note(letter)
        return EXIT_OK
    if fmt == "pdf":
        from letterwriter.export.pdf import CardOverflow, PdfOptions, export_pdf

        options = PdfOptions(**_pdf_options(args))
        try:
            report = export_pdf(letter, args.output, options)
        except CardOverflow as exc:
            raise UsageError(_card_overflow_message(exc, lib, info, brief, letter, options)) from None
        note = report.fallback_note()
        if note:
            print(f"note: {note}", file=sys.stderr)
        print(
            f"wrote {args.output} ({report.pages} page{'s' if report.pages != 1 else ''}, "
            f"{report.font_family})",
            file=sys.stderr,
        )
    else:
        from letterwriter.export.text import export_text

        export_text(letter, args.output)
        print(f"wrote {args.output}", file=sys.stderr)
    _length_note(letter)
    return EXIT_OK


def _card_overflow_message(exc, lib, info, brief, letter, options) -> str:
    """Nothing written: say by how much the card overflows and what would fit instead."""
    from dataclasses import replace

    from letterwriter.export.paper import PAPERS
    from letterwriter.export.pdf import fit

    fits: list[str] = []
    length = info.field("length") if hasattr(info, "field") else None
    current = (brief or {}).get("length") or (length.default if length else None)
    for choice in getattr(length, "choices", None) or ():
        if choice == current:
            continue
        try:
            shorter = lib.render(info, dict(brief, length=choice), language=letter.language)
        except Exception:  # a length this brief cannot take is no suggestion
            continue
        if fit(shorter, options)[1] == 0:
            fits.append(f"--field length={choice}")
            break
    # the smallest card that takes the letter, else a sheet
    for paper in sorted(PAPERS.values(), key=lambda p: (not p.card, p.width_mm * p.height_mm)):
        if paper.name != options.paper and fit(letter, replace(options, paper=paper.name))[1] == 0:
            fits.append(f"--paper {paper.name}")
            break
    hint = f"; fits with {' or '.join(fits)}" if fits else ""
    return f"{exc}, nothing written{hint}"


def _length_note(letter) -> None:
    """What the client should know: a softened tone, details left out, a thin brief (after success only)."""
    for note in letter.notes:
        print(f"note: {note}", file=sys.stderr)


def _check_rendered(letter, args, language: str) -> int:
    from letterwriter import grammar

    try:
        report = grammar.check_letter(letter, language=language, server_url=args.server)
    except grammar.GrammarUnavailable as exc:
        print(f"error: grammar check unavailable: {exc}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    if not report.issues:
        print("check: no issues", file=sys.stderr)
        return EXIT_OK
    print(f"check: {len(report.issues)} issue(s):", file=sys.stderr)
    for issue in report.issues:
        print(f"  {issue.describe(letter.text)}", file=sys.stderr)
    return EXIT_PROBLEMS


def cmd_batch(args) -> int:
    from letterwriter.merge.command import run

    opts = _pdf_options(args)
    language = _language(args.lang)
    if args.format == "pdf":
        from letterwriter.export.pdf import choose_font

        choose_font(opts["font_family"])  # an unknown font fails before any row
    return run(args, language=language, pdf_options=opts)


def cmd_doctor(args) -> int:
    from letterwriter.doctor import gather, render_text

    report = gather()
    from letterwriter.archive import doctor_info

    report.update(doctor_info())
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(render_text(report))
    return EXIT_OK


def _read_check_input(name: str) -> str:
    """The text to check: UTF-8 from a file or stdin; anything else is bad input (exit 2)."""
    try:
        data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {name}: {exc.strerror}") from None
    where = "standard input" if name == "-" else name
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{where} is not UTF-8 text (bad byte at offset {exc.start})") from None
    if "\x00" in text:
        raise UsageError(f"{where} is not text (it holds NUL bytes)")
    return text.removeprefix("\ufeff")


def _stderr_progress():
    """Progress lines for a person at a terminal; nothing for scripts."""
    if not sys.stderr.isatty():
        return None

    def show(note: str) -> None:
        print(f"\r{note}", end="", file=sys.stderr, flush=True)

    return show


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
        print(f"error: grammar check unavailable: {exc}", file=sys.stderr)
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


def cmd_languagetool(args) -> int:
    from letterwriter import ltserver

    return ltserver.cli_action(args.action, as_json=args.json, progress=_stderr_progress())


def cmd_drafts(args) -> int:
    from letterwriter.desk import Desk, draft_from_record
    from letterwriter.draft import LetterFileError
    from letterwriter.storage import Store, StoreError

    try:
        store = Store()
    except StoreError as exc:
        raise UsageError(str(exc)) from None
    try:
        if args.drafts_action == "list":
            rows = [
                {
                    "id": r.id,
                    "template": r.template,
                    "recipient": r.recipient,
                    "updated": r.updated,
                    "words": r.words,
                    "file": r.file_path,
                }
                for r in store.list_drafts()
            ]
            if args.json:
                print(json.dumps(rows, indent=2, ensure_ascii=False))
            else:
                for r in rows:
                    who = r["recipient"] or "-"
                    print(f"{r['id']}  {r['template']:<16} {who:<20} {r['updated']}  {r['words']} words")
                if not rows:
                    print("no drafts", file=sys.stderr)
            return EXIT_OK
        if re.search(r"[\ud800-\udfff]", args.id):  # not UTF-8: no draft id is
            raise UsageError(f"no draft '{_short(args.id)}' (see 'letterwriter drafts list')")
        found = store.find_drafts(args.id) if args.id else []
        if not found:
            raise UsageError(f"no draft '{_short(args.id)}' (see 'letterwriter drafts list')")
        if len(found) > 1 and found[0].id != args.id:
            raise UsageError(f"'{_short(args.id)}' matches {len(found)} drafts: give more of the id")
        rec = found[0]
        if args.drafts_action == "discard":
            store.delete_draft(rec.id)
            print(f"discarded draft {rec.id}", file=sys.stderr)
            return EXIT_OK
        from letterwriter.templates import library

        try:
            draft = draft_from_record(library(), rec)
        except LetterFileError as exc:
            raise UsageError(f"draft {rec.id}: {exc}") from None
        if args.drafts_action == "show":
            if args.json:
                print(
                    json.dumps(
                        {"id": rec.id, **draft.to_json(), "text": draft.text}, indent=2, ensure_ascii=False
                    )
                )
            else:
                sys.stdout.write(draft.text or rec.letter_text)
            return EXIT_OK
        desk = Desk(library(), _settings(), store, session=False)
        try:
            desk.export(args.output, draft=draft)
        except LetterFileError as exc:
            raise UsageError(str(exc)) from None
        print(f"wrote {args.output}", file=sys.stderr)
        return EXIT_OK
    finally:
        store.close()


def open_window(open_path: Path | None = None) -> int:
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM")
    ):
        print(
            "error: no display found to open the window; the command line works without one "
            "(try 'letterwriter --help' or 'letterwriter render')",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        from letterwriter.gui.app import run
    except ImportError as exc:
        print(f"error: the desktop window cannot start: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return run(open_path=open_path)


COMMANDS = {
    "templates": cmd_templates,
    "render": cmd_render,
    "batch": cmd_batch,
    "doctor": cmd_doctor,
    "check": cmd_check,
    "languagetool": cmd_languagetool,
    "drafts": cmd_drafts,
}

COMMANDS.update(ARCHIVE_COMMANDS)


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _printable(message: str) -> str:
    """One line with no terminal escapes: control, bidi and surrogate characters shown as \\uXXXX."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", str(message))


class _Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl+C: temp files are removed on the way out."""


def _on_sigterm(signum, frame) -> None:
    raise _Terminated()


def _install_sigterm():
    """Handle SIGTERM like Ctrl+C for this call; returns what to restore (None: nothing)."""
    try:
        previous = signal.getsignal(signal.SIGTERM)
        if previous == signal.SIG_DFL:
            signal.signal(signal.SIGTERM, _on_sigterm)
            return previous
    except ValueError:  # not the main thread (cli.main called from a worker)
        pass
    return None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    debug = "--debug" in argv
    global _loaded_settings
    _loaded_settings = None  # read afresh for each call (tests call main many times)
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
        previous_sigterm = _install_sigterm()
        try:
            return COMMANDS[args.command](args)
        finally:
            if previous_sigterm is not None:
                signal.signal(signal.SIGTERM, previous_sigterm)
    except (UsageError, BriefError, LetterTemplateError, ExportError) as exc:
        if debug:
            raise
        return fail(str(exc))
    except _Terminated:
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
