"""Installs LanguageTool from Maven Central and runs it as a local HTTP server that we own.

Two ways to run it:
- `ServerProcess`: a JVM child of this process (the window's). On Linux it gets a
  parent-death signal, so it dies with us even when we are killed.
- the shared server for the command line: `ensure_shared_server()` finds a running one
  (state in `<languagetool dir>/server.json`) or starts a small supervisor
  (`python -m letterwriter.ltserver serve`) that owns the JVM and stops it after
  `lt_idle_minutes` without a check. Repeated `letterwriter check` calls reuse it.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from letterwriter import paths
from letterwriter.grammar import GrammarUnavailable

MAIN_CLASS = "org.languagetool.server.HTTPServer"
MIN_JAVA = 17
READY_TIMEOUT_S = 180.0
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never a proxy


def pom_path() -> Path:
    return paths.resources_dir() / "languagetool" / "pom.xml"


def lt_version() -> str:
    m = re.search(r"<languagetool.version>([^<]+)<", pom_path().read_text(encoding="utf-8"))
    return m.group(1).strip() if m else "6.8"


def lt_root() -> Path:
    env = os.environ.get("LETTERWRITER_LANGUAGETOOL_DIR", "").strip()
    return Path(env) if env else paths.user_home() / "languagetool"


@dataclass
class Installation:
    version: str
    lib_dir: Path
    size_mb: float

    @property
    def classpath(self) -> str:
        return str(self.lib_dir / "*")


def installation() -> Installation | None:
    version = lt_version()
    home = lt_root() / version
    marker = home / "installed.json"
    lib = home / "lib"
    try:
        info = json.loads(marker.read_text())
    except (OSError, ValueError):
        return None
    if not lib.is_dir() or not any(lib.glob("languagetool-server-*.jar")):
        return None
    if info.get("pom_sha256") != _pom_hash():
        return None  # the project now asks for other jars: install again
    return Installation(info.get("version", version), lib, float(info.get("size_mb", 0)))


def require_installation() -> Installation:
    """The installation, or GrammarUnavailable saying how to get one."""
    inst = installation()
    if inst is None:
        raise GrammarUnavailable(
            "LanguageTool is not installed: run 'letterwriter languagetool install' (or 'make setup'), "
            "or use a LanguageTool server by URL (--server URL, or Preferences)"
        )
    return inst


def _pom_hash() -> str:
    import hashlib

    return hashlib.sha256(pom_path().read_bytes()).hexdigest()


def _dir_size_mb(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6, 1)


def install(log: Callable[[str], None] = print) -> Installation:
    """Fetch the English server's jars with `mvn` into the user data folder. Idempotent."""
    found = installation()
    if found:
        log(f"LanguageTool {found.version} is installed in {found.lib_dir.parent} ({found.size_mb} MB)")
        return found
    mvn = shutil.which("mvn")
    if not mvn:
        raise GrammarUnavailable(
            "Maven ('mvn') is needed to fetch LanguageTool from Maven Central. Choose one: "
            "install Maven (Debian: apt-get install maven) and run 'letterwriter languagetool install'; "
            "or let language-tool-python download LanguageTool its own way and run it yourself; "
            "or use a LanguageTool server by URL (--server URL, or the lt_server_url setting)."
        )
    version = lt_version()
    home = paths.ensure_dir(lt_root() / version)
    tmp = home / "lib.part"
    shutil.rmtree(tmp, ignore_errors=True)
    cmd = [
        mvn,
        "-q",
        "-B",
        "-f",
        str(pom_path()),
        "dependency:copy-dependencies",
        f"-DoutputDirectory={tmp}",
        "-DincludeScope=runtime",
        f"-Dlanguagetool.version={version}",
    ]
    log(f"Fetching LanguageTool {version} (English) from Maven Central with mvn ...")
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0 or not any(tmp.glob("languagetool-server-*.jar")):
        shutil.rmtree(tmp, ignore_errors=True)
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-8:])
        raise GrammarUnavailable(f"mvn could not fetch LanguageTool {version}:\n{tail}")
    lib = home / "lib"
    shutil.rmtree(lib, ignore_errors=True)
    os.replace(tmp, lib)
    size = _dir_size_mb(lib)
    (home / "installed.json").write_text(
        json.dumps({"version": version, "size_mb": size, "pom_sha256": _pom_hash()})
    )
    log(f"LanguageTool {version} installed in {home} ({size} MB)")
    return Installation(version, lib, size)


# --- Java --------------------------------------------------------------------------------------


@dataclass
class Java:
    path: str
    major: int


def _java_major(java: str) -> int | None:
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    m = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not m:
        return None
    major = int(m.group(1))
    return int(m.group(2)) if major == 1 and m.group(2) else major


def find_java() -> Java:
    """Java 17+ from JAVA_HOME or PATH. LanguageTool's maintainers support 17 (newer JDKs
    have had regressions), so a 17 found in /usr/lib/jvm is preferred to a newer default."""
    candidates: list[str] = []
    if os.environ.get("JAVA_HOME"):
        candidates.append(str(Path(os.environ["JAVA_HOME"]) / "bin" / "java"))
    on_path = shutil.which("java")
    if on_path:
        candidates.append(on_path)
    seen = []
    for c in candidates:
        if not Path(c).exists():
            continue
        major = _java_major(c)
        if major is not None:
            seen.append(Java(c, major))
    usable = [j for j in seen if j.major >= MIN_JAVA]
    if usable and usable[0].major != 17 and not os.environ.get("JAVA_HOME"):
        for j17 in sorted(Path("/usr/lib/jvm").glob("*17*/bin/java")):
            if _java_major(str(j17)) == 17:
                return Java(str(j17), 17)
    if usable:
        return usable[0]
    if seen:
        raise GrammarUnavailable(
            f"Java {seen[0].major} at {seen[0].path} is too old: LanguageTool needs Java {MIN_JAVA} "
            "or newer (Debian: apt-get install openjdk-17-jre-headless, or set JAVA_HOME)"
        )
    raise GrammarUnavailable(
        f"Java was not found: LanguageTool needs Java {MIN_JAVA} or newer "
        "(Debian: apt-get install openjdk-17-jre-headless, or set JAVA_HOME)"
    )


# --- one server process -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:  # runs in the child between fork and exec
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def healthy(url: str, timeout: float = 2.0) -> bool:
    try:
        with _opener.open(url.rstrip("/") + "/v2/healthcheck", timeout=timeout) as r:
            return r.status == 200
    except (OSError, urllib.error.URLError, ValueError):
        return False


SERVER_PROPERTIES = """\
# Written by Letterwriter for its local LanguageTool server.
cacheSize=1000
pipelineCaching=true
maxPipelinePoolSize=50
pipelineExpireTimeInSeconds=3600
maxTextLength=50000
maxCheckTimeMillis=60000
"""


class ServerProcess:
    """A LanguageTool JVM that this process starts, waits for and stops."""

    def __init__(
        self,
        memory_mb: int = 768,
        port: int | None = None,
        run_dir: Path | None = None,
        java: Java | None = None,
        install: Installation | None = None,
        command: list[str] | None = None,
    ):
        self.memory_mb = memory_mb
        self.port = port
        self.run_dir = run_dir or paths.ensure_dir(lt_root() / "run")
        self.java = java
        self.install = install
        self.command = command  # a replacement command line (tests inject faults with it)
        self.proc: subprocess.Popen | None = None
        self.log_path = self.run_dir / "server.log"
        self.started_at = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def spawn(self) -> None:
        """Start the JVM. Call from a thread that lives as long as the server should
        (the parent-death signal follows the thread that forked)."""
        if self.command is None:
            inst = self.install or require_installation()
            java = self.java or find_java()
        self.port = self.port or free_port()
        paths.ensure_dir(self.run_dir)
        config = self.run_dir / "server.properties"
        config.write_text(SERVER_PROPERTIES)
        if self.command is not None:
            cmd = [c.replace("{port}", str(self.port)) for c in self.command]
        else:
            # nodelay: the JDK's HTTP server otherwise holds a reply's body back until the
            # client ACKs its headers, and a client that delays ACKs (requests does) waits
            # about 25 ms on every check.
            cmd = [
                java.path,
                f"-Xmx{self.memory_mb}m",
                "-XX:+UseSerialGC",
                "-Xss2m",
                "-Dsun.net.httpserver.nodelay=true",
                "-cp",
                inst.classpath,
                MAIN_CLASS,
                "--port",
                str(self.port),
                "--config",
                str(config),
            ]
        log = open(self.log_path, "wb")
        self.started_at = time.monotonic()
        try:
            self.proc = subprocess.Popen(
                cmd,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
                cwd=self.run_dir,
            )
        except OSError as exc:
            raise GrammarUnavailable(f"could not start LanguageTool: {exc}") from None
        finally:
            log.close()

    def wait_ready(
        self,
        timeout: float = READY_TIMEOUT_S,
        progress: Callable[[float], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> str:
        """Poll /v2/healthcheck until the server answers; progress(fraction) as it goes."""
        assert self.proc is not None, "spawn() first"
        deadline = time.monotonic() + timeout
        expected = 12.0  # seconds a cold English server usually needs here
        while time.monotonic() < deadline:
            if cancelled and cancelled():
                self.stop()
                raise GrammarUnavailable("start cancelled")
            code = self.proc.poll()
            if code is not None:
                raise GrammarUnavailable(self._death_reason(code))
            if healthy(self.url, timeout=1.0):
                if progress:
                    progress(1.0)
                return self.url
            if progress:
                progress(min(0.95, (time.monotonic() - self.started_at) / expected))
            time.sleep(0.05)
        self.stop()
        raise GrammarUnavailable(
            f"LanguageTool did not become ready within {int(timeout)} s (log: {self.log_path})"
        )

    def _death_reason(self, code: int) -> str:
        try:
            log = self.log_path.read_text(errors="replace")
        except OSError:
            log = ""
        if "Address already in use" in log or "BindException" in log:
            return f"port {self.port} is already taken by another program"
        if "OutOfMemoryError" in log:
            return f"LanguageTool ran out of memory (limit {self.memory_mb} MB; raise it in Preferences)"
        last = [ln for ln in log.strip().splitlines() if ln.strip()][-1:] or ["no output"]
        return f"LanguageTool exited (code {code}): {last[0][:200]} (log: {self.log_path})"

    def warm_up(self) -> None:
        """One small check so the first real one does not pay for loading the rules."""
        data = urllib.parse.urlencode({"language": "en-US", "text": "This is a warm-up."}).encode()
        with contextlib.suppress(OSError):
            _opener.open(self.url + "/v2/check", data=data, timeout=60).read()

    def start(self, **kw: Any) -> str:
        self.spawn()
        url = self.wait_ready(**kw)
        self.warm_up()
        return url

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)

    def rss_mb(self) -> float | None:
        if not self.alive():
            return None
        import psutil

        return round(psutil.Process(self.proc.pid).memory_info().rss / 1e6, 1)


class ManagedChecker:
    """A checker on a server we own: if the server dies mid-check, restart it once, then
    report it unavailable. The text being checked is never touched either way."""

    def __init__(self, server: ServerProcess, timeout: float = 30.0):
        from letterwriter.grammar import Checker

        self.server = server
        self._checker_cls = Checker
        self.timeout = timeout
        self.checker = Checker(server.url, timeout=timeout)
        self.restarts = 0

    def check(self, text: str, **kw: Any):
        try:
            return self.checker.check(text, **kw)
        except GrammarUnavailable as first:
            if self.server.alive():
                raise
            if self.restarts >= 1:
                raise GrammarUnavailable(f"LanguageTool stopped again ({first}); checks are off") from None
            self.restarts += 1
            self.server.stop()
            self.server.port = None
            try:
                self.server.start()
                self.checker = self._checker_cls(self.server.url, timeout=self.timeout)
                return self.checker.check(text, **kw)
            except GrammarUnavailable as second:
                self.server.stop()
                raise GrammarUnavailable(
                    f"LanguageTool stopped during a check and failed after a restart: {second}"
                ) from None


# --- the shared server for the command line --------------------------------------------------


def _state_path() -> Path:
    return lt_root() / "server.json"


def _touch_path() -> Path:
    return lt_root() / "server.last_used"


def _read_state() -> dict[str, Any] | None:
    try:
        state = json.loads(_state_path().read_text())
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) else None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def shared_status() -> dict[str, Any]:
    state = _read_state()
    if state and _pid_alive(int(state.get("pid", 0))) and healthy(state["url"]):
        return {"state": "running", **state}
    if state and _pid_alive(int(state.get("pid", 0))):
        return {"state": "starting", **state}
    return {"state": "stopped"}


def ensure_shared_server(timeout: float = READY_TIMEOUT_S) -> str:
    """The URL of the shared local server, started on demand (it stops itself when idle)."""
    import fcntl

    from letterwriter.settings import Settings

    paths.ensure_dir(lt_root())
    _touch_path().touch()
    status = shared_status()
    if status["state"] == "running":
        return status["url"]
    require_installation()
    find_java()  # a clear message before any process is started
    with open(lt_root() / "server.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        status = shared_status()
        if status["state"] == "stopped":
            settings = Settings.load()
            _state_path().unlink(missing_ok=True)
            log = open(lt_root() / "supervisor.log", "ab")
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "letterwriter.ltserver",
                    "serve",
                    "--idle",
                    str(settings.get("lt_idle_minutes")),
                    "--memory",
                    str(settings.get("lt_memory_mb")),
                ],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                start_new_session=True,
                env={**os.environ, "LETTERWRITER_LANGUAGETOOL_DIR": str(lt_root())},
            )
            log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = shared_status()
            if status["state"] == "running":
                return status["url"]
            state = _read_state()
            if state and state.get("error"):
                _state_path().unlink(missing_ok=True)
                raise GrammarUnavailable(state["error"])
            time.sleep(0.2)
    raise GrammarUnavailable(f"the shared LanguageTool server did not start within {int(timeout)} s")


def stop_shared() -> bool:
    state = _read_state()
    if not state or not _pid_alive(int(state.get("pid", 0))):
        _state_path().unlink(missing_ok=True)
        return False
    os.kill(int(state["pid"]), signal.SIGTERM)
    for _ in range(100):
        if not _pid_alive(int(state["pid"])):
            break
        time.sleep(0.1)
    _state_path().unlink(missing_ok=True)
    return True


def serve(idle_minutes: float, memory_mb: int) -> int:
    """The supervisor: owns the JVM, publishes its URL, stops it after idle minutes."""
    server = ServerProcess(memory_mb=memory_mb)
    state_path = _state_path()

    def write_state(**extra: Any) -> None:
        tmp = state_path.with_suffix(".tmp")
        tmp.write_text(
            json.dumps(
                {
                    "pid": os.getpid(),
                    "url": server.url if server.port else "",
                    "version": lt_version(),
                    "memory_mb": memory_mb,
                    **extra,
                }
            )
        )
        os.replace(tmp, state_path)

    def on_term(signum, frame):
        server.stop()
        state_path.unlink(missing_ok=True)
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    try:
        server.start()
    except GrammarUnavailable as exc:
        write_state(error=str(exc))
        return 1
    write_state(java_pid=server.proc.pid if server.proc else None)
    _touch_path().touch()
    try:
        while True:
            time.sleep(2)
            if not server.alive():
                state_path.unlink(missing_ok=True)
                return 1
            idle = time.time() - _touch_path().stat().st_mtime
            if idle > idle_minutes * 60:
                break
    finally:
        server.stop()
        if _read_state() and _read_state().get("pid") == os.getpid():
            state_path.unlink(missing_ok=True)
    return 0


# --- command line and doctor ------------------------------------------------------------------


def doctor_info() -> dict[str, Any]:
    info: dict[str, Any] = {}
    try:
        j = find_java()
        info["java"] = {"path": j.path, "version": j.major}
    except GrammarUnavailable as exc:
        info["java"] = {"error": str(exc)}
    inst = installation()
    info["languagetool"] = (
        {"version": inst.version, "path": str(inst.lib_dir.parent), "size_mb": inst.size_mb}
        if inst
        else {"installed": False, "expected_version": lt_version(), "path": str(lt_root())}
    )
    from letterwriter.settings import Settings

    url = Settings.load().get("lt_server_url")
    info["languagetool_server"] = {"remote": url} if url else shared_status()
    return info


def cli_action(action: str, as_json: bool = False) -> int:
    def out(data: dict[str, Any], text: str) -> None:
        print(json.dumps(data, indent=2) if as_json else text)

    try:
        if action == "install":
            inst = install(log=(lambda s: None) if as_json else (lambda s: print(s, file=sys.stderr)))
            out(
                {
                    "version": inst.version,
                    "path": str(inst.lib_dir.parent),
                    "size_mb": inst.size_mb,
                },
                f"LanguageTool {inst.version}: {inst.lib_dir.parent}",
            )
            return 0
        if action == "start":
            url = ensure_shared_server()
            out({"state": "running", "url": url}, f"LanguageTool is running at {url}")
            return 0
        if action == "stop":
            stopped = stop_shared()
            out({"stopped": stopped}, "stopped" if stopped else "LanguageTool was not running")
            return 0
        status = shared_status()
        out(
            status,
            f"LanguageTool: {status['state']}" + (f" at {status['url']}" if status.get("url") else ""),
        )
        return 0
    except GrammarUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3


def _main(argv: list[str]) -> int:
    import argparse

    p = argparse.ArgumentParser(prog="python -m letterwriter.ltserver")
    p.add_argument("command", choices=("serve",))
    p.add_argument("--idle", type=float, default=15)
    p.add_argument("--memory", type=int, default=768)
    a = p.parse_args(argv)
    return serve(a.idle, a.memory)


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
