"""One LanguageTool JVM that this process starts, waits for and stops; it dies with us.

The JVM runs in a process group of its own (`process_group=0`), so a Ctrl-C meant for the
window does not reach it, and beside it in that group a tiny keeper that holds the read end
of a pipe whose write end only we hold (a "death pipe"). However we end - a clean stop,
an exception, `kill -9` - the kernel closes our end; the keeper then sees end-of-file and
kills the whole group with SIGKILL (which also ends a JVM stopped with SIGSTOP).
"""

from __future__ import annotations

import contextlib
import os
import shlex
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from letterwriter import paths
from letterwriter.issue import GrammarUnavailable
from letterwriter.languagetool import cds, wire
from letterwriter.languagetool.installation import Installation, lt_root, require_installation, unwritable
from letterwriter.languagetool.java import Java, find_java

MAIN_CLASS = "org.languagetool.server.HTTPServer"
READY_TIMEOUT_S = 120.0  # a cold start here takes 4-12 s; a loaded machine can take much longer
PROBE_TIMEOUT_S = 2.0  # one health probe of a running server

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
# On two cores or fewer the JIT stops at C1: C2's compiler thread takes the other core while
# the rules load, and the first answer came in 7.7 s instead of 10.3 s (0.46x the raw server's
# cold start instead of 0.93x) for half the CPU; warm checks are 1.2-1.5x slower (80 ms for 80
# words). bench/run.py grammar, 2026-12-08. More cores keep the default tiered JIT.
FEW_CORES_OPTIONS = ["-XX:TieredStopAtLevel=1"]
# More JVM options from the person, after ours (the last of a kind wins: `-XX:TieredStopAtLevel=4`
# brings C2 back). `java -version`, which names the build a class-data archive is for, is not
# given them.
JAVA_OPTIONS_ENV = "LETTERWRITER_LT_JAVA_OPTIONS"


def jvm_options() -> list[str]:
    few = FEW_CORES_OPTIONS if (os.cpu_count() or 1) <= 2 else []
    return [*JVM_OPTIONS, *few, *shlex.split(os.environ.get(JAVA_OPTIONS_ENV, ""))]


SERVER_PROPERTIES = """\
# Written by Letterwriter for its local LanguageTool server.
cacheSize=1000
pipelineCaching=true
maxPipelinePoolSize=50
pipelineExpireTimeInSeconds=3600
maxTextLength=50000
maxCheckTimeMillis=60000
"""

# The keeper: waits for end-of-file on stdin (our end of the pipe closed), then kills its
# process group - the JVM and itself. It ignores the terminal's signals: only the pipe counts.
_KEEPER = (
    "import os,signal\n"
    "for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):\n"
    "    signal.signal(s, signal.SIG_IGN)\n"
    "while os.read(0, 4096):\n"
    "    pass\n"
    "os.killpg(os.getpgid(0), signal.SIGKILL)\n"
)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def last_line(path: Path) -> str:
    """The last non-empty line of a log, for a one-line reason."""
    try:
        lines = [ln for ln in path.read_text(errors="replace").splitlines() if ln.strip()]
    except OSError:
        return "no log"
    return lines[-1][:200] if lines else "no output"


def healthy(url: str, timeout: float = PROBE_TIMEOUT_S) -> bool:
    try:
        wire.fetch(url.rstrip("/") + "/v2/healthcheck", timeout=timeout, max_bytes=4096)
    except GrammarUnavailable:
        return False
    return True


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
        public: bool = False,
    ):
        self.memory_mb = memory_mb
        self.public = public  # LanguageTool's --public: every address, not only 127.0.0.1
        self.port = port
        self.run_dir = run_dir or lt_root() / "run"
        self.java = java
        self.install = install
        self.command = command  # a replacement command line (tests inject faults with it)
        self.extra_options = list(extra_options or [])
        self.classpath = classpath  # set only while the class-data archive is made
        self.proc: subprocess.Popen | None = None
        self.keeper: subprocess.Popen | None = None
        self._pipe: int | None = None  # our end of the death pipe
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
            *jvm_options(),
            *self.extra_options,
        ]
        classpath = self.classpath
        if classpath is None:
            archive = cds.archive_for(inst, java)
            if archive is not None:
                options.append(f"-XX:SharedArchiveFile={archive}")
                classpath = os.pathsep.join(str(j) for j in cds.classpath(inst))
                self.uses_cds = True
            else:
                classpath = inst.plain_classpath
        # nodelay: the JDK's HTTP server otherwise holds a reply's body back until the
        # client ACKs its headers, and a client that delays ACKs waits about 25 ms a check.
        return [
            java.path,
            *options,
            "-Dsun.net.httpserver.nodelay=true",
            "-cp",
            classpath,
            MAIN_CLASS,
            *self.server_options(config),
        ]

    def server_options(self, config: Path | None = None) -> list[str]:
        """LanguageTool's own server options: its port, its properties file, every address if asked."""
        config = config or self.run_dir / "server.properties"
        return ["--port", str(self.port), "--config", str(config), *(["--public"] if self.public else [])]

    def spawn(self) -> None:
        """Start the JVM (and its keeper); any thread may call this."""
        self.port = self.port or free_port()
        config = self.run_dir / "server.properties"
        try:
            paths.ensure_dir(self.run_dir)
            config.write_text(SERVER_PROPERTIES)
            log = open(self.log_path, "wb")
        except OSError as exc:
            raise unwritable(self.run_dir, exc) from None
        if self.command is not None:
            cmd = [c.replace("{port}", str(self.port)) for c in self.command]
        else:
            inst = self.install or require_installation()
            java = self.java or find_java()
            cmd = self.java_command(inst, java, config)
        self.started_at = time.monotonic()
        try:
            self.proc = subprocess.Popen(
                cmd,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=self.run_dir,
                process_group=0,
            )
        except OSError as exc:
            raise GrammarUnavailable(f"could not start LanguageTool: {exc}") from None
        finally:
            log.close()
        self._start_keeper()

    def _start_keeper(self) -> None:
        read_end, self._pipe = os.pipe()  # neither end is inherited by other children (PEP 446)
        try:
            self.keeper = subprocess.Popen(
                [sys.executable, "-I", "-S", "-c", _KEEPER],
                stdin=read_end,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                process_group=self.proc.pid,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            os.close(self._pipe)
            self._pipe = None
            if self.proc.poll() is not None:
                return  # the JVM exited at once: wait_ready reports why
            self.kill()  # a JVM nobody watches must not run on
            raise GrammarUnavailable(f"could not start LanguageTool: {exc}") from None
        finally:
            os.close(read_end)

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
                self._release()
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
        """One raw check (the warm-up, the class-data run, tests): the answer's bytes."""
        import urllib.parse

        data = urllib.parse.urlencode({"language": language, "text": text}).encode()
        return wire.fetch(self.url + "/v2/check", data, timeout=timeout)

    def warm_up(self) -> None:
        """One small check so the first real one does not pay for loading the rules."""
        with contextlib.suppress(GrammarUnavailable):
            self.post_check("This is a warm-up.", timeout=60)

    def start(self, **kw: Any) -> str:
        self.spawn()
        url = self.wait_ready(**kw)
        self.warm_up()
        return url

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, grace_s: float = 5) -> None:
        """SIGTERM (the JVM writes a class-data archive as it exits), SIGKILL after `grace_s`."""
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=grace_s)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
        self._release()

    def kill(self) -> None:
        """SIGKILL: also ends a stopped (SIGSTOP) or wedged JVM at once."""
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
        self._release()

    def _release(self) -> None:
        """Close our end of the death pipe: the keeper clears what is left of the group and exits."""
        if self._pipe is not None:
            os.close(self._pipe)
            self._pipe = None
        keeper, self.keeper = self.keeper, None
        if keeper is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                keeper.wait(timeout=5)
