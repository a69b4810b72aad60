"""One small runner for background work: success, failure and progress come back on the GUI thread.

Modelled on Anki's QueryOp: `tasks.run(fn, success=..., failure=..., progress=...)`. The
function runs in the thread pool and never touches a widget; when it takes a `report`
argument, each `report(*args)` reaches `progress(*args)` on the GUI thread, in order, before
`success` (a step count, or a merge's rows one by one).
"""

from __future__ import annotations

import inspect
import itertools
import weakref
from collections import deque
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


def _alive(callback: Callable) -> bool:
    """False when the callback is a method of a widget or object Qt has already destroyed (a
    window closed while its work ran on): calling it would touch freed memory."""
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[], None]) -> None:
        super().__init__()
        self.fn = fn
        self.setAutoDelete(True)

    def run(self) -> None:
        self.fn()


class _Relay(QObject):
    """The one object worker threads emit on. It lives as long as the process, so a task that
    finishes after its window closed never emits on a freed object (that was a segfault, not an
    exception); what it carries are ids, matched to a runner on the GUI thread."""

    done = Signal(int, int)  # runner id, task id
    progress = Signal(int, int)


_relay: _Relay | None = None
_runners: dict[int, weakref.ref] = {}
_runner_ids = itertools.count(1)


def _runner(runner_id: int) -> TaskRunner | None:
    ref = _runners.get(runner_id)
    runner = ref() if ref is not None else None
    if runner is None or not shiboken6.isValid(runner):
        _runners.pop(runner_id, None)
        return None
    return runner


def _on_done(runner_id: int, task_id: int) -> None:
    runner = _runner(runner_id)
    if runner is not None:
        runner._finish(task_id)


def _on_progress(runner_id: int, task_id: int) -> None:
    runner = _runner(runner_id)
    if runner is not None:
        runner._on_progress(task_id)


def _emit(signal, *args) -> None:
    try:
        signal.emit(*args)
    except RuntimeError:  # the application is being torn down: nobody is waiting
        pass


def _the_relay() -> _Relay:
    global _relay
    if _relay is None:  # made on the GUI thread, by the first runner
        _relay = _Relay()
        _relay.done.connect(_on_done)
        _relay.progress.connect(_on_progress)
    return _relay


class TaskRunner(QObject):
    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple] = {}
        self._results: dict[int, tuple[bool, Any]] = {}
        self._reports: dict[int, deque] = {}  # a task's reports waiting for the GUI thread
        self._id = next(_runner_ids)
        _runners[self._id] = weakref.ref(self)
        self._relay = _the_relay()

    def run(
        self,
        fn: Callable[..., Any],
        success: Callable[[Any], None] | None = None,
        failure: Callable[[Exception], None] | None = None,
        progress: Callable[..., None] | None = None,
    ) -> int:
        task_id = next(self._ids)
        self._pending[task_id] = (success, failure, progress)
        reports = self._reports[task_id] = deque()
        wants_report = "report" in inspect.signature(fn).parameters
        relay, runner_id, results = self._relay, self._id, self._results

        def report(*args) -> None:
            reports.append(args)  # deque appends are thread-safe
            _emit(relay.progress, runner_id, task_id)

        def work() -> None:
            try:
                out = (True, fn(report=report) if wants_report else fn())
            except Exception as exc:  # handed to `failure` on the GUI thread
                out = (False, exc)
            results[task_id] = out
            _emit(relay.done, runner_id, task_id)

        self.pool.start(_Runnable(work))
        return task_id

    def _finish(self, task_id: int) -> None:
        self._on_progress(task_id)  # every report first
        success, failure, _ = self._pending.pop(task_id, (None, None, None))
        self._reports.pop(task_id, None)
        ok, value = self._results.pop(task_id, (False, RuntimeError("lost result")))
        if ok and success is not None and _alive(success):
            success(value)
        elif not ok and failure is not None and _alive(failure):
            failure(value)

    def _on_progress(self, task_id: int) -> None:
        entry, reports = self._pending.get(task_id), self._reports.get(task_id)
        while reports:
            args = reports.popleft()
            if entry and entry[2] is not None and _alive(entry[2]):
                entry[2](*args)
