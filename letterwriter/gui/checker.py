"""Background grammar checks for the window: LanguageTool's start-up, and when to check what.

`CheckService` owns the LanguageTool connection (our own server, or a configured one).
`Checking` decides when the draft is checked: after a pause in typing or on F7, only if
the draft's text changed since its last check, and a result is applied only if the draft's
revision is still the one that was checked. Nothing re-checks a letter that has not changed.
"""

from __future__ import annotations

import os
import threading

from PySide6.QtCore import QObject, QTimer, Signal

from letterwriter.gui.tasks import TaskRunner

STARTING, READY, CHECKING, UNAVAILABLE, OFF = "starting", "ready", "checking", "unavailable", "off"
CHECK_PAUSE_MS = 900  # a pause in typing this long starts a check


class CheckService(QObject):
    """Owns the LanguageTool connection; `state_changed(state, detail)` reports what it does."""

    state_changed = Signal(str, str)
    progress = Signal(float)

    def __init__(self, settings, tasks: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.tasks = tasks
        self.state, self.detail = OFF, ""
        self.url = ""
        self.server = None
        self._cancel = threading.Event()
        self._generation = 0  # a stop or restart makes every earlier start's callbacks stale

    def _set(self, state: str, detail: str = "") -> None:
        if (state, detail) == (self.state, self.detail):
            return
        self.state, self.detail = state, detail
        self.state_changed.emit(state, detail)

    def start(self) -> None:
        """Connect to the configured server, or start our own LanguageTool (never blocks)."""
        from letterwriter.languagetool import installation, java, process

        self._generation += 1
        gen = self._generation
        self._cancel = threading.Event()
        url = (os.environ.get("LETTERWRITER_LT_URL") or self.settings.get("lt_server_url") or "").strip()
        if url:
            self._set(STARTING, f"connecting to {url}")
            self.tasks.run(
                lambda: process.healthy(url, timeout=5.0),
                success=lambda ok: self._probed(gen, url, ok),
                failure=lambda exc: self._failed(gen, exc),
            )
            return
        self._set(STARTING, "starting LanguageTool")
        # Finding Java runs `java -version` (about 0.1 s): a worker does it, then the GUI
        # thread spawns the server (it dies with this process: languagetool/process.py).
        self.tasks.run(
            lambda: (java.find_java(), installation.require_installation()),
            success=lambda found: self._spawn(gen, *found),
            failure=lambda exc: self._failed(gen, exc),
        )

    def _probed(self, gen: int, url: str, ok: bool) -> None:
        if gen != self._generation:
            return
        if ok:
            self._ready(gen, url)
        else:
            self._failed(gen, RuntimeError(f"the LanguageTool server at {url} does not answer"))

    def _spawn(self, gen: int, java, inst) -> None:
        from letterwriter.languagetool.process import ServerProcess

        if gen != self._generation:
            return
        self.server = ServerProcess(memory_mb=int(self.settings.get("lt_memory_mb")), java=java, install=inst)
        try:
            self.server.spawn()
        except Exception as exc:  # still only "checks are off"
            self.server = None
            self._failed(gen, exc)
            return
        server, cancel = self.server, self._cancel

        def wait(report) -> str:
            url = server.wait_ready(progress=lambda f: report(int(f * 100), 100), cancelled=cancel.is_set)
            server.warm_up()
            return url

        self.tasks.run(
            wait,
            success=lambda url: self._ready(gen, url),
            failure=lambda exc: self._failed(gen, exc),
            progress=lambda done, total: self.progress.emit(done / max(total, 1)),
        )

    def _ready(self, gen: int, url: str) -> None:
        if gen != self._generation:
            return
        self.url = url
        self._set(READY, url)

    def _failed(self, gen: int, exc: Exception) -> None:
        if gen != self._generation:
            return
        self.url = ""
        self._set(UNAVAILABLE, str(exc) or type(exc).__name__)

    def available(self) -> bool:
        return bool(self.url) and self.state in (READY, CHECKING)

    def restart(self) -> None:
        self.stop()
        self.start()

    def stop(self, detail: str = "") -> None:
        """Stop our server, or its start; a start in progress ends quietly."""
        self._generation += 1
        self._cancel.set()
        if self.server is not None:
            self.server.stop()
            self.server = None
        self.url = ""
        self._set(OFF, detail)


class Checking(QObject):
    """When and what to check; the results go into the draft, never to a stale one."""

    checked = Signal()  # the draft's issues changed
    failed = Signal(str)

    def __init__(self, service: CheckService, tasks: TaskRunner, draft_source, parent=None) -> None:
        super().__init__(parent)
        self.service = service
        self.tasks = tasks
        self.draft_source = draft_source  # callable giving the current Draft (or None)
        self.in_flight = False
        self.sent = 0  # checks sent, for tests and the idle benchmark
        self.dropped = 0  # results that came back for a letter that had changed meanwhile
        self._failed_text: str | None = None  # a text whose check failed waits for F7 or an edit
        self.restarts = 0  # automatic LanguageTool restarts since the last good check
        self.timer = QTimer(self, singleShot=True, interval=CHECK_PAUSE_MS)
        self.timer.timeout.connect(self.check_now)
        service.state_changed.connect(self._on_state)

    def letter_changed(self) -> None:
        """Call after any change to the draft: a check follows a pause, if the text changed."""
        draft = self.draft_source()
        if draft is not None and draft.needs_check() and draft.text != self._failed_text:
            self.timer.start()
        else:
            self.timer.stop()

    def _on_state(self, state: str, _detail: str) -> None:
        if state == READY and not self.in_flight:
            self.letter_changed()  # the first check once LanguageTool is up, if one is due

    def check_now(self, force: bool = False) -> bool:
        """Send one check of the current text; False when there is nothing (new) to check."""
        draft = self.draft_source()
        if draft is None or not self.service.available():
            return False
        if not (draft.needs_check() or (force and draft.text)):
            return False
        if draft.text == self._failed_text and not force:
            return False
        if self.in_flight:
            self.timer.start()  # one check at a time; the newest text goes next
            return False
        letter = draft.letter()
        if letter is None:
            return False
        revision, text = draft.revision, draft.text
        url = self.service.url
        settings = self.service.settings
        language, picky = draft.language, bool(settings.get("picky"))

        def work():
            from letterwriter import grammar

            return grammar.check_letter(
                letter, language=language, picky=picky, checker=grammar.checker_for(url), text=text
            )

        self.in_flight = True
        self.sent += 1
        self.service._set(CHECKING, "")
        self.tasks.run(
            work,
            success=lambda report: self._done(draft, revision, text, report),
            failure=lambda exc: self._error(text, exc),
        )
        return True

    def _settle(self) -> None:
        self.in_flight = False
        if self.service.state == CHECKING:
            self.service._set(READY, self.service.url)  # READY schedules the next check if one is due
        else:
            self.letter_changed()

    def _done(self, draft, revision: int, text: str, report) -> None:
        self.in_flight = False
        fresh = draft is self.draft_source() and draft.accept_issues(revision, text, report.issues)
        self._failed_text = None
        self.restarts = 0
        if not fresh:
            self.dropped += 1
        self._settle()
        if fresh:
            self.checked.emit()

    def _error(self, text: str, exc: Exception) -> None:
        from letterwriter.issue import CheckTimeout

        self.in_flight = False
        server = self.service.server
        # Our own JVM died or stopped answering: start a fresh one and check again once it is
        # up; twice in a row is enough.
        if server is not None and (not server.alive() or isinstance(exc, CheckTimeout)) and self.restarts < 2:
            self.restarts += 1
            if server.alive():
                server.kill()
            self.failed.emit(f"LanguageTool stopped ({exc}); starting it again")
            self.service.restart()
            return
        self._failed_text = text
        self._settle()
        self.failed.emit(str(exc) or type(exc).__name__)
