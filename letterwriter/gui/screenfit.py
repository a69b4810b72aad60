"""Windows and dialogs open inside the screen's available area, whatever its size and scale."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

FRAME_ROOM = QSize(16, 48)  # a window manager's frame and title bar, kept inside the screen too


def room(widget: QWidget) -> QSize:
    """The most a window of `widget`'s screen may take, its frame included."""
    return _area(widget).size() - FRAME_ROOM


def fit_size(widget: QWidget, width: int, height: int) -> None:
    """`width` x `height`, or less where the screen has less room: a 1920x1080 screen at scale 2
    is 960x540 to Qt, and Clients (1040x680) opened with its buttons past the screen's edge. A
    window as big as the screen starts at its top left (a window manager's cascade pushed it off)."""
    wanted = QSize(width, height)
    size = wanted.boundedTo(room(widget))
    widget.resize(size)
    if size != wanted:
        widget.move(_area(widget).topLeft())


def _area(widget: QWidget) -> QRect:
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()
