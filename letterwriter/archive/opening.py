"""Where the archive lives and opening it: today the local database, shared with the drafts.

A damaged, newer, locked or full file is handled by `storage.local.open_local` (read-only or a
fresh file beside it, never overwritten); this module gives the archive its store over it, and
`doctor` its facts. An archive on a shared server would be opened here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from letterwriter import paths
from letterwriter.archive.store import ArchiveStore
from letterwriter.storage.drafts import DraftStore
from letterwriter.storage.local import LocalFile, open_local
from letterwriter.storage.sqlite import BUSY_TIMEOUT_MS, StoreError


@dataclass
class Opened:
    """The archive the program uses, how (normal, readonly, fresh) and what to tell the person."""

    store: ArchiveStore
    mode: str = "normal"
    message: str = ""


def open_archive(
    path: Path | str | None = None, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS, local: LocalFile | None = None
) -> Opened:
    """Open the archive; with `local` (already opened for the drafts) it shares that database.

    Newer, locked or on a full disk: read-only (nothing can be saved). Damaged: a fresh database
    beside it, the damaged file left as it is for recovery. StoreError when neither works.
    """
    local = local or open_local(path, busy_timeout_ms=busy_timeout_ms)
    return Opened(ArchiveStore(local.db), local.mode, local.message)


def doctor_info(path: Path | str | None = None) -> dict[str, Any]:
    """The database part of `doctor`: where it is, its schema version and what it holds."""
    path = Path(path) if path is not None else paths.database_file()
    info: dict[str, Any] = {"path": str(path), "schema_version": None, "counts": None, "status": "ok"}
    try:
        local = open_local(path)
    except StoreError as exc:
        info["status"] = str(exc)
        return {"database": info}
    try:
        info["path"] = str(local.db.path)
        info["schema_version"] = local.db.version
        info["counts"] = {**ArchiveStore(local.db).counts(), "drafts": DraftStore(local.db).count()}
        if local.message:
            info["status"] = local.message
    except StoreError as exc:
        info["status"] = str(exc)
    finally:
        local.db.close()
    return {"database": info}
