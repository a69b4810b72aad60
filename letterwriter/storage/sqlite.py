"""One SQLite database file: opened safely, brought to its schema, written in transactions, errors in words.

The stores above (drafts, the archive) hold a `Database` and see `StoreError`, never sqlite3's
own exceptions. The file runs in WAL mode with its schema version in `PRAGMA user_version`; an
ordered list of migrations brings an older file up to date in one transaction.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any

from letterwriter import paths

BUSY_TIMEOUT_MS = 5000  # a writer waits this long for another process's transaction


class StoreError(Exception):
    """The database cannot be used as asked; the message says why and what was done.

    `kind` tells the caller what it may do instead: "corrupt", "locked", "newer", "readonly",
    "full" (disk full or I/O error), "notfile" (a FIFO, device or folder where the file should
    be, a link to nothing, a file that cannot be read), "reference" (a row refers to one that is
    not there), "exists" (a duplicate), and for an archive on a server "unreachable" (the server
    cannot be reached or let us in) and "changed" (another writer changed a client's file since
    it was read), or "other".
    """

    def __init__(self, message: str, kind: str = "other") -> None:
        super().__init__(message)
        self.kind = kind


class Database:
    """One connection to a SQLite file; cheap to open, safe to share between processes.

    `storage.postgres.PgDatabase` has the same interface for an archive on a server: `execute`
    with `?` parameters, `transaction`, `lock`, `version`, `error_for`, `where`, `dialect`.
    """

    dialect = "sqlite"

    def __init__(
        self,
        path: Path | str,
        migrations: Sequence[str],
        *,
        readonly: bool = False,
        allow_newer: bool = False,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
        immutable: bool = False,
    ) -> None:
        self.path = Path(path)
        self.migrations = list(migrations)
        self.readonly = readonly
        # read-only only: a file from a newer version can still be read (its tables only grow)
        self.allow_newer = allow_newer and readonly
        self.busy_timeout_ms = busy_timeout_ms
        self.conn: sqlite3.Connection | None = None
        if not readonly:
            paths.ensure_dir(self.path.parent)
        refuse_odd_files(self.path)
        try:
            if readonly:
                # immutable: a WAL file on a share we cannot write (no -shm can be made)
                uri = f"file:{self.path}?mode=ro" + ("&immutable=1" if immutable else "")
                self.conn = sqlite3.connect(
                    uri, uri=True, timeout=busy_timeout_ms / 1000, isolation_level=None
                )
            else:
                self.conn = sqlite3.connect(self.path, timeout=busy_timeout_ms / 1000, isolation_level=None)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self._refuse_newer()  # before WAL: switching the journal mode rewrites the header
            if not readonly:
                self.conn.execute("PRAGMA journal_mode = WAL")
                # WAL + NORMAL survives a killed process (only a power cut may lose the last commit)
                self.conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            if self.conn is not None:
                self.conn.close()
            raise self.error(exc) from None
        except StoreError:
            self.conn.close()
            raise

    @property
    def where(self) -> str:
        """Where the database is, as messages and `doctor` say it."""
        return str(self.path)

    # --- schema -------------------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        """The version this program writes: one per migration."""
        return len(self.migrations)

    @property
    def version(self) -> int:
        """The file's own version."""
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _refuse_newer(self) -> None:
        version = self.version
        if version > self.schema_version and not self.allow_newer:
            raise StoreError(
                f"{self.path} was written by a newer Letterwriter (schema {version}, this one knows "
                f"{self.schema_version}); it is left untouched",
                "newer",
            )

    def _migrate(self) -> None:
        version = self.version
        if version == self.schema_version or self.readonly:
            return
        with self.transaction():
            version = self.version  # another process may have migrated meanwhile
            for step in range(version, self.schema_version):
                for statement in statements(self.migrations[step]):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {step + 1}")

    # --- use ----------------------------------------------------------------------------
    def execute(self, sql: str, args: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, args)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.conn.executemany(sql, rows)

    @contextmanager
    def transaction(self, *keys: str) -> Iterator[Database]:
        """BEGIN IMMEDIATE: writers queue up (busy timeout) instead of failing half-way (so `keys`,
        the names a server's transaction locks, need nothing more here).

        On any error the transaction is rolled back and the first error is the one raised. A
        file a newer Letterwriter upgraded while this one had it open is not written to.
        """
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            if self.version > self.schema_version:
                raise StoreError(
                    f"{self.path} was upgraded by a newer Letterwriter (schema {self.version}, this one "
                    f"knows {self.schema_version}): nothing can be saved until this one is updated",
                    "newer",
                )
            yield self
            self.conn.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def lock(self, *keys: str) -> None:
        """Inside a transaction, hold these names until it ends; SQLite's writer already holds the file."""

    def data_version(self) -> int:
        """SQLite's own counter: it moves when another connection commits to the file."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def lock_all(self) -> None:
        """Inside a transaction, be the only writer: SQLite's writer always is."""

    def check_writable(self) -> None:
        """StoreError now when a write would fail (locked past the busy timeout, a full disk).

        One small real write (the header page, unchanged): only a committed write reaches the
        disk in WAL mode, so nothing less would find a full disk.
        """
        try:
            with self.transaction() as db:
                db.execute(f"PRAGMA user_version = {self.version}")
        except sqlite3.DatabaseError as exc:
            raise self.error(exc) from None

    def _rollback(self) -> None:
        # SQLite rolls a transaction back itself after some errors (a full disk, an I/O error):
        # a ROLLBACK then fails with "no transaction is active" and would hide why.
        if self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.DatabaseError:
                pass

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()

    def integrity_ok(self) -> bool:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    def error(self, exc: sqlite3.DatabaseError) -> StoreError:
        """SQLite's exception as the StoreError a person reads."""
        return StoreError(f"{self.path}: {_why(exc, self.busy_timeout_ms)}", _kind(exc))

    def error_for(self, exc: BaseException) -> StoreError | None:
        """The StoreError for one of this engine's exceptions; None for anything else."""
        return self.error(exc) if isinstance(exc, sqlite3.DatabaseError) else None


def refuse_odd_files(path: Path) -> None:
    """StoreError unless the database and SQLite's files beside it are regular files (or not there yet).

    SQLite would open a FIFO and wait for a writer forever, read /dev/null as an empty database
    and then fail as if the disk were full, or call a folder read-only.
    """
    for candidate in (path, *(path.with_name(path.name + tail) for tail in paths.SQLITE_SIDECARS)):
        try:
            mode = os.stat(candidate).st_mode  # through links: a link to /dev/null is /dev/null
        except FileNotFoundError:
            if os.path.islink(candidate):  # the archive on a disk not mounted: never a fresh one instead
                raise StoreError(
                    f"{candidate} is a link to {os.readlink(candidate)}, which is not there (a disk that "
                    "is not mounted?); mount it, or move the link away",
                    "notfile",
                ) from None
            continue
        except OSError as exc:
            raise StoreError(f"{candidate}: cannot be read: {exc.strerror}", "readonly") from None
        if not stat.S_ISREG(mode):
            raise StoreError(
                f"{candidate} is not a regular file (it is {_what_file(mode)}); Letterwriter keeps its "
                "database in a regular file: move this one away",
                "notfile",
            )
        try:  # a file we may not read is no damaged database: no fresh one is put beside it
            os.close(os.open(candidate, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC))
        except PermissionError:
            raise StoreError(
                f"{candidate} cannot be read (permission denied); give this login read and write "
                "access to it",
                "notfile",
            ) from None


def _what_file(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def translated(method: Callable[..., Any]) -> Callable[..., Any]:
    """A store's method whose database errors leave as StoreError: nothing above the store names
    sqlite3 or psycopg."""

    @wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except StoreError:
            raise
        except Exception as exc:
            err = self.db.error_for(exc)
            if err is None:
                raise
            raise err from None

    return wrapper


def statements(script: str) -> list[str]:
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


def like_escape(text: str) -> str:
    """`text` as a LIKE pattern that matches only itself (with ESCAPE '\\')."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# SQLite's result codes (the primary code: the low byte of the extended one) sorted into what
# a caller may do instead. Never the message's English text: it changes between versions.
_KINDS = {
    sqlite3.SQLITE_CORRUPT: "corrupt",
    sqlite3.SQLITE_NOTADB: "corrupt",
    sqlite3.SQLITE_BUSY: "locked",
    sqlite3.SQLITE_LOCKED: "locked",
    sqlite3.SQLITE_READONLY: "readonly",
    sqlite3.SQLITE_CANTOPEN: "readonly",
    sqlite3.SQLITE_PERM: "readonly",
    sqlite3.SQLITE_AUTH: "readonly",
    # SQLITE_IOERR too: on a full disk even reading fails, as the WAL index (-shm) cannot be
    # made. The file itself is fine: never a reason for a fresh database.
    sqlite3.SQLITE_FULL: "full",
    sqlite3.SQLITE_IOERR: "full",
}


def _kind(exc: sqlite3.DatabaseError) -> str:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:  # raised by the sqlite3 module itself (a closed connection…), not by SQLite
        return "other"
    if code == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
        return "reference"
    return _KINDS.get(code & 0xFF, "other")


def _why(exc: sqlite3.DatabaseError, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> str:
    kind = _kind(exc)
    if kind == "corrupt":
        return "the database file is damaged (not a SQLite database or malformed)"
    if kind == "locked":
        return f"the database is locked by another program for more than {busy_timeout_ms / 1000:g} s"
    if kind == "readonly":
        return "the database cannot be written (read-only file or folder)"
    if kind == "full":
        if exc.sqlite_errorcode == sqlite3.SQLITE_FULL:
            return "the disk is full: the database cannot be written"
        return f"the disk is full (or failing, {exc.sqlite_errorname}): the database cannot be written"
    if kind == "reference":
        return "a row refers to a client, person, letter or memory that is not there"
    return str(exc)
