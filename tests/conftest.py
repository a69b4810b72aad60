"""Shared test set-up: offscreen Qt, an isolated LETTERWRITER_HOME, no blocking dialogs."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

if not os.environ.get("QT_QPA_PLATFORM"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch):
    """Each test gets its own user data folder, so nothing leaks into the real one."""
    home = tmp_path_factory.mktemp("lwhome")
    monkeypatch.setenv("LETTERWRITER_HOME", str(home))
    return home
