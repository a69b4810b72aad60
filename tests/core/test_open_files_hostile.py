"""A `.letter`'s lock file in a folder someone else filled (docs/hostile-round3.md, W01-W04).

The lock (`.~lock.NAME#`) lies beside the letter; a hostile folder can hold one that is a link,
a FIFO or a hard link. Opening the letter must not write through it, wait on it, or read it
without a limit.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from letterwriter import openfiles

pytestmark = pytest.mark.core


def test_taking_a_lock_never_writes_through_a_link_or_a_second_name(tmp_path):
    victim = tmp_path / "elsewhere" / "notes.txt"
    victim.parent.mkdir()
    victim.write_text("precious\n")
    folder = tmp_path / "unzipped"
    folder.mkdir()
    (folder / ".~lock.a.letter#").symlink_to(victim)
    os.link(victim, folder / ".~lock.b.letter#")
    openfiles.take(folder / "a.letter")
    openfiles.take(folder / "b.letter")
    assert victim.read_text() == "precious\n"
    openfiles.take(folder / "c.letter")  # an ordinary lock is still taken and released
    assert json.loads((folder / ".~lock.c.letter#").read_text())["pid"] == os.getpid()
    openfiles.release(folder / "c.letter")
    assert not (folder / ".~lock.c.letter#").exists()


def _in_child(code: str) -> subprocess.CompletedProcess:
    """`code` in a child capped at 1 GB of memory and 20 s (an unbounded read or a wait fails there)."""

    def cap():
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=20, preexec_fn=cap
    )


def test_a_lock_that_is_a_fifo_or_endless_is_no_holder(tmp_path):
    os.mkfifo(tmp_path / ".~lock.f.letter#")
    (tmp_path / ".~lock.z.letter#").symlink_to("/dev/zero")
    code = (
        "from pathlib import Path; from letterwriter import openfiles; "
        f"d = Path({str(tmp_path)!r}); "
        "print(openfiles.holder(d / 'f.letter'), openfiles.holder(d / 'z.letter')); "
        "openfiles.take(d / 'f.letter'); openfiles.release(d / 'z.letter')"
    )
    r = _in_child(code)
    assert r.returncode == 0 and r.stdout.split() == ["None", "None"], (r.stdout, r.stderr[-500:])
    assert Path("/dev/zero").exists() and (tmp_path / ".~lock.z.letter#").is_symlink()
