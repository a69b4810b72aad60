"""A `.letter` file open in one window at a time, and never saved over changes made since it was opened.

As word processors do: opening a file leaves a small lock file beside it (`.~lock.NAME#`, the
name LibreOffice uses), holding the window's process id, start time and machine, so a second
window sees that the file is open elsewhere and says so. A lock whose process is gone (a crash)
is taken over. And the file's size and modification time when it was opened or last saved are
kept, so a save over a file someone changed since asks first. Qt-free.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import stat
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


LOCK_MAX_BYTES = 4096  # a lock holds a process id, a time and a machine's name
# A lock lies in the letter's folder, which anyone may have filled (an unzipped folder, a share):
# it is never followed as a link, never waited on as a FIFO, never read past its size, and never
# written through a second name (a hard link), so a lock named like ours cannot make a window
# hang or write over another file.
_NOT_FOLLOWED = os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


def _read_lock(path: Path) -> dict:
    fd = os.open(lock_path(path), os.O_RDONLY | _NOT_FOLLOWED)
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ValueError("not a lock file")
        raw = fh.read(LOCK_MAX_BYTES + 1)
    if len(raw) > LOCK_MAX_BYTES:
        raise ValueError("too large to be a lock file")
    data = json.loads(raw.decode("utf-8"))
    if not isinstance(data, dict):
        raise ValueError("not a lock file")
    return data


def holder(path: Path) -> Holder | None:
    """Who else has `path` open, if anyone still running does (a stale lock is no one)."""
    try:
        data = _read_lock(path)
        found = Holder(int(data["pid"]), float(data["started"]), str(data["host"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return None if found.is_us() or not found.alive() else found


def take(path: Path) -> None:
    """Mark `path` as open in this window (best effort: a read-only folder simply has no lock)."""
    me = {"pid": os.getpid(), "started": process_start_time(), "host": socket.gethostname()}
    try:
        fd = os.open(lock_path(path), os.O_WRONLY | os.O_CREAT | _NOT_FOLLOWED, 0o666)
    except OSError:  # a link, a FIFO with no reader, a read-only folder: no lock
        return
    with os.fdopen(fd, "wb") as fh:
        st = os.fstat(fd)
        if stat.S_ISREG(st.st_mode) and st.st_nlink == 1:  # truncated only once known to be ours alone
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
                fh.write(json.dumps(me).encode("utf-8"))


def release(path: Path) -> None:
    """This window no longer has `path` open (another window's lock is left alone)."""
    try:
        data = _read_lock(path)
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
