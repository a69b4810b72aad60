"""The client archive's logic: client files, briefs from what is known, memories already told, upcoming dates.

Qt-free and SQL-free: it talks to `storage.Store` through plain dataclasses only, so the same
logic serves the command line, the window and (later) an archive on a shared server.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from letterwriter.export.options import read_choices
from letterwriter.model import (
    MAX_CHOICE,
    MAX_LIST_ITEM,
    MAX_LIST_ITEMS,
    MAX_LONGTEXT,
    MAX_TEXT,
    PRONOUNS,
    TemplateInfo,
    clean_text,
)
from letterwriter.storage import (
    BUSY_TIMEOUT_MS,
    SCHEMA_VERSION,
    ClientRecord,
    DateRecord,
    LetterRecord,
    MemoryRecord,
    PersonRecord,
    Store,
    StoreError,
    default_path,
    now_iso,
)

EXPORT_FORMAT = "letterwriter-archive"
# 10,000 letters export to about 50 MB; far more is not an archive (or is /dev/zero)
ARCHIVE_MAX_BYTES = 512 * 1024 * 1024
EXPORT_VERSION = 1

PERSON_KEYS = ("name", "full_name", "relationship", "pronouns", "pet_name", "places", "dates", "memories")
CLIENT_KEYS = ("name", "notes", "people")

# Which stored date fills which template date field, first match wins; a date whose kind is
# the field's own name always fits too.
DATE_FIELD_KINDS: dict[str, tuple[str, ...]] = {
    "married_on": ("anniversary", "wedding", "married"),
    "together_since": ("together", "first_met", "met", "first_date"),
    "birth_date": ("birthday", "born"),
    "friends_since": ("first_met", "met"),
    "worked_since": ("working_together", "started_working"),
}
# Brief fields whose values are memories: told in one letter, they join the person's file.
MEMORY_FIELDS = ("memories", "memory", "story")
# The occasion a date calls for, for the "write it" action.
KIND_TEMPLATES = {
    "birthday": "birthday",
    "anniversary": "anniversary",
    "wedding": "anniversary",
    "together_since": "love_letter",
    "first_met": "love_letter",
    "friends_since": "friendship",
}
# A phrase of the writer's own shorter than this is too common to count as "already used".
DISTINCTIVE_WORDS = 6


class ArchiveError(ValueError):
    """Bad input for the archive (unknown client, ambiguous name, bad JSON): one line saying why."""


# --- clients from CLIENT.json ------------------------------------------------------------


# Limits as for a brief's fields (model.py): a client file feeds briefs, so what the file
# takes a brief must take too; a 5 MB name is a mistake, not a person.
MAX_NOTES = MAX_LONGTEXT
MAX_PEOPLE = 500
MAX_MEMORIES = 1_000
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _clean(value: str, where: str, limit: int, *, keep_newlines: bool = False) -> str:
    """Text as a person typed it: no escapes, controls, bidi overrides or broken characters, not too long."""
    if _SURROGATE.search(value):
        raise ArchiveError(f"{where}: holds a broken character (a lone UTF-16 surrogate)")
    if len(value) > 4 * limit:  # not worth cleaning: too long whatever it holds
        raise ArchiveError(f"{where}: is limited to {limit:,} characters")
    value = clean_text(where, value, keep_newlines=keep_newlines)
    if len(value) > limit:
        raise ArchiveError(f"{where}: is limited to {limit:,} characters")
    return value


def _text(value: Any, where: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ArchiveError(f"{where}: expected text, got {type(value).__name__}")
    value = _clean(value, where, limit, keep_newlines=limit > MAX_TEXT)
    if required and not value:
        raise ArchiveError(f"{where}: is required and empty")
    return value


def _date(value: Any, where: str) -> str:
    # YYYY-MM-DD only: fromisoformat alone also takes 20240101 and 2020-W53-7
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return _dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    shown = value[:40] if isinstance(value, str) else value
    raise ArchiveError(f"{where}: expected a date as YYYY-MM-DD, got {shown!r}")


def _text_list(value: Any, where: str, max_items: int = MAX_LIST_ITEMS) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ArchiveError(f"{where}: expected a list of text")
    if len(value) > max_items:
        raise ArchiveError(f"{where}: at most {max_items:,} items, got {len(value):,}")
    items = [_clean(v, f"{where}[{i}]", MAX_LIST_ITEM) for i, v in enumerate(value)]
    return [" ".join(v.split()) for v in items if v]


def _unknown(obj: dict[str, Any], known: tuple[str, ...], where: str) -> None:
    extra = sorted(k for k in obj if k not in known)
    if extra:  # a typo must not vanish silently
        raise ArchiveError(f"{where}: unknown key '{extra[0][:60]}' (known: {', '.join(known)})")


def parse_person(data: Any, where: str = "person") -> PersonRecord:
    if not isinstance(data, dict):
        raise ArchiveError(f"{where}: expected an object")
    _unknown(data, PERSON_KEYS, where)
    pronouns = _text(data.get("pronouns"), f"{where}.pronouns")
    if pronouns and pronouns not in PRONOUNS:
        raise ArchiveError(f"{where}.pronouns: {pronouns!r} is not one of {', '.join(PRONOUNS)}")
    dates = data.get("dates") or {}
    if not isinstance(dates, dict):
        raise ArchiveError(f"{where}.dates: expected an object of kind to YYYY-MM-DD")
    clean_dates = {}
    for kind, value in dates.items():
        k = "_".join(_clean(str(kind), f"{where}.dates: a date's name", MAX_CHOICE).lower().split())
        if not k:
            raise ArchiveError(f"{where}.dates: a date needs a name (birthday, anniversary…)")
        clean_dates[k] = _date(value, f"{where}.dates.{kind}")
    return PersonRecord(
        id="",
        client_id="",
        name=_text(data.get("name"), f"{where}.name", required=True),
        full_name=_text(data.get("full_name"), f"{where}.full_name"),
        relationship=_text(data.get("relationship"), f"{where}.relationship").lower(),
        pronouns=pronouns,
        pet_name=_text(data.get("pet_name"), f"{where}.pet_name"),
        places=_text_list(data.get("places"), f"{where}.places"),
        dates=clean_dates,
        memories=[
            MemoryRecord(id="", person_id="", text=t)
            for t in _text_list(data.get("memories"), f"{where}.memories", MAX_MEMORIES)
        ],
    )


def parse_client(data: Any, source: str = "CLIENT.json") -> tuple[ClientRecord, list[PersonRecord]]:
    """Check a CLIENT.json object (see the README) and turn it into records, or say what is wrong."""
    if not isinstance(data, dict):
        raise ArchiveError(f"{source}: a client must be a JSON object with a name and people")
    _unknown(data, CLIENT_KEYS, source)
    client = ClientRecord(
        id="",
        name=_text(data.get("name"), f"{source}: name", required=True),
        notes=_text(data.get("notes"), f"{source}: notes", limit=MAX_NOTES),
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


def read_json(path: str | Path, max_bytes: int | None = None) -> Any:
    """A JSON file (or `-` for standard input) with a one-line error for every way it can be bad."""
    import sys

    try:
        if str(path) == "-":
            raw = sys.stdin.buffer.read(max_bytes + 1 if max_bytes else -1)
        else:
            with open(path, "rb") as fh:  # a pipe or /dev/stdin too; the size is bounded below
                raw = fh.read(max_bytes + 1 if max_bytes else -1)
    except OSError as exc:
        raise ArchiveError(f"cannot read {path}: {exc.strerror}") from None
    if max_bytes and len(raw) > max_bytes:
        raise ArchiveError(f"{path} is over {max_bytes // (1024 * 1024)} MB: too large to be read")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ArchiveError(f"{path} is not UTF-8 text") from None
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


def add_client(store: Store, data: Any, source: str = "CLIENT.json", *, unique_name: bool = False) -> str:
    """Add the client of a CLIENT.json object; with `unique_name`, a client of that name already there
    raises storage.DuplicateClient (nothing added)."""
    client, people = parse_client(data, source)
    return store.add_client(client, people, unique_name=unique_name)


# --- finding clients and people by what a person types --------------------------------------


def _shown(text: str, limit: int = 60) -> str:
    """What the person typed, as an error message repeats it: not a whole pasted page."""
    return text if len(text) <= limit else text[:limit] + "…"


def _typed(text: str, what: str) -> None:
    # A command-line argument that is not UTF-8 arrives with lone surrogates (surrogateescape):
    # no stored name has them, and the database cannot even be asked about them.
    if _SURROGATE.search(text):
        raise ArchiveError(
            f"the {what} given is not UTF-8 text ('{_shown(text)}'): check the terminal's encoding"
        )


def _too_long_to_match(text: str, what: str) -> None:
    # No stored name or id is longer than a field may be; a longer one cannot match (and
    # SQLite refuses LIKE patterns over 50,000 bytes with a message no person could use).
    if len(text) > MAX_TEXT:
        hint = "clients list" if what == "client" else "clients show CLIENT"
        raise ArchiveError(f"no {what} '{_shown(text)}' (see 'letterwriter {hint}')")


def _pick_one(matches: list, text: str, what: str, exact: list, describe) -> Any:
    text = _shown(text)
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        matches = exact
    if not matches:
        hint = "clients list" if what == "client" else "clients show CLIENT"
        raise ArchiveError(f"no {what} '{text}' (see 'letterwriter {hint}')")
    if len(matches) > 1:
        options = "; ".join(describe(m) for m in matches[:6])
        raise ArchiveError(f"{what} '{text}' is ambiguous: {len(matches)} match ({options}); use an id")
    return matches[0]


MIN_ID_PREFIX = 6  # shorter, a name like "Bea" or "Ada" could pass for the start of a hex id


def _named_or_id(names: str, ident: str, text: str) -> bool:
    if text.casefold() in names.casefold().split("\n"):
        return True
    return len(text) >= MIN_ID_PREFIX and ident.startswith(text)


def resolve_client(store: Store, text: str) -> ClientRecord:
    """A client by id, id prefix or unique name (ignoring case)."""
    text = text.strip()
    if not text:
        raise ArchiveError("a client needs an id or a name")
    _typed(text, "client")
    _too_long_to_match(text, "client")
    direct = store.get_client(text)
    if direct:
        return direct
    matches = [c for c in store.find_clients(text) if _named_or_id(c.name, c.id, text)]
    exact = [c for c in matches if c.name.casefold() == text.casefold()]
    return _pick_one(matches, text, "client", exact, lambda c: f"{c.id} {c.name}")


def resolve_person(store: Store, text: str, client_id: str | None = None) -> PersonRecord:
    """A person by id, id prefix or unique name, full name or pet name (ignoring case)."""
    text = text.strip()
    if not text:
        raise ArchiveError("a person needs an id or a name")
    _typed(text, "person")
    _too_long_to_match(text, "person")
    direct = store.get_person(text)
    if direct:
        return direct
    matches = [
        p
        for p in store.find_people(text)
        if _named_or_id(f"{p.name}\n{p.full_name}\n{p.pet_name}", p.id, text)
    ]
    if client_id:
        matches = [p for p in matches if p.client_id == client_id]
    key = text.casefold()
    exact = [p for p in matches if key in (p.name.casefold(), p.full_name.casefold(), p.pet_name.casefold())]
    names = {}

    def describe(p: PersonRecord) -> str:
        if p.client_id not in names:
            c = store.get_client(p.client_id)
            names[p.client_id] = c.name if c else "?"
        return f"{p.id} {p.name}, for {names[p.client_id]}"

    return _pick_one(matches, text, "person", exact, describe)


def resolve_letter(store: Store, text: str) -> LetterRecord:
    text = text.strip()
    _typed(text, "letter id")
    if len(text) > MAX_TEXT:
        raise ArchiveError(f"no letter '{_shown(text)}' (see 'letterwriter letters list')")
    found = store.get_letter(text) if text else None
    if found:
        return found
    matches = store.find_letters(text) if text else []
    if not matches:
        raise ArchiveError(f"no letter '{_shown(text)}' (see 'letterwriter letters list')")
    if len(matches) > 1:
        raise ArchiveError(f"letter id '{text}' is ambiguous: {len(matches)} letters start with it")
    return matches[0]


# --- a client's file -------------------------------------------------------------------------


@dataclass
class ClientFile:
    """Everything the archive knows about one client: their people and every letter, newest first."""

    client: ClientRecord
    people: list[PersonRecord]
    letters: list[LetterRecord]

    def to_json(self, today: _dt.date | None = None) -> dict[str, Any]:
        today = today or _dt.date.today()
        people = []
        for p in self.people:
            d = person_json(p)
            nxt = next_dates(p, today)
            d["next_date"] = nxt[0].to_json() if nxt else None
            people.append(d)
        return {
            **asdict(self.client),
            "hand_seed": hand_seed(self.client.id),
            "people": people,
            "letters": [letter_summary_json(lt) for lt in self.letters],
        }


def client_file(store: Store, client: ClientRecord) -> ClientFile:
    return ClientFile(client, store.people(client.id), store.list_letters(client_id=client.id))


def person_json(p: PersonRecord) -> dict[str, Any]:
    d = asdict(p)
    d.pop("position", None)
    d["memories"] = [{"id": m.id, "text": m.text, "letters": m.letters} for m in p.memories]
    return d


def letter_summary_json(lt: LetterRecord) -> dict[str, Any]:
    return {
        "id": lt.id,
        "date": lt.letter_date,
        "client_id": lt.client_id,
        "client": lt.client_name,
        "person_id": lt.person_id,
        "to": lt.person_name,
        "template": lt.template,
        "occasion": lt.occasion,
        "status": lt.status,
        "words": len(lt.text.split()),
        "updated": lt.updated,
    }


def letter_json(lt: LetterRecord) -> dict[str, Any]:
    d = asdict(lt)
    d["text"] = lt.text
    return d


def hand_seed(client_id: str) -> int:
    """A stable per-client seed for the handwriting: the same client's letters look like one hand."""
    return int.from_bytes(hashlib.sha256(f"letterwriter-hand:{client_id}".encode()).digest()[:4], "big")


# --- dates -----------------------------------------------------------------------------------


def _on_day(year: int, month: int, day: int) -> _dt.date:
    if month == 2 and day == 29:
        try:
            return _dt.date(year, 2, 29)
        except ValueError:
            return _dt.date(year, 2, 28)  # a leap-day birthday is kept on the 28th in other years
    return _dt.date(year, month, day)


def next_occurrence(date: _dt.date, today: _dt.date) -> _dt.date:
    """The next time `date` comes round, today included; a date still in the future is itself."""
    if date >= today:
        return date
    this_year = _on_day(today.year, date.month, date.day)
    return this_year if this_year >= today else _on_day(today.year + 1, date.month, date.day)


@dataclass
class Upcoming:
    """One date coming up: whose, for which client, what kind, when, and how many years it marks."""

    person_id: str
    person: str
    client_id: str
    client: str
    kind: str
    date: str  # the stored date, YYYY-MM-DD
    next_date: str  # when it next comes round
    days_left: int
    years: int  # the anniversary count or the age reached on next_date (0 for a first time)
    template: str | None = None  # the occasion's template, for "write it"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def describe(self) -> str:
        label = self.kind.replace("_", " ")
        if self.years > 0:
            if self.kind == "birthday":
                label = f"birthday ({self.years})"
            else:
                label = f"{label} ({self.years} years)"
        return label


def _coming(r: DateRecord, today: _dt.date, within: int | None = None) -> Upcoming | None:
    try:
        d = _dt.date.fromisoformat(r.date)
    except ValueError:
        return None
    nxt = next_occurrence(d, today)
    if within is not None and (nxt - today).days > within:
        return None  # most dates are not coming up: build nothing for them
    return Upcoming(
        r.person_id,
        r.person_name,
        r.client_id,
        r.client_name,
        r.kind,
        r.date,
        nxt.isoformat(),
        (nxt - today).days,
        nxt.year - d.year,
        KIND_TEMPLATES.get(r.kind),
    )


def next_dates(person: PersonRecord, today: _dt.date) -> list[Upcoming]:
    """One person's dates, the next to come round first."""
    rows = [DateRecord(person.id, person.name, person.client_id, "", k, v) for k, v in person.dates.items()]
    out = [u for u in (_coming(r, today) for r in rows) if u is not None]
    out.sort(key=lambda u: (u.days_left, u.kind))
    return out


def upcoming(store: Store, days: int = 30, today: _dt.date | None = None) -> list[Upcoming]:
    """All clients' people's dates in the next `days` days (today included), soonest first."""
    if days < 0:
        raise ArchiveError("--days must be 0 or more")
    today = today or _dt.date.today()
    out = [u for u in (_coming(r, today, days) for r in store.all_dates()) if u is not None]
    out.sort(key=lambda u: (u.days_left, u.client.casefold(), u.person.casefold(), u.kind))
    return out


# --- briefs from the file --------------------------------------------------------------------


def _choice(info: TemplateInfo, name: str, value: str) -> str | None:
    f = info.field(name)
    if f is None or not value:
        return None
    if not f.choices:
        return value
    for c in f.choices:
        if c.lower() == value.lower():
            return c
    return None  # the template cannot say it (e.g. "mother" in an anniversary letter): leave its default


def brief_for(person: PersonRecord, info: TemplateInfo, memories: list[str] | None = None) -> dict[str, Any]:
    """The part of a brief the file knows: names, pronouns, relationship, pet name, dates, places.

    Only fields the template declares are filled. `memories` are the ones the writer picked
    (the file offers them; it does not choose for the writer). The anniversary count and the
    age follow from the dates and the letter's date, so next year's letter counts on its own.
    """
    brief: dict[str, Any] = {}
    simple = {
        "recipient_name": person.name,
        "recipient_full_name": person.full_name,
        "pet_name": person.pet_name,
    }
    for name, value in simple.items():
        if value and info.field(name):
            brief[name] = value
    for name, value in (("relationship", person.relationship), ("recipient_pronouns", person.pronouns)):
        chosen = _choice(info, name, value)
        if chosen:
            brief[name] = chosen
    for f in info.fields:
        if f.type != "date":
            continue
        for kind in (f.name, *DATE_FIELD_KINDS.get(f.name, ())):
            if kind in person.dates:
                brief[f.name] = person.dates[kind]
                break
    places = info.field("places")
    if places is not None and places.type == "list" and person.places:
        brief["places"] = list(person.places)
    if memories:
        for name in MEMORY_FIELDS:
            f = info.field(name)
            if f is None:
                continue
            brief[name] = list(memories) if f.type == "list" else memories[0]
            break
    return brief


# --- memories and sentences already told -------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _brief_texts(
    info: TemplateInfo | None, brief: dict[str, Any], names: tuple[str, ...] | None = None
) -> list[str]:
    """The writer's own words in a brief: free-text values and list items (not names or choices)."""
    out = []
    for name, value in brief.items():
        if names is not None and name not in names:
            continue
        f = info.field(name) if info else None
        if f is not None and (f.common or f.type not in ("text", "longtext", "list")):
            continue
        items = value if isinstance(value, list) else [value]
        out += [v.strip() for v in items if isinstance(v, str) and v.strip()]
    return out


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


@dataclass
class Reuse:
    """Something this letter says that an earlier letter to the same person already said."""

    kind: str  # "memory" or "sentence"
    text: str
    letter_id: str
    letter_date: str
    memory_id: str | None = None

    def note(self, person: str) -> str:
        if self.kind == "memory":
            return (
                f'the memory "{self.text}" was already told to {person} in the letter of '
                f"{self.letter_date} (id {self.letter_id})"
            )
        return (
            f'"{self.text}" was already written to {person} in the letter of '
            f"{self.letter_date} (id {self.letter_id})"
        )


@dataclass
class MemoryUse:
    """The memories a letter tells: ones from the file (by id) and ones told for the first time."""

    memory_ids: list[str] = field(default_factory=list)
    new_texts: list[str] = field(default_factory=list)


def memories_used(
    person: PersonRecord,
    info: TemplateInfo | None,
    brief: dict[str, Any],
    letter_text: str,
    letter_id: str | None = None,
) -> MemoryUse:
    use = MemoryUse()
    values = {_norm(t) for t in _brief_texts(info, brief)}
    haystack = f" {_norm(letter_text)} | {' | '.join(values)} "
    known = set()
    for m in person.memories:
        key = _norm(m.text)
        known.add(key)
        if not key:
            continue
        if letter_id and m.origin_letter == letter_id:
            used = key in values  # this letter's own half-typed versions count only as a whole value
        else:
            used = f" {key} " in haystack
        if used:
            use.memory_ids.append(m.id)
    for text in _brief_texts(info, brief, MEMORY_FIELDS):
        if _norm(text) and _norm(text) not in known:
            known.add(_norm(text))
            use.new_texts.append(text)
    return use


def find_reuse(
    store: Store,
    person: PersonRecord,
    info: TemplateInfo | None,
    brief: dict[str, Any],
    letter_text: str,
    *,
    rendered_text: str | None = None,
    exclude_letter: str | None = None,
) -> list[Reuse]:
    """Memories and distinctive sentences of this letter already used in an earlier letter to `person`.

    Distinctive means the writer's own words (free text in the brief, sentences they edited in),
    long enough not to be a common phrase; the template's stock sentences repeat by design.
    """
    earlier = [lt for lt in store.list_letters(person_id=person.id) if lt.id != exclude_letter]
    if not earlier:
        return []
    by_id = {lt.id: lt for lt in earlier}
    texts = [
        (lt, _norm(lt.text) + " | " + " | ".join(_norm(t) for t in _brief_texts(None, lt.brief)))
        for lt in earlier
    ]
    out: list[Reuse] = []
    told = set()
    use = memories_used(person, info, brief, letter_text)
    for m in person.memories:
        if m.id not in use.memory_ids:
            continue
        used_in = [by_id[i] for i in m.letters if i in by_id]
        if not used_in:  # linked letters may predate the link: look in their text too
            used_in = [lt for lt, hay in texts if f" {_norm(m.text)} " in f" {hay} "]
        if used_in:
            last = max(used_in, key=lambda lt: (lt.letter_date, lt.created))
            out.append(Reuse("memory", m.text, last.id, last.letter_date, m.id))
            told.add(_norm(m.text))
    own = [t for t in _brief_texts(info, brief) if _norm(t) not in told]
    if rendered_text is not None and letter_text != rendered_text:
        stock = set(_norm(s) for s in _sentences(rendered_text))
        own += [s for s in _sentences(letter_text) if _norm(s) not in stock]
    for phrase in dict.fromkeys(own):
        key = _norm(phrase)
        if len(key.split()) < DISTINCTIVE_WORDS or key in told:
            continue
        hits = [lt for lt, hay in texts if f" {key} " in f" {hay} "]
        if hits:
            last = max(hits, key=lambda lt: (lt.letter_date, lt.created))
            kind = "memory" if phrase in _brief_texts(info, brief, MEMORY_FIELDS) else "sentence"
            out.append(Reuse(kind, phrase, last.id, last.letter_date))
            told.add(key)
    return out


# --- saving a letter ------------------------------------------------------------------------


def template_version(info: TemplateInfo) -> str:
    """The template file's content hash: which wording a stored letter was made with."""
    try:
        return hashlib.sha256(Path(info.path).read_bytes()).hexdigest()[:12]
    except OSError:
        return ""


def _jsonable(value: Any) -> Any:
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def save_letter(
    store: Store,
    person: PersonRecord,
    info: TemplateInfo,
    brief: dict[str, Any],
    rendered_text: str,
    *,
    edited_text: str | None = None,
    options: dict[str, Any] | None = None,
    status: str = "draft",
    export_path: str | None = None,
    letter_id: str | None = None,
    letter_date: str | None = None,
) -> LetterRecord:
    """Store a letter under the person's client; the memories it tells are linked (new ones join the file)."""
    text = edited_text if edited_text is not None else rendered_text
    use = memories_used(person, info, brief, text, letter_id)
    brief = _jsonable(brief)
    record = LetterRecord(
        id=letter_id or "",
        client_id=person.client_id,
        person_id=person.id,
        template=info.id,
        template_version=template_version(info),
        occasion=info.occasion,
        brief=brief,
        options=_jsonable(options or {}),
        rendered_text=rendered_text,
        edited_text=edited_text,
        status=status,
        letter_date=letter_date or str(brief.get("letter_date") or "") or _dt.date.today().isoformat(),
        export_path=export_path,
    )
    store.save_letter(record, use.memory_ids, use.new_texts)
    return record


def copy_of(letter: LetterRecord) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """ "Start from a copy": the old letter's template, brief and options for a new letter dated today.

    The writer's edits stay with the old letter: the copy is rendered afresh from its brief.
    """
    brief = {k: v for k, v in letter.brief.items() if k != "letter_date"}
    return letter.template, brief, dict(letter.options)


# --- the window's letters --------------------------------------------------------------------
# The desk's Draft (letterwriter/draft.py) is used by its attributes only, so this module
# stays below the desk: info, values, variation, language, options, edited_text, rendering().


def save_draft(
    store: Store,
    person: PersonRecord,
    draft: Any,
    *,
    letter_id: str | None = None,
    status: str = "draft",
    export_path: str | None = None,
) -> LetterRecord | None:
    """File the letter being written in the window under its person (None while the brief is incomplete).

    Save again with the returned id as `letter_id` (e.g. on each autosave or export) to update
    the same letter; memories it first told and no longer tells are dropped from the file.
    """
    letter = draft.rendering().letter
    if letter is None:
        return None
    # the letter's own PDF choices in their one stored form (export/options.py), beside its wording
    options = read_choices(draft.options)
    options.update(variation=draft.variation, language=draft.language)
    options.setdefault("seed", hand_seed(person.client_id))
    return save_letter(
        store,
        person,
        draft.info,
        dict(draft.values),
        letter.text,
        edited_text=draft.edited_text,
        options=options,
        status=status,
        export_path=export_path,
        letter_id=letter_id,
    )


def draft_kwargs(letter: LetterRecord, *, copy: bool = False) -> dict[str, Any]:
    """Arguments for the desk's `Draft(library, **kwargs)` to open a stored letter (or start from a copy)."""
    options = dict(letter.options)
    kwargs: dict[str, Any] = {
        "template": letter.template,
        "values": dict(letter.brief),
        "variation": int(options.pop("variation", 1) or 1),
        "language": options.pop("language", "en-US") or "en-US",
        # the rest are the letter's PDF choices, in whichever form a version stored them: the
        # Draft reads them all (export/options.py's read_choices), the command line's "font" too
        "options": options,
        "edited_text": None if copy else letter.edited_text,
    }
    if copy:
        kwargs["values"].pop("letter_date", None)
    return kwargs


# --- moving a whole archive ------------------------------------------------------------------


def export_archive(store: Store, path: str | Path) -> dict[str, int]:
    """Every client, person, date, memory and letter into one JSON file (letters' text kept exactly)."""
    from letterwriter.export import write_text_atomic

    tables = store.dump()
    doc = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "schema": SCHEMA_VERSION,
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
LETTER_STATUSES = ("draft", "checked", "exported")


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
                if _SURROGATE.search(value):
                    raise ArchiveError(f"{where}.{col}: holds a broken character (a lone UTF-16 surrogate)")
                limit = _IMPORT_LIMITS.get((table, col))
                if limit is not None and len(value) > limit:
                    raise ArchiveError(f"{where}.{col}: is limited to {limit:,} characters")
            if table == "dates":
                _date(row["date"], f"{where}.date")
            elif table == "people" and "places" in row:
                try:
                    places = json.loads(row["places"])
                except ValueError:
                    places = None
                if not isinstance(places, list) or not all(isinstance(p, str) for p in places):
                    raise ArchiveError(f"{where}.places: expected a JSON list of text")
            elif table == "letters":
                _date(row["letter_date"], f"{where}.letter_date")
                if row.get("status", "draft") not in LETTER_STATUSES:
                    raise ArchiveError(f"{where}.status: expected one of {', '.join(LETTER_STATUSES)}")
                for col in ("brief", "options"):
                    try:
                        ok = col not in row or isinstance(json.loads(row[col]), dict)
                    except ValueError:
                        ok = False
                    if not ok:
                        raise ArchiveError(f"{where}.{col}: expected a JSON object")


def import_archive(store: Store, path: str | Path) -> dict[str, int]:
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
        if "FOREIGN KEY" in str(exc):
            raise ArchiveError(
                f"{path}: cannot import: a row refers to a client, person, letter or memory that is "
                "neither in the file nor in this archive; nothing was imported"
            ) from None
        raise ArchiveError(f"{path}: cannot import: {exc}; nothing was imported") from None


# --- opening the database, whatever state it is in ------------------------------------------------


@dataclass
class Opened:
    """The store the program uses, how (normal, readonly, fresh) and what to tell the person."""

    store: Store
    mode: str = "normal"
    message: str = ""


def fresh_path(path: Path) -> Path:
    return path.with_name(path.stem + ".fresh" + path.suffix)


def _store(path: Path, **kw: Any) -> Store:
    try:
        return Store(path, **kw)
    except OSError as exc:  # the folder itself cannot be made or entered
        raise StoreError(f"{path}: cannot use the folder {path.parent}: {exc.strerror}", "readonly") from None


def open_archive(path: Path | str | None = None, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Opened:
    """Open the archive; a damaged, locked or newer file is never overwritten and the program still runs.

    Newer, locked or on a full disk: the same file read-only (nothing can be saved). Damaged: a fresh database
    beside it (`letterwriter.fresh.db`), the damaged file left as it is for recovery.
    """
    path = Path(path) if path is not None else default_path()
    try:
        return Opened(_store(path, busy_timeout_ms=busy_timeout_ms))
    except StoreError as exc:
        first = exc
    if first.kind in ("newer", "locked", "readonly", "full"):
        for immutable in (False, True):  # immutable only when even reading needs a write (WAL index)
            if immutable and (first.kind not in ("readonly", "full") or not path.exists()):
                break
            try:
                store = _store(
                    path,
                    readonly=True,
                    allow_newer=True,
                    busy_timeout_ms=busy_timeout_ms,
                    immutable=immutable,
                )
            except StoreError:
                continue
            if store.version >= SCHEMA_VERSION:
                return Opened(store, "readonly", f"{first}; opened read-only, nothing can be saved")
            store.close()
            break
    if first.kind == "readonly" and not os.access(path.parent, os.W_OK):
        raise first  # a fresh database beside it could not be written either
    if first.kind == "full":
        raise first  # the file is fine; a fresh one on the same full disk would split the archive
    other = fresh_path(path)
    try:
        store = _store(other, busy_timeout_ms=busy_timeout_ms)
    except StoreError as exc:
        raise StoreError(
            f"{first}; and the fresh database {other} cannot be used either: {exc}", first.kind
        ) from None
    return Opened(
        store, "fresh", f"{first}; using a fresh database at {other} (the old file is left as it was)"
    )


def doctor_info(path: Path | str | None = None) -> dict[str, Any]:
    """The database part of `doctor`: where it is, its schema version and what it holds."""
    path = Path(path) if path is not None else default_path()
    info: dict[str, Any] = {"path": str(path), "schema_version": None, "counts": None, "status": "ok"}
    try:
        opened = open_archive(path)
    except StoreError as exc:
        info["status"] = str(exc)
        return {"database": info}
    store = opened.store
    try:
        info["path"] = str(store.path)
        info["schema_version"] = store.version
        info["counts"] = store.counts()
        if opened.message:
            info["status"] = opened.message
    except StoreError as exc:
        info["status"] = str(exc)
    finally:
        store.close()
    return {"database": info}
