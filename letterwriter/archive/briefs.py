"""A brief from a client's file: names, pronouns, relationship, pet name, places, dates and picked memories.

Only fields the template declares are filled; the anniversary count and the age follow from the
stored dates and the letter's own date, so next year's letter counts on its own. The client
signs (`sender_name`, and `signs_as` when their file has the name they sign with), and a memory
comes with the client's meaning when the file has one.
"""

from __future__ import annotations

from typing import Any

from letterwriter.archive.records import ClientRecord, MemoryRecord, PersonRecord
from letterwriter.model import Memory, TemplateInfo

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


def _memory_value(f: Any, memory: str, person: PersonRecord) -> Any:
    """A picked memory as the brief holds it: its text, or {"memory", "meaning"} with the file's meaning."""
    meaning = getattr(memory, "meaning", "")
    if not meaning:
        meaning = next((m.meaning for m in person.memories if m.text == str(memory)), "")
    return Memory(str(memory), meaning).to_json() if f.meaning else str(memory)


def brief_for(
    person: PersonRecord,
    info: TemplateInfo,
    memories: list[str | MemoryRecord] | None = None,
    client: ClientRecord | None = None,
) -> dict[str, Any]:
    """The part of a brief the file knows: names, pronouns, relationship, pet name, dates, places.

    `memories` are the ones the writer picked (the file offers them; it does not choose for the
    writer), each with its meaning from the file. With `client`, the client signs the letter.
    """
    brief: dict[str, Any] = {}
    if client is not None:
        for name, value in (("sender_name", client.name), ("signs_as", client.signs_as)):
            if value and info.field(name):
                brief[name] = value
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
        picked = [m if isinstance(m, str) else Memory(m.text, m.meaning) for m in memories]
        for name in MEMORY_FIELDS:
            f = info.field(name)
            if f is None:
                continue
            values = [_memory_value(f, m, person) for m in picked]
            brief[name] = values if f.type == "list" else values[0]
            break
    return brief


def with_file_meanings(person: PersonRecord, info: TemplateInfo, brief: dict[str, Any]) -> dict[str, Any]:
    """A brief whose memories, given as plain text, carry the meaning the file keeps for them."""
    out = dict(brief)
    for name in MEMORY_FIELDS:
        f = info.field(name)
        if f is None or not f.meaning or name not in out:
            continue
        value = out[name]
        items = [_memory_value(f, v, person) if isinstance(v, str) else v for v in _listed(value)]
        out[name] = items if isinstance(value, list) else items[0]
    return out


def _listed(value: Any) -> list:
    return list(value) if isinstance(value, list) else [value]
