"""Where Letterwriter finds its bundled files and where it keeps the user's data (and the list of its own)."""

from __future__ import annotations

import os
from pathlib import Path

from letterwriter.export import ExportError

# The files Letterwriter keeps in the user data folder. One list: `kept_files` (and so
# `refuse_kept_file`, which every command writing a file a person named calls) reads it.
DATABASE_NAME = "letterwriter.db"
SETTINGS_NAME = "settings.json"
DICTIONARY_NAME = "dictionary.txt"
WINDOW_STATE_NAME = "window.ini"
SQLITE_SIDECARS = ("-wal", "-shm", "-journal")  # SQLite's own files beside a database

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


def database_file() -> Path:
    """The local database: drafts, window sessions and (by default) the client archive."""
    return user_home() / DATABASE_NAME


def fresh_database(path: Path) -> Path:
    """Where a fresh database goes when the one at `path` is damaged (left as it is, for recovery)."""
    return path.with_name(path.stem + ".fresh" + path.suffix)


def settings_file() -> Path:
    return user_home() / SETTINGS_NAME


def dictionary_file() -> Path:
    return user_home() / DICTIONARY_NAME


def window_state_file() -> Path:
    return user_home() / WINDOW_STATE_NAME


def languagetool_dir() -> Path:
    """Where LanguageTool is installed and runs (LETTERWRITER_LANGUAGETOOL_DIR, else the user data folder)."""
    env = os.environ.get("LETTERWRITER_LANGUAGETOOL_DIR", "").strip()
    return Path(env) if env else user_home() / "languagetool"


def cache_dirs() -> list[Path]:
    """Folders of files Letterwriter makes for itself (the hand fonts' copies)."""
    import platformdirs

    return [Path(platformdirs.user_cache_dir("letterwriter", appauthor=False)), user_home() / "cache"]


def kept_files() -> list[tuple[Path, str]]:
    """Every file Letterwriter itself keeps, with what it is, in words."""
    out = []
    for db in (database_file(), fresh_database(database_file())):
        out.append((db, "database"))
        out += [(db.with_name(db.name + tail), "database's journal") for tail in SQLITE_SIDECARS]
    out += [(settings_file(), "settings"), (dictionary_file(), "personal dictionary")]
    out.append((window_state_file(), "window state"))
    return out


def kept_folders() -> list[tuple[Path, str]]:
    """Folders whose every file is Letterwriter's own."""
    return [(languagetool_dir(), "LanguageTool folder"), *((d, "cache") for d in cache_dirs())]


class OwnFileError(ExportError):
    """A command was asked to write over a file Letterwriter itself keeps (its database, its settings…)."""


def refuse_kept_file(target: Path | str) -> None:
    """OwnFileError when writing `target` would replace a file Letterwriter keeps, or one linked to it.

    The same file by its path (through symlinked folders or names too) or by its inode (a hard
    link), or any file in a folder of its own (LanguageTool, the cache). Every command that
    writes a file a person named calls this before writing.
    """
    target = Path(target)
    try:
        real = Path(os.path.realpath(target))
    except (OSError, ValueError):
        return  # no such path can be made: the writer's own checks say why
    try:
        st = os.stat(target)
    except (OSError, ValueError):
        st = None
    for kept, what in kept_files():
        same = real == Path(os.path.realpath(kept))
        if not same and st is not None:
            try:
                other = os.stat(kept)
            except OSError:
                continue
            same = (st.st_dev, st.st_ino) == (other.st_dev, other.st_ino)
        if same:
            raise OwnFileError(f"will not write {target}: it is Letterwriter's own {what} ({kept})")
    for folder, what in kept_folders():
        if real.is_relative_to(os.path.realpath(folder)):
            raise OwnFileError(f"will not write {target}: it is in Letterwriter's own {what} ({folder})")


def ensure_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path
