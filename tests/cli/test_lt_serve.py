"""`languagetool serve --port N`: the desk's own supervised LanguageTool server, on a fixed port for
other desks (their `lt_server_url`), on 127.0.0.1 unless every address is asked for; a real JVM."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from helpers import REAL_LT_DIR, ROOT, cli_bad, run_cli
from pgcluster import free_port

from letterwriter.languagetool.process import ServerProcess, healthy

pytestmark = [pytest.mark.lt, pytest.mark.slow]


def _jvm(lt: Path):
    for p in psutil.process_iter(["cmdline"]):
        cmd = " ".join(p.info["cmdline"] or [])
        if "HTTPServer" in cmd and str(lt) in cmd:
            return p
    return None


def _wait(pred, seconds: float, what: str):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        got = pred()
        if got:
            return got
        time.sleep(0.2)
    raise AssertionError(f"waited {seconds} s for {what}")


def test_serve_gives_other_desks_the_supervised_server_on_a_fixed_port(tmp_path):
    real = Path(REAL_LT_DIR) / "6.8"
    assert (real / "installed.json").exists(), (
        f"LanguageTool is not installed in {REAL_LT_DIR}: run 'make setup'"
    )
    lt = tmp_path / "lt"
    lt.mkdir()
    (lt / "6.8").symlink_to(real)
    port = free_port()
    env = dict(
        os.environ,
        LETTERWRITER_HOME=str(tmp_path / "server-desk"),
        LETTERWRITER_LANGUAGETOOL_DIR=str(lt),
        LETTERWRITER_LT_TIMERS=json.dumps({"probe_every_s": 0.5}),
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "letterwriter", "languagetool", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        _wait(lambda: healthy(url), 150, "the served LanguageTool")
        # another desk, with no LanguageTool of its own, checks through it
        other = tmp_path / "other-desk"
        other.mkdir()
        # (its first check loads the rules: on a busy machine that is more than the default 30 s)
        (other / "settings.json").write_text(json.dumps({"lt_server_url": url, "check_timeout_s": 180}))
        no_lt = tmp_path / "no-lt"
        no_lt.mkdir()
        r = run_cli(
            "check",
            "-",
            "--json",
            input="He go to school.",
            env={"LETTERWRITER_HOME": str(other), "LETTERWRITER_LANGUAGETOOL_DIR": str(no_lt)},
        )
        assert r.returncode == 1 and json.loads(r.stdout)["issues"], r.stderr
        # 127.0.0.1 only, as LanguageTool listens without --public
        jvm = _jvm(lt)
        assert "--public" not in jvm.cmdline()
        listening = [c.laddr for c in jvm.net_connections("inet") if c.status == psutil.CONN_LISTEN]
        assert [a.port for a in listening] == [port]
        assert all(a.ip in ("127.0.0.1", "::ffff:127.0.0.1") for a in listening), listening
        # the same supervised server as `languagetool start` (its restarts are test_lt_supervisor's):
        # status knows it, and a second one for the same desk is refused
        status = json.loads(run_cli("languagetool", "status", "--json", env=env).stdout)
        assert status["state"] == "running" and status["url"] == url and status["java_pid"] == jvm.pid
        assert run_cli("languagetool", "serve", "--port", str(free_port()), env=env).returncode == 2
    finally:
        proc.send_signal(signal.SIGINT)  # Ctrl+C at its terminal
        code = proc.wait(timeout=60)
    assert code == 0, proc.stderr.read()
    _wait(lambda: _jvm(lt) is None, 30, "the JVM to stop with it")


def test_every_address_only_when_asked(tmp_path):
    server = ServerProcess(public=True, port=8099, run_dir=tmp_path)
    assert server.public and "--public" not in ServerProcess(port=8099, run_dir=tmp_path).server_options()
    assert "--public" in server.server_options()
    cli_bad("languagetool", "serve", words="needs --port N")
    cli_bad("languagetool", "serve", "--port", "8099", "--host", "192.168.1.5", words="every address")
    cli_bad("languagetool", "serve", "--port", "70000", words="from 1 to 65535")
