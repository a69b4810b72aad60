"""Keeping the client files on screen true: every edit undoable, and changes made elsewhere shown.

`ArchiveUndo` is a QUndoStack of the archive's edits (archive/edits.py): an edit is applied
first, and only one that worked joins the stack, so Undo never reverts what never happened.
An edit is made on the file as shown (`shown`: its version): when another desk changed it since
(a firm's archive), the edit is refused, said, and the file shown again with their change.
`ArchiveWatch` notices another program's change (a `clients add` in a terminal, a second
window) without polling: the database file and its WAL are watched by the system, and a change
there is checked against SQLite's `data_version`, which moves only for other connections' commits.
A firm's archive on a server has no file to watch: its change counter is asked every few seconds.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from letterwriter.archive.edits import Edit
from letterwriter.archive.records import ClientChanged
from letterwriter.archive.store import ArchiveStore
from letterwriter.storage.sqlite import StoreError


class _Command(QUndoCommand):
    def __init__(self, stack: ArchiveUndo, edit: Edit) -> None:
        super().__init__(edit.text)
        self.stack, self.edit, self.first = stack, edit, True

    def redo(self) -> None:
        if self.first:  # applied before it was pushed
            self.first = False
            return
        self.stack.run(self.edit.apply, self.edit)

    def undo(self) -> None:
        self.stack.run(self.edit.revert, self.edit)


class ArchiveUndo(QUndoStack):
    """The client files' undo history. `changed(client_id)` after each edit, undo and redo."""

    changed = Signal(str)
    failed = Signal(str)  # what went wrong, in words (the archive is locked, the client is gone…)

    def __init__(self, store: ArchiveStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.shown: dict[str, int] = {}  # client id -> the version of their file on screen

    def apply(self, edit: Edit) -> bool:
        """Apply an edit and keep it for Undo; False (and `failed`) when the archive refused it."""
        if not self.run(edit.apply, edit):
            return False
        self.push(_Command(self, edit))
        return True

    def run(self, step, edit: Edit) -> bool:
        version = self.shown.get(edit.client_id)
        try:
            with self.store.batch():  # the check and the edit in one transaction
                if version is not None:
                    self.store.expect_version(edit.client_id, version)
                step(self.store)
        except ClientChanged as exc:
            self.shown.pop(edit.client_id, None)
            self.changed.emit(edit.client_id)  # shown again, with the other desk's change
            self.failed.emit(str(exc))
            return False
        except (StoreError, ValueError) as exc:
            self.failed.emit(str(exc))
            return False
        self._note_version(edit.client_id)
        self.changed.emit(edit.client_id)
        return True

    def _note_version(self, client_id: str) -> None:
        """This desk's own edit moved the version: the file on screen is that version now."""
        if client_id in self.shown:
            try:
                client = self.store.get_client(client_id)
            except StoreError:
                client = None
            if client is None:
                self.shown.pop(client_id, None)
            else:
                self.shown[client_id] = client.version


SERVER_POLL_MS = 3000  # an archive on a server: how often its change counter is asked


class ArchiveWatch(QObject):
    """`changed` when another program commits to the archive's database."""

    changed = Signal()

    def __init__(self, store: ArchiveStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.version = self._version()
        path = Path(store.path) if store.path is not None else None
        self.paths = [str(path), str(path.with_name(path.name + "-wal"))] if path else []
        self.watcher = QFileSystemWatcher(self)
        if path is None:  # a server: no file, so its counter is asked now and then
            self._poll = QTimer(self, interval=SERVER_POLL_MS)
            self._poll.timeout.connect(self.check)
            self._poll.start()
        self.watcher.fileChanged.connect(lambda _p: self._settle.start())
        self._settle = QTimer(self, singleShot=True, interval=150)  # a burst of writes is one change
        self._settle.timeout.connect(self.check)
        self._watch()

    def _version(self) -> int | None:
        try:
            return self.store.data_version()
        except StoreError:
            return None

    def _watch(self) -> None:
        # a file replaced or re-created (the WAL after a checkpoint) drops out of the watch
        missing = [p for p in self.paths if p not in self.watcher.files() and Path(p).exists()]
        if missing:
            self.watcher.addPaths(missing)

    def check(self) -> bool:
        """Look now (also when the window comes to the front); True when something changed elsewhere."""
        self._watch()
        version = self._version()
        if version is None or version == self.version:
            return False
        self.version = version
        self.changed.emit()
        return True
