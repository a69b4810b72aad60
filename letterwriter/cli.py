"""The command line: render, check, batch, export and look after LanguageTool, headless.

Exit codes: 0 success; 1 checks found problems; 2 bad input or usage (one line
`error: ...` on stderr, no traceback unless --debug); 3 the grammar service is unavailable.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from letterwriter import __version__

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
    src = r.add_mutually_exclusive_group()
    src.add_argument("--data", metavar="BRIEF.json", help="the brief as a JSON object")
    src.add_argument(
        "--field",
        action="append",
        metavar="NAME=VALUE",
        default=None,
        help="one field value; repeat, also for several list items",
    )
    r.add_argument("-o", "--output", metavar="OUT")
    r.add_argument("--format", choices=("txt", "pdf"))
    r.add_argument("--variation", type=int)
    r.add_argument("--font", metavar="FAMILY")
    r.add_argument("--paper", choices=("letter", "a4"))
    r.add_argument("--ink", metavar="INK", help="blue-black, royal blue, black, sepia, green or #rrggbb")
    r.add_argument("--lang", default=None, help="English variant, e.g. en-US, en-GB")
    r.add_argument("--check", action="store_true", help="check grammar first; write nothing if issues")
    r.add_argument("--force", action="store_true", help="with --check: write even with issues")
    r.add_argument("--server", metavar="URL", help="a LanguageTool server to use instead of ours")

    b = sub.add_parser("batch", help="mail merge: one letter per CSV row")
    b.add_argument("template")
    b.add_argument("--csv", required=True, metavar="FILE")
    b.add_argument("--out-dir", required=True, metavar="DIR")
    b.add_argument("--format", choices=("pdf", "txt"), default="pdf")
    b.add_argument("--name-field", default="recipient_name", metavar="FIELD")
    b.add_argument("--font", metavar="FAMILY")
    b.add_argument("--paper", choices=("letter", "a4"))
    b.add_argument("--lang", default=None)

    d = sub.add_parser("doctor", help="report what Letterwriter found on this machine")
    d.add_argument("--json", action="store_true")

    c = sub.add_parser("check", help="check a text's grammar and spelling with LanguageTool")
    c.add_argument("file", nargs="?", default="-", metavar="FILE|-")
    c.add_argument("--json", action="store_true")
    c.add_argument("--lang", default=None)
    c.add_argument("--accept", action="append", default=[], metavar="WORD")
    c.add_argument("--picky", action="store_true")
    c.add_argument("--server", metavar="URL")

    lt = sub.add_parser("languagetool", help="install, start, stop or query the LanguageTool server")
    lt.add_argument("action", choices=("install", "start", "stop", "status"))
    lt.add_argument("--json", action="store_true")
    return p


# --- helpers ---------------------------------------------------------------------------


def _load_json_brief(path: str) -> dict[str, Any]:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot read brief {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise UsageError(f"brief {path} is not UTF-8 text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"{path}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    if not isinstance(data, dict):
        raise UsageError(f"{path}: a brief must be a JSON object of field name to value")
    return data


def _fields_brief(pairs: list[str], info) -> dict[str, Any]:
    brief: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UsageError(f"--field expects NAME=VALUE, got {pair!r}")
        f = info.field(name)
        if f is None:
            known = ", ".join(x.name for x in info.fields)
            raise UsageError(f"unknown field '{name}' for template '{info.id}' (its fields: {known})")
        if f.type == "list":
            brief.setdefault(name, []).append(value)
        else:
            brief[name] = value
    return brief


def _settings():
    from letterwriter.settings import Settings

    return Settings.load()


def _language(arg: str | None) -> str:
    from letterwriter.templates import LANGUAGES

    lang = arg or _settings().get("language", "en-US")
    if lang not in LANGUAGES:
        raise UsageError(f"unknown language '{lang}' (choose {', '.join(LANGUAGES)})")
    return lang


def _pdf_options(args) -> dict[str, Any]:
    s = _settings()
    opts: dict[str, Any] = {
        "font_family": getattr(args, "font", None) or s.get("font_family") or None,
        "paper": getattr(args, "paper", None) or s.get("paper", "letter"),
        "ink": getattr(args, "ink", None) or s.get("ink", "blue-black"),
    }
    return opts


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
        print(f"warning: skipped a broken template: {err}", file=sys.stderr)
    return EXIT_OK


def cmd_render(args) -> int:
    from letterwriter.templates import library

    lib = library()
    info = lib.get(args.template)
    if args.data:
        brief = _load_json_brief(args.data)
    elif args.field:
        brief = _fields_brief(args.field, info)
    else:
        raise UsageError("render needs a brief: --data BRIEF.json or --field NAME=VALUE")
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

    if args.check:
        code = _check_rendered(letter, args, language)
        if code == EXIT_UNAVAILABLE:
            return code
        if code == EXIT_PROBLEMS and not args.force:
            print("nothing written: fix the issues above, or add --force", file=sys.stderr)
            return EXIT_PROBLEMS

    if not args.output:
        sys.stdout.write(letter.text)
        return EXIT_OK
    if fmt == "pdf":
        from letterwriter.export.pdf import PdfOptions, export_pdf

        report = export_pdf(letter, args.output, PdfOptions(**_pdf_options(args)))
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
    return EXIT_OK


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
    from letterwriter.batch import run_batch
    from letterwriter.templates import library

    lib = library()
    csv_path = Path(args.csv)
    if not csv_path.is_file():
        raise UsageError(f"no CSV file '{args.csv}'")
    opts = _pdf_options(args)
    opts["language"] = _language(args.lang)
    if args.format == "pdf":
        from letterwriter.export.pdf import choose_font

        choose_font(opts["font_family"])  # an unknown font fails before any row
    tty = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if tty:
            print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)

    result = run_batch(
        lib,
        args.template,
        csv_path,
        Path(args.out_dir),
        fmt=args.format,
        name_field=args.name_field,
        pdf_options=opts,
        progress=progress,
    )
    if tty:
        print(file=sys.stderr)
    for r in result.failed:
        print(f"row {r.row}: {r.error}", file=sys.stderr)
    print(result.summary())
    return EXIT_OK if not result.failed else EXIT_USAGE


def cmd_doctor(args) -> int:
    from letterwriter.doctor import gather, render_text

    report = gather()
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


def open_window() -> int:
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
    return run()


COMMANDS = {
    "templates": cmd_templates,
    "render": cmd_render,
    "batch": cmd_batch,
    "doctor": cmd_doctor,
    "check": cmd_check,
    "languagetool": cmd_languagetool,
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    debug = "--debug" in argv
    from letterwriter.export import ExportError
    from letterwriter.model import BriefError
    from letterwriter.templates import LetterTemplateError

    try:
        args = _build_parser().parse_args(argv)
        if not args.command:
            return open_window()
        return COMMANDS[args.command](args)
    except (UsageError, BriefError, LetterTemplateError, ExportError) as exc:
        if debug:
            raise
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
