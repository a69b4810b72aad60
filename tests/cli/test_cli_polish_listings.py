"""Daily-use polish of the archive listings and `clients add`: empty listings say so, re-adding is refused."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from helpers import ROOT, cli_bad, cli_ok

pytestmark = pytest.mark.core

ADA = {"name": "Ada Byrne", "people": [{"name": "Tobias", "pronouns": "he/him"}]}


ok, bad = cli_ok, cli_bad  # the shared checks (tests/helpers.py)


@pytest.fixture
def ada_file(tmp_path):
    p = tmp_path / "ada.json"
    p.write_text(json.dumps(ADA), encoding="utf-8")
    return p


# --- 1. an empty listing says so on stderr; stdout stays empty, JSON stays [] ---------------------


@pytest.mark.parametrize(
    "args, words",
    [
        (("letters", "list"), "no letters"),
        (("clients", "list"), "no clients"),
        (("clients", "list", "--search", "zelda"), "no clients match 'zelda'"),
    ],
)
def test_an_empty_listing_says_so_on_stderr(args, words):
    r = ok(*args)
    assert r.stdout == ""
    assert words in r.stderr and r.stderr.count("\n") == 1
    r = ok(*args, "--json")
    assert json.loads(r.stdout) == [] and r.stderr == ""


def test_letters_list_filtered_to_nothing_says_which_filter(ada_file):
    ok("clients", "add", "--data", str(ada_file))
    r = ok("letters", "list", "--to", "Tobias")
    assert r.stdout == "" and "no letters to Tobias" in r.stderr
    r = ok("letters", "list", "--search", "rain")
    assert r.stdout == "" and "no letters match 'rain'" in r.stderr
    r = ok("clients", "list")  # not empty: nothing on stderr
    assert "Ada Byrne" in r.stdout and r.stderr == ""


# --- 2. `clients add` with the same client twice --------------------------------------------------


def test_adding_the_same_client_twice_is_refused_naming_the_first(ada_file):
    first = ok("clients", "add", "--data", str(ada_file)).stdout.strip()
    line = bad("clients", "add", "--data", str(ada_file), words=first)
    assert "Ada Byrne" in line and "--duplicate" in line
    # the same name in another case and spacing is the same client
    other = ada_file.with_name("other.json")
    other.write_text(json.dumps({"name": "  ada   BYRNE ", "people": []}), encoding="utf-8")
    bad("clients", "add", "--data", str(other), words=first)
    rows = json.loads(ok("clients", "list", "--json").stdout)
    assert [r["id"] for r in rows] == [first]


def test_duplicate_flag_adds_a_second_client_of_the_same_name(ada_file):
    first = ok("clients", "add", "--data", str(ada_file)).stdout.strip()
    second = json.loads(ok("clients", "add", "--data", str(ada_file), "--duplicate", "--json").stdout)["id"]
    assert second != first and len(second) == 12
    rows = json.loads(ok("clients", "list", "--json").stdout)
    assert sorted(r["id"] for r in rows) == sorted([first, second])


def test_two_processes_adding_the_same_client_at_once_make_one(ada_file, isolated_home):
    """The name check is inside the write transaction: a race cannot make two."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "letterwriter", "clients", "add", "--data", str(ada_file)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    codes = sorted(code for code, _out, _err in results)
    assert codes == [0, 2, 2, 2], results
    rows = json.loads(ok("clients", "list", "--json").stdout)
    assert len(rows) == 1
    winner = next(out.strip() for code, out, _err in results if code == 0)
    assert rows[0]["id"] == winner
    for code, _out, err in results:
        if code == 2:
            assert err.count("\n") == 1 and err.startswith("error: ") and winner in err


def test_the_same_name_in_another_unicode_form_is_the_same_client(tmp_path):
    nfc, nfd = tmp_path / "nfc.json", tmp_path / "nfd.json"
    nfc.write_text(json.dumps({"name": "Zo\u00eb \u00c5ngstr\u00f6m"}), encoding="utf-8")
    nfd.write_text(json.dumps({"name": "Zoe\u0308 A\u030angstro\u0308m"}), encoding="utf-8")
    first = ok("clients", "add", "--data", str(nfc)).stdout.strip()
    bad("clients", "add", "--data", str(nfd), words=first)
