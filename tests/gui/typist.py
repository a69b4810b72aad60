"""A real window in its own process that types a letter and then waits to be killed.

Usage: python typist.py TEXT. Prints TYPED once the keystrokes are in; the test kills it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def main() -> None:
    app = QApplication(sys.argv[:1])
    from letterwriter.gui.mainwindow import MainWindow

    win = MainWindow()
    win.show()
    win.start_background()

    def type_when_ready() -> None:
        if win.desk is None:
            QTimer.singleShot(50, type_when_ready)
            return
        win.choose_template("birthday")
        QTest.keyClicks(win.brief.form.editor("sender_name"), "Theodore")
        QTest.keyClicks(win.brief.form.editor("recipient_name"), "Marguerite")
        QTest.keyClicks(win.brief.form.editor("memory"), sys.argv[1])
        print("TYPED", flush=True)

    from letterwriter.gui.app import _on_terminate

    notifier = _on_terminate(app, win)  # as `letterwriter` runs it: SIGTERM saves and ends
    QTimer.singleShot(0, type_when_ready)
    app.exec()
    del notifier


if __name__ == "__main__":
    main()
