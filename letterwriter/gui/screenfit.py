"""Windows and dialogs open inside the screen's available area, whatever its size and scale."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

FRAME_ROOM = QSize(16, 48)  # a window manager's frame and title bar, kept inside the screen too


def room(widget: QWidget) -> QSize:
    """The most a window of `widget`'s screen may take, its frame included."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry().size() - FRAME_ROOM


def fit_size(widget: QWidget, width: int, height: int) -> None:
    """`width` x `height`, or less where the screen has less room: a 1920x1080 screen at scale 2
    is 960x540 to Qt, and Clients (1040x680) opened with its buttons past the screen's edge."""
    widget.resize(QSize(width, height).boundedTo(room(widget)))
