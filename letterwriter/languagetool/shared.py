"""The command line's shared LanguageTool server: find it, start it on demand, stop it, say
how it is. One supervisor per LanguageTool folder owns the JVM (`supervisor.py`).

The folder holds:
- `supervisor.lock`: flock-held by the supervisor for its whole life (a lock dies with its
  process, so "someone holds it" means "a supervisor runs").
- `server.json`, written only by the supervisor (atomically): pid and create_time (psutil's
  start time: proof that a pid is still ours), phase (starting | running | restarting |
  failed), url and java_pid of the JVM being served, error (why the last start failed).
  Nothing is ever signalled unless it holds the lock and matches the file.
- `spawn.lock`: held while a client starts a supervisor, so two cold checks start one.
- `inuse.lock`: every check holds it shared from before it asks for the server until its
  answer is in; an idle supervisor stops only while it can hold it exclusively, so it never
  stops under a check (`lt_idle_minutes = 0` included).
- `server.last_used`: touched by every check; idle time counts from it.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from letterwriter.issue import GrammarUnavailable
from letterwriter.languagetool.installation import ensure_root, lt_root, require_installation
from letterwriter.languagetool.java import find_java
from letterwriter.languagetool.process import PROBE_TIMEOUT_S, READY_TIMEOUT_S, healthy, last_line

SUPERVISOR_MODULE = "letterwriter.languagetool.supervisor"
PHASES = ("starting", "running", "restarting", "failed")
_STATE_TYPES: dict[str, tuple[type, ...]] = {
    "pid": (int,),
    "create_time": (int, float),
    "phase": (str,),
    "url": (str,),
}


def state_path() -> Path:
    return lt_root() / "server.json"


def touch_path() -> Path:
    return lt_root() / "server.last_used"


def lock_path() -> Path:
    return lt_root() / "supervisor.lock"


def in_use_path() -> Path:
    return lt_root() / "inuse.lock"


def run_dir() -> Path:
    return lt_root() / "shared"


STATE_MAX_BYTES = 64 * 1024  # server.json is a few hundred bytes


def read_state() -> dict[str, Any] | None:
    """server.json if it is well formed; None for missing, damaged or wrongly typed."""
    try:
        # never waiting on a FIFO, never more than a state file holds (a link to /dev/zero)
        fd = os.open(state_path(), os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            raw = fh.read(STATE_MAX_BYTES + 1)
        if len(raw) > STATE_MAX_BYTES:
            return None
        state = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        return None
    if not isinstance(state, dict):
        return None
    for key, types in _STATE_TYPES.items():
        if not isinstance(state.get(key), types) or isinstance(state.get(key), bool):
            return None
    if state["phase"] not in PHASES or state["pid"] <= 0:
        return None
    if state.get("java_pid") is not None and not isinstance(state.get("java_pid"), int):
        return None
    if state.get("error") is not None and not isinstance(state.get("error"), str):
        return None
    return state


def supervisor_running() -> bool:
    """True while some supervisor holds supervisor.lock."""
    try:
        fd = os.open(lock_path(), os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
            return True
        raise
    finally:
        os.close(fd)  # also drops the probe's shared lock
    return False


def _folder_marker() -> str:
    return str(lt_root().resolve())


def is_our_supervisor(state: dict[str, Any]) -> bool:
    """The pid names the supervisor of this folder: same start time, same command line."""
    import psutil

    try:
        proc = psutil.Process(state["pid"])
        if abs(proc.create_time() - float(state["create_time"])) > 0.01:
            return False  # the pid was reused by another process
        cmd = proc.cmdline()
    except (psutil.Error, OSError):
        return False
    return SUPERVISOR_MODULE in cmd and _folder_marker() in cmd


def _clean_stale_state() -> bool:
    """Remove server.json if no supervisor holds the lock: it names nothing of ours."""
    if state_path().exists() and not supervisor_running():
        state_path().unlink(missing_ok=True)
        return True
    return False


def status(probe: bool = True) -> dict[str, Any]:
    """stopped, starting, restarting, running, failed or "not answering", with the details."""
    if not supervisor_running():
        state = read_state()
        if state and state.get("phase") == "failed":
            return {"state": "failed", "error": state.get("error") or "unknown"}
        stale = _clean_stale_state()
        return {"state": "stopped", **({"removed_stale_state": True} if stale else {})}
    state = read_state()
    if state is None or not is_our_supervisor(state):
        return {"state": "starting"}  # the supervisor has not published itself yet
    out = {k: state.get(k) for k in ("pid", "url", "java_pid", "version", "memory_mb", "cds", "restarts")}
    out = {k: v for k, v in out.items() if v is not None}
    phase = state["phase"]
    if phase == "running" and probe and not healthy(state["url"]):
        phase = "not answering"
    return {"state": phase, **out}


@contextlib.contextmanager
def _flocked(path: Path) -> Iterator[None]:
    with open(path, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        yield


def hold(timeout: float = 60.0) -> IO:
    """inuse.lock held shared: no supervisor stops for idleness until `release`. Hold it from
    before asking for the server until the answer is in (or across a whole merge).

    An idle supervisor that is stopping holds the lock exclusively for the few seconds it
    takes; this then waits for it to go, and the check starts a fresh one.
    """
    ensure_root()
    fh = open(in_use_path(), "a")
    end = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fh, fcntl.LOCK_SH | fcntl.LOCK_NB)
            return fh
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN) or time.monotonic() > end:
                fh.close()
                raise GrammarUnavailable(
                    f"the shared LanguageTool server did not stop in {timeout:g} s"
                ) from None
            time.sleep(0.05)


def release(fh: IO) -> None:
    """Let go of `hold`; idle time counts from now."""
    with contextlib.suppress(OSError):
        touch_path().touch()
    fh.close()


def _supervisor_command() -> list[str]:
    from letterwriter.settings import Settings

    settings = Settings.load()
    return [
        sys.executable,
        "-m",
        SUPERVISOR_MODULE,
        "--dir",
        _folder_marker(),
        "--idle",
        str(settings.get("lt_idle_minutes")),
        "--memory",
        str(settings.get("lt_memory_mb")),
    ]


def ensure_server(
    timeout: float = READY_TIMEOUT_S,
    progress: Callable[[str], None] | None = None,
    avoid: str | None = None,
) -> str:
    """The URL of the shared local server, started on demand (it stops itself when idle).

    `avoid`: a URL that just failed; wait for the supervisor to serve a working one.
    `progress` hears a short line now and then while the server starts.
    """
    ensure_root()
    try:
        touch_path().touch()
    except OSError:
        pass  # ensure_root proved the folder writable a moment ago; idle time is a detail
    state = status(probe=False)
    if state["state"] == "running" and state.get("url") != avoid:
        return state["url"]
    require_installation()
    find_java()  # a clear message before any process is started
    started = time.monotonic()
    deadline = started + timeout
    spawned: subprocess.Popen | None = None
    last_note = 0.0
    spawns = 0
    while time.monotonic() < deadline:
        if not supervisor_running():
            state = read_state()
            if spawned is not None and state and state.get("phase") == "failed":
                raise GrammarUnavailable(state.get("error") or "LanguageTool failed to start")
            if spawned is not None and spawned.poll() is not None and spawns >= 2:
                raise GrammarUnavailable(
                    f"the LanguageTool supervisor exited (code {spawned.returncode}): "
                    f"{last_line(lt_root() / 'supervisor.log')}"
                )
            with _flocked(lt_root() / "spawn.lock"):
                # Two cold checks at once: the second finds the first's supervisor here.
                if not supervisor_running() and (spawned is None or spawned.poll() is not None):
                    state_path().unlink(missing_ok=True)
                    spawned = _spawn_supervisor()
                    spawns += 1
                    # hold spawn.lock until it holds its own lock (or gave up), so no one
                    # else starts a second one meanwhile
                    t_end = time.monotonic() + 10
                    while time.monotonic() < t_end and spawned.poll() is None:
                        if supervisor_running():
                            break
                        time.sleep(0.02)
        else:
            state = read_state()
            if state is not None and state["phase"] == "running" and state["url"] != avoid:
                if avoid is None or healthy(state["url"], timeout=PROBE_TIMEOUT_S):
                    return state["url"]
            if state is not None and state["phase"] == "failed":
                raise GrammarUnavailable(state.get("error") or "LanguageTool failed to start")
        waited = time.monotonic() - started
        if progress and waited - last_note >= 1.0:
            last_note = waited
            progress(f"waiting for LanguageTool to start ({int(waited)} s)")
        time.sleep(0.05)
    raise GrammarUnavailable(
        f"the shared LanguageTool server did not start within {int(timeout)} s "
        f"(log: {run_dir() / 'server.log'})"
    )


def _spawn_supervisor() -> subprocess.Popen:
    with open(lt_root() / "supervisor.log", "ab") as log:
        return subprocess.Popen(
            _supervisor_command(),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            start_new_session=True,  # it outlives the check that started it
            env={**os.environ, "LETTERWRITER_LANGUAGETOOL_DIR": str(lt_root())},
        )


def stop_server() -> bool:
    """Stop the shared server if it is ours; True if something was stopped.

    Signals only a process that holds the supervisor lock and whose start time and command
    line match server.json. A stale server.json (no lock held) is removed, nothing signalled.
    """
    if not supervisor_running():
        _clean_stale_state()
        return False
    state = None
    for _ in range(50):  # a supervisor that just started may not have published itself yet
        state = read_state()
        if state is not None and is_our_supervisor(state):
            break
        time.sleep(0.1)
    else:
        raise GrammarUnavailable(
            f"a LanguageTool supervisor holds {lock_path()} but {state_path()} does not name it: "
            "nothing was signalled"
        )
    pid = state["pid"]
    os.kill(pid, signal.SIGTERM)
    for _ in range(150):
        if not supervisor_running():
            break
        time.sleep(0.1)
    else:
        if is_our_supervisor(state):
            os.kill(pid, signal.SIGKILL)  # its JVM follows through the death pipe
        for _ in range(50):
            if not supervisor_running():
                break
            time.sleep(0.1)
    _clean_stale_state()
    return True
