"""Where Letterwriter finds its bundled files and where it keeps the user's data."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _data_root() -> Path:
    # An installed wheel carries templates/ and resources/ inside the package (_data);
    # a checkout has them beside the package.
    installed = _PACKAGE / "_data"
    return installed if installed.is_dir() else _PACKAGE.parent


def bundled_templates_dir() -> Path:
    return _data_root() / "templates"


def resources_dir() -> Path:
    return _data_root() / "resources"


def user_home() -> Path:
    """All user data: settings, user templates, dictionary, LanguageTool, database."""
    env = os.environ.get("LETTERWRITER_HOME", "").strip()
    if env:
        return Path(env).expanduser().resolve()
    import platformdirs

    return Path(platformdirs.user_data_dir("letterwriter", appauthor=False))


def home_problem() -> str | None:
    """Why the user data folder cannot hold Letterwriter's files, or None when it can (or can be made)."""
    home = user_home()
    probe = home
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent  # the folder will be made inside the nearest existing one
    if not probe.is_dir():
        return f"{probe} is not a folder"
    if not os.access(probe, os.W_OK | os.X_OK):
        return f"{probe} is not writable"
    try:
        st = os.statvfs(probe)
    except OSError:
        return None
    if st.f_flag & os.ST_RDONLY:
        return f"{probe} is on a read-only disk"
    return None


def user_templates_dir() -> Path:
    return user_home() / "templates"


def ensure_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path
