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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from letterwriter.model import BriefError

MAX_CELL_BYTES = 128 * 1024
# Every input has its size checked while it is read, so one file can never take more than a
# few hundred MB (measured: a merge's input stays under 500 MB at each limit).
MB = 1024 * 1024
MAX_CSV_BYTES = 32 * MB  # about 200,000 rows of a dozen columns
MAX_CELLS = 1_000_000  # cells in a table (100,000 letters of ten columns); tiny cells cost memory too
MAX_XLSX_BYTES = 32 * MB  # the workbook file itself
MAX_XLSX_PART_BYTES = 64 * MB  # a sheet's XML unpacked (the rows), read as a stream
MAX_XLSX_STRINGS_BYTES = 32 * MB  # the workbook's shared strings, held whole by the reader
MAX_XLSX_OTHER_BYTES = 8 * MB  # styles, workbook, relations: parsed whole, small in any real workbook
MAX_XLSX_PARTS = 10_000
MAX_MERGED_RANGES = 100_000


class MergeInputError(BriefError):
    """Input that no row can be merged from: one line saying what and how to fix it."""


class NumberText(str):
    """A workbook cell that held a number, as text: a date field may read it as an Excel date serial."""


@dataclass
class Table:
    """The rows of a CSV or sheet as text, with their headers; row numbers as a spreadsheet shows them."""

    source: str
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (row number, header row = 1; cells)
    # (row number, column index): why that cell cannot be used (a formula never calculated…);
    # only a row that uses the cell fails
    problems: dict[tuple[int, int], str] = field(default_factory=dict)
    date_epoch: _dt.datetime | None = None  # a workbook's day 0 (1900 or 1904 date system)

    def as_date(self, value: str) -> str | None:
        """A number cell read as an Excel date serial (45000 is 2023-03-15), or None."""
        if self.date_epoch is None or not isinstance(value, NumberText):
            return None
        from openpyxl.utils.datetime import from_excel

        try:
            serial = float(value)
            if not 1 <= serial < 2958466:  # 1900-01-01 to 9999-12-31
                return None
            return from_excel(serial, self.date_epoch).date().isoformat()
        except (ValueError, OverflowError):
            return None


# --- reading ----------------------------------------------------------------------------


def split_source(arg: str) -> tuple[Path, str | None]:
    """'book.xlsx#Clients' -> (book.xlsx, 'Clients'); a plain path has no sheet.

    The workbook is the first '….xlsx' before a '#' that is a file: 'my#book.xlsx#A#B' is
    sheet 'A#B' of 'my#book.xlsx'."""
    path = Path(arg)
    if "#" in arg and not path.exists():
        lower = arg.lower()
        for ext in (".xlsx#", ".xlsm#"):
            at = lower.find(ext)
            while at >= 0:
                base = arg[: at + len(ext) - 1]
                if Path(base).is_file():
                    return Path(base), arg[at + len(ext) :] or None
                at = lower.find(ext, at + 1)
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
    return _read_csv(path, encoding)


def _too_many_cells(path: Path) -> MergeInputError:
    return MergeInputError(
        f"{path} has over {MAX_CELLS:,} cells: more than a merge's rows (split it, or leave out "
        "the columns no letter uses)"
    )


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


def _read_csv(path: Path, encoding: str | None) -> Table:
    try:
        with open(path, "rb") as fh:  # a FIFO or /dev/stdin too: the size is bounded here
            data = fh.read(MAX_CSV_BYTES + 1)
    except OSError as exc:
        raise MergeInputError(f"cannot read {path}: {exc.strerror}") from None
    if len(data) > MAX_CSV_BYTES:
        raise MergeInputError(
            f"{path} is over {MAX_CSV_BYTES // MB} MB: more than a merge's rows (split it, or leave out "
            "the columns no letter uses)"
        )
    if data[:4] == b"PK\x03\x04":
        raise MergeInputError(f"{path} is a zip or workbook, not CSV text: name it .xlsx if it is a workbook")
    text = _decode(path, data, encoding)
    del data
    if not text.strip():
        raise MergeInputError(f"{path} is empty: the first line must name the columns")
    delimiter = _sniff_delimiter(text)
    # strict: a quote never closed would otherwise swallow every row after it into one cell,
    # and '"a"b' would silently become 'ab': both are a mangled file, said so, not a letter
    # The csv module's own limit (128 K characters) would abort the whole file on one big
    # cell; the file's size is the limit, and plan.py refuses that one row instead.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_CSV_BYTES))
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', doublequote=True, strict=True
    )
    del text  # the reader's buffer holds it
    cells_read = 0
    started = 1  # the line the record being read starts on
    try:
        headers = next(reader)
        rows: list[tuple[int, list[str]]] = []
        started = reader.line_num + 1
        for cells in reader:
            started = reader.line_num + 1
            cells_read += len(cells)
            if cells_read > MAX_CELLS:
                raise _too_many_cells(path)
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
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return NumberText(int(value) if isinstance(value, float) and value.is_integer() else value)
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat(sep=" ")
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


def _check_workbook_size(path: Path) -> None:
    """Refuse a workbook that would unpack to more than a merge's rows, before any part is read.

    A part's unpacked size is checked against what the zip declares: Python's zipfile never
    gives more than that (a part that holds more fails its checksum), so a small file that
    unpacks to gigabytes is refused here without being unpacked."""
    import zipfile

    size = path.stat().st_size
    if size > MAX_XLSX_BYTES:
        raise MergeInputError(
            f"{path} is {size // MB} MB: a merge's workbook is at most {MAX_XLSX_BYTES // MB} MB "
            "(save the sheet as CSV, or leave out what no letter uses)"
        )
    try:
        with zipfile.ZipFile(path) as z:
            parts = z.infolist()
    except (OSError, zipfile.BadZipFile, ValueError):
        return  # not a readable zip: openpyxl says so in its own words
    if len(parts) > MAX_XLSX_PARTS:
        raise MergeInputError(f"{path} has {len(parts):,} parts: not a workbook a merge can read")
    for part in parts:
        name = part.filename.lower()
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            limit = MAX_XLSX_PART_BYTES
        elif name.endswith("sharedstrings.xml"):
            limit = MAX_XLSX_STRINGS_BYTES
        elif name.endswith((".xml", ".rels")):
            limit = MAX_XLSX_OTHER_BYTES
        else:
            continue  # pictures and the like: never read
        if part.file_size > limit:
            raise MergeInputError(
                f"{path}: its part {part.filename[:80]} unpacks to {part.file_size // MB:,} MB "
                f"(at most {limit // MB} MB): more than a merge's rows, or not a real workbook"
            )


def _read_xlsx(path: Path, sheet: str | None) -> Table:
    import zipfile

    import openpyxl

    _check_workbook_size(path)
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


_NO_VALUE = (
    "a formula with no saved value (the program that wrote the workbook never calculated it): "
    "open the workbook in Excel or LibreOffice and save it, or type the value"
)


# A formula (<f>, or <x:f> with a prefix), a merged range or an error value (t="e"); literal
# searches, as a regex over a 60 MB sheet took seconds
_SCAN_WORTH = (b"<f>", b"<f ", b"<f/", b":f>", b":f ", b":f/", b"mergeCell", b't="e"', b"t='e'")


def _has_formulas_or_merges(z: Any, part: str) -> bool:
    with z.open(part) as src:
        tail = b""
        while chunk := src.read(MB):
            window = tail + chunk
            if any(mark in window for mark in _SCAN_WORTH):
                return True
            tail = chunk[-16:]
    return False


def _scan_sheet(path: Path, part: str) -> tuple[dict[tuple[int, int], str], list[tuple[int, int, int, int]]]:
    """What openpyxl's values do not say: cells whose formula has no saved value or whose value
    is an error (#N/A), by (row, column), both 1-based; and the merged ranges
    (min_col, min_row, max_col, max_row)."""
    import zipfile

    from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries
    from openpyxl.xml.functions import iterparse  # openpyxl's own parser, with its guards

    problems: dict[tuple[int, int], str] = {}
    merged: list[tuple[int, int, int, int]] = []
    row = col = 0
    rows_parent = None
    with zipfile.ZipFile(path) as z:
        if not _has_formulas_or_merges(z, part):
            return problems, merged  # most merge sheets: a quick look at the bytes, no second parse
    with zipfile.ZipFile(path) as z, z.open(part) as src:
        for event, el in iterparse(src, events=("start", "end")):
            tag = el.tag.rpartition("}")[2]
            if event == "start":
                if tag == "sheetData":
                    rows_parent = el
                elif tag == "row":
                    row = int(el.get("r") or row + 1)
                    col = 0
                continue
            if tag == "c":
                ref = el.get("r")
                row, col = coordinate_to_tuple(ref) if ref else (row, col + 1)
                kids = {k.tag.rpartition("}")[2]: k for k in el}
                saved = kids["v"].text if "v" in kids else None
                # an empty <v/> is a saved value only for a text result (t="str": the formula gave "")
                if "f" in kids and (saved is None or (not saved and el.get("t") != "str")):
                    problems[(row, col)] = _NO_VALUE
                elif el.get("t") == "e":
                    error = (kids["v"].text or "").strip() if "v" in kids else ""
                    problems[(row, col)] = f"the error {error or 'value'}, not a value a letter can use"
            elif tag == "row":
                el.clear()  # the rows are streamed: none is kept
                if rows_parent is not None:
                    rows_parent.remove(el)
            elif tag == "mergeCell" and el.get("ref"):
                if len(merged) >= MAX_MERGED_RANGES:
                    raise MergeInputError(f"{path}: over {MAX_MERGED_RANGES:,} merged ranges in one sheet")
                merged.append(range_boundaries(el.get("ref")))
    return problems, merged


class _SharedStrings(list):
    """The workbook's shared strings, where index -1 is an error, not the last string."""

    def __getitem__(self, index):
        if isinstance(index, int) and index < 0:
            raise IndexError(f"shared string {index} (the strings are numbered from 0)")
        return super().__getitem__(index)


def _rows_in_order(path: Path, ws: Any):
    """The sheet's rows as openpyxl's read-only `iter_rows(values_only=True)` gives them (a missing
    row as an empty one), but a row numbered at or below the one before it (a damaged or generated
    sheet) is an error: openpyxl dropped such a row without a word. Its parser and row shaping
    are the ones iter_rows uses; shared strings are looked up with -1 refused (it read the last)."""
    from openpyxl.worksheet._reader import WorkSheetParser

    book, last = ws.parent, 0
    with ws._get_source() as src:
        parser = WorkSheetParser(
            src,
            _SharedStrings(ws._shared_strings),
            data_only=book.data_only,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for idx, row in parser.parse():
            if idx <= last:
                where = "appears twice" if idx == last else f"comes after row {last}"
                raise MergeInputError(
                    f"{path}: row {idx} {where} in the sheet's file, so one of them would be lost: "
                    "open the workbook in Excel or LibreOffice and save it"
                )
            for _ in range(last + 1, idx):
                yield []
            yield ws._get_row(row, values_only=True)
            last = idx


def _xlsx_table(path: Path, book: Any, sheet: str | None) -> Table:
    from openpyxl.utils.cell import get_column_letter

    if sheet is not None and sheet not in book.sheetnames:
        raise MergeInputError(
            f"{path} has no sheet '{shown(sheet)}' (sheets: {columns_list(book.sheetnames, what='sheets')})"
        )
    ws = book[sheet] if sheet else book.worksheets[0]
    ws.reset_dimensions()  # a stale <dimension ref> (some tools write one) would cut the rows short
    # the one private name used here: where openpyxl found the sheet's XML in the workbook
    found, merged = _scan_sheet(path, ws._worksheet_path)
    merged.sort(key=lambda m: m[1])
    pending, active = iter(merged), []
    upcoming = next(pending, None)
    anchors: dict[tuple[int, int], str] = {}
    problems: dict[tuple[int, int], str] = {}
    headers: list[str] | None = None
    rows = []
    cells_read = 0
    for n, values in enumerate(_rows_in_order(path, ws), start=1):
        cells = [_cell_text(v) for v in values]
        blank = not any(c.strip() for c in cells)  # its own cells: a merged value alone is no letter
        cells_read += len(cells)
        if cells_read > MAX_CELLS:
            raise _too_many_cells(path)
        while upcoming is not None and upcoming[1] <= n:
            active.append(upcoming)
            upcoming = next(pending, None)
        active = [m for m in active if m[3] >= n]
        for c1, r1, c2, _r2 in active:  # every cell of a merged range holds its top-left cell's value
            if n == r1:
                anchors[(r1, c1)] = cells[c1 - 1] if c1 - 1 < len(cells) else ""
            width = min(c2, max(len(cells), len(headers) if headers is not None else c2))
            cells.extend([""] * (width - len(cells)))
            for c in range(c1, width + 1):
                cells[c - 1] = anchors.get((r1, c1), "")
                if (r1, c1) in found:
                    found.setdefault((n, c), found[(r1, c1)])
        if headers is None:
            for (r, c), why in found.items():
                if r == 1:
                    raise MergeInputError(f"{path}: the header in cell {get_column_letter(c)}1 is {why}")
            headers = [c.strip() for c in cells]
            while headers and not headers[-1]:
                headers.pop()  # formatting often stretches a sheet's used range to the right
            continue
        while len(cells) > len(headers) and not cells[-1].strip():
            cells.pop()
        if not blank:
            rows.append((n, cells))
    if headers is None:
        raise MergeInputError(f"{path}: the sheet is empty: the first row must name the columns")
    for (r, c), why in found.items():
        if r > 1:
            problems[(r, c - 1)] = f"cell {get_column_letter(c)}{r} holds {why}"
    return Table(str(path), headers, rows, problems, book.epoch)


def shown(text: str, limit: int = 60) -> str:
    """A header or value as an error message repeats it: a 20 MB header is not a message."""
    return text if len(text) <= limit else text[:limit] + "…"


def columns_list(headers: list[str], most: int = 20, what: str = "columns") -> str:
    text = ", ".join(shown(h) for h in headers[:most])
    return text + (f", … ({len(headers):,} {what} in all)" if len(headers) > most else "")
