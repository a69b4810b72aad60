"""What comes up next: every client's people's dates in the next N days, with "Write it" and
"Add to calendar…" (the dates as an iCalendar file, archive/calendar.py, as `upcoming --ics` writes it)."""

from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from letterwriter.archive.dates import Upcoming, upcoming
from letterwriter.archive.store import ArchiveStore

ID_ROLE = Qt.ItemDataRole.UserRole


def _when(days: int) -> str:
    return "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"


class UpcomingView(QWidget):
    """Every client's people's dates in the next N days, soonest first, each with "Write it"."""

    write_requested = Signal(str, str)  # person id, template id ("" when the date has no occasion)

    def __init__(
        self, store: ArchiveStore, parent: QWidget | None = None, today: _dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.today = today
        self.items: list[Upcoming] = []
        self.days = QSpinBox(minimum=0, maximum=366, value=30, suffix=" days")
        self.days.setAccessibleName("Days ahead")
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Date", "When", "Person", "Client", "Occasion"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.write = QPushButton("Write it")
        self.write.setEnabled(False)
        self.calendar = QPushButton("Add to calendar…")
        self.calendar.setToolTip(
            "Every date as a calendar file (birthdays and anniversaries repeat every year), with a reminder"
        )
        self.remind = QSpinBox(minimum=0, maximum=60, value=7, prefix="remind ", suffix=" days before")
        self.remind.setAccessibleName("Reminder, days before")
        self.empty = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel("Coming up in the next"))
        top.addWidget(self.days)
        top.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.tree, 1)
        lay.addWidget(self.empty)
        bottom = QHBoxLayout()
        bottom.addWidget(self.write)
        bottom.addStretch(1)
        bottom.addWidget(self.remind)
        bottom.addWidget(self.calendar)
        lay.addLayout(bottom)
        self.days.valueChanged.connect(lambda _v: self.refresh())
        self.tree.currentItemChanged.connect(lambda cur, _p: self.write.setEnabled(cur is not None))
        self.write.clicked.connect(self._write)
        self.calendar.clicked.connect(lambda: self.add_to_calendar())
        self.tree.itemActivated.connect(lambda *_: self._write())
        self.refresh()

    def refresh(self) -> None:
        self.items = upcoming(self.store, self.days.value(), self.today)
        self.tree.clear()
        rows = []
        for i, u in enumerate(self.items):
            what = u.describe() if u.yearly else f"{u.describe()} (once)"
            it = QTreeWidgetItem([u.next_date, _when(u.days_left), u.person, u.client, what])
            it.setData(0, ID_ROLE, i)
            rows.append(it)
        self.tree.addTopLevelItems(rows)
        for col in range(4) if rows else ():
            self.tree.resizeColumnToContents(col)
        self.empty.setText("" if self.items else f"Nothing in the next {self.days.value()} days.")
        self.empty.setVisible(not self.items)
        self.write.setEnabled(self.tree.currentItem() is not None)

    def _write(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        u = self.items[item.data(0, ID_ROLE)]
        self.write_requested.emit(u.person_id, u.template or "")

    def add_to_calendar(self, path: str | None = None, open_it: bool | None = None) -> int | None:
        """Write every date to an .ics file (asks where), then offer to open it in the calendar program."""
        from letterwriter.archive.calendar import write_calendar

        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, "Add the dates to your calendar", "Letterwriter dates.ics", "Calendar (*.ics)"
            )
        if not path:
            return None
        path = path if path.lower().endswith(".ics") else path + ".ics"
        try:
            n = write_calendar(self.store, path, self.remind.value(), today=self.today)
        except Exception as exc:  # a full disk, a folder gone: said, nothing half-written
            QMessageBox.warning(self, "Could not write the calendar", f"Nothing was written: {exc}")
            return None
        if open_it is None:
            sb = QMessageBox.StandardButton
            open_it = (
                QMessageBox.question(
                    self,
                    "Open in your calendar?",
                    f"Wrote {n} date{'s' if n != 1 else ''} to {path}. Open it in your calendar program now? "
                    "(Opening it again later updates the same events, it does not double them.)",
                    sb.Open | sb.Close,
                    sb.Open,
                )
                == sb.Open
            )
        if open_it:
            QDesktopServices.openUrl(QUrl.fromLocalFile(path))
        return n
