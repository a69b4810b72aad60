"""`letterwriter batch` as a user and a script run it: exact input, nothing overwritten, clean stops."""

from __future__ import annotations

import csv
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from helpers import ROOT, call_cli, pdf_text

pytestmark = pytest.mark.slow


def write_csv(path: Path, header: list[str], rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with open(path, "w", newline="", encoding=encoding) as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


HEADER = ["sender_name", "recipient_name", "what_they_did"]


def one_error_line(r) -> str:
    lines = r.stderr.strip().splitlines()
    assert r.returncode == 2, r.stderr
    assert len(lines) == 1 and lines[0].startswith("error: "), r.stderr
    assert "Traceback" not in r.stderr
    return lines[0]


def test_existing_files_are_kept_and_reported_unless_overwrite(tmp_path):
    csv_path = write_csv(tmp_path / "c.csv", HEADER, [["Maya", "Sam", "helped"], ["Maya", "Ana", "helped"]])
    out = tmp_path / "out"
    out.mkdir()
    (out / "Sam.txt").write_text("my own notes about Sam\n")
    report = tmp_path / "r.csv"
    r = call_cli("batch", "thank_you", "--csv", str(csv_path), "--out-dir", str(out), "--format", "txt",
                "--report", str(report))  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert (out / "Sam.txt").read_text() == "my own notes about Sam\n"
    assert "Ana" in (out / "Ana.txt").read_text()
    assert "Sam.txt already exists; kept (--overwrite replaces it)" in r.stderr
    assert r.stdout.strip() == "1 written, 1 exists, 0 failed, 2 rows"
    statuses = {row["name"]: row["status"] for row in csv.DictReader(open(report, encoding="utf-8"))}
    assert statuses == {"Sam": "exists", "Ana": "written"}
    r = call_cli("batch", "thank_you", "--csv", str(csv_path), "--out-dir", str(out), "--format", "txt",
                "--overwrite")  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert (out / "Sam.txt").read_text().splitlines()[2].endswith(" Sam,")


def test_out_dir_that_is_a_file_or_cannot_be_created(tmp_path):
    csv_path = write_csv(tmp_path / "c.csv", HEADER, [["Maya", "Sam", "helped"]])
    a_file = tmp_path / "taken"
    a_file.write_text("x")
    line = one_error_line(call_cli("batch", "thank_you", "--csv", str(csv_path), "--out-dir", str(a_file)))
    assert "is a file, not a folder" in line
    line = one_error_line(
        call_cli("batch", "thank_you", "--csv", str(csv_path), "--out-dir", str(a_file / "sub"))
    )
    assert "cannot create --out-dir" in line
    assert a_file.read_text() == "x"


def test_cp1252_is_refused_with_the_fix_and_read_with_encoding(tmp_path):
    csv_path = write_csv(
        tmp_path / "w.csv", HEADER, [["Maya", "Renée", "lent me her café"]], encoding="cp1252"
    )
    out = tmp_path / "out"
    line = one_error_line(call_cli("batch", "thank_you", "--csv", str(csv_path), "--out-dir", str(out)))
    assert "not utf-8" in line.lower() and "--encoding cp1252" in line
    assert not out.exists()
    r = call_cli("batch", "thank_you", "--csv", str(csv_path), "--out-dir", str(out), "--format", "txt",
                "--encoding", "cp1252")  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert " Renée," in (out / "Renée.txt").read_text(encoding="utf-8")


def test_bad_headers_are_one_error_line(tmp_path):
    out = str(tmp_path / "out")
    p = write_csv(tmp_path / "u.csv", [*HEADER, "Email"], [["Maya", "Sam", "helped", "s@x"]])
    line = one_error_line(call_cli("batch", "thank_you", "--csv", str(p), "--out-dir", out))
    assert "column 'Email' is not a field" in line and "what_they_did" in line
    r = call_cli(
        "batch", "thank_you", "--csv", str(p), "--out-dir", out, "--format", "txt", "--map", "Email="
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    p = write_csv(tmp_path / "d.csv", [*HEADER, "Recipient Name"], [["Maya", "Sam", "helped", "Al"]])
    line = one_error_line(call_cli("batch", "thank_you", "--csv", str(p), "--out-dir", out))
    assert "'recipient_name' and 'Recipient Name' both fill field 'recipient_name'" in line


def test_row_errors_are_reported_by_row_and_the_rest_written(tmp_path):
    rows = [
        ["Maya", "Sam", "helped"],
        ["Maya", "Ana", "x" * (128 * 1024 + 10)],
        ["Maya", "", "helped"],
        ["Maya", "Leo", "helped", "surplus cell"],
    ]
    p = write_csv(tmp_path / "c.csv", HEADER, rows)
    out = tmp_path / "out"
    report = tmp_path / "r.json"
    r = call_cli("batch", "thank_you", "--csv", str(p), "--out-dir", str(out), "--format", "txt",
                "--report", str(report))  # fmt: skip
    assert r.returncode == 2
    assert "row 3 (Ana): column 'what_they_did' is 128 KB; a cell may hold at most 128 KB" in r.stderr
    assert "row 4: missing required field 'recipient_name'" in r.stderr
    assert "row 5 (Leo): row 5 has 4 cells but there are 3 columns" in r.stderr
    assert sorted(x.name for x in out.iterdir()) == ["Sam.txt"]
    data = json.loads(report.read_text())
    assert [(d["row"], d["status"]) for d in data] == [
        (2, "written"),
        (3, "failed"),
        (4, "failed"),
        (5, "failed"),
    ]
    assert data[2]["message"] == "missing required field 'recipient_name' (Their name)"


def test_defaults_fill_blank_cells_and_the_report_says_which_rows(tmp_path):
    p = write_csv(tmp_path / "c.csv", HEADER, [["Maya", "", "helped"], ["Maya", "Sam", "helped"]])
    out = tmp_path / "out"
    report = tmp_path / "r.csv"
    r = call_cli("batch", "thank_you", "--csv", str(p), "--out-dir", str(out), "--format", "txt",
                "--default", "recipient_name=friend", "--report", str(report))  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert (out / "friend.txt").read_text().splitlines()[2].endswith(" friend,")
    rows = list(csv.DictReader(open(report, encoding="utf-8")))
    assert [(x["row"], x["defaults"]) for x in rows] == [("2", "recipient_name"), ("3", "")]
    assert "1 row(s) used --default recipient_name='friend': rows 2" in r.stderr


def test_dry_run_writes_nothing_and_reports_every_row(tmp_path):
    p = write_csv(tmp_path / "c.csv", HEADER, [["Maya", "=cmd()", "helped"], ["Maya", "Sam", "helped"]])
    out = tmp_path / "out"
    report = tmp_path / "r.csv"
    r = call_cli("batch", "thank_you", "--csv", str(p), "--out-dir", str(out), "--dry-run",
                "--report", str(report))  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert not out.exists()
    rows = list(csv.DictReader(open(report, encoding="utf-8")))
    assert [(x["name"], x["status"]) for x in rows] == [("'=cmd()", "ready"), ("Sam", "ready")]
    assert r.stdout.strip() == "0 written, 2 ready, 0 failed, 2 rows"


def test_vary_gives_each_name_its_own_wording_and_lang_sets_the_date(tmp_path):
    names = ["Sam", "Ana", "Leo", "Mia", "Kai", "Zoe"]
    header = [*HEADER, "letter_date"]
    p = write_csv(tmp_path / "c.csv", header, [["Maya", n, "drove me home", "2025-03-04"] for n in names])
    out = tmp_path / "out"
    r = call_cli("batch", "thank_you", "--csv", str(p), "--out-dir", str(out), "--format", "txt", "--vary",
                "--lang", "en-GB")  # fmt: skip
    assert r.returncode == 0, r.stderr
    bodies = {(out / f"{n}.txt").read_text().replace(n, "NAME") for n in names}
    assert len(bodies) >= 3, "--vary should give different wordings"
    assert all("4 March 2025" in b for b in bodies)
    r = call_cli(
        "batch", "thank_you", "--csv", str(p), "--out-dir", str(tmp_path / "plain"), "--format", "txt"
    )
    plain = {(tmp_path / "plain" / f"{n}.txt").read_text().replace(n, "NAME") for n in names}
    assert len(plain) == 1 and "March 4, 2025" in plain.pop()


def test_xlsx_with_labels_as_headers(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["Your name", "Their Name", "What they did"])
    wb.active.append(["Maya", "Sam", "helped me move"])
    wb.save(tmp_path / "b.xlsx")
    r = call_cli("batch", "thank_you", "--csv", str(tmp_path / "b.xlsx"), "--out-dir", str(tmp_path / "o"))
    assert r.returncode == 0, r.stderr
    assert "helped me move" in pdf_text(tmp_path / "o" / "Sam.pdf")


def test_progress_bar_only_on_a_terminal(tmp_path):
    import pty

    p = write_csv(tmp_path / "c.csv", HEADER, [["Maya", f"Sam{i}", "helped"] for i in range(5)])
    r = call_cli("batch", "thank_you", "--csv", str(p), "--out-dir", str(tmp_path / "a"), "--format", "txt")
    assert r.returncode == 0 and r.stderr == "", r.stderr
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "letterwriter", "batch", "thank_you", "--csv", str(p), "--out-dir",
         str(tmp_path / "b"), "--format", "txt"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=slave,
    )  # fmt: skip
    os.close(slave)
    out, _ = proc.communicate(timeout=60)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    assert proc.returncode == 0
    assert b"5/5 rows" in seen and b"/s" in seen and b"left" in seen
    assert out.decode().strip() == "5 written, 0 failed, 5 rows"


# --- stopping: signals and kill -9 ------------------------------------------------------------


def _start_batch(csv_path: Path, out: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "letterwriter", "batch", "thank_you", "--csv", str(csv_path),
         "--out-dir", str(out), *extra],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _wait_for_pdfs(out: Path, n: int, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if out.is_dir() and len(list(out.glob("*.pdf"))) >= n:
            return
        if proc.poll() is not None:
            return
        time.sleep(0.05)
    raise AssertionError("the batch wrote nothing")


def _descendants(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _all_gone(procs: list[psutil.Process], timeout: float = 5.0) -> list[psutil.Process]:
    _gone, alive = psutil.wait_procs(procs, timeout=timeout)
    return alive


def _pdf_ok(path: Path) -> bool:
    return subprocess.run(["pdfinfo", str(path)], capture_output=True).returncode == 0


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_and_ctrl_c_stop_cleanly_with_the_report(tmp_path, sig):
    p = write_csv(tmp_path / "c.csv", HEADER, [["Maya", f"Client {i:03d}", "helped"] for i in range(200)])
    out, report = tmp_path / "out", tmp_path / "r.csv"
    proc = _start_batch(p, out, "--report", str(report))
    _wait_for_pdfs(out, 3, proc)
    workers = _descendants(proc.pid)
    assert workers, "PDF workers expected for 200 rows"
    proc.send_signal(sig)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and "row(s) not done" in stderr
    assert not _all_gone(workers), "a worker outlived the command"
    rows = list(csv.DictReader(open(report, encoding="utf-8")))
    assert len(rows) == 200
    written = [x for x in rows if x["status"] == "written"]
    assert written and any(x["status"] == "cancelled" for x in rows)
    for x in written:
        assert _pdf_ok(Path(x["file"])), x
    assert sorted(out.glob("*.pdf")) == sorted(Path(x["file"]) for x in written)
    assert not list(out.glob(".*.part"))


def test_kill_9_at_random_points_leaves_only_complete_pdfs_and_the_next_run_finishes(tmp_path):
    n_rows = 30
    p = write_csv(tmp_path / "c.csv", HEADER, [["Maya", f"Client {i:03d}", "helped"] for i in range(n_rows)])
    out = tmp_path / "out"
    rng = random.Random(11)
    for _attempt in range(5):
        proc = _start_batch(p, out)
        _wait_for_pdfs(out, 1, proc)
        time.sleep(rng.uniform(0.0, 1.5))
        workers = _descendants(proc.pid)
        proc.kill()
        proc.communicate(timeout=30)
        assert not _all_gone(workers), "a worker outlived kill -9 of the batch"
        for pdf in out.glob("*.pdf"):
            assert _pdf_ok(pdf), f"{pdf.name} is incomplete"
    r = call_cli("batch", "thank_you", "--csv", str(p), "--out-dir", str(out))
    assert r.returncode == 0, r.stderr
    assert not list(out.glob(".*.part")), "part files left after the next run"
    pdfs = sorted(out.glob("*.pdf"))
    assert len(pdfs) == n_rows and all(_pdf_ok(x) for x in pdfs)
    summary = r.stdout.strip()
    assert summary.endswith("0 failed, 30 rows") and "exists" in summary


def test_a_second_merge_into_the_same_folder_is_refused(tmp_path):
    import fcntl

    p = write_csv(tmp_path / "c.csv", HEADER, [["Maya", "Sam", "helped"]])
    out = tmp_path / "out"
    out.mkdir()
    fd = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # as a running merge holds it
        line = one_error_line(call_cli("batch", "thank_you", "--csv", str(p), "--out-dir", str(out)))
        assert "another merge is writing to" in line
    finally:
        os.close(fd)
    assert list(out.iterdir()) == []


def test_a_fifo_in_the_way_is_kept_or_fails_its_row_with_overwrite(tmp_path):
    p = write_csv(tmp_path / "c.csv", HEADER, [["Maya", "Sam", "helped"], ["Maya", "Ana", "helped"]])
    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / "Sam.txt")
    r = call_cli("batch", "thank_you", "--csv", str(p), "--out-dir", str(out), "--format", "txt")
    assert r.returncode == 0 and "1 exists" in r.stdout, r.stderr
    r = call_cli(
        "batch", "thank_you", "--csv", str(p), "--out-dir", str(out), "--format", "txt", "--overwrite"
    )
    assert r.returncode == 2 and "is not a regular file" in r.stderr
    assert (out / "Sam.txt").is_fifo()


def test_a_merge_reads_its_folder_for_stale_parts_once_not_per_letter(tmp_path, monkeypatch):
    """Each letter scanned the whole folder for parts killed writers left: ten thousand letters
    made the merge quadratic (221 s against 23 s of rendering). The scan at the start still
    removes a dead writer's part."""
    rows = [["Harriet", f"Ann{i}", "came to our open evening"] for i in range(40)]
    data = write_csv(tmp_path / "rows.csv", HEADER, rows)
    out = tmp_path / "out"
    out.mkdir()
    dead = out / ".Ann1.txt.lw999999999-0123abcd.part"  # no such PID
    dead.write_text("half a letter")
    scans = []
    real = os.scandir

    def counting(path="."):
        if Path(path) == out:
            scans.append(path)
        return real(path)

    monkeypatch.setattr(os, "scandir", counting)
    r = call_cli("batch", "thank_you", "--csv", str(data), "--out-dir", str(out), "--format", "txt")
    assert r.returncode == 0, r.stderr
    assert len(list(out.glob("*.txt"))) == 40
    assert not dead.exists()
    assert len(scans) <= 3, len(scans)  # a few per merge (names, parts), never one per letter
