"""Exports are atomic: an interrupted write never leaves a half file under the final name."""

from __future__ import annotations

import os
import stat

import pytest

from letterwriter.export import (
    NAME_MAX,
    ExportError,
    _part_name,
    atomic_path,
    clean_stale_parts,
    verify_pdf,
    write_bytes_atomic,
    write_text_atomic,
)

pytestmark = pytest.mark.core


def test_interrupted_export_leaves_nothing_and_keeps_the_old_file(tmp_path):
    target = tmp_path / "letter.txt"
    write_text_atomic(target, "the letter from yesterday\n")
    with pytest.raises(KeyboardInterrupt), atomic_path(target) as tmp:
        tmp.write_text("half a new lett")
        raise KeyboardInterrupt  # the person pressed Ctrl+C mid-export
    assert target.read_text() == "the letter from yesterday\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.txt"]


def test_export_into_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(ExportError, match="folder does not exist"):
        write_text_atomic(tmp_path / "nope" / "letter.txt", "x")


def test_a_write_interrupted_mid_way_keeps_the_old_file_and_no_part(tmp_path, monkeypatch):
    """Ctrl+C or SIGTERM (raised as KeyboardInterrupt) between two writes of the bytes."""
    from letterwriter import export

    target = tmp_path / "letter.pdf"
    target.write_bytes(b"%PDF-1.4 the good one %%EOF")
    real_write = os.write
    calls = []

    def write_then_interrupt(fd, data):
        calls.append(1)
        if len(calls) > 1:
            raise KeyboardInterrupt
        return real_write(fd, bytes(data[:10]))  # a short write: the writer must loop

    monkeypatch.setattr(export.os, "write", write_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_bytes_atomic(target, b"%PDF-1.4 " + b"x" * 100 + b" %%EOF", verify=verify_pdf)
    assert target.read_bytes() == b"%PDF-1.4 the good one %%EOF"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.pdf"]


@pytest.mark.parametrize(
    "data, reason",
    [(b"", "empty"), (b"<html>", "no PDF"), (b"%PDF-1.4 half a page", "stopped before the end")],
)
def test_a_broken_pdf_never_replaces_a_good_one(tmp_path, data, reason):
    target = tmp_path / "letter.pdf"
    target.write_bytes(b"%PDF-1.4 good %%EOF\n")
    with pytest.raises(ExportError, match=reason):
        write_bytes_atomic(target, data, verify=verify_pdf)
    assert target.read_bytes() == b"%PDF-1.4 good %%EOF\n"
    assert [p.name for p in tmp_path.iterdir()] == ["letter.pdf"]


def test_temp_names_fit_even_for_a_250_byte_name(tmp_path):
    name = "ж" * 123 + ".txt"  # 250 bytes in UTF-8
    part = _part_name(name)
    assert len(part.encode()) <= NAME_MAX and part.startswith(".ж") and part.endswith(".part")
    write_text_atomic(tmp_path / name, "x")
    assert (tmp_path / name).read_text() == "x"


def test_only_our_stale_parts_are_cleaned(tmp_path):
    import subprocess
    import time

    p = subprocess.Popen(["true"])
    p.wait()
    dead, live = p.pid, os.getppid()
    files = {
        f".a.pdf.lw{dead}-0123abcd.part": False,  # its writer is gone: removed
        f".b.pdf.lw{live}-0123abcd.part": True,  # a live writer's: kept
        f".c.pdf.lw{live}-89abcdef.part": False,  # a live PID but an hour old (PID reused): removed
        ".d.pdf.0123abcd.part": True,  # not our pattern
        f"e.pdf.lw{dead}-0123abcd.part": True,  # not hidden: not ours
        ".g.pdf.k2x_9qzt.part": False,  # an older version's part, a day old: removed
        ".h.pdf.k2x_9qzt.part": True,  # the same, an hour old: kept
        ".i.mp4.k2x_9qzt.part": True,  # not a kind of file we export
    }
    for name in files:
        (tmp_path / name).write_bytes(b"x")
    old = time.time() - 3600
    os.utime(tmp_path / f".c.pdf.lw{live}-89abcdef.part", (old, old))
    os.utime(tmp_path / ".h.pdf.k2x_9qzt.part", (old, old))
    for name in (".g.pdf.k2x_9qzt.part", ".i.mp4.k2x_9qzt.part"):
        os.utime(tmp_path / name, (old - 86400, old - 86400))
    os.symlink("/etc/hostname", tmp_path / f".f.pdf.lw{dead}-0123abcd.part")
    clean_stale_parts(tmp_path)
    for name, kept in files.items():
        assert (tmp_path / name).exists() == kept, name
    assert (tmp_path / f".f.pdf.lw{dead}-0123abcd.part").is_symlink()  # a symlink is never ours


def test_replacing_keeps_the_mode_and_new_files_follow_the_umask(tmp_path):
    target = tmp_path / "letter.txt"
    target.write_text("old")
    target.chmod(0o640)
    write_text_atomic(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    old = os.umask(0o027)
    try:
        write_text_atomic(tmp_path / "new.txt", "new")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640
