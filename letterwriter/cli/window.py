"""Opening the desktop window from the command line, or saying plainly why it cannot open."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from letterwriter.cli.common import EXIT_USAGE


def open_window(open_path: Path | None = None) -> int:
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM")
    ):
        print(
            "error: no display found to open the window; the command line works without one "
            "(try 'letterwriter --help' or 'letterwriter render')",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        from letterwriter.gui.app import run
    except ImportError as exc:
        print(f"error: the desktop window cannot start: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return run(open_path=open_path)
