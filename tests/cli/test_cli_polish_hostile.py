"""Hostile input to the archive commands: each case exit 2 with one short `error:` line, or stored clean."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys

import pytest
from helpers import ROOT, cli_bad, cli_ok

pytestmark = pytest.mark.core


ok, bad = cli_ok, cli_bad  # the shared checks (tests/helpers.py)


def add(tmp_path, data, *extra) -> str:
    f = tmp_path / "client.json"
    f.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(f)


@pytest.mark.parametrize(
    "data, words",
    [
        # a lone surrogate: was "unexpected UnicodeEncodeError" from the database
        ('{"name": "\\ud800x"}', "broken character"),
        # a 10,000-digit number: was "unexpected ValueError"
        ('{"name": "N", "notes": ' + "9" * 10_000 + "}", "number is far too long"),
        # the same key twice: JSON keeps the last one silently
        ('{"name": "X", "name": "Y"}', "the key 'name' appears twice"),
        # a name of invisible characters only is no name
        ({"name": "\u200b\u200b"}, "name: is required"),
        ({"name": "A", "people": [{"name": "\u2066\u200b"}]}, "people[0].name: is required"),
        # sizes no client file has
        ({"name": "A" * 5000}, "limited to 2,000 characters"),
        ({"name": "A", "notes": "n" * 30_000}, "limited to 20,000 characters"),
        ({"name": "A", "people": [{"name": "B", "places": ["p"] * 51}]}, "at most 50 items"),
        ({"name": "A", "people": [{"name": f"P{i}"} for i in range(501)]}, "at most 500 people"),
        ({"name": "A", "people": [{"name": "B", "dates": {"b" * 300: "2020-01-01"}}]}, "limited to 200"),
        ({"name": "A", "people": [{"name": "B", "dates": {"\x1b[2J": "2020-01-01"}}]}, "needs a name"),
        # only YYYY-MM-DD is a date (fromisoformat alone takes these too)
        ({"name": "A", "people": [{"name": "B", "dates": {"birthday": "2020-W53-7"}}]}, "YYYY-MM-DD"),
        ({"name": "A", "people": [{"name": "B", "dates": {"birthday": "20240101"}}]}, "YYYY-MM-DD"),
        ({"name": "A", "people": [{"name": "B", "dates": {"birthday": "0000-00-00"}}]}, "YYYY-MM-DD"),
        ({"name": "A", "unknown" + "k" * 10_000: 1}, "unknown key 'unknownkkk"),
    ],
)
def test_a_hostile_client_file_is_one_short_error_and_nothing_added(tmp_path, data, words):
    bad("clients", "add", "--data", add(tmp_path, data), words=words)
    assert json.loads(ok("clients", "list", "--json").stdout) == []


def test_an_oversized_client_file_is_refused_before_it_is_parsed(tmp_path):
    f = tmp_path / "big.json"
    with open(f, "w") as fh:
        fh.write('{"name": "A", "notes": "')
        fh.write("x" * (17 * 1024 * 1024))
        fh.write('"}')
    bad("clients", "add", "--data", str(f), words="over 16 MB: too large")


def test_escapes_and_bidi_in_a_client_file_never_reach_the_terminal(tmp_path):
    data = {
        "name": "Ada \u202egnp.exe\u202c\x00",
        "notes": "\x1b]0;pwned\x07quiet",
        "people": [
            {
                "name": "Tob\u2066ias",
                "pet_name": "\x1b[31mToby",
                "places": ["\u202eGalway"],
                "memories": ["\x1b[2Jthe rain"],
                "dates": {"Birth\x1b[0mday": "9999-12-31", "anniversary": "0001-01-01"},
            }
        ],
    }
    cid = ok("clients", "add", "--data", add(tmp_path, data)).stdout.strip()
    shown = json.loads(ok("clients", "show", cid, "--json").stdout)
    assert shown["name"] == "Ada gnp.exe" and shown["notes"] == "quiet"
    tobias = shown["people"][0]
    assert (tobias["name"], tobias["pet_name"], tobias["places"]) == ("Tobias", "Toby", ["Galway"])
    assert tobias["memories"][0]["text"] == "the rain"
    assert sorted(tobias["dates"]) == ["anniversary", "birthday"]
    for args in (("clients", "list"), ("clients", "show", cid), ("upcoming", "--days", "400")):
        out = ok(*args).stdout
        assert not any(c in out for c in "\x1b\x00\u202e\u202c\u2066\x07"), (args, out)
    # the cleaned name is the one a person types
    assert "Dear" in ok("render", "birthday", "--to", "Tobias").stdout


def test_the_far_ends_of_the_calendar(tmp_path):
    data = {"name": "A", "people": [{"name": "B", "dates": {"birthday": "9999-12-31", "met": "0001-01-01"}}]}
    ok("clients", "add", "--data", add(tmp_path, data))
    rows = json.loads(ok("upcoming", "--days", "99999999", "--json").stdout)
    assert {r["kind"] for r in rows} == {"birthday", "met"}
    assert ok("render", "anniversary", "--to", "B", "--field", "letter_date=9999-12-31").stdout


@pytest.mark.parametrize(
    "args, words",
    [
        (("clients", "show", "x" * 100_000), "no client 'xxxx"),
        (("render", "birthday", "--to", "x" * 100_000), "no person 'xxxx"),
        (("letters", "show", "x" * 100_000), "no letter 'xxxx"),
        (("letters", "list", "--to", "x" * 100_000), "no person 'xxxx"),
        (("letters", "list", "--search", "x " * 5000), "--search is limited to 1,000 characters"),
        (("clients", "list", "--search", "x" * 100_000), "--search is limited to 1,000 characters"),
        (("drafts", "show", "%" * 100_000), "no draft '%%%%"),
    ],
)
def test_a_pasted_page_as_a_name_or_search_is_a_short_error(args, words):
    """Was 'LIKE or GLOB pattern too complex' from SQLite, or an error line as long as the input."""
    bad(*args, words=words)


def test_archive_import_of_a_huge_number_is_a_clear_error(tmp_path):
    f = tmp_path / "a.json"
    f.write_text('{"format": "letterwriter-archive", "version": ' + "1" * 5000 + "}")
    bad("archive", "import", str(f), words="number is far too long")


NOW = "2026-01-01T00:00:00+00:00"
GOOD = {
    "clients": [{"id": "c1", "name": "Ada", "notes": "", "created": NOW, "updated": NOW}],
    "people": [
        {
            "id": "p1",
            "client_id": "c1",
            "position": 0,
            "name": "Tobias",
            "full_name": "",
            "relationship": "",
            "pronouns": "",
            "pet_name": "",
            "places": "[]",
        }
    ],
    "dates": [{"person_id": "p1", "kind": "birthday", "date": "1948-12-03"}],
}


def _archive(tmp_path, tables) -> str:
    f = tmp_path / "archive.json"
    f.write_text(json.dumps({"format": "letterwriter-archive", "version": 1, "tables": tables}))
    return str(f)


def _with(table: str, **changes):
    tables = json.loads(json.dumps(GOOD))
    tables[table][0].update(changes)
    return tables


@pytest.mark.parametrize(
    "tables, words",
    [
        (_with("clients", id=5), "clients[0].id: expected text, got int"),
        (_with("clients", name=["x"]), "clients[0].name: expected text, got list"),
        (_with("clients", name=1e308), "clients[0].name: expected text, got float"),
        (_with("clients", name="x" * 3000), "clients[0].name: is limited to 2,000 characters"),
        (_with("clients", created=None), "clients[0]: 'created' is missing"),
        (_with("people", places="not json"), "people[0].places: expected a JSON list of text"),
        (_with("people", places='{"a": 1}'), "people[0].places: expected a JSON list of text"),
        (_with("people", position="zero"), "people[0].position: expected a whole number"),
        (_with("people", client_id="nobody"), "a row refers to a client, person"),
        (_with("dates", date="garbage"), "dates[0].date: expected a date as YYYY-MM-DD"),
        (_with("clients", name="\ud800"), "broken character"),
    ],
)
def test_a_hostile_archive_import_is_one_clear_error_and_imports_nothing(tmp_path, tables, words):
    """Was: raw database errors, or rows that made `clients show` fail later (places not a list)."""
    bad("archive", "import", _archive(tmp_path, tables), words=words)
    assert json.loads(ok("clients", "list", "--json").stdout) == []


def test_escapes_already_in_an_archive_are_shown_not_run(tmp_path):
    """Names from an older archive (before CLIENT.json and imports were cleaned) are shown escaped."""
    from letterwriter import paths
    from letterwriter.archive.store import ArchiveStore

    tables = _with("clients", name="\x1b[2JAda\u202e", notes="line one\n\x1b]0;x\x07line two")
    tables["people"][0]["name"] = "Tob\x1b[31mias"
    tables["dates"][0]["date"] = f"1948-{dt.date.today():%m-%d}"
    old = ArchiveStore.open(paths.database_file())  # written as it was, as an old version did
    old.load(tables)
    old.close()
    for args in (("clients", "list"), ("clients", "show", "c1"), ("upcoming",)):
        out = ok(*args).stdout
        assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out, (args, out)
        assert "\\u001b" in out, out
    assert "  line one\n" in ok("clients", "show", "c1").stdout
    r = ok("render", "birthday", "--to", "p1", "--save")
    assert "\x1b" not in r.stderr and "saved letter" in r.stderr
    assert re.search(r"\n(Dear|Dearest|My dearest) Tobias,\n", r.stdout), r.stdout  # the name, cleaned


def test_archive_import_from_an_endless_device_stops_at_a_bound():
    """Was: read until memory ran out."""
    bad("archive", "import", "/dev/zero", words="over 192 MB")
    bad("clients", "add", "--data", "/dev/zero", words="over 16 MB")


def _run_bytes(*args: bytes | str, home) -> subprocess.CompletedProcess:
    """The command with arguments as raw bytes: what a shell passes from a Latin-1 terminal."""
    return subprocess.run(
        [sys.executable, "-m", "letterwriter", *args],
        cwd=ROOT,
        capture_output=True,
        env={**os.environ, "LETTERWRITER_HOME": str(home)},
        timeout=120,
    )


@pytest.mark.parametrize(
    "args, words",
    [
        (("clients", "show"), "the client given is not UTF-8 text"),
        (("letters", "list", "--to"), "the person given is not UTF-8 text"),
        (("letters", "list", "--client"), "the client given is not UTF-8 text"),
        (("letters", "list", "--search"), "--search is not UTF-8 text"),
        (("clients", "list", "--search"), "--search is not UTF-8 text"),
        (("letters", "show"), "the letter id given is not UTF-8 text"),
        (("render", "birthday", "--to"), "the person given is not UTF-8 text"),
        (("drafts", "show"), "no draft"),
    ],
)
def test_a_name_that_is_not_utf8_is_a_clear_error(isolated_home, args, words):
    """Was: 'unexpected UnicodeEncodeError' from the database."""
    r = _run_bytes(*args, b"Ren\xe9e", home=isolated_home)
    err = r.stderr.decode("utf-8", "replace")
    assert r.returncode == 2 and err.count("\n") == 1 and err.startswith("error: "), err
    assert words in err and "unexpected" not in err


def test_a_file_path_that_is_not_utf8_still_works_and_is_filed(isolated_home, tmp_path):
    client = tmp_path / "c.json"
    client.write_text(json.dumps({"name": "Ada", "people": [{"name": "Tobias"}]}))
    ok("clients", "add", "--data", str(client))
    out = os.fsencode(tmp_path) + b"/Ren\xe9e.txt"
    r = _run_bytes("render", "birthday", "--to", "Tobias", "--save", "-o", out, home=isolated_home)
    assert r.returncode == 0, r.stderr
    assert os.path.exists(out)
    letter = json.loads(ok("letters", "list", "--json").stdout)[0]
    shown = json.loads(ok("letters", "show", letter["id"], "--json").stdout)
    assert shown["export_path"].endswith("/Ren\\xe9e.txt")

    csv_file = tmp_path / "rows.csv"
    csv_file.write_text("recipient_name,sender_name,what_they_did\nAnn,Bob,helped\n")
    folder = os.fsencode(tmp_path) + b"/out\xe9"
    report = os.fsencode(tmp_path) + b"/report\xe9.json"
    r = _run_bytes("batch", "thank_you", "--csv", str(csv_file), "--out-dir", folder, "--format", "txt",
                   "--report", report, home=isolated_home)  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert json.loads(open(report, "rb").read())[0]["file"].endswith("out\\xe9/Ann.txt")


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs Linux's /proc")
def test_a_folder_that_takes_no_files_is_not_called_missing(isolated_home):
    """/proc exists: "the folder /proc does not exist" sent people looking for the wrong problem."""
    bad("archive", "export", "/proc/version", words="the folder /proc takes no new files")
