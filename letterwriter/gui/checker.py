"""Background grammar checks: LanguageTool start-up and checks run in the thread pool.

Results come back to the GUI thread by signal, each tagged with the request id it answers;
the window drops any result whose id is not the latest one.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

STARTING, READY, CHECKING, UNAVAILABLE, OFF = "starting", "ready", "checking", "unavailable", "off"


def _emit_from_worker(signal, *args) -> None:
    """Emit from a pool thread; if the window (and this service) closed meanwhile, drop it."""
    try:
        signal.emit(*args)
    except RuntimeError:
        pass


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], None]) -> None:
        super().__init__()
        self.fn = fn
        self.setAutoDelete(True)

    def run(self) -> None:
        self.fn()


class CheckService(QObject):
    """Owns the LanguageTool connection; `state_changed(state, detail)` reports what it does."""

    state_changed = Signal(str, str)
    progress = Signal(float)
    result = Signal(int, object, str)  # request id, CheckReport, checked text (GUI thread only)
    failed = Signal(int, str)
    _finished = Signal(int)  # crosses threads with a plain id; the payload waits in _results
    _ready = Signal(str)
    _unavailable = Signal(str)
    _prepared = Signal(object)

    def __init__(self, settings, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.pool = pool or QThreadPool.globalInstance()
        self.state, self.detail = OFF, ""
        self.url = ""
        self.server = None
        self._cancel = threading.Event()
        self._results: dict[int, tuple] = {}
        self._ticket = 0
        self._finished.connect(self._deliver)
        self._ready.connect(self._on_ready)
        self._unavailable.connect(self._on_unavailable)
        self._prepared.connect(self._spawn)

    def _set(self, state: str, detail: str = "") -> None:
        self.state, self.detail = state, detail
        self.state_changed.emit(state, detail)

    def start(self) -> None:
        """Connect to the configured server, or start our own LanguageTool (never blocks)."""
        url = (os.environ.get("LETTERWRITER_LT_URL") or self.settings.get("lt_server_url") or "").strip()
        if url:
            self._set(STARTING, f"connecting to {url}")
            self.pool.start(_Task(lambda: self._probe(url)))
            return
        self._set(STARTING, "starting LanguageTool")
        self._cancel.clear()
        # Finding Java runs `java -version` (about 0.1 s): a worker does it, then the GUI
        # thread spawns the server (see _spawn), then a worker waits for it to be ready.
        self.pool.start(_Task(self._prepare))

    def _prepare(self) -> None:
        from letterwriter import ltserver

        try:
            java = ltserver.find_java()
            inst = ltserver.require_installation()
        except Exception as exc:
            _emit_from_worker(self._unavailable, str(exc) or type(exc).__name__)
            return
        _emit_from_worker(self._prepared, (java, inst))

    def _spawn(self, found) -> None:
        from letterwriter import ltserver

        if self._cancel.is_set():
            return
        java, inst = found
        self.server = ltserver.ServerProcess(
            memory_mb=int(self.settings.get("lt_memory_mb")), java=java, install=inst
        )
        try:
            self.server.spawn()  # on the GUI thread: the parent-death signal follows this thread
        except Exception as exc:  # still only "checks are off"
            self.server = None
            self._set(UNAVAILABLE, str(exc) or type(exc).__name__)
            return
        server, cancel = self.server, self._cancel
        self.pool.start(_Task(lambda: self._wait(server, cancel)))

    def _probe(self, url: str) -> None:
        from letterwriter import ltserver

        if ltserver.healthy(url, timeout=5.0):
            _emit_from_worker(self._ready, url)
        else:
            _emit_from_worker(self._unavailable, f"the LanguageTool server at {url} does not answer")

    def _wait(self, server, cancel: threading.Event) -> None:
        try:
            url = server.wait_ready(
                progress=lambda f: _emit_from_worker(self.progress, f), cancelled=cancel.is_set
            )
            server.warm_up()
        except Exception as exc:
            _emit_from_worker(self._unavailable, str(exc) or type(exc).__name__)
            return
        _emit_from_worker(self._ready, url)

    def _on_ready(self, url: str) -> None:
        self.url = url
        self._set(READY, url)

    def _on_unavailable(self, why: str) -> None:
        if self._cancel.is_set():
            return
        self.url = ""
        self._set(UNAVAILABLE, why)

    def available(self) -> bool:
        return bool(self.url) and self.state in (READY, CHECKING)

    def check(self, request_id: int, letter, text: str) -> bool:
        """Queue a check of `text` (the letter's or the person's edit); False if unavailable."""
        if not self.available():
            return False
        url = self.url
        language = self.settings.get("language")
        picky = bool(self.settings.get("picky"))
        self._set(CHECKING, "")

        def work() -> None:
            from letterwriter import grammar

            try:
                report = grammar.check_letter(
                    letter,
                    language=language,
                    picky=picky,
                    checker=grammar.checker_for(url),
                    text=text,
                )
            except Exception as exc:
                self._results[ticket] = ("failed", (request_id, str(exc) or type(exc).__name__))
                return
            self._results[ticket] = ("result", (request_id, report, text))

        self._ticket += 1
        ticket = self._ticket

        def run() -> None:
            try:
                work()
            finally:
                _emit_from_worker(self._finished, ticket)

        self.pool.start(_Task(run))
        return True

    def _deliver(self, ticket: int) -> None:
        kind, args = self._results.pop(ticket, (None, ()))
        if kind == "result":
            self.result.emit(*args)
        elif kind == "failed":
            self.failed.emit(*args)

    def finished_one(self) -> None:
        if self.state == CHECKING:
            self._set(READY, self.url)

    def restart(self) -> None:
        self.stop()
        self.start()

    def stop(self) -> None:
        """Stop our server, or its start; a start in progress ends quietly."""
        self._cancel.set()
        if self.server is not None:
            self.server.stop()
            self.server = None
        self.url = ""
