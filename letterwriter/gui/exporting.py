"""Export and print from the window: PDF, text, the print dialog and print preview.

Remaining issues are shown first (Review / Export anyway / Cancel); the desk writes the file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


class Exporting(QObject):
    review_requested = Signal()  # the person chose to look at the issues first
    exported = Signal(str)

    def __init__(self, window: QWidget, desk, files) -> None:
        super().__init__(window)
        self.window = window
        self.desk = desk
        self.files = files

    def _status(self, text: str, ms: int = 6000) -> None:
        self.window.statusBar().showMessage(text, ms)

    def _ready(self) -> bool:
        """True to go on: there is a letter, and any remaining issues were seen."""
        draft = self.desk.draft
        if draft is None or draft.letter() is None:
            self._status("Fill in the brief first: " + (draft.rendering().message if draft else ""), 6000)
            return False
        if not draft.issues:
            return True
        from letterwriter.gui.dialogs import EXPORT_ANYWAY, REVIEW, IssuesBeforeExport

        dlg = IssuesBeforeExport(draft.issues, draft.text, self.window)
        dlg.exec()
        if dlg.choice == REVIEW:
            self.review_requested.emit()
        return dlg.choice == EXPORT_ANYWAY

    def _ask_path(self, title: str, suffix: str, filt: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self.window, title, self.files.suggested_name(suffix), filt)
        if not path:
            return None
        if not path.lower().endswith(suffix):
            path += suffix
        self.files.remember_folder(path)
        return Path(path)

    def _fits(self) -> bool:
        """A folded card the letter overflows: say so before asking where to write it."""
        from letterwriter.export.layout import fit

        options = self.desk.pdf_options()
        _fill, over = fit(self.desk.draft.letter(), options)
        from letterwriter.export.paper import get_paper

        paper = get_paper(options.paper)
        if paper.card and over:
            QMessageBox.warning(
                self.window,
                "Too long for the card",
                f"The letter is {over} line{'s' if over != 1 else ''} too long for the {paper.label}. "
                "Choose a shorter length, or a larger paper or card in Preferences.",
            )
            return False
        return True

    def _choose_paper(self) -> bool:
        """The export dialog: this letter's paper, hand, ink and tint, kept as the letter's own choices."""
        from letterwriter.gui.dialogs import LetterPaperDialog

        draft = self.desk.draft
        dlg = LetterPaperDialog(self.desk.pdf_options(draft), draft.letter(), self.window)
        dlg.exec()
        if dlg.cancelled:
            return False
        chosen = dlg.paper.choices()
        current = self.desk.pdf_options(draft)
        # only what differs from what the letter would be written with becomes its own choice
        draft.options.update({k: v for k, v in chosen.items() if getattr(current, k) != v})
        return True

    def export_pdf(self) -> Path | None:
        if not self._ready() or not self._choose_paper() or not self._fits():
            return None
        path = self._ask_path("Export as PDF", ".pdf", "PDF (*.pdf)")
        if path is None:
            return None
        try:
            report = self.desk.export(path, "pdf")
        except Exception as exc:
            QMessageBox.warning(self.window, "Could not export", f"Nothing was written: {exc}")
            return None
        pages = f"{report.pages} page{'s' if report.pages != 1 else ''}"
        self.exported.emit(str(path))
        self._status(f"Wrote {path} ({pages}). {report.fallback_note()}".strip(), 8000)
        return path

    def export_envelope(self) -> Path | None:
        """File > Export Envelope: to the letter's recipient, in its hand; addresses from the client file."""
        from letterwriter.address import AddressError, envelope_lines
        from letterwriter.archive.edits import apply_all
        from letterwriter.export.envelope import Envelope, export_envelopes
        from letterwriter.gui.envelopedialog import envelope_dialog

        draft = self.desk.draft
        letter = draft.letter() if draft else None
        if letter is None:
            self._status("Fill in the brief first: the envelope is written to the letter's recipient")
            return None
        dlg = envelope_dialog(self.desk, draft, self.window)
        dlg.exec()
        if dlg.cancelled:
            return None
        try:
            to, back = dlg.addresses()
            saves = dlg.file_edits()
        except AddressError as exc:  # the form said so already; nothing is written
            self._status(f"No envelope written: {exc}", 8000)
            return None
        path = self._ask_path("Export Envelope", ".pdf", "PDF (*.pdf)")
        if path is None:
            return None
        home = back["country_code"] if back else None
        sender = envelope_lines(back, home) if back else ()
        envelope = Envelope(envelope_lines(to, home), sender, str(letter.values.get("sender_name") or ""))
        size, flap = dlg.size.currentData(), dlg.where.currentData() == "flap"
        try:
            export_envelopes([envelope], path, self.desk.pdf_options(draft), size, on_flap=flap)
        except Exception as exc:
            QMessageBox.warning(self.window, "Could not export", f"Nothing was written: {exc}")
            return None
        saved = ""
        if saves:  # the addresses typed for the file, kept once the envelope is written
            try:
                apply_all(self.desk.archive, saves)
                saved = "; the address saved in the client file"
            except Exception as exc:
                saved = f"; the address was not saved in the client file: {exc}"
        self._status(f"Wrote {path} (the envelope, {dlg.size.currentText()}){saved}", 8000)
        self.exported.emit(str(path))
        return path

    def export_text(self) -> Path | None:
        if not self._ready():
            return None
        path = self._ask_path("Export as text", ".txt", "Text (*.txt)")
        if path is None:
            return None
        try:
            self.desk.export(path, "txt")
        except Exception as exc:
            QMessageBox.warning(self.window, "Could not export", f"Nothing was written: {exc}")
            return None
        self._status(f"Wrote {path}")
        self.exported.emit(str(path))
        return path

    def paint_to_printer(self, printer) -> None:
        from PySide6.QtGui import QPainter

        from letterwriter.export.layout import LetterLayout
        from letterwriter.export.paint import LetterDrawing

        draft = self.desk.draft
        letter = draft.letter() if draft else None
        if letter is None:
            return
        layout = LetterLayout(letter, self.desk.pdf_options(draft), printer)
        painter = QPainter()
        if painter.begin(printer):
            try:
                LetterDrawing(layout).paint_all(painter, printer)
            finally:
                painter.end()

    def print_letter(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        if not self._ready():
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dlg = QPrintDialog(printer, self.window)
        if dlg.exec() == QPrintDialog.DialogCode.Accepted:
            self.paint_to_printer(printer)

    def print_preview(self) -> None:
        from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dlg = QPrintPreviewDialog(printer, self.window)
        dlg.paintRequested.connect(self.paint_to_printer)
        dlg.exec()
