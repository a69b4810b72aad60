"""The personal dictionary: words the user added, one per line in the user data folder."""

from __future__ import annotations

from pathlib import Path

from letterwriter import paths
from letterwriter.export import write_text_atomic


def path() -> Path:
    return paths.user_home() / "dictionary.txt"


def words() -> list[str]:
    try:
        lines = path().read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    return sorted({w.strip() for w in lines if w.strip() and not w.startswith("#")}, key=str.lower)


def load() -> set[str]:
    """Lower-cased, for matching."""
    return {w.lower() for w in words()}


def _save(items: list[str]) -> None:
    paths.ensure_dir(path().parent)
    write_text_atomic(path(), "".join(f"{w}\n" for w in sorted(set(items), key=str.lower)))


def add(word: str) -> None:
    word = word.strip()
    if word and word.lower() not in load():
        _save([*words(), word])


def remove(word: str) -> bool:
    current = words()
    kept = [w for w in current if w.lower() != word.strip().lower()]
    if len(kept) == len(current):
        return False
    _save(kept)
    return True
