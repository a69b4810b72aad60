"""Client files from outside: reading CLIENT.json, checking and cleaning every value, adding the client.

The same cleaning and limits serve `clients add` and `archive import`: a value that one
refuses or cleans, the other refuses or cleans the same way.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import sys
from pathlib import Path
from typing import Any

from letterwriter.archive.records import ArchiveError, ClientRecord, MemoryRecord, PersonRecord
from letterwriter.archive.store import ArchiveStore
from letterwriter.model import (
    MAX_CHOICE,
    MAX_LIST_ITEM,
    MAX_LIST_ITEMS,
    MAX_LONGTEXT,
    MAX_TEXT,
    PRONOUNS,
    clean_text,
)

PERSON_KEYS = (
    "name",
    "full_name",
    "relationship",
    "pronouns",
    "pet_name",
    "places",
    "dates",
    "memories",
    "address",
)
CLIENT_KEYS = ("name", "notes", "signs_as", "language", "people", "return_address")
DATE_KEYS = ("date", "yearly")
MEMORY_KEYS = ("memory", "meaning")

# Limits as for a brief's fields (model.py): a client file feeds briefs, so what the file
# takes a brief must take too; a 5 MB name is a mistake, not a person.
MAX_NOTES = MAX_LONGTEXT
MAX_PEOPLE = 500
MAX_MEMORIES = 1_000
MB = 1024 * 1024
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean(value: str, where: str, limit: int, *, keep_newlines: bool = False) -> str:
    """Text as a person typed it: no escapes, controls, bidi overrides or broken characters, not too long."""
    if SURROGATE.search(value):
        raise ArchiveError(f"{where}: holds a broken character (a lone UTF-16 surrogate)")
    if len(value) > 4 * limit:  # not worth cleaning: too long whatever it holds
        raise ArchiveError(f"{where}: is limited to {limit:,} characters")
    value = clean_text(where, value, keep_newlines=keep_newlines)
    if len(value) > limit:
        raise ArchiveError(f"{where}: is limited to {limit:,} characters")
    return value


def text_value(value: Any, where: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ArchiveError(f"{where}: expected text, got {type(value).__name__}")
    value = clean(value, where, limit, keep_newlines=limit > MAX_TEXT)
    if required and not value:
        raise ArchiveError(f"{where}: is required and empty")
    return value


def date_value(value: Any, where: str) -> str:
    # YYYY-MM-DD only: fromisoformat alone also takes 20240101 and 2020-W53-7
    if isinstance(value, str) and ISO_DATE.fullmatch(value.strip()):
        try:
            return _dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    shown = value[:40] if isinstance(value, str) else value
    raise ArchiveError(f"{where}: expected a date as YYYY-MM-DD, got {shown!r}")


def item_value(value: str, where: str) -> str:
    """One item of a list (a place, a memory): cleaned, on one line, single-spaced."""
    return " ".join(clean(value, where, MAX_LIST_ITEM).split())


def text_list(value: Any, where: str, max_items: int = MAX_LIST_ITEMS) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ArchiveError(f"{where}: expected a list of text")
    if len(value) > max_items:
        raise ArchiveError(f"{where}: at most {max_items:,} items, got {len(value):,}")
    items = [item_value(v, f"{where}[{i}]") for i, v in enumerate(value)]
    return [v for v in items if v]


def date_kind(kind: Any, where: str) -> str:
    """A date's name as stored: lower case, words joined by _ ("Wedding Day" is wedding_day)."""
    k = "_".join(clean(str(kind), where, MAX_CHOICE).lower().split())
    if not k:
        raise ArchiveError(f"{where}: a date needs a name (birthday, anniversary…)")
    return k


def pronouns_value(value: Any, where: str) -> str:
    pronouns = text_value(value, where)
    if pronouns and pronouns not in PRONOUNS:
        raise ArchiveError(f"{where}: {pronouns!r} is not one of {', '.join(PRONOUNS)}")
    return pronouns


def relationship_value(value: Any, where: str) -> str:
    return text_value(value, where).lower()


def language_value(value: Any, where: str) -> str:
    from letterwriter.language import LANGUAGES

    language = text_value(value, where)
    if language and language not in LANGUAGES:
        raise ArchiveError(f"{where}: {language!r} is not one of {', '.join(LANGUAGES)}")
    return language


def date_entry(kind: str, value: Any, where: str) -> tuple[str, bool]:
    """A stored date: "YYYY-MM-DD", or {"date": "YYYY-MM-DD", "yearly": false} for one that comes once.

    Without "yearly", a date comes back every year unless its kind says otherwise (a retirement,
    a move: `dates.ONE_OFF_KINDS`).
    """
    from letterwriter.archive.dates import yearly_by_default

    yearly = yearly_by_default(kind)
    if isinstance(value, dict):
        _unknown(value, DATE_KEYS, where)
        if "yearly" in value:
            if not isinstance(value["yearly"], bool):
                raise ArchiveError(f"{where}.yearly: expected true or false")
            yearly = value["yearly"]
        value = value.get("date")
    return date_value(value, where), yearly


def memory_entry(value: Any, where: str) -> MemoryRecord:
    """A memory as CLIENT.json holds it: its text, or {"memory": "...", "meaning": "..."}."""
    meaning = ""
    if isinstance(value, dict):
        _unknown(value, MEMORY_KEYS, where)
        meaning = value.get("meaning") or ""
        if not isinstance(meaning, str):
            raise ArchiveError(f"{where}.meaning: expected text")
        meaning = item_value(meaning, f"{where}.meaning")
        value = value.get("memory")
    if not isinstance(value, str):
        raise ArchiveError(f'{where}: expected a memory\'s text or {{"memory": ..., "meaning": ...}}')
    return MemoryRecord(id="", person_id="", text=item_value(value, where), meaning=meaning)


def memory_list(value: Any, where: str) -> list[MemoryRecord]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ArchiveError(f"{where}: expected a list of memories")
    if len(value) > MAX_MEMORIES:
        raise ArchiveError(f"{where}: at most {MAX_MEMORIES:,} items, got {len(value):,}")
    found = [memory_entry(v, f"{where}[{i}]") for i, v in enumerate(value)]
    return [m for m in found if m.text]


def address_value(value: Any, where: str) -> dict[str, str]:
    """A postal address (letterwriter/address.py) checked by its country's rules; {} when there is none."""
    if value in (None, {}):
        return {}
    from letterwriter.address import AddressError, parse_address

    if isinstance(value, dict):
        for key, part in value.items():
            if isinstance(part, str):
                clean(part, f"{where}.{key}", MAX_TEXT, keep_newlines=key in ("street_address", "street"))
    try:
        return parse_address(value, where)
    except AddressError as exc:
        raise ArchiveError(str(exc)) from None


def _unknown(obj: dict[str, Any], known: tuple[str, ...], where: str) -> None:
    extra = sorted(k for k in obj if k not in known)
    if extra:  # a typo must not vanish silently
        raise ArchiveError(f"{where}: unknown key '{extra[0][:60]}' (known: {', '.join(known)})")


def parse_person(data: Any, where: str = "person") -> PersonRecord:
    if not isinstance(data, dict):
        raise ArchiveError(f"{where}: expected an object")
    _unknown(data, PERSON_KEYS, where)
    dates = data.get("dates") or {}
    if not isinstance(dates, dict):
        raise ArchiveError(f"{where}.dates: expected an object of kind to YYYY-MM-DD")
    clean_dates, one_off = {}, []
    for kind, value in dates.items():
        name = date_kind(kind, f"{where}.dates")
        clean_dates[name], yearly = date_entry(name, value, f"{where}.dates.{kind}")
        if not yearly:
            one_off.append(name)
    return PersonRecord(
        id="",
        client_id="",
        name=text_value(data.get("name"), f"{where}.name", required=True),
        full_name=text_value(data.get("full_name"), f"{where}.full_name"),
        relationship=relationship_value(data.get("relationship"), f"{where}.relationship"),
        pronouns=pronouns_value(data.get("pronouns"), f"{where}.pronouns"),
        pet_name=text_value(data.get("pet_name"), f"{where}.pet_name"),
        places=text_list(data.get("places"), f"{where}.places"),
        dates=clean_dates,
        one_off=one_off,
        memories=memory_list(data.get("memories"), f"{where}.memories"),
        address=address_value(data.get("address"), f"{where}.address"),
    )


def parse_client(data: Any, source: str = "CLIENT.json") -> tuple[ClientRecord, list[PersonRecord]]:
    """Check a CLIENT.json object (see the README) and turn it into records, or say what is wrong."""
    if not isinstance(data, dict):
        raise ArchiveError(f"{source}: a client must be a JSON object with a name and people")
    _unknown(data, CLIENT_KEYS, source)
    client = ClientRecord(
        id="",
        name=text_value(data.get("name"), f"{source}: name", required=True),
        notes=text_value(data.get("notes"), f"{source}: notes", limit=MAX_NOTES),
        signs_as=text_value(data.get("signs_as"), f"{source}: signs_as"),
        language=language_value(data.get("language"), f"{source}: language"),
        return_address=address_value(data.get("return_address"), f"{source}: return_address"),
    )
    people_data = data.get("people") or []
    if not isinstance(people_data, list):
        raise ArchiveError(f"{source}: people must be a list of objects")
    if len(people_data) > MAX_PEOPLE:
        raise ArchiveError(f"{source}: at most {MAX_PEOPLE} people for one client, got {len(people_data):,}")
    people = [parse_person(p, f"{source}: people[{i}]") for i, p in enumerate(people_data)]
    return client, people


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:  # JSON would keep the last one silently: a pasted-twice key is a mistake
            raise ArchiveError(f"the key '{key[:60]}' appears twice in one object")
        obj[key] = value
    return obj


def read_json(path: str | Path, max_bytes: int) -> Any:
    """A JSON file (or `-` for standard input) with a one-line error for every way it can be bad.

    At most `max_bytes` are read (the bound holds while reading: /dev/zero stops there). Text
    that is not ASCII is held at up to four bytes a character while it is parsed (one emoji
    makes the whole text that wide, and a long value as wide again), so it may be only a
    quarter of that. Measured: an input costs at most about 2.3 times `max_bytes` of memory.
    """
    try:
        if str(path) == "-":
            raw = sys.stdin.buffer.read(max_bytes + 1)
        else:
            with open(path, "rb") as fh:  # a pipe or /dev/stdin too
                raw = fh.read(max_bytes + 1)
    except OSError as exc:
        raise ArchiveError(f"cannot read {path}: {exc.strerror}") from None
    if len(raw) > max_bytes:
        raise ArchiveError(f"{path} is over {max_bytes // MB} MB: too large to be read")
    wide = max_bytes // 4
    if len(raw) > wide and not raw.isascii():
        raise ArchiveError(
            f"{path} is over {wide // MB} MB of text that is not all ASCII: too large to be read "
            "(Letterwriter writes its exports in ASCII, which may be larger)"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ArchiveError(f"{path} is not UTF-8 text") from None
    del raw  # the bytes and the text are not held at once while the JSON is parsed
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise ArchiveError(
            f"{path}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except ArchiveError as exc:
        raise ArchiveError(f"{path}: {exc}") from None
    except RecursionError:
        raise ArchiveError(f"{path}: the JSON is nested too deeply") from None
    except ValueError:  # Python's guard against integers of thousands of digits
        raise ArchiveError(f"{path}: a number is far too long (over 4,300 digits)") from None


def add_client(
    store: ArchiveStore, data: Any, source: str = "CLIENT.json", *, unique_name: bool = False
) -> str:
    """Add the client of a CLIENT.json object; with `unique_name`, a client of that name already there
    raises records.DuplicateClient (nothing added)."""
    client, people = parse_client(data, source)
    return store.add_client(client, people, unique_name=unique_name)
