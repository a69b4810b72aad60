"""Exporters: plain text (no Qt) and the handwriting PDF (QtGui only), written atomically and verified."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path


class ExportError(Exception):
    """An export that could not be written; the message says why in a user's words."""


# Our temp files: hidden, named after the target, with our mark, the writer's PID and a random
# token, so a later run can tell a killed export's leftover from anything else in the folder.
_PART_RE = re.compile(r"^\..*\.lw(\d+)-[0-9a-f]{8}\.part$")
# Parts from before 0.1's PID-marked names (tempfile's 8 random characters): no PID to ask,
# so only a day-old one beside an export kind of ours is taken as stale.
_LEGACY_PART_RE = re.compile(r"^\..+\.(?:pdf|txt|text|letter|json)\.[a-z0-9_]{8}\.part$")
LEGACY_STALE_S = 24 * 3600
NAME_MAX = 255  # bytes, on every file system we write to (ext4, tmpfs, btrfs, xfs, vfat in UTF-8)
STALE_PART_S = 600  # a part whose writer PID lives on (reused) is still removed after this long


def _part_name(target_name: str) -> str:
    tail = f".lw{os.getpid()}-{secrets.token_hex(4)}.part"
    stem = target_name
    # The temp name must fit NAME_MAX even when the target's own name nearly fills it.
    room = NAME_MAX - 1 - len(tail.encode())
    while len(stem.encode("utf-8", "surrogateescape")) > room:
        stem = stem[: max(0, len(stem) - max(1, len(stem) // 8))]
    return f".{stem}{tail}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale_parts(folder: Path | str) -> list[Path]:
    """Remove temp files that killed exports left in `folder`: only ours, only when their writer is gone.

    A part is ours by name (`.NAME.lwPID-xxxxxxxx.part`); it is stale when its writer's PID no
    longer runs, or after STALE_PART_S (the PID may have been reused). It must be a regular file.
    An older version's part (`.NAME.pdf.xxxxxxxx.part`, no PID) is stale after a day.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        m = _PART_RE.match(entry.name)
        legacy = m is None and _LEGACY_PART_RE.match(entry.name) is not None
        if not m and not legacy:
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode):
            continue
        if legacy:
            if now - st.st_mtime < LEGACY_STALE_S:
                continue
        else:
            pid = int(m.group(1))
            if pid == os.getpid() or (_pid_alive(pid) and now - st.st_mtime < STALE_PART_S):
                continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def describe_os_error(exc: OSError, target: Path | str) -> str:
    """An OSError from writing `target`, in a user's words (one line)."""
    target = str(target)
    folder = os.path.dirname(target) or "."
    code = exc.errno
    if code == errno.ENOSPC:
        return f"no space left on the disk for {target}: nothing was replaced"
    if code == errno.EDQUOT:
        return f"disk quota exceeded writing {target}: nothing was replaced"
    if code == errno.EFBIG:
        return f"file too large for {target} (the file size limit was reached): nothing was replaced"
    if code == errno.EROFS:
        return f"cannot write {target}: the disk is read-only"
    if code in (errno.EACCES, errno.EPERM):
        return f"cannot write {target}: permission denied in {folder}"
    if code == errno.ENAMETOOLONG:
        return f"cannot write {target}: the file name is too long"
    if code == errno.EISDIR:
        return f"cannot write {target}: it is a folder"
    if code in (errno.ENOENT, errno.ENOTDIR):
        if os.path.isdir(folder):  # /proc and the like: a folder that takes no new files
            return f"cannot write {target}: the folder {folder} takes no new files"
        return f"cannot write {target}: the folder {folder} does not exist"
    return f"cannot write {target}: {exc.strerror or exc}"


def check_target(target: Path) -> os.stat_result | None:
    """The existing target's stat, None if there is none; ExportError for anything but a regular file."""
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ExportError(describe_os_error(exc, target)) from None
    if stat.S_ISLNK(st.st_mode):
        raise ExportError(f"will not write {target}: it is a symbolic link (give the real file's path)")
    if stat.S_ISDIR(st.st_mode):
        raise ExportError(f"cannot write {target}: it is a folder")
    if not stat.S_ISREG(st.st_mode):
        kind = (
            "a device"
            if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)
            else "a FIFO"
            if stat.S_ISFIFO(st.st_mode)
            else "a socket"
            if stat.S_ISSOCK(st.st_mode)
            else "not a regular file"
        )
        raise ExportError(f"will not write {target}: it is {kind}, not a regular file")
    return st


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot fsync a folder; the rename is done either way
    finally:
        os.close(fd)


def write_bytes_atomic(
    target: Path | str,
    data: bytes,
    verify: Callable[[bytes], str | None] | None = None,
    *,
    clean: bool = True,
) -> Path:
    """Write `data` to `target` so that it is either the old file or the complete new one.

    The bytes are checked (not empty, and `verify`, which returns a reason when they are
    wrong), written to a temp file in the same folder, fsynced, read back (size, first and
    last bytes), and only then renamed over the target; the folder is fsynced after. On any
    failure the old file stays, the temp file is removed and ExportError says why. An
    existing file keeps its permissions; a new one follows the umask. `clean=False` leaves the
    folder's stale parts to a caller that cleaned it once (a merge: each scan reads the whole
    folder, and ten thousand letters made that quadratic).
    """
    target = Path(target)
    if not target.name:
        raise ExportError(f"cannot write {target}: no file name")
    if len(target.name.encode("utf-8", "surrogateescape")) > NAME_MAX:
        raise ExportError(f"cannot write {target}: the file name is too long")
    folder = target.parent
    if not folder.is_dir():
        raise ExportError(f"folder does not exist: {folder}")
    old = check_target(target)
    if not data:
        raise ExportError(f"nothing to write to {target}: the export came out empty")
    if verify is not None:
        reason = verify(data)
        if reason:
            raise ExportError(f"cannot write {target}: {reason}")
    if clean:
        clean_stale_parts(folder)
    tmp = folder / _part_name(target.name)
    mode = stat.S_IMODE(old.st_mode) if old is not None else 0o666
    fd = -1
    try:
        fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, mode)
        if old is not None:
            os.fchmod(fd, mode)  # the umask must not narrow an existing file's permissions
            with contextlib.suppress(OSError):
                os.fchown(fd, old.st_uid, old.st_gid)
        view = memoryview(data)
        while view:
            n = os.write(fd, view)
            view = view[n:]
        os.fsync(fd)
        # Read back what the disk holds: its size, and its first and last bytes.
        edge = min(len(data), 64)
        if (
            os.fstat(fd).st_size != len(data)
            or os.pread(fd, edge, 0) != data[:edge]
            or os.pread(fd, edge, len(data) - edge) != data[-edge:]
        ):
            raise ExportError(f"cannot write {target}: the file on disk is not what was written")
        os.close(fd)
        fd = -1
        os.replace(tmp, target)
    except OSError as exc:
        _discard(fd, tmp)
        raise ExportError(describe_os_error(exc, target)) from None
    except BaseException:
        _discard(fd, tmp)
        raise
    _fsync_dir(folder)
    return target


def _discard(fd: int, tmp: Path) -> None:
    if fd >= 0:
        with contextlib.suppress(OSError):
            os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(tmp)


def write_text_atomic(target: Path | str, text: str, *, clean: bool = True) -> Path:
    """Write UTF-8 text atomically (see write_bytes_atomic)."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ExportError(
            f"cannot write {target}: the text holds an invalid character ({exc.reason})"
        ) from None
    return write_bytes_atomic(target, data, clean=clean)


def verify_pdf(data: bytes) -> str | None:
    """Why these bytes are not a complete PDF, or None when they look whole."""
    if not data.startswith(b"%PDF-"):
        return "the PDF writer produced no PDF"
    if data.rstrip()[-5:] != b"%%EOF":
        return "the PDF writer stopped before the end of the file"
    return None


@contextlib.contextmanager
def atomic_path(target: Path | str) -> Iterator[Path]:
    """A temporary path beside `target`, renamed onto it only when the block succeeds.

    For writers that need a path: what they wrote is read back and written with
    write_bytes_atomic, so it gets the same checks. The scratch file is in the same folder.
    """
    target = Path(target)
    folder = target.parent
    if not folder.is_dir():
        raise ExportError(f"folder does not exist: {folder}")
    check_target(target)
    tmp = folder / _part_name(target.name)
    try:
        yield tmp
        try:
            data = tmp.read_bytes()
        except OSError as exc:
            raise ExportError(describe_os_error(exc, target)) from None
        write_bytes_atomic(target, data)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
