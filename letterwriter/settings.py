"""User settings: one small JSON file in the user data folder, read with types and defaults."""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path
from typing import Any

from letterwriter import paths
from letterwriter.export import ExportError, write_text_atomic
from letterwriter.export.hand import HAND_LEVELS
from letterwriter.export.options import TINTS
from letterwriter.export.paper import PAPER_NAMES
from letterwriter.language import LANGUAGES, system_language

MAX_BYTES = 1024 * 1024  # a settings file is a few hundred bytes; /dev/zero is not one

DEFAULTS: dict[str, Any] = {
    "language": system_language() or "en-US",  # en_GB.UTF-8 writes en-GB; the setting and --lang win
    "picky": False,
    "font_family": "",
    "ink": "blue-black",
    "paper": "letter",
    "tint": "cream",  # the page filled cream, or none: white, for printing on real stationery
    "hand": "natural",  # how much the handwriting varies: none, light or natural
    "hand_seed": "",  # the hand's seed; empty means one from the sender's name
    "lt_server_url": "",  # a team's LanguageTool server; empty means our own local one
    # a firm's shared archive on PostgreSQL (postgresql://HOST:PORT/DBNAME?sslmode=...); empty means
    # the local file. LETTERWRITER_DATABASE_URL wins; never a password here (docs/firm.md)
    "database_url": "",
    "writer": "",  # who this desk writes as (letters record it); empty means the login name
    "lt_memory_mb": 512,  # measured: English in all six variants fits; 256 runs out
    "lt_idle_minutes": 15,
    "check_timeout_s": 30,  # a check that gets no answer this long fails (exit 3), never hangs
    "disabled_rules": [],
    "last_folder": "",
}


# Keys whose text must be one of a few values: a hand-edited "a3" must not silently become Letter.
CHOICES: dict[str, tuple[str, ...]] = {
    "paper": PAPER_NAMES,  # one list of papers, owned by export/paper.py
    "hand": HAND_LEVELS,
    "tint": TINTS,
    "language": LANGUAGES,
}


# Whole numbers that mean something only within a range: a hand-edited 1e308 seconds overflowed
# the clock ("unexpected OverflowError"), -5 failed every check at once.
RANGES: dict[str, tuple[int, int]] = {
    "lt_memory_mb": (128, 65_536),
    "lt_idle_minutes": (0, 7 * 24 * 60),
    "check_timeout_s": (1, 3_600),
}


def _type_name(key: str, default: Any) -> str:
    if isinstance(default, bool):
        return "true or false"
    if isinstance(default, int):
        low, high = RANGES.get(key, (None, None))
        return "a whole number" + (f" from {low:,} to {high:,}" if low is not None else "")
    if isinstance(default, list):
        return "a list of text"
    if key in CHOICES:
        return "one of " + ", ".join(CHOICES[key])
    return "text"


def _coerce(key: str, value: Any) -> tuple[Any, bool]:
    """(value in the default's type, True) or (the default, False) when it cannot be read as one."""
    default = DEFAULTS[key]
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value, True
        if isinstance(value, str) and value.strip().lower() in (
            "1",
            "true",
            "yes",
            "on",
            "0",
            "false",
            "no",
            "off",
        ):
            return value.strip().lower() in ("1", "true", "yes", "on"), True
        return default, False
    if isinstance(default, int):
        if isinstance(value, bool):
            return default, False
        if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
            number = int(value)
        elif isinstance(value, str):
            try:
                number = int(value.strip())  # a hand-edited "768" still reads right
            except ValueError:
                return default, False
        else:
            return default, False
        low, high = RANGES.get(key, (-(2**63), 2**63 - 1))
        return (number, True) if low <= number <= high else (default, False)
    if isinstance(default, list):
        if isinstance(value, str):
            value = [value] if value else []
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value, True
        return default, False
    if isinstance(value, str):
        if key in CHOICES and value not in CHOICES[key]:
            return default, False
        return value, True
    return default, False


def _read(path: Path) -> bytes:
    """The file's bytes, at most MAX_BYTES: bounded while reading, and never waiting on a FIFO."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as fh:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "it is a folder, not a settings file")
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, "not a regular file (a FIFO or a device)")
        raw = fh.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise OSError(errno.EFBIG, f"over {MAX_BYTES // 1024} KB, not a settings file")
    return raw


class Settings:
    def __init__(self, path: Path, values: dict[str, Any] | None = None):
        self.path = path
        self.values = dict(values or {})
        self.warnings: list[str] = []  # what was wrong in the file; the caller shows them once

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        path = path or paths.settings_file()
        warnings = []
        try:
            raw = _read(path)
        except FileNotFoundError:
            raw = b"{}"
        except NotADirectoryError:
            warnings.append(f"the user data folder {path.parent} is not a folder; using the default settings")
            raw = b"{}"
        except OSError as exc:  # unreadable, a folder, a FIFO, a device: defaults, never a crash or a hang
            warnings.append(f"{path}: {exc.strerror}; using the default settings")
            raw = b"{}"
        try:
            data = json.loads(raw.decode("utf-8"))
        except (ValueError, RecursionError):  # a damaged file means defaults
            warnings.append(f"{path}: not valid JSON; using the default settings")
            data = {}
        if not isinstance(data, dict):
            warnings.append(f"{path}: not a JSON object; using the default settings")
            data = {}
        for key in DEFAULTS:
            if key in data and data[key] is not None:
                value, ok = _coerce(key, data[key])
                if not ok:
                    warnings.append(
                        f"{path}: '{key}' should be {_type_name(key, DEFAULTS[key])}, "
                        f"not {json.dumps(data[key])[:60]}; using the default"
                    )
                    del data[key]
                else:
                    data[key] = value
        settings = cls(path, data)
        settings.warnings = warnings
        return settings

    def get(self, key: str, default: Any = None) -> Any:
        fallback = DEFAULTS.get(key, default) if default is None else default
        value = self.values.get(key, fallback)
        if value is None:
            return fallback
        if key in DEFAULTS:
            return _coerce(key, value)[0]  # a value set in this session is held to the same types
        return value

    def set(self, key: str, value: Any) -> None:
        self.values[key] = value

    def save(self) -> None:
        """Write the settings atomically; ExportError says why when the folder is not writable."""
        try:
            paths.ensure_dir(self.path.parent)
        except OSError as exc:
            raise ExportError(f"cannot save settings in {self.path.parent}: {exc.strerror}") from None
        write_text_atomic(self.path, json.dumps(self.values, indent=2, ensure_ascii=False))
