"""The core imports no Qt: checked in a fresh process (pytest-qt has imported PySide6 here)."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.core

CORE = [
    "letterwriter.model",
    "letterwriter.language",
    "letterwriter.templates",
    "letterwriter.grammar",
    "letterwriter.ltserver",
    "letterwriter.dictionary",
    "letterwriter.settings",
    "letterwriter.batch",
    "letterwriter.export",
    "letterwriter.export.text",
    "letterwriter.cli",
    "letterwriter.doctor",
]


def test_core_modules_import_no_pyside6():
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE)
        + ("print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))")
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
