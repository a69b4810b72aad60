"""Moving a whole archive: every client, person, date, memory and letter to one JSON file and back.

An import is checked whole before anything is written, each value by the rules `clients add`
applies to CLIENT.json (the same cleaning, the same limits), then loaded in one transaction: a
bad file changes nothing, and importing the same file twice changes nothing either.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from letterwriter.archive.clients import (
    MAX_MEMORIES,
    MAX_NOTES,
    MAX_PEOPLE,
    SURROGATE,
    clean,
    date_kind,
    date_value,
    item_value,
    pronouns_value,
    read_json,
    relationship_value,
    text_list,
    text_value,
)
from letterwriter.archive.records import LETTER_STATUSES, ArchiveError
from letterwriter.archive.schema import TABLES
from letterwriter.archive.store import ArchiveStore
from letterwriter.model import MAX_CHOICE, MAX_TEXT
from letterwriter.storage import now_iso
from letterwriter.storage.sqlite import StoreError

EXPORT_FORMAT = "letterwriter-archive"
# 10,000 letters export to about 32 MB (ASCII); an import holds about 2.3 times the file while it
# is checked (measured: 190 MB, 430 MB at the peak), so 192 MB (some 60,000 letters) stays under
# 500 MB. A file that is not ASCII may be a quarter of it (see clients.read_json).
ARCHIVE_MAX_BYTES = 192 * 1024 * 1024
EXPORT_VERSION = 2  # 2: a client's signs-as name and language, one-off dates, memories' meanings


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
    # ASCII (other characters as \u escapes): parsed back at one byte a character, not four
    write_text_atomic(path, json.dumps(doc, ensure_ascii=True, indent=1) + "\n")
    return {k: len(v) for k, v in tables.items()}


DOC_KEYS = ("format", "version", "schema", "exported", "tables")
MAX_POSITION = 1_000_000  # a place in a list; far beyond any list a client's file holds
MAX_PATH = 10_000  # an export path as it was stored (its bytes escaped when not UTF-8)
Check = Callable[[Any, str], Any]


def _ident(value: Any, where: str) -> str:
    # Ids are kept as they are (rows refer to each other by them): refused, never cleaned.
    if not isinstance(value, str):
        raise ArchiveError(f"{where}: expected text, got {type(value).__name__}")
    if clean(value, where, MAX_CHOICE) != value:
        raise ArchiveError(f"{where}: expected an id (plain text on one line), got {value!r:.60}")
    return value


def _optional(check: Check) -> Check:
    return lambda value, where: None if value is None else check(value, where)


def _required_text(limit: int) -> Check:
    return lambda value, where: text_value(value, where, required=True, limit=limit)


def _text(limit: int) -> Check:
    return lambda value, where: text_value(value, where, limit=limit)


def _version(value: Any, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 2**31 - 1:
        raise ArchiveError(
            f"{where}: expected a whole number from 1 (a client file's version), got {value!r:.40}"
        )
    return value


def _position(value: Any, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_POSITION:
        raise ArchiveError(f"{where}: expected a whole number from 0 to {MAX_POSITION:,}, got {value!r:.40}")
    return value


def _places(value: Any, where: str) -> str:
    try:
        places = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        places = None
    if not isinstance(places, list):
        raise ArchiveError(f"{where}: expected a JSON list of text")
    return json.dumps(text_list(places, where), ensure_ascii=False)


def _yearly(value: Any, where: str) -> int:
    if value not in (0, 1) or isinstance(value, float):  # True and False are 1 and 0 too
        raise ArchiveError(
            f"{where}: expected 1 (comes back every year) or 0 (comes once), got {value!r:.40}"
        )
    return int(value)


def _language(value: Any, where: str) -> str:
    from letterwriter.language import LANGUAGES

    if value not in ("", *LANGUAGES):
        raise ArchiveError(f"{where}: expected one of {', '.join(LANGUAGES)} (or empty), got {value!r:.40}")
    return value


def _memory(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise ArchiveError(f"{where}: expected text, got {type(value).__name__}")
    text = item_value(value, where)  # as a memory in CLIENT.json's list
    if not text:
        raise ArchiveError(f"{where}: is required and empty")
    return text


def _address(value: Any, where: str) -> str:
    """An address column: a JSON object of address parts, checked by its country's rules ({} for none)."""
    from letterwriter.archive.clients import address_value

    try:
        parsed = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict):
        raise ArchiveError(f"{where}: expected a JSON object of address parts")
    return json.dumps(address_value(parsed, where), ensure_ascii=False, sort_keys=True)


def _json_object(value: Any, where: str) -> str:
    try:
        ok = isinstance(value, str) and isinstance(json.loads(value), dict)
    except ValueError:
        ok = False
    if not ok:
        raise ArchiveError(f"{where}: expected a JSON object")
    return value


def _exact_text(value: Any, where: str) -> str:
    """A letter's text: kept byte for byte (only what no file can hold is refused)."""
    if not isinstance(value, str):
        raise ArchiveError(f"{where}: expected text, got {type(value).__name__}")
    if SURROGATE.search(value):
        raise ArchiveError(f"{where}: holds a broken character (a lone UTF-16 surrogate)")
    return value


def _path(value: Any, where: str) -> str:
    value = _exact_text(value, where)
    if len(value) > MAX_PATH:
        raise ArchiveError(f"{where}: is limited to {MAX_PATH:,} characters")
    return value


def _status(value: Any, where: str) -> str:
    if value not in LETTER_STATUSES:
        raise ArchiveError(f"{where}: expected one of {', '.join(LETTER_STATUSES)}")
    return value


_STAMP = _required_text(MAX_CHOICE)
# Every column an export carries, with the check that cleans it; a column a row leaves out gets
# the database's default, except the required ones.
COLUMNS: dict[str, dict[str, Check]] = {
    "clients": {
        "id": _ident,
        "name": _required_text(MAX_TEXT),
        "notes": _text(MAX_NOTES),
        "created": _STAMP,
        "updated": _STAMP,
        "signs_as": _text(MAX_TEXT),
        "language": _language,
        "return_address": _address,
        "version": _version,
        "updated_by": _text(MAX_CHOICE),
    },
    "people": {
        "id": _ident,
        "client_id": _ident,
        "position": _position,
        "name": _required_text(MAX_TEXT),
        "full_name": _text(MAX_TEXT),
        "relationship": relationship_value,
        "pronouns": pronouns_value,
        "pet_name": _text(MAX_TEXT),
        "places": _places,
        "address": _address,
    },
    "dates": {"person_id": _ident, "kind": date_kind, "date": date_value, "yearly": _yearly},
    "memories": {
        "id": _ident,
        "person_id": _ident,
        "position": _position,
        "text": _memory,
        "created": _STAMP,
        "origin_letter": _optional(_ident),
        "meaning": _text(MAX_TEXT),
    },
    "letters": {
        "id": _ident,
        "client_id": _ident,
        "person_id": _optional(_ident),
        "template": _required_text(MAX_CHOICE),
        "template_version": _text(MAX_CHOICE),
        "occasion": _text(MAX_CHOICE),
        "brief": _json_object,
        "options": _json_object,
        "rendered_text": _exact_text,
        "edited_text": _optional(_exact_text),
        "status": _status,
        "letter_date": date_value,
        "created": _STAMP,
        "updated": _STAMP,
        "export_path": _optional(_path),
        "writer": _text(MAX_CHOICE),
    },
    "letter_memories": {"letter_id": _ident, "memory_id": _ident},
}
REQUIRED = {
    "clients": ("id", "name", "created", "updated"),
    "people": ("id", "client_id", "name"),
    "dates": ("person_id", "kind", "date"),
    "memories": ("id", "person_id", "text", "created"),
    "letters": ("id", "client_id", "template", "letter_date", "created", "updated"),
    "letter_memories": ("letter_id", "memory_id"),
}


def _unknown(keys: Any, known: Any, where: str, what: str = "key") -> None:
    extra = sorted(k for k in keys if k not in known)
    if extra:  # the README's promise: an unknown key is an error, so a typo never vanishes
        raise ArchiveError(f"{where}: unknown {what} '{str(extra[0])[:60]}' (known: {', '.join(known)})")


def _clean_tables(tables: dict[str, Any], path: str | Path) -> dict[str, list[dict[str, Any]]]:
    """Every row checked and cleaned, or an ArchiveError naming the first bad row and column."""
    _unknown(tables, COLUMNS, f"{path}: tables", "table")
    out: dict[str, list[dict[str, Any]]] = {}
    for table, checks in COLUMNS.items():
        key = TABLES[table][0]
        seen: dict[tuple, int] = {}
        rows = out[table] = []
        for i, row in enumerate(tables.get(table) or []):
            where = f"{path}: {table}[{i}]"
            _unknown(row, checks, where)
            for col in REQUIRED[table]:
                if row.get(col) in (None, ""):
                    raise ArchiveError(f"{where}: '{col}' is missing")
            clean_row = {col: checks[col](value, f"{where}.{col}") for col, value in row.items()}
            ident = tuple(clean_row[k] for k in key)
            if ident in seen:  # the second would silently replace the first
                shown = "', '".join(ident)
                raise ArchiveError(
                    f"{where}: the {' and '.join(key).replace('_', ' ')} '{shown}' appears twice in the file "
                    f"(also {table}[{seen[ident]}])"
                )
            seen[ident] = i
            rows.append(clean_row)
    _within_limits(out, path)
    return out


def _within_limits(tables: dict[str, list[dict[str, Any]]], path: str | Path) -> None:
    """The limits of CLIENT.json: people for one client, memories for one person."""
    for table, parent, limit, what in (
        ("people", "client_id", MAX_PEOPLE, "people for one client"),
        ("memories", "person_id", MAX_MEMORIES, "memories for one person"),
    ):
        counts = Counter(row[parent] for row in tables[table])
        if counts:
            owner, n = counts.most_common(1)[0]
            if n > limit:
                raise ArchiveError(f"{path}: at most {limit:,} {what}, got {n:,} for '{owner}'")


def import_archive(store: ArchiveStore, path: str | Path) -> dict[str, int]:
    """Bring an exported archive in (rows with the same id are replaced, so importing twice is harmless)."""
    doc = read_json(path, max_bytes=ARCHIVE_MAX_BYTES)
    if not isinstance(doc, dict) or doc.get("format") != EXPORT_FORMAT:
        raise ArchiveError(f'{path}: not a Letterwriter archive export (no "format": "{EXPORT_FORMAT}")')
    _unknown(doc, DOC_KEYS, str(path))
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ArchiveError(
            f'{path}: "version" must be a whole number (the archive format), got {version!r:.40}'
        )
    if version > EXPORT_VERSION:
        raise ArchiveError(f"{path}: written by a newer Letterwriter (archive format {version})")
    if version < 1:
        raise ArchiveError(f"{path}: archive format {version} is not a version Letterwriter ever wrote")
    tables = doc.get("tables")
    if not isinstance(tables, dict) or not all(
        isinstance(rows, list) and all(isinstance(r, dict) for r in rows) for rows in tables.values()
    ):
        raise ArchiveError(f'{path}: "tables" must map each table to a list of rows')
    rows = _clean_tables(tables, path)
    try:
        return store.load(rows)
    except ArchiveError as exc:  # a row that would change owner (see store_whole._same_owners)
        raise ArchiveError(f"{path}: {exc}") from None
    except StoreError as exc:
        if exc.kind == "reference":
            raise ArchiveError(
                f"{path}: cannot import: a row refers to a client, person, letter or memory that is "
                "neither in the file nor in this archive; nothing was imported"
            ) from None
        raise ArchiveError(f"{path}: cannot import: {exc}; nothing was imported") from None


def copy_archive(
    source: ArchiveStore, target: ArchiveStore, progress: Callable[[int, int, str], None] | None = None
) -> dict[str, int]:
    """The whole archive into another, empty one (`archive migrate --to`, a firm moving onto its
    server) in one transaction: the counts are the same afterwards, or nothing was copied."""
    have = target.counts()
    if have["clients"] or have["letters"]:
        raise ArchiveError(
            f"{target.where} already holds {have['clients']:,} clients and {have['letters']:,} letters: "
            "'archive migrate' copies into an empty archive (to merge two, use 'archive export' "
            "and 'archive import')"
        )
    counts = target.copy_in(source.dump(), progress)
    after, before = target.counts(), source.counts()
    if after != before:  # cannot happen in one transaction; said plainly if it ever does
        raise ArchiveError(f"the copy in {target.where} holds {after} where the archive holds {before}")
    return counts
