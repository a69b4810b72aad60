"""The window's fixtures: a window with no LanguageTool, whose stray dialogs return at once."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QDialog


@pytest.fixture(autouse=True)
def patient_checks(isolated_home):
    """A check waits up to 2 minutes here, not the default 30 s: the suite runs four workers on
    two cores, and a window's first check on a busy machine is no fault (tests of the limit are
    in tests/core and tests/cli, with their own settings)."""
    (isolated_home / "settings.json").write_text(json.dumps({"check_timeout_s": 120}))


@pytest.fixture
def no_lt(tmp_path, monkeypatch):
    empty = tmp_path / "no-languagetool"
    empty.mkdir()
    monkeypatch.setenv("LETTERWRITER_LANGUAGETOOL_DIR", str(empty))
    monkeypatch.delenv("LETTERWRITER_LT_URL", raising=False)
    return empty


@pytest.fixture
def win(qtbot, no_lt, monkeypatch):
    from window_driver import open_window

    # nothing modal may block: any stray dialog returns at once
    monkeypatch.setattr(QDialog, "exec", lambda self: 0)
    return open_window(qtbot)
