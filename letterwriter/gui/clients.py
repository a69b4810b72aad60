"""Client files in the window: the client list with search, one client's file, and what comes up next.

Self-contained widgets over an `ArchiveStore`: they read the archive, change a client's file
through undoable edits (archive/edits.py, gui/clientsync.py; the forms are gui/clientforms.py)
and emit signals (`new_letter_requested`, `open_letter_requested`, `copy_letter_requested`,
`write_requested`); the main window decides what a request does. Signals go up, calls go down.
"""

from __future__ import annotations

import copy
import datetime as _dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from letterwriter.archive import edits as ed
from letterwriter.archive.clientfile import ClientFile, client_file
from letterwriter.archive.dates import kind_label, next_dates
from letterwriter.archive.records import MemoryRecord, PersonRecord
from letterwriter.archive.store import ArchiveStore
from letterwriter.gui.addressform import home_country
from letterwriter.gui.clientlist import ClientList, ClientListModel
from letterwriter.gui.clientsync import ArchiveUndo, ArchiveWatch
from letterwriter.gui.upcoming import UpcomingView

__all__ = ["ClientFileView", "ClientList", "ClientListModel", "ClientsPanel", "UpcomingView"]

ID_ROLE = Qt.ItemDataRole.UserRole
KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ITEM_ROLE = Qt.ItemDataRole.UserRole + 2  # a date's kind, a memory's id
TEXT_ROLE = Qt.ItemDataRole.UserRole + 3  # a memory's text


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _envelope(address: dict, home: dict) -> list[str]:
    """An address's lines as the envelope writes them (no country line within the client's); [] for none."""
    from letterwriter.address import AddressError, envelope_lines

    if not address.get("country_code"):
        return []
    try:
        return envelope_lines(address, home.get("country_code"))
    except (AddressError, ValueError):  # a file written by hand: shown as it is rather than not at all
        return [v for k, v in address.items() if k != "country_code"]


def _when(days: int) -> str:
    return "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"


def _titles() -> dict[str, str]:
    """Template ids to their titles ("love_letter": "Love letter"): occasions by their names."""
    try:
        from letterwriter.templates import library

        return {i.id: i.title for i in library().list()}
    except Exception:  # a broken user template must not close the client files
        return {}


class ClientFileView(QWidget):
    """One client's file: their people (dates, memories) and every letter; each part editable, undoably."""

    new_letter_requested = Signal(str, list)  # person id, the memories picked (texts)
    open_letter_requested = Signal(str)  # letter id
    copy_letter_requested = Signal(str)  # letter id: start a new letter from a copy of it

    def __init__(
        self, store: ArchiveStore, parent: QWidget | None = None, undo: ArchiveUndo | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.undo = undo or ArchiveUndo(store, self)
        self.client_file: ClientFile | None = None
        self.today = _dt.date.today()
        self.titles: dict[str, str] | None = None
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.about = QLabel()  # signs as, their English
        self.about.setTextFormat(Qt.TextFormat.PlainText)
        self.notes = QLabel(wordWrap=True)
        self.notes.setTextFormat(Qt.TextFormat.PlainText)
        self.return_address = QLabel()  # as the envelope writes it, on one line
        self.return_address.setTextFormat(Qt.TextFormat.PlainText)
        self.edit_client = QPushButton("Edit client…")
        self.remove_client = QPushButton("Remove client…")

        self.people = QTreeWidget()
        self.people.setHeaderLabels(
            ["People, dates and memories (tick memories to use them; double-click to edit)"]
        )
        self.people.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.add_person = QPushButton("Add person…")
        self.add_date = QPushButton("Add date…")
        self.add_memory = QPushButton("Add memory…")
        self.edit_item = QPushButton("Edit…")
        self.remove_item = QPushButton("Remove…")
        self.new_letter = QPushButton("New letter to this person")

        self.letters = QTreeWidget()
        self.letters.setHeaderLabels(["Date", "To", "Occasion", "Status", "Words", "Writer"])
        self.letters.setRootIsDecorated(False)
        self.letters.setUniformRowHeights(True)
        self.open_letter = QPushButton("Open letter")
        self.copy_letter = QPushButton("Start from a copy")
        self.export_letter = QPushButton("Export PDF…")
        self.export_letter.setToolTip(
            "The letter drawn again exactly as it was sent: its hand, paper and ink"
        )

        lay = QVBoxLayout(self)
        head = QHBoxLayout()
        names = QVBoxLayout()
        names.addWidget(self.title)
        names.addWidget(self.about)
        names.addWidget(self.return_address)
        head.addLayout(names, 1)
        head.addWidget(self.edit_client, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.remove_client, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(head)
        lay.addWidget(self.notes)
        split = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.people, 1)
        row = QHBoxLayout()
        for b in (self.add_person, self.add_date, self.add_memory, self.edit_item, self.remove_item):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.new_letter)
        tl.addLayout(row)
        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        self.letters_label = QLabel("Letters")
        bl.addWidget(self.letters_label)
        bl.addWidget(self.letters, 1)
        row = QHBoxLayout()
        for b in (self.open_letter, self.copy_letter, self.export_letter):
            row.addWidget(b)
        row.addStretch(1)
        self.make_book = QPushButton("Make a Book…", enabled=False)  # the book of letters: gui/book.py
        self.make_book.clicked.connect(self._make_book)
        row.addWidget(self.make_book)
        bl.addLayout(row)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay.addWidget(split, 1)

        self.people.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.people.itemDoubleClicked.connect(lambda *_: self.edit_selected())
        self.people.customContextMenuRequested.connect(self._context_menu)
        self.letters.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.new_letter.clicked.connect(self._new_letter)
        self.open_letter.clicked.connect(lambda: self._emit_letter(self.open_letter_requested))
        self.copy_letter.clicked.connect(lambda: self._emit_letter(self.copy_letter_requested))
        self.export_letter.clicked.connect(self._export_letter)
        self.letters.itemActivated.connect(lambda *_: self._emit_letter(self.open_letter_requested))
        self.edit_client.clicked.connect(self.edit_client_details)
        self.remove_client.clicked.connect(self.remove_this_client)
        self.add_person.clicked.connect(self.new_person)
        self.add_date.clicked.connect(lambda: self.edit_date(""))
        self.add_memory.clicked.connect(lambda: self.edit_memory(None))
        self.edit_item.clicked.connect(self.edit_selected)
        self.remove_item.clicked.connect(self.remove_selected)
        self._update_buttons()

    # --- showing ------------------------------------------------------------------------
    def show_client(self, client_id: str) -> None:
        client = self.store.get_client(client_id)
        if client is None:
            self.clear()
            return
        if self.titles is None:
            self.titles = _titles()
        where = self._place()
        self.client_file = cf = client_file(self.store, client)
        self.undo.shown[client.id] = client.version  # an edit is made on this version (a firm's desks)
        self.title.setText(client.name)
        about = [f"signs as {client.signs_as}" if client.signs_as else "", client.language]
        self.about.setText(" · ".join(a for a in about if a))
        self.about.setVisible(any(about))
        self.notes.setText(client.notes)
        self.notes.setVisible(bool(client.notes))
        back = _envelope(client.return_address, client.return_address)
        none = "No return address yet (Edit client… adds one)"
        self.return_address.setText(f"Return address: {', '.join(back)}" if back else none)
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
            occasion = self.titles.get(letter.template) or letter.occasion or letter.template
            row = [
                letter.letter_date,
                letter.person_name,
                occasion,
                letter.status,
                str(len(letter.text.split())),
                letter.writer,  # a firm's desks: who wrote it
            ]
            it = QTreeWidgetItem(row)
            it.setData(0, ID_ROLE, letter.id)
            if letter.export_path:
                it.setToolTip(3, f"Exported to {letter.export_path}")
            items.append(it)
        self.letters.addTopLevelItems(items)
        for col in range(4) if items and self.letters.columnWidth(2) < 160 else ():
            self.letters.resizeColumnToContents(col)  # once: "Anniversary letter", not "Anniversary l…"
        self.letters.setUpdatesEnabled(True)
        self.letters_label.setText(f"Letters ({len(cf.letters)}), newest first")
        self._select_place(where)
        self._update_buttons()

    def _person_item(self, p: PersonRecord) -> QTreeWidgetItem:
        about = ", ".join(
            x for x in (p.relationship, p.pronouns, f"“{p.pet_name}”" if p.pet_name else "") if x
        )
        item = QTreeWidgetItem(
            [f"{p.name}{f' ({p.full_name})' if p.full_name else ''}{f' — {about}' if about else ''}"]
        )
        item.setData(0, ID_ROLE, p.id)
        item.setData(0, KIND_ROLE, "person")
        if p.places:
            item.setToolTip(0, "Places: " + ", ".join(p.places))
        coming = next_dates(p, self.today)
        for i, u in enumerate(coming):
            mark = "  ← next" if i == 0 else ""
            child = QTreeWidgetItem(
                [f"{u.describe()}: {u.date} — next {u.next_date}, {_when(u.days_left)}{mark}"]
            )
            self._child(item, child, p.id, "date", u.kind)
        for kind in sorted(set(p.dates) - {u.kind for u in coming}):  # once, and past
            child = QTreeWidgetItem([f"{kind_label(kind)}: {p.dates[kind]} (once, past)"])
            self._child(item, child, p.id, "date", kind)
        for m in p.memories:
            told = f"  (told in {_plural(len(m.letters), 'letter')})" if m.letters else ""
            child = QTreeWidgetItem([f"{m.text}{told}{f' — {m.meaning}' if m.meaning else ''}"])
            child.setFlags(child.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            child.setCheckState(0, Qt.CheckState.Unchecked)
            child.setToolTip(
                0, f"What it means: {m.meaning}" if m.meaning else "No meaning given yet: Edit… asks"
            )
            self._child(item, child, p.id, "memory", m.id)
            child.setData(0, TEXT_ROLE, m.text)
        # last, as on an address card: the address as the envelope writes it
        home = self.client_file.client.return_address if self.client_file else {}
        lines = _envelope({"name": p.full_name or p.name, **p.address}, home)
        card = QTreeWidgetItem(["\n".join(lines) if lines else "No postal address yet (Edit… adds one)"])
        card.setToolTip(0, "Postal address, as the envelope writes it" if lines else "")
        if not lines:
            card.setForeground(0, self.palette().placeholderText())
        self._child(item, card, p.id, "address", "")
        return item

    @staticmethod
    def _child(parent: QTreeWidgetItem, child: QTreeWidgetItem, pid: str, kind: str, key: str) -> None:
        child.setData(0, ID_ROLE, pid)
        child.setData(0, KIND_ROLE, kind)
        child.setData(0, ITEM_ROLE, key)
        parent.addChild(child)

    def _place(self) -> tuple[str, str, str] | None:
        item = self.people.currentItem()
        if item is None:
            return None
        return item.data(0, ID_ROLE), item.data(0, KIND_ROLE), item.data(0, ITEM_ROLE) or ""

    def _select_place(self, where: tuple[str, str, str] | None) -> None:
        """After a refresh the same person, date or memory stays chosen (or its person)."""
        if where is None:
            return
        for i in range(self.people.topLevelItemCount()):
            top = self.people.topLevelItem(i)
            if top.data(0, ID_ROLE) != where[0]:
                continue
            found = top
            for j in range(top.childCount()):
                ch = top.child(j)
                if (ch.data(0, KIND_ROLE), ch.data(0, ITEM_ROLE)) == where[1:]:
                    found = ch
            self.people.setCurrentItem(found)

    def clear(self) -> None:
        self.client_file = None
        self.title.clear()
        self.about.clear()
        self.notes.clear()
        self.people.clear()
        self.letters.clear()
        self._update_buttons()

    def selected_person(self) -> str | None:
        item = self.people.currentItem()
        return item.data(0, ID_ROLE) if item is not None else None

    def person(self, person_id: str | None = None) -> PersonRecord | None:
        pid = person_id or self.selected_person()
        people = self.client_file.people if self.client_file else []
        return next((p for p in people if p.id == pid), None)

    def picked_memories(self, person_id: str) -> list[str]:
        out = []
        for i in range(self.people.topLevelItemCount()):
            top = self.people.topLevelItem(i)
            if top.data(0, ID_ROLE) != person_id:
                continue
            for j in range(top.childCount()):
                ch = top.child(j)
                if ch.data(0, KIND_ROLE) == "memory" and ch.checkState(0) == Qt.CheckState.Checked:
                    out.append(ch.data(0, TEXT_ROLE))
        return out

    def _update_buttons(self) -> None:
        has_client = self.client_file is not None
        has_person = self.selected_person() is not None
        for b in (self.edit_client, self.remove_client, self.add_person):
            b.setEnabled(has_client)
        for b in (self.add_date, self.add_memory, self.edit_item, self.remove_item, self.new_letter):
            b.setEnabled(has_person)
        self.make_book.setEnabled(bool(self.client_file and self.client_file.letters))
        has_letter = self.letters.currentItem() is not None
        for b in (self.open_letter, self.copy_letter, self.export_letter):
            b.setEnabled(has_letter)

    # --- editing ------------------------------------------------------------------------
    def _apply(self, edit: ed.Edit) -> bool:
        return self.undo.apply(edit)

    def _open_form(self, dialog: Any, then: Any) -> Any:
        """A form opened without blocking; `then(record)` when the person presses OK."""
        dialog.accepted.connect(lambda: then(dialog.result_record()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def edit_client_details(self) -> Any:
        from letterwriter.gui.clientforms import ClientDialog

        if self.client_file is None:
            return None
        before = self.client_file.client
        return self._open_form(
            ClientDialog(before, self),
            lambda after: after != before and self._apply(ed.ChangeClient(before, after)),
        )

    def remove_this_client(self) -> bool:
        if self.client_file is None:
            return False
        client, n = self.client_file.client, len(self.client_file.letters)
        if not self._confirm(
            f"Remove {client.name}?",
            f"{client.name}, the people in their file and {_plural(n, 'letter')} go to the Removed list. "
            "Undo (Ctrl+Z) or Removed… brings them all back.",
        ):
            return False
        return self._apply(ed.RemoveClient(client))

    def new_person(self) -> Any:
        from letterwriter.gui.clientforms import PersonDialog

        if self.client_file is None:
            return None
        client = self.client_file.client
        blank = PersonRecord(id="", client_id=client.id, name="")
        home = home_country(client.return_address, language=client.language)
        return self._open_form(
            PersonDialog(blank, self, home), lambda p: self._apply(ed.AddPerson(p)) and self._choose(p.id)
        )

    def edit_selected(self) -> Any:
        item = self.people.currentItem()
        if item is None:
            return None
        kind, key = item.data(0, KIND_ROLE), item.data(0, ITEM_ROLE)
        if kind == "date":
            return self.edit_date(key)
        if kind == "memory":
            return self.edit_memory(key)
        return self.edit_person()

    def edit_person(self) -> Any:
        from letterwriter.gui.clientforms import PersonDialog

        before = self.person()
        if before is None:
            return None
        client = self.client_file.client
        home = home_country(client.return_address, language=client.language)

        def changed(after: PersonRecord) -> None:
            if after != before:  # "Change Tobias’s address" when that is all that changed
                only_address = copy.copy(after)
                only_address.address = before.address
                self._apply(ed.ChangePerson(before, after, "address" if only_address == before else ""))

        return self._open_form(PersonDialog(before, self, home), changed)

    def edit_date(self, kind: str) -> Any:
        from letterwriter.gui.clientforms import DateDialog

        before = self.person()
        if before is None:
            return None
        what = "date" if kind else "dates"
        return self._open_form(
            DateDialog(before, kind, self),
            lambda after: after != before and self._apply(ed.ChangePerson(before, after, what)),
        )

    def edit_memory(self, memory_id: str | None) -> Any:
        from letterwriter.gui.clientforms import MemoryDialog

        person = self.person()
        if person is None:
            return None
        before = next((m for m in person.memories if m.id == memory_id), None)
        if before is None:
            blank = MemoryRecord(id="", person_id=person.id, text="")
            return self._open_form(
                MemoryDialog(blank, person, self),
                lambda m: self._apply(ed.AddMemory(person, m.text, m.meaning)),
            )
        cid = person.client_id

        def changed(m: MemoryRecord) -> None:
            if (m.text, m.meaning) != (before.text, before.meaning):
                self._apply(ed.ChangeMemory(cid, before, m.text, m.meaning))

        return self._open_form(MemoryDialog(before, person, self), changed)

    def remove_selected(self) -> bool:
        item = self.people.currentItem()
        person = self.person()
        if item is None or person is None:
            return False
        kind, key = item.data(0, KIND_ROLE), item.data(0, ITEM_ROLE)
        if kind == "address":
            if not person.address:
                return False
            after = copy.deepcopy(person)
            after.address = {}
            return self._apply(ed.ChangePerson(person, after, "address"))
        if kind == "date":
            after = copy.deepcopy(person)
            after.dates.pop(key, None)
            after.one_off = [k for k in after.one_off if k != key]
            return self._apply(ed.ChangePerson(person, after, "dates"))
        if kind == "memory":
            memory = next(m for m in person.memories if m.id == key)
            return self._apply(ed.RemoveMemory(person.client_id, memory))
        n = self.store.letter_count(person_id=person.id)
        if not self._confirm(
            f"Remove {person.name}?",
            f"{person.name} and {_plural(n, 'letter')} to them go to the Removed list. "
            "Undo (Ctrl+Z) or Removed… brings them back.",
        ):
            return False
        return self._apply(ed.RemovePerson(person))

    def _confirm(self, title: str, text: str) -> bool:
        sb = QMessageBox.StandardButton
        return QMessageBox.question(self, title, text, sb.Ok | sb.Cancel, sb.Cancel) == sb.Ok

    def _choose(self, person_id: str) -> bool:
        for i in range(self.people.topLevelItemCount()):
            if self.people.topLevelItem(i).data(0, ID_ROLE) == person_id:
                self.people.setCurrentItem(self.people.topLevelItem(i))
        return True

    def _context_menu(self, pos: Any) -> None:
        menu = QMenu(self)
        for b in (self.edit_item, self.add_date, self.add_memory, self.remove_item, self.add_person):
            if b.isEnabled():
                menu.addAction(b.text(), b.click)
        menu.popup(self.people.viewport().mapToGlobal(pos))

    # --- letters --------------------------------------------------------------------------
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

    def export_stored_letter(self, path: str | None = None) -> Any:
        """Draw the chosen letter again, exactly as it was exported, into a PDF (asks where)."""
        from letterwriter.archive.letters import export_stored
        from letterwriter.settings import Settings

        item = self.letters.currentItem()
        letter = self.store.get_letter(item.data(0, ID_ROLE)) if item is not None else None
        if letter is None:
            return None
        if path is None:
            name = f"Letter to {letter.person_name or 'them'} {letter.letter_date}.pdf"
            path, _ = QFileDialog.getSaveFileName(self, "Export the letter as PDF", name, "PDF (*.pdf)")
        if not path:
            return None
        try:
            return export_stored(
                letter, path if path.lower().endswith(".pdf") else path + ".pdf", Settings.load()
            )
        except Exception as exc:  # a full disk, a folder gone: said, nothing half-written
            QMessageBox.warning(self, "Could not export", f"Nothing was written: {exc}")
            return None

    def _export_letter(self) -> None:
        self.export_stored_letter()


class ClientsPanel(QTabWidget):
    """Clients (list and file side by side) and Upcoming, in one panel the main window can place.

    It keeps the undo history of the client files and shows what other programs change.
    """

    new_letter_requested = Signal(str, list)
    open_letter_requested = Signal(str)
    copy_letter_requested = Signal(str)
    write_requested = Signal(str, str)
    message = Signal(str)  # a line for the status bar

    def __init__(self, store: ArchiveStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.undo = ArchiveUndo(store, self)
        self.list = ClientList(store)
        self.file = ClientFileView(store, undo=self.undo)
        self.upcoming = UpcomingView(store)
        self.watch = ArchiveWatch(store, self)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(self.file)
        split.setStretchFactor(1, 2)
        split.setSizes([300, 680])
        self.addTab(split, "Clients")
        self.addTab(self.upcoming, "Upcoming")
        self.list.client_selected.connect(self.file.show_client)
        self.list.new_client.clicked.connect(self.new_client)
        self.list.removed.clicked.connect(self.show_removed)
        self.file.new_letter_requested.connect(self.new_letter_requested)
        self.file.open_letter_requested.connect(self.open_letter_requested)
        self.file.copy_letter_requested.connect(self.copy_letter_requested)
        self.upcoming.write_requested.connect(self.write_requested)
        self.undo.changed.connect(self._edited)
        self.undo.failed.connect(
            lambda why: QMessageBox.warning(self, "Not changed", f"Nothing was changed: {why}")
        )
        self.watch.changed.connect(self.refresh)
        self.file.show_client(self.list.current_id() or "")

    def refresh(self) -> None:
        """After a change elsewhere: the counts, the open file and the dates are current again."""
        self.list.refresh()
        if self.file.client_file is not None:
            self.file.show_client(self.file.client_file.client.id)
        self.upcoming.refresh()

    def _edited(self, client_id: str) -> None:
        self.list.refresh()
        if client_id and self.list.select(client_id, emit=False):
            self.file.show_client(client_id)
        elif self.file.client_file is not None:
            self.file.show_client(self.file.client_file.client.id)  # it is gone: cleared
        self.upcoming.refresh()

    def new_client(self) -> Any:
        from letterwriter.archive.records import DuplicateClient
        from letterwriter.gui.clientforms import ClientDialog

        def add(client) -> None:
            try:
                self.undo.apply(ed.AddClient(client))
            except DuplicateClient as exc:
                QMessageBox.warning(self, "Already in the client files", f"{exc}: choose it in the list.")

        self.list.search.clear()  # the new client must be in sight
        return self.file._open_form(ClientDialog(None, self), add)

    def show_removed(self) -> Any:
        from letterwriter.gui.clientforms import RemovedDialog

        dlg = RemovedDialog(self.store.list_removed(), self)
        dlg.restore_requested.connect(lambda r: self.undo.apply(ed.Restore(r)))
        dlg.finished.connect(dlg.deleteLater)
        dlg.open()
        return dlg
