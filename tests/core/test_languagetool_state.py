"""The shared server's state file, stale or damaged, and bad input to `check`: never a crash,
never a signal to a process that is not ours, bad bytes are exit 2."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time

import pytest
from helpers import ROOT, run_cli

from letterwriter import dictionary
from letterwriter.languagetool import cds
from letterwriter.languagetool.installation import Installation
from letterwriter.languagetool.java import Java
from letterwriter.languagetool.process import ServerProcess

pytestmark = pytest.mark.core


@pytest.fixture
def lt_dir(tmp_path, monkeypatch):
    d = tmp_path / "lt"
    d.mkdir()
    monkeypatch.setenv("LETTERWRITER_LANGUAGETOOL_DIR", str(d))
    return d


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    with open(f"/proc/{pid}/stat") as fh:
        return fh.read().split()[2] != "Z"


@pytest.mark.parametrize(
    "content",
    [
        '{"pid": "12", "url": 5}',
        '{"pid": [1], "create_time": {}, "phase": "running", "url": "http://x"}',
        '{"pid": 1e400, "phase": "running", "url": null}',
        "[1, 2, 3]",
        '"just a string"',
        "\x00\xff\xfe garbage",
        "[" * 100_000,
        '{"pid": true, "create_time": 1, "phase": "running", "url": ""}',
    ],
)
def test_damaged_state_file_does_not_crash_status_or_doctor(lt_dir, content):
    (lt_dir / "server.json").write_text(content, encoding="utf-8", errors="surrogateescape")
    env = {"LETTERWRITER_LANGUAGETOOL_DIR": str(lt_dir)}
    r = run_cli("languagetool", "status", "--json", env=env)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["state"] == "stopped"
    assert "Traceback" not in r.stderr
    r = run_cli("doctor", "--json", env=env)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    assert json.loads(r.stdout)["languagetool_server"]["state"] == "stopped"
    assert not (lt_dir / "server.json").exists(), "a stale state file is cleaned up"


def test_stop_never_signals_a_process_that_a_stale_state_file_names(lt_dir):
    sleeper = subprocess.Popen(["sleep", "300"])
    try:
        import psutil

        # Everything in the file is right for the sleeper except that no supervisor holds
        # the lock: after a reboot or a crash, the pid is someone else's.
        state = {
            "pid": sleeper.pid,
            "create_time": psutil.Process(sleeper.pid).create_time(),
            "phase": "running",
            "url": "http://127.0.0.1:9",
            "java_pid": sleeper.pid,
        }
        (lt_dir / "server.json").write_text(json.dumps(state))
        r = run_cli("languagetool", "stop", "--json", env={"LETTERWRITER_LANGUAGETOOL_DIR": str(lt_dir)})
        assert r.returncode == 0, r.stderr
        assert json.loads(r.stdout) == {"stopped": False}
        time.sleep(0.3)
        assert _alive(sleeper.pid), "languagetool stop killed a process that is not ours"
        assert not (lt_dir / "server.json").exists()
    finally:
        sleeper.kill()
        sleeper.wait()


def test_stop_refuses_when_the_lock_holder_is_not_named_by_the_state_file(lt_dir):
    """A lock held by a process whose start time or command line does not match: no signal."""
    import fcntl

    sleeper = subprocess.Popen(["sleep", "300"])
    lock = open(lt_dir / "supervisor.lock", "a")
    fcntl.flock(lock, fcntl.LOCK_EX)
    try:
        state = {"pid": sleeper.pid, "create_time": 1.0, "phase": "running", "url": "http://127.0.0.1:9"}
        (lt_dir / "server.json").write_text(json.dumps(state))
        r = run_cli("languagetool", "stop", env={"LETTERWRITER_LANGUAGETOOL_DIR": str(lt_dir)})
        assert r.returncode == 3 and "nothing was signalled" in r.stderr
        assert _alive(sleeper.pid)
    finally:
        lock.close()
        sleeper.kill()
        sleeper.wait()


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 4,
        random.Random(9).randbytes(4096),
        b"Hello \xff\xfe world",
        b"Hello\x00world",
    ],
)
def test_random_bytes_on_stdin_are_bad_input(lt_dir, data):
    r = subprocess.run(
        [sys.executable, "-m", "letterwriter", "check", "-"],
        input=data,
        capture_output=True,
        cwd=ROOT,
        timeout=60,
    )
    err = r.stderr.decode()
    assert r.returncode == 2, err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), err


def test_a_file_that_is_not_utf8_is_bad_input(tmp_path):
    f = tmp_path / "letter.txt"
    f.write_bytes(b"Dear Sam,\n\xe9t\xe9 was lovely.")
    r = run_cli("check", str(f))
    assert r.returncode == 2
    assert r.stderr.strip().startswith("error: ") and "not UTF-8" in r.stderr


def test_binary_dictionary_is_ignored_line_by_line_and_doctor_says_so_once(isolated_home):
    data = b"Bramblewick\n\xff\xfe\x00\x01binary\nZo\xc3\xab\n\x00\x00\n"
    (isolated_home / "dictionary.txt").write_bytes(data)
    assert dictionary.words() == ["Bramblewick", "Zoë"]
    assert dictionary.load() == {"bramblewick", "zoë"}
    r = run_cli("doctor")
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("line(s) ignored") == 1
    assert "2 line(s) ignored" in r.stdout


def test_a_dictionary_too_big_or_not_a_file_never_stalls_a_check(isolated_home):
    """A 6 MB dictionary is read up to 4 MB; a FIFO in its place (which would block a read
    forever) or a folder is not read at all; each is one ignored line for doctor."""
    import os

    target = isolated_home / "dictionary.txt"
    target.write_bytes(b"Bramblewick\n" + b"wordy\n" * 1_000_000)
    assert dictionary.words() == ["Bramblewick", "wordy"]
    assert dictionary.problems() and "1 line(s) ignored" in dictionary.problems()
    target.unlink()
    os.mkfifo(target)
    assert dictionary.words() == [] and "1 line(s) ignored" in dictionary.problems()
    target.unlink()
    target.mkdir()
    assert dictionary.words() == [] and "1 line(s) ignored" in dictionary.problems()


def test_check_timeout_is_a_setting_with_a_default(isolated_home):
    from letterwriter.grammar import check_timeout

    (isolated_home / "settings.json").unlink()  # the suite's own (a check's patience)
    assert check_timeout() == 30
    (isolated_home / "settings.json").write_text('{"check_timeout_s": 4}')
    assert check_timeout() == 4
    (isolated_home / "settings.json").write_text('{"check_timeout_s": "soon"}')
    assert check_timeout() == 30


def test_a_stale_cds_archive_is_not_used(tmp_path, monkeypatch):
    """An archive for other jars or another Java: the server starts the plain way."""
    monkeypatch.setenv("LETTERWRITER_LANGUAGETOOL_DIR", str(tmp_path))
    lib = tmp_path / "6.8" / "lib"
    lib.mkdir(parents=True)
    for name in ("languagetool-server-6.8.jar", "a.jar", "b.jar"):
        (lib / name).write_bytes(b"PK")
    inst = Installation(
        "6.8", lib.parent, lib / "languagetool-server-6.8.jar", [lib / "a.jar", lib / "b.jar"]
    )
    inst.cds_dir.mkdir()
    (inst.cds_dir / "languagetool-server-6.8.jar").write_bytes(b"PK")
    (inst.cds_dir / "server.jsa").write_bytes(b"archive")
    java = Java("/usr/bin/java", 17, "openjdk 17.0.15")
    jars = cds.classpath(inst)
    good = {"java_version": java.version, "jars": cds.fingerprint(jars)}
    (inst.cds_dir / "cds.json").write_text(json.dumps(good))
    server = ServerProcess(port=1, run_dir=tmp_path)
    cmd = server.java_command(inst, java, tmp_path / "p")
    assert any(c.startswith("-XX:SharedArchiveFile=") for c in cmd) and server.uses_cds
    assert cmd[cmd.index("-cp") + 1].split(":")[-1].endswith("cds/languagetool-server-6.8.jar")

    other_java = Java("/usr/bin/java", 17, "openjdk 17.0.16")
    server = ServerProcess(port=1, run_dir=tmp_path)
    cmd = server.java_command(inst, other_java, tmp_path / "p")
    assert not any("SharedArchiveFile" in c for c in cmd) and not server.uses_cds
    assert cmd[cmd.index("-cp") + 1] == str(lib / "*")

    (lib / "b.jar").write_bytes(b"PK new")  # a jar changed since the archive was made
    server = ServerProcess(port=1, run_dir=tmp_path)
    cmd = server.java_command(inst, java, tmp_path / "p")
    assert not any("SharedArchiveFile" in c for c in cmd)
