"""Merge input under hostile or careless hands (issue 21): workbooks as other tools write them,
inputs far too large, names that are paths or devices. Each case once merged silently wrong."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import openpyxl
import pytest
from helpers import ROOT

from letterwriter.merge.engine import plan_paths
from letterwriter.merge.names import safe_filename
from letterwriter.merge.plan import plan_merge
from letterwriter.merge.report import report_rows
from letterwriter.merge.table import MAX_CSV_BYTES, MAX_XLSX_PART_BYTES, MergeInputError, read_table
from letterwriter.model import BriefError, validate_brief
from letterwriter.templates import TemplateLibrary

pytestmark = pytest.mark.core

MB = 1024 * 1024


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    return TemplateLibrary(user_dir=tmp_path_factory.mktemp("tpl"))


def _book(path: Path, rows: list[list], title: str = "Clients") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _rewrite_part(path: Path, part: str, change) -> None:
    """Rewrite one part of a workbook as another tool would have written it."""
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            z.writestr(info, change(data) if info.filename == part else data)


NAMES = [["sender_name", "recipient_name", "what_they_did"]]


def test_a_stale_dimension_does_not_cut_the_rows_short(tmp_path):
    p = _book(tmp_path / "b.xlsx", NAMES + [["Maya", f"Sam {i}", "helped"] for i in range(10)])
    # some tools write the used range once and never update it
    _rewrite_part(
        p,
        "xl/worksheets/sheet1.xml",
        lambda d: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:C3"', d),
    )
    assert b'ref="A1:C3"' in zipfile.ZipFile(p).read("xl/worksheets/sheet1.xml")
    assert [cells[1] for _n, cells in read_table(p).rows] == [f"Sam {i}" for i in range(10)]


def test_a_formula_with_no_saved_value_fails_its_row_naming_the_cell(tmp_path, lib):
    # openpyxl, like many generators, writes formulas without the value Excel would have saved
    p = _book(tmp_path / "f.xlsx", NAMES + [["Maya", "Sam", "helped"], ["Maya", '=A2&"x"', "helped"]])
    plan = plan_merge(lib.get("thank_you"), read_table(p))
    assert plan.rows[0].error == ""
    assert "cell B3" in plan.rows[1].error and "formula" in plan.rows[1].error, plan.rows[1].error
    assert "saved" in plan.rows[1].error


def test_a_formula_in_an_ignored_column_is_no_problem(tmp_path, lib):
    p = _book(tmp_path / "f.xlsx", [[*NAMES[0], "Total"], ["Maya", "Sam", "helped", "=1+1"]])
    plan = plan_merge(lib.get("thank_you"), read_table(p), maps=[("Total", "")])
    assert plan.rows[0].error == ""


def test_an_error_value_is_not_merged_as_text(tmp_path, lib):
    p = _book(tmp_path / "e.xlsx", NAMES + [["Maya", "Sam", "helped"]])
    _rewrite_part(
        p,
        "xl/worksheets/sheet1.xml",
        lambda d: re.sub(
            rb'<c r="B2"[^>]*>.*?</c>', b'<c r="B2" t="e"><f>VLOOKUP(1,Z1:Z2,2)</f><v>#N/A</v></c>', d
        ),
    )
    plan = plan_merge(lib.get("thank_you"), read_table(p))
    assert "cell B2" in plan.rows[0].error and "#N/A" in plan.rows[0].error, plan.rows[0].error


def test_a_merged_cell_fills_every_row_of_its_range(tmp_path, lib):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(NAMES[0])
    ws.append(["Maya", "Sam", "helped"])
    ws.append([None, "Ana", "helped"])
    ws.append([None, "Leo", "helped"])
    ws.merge_cells("A2:A4")
    p = tmp_path / "m.xlsx"
    wb.save(p)
    plan = plan_merge(lib.get("thank_you"), read_table(p))
    assert [(r.brief["sender_name"], r.brief["recipient_name"]) for r in plan.rows] == [
        ("Maya", "Sam"),
        ("Maya", "Ana"),
        ("Maya", "Leo"),
    ]


def test_a_sheet_with_a_hash_in_a_file_with_a_hash_can_be_chosen(tmp_path):
    p = _book(tmp_path / "my#book.xlsx", NAMES + [["Maya", "Sam", "helped"]])
    wb = openpyxl.load_workbook(p)
    other = wb.create_sheet("A#B")
    other.append(NAMES[0])
    other.append(["Leo", "Ana", "helped"])
    wb.save(p)
    assert read_table(p).rows == [(2, ["Maya", "Sam", "helped"])]
    assert read_table(f"{p}#A#B").rows == [(2, ["Leo", "Ana", "helped"])]
    assert read_table(f"{p}#Clients").rows == [(2, ["Maya", "Sam", "helped"])]
    with pytest.raises(MergeInputError, match="no sheet 'B'"):
        read_table(f"{p}#B")


def test_an_excel_date_serial_in_a_number_cell_is_a_date(tmp_path, lib):
    info = lib.get("love_letter")
    p = _book(
        tmp_path / "d.xlsx", [["sender_name", "recipient_name", "together_since"], ["Maya", "Sam", 45000]]
    )
    plan = plan_merge(info, read_table(p))
    assert plan.rows[0].brief["together_since"] == "2023-03-15"
    assert validate_brief(info, plan.rows[0].brief).values["together_since"] == dt.date(2023, 3, 15)
    # a number is still a number where the field wants one, and text is not a date
    book = _book(
        tmp_path / "n.xlsx", [["sender_name", "recipient_name", "together_since"], ["Maya", "Sam", "45000"]]
    )
    assert plan_merge(info, read_table(book)).rows[0].brief["together_since"] == "45000"


def _peak_mb(code: str) -> tuple[float, str]:
    """Run `code` in a fresh process; its peak memory (MB) and what it printed."""
    wrapper = textwrap.dedent(
        """
        import resource, sys
        from letterwriter.merge.table import MergeInputError, read_table
        try:
            {code}
            print("read")
        except MergeInputError as exc:
            print("refused:", exc)
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        """
    ).format(code=code)
    r = subprocess.run([sys.executable, "-c", wrapper], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    *said, peak = r.stdout.strip().splitlines()
    return float(peak), "\n".join(said)


def test_a_small_workbook_of_gigabytes_of_whitespace_is_refused_within_memory(tmp_path):
    p = _book(tmp_path / "w.xlsx", NAMES + [["Maya", "Sam", "helped"]])
    with zipfile.ZipFile(p) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for info, data in items:
            if info.filename != "xl/worksheets/sheet1.xml":
                z.writestr(info, data)
                continue
            head, tail = data.split(b"<sheetData>", 1)
            with z.open(info.filename, "w", force_zip64=True) as out:
                out.write(head + b"<sheetData>")
                spaces = b" " * MB
                for _ in range(MAX_XLSX_PART_BYTES // MB + 64):  # past the limit: 1.5 MB on disk
                    out.write(spaces)
                out.write(tail)
    assert p.stat().st_size < 2 * MB
    peak, said = _peak_mb(f"read_table({str(p)!r})")
    assert said.startswith("refused:") and "MB" in said and "w.xlsx" in said, said
    assert peak < 500, peak


def test_a_csv_over_the_limit_is_refused_while_reading(tmp_path):
    p = tmp_path / "big.csv"
    with open(p, "wb") as fh:
        fh.write(b"sender_name,recipient_name,what_they_did\n")
        row = b"Maya,Sam,helped\n" * (MB // 16)
        for _ in range(MAX_CSV_BYTES // MB + 1):
            fh.write(row)
    peak, said = _peak_mb(f"read_table({str(p)!r})")
    assert said.startswith("refused:") and f"{MAX_CSV_BYTES // MB} MB" in said, said
    assert peak < 500, peak


def test_a_csv_of_millions_of_empty_cells_is_refused_within_memory(tmp_path):
    p = tmp_path / "cells.csv"
    p.write_bytes(b"sender_name,recipient_name,what_they_did\n" + (b"," * 4000 + b"\n") * 5000)
    peak, said = _peak_mb(f"read_table({str(p)!r})")
    assert said.startswith("refused:") and "cells" in said, said
    assert peak < 500, peak


# --- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, expected",
    [
        ("con.txt", "con (letter-11).txt"),
        ("CON .txt", "CON (letter-11).txt"),
        ("lpt1.backup", "lpt1 (letter-11).backup"),
        ("Aux", "Aux (letter-11)"),
        ("console.txt", "console.txt"),
    ],
)
def test_windows_device_names_are_never_the_part_before_the_first_dot(name, expected):
    out = safe_filename(name, "letter-11")
    assert out == expected
    assert out.split(".")[0].strip().upper() not in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT1"}


def test_a_recipient_that_is_a_path_is_refused_not_rewritten(lib, tmp_path):
    info = lib.get("thank_you")
    brief = {"sender_name": "Maya", "recipient_name": "../../etc/Cat", "what_they_did": "helped"}
    with pytest.raises(BriefError, match="recipient_name"):
        lib.render(info, brief)
    for name in ("Cat..", ". Cat", ",Cat"):
        with pytest.raises(BriefError, match="recipient_name"):
            lib.render(info, dict(brief, recipient_name=name))
    # what people are called is written as typed
    for name in ("J. R. Hartley", "Anne-Marie", "Mum/Dad", "O’Brien", "Dr. No", "Sam & Alex", "‘Bunny’"):
        text = lib.render(info, dict(brief, recipient_name=name)).text
        assert name in text, (name, text[:120])
    # and its file name is safe whatever the row holds
    p = tmp_path / "c.csv"
    p.write_text("sender_name,recipient_name,what_they_did\nMaya,../../etc/Cat,helped\n")
    plan = plan_merge(info, read_table(p))
    (path,) = plan_paths(plan.rows, tmp_path / "out", ".txt").values()
    assert path.parent == tmp_path / "out" and path.name == "etc Cat.txt"


def test_the_report_shows_the_name_as_the_letter_has_it(lib, tmp_path):
    from letterwriter.merge.engine import RowResult

    info = lib.get("thank_you")
    p = tmp_path / "c.csv"
    p.write_text("sender_name,recipient_name,what_they_did\nMaya,Ann\u202egnp.exe,helped\n", encoding="utf-8")
    (row,) = plan_merge(info, read_table(p)).rows
    assert row.name == "Anngnp.exe"
    (line,) = report_rows([RowResult(row.row, row.name, "written")])
    assert line["name"] == "Anngnp.exe"
    assert row.name in lib.render(info, row.brief).text
