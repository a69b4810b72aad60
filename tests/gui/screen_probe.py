"""A real window on a screen given by the test (offscreen, with a screen size and a scale factor).

Usage: python screen_probe.py [WIDTHxHEIGHT]. Prints the window's frame and the screen's
available area as JSON, resizes the window when asked, and closes it (saving its state).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def main() -> None:
    app = QApplication(sys.argv[:1])
    from letterwriter.gui.mainwindow import MainWindow

    win = MainWindow()
    win.show()

    def report() -> None:
        frame, area = win.frameGeometry(), win.screen().availableGeometry()
        out = {
            "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
            "size": [win.width(), win.height()],
            "available": [area.x(), area.y(), area.width(), area.height()],
            "screen": win.screen().name(),
        }
        if len(sys.argv) > 1:
            w, h = (int(v) for v in sys.argv[1].split("x"))
            win.resize(w, h)
        print(json.dumps(out), flush=True)
        win.close()

    QTimer.singleShot(100, report)
    app.exec()


if __name__ == "__main__":
    main()
