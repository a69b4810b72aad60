"""Moving a whole archive: every client, person, date, memory and letter to one JSON file and back.

An import is checked whole before anything is written, then loaded in one transaction: a bad
file changes nothing, and importing the same file twice changes nothing either.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from letterwriter.archive.clients import MAX_NOTES, SURROGATE, date_value, read_json
from letterwriter.archive.records import LETTER_STATUSES, ArchiveError
from letterwriter.archive.store import ArchiveStore
from letterwriter.model import MAX_CHOICE, MAX_LONGTEXT, MAX_TEXT
from letterwriter.storage import now_iso
from letterwriter.storage.sqlite import StoreError

EXPORT_FORMAT = "letterwriter-archive"
# 10,000 letters export to about 50 MB; far more is not an archive (or is /dev/zero)
ARCHIVE_MAX_BYTES = 512 * 1024 * 1024
EXPORT_VERSION = 1


def export_archive(store: ArchiveStore, path: str | Path) -> dict[str, int]:
    """Every client, person, date, memory and letter into one JSON file (letters' text kept exactly)."""
    from letterwriter.export import write_text_atomic

    tables = store.dump()
    doc = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "schema": store.db.schema_version,
        "exported": now_iso(),
        "tables": tables,
    }
    write_text_atomic(path, json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
    return {k: len(v) for k, v in tables.items()}


# What an archive export's rows must hold, checked before anything is written: a hand-edited or
# hostile file must fail with the row and column, not as a raw database error, and never leave
# rows that break `clients show` or the window (places that are not a list, a date that is not one).
_IMPORT_REQUIRED = {
    "clients": ("id", "name", "created", "updated"),
    "people": ("id", "client_id", "name"),
    "dates": ("person_id", "kind", "date"),
    "memories": ("id", "person_id", "text", "created"),
    "letters": ("id", "client_id", "template", "letter_date", "created", "updated"),
    "letter_memories": ("letter_id", "memory_id"),
}
_IMPORT_NULLABLE = {("memories", "origin_letter"), ("letters", "person_id"), ("letters", "edited_text"),
                    ("letters", "export_path")}  # fmt: skip
_IMPORT_LIMITS = {  # one-line fields and notes as CLIENT.json takes them; letters' text unbounded here
    ("clients", "name"): MAX_TEXT,
    ("clients", "notes"): MAX_NOTES,
    ("people", "name"): MAX_TEXT,
    ("people", "full_name"): MAX_TEXT,
    ("people", "relationship"): MAX_TEXT,
    ("people", "pronouns"): MAX_CHOICE,
    ("people", "pet_name"): MAX_TEXT,
    ("dates", "kind"): MAX_CHOICE,
    ("memories", "text"): MAX_LONGTEXT,
}


def _check_import(tables: dict[str, Any], path: str | Path) -> None:
    for table, required in _IMPORT_REQUIRED.items():
        for i, row in enumerate(tables.get(table) or []):
            where = f"{path}: {table}[{i}]"
            for col in required:
                if row.get(col) in (None, ""):
                    raise ArchiveError(f"{where}: '{col}' is missing")
            for col, value in row.items():
                if col == "position":
                    if not isinstance(value, int) or isinstance(value, bool):
                        raise ArchiveError(f"{where}.position: expected a whole number, got {value!r:.40}")
                    continue
                if value is None and (table, col) in _IMPORT_NULLABLE:
                    continue
                if not isinstance(value, str):
                    raise ArchiveError(f"{where}.{col}: expected text, got {type(value).__name__}")
                if SURROGATE.search(value):
                    raise ArchiveError(f"{where}.{col}: holds a broken character (a lone UTF-16 surrogate)")
                limit = _IMPORT_LIMITS.get((table, col))
                if limit is not None and len(value) > limit:
                    raise ArchiveError(f"{where}.{col}: is limited to {limit:,} characters")
            if table == "dates":
                date_value(row["date"], f"{where}.date")
            elif table == "people" and "places" in row:
                try:
                    places = json.loads(row["places"])
                except ValueError:
                    places = None
                if not isinstance(places, list) or not all(isinstance(p, str) for p in places):
                    raise ArchiveError(f"{where}.places: expected a JSON list of text")
            elif table == "letters":
                date_value(row["letter_date"], f"{where}.letter_date")
                if row.get("status", "draft") not in LETTER_STATUSES:
                    raise ArchiveError(f"{where}.status: expected one of {', '.join(LETTER_STATUSES)}")
                for col in ("brief", "options"):
                    try:
                        ok = col not in row or isinstance(json.loads(row[col]), dict)
                    except ValueError:
                        ok = False
                    if not ok:
                        raise ArchiveError(f"{where}.{col}: expected a JSON object")


def import_archive(store: ArchiveStore, path: str | Path) -> dict[str, int]:
    """Bring an exported archive in (rows with the same id are replaced, so importing twice is harmless)."""
    doc = read_json(path, max_bytes=ARCHIVE_MAX_BYTES)
    if not isinstance(doc, dict) or doc.get("format") != EXPORT_FORMAT:
        raise ArchiveError(f'{path}: not a Letterwriter archive export (no "format": "{EXPORT_FORMAT}")')
    if not isinstance(doc.get("version"), int) or doc["version"] > EXPORT_VERSION:
        raise ArchiveError(f"{path}: written by a newer Letterwriter (archive format {doc.get('version')})")
    tables = doc.get("tables")
    if not isinstance(tables, dict) or not all(
        isinstance(rows, list) and all(isinstance(r, dict) for r in rows) for rows in tables.values()
    ):
        raise ArchiveError(f'{path}: "tables" must map each table to a list of rows')
    _check_import(tables, path)
    try:
        return store.load(tables)
    except StoreError as exc:
        if exc.kind == "reference":
            raise ArchiveError(
                f"{path}: cannot import: a row refers to a client, person, letter or memory that is "
                "neither in the file nor in this archive; nothing was imported"
            ) from None
        raise ArchiveError(f"{path}: cannot import: {exc}; nothing was imported") from None
