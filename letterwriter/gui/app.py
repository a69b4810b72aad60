"""Start the window: the application object, the icon, then the main window."""

from __future__ import annotations

import sys

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication


def app_icon() -> QIcon:
    from letterwriter import paths

    return QIcon(str(paths.resources_dir() / "icons" / "letterwriter.svg"))


def run(argv: list[str] | None = None, open_path=None) -> int:
    app = QApplication.instance() or QApplication(list(argv or sys.argv[:1]))
    app.setApplicationName("Letterwriter")
    app.setOrganizationName("Letterwriter")
    app.setWindowIcon(app_icon())
    from letterwriter.gui.mainwindow import MainWindow

    win = MainWindow(open_path)
    win.show()
    win.start_background()
    return app.exec()
