"""Changes to a client's file, each one undoable: what the window's Undo and `clients edit` are made of.

An edit is applied to the store and can be reverted and applied again (Undo, Redo). Nothing is
ever destroyed by one: removing a client or person moves them, letters and all, to the archive's
Removed list, and undoing it brings them back; undoing an added client or person removes them the
same way. Edits are Qt-free; the window wraps each in a QUndoCommand.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from letterwriter.archive.records import ClientRecord, MemoryRecord, PersonRecord, RemovedRecord
from letterwriter.archive.store import ArchiveStore


@dataclass
class Edit:
    """One change to one client's file; `text` is what Undo and Redo name it."""

    text: str = field(init=False, default="")
    client_id: str = field(init=False, default="")

    def apply(self, store: ArchiveStore) -> None:
        raise NotImplementedError

    def revert(self, store: ArchiveStore) -> None:
        raise NotImplementedError


@dataclass
class AddClient(Edit):
    client: ClientRecord
    people: list[PersonRecord] = field(default_factory=list)
    removed: RemovedRecord | None = None

    def __post_init__(self) -> None:
        self.text = f"Add client {self.client.name}"

    def apply(self, store: ArchiveStore) -> None:
        if self.removed is None:
            self.client_id = store.add_client(self.client, copy.deepcopy(self.people), unique_name=True)
        else:
            store.restore_removed(self.removed.id)

    def revert(self, store: ArchiveStore) -> None:
        self.removed = store.remove_client(self.client_id)


@dataclass
class ChangeClient(Edit):
    before: ClientRecord
    after: ClientRecord

    def __post_init__(self) -> None:
        self.text = f"Change {self.before.name}"
        self.client_id = self.before.id

    def apply(self, store: ArchiveStore) -> None:
        store.update_client(self.after)

    def revert(self, store: ArchiveStore) -> None:
        store.update_client(self.before)


@dataclass
class RemoveClient(Edit):
    """A client to the Removed list, with their people and letters (undo brings them all back)."""

    client: ClientRecord
    removed: RemovedRecord | None = None

    def __post_init__(self) -> None:
        self.text = f"Remove {self.client.name}"
        self.client_id = self.client.id

    def apply(self, store: ArchiveStore) -> None:
        self.removed = store.remove_client(self.client.id)

    def revert(self, store: ArchiveStore) -> None:
        store.restore_removed(self.removed.id)


@dataclass
class Restore(Edit):
    """A removed client or person back, with their letters (undo removes them again)."""

    removed: RemovedRecord

    def __post_init__(self) -> None:
        self.text = f"Restore {self.removed.name}"
        self.client_id = self.removed.client_id

    def apply(self, store: ArchiveStore) -> None:
        store.restore_removed(self.removed.id)

    def revert(self, store: ArchiveStore) -> None:
        if self.removed.kind == "client":
            self.removed = store.remove_client(self.removed.client_id)
        else:
            self.removed = store.remove_person(self.removed.person_id)


@dataclass
class AddPerson(Edit):
    person: PersonRecord
    removed: RemovedRecord | None = None

    def __post_init__(self) -> None:
        self.text = f"Add {self.person.name}"
        self.client_id = self.person.client_id

    def apply(self, store: ArchiveStore) -> None:
        if self.removed is None:
            store.save_person(self.person)  # gives the person their id
        else:
            store.restore_removed(self.removed.id)

    def revert(self, store: ArchiveStore) -> None:
        self.removed = store.remove_person(self.person.id)


@dataclass
class ChangePerson(Edit):
    """A person's details, places or dates (their memories are edits of their own)."""

    before: PersonRecord
    after: PersonRecord
    what: str = ""  # "date", "details"…: what Undo names

    def __post_init__(self) -> None:
        self.text = f"Change {self.before.name}{f'’s {self.what}' if self.what else ''}"
        self.client_id = self.before.client_id

    def apply(self, store: ArchiveStore) -> None:
        store.save_person(copy.deepcopy(self.after))

    def revert(self, store: ArchiveStore) -> None:
        store.save_person(copy.deepcopy(self.before))


@dataclass
class RemovePerson(Edit):
    """A person to the Removed list, with their letters (undo brings them back)."""

    person: PersonRecord
    removed: RemovedRecord | None = None

    def __post_init__(self) -> None:
        self.text = f"Remove {self.person.name}"
        self.client_id = self.person.client_id

    def apply(self, store: ArchiveStore) -> None:
        self.removed = store.remove_person(self.person.id)

    def revert(self, store: ArchiveStore) -> None:
        store.restore_removed(self.removed.id)


@dataclass
class AddMemory(Edit):
    person: PersonRecord
    memory: str
    meaning: str = ""
    memory_id: str = ""
    kept: MemoryRecord | None = None  # as it was when undone: redo puts back exactly that

    def __post_init__(self) -> None:
        self.text = "Add memory"
        self.client_id = self.person.client_id

    def apply(self, store: ArchiveStore) -> None:
        if self.kept is None:
            self.memory_id = store.add_memory(self.person.id, self.memory, self.meaning)
        else:
            store.restore_memory(self.kept)

    def revert(self, store: ArchiveStore) -> None:
        self.kept = store.get_memory(self.memory_id)
        store.delete_memory(self.memory_id)


@dataclass
class ChangeMemory(Edit):
    client: str  # the client's id
    before: MemoryRecord
    memory: str
    meaning: str = ""

    def __post_init__(self) -> None:
        self.text = "Change memory"
        self.client_id = self.client

    def apply(self, store: ArchiveStore) -> None:
        store.update_memory(self.before.id, self.memory, self.meaning)

    def revert(self, store: ArchiveStore) -> None:
        store.update_memory(self.before.id, self.before.text, self.before.meaning)


@dataclass
class RemoveMemory(Edit):
    """A memory out of the file; the letters that told it keep their words, and undo links them again."""

    client: str
    memory: MemoryRecord
    kept: MemoryRecord | None = None

    def __post_init__(self) -> None:
        self.text = "Remove memory"
        self.client_id = self.client

    def apply(self, store: ArchiveStore) -> None:
        self.kept = store.get_memory(self.memory.id) or self.memory
        store.delete_memory(self.memory.id)

    def revert(self, store: ArchiveStore) -> None:
        store.restore_memory(self.kept)


def apply_all(store: ArchiveStore, edits: list[Edit], version: int | None = None) -> None:
    """Several edits as one change: all of them are saved, or none. With `version`, only while the
    client's file is still at it (an edit made on what was shown: store.check_version)."""
    with store.batch():
        if version is not None and edits:
            store.expect_version(edits[0].client_id, version)
        for e in edits:
            e.apply(store)
