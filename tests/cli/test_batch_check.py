"""`batch --check` against the real LanguageTool: only clean letters written, issues traced to their cell."""

from __future__ import annotations

import csv
import json
import socket
from pathlib import Path

import pytest
from helpers import call_cli

pytestmark = [pytest.mark.lt, pytest.mark.slow]

HEADER = ["sender_name", "recipient_name", "what_they_did", "Moment"]
ROWS = [
    ["Maya", "Siobhán", "drove me home through the snow", "the flask of soup"],
    ["Maya", "Sam", "drove me home in the nite", "the flask of soup"],
    ["Maya", "Oluwaseun", "lent me her car for a week", "the note on the seat"],
]


@pytest.fixture
def use_server(isolated_home, lt_url):
    (isolated_home / "settings.json").write_text(json.dumps({"lt_server_url": lt_url}))
    return lt_url


def write_rows(tmp_path: Path) -> Path:
    p = tmp_path / "clients.csv"
    with open(p, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        w.writerows(ROWS)
    return p


def test_check_writes_only_clean_letters_and_traces_issues_to_the_cell(tmp_path, use_server):
    p = write_rows(tmp_path)
    out, report = tmp_path / "out", tmp_path / "r.json"
    r = call_cli("batch", "thank_you", "--csv", str(p), "--out-dir", str(out), "--format", "txt",
                "--check", "--report", str(report))  # fmt: skip
    assert r.returncode == 1, r.stderr
    assert sorted(x.name for x in out.iterdir()) == ["Oluwaseun.txt", "Siobhán.txt"]
    assert "row 3 (Sam): 1 issue(s), not written:" in r.stderr
    assert "'nite'" in r.stderr and "column 'what_they_did', row 3" in r.stderr
    data = json.loads(report.read_text())
    assert [(d["name"], d["status"], d["issues"]) for d in data] == [
        ("Siobhán", "written", 0),
        ("Sam", "skipped-issues", 1),
        ("Oluwaseun", "written", 0),
    ]
    assert "night" in data[1]["message"]


def test_force_writes_every_row_and_still_exits_1(tmp_path, use_server):
    p = write_rows(tmp_path)
    out = tmp_path / "out"
    r = call_cli("batch", "thank_you", "--csv", str(p), "--out-dir", str(out), "--format", "txt",
                "--check", "--force")  # fmt: skip
    assert r.returncode == 1, r.stderr
    assert len(list(out.iterdir())) == 3
    assert r.stdout.strip() == "3 written, 0 failed, 3 rows"


def test_dry_run_check_writes_nothing(tmp_path, use_server):
    p = write_rows(tmp_path)
    out = tmp_path / "out"
    r = call_cli("batch", "thank_you", "--csv", str(p), "--out-dir", str(out), "--check", "--dry-run")
    assert r.returncode == 1, r.stderr
    assert not out.exists()
    assert r.stdout.strip() == "0 written, 2 ready, 1 skipped-issues, 0 failed, 3 rows"


def test_a_typo_from_a_default_is_traced_to_the_default(tmp_path, use_server):
    p = tmp_path / "c.csv"
    p.write_text("sender_name,recipient_name,what_they_did\nMaya,Sam,\n", encoding="utf-8")
    r = call_cli("batch", "thank_you", "--csv", str(p), "--out-dir", str(tmp_path / "o"), "--format", "txt",
                "--check", "--default", "what_they_did=helped me recieve my parcel")  # fmt: skip
    assert r.returncode == 1, r.stderr
    assert "'recieve'" in r.stderr and "--default what_they_did" in r.stderr


def test_unavailable_server_exits_3(tmp_path, isolated_home):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    (isolated_home / "settings.json").write_text(json.dumps({"lt_server_url": f"http://127.0.0.1:{port}"}))
    p = write_rows(tmp_path)
    report = tmp_path / "r.csv"
    r = call_cli("batch", "thank_you", "--csv", str(p), "--out-dir", str(tmp_path / "o"), "--format", "txt",
                "--check", "--report", str(report))  # fmt: skip
    assert r.returncode == 3, r.stderr
    assert "error: grammar check unavailable" in r.stderr and "Traceback" not in r.stderr
    assert not list((tmp_path / "o").glob("*.txt"))
    assert report.exists()
