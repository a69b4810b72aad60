"""Letters waiting to be filed: saved while a shared archive could not be reached, kept in the local file.

Each waits under its letter's id (given before it first waited), so saving the same letter again
meanwhile replaces it, and a letter filed and then offered again (a flush cut short after the
archive's commit) is filed once: the archive's save is an upsert by that id.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from letterwriter.storage import now_iso
from letterwriter.storage.sqlite import Database, translated

# The outbox's table: the local file's fifth migration (storage.schema).
SCHEMA = """
    CREATE TABLE outbox (
        letter_id   TEXT PRIMARY KEY,
        person_id   TEXT NOT NULL,
        content     TEXT NOT NULL,               -- JSON: the letter as the desk would file it
        queued      TEXT NOT NULL,               -- ISO time it first waited
        problem     TEXT NOT NULL DEFAULT ''     -- why the archive refused it (not just unreachable)
    );
"""


@dataclass
class Waiting:
    letter_id: str
    person_id: str
    content: dict[str, Any] = field(default_factory=dict)
    queued: str = ""
    problem: str = ""


class Outbox:
    """The letters waiting in one local database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @property
    def readonly(self) -> bool:
        return self.db.readonly

    @translated
    def put(self, letter_id: str, person_id: str, content: dict[str, Any]) -> None:
        with self.db.transaction() as db:
            db.execute(
                """INSERT INTO outbox (letter_id, person_id, content, queued) VALUES (?, ?, ?, ?)
                   ON CONFLICT(letter_id) DO UPDATE SET person_id = excluded.person_id,
                       content = excluded.content, problem = ''""",
                (letter_id, person_id, json.dumps(content, ensure_ascii=False, sort_keys=True), now_iso()),
            )

    @translated
    def waiting(self) -> list[Waiting]:
        rows = self.db.execute(
            "SELECT letter_id, person_id, content, queued, problem FROM outbox ORDER BY queued, letter_id"
        ).fetchall()
        return [Waiting(r[0], r[1], json.loads(r[2]), r[3], r[4]) for r in rows]

    @translated
    def count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0])

    @translated
    def remove(self, letter_id: str) -> None:
        with self.db.transaction() as db:
            db.execute("DELETE FROM outbox WHERE letter_id = ?", (letter_id,))

    @translated
    def note_problem(self, letter_id: str, problem: str) -> None:
        with self.db.transaction() as db:
            db.execute("UPDATE outbox SET problem = ? WHERE letter_id = ?", (problem, letter_id))
