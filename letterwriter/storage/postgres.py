"""The archive on a PostgreSQL server (psycopg 3): connecting and reconnecting, its schema, transactions,
errors in words. The same interface as `storage.sqlite.Database`, so the archive's store runs on either.

- Statements are written once with `?` parameters (SQLite's); they are sent with psycopg's `%s`.
- Reads run in autocommit, so each sees every letter committed before it (another desk's too);
  writes run in `transaction()`, which first takes the archive's write lock shared and checks
  the schema version in the same round trip: a schema upgrade (the lock exclusive) waits for
  writes in flight, and a desk older than the schema is refused, saying so.
- `lock_timeout` is the SQLite busy timeout (5 s): a statement waiting longer stops with the
  same message as on SQLite. The connection is lost when the server restarts: the next read
  reconnects and runs again; a write that was cut off raises StoreError kind "unreachable"
  (the desk keeps the letter in its outbox and files it when the server is back).
- Passwords come only from libpq's own places (~/.pgpass, PGPASSWORD, a service file): a URL
  holding one is refused (`check_url`), and `where` never shows one.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from letterwriter.storage.sqlite import BUSY_TIMEOUT_MS, StoreError, statements

CONNECT_TIMEOUT_S = 5  # a server that does not answer this long is unreachable
RETRY_AFTER_S = 10.0  # after a failed connect, fail at once for this long (the window stays responsive)
MIGRATE_LOCK_TIMEOUT_MS = 60_000  # an upgrade waits this long for writes in flight
# The archive's advisory lock (any number of our own): every write holds it shared, a schema
# upgrade or an import exclusive. "LWAR" in ASCII.
WRITE_LOCK = 0x4C574152
# TCP keepalives: a server that vanished (a cable, a crash of its machine) is noticed in ~25 s
# instead of the system's two hours; libpq's own names, so a URL may set them otherwise.
KEEPALIVES = {"keepalives": "1", "keepalives_idle": "10", "keepalives_interval": "5", "keepalives_count": "3"}
SCHEMES = ("postgresql://", "postgres://")
BEGIN_WRITE = (
    f"BEGIN; SELECT pg_advisory_xact_lock_shared({WRITE_LOCK}), "
    "(SELECT MAX(version) FROM letterwriter_schema)"
)


def is_url(text: str) -> bool:
    return text.strip().lower().startswith(SCHEMES)


def check_url(url: str) -> dict[str, str]:
    """The URL's connection parameters; StoreError for one that is not a PostgreSQL URL or has a password."""
    from psycopg.conninfo import conninfo_to_dict

    if not is_url(url):
        raise StoreError(
            f"not a PostgreSQL URL: '{url[:80]}' (expected postgresql://HOST:PORT/DBNAME)", "other"
        )
    try:
        params = conninfo_to_dict(url)
    except Exception as exc:  # psycopg.ProgrammingError: libpq's own words about what is wrong
        raise StoreError(f"the archive's URL cannot be read: {str(exc).strip()}", "other") from None
    if params.get("password"):
        raise StoreError(
            f"the archive's URL {safe_url(url)} holds a password: Letterwriter takes passwords only from "
            "~/.pgpass, PGPASSWORD or a service file (see docs/firm.md), never from its settings",
            "other",
        )
    return params


def safe_url(url: str) -> str:
    """The URL as it may be shown: never a password (though check_url refuses those anyway)."""
    import re

    return re.sub(r"(?<=://)([^/@:]*):[^/@]*@", r"\1:***@", url.strip())


@lru_cache(maxsize=1024)
def pyformat(sql: str) -> str:
    """`?` parameters as psycopg's `%s` (and a literal % as %%), outside quotes and comments."""
    out, i, n = [], 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch in ("'", '"'):
            j = sql.index(ch, i + 1) + 1 if ch in sql[i + 1 :] else n
            while j < n and sql[j] == ch:  # a doubled quote stays inside the string
                j = sql.index(ch, j + 1) + 1 if ch in sql[j + 1 :] else n
            out.append(sql[i:j].replace("%", "%%"))
            i = j
        elif sql.startswith("--", i):
            j = sql.find("\n", i)
            j = n if j < 0 else j
            out.append(sql[i:j].replace("%", "%%"))
            i = j
        else:
            out.append("%s" if ch == "?" else "%%" if ch == "%" else ch)
            i += 1
    return "".join(out)


class Row(tuple):
    """A row as sqlite3.Row is used: by position, by column name, and dict(row)."""

    __slots__ = ()
    _names: tuple[str, ...] = ()
    _index: dict[str, int] = {}

    def keys(self) -> tuple[str, ...]:
        return self._names

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            key = self._index[key]
        return tuple.__getitem__(self, key)


@lru_cache(maxsize=256)
def _row_class(names: tuple[str, ...]) -> type[Row]:
    return type(
        "Row", (Row,), {"__slots__": (), "_names": names, "_index": {k: i for i, k in enumerate(names)}}
    )


def _rows(cursor: Any) -> Any:
    desc = cursor.description
    if not desc:
        return tuple
    cls = _row_class(tuple(d.name for d in desc))
    return cls


class PgDatabase:
    """One connection to the archive on a PostgreSQL server, made again when the server comes back."""

    dialect = "postgresql"

    def __init__(
        self,
        url: str,
        migrations: Sequence[str],
        *,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
        connect_timeout_s: float = CONNECT_TIMEOUT_S,
        lazy: bool = False,
    ) -> None:
        self.params = check_url(url)
        self.url = url.strip()
        self.migrations = list(migrations)
        self.busy_timeout_ms = busy_timeout_ms
        self.connect_timeout_s = connect_timeout_s
        self.readonly = False  # set when the archive's schema is newer than this program's
        self.message = ""  # what to tell the person about this archive (newer, unreachable)
        self.conn: Any = None
        self._in_transaction = False
        self._own_changes = 0  # this connection's commits, left out of data_version
        self._failed: StoreError | None = None
        self._failed_at = 0.0
        try:
            self._connection()
        except StoreError:
            if not lazy:
                raise

    # --- where and how ------------------------------------------------------------------
    @property
    def where(self) -> str:
        """The server and database, as messages and `doctor` say them (user, host, port, name)."""
        p = self.params
        host = p.get("host") or p.get("hostaddr") or "localhost"
        port = f":{p['port']}" if p.get("port") else ""
        user = f"{p['user']}@" if p.get("user") else ""
        db = p.get("dbname") or ""
        service = f"?service={p['service']}" if p.get("service") else ""
        return f"postgresql://{user}{host}{port}/{db}{service}"

    @property
    def path(self) -> None:
        return None  # not a file

    @property
    def schema_version(self) -> int:
        return len(self.migrations)

    @property
    def version(self) -> int:
        return self._read_version(self._connection())

    @property
    def reachable(self) -> bool:
        return self.conn is not None and not self.conn.closed and not self.conn.broken

    # --- connecting -----------------------------------------------------------------------
    def _connection(self) -> Any:
        if self.conn is not None and not self.conn.closed and not self.conn.broken:
            return self.conn
        self._drop()
        if self._failed is not None and time.monotonic() - self._failed_at < RETRY_AFTER_S:
            raise self._failed
        try:
            self.conn = self._connect()
        except StoreError as exc:
            self._failed, self._failed_at = exc, time.monotonic()
            raise
        self._failed = None
        return self.conn

    def retry_now(self) -> None:
        """Let the next use try the server again at once (the window's "try again")."""
        self._failed = None

    def probe(self) -> str:
        """ "" when the server answers, else why not: a connection of its own, safe in any thread
        (the window asks from a worker, so a server that does not answer never freezes it)."""
        import psycopg

        try:
            psycopg.connect(self.url, connect_timeout=max(1, int(self.connect_timeout_s))).close()
        except psycopg.Error as exc:
            return str(self.error(exc, drop=False))
        return ""

    def _connect(self) -> Any:
        import psycopg

        extra = {k: v for k, v in KEEPALIVES.items() if k not in self.params}
        if "connect_timeout" not in self.params:
            extra["connect_timeout"] = str(max(1, int(self.connect_timeout_s)))
        extra.setdefault("application_name", "letterwriter")
        try:
            conn = psycopg.connect(self.url, autocommit=True, row_factory=_rows, **extra)
        except psycopg.Error as exc:
            raise self.error(exc) from None
        try:
            conn.execute(f"SET lock_timeout = {int(self.busy_timeout_ms)}")
            self._migrate(conn)
        except psycopg.Error as exc:
            conn.close()
            raise self.error(exc) from None
        except StoreError:
            conn.close()
            raise
        return conn

    def _drop(self) -> None:
        if self.conn is not None:
            try:
                self.conn.close()
            except Exception:
                pass
            self.conn = None
            self._in_transaction = False

    def close(self) -> None:
        self._drop()

    # --- schema -------------------------------------------------------------------------
    @staticmethod
    def _read_version(conn: Any) -> int:
        if conn.execute("SELECT to_regclass('letterwriter_schema')").fetchone()[0] is None:
            return 0  # an empty database: no archive yet
        return int(conn.execute("SELECT COALESCE(MAX(version), 0) FROM letterwriter_schema").fetchone()[0])

    def _migrate(self, conn: Any) -> None:
        """Bring the archive to this program's schema, one desk at a time (the write lock, exclusive).

        Tables are made as the database's owner when this login is a member of that role, so
        every writer's role (members of it) can use what the first desk made (docs/firm.md).
        """
        version = self._read_version(conn)
        if version < self.schema_version:
            conn.execute("BEGIN")
            try:
                conn.execute(f"SET LOCAL lock_timeout = {MIGRATE_LOCK_TIMEOUT_MS}")
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                owner = conn.execute(
                    """SELECT pg_get_userbyid(datdba), pg_has_role(current_user, datdba, 'MEMBER'),
                              current_user FROM pg_database WHERE datname = current_database()"""
                ).fetchone()
                if owner[1] and owner[0] != owner[2]:
                    conn.execute(f'SET LOCAL ROLE "{owner[0]}"')
                conn.execute("CREATE TABLE IF NOT EXISTS letterwriter_schema (version INTEGER NOT NULL)")
                version = self._read_version(conn)  # another desk may have upgraded meanwhile
                for step in range(version, self.schema_version):
                    for statement in statements(self.migrations[step]):
                        conn.execute(statement)
                if version < self.schema_version:
                    conn.execute("DELETE FROM letterwriter_schema")
                    conn.execute(
                        "INSERT INTO letterwriter_schema (version) VALUES (%s)", (self.schema_version,)
                    )
                conn.execute("COMMIT")
            except BaseException:
                if not conn.closed and not conn.broken:
                    conn.execute("ROLLBACK")
                raise
            version = self.schema_version
        self.readonly = version > self.schema_version
        self.message = (
            self._newer_message(version) + "; opened read-only, nothing can be saved" if self.readonly else ""
        )

    def _newer_message(self, version: int) -> str:
        return (
            f"{self.where} was upgraded by a newer Letterwriter (schema {version}, this one knows "
            f"{self.schema_version}): nothing can be saved until this one is updated"
        )

    # --- use ----------------------------------------------------------------------------
    def execute(self, sql: str, args: Sequence[Any] = ()) -> Any:
        """One statement; outside a transaction a read cut off by a lost connection runs again once."""
        import psycopg

        query, params = pyformat(sql), list(args)
        if any(isinstance(a, str) and "\x00" in a for a in params):
            raise StoreError(
                f"{self.where}: the text holds a NUL character (U+0000), which PostgreSQL cannot store; "
                "nothing was saved",
                "other",
            )
        conn = self._connection()
        try:
            return conn.execute(query, params)
        except psycopg.OperationalError:
            if self._in_transaction or not (conn.closed or conn.broken):
                raise
        return self._connection().execute(query, params)  # the server came back: once more

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """One statement for many rows (psycopg pipelines them: one round trip, not one each)."""
        rows = [list(r) for r in rows]
        for r in rows:
            if any(isinstance(a, str) and "\x00" in a for a in r):
                self.execute(sql, r)  # refused with the words above
        with self._connection().cursor() as cur:
            cur.executemany(pyformat(sql), rows)

    @contextmanager
    def transaction(self, *keys: str) -> Iterator[PgDatabase]:
        """BEGIN, the write lock shared, the schema checked and `keys` locked (see `lock`) in one
        round trip; COMMIT or ROLLBACK.

        On any error the transaction is rolled back and the first error is the one raised.
        """
        import psycopg

        if self.readonly:
            raise StoreError(self._newer_message(self._read_version(self._connection())), "newer")
        conn = self._connection()
        begin = BEGIN_WRITE + "".join(
            ", pg_advisory_xact_lock(hashtextextended('{}', 0))".format(k.replace("'", "''"))
            for k in sorted(set(keys))
        )
        self._in_transaction = True
        try:
            try:
                cur = conn.execute(begin)
            except psycopg.OperationalError:
                if not (conn.closed or conn.broken):
                    raise
                self._in_transaction = False
                conn = self._connection()  # lost since the last use, nothing done yet: begin again
                self._in_transaction = True
                cur = conn.execute(begin)
            cur.nextset()
            version = int(cur.fetchone()[1] or 0)
            if version > self.schema_version:
                self.readonly = True
                raise StoreError(self._newer_message(version), "newer")
            yield self
            # the change counter moves with the commit, in the same round trip
            conn.execute("SELECT nextval('letterwriter_changes'); COMMIT")
            self._own_changes += 1
        except BaseException:
            if not conn.closed and not conn.broken and conn.info.transaction_status != 0:  # not idle
                try:
                    conn.execute("ROLLBACK")
                except psycopg.Error:
                    pass
            raise
        finally:
            self._in_transaction = False

    def lock(self, *keys: str) -> None:
        """Inside a transaction, hold these names until it ends (two desks changing one client's
        file take turns); waiting longer than the lock timeout is the "locked" error."""
        for key in sorted(set(keys)):  # always in the same order: two desks never wait on each other
            self.execute("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", (key,))

    def data_version(self) -> int:
        """A number that moves when another desk commits a write: the archive's change counter (a
        sequence, moved by every write's commit) less this desk's own."""
        row = self.execute(
            "SELECT last_value - CASE WHEN is_called THEN 0 ELSE 1 END FROM letterwriter_changes"
        ).fetchone()
        return int(row[0]) - self._own_changes

    def lock_all(self) -> None:
        """Inside a transaction, be the only writer (an import): others' writes wait for it."""
        self.execute(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")

    def check_writable(self) -> None:
        """StoreError now when a save would fail (unreachable, a newer schema, the write lock held)."""
        with self.transaction():
            pass

    def integrity_ok(self) -> bool:
        return True  # the server keeps its own; there is no file to check

    # --- errors -------------------------------------------------------------------------
    def error_for(self, exc: BaseException) -> StoreError | None:
        import psycopg

        return self.error(exc) if isinstance(exc, psycopg.Error) else None

    def error(self, exc: Any, drop: bool = True) -> StoreError:
        kind = pg_kind(exc)
        if kind == "unreachable" and drop:
            self._drop()
        return StoreError(f"{self.where}: {_why(exc, kind, self.busy_timeout_ms)}", kind)


# SQLSTATE classes and codes sorted into what a caller may do instead (never the message's words).
_CODES = {
    "23503": "reference",  # foreign_key_violation
    "23505": "exists",  # unique_violation
    "55P03": "locked",  # lock_not_available: waited past lock_timeout
    "40P01": "locked",  # deadlock_detected
    "40001": "locked",  # serialization_failure
    "25006": "readonly",  # read_only_sql_transaction (a standby, or a read-only default)
    "42501": "readonly",  # insufficient_privilege
    "53100": "full",  # disk_full
    "53200": "full",  # out_of_memory
    "57P01": "unreachable",  # admin_shutdown: the server is stopping
    "57P02": "unreachable",  # crash_shutdown
    "57P03": "unreachable",  # cannot_connect_now: starting up or shutting down
    "3D000": "unreachable",  # invalid_catalog_name: no such database
}


def pg_kind(exc: Any) -> str:
    code = getattr(exc, "sqlstate", None) or ""
    if code in _CODES:
        return _CODES[code]
    if code.startswith(("08", "28")):  # connection exceptions; a login refused
        return "unreachable"
    import psycopg

    if not code and isinstance(exc, psycopg.OperationalError):
        return "unreachable"  # libpq's own: refused, timed out, closed unexpectedly
    return "other"


def _why(exc: Any, kind: str, busy_timeout_ms: int) -> str:
    detail = " ".join(str(exc).split())
    if kind == "locked":
        return f"the database is locked by another program for more than {busy_timeout_ms / 1000:g} s"
    if kind == "unreachable":
        return f"the archive cannot be reached: {detail or 'no answer'}"
    if kind == "reference":
        return "a row refers to a client, person, letter or memory that is not there"
    if kind == "readonly":
        return f"the archive cannot be written: {detail}"
    return detail
