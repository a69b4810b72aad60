"""Plain-text export: UTF-8, the letter exactly as rendered."""

from __future__ import annotations

from pathlib import Path

from letterwriter.export import write_text_atomic
from letterwriter.templates import RenderedLetter


def export_text(letter: RenderedLetter | str, target: Path | str, *, clean: bool = True) -> Path:
    """`clean=False`: the folder's stale parts were cleaned once by the caller (write_bytes_atomic)."""
    text = letter if isinstance(letter, str) else letter.text
    return write_text_atomic(target, text, clean=clean)
