"""The checker's corner of the status bar: its state, LanguageTool's start progress and Stop."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QStatusBar

from letterwriter.gui import checker as chk


def _gist(detail: str) -> str:
    """The first clause of a reason, for the status bar; the whole of it is the tooltip."""
    head = detail.split(": ", 1)[0].split("; ", 1)[0]
    return head if len(head) <= 60 else head[:57] + "…"


class CheckStatus(QObject):
    stop_requested = Signal()

    def __init__(self, bar: QStatusBar, service: chk.CheckService) -> None:
        super().__init__(bar)
        self.label = QLabel("Checks: waiting")
        self.label.setObjectName("checkerStatus")
        self.label.setMinimumWidth(self.label.fontMetrics().horizontalAdvance("Starting LanguageTool…  "))
        # Qt's busy indicator: LanguageTool's port opens long before it answers (its warm-up),
        # and a bar at 100% beside "Starting…" read as stuck
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(120)
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setVisible(False)
        # LanguageTool's start is long work: it can be stopped, and F7 starts it again.
        self.stop_button = QPushButton("Stop")
        self.stop_button.setObjectName("stopLanguageTool")
        self.stop_button.setToolTip("Stop starting LanguageTool; F7 starts it again")
        self.stop_button.setFlat(True)
        self.stop_button.setVisible(False)
        self.stop_button.clicked.connect(self.stop_requested)
        for w in (self.progress, self.stop_button, self.label):
            bar.addPermanentWidget(w)
        self.service = service
        service.state_changed.connect(self.show_state)

    def show_state(self, state: str, detail: str) -> None:
        self.progress.setVisible(state == chk.STARTING)
        self.stop_button.setVisible(state == chk.STARTING)
        self.label.setText(
            {
                chk.STARTING: "Starting LanguageTool…",
                chk.READY: "Checks ready",
                chk.CHECKING: "Checking…",
                chk.UNAVAILABLE: f"Checks off: {_gist(detail)}",
                chk.OFF: f"Checks off: {_gist(detail)}" if detail else "Checks off",
            }[state]
        )
        self.label.setToolTip(detail)

    def show_count(self, n: int) -> None:
        if self.service.state in (chk.READY, chk.CHECKING):
            self.label.setText(f"{n} issue{'s' if n != 1 else ''}" if n else "No issues found")

    def show_failure(self, why: str) -> None:
        self.label.setText(f"Check failed: {_gist(why)}")
        self.label.setToolTip(why)
