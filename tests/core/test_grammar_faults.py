"""Faults in the grammar service: each gives a clear message, the right exit code, no orphan.

A scripted fake server (tests/fakelt.py) stands in for LanguageTool only to inject faults.
"""

from __future__ import annotations

import os
import socket
import stat
import sys
from pathlib import Path

import pytest
from helpers import run_cli

from letterwriter.grammar import Checker, GrammarUnavailable
from letterwriter.issue import ServerGone
from letterwriter.languagetool import install
from letterwriter.languagetool.java import find_java
from letterwriter.languagetool.process import ServerProcess

pytestmark = pytest.mark.core
FAKE = str(Path(__file__).resolve().parent.parent / "fakelt.py")


def fake_server(mode: str, run_dir: Path, *extra: str) -> ServerProcess:
    return ServerProcess(run_dir=run_dir, command=[sys.executable, FAKE, "{port}", mode, *extra])


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return True
    # a zombie not yet reaped counts as gone
    return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"


def test_java_missing(monkeypatch, tmp_path):
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(GrammarUnavailable, match="Java was not found"):
        find_java()


def test_java_too_old(monkeypatch, tmp_path):
    java = tmp_path / "java"
    java.write_text("#!/bin/sh\necho 'openjdk version \"11.0.20\" 2023-07-18' >&2\n")
    java.chmod(java.stat().st_mode | stat.S_IEXEC)
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(GrammarUnavailable, match="Java 11 .* too old"):
        find_java()


def test_not_installed_gives_exit_3_and_what_to_do(tmp_path):
    r = run_cli("check", "-", input="Hello.", env={"LETTERWRITER_LANGUAGETOOL_DIR": str(tmp_path)})
    assert r.returncode == 3
    assert "not installed" in r.stderr and "languagetool install" in r.stderr
    assert "Traceback" not in r.stderr


def test_maven_missing_lists_the_choices(monkeypatch, tmp_path):
    monkeypatch.setenv("LETTERWRITER_LANGUAGETOOL_DIR", str(tmp_path))
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(GrammarUnavailable) as err:
        install.install(log=lambda s: None)
    text = str(err.value)
    assert "install Maven" in text and "language-tool-python" in text and "--server URL" in text


def test_port_taken(tmp_path, real_lt_dir):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        server = ServerProcess(port=port, run_dir=tmp_path)
        with pytest.raises(GrammarUnavailable, match=f"port {port} is already taken"):
            server.start(timeout=120)
        assert not server.alive()


def test_a_server_that_dies_mid_check_is_gone_and_the_text_is_untouched(tmp_path):
    server = fake_server("die", tmp_path)
    server.spawn()  # not start(): its warm-up check would end this server
    server.wait_ready(timeout=20)
    text = "A letter that must not be lost."
    with pytest.raises(ServerGone, match="closed the connection"):
        Checker(server.url, timeout=5).check(text)
    assert text == "A letter that must not be lost."
    server.stop()


def test_hanging_server_times_out(tmp_path):
    server = fake_server("hang", tmp_path)
    server.spawn()  # not start(): its warm-up check would wait on this server too
    server.wait_ready(timeout=20)
    try:
        with pytest.raises(GrammarUnavailable, match="did not answer in 1.5 s"):
            Checker(server.url, timeout=1.5).check("Hello there, my friend.")
    finally:
        pid = server.proc.pid
        server.stop()
    assert _gone(pid)


def test_garbage_answer(tmp_path):
    server = fake_server("garbage", tmp_path)
    server.start(timeout=20)
    try:
        r = run_cli("check", "-", "--server", server.url, input="Hello there.")
        assert r.returncode == 3
        assert "not a LanguageTool reply" in r.stderr and "Traceback" not in r.stderr
    finally:
        server.stop()


def test_server_that_exits_at_start_reports_its_reason(tmp_path):
    server = fake_server("bindfail", tmp_path)
    with pytest.raises(GrammarUnavailable, match="already taken"):
        server.start(timeout=20)


def test_no_orphan_jvm_when_letterwriter_is_killed(tmp_path, real_lt_dir):
    import signal
    import subprocess
    import time

    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from letterwriter.languagetool.process import ServerProcess\n"
            f"s = ServerProcess(run_dir=__import__('pathlib').Path({str(tmp_path)!r}))\n"
            "s.spawn(); print(s.proc.pid, flush=True); time.sleep(600)",
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "LETTERWRITER_LANGUAGETOOL_DIR": real_lt_dir},
    )
    java_pid = int(child.stdout.readline())
    assert not _gone(java_pid)
    child.send_signal(signal.SIGKILL)  # no clean-up code runs: only the parent-death signal
    child.wait()
    for _ in range(100):
        if _gone(java_pid):
            break
        time.sleep(0.1)
    assert _gone(java_pid), "the LanguageTool JVM outlived the process that started it"


def test_a_server_that_accepts_but_never_answers_fails_in_the_check_timeout(tmp_path, isolated_home):
    (isolated_home / "settings.json").write_text('{"check_timeout_s": 2}')
    server = fake_server("hang", tmp_path)
    server.spawn()
    try:
        server.wait_ready(timeout=20)
        # the subprocess limit only catches a hang (it used to take 300 s)
        r = run_cli("check", "-", "--server", server.url, input="Hello there.", timeout=60)
        assert r.returncode == 3
        assert "did not answer in 2 s" in r.stderr
        assert r.stderr.count("error:") == 1 and "Traceback" not in r.stderr
    finally:
        server.stop()
