"""The client files in a window of their own (like a mail program's address book): clients,
their people, dates and letters, and what comes up next. Requests go to the main window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from letterwriter.gui.clients import ClientsPanel


class ClientsWindow(QMainWindow):
    def __init__(self, store, message: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Clients — Letterwriter")
        self.resize(980, 620)
        self.panel = ClientsPanel(store)
        body = QWidget()
        col = QVBoxLayout(body)
        col.setContentsMargins(0, 0, 0, 0)
        if message:  # a read-only or fresh archive: say so where the files are shown
            note = QLabel(message)
            note.setWordWrap(True)
            note.setObjectName("archiveNote")
            note.setContentsMargins(10, 6, 10, 6)
            col.addWidget(note)
        col.addWidget(self.panel, 1)
        self.setCentralWidget(body)
