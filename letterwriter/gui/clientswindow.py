"""The client files in a window of their own (like a mail program's address book): clients,
their people, dates and letters, and what comes up next. Requests go to the main window.

Edit > Undo and Redo (Ctrl+Z, Ctrl+Shift+Z) walk the client files' history; Escape closes the
window; coming to the front looks for changes other programs made meanwhile.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from letterwriter.gui.actions import redo_keys
from letterwriter.gui.clients import ClientsPanel
from letterwriter.gui.screenfit import fit_size


class ClientsWindow(QMainWindow):
    def __init__(self, store, message: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Clients — Letterwriter")
        fit_size(self, 1040, 680)
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
        undo = self.panel.undo
        menu = self.menuBar().addMenu("&Edit")
        self.undo_action = undo.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = undo.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts(redo_keys())  # the letter window's keys
        menu.addAction(self.undo_action)
        menu.addAction(self.redo_action)
        self.addActions([self.undo_action, self.redo_action])  # the keys work wherever the focus is
        clients = self.menuBar().addMenu("&Clients")
        clients.addAction("&New client…", QKeySequence.StandardKey.New, self.panel.new_client)
        clients.addAction("&Removed clients and people…", self.panel.show_removed)
        clients.addSeparator()
        clients.addAction("&Close", QKeySequence.StandardKey.Close, self.close)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        bar = self.statusBar()
        undo.indexChanged.connect(lambda _i: _say_undo(undo, bar))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.panel.watch.check()  # another program may have changed the archive meanwhile
        super().changeEvent(event)


def _say_undo(undo, bar) -> None:
    """What Ctrl+Z would undo now, in the status bar (not while the window is being taken down)."""
    try:
        if undo.canUndo():
            bar.showMessage(f"Ctrl+Z undoes: {undo.undoText()}", 5000)
    except RuntimeError:  # the stack or the bar already deleted: the window is closing
        pass
