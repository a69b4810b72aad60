"""`letterwriter doctor`: what the program found on this machine, for people and for scripts."""

from __future__ import annotations

import platform
import sys
from typing import Any

from letterwriter import __version__, paths


def gather() -> dict[str, Any]:
    from letterwriter.templates import library

    lib = library()
    report: dict[str, Any] = {
        "letterwriter": __version__,
        "python": platform.python_version(),
        "python_executable": sys.executable,
        "user_data": str(paths.user_home()),
        "user_templates": str(paths.user_templates_dir()),
        "bundled_templates": str(paths.bundled_templates_dir()),
        "templates": len(lib.list()),
        "broken_templates": [str(e) for e in lib.errors],
    }
    # What would make saving fail later: say it now, in the same words the warnings use.
    problem = paths.home_problem()
    report["user_data_problem"] = problem and f"{problem} (set LETTERWRITER_HOME to a writable folder)"
    from letterwriter.settings import Settings

    report["settings_warnings"] = Settings.load().warnings
    try:
        from letterwriter.export.fonts import choose_font, installed_handwriting_fonts, qt_version

        family, size = choose_font(None)
        report["qt"] = qt_version()
        report["handwriting_fonts"] = installed_handwriting_fonts()
        report["font"] = {"family": family, "size_pt": size}
    except Exception as exc:  # doctor reports; it does not fail
        report["qt"] = None
        report["qt_error"] = str(exc)
    try:
        from letterwriter.languagetool.status import doctor_info

        report.update(doctor_info())
    except ImportError:
        pass
    from letterwriter import dictionary

    note = dictionary.problems()
    report["dictionary"] = {"path": str(dictionary.path()), "words": len(dictionary.words())}
    if note:
        report["dictionary"]["warning"] = note
    return report


def render_text(report: dict[str, Any]) -> str:
    lines = []
    for key, value in report.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k}={v}" for k, v in value.items())
        elif isinstance(value, list):
            value = ", ".join(map(str, value)) or "none"
        elif value is None:
            value = "none"
        lines.append(f"{key.replace('_', ' ')}: {value}")
    return "\n".join(lines)
