"""The merge report: one line per input row, as CSV or JSON, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

from letterwriter.export import write_text_atomic

COLUMNS = ["row", "name", "status", "file", "issues", "message", "defaults", "notes"]
# A cell starting with one of these is a formula to Excel, LibreOffice and Sheets
# (CSV injection, OWASP): '=HYPERLINK(...)' in a client's name must stay text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula, prefixed with a quote so it stays text."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _shown_path(path: Any) -> str:
    """A path as text: one that is not UTF-8 (a folder named in another encoding) shows its bytes escaped."""
    return os.fsencode(path).decode("utf-8", "backslashreplace") if path else ""


def report_rows(results: list) -> list[dict[str, Any]]:
    rows = []
    for r in results:
        rows.append(
            {
                "row": r.row,
                "name": r.name,
                "status": r.status,
                "file": _shown_path(r.path),
                "issues": len(r.issues),
                "message": r.first_message(),
                "defaults": ";".join(r.defaults),
                "notes": "; ".join(r.notes),
            }
        )
    return rows


def write_report(path: Path, results: list) -> None:
    """CSV or JSON by the file's suffix; every text cell escaped against formula injection."""
    rows = [{k: escape_cell(v) for k, v in row.items()} for row in report_rows(results)]
    if path.suffix.lower() == ".json":
        text = json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    else:
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
        text = buf.getvalue()
    write_text_atomic(path, text)
