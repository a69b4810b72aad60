"""The archive's store: every SQL statement about clients, people, dates, memories and letters.

One small interface over a `Database` (a connection with `execute` and `transaction`): the
code above it sees records (`archive.records`) and StoreError only. Plain SQL with `?`
parameters and standard types; full-text search sits in `archive.search`. Drafts and window
sessions are not here: they stay local (`storage.drafts`) wherever the archive lives.

Every change is one transaction; `batch()` makes several one (a `clients edit` patch). Removing
a client or person keeps them whole, letters and all, in `removed` until they are restored.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

from letterwriter.archive.records import (
    LETTER_STATUSES,
    ClientRecord,
    ClientSummary,
    DateRecord,
    DuplicateClient,
    LetterRecord,
    MemoryRecord,
    PersonRecord,
    RemovedRecord,
)
from letterwriter.archive.schema import TABLES
from letterwriter.archive.search import (
    clients_where,
    index_client,
    index_letter,
    letters_where,
    terms,
    unindex_client,
    unindex_letters,
)
from letterwriter.storage import new_id, now_iso
from letterwriter.storage.sqlite import Database, StoreError, like_escape, translated

# Named columns, never *: a newer Letterwriter's file (read read-only) may have more.
_CLIENT = ", ".join(TABLES["clients"][1])
_PERSON = ", ".join(TABLES["people"][1])
_MEMORY = ", ".join(TABLES["memories"][1])
_LETTER_SELECT = f"""SELECT {", ".join("l." + c for c in TABLES["letters"][1])},
           c.name AS client_name, COALESCE(p.name, '') AS person_name
    FROM letters l JOIN clients c ON c.id = l.client_id LEFT JOIN people p ON p.id = l.person_id"""


def name_key(name: str) -> str:
    """A client's name as a person means it: case, spacing and Unicode form do not make another client."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _upsert(db: sqlite3.Connection, table: str, row: dict[str, Any], key: tuple[str, ...] = ("id",)) -> None:
    """Insert `row` (column: value) into `table`, or update the row already there with its key."""
    cols = list(row)
    rest = [c for c in cols if c not in key]
    update = f"DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in rest)}" if rest else "DO NOTHING"
    db.execute(
        f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))}) "
        f"ON CONFLICT ({', '.join(key)}) {update}",
        [row[c] for c in cols],
    )


def _memory_row(m: MemoryRecord) -> dict[str, Any]:
    return {c: getattr(m, c) for c in TABLES["memories"][1]} | {"created": m.created or now_iso()}


def _letter(row: sqlite3.Row) -> LetterRecord:
    d = dict(row)
    d["brief"] = json.loads(d["brief"] or "{}")
    d["options"] = json.loads(d["options"] or "{}")
    return LetterRecord(**d)


def _json(value: dict) -> str:
    return json.dumps(value or {}, ensure_ascii=False, sort_keys=True)


def _client(row) -> ClientRecord:
    d = dict(row)
    d["return_address"] = json.loads(d.get("return_address") or "{}")
    return ClientRecord(**d)


class ArchiveStore:
    """The client archive in one database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._depth = 0  # inside batch(): the changes join its transaction

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        if self._depth:
            yield self.db.conn
            return
        with self.db.transaction() as db:
            self._depth += 1
            try:
                yield db
            finally:
                self._depth -= 1

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Several changes as one: all of them are saved, or (on any error) none."""
        try:
            with self._writing():
                yield
        except sqlite3.DatabaseError as exc:
            raise self.db.error(exc) from None

    @translated
    def data_version(self) -> int:
        """A number that changes when another connection (a terminal, another window) commits a change.

        SQLite's own counter, read without touching a table: cheap enough to ask whenever the
        database file changes on disk.
        """
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    @classmethod
    def open(cls, path: Path | str, **kw: Any) -> ArchiveStore:
        """The archive in the local database at `path` (made or upgraded as needed)."""
        from letterwriter.storage.local import open_database

        return cls(open_database(path, **kw))

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
        with self._writing() as db:
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

    def _put_client(self, db: sqlite3.Connection, c: ClientRecord, stamp: str) -> None:
        row = {col: getattr(c, col) for col in TABLES["clients"][1]}
        row |= {"created": c.created or stamp, "updated": c.updated or stamp}
        _upsert(db, "clients", row | {"return_address": _json(c.return_address)})

    @translated
    def update_client(self, client: ClientRecord) -> None:
        """A client's own details as given: name, notes, signs-as name, their English, return address."""
        with self._writing() as db:
            found = db.execute(
                """UPDATE clients SET name = ?, notes = ?, signs_as = ?, language = ?, return_address = ?,
                   updated = ? WHERE id = ?""",
                (
                    client.name,
                    client.notes,
                    client.signs_as,
                    client.language,
                    _json(client.return_address),
                    now_iso(),
                    client.id,
                ),
            ).rowcount
            if not found:
                raise StoreError(f"no client {client.id} in the archive (removed meanwhile?)", "reference")
            index_client(db, client.id)

    @translated
    def save_person(self, person: PersonRecord) -> str:
        """Add a person to their client (last in the list) or change one: details, places and dates.

        Their memories stay as they are (`add_memory`, `update_memory` and `delete_memory` change them).
        """
        with self._writing() as db:
            there = person.id and db.execute("SELECT 1 FROM people WHERE id = ?", (person.id,)).fetchone()
            if not there:
                person.position = db.execute(
                    "SELECT COALESCE(MAX(position), -1) + 1 FROM people WHERE client_id = ?",
                    (person.client_id,),
                ).fetchone()[0]
            self._put_person(db, person, memories=False)
            index_client(db, person.client_id)
        return person.id

    def _put_person(self, db: sqlite3.Connection, p: PersonRecord, memories: bool = True) -> None:
        p.id = p.id or new_id()
        row = {c: getattr(p, c) for c in TABLES["people"][1]}
        row |= {"places": json.dumps(p.places, ensure_ascii=False), "address": _json(p.address)}
        _upsert(db, "people", row)
        db.execute("DELETE FROM dates WHERE person_id = ?", (p.id,))
        for kind, date in p.dates.items():
            db.execute(
                "INSERT INTO dates (person_id, kind, date, yearly) VALUES (?, ?, ?, ?)",
                (p.id, kind, date, int(p.yearly(kind))),
            )
        for pos, m in enumerate(p.memories if memories else ()):
            m.id = m.id or new_id()
            m.person_id = p.id
            m.position = pos
            _upsert(db, "memories", _memory_row(m))

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
        where, args = clients_where(found)
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY lower(c.name), c.id"
        return [ClientSummary(**dict(r)) for r in self.db.execute(sql, args).fetchall()]

    @translated
    def get_client(self, client_id: str) -> ClientRecord | None:
        row = self.db.execute(f"SELECT {_CLIENT} FROM clients WHERE id = ?", (client_id,)).fetchone()
        return _client(row) if row else None

    @translated
    def find_clients(self, name: str) -> list[ClientRecord]:
        """Clients whose name is `name` (ignoring case), or whose id starts with it."""
        rows = self.db.execute(
            f"""SELECT {_CLIENT} FROM clients WHERE lower(name) = lower(?) OR id LIKE ? ESCAPE '\\'
                ORDER BY name""",
            (name.strip(), like_escape(name.strip()) + "%"),
        ).fetchall()
        return [_client(r) for r in rows]

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

    def _people_from_rows(self, rows: list[sqlite3.Row]) -> list[PersonRecord]:
        people = []
        for r in rows:
            d = dict(r)
            d["places"] = json.loads(d["places"] or "[]")
            d["address"] = json.loads(d["address"] or "{}")
            people.append(PersonRecord(**d))
        if not people:
            return people
        by_id = {p.id: p for p in people}
        marks = ",".join("?" * len(by_id))
        ids = list(by_id)
        for r in self.db.execute(
            f"SELECT person_id, kind, date, yearly FROM dates WHERE person_id IN ({marks}) ORDER BY date", ids
        ):
            by_id[r["person_id"]].dates[r["kind"]] = r["date"]
            if not r["yearly"]:
                by_id[r["person_id"]].one_off.append(r["kind"])
        mems: dict[str, MemoryRecord] = {}
        for r in self.db.execute(
            f"SELECT {_MEMORY} FROM memories WHERE person_id IN ({marks}) ORDER BY position, created", ids
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

    @translated
    def add_memory(self, person_id: str, text: str, meaning: str = "") -> str:
        """One more memory for a person, last in their list (the position is read inside the transaction)."""
        mid = new_id()
        with self._writing() as db:
            row = db.execute(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM memories WHERE person_id = ?", (person_id,)
            ).fetchone()
            _upsert(db, "memories", _memory_row(MemoryRecord(mid, person_id, text, row[0], meaning=meaning)))
            self._index_person(db, person_id)
        return mid

    def _index_person(self, db: sqlite3.Connection, person_id: str) -> None:
        for (client_id,) in db.execute("SELECT client_id FROM people WHERE id = ?", (person_id,)).fetchall():
            index_client(db, client_id)

    @translated
    def get_memory(self, memory_id: str) -> MemoryRecord | None:
        """One memory, with the letters that told it (oldest first)."""
        row = self.db.execute(f"SELECT {_MEMORY} FROM memories WHERE id = ?", (memory_id,)).fetchone()
        if row is None:
            return None
        m = MemoryRecord(**dict(row))
        m.letters = [
            r[0]
            for r in self.db.execute(
                """SELECT l.id FROM letter_memories lm JOIN letters l ON l.id = lm.letter_id
                   WHERE lm.memory_id = ? ORDER BY l.letter_date, l.created""",
                (memory_id,),
            )
        ]
        return m

    @translated
    def update_memory(self, memory_id: str, text: str, meaning: str = "") -> None:
        """A memory in other words (a spelling fixed) or another meaning; the letters that told it stay."""
        with self._writing() as db:
            row = db.execute("SELECT person_id FROM memories WHERE id = ?", (memory_id,)).fetchone()
            if row is None:
                raise StoreError(f"no memory {memory_id} in the archive (removed meanwhile?)", "reference")
            db.execute("UPDATE memories SET text = ?, meaning = ? WHERE id = ?", (text, meaning, memory_id))
            self._index_person(db, row[0])

    @translated
    def delete_memory(self, memory_id: str) -> None:
        """A memory out of the file (the letters that told it keep their text; `restore_memory` undoes it)."""
        with self._writing() as db:
            row = db.execute("SELECT person_id FROM memories WHERE id = ?", (memory_id,)).fetchone()
            if row is not None:
                db.execute("DELETE FROM memories WHERE id = ?", (memory_id,))
                self._index_person(db, row[0])

    @translated
    def restore_memory(self, memory: MemoryRecord) -> None:
        """A deleted memory back as it was: its id, place, meaning and the letters that told it."""
        with self._writing() as db:
            _upsert(db, "memories", _memory_row(memory))
            for letter_id in memory.letters:
                db.execute(
                    """INSERT INTO letter_memories (letter_id, memory_id) SELECT id, ? FROM letters
                       WHERE id = ? AND NOT EXISTS (SELECT 1 FROM letter_memories
                                                    WHERE letter_id = ? AND memory_id = ?)""",
                    (memory.id, letter_id, letter_id, memory.id),
                )
            self._index_person(db, memory.person_id)

    # --- letters --------------------------------------------------------------------------
    @translated
    def save_letter(
        self,
        letter: LetterRecord,
        memory_ids: list[str] = (),
        new_memories: list[str] = (),
        corrected: list[MemoryRecord] = (),
    ) -> str:
        """Insert or update a letter, link the memories it used, index it; one transaction. Returns its id.

        `new_memories` are memory texts first told in this letter (a `model.Memory` keeps its
        meaning): they join the person's file. `corrected` are memories of the file that this
        letter tells in other words (a spelling fixed): the file takes their text and meaning.
        Saving the same letter again (the window saves as the writer types) drops the memories it
        first told and no longer tells, so half-typed memories never pile up in the file.
        """
        stamp = now_iso()
        letter.id = letter.id or new_id()
        with self._writing() as db:
            ids = list(memory_ids) + [m.id for m in corrected]
            for m in corrected:
                db.execute(
                    "UPDATE memories SET text = ?, meaning = ? WHERE id = ?", (m.text, m.meaning, m.id)
                )
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
                    meaning = getattr(text, "meaning", "")  # a model.Memory carries the client's meaning
                    new = MemoryRecord(mid, letter.person_id, str(text), pos + i, stamp, letter.id, meaning)
                    _upsert(db, "memories", _memory_row(new))
                    ids.append(mid)
            for mid in dict.fromkeys(ids):
                db.execute(
                    "INSERT INTO letter_memories (letter_id, memory_id) VALUES (?, ?)", (letter.id, mid)
                )
            index_letter(db, letter.id)
            index_client(db, letter.client_id)  # the memories it first told (or no longer tells)
        return letter.id

    def _put_letter(self, db: sqlite3.Connection, letter: LetterRecord, stamp: str) -> None:
        if letter.status not in LETTER_STATUSES:
            raise StoreError(f"unknown letter status {letter.status!r} (one of {', '.join(LETTER_STATUSES)})")
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
        found = terms(search)
        if found.unmatchable:
            return []
        more, more_args = letters_where(found)
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
                      d.kind, d.date, d.yearly
               FROM dates d JOIN people p ON p.id = d.person_id JOIN clients c ON c.id = p.client_id"""
        ).fetchall()
        return [DateRecord(*r[:6], bool(r[6])) for r in rows]  # columns in the dataclass order

    @translated
    def letter_count(self, *, client_id: str | None = None, person_id: str | None = None) -> int:
        """How many letters a client (or one person) has in the archive."""
        column, value = ("person_id", person_id) if person_id else ("client_id", client_id)
        return int(
            self.db.execute(f"SELECT COUNT(*) FROM letters WHERE {column} = ?", (value,)).fetchone()[0]
        )

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
            out[table] = [dict(r) for r in self.db.execute(sql)]
        return out

    @translated
    def load(self, tables: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
        """Insert or replace rows as `dump` gives them, in one transaction (the archive import)."""
        with self._writing() as db:
            return self._load(db, tables)

    def _load(self, db: sqlite3.Connection, tables: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
        counts = {}
        for table, (key, columns) in TABLES.items():
            rows = tables.get(table, [])
            for row in rows:
                _upsert(db, table, {c: row[c] for c in columns if c in row}, key)
            counts[table] = len(rows)
        for row in tables.get("letters", []):
            index_letter(db, row.get("id"))
        for client_id in self._clients_of(db, tables):
            index_client(db, client_id)
        return counts

    # --- removed clients and people -----------------------------------------------------------
    # Each table's rows that belong to a client (or a person): their file and every letter.
    _OF_CLIENT = {
        "clients": "id = ?",
        "people": "client_id = ?",
        "dates": "person_id IN (SELECT id FROM people WHERE client_id = ?)",
        "memories": "person_id IN (SELECT id FROM people WHERE client_id = ?)",
        "letters": "client_id = ?",
        "letter_memories": "letter_id IN (SELECT id FROM letters WHERE client_id = ?)",
    }
    _OF_PERSON = {
        "people": "id = ?",
        "dates": "person_id = ?",
        "memories": "person_id = ?",
        "letters": "person_id = ?",
        "letter_memories": """letter_id IN (SELECT id FROM letters WHERE person_id = ?)
                               OR memory_id IN (SELECT id FROM memories WHERE person_id = ?)""",
    }

    def _rows_of(self, db: sqlite3.Connection, where: dict[str, str], ident: str) -> dict[str, list[dict]]:
        out = {}
        for table, condition in where.items():
            columns = ", ".join(TABLES[table][1])
            args = [ident] * condition.count("?")
            out[table] = [
                dict(r) for r in db.execute(f"SELECT {columns} FROM {table} WHERE {condition}", args)
            ]
        return out

    def _keep_removed(
        self, db: sqlite3.Connection, kind: str, rows: dict[str, list[dict]], client_id: str, name: str
    ) -> RemovedRecord:
        rec = RemovedRecord(
            new_id(),
            kind,
            client_id,
            name,
            len(rows["letters"]),
            now_iso(),
            person_id=rows["people"][0]["id"] if kind == "person" else "",
        )
        row = {k: v for k, v in asdict(rec).items() if k != "client_name"}  # the client's name is read live
        _upsert(db, "removed", row | {"content": json.dumps(rows, ensure_ascii=False)})
        return rec

    @translated
    def remove_client(self, client_id: str) -> RemovedRecord:
        """Take a client out, with their people and every letter: kept whole in `removed`, to be restored."""
        with self._writing() as db:
            rows = self._rows_of(db, self._OF_CLIENT, client_id)
            if not rows["clients"]:
                raise StoreError(f"no client {client_id} in the archive (removed meanwhile?)", "reference")
            rec = self._keep_removed(db, "client", rows, client_id, rows["clients"][0]["name"])
            unindex_letters(db, "client_id", client_id)
            unindex_client(db, client_id)
            db.execute("DELETE FROM clients WHERE id = ?", (client_id,))  # people, dates… go with it
        return rec

    @translated
    def remove_person(self, person_id: str) -> RemovedRecord:
        """Take a person out of their client's file, with their letters; kept whole to be restored."""
        with self._writing() as db:
            rows = self._rows_of(db, self._OF_PERSON, person_id)
            if not rows["people"]:
                raise StoreError(f"no person {person_id} in the archive (removed meanwhile?)", "reference")
            person = rows["people"][0]
            rec = self._keep_removed(db, "person", rows, person["client_id"], person["name"])
            unindex_letters(db, "person_id", person_id)
            db.execute("DELETE FROM letters WHERE person_id = ?", (person_id,))
            db.execute("DELETE FROM people WHERE id = ?", (person_id,))
            index_client(db, person["client_id"])
        return rec

    @translated
    def list_removed(self) -> list[RemovedRecord]:
        """Removed clients and people, the most recently removed first."""
        rows = self.db.execute(
            """SELECT r.id, r.kind, r.client_id, r.name, r.letters, r.removed_at,
                      COALESCE(c.name, '') AS client_name, r.person_id
               FROM removed r LEFT JOIN clients c ON c.id = r.client_id
               ORDER BY r.removed_at DESC, r.id"""
        ).fetchall()
        return [RemovedRecord(**dict(r)) for r in rows]

    @translated
    def restore_removed(self, removed_id: str) -> RemovedRecord:
        """Bring a removed client or person back as they were, with their letters."""
        with self._writing() as db:
            row = db.execute(
                """SELECT id, kind, client_id, person_id, name, letters, removed_at, content
                   FROM removed WHERE id = ?""",
                (removed_id,),
            ).fetchone()
            if row is None:
                raise StoreError(f"nothing removed with id {removed_id} (restored already?)", "reference")
            d = dict(row)
            if (
                d["kind"] == "person"
                and not db.execute("SELECT 1 FROM clients WHERE id = ?", (d["client_id"],)).fetchone()
            ):
                raise StoreError(
                    f"{d['name']}'s client is removed too: restore the client first", "reference"
                )
            self._load(db, json.loads(d.pop("content")))
            db.execute("DELETE FROM removed WHERE id = ?", (removed_id,))
        return RemovedRecord(**d)

    def _clients_of(self, db: sqlite3.Connection, tables: dict[str, list[dict[str, Any]]]) -> set[str]:
        """The clients whose files these rows change (their index rows are rebuilt)."""
        ids = {row["id"] for row in tables.get("clients", [])}
        ids |= {row["client_id"] for row in tables.get("people", [])}
        person_ids = {row["person_id"] for name in ("dates", "memories") for row in tables.get(name, [])}
        for pid in person_ids:
            ids |= {r[0] for r in db.execute("SELECT client_id FROM people WHERE id = ?", (pid,))}
        return ids
