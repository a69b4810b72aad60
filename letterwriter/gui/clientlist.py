"""The client list: every client by name with what is in their file, narrowed as the person types.

The search is the archive's one rule (archive/search.py), the same as `clients list --search`:
every word as the start of a word in a name, place, memory or note; a date-shaped word a date.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QListView, QPushButton, QVBoxLayout, QWidget

from letterwriter.archive.records import ClientSummary
from letterwriter.archive.store import ArchiveStore

ID_ROLE = Qt.ItemDataRole.UserRole


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class ClientListModel(QAbstractListModel):
    """The clients as a list model: name on the first line, what is in their file on the second."""

    def __init__(self, store: ArchiveStore, parent: Any = None) -> None:
        super().__init__(parent)
        self.store = store
        self.rows: list[ClientSummary] = []
        self.search = ""

    def reload(self, search: str | None = None) -> None:
        if search is not None:
            self.search = search
        self.beginResetModel()
        self.rows = self.store.list_clients(self.search)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        c = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            people = f"{c.people} {'person' if c.people == 1 else 'people'}"
            return f"{c.name}\n{people} · {_plural(c.letters, 'letter')}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return c.notes or None
        if role == ID_ROLE:
            return c.id
        return None

    def row_of(self, client_id: str) -> int:
        return next((i for i, c in enumerate(self.rows) if c.id == client_id), -1)


class ClientList(QWidget):
    """A search box over the client list; choosing a client emits `client_selected(client_id)`."""

    client_selected = Signal(str)

    def __init__(self, store: ArchiveStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(placeholderText="Search names, places, memories, notes")
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip(
            "Every word, as the start of a word; a date such as 2025 or 2025-06 finds dates"
        )
        self.model = ClientListModel(store, self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setUniformItemSizes(True)  # 200 clients lay out without measuring each row
        self.view.setAlternatingRowColors(True)
        self.count = QLabel()
        self.new_client = QPushButton("New client…")
        self.removed = QPushButton("Removed…")
        self.removed.setToolTip("Clients and people removed, with their letters: restore them from here")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.search)
        lay.addWidget(self.view, 1)
        row = QHBoxLayout()
        row.addWidget(self.count, 1)
        row.addWidget(self.removed)
        row.addWidget(self.new_client)
        lay.addLayout(row)
        # typing stays smooth: the query runs once the person pauses
        self._debounce = QTimer(self, singleShot=True, interval=120)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self.refresh)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.view.activated.connect(self._current_changed)
        self.refresh()

    def refresh(self) -> None:
        self._debounce.stop()
        current = self.current_id()
        self.model.reload(self.search.text().strip())
        self.count.setText(_plural(len(self.model.rows), "client"))
        if current:
            self.select(current, emit=False)

    def current_id(self) -> str | None:
        idx = self.view.currentIndex()
        return self.model.data(idx, ID_ROLE) if idx.isValid() else None

    def select(self, client_id: str, emit: bool = True) -> bool:
        row = self.model.row_of(client_id)
        if row < 0:
            return False
        self.view.blockSignals(not emit)
        self.view.selectionModel().blockSignals(not emit)
        self.view.setCurrentIndex(self.model.index(row))
        self.view.selectionModel().blockSignals(False)
        self.view.blockSignals(False)
        return True

    def _current_changed(self, index: QModelIndex, *_: Any) -> None:
        cid = self.model.data(index, ID_ROLE)
        if cid:
            self.client_selected.emit(cid)
