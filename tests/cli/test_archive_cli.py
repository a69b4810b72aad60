"""The archive's command-line contract (clients, letters, upcoming, render --to/--save, archive, doctor)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3

import pytest
from helpers import cli_bad, cli_ok

pytestmark = pytest.mark.core

TODAY = dt.date.today()


def _ahead(days: int) -> dt.date:
    d = TODAY + dt.timedelta(days=days)
    return d + dt.timedelta(days=1) if (d.month, d.day) == (2, 29) else d  # keep leap days out of it


SOON, LATER = _ahead(3), _ahead(40)
SOON_DAYS, LATER_DAYS = (SOON - TODAY).days, (LATER - TODAY).days
RAIN = "the rain that started just as we came out of the church"


def _years_ago(d: dt.date, years: int) -> str:
    return d.replace(year=d.year - years).isoformat()


CLIENT = {
    "name": "Ada Byrne",
    "notes": "writes every June",
    "people": [
        {
            "name": "Tobias",
            "full_name": "Tobias Byrne",
            "relationship": "spouse",
            "pronouns": "he/him",
            "pet_name": "Toby",
            "dates": {"anniversary": "1974-06-01", "birthday": _years_ago(SOON, 78)},
            "memories": [RAIN],
        },
        {
            "name": "Nora",
            "relationship": "grandchild",
            "pronouns": "she/her",
            "dates": {"birthday": _years_ago(LATER, 10)},
        },
    ],
}


ok, bad = cli_ok, cli_bad  # the shared checks (tests/helpers.py)


@pytest.fixture
def client_file(tmp_path):
    p = tmp_path / "client.json"
    p.write_text(json.dumps(CLIENT), encoding="utf-8")
    return p


@pytest.fixture
def ada(client_file):
    cid = ok("clients", "add", "--data", str(client_file)).stdout
    return cid.strip()


def test_clients_add_prints_the_id_and_list_show_find_it(ada, client_file, isolated_home):
    assert len(ada) == 12 and ada.isalnum()
    other = json.loads(ok("clients", "add", "--data", str(client_file), "--json", "--duplicate").stdout)["id"]
    assert other != ada
    rows = json.loads(ok("clients", "list", "--json").stdout)
    assert {r["id"] for r in rows} == {ada, other} and rows[0]["people"] == 2
    assert ada in ok("clients", "list").stdout
    assert json.loads(ok("clients", "list", "--search", "nora", "--json").stdout)[0]["name"] == "Ada Byrne"
    assert json.loads(ok("clients", "list", "--search", "nobody", "--json").stdout) == []
    shown = json.loads(ok("clients", "show", ada, "--json").stdout)
    tobias = shown["people"][0]
    assert (shown["name"], tobias["pet_name"], tobias["memories"][0]["text"]) == ("Ada Byrne", "Toby", RAIN)
    assert tobias["next_date"]["kind"] == "birthday" and tobias["next_date"]["days_left"] == SOON_DAYS
    assert "ambiguous" in bad("clients", "show", "Ada Byrne")  # two clients of that name now
    assert "Tobias" in ok("clients", "show", ada[:6]).stdout


@pytest.mark.parametrize(
    "content, words",
    [
        ("{oops", "invalid JSON at line 1"),
        ('{"people": []}', "name: is required"),
        ('{"name": "A", "people": [{"name": "B", "dates": {"birthday": "tomorrow"}}]}', "YYYY-MM-DD"),
    ],
)
def test_clients_add_bad_input(tmp_path, content, words):
    f = tmp_path / "c.json"
    f.write_text(content)
    bad("clients", "add", "--data", str(f), words=words)
    assert json.loads(ok("clients", "list", "--json").stdout) == []


def test_unknown_and_ambiguous_names_exit_2(ada, client_file):
    bad("clients", "show", "Zelda", words="no client 'Zelda'")
    bad("letters", "list", "--to", "Zelda", words="no person 'Zelda'")
    bad("render", "anniversary", "--to", "Zelda", words="no person 'Zelda'")
    bad("letters", "show", "nope", words="no letter 'nope'")
    bad("clients", "add", "--data", str(client_file.parent / "missing.json"), words="cannot read")
    ok("clients", "add", "--data", str(client_file), "--duplicate")  # a second Ada Byrne, asked for
    bad("render", "anniversary", "--to", "Tobias", words="ambiguous")
    bad(
        "render",
        "anniversary",
        "--field",
        "sender_name=A",
        "--field",
        "recipient_name=B",
        "--save",
        words="--to",
    )
    bad("upcoming", "--days", "-2", words="--days")


def test_render_to_fills_the_brief_saves_and_notes_a_memory_told_before(ada):
    r = ok(
        "render",
        "anniversary",
        "--to",
        "Tobias",
        "--field",
        f"memories={RAIN}",
        "--field",
        "letter_date=2027-06-01",
        "--save",
    )
    salutation = r.stdout.split("\n\n")[1]
    assert salutation.endswith(" Toby,") and "fifty-third" in r.stdout, r.stdout
    assert r.stdout.rstrip().endswith("\nAda")  # the client signs, with the name a close letter takes
    assert "already told" not in r.stderr  # a thin brief may get a length note, never a reuse one
    first = r.stderr.split("saved letter ")[1].split()[0]

    r = ok("render", "anniversary", "--to", "toby", "--field", "letter_date=2028-06-01", "--save")
    assert "fifty-fourth" in r.stdout and "already told" not in r.stderr  # no memory told: nothing to say

    r = ok("render", "love_letter", "--to", "Tobias Byrne", "--field", f"memories={RAIN}", "--save")
    notes = [line for line in r.stderr.splitlines() if line.startswith("note:") and "already told" in line]
    assert len(notes) == 1 and RAIN in notes[0] and first in notes[0] and "2027-06-01" in notes[0]
    third = r.stderr.split("saved letter ")[1].split()[0]

    letters = json.loads(ok("letters", "list", "--to", "Tobias", "--json").stdout)
    assert [x["date"] for x in letters] == ["2028-06-01", "2027-06-01", TODAY.isoformat()]  # newest first
    assert (letters[1]["id"], letters[2]["id"]) == (first, third)
    shown = json.loads(ok("letters", "show", first, "--json").stdout)
    assert shown["template"] == "anniversary" and shown["brief"]["memories"] == [RAIN]
    assert shown["status"] == "draft" and len(shown["template_version"]) == 12
    assert (
        ok("letters", "show", first).stdout
        == ok(
            "render",
            "anniversary",
            "--to",
            "Tobias",
            "--field",
            f"memories={RAIN}",
            "--field",
            "letter_date=2027-06-01",
        ).stdout
    )
    tobias = json.loads(ok("clients", "show", ada, "--json").stdout)["people"][0]
    assert sorted(tobias["memories"][0]["letters"]) == sorted([first, third])


def test_render_to_with_data_overrides_the_file_and_exports(ada, tmp_path):
    brief = tmp_path / "b.json"
    brief.write_text(
        json.dumps({"recipient_name": "Tobs", "sender_name": "Ada", "letter_date": "2027-06-01"})
    )
    out = tmp_path / "letter.txt"
    r = ok("render", "anniversary", "--to", "Tobias", "--data", str(brief), "-o", str(out), "--save")
    assert "wrote" in r.stderr
    lid = r.stderr.split("saved letter ")[1].split()[0]
    text = out.read_text(encoding="utf-8")
    assert "Toby" in text and "fifty-third" in text and text.rstrip().endswith("Ada")
    shown = json.loads(ok("letters", "show", lid, "--json").stdout)
    assert shown["status"] == "exported" and shown["export_path"] == str(out.resolve())
    assert shown["text"] == text


def test_letters_search_by_words_client_recipient_occasion_and_date(ada):
    ok(
        "render",
        "birthday",
        "--to",
        "Nora",
        "--field",
        "memory=the pancake tower in Galway",
        "--field",
        "letter_date=2025-03-01",
        "--save",
    )
    ok("render", "anniversary", "--to", "Tobias", "--field", "letter_date=2026-06-01", "--save")

    def found(*extra):
        return [x["to"] for x in json.loads(ok("letters", "list", "--json", *extra).stdout)]

    assert found("--search", "pancake galway") == ["Nora"]
    assert found("--search", "anniversary") == ["Tobias"]
    assert found("--search", "2025-03") == ["Nora"]
    assert found("--search", "Byrne") == ["Tobias", "Nora"]  # the client's name, newest first
    assert found("--client", "Ada Byrne", "--to", "Nora") == ["Nora"]
    assert found("--search", "zeppelin") == []


def test_upcoming_default_30_days_soonest_first(ada):
    items = json.loads(ok("upcoming", "--json").stdout)
    assert [(u["person"], u["client"], u["kind"], u["days_left"]) for u in items] == [
        ("Tobias", "Ada Byrne", "birthday", SOON_DAYS)
    ]
    assert (
        items[0]["date"] == CLIENT["people"][0]["dates"]["birthday"]
        and items[0]["next_date"] == SOON.isoformat()
    )
    longer = json.loads(ok("upcoming", "--days", "45", "--json").stdout)
    assert [(u["person"], u["days_left"]) for u in longer] == [("Tobias", SOON_DAYS), ("Nora", LATER_DAYS)]
    text = ok("upcoming").stdout
    assert "Tobias" in text and f"in {SOON_DAYS} days" in text and "Nora" not in text


def test_archive_export_import_into_a_fresh_home(ada, tmp_path):
    ok("render", "anniversary", "--to", "Tobias", "--field", f"memories={RAIN}", "--save")
    ok("render", "birthday", "--to", "Nora", "--field", "memory=Ünïcode 😀 and “quotes”", "--save")
    out = tmp_path / "archive.json"
    r = ok("archive", "export", str(out))
    assert "2 letters" in r.stderr
    fresh = {"LETTERWRITER_HOME": str(tmp_path / "fresh-home")}
    r = ok("archive", "import", str(out), env=fresh)
    assert "2 letters" in r.stderr and "1 clients" in r.stderr
    for cmd in (
        ["clients", "list", "--json"],
        ["letters", "list", "--json"],
        ["upcoming", "--days", "366", "--json"],
    ):
        assert ok(*cmd, env=fresh).stdout == ok(*cmd).stdout
    for letter in json.loads(ok("letters", "list", "--json").stdout):
        assert (
            ok("letters", "show", letter["id"], env=fresh).stdout.encode()
            == ok("letters", "show", letter["id"]).stdout.encode()
        )
    assert json.loads(ok("clients", "show", ada, "--json", env=fresh).stdout) == json.loads(
        ok("clients", "show", ada, "--json").stdout
    )
    bad_file = tmp_path / "bad.json"
    bad_file.write_text('{"format": "something else"}')
    bad("archive", "import", str(bad_file), words="not a Letterwriter archive")


def test_doctor_json_reports_the_database(ada, isolated_home):
    db = json.loads(ok("doctor", "--json").stdout)["database"]
    assert db["path"] == str(isolated_home / "letterwriter.db") and db["schema_version"] == 7
    assert db["counts"]["clients"] == 1 and db["counts"]["people"] == 2 and db["counts"]["letters"] == 0


def test_a_damaged_or_newer_database_is_never_overwritten(isolated_home, client_file):
    db = isolated_home / "letterwriter.db"
    db.write_bytes(b"garbage " * 1000)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    r = ok("clients", "add", "--data", str(client_file))
    assert "damaged" in r.stderr and "letterwriter.fresh.db" in r.stderr
    assert json.loads(ok("clients", "list", "--json").stdout)[0]["name"] == "Ada Byrne"
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before

    db.unlink()
    (isolated_home / "letterwriter.fresh.db").rename(db)
    for extra in ("-wal", "-shm"):
        (isolated_home / f"letterwriter.fresh.db{extra}").unlink(missing_ok=True)
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode = DELETE")
    con.execute("PRAGMA user_version = 9")
    con.close()
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    r = ok("clients", "list", "--json")
    assert "newer Letterwriter" in r.stderr and "read-only" in r.stderr
    assert json.loads(r.stdout)[0]["name"] == "Ada Byrne"
    bad("clients", "add", "--data", str(client_file), words="read-only")
    bad("render", "anniversary", "--to", "Tobias", "--save", words="read-only")
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_render_to_a_pdf_saves_it_as_exported(ada, tmp_path):
    from helpers import pdf_text

    out = tmp_path / "toby.pdf"
    r = ok(
        "render",
        "anniversary",
        "--to",
        "Tobias",
        "--field",
        "letter_date=2027-06-01",
        "-o",
        str(out),
        "--save",
    )
    lid = r.stderr.split("saved letter ")[1].split()[0]
    words = " ".join(pdf_text(out).split())
    assert "Toby" in words and "fifty-third" in words
    shown = json.loads(ok("letters", "show", lid, "--json").stdout)
    assert (shown["status"], shown["export_path"]) == ("exported", str(out.resolve()))
    assert isinstance(shown["options"]["seed"], int)


NO_OVERRIDE = [
    "setpriv",
    "--inh-caps=-dac_override,-dac_read_search",
    "--bounding-set=-dac_override,-dac_read_search",
]


def _as_user(*args, home):
    """The real command without root's power to write anywhere (as a user on a read-only share)."""
    import subprocess
    import sys

    from helpers import ROOT

    env = dict(os.environ, LETTERWRITER_HOME=str(home))
    return subprocess.run(
        [*NO_OVERRIDE, sys.executable, "-m", "letterwriter", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_read_only_archive_still_reads_and_refuses_to_save(ada, isolated_home, client_file):
    db = isolated_home / "letterwriter.db"
    ok("clients", "list")  # leaves a clean WAL state behind
    for extra in ("-wal", "-shm"):
        (isolated_home / f"letterwriter.db{extra}").unlink(missing_ok=True)
    db.chmod(0o444)
    isolated_home.chmod(0o555)
    try:
        r = _as_user("clients", "list", "--json", home=isolated_home)
        assert r.returncode == 0, r.stderr
        assert json.loads(r.stdout)[0]["id"] == ada and "read-only" in r.stderr
        r = _as_user("clients", "add", "--data", str(client_file), home=isolated_home)
        lines = r.stderr.strip().splitlines()
        assert (
            r.returncode == 2
            and len(lines) == 1
            and lines[0].startswith("error: ")
            and "read-only" in lines[0]
        )
        r = _as_user("clients", "list", home=isolated_home / "not-yet")  # cannot even make the folder
        lines = r.stderr.strip().splitlines()
        assert r.returncode == 2 and len(lines) == 1 and lines[0].startswith("error: "), r.stderr
        assert "Traceback" not in r.stderr
    finally:
        isolated_home.chmod(0o755)
        db.chmod(0o644)


@pytest.mark.parametrize("out_name", ["letter.txt", None])  # asked before any format is written
def test_render_save_with_the_archive_locked_writes_nothing(ada, isolated_home, tmp_path, out_name):
    """Exit 2 leaves files as they were: the letter is not written when it cannot be saved."""
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / out_name if out_name else None
    holder = sqlite3.connect(isolated_home / "letterwriter.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program writing, for longer than we wait
    try:
        argv = ["render", "anniversary", "--to", "Tobias", "--save", "--field", "letter_date=2027-06-01"]
        err = bad(*argv, *(["-o", str(out)] if out else []), words="locked")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "nothing written" in err
    assert list(folder.iterdir()) == []
    assert json.loads(ok("letters", "list", "--json").stdout) == []
