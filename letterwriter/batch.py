"""Mail merge: one letter per CSV row, failures reported by row while the rest are produced."""

from __future__ import annotations

import csv
import multiprocessing
import os
import re
import unicodedata
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from letterwriter.export import ExportError
from letterwriter.model import BriefError, TemplateInfo
from letterwriter.templates import LetterTemplateError, TemplateLibrary


@dataclass
class RowResult:
    row: int  # the CSV line's row number, counting the header as row 1
    path: Path | None = None
    error: str = ""


@dataclass
class BatchResult:
    rows: list[RowResult] = field(default_factory=list)

    @property
    def written(self) -> list[RowResult]:
        return [r for r in self.rows if r.path is not None]

    @property
    def failed(self) -> list[RowResult]:
        return [r for r in self.rows if r.error]

    def summary(self) -> str:
        return f"{len(self.written)} written, {len(self.failed)} failed, {len(self.rows)} rows"


def safe_filename(name: str, fallback: str) -> str:
    """A file name every platform accepts: no separators, no control or reserved characters."""
    name = unicodedata.normalize("NFC", str(name)).strip()
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    name = name[:80].rstrip(" .")
    if not name or name.upper() in {"CON", "PRN", "AUX", "NUL"}:
        name = fallback
    return name


def read_rows(info: TemplateInfo, csv_path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Rows as raw briefs; list fields split on ';'. Row numbers count the header as 1."""
    try:
        fh = open(csv_path, newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise BriefError(f"cannot read CSV {csv_path}: {exc.strerror}") from None
    with fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames:
            raise BriefError(f"CSV {csv_path} is empty: the first line must name the fields")
        headers = [h.strip() for h in reader.fieldnames]
        unknown = [h for h in headers if h and info.field(h) is None]
        if unknown:
            raise BriefError(f"CSV column '{unknown[0]}' is not a field of template '{info.id}'", unknown[0])
        for i, row in enumerate(reader, start=2):
            brief: dict[str, Any] = {}
            for key, value in row.items():
                if key is None:
                    continue
                key = key.strip()
                f = info.field(key)
                if f is None or value is None or value.strip() == "":
                    continue
                if f.type == "list":
                    brief[key] = [v.strip() for v in value.split(";") if v.strip()]
                else:
                    brief[key] = value
            yield i, brief


def _plan_names(
    rows: list[tuple[int, dict[str, Any]]], name_field: str, suffix: str, out_dir: Path
) -> dict[int, Path]:
    """Unique output paths: 'Catherine.pdf', 'Catherine (2).pdf' ... never overwriting each other."""
    taken: set[str] = set()
    names = {}
    for row, brief in rows:
        base = safe_filename(str(brief.get(name_field, "")), f"letter-{row}")
        candidate, n = base, 2
        while candidate.lower() in taken:
            candidate = f"{base} ({n})"
            n += 1
        taken.add(candidate.lower())
        names[row] = out_dir / f"{candidate}{suffix}"
    return names


# Worker state for process pools: each worker keeps its own library and Qt application.
_worker: dict[str, Any] = {}


def _render_one(
    job: tuple[str, str, str, str, int, dict[str, Any], str, dict[str, Any]],
) -> RowResult:
    template, user_dir, bundled_dir, fmt, row, brief, out, pdf_opts = job
    lib = _worker.get("lib")
    if lib is None:
        lib = _worker["lib"] = TemplateLibrary(Path(user_dir), Path(bundled_dir))
    try:
        letter = lib.render(template, brief, language=pdf_opts.get("language", "en-US"))
        if fmt == "pdf":
            from letterwriter.export.pdf import PdfOptions, export_pdf

            opts = {k: v for k, v in pdf_opts.items() if k != "language"}
            export_pdf(letter, out, PdfOptions(**opts))
        else:
            from letterwriter.export.text import export_text

            export_text(letter, out)
    except (BriefError, LetterTemplateError, ExportError) as exc:
        return RowResult(row, None, str(exc))
    except OSError as exc:
        return RowResult(row, None, f"cannot write {out}: {exc.strerror}")
    return RowResult(row, Path(out))


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
    """Produce one file per row. `progress(done, total)` returning False cancels the rest."""
    info = lib.get(template)
    if info.field(name_field) is None:
        raise BriefError(f"--name-field '{name_field}' is not a field of template '{info.id}'")
    rows = list(read_rows(info, csv_path))
    out_dir.mkdir(parents=True, exist_ok=True)
    names = _plan_names(rows, name_field, f".{fmt}", out_dir)
    template_ref = info.path if info.source == "user" and Path(info.path).parent != lib.user_dir else info.id
    jobs = [
        (
            template_ref,
            str(lib.user_dir),
            str(lib.bundled_dir),
            fmt,
            row,
            brief,
            str(names[row]),
            dict(pdf_options or {}),
        )
        for row, brief in rows
    ]
    result = BatchResult()
    workers = workers or min(os.cpu_count() or 1, 4)
    total = len(jobs)
    if workers <= 1 or total < 8:
        for job in jobs:
            result.rows.append(_render_one(job))
            if progress and progress(len(result.rows), total) is False:
                break
        return result
    # spawn, not fork: a parent that already runs Qt (the window) must not be forked.
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        chunk = max(1, min(64, total // (workers * 4)))
        for res in pool.map(_render_one, jobs, chunksize=chunk):
            result.rows.append(res)
            if progress and progress(len(result.rows), total) is False:
                pool.shutdown(wait=False, cancel_futures=True)
                break
    result.rows.sort(key=lambda r: r.row)
    return result
