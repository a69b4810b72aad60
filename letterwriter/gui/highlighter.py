"""Underlines for grammar and spelling issues, coloured by kind, placed by UTF-16 offsets."""

from __future__ import annotations

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from letterwriter.gui.palette import COLOURS


class IssueHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.issues: list = []
        self._formats = {}
        for kind, colour in COLOURS.items():
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
            fmt.setUnderlineColor(QColor(colour))
            self._formats[kind] = fmt

    def set_issues(self, issues: list) -> None:
        self.issues = sorted(issues, key=lambda i: i.utf16_offset)
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        block = self.currentBlock()
        start = block.position()  # QTextDocument positions are UTF-16 units, like utf16_offset
        end = start + block.length()
        for issue in self.issues:
            a, b = issue.utf16_offset, issue.utf16_offset + issue.utf16_length
            if b <= start:
                continue
            if a >= end:
                break
            s = max(a, start) - start
            e = min(b, end - 1) - start
            if e > s:
                self.setFormat(s, e - s, self._formats.get(issue.kind, self._formats["grammar"]))

    def issue_at(self, position: int):
        for issue in self.issues:
            if issue.utf16_offset <= position < issue.utf16_offset + max(issue.utf16_length, 1):
                return issue
        return None
