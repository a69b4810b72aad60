"""Mail merge: every row rendered, optionally checked, written or skipped, and reported by row.

The engine behind `letterwriter batch` and the window's merge dialog. Rendering and checking
run in a few threads of this process (a LanguageTool server answers two requests at once on
two cores; the grammar Checker's paragraph cache spares the template's repeated paragraphs);
PDFs are written by a small pool of spawned worker processes that exit by themselves the
moment this process is gone. No Qt is imported here.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import (
    FIRST_COMPLETED,
    CancelledError,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from letterwriter.export import ExportError, clean_stale_parts
from letterwriter.merge.names import safe_filename
from letterwriter.merge.plan import Mapping, RowPlan, plan_merge
from letterwriter.merge.table import MergeInputError, read_table
from letterwriter.model import BriefError, TemplateInfo, missing_required
from letterwriter.paths import refuse_kept_file
from letterwriter.templates import LetterTemplateError, TemplateLibrary

__all__ = [
    "BatchResult",
    "MergeChecker",
    "MergeInputError",
    "MergeOptions",
    "RowResult",
    "plan_paths",
    "run_batch",
    "run_merge",
    "safe_filename",
]

# A row's status, as the report and the dialog show it.
WRITTEN, SKIPPED_ISSUES, FAILED, EXISTS = "written", "skipped-issues", "failed", "exists"
READY = "ready"  # --dry-run: checked (if asked) and would be written
CANCELLED = "cancelled"  # not reached: the merge was stopped first


@dataclass
class RowResult:
    row: int  # the row number as a spreadsheet shows it (header = 1)
    name: str = ""
    status: str = ""
    path: Path | None = None
    error: str = ""
    issues: list = field(default_factory=list)  # grammar.Issue
    issue_lines: list[str] = field(default_factory=list)  # each issue with where it came from
    missing: list[str] = field(default_factory=list)  # required fields left blank
    defaults: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def first_message(self) -> str:
        if self.error:
            return self.error
        if self.issue_lines:
            return self.issue_lines[0]
        return ""


@dataclass
class BatchResult:
    rows: list[RowResult] = field(default_factory=list)

    def with_status(self, status: str) -> list[RowResult]:
        return [r for r in self.rows if r.status == status]

    @property
    def written(self) -> list[RowResult]:
        return self.with_status(WRITTEN)

    @property
    def failed(self) -> list[RowResult]:
        return self.with_status(FAILED)

    def summary(self) -> str:
        parts = [f"{len(self.written)} written"]
        for status in (READY, SKIPPED_ISSUES, EXISTS):
            n = len(self.with_status(status))
            if n:
                parts.append(f"{n} {status}")
        parts.append(f"{len(self.failed)} failed")
        n = len(self.with_status(CANCELLED))
        if n:
            parts.append(f"{n} not done")
        return ", ".join(parts) + f", {len(self.rows)} rows"


@dataclass
class MergeOptions:
    fmt: str = "pdf"
    check: bool = False
    force: bool = False  # with check: write rows with issues too
    dry_run: bool = False
    overwrite: bool = False  # replace files already in the folder (default: keep them, status 'exists')
    language: str = "en-US"
    pdf_options: dict[str, Any] = field(default_factory=dict)
    workers: int | None = None  # PDF writer processes; 0 writes in this process
    check_threads: int = 2  # concurrent requests to the grammar server


def plan_paths(plans: list[RowPlan], out_dir: Path, suffix: str) -> dict[int, Path]:
    """Unique output paths: 'Sam.pdf', 'Sam (2).pdf' ... rows never overwrite each other
    (compared without case, as Windows and macOS folders do)."""
    taken: set[str] = set()
    names = {}
    for plan in plans:
        base = safe_filename(plan.name, f"letter-{plan.row}")
        candidate, n = base, 2
        while candidate.casefold() in taken:
            candidate = f"{base} ({n})"
            n += 1
        taken.add(candidate.casefold())
        names[plan.row] = out_dir / f"{candidate}{suffix}"
    return names


# --- the PDF writer processes ------------------------------------------------------------------


def _watch_parent(parent: int) -> None:
    # A worker whose parent is gone (kill -9, a crash) exits at once instead of waiting on
    # a queue nobody will ever fill: no worker outlives the merge.
    while True:
        time.sleep(0.2)
        if os.getppid() != parent:
            os._exit(1)


def _worker_init(parent: int) -> None:
    import signal

    # Ctrl+C reaches the whole process group; the parent decides how to stop (it lets
    # letters being written finish) and then shuts the pool down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _export_pdf_job(letter, target: str, pdf_options: dict[str, Any]) -> str:
    """Runs in a worker: '' on success, else the reason."""
    from letterwriter.export.options import PdfOptions
    from letterwriter.export.pdf import export_pdf

    try:
        export_pdf(letter, target, PdfOptions(**pdf_options))
    except ExportError as exc:
        return str(exc)
    except OSError as exc:
        return f"cannot write {target}: {exc.strerror or exc}"
    return ""


# --- the merge ---------------------------------------------------------------------------------


@contextlib.contextmanager
def _folder_lock(out_dir: Path) -> Iterator[None]:
    """One merge at a time per folder. Holding it, every '.NAME.*.part' file there is a
    leftover of a killed export and is removed."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, no clean-up
        yield
        return
    fd = os.open(out_dir, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise MergeInputError(f"another merge is writing to {out_dir}; wait for it to finish") from None
        for part in out_dir.glob(".*.part"):
            with contextlib.suppress(OSError):
                part.unlink()
        yield
    finally:
        os.close(fd)


def prepare_out_dir(out_dir: Path) -> None:
    """The folder exists and is a folder, or one clear error."""
    if out_dir.exists() and not out_dir.is_dir():
        raise MergeInputError(f"--out-dir {out_dir} is a file, not a folder")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise MergeInputError(f"cannot create --out-dir {out_dir}: {exc.strerror or exc}") from None
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise MergeInputError(f"cannot write in --out-dir {out_dir}: permission denied")


def describe_issue(issue, text: str, plan: RowPlan, mapping: Mapping | None) -> str:
    """One issue with its provenance: the spreadsheet column and row, a default, or the template."""
    line = text.count("\n", 0, issue.offset) + 1
    fix = f" (try: {', '.join(issue.replacements[:3])})" if issue.replacements else ""
    if issue.source == "field" and issue.field:
        column = mapping.column_of(issue.field) if mapping else None
        if issue.field in plan.defaults:
            where = f"--default {issue.field}"
        elif column:
            where = f"column '{column}', row {plan.row}"
        else:
            where = f"field '{issue.field}'"
    else:
        where = "the template's text"
    return f"{issue.word(text)!r}: {issue.message}{fix} <{issue.rule_id}> [{where}; letter line {line}]"


def run_merge(
    lib: TemplateLibrary,
    info: TemplateInfo,
    plans: list[RowPlan],
    out_dir: Path,
    options: MergeOptions,
    *,
    mapping: Mapping | None = None,
    check: Callable[[Any], list] | None = None,
    prefetch: Callable[[list], None] | None = None,
    group_size: int = 16,
    on_row: Callable[[RowResult], None] | None = None,
    cancel: threading.Event | None = None,
    only_rows: set[int] | None = None,
) -> BatchResult:
    """Render (check, write) every planned row; results arrive by `on_row` as they finish
    (called from the merge's threads, one at a time).

    Rows go through in groups of `group_size`: `prefetch(letters)` (see MergeChecker) asks the
    grammar server about a whole group's new paragraphs in one request, so `check(letter)` then
    answers from the paragraph cache. `check(letter) -> issues` may raise
    grammar.GrammarUnavailable: the merge then stops,
    letters in progress finish, and the exception propagates with `.result` set to the
    partial BatchResult. Setting `cancel` stops the same way and returns the rows done.
    """
    cancel = cancel or threading.Event()
    if options.check and check is None:
        raise ValueError("options.check needs a check function")
    suffix = f".{options.fmt}"
    paths = plan_paths(plans, out_dir, suffix)
    todo = [p for p in plans if only_rows is None or p.row in only_rows]
    writing = not options.dry_run
    if writing:
        prepare_out_dir(out_dir)
    use_pool = options.fmt == "pdf" and writing
    workers = options.workers
    if workers is None:
        workers = min(os.cpu_count() or 1, 4) if len(todo) >= 8 else 0
    if not use_pool:
        workers = 0
    pdf_opts = dict(options.pdf_options)
    pdf_lock = threading.Lock()
    check_gate = threading.Semaphore(max(1, options.check_threads))
    pool: ProcessPoolExecutor | None = None

    def start_write(letter, target: Path) -> Callable[[], str] | Future:
        """Start writing one letter: a Future of a worker's write, or a call that writes here.
        Either gives '' or the reason it failed."""
        if options.fmt != "pdf":
            from letterwriter.export.text import export_text

            return lambda: export_text(letter, target, clean=False) and ""
        if pool is not None:
            # submitted now, so a group's PDFs queue up for every worker while this thread waits
            return pool.submit(_export_pdf_job, letter, str(target), pdf_opts)

        def in_process() -> str:
            with pdf_lock:  # QtGui in this process: one letter at a time
                return _export_pdf_job(letter, str(target), pdf_opts)

        return in_process

    def render(plan: RowPlan) -> tuple[RowResult, Any]:
        res = RowResult(plan.row, plan.name, defaults=list(plan.defaults))
        if plan.error:
            res.status, res.error = FAILED, plan.error
            return res, None
        try:
            return res, lib.render(info, plan.brief, language=options.language)
        except (BriefError, LetterTemplateError) as exc:
            res.status, res.error = FAILED, str(exc)
            res.missing = missing_required(info, plan.brief)
            return res, None

    def group_job(group: list[RowPlan]) -> list[RowResult]:
        rendered = [render(plan) for plan in group]
        if options.check and prefetch is not None:
            letters = [letter for _res, letter in rendered if letter is not None]
            if letters:
                with check_gate:
                    prefetch(letters)  # one request for the group's new paragraphs
        started: list[tuple[RowResult, Path, Any]] = []
        for plan, (res, letter) in zip(group, rendered, strict=True):
            if cancel.is_set():  # stop between letters, not only between groups
                res.status = CANCELLED
                started.append((res, paths[plan.row], None))
            else:
                started.append(row_job(plan, res, letter))
        out = []
        for item in started:
            res = finish(*item)
            report(res)  # each row as it is done, not when its group is
            out.append(res)
        return out

    def report(res: RowResult) -> None:
        with report_lock:
            done[res.row] = res
            if on_row is not None:
                on_row(res)

    def finish(res: RowResult, target: Path, write: Callable[[], str] | Future | None) -> RowResult:
        if write is None:
            return res
        if cancel.is_set():
            # a write still queued is dropped; one a worker has begun finishes
            if isinstance(write, Future):
                write.cancel()
            else:
                res.status = CANCELLED
                return res
        try:
            err = write.result() if isinstance(write, Future) else write()
        except CancelledError:
            res.status = CANCELLED
            return res
        except ExportError as exc:
            err = str(exc)
        except OSError as exc:
            err = f"cannot write {target}: {exc.strerror or exc}"
        except Exception as exc:  # a broken worker pool: the row fails, with the reason
            err = f"the letter writer stopped: {type(exc).__name__}: {exc}"
        if err:
            res.status, res.error = FAILED, err
        else:
            res.status, res.path = WRITTEN, target
        return res

    def row_job(plan: RowPlan, res: RowResult, letter) -> tuple[RowResult, Path, Any]:
        """Check and decide; a row to write comes back with its write started."""
        target = paths[plan.row]
        if letter is None:
            return res, target, None
        if options.check:
            with check_gate:
                issues = check(letter)  # GrammarUnavailable propagates: the merge stops
            res.issues = issues
            res.issue_lines = [describe_issue(i, letter.text, plan, mapping) for i in issues]
            if issues and not options.force:
                res.status = SKIPPED_ISSUES
                return res, target, None
        if not writing:
            res.status, res.path = READY, target
            return res, target, None
        if target.exists() and not options.overwrite:
            res.status, res.path = EXISTS, target
            res.notes.append("a file of that name was already there and is kept (--overwrite replaces it)")
            return res, target, None
        if target.exists() and not target.is_file():
            res.status, res.error = FAILED, f"{target} exists and is not a regular file"
            return res, target, None
        try:
            refuse_kept_file(target)  # a row named 'dictionary' merged into the user data folder
        except ExportError as exc:
            res.status, res.error = FAILED, str(exc)
            return res, target, None
        try:
            return res, target, start_write(letter, target)
        except Exception as exc:  # the pool broke or shut down: this row fails with the reason
            res.status, res.error = FAILED, f"the letter writer stopped: {type(exc).__name__}: {exc}"
            return res, target, None

    result = BatchResult()
    done: dict[int, RowResult] = {}
    report_lock = threading.Lock()
    fatal: BaseException | None = None
    lock_cm = _folder_lock(out_dir) if writing else contextlib.nullcontext()
    with lock_cm:
        if writing:
            clean_stale_parts(out_dir)  # once, not per letter (write_bytes_atomic)
        if workers > 0:
            # spawn, not fork: a parent that already runs Qt (the window) must not be forked.
            pool = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_worker_init,
                initargs=(os.getpid(),),
            )
        threads = max(1, options.check_threads if options.check else 1) + max(workers, 1)
        try:
            with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="merge") as tp:
                pending: set[Future] = set()
                size = max(1, group_size)
                queue = iter([todo[i : i + size] for i in range(0, len(todo), size)])
                exhausted = False
                while True:
                    while not (exhausted or cancel.is_set() or fatal) and len(pending) < threads + 1:
                        group = next(queue, None)
                        if group is None:
                            exhausted = True
                            break
                        pending.add(tp.submit(group_job, group))
                    if not pending:
                        break
                    finished, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                    for fut in finished:
                        try:
                            fut.result()  # rows were reported as they finished
                        except Exception as exc:
                            if fatal is None:
                                fatal = exc
                                cancel.set()  # the other groups stop between letters too
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
    for plan in todo:
        res = done.get(plan.row)
        if res is None:
            res = RowResult(plan.row, plan.name, CANCELLED, defaults=list(plan.defaults))
        result.rows.append(res)
    if fatal is not None:
        fatal.result = result  # type: ignore[attr-defined]
        raise fatal
    return result


class MergeChecker:
    """Grammar checks for a merge, on one grammar.Checker (or grammar.SharedServerChecker).

    A merge repeats the template's paragraphs in every letter; the Checker caches results per
    paragraph, so only the paragraphs a row changed are new. Measured on the raw server, a
    request costs about the same for one paragraph as for a whole letter, so `prefetch`
    sends the new paragraphs of a group of letters in one request, and `check` then reads
    every letter's issues from the cache (with the row's own words accepted, as ever).
    """

    def __init__(self, checker, language: str = "en-US", picky: bool = False):
        self.checker = checker
        self.language = language
        self.picky = picky

    def _disabled(self) -> list[str]:
        from letterwriter.settings import Settings

        # the same rule list grammar.check_text uses, so the cache keys match
        return list(Settings.load().get("disabled_rules"))

    def prefetch(self, letters: list) -> None:
        text, limit = "", 40000  # well under the server's maxTextLength (50,000)
        for letter in letters:
            body = self._text(letter)
            if text and len(text) + len(body) > limit:
                self._ask(text)
                text = ""
            text += body + "\n\n"
        if text:
            self._ask(text)

    @staticmethod
    def _text(letter) -> str:
        # Without the final newline, a letter's last paragraph is the same cache key alone
        # as inside a group; offsets do not change.
        return letter.text.rstrip("\n")

    def _ask(self, text: str) -> None:
        self.checker.check(text, language=self.language, picky=self.picky, disabled_rules=self._disabled())

    def check(self, letter) -> list:
        from letterwriter import grammar

        report = grammar.check_letter(
            letter, language=self.language, picky=self.picky, checker=self.checker, text=self._text(letter)
        )
        return report.issues


def run_batch(
    lib: TemplateLibrary,
    template: str,
    csv_path: Path,
    out_dir: Path,
    *,
    fmt: str = "pdf",
    name_field: str = "recipient_name",
    pdf_options: dict[str, Any] | None = None,
    workers: int | None = None,
    progress: Callable[[int, int], bool | None] | None = None,
) -> BatchResult:
    """The whole merge in one call, no checks: one file per row. `progress(done, total)`
    returning False cancels the rest."""
    info = lib.get(template)
    plan = plan_merge(info, read_table(csv_path), name_field=name_field)
    plans = plan.rows
    opts = dict(pdf_options or {})
    language = opts.pop("language", "en-US")
    cancel = threading.Event()
    count = [0]

    def on_row(_res: RowResult) -> None:
        count[0] += 1
        if progress is not None and progress(count[0], len(plans)) is False:
            cancel.set()

    options = MergeOptions(fmt=fmt, language=language, pdf_options=opts, workers=workers)
    return run_merge(lib, info, plans, out_dir, options, mapping=plan.mapping, on_row=on_row, cancel=cancel)
