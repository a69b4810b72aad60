"""The window's file work: new, open, open recent, save, save as, autosave and crash recovery.

The desk does the work; this object asks the person where (file dialogs), what to do with
unsaved work, and which autosaved drafts to bring back.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QLabel, QMenu, QMessageBox, QWidget

from letterwriter.draft import LetterFileError
from letterwriter.export import ExportError

AUTOSAVE_MS = 500  # every change is on disk within about half a second of the first keystroke
RETRY_MS = 10_000  # a failing autosave is tried again this often, typing or not


class Files(QObject):
    draft_replaced = Signal()  # a new, opened or restored draft is on the desk
    saved = Signal(str)

    def __init__(self, window: QWidget, desk, settings) -> None:
        super().__init__(window)
        self.window = window
        self.desk = desk
        self.settings = settings
        self.autosave_ms: list[float] = []  # how long each autosave held the GUI thread
        # not restarted by each keystroke: continuous typing still saves every half second
        self.autosave_timer = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        # A failing autosave stays in sight until one works (a status message went after 8 s,
        # and a letter typed after it was not safe with nothing on screen saying so).
        self.warning = QLabel()
        self.warning.setObjectName("autosaveWarning")
        self.warning.setStyleSheet("QLabel#autosaveWarning { color: #a4262c; font-weight: bold; }")
        self.warning.hide()
        window.statusBar().addPermanentWidget(self.warning)
        self.retry_timer = QTimer(self, singleShot=True, interval=RETRY_MS)
        self.retry_timer.timeout.connect(self.autosave)
        if desk.store_problem:
            self._warn(f"Autosave is off: {desk.store_problem}. Save the letter with Ctrl+S.")
        self.recent_menu = QMenu("Open &Recent", window)
        self.recent_menu.aboutToShow.connect(self._fill_recent)

    # --- autosave ---------------------------------------------------------------------
    def changed(self) -> None:
        if not self.autosave_timer.isActive():
            self.autosave_timer.start()

    def autosave(self) -> None:
        t0 = time.perf_counter()
        try:
            self.desk.autosave()
        except Exception as exc:  # a full or read-only disk: say so, keep the letter on screen
            self._warn(f"Autosave failed: {exc}. Save the letter with Ctrl+S; trying again.")
            self.retry_timer.start()
            return
        self.autosave_ms.append((time.perf_counter() - t0) * 1000)
        if not self.warning.isHidden() and not self.desk.store_problem:
            self.warning.hide()  # it works again
            self.window.statusBar().showMessage("Autosave works again.", 5000)

    def _warn(self, text: str) -> None:
        self.warning.setText(text)
        self.warning.setToolTip(text)
        self.warning.show()

    # --- asking before dropping work --------------------------------------------------
    def maybe_save(self) -> bool:
        """True when it is fine to drop the current letter (saved, discarded or unchanged)."""
        draft = self.desk.draft
        if draft is None or not draft.modified:
            return True
        sb = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self.window,
            "Save this letter?",
            "This letter has changes that are not saved. Save them before going on?",
            sb.Save | sb.Discard | sb.Cancel,
            sb.Save,
        )
        if answer == sb.Save:
            return self.save()
        return answer == sb.Discard

    # --- new, open, save --------------------------------------------------------------
    def new(self) -> bool:
        if not self.maybe_save():
            return False
        self.desk.new()
        self.draft_replaced.emit()
        return True

    def _folder(self) -> str:
        return self.settings.get("last_folder") or str(Path.home())

    def remember_folder(self, path: str | Path) -> None:
        self.settings.set("last_folder", str(Path(path).parent))
        try:
            self.settings.save()
        except (OSError, ExportError):
            pass  # a read-only settings file: the folder is just not remembered

    def suggested_name(self, suffix: str) -> str:
        draft = self.desk.draft
        name = draft.recipient() if draft else ""
        stem = f"Letter to {name}" if name else "Letter"
        stem = "".join(c for c in stem if c not in '/\\:*?"<>|')[:80]
        return str(Path(self._folder()) / f"{stem}{suffix}")

    def open_dialog(self) -> bool:
        if not self.maybe_save():
            return False
        path, _ = QFileDialog.getOpenFileName(
            self.window, "Open letter", self._folder(), "Letters (*.letter)"
        )
        if not path:
            return False
        self.remember_folder(path)
        return self.open(Path(path))

    def open(self, path: Path) -> bool:
        """Open a .letter file; on any failure the letter on screen and its file stay as they were."""
        try:
            self.desk.open(path)
        except LetterFileError as exc:
            QMessageBox.warning(self.window, "Could not open", str(exc))
            return False
        self.desk.remember_recent(path)
        self.draft_replaced.emit()
        if self.desk.file_holder is not None:  # the same file in two windows: say so, as word processors do
            QMessageBox.warning(
                self.window,
                "Open in another window",
                f"{Path(path).name} is also open in {self.desk.file_holder.describe()}. You can read and "
                "change it here; if both windows save, Letterwriter asks before one writes over the other.",
            )
        return True

    def save(self) -> bool:
        draft = self.desk.draft
        if draft is None:
            return False
        if draft.path is None:
            return self.save_as()
        return self._save_to(draft.path)

    def save_as(self) -> bool:
        if self.desk.draft is None:
            return False
        path, _ = QFileDialog.getSaveFileName(
            self.window, "Save letter", self.suggested_name(".letter"), "Letters (*.letter)"
        )
        if not path:
            return False
        if not path.endswith(".letter"):
            path += ".letter"
        self.remember_folder(path)
        return self._save_to(Path(path))

    def _save_to(self, path: Path) -> bool:
        from letterwriter.desk import FileChanged

        try:
            try:
                written = self.desk.save(path)
            except FileChanged as exc:  # changed since it was opened here: ask, as a word processor does
                sb = QMessageBox.StandardButton
                answer = QMessageBox.question(
                    self.window,
                    "The file changed",
                    f"{exc}. Saving writes over those changes. Save anyway, or Cancel (and Save As… "
                    "to keep both)?",
                    sb.Save | sb.Cancel,
                    sb.Cancel,
                )
                if answer != sb.Save:
                    return False
                written = self.desk.save(path, force=True)
        except Exception as exc:
            QMessageBox.warning(self.window, "Could not save", f"The letter was not saved: {exc}")
            return False
        self.saved.emit(str(written))
        return True

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = self.desk.recent_files()
        for path in files:
            act = self.recent_menu.addAction(Path(path).name)
            act.setToolTip(path)
            act.setStatusTip(path)
            act.triggered.connect(lambda _c=False, p=path: self.maybe_save() and self.open(Path(p)))
        if not files:
            self.recent_menu.addAction("No recent letters").setEnabled(False)

    # --- recovery ---------------------------------------------------------------------
    def offer_recovery(self) -> bool:
        """After an unclean exit: show every unsaved draft, restore or discard. True if one came back."""
        from letterwriter.gui.dialogs import RecoverDialog

        found = self.desk.recoverable()
        if not found:
            return False
        dlg = RecoverDialog(found, self.desk, self.window)
        dlg.exec()
        if dlg.restore_id:
            try:
                self.desk.restore(dlg.restore_id)
            except LetterFileError as exc:
                QMessageBox.warning(self.window, "Could not restore", str(exc))
                return False
            self.draft_replaced.emit()
            return True
        return False
