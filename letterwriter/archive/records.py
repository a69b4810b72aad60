"""The archive's records (clients, people, memories, letters, dates) and its errors: plain dataclasses.

Everything above the archive's store sees these, never a database row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from letterwriter.storage.sqlite import StoreError

LETTER_STATUSES = ("draft", "checked", "exported")


class ArchiveError(ValueError):
    """Bad input for the archive (unknown client, ambiguous name, bad JSON): one line saying why."""


class DuplicateClient(StoreError):
    """`add_client(unique_name=True)` found a client of that name already: nothing was added."""

    def __init__(self, existing_id: str, existing_name: str) -> None:
        super().__init__(f"a client named '{existing_name}' already exists (id {existing_id})", "exists")
        self.existing_id = existing_id
        self.existing_name = existing_name


@dataclass
class ClientRecord:
    id: str
    name: str
    notes: str = ""
    created: str = ""
    updated: str = ""
    signs_as: str = ""  # the name the client signs with ("Ada", "Mum"); close letters use it
    language: str = ""  # the English of their letters (en-GB…); "" follows the settings
    return_address: dict[str, str] = field(default_factory=dict)  # the client's own, for envelopes


@dataclass
class ClientSummary:
    """One row of the client list: the client and how much is in their file."""

    id: str
    name: str
    notes: str = ""
    people: int = 0
    letters: int = 0
    last_letter: str | None = None


@dataclass
class MemoryRecord:
    id: str
    person_id: str
    text: str
    position: int = 0
    created: str = ""
    origin_letter: str | None = None  # the letter that first told it, if it was told before it was filed
    meaning: str = ""  # the client's answer to what it says about them or still means (model.Memory)
    letters: list[str] = field(default_factory=list)  # ids of the letters that told it, oldest first


@dataclass
class PersonRecord:
    id: str
    client_id: str
    name: str
    full_name: str = ""
    relationship: str = ""
    pronouns: str = ""
    pet_name: str = ""
    places: list[str] = field(default_factory=list)
    dates: dict[str, str] = field(default_factory=dict)  # kind -> YYYY-MM-DD
    memories: list[MemoryRecord] = field(default_factory=list)
    position: int = 0
    one_off: list[str] = field(default_factory=list)  # kinds of date that come once (a retirement, a move)

    def yearly(self, kind: str) -> bool:
        """Whether the date of this kind comes back every year (a birthday does, a move does not)."""
        return kind not in self.one_off

    address: dict[str, str] = field(default_factory=dict)  # postal, in address.py's parts


@dataclass
class LetterRecord:
    id: str
    client_id: str
    person_id: str | None
    template: str
    rendered_text: str
    template_version: str = ""
    occasion: str = ""
    brief: dict[str, Any] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    edited_text: str | None = None
    status: str = "draft"
    letter_date: str = ""
    created: str = ""
    updated: str = ""
    export_path: str | None = None
    client_name: str = ""  # filled when read back, for lists
    person_name: str = ""

    @property
    def text(self) -> str:
        """The letter as sent: the writer's edits when there are any, else the rendered text."""
        return self.edited_text if self.edited_text is not None else self.rendered_text


@dataclass
class DateRecord:
    person_id: str
    person_name: str
    client_id: str
    client_name: str
    kind: str
    date: str
    yearly: bool = True


@dataclass
class RemovedRecord:
    """A client or person taken out of the archive, kept whole (with their letters) to be restored."""

    id: str
    kind: str  # "client" or "person"
    client_id: str
    name: str
    letters: int
    removed_at: str
    client_name: str = ""  # for a person: their client's name, when the client is still there
    person_id: str = ""  # for a person: their id
