"""Where the archive lives and opening it: the local database (shared with the drafts), or a firm's
PostgreSQL server when `LETTERWRITER_DATABASE_URL` or the `database_url` setting names one.

A damaged, newer, locked or full local file is handled by `storage.local.open_local` (read-only
or a fresh file beside it, never overwritten). A server is opened by `storage.postgres`: a newer
schema there is read-only too; an unreachable one is an error on the command line, and for the
window (`lazy`) an archive that says so and tries again later while the drafts stay local.
This module also says who the desk writes as (`writer`) and gives `doctor` its facts.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from letterwriter import paths
from letterwriter.archive.store import ArchiveStore
from letterwriter.storage.drafts import DraftStore
from letterwriter.storage.local import LocalFile, open_local
from letterwriter.storage.sqlite import BUSY_TIMEOUT_MS, StoreError

URL_ENV = "LETTERWRITER_DATABASE_URL"


@dataclass
class Opened:
    """The archive the program uses, how (normal, readonly, fresh, unreachable) and what to tell."""

    store: ArchiveStore
    mode: str = "normal"
    message: str = ""


def archive_url(settings: Any = None) -> str:
    """The server the archive lives on: LETTERWRITER_DATABASE_URL, else the `database_url` setting;
    "" means the local file."""
    env = os.environ.get(URL_ENV, "").strip()
    if env:
        return env
    if settings is None:
        from letterwriter.settings import Settings

        settings = Settings.load()
    return str(settings.get("database_url") or "").strip()


def writer_name(settings: Any = None) -> str:
    """Who this desk writes as: the `writer` setting, else the login name."""
    if settings is None:
        from letterwriter.settings import Settings

        settings = Settings.load()
    name = str(settings.get("writer") or "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container)
        return ""


def open_archive(
    path: Path | str | None = None,
    *,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    local: LocalFile | None = None,
    settings: Any = None,
    url: str | None = None,
    lazy: bool = False,
) -> Opened:
    """Open the archive: on the server `url` names (default: `archive_url`), else the local database;
    with `local` (already opened for the drafts) it shares that database.

    Local: newer, locked or on a full disk: read-only (nothing can be saved); damaged: a fresh
    database beside it, the damaged file left as it is. Server: a newer schema is read-only; one
    that cannot be reached raises StoreError kind "unreachable", or with `lazy` gives an archive
    in mode "unreachable" that connects on a later use. StoreError when nothing works.
    """
    url = archive_url(settings) if url is None else url.strip()
    writer = writer_name(settings)
    if url:
        from letterwriter.archive.schema import MIGRATIONS, step_sql
        from letterwriter.storage.postgres import PgDatabase

        db = PgDatabase(
            url, [step_sql(s, "postgresql") for s in MIGRATIONS], busy_timeout_ms=busy_timeout_ms, lazy=lazy
        )
        store = ArchiveStore(db, writer)
        if not db.reachable:
            return Opened(
                store, "unreachable", str(db._failed or f"{db.where}: the archive cannot be reached")
            )
        return Opened(store, "readonly" if db.readonly else "normal", db.message)
    local = local or open_local(path, busy_timeout_ms=busy_timeout_ms)
    return Opened(ArchiveStore(local.db, writer), local.mode, local.message)


def doctor_info(path: Path | str | None = None, settings: Any = None) -> dict[str, Any]:
    """The database part of `doctor`: which engine, where (never a password), its schema version and
    what it holds; with a server, the local file of drafts beside it."""
    path = Path(path) if path is not None else paths.database_file()
    info: dict[str, Any] = {
        "engine": "sqlite",
        "where": str(path),
        "path": str(path),
        "schema_version": None,
        "counts": None,
        "status": "ok",
    }
    try:
        url = archive_url(settings)
    except StoreError as exc:
        url, info["status"] = "", str(exc)
    try:
        local = open_local(path)
    except StoreError as exc:
        info["status"] = str(exc)
        return {"database": info}
    try:
        info["path"] = info["where"] = str(local.db.path)
        drafts = {"drafts": DraftStore(local.db).count()}
        if url:
            from letterwriter.storage.outbox import Outbox

            info.update(engine="postgresql", local_schema_version=local.db.version)
            drafts["waiting"] = Outbox(local.db).count()
            info["counts"] = drafts
            _server_info(info, url, settings)
        else:
            info["schema_version"] = local.db.version
            info["counts"] = {**ArchiveStore(local.db).counts(), **drafts}
        if local.message and info["status"] == "ok":
            info["status"] = local.message
    except StoreError as exc:
        info["status"] = str(exc)
    finally:
        local.db.close()
    return {"database": info}


def _server_info(info: dict[str, Any], url: str, settings: Any) -> None:
    from letterwriter.storage.postgres import check_url, safe_url

    info["where"] = safe_url(url)
    try:
        check_url(url)
        opened = open_archive(url=url, settings=settings)
    except StoreError as exc:
        info["status"] = str(exc)
        return
    try:
        info["where"] = opened.store.where
        info["schema_version"] = opened.store.version
        info["counts"] = {**opened.store.counts(), **info["counts"]}
        if opened.message:
            info["status"] = opened.message
    finally:
        opened.store.close()
