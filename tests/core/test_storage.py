"""The SQLite store: schema version, refusal of newer or damaged files, drafts across processes."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from letterwriter.storage.drafts import DraftRecord, DraftStore
from letterwriter.storage.local import open_database
from letterwriter.storage.schema import VERSION as SCHEMA_VERSION
from letterwriter.storage.sqlite import StoreError

pytestmark = pytest.mark.core


def test_new_database_is_at_the_current_version_in_wal(tmp_path):
    s = open_database(tmp_path / "a.db")
    assert s.version == SCHEMA_VERSION
    assert s.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert s.integrity_ok()


def test_a_newer_database_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "new.db"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    db.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer Letterwriter"):
        open_database(path)
    assert path.read_bytes() == before


def test_a_damaged_file_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "bad.db"
    path.write_bytes(b"this is not a database" * 100)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="damaged"):
        open_database(path)
    assert path.read_bytes() == before


def test_drafts_round_trip_and_prefix_lookup(tmp_path):
    s = DraftStore.open(tmp_path / "a.db")
    s.put_draft(DraftRecord(id="abc123", template="birthday", content="{}", recipient="M", words=3))
    s.put_draft(DraftRecord(id="abd999", template="birthday", content="{}"))
    assert [d.id for d in s.find_drafts("abc")] == ["abc123"]
    assert len(s.find_drafts("ab")) == 2 and s.find_drafts("%") == []
    assert s.delete_draft("abc123") and not s.delete_draft("abc123")


WRITER = """
import sys
from letterwriter.storage.drafts import DraftRecord, DraftStore
s = DraftStore.open(sys.argv[1])
for i in range(200):
    s.put_draft(DraftRecord(id=f"{sys.argv[2]}-{i}", template="t", content="{}"))
"""


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    path = tmp_path / "shared.db"
    DraftStore.open(path).close()
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), tag]) for tag in ("a", "b")]
    assert all(p.wait(timeout=120) == 0 for p in procs)
    s = DraftStore.open(path)
    assert len(s.list_drafts()) == 400 and s.db.integrity_ok()


@pytest.mark.parametrize(
    "code, kind, words",
    [
        (sqlite3.SQLITE_CORRUPT, "corrupt", "damaged"),
        (sqlite3.SQLITE_NOTADB, "corrupt", "damaged"),
        (sqlite3.SQLITE_BUSY, "locked", "locked by another program"),
        (sqlite3.SQLITE_READONLY_DIRECTORY, "readonly", "cannot be written"),
        (sqlite3.SQLITE_CANTOPEN, "readonly", "cannot be written"),
        (sqlite3.SQLITE_FULL, "full", "the disk is full:"),
        (sqlite3.SQLITE_IOERR_SHMSIZE, "full", "the disk is full (or failing, SQLITE_IOERR_SHMSIZE)"),
        (sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY, "reference", "refers to"),
        (sqlite3.SQLITE_CONSTRAINT_UNIQUE, "other", "some text"),
    ],
)
def test_sqlite_errors_are_sorted_by_their_code_not_their_english(tmp_path, code, kind, words):
    db = open_database(tmp_path / "a.db")
    names = {getattr(sqlite3, n): n for n in dir(sqlite3) if n.startswith("SQLITE_")}
    exc = sqlite3.OperationalError("some text (a disk is full, busy and read-only)")
    exc.sqlite_errorcode, exc.sqlite_errorname = code, names[code]
    err = db.error(exc)
    assert err.kind == kind and words in str(err) and str(err).startswith(str(db.path))


def test_real_sqlite_errors_keep_their_kind(tmp_path):
    db = open_database(tmp_path / "a.db")
    db.execute("CREATE TABLE parent (id TEXT PRIMARY KEY)")
    db.execute("CREATE TABLE child (parent TEXT REFERENCES parent(id))")
    with pytest.raises(sqlite3.IntegrityError) as raised:
        db.execute("INSERT INTO child VALUES ('nobody')")
    assert db.error(raised.value).kind == "reference"
    with pytest.raises(sqlite3.OperationalError) as raised:
        db.execute("SELECT * FROM nowhere")
    assert db.error(raised.value).kind == "other" and "no such table" in str(db.error(raised.value))
