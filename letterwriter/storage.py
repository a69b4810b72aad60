"""The SQLite store: the one module that speaks SQL (drafts, window sessions; the archive extends it).

Everything above this module sees plain dataclasses and never SQLite itself, so the same
interface can later sit on a shared server. The database lives in the user data folder
(`letterwriter.db`), in WAL mode, with its schema version in `PRAGMA user_version` and an
ordered list of migrations that bring any older file up to date in one transaction.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
import sqlite3
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import wraps
from pathlib import Path
from typing import Any

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
    # 2: the client archive: clients, the people they write to, their dates and memories, letters
    """
    CREATE TABLE clients (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        notes       TEXT NOT NULL DEFAULT '',
        created     TEXT NOT NULL,
        updated     TEXT NOT NULL
    );
    CREATE INDEX clients_name ON clients(name);
    CREATE TABLE people (
        id           TEXT PRIMARY KEY,
        client_id    TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        position     INTEGER NOT NULL DEFAULT 0,
        name         TEXT NOT NULL,
        full_name    TEXT NOT NULL DEFAULT '',
        relationship TEXT NOT NULL DEFAULT '',
        pronouns     TEXT NOT NULL DEFAULT '',
        pet_name     TEXT NOT NULL DEFAULT '',
        places       TEXT NOT NULL DEFAULT '[]'   -- JSON list of text
    );
    CREATE INDEX people_client ON people(client_id, position);
    CREATE INDEX people_name ON people(name);
    CREATE TABLE dates (
        person_id   TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        kind        TEXT NOT NULL,                -- birthday, anniversary, first_met or any name
        date        TEXT NOT NULL,                -- YYYY-MM-DD
        PRIMARY KEY (person_id, kind)
    );
    CREATE TABLE memories (
        id          TEXT PRIMARY KEY,
        person_id   TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        position    INTEGER NOT NULL DEFAULT 0,
        text        TEXT NOT NULL,
        created     TEXT NOT NULL,
        origin_letter TEXT            -- the letter that first told it (its re-saves may drop it)
    );
    CREATE INDEX memories_person ON memories(person_id, position);
    CREATE TABLE letters (
        id               TEXT PRIMARY KEY,
        client_id        TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        person_id        TEXT REFERENCES people(id) ON DELETE SET NULL,
        template         TEXT NOT NULL,
        template_version TEXT NOT NULL DEFAULT '',
        occasion         TEXT NOT NULL DEFAULT '',
        brief            TEXT NOT NULL DEFAULT '{}',  -- JSON object: the brief as given
        options          TEXT NOT NULL DEFAULT '{}',  -- JSON object: variation, language, font, ink…
        rendered_text    TEXT NOT NULL DEFAULT '',
        edited_text      TEXT,                        -- the writer's edits; NULL when untouched
        status           TEXT NOT NULL DEFAULT 'draft'
                         CHECK (status IN ('draft', 'checked', 'exported')),
        letter_date      TEXT NOT NULL,               -- YYYY-MM-DD, the date on the letter
        created          TEXT NOT NULL,
        updated          TEXT NOT NULL,
        export_path      TEXT,
        doc              INTEGER UNIQUE               -- its row in the full-text index
    );
    CREATE INDEX letters_client ON letters(client_id, letter_date);
    CREATE INDEX letters_person ON letters(person_id, letter_date);
    CREATE INDEX letters_date ON letters(letter_date);
    CREATE TABLE letter_memories (
        letter_id   TEXT NOT NULL REFERENCES letters(id) ON DELETE CASCADE,
        memory_id   TEXT NOT NULL REFERENCES memories(id) ON DELETE CASCADE,
        PRIMARY KEY (letter_id, memory_id)
    );
    CREATE INDEX letter_memories_memory ON letter_memories(memory_id);
    -- SQLite-only: full-text search (a PostgreSQL port replaces this with tsvector)
    CREATE VIRTUAL TABLE letters_fts USING fts5(
        body, client, recipient, occasion, tokenize = 'unicode61 remove_diacritics 2'
    );
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(Exception):
    """The database cannot be used as asked; the message says why and what was done.

    `kind` tells the caller what it may do instead: "corrupt", "locked", "newer",
    "readonly", "full" (disk full or I/O error), "exists" (DuplicateClient) or "other".
    """

    def __init__(self, message: str, kind: str = "other") -> None:
        super().__init__(message)
        self.kind = kind


class DuplicateClient(StoreError):
    """`add_client(unique_name=True)` found a client of that name already: nothing was added."""

    def __init__(self, existing_id: str, existing_name: str) -> None:
        super().__init__(f"a client named '{existing_name}' already exists (id {existing_id})", "exists")
        self.existing_id = existing_id
        self.existing_name = existing_name


def _name_key(name: str) -> str:
    """A client's name as a person means it: case, spacing and Unicode form do not make another client."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


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


LETTER_STATUSES = ("draft", "checked", "exported")


@dataclass
class ClientRecord:
    id: str
    name: str
    notes: str = ""
    created: str = ""
    updated: str = ""


@dataclass
class ClientSummary:
    """One row of the client list: the client and how much is in their file."""

    id: str
    name: str
    notes: str = ""
    people: int = 0
    letters: int = 0
    last_letter: str | None = None


@dataclass
class MemoryRecord:
    id: str
    person_id: str
    text: str
    position: int = 0
    created: str = ""
    origin_letter: str | None = None  # the letter that first told it, if it was told before it was filed
    letters: list[str] = field(default_factory=list)  # ids of the letters that told it, oldest first


@dataclass
class PersonRecord:
    id: str
    client_id: str
    name: str
    full_name: str = ""
    relationship: str = ""
    pronouns: str = ""
    pet_name: str = ""
    places: list[str] = field(default_factory=list)
    dates: dict[str, str] = field(default_factory=dict)  # kind -> YYYY-MM-DD
    memories: list[MemoryRecord] = field(default_factory=list)
    position: int = 0


@dataclass
class LetterRecord:
    id: str
    client_id: str
    person_id: str | None
    template: str
    rendered_text: str
    template_version: str = ""
    occasion: str = ""
    brief: dict[str, Any] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    edited_text: str | None = None
    status: str = "draft"
    letter_date: str = ""
    created: str = ""
    updated: str = ""
    export_path: str | None = None
    client_name: str = ""  # filled when read back, for lists
    person_name: str = ""

    @property
    def text(self) -> str:
        """The letter as sent: the writer's edits when there are any, else the rendered text."""
        return self.edited_text if self.edited_text is not None else self.rendered_text


@dataclass
class DateRecord:
    person_id: str
    person_name: str
    client_id: str
    client_name: str
    kind: str
    date: str


_LETTER_SELECT = """SELECT l.*, c.name AS client_name, COALESCE(p.name, '') AS person_name
    FROM letters l JOIN clients c ON c.id = l.client_id LEFT JOIN people p ON p.id = l.person_id"""

# export order: parents before children, so foreign keys hold row by row
_DUMP_TABLES = (
    ("clients", "id"),
    ("people", "id"),
    ("dates", "person_id, kind"),
    ("memories", "id"),
    ("letters", "id"),
    ("letter_memories", "letter_id, memory_id"),
)
_DUMP_KEYS = {
    "clients": ("id",),
    "people": ("id",),
    "dates": ("person_id", "kind"),
    "memories": ("id",),
    "letters": ("id",),
    "letter_memories": ("letter_id", "memory_id"),
}
_DUMP_COLUMNS = {
    "clients": ("id", "name", "notes", "created", "updated"),
    "people": (
        "id",
        "client_id",
        "position",
        "name",
        "full_name",
        "relationship",
        "pronouns",
        "pet_name",
        "places",
    ),
    "dates": ("person_id", "kind", "date"),
    "memories": ("id", "person_id", "position", "text", "created", "origin_letter"),
    "letters": (
        "id",
        "client_id",
        "person_id",
        "template",
        "template_version",
        "occasion",
        "brief",
        "options",
        "rendered_text",
        "edited_text",
        "status",
        "letter_date",
        "created",
        "updated",
        "export_path",
    ),
    "letter_memories": ("letter_id", "memory_id"),
}
_DATE_TOKEN = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _letter(row: sqlite3.Row) -> LetterRecord:
    d = dict(row)
    d.pop("doc", None)
    d["brief"] = json.loads(d["brief"] or "{}")
    d["options"] = json.loads(d["options"] or "{}")
    return LetterRecord(**d)


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _fts_query(text: str) -> str:
    """A person's search words as an FTS5 query: every word, as a prefix, in any column."""
    words = re.findall(r"\w+", text)
    return " AND ".join(f'"{w}"*' for w in words)


def _translated(method: Callable[..., Any]) -> Callable[..., Any]:
    """SQLite's errors leave this module as StoreError, so nothing above it names sqlite3."""

    @wraps(method)
    def wrapper(self: Store, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: {_why(exc, self.busy_timeout_ms)}", _kind(exc)) from None

    return wrapper


def default_path() -> Path:
    return paths.user_home() / DB_NAME


class Store:
    """One connection to the database; cheap to open, safe to share between processes."""

    def __init__(
        self,
        path: Path | str | None = None,
        *,
        readonly: bool = False,
        allow_newer: bool = False,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
        immutable: bool = False,
    ) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.readonly = readonly
        # read-only only: a file from a newer version can still be read (its tables only grow)
        self.allow_newer = allow_newer and readonly
        self.busy_timeout_ms = busy_timeout_ms
        if not readonly:
            paths.ensure_dir(self.path.parent)
        try:
            if readonly:
                # immutable: a WAL file on a share we cannot write (no -shm can be made)
                uri = f"file:{self.path}?mode=ro" + ("&immutable=1" if immutable else "")
                self.db = sqlite3.connect(uri, uri=True, timeout=busy_timeout_ms / 1000, isolation_level=None)
            else:
                self.db = sqlite3.connect(self.path, timeout=busy_timeout_ms / 1000, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
            self.db.execute("PRAGMA foreign_keys = ON")
            self._refuse_newer()  # before WAL: switching the journal mode rewrites the header
            if not readonly:
                self.db.execute("PRAGMA journal_mode = WAL")
                # WAL + NORMAL survives a killed process (only a power cut may lose the last commit)
                self.db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            if getattr(self, "db", None) is not None:
                self.db.close()
            raise StoreError(f"{self.path}: {_why(exc, busy_timeout_ms)}", _kind(exc)) from None
        except StoreError:
            self.db.close()
            raise

    # --- schema -------------------------------------------------------------------------
    @property
    def version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _refuse_newer(self) -> None:
        version = self.version
        if version > SCHEMA_VERSION and not self.allow_newer:
            raise StoreError(
                f"{self.path} was written by a newer Letterwriter (schema {version}, this one knows "
                f"{SCHEMA_VERSION}); it is left untouched",
                "newer",
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

    # --- the client archive (schema 2) ------------------------------------------------------
    # Plain SQL with `?` parameters and standard types; the only SQLite-specific part is
    # full-text search (letters_fts / MATCH), kept in `_index_letter` and `list_letters`.

    @_translated
    def add_client(
        self, client: ClientRecord, people: list[PersonRecord] = (), *, unique_name: bool = False
    ) -> str:
        """A new client with their people, dates and memories, in one transaction; returns its id.

        With `unique_name`, a client of the same name (ignoring case and spacing) already there
        raises DuplicateClient; the check is inside the write transaction, so two processes
        adding the same client at once make one.
        """
        stamp = now_iso()
        client.id = client.id or new_id()
        with self.transaction() as db:
            if unique_name:
                key = _name_key(client.name)
                for row in db.execute("SELECT id, name FROM clients ORDER BY created, id"):
                    if _name_key(row["name"]) == key:
                        raise DuplicateClient(row["id"], row["name"])
            self._put_client(db, client, stamp)
            for pos, person in enumerate(people):
                person.client_id = client.id
                person.position = pos
                self._put_person(db, person)
        return client.id

    def _put_client(self, db: sqlite3.Connection, c: ClientRecord, stamp: str) -> None:
        db.execute(
            """INSERT INTO clients (id, name, notes, created, updated) VALUES (?, ?, ?, ?, ?)
               ON CONFLICT(id) DO UPDATE SET name = excluded.name, notes = excluded.notes,
                   updated = excluded.updated""",
            (c.id, c.name, c.notes, c.created or stamp, c.updated or stamp),
        )

    def _put_person(self, db: sqlite3.Connection, p: PersonRecord) -> None:
        p.id = p.id or new_id()
        db.execute(
            """INSERT INTO people (id, client_id, position, name, full_name, relationship, pronouns,
                                   pet_name, places) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(id) DO UPDATE SET client_id = excluded.client_id,
                   position = excluded.position, name = excluded.name, full_name = excluded.full_name,
                   relationship = excluded.relationship, pronouns = excluded.pronouns,
                   pet_name = excluded.pet_name, places = excluded.places""",
            (
                p.id,
                p.client_id,
                p.position,
                p.name,
                p.full_name,
                p.relationship,
                p.pronouns,
                p.pet_name,
                json.dumps(p.places, ensure_ascii=False),
            ),
        )
        db.execute("DELETE FROM dates WHERE person_id = ?", (p.id,))
        for kind, date in p.dates.items():
            db.execute("INSERT INTO dates (person_id, kind, date) VALUES (?, ?, ?)", (p.id, kind, date))
        for pos, m in enumerate(p.memories):
            m.id = m.id or new_id()
            m.person_id = p.id
            m.position = pos
            db.execute(
                """INSERT INTO memories (id, person_id, position, text, created) VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT(id) DO UPDATE SET person_id = excluded.person_id,
                       position = excluded.position, text = excluded.text""",
                (m.id, m.person_id, m.position, m.text, m.created or now_iso()),
            )

    @_translated
    def list_clients(self, search: str | None = None) -> list[ClientSummary]:
        """Clients by name, with counts; `search` matches the client's or any of their people's names."""
        sql = """SELECT c.id, c.name, c.notes,
                        (SELECT COUNT(*) FROM people p WHERE p.client_id = c.id) AS people,
                        (SELECT COUNT(*) FROM letters l WHERE l.client_id = c.id) AS letters,
                        (SELECT MAX(l.letter_date) FROM letters l WHERE l.client_id = c.id) AS last_letter
                 FROM clients c"""
        args: list[Any] = []
        if search and search.strip():
            pattern = "%" + _like_escape(search.strip().lower()) + "%"
            sql += """ WHERE lower(c.name) LIKE ? ESCAPE '\\' OR lower(c.notes) LIKE ? ESCAPE '\\'
                       OR EXISTS (SELECT 1 FROM people p WHERE p.client_id = c.id AND
                          (lower(p.name) LIKE ? ESCAPE '\\' OR lower(p.full_name) LIKE ? ESCAPE '\\'
                           OR lower(p.pet_name) LIKE ? ESCAPE '\\'))"""
            args = [pattern] * 5
        sql += " ORDER BY lower(c.name), c.id"
        return [ClientSummary(**dict(r)) for r in self.db.execute(sql, args).fetchall()]

    @_translated
    def get_client(self, client_id: str) -> ClientRecord | None:
        row = self.db.execute("SELECT * FROM clients WHERE id = ?", (client_id,)).fetchone()
        return ClientRecord(**dict(row)) if row else None

    @_translated
    def find_clients(self, name: str) -> list[ClientRecord]:
        """Clients whose name is `name` (ignoring case), or whose id starts with it."""
        rows = self.db.execute(
            "SELECT * FROM clients WHERE lower(name) = lower(?) OR id LIKE ? ESCAPE '\\' ORDER BY name",
            (name.strip(), _like_escape(name.strip()) + "%"),
        ).fetchall()
        return [ClientRecord(**dict(r)) for r in rows]

    @_translated
    def people(self, client_id: str) -> list[PersonRecord]:
        """A client's people, each with their dates and memories (and the letters that used each)."""
        rows = self.db.execute(
            "SELECT * FROM people WHERE client_id = ? ORDER BY position, name", (client_id,)
        ).fetchall()
        return self._people_from_rows(rows)

    @_translated
    def get_person(self, person_id: str) -> PersonRecord | None:
        rows = self.db.execute("SELECT * FROM people WHERE id = ?", (person_id,)).fetchall()
        found = self._people_from_rows(rows)
        return found[0] if found else None

    @_translated
    def find_people(self, name: str) -> list[PersonRecord]:
        """People called `name` (name, full name or pet name, ignoring case), or whose id starts with it."""
        key = name.strip()
        rows = self.db.execute(
            """SELECT * FROM people WHERE lower(name) = lower(?) OR lower(full_name) = lower(?)
                   OR lower(pet_name) = lower(?) OR id LIKE ? ESCAPE '\\' ORDER BY name, id""",
            (key, key, key, _like_escape(key) + "%"),
        ).fetchall()
        return self._people_from_rows(rows)

    def _people_from_rows(self, rows: list[sqlite3.Row]) -> list[PersonRecord]:
        people = []
        for r in rows:
            d = dict(r)
            d["places"] = json.loads(d["places"] or "[]")
            people.append(PersonRecord(**d))
        if not people:
            return people
        by_id = {p.id: p for p in people}
        marks = ",".join("?" * len(by_id))
        ids = list(by_id)
        for r in self.db.execute(
            f"SELECT person_id, kind, date FROM dates WHERE person_id IN ({marks}) ORDER BY date", ids
        ):
            by_id[r["person_id"]].dates[r["kind"]] = r["date"]
        mems: dict[str, MemoryRecord] = {}
        for r in self.db.execute(
            f"SELECT * FROM memories WHERE person_id IN ({marks}) ORDER BY position, created", ids
        ):
            m = MemoryRecord(**dict(r))
            mems[m.id] = m
            by_id[m.person_id].memories.append(m)
        if mems:
            for r in self.db.execute(
                f"""SELECT lm.memory_id, lm.letter_id FROM letter_memories lm
                    JOIN letters l ON l.id = lm.letter_id
                    WHERE lm.memory_id IN ({",".join("?" * len(mems))})
                    ORDER BY l.letter_date, l.created""",
                list(mems),
            ):
                mems[r["memory_id"]].letters.append(r["letter_id"])
        return people

    @_translated
    def add_memory(self, person_id: str, text: str) -> str:
        """One more memory for a person, last in their list (the position is read inside the transaction)."""
        mid = new_id()
        with self.transaction() as db:
            row = db.execute(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM memories WHERE person_id = ?", (person_id,)
            ).fetchone()
            db.execute(
                "INSERT INTO memories (id, person_id, position, text, created) VALUES (?, ?, ?, ?, ?)",
                (mid, person_id, row[0], text, now_iso()),
            )
        return mid

    @_translated
    def save_letter(
        self, letter: LetterRecord, memory_ids: list[str] = (), new_memories: list[str] = ()
    ) -> str:
        """Insert or update a letter, link the memories it used, index it; one transaction. Returns its id.

        `new_memories` are memory texts first told in this letter: they join the person's file.
        Saving the same letter again (the window saves as the writer types) drops the memories it
        first told and no longer tells, so half-typed memories never pile up in the file.
        """
        stamp = now_iso()
        letter.id = letter.id or new_id()
        with self.transaction() as db:
            ids = list(memory_ids)
            self._put_letter(db, letter, stamp)
            db.execute("DELETE FROM letter_memories WHERE letter_id = ?", (letter.id,))
            keep = f"AND id NOT IN ({','.join('?' * len(ids))})" if ids else ""  # NOT IN () is not SQL
            db.execute(
                f"""DELETE FROM memories WHERE origin_letter = ? {keep}
                    AND id NOT IN (SELECT memory_id FROM letter_memories)""",
                [letter.id, *ids],
            )
            if new_memories and letter.person_id:
                pos = db.execute(
                    "SELECT COALESCE(MAX(position), -1) + 1 FROM memories WHERE person_id = ?",
                    (letter.person_id,),
                ).fetchone()[0]
                for i, text in enumerate(new_memories):
                    mid = new_id()
                    db.execute(
                        """INSERT INTO memories (id, person_id, position, text, created, origin_letter)
                           VALUES (?, ?, ?, ?, ?, ?)""",
                        (mid, letter.person_id, pos + i, text, stamp, letter.id),
                    )
                    ids.append(mid)
            for mid in dict.fromkeys(ids):
                db.execute(
                    "INSERT INTO letter_memories (letter_id, memory_id) VALUES (?, ?)", (letter.id, mid)
                )
            self._index_letter(db, letter.id)
        return letter.id

    def _put_letter(self, db: sqlite3.Connection, lt: LetterRecord, stamp: str) -> None:
        if lt.status not in LETTER_STATUSES:
            raise StoreError(f"unknown letter status {lt.status!r} (one of {', '.join(LETTER_STATUSES)})")
        db.execute(
            """INSERT INTO letters (id, client_id, person_id, template, template_version, occasion, brief,
                                    options, rendered_text, edited_text, status, letter_date, created,
                                    updated, export_path)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(id) DO UPDATE SET client_id = excluded.client_id,
                   person_id = excluded.person_id, template = excluded.template,
                   template_version = excluded.template_version, occasion = excluded.occasion,
                   brief = excluded.brief, options = excluded.options,
                   rendered_text = excluded.rendered_text, edited_text = excluded.edited_text,
                   status = excluded.status, letter_date = excluded.letter_date,
                   updated = excluded.updated, export_path = excluded.export_path""",
            (
                lt.id,
                lt.client_id,
                lt.person_id,
                lt.template,
                lt.template_version,
                lt.occasion,
                json.dumps(lt.brief, ensure_ascii=False, sort_keys=True),
                json.dumps(lt.options, ensure_ascii=False, sort_keys=True),
                lt.rendered_text,
                lt.edited_text,
                lt.status,
                lt.letter_date or stamp[:10],
                lt.created or stamp,
                lt.updated or stamp,
                lt.export_path,
            ),
        )

    def _index_letter(self, db: sqlite3.Connection, letter_id: str) -> None:
        # a letter's index row is found by its number (rowid), never by scanning the index
        db.execute(
            """UPDATE letters SET doc = (SELECT COALESCE(MAX(doc), 0) + 1 FROM letters)
               WHERE id = ? AND doc IS NULL""",
            (letter_id,),
        )
        db.execute(
            "DELETE FROM letters_fts WHERE rowid = (SELECT doc FROM letters WHERE id = ?)", (letter_id,)
        )
        db.execute(
            """INSERT INTO letters_fts (rowid, body, client, recipient, occasion)
               SELECT l.doc, COALESCE(l.edited_text, l.rendered_text), c.name,
                      COALESCE(p.name || ' ' || p.full_name || ' ' || p.pet_name, ''),
                      l.occasion || ' ' || l.template
               FROM letters l JOIN clients c ON c.id = l.client_id
               LEFT JOIN people p ON p.id = l.person_id WHERE l.id = ?""",
            (letter_id,),
        )

    @_translated
    def set_letter_status(self, letter_id: str, status: str, export_path: str | None = None) -> None:
        if status not in LETTER_STATUSES:
            raise StoreError(f"unknown letter status {status!r} (one of {', '.join(LETTER_STATUSES)})")
        with self.transaction() as db:
            db.execute(
                """UPDATE letters SET status = ?, export_path = COALESCE(?, export_path), updated = ?
                   WHERE id = ?""",
                (status, export_path, now_iso(), letter_id),
            )

    @_translated
    def get_letter(self, letter_id: str) -> LetterRecord | None:
        rows = self.db.execute(_LETTER_SELECT + " WHERE l.id = ?", (letter_id,)).fetchall()
        found = [_letter(r) for r in rows]
        return found[0] if found else None

    @_translated
    def find_letters(self, prefix: str) -> list[LetterRecord]:
        """Letters whose id starts with `prefix` (people type the first few characters)."""
        rows = self.db.execute(
            _LETTER_SELECT + " WHERE l.id LIKE ? ESCAPE '\\' ORDER BY l.letter_date DESC",
            (_like_escape(prefix.strip()) + "%",),
        ).fetchall()
        return [_letter(r) for r in rows]

    @_translated
    def list_letters(
        self,
        *,
        client_id: str | None = None,
        person_id: str | None = None,
        search: str | None = None,
        occasion: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        limit: int | None = None,
    ) -> list[LetterRecord]:
        """Letters, newest first, narrowed by client, person, occasion, dates and a full-text search.

        In `search`, words match the letter's text, client, recipient or occasion (all words, any
        order, as prefixes); a word shaped like a date (2025, 2025-06, 2025-06-14) matches the
        letter's date instead.
        """
        where, args = [], []
        if client_id:
            where.append("l.client_id = ?")
            args.append(client_id)
        if person_id:
            where.append("l.person_id = ?")
            args.append(person_id)
        if occasion:
            where.append("(lower(l.occasion) = lower(?) OR lower(l.template) = lower(?))")
            args += [occasion, occasion]
        if date_from:
            where.append("l.letter_date >= ?")
            args.append(date_from)
        if date_to:
            where.append("l.letter_date <= ?")
            args.append(date_to)
        words = []
        for token in (search or "").split():
            if _DATE_TOKEN.match(token):
                where.append("l.letter_date LIKE ?")
                args.append(token + "%")
            else:
                words.append(token)
        match = _fts_query(" ".join(words))
        if match:
            where.append("l.doc IN (SELECT rowid FROM letters_fts WHERE letters_fts MATCH ?)")
            args.append(match)
        elif words:
            return []  # only punctuation: nothing can match
        sql = _LETTER_SELECT
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY l.letter_date DESC, l.created DESC, l.id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [_letter(r) for r in self.db.execute(sql, args).fetchall()]

    @_translated
    def all_dates(self) -> list[DateRecord]:
        """Every stored date of every person, with the person's and client's names."""
        rows = self.db.execute(
            """SELECT d.person_id, p.name AS person_name, p.client_id, c.name AS client_name,
                      d.kind, d.date
               FROM dates d JOIN people p ON p.id = d.person_id JOIN clients c ON c.id = p.client_id"""
        ).fetchall()
        return [DateRecord(*r) for r in rows]  # columns in the dataclass order

    @_translated
    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("clients", "people", "dates", "memories", "letters", "drafts"):
            out[table] = int(self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
        return out

    @_translated
    def dump(self) -> dict[str, list[dict[str, Any]]]:
        """Every archive row as plain values, table by table (the archive export)."""
        out: dict[str, list[dict[str, Any]]] = {}
        for table, order in _DUMP_TABLES:
            cols = ", ".join(_DUMP_COLUMNS[table])  # not `doc`: index numbers are local to a database
            out[table] = [dict(r) for r in self.db.execute(f"SELECT {cols} FROM {table} ORDER BY {order}")]
        return out

    @_translated
    def load(self, tables: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
        """Insert or replace rows as `dump` gives them, in one transaction (the archive import)."""
        counts = {}
        with self.transaction() as db:
            for table, _order in _DUMP_TABLES:
                rows = tables.get(table, [])
                keys = _DUMP_KEYS[table]
                for row in rows:
                    cols = [c for c in _DUMP_COLUMNS[table] if c in row]
                    rest = [c for c in cols if c not in keys]
                    update = (
                        f"DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in rest)}"
                        if rest
                        else "DO NOTHING"
                    )
                    db.execute(
                        f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))}) "
                        f"ON CONFLICT ({', '.join(keys)}) {update}",
                        [row[c] for c in cols],
                    )
                counts[table] = len(rows)
            for row in tables.get("letters", []):
                self._index_letter(db, row.get("id"))
        return counts


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


def _kind(exc: sqlite3.DatabaseError) -> str:
    text = str(exc)
    if "not a database" in text or "malformed" in text or "disk image" in text:
        return "corrupt"
    if "locked" in text or "busy" in text:
        return "locked"
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return "readonly"
    # SQLITE_FULL, and SQLITE_IOERR: on a full disk even reading fails, as the WAL index (-shm)
    # cannot be made. The file itself is fine: never a reason for a fresh database.
    if "disk is full" in text or "disk I/O error" in text:
        return "full"
    return "other"


def _why(exc: sqlite3.DatabaseError, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> str:
    kind = _kind(exc)
    if kind == "corrupt":
        return "the database file is damaged (not a SQLite database or malformed)"
    if kind == "locked":
        return f"the database is locked by another program for more than {busy_timeout_ms / 1000:g} s"
    if kind == "readonly":
        return "the database cannot be written (read-only file or folder)"
    if kind == "full":
        return "the disk is full (or failing): the database cannot be written"
    return str(exc)


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
