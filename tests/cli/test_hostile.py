"""The hostile-input corpus (hostile_cases.py), run through the command line's own `main()`.

Each case runs in-process with captured streams (a child process per case would add nothing
but a second of start-up); the kills, full disks and permissions are real processes, in
test_faults.py. Every case checks: the exit code, exactly one `error:` line on exit 2, the
message's gist, never a traceback, nothing unprintable on stdout, and the files after (on
exit 2: every file exactly as before).
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_cases import CASES, GOOD, Case, dead_pid

pytestmark = pytest.mark.core

_DEAD = dead_pid()


def _expand(text: str, d: Path, home: Path) -> str:
    return (
        text.replace("{d}", str(d))
        .replace("{home}", str(home))
        .replace("{dead}", str(_DEAD))
        .replace("{live}", str(os.getpid()))
    )


def _make(path: Path, content) -> None:
    if content is None:
        return
    if callable(content):
        content(str(path))
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, tuple) and content[0] == "mode":
        path.write_bytes(GOOD)
        path.chmod(content[1])
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _snapshot(root: Path) -> dict[Path, str | None]:
    """Every entry under root: regular files by content, anything else by kind."""
    out: dict[Path, str | None] = {}
    for p in root.rglob("*"):
        mode = os.lstat(p).st_mode
        out[p] = _digest(p) if stat.S_ISREG(mode) else f"kind {stat.S_IFMT(mode)}"
    return out


def run_case(case: Case, tmp_path: Path, monkeypatch) -> tuple[int, str, str, Path, Path, dict]:
    from letterwriter import cli, templates

    d = tmp_path / "d"
    d.mkdir()
    home = tmp_path / "home"
    umask = case.files.get("umask")
    if "home" not in case.files:
        home.mkdir()
    for rel, content in case.files.items():
        if rel == "umask":
            continue
        _make(tmp_path / _expand(rel, d, home), content)
    before = _snapshot(tmp_path)
    monkeypatch.setenv("LETTERWRITER_HOME", str(home))
    monkeypatch.setattr(templates, "_default_library", None)
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(case.stdin or b""), encoding="utf-8"))
    old_umask = os.umask(umask) if umask is not None else None
    try:
        code = cli.main([_expand(a, d, home) for a in case.argv])
    finally:
        if old_umask is not None:
            os.umask(old_umask)
    return code, out.getvalue(), err.getvalue(), d, home, before


@pytest.mark.parametrize("case", CASES, ids=[f"{c.cls[:12]}: {c.id}" for c in CASES])
def test_hostile_case(case: Case, tmp_path, monkeypatch):
    code, out, err, d, home, before = run_case(case, tmp_path, monkeypatch)
    assert "Traceback" not in err
    assert code == case.code, f"exit {code}, stderr: {err[-800:]}"
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    if case.code == 2:
        assert len(errors) == 1, err
        assert _snapshot(tmp_path) == before, "a refused command must leave every file as it was"
    else:
        assert not errors, err
    if case.gist:
        assert re.search(case.gist, err), err
    out.encode("utf-8")  # a real stdout is strict UTF-8: a lone surrogate here would be a crash
    if case.stdout:
        assert re.search(case.stdout, out), out[:500]
    if case.stdout_not:
        assert not re.search(case.stdout_not, out), repr(out[:500])
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", err), repr(err)
    for check in case.after:
        kind, rel = check[0], _expand(check[1], d, home)
        path = Path(rel) if rel.startswith("/") else tmp_path / rel
        if kind == "absent":
            assert not os.path.lexists(path), path
        elif kind == "exists":
            assert path.exists(), path
        elif kind == "same":
            assert _digest(path) == before[path], f"{path} changed"
        elif kind == "isdir":
            assert path.is_dir() and not path.is_symlink()
        elif kind == "chardev":
            assert stat.S_ISCHR(os.lstat(path).st_mode)
        elif kind == "fifo":
            assert stat.S_ISFIFO(os.lstat(path).st_mode)
        elif kind == "link":
            assert path.is_symlink()
        elif kind == "mode":
            assert stat.S_IMODE(path.stat().st_mode) == check[2], oct(path.stat().st_mode)
        elif kind == "text":
            assert check[2] in path.read_text(encoding="utf-8")
        elif kind == "pdf":
            info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True)
            assert info.returncode == 0 and "Pages:" in info.stdout, info.stderr
        elif kind == "nopart":
            assert not [p for p in path.iterdir() if p.name.endswith(".part")]
        else:
            raise AssertionError(f"unknown check {kind}")


def test_the_corpus_is_big_enough():
    assert len(CASES) >= 120
    assert len({c.id for c in CASES}) == len(CASES), "case ids must be unique"
