"""File names for merged letters that every platform accepts and no row can abuse."""

from __future__ import annotations

import re
import unicodedata

# Windows refuses these before a file's first dot, whatever follows (COM1.pdf is the port).
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{p}{n}" for p in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³")
}
_UNSAFE = re.compile(r'[\\/:*?"<>|]+')
# 255 bytes is the usual limit for one name; the exporter's temporary name adds a dot,
# a random part and '.part', and numbering adds ' (NNN)', so the stem stays well below.
MAX_STEM_BYTES = 150


def _visible(ch: str) -> bool:
    cat = unicodedata.category(ch)
    # Cc: control characters; Cf: format characters, among them the right-to-left override
    # (U+202E) that makes 'fdp.exe' look like 'exe.pdf', and zero-width spaces; Cs/Co/Cn:
    # lone surrogates, private use and unassigned code points, which some filesystems refuse.
    return not cat.startswith("C")


def _truncate_bytes(text: str, limit: int) -> str:
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", errors="ignore")


def safe_filename(name: str, fallback: str) -> str:
    """A file stem every platform accepts: no separators, invisible or reserved names, not too long."""
    name = unicodedata.normalize("NFC", str(name))
    name = "".join(ch if _visible(ch) else (" " if ch in "\t\n\r" else "") for ch in name)
    name = _UNSAFE.sub(" ", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    name = _truncate_bytes(name, MAX_STEM_BYTES).rstrip(" .")
    if not name:
        return fallback
    head, dot, rest = name.partition(".")
    if head.strip().upper() in _RESERVED:
        # Windows reserves the part before the first dot: 'con.txt (letter-11)' is still CON
        name = f"{head.strip()} ({fallback}){dot}{rest}"
    return name
