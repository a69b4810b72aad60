"""Installs LanguageTool from Maven Central and runs it as a local HTTP server that we own.

Two ways to run it:
- `ServerProcess`: a JVM child of this process (the window's). On Linux it gets a
  parent-death signal, so it dies with us even when we are killed.
- the shared server for the command line: `ensure_shared_server()` finds a running one or
  starts a small supervisor (`python -m letterwriter.ltserver serve --dir DIR`) that owns
  the JVM, restarts it when it dies or stops answering, and stops it after
  `lt_idle_minutes` without a check. One supervisor per LanguageTool folder: it holds
  `supervisor.lock` (flock) for its whole life, and publishes itself in `server.json`
  (pid, start time, URL, phase). Nothing is ever signalled unless it holds that lock and
  its start time and command line match the state file.

The install step also writes an AppCDS archive (class data of a warmed-up server), which
makes a cold start about 20% faster; any mismatch with the jars or the Java version and
the server starts the plain way.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from letterwriter import paths
from letterwriter.issue import GrammarUnavailable

MAIN_CLASS = "org.languagetool.server.HTTPServer"
MIN_JAVA = 17
READY_TIMEOUT_S = 120.0  # a cold start here takes 4-12 s; a loaded machine can take much longer
PROBE_TIMEOUT_S = 2.0  # one health probe of a running server
STUCK_AFTER_S = 10.0  # no health answer this long: the supervisor kills and restarts the JVM
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never a proxy

# JVM options chosen by measurement (bench/run.py grammar; docs/reliability.md, "LanguageTool").
# The live heap of a warm English server is 130-155 MB. Java's default initial heap here
# (1/64 of RAM) lets the old generation fill 320 MB before its first full collection, and
# every page it touched stays resident. A 176 MB initial heap (no full collection during
# start) with a 32 MB young generation, the serial collector and tight free ratios keeps
# the resident size after warm-up near 320 MB; warm checks stay as fast as the raw server's.
JVM_OPTIONS = [
    "-XX:+UseSerialGC",
    "-Xmn32m",
    "-XX:MinHeapFreeRatio=10",
    "-XX:MaxHeapFreeRatio=30",
    "-Xss1m",
    "-XX:ReservedCodeCacheSize=64m",
]
INITIAL_HEAP_MB = 176


def pom_path() -> Path:
    return paths.resources_dir() / "languagetool" / "pom.xml"


def lt_version() -> str:
    m = re.search(r"<languagetool.version>([^<]+)<", pom_path().read_text(encoding="utf-8"))
    return m.group(1).strip() if m else "6.8"


def lt_root() -> Path:
    return paths.languagetool_dir()


@dataclass
class Installation:
    version: str
    lib_dir: Path
    size_mb: float

    @property
    def classpath(self) -> str:
        return str(self.lib_dir / "*")

    @property
    def cds_dir(self) -> Path:
        return self.lib_dir.parent / "cds"


def installation() -> Installation | None:
    version = lt_version()
    home = lt_root() / version
    marker = home / "installed.json"
    lib = home / "lib"
    try:
        info = json.loads(marker.read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(info, dict) or not lib.is_dir() or not any(lib.glob("languagetool-server-*.jar")):
        return None
    if info.get("pom_sha256") != _pom_hash():
        return None  # the project now asks for other jars: install again
    try:
        size = float(info.get("size_mb", 0))
    except (TypeError, ValueError):
        size = 0.0
    return Installation(str(info.get("version", version)), lib, size)


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
    return hashlib.sha256(pom_path().read_bytes()).hexdigest()


def _dir_size_mb(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6, 1)


def install(log: Callable[[str], None] = print, cds: bool = True) -> Installation:
    """Fetch the English server's jars with `mvn` into the user data folder, then build the
    class-data archive. Idempotent, and quick when both are there."""
    found = installation()
    if found:
        log(f"LanguageTool {found.version} is installed in {found.lib_dir.parent} ({found.size_mb} MB)")
    else:
        found = _fetch(log)
    if cds:
        try:
            make_cds(found, find_java(), log)
        except GrammarUnavailable as exc:
            log(f"note: no class-data archive, LanguageTool will start the plain way: {exc}")
    return found


def _fetch(log: Callable[[str], None]) -> Installation:
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
    shutil.rmtree(home / "cds", ignore_errors=True)  # an archive of the old jars is useless
    os.replace(tmp, lib)
    size = _dir_size_mb(lib)
    (home / "installed.json").write_text(
        json.dumps({"version": version, "size_mb": size, "pom_sha256": _pom_hash()})
    )
    log(f"LanguageTool {version} installed in {home} ({size} MB)")
    return Installation(version, lib, size)


# --- the class-data (AppCDS) archive ---------------------------------------------------------


def _server_jar(lib: Path) -> Path:
    return sorted(lib.glob("languagetool-server-*.jar"))[0]


def cds_classpath(inst: Installation, cds_dir: Path | None = None) -> list[Path]:
    """The jars in a fixed order (a CDS archive records the class path exactly), with the
    server jar replaced by our copy whose manifest has no Class-Path."""
    cds_dir = cds_dir or inst.cds_dir
    server = _server_jar(inst.lib_dir)
    others = sorted(p for p in inst.lib_dir.glob("*.jar") if p != server)
    return [*others, cds_dir / server.name]


def _fingerprint(jars: list[Path]) -> str:
    h = hashlib.sha256()
    for jar in jars:
        st = jar.stat()
        h.update(f"{jar.name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def strip_class_path(src: Path, dst: Path) -> None:
    """Copy a jar without the manifest's Class-Path: Java 17 will not use a CDS archive while
    a jar's manifest puts a non-empty folder ("./" in LanguageTool's server jar) on the path."""
    tmp = dst.with_suffix(".part")
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.upper() == "META-INF/MANIFEST.MF":
                lines, skipping = [], False
                for line in data.decode("utf-8").replace("\r\n", "\n").split("\n"):
                    if skipping and line.startswith(" "):
                        continue  # a continuation of the Class-Path value
                    skipping = line.lower().startswith("class-path:")
                    if not skipping:
                        lines.append(line)
                data = "\r\n".join(lines).encode("utf-8")
            zout.writestr(item, data)
    os.replace(tmp, dst)


def cds_archive(inst: Installation, java: Java) -> Path | None:
    """The archive, if it was made for exactly these jars and this Java; None otherwise."""
    try:
        info = json.loads((inst.cds_dir / "cds.json").read_text())
        archive = inst.cds_dir / "server.jsa"
        jars = cds_classpath(inst)
        if (
            isinstance(info, dict)
            and info.get("java_version") == java.version
            and info.get("jars") == _fingerprint(jars)
            and archive.is_file()
        ):
            return archive
    except (OSError, ValueError, IndexError):
        pass
    return None


WARM_UP_TEXTS = [
    ("en-US", "I recieve your leter yesterday. He go to school, and their is a cat."),
    ("en-US", "Dear Sam,\n\nThank you for the lovely dinner. We laughed so much that evening!"),
    ("en-GB", "My favourite colour reminds me of the summer we spent by the sea."),
]


def make_cds(inst: Installation, java: Java, log: Callable[[str], None] = print) -> Path:
    """Build the class-data archive from a warmed-up server (`-XX:ArchiveClassesAtExit`)."""
    found = cds_archive(inst, java)
    if found:
        log(f"class-data archive: {found}")
        return found
    # Dumped in place: the archive records the class path, so the jar must not move after.
    # cds.json, written last, is what makes the folder count as an archive.
    cds = inst.cds_dir
    shutil.rmtree(cds, ignore_errors=True)
    cds.mkdir(parents=True)
    server = _server_jar(inst.lib_dir)
    strip_class_path(server, cds / server.name)
    jars = cds_classpath(inst)
    log("Making a class-data archive for a faster LanguageTool start ...")
    archive = cds / "server.jsa"
    proc = ServerProcess(
        memory_mb=512,
        run_dir=cds,
        java=java,
        install=inst,
        extra_options=[f"-XX:ArchiveClassesAtExit={archive}"],
        classpath=os.pathsep.join(str(j) for j in jars),
    )
    try:
        proc.start(timeout=READY_TIMEOUT_S)
        for language, text in WARM_UP_TEXTS:
            proc.post_check(text, language, timeout=120)
    except (GrammarUnavailable, OSError) as exc:
        proc.stop()
        shutil.rmtree(cds, ignore_errors=True)
        raise GrammarUnavailable(f"the warm-up run failed: {exc}") from None
    proc.stop(grace_s=120)  # the archive is written as the JVM exits
    if not archive.is_file() or archive.stat().st_size == 0:
        reason = _last_line(proc.log_path)
        shutil.rmtree(cds, ignore_errors=True)
        raise GrammarUnavailable(f"Java wrote no archive ({reason})")
    for leftover in ("server.log", "server.properties"):
        (cds / leftover).unlink(missing_ok=True)
    info = {"java_version": java.version, "java": java.path, "jars": _fingerprint(jars)}
    (cds / "cds.json").write_text(json.dumps(info))
    log(f"class-data archive: {inst.cds_dir / 'server.jsa'}")
    return inst.cds_dir / "server.jsa"


# --- Java --------------------------------------------------------------------------------------


@dataclass
class Java:
    path: str
    major: int
    version: str = ""  # the whole `java -version` banner: a CDS archive is only for that build


def _java_probe(java: str) -> tuple[int, str] | None:
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    banner = (out.stderr + out.stdout).strip()
    m = re.search(r'version "(\d+)(?:\.(\d+))?', banner)
    if not m:
        return None
    major = int(m.group(1))
    major = int(m.group(2)) if major == 1 and m.group(2) else major
    return major, f"{os.path.realpath(java)}\n{banner}"


def _java_major(java: str) -> int | None:
    found = _java_probe(java)
    return found[0] if found else None


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
        found = _java_probe(c)
        if found is not None:
            seen.append(Java(c, found[0], found[1]))
    usable = [j for j in seen if j.major >= MIN_JAVA]
    if usable and usable[0].major != 17 and not os.environ.get("JAVA_HOME"):
        for j17 in sorted(Path("/usr/lib/jvm").glob("*17*/bin/java")):
            found = _java_probe(str(j17))
            if found and found[0] == 17:
                return Java(str(j17), 17, found[1])
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
        # SIGKILL, not SIGTERM: a stopped (SIGSTOP) JVM would hold a pending SIGTERM forever
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def healthy(url: str, timeout: float = PROBE_TIMEOUT_S) -> bool:
    try:
        with _opener.open(url.rstrip("/") + "/v2/healthcheck", timeout=timeout) as r:
            return r.status == 200
    except (OSError, urllib.error.URLError, ValueError, http_exceptions()):
        return False


def http_exceptions() -> type[Exception]:
    import http.client

    return http.client.HTTPException


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
        extra_options: list[str] | None = None,
        classpath: str | None = None,
    ):
        self.memory_mb = memory_mb
        self.port = port
        self.run_dir = run_dir or paths.ensure_dir(lt_root() / "run")
        self.java = java
        self.install = install
        self.command = command  # a replacement command line (tests inject faults with it)
        self.extra_options = list(extra_options or [])
        self.classpath = classpath  # set only by make_cds
        self.proc: subprocess.Popen | None = None
        self.log_path = self.run_dir / "server.log"
        self.started_at = 0.0
        self.uses_cds = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def java_command(self, inst: Installation, java: Java, config: Path) -> list[str]:
        options = [
            f"-Xmx{self.memory_mb}m",
            f"-Xms{min(INITIAL_HEAP_MB, self.memory_mb)}m",
            *JVM_OPTIONS,
            *self.extra_options,
        ]
        classpath = self.classpath
        if classpath is None:
            archive = cds_archive(inst, java)
            if archive is not None:
                options.append(f"-XX:SharedArchiveFile={archive}")
                classpath = os.pathsep.join(str(j) for j in cds_classpath(inst))
                self.uses_cds = True
            else:
                classpath = inst.classpath
        # nodelay: the JDK's HTTP server otherwise holds a reply's body back until the
        # client ACKs its headers, and a client that delays ACKs (requests does) waits
        # about 25 ms on every check.
        return [
            java.path,
            *options,
            "-Dsun.net.httpserver.nodelay=true",
            "-cp",
            classpath,
            MAIN_CLASS,
            "--port",
            str(self.port),
            "--config",
            str(config),
        ]

    def spawn(self) -> None:
        """Start the JVM. Call from a thread that lives as long as the server should
        (the parent-death signal follows the thread that forked)."""
        self.port = self.port or free_port()
        paths.ensure_dir(self.run_dir)
        config = self.run_dir / "server.properties"
        config.write_text(SERVER_PROPERTIES)
        if self.command is not None:
            cmd = [c.replace("{port}", str(self.port)) for c in self.command]
        else:
            inst = self.install or require_installation()
            java = self.java or find_java()
            cmd = self.java_command(inst, java, config)
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
        expected = 8.0  # seconds a cold English server usually needs here
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
        if code < 0:
            return f"LanguageTool was killed by signal {-code} while starting (log: {self.log_path})"
        last = [ln for ln in log.strip().splitlines() if ln.strip()][-1:] or ["no output"]
        return f"LanguageTool exited (code {code}): {last[0][:200]} (log: {self.log_path})"

    def post_check(self, text: str, language: str = "en-US", timeout: float = 60) -> bytes:
        data = urllib.parse.urlencode({"language": language, "text": text}).encode()
        with _opener.open(self.url + "/v2/check", data=data, timeout=timeout) as r:
            return r.read()

    def warm_up(self) -> None:
        """One small check so the first real one does not pay for loading the rules."""
        with contextlib.suppress(OSError, http_exceptions()):
            self.post_check("This is a warm-up.", timeout=60)

    def start(self, **kw: Any) -> str:
        self.spawn()
        url = self.wait_ready(**kw)
        self.warm_up()
        return url

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, grace_s: float = 5) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)

    def kill(self) -> None:
        """SIGKILL: also ends a stopped (SIGSTOP) or wedged JVM at once."""
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)

    def rss_mb(self) -> float | None:
        if not self.alive():
            return None
        import psutil

        return round(psutil.Process(self.proc.pid).memory_info().rss / 1e6, 1)


# --- the shared server for the command line --------------------------------------------------

# server.json, written only by the supervisor (atomically):
#   pid, create_time   the supervisor, as psutil sees it (proof that a pid is still ours)
#   phase              starting | running | restarting | failed
#   url, java_pid      the JVM being served ("" / null until it runs)
#   error              why the last start failed (phase "failed")
_STATE_TYPES: dict[str, tuple[type, ...]] = {
    "pid": (int,),
    "create_time": (int, float),
    "phase": (str,),
    "url": (str,),
}
PHASES = ("starting", "running", "restarting", "failed")


def _state_path() -> Path:
    return lt_root() / "server.json"


def _touch_path() -> Path:
    return lt_root() / "server.last_used"


def _lock_path() -> Path:
    return lt_root() / "supervisor.lock"


def _shared_run_dir() -> Path:
    return lt_root() / "shared"


def _read_state() -> dict[str, Any] | None:
    """server.json if it is well formed; None for missing, damaged or wrongly typed."""
    try:
        state = json.loads(_state_path().read_text())
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


def _supervisor_running() -> bool:
    """True while some supervisor holds supervisor.lock (a lock dies with its process)."""
    try:
        fd = os.open(_lock_path(), os.O_RDONLY)
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


def _supervisor_cmdline_marker() -> str:
    return str(lt_root().resolve())


def _is_our_supervisor(state: dict[str, Any]) -> bool:
    """The pid names the supervisor of this folder: same start time, same command line."""
    import psutil

    try:
        proc = psutil.Process(state["pid"])
        if abs(proc.create_time() - float(state["create_time"])) > 0.01:
            return False  # the pid was reused by another process
        cmd = proc.cmdline()
    except (psutil.Error, OSError):
        return False
    return "letterwriter.ltserver" in cmd and "serve" in cmd and _supervisor_cmdline_marker() in cmd


def _clean_stale_state() -> bool:
    """Remove server.json if no supervisor holds the lock: it names nothing of ours."""
    if _state_path().exists() and not _supervisor_running():
        _state_path().unlink(missing_ok=True)
        return True
    return False


def shared_status(probe: bool = True) -> dict[str, Any]:
    """stopped, starting, restarting, running, failed or stale, with the state's details."""
    if not _supervisor_running():
        state = _read_state()
        if state and state.get("phase") == "failed":
            return {"state": "failed", "error": state.get("error") or "unknown"}
        stale = _clean_stale_state()
        return {"state": "stopped", **({"removed_stale_state": True} if stale else {})}
    state = _read_state()
    if state is None or not _is_our_supervisor(state):
        return {"state": "starting"}  # the supervisor has not published itself yet
    out = {k: state.get(k) for k in ("pid", "url", "java_pid", "version", "memory_mb", "cds", "restarts")}
    out = {k: v for k, v in out.items() if v is not None}
    phase = state["phase"]
    if phase == "running" and probe and not healthy(state["url"]):
        phase = "not answering"
    return {"state": phase, **out}


def _supervisor_command(settings) -> list[str]:
    return [
        sys.executable,
        "-m",
        "letterwriter.ltserver",
        "serve",
        "--dir",
        _supervisor_cmdline_marker(),
        "--idle",
        str(settings.get("lt_idle_minutes")),
        "--memory",
        str(settings.get("lt_memory_mb")),
    ]


@contextlib.contextmanager
def _flocked(path: Path) -> Iterator[None]:
    with open(path, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        yield


def ensure_shared_server(
    timeout: float = READY_TIMEOUT_S,
    progress: Callable[[str], None] | None = None,
    avoid: str | None = None,
) -> str:
    """The URL of the shared local server, started on demand (it stops itself when idle).

    `avoid`: a URL that just failed; wait for the supervisor to serve a working one.
    `progress` hears a short line now and then while the server starts.
    """
    from letterwriter.settings import Settings

    paths.ensure_dir(lt_root())
    _touch_path().touch()
    status = shared_status(probe=False)
    if status["state"] == "running" and status.get("url") != avoid:
        return status["url"]
    require_installation()
    find_java()  # a clear message before any process is started
    started = time.monotonic()
    deadline = started + timeout
    spawned: subprocess.Popen | None = None
    last_note = 0.0
    spawns = 0
    while time.monotonic() < deadline:
        if not _supervisor_running():
            state = _read_state()
            if spawned is not None and state and state.get("phase") == "failed":
                raise GrammarUnavailable(state.get("error") or "LanguageTool failed to start")
            if spawned is not None and spawned.poll() is not None and spawns >= 2:
                raise GrammarUnavailable(
                    f"the LanguageTool supervisor exited (code {spawned.returncode}): "
                    f"{_last_line(lt_root() / 'supervisor.log')}"
                )
            with _flocked(lt_root() / "spawn.lock"):
                # Two cold checks at once: the second finds the first's supervisor here.
                if not _supervisor_running() and (spawned is None or spawned.poll() is not None):
                    _clean_stale_state()
                    _state_path().unlink(missing_ok=True)
                    spawned = _spawn_supervisor(Settings.load())
                    spawns += 1
                    # hold spawn.lock until it holds its own lock (or gave up), so no one
                    # else starts a second one meanwhile
                    t_end = time.monotonic() + 10
                    while time.monotonic() < t_end and spawned.poll() is None:
                        if _supervisor_running():
                            break
                        time.sleep(0.02)
        else:
            state = _read_state()
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
        f"(log: {_shared_run_dir() / 'server.log'})"
    )


def _spawn_supervisor(settings) -> subprocess.Popen:
    with open(lt_root() / "supervisor.log", "ab") as log:
        return subprocess.Popen(
            _supervisor_command(settings),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            start_new_session=True,  # it outlives the check that started it
            env={**os.environ, "LETTERWRITER_LANGUAGETOOL_DIR": str(lt_root())},
        )


def _last_line(path: Path) -> str:
    try:
        lines = [ln for ln in path.read_text(errors="replace").splitlines() if ln.strip()]
    except OSError:
        return "no log"
    return lines[-1][:200] if lines else "no output"


def stop_shared() -> bool:
    """Stop the shared server if it is ours; True if something was stopped.

    Signals only a process that holds the supervisor lock and whose start time and command
    line match server.json. A stale server.json (no lock held) is removed, nothing signalled.
    """
    if not _supervisor_running():
        _clean_stale_state()
        return False
    state = None
    for _ in range(50):  # a supervisor that just started may not have published itself yet
        state = _read_state()
        if state is not None and _is_our_supervisor(state):
            break
        time.sleep(0.1)
    else:
        raise GrammarUnavailable(
            f"a LanguageTool supervisor holds {_lock_path()} but {_state_path()} does not name it: "
            "nothing was signalled"
        )
    pid = state["pid"]
    os.kill(pid, signal.SIGTERM)
    for _ in range(150):
        if not _supervisor_running():
            break
        time.sleep(0.1)
    else:
        if _is_our_supervisor(state):
            os.kill(pid, signal.SIGKILL)  # its JVM follows by the parent-death signal
        for _ in range(50):
            if not _supervisor_running():
                break
            time.sleep(0.1)
    _clean_stale_state()
    return True


def serve(idle_minutes: float, memory_mb: int) -> int:
    """The supervisor: owns the JVM, publishes its URL, restarts it when it dies or stops
    answering, and stops it after `idle_minutes` without a check."""
    import psutil

    paths.ensure_dir(lt_root())
    lock = open(_lock_path(), "a")
    for _ in range(100):  # a status probe holds the lock for microseconds: retry briefly
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except OSError:
            time.sleep(0.02)
    else:
        print("another supervisor is running for this folder", flush=True)
        return 0
    me = psutil.Process()
    stop = threading.Event()
    server = ServerProcess(memory_mb=memory_mb, run_dir=_shared_run_dir())
    restarts = 0
    state_path = _state_path()

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
        server.port = None
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
        return True

    write_state("starting")
    _touch_path().touch()
    code = 0
    try:
        if not start_jvm():
            return 0 if stop.is_set() else 1
        last_ok = time.monotonic()
        next_probe = 0.0
        recent: list[float] = []
        while not stop.wait(0.2):
            now = time.monotonic()
            reason = ""
            if not server.alive():
                reason = "the JVM exited"
            elif now >= next_probe:
                next_probe = now + 1.0
                if healthy(server.url, timeout=PROBE_TIMEOUT_S):
                    last_ok = time.monotonic()
                elif time.monotonic() - last_ok > STUCK_AFTER_S:
                    reason = f"the JVM did not answer for {STUCK_AFTER_S:g} s"
            if reason:
                recent = [t for t in recent if now - t < 120] + [now]
                if len(recent) > 5:
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
            try:
                idle = time.time() - _touch_path().stat().st_mtime
            except OSError:
                idle = 0.0
            if idle > idle_minutes * 60:
                log("idle: stopping")
                break
    finally:
        server.stop()
        state = _read_state()
        if state is None or (state["pid"] == os.getpid() and state["phase"] != "failed"):
            state_path.unlink(missing_ok=True)
        lock.close()
    return code


# --- command line and doctor ------------------------------------------------------------------


def doctor_info() -> dict[str, Any]:
    info: dict[str, Any] = {}
    java = None
    try:
        java = find_java()
        info["java"] = {"path": java.path, "version": java.major}
    except GrammarUnavailable as exc:
        info["java"] = {"error": str(exc)}
    inst = installation()
    if inst:
        info["languagetool"] = {
            "version": inst.version,
            "path": str(inst.lib_dir.parent),
            "size_mb": inst.size_mb,
            "cds_archive": bool(java and cds_archive(inst, java)),
        }
    else:
        info["languagetool"] = {"installed": False, "expected_version": lt_version(), "path": str(lt_root())}
    from letterwriter.settings import Settings

    url = Settings.load().get("lt_server_url")
    if url and isinstance(url, str):
        info["languagetool_server"] = {"remote": url}
    else:
        try:
            info["languagetool_server"] = shared_status()
        except OSError as exc:
            info["languagetool_server"] = {"error": str(exc)}
    return info


def cli_action(action: str, as_json: bool = False, progress: Callable[[str], None] | None = None) -> int:
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
            url = ensure_shared_server(progress=progress)
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
    p.add_argument("--dir", help="the LanguageTool folder this supervisor serves")
    p.add_argument("--idle", type=float, default=15)
    p.add_argument("--memory", type=int, default=512)
    a = p.parse_args(argv)
    if a.dir:
        os.environ["LETTERWRITER_LANGUAGETOOL_DIR"] = a.dir
    return serve(a.idle, a.memory)


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
