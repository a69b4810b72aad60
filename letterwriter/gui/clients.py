"""Client files in the window: the client list with search, one client's file, and what comes up next.

Self-contained widgets over an `ArchiveStore`: they read the archive and emit signals
(`new_letter_requested`, `open_letter_requested`, `copy_letter_requested`, `write_requested`);
the main window decides what a request does. Signals go up, calls go down.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from letterwriter.archive.clientfile import ClientFile, client_file
from letterwriter.archive.dates import Upcoming, next_dates, upcoming
from letterwriter.archive.records import ClientSummary
from letterwriter.archive.store import ArchiveStore

ID_ROLE = Qt.ItemDataRole.UserRole
KIND_ROLE = Qt.ItemDataRole.UserRole + 1


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _when(days: int) -> str:
    return "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"


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
        self.search = QLineEdit(placeholderText="Search clients and people")
        self.search.setClearButtonEnabled(True)
        self.model = ClientListModel(store, self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setUniformItemSizes(True)  # 200 clients lay out without measuring each row
        self.view.setAlternatingRowColors(True)
        self.count = QLabel()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.search)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.count)
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


class ClientFileView(QWidget):
    """One client's file: their people (dates with the next one coming, memories) and every letter."""

    new_letter_requested = Signal(str, list)  # person id, the memories picked (texts)
    open_letter_requested = Signal(str)  # letter id
    copy_letter_requested = Signal(str)  # letter id: start a new letter from a copy of it

    def __init__(self, store: ArchiveStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.client_file: ClientFile | None = None
        self.today = _dt.date.today()
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.notes = QLabel(wordWrap=True)
        self.notes.setTextFormat(Qt.TextFormat.PlainText)

        self.people = QTreeWidget()
        self.people.setHeaderLabels(["People, dates and memories (tick memories to use them)"])
        self.new_letter = QPushButton("New letter to this person")
        self.new_letter.setEnabled(False)

        self.letters = QTreeWidget()
        self.letters.setHeaderLabels(["Date", "To", "Occasion", "Status", "Words", "Writer"])
        self.letters.setRootIsDecorated(False)
        self.letters.setUniformRowHeights(True)
        self.open_letter = QPushButton("Open letter")
        self.copy_letter = QPushButton("Start from a copy")
        for b in (self.open_letter, self.copy_letter):
            b.setEnabled(False)

        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.notes)
        split = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.people, 1)
        tl.addWidget(self.new_letter, 0, Qt.AlignmentFlag.AlignLeft)
        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        self.letters_label = QLabel("Letters")
        bl.addWidget(self.letters_label)
        bl.addWidget(self.letters, 1)
        row = QHBoxLayout()
        row.addWidget(self.open_letter)
        row.addWidget(self.copy_letter)
        row.addStretch(1)
        self.make_book = QPushButton("Make a Book…", enabled=False)  # the book of letters: gui/book.py
        self.make_book.clicked.connect(self._make_book)
        row.addWidget(self.make_book)
        bl.addLayout(row)
        split.addWidget(top)
        split.addWidget(bottom)
        lay.addWidget(split, 1)

        self.people.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.letters.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.new_letter.clicked.connect(self._new_letter)
        self.open_letter.clicked.connect(lambda: self._emit_letter(self.open_letter_requested))
        self.copy_letter.clicked.connect(lambda: self._emit_letter(self.copy_letter_requested))
        self.letters.itemActivated.connect(lambda *_: self._emit_letter(self.open_letter_requested))

    def show_client(self, client_id: str) -> None:
        client = self.store.get_client(client_id)
        if client is None:
            self.clear()
            return
        self.client_file = cf = client_file(self.store, client)
        self.title.setText(client.name)
        self.notes.setText(client.notes)
        self.notes.setVisible(bool(client.notes))
        self.people.setUpdatesEnabled(False)
        self.people.clear()
        for p in cf.people:
            self.people.addTopLevelItem(self._person_item(p))
        self.people.expandAll()
        self.people.setUpdatesEnabled(True)
        self.letters.setUpdatesEnabled(False)
        self.letters.clear()
        items = []
        for letter in cf.letters:  # newest first, as the store gives them
            words = len(letter.text.split())
            it = QTreeWidgetItem(
                [
                    letter.letter_date,
                    letter.person_name,
                    letter.occasion or letter.template,
                    letter.status,
                    str(words),
                    letter.writer,  # a firm's desks: who wrote it
                ]
            )
            it.setData(0, ID_ROLE, letter.id)
            items.append(it)
        self.letters.addTopLevelItems(items)
        self.letters.setUpdatesEnabled(True)
        self.letters_label.setText(f"Letters ({len(cf.letters)}), newest first")
        self._update_buttons()

    def _person_item(self, p: Any) -> QTreeWidgetItem:
        about = ", ".join(
            x for x in (p.relationship, p.pronouns, f"“{p.pet_name}”" if p.pet_name else "") if x
        )
        item = QTreeWidgetItem(
            [f"{p.name}{f' ({p.full_name})' if p.full_name else ''}{f' — {about}' if about else ''}"]
        )
        item.setData(0, ID_ROLE, p.id)
        item.setData(0, KIND_ROLE, "person")
        coming = next_dates(p, self.today)
        for i, u in enumerate(coming):
            mark = "  ← next" if i == 0 else ""
            child = QTreeWidgetItem(
                [f"{u.describe()}: {u.date} — next {u.next_date}, {_when(u.days_left)}{mark}"]
            )
            child.setData(0, ID_ROLE, p.id)
            child.setData(0, KIND_ROLE, "date")
            item.addChild(child)
        for m in p.memories:
            told = f"  (told in {_plural(len(m.letters), 'letter')})" if m.letters else ""
            child = QTreeWidgetItem([f"{m.text}{told}"])
            child.setFlags(child.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            child.setCheckState(0, Qt.CheckState.Unchecked)
            child.setData(0, ID_ROLE, p.id)
            child.setData(0, KIND_ROLE, "memory")
            child.setData(0, KIND_ROLE + 1, m.text)
            item.addChild(child)
        return item

    def clear(self) -> None:
        self.client_file = None
        self.title.clear()
        self.notes.clear()
        self.people.clear()
        self.letters.clear()
        self._update_buttons()

    def selected_person(self) -> str | None:
        item = self.people.currentItem()
        return item.data(0, ID_ROLE) if item is not None else None

    def picked_memories(self, person_id: str) -> list[str]:
        out = []
        for i in range(self.people.topLevelItemCount()):
            top = self.people.topLevelItem(i)
            if top.data(0, ID_ROLE) != person_id:
                continue
            for j in range(top.childCount()):
                ch = top.child(j)
                if ch.data(0, KIND_ROLE) == "memory" and ch.checkState(0) == Qt.CheckState.Checked:
                    out.append(ch.data(0, KIND_ROLE + 1))
        return out

    def _update_buttons(self) -> None:
        self.new_letter.setEnabled(self.selected_person() is not None)
        self.make_book.setEnabled(bool(self.client_file and self.client_file.letters))
        has_letter = self.letters.currentItem() is not None
        self.open_letter.setEnabled(has_letter)
        self.copy_letter.setEnabled(has_letter)

    def _new_letter(self) -> None:
        pid = self.selected_person()
        if pid:
            self.new_letter_requested.emit(pid, self.picked_memories(pid))

    def _make_book(self) -> None:
        from letterwriter.gui.book import BookDialog

        if self.client_file is not None:
            BookDialog(self.store, self.client_file.client.id, self).open()

    def _emit_letter(self, signal: Any) -> None:
        item = self.letters.currentItem()
        if item is not None:
            signal.emit(item.data(0, ID_ROLE))


class UpcomingView(QWidget):
    """Every client's people's dates in the next N days, soonest first, each with "Write it"."""

    write_requested = Signal(str, str)  # person id, template id ("" when the date has no occasion)

    def __init__(
        self, store: ArchiveStore, parent: QWidget | None = None, today: _dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.today = today
        self.items: list[Upcoming] = []
        self.days = QSpinBox(minimum=0, maximum=366, value=30, suffix=" days")
        self.days.setAccessibleName("Days ahead")
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Date", "When", "Person", "Client", "Occasion"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.write = QPushButton("Write it")
        self.write.setEnabled(False)
        self.empty = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel("Coming up in the next"))
        top.addWidget(self.days)
        top.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.tree, 1)
        lay.addWidget(self.empty)
        lay.addWidget(self.write, 0, Qt.AlignmentFlag.AlignLeft)
        self.days.valueChanged.connect(lambda _v: self.refresh())
        self.tree.currentItemChanged.connect(lambda cur, _p: self.write.setEnabled(cur is not None))
        self.write.clicked.connect(self._write)
        self.tree.itemActivated.connect(lambda *_: self._write())
        self.refresh()

    def refresh(self) -> None:
        self.items = upcoming(self.store, self.days.value(), self.today)
        self.tree.clear()
        rows = []
        for i, u in enumerate(self.items):
            it = QTreeWidgetItem([u.next_date, _when(u.days_left), u.person, u.client, u.describe()])
            it.setData(0, ID_ROLE, i)
            rows.append(it)
        self.tree.addTopLevelItems(rows)
        self.empty.setText("" if self.items else f"Nothing in the next {self.days.value()} days.")
        self.empty.setVisible(not self.items)
        self.write.setEnabled(self.tree.currentItem() is not None)

    def _write(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        u = self.items[item.data(0, ID_ROLE)]
        self.write_requested.emit(u.person_id, u.template or "")


class ClientsPanel(QTabWidget):
    """Clients (list and file side by side) and Upcoming, in one panel the main window can place."""

    new_letter_requested = Signal(str, list)
    open_letter_requested = Signal(str)
    copy_letter_requested = Signal(str)
    write_requested = Signal(str, str)

    def __init__(self, store: ArchiveStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.list = ClientList(store)
        self.file = ClientFileView(store)
        self.upcoming = UpcomingView(store)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(self.file)
        split.setStretchFactor(1, 2)
        self.addTab(split, "Clients")
        self.addTab(self.upcoming, "Upcoming")
        self.list.client_selected.connect(self.file.show_client)
        self.file.new_letter_requested.connect(self.new_letter_requested)
        self.file.open_letter_requested.connect(self.open_letter_requested)
        self.file.copy_letter_requested.connect(self.copy_letter_requested)
        self.upcoming.write_requested.connect(self.write_requested)

    def refresh(self) -> None:
        """After a letter is saved elsewhere: the counts, the open file and the dates are current again."""
        self.list.refresh()
        if self.file.client_file is not None:
            self.file.show_client(self.file.client_file.client.id)
        self.upcoming.refresh()
