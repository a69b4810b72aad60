"""Window state (geometry, splitters) in a QSettings INI file under LETTERWRITER_HOME."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings

from letterwriter import paths


class WindowState:
    """A small wrapper around QSettings that always reads with a type."""

    def __init__(self) -> None:
        path = paths.window_state_file()
        self._qs = QSettings(str(path), QSettings.Format.IniFormat)

    def get(self, key: str, default: Any, type_: type) -> Any:
        try:
            return self._qs.value(key, default, type=type_)
        except (TypeError, ValueError):
            return default

    def set(self, key: str, value: Any) -> None:
        self._qs.setValue(key, value)

    def sync(self) -> None:
        self._qs.sync()
