"""Guards the PySide6 pin: a binding that drops references to None aborts long sessions."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.core

PROBE = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtGui import QGuiApplication, QTextCursor, QTextDocument
app = QGuiApplication([])
cursor = QTextCursor(QTextDocument())
before = sys.getrefcount(None)
for _ in range(1000):
    cursor.insertText("x")
print(sys.getrefcount(None) - before)
"""


def test_void_qt_calls_do_not_leak_none():
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert abs(int(out.stdout.strip())) < 10
