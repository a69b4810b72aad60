"""The supervisor of the shared server (`python -m letterwriter.languagetool.supervisor --dir DIR`):
owns the JVM, publishes its URL in server.json, restarts it when it dies or stops answering,
and stops it after `--idle` minutes without a check. See `shared.py` for the folder's files.

`letterwriter languagetool serve --port N` runs this in the foreground for other desks: a fixed
port, never idle, and with `--public` LanguageTool's own server listens on every address.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import signal
import threading
import time
from dataclasses import dataclass
from typing import Any

from letterwriter.issue import GrammarUnavailable
from letterwriter.languagetool import shared
from letterwriter.languagetool.installation import lt_version
from letterwriter.languagetool.process import PROBE_TIMEOUT_S, ServerProcess, healthy


@dataclass
class Timers:
    """How often the supervisor looks, and how long it waits. Tests shorten them through the
    environment variable LETTERWRITER_LT_TIMERS (JSON, these names) instead of waiting them out."""

    tick_s: float = 0.2  # a dead JVM is noticed within this
    probe_every_s: float = 1.0  # one health probe this often
    stuck_after_s: float = 10.0  # no health answer this long: kill and restart the JVM
    max_restarts: int = 5  # more than this many within `restart_window_s`: give up
    restart_window_s: float = 120.0

    @classmethod
    def from_env(cls) -> Timers:
        try:
            given = json.loads(os.environ.get("LETTERWRITER_LT_TIMERS", "") or "{}")
        except ValueError:
            given = {}
        known = {
            k: float(v)
            for k, v in (given if isinstance(given, dict) else {}).items()
            if k in cls.__dataclass_fields__ and isinstance(v, (int, float))
        }
        return cls(**known)


def serve(
    idle_minutes: float,
    memory_mb: int,
    timers: Timers | None = None,
    port: int | None = None,
    public: bool = False,
    announce=None,
) -> int:
    """Own the JVM until stopped (or idle); `port` fixed (else a free one each start), `public`
    for every address; `announce(url)` hears each start."""
    import psutil

    timers = timers or Timers.from_env()
    lock = open(shared.lock_path(), "a")
    for _ in range(100):  # a status probe holds the lock for microseconds: retry briefly
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except OSError:
            time.sleep(0.02)
    else:
        print("another supervisor is running for this folder", flush=True)
        return 0 if port is None else 2
    me = psutil.Process()
    stop = threading.Event()
    server = ServerProcess(memory_mb=memory_mb, run_dir=shared.run_dir(), public=public)
    restarts = 0
    state_path = shared.state_path()

    def write_state(phase: str, **extra: Any) -> None:
        tmp = state_path.with_name(f"server.json.{os.getpid()}.tmp")
        data = {
            "pid": os.getpid(),
            "create_time": me.create_time(),
            "phase": phase,
            "url": server.url if server.alive() else "",
            "java_pid": server.proc.pid if server.alive() and server.proc else None,
            "version": lt_version(),
            "memory_mb": memory_mb,
            "cds": server.uses_cds,
            "restarts": restarts,
            **extra,
        }
        tmp.write_text(json.dumps(data))
        os.replace(tmp, state_path)

    def on_term(signum, frame):
        stop.set()

    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, on_term)

    def log(msg: str) -> None:
        print(time.strftime("%Y-%m-%d %H:%M:%S"), msg, flush=True)

    def start_jvm() -> bool:
        server.port = port
        try:
            server.start(cancelled=stop.is_set)
        except GrammarUnavailable as exc:
            if stop.is_set():
                return False
            log(f"start failed: {exc}")
            server.stop()
            write_state("failed", error=str(exc))
            return False
        write_state("running")
        log(f"serving {server.url} (java pid {server.proc.pid if server.proc else '?'})")
        if announce is not None:
            announce(server.url)
        return True

    in_use = open(shared.in_use_path(), "a")
    write_state("starting")
    shared.touch_path().touch()
    code = 0
    try:
        if not start_jvm():
            return 0 if stop.is_set() else 1
        last_ok = time.monotonic()
        next_probe = 0.0
        recent: list[float] = []
        while not stop.wait(timers.tick_s):
            now = time.monotonic()
            reason = ""
            if not server.alive():
                reason = "the JVM exited"
            elif now >= next_probe:
                next_probe = now + timers.probe_every_s
                if healthy(server.url, timeout=min(PROBE_TIMEOUT_S, timers.stuck_after_s)):
                    last_ok = time.monotonic()
                elif time.monotonic() - last_ok > timers.stuck_after_s:
                    reason = f"the JVM did not answer for {timers.stuck_after_s:g} s"
            if reason:
                recent = [t for t in recent if now - t < timers.restart_window_s] + [now]
                if len(recent) > timers.max_restarts:
                    server.kill()
                    write_state("failed", error=f"LanguageTool keeps failing ({reason}); gave up")
                    code = 1
                    break
                restarts += 1
                log(f"restarting: {reason}")
                server.kill()
                write_state("restarting")
                if not start_jvm():
                    code = 0 if stop.is_set() else 1
                    break
                last_ok = time.monotonic()
                continue
            if _idle_for(shared.touch_path()) > idle_minutes * 60 and _nobody_checking(in_use):
                log("idle: stopping")
                break  # in_use stays held until this process exits: no check starts on a server going away
    finally:
        server.stop()
        state = shared.read_state()
        if state is None or (state["pid"] == os.getpid() and state["phase"] != "failed"):
            state_path.unlink(missing_ok=True)
        lock.close()
    return code


def _idle_for(touched) -> float:
    try:
        return time.time() - touched.stat().st_mtime
    except OSError:
        return 0.0


def _nobody_checking(in_use) -> bool:
    """Take inuse.lock exclusively if no check holds it (and keep it: we are stopping)."""
    try:
        fcntl.flock(in_use, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
            return False
        raise
    return True


def main(argv: list[str] | None = None) -> int:
    import argparse

    p = argparse.ArgumentParser(prog=f"python -m {shared.SUPERVISOR_MODULE}")
    p.add_argument("--dir", help="the LanguageTool folder this supervisor serves")
    p.add_argument("--idle", type=float, default=15)
    p.add_argument("--memory", type=int, default=512)
    p.add_argument("--port", type=int, default=None, help="a fixed port (languagetool serve)")
    p.add_argument("--public", action="store_true", help="listen on every address, not only 127.0.0.1")
    a = p.parse_args(argv)
    if a.dir:
        os.environ["LETTERWRITER_LANGUAGETOOL_DIR"] = a.dir
    return serve(a.idle, a.memory, port=a.port, public=a.public)


if __name__ == "__main__":
    raise SystemExit(main())
