"""Start the window: the application object, the icon, then the main window.

SIGTERM and SIGINT (a logout, `kill`, Ctrl+C in the terminal) save the draft into the
store and end the window at once, without questions: the next start offers the letter back.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication


def app_icon() -> QIcon:
    from letterwriter import paths

    return QIcon(str(paths.resources_dir() / "icons" / "letterwriter.svg"))


def _on_terminate(app: QApplication, win):
    """Python sees a signal only when it runs; a wake-up socket makes Qt's loop hand it over.

    Installed once the window is up (its imports are not the first frame's to wait for).
    """
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier

    ours, theirs = socket.socketpair()
    ours.setblocking(False)
    theirs.setblocking(False)
    signal.set_wakeup_fd(theirs.fileno())
    notifier = QSocketNotifier(ours.fileno(), QSocketNotifier.Type.Read, app)

    def woke() -> None:
        try:
            ours.recv(64)
        except OSError:
            pass

    def stop(signum, _frame) -> None:
        if win.files is not None:
            win.files.autosave()
        win.service.stop()
        app.exit(128 + signum)

    notifier.activated.connect(woke)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    notifier._sockets = (ours, theirs)  # keep both ends alive as long as the notifier
    return notifier


def run(argv: list[str] | None = None, open_path=None) -> int:
    app = QApplication.instance() or QApplication(list(argv or sys.argv[:1]))
    app.setApplicationName("Letterwriter")
    app.setOrganizationName("Letterwriter")
    from letterwriter.gui.mainwindow import MainWindow

    win = MainWindow(open_path)
    win.show()
    win.start_background()
    held = []

    def after_first_frame() -> None:  # the icon (an SVG) and the signal handlers need not delay it
        app.setWindowIcon(app_icon())
        held.append(_on_terminate(app, win))

    win.first_frame.connect(after_first_frame)
    code = app.exec()
    held.clear()
    return code
