"""A `.letter` file open in one window at a time, and never saved over changes made since it was opened.

As word processors do: opening a file leaves a small lock file beside it (`.~lock.NAME#`, the
name LibreOffice uses), holding the window's process id, start time and machine, so a second
window sees that the file is open elsewhere and says so. A lock whose process is gone (a crash)
is taken over. And the file's size and modification time when it was opened or last saved are
kept, so a save over a file someone changed since asks first. Qt-free.
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from letterwriter.storage.drafts import SessionRecord, process_start_time, session_alive


@dataclass
class Holder:
    """The window that has a file open: its process, when it started, and where."""

    pid: int
    started: float
    host: str

    def alive(self) -> bool:
        return session_alive(SessionRecord("", self.pid, self.started, self.host, "", None))

    def is_us(self) -> bool:
        return self.pid == os.getpid() and self.host == socket.gethostname()

    def describe(self) -> str:
        where = "" if self.host == socket.gethostname() else f" on {self.host}"
        return f"another Letterwriter window (process {self.pid}{where})"


def lock_path(path: Path) -> Path:
    return path.with_name(f".~lock.{path.name}#")


def holder(path: Path) -> Holder | None:
    """Who else has `path` open, if anyone still running does (a stale lock is no one)."""
    try:
        data = json.loads(lock_path(path).read_text(encoding="utf-8"))
        found = Holder(int(data["pid"]), float(data["started"]), str(data["host"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return None if found.is_us() or not found.alive() else found


def take(path: Path) -> None:
    """Mark `path` as open in this window (best effort: a read-only folder simply has no lock)."""
    me = {"pid": os.getpid(), "started": process_start_time(), "host": socket.gethostname()}
    try:
        lock_path(path).write_text(json.dumps(me), encoding="utf-8")
    except OSError:
        pass


def release(path: Path) -> None:
    """This window no longer has `path` open (another window's lock is left alone)."""
    try:
        data = json.loads(lock_path(path).read_text(encoding="utf-8"))
        if Holder(int(data["pid"]), float(data["started"]), str(data["host"])).is_us():
            lock_path(path).unlink()
    except (OSError, ValueError, KeyError, TypeError):
        pass


def stamp(path: Path) -> tuple[int, int] | None:
    """What the file on disk is now (its size and modification time), or None when it is not there."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)
