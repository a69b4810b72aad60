"""The personal dictionary: words the user added, one per line in the user data folder."""

from __future__ import annotations

import stat
from pathlib import Path

from letterwriter import paths
from letterwriter.export import write_text_atomic

HEADER = "# Letterwriter's personal dictionary: one word a line\n"


def path() -> Path:
    return paths.dictionary_file()


MAX_BYTES = 4 * 1024 * 1024  # a dictionary of 100,000 words is about 1 MB


def _read() -> tuple[list[str], int]:
    """The file's words, and how many lines were skipped (not UTF-8, control characters).

    Only a regular file is read (a FIFO put in its place would block every check), and only its
    first MAX_BYTES: a huge file is read up to there and the rest counts as one skipped line."""
    p = path()
    try:
        if not stat.S_ISREG(p.stat().st_mode):
            return [], 1
        with open(p, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError:
        return [], 0
    found, bad = [], 0
    if len(data) > MAX_BYTES:
        data, bad = data[:MAX_BYTES].rpartition(b"\n")[0], 1
    for raw in data.splitlines():
        try:
            line = raw.decode("utf-8").strip().removeprefix("\ufeff")
        except UnicodeDecodeError:
            bad += 1
            continue
        if not line or line.startswith("#"):
            continue
        if any(ord(c) < 32 or ord(c) == 127 for c in line) or len(line) > 200:
            bad += 1  # a word has no control characters; a binary file's "lines" do
            continue
        found.append(line)
    return found, bad


def words() -> list[str]:
    return sorted(set(_read()[0]), key=str.lower)


def problems() -> str | None:
    """A one-line note for `doctor` when lines of the file were ignored, else None."""
    bad = _read()[1]
    if not bad:
        return None
    return f"{path()}: {bad} line(s) ignored (not UTF-8 text, or not a word)"


def load() -> set[str]:
    """Lower-cased, for matching."""
    return {w.lower() for w in words()}


def _save(items: list[str]) -> None:
    paths.ensure_dir(path().parent)
    # The header keeps the file non-empty when the last word goes (an empty write is
    # refused as a failed export) and tells a person what the file is.
    body = "".join(f"{w}\n" for w in sorted(set(items), key=str.lower))
    write_text_atomic(path(), HEADER + body)


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
