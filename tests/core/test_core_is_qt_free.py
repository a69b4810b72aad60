"""The core imports no Qt: checked in a fresh process (pytest-qt has imported PySide6 here)."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.core

# Qt by design: the widgets, and the PDF writer's QtGui fonts, shaping and drawing (not its
# options, papers or hand, which the core reads)
QT_ALLOWED = (
    "letterwriter.gui",
    "letterwriter.export.fonts",
    "letterwriter.export.handfont",
    "letterwriter.export.shaping",
    "letterwriter.export.layout",
    "letterwriter.export.paint",
    "letterwriter.export.pdf",
    "letterwriter.export.envelope",  # an envelope is drawn as a letter is
    "letterwriter.book.typeset",
    "letterwriter.book.hands",
    "letterwriter.book.pdf",
)


def _core_modules() -> list[str]:
    import pkgutil

    import letterwriter

    names = [m.name for m in pkgutil.walk_packages(letterwriter.__path__, "letterwriter.")]
    return sorted(n for n in names if not n.startswith(QT_ALLOWED) and n != "letterwriter.__main__")


CORE = _core_modules()


def test_the_list_covers_the_core():
    assert {
        "letterwriter.draft",
        "letterwriter.desk",
        "letterwriter.storage",
        "letterwriter.cli",
        "letterwriter.export.options",
        "letterwriter.export.hand",
        "letterwriter.book.select",
        "letterwriter.book.names",
        "letterwriter.book.epub",
        "letterwriter.book.make",
        "letterwriter.cli.book",
    } <= set(CORE)


def test_core_modules_import_no_pyside6():
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE)
        + ("print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))")
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_the_desk_works_without_qt(tmp_path):
    """Render, autosave, save and export text through the desk in a process with no Qt at all."""
    code = f"""
import os, sys
os.environ["LETTERWRITER_HOME"] = {str(tmp_path)!r}
from letterwriter.desk import Desk
desk = Desk()
d = desk.new("birthday", {{"sender_name": "T"}})
d.set_value("recipient_name", "Marguerite")
assert "Marguerite" in d.text and desk.autosave()
desk.save({str(tmp_path / "a.letter")!r})
desk.export({str(tmp_path / "a.txt")!r})
desk.close()
print(sorted(m for m in sys.modules if m.startswith(("PySide6", "shiboken6"))))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
    assert "Marguerite" in (tmp_path / "a.txt").read_text()
