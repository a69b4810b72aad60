"""The issues found in the letter: one card each, with its words, message, origin and fixes."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from letterwriter.gui.flow import FlowLayout
from letterwriter.gui.palette import COLOURS


class IssuesPanel(QScrollArea):
    fix_requested = Signal(object, str)  # issue, replacement
    ignore_requested = Signal(object)
    add_word_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setMinimumWidth(180)
        self.setObjectName("issuesPanel")
        self.body = QWidget()
        self.col = QVBoxLayout(self.body)
        self.col.setContentsMargins(8, 8, 8, 8)
        self.col.setSpacing(8)
        self.setWidget(self.body)
        self.setHorizontalScrollBarPolicy(self.horizontalScrollBarPolicy().ScrollBarAlwaysOff)
        self.cards: list[QFrame] = []

    def show_issues(self, issues: list, text: str, origin=lambda issue: "") -> None:
        # an issue whose words changed is no longer shown, so the same words mean the same card
        key = [(id(i), i.word(text)) for i in issues]
        if key == getattr(self, "_shown", None):
            return  # typing elsewhere in the letter: the same cards stay (and no diff per key)
        self._shown = key
        while self.col.count():
            item = self.col.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.cards = []
        n = len(issues)
        self.col.addWidget(QLabel(f"<b>{n} issue{'s' if n != 1 else ''}</b>" if n else "<b>No issues</b>"))
        for issue in issues:
            self.cards.append(self._card(issue, text, origin(issue)))
            self.col.addWidget(self.cards[-1])
        self.col.addStretch()

    def _card(self, issue, text: str, where: str) -> QFrame:
        from html import escape

        card = QFrame()
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setObjectName("issueCard")
        box = QVBoxLayout(card)
        box.setContentsMargins(8, 6, 8, 6)
        word = issue.word(text)
        shown = word if word.strip() else "(spacing)"
        colour = COLOURS.get(issue.kind, COLOURS["grammar"])
        # the message is LanguageTool's plain text: shown as plain text, never as escaped HTML
        # (an apostrophe read "you&#x27;re" whenever nothing else made the label rich text)
        for text, rich, dim in (
            (f'<span style="color:{colour}">●</span> <b>{escape(shown)}</b>', True, False),
            (issue.message, False, False),
            (f"<small>in {escape(where)}</small>" if where else "", True, True),
        ):
            if not text:
                continue
            label = QLabel(text)
            label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
            label.setWordWrap(True)  # long messages wrap within the panel's width
            label.setMinimumWidth(1)
            label.setEnabled(not dim)
            box.addWidget(label)
        # fixes side by side, wrapping to the next line where the panel ends: nothing is cut off
        row = FlowLayout()
        for repl in issue.replacements[:3]:
            label = repl if repl.strip() else ("(delete)" if not repl else f"“{repl}”")
            b = QPushButton(label)
            b.setObjectName("fixButton")
            b.setToolTip(f"Replace “{word}” with “{repl}”")
            b.clicked.connect(lambda _c=False, i=issue, r=repl: self.fix_requested.emit(i, r))
            row.addWidget(b)
        ignore = QToolButton()
        ignore.setText("Ignore")
        ignore.clicked.connect(lambda _c=False, i=issue: self.ignore_requested.emit(i))
        row.addWidget(ignore)
        if issue.kind == "spelling":
            add = QToolButton()
            add.setText("Add to dictionary")
            add.setToolTip(f"Never mark “{word}” again, in any letter")
            add.clicked.connect(lambda _c=False, i=issue: self.add_word_requested.emit(i))
            row.addWidget(add)
        box.addLayout(row)
        card.issue = issue
        return card
