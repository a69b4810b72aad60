"""The main window: brief form on the left, the letter on paper or as text on the right.

Templates (and the slow `inflect` import behind them) load on a worker thread after the
window is first painted; LanguageTool starts after that.
"""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path

from PySide6.QtCore import QByteArray, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from letterwriter import dictionary
from letterwriter.gui import checker as chk
from letterwriter.gui.actions import Actions
from letterwriter.gui.form import BriefForm
from letterwriter.gui.highlighter import COLOURS, IssueHighlighter
from letterwriter.gui.preview import PaperPreview
from letterwriter.gui.store import WindowState
from letterwriter.model import LENGTH_LABELS, LENGTHS, TONES, BriefError, missing_required
from letterwriter.settings import Settings


class _Relay(QObject):
    """Carries a worker's result to the GUI thread."""

    done = Signal()  # the payload stays in `out`: only plain values cross threads
    progress = Signal(int, int)
    out = None


class _Job(QRunnable):
    def __init__(self, fn, relay: _Relay) -> None:
        super().__init__()
        self.fn, self.relay = fn, relay

    def run(self) -> None:
        try:
            out = self.fn()
        except Exception as exc:  # handed to the GUI thread, which shows it
            out = exc
        self.relay.out = out
        self.relay.done.emit()


def _load_library():
    from letterwriter.templates import library

    lib = library()
    lib.list()
    import letterwriter.export.pdf  # noqa: F401  (warm the exporter too)

    return lib


class IssuesPanel(QScrollArea):
    """The issues found, each with its message, where it comes from and fix buttons."""

    def __init__(self, win: MainWindow) -> None:
        super().__init__()
        self.win = win
        self.setWidgetResizable(True)
        self.setMinimumWidth(220)
        self.setObjectName("issuesPanel")
        self.body = QWidget()
        self.col = QVBoxLayout(self.body)
        self.col.setContentsMargins(8, 8, 8, 8)
        self.col.setSpacing(8)
        self.setWidget(self.body)
        self.cards: list[QFrame] = []
        self.show_issues([], "")

    def show_issues(self, issues: list, text: str) -> None:
        while self.col.count():
            item = self.col.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.cards = []
        title = QLabel(
            f"<b>{len(issues)} issue{'s' if len(issues) != 1 else ''}</b>" if issues else "<b>No issues</b>"
        )
        self.col.addWidget(title)
        for issue in issues:
            card = QFrame()
            card.setFrameShape(QFrame.Shape.StyledPanel)
            card.setObjectName("issueCard")
            box = QVBoxLayout(card)
            box.setContentsMargins(8, 6, 8, 6)
            word = text[issue.offset : issue.offset + issue.length]
            colour = COLOURS.get(issue.kind, COLOURS["grammar"])
            head = QLabel(f'<span style="color:{colour}">●</span> <b>{word}</b>')
            msg = QLabel(issue.message)
            msg.setWordWrap(True)
            box.addWidget(head)
            box.addWidget(msg)
            if issue.provenance():
                prov = QLabel(f"<small>in {issue.provenance()}</small>")
                prov.setEnabled(False)
                box.addWidget(prov)
            row = QHBoxLayout()
            for repl in issue.replacements[:3]:
                b = QPushButton(repl or "(delete)")
                b.setObjectName("fixButton")
                b.clicked.connect(lambda _c=False, i=issue, r=repl: self.win.apply_replacement(i, r))
                row.addWidget(b)
            ignore = QToolButton()
            ignore.setText("Ignore")
            ignore.clicked.connect(lambda _c=False, i=issue: self.win.ignore_issue(i))
            row.addWidget(ignore)
            row.addStretch()
            box.addLayout(row)
            card.issue = issue
            self.col.addWidget(card)
            self.cards.append(card)
        self.col.addStretch()


class MainWindow(QMainWindow):
    templates_loaded = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.settings = Settings.load()
        self.state = WindowState()
        self.pool = QThreadPool.globalInstance()
        self.lib = None
        self.info = None
        self.letter = None
        self.variation = 1
        self.edited_text: str | None = None
        self._keep_edits = False
        self._setting_text = False
        self.issues: list = []
        self.ignored: list[str] = []
        self.path: Path | None = None
        self.request_id = 0
        self.dropped_results = 0
        self._pending_doc = None
        self._relays: list[_Relay] = []

        self.setWindowTitle("Letterwriter")
        self.resize(1320, 860)
        self._build()
        self.actions = Actions(self)
        self._connect()
        self.checker = chk.CheckService(self.settings, self.pool, self)
        self.checker.state_changed.connect(self._on_checker_state)
        self.checker.progress.connect(lambda f: self.progress.setValue(int(f * 100)))
        self.checker.result.connect(self._on_check_result)
        self.checker.failed.connect(self._on_check_failed)
        self._restore_state()

    # --- building ----------------------------------------------------------------------
    def _build(self) -> None:
        left = QWidget()
        left.setObjectName("briefSide")
        col = QVBoxLayout(left)
        col.setContentsMargins(16, 14, 12, 12)
        col.setSpacing(8)
        heading = QLabel("Letter")
        f = heading.font()
        f.setPointSizeF(f.pointSizeF() * 1.35)
        f.setBold(True)
        heading.setFont(f)
        col.addWidget(heading)
        self.template_combo = QComboBox()
        self.template_combo.setObjectName("templateCombo")
        self.template_combo.addItem("Loading templates…")
        self.template_combo.setEnabled(False)
        col.addWidget(self.template_combo)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setObjectName("templateDescription")
        self.description.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        col.addWidget(self.description)
        row = QHBoxLayout()
        self.tone = QComboBox()
        self.tone.setObjectName("toneCombo")
        for t in TONES:
            self.tone.addItem(t.capitalize(), t)
        self.length = QComboBox()
        self.length.setObjectName("lengthCombo")
        for n in LENGTHS:
            self.length.addItem(LENGTH_LABELS[n], n)
        self.length.setCurrentIndex(LENGTHS.index("letter"))
        self.wording = QPushButton("Another wording")
        self.wording.setObjectName("anotherWording")
        self.wording.setToolTip("Same brief, other equally good words")
        row.addWidget(self.tone, 1)
        row.addWidget(self.length, 1)
        row.addWidget(self.wording)
        col.addLayout(row)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        col.addWidget(line)
        self.form = BriefForm()
        form_scroll = QScrollArea()
        form_scroll.setWidgetResizable(True)
        form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        form_scroll.setWidget(self.form)
        col.addWidget(form_scroll, 1)

        self.preview = PaperPreview()
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("letterEditor")
        ef = QFont("DejaVu Serif")
        ef.setPointSizeF(12)
        self.editor.setFont(ef)
        self.editor.document().setDocumentMargin(18)
        self.editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.highlighter = IssueHighlighter(self.editor.document())
        self.find_bar = QLineEdit()
        self.find_bar.setPlaceholderText("Find in the letter (Enter for next, Esc to close)")
        self.find_bar.setVisible(False)
        edit_page = QWidget()
        ecol = QVBoxLayout(edit_page)
        ecol.setContentsMargins(0, 0, 0, 0)
        ecol.addWidget(self.find_bar)
        ecol.addWidget(self.editor, 1)
        self.regenerate_button = QPushButton("Regenerate from brief")
        self.regenerate_button.setVisible(False)
        ecol.addWidget(self.regenerate_button, 0, Qt.AlignmentFlag.AlignRight)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.preview, "Paper")
        self.tabs.addTab(edit_page, "Edit text")

        self.issues_panel = IssuesPanel(self)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.issues_panel)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([420, 640, 260])
        self.setCentralWidget(self.splitter)

        self.status_label = QLabel("Checks: waiting")
        self.status_label.setObjectName("checkerStatus")
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(160)
        self.progress.setRange(0, 100)
        self.progress.setVisible(False)
        # LanguageTool's start is long work: it can be stopped, and F7 starts it again.
        self.stop_lt_button = QPushButton("Stop")
        self.stop_lt_button.setObjectName("stopLanguageTool")
        self.stop_lt_button.setToolTip("Stop starting LanguageTool; F7 starts it again")
        self.stop_lt_button.setFlat(True)
        self.stop_lt_button.setVisible(False)
        self.stop_lt_button.clicked.connect(self.cancel_checker_start)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.stop_lt_button)
        self.statusBar().addPermanentWidget(self.status_label)

        self.render_timer = QTimer(self, singleShot=True, interval=150)
        self.check_timer = QTimer(self, singleShot=True, interval=900)

    def _connect(self) -> None:
        a = self.actions
        a.new.triggered.connect(lambda: self.maybe_save() and self.new_letter())
        a.open.triggered.connect(lambda: self.maybe_save() and self.open_dialog())
        a.save.triggered.connect(self.save)
        a.save_as.triggered.connect(self.save_as)
        a.export_pdf.triggered.connect(self.export_pdf)
        a.export_text.triggered.connect(self.export_text)
        a.print.triggered.connect(self.print_letter)
        a.print_preview.triggered.connect(self.print_preview)
        a.batch.triggered.connect(self.batch_from_csv)
        a.quit.triggered.connect(self.close)
        a.undo.triggered.connect(self.editor.undo)
        a.redo.triggered.connect(self.editor.redo)
        a.find.triggered.connect(self._show_find)
        a.preferences.triggered.connect(self.preferences)
        a.check.triggered.connect(self.check_now)
        a.browser.triggered.connect(self.template_browser)
        a.about.triggered.connect(self.about)
        self.find_bar.returnPressed.connect(self._find_next)
        self.template_combo.currentIndexChanged.connect(self._template_chosen)
        self.tone.currentIndexChanged.connect(self._brief_changed)
        self.length.currentIndexChanged.connect(self._brief_changed)
        self.wording.clicked.connect(self.another_wording)
        self.form.changed.connect(self._brief_changed)
        self.render_timer.timeout.connect(self.render_letter)
        self.check_timer.timeout.connect(self.check_now)
        self.editor.textChanged.connect(self._editor_changed)
        self.editor.customContextMenuRequested.connect(self._editor_menu)
        self.regenerate_button.clicked.connect(self.regenerate)

    def _restore_state(self) -> None:
        geo = self.state.get("geometry", QByteArray(), QByteArray)
        if geo and not geo.isEmpty():
            self.restoreGeometry(geo)
        split = self.state.get("splitter", QByteArray(), QByteArray)
        if split and not split.isEmpty():
            self.splitter.restoreState(split)

    def closeEvent(self, event) -> None:
        if not self.maybe_save():
            event.ignore()  # nothing typed is lost without asking
            return
        self.state.set("geometry", self.saveGeometry())
        self.state.set("splitter", self.splitter.saveState())
        self.state.sync()
        self.checker.stop()
        super().closeEvent(event)

    # --- background start-up -----------------------------------------------------------
    def _run(self, fn, on_done) -> _Relay:
        relay = _Relay()
        self._relays.append(relay)

        def finish(relay=relay):
            self._relays.remove(relay)
            on_done(relay.out)

        relay.done.connect(finish)
        self.pool.start(_Job(fn, relay))
        return relay

    def start_background(self) -> None:
        """Call after show(): load templates off the GUI thread, then start LanguageTool."""
        QTimer.singleShot(0, lambda: self._run(_load_library, self._on_library))

    def _on_library(self, lib) -> None:
        if isinstance(lib, Exception):
            self.preview.show_message(f"Templates could not be loaded: {lib}")
            return
        self.lib = lib
        self._fill_templates()
        self.templates_loaded.emit()
        if self._pending_doc is not None:
            doc, self._pending_doc = self._pending_doc, None
            self._apply_doc(doc)
        QTimer.singleShot(0, self.checker.start)

    def _fill_templates(self, select: str | None = None) -> None:
        current = select or (self.info.id if self.info else None)
        self.template_combo.blockSignals(True)
        self.template_combo.clear()
        for info in self.lib.list():
            self.template_combo.addItem(info.title, info.id)
            self.template_combo.setItemData(
                self.template_combo.count() - 1, info.description, Qt.ItemDataRole.ToolTipRole
            )
        self.template_combo.setEnabled(True)
        self.template_combo.blockSignals(False)
        idx = max(0, self.template_combo.findData(current)) if current else 0
        self.template_combo.setCurrentIndex(idx)
        self._template_chosen(idx)

    # --- the brief ---------------------------------------------------------------------
    def select_template(self, template_id: str) -> bool:
        idx = self.template_combo.findData(template_id)
        if idx < 0:
            return False
        if idx == self.template_combo.currentIndex():
            self._template_chosen(idx)
        else:
            self.template_combo.setCurrentIndex(idx)
        return True

    def _template_chosen(self, idx: int) -> None:
        if self.lib is None or idx < 0:
            return
        tid = self.template_combo.itemData(idx)
        if not tid:
            return
        self.info = self.lib.get(tid)
        self.description.setText(self.info.description)
        self.form.set_template(self.info)
        tone = self.tone.currentData()
        self.tone.blockSignals(True)
        self.tone.clear()
        for t in self.info.tones:
            self.tone.addItem(t.capitalize(), t)
        self.tone.setCurrentIndex(max(0, self.tone.findData(tone)))
        self.tone.blockSignals(False)
        self._brief_changed()

    def brief(self) -> dict:
        """The raw brief as typed: the form's values plus tone and length."""
        raw = self.form.values()
        if self.info is not None:
            if self.info.field("tone"):
                raw["tone"] = self.tone.currentData()
            if self.info.field("length"):
                raw["length"] = self.length.currentData()
        return raw

    def _brief_changed(self, *_args) -> None:
        self.render_timer.start()

    def another_wording(self) -> None:
        self.variation += 1
        self._brief_changed()

    def render_letter(self) -> None:
        """Render the brief through the core; show field errors beside their fields."""
        if self.lib is None or self.info is None:
            return
        raw = self.brief()
        errors = {name: "Needed for the letter" for name in missing_required(self.info, raw)}
        letter = None
        try:
            letter = self.lib.render(
                self.info, raw, variation=self.variation, language=self.settings.get("language")
            )
        except BriefError as exc:
            if exc.field and exc.field not in errors:
                errors[exc.field] = str(exc).split(": ", 1)[-1]
        except Exception as exc:  # a broken template: say where, keep the window usable
            where = f" ({exc.path}:{exc.line})" if getattr(exc, "line", None) else ""
            self.preview.show_message(f"This template cannot be rendered{where}:\n{exc}")
        self.form.show_errors(errors)
        if letter is None:
            if errors and self.edited_text is None:
                labels = [self.info.field(n).label for n in errors if self.info.field(n)]
                self.preview.show_message("To write the letter, fill in: " + ", ".join(labels))
            return
        previous = self.letter
        self.letter = letter
        if self.edited_text is not None:
            if previous is not None and previous.text != letter.text and not self._keep_edits:
                if self.ask_keep_edits():
                    self._keep_edits = True
                else:
                    self.edited_text = None
        if self.edited_text is None:
            self._set_editor_text(letter.text)
        self.regenerate_button.setVisible(self.edited_text is not None)
        self.update_preview()

    def ask_keep_edits(self) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("You have edited the letter")
        box.setText(
            "The brief changed. Keep your edits to the text, or write the letter again from the brief?"
        )
        keep = box.addButton("Keep my edits", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Regenerate", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(keep)
        box.exec()
        return box.clickedButton() is keep

    def regenerate(self) -> None:
        self.edited_text = None
        self._keep_edits = False
        self.render_letter()

    # --- the text --------------------------------------------------------------------------
    def current_text(self) -> str:
        if self.edited_text is not None:
            return self.edited_text
        return self.letter.text if self.letter is not None else ""

    def _set_editor_text(self, text: str) -> None:
        if self.editor.toPlainText() == text:
            return
        self._setting_text = True
        try:
            self.editor.setPlainText(text)
        finally:
            self._setting_text = False
        self._text_changed()

    def _editor_changed(self) -> None:
        if self._setting_text:
            return
        text = self.editor.toPlainText()
        if text == self.current_text():
            return  # a format-only change (underlines being drawn) also emits textChanged
        self.edited_text = text
        self._keep_edits = False
        self.regenerate_button.setVisible(True)
        self.render_timer.stop()
        QTimer.singleShot(150, self.update_preview)
        self._text_changed()

    def _text_changed(self) -> None:
        self.request_id += 1  # any result for an older text is now stale
        if self.issues:
            self.issues = []
            self.highlighter.set_issues([])
            self.issues_panel.show_issues([], "")
        self.check_timer.start()

    def export_letter(self):
        """The letter as it will be exported: the rendered one or the person's edit of it."""
        if self.letter is None:
            return None
        if self.edited_text is None:
            return self.letter
        return self.letter.with_text(self.edited_text)

    def pdf_options(self):
        from letterwriter.export.pdf import PdfOptions

        return PdfOptions(
            font_family=self.settings.get("font_family") or None,
            ink=self.settings.get("ink"),
            paper=self.settings.get("paper"),
        )

    def update_preview(self) -> None:
        letter = self.export_letter()
        if letter is None:
            return
        from letterwriter.export.pdf import LetterLayout

        try:
            self.preview.set_layout(LetterLayout(letter, self.pdf_options()))
        except Exception as exc:
            self.preview.show_message(f"Cannot lay out the letter: {exc}")

    # --- checks ------------------------------------------------------------------------------
    def check_now(self) -> None:
        if self.checker.state in (chk.OFF, chk.UNAVAILABLE) and self.lib is not None:
            self.checker.start()  # F7 after a stop or a failure tries again
            return
        if self.letter is None:
            return
        self.checker.check(self.request_id, self.letter, self.current_text())

    def cancel_checker_start(self) -> None:
        self.checker.stop()
        self.checker._set(chk.OFF, "stopped; press F7 to start LanguageTool again")

    def _on_checker_state(self, state: str, detail: str) -> None:
        self.progress.setVisible(state == chk.STARTING)
        self.stop_lt_button.setVisible(state == chk.STARTING)
        text = {
            chk.STARTING: "Starting LanguageTool…",
            chk.READY: "Checks ready",
            chk.CHECKING: "Checking…",
            chk.UNAVAILABLE: f"Checks off: {detail}",
            chk.OFF: f"Checks off: {detail}" if detail else "Checks off",
        }[state]
        if state == chk.READY and self.issues:
            text = f"{len(self.issues)} issue{'s' if len(self.issues) != 1 else ''}"
        self.status_label.setText(text)
        self.status_label.setToolTip(detail)
        if state == chk.READY and self.letter is not None and not self.issues:
            self.check_timer.start(0)

    def _on_check_result(self, request_id: int, report, text: str) -> None:
        self.checker.finished_one()
        if request_id != self.request_id or text != self.current_text():
            self.dropped_results += 1
            return
        self.show_issues(report.issues, text)

    def _on_check_failed(self, request_id: int, why: str) -> None:
        self.checker.finished_one()
        if request_id == self.request_id:
            self.status_label.setText(f"Check failed: {why}")

    def _is_ignored(self, issue, text: str) -> bool:
        word = text[issue.offset : issue.offset + issue.length]
        return f"rule:{issue.rule_id}" in self.ignored or f"word:{issue.rule_id}:{word}" in self.ignored

    def show_issues(self, issues: list, text: str) -> None:
        self.issues = [i for i in issues if not self._is_ignored(i, text)]
        self.highlighter.set_issues(self.issues)
        self.issues_panel.show_issues(self.issues, text)
        n = len(self.issues)
        self.status_label.setText(f"{n} issue{'s' if n != 1 else ''}" if n else "No issues found")

    def apply_replacement(self, issue, replacement: str) -> None:
        from letterwriter.grammar import apply_fix, fix_in_field

        text = self.current_text()
        if self.edited_text is None and self.letter is not None:
            new_values = fix_in_field(self.letter.values, issue, text, replacement)
            if new_values is not None:
                self.form.set_value(issue.field, new_values[issue.field])
                self.render_timer.stop()
                self.render_letter()
                return
        new_text, remaining = apply_fix(text, self.issues, issue, replacement)
        self.edited_text = new_text
        self._keep_edits = False
        self._set_editor_text(new_text)
        self.regenerate_button.setVisible(True)
        self.show_issues(remaining, new_text)
        self.update_preview()

    def ignore_issue(self, issue, whole_rule: bool = False) -> None:
        text = self.current_text()
        word = text[issue.offset : issue.offset + issue.length]
        self.ignored.append(f"rule:{issue.rule_id}" if whole_rule else f"word:{issue.rule_id}:{word}")
        if whole_rule:
            # "Ignore rule" is for always: every later check, in any letter, leaves it out
            rules = list(self.settings.get("disabled_rules"))
            if issue.rule_id not in rules:
                self.settings.set("disabled_rules", [*rules, issue.rule_id])
                self.settings.save()
        self.show_issues(self.issues, text)

    def add_to_dictionary(self, issue) -> None:
        text = self.current_text()
        word = text[issue.offset : issue.offset + issue.length]
        dictionary.add(word)
        self.show_issues(
            [
                i
                for i in self.issues
                if not (i.kind == "spelling" and text[i.offset : i.offset + i.length] == word)
            ],
            text,
        )
        self.check_timer.start()

    def _editor_menu(self, pos) -> None:
        cursor = self.editor.cursorForPosition(pos)
        issue = self.highlighter.issue_at(cursor.position())
        menu = self.build_issue_menu(issue)
        menu.exec(self.editor.mapToGlobal(pos))

    def build_issue_menu(self, issue) -> QMenu:
        menu = self.editor.createStandardContextMenu()
        if issue is None:
            return menu
        first = menu.actions()[0] if menu.actions() else None
        head = menu.insertSection(first, issue.short_message or issue.message[:60])
        del head
        for repl in issue.replacements[:5]:
            act = menu.addAction(repl or "(delete)")
            menu.insertAction(first, act)
            act.triggered.connect(lambda _c=False, r=repl: self.apply_replacement(issue, r))
        for label, fn in (
            ("Ignore", lambda: self.ignore_issue(issue)),
            ("Ignore rule", lambda: self.ignore_issue(issue, True)),
        ):
            act = menu.addAction(label)
            menu.insertAction(first, act)
            act.triggered.connect(fn)
        if issue.kind == "spelling":
            act = menu.addAction("Add to dictionary")
            menu.insertAction(first, act)
            act.triggered.connect(lambda: self.add_to_dictionary(issue))
        menu.insertSeparator(first)
        return menu

    def _show_find(self) -> None:
        self.tabs.setCurrentIndex(1)
        self.find_bar.setVisible(True)
        self.find_bar.setFocus()
        self.find_bar.selectAll()

    def _find_next(self) -> None:
        if not self.editor.find(self.find_bar.text()):
            self.editor.moveCursor(self.editor.textCursor().MoveOperation.Start)
            self.editor.find(self.find_bar.text())

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and self.find_bar.isVisible():
            self.find_bar.setVisible(False)
            self.editor.setFocus()
            return
        super().keyPressEvent(event)

    # --- files ---------------------------------------------------------------------------------
    def _folder(self) -> str:
        return self.settings.get("last_folder") or str(Path.home())

    def _remember_folder(self, path: str) -> None:
        self.settings.set("last_folder", str(Path(path).parent))
        self.settings.save()

    def _suggested_name(self, suffix: str) -> str:
        name = (self.form.values().get("recipient_name") or "").strip()
        stem = f"Letter to {name}" if name else "Letter"
        return str(Path(self._folder()) / f"{stem}{suffix}")

    # --- unsaved work -------------------------------------------------------------------------
    _clean: str | None = None  # the saved or opened letter, to tell whether anything changed

    def _snapshot(self) -> str:
        import json

        doc = self.document()
        return json.dumps(
            [doc.template, doc.brief, doc.variation, doc.edited_text, doc.ignored],
            sort_keys=True,
            default=str,
        )

    def is_modified(self) -> bool:
        if self.info is None:
            return False
        if self._clean is not None:
            return self._snapshot() != self._clean
        quiet = {"tone", "length", "variation", "relationship", "recipient_pronouns", "letter_date"}
        brief = self.brief()
        defaults = {f.name: f.default for f in self.info.fields}
        return self.edited_text is not None or any(
            v not in (None, "", []) and v != defaults.get(k) for k, v in brief.items() if k not in quiet
        )

    def _mark_clean(self) -> None:
        self._clean = self._snapshot()

    def maybe_save(self) -> bool:
        """True when it is fine to drop the current letter (saved, discarded or unchanged)."""
        if not self.is_modified():
            return True
        answer = QMessageBox.question(
            self,
            "Save this letter?",
            "This letter has changes that are not saved. Save them before going on?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def new_letter(self) -> None:
        if self.info is None:
            return
        self._clean = None
        self.form.set_values(
            {f.name: f.default if f.default is not None else f.empty_value() for f in self.info.fields},
            replace=True,
        )
        self.variation = 1
        self.edited_text = None
        self.ignored = []
        self.path = None
        self.letter = None
        self._set_editor_text("")
        self.setWindowTitle("Letterwriter")
        self.render_letter()

    def document(self):
        from letterwriter.gui.letterfile import LetterFile

        return LetterFile(
            template=self.info.id if self.info else "",
            brief=self.brief(),
            variation=self.variation,
            language=self.settings.get("language"),
            edited_text=self.edited_text,
            ignored=list(self.ignored),
        )

    def save(self) -> bool:
        if self.path is None:
            return self.save_as()
        return self.save_to(self.path)

    def save_as(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(
            self, "Save letter", self._suggested_name(".letter"), "Letters (*.letter)"
        )
        if not path:
            return False
        if not path.endswith(".letter"):
            path += ".letter"
        self._remember_folder(path)
        return self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        from letterwriter.gui import letterfile

        try:
            letterfile.save(self.document(), path)
        except Exception as exc:
            QMessageBox.warning(self, "Could not save", str(exc))
            return False
        self.path = Path(path)
        self._mark_clean()
        self.setWindowTitle(f"{self.path.name} — Letterwriter")
        self.statusBar().showMessage(f"Saved {self.path}", 4000)
        return True

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open letter", self._folder(), "Letters (*.letter)")
        if path:
            self._remember_folder(path)
            self.open_file(Path(path))

    def open_file(self, path: Path) -> bool:
        from letterwriter.gui import letterfile

        try:
            doc = letterfile.load(path)
        except letterfile.LetterFileError as exc:
            QMessageBox.warning(self, "Could not open", str(exc))
            return False
        self.path = Path(path)
        if self.lib is None:
            self._pending_doc = doc
        else:
            self._apply_doc(doc)
        return True

    def _apply_doc(self, doc) -> None:
        if not self.select_template(doc.template):
            QMessageBox.warning(
                self,
                "Unknown template",
                f"This letter uses the template '{doc.template}', which is not installed.",
            )
            return
        self.variation = doc.variation
        self.ignored = list(doc.ignored)
        i = self.tone.findData(doc.brief.get("tone"))
        if i >= 0:
            self.tone.setCurrentIndex(i)
        i = self.length.findData(doc.brief.get("length"))
        if i >= 0:
            self.length.setCurrentIndex(i)
        self.letter = None
        self.edited_text = None
        self.form.set_values(doc.brief, replace=True)
        self.render_timer.stop()
        self.render_letter()
        if doc.edited_text is not None:
            self.edited_text = doc.edited_text
            self._set_editor_text(doc.edited_text)
            self.regenerate_button.setVisible(True)
            self.update_preview()
        if self.path:
            self.setWindowTitle(f"{self.path.name} — Letterwriter")
        self._mark_clean()

    # --- export and print ----------------------------------------------------------------------
    def _issues_ok(self) -> bool:
        """True to go on exporting; asks first when issues remain."""
        if not self.issues:
            return True
        from letterwriter.gui.dialogs import EXPORT_ANYWAY, REVIEW, IssuesBeforeExport

        dlg = IssuesBeforeExport(self.issues, self.current_text(), self)
        dlg.exec()
        if dlg.choice == REVIEW:
            self.tabs.setCurrentIndex(1)
        return dlg.choice == EXPORT_ANYWAY

    def export_pdf(self) -> Path | None:
        letter = self.export_letter()
        if letter is None:
            self.statusBar().showMessage("Fill in the brief first.", 4000)
            return None
        if not self._issues_ok():
            return None
        path, _ = QFileDialog.getSaveFileName(
            self, "Export as PDF", self._suggested_name(".pdf"), "PDF (*.pdf)"
        )
        if not path:
            return None
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        self._remember_folder(path)
        from letterwriter.export.pdf import export_pdf

        try:
            report = export_pdf(letter, path, self.pdf_options())
        except Exception as exc:
            QMessageBox.warning(self, "Could not export", str(exc))
            return None
        note = report.fallback_note()
        self.statusBar().showMessage(
            f"Wrote {path} ({report.pages} page{'s' if report.pages != 1 else ''}). {note}", 8000
        )
        return Path(path)

    def export_text(self) -> Path | None:
        letter = self.export_letter()
        if letter is None or not self._issues_ok():
            return None
        path, _ = QFileDialog.getSaveFileName(
            self, "Export as text", self._suggested_name(".txt"), "Text (*.txt)"
        )
        if not path:
            return None
        self._remember_folder(path)
        from letterwriter.export.text import export_text

        try:
            export_text(letter, path)
        except Exception as exc:
            QMessageBox.warning(self, "Could not export", str(exc))
            return None
        self.statusBar().showMessage(f"Wrote {path}", 6000)
        return Path(path)

    def paint_to_printer(self, printer) -> None:
        from PySide6.QtGui import QPainter

        from letterwriter.export.pdf import LetterLayout

        letter = self.export_letter()
        if letter is None:
            return
        layout = LetterLayout(letter, self.pdf_options(), printer)
        painter = QPainter()
        if painter.begin(printer):
            try:
                layout.paint_all(painter, printer)
            finally:
                painter.end()

    def print_letter(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dlg = QPrintDialog(printer, self)
        if dlg.exec() == QPrintDialog.DialogCode.Accepted:
            self.paint_to_printer(printer)

    def print_preview(self) -> None:
        from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dlg = QPrintPreviewDialog(printer, self)
        dlg.paintRequested.connect(self.paint_to_printer)
        dlg.exec()

    def batch_from_csv(self) -> None:
        if self.info is None:
            return
        csv_path, _ = QFileDialog.getOpenFileName(self, "Batch from CSV", self._folder(), "CSV (*.csv)")
        if not csv_path:
            return
        out_dir = QFileDialog.getExistingDirectory(self, "Write the letters to", str(Path(csv_path).parent))
        if not out_dir:
            return
        self._remember_folder(csv_path)
        self.start_batch(Path(csv_path), Path(out_dir))

    def start_batch(self, csv_path: Path, out_dir: Path) -> QProgressDialog:
        from letterwriter.batch import run_batch

        dlg = QProgressDialog("Writing letters…", "Cancel", 0, 0, self)
        dlg.setWindowTitle("Batch from CSV")
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setMinimumDuration(0)
        cancel = threading.Event()
        dlg.canceled.connect(cancel.set)
        lib, tid = self.lib, self.info.id
        opts = dataclasses.asdict(self.pdf_options())

        def work():
            def progress(done, total):
                relay.progress.emit(done, total)
                return not cancel.is_set()

            return run_batch(lib, tid, csv_path, out_dir, fmt="pdf", pdf_options=opts, progress=progress)

        def finished(result):
            dlg.reset()
            self.batch_result = result
            if isinstance(result, Exception):
                QMessageBox.warning(self, "Batch failed", str(result))
            else:
                self.statusBar().showMessage(f"Batch: {result.summary()}", 10000)

        def on_progress(done, total):
            dlg.setMaximum(total)
            dlg.setValue(done)

        relay = self._run(work, finished)
        relay.progress.connect(on_progress)
        dlg.show()
        return dlg

    # --- dialogs ------------------------------------------------------------------------------
    def preferences(self):
        from letterwriter.gui.dialogs import PreferencesDialog

        dlg = PreferencesDialog(self.settings, self)
        if dlg.exec():
            restart = dlg.apply()
            self.render_letter()
            self.update_preview()
            if restart:
                self.checker.restart()
            else:
                self._text_changed()
        return dlg

    def template_browser(self):
        if self.lib is None:
            return None
        from letterwriter.gui.dialogs import TemplateBrowser

        self.lib.reload()
        dlg = TemplateBrowser(self.lib, self)
        if dlg.exec() and dlg.chosen:
            self._fill_templates(dlg.chosen)
        return dlg

    def about(self) -> None:
        from letterwriter import __version__

        QMessageBox.about(
            self,
            "About Letterwriter",
            f"<h3>Letterwriter {__version__}</h3><p>Write letters by hand, "
            "with a little help: templates, a brief, and LanguageTool checks.</p>",
        )
