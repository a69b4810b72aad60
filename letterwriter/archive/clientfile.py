"""A client's file as it is shown: the client, their people with their next dates, their letters.

Also the JSON the command line prints for a client, a person and a letter, and the client's
handwriting seed (one client, one hand, over the years).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from dataclasses import asdict, dataclass
from typing import Any

from letterwriter.archive.dates import next_dates
from letterwriter.archive.records import ClientRecord, LetterRecord, PersonRecord
from letterwriter.archive.store import ArchiveStore


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
            "letters": [letter_summary_json(letter) for letter in self.letters],
        }


def client_file(store: ArchiveStore, client: ClientRecord) -> ClientFile:
    return ClientFile(client, store.people(client.id), store.list_letters(client_id=client.id))


def person_json(p: PersonRecord) -> dict[str, Any]:
    d = asdict(p)
    d.pop("position", None)
    d["memories"] = [
        {"id": m.id, "text": m.text, "meaning": m.meaning, "letters": m.letters} for m in p.memories
    ]
    return d


def letter_summary_json(letter: LetterRecord) -> dict[str, Any]:
    return {
        "id": letter.id,
        "date": letter.letter_date,
        "client_id": letter.client_id,
        "client": letter.client_name,
        "person_id": letter.person_id,
        "to": letter.person_name,
        "template": letter.template,
        "occasion": letter.occasion,
        "status": letter.status,
        "words": len(letter.text.split()),
        "updated": letter.updated,
        "writer": letter.writer,
    }


def letter_json(letter: LetterRecord) -> dict[str, Any]:
    d = asdict(letter)
    d["text"] = letter.text
    return d


def hand_seed(client_id: str) -> int:
    """A stable per-client seed for the handwriting: the same client's letters look like one hand."""
    return int.from_bytes(hashlib.sha256(f"letterwriter-hand:{client_id}".encode()).digest()[:4], "big")
