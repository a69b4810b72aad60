"""Every menu action and shortcut, built once; the window connects to their signals."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLineEdit, QMainWindow, QPlainTextEdit, QWidget

SK = QKeySequence.StandardKey


def redo_keys() -> list[QKeySequence]:
    """The platform's Redo, and both keys people know whatever the platform says: X11 and GNOME
    give Ctrl+Shift+Z alone, and Ctrl+Y did nothing in the letter's window (it did in Clients)."""
    platform = QKeySequence.keyBindings(SK.Redo)
    return list(dict.fromkeys([*platform, QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")]))


class WindowKeys(QObject):
    """In the letter's text boxes the window's own keys win over each box's.

    Undo and Redo are the draft's: a text box takes Ctrl+Z for its own undo stack, and the
    letter editor's held the text of every regeneration, so undo brought back a letter the
    brief no longer asked for. Ctrl+E exports: a Linux text box takes it as "end of line",
    so Export as PDF did nothing from the letter's text. Not taking the key (the override
    event left unaccepted) lets the window's action run instead.
    """

    def __init__(self, parent: QObject, keys: list[QKeySequence]) -> None:
        super().__init__(parent)
        self.keys = [k for k in keys if not k.isEmpty()]

    def eventFilter(self, obj, event):  # noqa: N802 (Qt override)
        if event.type() != QEvent.Type.ShortcutOverride:
            return False
        if event.matches(SK.Undo) or event.matches(SK.Redo):
            return True
        pressed = QKeySequence(event.keyCombination())
        return any(pressed.matches(k) == QKeySequence.SequenceMatch.ExactMatch for k in self.keys)

    def watch(self, root: QWidget) -> None:
        """Every text box under `root` (installing twice is harmless)."""
        boxes = [root] if isinstance(root, (QLineEdit, QPlainTextEdit)) else []
        for box in boxes + root.findChildren(QLineEdit) + root.findChildren(QPlainTextEdit):
            box.installEventFilter(self)


class Actions:
    def __init__(self, win: QMainWindow) -> None:
        def act(text: str, shortcut=None, tip: str = "") -> QAction:
            a = QAction(text, win)
            if isinstance(shortcut, SK):
                a.setShortcuts(shortcut)  # every binding the platform has (Redo: Ctrl+Shift+Z, Ctrl+Y)
            elif shortcut is not None:
                a.setShortcut(QKeySequence(shortcut))
            if tip:
                a.setStatusTip(tip)
            return a

        self.new = act("&New", SK.New)
        self.open = act("&Open…", SK.Open)
        self.save = act("&Save", SK.Save)
        self.save_as = act("Save &As…", SK.SaveAs)
        self.export_pdf = act("Export as &PDF…", "Ctrl+E", "Write the letter in handwriting to a PDF")
        self.export_text = act("Export as &Text…")
        self.export_envelope = act("Export &Envelope…", tip="The envelope for this letter, in the same hand")
        self.print = act("&Print…", SK.Print)
        self.print_preview = act("Print Pre&view…")
        self.batch = act("&Mail Merge…", tip="One letter per row of a spreadsheet or CSV file")
        self.quit = act("&Quit", SK.Quit)
        self.recover = act("Recover &Unsaved Letters…", tip="Letters a closed or crashed window did not save")
        self.undo = act("&Undo", SK.Undo)
        self.redo = act("&Redo")
        self.redo.setShortcuts(redo_keys())
        self.cut = act("Cu&t", SK.Cut)
        self.copy = act("&Copy", SK.Copy)
        self.paste = act("&Paste", SK.Paste)
        self.select_all = act("Select &All", SK.SelectAll)
        self.find = act("&Find…", SK.Find)
        self.replace = act("&Replace…", SK.Replace)
        if self.replace.shortcut().isEmpty():  # no platform standard on Linux
            self.replace.setShortcut(QKeySequence("Ctrl+H"))
        self.preferences = act("Pr&eferences…", SK.Preferences)
        if self.preferences.shortcut().isEmpty():  # no platform standard on Linux
            self.preferences.setShortcut(QKeySequence("Ctrl+,"))
        self.check = act("&Check now", "F7", "Check spelling and grammar")
        self.browser = act("&Template browser…")
        self.clients = act("C&lients…", "Ctrl+Shift+L", "Client files: people, dates, letters, what comes up")
        self.about = act("&About Letterwriter")
        self.window_keys = WindowKeys(win, [self.export_pdf.shortcut(), QKeySequence("Ctrl+Y")])

        bar = win.menuBar()
        m = bar.addMenu("&File")
        m.addActions([self.new, self.open])
        self.file_menu = m
        self.recent_anchor = m.addSeparator()  # the window puts Open Recent here
        m.addActions([self.save, self.save_as, self.recover])
        m.addSeparator()
        m.addActions(
            [self.export_pdf, self.export_text, self.export_envelope, self.print, self.print_preview]
        )
        m.addSeparator()
        m.addAction(self.batch)
        m.addSeparator()
        m.addAction(self.quit)
        m = bar.addMenu("&Edit")
        m.addActions([self.undo, self.redo])
        m.addSeparator()
        m.addActions([self.cut, self.copy, self.paste, self.select_all])
        m.addSeparator()
        m.addActions([self.find, self.replace])
        m.addSeparator()
        m.addAction(self.preferences)
        m = bar.addMenu("T&ools")  # Alt+T is the brief's Tone
        m.addActions([self.check, self.clients, self.browser])
        m = bar.addMenu("&Help")
        m.addAction(self.about)

        # The everyday actions, one click away; names rather than icons, which not every
        # desktop theme provides.
        tools = win.addToolBar("Main")
        tools.setObjectName("mainToolBar")
        tools.setMovable(False)
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for a in (self.new, self.open, self.save, self.clients):
            tools.addAction(a)
        tools.addSeparator()
        for a in (self.check, self.export_pdf, self.print):
            tools.addAction(a)

    def show_history(self, history) -> None:
        """Undo and Redo say what they take back, and are off when there is nothing."""
        for action, verb, label in (
            (self.undo, "&Undo", history.undo_label),
            (self.redo, "&Redo", history.redo_label),
        ):
            action.setEnabled(bool(label))
            action.setText(f"{verb} {label}" if label else verb)
