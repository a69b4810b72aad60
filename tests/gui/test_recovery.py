"""Crash recovery with a real process: type in a real window, `kill -9` it, start again."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import run_cli
from PySide6.QtWidgets import QDialog

pytestmark = pytest.mark.gui

TYPIST = Path(__file__).with_name("typist.py")


def kill_after_typing(home: Path, memory: str, wait_s: float, sig=signal.SIGKILL) -> None:
    env = dict(os.environ, LETTERWRITER_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    env["LETTERWRITER_LANGUAGETOOL_DIR"] = str(home / "no-lt")
    proc = subprocess.Popen([sys.executable, str(TYPIST), memory], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout.readline().strip() == "TYPED"
        time.sleep(wait_s)
    finally:
        proc.send_signal(sig)
        proc.wait(timeout=30)


def test_kill_9_then_the_next_start_offers_the_letter_back(qtbot, isolated_home, monkeypatch):
    memory = "the cake that slid off the table at your sister's wedding"
    kill_after_typing(isolated_home, memory, wait_s=1.5)

    # the command line sees it too, for rescue without a display
    listed = run_cli("drafts", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert len(rows) == 1 and rows[0]["recipient"] == "Marguerite" and rows[0]["template"] == "birthday"
    shown = run_cli("drafts", "show", rows[0]["id"][:6])
    assert memory in shown.stdout

    from letterwriter.gui import dialogs
    from letterwriter.gui.mainwindow import MainWindow

    offered = []

    def restore_first(dlg):
        offered.append(dlg.list.count())
        dlg.restore()
        return 1

    monkeypatch.setenv("LETTERWRITER_LANGUAGETOOL_DIR", str(isolated_home / "no-lt"))
    monkeypatch.setattr(dialogs.RecoverDialog, "exec", restore_first)
    monkeypatch.setattr(QDialog, "exec", lambda self: 0)
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    w.start_background()
    qtbot.waitUntil(lambda: bool(offered), timeout=20000)
    assert offered == [1]
    assert w.draft.values["memory"] == memory and "Marguerite" in w.draft.text
    assert w.draft.modified and w.isWindowModified()


def test_the_last_second_of_typing_at_most_is_lost(isolated_home):
    """Killed 0.6 s after the last keystroke: everything typed is on disk already."""
    memory = "x" * 40 + " the end"
    kill_after_typing(isolated_home, memory, wait_s=0.6)
    from letterwriter.storage.drafts import DraftStore

    store = DraftStore.open(isolated_home / "letterwriter.db")
    assert store.db.integrity_ok()
    content = json.loads(store.list_drafts()[0].content)
    assert content["brief"]["memory"] == memory


def test_drafts_export_and_discard(isolated_home, tmp_path):
    kill_after_typing(isolated_home, "the picnic in the rain", wait_s=1.2)
    rows = json.loads(run_cli("drafts", "list", "--json").stdout)
    draft_id = rows[0]["id"]
    for name in ("rescued.letter", "rescued.txt", "rescued.pdf"):
        out = run_cli("drafts", "export", draft_id, "-o", str(tmp_path / name))
        assert out.returncode == 0, out.stderr
    assert json.loads((tmp_path / "rescued.letter").read_text())["template"] == "birthday"
    assert "picnic in the rain" in (tmp_path / "rescued.txt").read_text()
    info = subprocess.run(["pdfinfo", str(tmp_path / "rescued.pdf")], capture_output=True, text=True)
    assert info.returncode == 0
    assert run_cli("drafts", "discard", draft_id).returncode == 0
    assert json.loads(run_cli("drafts", "list", "--json").stdout) == []
    bad = run_cli("drafts", "show", "nope")
    assert bad.returncode == 2 and bad.stderr.startswith("error:")


def test_sigterm_saves_everything_typed_at_once(isolated_home):
    """A logout or `kill` right after the last keystroke: nothing typed is lost."""
    memory = "the lighthouse at dawn"
    kill_after_typing(isolated_home, memory, wait_s=0.0, sig=signal.SIGTERM)
    from letterwriter.storage.drafts import DraftStore

    content = json.loads(DraftStore.open(isolated_home / "letterwriter.db").list_drafts()[0].content)
    assert content["brief"]["memory"] == memory
