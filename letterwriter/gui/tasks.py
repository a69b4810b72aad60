"""One small runner for background work: success, failure and progress come back on the GUI thread.

Modelled on Anki's QueryOp: `tasks.run(fn, success=..., failure=..., progress=...)`. The
function runs in the thread pool and never touches a widget; it may report progress
through the `report(done, total)` callable it is given when it accepts one.
"""

from __future__ import annotations

import inspect
import itertools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


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
    _progress = Signal(int, int, int)

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple] = {}
        self._results: dict[int, tuple[bool, Any]] = {}
        self._done.connect(self._finish)
        self._progress.connect(self._on_progress)

    def run(
        self,
        fn: Callable[..., Any],
        success: Callable[[Any], None] | None = None,
        failure: Callable[[Exception], None] | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> int:
        task_id = next(self._ids)
        self._pending[task_id] = (success, failure, progress)
        wants_report = "report" in inspect.signature(fn).parameters

        def work() -> None:
            try:
                if wants_report:
                    out = (
                        True,
                        fn(report=lambda done, total: self._emit(self._progress, task_id, done, total)),
                    )
                else:
                    out = (True, fn())
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
        success, failure, _ = self._pending.pop(task_id, (None, None, None))
        ok, value = self._results.pop(task_id, (False, RuntimeError("lost result")))
        if ok and success is not None:
            success(value)
        elif not ok and failure is not None:
            failure(value)

    def _on_progress(self, task_id: int, done: int, total: int) -> None:
        entry = self._pending.get(task_id)
        if entry and entry[2] is not None:
            entry[2](done, total)
