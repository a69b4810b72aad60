"""Real-process fault tests: a full disk, a read-only disk, no permission, a file size limit, kills.

Each runs the real `letterwriter render -o` as a child process and checks what is on disk
afterwards with poppler: a good file already there is never replaced by a broken one, no
temp file is left behind, and the message is one `error:` line with exit 2.
"""

from __future__ import annotations

import json
import os
import random
import resource
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from helpers import ROOT, run_cli

# the export's promises (atomic files, one error line) under real faults: core, though each
# runs real processes (a disk, a permission or a signal belongs to a process)
pytestmark = pytest.mark.core

BRIEF = {"sender_name": "Theodore", "recipient_name": "Catherine", "letter_date": "2026-11-24"}
# A long letter (several pages): its PDF is much bigger than the short one's.
LONG = {**BRIEF, "message": " ".join(["I remember every walk we took along the river that autumn."] * 300)}


def _pdf_ok(path: Path) -> bool:
    r = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True)
    return r.returncode == 0 and "Pages:" in r.stdout


def _parts(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".part")]


def _briefs(tmp_path: Path) -> tuple[Path, Path]:
    short, long = tmp_path / "short.json", tmp_path / "long.json"
    short.write_text(json.dumps(BRIEF))
    long.write_text(json.dumps(LONG))
    return short, long


def _cli(*args: str) -> str:
    return f"{sys.executable} -m letterwriter {' '.join(args)}"


def _unshare_ok() -> bool:
    try:
        return subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode == 0
    except FileNotFoundError:
        return False


needs_unshare = pytest.mark.skipif(not _unshare_ok(), reason="unshare -m is not permitted here")


def _in_namespace(script: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """Run a shell script in a private mount namespace (its tmpfs vanishes with it)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        ["unshare", "-m", "--propagation", "private", "bash", "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )


@needs_unshare
@pytest.mark.parametrize("fmt", ["pdf", "txt"])
def test_a_full_disk_keeps_the_good_file(tmp_path, fmt):
    short, long = _briefs(tmp_path)
    disk, keep = tmp_path / "disk", tmp_path / "keep"
    disk.mkdir()
    keep.mkdir()
    target = disk / f"letter.{fmt}"
    script = textwrap.dedent(f"""
        set -u
        mount -t tmpfs -o size=512k tmpfs {disk} || exit 99
        {_cli("render love_letter --data", str(short), "-o", str(target))} || exit 98
        cp {target} {keep}/before
        dd if=/dev/zero of={disk}/filler bs=4k 2>/dev/null
        {_cli("render love_letter --data", str(long), "-o", str(target))} 2>{keep}/stderr
        echo $? > {keep}/rc
        cp {target} {keep}/after
        ls -A {disk} > {keep}/listing
    """)
    r = _in_namespace(script, tmp_path)
    assert r.returncode == 0, r.stderr
    assert (keep / "rc").read_text().strip() == "2"
    err = (keep / "stderr").read_text()
    assert err.startswith("error: no space left on the disk") and err.count("\n") == 1, err
    assert (keep / "after").read_bytes() == (keep / "before").read_bytes()
    if fmt == "pdf":
        assert _pdf_ok(keep / "after")
    assert not [n for n in (keep / "listing").read_text().split() if n.endswith(".part")]


@needs_unshare
def test_a_read_only_disk_keeps_the_good_file(tmp_path):
    short, long = _briefs(tmp_path)
    disk, keep = tmp_path / "disk", tmp_path / "keep"
    disk.mkdir()
    keep.mkdir()
    target = disk / "letter.pdf"
    script = textwrap.dedent(f"""
        set -u
        mount -t tmpfs -o size=4m tmpfs {disk} || exit 99
        {_cli("render love_letter --data", str(short), "-o", str(target))} || exit 98
        cp {target} {keep}/before
        mount -o remount,ro {disk} || exit 97
        {_cli("render love_letter --data", str(long), "-o", str(target))} 2>{keep}/stderr
        echo $? > {keep}/rc
        cp {target} {keep}/after
    """)
    r = _in_namespace(script, tmp_path)
    assert r.returncode == 0, r.stderr
    assert (keep / "rc").read_text().strip() == "2"
    assert "read-only" in (keep / "stderr").read_text()
    assert (keep / "after").read_bytes() == (keep / "before").read_bytes() and _pdf_ok(keep / "after")


def _without_dac_override(*args: str, **kw) -> subprocess.CompletedProcess:
    """Run as root without CAP_DAC_OVERRIDE: folder permissions apply as to any user."""
    cmd = [
        "setpriv",
        "--inh-caps=-dac_override,-dac_read_search",
        "--bounding-set=-dac_override,-dac_read_search",
        sys.executable,
        "-m",
        "letterwriter",
        *args,
    ]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120, **kw)


def test_a_read_only_folder_keeps_the_good_file(tmp_path):
    short, long = _briefs(tmp_path)
    folder = tmp_path / "ro"
    folder.mkdir()
    target = folder / "letter.pdf"
    assert run_cli("render", "love_letter", "--data", str(short), "-o", str(target)).returncode == 0
    before = target.read_bytes()
    folder.chmod(0o555)
    try:
        r = _without_dac_override("render", "love_letter", "--data", str(long), "-o", str(target))
    finally:
        folder.chmod(0o755)
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith("error: cannot write") and "permission denied" in r.stderr
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert target.read_bytes() == before and not _parts(folder)


def test_a_read_only_user_data_folder_still_renders(tmp_path):
    short, _ = _briefs(tmp_path)
    home = tmp_path / "home"
    (home / "templates").mkdir(parents=True)
    (home / "settings.json").write_text('{"paper": "a4"}')
    home.chmod(0o555)
    out = tmp_path / "out.pdf"
    try:
        env = dict(os.environ, LETTERWRITER_HOME=str(home))
        r = _without_dac_override("render", "love_letter", "--data", str(short), "-o", str(out), env=env)
        t = _without_dac_override("templates", env=env)
    finally:
        home.chmod(0o755)
    assert r.returncode == 0, r.stderr
    assert t.returncode == 0 and "love_letter" in t.stdout
    assert _pdf_ok(out)


def test_a_file_size_limit_keeps_the_good_file(tmp_path):
    short, long = _briefs(tmp_path)
    target = tmp_path / "letter.pdf"
    assert run_cli("render", "love_letter", "--data", str(short), "-o", str(target)).returncode == 0
    before = target.read_bytes()
    limit = len(before) + 1024  # the short letter fits, the long one does not

    def limit_fsize() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "letterwriter",
            "render",
            "love_letter",
            "--data",
            str(long),
            "-o",
            str(target),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit_fsize,
    )
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith("error: file too large") and r.stderr.count("\n") == 1, r.stderr
    assert target.read_bytes() == before and _pdf_ok(target) and not _parts(tmp_path)


def _wait_until_it_handles_sigterm(pid: int, timeout: float = 120) -> None:
    """Until the process has its own SIGTERM handler (the command line installs it first thing):
    read from the kernel's list of the signals it catches, not guessed from a sleep."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        status = Path(f"/proc/{pid}/status").read_text()
        caught = int(next(ln.split()[1] for ln in status.splitlines() if ln.startswith("SigCgt:")), 16)
        if caught >> (signal.SIGTERM - 1) & 1:
            return
        time.sleep(0.05)
    pytest.fail("the command never installed its SIGTERM handler")


def test_sigterm_is_handled_like_ctrl_c(tmp_path):
    """A render stopped by SIGTERM says so in one line and leaves nothing behind."""
    tpl = tmp_path / "slow.j2"
    tpl.write_text(
        '{#\ntitle = "Slow"\ncommon = ["sender_name", "recipient_name"]\n#}\n'
        "{% set s = 'x' * 900000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}"
    )
    out = tmp_path / "x.pdf"
    p = subprocess.Popen(
        [sys.executable, "-m", "letterwriter", "render", str(tpl), "--field", "sender_name=A"]
        + ["--field", "recipient_name=B", "-o", str(out)],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    _wait_until_it_handles_sigterm(p.pid)  # start-up done (however busy the machine), rendering
    time.sleep(0.3)
    p.send_signal(signal.SIGTERM)
    err = p.communicate(timeout=30)[1]
    assert p.returncode == 143, err
    assert err == "error: terminated\n"
    assert not out.exists() and not _parts(tmp_path)


@pytest.mark.slow
def test_kill_9_at_random_points_never_leaves_a_broken_pdf(tmp_path):
    _, long = _briefs(tmp_path)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "letter.pdf"
    cmd = [
        sys.executable,
        "-m",
        "letterwriter",
        "render",
        "love_letter",
        "--data",
        str(long),
        "-o",
        str(target),
    ]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    t0 = time.monotonic()
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, capture_output=True)
    full = time.monotonic() - t0
    target.unlink()
    rng = random.Random(9)
    for _ in range(6):
        p = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Most kills land late, where the PDF is painted and written.
        time.sleep(full * rng.uniform(0.5, 1.1))
        p.kill()
        p.wait()
        if target.exists():
            assert _pdf_ok(target), "a killed export left a broken PDF under the final name"
    # One export is certainly killed mid-write: it stalls in fsync (patched in that child only).
    stall = textwrap.dedent(f"""
        import os, sys, time
        os.fsync = lambda fd: (print("writing", flush=True), time.sleep(60))
        from letterwriter.export.text import export_text
        export_text("a letter being written\\n", {str(folder / "other.txt")!r})
    """)
    p = subprocess.Popen([sys.executable, "-c", stall], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert p.stdout.readline() == "writing\n"
    p.kill()
    p.wait()
    assert _parts(folder), "the stalled export should have left its part file"
    r = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert _pdf_ok(target)
    assert not _parts(folder), "the next run must remove the parts killed exports left"
    assert not (folder / "other.txt").exists()


# SIGTERM sent from inside an import that PySide6 makes while it loads: an exception raised
# there once aborted the process (exit 134, a shiboken traceback). The module names are
# PySide6's own; the marker file proves the signal really came at that moment.
SIGNAL_DURING_IMPORT = textwrap.dedent(
    """
    import os, signal, sys
    trigger, marker = sys.argv[1], sys.argv[2]
    class SignalDuringImport:
        def find_spec(self, name, path, target=None):
            if name == trigger:
                sys.meta_path.remove(self)
                open(marker, "w").close()
                os.kill(os.getpid(), signal.SIGTERM)
            return None
    sys.meta_path.insert(0, SignalDuringImport())
    from letterwriter.cli import main
    raise SystemExit(main(sys.argv[3:]))
    """
)


def _a_draft(name: str = "d1") -> None:
    from letterwriter.draft import Draft
    from letterwriter.paths import database_file
    from letterwriter.storage.drafts import DraftRecord, DraftStore
    from letterwriter.templates import TemplateLibrary

    draft = Draft(TemplateLibrary(), "love_letter", {"sender_name": "Ann", "recipient_name": "Bo"})
    store = DraftStore.open(database_file())
    store.put_draft(DraftRecord(id=name, template="love_letter", content=draft.dumps()))
    store.close()


@pytest.mark.parametrize("trigger", ["encodings.cp437", "PySide6.support"])
@pytest.mark.parametrize("command", ["render", "drafts export"])
def test_sigterm_while_qt_loads_is_143_with_no_traceback_and_no_file(tmp_path, trigger, command):
    out, marker = tmp_path / "x.pdf", tmp_path / "signalled"
    if command == "render":
        argv = ["render", "love_letter", "--field", "sender_name=Ann", "--field", "recipient_name=Bo"]
    else:
        _a_draft()
        argv = ["drafts", "export", "d1"]
    r = subprocess.run(
        [sys.executable, "-c", SIGNAL_DURING_IMPORT, trigger, str(marker), *argv, "-o", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert marker.exists(), "the signal was never sent: PySide6 no longer imports " + trigger
    assert r.returncode == 143, r.stderr[-2000:]
    assert r.stderr == "error: terminated\n"
    assert not out.exists() and not _parts(tmp_path)
