"""The local file's migrations: the drafts' tables and the archive's, in the order they were released.

`PRAGMA user_version` counts the steps done. A file made before the archive existed is at 1
and gains the archive at 2; a newer program's file (a higher number) is opened read-only.
The archive's steps are its SQLite text (`archive.schema`); a PostgreSQL archive numbers only
the archive's own steps (storage/postgres.py).
"""

from __future__ import annotations

from letterwriter.archive import schema as archive_schema
from letterwriter.storage import drafts, outbox


def _archive(i: int) -> str:
    return archive_schema.step_sql(archive_schema.MIGRATIONS[i], "sqlite")


MIGRATIONS: list[str] = [
    drafts.SCHEMA,  # 1: window sessions and autosaved drafts
    _archive(0),  # 2: the client archive
    _archive(1),  # 3: clients searched as letters are
    _archive(2),  # 4: client files kept in the window (signs as, one-off dates…)
    _archive(3),  # 5: postal addresses (a person's, the client's return address)
    _archive(4),  # 6: who wrote each letter; a client's file has a version
    outbox.SCHEMA,  # 7: letters waiting for a shared archive that cannot be reached
]
VERSION = len(MIGRATIONS)
