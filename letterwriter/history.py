"""The person's own steps on a letter, for undo and redo: the draft's state before each one (Qt-free).

A step is one thing the person did: typing in a brief field (a burst of keys in one place is
one step), editing the text, a fix, another wording, another occasion, writing the letter
again. Undo puts back the brief and the text together, so the two never disagree (the text
editor's own undo stack once undid a regeneration's text under a brief that had moved on).
A state is small (the brief's values and the edited text), so whole states are kept.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

TYPING_PAUSE_S = 1.5  # keys in the same place closer together than this are one step
LIMIT = 500  # steps kept; the oldest go first


@dataclass(frozen=True)
class Step:
    label: str  # what the person did, in the menu's words ("Your name", "edit", "fix")
    state: Any  # the draft's state on the other side of the step


class History:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._undo: list[Step] = []
        self._redo: list[Step] = []
        self._typing: str | None = None  # where the open burst of typing is, if any
        self._typed_at = 0.0

    def record(self, target: str, label: str, state: Any, *, typing: bool = False) -> None:
        """Call before a change, with the state it changes; a key in an open burst adds nothing."""
        now = self.clock()
        self._redo.clear()  # a new step after an undo: the undone steps cannot come back
        if typing and target == self._typing and now - self._typed_at < TYPING_PAUSE_S:
            self._typed_at = now
            return
        self._undo.append(Step(label, state))
        del self._undo[:-LIMIT]
        self._typing, self._typed_at = (target if typing else None), now

    def seal(self) -> None:
        """The next key starts a step of its own (the person moved elsewhere)."""
        self._typing = None

    def undo(self, current: Any) -> Any:
        """The state before the last step (None when there is none); `current` waits for redo."""
        return self._move(self._undo, self._redo, current)

    def redo(self, current: Any) -> Any:
        return self._move(self._redo, self._undo, current)

    def _move(self, source: list[Step], target: list[Step], current: Any) -> Any:
        if not source:
            return None
        step = source.pop()
        target.append(Step(step.label, current))
        self._typing = None
        return step.state

    @property
    def undo_label(self) -> str:
        return self._undo[-1].label if self._undo else ""

    @property
    def redo_label(self) -> str:
        return self._redo[-1].label if self._redo else ""

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()
        self._typing = None
