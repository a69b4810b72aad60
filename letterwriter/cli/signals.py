"""Stopping a command cleanly: SIGTERM and Ctrl+C raise in the main thread, except while Qt works.

A command stopped by SIGTERM exits 143 with one `error: terminated` line, Ctrl+C 130 with
`error: interrupted`; the exception unwinds, so files being written are removed. An
exception raised while PySide6 loads, or while Qt calls back into Python, cannot unwind:
it aborted the process (exit 134, a shiboken traceback). There the signal is held and
takes effect the moment that work ends. Drawing a PDF once Qt is loaded is plain Python
calling Qt, and stops at once (tests/cli/test_faults.py sends SIGTERM at every moment).
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl+C: temp files are removed on the way out."""


_held = 0
_pending: type[BaseException] | None = None


def _stop(kind: type[BaseException]) -> None:
    global _pending
    if _held:
        if _pending is not Terminated:  # SIGTERM says more than a Ctrl+C before it
            _pending = kind
        return
    raise kind()


def _on_sigterm(signum, frame) -> None:
    _stop(Terminated)


def _on_sigint(signum, frame) -> None:
    _stop(KeyboardInterrupt)


def install() -> Callable[[], None]:
    """SIGTERM and Ctrl+C raise (or wait, see `held`) for this command; returns what restores them.

    Only handlers still at Python's defaults are replaced: a program that calls `main` with
    its own handlers keeps them, and a call from another thread changes nothing."""
    saved = {}
    try:
        for signum, ours, default in (
            (signal.SIGTERM, _on_sigterm, signal.SIG_DFL),
            (signal.SIGINT, _on_sigint, signal.default_int_handler),
        ):
            if signal.getsignal(signum) == default:
                saved[signum] = signal.signal(signum, ours)
    except ValueError:  # not the main thread
        pass

    def restore() -> None:
        for signum, previous in saved.items():
            signal.signal(signum, previous)

    return restore


def load_qt() -> None:
    """Load PySide6 and make the application object a PDF needs, with the signals held."""
    with held():
        from letterwriter.export.pdf import ensure_gui_app

        ensure_gui_app()


@contextmanager
def held() -> Iterator[None]:
    """Run Qt work (loading PySide6, a PDF export) with SIGTERM and Ctrl+C held until it ends."""
    global _held, _pending
    _held += 1
    try:
        yield
    finally:
        _held -= 1
        if not _held and _pending is not None:
            kind, _pending = _pending, None
            raise kind()
