"""The window's fixtures: a window with no LanguageTool, whose stray dialogs return at once."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog


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
