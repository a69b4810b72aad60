"""The archive's store: every SQL statement about clients, people, dates, memories and letters.

One small interface over a database (`storage.sqlite.Database` or `storage.postgres.PgDatabase`:
`execute`, `transaction`, `lock`): the code above it sees records (`archive.records`) and
StoreError only. Plain SQL with `?` parameters and standard types, the same on both engines;
full-text search sits in `archive.search`. Drafts and window sessions are not here: they stay
local (`storage.drafts`) wherever the archive lives.

Many desks may write at once (a firm's archive on PostgreSQL): a write that reads before it
writes (a memory's place in the list, a client's index row, a name already taken) first takes
the lock of what it changes (`db.lock("client:ID")`), so two desks take turns there. A client's
file has a version, raised by every change to it; an edit made on an older copy is refused
(ClientChanged) instead of undoing another writer's.
"""

from __future__ import annotations

import datetime as _dt
import json
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from letterwriter.archive.records import (
    LETTER_STATUSES,
    ClientChanged,
    ClientRecord,
    ClientSummary,
    DateRecord,
    DuplicateClient,
    LetterRecord,
    MemoryRecord,
    PersonRecord,
)
from letterwriter.archive.schema import TABLES
from letterwriter.archive.search import (
    clients_where,
    index_all,
    index_client,
    index_letter,
    letters_where,
    terms,
)
from letterwriter.storage import new_id, now_iso
from letterwriter.storage.sqlite import StoreError, like_escape, translated

COPY_BATCH = 500  # rows a copy sends at once (one progress step)
# Named columns, never *: a newer Letterwriter's file (read read-only) may have more.
_CLIENT = ", ".join((*TABLES["clients"][1], "version", "updated_by"))
_PERSON = ", ".join(TABLES["people"][1])
_MEMORY = ", ".join(TABLES["memories"][1])
_LETTER_SELECT = f"""SELECT {", ".join("l." + c for c in TABLES["letters"][1])},
           c.name AS client_name, COALESCE(p.name, '') AS person_name
    FROM letters l JOIN clients c ON c.id = l.client_id LEFT JOIN people p ON p.id = l.person_id"""


def name_key(name: str) -> str:
    """A client's name as a person means it: case, spacing and Unicode form do not make another client."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _row(row: Any) -> dict[str, Any]:
    """A row (sqlite3's or psycopg's) as a dict: by its names in one pass, not a lookup per column."""
    return dict(zip(row.keys(), row, strict=True))


def _letter(row: Any) -> LetterRecord:
    d = _row(row)
    d["brief"] = json.loads(d["brief"] or "{}")
    d["options"] = json.loads(d["options"] or "{}")
    return LetterRecord(**d)


class ArchiveStore:
    """The client archive in one database; `writer` is who this desk writes as (letters record it)."""

    def __init__(self, db: Any, writer: str = "") -> None:
        self.db = db
        self.writer = writer

    @classmethod
    def open(cls, where: Path | str, writer: str = "", **kw: Any) -> ArchiveStore:
        """The archive in the local database at `where`, or on the PostgreSQL server a URL names
        (made or upgraded as needed)."""
        from letterwriter.storage.postgres import is_url

        if isinstance(where, str) and is_url(where):
            from letterwriter.archive.schema import MIGRATIONS, step_sql
            from letterwriter.storage.postgres import PgDatabase

            return cls(PgDatabase(where, [step_sql(s, "postgresql") for s in MIGRATIONS], **kw), writer)
        from letterwriter.storage.local import open_database

        return cls(open_database(where, **kw), writer)

    @property
    def engine(self) -> str:
        """ "sqlite" or "postgresql"."""
        return self.db.dialect

    @property
    def where(self) -> str:
        """The file or the server (never a password), as messages and `doctor` say it."""
        return self.db.where

    @property
    def readonly(self) -> bool:
        return self.db.readonly

    @property
    def path(self) -> Path:
        return self.db.path

    @property
    def version(self) -> int:
        return self.db.version

    def close(self) -> None:
        self.db.close()

    def check_writable(self) -> None:
        """StoreError now when a save would fail (locked, read-only, a full disk)."""
        self.db.check_writable()

    # --- clients and people ---------------------------------------------------------------
    @translated
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
        client.updated_by = client.updated_by or self.writer
        # two desks adding the same name: the second sees the first
        with self.db.transaction(*(["clients"] if unique_name else [])) as db:
            if unique_name:
                key = name_key(client.name)
                for row in db.execute("SELECT id, name FROM clients ORDER BY created, id"):
                    if name_key(row["name"]) == key:
                        raise DuplicateClient(row["id"], row["name"])
            self._put_client(db, client, stamp)
            for pos, person in enumerate(people):
                person.client_id = client.id
                person.position = pos
                self._put_person(db, person)
            index_client(db, client.id)
        return client.id

    def _put_client(self, db: Any, c: ClientRecord, stamp: str) -> None:
        db.execute(
            """INSERT INTO clients (id, name, notes, created, updated, updated_by) VALUES (?, ?, ?, ?, ?, ?)
               ON CONFLICT(id) DO UPDATE SET name = excluded.name, notes = excluded.notes,
                   updated = excluded.updated, updated_by = excluded.updated_by,
                   version = clients.version + 1""",
            (c.id, c.name, c.notes, c.created or stamp, c.updated or stamp, c.updated_by),
        )

    @translated
    def update_client(self, client: ClientRecord, *, version: int) -> int:
        """Change a client's name and notes if their file is still at `version`; returns the new version.

        ClientChanged when another writer changed the file since it was read: nothing is written.
        """
        with self.db.transaction(f"client:{client.id}") as db:
            changed = db.execute(
                """UPDATE clients SET name = ?, notes = ?, updated = ?, updated_by = ?, version = version + 1
                   WHERE id = ? AND version = ?""",
                (client.name, client.notes, now_iso(), self.writer, client.id, version),
            ).rowcount
            if not changed:
                self._changed(db, client.id, version)
            index_client(db, client.id)
        return version + 1

    def check_version(self, db: Any, client_id: str, version: int) -> None:
        """Inside a write transaction: ClientChanged unless the client's file is at `version`.

        An edit of a client's file (its people, dates, memories) calls this first with the
        version it was shown, then `touch_client`: the later of two edits made on the same copy
        is refused, whichever desk makes it.
        """
        db.lock(f"client:{client_id}")
        row = db.execute("SELECT version FROM clients WHERE id = ?", (client_id,)).fetchone()
        if row is None or int(row[0]) != version:
            self._changed(db, client_id, version)

    def touch_client(self, db: Any, client_id: str) -> None:
        """Inside a write transaction: the client's file changed (its version goes up, its index follows)."""
        db.execute(
            "UPDATE clients SET version = version + 1, updated = ?, updated_by = ? WHERE id = ?",
            (now_iso(), self.writer, client_id),
        )
        index_client(db, client_id)

    def _changed(self, db: Any, client_id: str, version: int) -> None:
        row = db.execute(
            "SELECT name, version, updated, updated_by FROM clients WHERE id = ?", (client_id,)
        ).fetchone()
        if row is None:
            raise StoreError(
                f"the client {client_id} is no longer in the archive: nothing was saved", "changed"
            )
        raise ClientChanged(row[0], int(row[1]), version, row[2], row[3])

    def _put_person(self, db: Any, p: PersonRecord) -> None:
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

    @translated
    def list_clients(self, search: str | None = None) -> list[ClientSummary]:
        """Clients by name, with counts, narrowed by a search (see `archive.search`).

        In `search`, words match the client's name, their people, places, memories or notes.
        """
        sql = """SELECT c.id, c.name, c.notes,
                        (SELECT COUNT(*) FROM people p WHERE p.client_id = c.id) AS people,
                        (SELECT COUNT(*) FROM letters l WHERE l.client_id = c.id) AS letters,
                        (SELECT MAX(l.letter_date) FROM letters l WHERE l.client_id = c.id) AS last_letter
                 FROM clients c"""
        found = terms(search)
        if found.unmatchable:
            return []
        where, args = clients_where(found, self.db.dialect)
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY lower(c.name), c.id"
        return [ClientSummary(**_row(r)) for r in self.db.execute(sql, args).fetchall()]

    @translated
    def get_client(self, client_id: str) -> ClientRecord | None:
        row = self.db.execute(f"SELECT {_CLIENT} FROM clients WHERE id = ?", (client_id,)).fetchone()
        return ClientRecord(**_row(row)) if row else None

    @translated
    def find_clients(self, name: str) -> list[ClientRecord]:
        """Clients whose name is `name` (ignoring case), or whose id starts with it."""
        rows = self.db.execute(
            f"""SELECT {_CLIENT} FROM clients WHERE lower(name) = lower(?) OR id LIKE ? ESCAPE '\\'
                ORDER BY name""",
            (name.strip(), like_escape(name.strip()) + "%"),
        ).fetchall()
        return [ClientRecord(**_row(r)) for r in rows]

    @translated
    def people(self, client_id: str) -> list[PersonRecord]:
        """A client's people, each with their dates and memories (and the letters that used each)."""
        rows = self.db.execute(
            f"SELECT {_PERSON} FROM people WHERE client_id = ? ORDER BY position, name", (client_id,)
        ).fetchall()
        return self._people_from_rows(rows)

    @translated
    def get_person(self, person_id: str) -> PersonRecord | None:
        rows = self.db.execute(f"SELECT {_PERSON} FROM people WHERE id = ?", (person_id,)).fetchall()
        found = self._people_from_rows(rows)
        return found[0] if found else None

    @translated
    def find_people(self, name: str) -> list[PersonRecord]:
        """People called `name` (name, full name or pet name, ignoring case), or whose id starts with it."""
        key = name.strip()
        rows = self.db.execute(
            f"""SELECT {_PERSON} FROM people WHERE lower(name) = lower(?) OR lower(full_name) = lower(?)
                   OR lower(pet_name) = lower(?) OR id LIKE ? ESCAPE '\\' ORDER BY name, id""",
            (key, key, key, like_escape(key) + "%"),
        ).fetchall()
        return self._people_from_rows(rows)

    def _people_from_rows(self, rows: list[Any]) -> list[PersonRecord]:
        people = []
        for r in rows:
            d = _row(r)
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
            f"SELECT {_MEMORY} FROM memories WHERE person_id IN ({marks}) ORDER BY position, created", ids
        ):
            m = MemoryRecord(**_row(r))
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

    @translated
    def add_memory(self, person_id: str, text: str, *, version: int | None = None) -> str:
        """One more memory for a person, last in their list (the position is read inside the transaction).

        With `version`, the client's file must still be at it (see `check_version`).
        """
        mid = new_id()
        with self.db.transaction() as db:
            owner = db.execute("SELECT client_id FROM people WHERE id = ?", (person_id,)).fetchone()
            if owner is not None:
                if version is not None:
                    self.check_version(db, owner[0], version)
                db.lock(f"client:{owner[0]}")
            db.execute(
                """INSERT INTO memories (id, person_id, position, text, created)
                   SELECT ?, ?, COALESCE(MAX(position), -1) + 1, ?, ? FROM memories WHERE person_id = ?""",
                (mid, person_id, text, now_iso(), person_id),
            )
            if owner is not None:
                self.touch_client(db, owner[0])
        return mid

    # --- letters --------------------------------------------------------------------------
    @translated
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
        letter.writer = letter.writer or self.writer
        # the client's lock: its memories' places and its index row, one writer at a time
        with self.db.transaction(f"client:{letter.client_id}") as db:
            ids = list(memory_ids)
            self._put_letter(db, letter, stamp)
            db.execute("DELETE FROM letter_memories WHERE letter_id = ?", (letter.id,))
            keep = f"AND id NOT IN ({','.join('?' * len(ids))})" if ids else ""  # NOT IN () is not SQL
            dropped = db.execute(
                f"""DELETE FROM memories WHERE origin_letter = ? {keep}
                    AND NOT EXISTS (SELECT 1 FROM letter_memories lm WHERE lm.memory_id = memories.id)""",
                [letter.id, *ids],
            ).rowcount
            if new_memories and letter.person_id:
                for text in new_memories:
                    mid = new_id()
                    db.execute(
                        """INSERT INTO memories (id, person_id, position, text, created, origin_letter)
                           SELECT ?, ?, COALESCE(MAX(position), -1) + 1, ?, ?, ? FROM memories
                           WHERE person_id = ?""",
                        (mid, letter.person_id, text, stamp, letter.id, letter.person_id),
                    )
                    ids.append(mid)
            for mid in dict.fromkeys(ids):
                db.execute(
                    "INSERT INTO letter_memories (letter_id, memory_id) VALUES (?, ?)", (letter.id, mid)
                )
            index_letter(db, letter.id)
            if dropped or (new_memories and letter.person_id):
                self.touch_client(db, letter.client_id)  # the memories it first told (or no longer tells)
        return letter.id

    def _put_letter(self, db: Any, letter: LetterRecord, stamp: str) -> None:
        if letter.status not in LETTER_STATUSES:
            raise StoreError(f"unknown letter status {letter.status!r} (one of {', '.join(LETTER_STATUSES)})")
        db.execute(
            """INSERT INTO letters (id, client_id, person_id, template, template_version, occasion, brief,
                                    options, rendered_text, edited_text, status, letter_date, created,
                                    updated, export_path, writer)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(id) DO UPDATE SET client_id = excluded.client_id,
                   person_id = excluded.person_id, template = excluded.template,
                   template_version = excluded.template_version, occasion = excluded.occasion,
                   brief = excluded.brief, options = excluded.options,
                   rendered_text = excluded.rendered_text, edited_text = excluded.edited_text,
                   status = excluded.status, letter_date = excluded.letter_date,
                   updated = excluded.updated, export_path = excluded.export_path,
                   writer = CASE WHEN letters.writer = '' THEN excluded.writer ELSE letters.writer END""",
            (
                letter.id,
                letter.client_id,
                letter.person_id,
                letter.template,
                letter.template_version,
                letter.occasion,
                json.dumps(letter.brief, ensure_ascii=False, sort_keys=True),
                json.dumps(letter.options, ensure_ascii=False, sort_keys=True),
                letter.rendered_text,
                letter.edited_text,
                letter.status,
                letter.letter_date or stamp[:10],
                letter.created or stamp,
                letter.updated or stamp,
                letter.export_path,
                letter.writer,  # who first wrote it: a colleague's later save keeps it
            ),
        )

    @translated
    def get_letter(self, letter_id: str) -> LetterRecord | None:
        rows = self.db.execute(_LETTER_SELECT + " WHERE l.id = ?", (letter_id,)).fetchall()
        found = [_letter(r) for r in rows]
        return found[0] if found else None

    @translated
    def find_letters(self, prefix: str) -> list[LetterRecord]:
        """Letters whose id starts with `prefix` (people type the first few characters)."""
        rows = self.db.execute(
            _LETTER_SELECT + " WHERE l.id LIKE ? ESCAPE '\\' ORDER BY l.letter_date DESC",
            (like_escape(prefix.strip()) + "%",),
        ).fetchall()
        return [_letter(r) for r in rows]

    @translated
    def list_letters(
        self,
        *,
        client_id: str | None = None,
        person_id: str | None = None,
        search: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        writer: str | None = None,
    ) -> list[LetterRecord]:
        """Letters, newest first, narrowed by client, person, dates and a search (see `archive.search`).

        In `search`, words match the letter's text, client, recipient or occasion.
        """
        where, args = [], []
        if client_id:
            where.append("l.client_id = ?")
            args.append(client_id)
        if person_id:
            where.append("l.person_id = ?")
            args.append(person_id)
        if date_from:
            where.append("l.letter_date >= ?")
            args.append(date_from)
        if date_to:
            where.append("l.letter_date <= ?")
            args.append(date_to)
        if writer is not None:
            where.append("lower(l.writer) = lower(?)")
            args.append(writer.strip())
        found = terms(search)
        if found.unmatchable:
            return []
        more, more_args = letters_where(found, self.db.dialect)
        where += more
        args += more_args
        sql = _LETTER_SELECT
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY l.letter_date DESC, l.created DESC, l.id"
        return [_letter(r) for r in self.db.execute(sql, args).fetchall()]

    # --- dates, counts, export and import -----------------------------------------------------
    @translated
    def all_dates(self) -> list[DateRecord]:
        """Every stored date of every person, with the person's and client's names."""
        rows = self.db.execute(
            """SELECT d.person_id, p.name AS person_name, p.client_id, c.name AS client_name,
                      d.kind, d.date
               FROM dates d JOIN people p ON p.id = d.person_id JOIN clients c ON c.id = p.client_id"""
        ).fetchall()
        return [DateRecord(*r) for r in rows]  # columns in the dataclass order

    @translated
    def coming_dates(self, today: _dt.date, days: int) -> list[DateRecord]:
        """The dates that may come round within `days` of `today`, chosen in SQL by month and day.

        A few more than come round (a leap day, a date still ahead): `archive.dates` works out
        each one's next day. Beyond a year, every date comes round.
        """
        sql = """SELECT d.person_id, p.name AS person_name, p.client_id, c.name AS client_name,
                        d.kind, d.date
                 FROM dates d JOIN people p ON p.id = d.person_id JOIN clients c ON c.id = p.client_id"""
        if days >= 365:
            return [DateRecord(*r) for r in self.db.execute(sql).fetchall()]
        first, last = today.strftime("%m-%d"), (today + _dt.timedelta(days=days)).strftime("%m-%d")
        day = "substr(d.date, 6, 5)"
        window = f"{day} BETWEEN ? AND ?" if first <= last else f"({day} >= ? OR {day} <= ?)"
        # a leap day comes round on 28 February in other years; a date still ahead is itself
        sql += f" WHERE {window} OR {day} = '02-29' OR d.date >= ?"
        rows = self.db.execute(sql, (first, last, today.isoformat())).fetchall()
        return [DateRecord(*r) for r in rows]

    @translated
    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("clients", "people", "dates", "memories", "letters"):
            out[table] = int(self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
        return out

    @translated
    def dump(self) -> dict[str, list[dict[str, Any]]]:
        """Every archive row as plain values, table by table (the archive export)."""
        out: dict[str, list[dict[str, Any]]] = {}
        for table, (key, columns) in TABLES.items():
            sql = f"SELECT {', '.join(columns)} FROM {table} ORDER BY {', '.join(key)}"
            out[table] = [_row(r) for r in self.db.execute(sql)]
        return out

    @translated
    def load(self, tables: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
        """Insert or replace rows as `dump` gives them, in one transaction (the archive import)."""
        counts = {}
        with self.db.transaction() as db:
            db.lock_all()  # an import is the only writer while it runs
            for table, (key, columns) in TABLES.items():
                rows = tables.get(table, [])
                for row in rows:
                    cols = [c for c in columns if c in row]
                    rest = [c for c in cols if c not in key]
                    update = (
                        f"DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in rest)}"
                        if rest
                        else "DO NOTHING"
                    )
                    db.execute(
                        f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))}) "
                        f"ON CONFLICT ({', '.join(key)}) {update}",
                        [row[c] for c in cols],
                    )
                counts[table] = len(rows)
            for row in tables.get("letters", []):
                index_letter(db, row.get("id"))
            for client_id in self._clients_of(db, tables):
                db.execute("UPDATE clients SET version = version + 1 WHERE id = ?", (client_id,))
                index_client(db, client_id)
        return counts

    @translated
    def copy_in(
        self, tables: dict[str, list[dict[str, Any]]], progress: Callable[[int, int, str], None] | None = None
    ) -> dict[str, int]:
        """Every row as `dump` gives them into this (empty) archive, in one transaction, in batches
        (`archive migrate`); `progress(done, total, table)` hears each batch."""
        total, done, counts = sum(len(rows) for rows in tables.values()), 0, {}
        with self.db.transaction() as db:
            db.lock_all()
            for table, (_key, columns) in TABLES.items():
                rows = tables.get(table, [])
                sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
                for start in range(0, len(rows), COPY_BATCH):
                    batch = rows[start : start + COPY_BATCH]
                    db.executemany(sql, [[row.get(c) for c in columns] for row in batch])
                    done += len(batch)
                    if progress:
                        progress(done, total, table)
                counts[table] = len(rows)
            if progress:
                progress(done, total, "search index")
            index_all(db)
        return counts

    def _clients_of(self, db: Any, tables: dict[str, list[dict[str, Any]]]) -> set[str]:
        """The clients whose files these rows change (their index rows are rebuilt)."""
        ids = {row["id"] for row in tables.get("clients", [])}
        ids |= {row["client_id"] for row in tables.get("people", [])}
        person_ids = {row["person_id"] for name in ("dates", "memories") for row in tables.get(name, [])}
        for pid in person_ids:
            ids |= {r[0] for r in db.execute("SELECT client_id FROM people WHERE id = ?", (pid,))}
        return ids
