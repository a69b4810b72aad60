"""Make a Book…: the book of a client's letters chosen in a dialog, with its first pages previewed.

The same choices as `letterwriter anthology` (book.select.BookChoices), the same road to the
file (book.make). The letters are chosen on the GUI thread (the archive's connection lives
there); setting the pages, painting the preview and writing the file run in the background
through gui/tasks.py, and a preview that a newer choice has overtaken is dropped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from letterwriter.archive.records import ArchiveError
from letterwriter.archive.store import ArchiveStore
from letterwriter.book.model import Book
from letterwriter.book.select import BookChoices, make_book_model
from letterwriter.book.trim import TRIMS
from letterwriter.gui.screenfit import fit_size
from letterwriter.gui.tasks import TaskRunner

ID_ROLE = Qt.ItemDataRole.UserRole
PREVIEW_PAGES = 6
PREVIEW_DPI = 42.0


class BookDialog(QDialog):
    """Choose a client's letters, see the book's first pages, write it as PDF or EPUB."""

    def __init__(
        self,
        store: ArchiveStore,
        client_id: str,
        parent: QWidget | None = None,
        *,
        settings: Any = None,
        tasks: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.client = store.get_client(client_id)
        self.settings = settings
        self.tasks = tasks or TaskRunner(parent=self)
        self.book: Book | None = None
        self.last_report = None
        self._preview_id = 0
        self.setWindowTitle(f"Make a Book — {self.client.name if self.client else ''}")
        fit_size(self, 1040, 680)

        self.people = QListWidget()
        for p in store.people(client_id):
            item = QListWidgetItem(p.name)
            item.setData(ID_ROLE, p.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.people.addItem(item)
        self.people.setMaximumHeight(96)
        self.letters = QListWidget()
        for letter in sorted(store.list_letters(client_id=client_id), key=lambda r: r.letter_date):
            status = "" if letter.status == "exported" else f"  ({letter.status})"
            item = QListWidgetItem(f"{letter.letter_date}  to {letter.person_name or '?'}{status}")
            item.setData(ID_ROLE, letter.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.letters.addItem(item)
        self.since = QLineEdit(placeholderText="YYYY, YYYY-MM or YYYY-MM-DD")
        self.until = QLineEdit(placeholderText="YYYY, YYYY-MM or YYYY-MM-DD")
        self.title = QLineEdit(placeholderText="Letters to … (to whom, or whose)")
        self.face = QComboBox()
        self.face.addItem("Set in a book face (EB Garamond)", "book")
        self.face.addItem("Each letter in its own hand", "hand")
        self.trim = QComboBox()
        for trim in TRIMS.values():
            self.trim.addItem(trim.label, trim.name)
        self.drafts = QCheckBox("Include letters never exported (drafts)")
        self.initials = QCheckBox("Replace every name with its initial")
        self.pseudonyms = QPlainTextEdit()
        self.pseudonyms.setPlaceholderText("Or choose names, one a line: Tobias=Tom")
        self.pseudonyms.setMaximumHeight(70)

        form = QFormLayout()
        form.addRow("To", self.people)
        form.addRow("Letters", self.letters)
        form.addRow("Since", self.since)
        form.addRow("Until", self.until)
        form.addRow("Title", self.title)
        form.addRow("Face", self.face)
        form.addRow("Page size", self.trim)
        form.addRow("", self.drafts)
        form.addRow("", self.initials)
        form.addRow("Pseudonyms", self.pseudonyms)
        left = QWidget()
        left.setLayout(form)
        left.setMaximumWidth(420)

        self.pages = QWidget()
        self.pages_row = QHBoxLayout(self.pages)
        self.pages_row.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.pages)
        self.status = QLabel(wordWrap=True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        right = QVBoxLayout()
        right.addWidget(QLabel("The first pages"))
        right.addWidget(scroll, 1)
        right.addWidget(self.status)

        self.make_pdf = QPushButton("Make PDF…")
        self.make_epub = QPushButton("Make EPUB…")
        close = QPushButton("Close")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.make_pdf, self.make_epub, close):
            buttons.addWidget(b)
        body = QHBoxLayout()
        body.addWidget(left)
        body.addLayout(right, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(body, 1)
        lay.addLayout(buttons)

        self._debounce = QTimer(self, singleShot=True, interval=300)
        self._debounce.timeout.connect(self.refresh)
        for signal in (
            self.people.itemChanged,
            self.letters.itemChanged,
            self.since.textChanged,
            self.until.textChanged,
            self.title.textChanged,
            self.face.currentIndexChanged,
            self.trim.currentIndexChanged,
            self.drafts.toggled,
            self.initials.toggled,
            self.pseudonyms.textChanged,
        ):
            signal.connect(lambda *_: self._debounce.start())
        self.make_pdf.clicked.connect(lambda: self._ask_and_make(".pdf"))
        self.make_epub.clicked.connect(lambda: self._ask_and_make(".epub"))
        close.clicked.connect(self.reject)
        self.refresh()

    # -- the choices ----------------------------------------------------------------------------
    @staticmethod
    def _checked(widget: QListWidget) -> tuple[list[str], bool]:
        """The checked items' ids, and whether all of them are checked."""
        items = [widget.item(i) for i in range(widget.count())]
        ids = [it.data(ID_ROLE) for it in items if it.checkState() == Qt.CheckState.Checked]
        return ids, len(ids) == len(items)

    def choices(self) -> BookChoices:
        """What is chosen, as the command line's flags would say it; ArchiveError for an impossible one."""
        people, all_people = self._checked(self.people)
        letters, all_letters = self._checked(self.letters)
        if not people or not letters:
            raise ArchiveError("nothing to make a book of: no one and no letter is ticked")
        pseudonyms = {}
        for line in self.pseudonyms.toPlainText().splitlines():
            name, sep, other = line.partition("=")
            if not line.strip():
                continue
            if not sep or not name.strip() or not other.strip():
                raise ArchiveError(f"a pseudonym is NAME=OTHER, one a line: '{line.strip()[:40]}'")
            pseudonyms[name.strip()] = other.strip()
        return BookChoices(
            client=self.client.id if self.client else "",
            to=[] if all_people else people,
            since=self.since.text(),
            until=self.until.text(),
            letters=[] if all_letters else letters,
            title=self.title.text(),
            initials=self.initials.isChecked() or bool(pseudonyms),
            pseudonyms=pseudonyms,
            drafts=self.drafts.isChecked(),
            face=self.face.currentData(),
            trim=self.trim.currentData(),
        )

    def _settings(self) -> Any:
        if self.settings is None:
            from letterwriter.settings import Settings

            self.settings = Settings.load()
        return self.settings

    # -- the preview ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Choose the letters now; set the book and draw its first pages in the background."""
        self._debounce.stop()
        self._preview_id += 1
        wanted = self._preview_id
        try:
            choices = self.choices()
            self.book = make_book_model(self.store, choices)
        except ArchiveError as exc:
            self.book = None
            self._show_status(str(exc), error=True)
            self._set_pages([])
            return
        self._enable(True)
        book, settings = self.book, self._settings() if choices.face == "hand" else None
        self._show_status(f"Setting {len(book.letters)} letters…")

        def work():
            from letterwriter.book.make import set_book
            from letterwriter.book.pdf import preview_images

            layout = set_book(book, choices, settings=settings, max_pages=None)
            return len(layout.pages), preview_images(layout, 0, PREVIEW_PAGES, PREVIEW_DPI)

        self.tasks.run(
            work,
            success=lambda result: self._previewed(wanted, result),
            failure=lambda exc: self._previewed(wanted, exc),
        )

    def _previewed(self, wanted: int, result: Any) -> None:
        if wanted != self._preview_id or self.book is None:
            return  # a newer choice is being set
        if isinstance(result, Exception):
            self._show_status(str(result), error=True)
            return
        pages, images = result
        self._set_pages(images)
        n = len(self.book.letters)
        left = f"; {self.book.drafts_left_out} drafts left out" if self.book.drafts_left_out else ""
        self._show_status(f"{n} letter{'s' if n != 1 else ''}, {pages} pages as PDF{left}.")

    def _set_pages(self, images: list) -> None:
        while self.pages_row.count():
            item = self.pages_row.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for image in images:
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setStyleSheet("border: 1px solid #999; background: white;")
            self.pages_row.addWidget(label)

    def _show_status(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #a12;" if error else "")
        if error:
            self._enable(False)

    def _enable(self, on: bool) -> None:
        self.make_pdf.setEnabled(on)
        self.make_epub.setEnabled(on)

    # -- the file -------------------------------------------------------------------------------
    def _ask_and_make(self, suffix: str) -> None:
        kind = "PDF (*.pdf)" if suffix == ".pdf" else "EPUB (*.epub)"
        start = str(Path.home() / f"{(self.book.title if self.book else 'Letters')}{suffix}")
        path, _ = QFileDialog.getSaveFileName(self, "Make a Book", start, kind)
        if path:
            if not path.lower().endswith(suffix):
                path += suffix
            self.make(Path(path))

    def make(self, target: Path, *, force: bool = False) -> int:
        """Write the book to `target` in the background; the result shows in the status line."""
        from letterwriter.book.make import check_output, write_book

        try:
            check_output(target)
            choices = self.choices()
            book = make_book_model(self.store, choices)
        except (ArchiveError, ValueError, OSError) as exc:
            self._show_status(str(exc), error=True)
            return 0
        settings = self._settings() if choices.face == "hand" else None
        self._enable(False)
        self._show_status(f"Writing {target.name}…")

        def work(report):
            return write_book(book, choices, target, force=force, settings=settings, report=report)

        return self.tasks.run(
            work,
            success=self._made,
            failure=lambda exc: self._not_made(exc, target, force),
            progress=lambda done, total: self._show_status(f"Setting letter {done} of {total}…"),
        )

    def _made(self, report: Any) -> None:
        self.last_report = report
        self._enable(True)
        pages = f", {report.pages} pages" if report.pages else ""
        self._show_status(f"Wrote {report.path} ({report.letters} letters{pages}).")

    def _not_made(self, exc: Exception, target: Path, force: bool) -> None:
        self._enable(True)
        if "more than" in str(exc) and not force:
            answer = QMessageBox.question(
                self,
                "A long book",
                f"{str(exc).split(':')[0]}.\n\nMake it anyway?",
                defaultButton=QMessageBox.StandardButton.No,
            )
            if answer == QMessageBox.StandardButton.Yes:
                self.make(target, force=True)
                return
        self._show_status(str(exc), error=True)
        self._enable(True)
