"""The letter model: field declarations, template descriptions and brief validation."""

from __future__ import annotations

import datetime as _dt
import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

FIELD_TYPES = ("text", "longtext", "date", "number", "list", "choice")

TONES = ("tender", "playful", "formal")
LENGTHS = ("short", "letter", "long")
LENGTH_LABELS = {"short": "Short note", "letter": "Letter", "long": "Long letter"}
PRONOUNS = ("she/her", "he/him", "they/them")
RELATIONSHIPS = (
    "partner",
    "spouse",
    "friend",
    "mother",
    "father",
    "parent",
    "daughter",
    "son",
    "child",
    "grandchild",
    "grandmother",
    "grandfather",
    "sister",
    "brother",
    "sibling",
    "colleague",
    "mentor",
    "teacher",
    "neighbour",
    "other",
)


class BriefError(ValueError):
    """A brief that cannot be rendered: names the field and what is wrong."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    type: str = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    default: Any = None
    help: str = ""
    common: bool = False
    example: Any = None  # a sample value: the template browser's sample letter and the tests
    carry: bool = True  # False: only makes sense for this occasion (a memory, what they did)
    minimum: float | None = None  # a number field's least value (an age is never below 0)
    # The interview (issue 25): the question this field answers, in the client's words ("What was
    # hard before they stepped in?"), and for a memory field the question asked under each memory
    # ("What does it say about her?") with an example written for the occasion.
    question: str = ""
    meaning: str = ""
    meaning_example: str = ""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "label": self.label,
            "type": self.type,
            "required": self.required,
        }
        if self.choices:
            out["choices"] = list(self.choices)
        if self.default is not None:
            out["default"] = self.default
        if self.help:
            out["help"] = self.help
        if self.question:
            out["question"] = self.question
        if self.meaning:
            out["meaning"] = self.meaning
        return out

    def example_value(self) -> Any:
        return self.example if self.example is not None else self.default

    def empty_value(self) -> Any:
        if self.type == "list":
            return []
        if self.type in ("text", "longtext"):
            return ""
        return None


# Fields that mean the same in every template, in the order a form shows them first.
COMMON_FIELDS: dict[str, Field] = {
    f.name: f
    for f in (
        Field(
            "sender_name",
            "Your name",
            "text",
            True,
            help="Your full name, or the family's: 'Maria Okafor', 'Marguerite Dubois and family'.",
            common=True,
            example="Theodore",
        ),
        Field(
            "recipient_name",
            "Their name",
            "text",
            True,
            help="What you call them: a first name, 'Mum', 'Grandpa Joe'.",
            common=True,
            example="Catherine",
        ),
        Field(
            "recipient_full_name",
            "Their full name",
            "text",
            help="Used in formal letters, e.g. 'Margaret Hughes'.",
            common=True,
            example="Catherine Klausen",
        ),
        Field(
            "relationship",
            "They are your",
            "choice",
            False,
            RELATIONSHIPS,
            "friend",
            help="Who the recipient is to you.",
            common=True,
        ),
        Field(
            "recipient_pronouns",
            "Their pronouns",
            "choice",
            False,
            PRONOUNS,
            "they/them",
            common=True,
        ),
        Field(
            "pet_name",
            "Pet name",
            "text",
            help="A nickname only you use. Left out of formal letters.",
            common=True,
            example="Cat",
        ),
        Field(
            "signs_as",
            "You sign as",
            "text",
            help="The name you sign with to them: 'Maria', 'Mum', 'Grandma Ada'. Close letters use it.",
            common=True,
        ),
        Field("tone", "Tone", "choice", False, TONES, "tender", common=True),
        Field("length", "Length", "choice", False, LENGTHS, "letter", common=True),
        Field(
            "variation",
            "Wording",
            "number",
            False,
            (),
            1,
            help="Another number gives other, equally good wording.",
            common=True,
        ),
        Field("letter_date", "Date of the letter", "date", help="Defaults to today.", common=True),
    )
}


@dataclass
class TemplateInfo:
    id: str
    title: str
    occasion: str
    description: str
    fields: list[Field]
    path: str = ""
    source: str = "bundled"  # or "user"
    tones: tuple[str, ...] = TONES
    interview: tuple[str, ...] = ()  # the fields whose answers most change this letter, most first

    def field(self, name: str) -> Field | None:
        for f in self.fields:
            if f.name == name:
                return f
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "occasion": self.occasion,
            "description": self.description,
            "source": self.source,
            "fields": [f.to_json() for f in self.fields],
        }


class Memory(str):
    """A memory as typed, carrying the client's one-line answer to what it says or still means.

    It is the memory's text (a str, so everything that reads memories as text still does), with
    `.meaning` beside it. In a brief (JSON, a .letter file) a memory is a string, or
    {"memory": "...", "meaning": "..."} when it has a meaning; `to_json` gives that back.
    """

    meaning: str

    def __new__(cls, text: str, meaning: str = "") -> Memory:
        obj = super().__new__(cls, text)
        obj.meaning = meaning
        return obj

    @classmethod
    def like(cls, original: Any, text: str) -> Any:
        """`text` with the meaning of `original`, if it had one (plain text otherwise)."""
        return cls(text, original.meaning) if isinstance(original, Memory) else text

    def to_json(self) -> Any:
        return {"memory": str(self), "meaning": self.meaning} if self.meaning else str(self)

    def __reduce__(self):
        return (Memory, (str(self), self.meaning))


@dataclass
class Brief:
    """Validated, typed values for every declared field (absent optional ones empty)."""

    values: dict[str, Any] = field(default_factory=dict)


# Length limits per field type, in characters (docs/reliability.md). A name of a megabyte made
# an 871-page PDF; these are far above any real letter and far below what hurts.
MAX_TEXT = 2_000  # a name, a place, or a memory told in a few sentences (as long as a list item)
MAX_LONGTEXT = 20_000  # several pages of the person's own words
MAX_LIST_ITEMS = 50
MAX_LIST_ITEM = 2_000
MAX_CHOICE = 200
MAX_NUMBER = 10**9  # ages, years, counts: a billion is already no letter's number

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Terminal escape sequences (CSI, OSC), C0/C1 controls, and bidi overrides and isolates that
# reorder what a reader sees: none belongs in a letter or should reach a terminal.
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x9b[0-?]*[ -/]*[@-~]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def strip_controls(text: str) -> str:
    """Text without terminal escape sequences, control characters or bidi overrides (tabs, newlines kept)."""
    return _CONTROLS.sub("", _ANSI.sub("", text))


def _is_invisible(ch: str) -> bool:
    # Whitespace, and format characters such as ZERO WIDTH SPACE, ZWJ, BOM and soft hyphen.
    return ch.isspace() or unicodedata.category(ch) == "Cf"


def clean_text(name: str, value: str, *, keep_newlines: bool = False) -> str:
    """A value without escapes, controls or bidi overrides, trimmed of invisible characters at the ends.

    A value made only of invisible characters (a lone zero-width space) is empty.
    """
    if _SURROGATE.search(value):
        raise BriefError(f"field '{name}': holds a broken character (a lone UTF-16 surrogate)", name)
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if not keep_newlines:
        value = value.replace("\n", " ").replace("\t", " ")
    # composed (NFC): "e" + COMBINING ACUTE typed or pasted is "é", one letter, which every
    # hand font has; drawn in two pieces the accent sat beside the e
    value = unicodedata.normalize("NFC", strip_controls(value))
    start, end = 0, len(value)
    while start < end and _is_invisible(value[start]):
        start += 1
    while end > start and _is_invisible(value[end - 1]):
        end -= 1
    return value[start:end]


# A person's name is written as typed: text the letter's tidying would change ('../../etc/Cat'
# became 'Dearest././etc/Cat') is refused, not rewritten.
PERSON_NAME_FIELDS = ("sender_name", "recipient_name", "recipient_full_name")
_NAME_FAULTS = (
    (re.compile(r"\A[.,;:!?)’”]"), "it starts with a punctuation mark"),
    (re.compile(r"(?<!\.)\.\s*\.(?!\.)"), "it holds two full stops in a row"),
    (re.compile(r"\s[,.;:!?)’”]"), "it has a space before a punctuation mark"),
)


def _check_name(f: Field, value: str) -> None:
    for pattern, why in _NAME_FAULTS:
        if pattern.search(value):
            raise BriefError(f"field '{f.name}' ({f.label}): {value[:60]!r} is not a name: {why}", f.name)


def _too_long(f: Field, what: str, limit: int) -> BriefError:
    return BriefError(f"field '{f.name}' ({f.label}): {what} is limited to {limit:,} characters", f.name)


def _parse_date(name: str, value: Any) -> _dt.date:
    if isinstance(value, _dt.date):
        return value
    if not isinstance(value, str):
        raise BriefError(f"field '{name}': expected a date as YYYY-MM-DD, got {value!r}", name)
    v = value.strip()
    # fromisoformat alone also takes 20201231 and 2020-W53-7: a brief's date is YYYY-MM-DD only.
    if _DATE.fullmatch(v):
        try:
            return _dt.date.fromisoformat(v)
        except ValueError:
            pass
    raise BriefError(f"field '{name}': expected a date as YYYY-MM-DD, got {value[:40]!r}", name) from None


def _memory(f: Field, value: dict) -> Memory | str:
    """{"memory": ..., "meaning": ...} -> Memory (a field that asks for meanings only)."""
    if not f.meaning:
        raise BriefError(f"field '{f.name}': expected text, got an object", f.name)
    unknown = sorted(set(value) - {"memory", "meaning"})
    if unknown:
        raise BriefError(f"field '{f.name}': a memory has 'memory' and 'meaning', not '{unknown[0]}'", f.name)
    text, meaning = value.get("memory"), value.get("meaning") or ""
    if not isinstance(text, str) or not isinstance(meaning, str):
        raise BriefError(f"field '{f.name}': a memory's 'memory' and 'meaning' are text", f.name)
    for what in (text, meaning):
        if len(what) > 4 * MAX_TEXT:
            raise _too_long(f, "a memory", MAX_TEXT)
    text = " ".join(clean_text(f.name, text).split())
    meaning = " ".join(clean_text(f.name, meaning).split())
    if len(text) > MAX_TEXT or len(meaning) > MAX_TEXT:
        raise _too_long(f, "a memory", MAX_TEXT)
    return Memory(text, meaning) if text else ""


def coerce_value(f: Field, value: Any) -> Any:
    """Turn one raw value (JSON, CSV cell or --field text) into the field's type."""
    if value is None:
        return f.empty_value()
    t = f.type
    if isinstance(value, Memory):
        value = value.to_json()
    if t == "text" and isinstance(value, dict):
        return _memory(f, value)
    if t in ("text", "longtext"):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if isinstance(value, float) and not math.isfinite(value):
                raise BriefError(f"field '{f.name}': expected text, got {value!r}", f.name)
            value = str(value)
        if not isinstance(value, str):
            raise BriefError(f"field '{f.name}': expected text, got {type(value).__name__}", f.name)
        limit = MAX_TEXT if t == "text" else MAX_LONGTEXT
        if len(value) > 4 * limit:  # before any work on it: a megabyte is refused at once
            raise _too_long(f, "this field", limit)
        value = clean_text(f.name, value, keep_newlines=t == "longtext")
        if t == "text":
            value = " ".join(value.split())
        if len(value) > limit:
            raise _too_long(f, "this field", limit)
        if f.name in PERSON_NAME_FIELDS:
            _check_name(f, value)
        return Memory(value) if f.meaning and value else value
    if t == "choice":
        if not isinstance(value, str):
            raise BriefError(f"field '{f.name}': expected one of {', '.join(f.choices)}", f.name)
        if len(value) > MAX_CHOICE:
            raise BriefError(f"field '{f.name}': expected one of {', '.join(f.choices)}", f.name)
        v = clean_text(f.name, value)
        for c in f.choices:
            if v.lower() == c.lower():
                return c
        if v == "":
            return f.empty_value()
        raise BriefError(f"field '{f.name}': {v!r} is not one of {', '.join(f.choices)}", f.name)
    if t == "number":
        if isinstance(value, bool):
            raise BriefError(f"field '{f.name}': expected a number, got {value!r}", f.name)
        if isinstance(value, str):
            v = value.strip()
            if v == "":
                return f.empty_value()
            if len(v) > 40:
                raise BriefError(f"field '{f.name}': expected a number, got {v[:20]!r}…", f.name)
            try:
                value = float(v) if any(c in v for c in ".eE") else int(v)
            except ValueError:
                raise BriefError(f"field '{f.name}': expected a number, got {value!r}", f.name) from None
        if not isinstance(value, (int, float)) or (isinstance(value, float) and not math.isfinite(value)):
            raise BriefError(f"field '{f.name}': expected a number, got {value!r}", f.name)
        if abs(value) > MAX_NUMBER:
            raise BriefError(
                f"field '{f.name}': {str(value)[:24]} is out of range (at most {MAX_NUMBER:,} either way)",
                f.name,
            )
        if f.minimum is not None and value < f.minimum:
            # said, not dropped: "-3" once vanished from a birthday letter without a word
            raise BriefError(f"field '{f.name}': {value} is below {f.minimum:g}", f.name)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return value
    if t == "date":
        if isinstance(value, str) and not value.strip():
            return f.empty_value()
        return _parse_date(f.name, value)
    if t == "list":
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, (list, tuple)):
            raise BriefError(f"field '{f.name}': expected a list of text", f.name)
        if len(value) > 4 * MAX_LIST_ITEMS:  # blank items are dropped, but not a million of them
            raise BriefError(
                f"field '{f.name}' ({f.label}): at most {MAX_LIST_ITEMS} items, got {len(value)}", f.name
            )
        items = []
        for item in value:
            if isinstance(item, Memory):
                item = item.to_json()
            if isinstance(item, dict):
                m = _memory(f, item)
                if m:
                    items.append(m)
                continue
            if not isinstance(item, str):
                raise BriefError(f"field '{f.name}': list items must be text", f.name)
            if len(item) > 4 * MAX_LIST_ITEM:
                raise _too_long(f, "each item", MAX_LIST_ITEM)
            item = " ".join(clean_text(f.name, item).split())
            if len(item) > MAX_LIST_ITEM:
                raise _too_long(f, "each item", MAX_LIST_ITEM)
            if item:
                items.append(Memory(item) if f.meaning else item)
        if len(items) > MAX_LIST_ITEMS:
            raise BriefError(
                f"field '{f.name}' ({f.label}): at most {MAX_LIST_ITEMS} items, got {len(items)}", f.name
            )
        return items
    raise BriefError(f"field '{f.name}': unknown type {t!r}", f.name)


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def validate_brief(info: TemplateInfo, raw: dict[str, Any], *, strict: bool = True) -> Brief:
    """Check a brief against a template's fields; returns typed values for every field.

    Unknown field names are an error when `strict` (a typo must not vanish silently).
    """
    if not isinstance(raw, dict):
        raise BriefError("a brief must be a JSON object of field name to value")
    raw = fold_memories(info, raw)
    known = {f.name for f in info.fields}
    if strict:
        unknown = sorted(k for k in raw if k not in known)
        if unknown:
            raise BriefError(
                f"unknown field '{unknown[0]}' for template '{info.id}' "
                f"(its fields: {', '.join(sorted(known))})",
                unknown[0],
            )
    values: dict[str, Any] = {}
    for f in info.fields:
        v = coerce_value(f, raw.get(f.name))
        if is_empty(v) and f.default is not None:
            v = coerce_value(f, f.default)
        if f.required and is_empty(v):
            raise BriefError(f"missing required field '{f.name}' ({f.label})", f.name)
        values[f.name] = v
    return Brief(values)


_FLAT = re.compile(r"(?P<field>[a-z_]+?)(?:_(?P<n>[0-9]{1,2}))?(?P<meaning>_meaning)?")


def fold_memories(info: TemplateInfo, raw: dict[str, Any]) -> dict[str, Any]:
    """Flat columns into memories with meanings: a mail merge's `memories_1`, `memories_1_meaning`
    (or `memory_1`…) and `memory_meaning` beside `memory` become {"memory", "meaning"} items."""
    flat = {
        k: v
        for k, v in raw.items()
        if ("_meaning" in k or k[-1:].isdigit()) and k not in {f.name for f in info.fields}
    }
    if not flat:
        return raw
    out = {k: v for k, v in raw.items() if k not in flat}
    numbered: dict[str, dict[int, dict[str, Any]]] = {}
    for key, value in flat.items():
        m = _FLAT.fullmatch(key)
        stem = m.group("field") if m else ""
        # "memory_1" is an item of "memories" as much as "memories_1" is
        name = next((n for n in (stem, stem + "s", stem[:-1] + "ies") if stem and info.field(n)), None)
        f = info.field(name) if name else None
        if f is None or not f.meaning or (m.group("n") is None) == (f.type == "list"):
            out[key] = value  # not ours: the unknown field is reported as before
            continue
        if value in (None, ""):
            continue
        part = "meaning" if m.group("meaning") else "memory"
        if f.type == "list":
            numbered.setdefault(name, {}).setdefault(int(m.group("n")), {})[part] = value
        else:
            base = out.get(name)
            out[name] = {
                "memory": base if isinstance(base, str) else "",
                **(base if isinstance(base, dict) else {}),
                part: value,
            }
    for name, items in numbered.items():
        given = out.get(name) or []
        given = [given] if isinstance(given, str) else list(given)
        out[name] = given + [
            items[n] if "meaning" in items[n] else items[n].get("memory", "") for n in sorted(items)
        ]
    return out


def attach_meaning(info: TemplateInfo, brief: dict[str, Any], key: str, meaning: str) -> bool:
    """`--field memories_meaning=...`: the meaning of the memory given just before it. False if not one."""
    name = key.removesuffix("_meaning")
    f = info.field(name) if key.endswith("_meaning") else None
    if f is None or not f.meaning or not brief.get(name):
        return False
    if f.type == "list":
        items = brief[name]
        last = items[-1]
        items[-1] = {"memory": last if isinstance(last, str) else last["memory"], "meaning": meaning}
    else:
        last = brief[name]
        brief[name] = {"memory": last if isinstance(last, str) else last["memory"], "meaning": meaning}
    return True


def missing_required(info: TemplateInfo, raw: dict[str, Any]) -> list[str]:
    """Names of required fields that are empty: the window shows these beside the field."""
    out = []
    for f in info.fields:
        if f.required:
            try:
                v = coerce_value(f, raw.get(f.name))
            except BriefError:
                continue
            if is_empty(v):
                out.append(f.name)
    return out


def example_brief(info: TemplateInfo, **overrides: Any) -> dict[str, Any]:
    """Every field filled with its declared example: the template browser's sample letter."""
    brief = {}
    for f in info.fields:
        v = f.example_value()
        if v is not None and f.name not in ("letter_date",):
            brief[f.name] = v.isoformat() if isinstance(v, _dt.date) else v
    brief.update(overrides)
    return brief


def minimal_brief(info: TemplateInfo, **overrides: Any) -> dict[str, Any]:
    """Only the required fields, from their examples: every optional detail absent."""
    brief = {f.name: f.example_value() for f in info.fields if f.required}
    brief.update(overrides)
    return brief
