"""Mail merge input: spreadsheets read exactly, columns matched, names made safe, reports escaped."""

from __future__ import annotations

import csv
import datetime as dt
import json
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from letterwriter.merge.engine import plan_paths
from letterwriter.merge.names import safe_filename
from letterwriter.merge.plan import RowPlan, map_columns, parse_defaults, plan_rows, stable_variation
from letterwriter.merge.report import escape_cell, write_report
from letterwriter.merge.table import MAX_CELL_BYTES, MergeInputError, read_table
from letterwriter.templates import TemplateLibrary

pytestmark = pytest.mark.core


@pytest.fixture(scope="module")
def info(tmp_path_factory):
    return TemplateLibrary(user_dir=tmp_path_factory.mktemp("tpl")).get("thank_you")


def test_semicolon_csv_with_bom_crlf_and_embedded_newlines(tmp_path):
    p = tmp_path / "excel.csv"
    p.write_bytes(
        "\ufeffsender_name;recipient_name;what_they_did\r\n"
        'Maya;Zoë;"drove me home;\r\nall night"\r\n'.encode()
    )
    t = read_table(p)
    assert t.headers == ["sender_name", "recipient_name", "what_they_did"]
    assert t.rows == [(2, ["Maya", "Zoë", "drove me home;\r\nall night"])]


def test_tab_separated(tmp_path):
    p = tmp_path / "t.tsv"
    p.write_text("sender_name\trecipient_name\nMaya\tSam, Jr\n")
    assert read_table(p).rows == [(2, ["Maya", "Sam, Jr"])]


def test_cp1252_is_an_error_that_names_the_fix_and_the_flag_reads_it(tmp_path):
    p = tmp_path / "win.csv"
    p.write_bytes("sender_name,recipient_name\nMaya,Ren\u00e9e \u2019s\n".encode("cp1252"))
    with pytest.raises(MergeInputError) as e:
        read_table(p)
    assert "--encoding cp1252" in str(e.value) and "line 2" in str(e.value)
    assert read_table(p, "cp1252").rows[0][1][1] == "Ren\u00e9e \u2019s"
    with pytest.raises(MergeInputError, match="unknown encoding"):
        read_table(p, "klingon")


def test_xlsx_first_sheet_and_named_sheet(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Clients"
    ws.append(["Your name", "Their name", "Date of the letter", "Variation"])
    ws.append(["Maya", "Sam", dt.datetime(2025, 3, 4), 3.0])
    other = wb.create_sheet("Staff")
    other.append(["sender_name", "recipient_name"])
    other.append(["Leo", "Ana"])
    p = tmp_path / "book.xlsx"
    wb.save(p)
    t = read_table(p)
    assert t.rows == [(2, ["Maya", "Sam", "2025-03-04", "3"])]
    assert read_table(f"{p}#Staff").rows == [(2, ["Leo", "Ana"])]
    with pytest.raises(MergeInputError, match="no sheet 'Nope'.*Clients, Staff"):
        read_table(f"{p}#Nope")


def test_headers_match_names_and_labels_ignoring_case_spaces_underscores(info):
    m = map_columns(info, ["Sender Name", "THEIR NAME", "what_they_did", "What You Were Facing"])
    assert m.columns == {
        "Sender Name": "sender_name",
        "THEIR NAME": "recipient_name",
        "what_they_did": "what_they_did",
        "What You Were Facing": "situation",
    }


def test_unknown_column_lists_fields_and_map_or_ignore_fixes_it(info):
    with pytest.raises(MergeInputError) as e:
        map_columns(info, ["sender_name", "Email"])
    assert "'Email'" in str(e.value) and "what_they_did" in str(e.value) and "--map" in str(e.value)
    m = map_columns(info, ["sender_name", "Email", "Client"], [("Email", ""), ("Client", "recipient_name")])
    assert m.columns == {"sender_name": "sender_name", "Email": None, "Client": "recipient_name"}
    with pytest.raises(MergeInputError, match="not a field"):
        map_columns(info, ["Client"], [("Client", "nonsense")])


def test_duplicate_headers_are_errors(info):
    with pytest.raises(MergeInputError, match="duplicate column 'recipient_name'"):
        map_columns(info, ["recipient_name", "recipient_name"])
    with pytest.raises(MergeInputError, match="both fill field 'recipient_name'"):
        map_columns(info, ["recipient_name", "Their name"])


def _plans(info, tmp_path, text, **kw):
    p = tmp_path / "c.csv"
    p.write_text(text, encoding="utf-8")
    t = read_table(p)
    return plan_rows(info, t, map_columns(info, t.headers), **kw)


def test_extra_cells_and_huge_cells_fail_their_row_only(info, tmp_path):
    big = "x" * (MAX_CELL_BYTES + 1)
    plans = _plans(
        info,
        tmp_path,
        f"sender_name,recipient_name,what_they_did\nMaya,Sam,helped,extra\nMaya,Ana,{big}\nMaya,Leo,ok\n",
    )
    assert "4 cells but there are 3 columns" in plans[0].error and "'extra'" in plans[0].error
    assert "128 KB" in plans[1].error and "what_they_did" in plans[1].error
    assert plans[2].error == "" and plans[2].brief["what_they_did"] == "ok"


def test_defaults_fill_blank_cells_and_are_recorded(info, tmp_path):
    defaults = parse_defaults(info, [("Their name", "friend")])
    plans = _plans(info, tmp_path, "sender_name,recipient_name\nMaya,\nMaya,Sam\n", defaults=defaults)
    assert plans[0].brief["recipient_name"] == "friend" and plans[0].defaults == ["recipient_name"]
    assert plans[1].brief["recipient_name"] == "Sam" and plans[1].defaults == []


def test_vary_is_stable_per_name_and_differs_between_names(info, tmp_path):
    plans = _plans(info, tmp_path, "sender_name,recipient_name\nMaya,Sam\nMaya,Ana\nMaya,Sam\n", vary=True)
    v = [p.brief["variation"] for p in plans]
    assert v[0] == v[2] == stable_variation("Sam") and v[0] != v[1]


@pytest.mark.parametrize(
    "name, expected",
    [
        ("COM1", "COM1 (letter-2)"),
        ("lpt1.backup", "lpt1 (letter-2).backup"),
        ("nul", "nul (letter-2)"),
        ("A/B: C?", "A B C"),
        ("..hidden", "hidden"),
        ("Ann\u202egnp.exe", "Anngnp.exe"),
        ("\u200b", "letter-2"),
        ("", "letter-2"),
    ],
)
def test_safe_filename_examples(name, expected):
    assert safe_filename(name, "letter-2") == expected


def test_safe_filename_keeps_80_cjk_characters_under_the_byte_limit():
    name = "漢" * 80  # 240 bytes: with '.pdf' and the exporter's temporary suffix, over 255
    out = safe_filename(name, "x")
    assert out == "漢" * 50 and len(out.encode()) <= 150


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_safe_filename_property(name):
    out = safe_filename(name, "letter-9")
    assert out and "/" not in out and "\\" not in out and "\x00" not in out
    assert len(out.encode("utf-8")) <= 150 + len(" (letter-9)")
    assert not out.startswith(".") and out == out.strip()
    assert all(not unicodedata.category(c).startswith("C") for c in out)
    assert out.split(".")[0].strip().upper() not in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT1"}


def test_rows_with_the_same_name_are_numbered_ignoring_case(tmp_path):
    plans = [RowPlan(2, name="Sam"), RowPlan(3, name="sam"), RowPlan(4, name="Sam"), RowPlan(5, name="")]
    paths = plan_paths(plans, tmp_path, ".pdf")
    assert [p.name for p in paths.values()] == ["Sam.pdf", "sam (2).pdf", "Sam (3).pdf", "letter-5.pdf"]


def test_report_escapes_formulas_in_csv_and_json(tmp_path):
    from letterwriter.merge.engine import RowResult

    rows = [
        RowResult(2, '=HYPERLINK("http://evil")', "failed", error="+cmd|' /C calc'!A0"),
        RowResult(3, "@SUM(A1)", "written"),
        RowResult(4, "-2+3", "exists"),
        RowResult(5, "Sam", "written"),
    ]
    assert escape_cell("=1+1") == "'=1+1" and escape_cell("Sam") == "Sam" and escape_cell(3) == 3
    write_report(tmp_path / "r.csv", rows)
    got = list(csv.DictReader(open(tmp_path / "r.csv", newline="", encoding="utf-8")))
    assert [g["name"] for g in got] == ['\'=HYPERLINK("http://evil")', "'@SUM(A1)", "'-2+3", "Sam"]
    assert got[0]["message"].startswith("'+cmd") and got[0]["status"] == "failed"
    write_report(tmp_path / "r.json", rows)
    data = json.loads((tmp_path / "r.json").read_text())
    assert data[1]["name"] == "'@SUM(A1)" and data[3]["row"] == 5


@pytest.mark.parametrize(
    "name, data, gist",
    [
        ("empty.csv", b"", "is empty"),
        ("blank.csv", b"\n\n  \n", "is empty"),
        ("u16.csv", "sender_name\nMaya\n".encode("utf-16"), "UTF-16"),
        ("nul.csv", b"sender_name\nMa\x00ya\n", "NUL bytes"),
        ("book.csv", b"PK\x03\x04rest-of-a-zip", "not CSV text"),
        ("old.xls", b"\xd0\xcf\x11\xe0", "old .xls"),
        ("broken.xlsx", b"not a zip at all", "cannot read workbook"),
    ],
)
def test_unreadable_inputs_are_one_clear_error(tmp_path, name, data, gist):
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(MergeInputError, match=gist):
        read_table(p)


def test_missing_file_and_folder_as_source(tmp_path):
    with pytest.raises(MergeInputError, match="no such file"):
        read_table(tmp_path / "nope.csv")
    with pytest.raises(MergeInputError, match="is not a file"):
        read_table(tmp_path)
