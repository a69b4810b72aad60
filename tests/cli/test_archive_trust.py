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
