"""The forms of a client's file: a client, a person, a date, a memory, and the Removed list.

Each form is a small dialog that shows a record and gives back a changed copy of it
(`result_record()`); it changes nothing itself. The panel turns what comes back into an
undoable edit (archive/edits.py). Checks are the archive's own (archive/clients.py), so the
window refuses or cleans a value exactly as `clients add` and `clients edit` do. A person's
postal address and the client's return address are gui/addressform.py's form (the envelope
dialog's too); OK waits until the post would take the address, or it is left empty.
"""

from __future__ import annotations

import copy
import datetime as _dt
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from letterwriter.archive import clients as checks
from letterwriter.archive.dates import COMMON_KINDS, kind_label, yearly_by_default
from letterwriter.archive.records import ArchiveError, ClientRecord, MemoryRecord, PersonRecord, RemovedRecord
from letterwriter.gui.addressform import AddressForm, home_country
from letterwriter.gui.screenfit import fit_size
from letterwriter.language import LANGUAGES
from letterwriter.model import MAX_LONGTEXT, PRONOUNS, RELATIONSHIPS

LANGUAGE_NAMES = {
    "en-US": "American English",
    "en-GB": "British English",
    "en-AU": "Australian English",
    "en-CA": "Canadian English",
    "en-NZ": "New Zealand English",
    "en-ZA": "South African English",
}


class DayEdit(QDateEdit):
    """A day typed as the file writes it, "1946-12-20": Qt moves on to the month by itself once
    the year is whole, so the dash typed next is only the person's way of saying so. Qt took it
    for a second "move on" and the month's digits went into the day (1946-12-12, not a word)."""

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.text() and event.text() in "-/." and self._at_section_start():
            event.accept()
            return
        super().keyPressEvent(event)

    def _at_section_start(self) -> bool:
        if self.currentSectionIndex() == 0:
            return False
        text = self.lineEdit().text()
        starts = [0] + [i + 1 for i, c in enumerate(text) if not c.isdigit()]
        index = self.currentSectionIndex()
        return index < len(starts) and self.lineEdit().cursorPosition() == starts[index]


class RecordDialog(QDialog):
    """A form with OK and Cancel; OK is enabled while the form can be saved, and says why not.

    It opens with the cursor in its first field, and Tab reaches OK and Cancel last: the buttons
    are made before the fields, so Qt put them first and the first keys typed were lost.
    """

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        self.form = QFormLayout()
        self.problem = QLabel()
        self.problem.setObjectName("formProblem")
        self.problem.setStyleSheet("color: #a4262c;")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        col = QVBoxLayout(self)
        col.addLayout(self.form)
        col.addWidget(self.problem)
        col.addWidget(self.buttons)
        self.record: Any = None
        self._ordered = False

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._ordered:
            return
        self._ordered = True
        fields, w = [], self.nextInFocusChain()
        while w is not self and w is not None and len(fields) < 500:
            mine = self.isAncestorOf(w) and not self.buttons.isAncestorOf(w)
            if mine and w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisibleTo(self):
                fields.append(w)
            w = w.nextInFocusChain()
        if not fields:
            return
        before = fields[-1]
        for b in self.buttons.buttons():
            QWidget.setTabOrder(before, b)
            before = b
        fields[0].setFocus(Qt.FocusReason.TabFocusReason)

    def build(self) -> Any:
        """The changed copy of the record; ArchiveError says what is wrong."""
        raise NotImplementedError

    def _gate(self, name: QLineEdit, address: AddressForm) -> None:
        """OK while there is a name and the address is one the post would take (or none at all)."""

        def ready(*_) -> None:
            self.ok.setEnabled(bool(name.text().strip()) and not address.problem())

        name.textChanged.connect(ready)
        address.changed.connect(ready)
        ready()

    def result_record(self) -> Any:
        return self.record

    def _accept(self) -> None:
        try:
            self.record = self.build()
        except ArchiveError as exc:
            self.problem.setText(str(exc).split(": ", 1)[-1].capitalize())
            self.problem.show()
            return
        self.accept()

    def _line(self, label: str, text: str = "", placeholder: str = "") -> QLineEdit:
        box = QLineEdit(text)
        box.setPlaceholderText(placeholder)
        box.setAccessibleName(label.rstrip(":*"))
        self.form.addRow(label, box)
        return box


class ClientDialog(RecordDialog):
    """New client, or a client's details: name, the name they sign with, their English, notes."""

    def __init__(self, client: ClientRecord | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Edit client" if client else "New client", parent)
        self.setMinimumWidth(500)
        self.original = client or ClientRecord(id="", name="")
        c = self.original
        self.name = self._line("Name:", c.name, "Ada Byrne, or 'The Okafor family'")
        self.signs_as = self._line("Signs as:", c.signs_as, "Ada, Mum, Grandma Ada")
        self.signs_as.setToolTip("The name under close letters (to a husband, a child, a friend).")
        self.language = QComboBox()
        self.language.setAccessibleName("Their English")
        self.language.addItem("As in Preferences", "")
        for code in LANGUAGES:
            self.language.addItem(f"{LANGUAGE_NAMES.get(code, code)} ({code})", code)
        self.language.setCurrentIndex(max(0, self.language.findData(c.language)))
        self.form.addRow("Their English:", self.language)
        self.notes = QPlainTextEdit(c.notes)
        self.notes.setAccessibleName("Notes")
        self.notes.setPlaceholderText("Writes every June; likes the formal closing.")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(90)
        self.form.addRow("Notes:", self.notes)
        self.return_address = AddressForm(
            "Return address (for envelopes)",
            c.return_address,
            who="the return address",
            country=home_country(c.return_address, language=c.language),
            name_label="Name on the envelope",
            name_hint="The client's name above",
            optional=True,
        )
        self.form.addRow(self.return_address)
        self._gate(self.name, self.return_address)
        self.language.currentIndexChanged.connect(self._language_chosen)

    def _language_chosen(self) -> None:
        """British English: a return address not yet begun starts in the United Kingdom."""
        if self.return_address.is_empty():
            code = home_country(language=self.language.currentData() or "")
            self.return_address.country.setCurrentIndex(max(0, self.return_address.country.findData(code)))

    def build(self) -> ClientRecord:
        out = copy.copy(self.original)
        out.name = checks.text_value(self.name.text(), "name", required=True)
        out.signs_as = checks.text_value(self.signs_as.text(), "signs as")
        out.language = self.language.currentData() or ""
        out.notes = checks.text_value(self.notes.toPlainText(), "notes", limit=MAX_LONGTEXT)
        out.return_address = checks.address_value(self.return_address.value(), "the return address")
        return out


class PersonDialog(RecordDialog):
    """Someone the client writes to: names, relationship, pronouns, pet name, places and postal address.

    `home`: the country a new address starts in (the client's own, by their return address).
    """

    def __init__(self, person: PersonRecord, parent: QWidget | None = None, home: str = "") -> None:
        super().__init__("Edit person" if person.id else "New person", parent)
        self.setMinimumWidth(500)
        self.original = person
        p = person
        self.name = self._line("Name:", p.name, "What the client calls them: Tobias, Mum")
        self.full_name = self._line("Full name:", p.full_name, "For formal letters: Tobias Byrne")
        self.relationship = QComboBox(editable=True)
        self.relationship.setAccessibleName("They are the client's")
        self.relationship.addItems(["", *RELATIONSHIPS])
        self.relationship.setCurrentText(p.relationship)
        self.form.addRow("They are the client's:", self.relationship)
        self.pronouns = QComboBox()
        self.pronouns.setAccessibleName("Pronouns")
        self.pronouns.addItems(["", *PRONOUNS])
        self.pronouns.setCurrentText(p.pronouns)
        self.form.addRow("Pronouns:", self.pronouns)
        self.pet_name = self._line("Pet name:", p.pet_name, "A name only the client uses: Toby")
        self.places = QPlainTextEdit("\n".join(p.places))
        self.places.setAccessibleName("Places")
        self.places.setPlaceholderText("One a line: Galway\nthe cottage at Spiddal")
        self.places.setTabChangesFocus(True)
        self.places.setFixedHeight(70)
        self.form.addRow("Places:", self.places)
        self.address = AddressForm(
            "Postal address (for envelopes)",
            p.address,
            who="the address",
            country=home_country(p.address, {"country_code": home}),
            name_label="Name on the envelope",
            name_hint="Their full name above",
            optional=True,
        )
        self.form.addRow(self.address)
        self._gate(self.name, self.address)

    def build(self) -> PersonRecord:
        out = copy.deepcopy(self.original)
        out.name = checks.text_value(self.name.text(), "name", required=True)
        out.full_name = checks.text_value(self.full_name.text(), "full name")
        out.relationship = checks.relationship_value(self.relationship.currentText(), "relationship")
        out.pronouns = checks.pronouns_value(self.pronouns.currentText(), "pronouns")
        out.pet_name = checks.text_value(self.pet_name.text(), "pet name")
        out.places = checks.text_list(self.places.toPlainText().splitlines(), "places")
        out.address = checks.address_value(self.address.value(), "the address")
        return out


class DateDialog(RecordDialog):
    """One of a person's dates: what it is, the day (with a calendar), and whether it comes every year."""

    def __init__(self, person: PersonRecord, kind: str = "", parent: QWidget | None = None) -> None:
        super().__init__(
            f"Date for {person.name}" if not kind else f"{kind_label(kind).capitalize()} of {person.name}",
            parent,
        )
        self.original, self.kind_before = person, kind
        self.what = QComboBox(editable=True)
        self.what.setAccessibleName("What is the date")
        self.what.addItems([kind_label(k) for k in COMMON_KINDS])
        self.what.setCurrentText(kind_label(kind) if kind else "")
        self.what.lineEdit().setPlaceholderText("birthday, anniversary, retirement, the day they met…")
        self.form.addRow("What is the date:", self.what)
        self.day = DayEdit(calendarPopup=True)
        self.day.setAccessibleName("The day")
        self.day.setDisplayFormat("yyyy-MM-dd")  # as the file shows dates; typed digits move on by themselves
        self.day.setMinimumDate(QDate(1800, 1, 1))
        self.day.setMaximumDate(QDate(2200, 12, 31))
        start = person.dates.get(kind) if kind else None
        self.day.setDate(QDate.fromString(start, "yyyy-MM-dd") if start else QDate.currentDate())
        self.form.addRow("The day:", self.day)
        self.yearly = QCheckBox("Comes back every year (a birthday does; a retirement or a move does not)")
        self.yearly.setChecked(person.yearly(kind) if kind else True)
        self.form.addRow("", self.yearly)
        self._yearly_touched = bool(kind)
        self.yearly.clicked.connect(lambda _c: setattr(self, "_yearly_touched", True))
        self.what.currentTextChanged.connect(self._kind_changed)
        self.ok.setEnabled(bool(kind))

    def _kind_changed(self, text: str) -> None:
        self.ok.setEnabled(bool(text.strip()))
        if not self._yearly_touched:  # the kind says it, until the person does
            self.yearly.setChecked(yearly_by_default("_".join(text.lower().split())))

    def build(self) -> PersonRecord:
        kind = checks.date_kind(self.what.currentText(), "what the date is")
        out = copy.deepcopy(self.original)
        if self.kind_before and self.kind_before != kind:
            out.dates.pop(self.kind_before, None)
        out.dates[kind] = self.day.date().toString("yyyy-MM-dd")
        out.one_off = [k for k in out.one_off if k not in (kind, self.kind_before)]
        if not self.yearly.isChecked():
            out.one_off.append(kind)
        return out


class MemoryDialog(RecordDialog):
    """A memory in the client's words, and what it means to them (the letter says it after the memory)."""

    def __init__(self, memory: MemoryRecord, person: PersonRecord, parent: QWidget | None = None) -> None:
        super().__init__("Edit memory" if memory.id else f"New memory of {person.name}", parent)
        self.original = memory
        self.text = QPlainTextEdit(memory.text)
        self.text.setAccessibleName("The memory")
        self.text.setPlaceholderText("the rain that started just as we came out of the church")
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(70)
        self.form.addRow("The memory:", self.text)
        self.meaning = self._line(
            "What it means:", memory.meaning, "What it says about them, or what it still means to you"
        )
        if memory.letters:
            told = QLabel(
                f"Told in {len(memory.letters)} letter{'s' if len(memory.letters) != 1 else ''}: "
                "a change here is the memory corrected; those letters stay as they were sent."
            )
            told.setWordWrap(True)
            self.form.addRow("", told)
        self.text.textChanged.connect(lambda: self.ok.setEnabled(bool(self.text.toPlainText().strip())))
        self.ok.setEnabled(bool(memory.text.strip()))

    def build(self) -> MemoryRecord:
        out = copy.deepcopy(self.original)
        out.text = checks.item_value(self.text.toPlainText(), "memory")
        if not out.text:
            raise ArchiveError("memory: a memory cannot be empty")
        out.meaning = checks.item_value(self.meaning.text(), "meaning")
        return out


class RemovedDialog(QDialog):
    """Clients and people removed from the archive, each with their letters, to restore."""

    restore_requested = Signal(object)  # RemovedRecord

    def __init__(self, removed: list[RemovedRecord], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Removed clients and people")
        fit_size(self, 620, 360)
        self.removed = removed
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Name", "What", "Letters", "Removed"])
        self.tree.setRootIsDecorated(False)
        for i, r in enumerate(removed):
            what = (
                "client"
                if r.kind == "client"
                else f"person{f', for {r.client_name}' if r.client_name else ''}"
            )
            it = QTreeWidgetItem([r.name, what, str(r.letters), _day(r.removed_at)])
            it.setData(0, Qt.ItemDataRole.UserRole, i)
            self.tree.addTopLevelItem(it)
        self.empty = QLabel("Nothing has been removed.")
        self.empty.setVisible(not removed)
        self.restore = QPushButton("Restore")
        self.restore.setEnabled(False)
        close = QPushButton("Close")
        self.tree.currentItemChanged.connect(lambda cur, _p: self.restore.setEnabled(cur is not None))
        self.restore.clicked.connect(self._restore)
        close.clicked.connect(self.close)
        col = QVBoxLayout(self)
        col.addWidget(
            QLabel("Restoring brings them back with their letters. Undo (Ctrl+Z) removes them again.")
        )
        col.addWidget(self.tree, 1)
        col.addWidget(self.empty)
        buttons = QDialogButtonBox()
        buttons.addButton(self.restore, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        col.addWidget(buttons)

    def _restore(self) -> None:
        item = self.tree.currentItem()
        if item is not None:
            self.restore_requested.emit(self.removed[item.data(0, Qt.ItemDataRole.UserRole)])
            self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(item))


def _day(stamp: str) -> str:
    try:
        return _dt.datetime.fromisoformat(stamp).strftime("%-d %b %Y, %H:%M")
    except ValueError:
        return stamp
