"""Autosaved drafts and the window sessions that wrote them: always local, so no typing is lost.

A window opens a session (its pid and the process's start time, so a reused pid is not taken
for it); each change to its letter is put here as a draft. A session that ended without
closing leaves its drafts for the next start to offer back (`orphaned_drafts`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from letterwriter.storage import new_id, now_iso
from letterwriter.storage.sqlite import Database, like_escape, translated

# The drafts' tables: the local file's first migration (storage.schema).
SCHEMA = """
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
"""


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


DRAFT_COLUMNS = (
    "id, template, content, letter_text, recipient, words, file_path, session_id, created, updated"
)
SESSION_COLUMNS = "id, pid, proc_start, host, opened, closed"


@dataclass
class SessionRecord:
    id: str
    pid: int
    proc_start: float
    host: str
    opened: str
    closed: str | None


class DraftStore:
    """The drafts and sessions in one local database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @classmethod
    def open(cls, path: Path | str, **kw) -> DraftStore:
        """The drafts of the database at `path` (made or upgraded as needed)."""
        from letterwriter.storage.local import open_database

        return cls(open_database(path, **kw))

    @property
    def readonly(self) -> bool:
        return self.db.readonly

    def close(self) -> None:
        self.db.close()

    # --- sessions -----------------------------------------------------------------------
    @translated
    def open_session(self, pid: int, proc_start: float, host: str) -> str:
        sid = new_id()
        with self.db.transaction() as db:
            db.execute(
                "INSERT INTO sessions (id, pid, proc_start, host, opened) VALUES (?, ?, ?, ?, ?)",
                (sid, pid, proc_start, host, now_iso()),
            )
        return sid

    @translated
    def sessions(self) -> list[SessionRecord]:
        # named columns: a newer Letterwriter's file, read read-only, may have more
        rows = self.db.execute(f"SELECT {SESSION_COLUMNS} FROM sessions ORDER BY opened").fetchall()
        return [SessionRecord(**dict(r)) for r in rows]

    @translated
    def forget_session(self, session_id: str) -> None:
        with self.db.transaction() as db:
            db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))

    # --- drafts -------------------------------------------------------------------------
    @translated
    def put_draft(self, rec: DraftRecord) -> None:
        """Insert or replace one draft (one small transaction: the autosave)."""
        stamp = now_iso()
        with self.db.transaction() as db:
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

    @translated
    def get_draft(self, draft_id: str) -> DraftRecord | None:
        row = self.db.execute(f"SELECT {DRAFT_COLUMNS} FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        return DraftRecord(**dict(row)) if row else None

    @translated
    def find_drafts(self, prefix: str) -> list[DraftRecord]:
        """Drafts whose id starts with `prefix` (people type the first few characters)."""
        rows = self.db.execute(
            f"SELECT {DRAFT_COLUMNS} FROM drafts WHERE id LIKE ? ESCAPE '\\' ORDER BY updated DESC",
            (like_escape(prefix) + "%",),
        ).fetchall()
        return [DraftRecord(**dict(r)) for r in rows]

    @translated
    def list_drafts(self, session_id: str | None = None) -> list[DraftRecord]:
        if session_id is None:
            rows = self.db.execute(f"SELECT {DRAFT_COLUMNS} FROM drafts ORDER BY updated DESC").fetchall()
        else:
            rows = self.db.execute(
                f"SELECT {DRAFT_COLUMNS} FROM drafts WHERE session_id = ? ORDER BY updated DESC",
                (session_id,),
            ).fetchall()
        return [DraftRecord(**dict(r)) for r in rows]

    @translated
    def count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM drafts").fetchone()[0])

    @translated
    def delete_draft(self, draft_id: str) -> bool:
        with self.db.transaction() as db:
            return db.execute("DELETE FROM drafts WHERE id = ?", (draft_id,)).rowcount > 0

    @translated
    def orphaned_drafts(self, is_alive: Callable[[SessionRecord], bool]) -> list[DraftRecord]:
        """Drafts left by windows that ended without closing cleanly (killed, crashed, power cut)."""
        live = {s.id for s in self.sessions() if s.closed is None and is_alive(s)}
        return [d for d in self.list_drafts() if d.session_id not in live]

    @translated
    def adopt_draft(self, draft_id: str, session_id: str) -> None:
        with self.db.transaction() as db:
            db.execute("UPDATE drafts SET session_id = ? WHERE id = ?", (session_id, draft_id))


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
