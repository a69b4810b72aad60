"""`batch` under hostile input and a full disk: one `error:` line, nothing run on the terminal, early stop."""

from __future__ import annotations

import csv
import json
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import call_cli

sys.path.insert(0, str(Path(__file__).parent))
from test_faults import _in_namespace, _pdf_ok, needs_unshare  # noqa: E402

pytestmark = pytest.mark.core

HEADER = ["sender_name", "recipient_name", "what_they_did"]


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


def test_failed_rows_end_with_one_error_line_and_hostile_names_are_not_run(tmp_path):
    rows = [
        ["Maya", "\u202eAnn\x1b[2J\x1b]0;pwned\x07", ""],  # no what_they_did: fails
        ["Maya", "Sam", "helped"],
        ["Maya", "Leo", ""],
    ]
    p = write_csv(tmp_path / "c.csv", HEADER, rows)
    out = tmp_path / "out"
    r = call_cli("batch", "thank_you", "--csv", str(p), "--out-dir", str(out), "--format", "txt")
    assert r.returncode == 2, r.stderr
    assert not any(c in r.stderr for c in "\x1b\x07\u202e"), r.stderr
    assert "row 2 (Ann): " in r.stderr  # the name as the letter has it (no override, no escapes)
    assert error_lines(r.stderr) == ["error: 2 of 3 row(s) failed (see the row lines above)"]
    assert r.stderr.strip().splitlines()[-1].startswith("error: ")
    assert sorted(x.name for x in out.iterdir()) == ["Sam.txt"]


def test_a_huge_header_or_many_columns_give_a_short_error(tmp_path):
    p = tmp_path / "h.csv"
    p.write_text("sender_name,recipient_name," + "h" * 1_000_000 + "\nA,B,c\n", encoding="utf-8")
    r = call_cli("batch", "thank_you", "--csv", str(p), "--out-dir", str(tmp_path / "o"))
    lines = r.stderr.strip().splitlines()
    assert r.returncode == 2 and len(lines) == 1 and lines[0].startswith("error: column 'hhhh")
    assert len(lines[0]) < 1500, len(lines[0])

    wide = tmp_path / "wide.csv"
    wide.write_text(",".join(f"c{i}" for i in range(100_000)) + "\n" + ",".join("v" * 100_000) + "\n")
    r = call_cli(
        "batch", "thank_you", "--csv", str(wide), "--out-dir", str(tmp_path / "o"), "--map", "x=memory"
    )
    lines = r.stderr.strip().splitlines()
    assert r.returncode == 2 and len(lines) == 1, r.stderr[:500]
    assert "--map: no column 'x'" in lines[0] and "(100,000 columns in all)" in lines[0]
    assert len(lines[0]) < 1000
    assert not (tmp_path / "o").exists()


def test_a_rerun_does_not_bury_the_new_rows_under_kept_files(tmp_path):
    rows = [["Maya", f"Person{i}", "helped"] for i in range(25)]
    p = write_csv(tmp_path / "c.csv", HEADER, rows)
    out = tmp_path / "out"
    args = ("batch", "thank_you", "--csv", str(p), "--out-dir", str(out), "--format", "txt")
    assert call_cli(*args).returncode == 0
    (out / "Person3.txt").unlink()
    r = call_cli(*args)
    assert r.returncode == 0, r.stderr
    assert r.stderr.count("already exists; kept") == 10
    assert "note: 14 more file(s) already existed and were kept" in r.stderr
    assert "1 written, 24 exists" in r.stdout and (out / "Person3.txt").exists()


@needs_unshare
def test_a_full_disk_stops_the_merge_with_one_error_and_only_whole_letters(tmp_path):
    rows = [["Maya", f"Person{i}", "helped me carry the boxes up four flights"] for i in range(300)]
    p = write_csv(tmp_path / "c.csv", HEADER, rows)
    disk, keep = tmp_path / "disk", tmp_path / "keep"
    disk.mkdir()
    keep.mkdir()
    report = keep / "report.json"
    script = textwrap.dedent(f"""
        set -u
        mount -t tmpfs -o size=200k tmpfs {disk} || exit 99
        {sys.executable} -m letterwriter batch thank_you --csv {p} --out-dir {disk}/out \\
            --report {report} >{keep}/stdout 2>{keep}/stderr
        echo $? > {keep}/rc
        mkdir {keep}/out && cp -a {disk}/out/. {keep}/out/
        ls -A {disk}/out > {keep}/listing
    """)
    r = _in_namespace(script, tmp_path)
    assert r.returncode == 0, r.stderr
    assert (keep / "rc").read_text().strip() == "2"
    err = (keep / "stderr").read_text()
    assert "Traceback" not in err
    errors = error_lines(err)
    assert len(errors) == 1 and errors[0].startswith("error: no space left on the disk"), err[-2000:]
    assert "stopped" in errors[0] and err.strip().splitlines()[-1] == errors[0]
    statuses = [row["status"] for row in json.loads(report.read_text())]
    assert statuses.count("cancelled") > 100  # stopped early, not 300 failed rows one by one
    assert not [n for n in (keep / "listing").read_text().split() if n.endswith(".part") or n.startswith(".")]
    written = list((keep / "out").iterdir())
    assert len(written) == statuses.count("written")
    assert all(_pdf_ok(f) for f in written)


@needs_unshare
def test_the_archive_on_a_full_disk_reads_and_refuses_to_save_without_a_fresh_database(tmp_path):
    """Was: 'disk I/O error' taken as a damaged file, a fresh database tried beside it, nothing readable."""
    client = tmp_path / "client.json"
    client.write_text(json.dumps({"name": "Ada Byrne", "people": [{"name": "Tobias"}]}))
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"name": "Cormac Doyle"}))
    disk, keep = tmp_path / "disk", tmp_path / "keep"
    disk.mkdir()
    keep.mkdir()
    lw = f"LETTERWRITER_HOME={disk}/home {sys.executable} -m letterwriter"
    script = textwrap.dedent(f"""
        set -u
        mount -t tmpfs -o size=800k tmpfs {disk} || exit 99  # the database, its WAL and room
        {lw} clients add --data {client} >/dev/null || exit 98
        dd if=/dev/zero of={disk}/filler bs=1k 2>/dev/null
        {lw} clients add --data {other} >{keep}/add.out 2>{keep}/add.err; echo $? >{keep}/add.rc
        {lw} render birthday --to Tobias --save >/dev/null 2>{keep}/save.err; echo $? >{keep}/save.rc
        {lw} clients list --json >{keep}/list.out 2>{keep}/list.err; echo $? >{keep}/list.rc
        ls -A {disk}/home >{keep}/listing
        rm {disk}/filler
        {lw} clients add --data {other} >/dev/null 2>{keep}/add2.err; echo $? >{keep}/add2.rc
        {lw} clients list --json >{keep}/list2.out
        {sys.executable} -c "import sqlite3; print(sqlite3.connect('{disk}/home/letterwriter.db')
            .execute('pragma integrity_check').fetchone()[0])" >{keep}/integrity
    """)
    r = _in_namespace(script, tmp_path)
    assert r.returncode == 0, r.stderr

    def read(name: str) -> str:
        return (keep / name).read_text()

    for step in ("add", "save"):
        err = read(f"{step}.err")
        assert read(f"{step}.rc").strip() == "2", err
        assert err.count("\n") == 1 and err.startswith("error: ") and "the disk is full" in err, err
    assert read("add.out") == ""
    # reading works; when the disk is too full even to open normally, it says read-only
    list_err = read("list.err")
    assert read("list.rc").strip() == "0" and (list_err == "" or "read-only" in list_err), list_err
    assert [c["name"] for c in json.loads(read("list.out"))] == ["Ada Byrne"]
    assert "letterwriter.fresh.db" not in read("listing")
    assert read("add2.rc").strip() == "0", read("add2.err")
    assert sorted(c["name"] for c in json.loads(read("list2.out"))) == ["Ada Byrne", "Cormac Doyle"]
    assert read("integrity").strip() == "ok"


def test_clients_add_with_the_same_file_from_stdin_twice(tmp_path):
    data = json.dumps({"name": "Ada Byrne"})
    first = call_cli("clients", "add", "--data", "-", input=data)
    assert first.returncode == 0
    again = call_cli("clients", "add", "--data", "-", input=data)
    assert again.returncode == 2 and first.stdout.strip() in again.stderr


def test_a_binary_file_anywhere_is_one_error_line(tmp_path):
    blob = tmp_path / "blob.bin"
    blob.write_bytes(bytes(range(256)) * 64)
    for args in (
        ("clients", "add", "--data", str(blob)),
        ("render", "birthday", "--data", str(blob)),
        ("archive", "import", str(blob)),
        ("check", str(blob)),
        ("batch", "thank_you", "--csv", str(blob), "--out-dir", str(tmp_path / "o")),
    ):
        r = call_cli(*args)
        lines = r.stderr.strip().splitlines()
        assert r.returncode == 2 and len(lines) == 1 and lines[0].startswith("error: "), (args, r.stderr)
        assert "unexpected" not in lines[0]


@pytest.mark.parametrize(
    "encoding, words",
    [
        ("rot13", "'rot13' is not a text encoding"),
        ("base64", "'base64' is not a text encoding"),
        ("undefined", "is not undefined text"),
        ("punycode", "is not punycode text"),
    ],
)
def test_an_encoding_that_is_not_a_text_encoding_is_one_error(tmp_path, encoding, words):
    """Was: 'unexpected LookupError' / 'unexpected UnicodeError'."""
    p = write_csv(tmp_path / "c.csv", HEADER, [["Maya", "Sam", "helped"]])
    r = call_cli(
        "batch", "thank_you", "--csv", str(p), "--out-dir", str(tmp_path / "o"), "--encoding", encoding
    )
    lines = r.stderr.strip().splitlines()
    assert r.returncode == 2 and len(lines) == 1 and lines[0].startswith("error: "), r.stderr
    assert words in lines[0] and "unexpected" not in lines[0]
    assert not (tmp_path / "o").exists()


def _damaged_workbooks(tmp_path: Path) -> list[Path]:
    import zipfile

    import openpyxl

    good = tmp_path / "good.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(HEADER)
    wb.active.append(["Maya", "Sam", "helped"])
    wb.save(good)
    out = []
    for name, change in (("badxml", "truncate"), ("nosheet", "drop")):
        path = tmp_path / f"{name}.xlsx"
        with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
            for item in src.namelist():
                data = src.read(item)
                if "sheet1" in item:
                    if change == "drop":
                        continue
                    data = data[: len(data) // 2]
                dst.writestr(item, data)
        out.append(path)
    return out


def test_a_damaged_workbook_is_one_error(tmp_path):
    """Was: 'unexpected ParseError' / 'unexpected IndexError' from inside openpyxl."""
    for book in _damaged_workbooks(tmp_path):
        r = call_cli("batch", "thank_you", "--csv", str(book), "--out-dir", str(tmp_path / "o"))
        lines = r.stderr.strip().splitlines()
        assert r.returncode == 2 and len(lines) == 1, (book, r.stderr)
        assert lines[0].startswith(f"error: cannot read workbook {book}: it is damaged"), lines[0]


def test_a_quote_never_closed_does_not_swallow_the_rows_after_it(tmp_path):
    """Was: exit 0, '1 written' with 'When you helped Cid,Dee,helped Eve,Fay,helped' and two rows lost."""
    p = tmp_path / "c.csv"
    p.write_text('sender_name,recipient_name,what_they_did\nMaya,Ann,"helped\nMaya,Cid,helped\nMaya,Eve,x\n')
    out = tmp_path / "out"
    r = call_cli("batch", "thank_you", "--csv", str(p), "--out-dir", str(out), "--format", "txt")
    lines = r.stderr.strip().splitlines()
    assert r.returncode == 2 and len(lines) == 1, r.stderr
    assert 'a quote (") opened on line 2 is never closed' in lines[0]
    assert not out.exists()
    p.write_text('sender_name,recipient_name,what_they_did\nMaya,"Ann"x,helped\n')
    r = call_cli("batch", "thank_you", "--csv", str(p), "--out-dir", str(out), "--format", "txt")
    assert r.returncode == 2 and "not readable as CSV near line 2" in r.stderr
    # quoting done right still reads: embedded new lines and doubled quotes
    p.write_text(
        'sender_name,recipient_name,what_they_did\nMaya,Ann,"carried\n""all"" the boxes"\nMaya,Cid,x\n'
    )
    r = call_cli("batch", "thank_you", "--csv", str(p), "--out-dir", str(out), "--format", "txt")
    assert r.returncode == 0 and "2 written" in r.stdout, r.stderr
    assert '"all" the boxes' in (out / "Ann.txt").read_text()


@pytest.mark.parametrize(
    "flags, words",
    [
        (("--map", "who=recipient_name", "--map", "Who=sender_name"), "--map: column 'who' is mapped twice"),
        (
            ("--map", "who=recipient_name", "--default", "moment=a", "--default", "Moment=b"),
            "--default: field 'moment' is given twice",
        ),
    ],
)
def test_a_flag_given_twice_for_the_same_column_or_field_is_refused(tmp_path, flags, words):
    """Was: the last one silently won."""
    p = write_csv(tmp_path / "c.csv", ["sender_name", "who", "what_they_did"], [["Maya", "Sam", "helped"]])
    r = call_cli("batch", "thank_you", "--csv", str(p), "--out-dir", str(tmp_path / "o"), *flags)
    lines = r.stderr.strip().splitlines()
    assert r.returncode == 2 and len(lines) == 1 and words in lines[0], r.stderr
