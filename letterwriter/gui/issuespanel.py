"""The issues found in the letter: one card each, with its words, message, origin and fixes."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from letterwriter.gui.highlighter import COLOURS


class IssuesPanel(QScrollArea):
    fix_requested = Signal(object, str)  # issue, replacement
    ignore_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setMinimumWidth(200)
        self.setObjectName("issuesPanel")
        self.body = QWidget()
        self.col = QVBoxLayout(self.body)
        self.col.setContentsMargins(8, 8, 8, 8)
        self.col.setSpacing(8)
        self.setWidget(self.body)
        self.setHorizontalScrollBarPolicy(self.horizontalScrollBarPolicy().ScrollBarAlwaysOff)
        self.cards: list[QFrame] = []

    def show_issues(self, issues: list, text: str, origin=lambda issue: "") -> None:
        key = [(id(i), i.word(text), origin(i)) for i in issues]
        if key == getattr(self, "_shown", None):
            return  # typing elsewhere in the letter: the same cards stay
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
        card = QFrame()
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setObjectName("issueCard")
        # cards take the panel's width, never their text's: long messages wrap
        card.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        box = QVBoxLayout(card)
        box.setContentsMargins(8, 6, 8, 6)
        word = issue.word(text)
        colour = COLOURS.get(issue.kind, COLOURS["grammar"])
        for html, dim in (
            (f'<span style="color:{colour}">●</span> <b>{escape(word)}</b>', False),
            (escape(issue.message), False),
            (f"<small>in {escape(where)}</small>" if where else "", True),
        ):
            if not html:
                continue
            label = QLabel(html)
            label.setWordWrap(True)
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            label.setEnabled(not dim)
            box.addWidget(label)
        row = QHBoxLayout()
        for repl in issue.replacements[:3]:
            b = QPushButton(repl or "(delete)")
            b.setObjectName("fixButton")
            b.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
            b.clicked.connect(lambda _c=False, i=issue, r=repl: self.fix_requested.emit(i, r))
            row.addWidget(b)
        ignore = QToolButton()
        ignore.setText("Ignore")
        ignore.clicked.connect(lambda _c=False, i=issue: self.ignore_requested.emit(i))
        row.addWidget(ignore)
        row.addStretch()
        box.addLayout(row)
        card.issue = issue
        return card
