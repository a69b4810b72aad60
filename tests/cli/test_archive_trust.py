"""The archive and the drafts under hostile paths: its own files never written over, odd files never hung on.

Each test reproduces a case from the outside hostile run (issue 21) through the real command line.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from helpers import cli_bad, cli_ok
from test_faults import _in_namespace, needs_unshare

pytestmark = pytest.mark.core

CLIENT = {"name": "Ada Byrne", "people": [{"name": "Tobias", "dates": {"anniversary": "1974-06-01"}}]}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def filed(isolated_home, tmp_path):
    """An archive with one client, a settings file and a dictionary in the user data folder."""
    data = tmp_path / "client.json"
    data.write_text(json.dumps(CLIENT))
    cli_ok("clients", "add", "--data", str(data))
    (isolated_home / "settings.json").write_text(json.dumps({"paper": "a4"}))
    (isolated_home / "dictionary.txt").write_text("# words\nTobias\n")
    return isolated_home


def _a_draft(home: Path) -> str:
    """An autosaved draft, as a window killed mid-letter leaves one."""
    from letterwriter.draft import Draft
    from letterwriter.storage.drafts import DraftRecord, DraftStore
    from letterwriter.templates import library

    draft = Draft(library(), "birthday", {"sender_name": "Ada", "recipient_name": "Marguerite"})
    store = DraftStore.open(home / "letterwriter.db")
    store.put_draft(
        DraftRecord(id=draft.id, template="birthday", content=draft.dumps(), letter_text=draft.text)
    )
    store.close()
    return draft.id


@pytest.mark.parametrize(
    "name", ["letterwriter.db", "letterwriter.db-wal", "settings.json", "dictionary.txt"]
)
def test_archive_export_never_writes_over_the_programs_own_files(filed, name):
    target = filed / name
    before = sha(target) if target.exists() else None
    line = cli_bad("archive", "export", str(target), words="Letterwriter's own")
    assert str(target) in line
    assert (sha(target) if target.exists() else None) == before
    assert [c["name"] for c in json.loads(cli_ok("clients", "list", "--json").stdout)] == ["Ada Byrne"]


def test_a_link_to_the_database_is_the_database(filed, tmp_path):
    db = filed / "letterwriter.db"
    before = sha(db)
    (tmp_path / "via").symlink_to(filed, target_is_directory=True)  # a folder link to the user data
    cli_bad(
        "archive", "export", str(tmp_path / "via" / "letterwriter.db"), words="Letterwriter's own database"
    )
    os.link(db, tmp_path / "backup.json")  # a hard link: the same inode under another name
    cli_bad("archive", "export", str(tmp_path / "backup.json"), words="Letterwriter's own database")
    assert sha(db) == before
    fresh = filed / "letterwriter.fresh.db"
    cli_bad("archive", "export", str(fresh), words="Letterwriter's own database")
    assert not fresh.exists()


def test_drafts_export_never_writes_over_the_dictionary(filed):
    draft_id = _a_draft(filed)
    words = filed / "dictionary.txt"
    before = sha(words)
    cli_bad("drafts", "export", draft_id, "-o", str(words), words="personal dictionary")
    assert sha(words) == before


def test_an_ordinary_file_beside_them_is_written(filed, tmp_path):
    out = filed / "my-archive.json"
    cli_ok("archive", "export", str(out))
    assert json.loads(out.read_text())["format"] == "letterwriter-archive"


def test_every_kept_file_is_refused_and_nothing_else(isolated_home, tmp_path, monkeypatch):
    from letterwriter import paths

    monkeypatch.setenv("LETTERWRITER_LANGUAGETOOL_DIR", str(tmp_path / "lt"))
    kept = [p for p, _what in paths.kept_files()]
    assert {p.name for p in kept} >= {
        "letterwriter.db",
        "letterwriter.db-wal",
        "letterwriter.db-shm",
        "letterwriter.fresh.db",
        "settings.json",
        "dictionary.txt",
        "window.ini",
    }
    for path in kept + [tmp_path / "lt" / "6.8" / "server.jar"]:
        with pytest.raises(paths.OwnFileError):
            paths.refuse_kept_file(path)
    for path in (isolated_home / "letter.pdf", tmp_path / "letterwriter.db", tmp_path / "settings.json"):
        paths.refuse_kept_file(path)  # a name like ours elsewhere is the person's own file


def _one_error_line(r, words: str) -> str:
    lines = r.stderr.strip().splitlines()
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert len(lines) == 1 and lines[0].startswith("error: ") and words in lines[0], r.stderr
    return lines[0]


@pytest.mark.parametrize("odd", ["fifo", "dev-null", "folder", "wal-fifo"])
def test_a_database_that_is_not_a_regular_file_is_said_so_and_never_hangs(isolated_home, tmp_path, odd):
    from helpers import run_cli

    db = isolated_home / "letterwriter.db"
    if odd == "fifo":
        os.mkfifo(db)
    elif odd == "dev-null":
        db.symlink_to("/dev/null")
    elif odd == "folder":
        db.mkdir()
    else:
        cli_ok("clients", "list")  # a real database, then its journal a FIFO
        os.mkfifo(isolated_home / "letterwriter.db-wal")
    what = {"fifo": "FIFO", "dev-null": "device", "folder": "folder", "wal-fifo": "FIFO"}[odd]
    for args in (["clients", "list"], ["letters", "list"], ["upcoming"], ["drafts", "list"]):
        r = run_cli(*args, timeout=30)  # a hang is a TimeoutExpired: the test fails
        line = _one_error_line(r, "not a regular file")
        assert what in line and "disk is full" not in line


def _newer(db: Path, extra_column: bool = False) -> None:
    """Make the database look written by a later Letterwriter (a higher schema, maybe a new column)."""
    import sqlite3

    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode = DELETE")
    if extra_column:
        con.execute("ALTER TABLE drafts ADD COLUMN colour TEXT")
    con.execute("PRAGMA user_version = 99")
    con.close()
    for tail in ("-wal", "-shm"):
        db.with_name(db.name + tail).unlink(missing_ok=True)


@pytest.mark.parametrize("extra_column", [False, True])
def test_drafts_are_recovered_from_a_newer_database(isolated_home, tmp_path, extra_column):
    from helpers import run_cli

    draft_id = _a_draft(isolated_home)
    db = isolated_home / "letterwriter.db"
    _newer(db, extra_column)
    before = sha(db)
    r = cli_ok("drafts", "list", "--json")
    assert [d["id"] for d in json.loads(r.stdout)] == [draft_id] and "newer Letterwriter" in r.stderr
    assert "Marguerite" in cli_ok("drafts", "show", draft_id[:6]).stdout
    cli_ok("drafts", "export", draft_id, "-o", str(tmp_path / "rescued.txt"))
    assert "Marguerite" in (tmp_path / "rescued.txt").read_text()
    _one_error_line(run_cli("drafts", "discard", draft_id), "read-only")
    assert sha(db) == before


NO_OVERRIDE = [
    "setpriv",
    "--inh-caps=-dac_override,-dac_read_search",
    "--bounding-set=-dac_override,-dac_read_search",
]


def test_drafts_are_recovered_from_a_read_only_database(isolated_home, tmp_path):
    import subprocess
    import sys

    from helpers import ROOT

    draft_id = _a_draft(isolated_home)
    for tail in ("-wal", "-shm"):
        (isolated_home / f"letterwriter.db{tail}").unlink(missing_ok=True)
    (isolated_home / "letterwriter.db").chmod(0o444)
    isolated_home.chmod(0o555)
    out = tmp_path / "out"
    out.mkdir()
    env = dict(os.environ, LETTERWRITER_HOME=str(isolated_home))

    def as_user(*args):
        cmd = [*NO_OVERRIDE, sys.executable, "-m", "letterwriter", *args]
        return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)

    try:
        r = as_user("drafts", "list", "--json")
        assert r.returncode == 0, r.stderr
        assert [d["id"] for d in json.loads(r.stdout)] == [draft_id] and "read-only" in r.stderr
        r = as_user("drafts", "export", draft_id, "-o", str(out / "rescued.letter"))
        assert r.returncode == 0, r.stderr
        assert json.loads((out / "rescued.letter").read_text())["template"] == "birthday"
        _one_error_line(as_user("drafts", "discard", draft_id), "read-only")
    finally:
        isolated_home.chmod(0o755)
        (isolated_home / "letterwriter.db").chmod(0o644)


def _big_archive(path: Path, letters: int = 300) -> None:
    """An export with one client and many long letters: more than a small disk holds."""
    stamp = "2026-01-01T00:00:00+00:00"
    rows = {
        "clients": [{"id": "c1", "name": "Ada Byrne", "notes": "", "created": stamp, "updated": stamp}],
        "people": [{"id": "p1", "client_id": "c1", "position": 0, "name": "Tobias", "places": "[]"}],
        "letters": [
            {
                "id": f"l{i}",
                "client_id": "c1",
                "person_id": "p1",
                "template": "birthday",
                "rendered_text": f"Letter {i}. " + "Every word of this letter is its own. " * 300,
                "letter_date": "2026-01-01",
                "created": stamp,
                "updated": stamp,
            }
            for i in range(letters)
        ],
    }
    doc = {"format": "letterwriter-archive", "version": 1, "schema": 2, "exported": stamp, "tables": rows}
    path.write_text(json.dumps(doc))


@needs_unshare
def test_a_full_disk_mid_import_says_so_and_imports_nothing(tmp_path):
    import sys
    import textwrap

    big = tmp_path / "big.json"
    _big_archive(big)
    client = tmp_path / "client.json"
    client.write_text(json.dumps({"name": "Cormac Doyle"}))
    disk, keep = tmp_path / "disk", tmp_path / "keep"
    disk.mkdir()
    keep.mkdir()
    lw = f"LETTERWRITER_HOME={disk}/home {sys.executable} -m letterwriter"
    script = textwrap.dedent(f"""
        set -u
        mount -t tmpfs -o size=1m tmpfs {disk} || exit 99
        {lw} clients add --data {client} >/dev/null || exit 98
        {lw} archive import {big} >/dev/null 2>{keep}/import.err; echo $? >{keep}/import.rc
        {lw} clients list --json >{keep}/list.out 2>{keep}/list.err; echo $? >{keep}/list.rc
        {sys.executable} -c "import sqlite3; print(sqlite3.connect('{disk}/home/letterwriter.db')
            .execute('pragma integrity_check').fetchone()[0])" >{keep}/integrity
    """)
    r = _in_namespace(script, tmp_path)
    assert r.returncode == 0, r.stderr
    err = (keep / "import.err").read_text()
    assert (keep / "import.rc").read_text().strip() == "2", err
    assert err.count("\n") == 1 and err.startswith("error: ") and "the disk is full" in err, err
    assert "rollback" not in err and "nothing was imported" in err
    assert (keep / "list.rc").read_text().strip() == "0", (keep / "list.err").read_text()
    assert [c["name"] for c in json.loads((keep / "list.out").read_text())] == ["Cormac Doyle"]
    assert (keep / "integrity").read_text().strip() == "ok"


@pytest.mark.parametrize("odd", ["dev-zero", "fifo"])
def test_settings_that_are_endless_or_a_fifo_are_read_within_a_bound(isolated_home, odd):
    from helpers import run_cli

    settings = isolated_home / "settings.json"
    settings.unlink(missing_ok=True)  # the suite's own (a check's patience)
    if odd == "dev-zero":
        settings.symlink_to("/dev/zero")
    else:
        os.mkfifo(settings)
    # was: /dev/zero read until memory ran out; a FIFO waited for a writer forever
    r = run_cli("render", "birthday", "--field", "sender_name=A", "--field", "recipient_name=B", timeout=60)
    assert r.returncode == 0 and "Dear" in r.stdout, r.stderr
    assert f"warning: {settings}: not a regular file" in r.stderr and "using the default settings" in r.stderr


def test_a_large_settings_file_is_refused_after_a_megabyte(isolated_home):
    from letterwriter.settings import Settings

    path = isolated_home / "settings.json"
    path.write_text(json.dumps({"paper": "a4", "x": "y" * (2 * 1024 * 1024)}))
    loaded = Settings.load(path)
    assert loaded.get("paper") == "letter" and "over 1024 KB" in loaded.warnings[0]


def test_an_export_is_ascii_and_a_large_file_that_is_not_is_refused_before_parsing(filed, tmp_path):
    from letterwriter.archive import transfer

    out = tmp_path / "archive.json"
    data = tmp_path / "zoe.json"
    data.write_text(json.dumps({"name": "Zoë Ångström 😀", "people": [{"name": "Søren"}]}), encoding="utf-8")
    cli_ok("clients", "add", "--data", str(data))
    cli_ok("archive", "export", str(out))
    assert out.read_bytes().isascii()
    names = {c["name"] for c in json.loads(out.read_text())["tables"]["clients"]}
    assert names == {"Ada Byrne", "Zoë Ångström 😀"}
    wide = tmp_path / "wide.json"
    limit = transfer.ARCHIVE_MAX_BYTES // 4
    with open(wide, "wb") as fh:  # a hand-made file, UTF-8: four bytes a character once parsed
        fh.write(b'{"format": "letterwriter-archive", "x": "' + "é".encode() * (limit // 2) + b'"}')
    cli_bad("archive", "import", str(wide), words="not all ASCII: too large")


def test_a_save_that_cannot_happen_stops_before_anything_is_written(filed, tmp_path):
    """Was: `render --save -o f.txt` with the archive locked wrote f.txt, then exited 2."""
    import sqlite3

    from helpers import run_cli

    out = tmp_path / "letter.txt"
    holder = sqlite3.connect(filed / "letterwriter.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program holds the write lock past the 5 s wait
    try:
        r = run_cli("render", "anniversary", "--to", "Tobias", "--save", "-o", str(out), timeout=60)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    _one_error_line(r, "locked by another program")
    assert not out.exists() and r.stdout == ""
