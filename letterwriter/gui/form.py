"""The brief form: one editor per template field, common fields first, errors beside fields."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from letterwriter.model import COMMON_FIELDS, Field

# tone, length and wording have their own controls above the form
CONTROLLED = ("tone", "length", "variation")


def ordered_fields(fields: list[Field]) -> list[Field]:
    """Common fields first in COMMON_FIELDS order, so they sit in the same place every time."""
    by_name = {f.name: f for f in fields}
    first = [by_name[n] for n in COMMON_FIELDS if n in by_name]
    rest = [f for f in fields if f.name not in COMMON_FIELDS]
    return [f for f in first + rest if f.name not in CONTROLLED]


class _ItemList(QListWidget):
    """A list a person can simply click into and type: the empty space starts a new item.

    A new user clicked an empty "Shared memories" box and typed; nothing happened, because
    the only way in was a small "+" below the box (scrolled out of sight on a short window).
    """

    add_requested = Signal()
    PLACEHOLDER = "Click here and type; each one on its own line (Enter)"

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.button() == Qt.MouseButton.LeftButton and self.itemAt(event.position().toPoint()) is None:
            self.add_requested.emit()
            return
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        text = event.text()
        editing = self.state() == QAbstractItemView.State.EditingState
        if not editing and text and text.isprintable() and not text.isspace():
            self.add_requested.emit()  # the new item's editor has the focus now: the key goes there
            target = QApplication.focusWidget()
            if target is not None and target is not self:
                copy = QKeyEvent(event.type(), event.key(), event.modifiers(), text)
                QApplication.sendEvent(target, copy)
            return
        super().keyPressEvent(event)

    def closeEditor(self, editor, hint) -> None:  # noqa: N802 (Qt override)
        """Tab in an item leaves the list like any field (it re-opened the item all selected,
        so the next key replaced what was typed)."""
        step = {
            QAbstractItemDelegate.EndEditHint.EditNextItem: True,
            QAbstractItemDelegate.EndEditHint.EditPreviousItem: False,
        }.get(hint)
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint if step is not None else hint)
        if step is not None:
            self.focusNextPrevChild(step)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().paintEvent(event)
        if self.count() == 0:
            p = QPainter(self.viewport())
            p.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            p.drawText(self.viewport().rect().adjusted(6, 4, -6, -4), flags, self.PLACEHOLDER)


class ListEditor(QWidget):
    """Editable list of short texts with add, remove, move up and move down."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = _ItemList()
        self.list.add_requested.connect(lambda: self.add_item())
        # an item left empty when its editor closes is not kept as a blank line
        self.list.itemDelegate().closeEditor.connect(lambda *_: QTimer.singleShot(0, self._drop_blank))
        self.list.setMaximumHeight(96)
        self.list.itemChanged.connect(lambda _i: self.changed.emit())
        buttons = QHBoxLayout()  # under the list: four buttons never crowd a short list
        buttons.setSpacing(2)
        for text, tip, slot in (
            ("+", "Add an item", lambda: self.add_item()),  # clicked(bool) must not become the text
            ("−", "Remove", self.remove_item),
            ("↑", "Move up", lambda: self.move(-1)),
            ("↓", "Move down", lambda: self.move(1)),
        ):
            b = QToolButton()
            b.setText(text)
            b.setToolTip(tip)
            b.setAutoRaise(True)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch()
        self.list.setToolTip("Double-click an item to edit it; + adds one")
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(2)
        col.addWidget(self.list, 1)
        col.addLayout(buttons)

    def _new(self, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        return item

    def add_item(self, text: str = "") -> None:
        item = self._new(text)
        self.list.addItem(item)
        if not text:
            self.list.setCurrentItem(item)
            self.list.editItem(item)
        self.changed.emit()

    def _drop_blank(self) -> None:
        if self.list.state() == QAbstractItemView.State.EditingState:
            return
        for row in reversed(range(self.list.count())):
            if not self.list.item(row).text().strip():
                self.list.takeItem(row)

    def remove_item(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self.changed.emit()

    def move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self.changed.emit()

    def items(self) -> list[str]:
        out = [self.list.item(i).text().strip() for i in range(self.list.count())]
        return [t for t in out if t]

    def set_items(self, items: list[str]) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for t in items:
            self.list.addItem(self._new(str(t)))
        self.list.blockSignals(False)


def _meaning_box(f: Field) -> QLineEdit:
    """The interview's question under a memory: what it says about them, what it still means."""
    box = QLineEdit()
    example = f" e.g. {f.meaning_example}" if f.meaning_example else ""
    box.setPlaceholderText(f"{f.meaning}{example}")
    box.setToolTip(f"{f.meaning} One line in your words; the letter says it right after the memory.")
    box.setAccessibleName(f.meaning)
    box.setStyleSheet("QLineEdit { margin-left: 14px; }")  # it belongs to the memory above it
    return box


def _memory_value(text: str, meaning: str) -> Any:
    """What the draft keeps: the memory as text, or {"memory", "meaning"} when it has a meaning."""
    text, meaning = text.strip(), meaning.strip()
    return {"memory": text, "meaning": meaning} if text and meaning else text


def _split_memory(value: Any) -> tuple[str, str]:
    if isinstance(value, dict):
        return str(value.get("memory") or ""), str(value.get("meaning") or "")
    return ("" if value is None else str(value)), str(getattr(value, "meaning", "") or "")


class MemoryListEditor(ListEditor):
    """The list of memories, and right under it the interview's question for the one selected.

    Each memory keeps its meaning (what it says about them, what it still means) beside its text;
    choosing a memory shows its meaning in the box under the list, and typing there changes it.
    """

    MEANING = Qt.ItemDataRole.UserRole + 1

    def __init__(self, f: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.meaning = _meaning_box(f)
        self.meaning.setEnabled(False)
        self.layout().insertWidget(1, self.meaning)
        self.list.currentItemChanged.connect(self._show_meaning)
        self.meaning.textChanged.connect(self._meaning_typed)

    def _show_meaning(self, item, _previous=None) -> None:
        self.meaning.blockSignals(True)
        self.meaning.setText(str(item.data(self.MEANING) or "") if item is not None else "")
        self.meaning.blockSignals(False)
        self.meaning.setEnabled(item is not None)

    def _meaning_typed(self, text: str) -> None:
        item = self.list.currentItem()
        if item is not None:
            item.setData(self.MEANING, text)  # itemChanged tells the form

    def items(self) -> list[Any]:
        out = []
        for i in range(self.list.count()):
            item = self.list.item(i)
            value = _memory_value(item.text(), str(item.data(self.MEANING) or ""))
            if value:
                out.append(value)
        return out

    def set_items(self, items: list[Any]) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for value in items:
            text, meaning = _split_memory(value)
            item = self._new(text)
            item.setData(self.MEANING, meaning)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._show_meaning(self.list.currentItem())


class DateEditor(QWidget):
    """A date with a calendar popup, and a check box to leave it empty."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.use = QCheckBox()
        self.use.setToolTip("Give a date (unticked: leave it out)")
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("d MMMM yyyy")
        self.edit.setDate(QDate.currentDate())
        self.edit.setEnabled(False)
        self.use.toggled.connect(self.edit.setEnabled)
        self.use.toggled.connect(lambda _b: self.changed.emit())
        self.edit.dateChanged.connect(lambda _d: self.changed.emit() if self.use.isChecked() else None)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.use)
        row.addWidget(self.edit, 1)

    def value(self) -> str:
        return self.edit.date().toString(Qt.DateFormat.ISODate) if self.use.isChecked() else ""

    def set_value(self, value: Any) -> None:
        self.blockSignals(True)
        date = None
        if isinstance(value, _dt.date):
            date = QDate(value.year, value.month, value.day)
        elif isinstance(value, str) and value.strip():
            date = QDate.fromString(value.strip(), Qt.DateFormat.ISODate)
        if date is not None and date.isValid():
            self.edit.setDate(date)
            self.use.setChecked(True)
        else:
            self.use.setChecked(False)
        self.blockSignals(False)


class _NoWheelUnlessFocused(QObject):
    """Scrolling the form must never change a value under the pointer (a pronoun, an age)."""

    def eventFilter(self, obj, event):  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Wheel and not obj.hasFocus():
            event.ignore()
            return True
        return False


_WHEEL_GUARD = _NoWheelUnlessFocused()


class _MenuKeysFirst(QObject):
    """The window's own shortcuts win over a text box's emacs-style keys.

    On Linux a line edit takes Ctrl+E as "end of line", so Export as PDF did nothing while the
    cursor was in a brief field, which is where it usually is.
    """

    KEYS = {(Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)}

    def eventFilter(self, obj, event):  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.ShortcutOverride:
            mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if (Qt.Key(event.key()), mods) in self.KEYS:
                return True  # not accepted: the shortcut runs, the text box never sees the key
        return False


_MENU_KEYS = _MenuKeysFirst()


class FieldRow:
    """One field's editor plus its error label."""

    def __init__(self, field: Field, on_change) -> None:
        self.field = field
        self.editor = self._make_editor(field, on_change)
        self.error = QLabel()
        self.error.setObjectName(f"error_{field.name}")
        self.error.setStyleSheet("color: #c0392b; font-size: 11px;")
        self.error.setVisible(False)
        self.container = QWidget()
        box = QVBoxLayout(self.container)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(1)
        box.addWidget(self.editor)
        # one memory: the interview's question right under it (a list has its own, see MemoryListEditor)
        self.meaning = _meaning_box(field) if field.meaning and field.type == "text" else None
        if self.meaning is not None:
            self.meaning.setObjectName(f"meaning_{field.name}")
            self.meaning.textChanged.connect(lambda _t: on_change())
            box.addWidget(self.meaning)
        box.addWidget(self.error)
        if field.help:
            self.editor.setToolTip(field.help)

    def _make_editor(self, f: Field, on_change) -> QWidget:
        if f.type == "longtext":
            w = QPlainTextEdit()
            w.setTabChangesFocus(True)
            w.setFixedHeight(84)
            w.textChanged.connect(on_change)
        elif f.type == "date":
            w = DateEditor()
            w.changed.connect(on_change)
        elif f.type == "number":
            if isinstance(f.default, float) or isinstance(f.example, float):
                w = QDoubleSpinBox()
                w.setRange(-1e9, 1e9)
            else:
                w = QSpinBox()
                w.setRange(0, 100000)
                w.setSpecialValueText("—")  # 0 reads as "not given"
            w.valueChanged.connect(lambda _v: on_change())
        elif f.type == "list" and f.meaning:
            w = MemoryListEditor(f)
            w.changed.connect(on_change)
        elif f.type == "list":
            w = ListEditor()
            w.changed.connect(on_change)
        elif f.type == "choice":
            w = QComboBox()
            if not f.required:
                w.addItem("—", "")
            for c in f.choices:
                w.addItem(c, c)
            w.currentIndexChanged.connect(lambda _i: on_change())
        else:
            w = QLineEdit()
            if f.example:
                w.setPlaceholderText(f"e.g. {f.example}")
            w.textChanged.connect(lambda _t: on_change())
        w.setObjectName(f"field_{f.name}")
        for target in [w, *w.findChildren(QAbstractSpinBox), *w.findChildren(QComboBox)]:
            if isinstance(target, (QComboBox, QAbstractSpinBox)):
                target.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
                target.installEventFilter(_WHEEL_GUARD)
        for target in [w, *w.findChildren(QLineEdit), *w.findChildren(QPlainTextEdit)]:
            if isinstance(target, (QLineEdit, QPlainTextEdit)):
                target.installEventFilter(_MENU_KEYS)
        w.setSizePolicy(QSizePolicy.Policy.Expanding, w.sizePolicy().verticalPolicy())
        return w

    def value(self) -> Any:
        w, t = self.editor, self.field.type
        if t == "longtext":
            return w.toPlainText()
        if t == "date":
            return w.value()
        if t == "number":
            v = w.value()
            return None if v == w.minimum() and isinstance(w, QSpinBox) else v
        if t == "list":
            return w.items()
        if t == "choice":
            return w.currentData() or ""
        if self.meaning is not None:
            return _memory_value(w.text(), self.meaning.text())
        return w.text()

    def set_value(self, value: Any) -> None:
        w, t = self.editor, self.field.type
        w.blockSignals(True)
        try:
            if t == "longtext":
                w.setPlainText("" if value is None else str(value))
            elif t == "date":
                w.set_value(value)
            elif t == "number":
                try:
                    w.setValue(type(w.value())(value) if value not in (None, "") else w.minimum())
                except (TypeError, ValueError, OverflowError):  # e.g. an age of 1e308 in a file
                    w.setValue(w.minimum())
            elif t == "list":
                w.set_items(value if isinstance(value, list) else ([value] if value else []))
            elif t == "choice":
                i = w.findData(value) if value else -1
                if i < 0 and isinstance(value, str):
                    i = next(
                        (k for k in range(w.count()) if str(w.itemData(k)).lower() == value.lower()),
                        -1,
                    )
                if i < 0:
                    i = w.findData(self.field.default) if self.field.default else 0
                w.setCurrentIndex(max(i, 0))
            elif self.meaning is not None:
                text, meaning = _split_memory(value)
                w.setText(text)
                self.meaning.blockSignals(True)
                self.meaning.setText(meaning)
                self.meaning.blockSignals(False)
            else:
                w.setText("" if value is None else str(value))
        finally:
            w.blockSignals(False)


class BriefForm(QWidget):
    """A form generated from a template's fields; shows the draft's values, reports each edit.

    It keeps nothing of its own: which values survive a template switch is the draft's call.
    """

    field_changed = Signal(str, object)  # field name, the value as typed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: dict[str, FieldRow] = {}
        self.info = None
        self._layout = QFormLayout(self)
        # labels above their fields: a side panel never clips a long label or a wide editor
        self._layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self._layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._layout.setVerticalSpacing(6)
        self._layout.setContentsMargins(0, 0, 4, 0)

    def set_template(self, info, values: dict[str, Any] | None = None) -> None:
        while self._layout.rowCount():
            self._layout.removeRow(0)
        self.rows = {}
        self.info = info
        for f in ordered_fields(info.fields):
            row = FieldRow(f, lambda name=f.name: self._on_change(name))
            label = QLabel(f.label + (' <span style="color:#c0392b">*</span>' if f.required else ""))
            label.setTextFormat(Qt.TextFormat.RichText)
            # on its own row above the field (no word wrap: a wrapping label sizes itself narrow)
            label.setMinimumWidth(1)
            label.setBuddy(row.editor)
            if f.help:
                label.setToolTip(f.help)
            if f.question and not f.common:
                row.editor.setToolTip(f"{f.question} {f.help}".strip())
            self._layout.addRow(label, row.container)
            self.rows[f.name] = row
        self.set_values(values or {})

    def still_worth_asking(self, values: dict[str, Any]) -> list[str]:
        """The template's interview questions whose fields are still empty, most telling first."""
        if self.info is None:
            return []
        out = []
        for name in getattr(self.info, "interview", ()):
            f = self.info.field(name)
            if f is not None and not values.get(name):
                out.append(f.question or f.label)
        return out

    def _on_change(self, name: str) -> None:
        row = self.rows.get(name)
        if row is not None:
            self.field_changed.emit(name, row.value())

    def values(self) -> dict[str, Any]:
        return {name: row.value() for name, row in self.rows.items()}

    def set_values(self, values: dict[str, Any]) -> None:
        """Show these values (no signals: they come from the draft, not from the person)."""
        for name, row in self.rows.items():
            if name in values and row.value() != values[name]:
                row.set_value(values[name])

    def editor(self, name: str) -> QWidget | None:
        row = self.rows.get(name)
        return row.editor if row else None

    def first_editor(self) -> QWidget | None:
        return next(iter(self.rows.values())).editor if self.rows else None

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each message beside its field; clear the others."""
        for name, row in self.rows.items():
            msg = errors.get(name, "")
            if row.error.text() != msg:
                row.error.setText(msg)
            row.error.setVisible(bool(msg))

    def error_text(self, name: str) -> str:
        row = self.rows.get(name)
        return row.error.text() if row and row.error.isVisibleTo(self) else ""
