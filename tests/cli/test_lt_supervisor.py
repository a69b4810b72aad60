"""The shared LanguageTool server under real faults: a killed or stopped JVM, a check killed
while the server starts, two cold checks at once, 200 checks with a kill and a stop, and a
server that stops as soon as it is idle.

The module has one LanguageTool folder (state, locks, logs) whose `6.8` links to the real
installation, so nothing here touches a server someone else is using; its tests share that
folder's server, and a test that needs a cold start stops it first.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest
from helpers import REAL_LT_DIR, ROOT, run_cli

pytestmark = [pytest.mark.lt, pytest.mark.slow]

WRONG = "He go to school."


# The supervisor's own timers, shortened for these tests: a stuck JVM is killed after 6 s
# without a health answer instead of 10 (still longer than a check's 2 s timeout below).
# The faults are real; only the waiting is shorter.
TIMERS = json.dumps({"probe_every_s": 0.5, "stuck_after_s": 6.0})


@pytest.fixture(scope="module")
def shared_folder(tmp_path_factory):
    """One LanguageTool folder (and so one shared server) for the tests of this module."""
    real = Path(REAL_LT_DIR) / "6.8"
    if not (real / "installed.json").exists():
        pytest.fail(f"LanguageTool is not installed in {REAL_LT_DIR}: run 'make setup'")
    lt = tmp_path_factory.mktemp("shared") / "lt"
    lt.mkdir()
    (lt / "6.8").symlink_to(real)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LETTERWRITER_LANGUAGETOOL_DIR", str(lt))
        mp.setenv("LETTERWRITER_LT_TIMERS", TIMERS)
        yield lt
        run_cli("languagetool", "stop")
    for p in ours(lt):  # only processes whose command line names this folder
        p.kill()
    assert not ours(lt), "a supervisor or JVM outlived 'languagetool stop'"


@pytest.fixture
def shared(shared_folder, monkeypatch):
    """The module's folder; a test that needs a cold start stops the server first."""
    monkeypatch.setenv("LETTERWRITER_LANGUAGETOOL_DIR", str(shared_folder))
    monkeypatch.setenv("LETTERWRITER_LT_TIMERS", TIMERS)
    yield shared_folder
    assert len(supervisors(shared_folder)) <= 1 and len(jvms(shared_folder)) <= 1


def stopped(lt: Path) -> Path:
    run_cli("languagetool", "stop")
    wait_for(lambda: not ours(lt), 30, "the shared server to stop")
    return lt


def ours(lt: Path) -> list[psutil.Process]:
    found = []
    for p in psutil.process_iter(["cmdline", "status"]):
        cmd = " ".join(p.info["cmdline"] or [])
        if str(lt) in cmd and p.info["status"] != psutil.STATUS_ZOMBIE:
            found.append(p)
    return found


def supervisors(lt: Path) -> list[psutil.Process]:
    return [p for p in ours(lt) if "letterwriter.languagetool.supervisor" in " ".join(p.cmdline())]


def jvms(lt: Path) -> list[psutil.Process]:
    return [p for p in ours(lt) if "HTTPServer" in " ".join(p.cmdline())]


def state(lt: Path) -> dict:
    return json.loads((lt / "server.json").read_text())


def set_timeout(home: Path, seconds: int) -> None:
    (home / "settings.json").write_text(json.dumps({"check_timeout_s": seconds}))


def wait_for(cond, timeout: float = 180, what: str = "") -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


def test_killed_jvm_is_restarted_and_the_next_check_answers(shared):
    r = run_cli("check", "-", input=WRONG, timeout=300)
    assert r.returncode == 1, r.stderr
    first = state(shared)
    os.kill(first["java_pid"], signal.SIGKILL)
    r = run_cli("check", "-", input=WRONG, timeout=300)
    # answered (the supervisor restarted the JVM in time) or a clean "unavailable"
    assert r.returncode in (1, 3), r.stderr
    assert "Traceback" not in r.stderr
    r = run_cli("check", "-", input=WRONG, timeout=300)
    assert r.returncode == 1, r.stderr
    now = state(shared)
    assert now["pid"] == first["pid"], "the same supervisor serves on"
    assert now["java_pid"] != first["java_pid"] and now["restarts"] >= 1
    assert len(jvms(shared)) == 1 and len(supervisors(shared)) == 1


def test_stopped_jvm_fails_the_check_with_did_not_answer_then_recovers(shared, isolated_home):
    r = run_cli("check", "-", input=WRONG, timeout=300)
    assert r.returncode == 1, r.stderr
    java_pid = state(shared)["java_pid"]
    set_timeout(isolated_home, 2)
    os.kill(java_pid, signal.SIGSTOP)
    try:
        # the subprocess limit only catches a hang; the bench measures how long it takes
        r = run_cli("check", "-", input="She go to school.", timeout=60)
        assert r.returncode == 3, r.stdout + r.stderr
        assert "did not answer in 2 s" in r.stderr
        assert r.stderr.count("error:") == 1 and "Traceback" not in r.stderr
        # the supervisor kills the stuck JVM and starts another; checks work again
        set_timeout(isolated_home, 30)
        r = run_cli("check", "-", input="They goes to school.", timeout=300)
        assert r.returncode == 1, r.stderr
        assert state(shared)["java_pid"] != java_pid
        assert not psutil.pid_exists(java_pid) or psutil.Process(java_pid).status() == "zombie"
    finally:
        if psutil.pid_exists(java_pid):
            os.kill(java_pid, signal.SIGCONT)


def test_check_killed_while_the_server_starts_leaves_one_supervisor_that_stop_stops(shared):
    stopped(shared)
    env = dict(os.environ)
    cmd = [sys.executable, "-m", "letterwriter", "check", "-"]
    first = subprocess.Popen(cmd, stdin=subprocess.PIPE, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    first.stdin.write(WRONG.encode())
    first.stdin.close()
    wait_for(lambda: supervisors(shared), 60, "the supervisor")
    first.kill()  # kill -9 while the JVM is still starting
    first.wait()
    r = run_cli("check", "-", input=WRONG, timeout=300)
    assert r.returncode == 1, r.stderr
    assert len(supervisors(shared)) == 1, "a second supervisor was started"
    assert len(jvms(shared)) == 1, "a second JVM was started"
    r = run_cli("languagetool", "stop", "--json")
    assert json.loads(r.stdout) == {"stopped": True}
    wait_for(lambda: not ours(shared), 20, "the supervisor and JVM to exit")


def test_two_cold_checks_at_once_share_one_jvm(shared):
    stopped(shared)
    cmd = [sys.executable, "-m", "letterwriter", "check", "-"]
    procs = [
        subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=ROOT, text=True)
        for _ in range(2)
    ]
    outs = [p.communicate(WRONG, timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [1, 1], outs
    assert len(supervisors(shared)) == 1 and len(jvms(shared)) == 1


def test_two_hundred_checks_while_languagetool_is_killed_and_stopped(shared, isolated_home):
    """Every check answers or says "unavailable" within its time; no JVM is left behind."""
    lt = shared
    from letterwriter import grammar
    from letterwriter.issue import GrammarUnavailable
    from letterwriter.languagetool import shared as shared_server
    from letterwriter.languagetool.process import READY_TIMEOUT_S

    timeout = 10
    set_timeout(isolated_home, timeout)
    # One of each fault at a random moment in a check: a second of each repeats the same
    # path (and costs a cold start each); test_killed_jvm_... kills the JVM once more.
    faults = {60: "kill", 130: "stop"}
    rng = random.Random(9)
    done_faults: list[str] = []

    def inject(kind: str) -> None:
        time.sleep(rng.uniform(0, 0.3))  # lands during a check, not between two
        if kind == "kill":
            try:
                os.kill(json.loads((lt / "server.json").read_text())["java_pid"], signal.SIGKILL)
            except (OSError, ValueError, KeyError, TypeError):
                return
        else:
            shared_server.stop_server()
        done_faults.append(kind)

    outcomes: list[tuple[str, float]] = []
    threads = []
    for i in range(200):
        if i in faults:
            t = threading.Thread(target=inject, args=(faults[i],))
            t.start()
            threads.append(t)
        t0 = time.monotonic()
        try:
            report = grammar.check_text(f"{WRONG} We walked {i} miles.")
            assert any(x.rule_id == "HE_VERB_AGR" for x in report.issues)
            outcomes.append(("ok", time.monotonic() - t0))
        except GrammarUnavailable as exc:
            assert str(exc), "an unavailable check says why"
            outcomes.append(("unavailable", time.monotonic() - t0))
    for t in threads:
        t.join()
    assert sorted(done_faults) == ["kill", "stop"]
    kinds = [k for k, _ in outcomes]
    print(
        f"200 checks: {kinds.count('ok')} answered, {kinds.count('unavailable')} unavailable, "
        f"slowest {max(d for _, d in outcomes):.1f} s"
    )
    assert kinds.count("ok") >= 190, kinds
    # a bound that only catches a hang: a cold start (under 120 s) plus two check timeouts
    assert max(d for _, d in outcomes) < READY_TIMEOUT_S + 2 * timeout
    assert len(jvms(lt)) <= 1, "no JVM left behind by the kills and stops"


def test_idle_minutes_zero_stops_after_the_check_never_under_it(shared, isolated_home):
    """lt_idle_minutes = 0: the check that starts the server is answered (it used to fail with
    "closed the connection"), and the server then goes by itself."""
    stopped(shared)
    (isolated_home / "settings.json").write_text(json.dumps({"lt_idle_minutes": 0}))
    r = run_cli("check", "-", input=WRONG, timeout=300)
    assert r.returncode == 1, r.stderr
    assert "1 issue(s)" in r.stderr and r.stdout.count("\n") == 1, r.stdout
    wait_for(lambda: not ours(shared), 60, "the idle server to stop by itself")


def test_progress_and_a_real_reason_when_the_start_fails(shared, tmp_path):
    """A JVM that cannot start: the check says why (not "did not start"), exit 3, no hang."""
    bad_home = tmp_path / "badlt"
    bad_home.mkdir()
    real = Path(REAL_LT_DIR) / "6.8"
    inst = bad_home / "6.8"
    inst.mkdir()
    (inst / "installed.json").write_text((real / "installed.json").read_text())
    (inst / "lib").mkdir()
    (inst / "lib" / "languagetool-server-6.8.jar").write_bytes(b"not a jar")
    r = run_cli("check", "-", input=WRONG, env={"LETTERWRITER_LANGUAGETOOL_DIR": str(bad_home)}, timeout=200)
    assert r.returncode == 3, r.stderr
    assert "LanguageTool exited" in r.stderr and "did not start" not in r.stderr
    assert r.stderr.count("error:") == 1
