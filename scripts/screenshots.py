"""Drive the real window offscreen with a sample brief; write docs/window.png and dialogs.

Set LETTERWRITER_LT_URL to a running LanguageTool server to show underlined issues.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LETTERWRITER_HOME", tempfile.mkdtemp(prefix="lw-shots-"))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def pump(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def shoot(app, docs: Path, size: tuple[int, int], suffix: str) -> None:
    from letterwriter.gui.dialogs import IssuesBeforeExport, PreferencesDialog
    from letterwriter.gui.letterview import TEXT
    from letterwriter.gui.mainwindow import MainWindow

    win = MainWindow()
    win.resize(*size)
    win.show()
    win.start_background()
    while win.desk is None:
        pump(50)
    win.choose_template("birthday")
    win.draft.set_values(
        {
            "sender_name": "Theodore",
            "recipient_name": "Catherine",
            "age": 40,
            "memory": "the night we got lost in Edinburgh and danced untill two",
            "qualities": ["your laugh", "your patience"],
            "wish": "a year of long walks and good books",
        }
    )
    win.show_draft()
    pump(600)
    if os.environ.get("LETTERWRITER_LT_URL"):
        for _ in range(600):
            pump(100)
            if win.draft.visible_issues():
                break
    win.view.lay_out_now()
    pump(300)
    win.grab().save(str(docs / f"window{suffix}.png"))
    win.view.setCurrentIndex(TEXT)
    pump(300)
    win.grab().save(str(docs / f"window-text{suffix}.png"))
    if not suffix:
        dlg = IssuesBeforeExport(win.draft.visible_issues(), win.draft.text, win)
        dlg.show()
        pump(200)
        dlg.grab().save(str(docs / "export-dialog.png"))
        dlg.close()
        prefs = PreferencesDialog(win.settings, win)
        prefs.show()
        pump(200)
        prefs.grab().save(str(docs / "preferences.png"))
        prefs.close()
    win.draft.mark_clean()
    win.close()


def main() -> int:
    app = QApplication(sys.argv[:1])
    from letterwriter.gui.app import app_icon

    app.setWindowIcon(app_icon())
    docs = ROOT / "docs"
    shoot(app, docs, (1280, 800), "")
    shoot(app, docs, (800, 600), "-800x600")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
