"""One small runner for background work: success, failure and progress come back on the GUI thread.

Modelled on Anki's QueryOp: `tasks.run(fn, success=..., failure=..., progress=...)`. The
function runs in the thread pool and never touches a widget; when it takes a `report`
argument, each `report(*args)` reaches `progress(*args)` on the GUI thread, in order, before
`success` (a step count, or a merge's rows one by one).
"""

from __future__ import annotations

import inspect
import itertools
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


class TaskRunner(QObject):
    # only an id crosses threads; the payload waits in a dict read on the GUI thread
    _done = Signal(int)
    _progress = Signal(int)

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple] = {}
        self._results: dict[int, tuple[bool, Any]] = {}
        self._reports: dict[int, deque] = {}  # a task's reports waiting for the GUI thread
        self._done.connect(self._finish)
        self._progress.connect(self._on_progress)

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

        def report(*args) -> None:
            reports.append(args)  # deque appends are thread-safe
            self._emit(self._progress, task_id)

        def work() -> None:
            try:
                out = (True, fn(report=report) if wants_report else fn())
            except Exception as exc:  # handed to `failure` on the GUI thread
                out = (False, exc)
            self._results[task_id] = out
            self._emit(self._done, task_id)

        self.pool.start(_Runnable(work))
        return task_id

    @staticmethod
    def _emit(signal, *args) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the window closed meanwhile: nobody is waiting
            pass

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
