"""Merge input: a CSV file or a workbook's sheet read exactly, as rows of text cells.

Everything that would make a letter silently wrong is an error here: text that is not in
the stated encoding, a file too large to be a merge's rows, a quote never closed.
(Matching columns to fields, and what a row may hold, is plan.py's.)
"""

from __future__ import annotations

import codecs
import csv
import datetime as _dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from letterwriter.model import BriefError

MAX_CELL_BYTES = 128 * 1024
# The csv module's own limit (128 K characters) would abort the whole file on one big cell;
# read it whole and refuse that one row instead.
csv.field_size_limit(64 * 1024 * 1024)


class MergeInputError(BriefError):
    """Input that no row can be merged from: one line saying what and how to fix it."""


@dataclass
class Table:
    """The rows of a CSV or sheet as text, with their headers; row numbers as a spreadsheet shows them."""

    source: str
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (row number, header row = 1; cells)


# --- reading ----------------------------------------------------------------------------


def split_source(arg: str) -> tuple[Path, str | None]:
    """'book.xlsx#Clients' -> (book.xlsx, 'Clients'); a plain path has no sheet."""
    path = Path(arg)
    if "#" in arg and not path.exists():
        base, _, sheet = arg.rpartition("#")
        if base.lower().endswith((".xlsx", ".xlsm")):
            return Path(base), sheet or None
    return path, None


def read_table(arg: str | Path, encoding: str | None = None) -> Table:
    """A CSV (dialect detected) or the first (or named) sheet of an .xlsx workbook."""
    path, sheet = split_source(str(arg))
    if not path.is_file():
        raise MergeInputError(f"no such file '{path}'" if not path.exists() else f"'{path}' is not a file")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path, sheet)
    if path.suffix.lower() == ".xls":
        raise MergeInputError(f"{path}: old .xls workbooks are not read; save it as .xlsx or CSV")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise MergeInputError(f"cannot read {path}: {exc.strerror}") from None
    if data[:4] == b"PK\x03\x04":
        raise MergeInputError(f"{path} is a zip or workbook, not CSV text: name it .xlsx if it is a workbook")
    return _read_csv(path, data, encoding)


def _decode(path: Path, data: bytes, encoding: str | None) -> str:
    enc = encoding or "utf-8"
    try:
        name = codecs.lookup(enc).name
    except LookupError:
        raise MergeInputError(f"unknown encoding '{enc}' (try utf-8 or cp1252)") from None
    if name == "utf-8":
        name = "utf-8-sig"  # Excel's 'CSV UTF-8' starts with a byte-order mark
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) and encoding is None:
        raise MergeInputError(f"{path} is UTF-16 text: save it as 'CSV UTF-8', or add --encoding utf-16")
    try:
        text = data.decode(name)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        bad = data[exc.start : exc.start + 1].hex()
        hint = " (a file saved by Excel on Windows: try --encoding cp1252)" if encoding is None else ""
        raise MergeInputError(f"{path} is not {enc} text: byte 0x{bad} on line {line}{hint}") from None
    except LookupError:  # rot13, hex, base64, zlib: codecs, but not text encodings
        raise MergeInputError(f"'{enc}' is not a text encoding (try utf-8 or cp1252)") from None
    except UnicodeError as exc:  # punycode, undefined: refuse in their own way
        raise MergeInputError(f"{path} is not {enc} text ({exc})") from None
    if "\x00" in text:
        raise MergeInputError(f"{path} contains NUL bytes: it is not a text CSV file")
    return text


def _sniff_delimiter(text: str) -> str:
    """Comma, semicolon or tab: whichever the header line uses (Excel in much of Europe writes ';')."""
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    if counts[best] == 0:
        try:
            return csv.Sniffer().sniff(text[:65536], delimiters=",;\t").delimiter
        except csv.Error:
            return ","
    return best


def _read_csv(path: Path, data: bytes, encoding: str | None) -> Table:
    text = _decode(path, data, encoding)
    if not text.strip():
        raise MergeInputError(f"{path} is empty: the first line must name the columns")
    delimiter = _sniff_delimiter(text)
    # strict: a quote never closed would otherwise swallow every row after it into one cell,
    # and '"a"b' would silently become 'ab': both are a mangled file, said so, not a letter
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', doublequote=True, strict=True
    )
    started = 1  # the line the record being read starts on
    try:
        headers = next(reader)
        rows: list[tuple[int, list[str]]] = []
        started = reader.line_num + 1
        for cells in reader:
            started = reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue  # blank lines between rows are not letters
            # The reader's line number is where the record ends; a spreadsheet counts records.
            rows.append((len(rows) + 2, cells))
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise MergeInputError(
                f'{path}: a quote (") opened on line {started} is never closed, so every line after it '
                "would be one cell: close it, or remove it"
            ) from None
        raise MergeInputError(f"{path}: not readable as CSV near line {reader.line_num}: {exc}") from None
    return Table(str(path), [h.strip() for h in headers], rows)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat(sep=" ")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(path: Path, sheet: str | None) -> Table:
    import zipfile

    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise MergeInputError(f"cannot read workbook {path}: {exc}") from None
    except Exception as exc:  # a damaged workbook fails deep in openpyxl: ParseError, IndexError…
        raise MergeInputError(
            f"cannot read workbook {path}: it is damaged ({type(exc).__name__}: {exc})"
        ) from None
    try:
        return _xlsx_table(path, book, sheet)
    except (MergeInputError, MemoryError):
        raise
    except Exception as exc:  # the sheet's XML is read row by row: damage shows up here too
        raise MergeInputError(
            f"cannot read workbook {path}: it is damaged ({type(exc).__name__}: {exc})"
        ) from None
    finally:
        book.close()


def _xlsx_table(path: Path, book: Any, sheet: str | None) -> Table:
    if sheet is not None and sheet not in book.sheetnames:
        raise MergeInputError(
            f"{path} has no sheet '{shown(sheet)}' (sheets: {columns_list(book.sheetnames, what='sheets')})"
        )
    ws = book[sheet] if sheet else book.worksheets[0]
    it = ws.iter_rows(values_only=True)
    first = next(it, None)
    if first is None:
        raise MergeInputError(f"{path}: the sheet is empty: the first row must name the columns")
    headers = [_cell_text(v).strip() for v in first]
    while headers and not headers[-1]:
        headers.pop()  # formatting often stretches a sheet's used range to the right
    rows = []
    for n, values in enumerate(it, start=2):
        cells = [_cell_text(v) for v in values]
        while len(cells) > len(headers) and not cells[-1].strip():
            cells.pop()
        if any(c.strip() for c in cells):
            rows.append((n, cells))
    return Table(str(path), headers, rows)


def shown(text: str, limit: int = 60) -> str:
    """A header or value as an error message repeats it: a 20 MB header is not a message."""
    return text if len(text) <= limit else text[:limit] + "…"


def columns_list(headers: list[str], most: int = 20, what: str = "columns") -> str:
    text = ", ".join(shown(h) for h in headers[:most])
    return text + (f", … ({len(headers):,} {what} in all)" if len(headers) > most else "")
