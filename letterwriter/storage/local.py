"""Where the local database is, and opening it whatever state it is in (damaged, newer, locked, full).

The file is never overwritten to make it work: a newer, locked or full one is read read-only,
a damaged one is left for recovery beside a fresh database (`letterwriter.fresh.db`), and a
FIFO, device or folder in its place is an error that says so.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from letterwriter import paths
from letterwriter.storage import schema
from letterwriter.storage.sqlite import BUSY_TIMEOUT_MS, Database, StoreError


def open_database(path: Path | str | None = None, **kw: Any) -> Database:
    """The local database at `path` (default: the user data folder's), made or upgraded as needed."""
    path = Path(path) if path is not None else paths.database_file()
    try:
        return Database(path, schema.MIGRATIONS, **kw)
    except OSError as exc:  # the folder itself cannot be made or entered
        raise StoreError(f"{path}: cannot use the folder {path.parent}: {exc.strerror}", "readonly") from None


@dataclass
class LocalFile:
    """The database the program uses, how (normal, readonly, fresh) and what to tell the person."""

    db: Database
    mode: str = "normal"
    message: str = ""


def open_local(path: Path | str | None = None, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> LocalFile:
    """Open the local database; a damaged, locked or newer file is never overwritten and the program runs.

    Newer, locked or on a full disk: the same file read-only (nothing can be saved). Damaged: a fresh
    database beside it (`letterwriter.fresh.db`), the damaged file left as it is for recovery.
    """
    path = Path(path) if path is not None else paths.database_file()
    try:
        return LocalFile(open_database(path, busy_timeout_ms=busy_timeout_ms))
    except StoreError as exc:
        first = exc
    if first.kind in ("newer", "locked", "readonly", "full"):
        for immutable in (False, True):  # immutable only when even reading needs a write (WAL index)
            if immutable and (first.kind not in ("readonly", "full") or not path.exists()):
                break
            try:
                db = open_database(
                    path,
                    readonly=True,
                    allow_newer=True,
                    busy_timeout_ms=busy_timeout_ms,
                    immutable=immutable,
                )
            except StoreError:
                continue
            if db.version >= db.schema_version:
                return LocalFile(db, "readonly", f"{first}; opened read-only, nothing can be saved")
            db.close()
            break
    if first.kind == "readonly" and not os.access(path.parent, os.W_OK):
        raise first  # a fresh database beside it could not be written either
    if first.kind == "full":
        raise first  # the file is fine; a fresh one on the same full disk would split the archive
    if first.kind == "notfile":
        raise first  # not a database at all: someone's FIFO or device, never worked around silently
    other = paths.fresh_database(path)
    try:
        db = open_database(other, busy_timeout_ms=busy_timeout_ms)
    except StoreError as exc:
        raise StoreError(
            f"{first}; and the fresh database {other} cannot be used either: {exc}", first.kind
        ) from None
    return LocalFile(
        db, "fresh", f"{first}; using a fresh database at {other} (the old file is left as it was)"
    )
