"""The archive's store, continued: statements over whole files and whole archives.

A mixin of `archive.store.ArchiveStore` (one store; its SQL split in two modules so neither
passes 700 lines): the dates and counts over every client, export and import (`dump`,
`load`), the bulk copy onto a server (`copy_in`, `archive migrate`), and removed clients and
people kept whole to be restored. The row helpers both halves use live here.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from letterwriter.archive.records import ArchiveError, DateRecord, MemoryRecord, RemovedRecord
from letterwriter.archive.schema import TABLES
from letterwriter.archive.search import index_all, index_client, index_letter, unindex_client, unindex_letters
from letterwriter.storage import new_id, now_iso
from letterwriter.storage.sqlite import StoreError, translated

COPY_BATCH = 500  # rows a copy sends at once (one progress step)


def _upsert(db: Any, table: str, row: dict[str, Any], key: tuple[str, ...] = ("id",)) -> None:
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


def _row(row: Any) -> dict[str, Any]:
    """A row (sqlite3's or psycopg's) as a dict: by its names in one pass, not a lookup per column."""
    return dict(zip(row.keys(), row, strict=True))


class WholeArchive:
    """Export, import, the bulk copy and removed clients; `self.db` and `self._writing` are the store's."""

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
        with self._writing() as db:
            db.lock_all()  # an import is the only writer while it runs
            return self._load(db, tables)

    # A row already in the archive keeps its owner: a person whose id comes back under another
    # client would move there and leave their letters behind under the first.
    _OWNERS = {"people": ("client_id",), "memories": ("person_id",), "letters": ("client_id", "person_id")}

    def _same_owners(self, db: Any, tables: dict[str, list[dict[str, Any]]]) -> None:
        for table, owners in self._OWNERS.items():
            rows = tables.get(table, [])
            if not rows:
                continue
            have = {r[0]: tuple(r[1:]) for r in db.execute(f"SELECT id, {', '.join(owners)} FROM {table}")}
            for i, row in enumerate(rows):
                old = have.get(row["id"])
                if old is None:
                    continue
                for owner, was in zip(owners, old, strict=True):
                    if owner in row and row[owner] != was and was is not None:
                        raise ArchiveError(
                            f"{table}[{i}]: '{row['id']}' is already in this archive with {owner} "
                            f"'{was}', not '{row[owner]}': importing it would move it and leave what "
                            "belongs to it behind; nothing was imported"
                        )

    def _load(self, db: Any, tables: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
        counts = {}
        self._same_owners(db, tables)
        for table, (key, columns) in TABLES.items():
            rows = tables.get(table, [])
            for row in rows:
                _upsert(db, table, {c: row[c] for c in columns if c in row}, key)
            counts[table] = len(rows)
        for row in tables.get("letters", []):
            index_letter(db, row.get("id"))
        # a client's version comes with its rows: importing the same file twice changes nothing
        for client_id in self._clients_of(db, tables):
            index_client(db, client_id)
        return counts

    @translated
    def copy_in(
        self, tables: dict[str, list[dict[str, Any]]], progress: Callable[[int, int, str], None] | None = None
    ) -> dict[str, int]:
        """Every row as `dump` gives them into this (empty) archive, in one transaction, in batches
        (`archive migrate`); `progress(done, total, table)` hears each batch."""
        total, done, counts = sum(len(rows) for rows in tables.values()), 0, {}
        with self._writing() as db:
            db.lock_all()
            for table, (_key, columns) in TABLES.items():
                rows = tables.get(table, [])
                columns = [c for c in columns if not rows or c in rows[0]]  # the others: their defaults
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

    def _rows_of(self, db: Any, where: dict[str, str], ident: str) -> dict[str, list[dict]]:
        out = {}
        for table, condition in where.items():
            columns = ", ".join(TABLES[table][1])
            args = [ident] * condition.count("?")
            out[table] = [
                _row(r) for r in db.execute(f"SELECT {columns} FROM {table} WHERE {condition}", args)
            ]
        return out

    def _keep_removed(
        self, db: Any, kind: str, rows: dict[str, list[dict]], client_id: str, name: str
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
        with self._writing(f"client:{client_id}") as db:
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
            self._lock_person(db, person_id)
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
        return [RemovedRecord(**_row(r)) for r in rows]

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
            d = _row(row)
            db.lock(f"client:{d['client_id']}")
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

    def _clients_of(self, db: Any, tables: dict[str, list[dict[str, Any]]]) -> set[str]:
        """The clients whose files these rows change (their index rows are rebuilt)."""
        ids = {row["id"] for row in tables.get("clients", [])}
        ids |= {row["client_id"] for row in tables.get("people", [])}
        person_ids = {row["person_id"] for name in ("dates", "memories") for row in tables.get(name, [])}
        for pid in person_ids:
            ids |= {r[0] for r in db.execute("SELECT client_id FROM people WHERE id = ?", (pid,))}
        return ids

    # --- dates and counts over the whole archive --------------------------------------------
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
    def coming_dates(self, today: _dt.date, days: int) -> list[DateRecord]:
        """The dates that may come round within `days` of `today`, chosen in SQL by month and day.

        A few more than come round (a leap day, a date still ahead, a date that came once):
        `archive.dates` works out each one's next day. Beyond a year, every date comes round.
        """
        sql = """SELECT d.person_id, p.name AS person_name, p.client_id, c.name AS client_name,
                        d.kind, d.date, d.yearly
                 FROM dates d JOIN people p ON p.id = d.person_id JOIN clients c ON c.id = p.client_id"""
        args: list[str] = []
        if days < 365:
            first, last = today.strftime("%m-%d"), (today + _dt.timedelta(days=days)).strftime("%m-%d")
            day = "substr(d.date, 6, 5)"
            window = f"{day} BETWEEN ? AND ?" if first <= last else f"({day} >= ? OR {day} <= ?)"
            # a leap day comes round on 28 February in other years; a date still ahead is itself
            sql += f" WHERE {window} OR {day} = '02-29' OR d.date >= ?"
            args = [first, last, today.isoformat()]
        return [DateRecord(*r[:6], bool(r[6])) for r in self.db.execute(sql, args).fetchall()]

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
