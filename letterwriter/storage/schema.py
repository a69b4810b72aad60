"""The local file's migrations: the drafts' tables and the archive's, in the order they were released.

`PRAGMA user_version` counts the steps done. A file made before the archive existed is at 1
and gains the archive at 2; a newer program's file (a higher number) is opened read-only.
"""

from __future__ import annotations

from letterwriter.archive import schema as archive_schema
from letterwriter.storage import drafts

MIGRATIONS: list[str] = [
    drafts.SCHEMA,  # 1: window sessions and autosaved drafts
    archive_schema.MIGRATIONS[0],  # 2: the client archive
    archive_schema.MIGRATIONS[1],  # 3: clients searched as letters are
    archive_schema.MIGRATIONS[2],  # 4: client files kept in the window (signs as, one-off dates…)
    archive_schema.MIGRATIONS[3],  # 5: postal addresses (a person's, the client's return address)
]
VERSION = len(MIGRATIONS)
