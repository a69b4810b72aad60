"""User settings: one small JSON file in the user data folder, read with types and defaults."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from letterwriter import paths
from letterwriter.export import write_text_atomic

DEFAULTS: dict[str, Any] = {
    "language": "en-US",
    "picky": False,
    "font_family": "",
    "ink": "blue-black",
    "paper": "letter",
    "lt_server_url": "",  # a team's LanguageTool server; empty means our own local one
    "lt_memory_mb": 512,  # measured: English in all six variants fits; 256 runs out
    "lt_idle_minutes": 15,
    "check_timeout_s": 30,  # a check that gets no answer this long fails (exit 3), never hangs
    "disabled_rules": [],
    "last_folder": "",
}


class Settings:
    def __init__(self, path: Path, values: dict[str, Any] | None = None):
        self.path = path
        self.values = dict(values or {})

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        path = path or paths.user_home() / "settings.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                data = {}
        except (OSError, ValueError):
            data = {}  # a missing or damaged file means defaults, never a crash
        return cls(path, data)

    def get(self, key: str, default: Any = None) -> Any:
        fallback = DEFAULTS.get(key, default) if default is None else default
        value = self.values.get(key, fallback)
        # Keep the type of the default: a hand-edited "true" or "768" still reads right.
        if isinstance(fallback, bool) and not isinstance(value, bool):
            return str(value).lower() in ("1", "true", "yes", "on")
        if isinstance(fallback, int) and not isinstance(fallback, bool):
            try:
                return int(value)
            except (TypeError, ValueError):
                return fallback
        if isinstance(fallback, list) and not isinstance(value, list):
            return [value] if value else []
        return value

    def set(self, key: str, value: Any) -> None:
        self.values[key] = value

    def save(self) -> None:
        paths.ensure_dir(self.path.parent)
        write_text_atomic(self.path, json.dumps(self.values, indent=2, ensure_ascii=False))
