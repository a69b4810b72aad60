"""`clients edit CLIENT --data PATCH.json`: a client's file changed from a JSON patch, all or nothing.

The patch is checked whole (every value cleaned as CLIENT.json's are, every person and memory
found) before anything is written; then its edits are applied in one transaction. The format
(README, "Client files")::

    {
      "name": "…", "notes": "…", "signs_as": "Ada", "language": "en-GB",   # any of them
      "return_address": {"street_address": "…", "city": "…", "country_code": "IE"},  # null: none
      "people": [
        {"person": "Tobias",                       # an existing person: id or unique name
         "pet_name": "Toby", "places": ["Galway"],  # a field given is replaced
         "address": {"street_address": "…", "postal_code": "…", "country_code": "GB"},  # whole; null: none
         "dates": {"retirement": {"date": "2027-03-31", "yearly": false}, "first_met": null},
         "memories": {"add": ["…", {"memory": "…", "meaning": "…"}],
                      "change": [{"memory": "we was stranded", "to": "we were stranded", "meaning": "…"}],
                      "remove": ["the kite"]}},
        {"name": "Nora", "dates": {"birthday": "2016-12-10"}},   # no "person": a new person
        {"person": "Otto", "remove": true}                       # to the Removed list, with letters
      ]
    }

A memory is named by its id (or its first 6+ characters) or its text: the whole text (ignoring
case and spacing), or words found in exactly one of the person's memories.
"""

from __future__ import annotations

import copy
from typing import Any

from letterwriter.archive import edits as ed
from letterwriter.archive.clients import (
    MAX_NOTES,
    PERSON_KEYS,
    _unknown,
    address_value,
    date_entry,
    date_kind,
    item_value,
    language_value,
    memory_entry,
    memory_list,
    parse_person,
    pronouns_value,
    relationship_value,
    text_list,
    text_value,
)
from letterwriter.archive.records import ArchiveError, ClientRecord, MemoryRecord, PersonRecord
from letterwriter.archive.resolve import MIN_ID_PREFIX, resolve_person
from letterwriter.archive.store import ArchiveStore

PATCH_KEYS = ("name", "notes", "signs_as", "language", "return_address", "people")
CHANGE_KEYS = ("person", "remove", *(k for k in PERSON_KEYS if k != "memories"), "memories")
MEMORY_ACTIONS = ("add", "change", "remove")
CHANGE_MEMORY_KEYS = ("memory", "to", "meaning")


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def find_memory(person: PersonRecord, text: Any, where: str) -> MemoryRecord:
    """One of the person's memories by id, id prefix, whole text or words found in one memory only."""
    if not isinstance(text, str) or not text.strip():
        raise ArchiveError(f"{where}: name a memory by its id or its words")
    key = _norm(text)
    for test in (
        lambda m: m.id == text.strip() or (len(key) >= MIN_ID_PREFIX and m.id.startswith(text.strip())),
        lambda m: _norm(m.text) == key,
        lambda m: key in _norm(m.text),
    ):
        found = [m for m in person.memories if test(m)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            shown = "; ".join(f"{m.id} {m.text[:40]}" for m in found[:4])
            raise ArchiveError(
                f"{where}: '{text[:60]}' is in {len(found)} of {person.name}'s memories ({shown})"
            )
    raise ArchiveError(
        f"{where}: {person.name} has no memory '{text[:60]}' (see 'letterwriter clients show')"
    )


def _client_edit(client: ClientRecord, data: dict[str, Any], source: str) -> list[ed.Edit]:
    after = copy.copy(client)
    if "name" in data:
        after.name = text_value(data["name"], f"{source}: name", required=True)
    if "notes" in data:
        after.notes = text_value(data["notes"], f"{source}: notes", limit=MAX_NOTES)
    if "signs_as" in data:
        after.signs_as = text_value(data["signs_as"], f"{source}: signs_as")
    if "language" in data:
        after.language = language_value(data["language"], f"{source}: language")
    if "return_address" in data:  # the whole address: parts left out are gone, as in CLIENT.json
        after.return_address = address_value(data["return_address"], f"{source}: return_address")
    return [ed.ChangeClient(client, after)] if after != client else []


def _person_changes(person: PersonRecord, data: dict[str, Any], where: str) -> PersonRecord:
    after = copy.deepcopy(person)
    for key, check in (
        ("full_name", text_value),
        ("relationship", relationship_value),
        ("pronouns", pronouns_value),
        ("pet_name", text_value),
    ):
        if key in data:
            setattr(after, key, check(data[key], f"{where}.{key}"))
    if "name" in data:
        after.name = text_value(data["name"], f"{where}.name", required=True)
    if "places" in data:
        after.places = text_list(data["places"], f"{where}.places")
    if "address" in data:
        after.address = address_value(data["address"], f"{where}.address")
    dates = data.get("dates", {})
    if not isinstance(dates, dict):
        raise ArchiveError(f"{where}.dates: expected an object of kind to YYYY-MM-DD (or null to remove it)")
    for kind, value in dates.items():
        name = date_kind(kind, f"{where}.dates")
        after.one_off = [k for k in after.one_off if k != name]
        if value is None:
            after.dates.pop(name, None)
            continue
        after.dates[name], yearly = date_entry(name, value, f"{where}.dates.{kind}")
        if not yearly:
            after.one_off.append(name)
    return after


def _memory_edits(client_id: str, person: PersonRecord, data: Any, where: str) -> list[ed.Edit]:
    if not isinstance(data, dict):
        raise ArchiveError(f'{where}: expected {{"add": [...], "change": [...], "remove": [...]}}')
    _unknown(data, MEMORY_ACTIONS, where)
    out: list[ed.Edit] = []
    for m in memory_list(data.get("add"), f"{where}.add"):
        if any(_norm(x.text) == _norm(m.text) for x in person.memories):
            raise ArchiveError(f"{where}.add: {person.name} already has the memory '{m.text[:60]}'")
        out.append(ed.AddMemory(person, m.text, m.meaning))
    changes = data.get("change") or []
    if not isinstance(changes, list):
        raise ArchiveError(f"{where}.change: expected a list")
    for i, c in enumerate(changes):
        w = f"{where}.change[{i}]"
        if not isinstance(c, dict):
            raise ArchiveError(f'{w}: expected {{"memory": "…", "to": "…", "meaning": "…"}}')
        _unknown(c, CHANGE_MEMORY_KEYS, w)
        before = find_memory(person, c.get("memory"), f"{w}.memory")
        text = item_value(c["to"], f"{w}.to") if isinstance(c.get("to"), str) else before.text
        if "to" in c and not isinstance(c["to"], str):
            raise ArchiveError(f"{w}.to: expected the memory's new text")
        if not text:
            raise ArchiveError(f'{w}.to: a memory cannot be empty (use "remove")')
        meaning = (
            memory_entry({"memory": text, "meaning": c["meaning"]}, w).meaning
            if "meaning" in c
            else before.meaning
        )
        out.append(ed.ChangeMemory(client_id, before, text, meaning))
    removes = data.get("remove") or []
    if not isinstance(removes, list):
        raise ArchiveError(f"{where}.remove: expected a list of memories (ids or words)")
    for i, r in enumerate(removes):
        out.append(ed.RemoveMemory(client_id, find_memory(person, r, f"{where}.remove[{i}]")))
    return out


def parse_patch(
    store: ArchiveStore, client: ClientRecord, data: Any, source: str = "PATCH.json"
) -> list[ed.Edit]:
    """The edits a patch asks for, every value checked and every person and memory found; or ArchiveError."""
    if not isinstance(data, dict):
        raise ArchiveError(
            f"{source}: a patch must be a JSON object "
            "(name, notes, signs_as, language, return_address, people)"
        )
    _unknown(data, PATCH_KEYS, source)
    out = _client_edit(client, data, source)
    people = data.get("people") or []
    if not isinstance(people, list):
        raise ArchiveError(f"{source}: people must be a list of objects")
    for i, p in enumerate(people):
        where = f"{source}: people[{i}]"
        if not isinstance(p, dict):
            raise ArchiveError(f"{where}: expected an object")
        if "person" not in p:  # a new person, as CLIENT.json gives one
            new = parse_person(p, where)
            new.client_id = client.id
            out.append(ed.AddPerson(new))
            continue
        _unknown(p, CHANGE_KEYS, where)
        if not isinstance(p["person"], str):
            raise ArchiveError(f"{where}.person: expected a person's id or name")
        person = resolve_person(store, p["person"], client.id)
        if p.get("remove") is True:
            if len(p) > 2:
                raise ArchiveError(f"{where}: a person removed cannot be changed in the same patch")
            out.append(ed.RemovePerson(person))
            continue
        if "remove" in p:
            raise ArchiveError(f"{where}.remove: expected true")
        after = _person_changes(person, p, where)
        if after != person:
            out.append(ed.ChangePerson(person, after))
        if "memories" in p:
            out += _memory_edits(client.id, person, p["memories"], f"{where}.memories")
    return out


def apply_patch(
    store: ArchiveStore,
    client: ClientRecord,
    data: Any,
    source: str = "PATCH.json",
    version: int | None = None,
) -> list[ed.Edit]:
    """Check a patch whole, then apply it in one transaction; returns the edits made. With
    `version`, only while the client's file is still at it (`clients edit --if-version`)."""
    changes = parse_patch(store, client, data, source)
    ed.apply_all(store, changes, version)
    return changes
