"""The archive's store: every SQL statement about clients, people, dates, memories and letters.

One small interface over a database (`storage.sqlite.Database` or `storage.postgres.PgDatabase`:
`execute`, `transaction`, `lock`): the code above it sees records (`archive.records`) and
StoreError only. Plain SQL with `?` parameters and standard types, the same on both engines;
full-text search sits in `archive.search`. Drafts and window sessions are not here: they stay
local (`storage.drafts`) wherever the archive lives.

Every change is one transaction; `batch()` makes several one (a `clients edit` patch). Removing
a client or person keeps them whole, letters and all, in `removed` until they are restored.

Many desks may write at once (a firm's archive on PostgreSQL): a write that reads before it
writes (a memory's place in the list, a client's index row, a name already taken) first takes
the lock of what it changes (`client:ID`), so two desks take turns there. A client's file has a
version, raised by every change to it (`touch_client`); an edit made on an older copy is
refused (ClientChanged) instead of undoing another writer's.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from pathlib import Path
from typing import Any

from letterwriter.archive.records import (
    LETTER_STATUSES,
    ClientChanged,
    ClientRecord,
    ClientSummary,
    DuplicateClient,
    LetterRecord,
    MemoryRecord,
    PersonRecord,
)
from letterwriter.archive.schema import TABLES
from letterwriter.archive.search import (
    client_vector,
    clients_where,
    index_client,
    index_letter,
    letter_vector,
    letters_where,
    terms,
)
from letterwriter.archive.store_whole import WholeArchive, _memory_row, _row, _upsert
from letterwriter.storage import new_id, now_iso
from letterwriter.storage.sqlite import StoreError, like_escape, translated

# Named columns, never *: a newer Letterwriter's file (read read-only) may have more.
_CLIENT = ", ".join(TABLES["clients"][1])
_PERSON = ", ".join(TABLES["people"][1])
_MEMORY = ", ".join(TABLES["memories"][1])
# A letter's columns in LetterRecord's own order: a row becomes a record without a dict between
# (a search can return thousands of letters).
_LETTER_COLUMNS = {
    **{c: "l." + c for c in TABLES["letters"][1]},
    "client_name": "c.name AS client_name",
    "person_name": "COALESCE(p.name, '') AS person_name",
}
_LETTER_SELECT = f"""SELECT {", ".join(_LETTER_COLUMNS[f.name] for f in fields(LetterRecord))}
    FROM letters l JOIN clients c ON c.id = l.client_id LEFT JOIN people p ON p.id = l.person_id"""
_decode = json.JSONDecoder().raw_decode  # our own JSON, written compact: no wrapper needed per row


def name_key(name: str) -> str:
    """A client's name as a person means it: case, spacing and Unicode form do not make another client."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _letter(row: Any) -> LetterRecord:
    letter = LetterRecord(*row)
    letter.brief = _decode(letter.brief.lstrip())[0] if letter.brief else {}  # an import's may be spaced
    letter.options = _decode(letter.options.lstrip())[0] if letter.options else {}
    return letter


def _json(value: dict) -> str:
    return json.dumps(value or {}, ensure_ascii=False, sort_keys=True)


def _client(row: Any) -> ClientRecord:
    d = _row(row)
    d["return_address"] = json.loads(d.get("return_address") or "{}")
    return ClientRecord(**d)


class ArchiveStore(WholeArchive):
    """The client archive in one database; `writer` is who this desk writes as (letters record it)."""

    def __init__(self, db: Any, writer: str = "") -> None:
        self.db = db
        self.writer = writer
        self._depth = 0  # inside batch(): the changes join its transaction

    @contextmanager
    def _writing(self, *keys: str) -> Iterator[Any]:
        """A write transaction holding `keys` (see the module's opening); inside batch(), batch's own."""
        if self._depth:
            if keys:
                self.db.lock(*keys)
            yield self.db
            return
        with self.db.transaction(*keys) as db:
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
        except StoreError:
            raise
        except Exception as exc:
            err = self.db.error_for(exc)
            if err is None:
                raise
            raise err from None

    @translated
    def data_version(self) -> int:
        """A number that changes when another connection (a terminal, another window) commits a change.

        SQLite's own counter (`PRAGMA data_version`), read without touching a table: cheap enough
        to ask whenever the database file changes on disk; on a server, its count of commits
        less this desk's own (`storage.postgres`).
        """
        return self.db.data_version()

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
        with self._writing(*(["clients"] if unique_name else [])) as db:
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
        row = {col: getattr(c, col) for col in TABLES["clients"][1]}
        row |= {"created": c.created or stamp, "updated": c.updated or stamp}
        _upsert(db, "clients", row | {"return_address": _json(c.return_address)})

    @translated
    def update_client(self, client: ClientRecord, *, version: int | None = None) -> int:
        """A client's own details as given: name, notes, the name they sign with, their English,
        their return address. Returns the file's new version.

        With `version`, only while the file is still at it: ClientChanged (nothing written) when
        another writer changed it since it was read.
        """
        with self._writing(f"client:{client.id}") as db:
            if version is not None:
                self.check_version(db, client.id, version)
            found = db.execute(
                """UPDATE clients SET name = ?, notes = ?, signs_as = ?, language = ?, return_address = ?
                   WHERE id = ?""",
                (
                    client.name,
                    client.notes,
                    client.signs_as,
                    client.language,
                    _json(client.return_address),
                    client.id,
                ),
            ).rowcount
            if not found:
                raise StoreError(f"no client {client.id} in the archive (removed meanwhile?)", "reference")
            return self.touch_client(db, client.id)

    @translated
    def expect_version(self, client_id: str, version: int) -> None:
        """ClientChanged unless the client's file is still at `version`; inside `batch()`, the
        check holds for the rest of the batch (the client's lock is kept until it commits)."""
        with self._writing() as db:
            self.check_version(db, client_id, version)

    def check_version(self, db: Any, client_id: str, version: int) -> None:
        """Inside a write transaction: ClientChanged unless the client's file is at `version`.

        An edit of a client's file made on what a desk showed (the window, `clients edit
        --if-version`) calls this first with the version it was shown: the later of two edits
        made on the same copy is refused, whichever desk makes it.
        """
        db.lock(f"client:{client_id}")
        row = db.execute("SELECT version FROM clients WHERE id = ?", (client_id,)).fetchone()
        if row is None or int(row[0]) != version:
            self._changed(db, client_id, version)

    def touch_client(self, db: Any, client_id: str, added: str | None = None) -> int:
        """Inside a write transaction: the client's file changed (its version goes up, its index
        follows); `added`: only these words were added to it (memories). Returns the new version."""
        # on a server the search row changes in the same statement (one round trip)
        also, words = "", []
        if db.dialect == "postgresql":
            also = f", search = {client_vector(added is not None)}"
            words = [added] if added is not None else []
        row = db.execute(
            f"""UPDATE clients SET version = version + 1, updated = ?, updated_by = ?{also} WHERE id = ?
               RETURNING version""",
            (now_iso(), self.writer, *words, client_id),
        ).fetchone()
        if not also:
            index_client(db, client_id)
        return int(row[0]) if row else 0

    def _lock_person(self, db: Any, person_id: str, version: int | None = None) -> str | None:
        """Inside a write transaction: the person's client, locked (and at `version` when given)."""
        owner = db.execute("SELECT client_id FROM people WHERE id = ?", (person_id,)).fetchone()
        if owner is None:
            return None
        if version is not None:
            self.check_version(db, owner[0], version)
        else:
            db.lock(f"client:{owner[0]}")
        return owner[0]

    def _changed(self, db: Any, client_id: str, version: int) -> None:
        row = db.execute(
            "SELECT name, version, updated, updated_by FROM clients WHERE id = ?", (client_id,)
        ).fetchone()
        if row is None:
            raise StoreError(
                f"the client {client_id} is no longer in the archive: nothing was saved", "changed"
            )
        raise ClientChanged(row[0], int(row[1]), version, row[2], row[3])

    @translated
    def save_person(self, person: PersonRecord, *, version: int | None = None) -> str:
        """Add a person to their client (last in the list) or change one: details, places and dates.

        Their memories stay as they are (`add_memory`, `update_memory` and `delete_memory` change them).
        With `version`, only while the client's file is still at it (see `check_version`).
        """
        with self._writing(f"client:{person.client_id}") as db:
            if version is not None:
                self.check_version(db, person.client_id, version)
            there = person.id and db.execute("SELECT 1 FROM people WHERE id = ?", (person.id,)).fetchone()
            if not there:
                person.position = db.execute(
                    "SELECT COALESCE(MAX(position), -1) + 1 FROM people WHERE client_id = ?",
                    (person.client_id,),
                ).fetchone()[0]
            self._put_person(db, person, memories=False)
            self.touch_client(db, person.client_id)
        return person.id

    def _put_person(self, db: Any, p: PersonRecord, memories: bool = True) -> None:
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
        where, args = clients_where(found, self.db.dialect)
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY lower(c.name), c.id"
        return [ClientSummary(**_row(r)) for r in self.db.execute(sql, args).fetchall()]

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

    def _people_from_rows(self, rows: list[Any]) -> list[PersonRecord]:
        people = []
        for r in rows:
            d = _row(r)
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
    def add_memory(self, person_id: str, text: str, meaning: str = "", *, version: int | None = None) -> str:
        """One more memory for a person, last in their list (the position is read inside the transaction,
        under the client's lock). With `version`, only while the client's file is at it."""
        mid = new_id()
        with self._writing() as db:
            self._lock_person(db, person_id, version)
            row = db.execute(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM memories WHERE person_id = ?", (person_id,)
            ).fetchone()
            _upsert(db, "memories", _memory_row(MemoryRecord(mid, person_id, text, row[0], meaning=meaning)))
            self._index_person(db, person_id)
        return mid

    def _index_person(self, db: Any, person_id: str) -> None:
        """The person's client's file changed (under its lock, taken before the change)."""
        for (client_id,) in db.execute("SELECT client_id FROM people WHERE id = ?", (person_id,)).fetchall():
            self.touch_client(db, client_id)

    @translated
    def get_memory(self, memory_id: str) -> MemoryRecord | None:
        """One memory, with the letters that told it (oldest first)."""
        row = self.db.execute(f"SELECT {_MEMORY} FROM memories WHERE id = ?", (memory_id,)).fetchone()
        if row is None:
            return None
        m = MemoryRecord(**_row(row))
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
            self._lock_person(db, row[0])
            db.execute("UPDATE memories SET text = ?, meaning = ? WHERE id = ?", (text, meaning, memory_id))
            self._index_person(db, row[0])

    @translated
    def delete_memory(self, memory_id: str) -> None:
        """A memory out of the file (the letters that told it keep their text; `restore_memory` undoes it)."""
        with self._writing() as db:
            row = db.execute("SELECT person_id FROM memories WHERE id = ?", (memory_id,)).fetchone()
            if row is not None:
                self._lock_person(db, row[0])
                db.execute("DELETE FROM memories WHERE id = ?", (memory_id,))
                self._index_person(db, row[0])

    @translated
    def restore_memory(self, memory: MemoryRecord) -> None:
        """A deleted memory back as it was: its id, place, meaning and the letters that told it."""
        with self._writing() as db:
            self._lock_person(db, memory.person_id)
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
        first_save = not letter.id  # nothing of it is there yet: nothing of it to take back
        letter.id = letter.id or new_id()
        letter.writer = letter.writer or self.writer
        # the client's lock: its memories' places and its index row, one writer at a time
        with self._writing(f"client:{letter.client_id}") as db:
            ids = list(memory_ids) + [m.id for m in corrected]
            for m in corrected:
                db.execute(
                    "UPDATE memories SET text = ?, meaning = ? WHERE id = ?", (m.text, m.meaning, m.id)
                )
            indexed = self._put_letter(db, letter, stamp)
            dropped = 0
            if not first_save:
                db.execute("DELETE FROM letter_memories WHERE letter_id = ?", (letter.id,))
                keep = f"AND id NOT IN ({','.join('?' * len(ids))})" if ids else ""  # NOT IN () is not SQL
                dropped = db.execute(
                    f"""DELETE FROM memories WHERE origin_letter = ? {keep} AND NOT EXISTS
                        (SELECT 1 FROM letter_memories lm WHERE lm.memory_id = memories.id)""",
                    [letter.id, *ids],
                ).rowcount
            if new_memories and letter.person_id:
                for text in new_memories:  # each last in the list (the client's lock is held)
                    mid = new_id()
                    db.execute(
                        """INSERT INTO memories
                               (id, person_id, position, text, created, origin_letter, meaning)
                           SELECT ?, ?, COALESCE(MAX(position), -1) + 1, ?, ?, ?, ? FROM memories
                           WHERE person_id = ?""",
                        # a model.Memory carries the client's meaning
                        (
                            mid,
                            letter.person_id,
                            str(text),
                            stamp,
                            letter.id,
                            getattr(text, "meaning", ""),
                            letter.person_id,
                        ),
                    )
                    ids.append(mid)
            for mid in dict.fromkeys(ids):
                db.execute(
                    "INSERT INTO letter_memories (letter_id, memory_id) VALUES (?, ?)", (letter.id, mid)
                )
            if not indexed:
                index_letter(db, letter.id)
            added = new_memories if new_memories and letter.person_id else []
            if dropped or corrected:  # the memories it no longer tells, or tells in new words
                self.touch_client(db, letter.client_id)
            elif added:  # the memories it first told: their words join the client's
                words = " ".join(f"{m} {getattr(m, 'meaning', '')}" for m in added)
                self.touch_client(db, letter.client_id, words)
        return letter.id

    def _put_letter(self, db: Any, letter: LetterRecord, stamp: str) -> bool:
        """Insert or update the letter's row; True when its search row came with it (a server's)."""
        if letter.status not in LETTER_STATUSES:
            raise StoreError(f"unknown letter status {letter.status!r} (one of {', '.join(LETTER_STATUSES)})")
        vector, vector_args = letter_vector(letter) if db.dialect == "postgresql" else ("", [])
        col, value, update = (
            (", search", ", " + vector, " search = excluded.search,") if vector else ("", "", "")
        )
        db.execute(
            f"""INSERT INTO letters (id, client_id, person_id, template, template_version, occasion, brief,
                                    options, rendered_text, edited_text, status, letter_date, created,
                                    updated, export_path, writer{col})
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?{value})
               ON CONFLICT(id) DO UPDATE SET client_id = excluded.client_id,{update}
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
                *vector_args,
            ),
        )
        return bool(vector)

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
