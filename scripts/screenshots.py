"""Drive the real window offscreen with a sample brief; write the window's screenshots in docs/.

docs/window*.png at 1280x800, 800x600 and 1920x1080 at scale 2 (the paper and the text, with
the issues LanguageTool finds), and the export and preferences dialogs. LanguageTool: the
server in LETTERWRITER_LT_URL, else our own one started here when it is installed (no issues
are shown without one).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if "LETTERWRITER_HOME" not in os.environ:  # a fresh home, with the person's LanguageTool
    sys.path.insert(0, str(ROOT))
    from letterwriter import paths

    os.environ.setdefault("LETTERWRITER_LANGUAGETOOL_DIR", str(paths.user_home() / "languagetool"))
    os.environ["LETTERWRITER_HOME"] = tempfile.mkdtemp(prefix="lw-shots-")

BRIEF = {
    "sender_name": "Theodore",
    "recipient_name": "Catherine",
    "age": 40,
    "memory": "the night we got lost in Edinburgh and danced untill two",
    "qualities": ["your laugh", "your patience"],
    "wish": "a year of long walks and good books",
}


def pump(ms: int) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def shoot(docs: Path, size: tuple[int, int] | None, suffix: str, dialogs: bool) -> None:
    from letterwriter.gui.letterview import TEXT
    from letterwriter.gui.mainwindow import MainWindow

    win = MainWindow()
    if size:
        win.resize(*size)
    win.show()
    win.start_background()
    while win.desk is None:
        pump(50)
    win.choose_template("birthday")
    win.draft.set_values(BRIEF)
    win.show_draft()
    pump(600)
    if os.environ.get("LETTERWRITER_LT_URL"):
        for _ in range(600):
            pump(100)
            if win.draft.visible_issues():
                break
    win.view.lay_out_now()
    pump(300)
    win.view.preview.pages.legible_marks()  # as after a pause in typing
    pump(200)
    win.grab().save(str(docs / f"window{suffix}.png"))
    win.view.setCurrentIndex(TEXT)
    pump(300)
    win.grab().save(str(docs / f"window-text{suffix}.png"))
    if dialogs:
        from letterwriter.gui.dialogs import IssuesBeforeExport, PreferencesDialog

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


def scaled(docs: Path) -> None:
    """The window at scale 2 on a 1920x1080 screen: in a process of its own (the scale is set
    before Qt starts), on an offscreen screen of that size."""
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "screen.json"
        config.write_text(
            json.dumps({"screens": [{"name": "big", "x": 0, "y": 0, "width": 1920, "height": 1080}]})
        )
        env = dict(os.environ, QT_SCALE_FACTOR="2", QT_QPA_PLATFORM=f"offscreen:configfile={config}")
        subprocess.run([sys.executable, __file__, "--scaled", str(docs)], env=env, check=True)


def main(argv: list[str]) -> int:
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from letterwriter.gui.app import app_icon

    app.setWindowIcon(app_icon())
    if argv[:1] == ["--scaled"]:
        shoot(Path(argv[1]), None, "-1920x1080@2", False)  # the window's own size on that screen
        return 0
    docs = ROOT / "docs"
    server = None
    if not os.environ.get("LETTERWRITER_LT_URL"):
        from letterwriter.languagetool.installation import installation
        from letterwriter.languagetool.process import ServerProcess

        if installation() is not None:
            server = ServerProcess(memory_mb=1024)
            os.environ["LETTERWRITER_LT_URL"] = server.start()
    try:
        shoot(docs, (1280, 800), "", True)
        shoot(docs, (800, 600), "-800x600", False)
        scaled(docs)
    finally:
        if server is not None:
            server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
