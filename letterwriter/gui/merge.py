"""The mail merge dialog: every row's status as it is checked, its letter on paper, then export.

`MergeDialog(library, settings, parent, check_service=..., tasks=...)`: from the window it uses
the window's LanguageTool (gui/checker.CheckService) and task runner (gui/tasks.TaskRunner);
alone it makes its own of each. Reading the spreadsheet, rendering, checking and writing run
on the task runner through the same engine as `letterwriter batch` (letterwriter.merge.engine.run_merge);
rows come back to the GUI thread as the task's reports, each tagged with the run it belongs
to, so a stale run's rows are dropped.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from letterwriter.gui import checker as chk
from letterwriter.gui.palette import COLOURS
from letterwriter.gui.preview import PaperPreview
from letterwriter.gui.screenfit import fit_size
from letterwriter.gui.tasks import TaskRunner
from letterwriter.merge import engine as batch  # the merge engine, as `letterwriter batch` runs it
from letterwriter.model import LENGTH_LABELS

if TYPE_CHECKING:
    from letterwriter.export.options import PdfOptions

IGNORE = "(ignore this column)"
STATUS_COLOURS = {
    "ready": "#2e7d32",
    "written": "#2e7d32",
    "issues": "#b26a00",
    "missing field": "#c62828",
    "failed": "#c62828",
    "exists": "#6d6d6d",
}


def _fits_card(lib, info, plans, options, language, emit):
    """The merge's row callback, checking first that a ready row's letter fits the chosen card.

    Runs in the merge's thread. A letter too long for the card is no ready row: it is marked as
    failing with the card meter's words (19 ready rows once all failed at export, after 121 s).
    """
    from letterwriter.export.paper import get_paper

    paper = get_paper(options.paper)
    if not paper.card:
        return emit
    briefs = {p.row: p.brief for p in plans}

    def on_row(res: batch.RowResult) -> None:
        if res.status == batch.READY and res.row in briefs:
            from letterwriter.export.layout import fit

            try:
                letter = lib.render(info, briefs[res.row], language=language)
                _fill, over = fit(letter, options)
            except Exception:
                over = 0  # a row that cannot be rendered says so through the merge itself
            if over:
                res.status = batch.FAILED
                res.error = f"{over} line{'s' if over != 1 else ''} too long for the {paper.label}"
        emit(res)

    return on_row


def row_status(res: batch.RowResult) -> str:
    """The word the table shows for a row."""
    if res.status == batch.FAILED:
        return "missing field" if res.missing else "failed"
    if res.status == batch.SKIPPED_ISSUES or (res.issues and res.status == batch.READY):
        return "issues"
    return res.status


class MergeDialog(QDialog):
    """Choose a template, a spreadsheet, a format and a folder; check every row; export the ready ones.

    From the window, `check_service` and `tasks` are the window's own (one LanguageTool, one
    task runner); without them the dialog makes its own of each, and stops its LanguageTool
    when it closes.
    """

    def __init__(
        self,
        library,
        settings,
        parent: QWidget | None = None,
        check_service: chk.CheckService | None = None,
        tasks: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Mail merge")
        fit_size(self, 1100, 720)
        self.lib = library
        self.settings = settings
        self.tasks = tasks or TaskRunner(parent=self)
        self._own_service = check_service is None
        self.service = check_service or chk.CheckService(settings, self.tasks, self)
        self.service.state_changed.connect(self._on_service)
        self.run_id = 0
        self.cancel = threading.Event()
        self.busy = ""  # "", "checking" or "exporting"
        self.table = None
        self.mapping = None
        self.plans: list = []
        self.results: dict[int, batch.RowResult] = {}
        self.same_names: dict[int, list[int]] = {}  # row -> other rows with the same name
        self.unchecked = False
        self._count = 0
        self.shown_row: int | None = None
        self.marks: list = []
        self._build()
        self._fill_templates()

    # --- layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        top = QFormLayout()
        self.template_box = QComboBox()
        self.template_box.currentIndexChanged.connect(self.reload)
        top.addRow("Template", self.template_box)
        self.file_edit = QLineEdit()
        self.file_edit.setPlaceholderText("a CSV file or an .xlsx workbook")
        self.file_edit.editingFinished.connect(self._typed_source)
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._choose_file)
        row = QHBoxLayout()
        row.addWidget(self.file_edit, 1)
        row.addWidget(browse)
        top.addRow("Rows from", row)
        self.format_box = QComboBox()
        self.format_box.addItem("Handwriting PDF", "pdf")
        self.format_box.addItem("Plain text", "txt")
        top.addRow("Format", self.format_box)
        self.folder_edit = QLineEdit()
        folder_browse = QPushButton("Choose…")
        folder_browse.clicked.connect(self._choose_folder)
        row = QHBoxLayout()
        row.addWidget(self.folder_edit, 1)
        row.addWidget(folder_browse)
        top.addRow("Write to", row)
        self.check_box = QCheckBox("Check every letter with LanguageTool; export only clean ones")
        self.check_box.setChecked(True)
        self.check_box.toggled.connect(self.reload)
        top.addRow("", self.check_box)
        # this merge's paper, hand, ink and tint (the settings' by default); a card is checked row by row
        from letterwriter.export.options import options_from_settings
        from letterwriter.gui.dialogs import PaperChoices

        self.paper_choices = PaperChoices(options_from_settings(self.settings)[0])
        self.paper_choices.on_change(lambda *_: self.reload(keep_mapping=True))
        top.addRow("Written on", self.paper_choices)

        self.rows = QTableWidget(0, 4)
        self.rows.setHorizontalHeaderLabels(["Row", "Name", "Status", "First problem"])
        self.rows.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rows.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.rows.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rows.verticalHeader().setVisible(False)
        self.rows.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.rows.itemSelectionChanged.connect(self.show_selected)

        self.columns = QTableWidget(0, 2)
        self.columns.setHorizontalHeaderLabels(["Column", "Fills field"])
        self.columns.verticalHeader().setVisible(False)
        self.columns.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.defaults_form = QFormLayout()
        self.default_edits: dict[str, QLineEdit | QComboBox] = {}
        defaults_box = QWidget()
        defaults_box.setLayout(self.defaults_form)
        # the columns and the defaults share the page: a long list of defaults scrolls on its own
        # (it took all the room, and the columns table showed two rows at a time)
        defaults_scroll = QScrollArea()
        defaults_scroll.setWidgetResizable(True)
        defaults_scroll.setWidget(defaults_box)
        columns_part, defaults_part = QWidget(), QWidget()
        cp, dp = QVBoxLayout(columns_part), QVBoxLayout(defaults_part)
        for box in (cp, dp):
            box.setContentsMargins(0, 0, 0, 0)
        cp.addWidget(QLabel("Which field each column fills:"))
        cp.addWidget(self.columns, 1)
        dp.addWidget(QLabel("Defaults for blank cells (the report says which rows used one):"))
        dp.addWidget(defaults_scroll, 1)
        parts = QSplitter(Qt.Orientation.Vertical)
        parts.addWidget(columns_part)
        parts.addWidget(defaults_part)
        parts.setStretchFactor(0, 3)  # the columns first: they are what the person came to map
        parts.setStretchFactor(1, 2)
        parts.setChildrenCollapsible(False)
        self.parts, self.columns_part = parts, columns_part
        mapping_page = QWidget()
        mp = QVBoxLayout(mapping_page)
        mp.addWidget(parts, 1)
        apply_map = QPushButton("Apply columns and defaults")
        apply_map.clicked.connect(lambda: self.reload(keep_mapping=True))
        mp.addWidget(apply_map)

        tabs = QTabWidget()
        tabs.addTab(self.rows, "Rows")
        tabs.addTab(mapping_page, "Columns and defaults")
        self.tabs = tabs
        tabs.currentChanged.connect(lambda _i: QTimer.singleShot(0, self._fit_columns))  # laid out when shown
        self.preview = PaperPreview()
        self.preview.show_message("Choose a row to see its letter")
        split = QSplitter()
        split.addWidget(tabs)
        split.addWidget(self.preview)
        split.setSizes([560, 540])

        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.export_button = QPushButton("Export ready rows")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.export_ready)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.stop)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 3)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(close)

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(split, 1)
        lay.addWidget(self.status)
        lay.addLayout(buttons)
        # Enter in a box (the file's path) reads the rows; it pressed the first button instead
        # (a dialog's buttons are "default" for Enter unless told not to be)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)

    def _fill_templates(self) -> None:
        self.template_box.blockSignals(True)
        for info in self.lib.list():
            self.template_box.addItem(info.title, info.id)
        self.template_box.blockSignals(False)

    # --- choosing ------------------------------------------------------------------------------
    def info(self):
        return self.lib.get(self.template_box.currentData())

    def set_template(self, template_id: str) -> None:
        i = self.template_box.findData(template_id)
        if i >= 0:
            self.template_box.setCurrentIndex(i)

    def set_source(self, path: str | Path) -> None:
        self.file_edit.setText(str(path))
        if not self.folder_edit.text():
            self.folder_edit.setText(str(Path(path).parent / "letters"))
        self.reload()

    def _typed_source(self) -> None:
        """A path typed (or pasted) into the box: as if chosen, the letters' folder suggested too."""
        if self.file_edit.text().strip():
            self.set_source(self.file_edit.text().strip())

    def _choose_file(self) -> None:
        start = self.settings.get("last_folder") or str(Path.home())
        path, _ = QFileDialog.getOpenFileName(
            self, "Rows for the merge", start, "Spreadsheets (*.csv *.tsv *.txt *.xlsx)"
        )
        if path:
            self.set_source(path)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Write the letters to", self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)

    def _maps_from_ui(self) -> list[tuple[str, str]]:
        maps = []
        for r in range(self.columns.rowCount()):
            col = self.columns.item(r, 0).text()
            box = self.columns.cellWidget(r, 1)
            maps.append((col, "" if box.currentData() is None else box.currentData()))
        return maps

    def _defaults_from_ui(self) -> dict[str, str]:
        values = {
            name: (e.currentData() or "") if isinstance(e, QComboBox) else e.text()
            for name, e in self.default_edits.items()
        }
        return {name: v for name, v in values.items() if v.strip()}

    def set_default(self, field_name: str, value: str) -> None:
        edit = self.default_edits[field_name]
        if isinstance(edit, QComboBox):
            edit.setCurrentIndex(max(0, edit.findData(value)))
        else:
            edit.setText(value)

    def map_column(self, column: str, field_name: str | None) -> None:
        for r in range(self.columns.rowCount()):
            if self.columns.item(r, 0).text() == column:
                box = self.columns.cellWidget(r, 1)
                box.setCurrentIndex(box.findData(field_name) if field_name else 0)

    # --- reading and checking -----------------------------------------------------------------
    def reload(self, *_args, keep_mapping: bool = False) -> None:
        """Read the rows again and check them all (in the background)."""
        source = self.file_edit.text().strip()
        if not source or self.template_box.currentData() is None:
            return
        self.stop()
        self.run_id += 1
        run, cancel = self.run_id, threading.Event()
        self.cancel = cancel
        info = self.info()
        if not keep_mapping:
            self._fill_defaults(info)
        maps = self._maps_from_ui() if keep_mapping else []
        defaults = self._defaults_from_ui()
        checking = self.check_box.isChecked()
        if checking and self.service.state == chk.OFF:
            self.service.start()
        can_check = checking and self.service.available()
        url = self.service.url
        language = self.settings.get("language")
        picky = bool(self.settings.get("picky"))
        pdf_options = self.pdf_options()
        self.results.clear()
        self.unchecked = checking and not can_check
        self._count = 0
        self.rows.setRowCount(0)
        self.export_button.setEnabled(False)
        if checking and not can_check:
            self.status.setText(
                "Rows are read and rendered; they are checked as soon as LanguageTool is ready."
            )
        self._set_busy("checking")
        lib = self.lib

        def work(report):
            from letterwriter import grammar
            from letterwriter.merge.plan import guess_mapping, plan_merge
            from letterwriter.merge.table import read_table

            try:
                table = read_table(source)
            except Exception as exc:
                report("table", str(exc))
                return str(exc)
            try:
                plan = plan_merge(info, table, maps=maps, defaults=list(defaults.items()))
                mapping, plans = plan.mapping, plan.rows
            except Exception as exc:
                # The columns still show, each with its best guess, so the person can map them here.
                guess = guess_mapping(info, table.headers)
                report("table", (table, guess, []))
                return in_dialog_words(str(exc), guess, maps)
            report("table", (table, mapping, plans))

            merge_checker = batch.MergeChecker(grammar.checker_for(url), language, picky)
            on_row = _fits_card(lib, info, plans, pdf_options, language, lambda res: report("row", res))

            options = batch.MergeOptions(dry_run=True, check=can_check, language=language)
            try:
                result = batch.run_merge(
                    lib,
                    info,
                    plans,
                    Path("."),
                    options,
                    mapping=mapping,
                    check=merge_checker.check if can_check else None,
                    prefetch=merge_checker.prefetch if can_check else None,
                    on_row=on_row,
                    cancel=cancel,
                )
            except Exception as exc:
                return f"{type(exc).__name__}: {exc}" if not str(exc) else str(exc)
            return result

        self._run(run, work)

    def _run(self, run: int, work) -> None:
        """Work for one run on the task runner: its table and rows as reports, then its outcome."""
        self.tasks.run(
            work,
            success=lambda payload: self._on_done(run, payload),
            failure=lambda exc: self._on_done(run, str(exc) or type(exc).__name__),
            progress=lambda kind, payload: (self._on_table if kind == "table" else self._on_row)(
                run, payload
            ),
        )

    def _fill_defaults(self, info) -> None:
        while self.defaults_form.rowCount():
            self.defaults_form.removeRow(0)
        self.default_edits = {}
        for f in info.fields:
            if f.type == "choice":  # the brief's own choices, in its words
                edit = QComboBox()
                edit.addItem("(no default)", "")
                choices = info.tones if f.name == "tone" else f.choices
                for c in choices:
                    label = LENGTH_LABELS.get(c, c) if f.name == "length" else c
                    edit.addItem(label.capitalize() if f.name == "tone" else label, c)
            elif f.type in ("text", "longtext", "list"):
                edit = QLineEdit()
                edit.setPlaceholderText(f.help[:80] if f.help else "")
            else:
                continue
            self.default_edits[f.name] = edit
            self.defaults_form.addRow(f.label, edit)

    def _on_table(self, run: int, payload: Any) -> None:
        if run != self.run_id:
            return
        if isinstance(payload, str):
            self.status.setText(payload)
            self.columns.setRowCount(0)
            return
        self.table, self.mapping, self.plans = payload
        info = self.info()
        self.columns.setRowCount(0)
        for col, fname in self.mapping.columns.items():
            r = self.columns.rowCount()
            self.columns.insertRow(r)
            self.columns.setItem(r, 0, QTableWidgetItem(col))
            box = QComboBox()
            box.addItem(IGNORE, None)
            for f in info.fields:
                box.addItem(f"{f.label} ({f.name})", f.name)
            box.setCurrentIndex(box.findData(fname) if fname else 0)
            self.columns.setCellWidget(r, 1, box)
        self._fit_columns()
        self.same_names = same_names(self.plans)
        self.rows.setRowCount(len(self.plans))
        for i, plan in enumerate(self.plans):
            self._set_row(i, plan.row, plan.name, "waiting", self._same_name_note(plan.row, ""))
        self.progress.setRange(0, max(1, len(self.plans)))
        self.progress.setValue(0)

    def _fit_columns(self) -> None:
        """The columns no taller than their rows need (four left half their table empty): defaults below."""
        total = sum(self.parts.sizes())
        table = self.columns
        if total <= 0:
            return
        rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
        around = self.columns_part.height() - table.viewport().height()  # its label, header and frame
        top = min(around + rows + 2, max(self.parts.sizes()[0], total * 3 // 5))
        self.parts.setSizes([top, total - top])

    def _set_row(self, index: int, row: int, name: str, status: str, message: str) -> None:
        cells = [str(row), name, status, message]
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if c == 0:
                item.setData(Qt.ItemDataRole.UserRole, row)
            if c == 2 and status in STATUS_COLOURS:
                item.setForeground(QColor(STATUS_COLOURS[status]))
            self.rows.setItem(index, c, item)

    def _on_row(self, run: int, res: batch.RowResult) -> None:
        if run != self.run_id:
            return
        self.results[res.row] = res
        index = next((i for i, p in enumerate(self.plans) if p.row == res.row), None)
        if index is None:
            return
        status = row_status(res)
        message = res.first_message()
        if res.missing:
            message = "missing " + ", ".join(res.missing)
        self._set_row(index, res.row, res.name, status, self._same_name_note(res.row, message))
        self._count += 1
        self.progress.setValue(self._count)
        if self.rows.currentRow() == index:
            self.show_selected()

    def _on_done(self, run: int, payload: Any) -> None:
        if run != self.run_id:
            return
        was = self.busy
        self._set_busy("")
        if isinstance(payload, str):
            self.status.setText(f"Stopped: {payload}")
            return
        counts: dict[str, int] = {}
        for res in self.results.values():
            counts[row_status(res)] = counts.get(row_status(res), 0) + 1
        summary = ", ".join(f"{n} {'with issues' if s == 'issues' else s}" for s, n in sorted(counts.items()))
        if was == "exporting":
            self.status.setText(f"Exported: {payload.summary()}")
        else:
            checked = "not checked" if self.unchecked or not self.check_box.isChecked() else "checked"
            text = f"{len(self.results)} rows ({checked}): {summary}"
            if self.unchecked and self.service.state == chk.UNAVAILABLE:
                text += (
                    f". LanguageTool is unavailable ({self.service.detail}); "
                    "untick the check to export the rows unchecked."
                )
            elif self.unchecked:
                text += ". They are checked as soon as LanguageTool is ready."
            self.status.setText(text + self._same_names_summary())
            if self.unchecked and self.check_box.isChecked() and self.service.available():
                # LanguageTool came up while the rows were being read: check them now
                self.reload(keep_mapping=True)
                return
        # "export only clean ones" is a promise: rows not yet checked wait for LanguageTool
        # (or for the person to untick the check).
        self.export_button.setEnabled(bool(self.ready_rows()) and not self.unchecked)

    def _on_service(self, state: str, detail: str) -> None:
        if state == chk.READY and self.unchecked and self.plans and self.check_box.isChecked():
            self.reload(keep_mapping=True)  # rows rendered before the server was up: check them now
        elif state == chk.UNAVAILABLE and self.check_box.isChecked():
            self.status.setText(
                f"LanguageTool is unavailable ({detail}); rows are not checked. "
                "Untick the check to export them unchecked."
            )

    def ready_rows(self) -> set[int]:
        return {r.row for r in self.results.values() if r.status == batch.READY and not r.issues}

    # --- preview -------------------------------------------------------------------------------
    def show_selected(self) -> None:
        items = self.rows.selectedItems()
        if not items:
            return
        row = self.rows.item(items[0].row(), 0).data(Qt.ItemDataRole.UserRole)
        self.show_row(row)

    def show_row(self, row: int) -> None:
        """The row's letter on paper, its issues underlined (rendering is quick: the GUI thread does it)."""
        from letterwriter.export.layout import LetterLayout

        plan = next((p for p in self.plans if p.row == row), None)
        if plan is None:
            return
        if plan.error:
            self.preview.show_message(plan.error)
            return
        try:
            letter = self.lib.render(self.info(), plan.brief, language=self.settings.get("language"))
            layout = LetterLayout(letter, self.pdf_options())
        except Exception as exc:
            self.preview.show_message(str(exc))
            return
        res = self.results.get(row)
        self.preview.set_layout(layout)
        # the row's issues underlined on the paper, where the layout says each span sits
        self.marks = [
            (i.offset, i.offset + max(i.length, 1), COLOURS.get(i.kind, COLOURS["grammar"]))
            for i in (res.issues if res else [])
        ]
        self.preview.set_marks(self.marks, letter.text)
        self.shown_row = row

    def pdf_options(self) -> PdfOptions:
        """The settings' handwriting options (read as the window and the command line read them), with
        this merge's paper, hand, ink and tint."""
        from dataclasses import replace

        from letterwriter.export.options import options_from_settings

        options, _warnings = options_from_settings(self.settings)
        return replace(options, **self.paper_choices.choices())

    # --- export --------------------------------------------------------------------------------
    def export_ready(self) -> None:
        ready = self.ready_rows()
        folder = self.folder_edit.text().strip()
        if not ready or not folder:
            self.status.setText("Nothing to export yet." if not ready else "Choose a folder to write to.")
            return
        self.stop()
        self.run_id += 1
        run, cancel = self.run_id, threading.Event()
        self.cancel = cancel
        info, plans, mapping, lib = self.info(), list(self.plans), self.mapping, self.lib
        options = batch.MergeOptions(
            fmt=self.format_box.currentData(),
            language=self.settings.get("language"),
            pdf_options=self.pdf_options().to_json(),
        )
        self.progress.setRange(0, len(ready))
        self.progress.setValue(0)
        self._count = 0
        self._set_busy("exporting")

        def work(report):
            try:
                return batch.run_merge(
                    lib,
                    info,
                    plans,
                    Path(folder),
                    options,
                    mapping=mapping,
                    on_row=lambda res: report("row", res),
                    cancel=cancel,
                    only_rows=ready,
                )
            except Exception as exc:
                return str(exc) or type(exc).__name__

        self._run(run, work)

    def stop(self) -> None:
        """Cancel the running check or export: letters being written finish, the rest are left."""
        self.cancel.set()

    def _set_busy(self, what: str) -> None:
        self.busy = what
        self.progress.setVisible(bool(what))
        self.cancel_button.setEnabled(bool(what))
        if what:
            self.export_button.setEnabled(False)

    def done(self, code: int) -> None:  # closing: stop work (its results are dropped), and our own server
        self.stop()
        self.run_id += 1
        if self._own_service:
            self.service.stop()
        super().done(code)

    # --- the same name twice ---------------------------------------------------------------
    def _same_name_note(self, row: int, message: str) -> str:
        others = self.same_names.get(row)
        if not others:
            return message
        note = "same name as row " + ", ".join(str(r) for r in others)
        return f"{message}; {note}" if message else note

    def _same_names_summary(self) -> str:
        groups = {tuple(sorted([row, *others])) for row, others in self.same_names.items()}
        if not groups:
            return ""
        by_row = {p.row: p.name.strip() for p in self.plans}
        parts = [f"“{by_row[g[0]]}” (rows {', '.join(map(str, g[:-1]))} and {g[-1]})" for g in sorted(groups)]
        return (
            ". Rows with the same name: "
            + "; ".join(parts)
            + " — check they are different people, not one person twice"
        )


def same_names(plans) -> dict[int, list[int]]:
    """Each row whose name another row has too (case and spaces aside) -> those other rows."""
    groups: dict[str, list[int]] = {}
    for plan in plans:
        key = " ".join(plan.name.split()).casefold()
        if key and not plan.error:
            groups.setdefault(key, []).append(plan.row)
    return {row: [r for r in rows if r != row] for rows in groups.values() if len(rows) > 1 for row in rows}


def in_dialog_words(error: str, guess, maps) -> str:
    """The engine's error for the command line (`--map`) said as this dialog says it."""
    mapped = {col for col, _f in maps}
    unknown = [h for h, f in guess.columns.items() if f is None and h not in mapped]
    if "--map" not in error:
        return error
    if not unknown:
        return error.replace("--map", "the column list")
    names = ", ".join(f"“{h}”" for h in unknown)
    one = len(unknown) == 1
    return (
        f"The column{'' if one else 's'} {names} fill{'s' if one else ''} no field of this letter. On the "
        f"“Columns and defaults” tab, choose the field {'it' if one else 'each'} fills, or “{IGNORE}”; "
        "then Apply columns and defaults."
    )
