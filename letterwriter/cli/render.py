"""`render` and `templates`: one letter from a brief (or a client's file), printed, written or saved."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from letterwriter.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_UNAVAILABLE,
    UsageError,
    _archive_call,
    _language,
    _open_store,
    _pdf_options,
    _printable,
)
from letterwriter.cli.signals import load_qt

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


def _recipient(args, info, brief):
    if not getattr(args, "to", None):
        if getattr(args, "save", False):
            raise UsageError("--save needs --to PERSON: a letter is stored under a client's person")
        return None

    def find():
        from letterwriter.archive.resolve import resolve_person

        store = _open_store(write=args.save)
        person = resolve_person(store, args.to)
        return store, person, store.get_client(person.client_id)

    return _archive_call(find)


def _file_brief(recipient, info) -> dict[str, Any]:
    from letterwriter.archive.briefs import brief_for

    _store, person, client = recipient
    return brief_for(person, info, client=client)  # the client signs, with the name they sign with


def _reuse_notes(recipient, info, brief, text: str) -> None:
    from letterwriter.archive.reuse import find_reuse

    store, person, _client = recipient
    for reuse in find_reuse(store, person, info, brief, text):
        print(f"note: {_printable(reuse.note(person.name))}", file=sys.stderr)


def _save_rendered(recipient, info, brief, letter, args, status: str) -> None:
    from letterwriter.archive.letters import save_letter
    from letterwriter.export.options import flag_choices

    store, person, client = recipient
    options = {
        k: getattr(args, k) for k in ("variation", "lang", "format") if getattr(args, k, None) is not None
    }
    options.update(flag_choices(args))  # the PDF options in the one form a letter stores them
    options.update(getattr(args, "pinned", None) or {})  # the options a PDF was really drawn with
    options["language"] = letter.language
    record = save_letter(
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


def render_and_file(args) -> int:
    """`render`, and with --to --save the letter goes into the client's file once it is written out."""
    code = cmd_render(args)
    filed = getattr(args, "filed", None)
    if code == EXIT_OK and filed and args.save:
        status = "exported" if args.output else ("checked" if getattr(args, "checked", False) else "draft")
        _archive_call(_save_rendered, *filed, args, status)
    return code


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
    if not (args.data or args.field or args.to):
        raise UsageError("render needs a brief: --data BRIEF.json or --field NAME=VALUE (or --to PERSON)")
    brief = _load_json_brief(args.data) if args.data else {}
    if args.field:  # over the brief's values: one brief, tried in each tone (a list replaced whole)
        brief.update(_fields_brief(args.field, info))
    recipient = _recipient(args, info, brief)  # (store, person, client) with --to
    if recipient:
        from letterwriter.archive.briefs import with_file_meanings

        brief = {**_archive_call(_file_brief, recipient, info), **brief}  # flags and --data win
        brief = with_file_meanings(recipient[1], info, brief)  # a memory of the file keeps its meaning
        if getattr(args, "seed", None) is None:  # one client, one hand (an explicit --seed wins)
            from letterwriter.archive.clientfile import hand_seed

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
    # the client's English (their file's language) unless --lang chooses
    language = _language(args.lang or (recipient[2].language if recipient else None))
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
        load_qt()  # a SIGTERM while PySide6 loads waits for it (see cli/signals.py)
        from letterwriter.export.options import PdfOptions
        from letterwriter.export.pdf import CardOverflow, export_pdf

        options = PdfOptions(**_pdf_options(args))
        try:
            report = export_pdf(letter, args.output, options)
        except CardOverflow as exc:
            raise UsageError(_card_overflow_message(exc, lib, info, brief, letter, options)) from None
        from letterwriter.export.options import pinned_choices

        args.pinned = pinned_choices(options, report.font_family, report.seed)  # kept by --save
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

    from letterwriter.export.layout import fit
    from letterwriter.export.paper import PAPERS

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
        print(f"error: grammar check unavailable: {_printable(exc)}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    if not report.issues:
        print("check: no issues", file=sys.stderr)
        return EXIT_OK
    print(f"check: {len(report.issues)} issue(s):", file=sys.stderr)
    for issue in report.issues:
        print(f"  {issue.describe(letter.text)}", file=sys.stderr)
    return EXIT_PROBLEMS
