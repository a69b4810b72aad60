"""The letter itself: on paper (as it will print) and as editable text, with the same underlines.

Both tabs always show the same letter: the draft's text. The view reports what the person
does (typing, a fix chosen from the menu, Ignore, Add to dictionary) and never decides.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from letterwriter.gui.palette import COLOURS
from letterwriter.gui.preview import PaperPreview
from letterwriter.issue import utf16_len

PAPER, TEXT = 0, 1


class LetterView(QTabWidget):
    text_edited = Signal(str)
    regenerate_requested = Signal()
    fix_requested = Signal(object, str)
    ignore_requested = Signal(object, bool)  # issue, whole rule
    add_word_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocumentMode(True)
        self.preview = PaperPreview()
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("letterEditor")
        ef = QFont("DejaVu Serif")
        ef.setPointSizeF(12)
        self.editor.setFont(ef)
        self.editor.document().setDocumentMargin(18)
        # undo is the draft's (its history keeps the brief and the text together), not the editor's
        self.editor.setUndoRedoEnabled(False)
        self.history_actions: list = []  # the window's Undo and Redo, for the context menu
        self.editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.editor.customContextMenuRequested.connect(self._editor_menu)
        self._highlighter = None  # made with the first issues (its formats cost the first frame)
        # the paper is where people look: right-click an underlined word there for its fixes too
        pages = self.preview.pages
        pages.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        pages.customContextMenuRequested.connect(self._paper_menu)
        self._find_bar = None  # made on the first Ctrl+F
        self.edit_note = QLabel()
        self.edit_note.setObjectName("editNote")
        self.edit_note.setWordWrap(True)
        self.regenerate_button = QPushButton("Regenerate from brief")
        self.regenerate_button.setObjectName("regenerate")
        self.regenerate_button.clicked.connect(self.regenerate_requested)
        note_row = QWidget()
        nr = QHBoxLayout(note_row)
        nr.setContentsMargins(8, 4, 8, 4)
        nr.addWidget(self.edit_note, 1)
        nr.addWidget(self.regenerate_button)
        self.note_row = note_row
        note_row.setVisible(False)
        page = QWidget()
        self._page_column = col = QVBoxLayout(page)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(0)
        col.addWidget(note_row)
        col.addWidget(self.editor, 1)
        self.addTab(self.preview, "Paper")
        self.addTab(page, "Edit text")
        # the tabs are always whole: a narrow window once showed "Edit" between scroll arrows
        self.tabBar().setUsesScrollButtons(False)
        self.tabBar().setElideMode(Qt.TextElideMode.ElideNone)
        # how full the chosen paper is, as the person types ("fits this card"): the window
        # shows it in the status bar, where a word processor counts pages
        self.fit_label = QLabel()
        self.fit_label.setObjectName("fitMeter")
        self._setting = False
        self.issues: list = []
        self.editor.textChanged.connect(self._typed)
        # choosing "Edit text" means writing there: the cursor goes into the letter
        self.currentChanged.connect(lambda i: self.editor.setFocus() if i == TEXT else None)
        # the paper is laid out after a short pause: typing stays instant on long letters
        self.layout_timer = QTimer(self, singleShot=True, interval=150)
        self._pending_layout = None
        self.layout_timer.timeout.connect(self._lay_out)

    @property
    def find_bar(self):
        """The Find bar above the text, made the first time it is asked for."""
        if self._find_bar is None:
            from letterwriter.gui.findbar import FindBar

            self._find_bar = FindBar(self.editor)
            self._page_column.insertWidget(0, self._find_bar)
        return self._find_bar

    @property
    def highlighter(self):
        if self._highlighter is None:
            from letterwriter.gui.highlighter import IssueHighlighter

            self._highlighter = IssueHighlighter(self.editor.document())
        return self._highlighter

    # --- showing the draft ------------------------------------------------------------
    def show_letter(self, draft, layout_factory) -> None:
        """Show the draft's text in the editor (cursor kept) and queue the paper."""
        rendering = draft.rendering()
        text = draft.text
        if not text:
            self.set_text("")
            self.editor.setReadOnly(True)
            self.editor.setPlaceholderText(rendering.message)
            self.preview.show_message(rendering.message or "")
            self.layout_timer.stop()
            self.fit_label.setText("")
        else:
            self.editor.setReadOnly(False)
            self.editor.setPlaceholderText("")
            self.set_text(text)
            self._pending_layout = lambda: layout_factory(draft.letter())
            self.layout_timer.start()
        if draft.edited_text is None:
            self.note_row.setVisible(False)
        else:
            self.note_row.setVisible(True)
            self.edit_note.setText(
                "The brief changed after you edited the text: your edit is kept as it is."
                if draft.brief_changed_since_edit
                else "You have edited the letter's text."
            )

    def lay_out_now(self) -> None:
        if self.layout_timer.isActive():
            self.layout_timer.stop()
            self._lay_out()

    def _lay_out(self) -> None:
        make = self._pending_layout
        if make is None:
            return
        try:
            layout = make()
            self.preview.set_layout(layout)
        except Exception as exc:  # a bad font or ink: the text tab still works
            self.preview.show_message(f"Cannot lay out the letter: {exc}")
            self.fit_label.setText("")
            return
        self._paint_marks()
        self.show_fit(layout)

    def show_fit(self, layout) -> None:
        paper = getattr(layout, "paper", None)
        if paper is None:
            return
        over = getattr(layout, "overflow_lines", 0)
        if paper.card and over:
            text = f"{paper.label}: {over} line{'s' if over != 1 else ''} too long"
            self.fit_label.setStyleSheet("color: #c0392b; font-weight: bold;")
        elif paper.card:
            text = f"{paper.label}: {min(100, round(layout.fill * 100))}% full"
            self.fit_label.setStyleSheet("")
        else:
            n = layout.page_count
            text = f"{paper.label}: {n} page{'s' if n != 1 else ''}"
            self.fit_label.setStyleSheet("")
        self.fit_label.setText(text)

    def set_text(self, text: str) -> None:
        """Change only what differs, so the cursor, the scroll position and undo survive."""
        old = self.editor.toPlainText()
        if old == text:
            return
        start = 0
        limit = min(len(old), len(text))
        while start < limit and old[start] == text[start]:
            start += 1
        end_old, end_new = len(old), len(text)
        while end_old > start and end_new > start and old[end_old - 1] == text[end_new - 1]:
            end_old -= 1
            end_new -= 1
        from PySide6.QtGui import QTextCursor

        cursor = QTextCursor(self.editor.document())
        a = utf16_len(old[:start])
        cursor.setPosition(a)
        cursor.setPosition(a + utf16_len(old[start:end_old]), QTextCursor.MoveMode.KeepAnchor)
        self._setting = True
        try:
            cursor.insertText(text[start:end_new])
        finally:
            self._setting = False

    def _typed(self) -> None:
        if self._setting or self.editor.isReadOnly():
            return
        self.text_edited.emit(self.editor.toPlainText())

    def show_issues(self, issues: list) -> None:
        if [id(i) for i in issues] == [id(i) for i in self.issues]:
            return  # the same issues: no re-highlighting of the whole letter per keystroke
        self.issues = list(issues)
        self.highlighter.set_issues(issues)
        self._paint_marks()

    def _paint_marks(self) -> None:
        marks = [
            (i.offset, i.offset + max(i.length, 1), COLOURS.get(i.kind, COLOURS["grammar"]))
            for i in self.issues
        ]
        self.preview.set_marks(marks, self.editor.toPlainText())

    # --- the context menu -------------------------------------------------------------
    def _editor_menu(self, pos) -> None:
        self._pop(self.issue_menu(self.issue_at_menu(pos)), self.editor.mapToGlobal(pos))

    def issue_at_menu(self, pos):
        """The issue a context menu at `pos` is about: under the pointer, or (the menu key)
        the selected word, or the word the cursor has just passed."""
        if self._highlighter is None:
            return None
        cursor = self.editor.textCursor()
        at = self.editor.cursorForPosition(pos).position()
        places = [cursor.selectionStart()] if cursor.hasSelection() else []
        places += [at, at - 1]
        return next((i for i in map(self._highlighter.issue_at, places) if i is not None), None)

    def _paper_menu(self, pos) -> None:
        issue = self.issue_on_paper(pos)
        if issue is not None:
            menu = QMenu(self)
            self._issue_entries(menu, issue, None)
            self._pop(menu, self.preview.pages.mapToGlobal(pos))

    @staticmethod
    def _pop(menu: QMenu, at) -> None:
        """Open the menu without a nested event loop; it goes when it closes."""
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(at)

    def issue_on_paper(self, pos):
        """The issue whose underlined words are at this point of the paper, if any."""
        pages = self.preview.pages
        lay = pages.layout_obj
        if lay is None or not hasattr(lay, "text_rects"):
            return None
        s = pages.page_scale()
        for issue in self.issues:
            a, b = issue.offset, issue.offset + max(issue.length, 1)
            for index, rect in lay.text_rects(pages.marks_text, a, b):
                page = pages.page_rect(index)
                r = QRectF(
                    page.left() + rect.left() * s,
                    page.top() + rect.top() * s,
                    rect.width() * s,
                    rect.height() * s,
                )
                if r.adjusted(-2, -2, 2, 4).contains(pos.x(), pos.y()):  # the squiggle below counts
                    return issue
        return None

    def issue_menu(self, issue) -> QMenu:
        menu = self.editor.createStandardContextMenu()
        own = [a for a in menu.actions() if a.objectName() in ("edit-undo", "edit-redo")]
        if self.history_actions and own:  # the editor's own Undo and Redo are off: the draft's instead
            menu.insertActions(own[0], self.history_actions)
            for a in own:
                menu.removeAction(a)
        if issue is None:
            return menu
        self._issue_entries(menu, issue, menu.actions()[0] if menu.actions() else None)
        return menu

    def _issue_entries(self, menu: QMenu, issue, first) -> None:
        """The issue's title, fixes, Ignore, Ignore rule and Add to dictionary, above `first`."""
        menu.insertSection(first, issue.short_message or issue.message[:60])
        entries = [
            (r or "(delete)", lambda _c=False, r=r: self.fix_requested.emit(issue, r))
            for r in issue.replacements[:5]
        ]
        entries += [
            ("Ignore", lambda: self.ignore_requested.emit(issue, False)),
            ("Ignore rule", lambda: self.ignore_requested.emit(issue, True)),
        ]
        if issue.kind == "spelling":
            entries.append(("Add to dictionary", lambda: self.add_word_requested.emit(issue)))
        for label, slot in entries:
            act = menu.addAction(label)
            menu.insertAction(first, act)
            act.triggered.connect(slot)
        if first is not None:
            menu.insertSeparator(first)
