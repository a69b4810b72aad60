"""The SQLite store: the one module that speaks SQL (drafts, window sessions; the archive extends it).

Everything above this module sees plain dataclasses and never SQLite itself, so the same
interface can later sit on a shared server. The database lives in the user data folder
(`letterwriter.db`), in WAL mode, with its schema version in `PRAGMA user_version` and an
ordered list of migrations that bring any older file up to date in one transaction.
"""

from __future__ import annotations

import datetime as _dt
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from letterwriter import paths

DB_NAME = "letterwriter.db"
BUSY_TIMEOUT_MS = 5000  # a writer waits this long for another process's transaction

# Each entry brings the schema from version i to i + 1. Never edit a released step:
# add a new one, and a test that upgrades a file made by the previous version.
MIGRATIONS: list[str] = [
    # 1: window sessions and autosaved drafts
    """
    CREATE TABLE sessions (
        id          TEXT PRIMARY KEY,
        pid         INTEGER NOT NULL,
        proc_start  REAL NOT NULL,      -- the process's start time: a reused pid is not us
        host        TEXT NOT NULL,
        opened      TEXT NOT NULL,      -- ISO time
        closed      TEXT                -- ISO time of a clean exit; NULL while open or after a crash
    );
    CREATE TABLE drafts (
        id          TEXT PRIMARY KEY,
        session_id  TEXT REFERENCES sessions(id) ON DELETE SET NULL,
        template    TEXT NOT NULL,
        recipient   TEXT NOT NULL DEFAULT '',
        words       INTEGER NOT NULL DEFAULT 0,
        file_path   TEXT,               -- the .letter file it belongs to, if any
        content     TEXT NOT NULL,      -- the draft as .letter JSON
        letter_text TEXT NOT NULL DEFAULT '',
        created     TEXT NOT NULL,
        updated     TEXT NOT NULL
    );
    CREATE INDEX drafts_session ON drafts(session_id);
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(Exception):
    """The database cannot be used as asked; the message says why and what was done."""


def now_iso() -> str:
    return _dt.datetime.now(_dt.UTC).astimezone().isoformat(timespec="seconds")


def new_id() -> str:
    return uuid.uuid4().hex[:12]


@dataclass
class DraftRecord:
    id: str
    template: str
    content: str  # .letter JSON
    letter_text: str = ""
    recipient: str = ""
    words: int = 0
    file_path: str | None = None
    session_id: str | None = None
    created: str = ""
    updated: str = ""


@dataclass
class SessionRecord:
    id: str
    pid: int
    proc_start: float
    host: str
    opened: str
    closed: str | None


def default_path() -> Path:
    return paths.user_home() / DB_NAME


class Store:
    """One connection to the database; cheap to open, safe to share between processes."""

    def __init__(self, path: Path | str | None = None, *, readonly: bool = False) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.readonly = readonly
        if not readonly:
            paths.ensure_dir(self.path.parent)
        try:
            if readonly:
                uri = f"file:{self.path}?mode=ro"
                self.db = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            else:
                self.db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.db.execute("PRAGMA foreign_keys = ON")
            self._refuse_newer()  # before WAL: switching the journal mode rewrites the header
            if not readonly:
                self.db.execute("PRAGMA journal_mode = WAL")
                # WAL + NORMAL survives a killed process (only a power cut may lose the last commit)
                self.db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: {_why(exc)}") from None

    # --- schema -------------------------------------------------------------------------
    @property
    def version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _refuse_newer(self) -> None:
        version = self.version
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer Letterwriter (schema {version}, this one knows "
                f"{SCHEMA_VERSION}); it is left untouched"
            )

    def _migrate(self) -> None:
        version = self.version
        if version == SCHEMA_VERSION or self.readonly:
            return
        with self.transaction():
            version = self.version  # another process may have migrated meanwhile
            for step in range(version, SCHEMA_VERSION):
                for statement in _statements(MIGRATIONS[step]):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {step + 1}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE: writers queue up (busy timeout) instead of failing half-way."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()

    def integrity_ok(self) -> bool:
        return self.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    # --- sessions -----------------------------------------------------------------------
    def open_session(self, pid: int, proc_start: float, host: str) -> str:
        sid = new_id()
        with self.transaction() as db:
            db.execute(
                "INSERT INTO sessions (id, pid, proc_start, host, opened) VALUES (?, ?, ?, ?, ?)",
                (sid, pid, proc_start, host, now_iso()),
            )
        return sid

    def close_session(self, session_id: str) -> None:
        with self.transaction() as db:
            db.execute("UPDATE sessions SET closed = ? WHERE id = ?", (now_iso(), session_id))

    def sessions(self) -> list[SessionRecord]:
        rows = self.db.execute("SELECT * FROM sessions ORDER BY opened").fetchall()
        return [SessionRecord(**dict(r)) for r in rows]

    def forget_session(self, session_id: str) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))

    # --- drafts -------------------------------------------------------------------------
    def put_draft(self, rec: DraftRecord) -> None:
        """Insert or replace one draft (one small transaction: the autosave)."""
        stamp = now_iso()
        with self.transaction() as db:
            db.execute(
                """INSERT INTO drafts (id, session_id, template, recipient, words, file_path, content,
                                       letter_text, created, updated)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(id) DO UPDATE SET session_id = excluded.session_id,
                       template = excluded.template, recipient = excluded.recipient,
                       words = excluded.words, file_path = excluded.file_path,
                       content = excluded.content, letter_text = excluded.letter_text,
                       updated = excluded.updated""",
                (
                    rec.id,
                    rec.session_id,
                    rec.template,
                    rec.recipient,
                    rec.words,
                    rec.file_path,
                    rec.content,
                    rec.letter_text,
                    rec.created or stamp,
                    stamp,
                ),
            )

    def get_draft(self, draft_id: str) -> DraftRecord | None:
        row = self.db.execute("SELECT * FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        return DraftRecord(**dict(row)) if row else None

    def find_drafts(self, prefix: str) -> list[DraftRecord]:
        """Drafts whose id starts with `prefix` (people type the first few characters)."""
        pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = self.db.execute(
            "SELECT * FROM drafts WHERE id LIKE ? ESCAPE '\\' ORDER BY updated DESC", (pattern,)
        ).fetchall()
        return [DraftRecord(**dict(r)) for r in rows]

    def list_drafts(self, session_id: str | None = None) -> list[DraftRecord]:
        if session_id is None:
            rows = self.db.execute("SELECT * FROM drafts ORDER BY updated DESC").fetchall()
        else:
            rows = self.db.execute(
                "SELECT * FROM drafts WHERE session_id = ? ORDER BY updated DESC", (session_id,)
            ).fetchall()
        return [DraftRecord(**dict(r)) for r in rows]

    def delete_draft(self, draft_id: str) -> bool:
        with self.transaction() as db:
            return db.execute("DELETE FROM drafts WHERE id = ?", (draft_id,)).rowcount > 0

    def orphaned_drafts(self, is_alive: Callable[[SessionRecord], bool]) -> list[DraftRecord]:
        """Drafts left by windows that ended without closing cleanly (killed, crashed, power cut)."""
        live = {s.id for s in self.sessions() if s.closed is None and is_alive(s)}
        return [d for d in self.list_drafts() if d.session_id not in live]

    def adopt_draft(self, draft_id: str, session_id: str) -> None:
        with self.transaction() as db:
            db.execute("UPDATE drafts SET session_id = ? WHERE id = ?", (session_id, draft_id))


def _statements(script: str) -> list[str]:
    """Split a migration into statements (executescript would COMMIT our transaction).

    sqlite3.complete_statement knows where a statement ends, triggers' BEGIN … END included.
    """
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


def _why(exc: sqlite3.DatabaseError) -> str:
    text = str(exc)
    if "not a database" in text or "malformed" in text:
        return "the database file is damaged (not a SQLite database or malformed)"
    if "locked" in text or "busy" in text:
        return f"the database is locked by another program for more than {BUSY_TIMEOUT_MS // 1000} s"
    if "readonly" in text or "read-only" in text:
        return "the database cannot be written (read-only file or folder)"
    return text


def process_start_time(pid: int | None = None) -> float:
    """When a process started (seconds since the epoch): with the pid, it names one process."""
    import psutil

    try:
        return psutil.Process(pid or os.getpid()).create_time()
    except (psutil.Error, OSError):
        return 0.0


def session_alive(s: SessionRecord) -> bool:
    """True when the window that opened `s` is still running (same pid and same start time)."""
    import socket

    if s.host != socket.gethostname():
        return True  # another machine's window (shared folder): never take its drafts
    start = process_start_time(s.pid)
    return start != 0.0 and abs(start - s.proc_start) < 1.0
