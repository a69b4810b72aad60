"""The window on small, large and scaled screens: inside the screen, its size remembered per screen,
no tab or label cut short."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel
from window_driver import checked, issue_on, start

pytestmark = pytest.mark.gui

PROBE = Path(__file__).with_name("screen_probe.py")


def probe(tmp_path, home, screen: str, width: int, height: int, scale: float, resize: str = "") -> dict:
    config = tmp_path / f"{screen}.json"
    config.write_text(
        json.dumps({"screens": [{"name": screen, "x": 0, "y": 0, "width": width, "height": height}]})
    )
    env = dict(
        os.environ,
        LETTERWRITER_HOME=str(home),
        QT_QPA_PLATFORM=f"offscreen:configfile={config}",
        QT_SCALE_FACTOR=str(scale),
        LETTERWRITER_LANGUAGETOOL_DIR=str(tmp_path / "no-languagetool"),
    )
    out = subprocess.run(
        [sys.executable, str(PROBE), *([resize] if resize else [])],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def inside(shown: dict) -> bool:
    return QRect(*shown["available"]).contains(QRect(*shown["frame"]))


def test_scale_2_on_1920x1080_opens_inside_the_screen_and_each_screen_keeps_its_size(tmp_path):
    """Issue 24: at QT_SCALE_FACTOR=2 on 1920x1080 the window opened at 2560x1600, off the screen."""
    home = tmp_path / "home"
    home.mkdir()
    big = probe(tmp_path, home, "big", 1920, 1080, 2, resize="900x480")
    assert big["available"][2:] == [960, 540] and inside(big), big
    again = probe(tmp_path, home, "big", 1920, 1080, 2)
    assert again["size"] == [900, 480] and inside(again), again
    laptop = probe(tmp_path, home, "laptop", 1366, 768, 1)
    assert inside(laptop) and laptop["size"] != [900, 480], laptop  # another screen: its own size
    assert laptop["size"][0] >= 1100  # and room for the three panes there
    back = probe(tmp_path, home, "big", 1920, 1080, 2)
    assert back["size"] == [900, 480]


def test_a_new_window_fits_the_screen_it_opens_on(qtbot, no_lt):
    from window_driver import open_window

    w = open_window(qtbot)
    area = w.screen().availableGeometry()
    assert area.contains(w.frameGeometry()), (w.frameGeometry(), area)


def test_at_800x600_the_tabs_are_whole_and_no_label_is_cut(qtbot, win):
    """Issue 24: at 800x600 the tab shrank to "Edit" with scroll arrows; "Tone" lost half its e."""
    win.resize(800, 600)
    start(qtbot, win)
    checked(win, [issue_on(win, "Marguerite", ["Margot"])])  # the issues panel takes its share too
    assert win.issues_panel.isVisible()
    win.view.lay_out_now()
    qtbot.wait(100)
    bar = win.view.tabBar()
    for i in range(bar.count()):
        text = bar.tabText(i).replace("&", "")
        assert bar.tabRect(i).width() >= bar.fontMetrics().horizontalAdvance(text) + 8, text
        assert bar.tabRect(i).right() <= bar.width()
    assert not any(b.isVisible() for b in bar.children() if b.metaObject().className() == "QToolButton")
    # the paper keeps its room beside the brief and the issues, and its page is whole
    assert win.view.width() >= 0.38 * win.splitter.width(), win.splitter.sizes()
    pages = win.view.preview.pages
    qtbot.waitUntil(lambda: pages.layout_obj is not None, timeout=5000)
    page = pages.page_rect(0)
    assert page.left() >= 0 and page.right() <= pages.width(), (page, pages.width())
    for label in win.findChildren(QLabel):
        if label.buddy() is None or "&" not in label.text() or not label.isVisibleTo(win):
            continue  # a label with an Alt key: Qt draws it by a path of its own
        font = label.font()
        font.setKerning(False)  # Qt draws the mnemonic's letter as its own run, unkerned
        needed = QFontMetrics(font).horizontalAdvance(label.text().replace("&", ""))
        assert label.width() >= needed, (label.text(), label.width(), needed)
