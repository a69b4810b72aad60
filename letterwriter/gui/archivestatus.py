"""The archive's corner of the status bar: a firm's server out of reach, and the letters waiting for it.

While the server cannot be reached, or letters wait in the desk's local outbox, a worker asks the
server every few seconds (a connection of its own: a server that does not answer never freezes
the window); when it answers, the desk files what waited, on the GUI thread, and says how many.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QStatusBar

RETRY_MS = 5000


def _letters(n: int) -> str:
    return f"{n} letter{'' if n == 1 else 's'}"


class ArchiveStatus(QObject):
    filed = Signal(int)  # how many waiting letters were just filed

    def __init__(self, bar: QStatusBar, desk, tasks) -> None:
        super().__init__(bar)
        self.bar, self.desk, self.tasks = bar, desk, tasks
        self.label = QLabel()
        self.label.setObjectName("archiveStatus")
        self.label.setVisible(False)
        bar.addPermanentWidget(self.label)
        self.timer = QTimer(self, interval=RETRY_MS)
        self.timer.timeout.connect(self.try_again)
        self._asking = False
        self.refresh()

    def refresh(self) -> None:
        """Show the archive's state now (after a save, an export, a probe)."""
        desk = self.desk
        waiting = desk.waiting()
        if desk.archive is not None and not desk.archive_reachable:
            text = "Client files unreachable"
            text += f" — {_letters(waiting)} waiting" if waiting else " — letters are kept here"
            tip = (
                f"{desk.archive_problem}\n\nDrafts are kept on this computer. Letters you save are filed "
                "in the client files when the server is back; nothing is filed twice."
            )
        elif waiting:
            text, tip = f"{_letters(waiting)} waiting to be filed", desk.archive_problem
        else:
            text, tip = "", ""
        self.label.setText(text)
        self.label.setToolTip(tip)
        self.label.setVisible(bool(text))
        if text and not self.timer.isActive():
            self.timer.start()
        elif not text:
            self.timer.stop()

    def try_again(self) -> None:
        if self._asking or self.desk.archive is None:
            return
        self._asking = True
        self.tasks.run(self.desk.archive_probe(), self._answered, lambda _exc: self._done())

    def _done(self) -> None:
        self._asking = False

    def _answered(self, problem: str) -> None:
        self._asking = False
        if problem:
            self.desk.archive_problem = problem
            self.refresh()
            return
        n = self.desk.archive_back()
        self.refresh()
        if n:
            self.bar.showMessage(f"The client files are back: {_letters(n)} filed.", 8000)
            self.filed.emit(n)
