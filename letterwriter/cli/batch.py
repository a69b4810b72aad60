"""`batch`: the mail merge on the command line, with its progress bar and report."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from letterwriter.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_UNAVAILABLE,
    EXIT_USAGE,
    _language,
    _pdf_options,
    _printable,
)
from letterwriter.cli.signals import held
from letterwriter.export import ExportError
from letterwriter.merge.engine import (
    CANCELLED,
    EXISTS,
    FAILED,
    SKIPPED_ISSUES,
    WRITTEN,
    BatchResult,
    MergeOptions,
    RowResult,
    prepare_out_dir,
    run_merge,
)
from letterwriter.merge.plan import parse_pairs, plan_merge
from letterwriter.merge.report import write_report
from letterwriter.merge.table import MergeInputError, read_table

EXIT_INTERRUPTED = 130  # stopped by Ctrl+C or SIGTERM, the report written


class Progress:
    """rows done, rate and time left on one terminal line; silent when stderr is not a terminal."""

    def __init__(self, total: int, stream: TextIO):
        self.total, self.stream = total, stream
        self.enabled = stream.isatty()
        self.done = 0
        self.started = time.monotonic()
        self._last = 0.0

    def step(self) -> None:
        self.done += 1
        now = time.monotonic()
        if not self.enabled or (now - self._last < 0.1 and self.done < self.total):
            return
        self._last = now
        elapsed = max(now - self.started, 1e-6)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate else 0
        width = 24
        filled = int(width * self.done / max(self.total, 1))
        bar = "#" * filled + "." * (width - filled)
        self.stream.write(
            f"\r[{bar}] {self.done}/{self.total} rows  {rate:.1f}/s  "
            f"{int(left) // 60}:{int(left) % 60:02d} left "
        )
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.done:
            self.stream.write("\n")
            self.stream.flush()


@contextlib.contextmanager
def _stop_on_signals(cancel: threading.Event) -> Iterator[None]:
    """Ctrl+C and SIGTERM both stop the merge cleanly: letters being written finish, the report is written."""

    def handler(signum, _frame) -> None:
        cancel.set()

    saved = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, h in saved.items():
            signal.signal(s, h)


def _checker(language: str) -> tuple[Any, Any]:
    """(check, prefetch) on the configured server, or the shared local one (asked once more if it died)."""
    from letterwriter import grammar
    from letterwriter.merge.engine import MergeChecker
    from letterwriter.settings import Settings

    settings = Settings.load()
    remote = settings.get("lt_server_url") or ""
    checker = grammar.checker_for(remote) if remote else grammar.SharedServerChecker()
    merge_checker = MergeChecker(checker, language, bool(settings.get("picky")))
    return merge_checker.check, merge_checker.prefetch


# After this many "already exists" lines the rest are counted: rerunning a merge that was
# stopped half-way should not bury the new rows under hundreds of "kept" lines.
EXISTS_SHOWN = 10
# A row failed for want of space: the rows after it would fail the same way, each after its
# rendering and PDF drawing; the merge stops instead (describe_os_error's wording).
_DISK_FULL = ("no space left on the disk", "disk quota exceeded")


def _print_row(res: RowResult, err: TextIO, show_exists: bool = True) -> None:
    # the row's cells are anyone's text: a name holding ESC[2J must not clear the terminal
    who = f"row {res.row}" + (f" ({_printable(res.name, 60)})" if res.name else "")
    if res.status == FAILED:
        print(f"{who}: {_printable(res.error)}", file=err)
    elif res.issues:
        verb = "not written" if res.status == SKIPPED_ISSUES else res.status
        print(f"{who}: {len(res.issues)} issue(s), {verb}:", file=err)
        for line in res.issue_lines:
            print(f"  {_printable(line)}", file=err)
    if res.status == EXISTS and show_exists:
        print(f"{who}: {_printable(res.path)} already exists; kept (--overwrite replaces it)", file=err)


def run(args, *, language: str, pdf_options: dict[str, Any]) -> int:
    """The batch command; `language` and `pdf_options` come from the flags and settings."""
    from letterwriter.templates import library

    lib = library()
    info = lib.get(args.template)
    if args.force and not args.check:
        raise MergeInputError("--force only means something with --check")
    report_path = Path(args.report) if args.report else None
    if report_path is not None and report_path.suffix.lower() not in (".csv", ".json"):
        raise MergeInputError(f"--report {args.report}: name it .csv or .json")
    if report_path is not None and report_path.is_dir():
        raise MergeInputError(f"--report {args.report} is a folder")
    if report_path is not None:
        _report_replaces_nothing(report_path, args.csv)
    maps, defaults = parse_pairs(args.map, "--map"), parse_pairs(args.default, "--default")
    table = read_table(args.csv, args.encoding)
    envelopes = _envelopes_first(args, info, table, maps)  # addresses checked before any letter
    plan = plan_merge(info, table, maps=maps, defaults=defaults, name_field=args.name_field, vary=args.vary)
    plans, mapping = plan.rows, plan.mapping
    out_dir = Path(args.out_dir)
    if out_dir.exists() and not out_dir.is_dir():  # bad input before LanguageTool starts
        raise MergeInputError(f"--out-dir {out_dir} is a file, not a folder")
    check = prefetch = None
    if args.check:
        from letterwriter.grammar import GrammarUnavailable

        try:
            check, prefetch = _checker(language)
        except GrammarUnavailable as exc:
            print(f"error: grammar check unavailable: {_printable(exc)}", file=sys.stderr)
            return EXIT_UNAVAILABLE

    if not args.dry_run:
        prepare_out_dir(out_dir)  # created only once the letters can be checked
    options = MergeOptions(
        fmt=args.format,
        check=args.check,
        force=args.force,
        dry_run=args.dry_run,
        overwrite=args.overwrite,
        language=language,
        pdf_options=pdf_options,
    )
    cancel = threading.Event()
    progress = Progress(len(plans), sys.stderr)
    counts = {"exists": 0}
    disk_full: list[str] = []

    def on_row(res: RowResult) -> None:
        if res.status == EXISTS:
            counts["exists"] += 1
        show_exists = counts["exists"] <= EXISTS_SHOWN
        if progress.enabled and (
            res.status == FAILED or res.issues or (res.status == EXISTS and show_exists)
        ):
            sys.stderr.write("\r\033[K")
        _print_row(res, sys.stderr, show_exists)
        if res.status == FAILED and res.error.startswith(_DISK_FULL) and not disk_full:
            disk_full.append(res.error)
            cancel.set()  # stopped like Ctrl+C: letters being written finish, the report is written
        progress.step()

    unavailable = ""
    with _stop_on_signals(cancel):
        try:
            result = run_merge(
                lib,
                info,
                plans,
                out_dir,
                options,
                mapping=mapping,
                check=check,
                prefetch=prefetch,
                on_row=on_row,
                cancel=cancel,
            )
        except Exception as exc:
            from letterwriter.grammar import GrammarUnavailable

            if not isinstance(exc, GrammarUnavailable) or not hasattr(exc, "result"):
                raise
            result, unavailable = exc.result, str(exc)
        finally:
            progress.close()
    if counts["exists"] > EXISTS_SHOWN:
        print(
            f"note: {counts['exists'] - EXISTS_SHOWN} more file(s) already existed and were kept "
            "(--overwrite replaces them)",
            file=sys.stderr,
        )
    fatal = disk_full[0] if disk_full else ""
    if envelopes is not None and not args.dry_run and not fatal:
        _write_envelopes(args, envelopes, result, out_dir, pdf_options)
    return _finish(result, report_path, plan.defaults, unavailable, cancel.is_set() and not fatal, fatal)


def _report_replaces_nothing(report_path: Path, source: str) -> None:
    """The report is written at the end, over whatever is there: never the input or one of our files."""
    from letterwriter.merge.table import split_source
    from letterwriter.paths import refuse_kept_file

    try:
        refuse_kept_file(report_path)  # --report settings.json would replace the settings
    except ExportError as exc:
        raise MergeInputError(f"--report: {exc}") from None
    with contextlib.suppress(OSError):
        if os.path.samefile(report_path, split_source(source)[0]):
            raise MergeInputError(f"--report {report_path} is the merge's own input: name another file")


def _envelopes_first(args, info, table, maps: list) -> dict | None:
    """With --envelopes: every row's envelope, or one error naming the rows whose address will not do.

    The address columns (street_address, city, postcode, country ...) are no template field:
    they are left out of the letters (as --map COLUMN= would).
    """
    if not getattr(args, "envelopes", None):
        if getattr(args, "return_address", None):
            raise MergeInputError("--return-address only means something with --envelopes")
        return None
    from letterwriter.cli.envelope import address_columns, batch_envelopes, return_address

    columns = address_columns(table.headers, info)
    if not columns:
        raise MergeInputError(
            "--envelopes needs address columns (street_address, city, postal_code, country_code ...)"
        )
    mapped = {col for col, _target in maps}
    maps.extend((col, "") for col in columns if col not in mapped)
    name_column = next((h for h in table.headers if h.strip().lower() == args.name_field.lower()), None)
    found, bad = batch_envelopes(table, columns, name_column, return_address(args.return_address))
    for row, message in bad:
        print(f"row {row}: envelope: {_printable(message)}", file=sys.stderr)
    if bad:
        row, message = bad[0]
        more = f" (and {len(bad) - 1} more row(s), see above)" if len(bad) > 1 else ""
        raise MergeInputError(f"row {row}: {message}{more}; nothing was written")
    return found


def _write_envelopes(args, envelopes: dict, result: BatchResult, out_dir: Path, pdf_options: dict) -> None:
    """An envelope for every letter written (or kept): beside it, or all in envelopes.pdf for a printer."""
    from letterwriter.export.envelope import ENVELOPE_FOR_PAPER, export_envelopes
    from letterwriter.export.options import PdfOptions

    options = PdfOptions(**pdf_options)
    size = ENVELOPE_FOR_PAPER.get(options.paper, "dl")
    done = [r for r in result.rows if r.status in (WRITTEN, EXISTS) and r.row in envelopes]
    if not done:
        return
    if args.envelopes == "one-file":
        target = out_dir / "envelopes.pdf"
        export_envelopes([envelopes[r.row] for r in done], target, options, size)
        print(f"wrote {_printable(str(target))} ({len(done)} envelope(s))", file=sys.stderr)
        return
    for r in done:
        stem = r.path.stem if r.path is not None else f"row-{r.row}"
        export_envelopes([envelopes[r.row]], out_dir / f"{stem}-envelope.pdf", options, size)
    print(f"wrote {len(done)} envelope(s) beside the letters", file=sys.stderr)


def _finish(
    result: BatchResult,
    report_path: Path | None,
    defaults: dict[str, str],
    unavailable: str,
    stopped: bool,
    fatal: str = "",
) -> int:
    used = {}
    for r in result.rows:
        for f in r.defaults:
            used.setdefault(f, []).append(str(r.row))
    for f, rows in used.items():
        shown = ", ".join(rows[:12]) + (" …" if len(rows) > 12 else "")
        print(
            f"note: {len(rows)} row(s) used --default {f}={defaults.get(f, '')!r}: rows {shown}",
            file=sys.stderr,
        )
    if report_path is not None:
        write_report(report_path, result.rows)
        print(f"report: {report_path}", file=sys.stderr)
    print(result.summary())
    if unavailable:
        print(f"error: grammar check unavailable: {_printable(unavailable)}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    if stopped:
        n = len(result.with_status(CANCELLED))
        print(f"error: stopped; {n} row(s) not done", file=sys.stderr)
        return EXIT_INTERRUPTED
    if fatal:
        n = len(result.with_status(CANCELLED))
        print(
            f"error: {_printable(fatal)}; stopped, {n} row(s) not done "
            "(free some space and run it again: the letters written are kept)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if result.failed:
        # one `error:` line, as for every exit 2; the rows and their reasons are the lines above
        n, total = len(result.failed), len(result.rows)
        print(f"error: {n} of {total} row(s) failed (see the row lines above)", file=sys.stderr)
        return EXIT_USAGE
    if any(r.issues for r in result.rows):
        return EXIT_PROBLEMS
    return EXIT_OK


def cmd_batch(args) -> int:
    opts = _pdf_options(args)
    language = _language(args.lang)
    if args.format == "pdf":
        with held():  # Qt loads here: a SIGTERM waits for it (cli/signals.py)
            from letterwriter.export.fonts import choose_font

            choose_font(opts["font_family"])  # an unknown font fails before any row
    return run(args, language=language, pdf_options=opts)
