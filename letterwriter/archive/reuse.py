"""Memories and sentences already told: what a letter tells from the person's file, and what an
earlier letter to the same person already said ("told before").

Distinctive means the writer's own words (free text in the brief, sentences they edited in),
long enough not to be a common phrase; the template's stock sentences repeat by design.

One memory, one identity: a memory of the file that a letter tells in other words (a spelling
fixed in the brief) is the same memory, found among those picked for the letter or told in it
before, and the file takes the new words; the letters that told it stay linked.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from letterwriter.archive.briefs import MEMORY_FIELDS
from letterwriter.archive.records import MemoryRecord, PersonRecord
from letterwriter.archive.store import ArchiveStore
from letterwriter.model import Memory, TemplateInfo

# A phrase of the writer's own shorter than this is too common to count as "already used".
DISTINCTIVE_WORDS = 6
# How alike a memory's new words and its old ones must be to be the same memory, corrected
# (difflib's ratio: "we was stranded in Lisbon" and "we were stranded in Lisbon" are 0.9).
SAME_MEMORY = 0.6


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
        items = [_as_memory(v) for v in items]
        out += [v.strip() for v in items if isinstance(v, str) and v.strip()]
    return out


def _as_memory(value: Any) -> Any:
    """A memory item as text with its meaning (model.Memory): {"memory", "meaning"} as the form keeps it."""
    if isinstance(value, dict) and isinstance(value.get("memory"), str):
        return Memory(value["memory"].strip(), str(value.get("meaning") or "").strip())
    return value


def told_memories(info: TemplateInfo | None, brief: dict[str, Any]) -> list[Memory]:
    """The memories a brief tells, each with its meaning ("" when none)."""
    out = []
    for name in MEMORY_FIELDS:
        value = brief.get(name)
        for v in value if isinstance(value, list) else [value]:
            v = _as_memory(v)
            if isinstance(v, str) and v.strip():
                out.append(v if isinstance(v, Memory) else Memory(v.strip()))
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
    new_texts: list[str] = field(default_factory=list)  # model.Memory, with the meaning typed
    corrected: list[MemoryRecord] = field(default_factory=list)  # the file's, in the letter's words now

    def told_ids(self) -> list[str]:
        return self.memory_ids + [m.id for m in self.corrected]


def memories_used(
    person: PersonRecord,
    info: TemplateInfo | None,
    brief: dict[str, Any],
    letter_text: str,
    letter_id: str | None = None,
    picked: list[str] = (),
) -> MemoryUse:
    """Which of the person's memories the letter tells, which it tells in new words, which are new.

    `picked` are the ids of the file's memories the writer picked for this letter.
    """
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
    told = told_memories(info, brief)
    by_key = {_norm(m.text): m for m in person.memories}
    for t in told:  # a meaning typed in the letter for a memory of the file: the file learns it
        m = by_key.get(_norm(t))
        if m is not None and m.id in use.memory_ids and t.meaning and t.meaning != m.meaning:
            use.memory_ids.remove(m.id)
            use.corrected.append(MemoryRecord(m.id, person.id, m.text, m.position, meaning=t.meaning))
    # memories picked for this letter, or told in it before, that it no longer tells in their words
    candidates = [
        m
        for m in person.memories
        if m.id not in use.memory_ids
        and (m.id in picked or (letter_id and (letter_id in m.letters or m.origin_letter == letter_id)))
    ]
    for t in told:
        key = _norm(t)
        if not key or key in known:
            continue
        known.add(key)
        scored = [(difflib.SequenceMatcher(None, key, _norm(m.text)).ratio(), m) for m in candidates]
        score, same = max(scored, key=lambda x: x[0], default=(0.0, None))
        if same is not None and score >= SAME_MEMORY:
            candidates.remove(same)
            meaning = t.meaning or same.meaning
            use.corrected.append(MemoryRecord(same.id, person.id, str(t), same.position, meaning=meaning))
        else:
            use.new_texts.append(t)
    return use


def find_reuse(
    store: ArchiveStore,
    person: PersonRecord,
    info: TemplateInfo | None,
    brief: dict[str, Any],
    letter_text: str,
    *,
    rendered_text: str | None = None,
    exclude_letter: str | None = None,
    picked: list[str] = (),
) -> list[Reuse]:
    """Memories and distinctive sentences of this letter already used in an earlier letter to `person`."""
    earlier = [e for e in store.list_letters(person_id=person.id) if e.id != exclude_letter]
    if not earlier:
        return []
    use = memories_used(person, info, brief, letter_text, exclude_letter, picked)
    now = {m.id: m.text for m in use.corrected}  # the letter's words for a memory it corrected
    by_id = {e.id: e for e in earlier}
    texts = [
        (e, _norm(e.text) + " | " + " | ".join(_norm(t) for t in _brief_texts(None, e.brief)))
        for e in earlier
    ]
    out: list[Reuse] = []
    told = set()
    for m in person.memories:
        if m.id not in use.told_ids():
            continue
        used_in = [by_id[i] for i in m.letters if i in by_id]
        if not used_in:  # linked letters may predate the link: look in their text too
            used_in = [letter for letter, hay in texts if f" {_norm(m.text)} " in f" {hay} "]
        if used_in:
            last = max(used_in, key=lambda letter: (letter.letter_date, letter.created))
            out.append(Reuse("memory", now.get(m.id, m.text), last.id, last.letter_date, m.id))
            told.add(_norm(now.get(m.id, m.text)))
    own = [t for t in _brief_texts(info, brief) if _norm(t) not in told]
    if rendered_text is not None and letter_text != rendered_text:
        stock = set(_norm(s) for s in _sentences(rendered_text))
        own += [s for s in _sentences(letter_text) if _norm(s) not in stock]
    for phrase in dict.fromkeys(own):
        key = _norm(phrase)
        if len(key.split()) < DISTINCTIVE_WORDS or key in told:
            continue
        hits = [letter for letter, hay in texts if f" {key} " in f" {hay} "]
        if hits:
            last = max(hits, key=lambda letter: (letter.letter_date, letter.created))
            kind = "memory" if phrase in _brief_texts(info, brief, MEMORY_FIELDS) else "sentence"
            out.append(Reuse(kind, phrase, last.id, last.letter_date))
            told.add(key)
    return out
