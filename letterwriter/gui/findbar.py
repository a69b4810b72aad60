"""The Find bar over the letter's text: find both ways, match case, a count of matches, replace.

Made the first time the person asks for it (Ctrl+F, Ctrl+H): the window's first frame does
not wait for it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)


class FindBar(QWidget):
    """Find and replace in the letter's text: Ctrl+F, Ctrl+H; Enter or F3 for the next match,
    Shift+Enter or Shift+F3 for the previous one, a count of matches, Esc to close."""

    def __init__(self, editor: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        # two rows, the second only for replacing: in one row a narrow window squeezed the
        # find box to three letters
        rows = QVBoxLayout(self)
        rows.setContentsMargins(6, 4, 6, 4)
        rows.setSpacing(4)
        row, self.replace_row = QHBoxLayout(), QWidget()
        again = QHBoxLayout(self.replace_row)
        again.setContentsMargins(0, 0, 0, 0)
        rows.addLayout(row)
        rows.addWidget(self.replace_row)
        self.find = QLineEdit()
        self.find.setObjectName("findText")
        self.find.setPlaceholderText("Find")
        self.replace = QLineEdit()
        self.replace.setObjectName("replaceText")
        self.replace.setPlaceholderText("Replace with")
        self.match_case = QCheckBox("Match case")
        self.status = QLabel()
        self.status.setObjectName("findCount")
        # as wide as its widest words from the start: "8 matches", "1 of 8", "Not found" moved the
        # find box and Previous/Next sideways, and a second click on Next fell beside it
        metrics = self.status.fontMetrics()
        self.status.setMinimumWidth(
            max(metrics.horizontalAdvance(t) for t in ("9999 of 9999", "9999 matches", "Not found")) + 4
        )
        buttons = []
        for text, tip, slot in (
            ("Previous", "Previous match (Shift+Enter)", self.find_previous),
            ("Next", "Next match (Enter)", self.find_next),
            ("Replace", "", self.replace_one),
            ("Replace all", "", self.replace_all),
        ):
            b = QPushButton(text)
            b.setToolTip(tip)
            b.clicked.connect(slot)
            buttons.append(b)
        close = QToolButton()
        close.setText("✕")
        close.setToolTip("Close (Esc)")
        close.clicked.connect(self.close_bar)
        for box in (self.find, self.replace):
            box.setMinimumWidth(box.fontMetrics().horizontalAdvance("M") * 10)
        row.addWidget(self.find, 1)
        for w in (buttons[0], buttons[1], self.match_case, self.status, close):
            row.addWidget(w)
        again.addWidget(self.replace, 1)
        for w in buttons[2:]:
            again.addWidget(w)
        self.find.returnPressed.connect(self.find_next)
        self.replace.returnPressed.connect(self.replace_one)
        self.find.textChanged.connect(lambda _t: self.show_count())
        self.match_case.toggled.connect(lambda _b: self.show_count())
        for keys, slot in (
            (QKeySequence.StandardKey.FindNext, self.find_next),
            (QKeySequence.StandardKey.FindPrevious, self.find_previous),
            (QKeySequence(Qt.Key.Key_Escape), self.close_bar),
            (QKeySequence("Shift+Return"), self.find_previous),
            (QKeySequence("Shift+Enter"), self.find_previous),
        ):
            QShortcut(QKeySequence(keys), self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.setVisible(False)

    def open(self, replace: bool = False) -> None:
        self.setVisible(True)
        self.replace_row.setVisible(replace)  # Ctrl+H with the replace row, Ctrl+F without
        selected = self.editor.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.find.setText(selected)
        (self.replace if replace and self.find.text() else self.find).setFocus()
        self.find.selectAll()
        self.show_count()

    def close_bar(self) -> None:
        self.setVisible(False)
        self.editor.setFocus()

    def _flags(self, backward: bool = False) -> QTextDocument.FindFlag:
        flags = QTextDocument.FindFlag(0)
        if self.match_case.isChecked():
            flags |= QTextDocument.FindFlag.FindCaseSensitively
        if backward:
            flags |= QTextDocument.FindFlag.FindBackward
        return flags

    def _matches(self) -> list[int]:
        """Where each match starts (the document's positions), in order."""
        needle, doc = self.find.text(), self.editor.document()
        starts: list[int] = []
        if not needle:
            return starts
        found = doc.find(needle, 0, self._flags())
        while not found.isNull() and len(starts) < 10000:
            starts.append(found.selectionStart())
            found = doc.find(needle, found.selectionEnd(), self._flags())
        return starts

    def show_count(self) -> None:
        starts = self._matches()
        cursor = self.editor.textCursor()
        if not self.find.text():
            text = ""
        elif not starts:
            text = "Not found"
        elif cursor.hasSelection() and cursor.selectionStart() in starts:
            text = f"{starts.index(cursor.selectionStart()) + 1} of {len(starts)}"
        else:
            text = f"{len(starts)} match{'es' if len(starts) != 1 else ''}"
        self.status.setText(text)

    def find_next(self) -> bool:
        return self._find(backward=False)

    def find_previous(self) -> bool:
        return self._find(backward=True)

    def _find(self, backward: bool) -> bool:
        """The next (or previous) match, wrapping round the letter's end."""
        needle = self.find.text()
        if not needle:
            return False
        found = self.editor.find(needle, self._flags(backward))
        if not found:
            self.editor.moveCursor(
                QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start
            )
            found = self.editor.find(needle, self._flags(backward))
        self.show_count()
        return found

    def replace_one(self) -> None:
        cursor = self.editor.textCursor()
        chosen, needle = cursor.selectedText(), self.find.text()
        if not self.match_case.isChecked():
            chosen, needle = chosen.casefold(), needle.casefold()
        if cursor.hasSelection() and chosen == needle:
            cursor.insertText(self.replace.text())
        self.find_next()

    def replace_all(self) -> int:
        needle, repl = self.find.text(), self.replace.text()
        if not needle:
            return 0
        n = 0
        cursor = QTextCursor(self.editor.document())
        cursor.beginEditBlock()  # one change to the letter for the lot
        found = self.editor.document().find(needle, 0, self._flags())
        while not found.isNull():
            found.insertText(repl)
            n += 1
            found = self.editor.document().find(needle, found.position(), self._flags())
        cursor.endEditBlock()
        self.status.setText(f"{n} replaced")
        return n
