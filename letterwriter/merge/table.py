"""Merge input: a CSV or spreadsheet read exactly, its columns matched to a template's fields.

Everything that would make a letter silently wrong is an error here: text that is not in
the stated encoding, an unknown or duplicate column, a row with more cells than headers,
a cell too large to be a field.
"""

from __future__ import annotations

import codecs
import csv
import datetime as _dt
import io
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from letterwriter.model import BriefError, TemplateInfo

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


@dataclass
class RowPlan:
    """One input row turned into a raw brief, with where each field's text came from."""

    row: int
    brief: dict[str, Any] = field(default_factory=dict)
    name: str = ""
    defaults: list[str] = field(default_factory=list)  # fields filled by --default
    error: str = ""  # the row cannot be merged (too many cells, a huge cell)


@dataclass
class Mapping:
    """Which column feeds which field; None for a column deliberately ignored."""

    columns: dict[str, str | None]

    def column_of(self, field_name: str) -> str | None:
        for col, f in self.columns.items():
            if f == field_name:
                return col
        return None


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
            f"{path} has no sheet '{_shown(sheet)}' (sheets: {_columns_list(book.sheetnames, what='sheets')})"
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


# --- matching columns to fields -----------------------------------------------------------


def _norm(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", text).casefold()


def _shown(text: str, limit: int = 60) -> str:
    """A header or value as an error message repeats it: a 20 MB header is not a message."""
    return text if len(text) <= limit else text[:limit] + "…"


def _columns_list(headers: list[str], most: int = 20, what: str = "columns") -> str:
    shown = ", ".join(_shown(h) for h in headers[:most])
    return shown + (f", … ({len(headers):,} {what} in all)" if len(headers) > most else "")


def field_for_header(info: TemplateInfo, text: str) -> str | None:
    key = _norm(text)
    for f in info.fields:
        if _norm(f.name) == key:
            return f.name
    for f in info.fields:
        if _norm(f.label) == key:
            return f.name
    return None


def _fields_list(info: TemplateInfo) -> str:
    return ", ".join(f"{f.name} ('{f.label}')" for f in info.fields)


def parse_pairs(pairs: list[str] | None, flag: str) -> list[tuple[str, str]]:
    out = []
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            shape = "COLUMN=FIELD" if flag == "--map" else "FIELD=VALUE"
            raise MergeInputError(f"{flag} expects {shape}, got {pair!r}")
        out.append((key.strip(), value))
    return out


def map_columns(info: TemplateInfo, headers: list[str], maps: list[tuple[str, str]] = ()) -> Mapping:
    """Each header to a field: `--map` first, then the field's name or label (case, spaces,
    underscores ignored). `--map COLUMN=` ignores a column on purpose."""
    explicit: dict[str, str | None] = {}
    for col, target in maps:
        matches = [h for h in headers if h == col] or [h for h in headers if _norm(h) == _norm(col)]
        if not matches:
            raise MergeInputError(f"--map: no column '{_shown(col)}' (columns: {_columns_list(headers)})")
        if matches[0] in explicit:  # the last one would win silently
            raise MergeInputError(f"--map: column '{_shown(matches[0])}' is mapped twice")
        if not target.strip():
            explicit[matches[0]] = None
            continue
        name = field_for_header(info, target)
        if name is None:
            raise MergeInputError(
                f"--map {_shown(col)}={_shown(target)}: '{_shown(target)}' is not a field of template "
                f"'{info.id}' "
                f"(its fields: {_fields_list(info)})"
            )
        explicit[matches[0]] = name
    columns: dict[str, str | None] = {}
    seen_headers: dict[str, int] = {}
    for i, h in enumerate(headers):
        if not h:
            raise MergeInputError(f"column {i + 1} has no header: name it, or delete the column")
        if h in seen_headers:
            raise MergeInputError(
                f"duplicate column '{_shown(h)}' (columns {seen_headers[h] + 1} and {i + 1})"
            )
        seen_headers[h] = i
        if h in explicit:
            columns[h] = explicit[h]
            continue
        name = field_for_header(info, h)
        if name is None:
            raise MergeInputError(
                f"column '{_shown(h)}' is not a field of template '{info.id}' "
                f"(its fields: {_fields_list(info)}); "
                f"map it with --map '{_shown(h)}=FIELD' or ignore it with --map '{_shown(h)}='"
            )
        columns[h] = name
    by_field: dict[str, str] = {}
    for h, name in columns.items():
        if name is None:
            continue
        if name in by_field:
            raise MergeInputError(
                f"columns '{_shown(by_field[name])}' and '{_shown(h)}' both fill field '{name}'"
            )
        by_field[name] = h
    return Mapping(columns)


def parse_defaults(info: TemplateInfo, pairs: list[tuple[str, str]]) -> dict[str, str]:
    out = {}
    for key, value in pairs:
        name = field_for_header(info, key)
        if name is None:
            raise MergeInputError(
                f"--default {_shown(key)}=...: '{_shown(key)}' is not a field of template '{info.id}' "
                f"(its fields: {_fields_list(info)})"
            )
        if name in out:  # the last one would win silently
            raise MergeInputError(f"--default: field '{name}' is given twice")
        out[name] = value
    return out


def stable_variation(name: str) -> int:
    """A row's own wording, the same on every run: from its name, not from its position."""
    return zlib.crc32(_norm(name).encode("utf-8")) % 997 + 1


def plan_rows(
    info: TemplateInfo,
    table: Table,
    mapping: Mapping,
    *,
    defaults: dict[str, str] | None = None,
    name_field: str = "recipient_name",
    vary: bool = False,
) -> list[RowPlan]:
    """Raw briefs for every row; list fields split on ';' or new lines."""
    defaults = defaults or {}
    headers = table.headers
    plans = []
    for number, cells in table.rows:
        plan = RowPlan(number)
        if len(cells) > len(headers):
            extra = [c for c in cells[len(headers) :] if c.strip()]
            if extra:
                plan.error = (
                    f"row {number} has {len(cells)} cells but there are {len(headers)} columns "
                    f"(extra: {extra[0][:40]!r}); an unquoted comma or semicolon in a value?"
                )
        for col, value in zip(headers, cells, strict=False):
            fname = mapping.columns.get(col)
            if fname is None:
                continue
            if len(value.encode("utf-8")) > MAX_CELL_BYTES and not plan.error:
                plan.error = (
                    f"column '{col}' is {len(value.encode('utf-8')) // 1024} KB; "
                    f"a cell may hold at most {MAX_CELL_BYTES // 1024} KB"
                )
                continue
            if not value.strip():
                continue
            f = info.field(fname)
            if f is not None and f.type == "list":
                plan.brief[fname] = [v.strip() for v in re.split(r"[;\n]", value) if v.strip()]
            else:
                plan.brief[fname] = value
        for fname, value in defaults.items():
            if fname not in plan.brief or plan.brief[fname] in ("", []):
                f = info.field(fname)
                plan.brief[fname] = [value] if f is not None and f.type == "list" else value
                plan.defaults.append(fname)
        plan.name = str(plan.brief.get(name_field, "") or "")
        if isinstance(plan.brief.get(name_field), list):
            plan.name = ", ".join(plan.brief[name_field])
        if vary and not str(plan.brief.get("variation", "")).strip() and info.field("variation"):
            plan.brief["variation"] = stable_variation(plan.name or str(number))
        plans.append(plan)
    return plans
