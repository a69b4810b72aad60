"""Issues where the person looks: the cards, the paper's own menu, the status bar, the start of checks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QMenu
from window_driver import checked, issue_on, shown_text, start

from letterwriter.gui import checker as chk

pytestmark = pytest.mark.gui


def test_right_click_on_the_paper_offers_the_fixes_as_in_edit_text(qtbot, win):
    start(qtbot, win)
    issue = issue_on(win, "Marguerite", ["Margarita", "Marguerites"])
    checked(win, [issue])
    win.view.lay_out_now()
    pages = win.view.preview.pages
    qtbot.waitUntil(lambda: pages.layout_obj is not None, timeout=5000)
    index, rect = next(iter(pages.layout_obj.text_rects(win.draft.text, issue.offset, issue.offset + 10)))
    page = pages.page_rect(index)
    s = pages.page_scale()
    at = QPoint(int(page.left() + rect.center().x() * s), int(page.top() + rect.center().y() * s))
    win.view.preview.ensureVisible(at.x(), at.y())
    qtbot.mouseClick(pages, Qt.MouseButton.RightButton, pos=at)
    menu = QApplication.activePopupWidget()
    if menu is None:  # platforms that open context menus on press, not click
        pages.customContextMenuRequested.emit(at)
        menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    texts = [a.text() for a in menu.actions()]
    assert {"Margarita", "Ignore", "Add to dictionary"} <= set(texts)
    next(a for a in menu.actions() if a.text() == "Margarita").trigger()
    menu.close()
    assert "Margarita" in win.draft.text and "Marguerite" not in win.draft.text
    # away from any underline: no menu at all (the paper has nothing to cut or paste)
    pages.customContextMenuRequested.emit(QPoint(2, 2))
    assert QApplication.activePopupWidget() is None


def test_issue_cards_fit_the_panel_at_1280(qtbot, win):
    """Issue 24: the third suggestion, Ignore and Add to dictionary were cut off with no scroll."""
    win.resize(1280, 800)
    start(qtbot, win)
    issue = issue_on(win, "Marguerite", ["Marguerites", "Margarita", "Marguerite's"])
    checked(win, [issue])
    qtbot.wait(50)
    panel = win.issues_panel
    assert panel.isVisible()
    card = panel.cards[0]
    texts = [b.text() for b in card.findChildren(QAbstractButton)]
    assert {"Marguerites", "Margarita", "Marguerite's", "Ignore", "Add to dictionary"} <= set(texts)
    view = QRect(QPoint(0, 0), panel.viewport().size())
    for b in card.findChildren(QAbstractButton):
        box = QRect(b.mapTo(panel.viewport(), QPoint(0, 0)), b.size())
        assert view.contains(box), f"{b.text()!r} is cut off: {box} outside {view}"
        assert b.width() >= b.sizeHint().width(), f"{b.text()!r} squeezed"


def test_add_to_dictionary_from_a_card(qtbot, win, monkeypatch):
    from letterwriter import dictionary

    added = []
    monkeypatch.setattr(dictionary, "add", lambda word: added.append(word))
    start(qtbot, win)
    checked(win, [issue_on(win, "Marguerite", ["Margarita"])])
    button = next(
        b for b in win.issues_panel.cards[0].findChildren(QAbstractButton) if "dictionary" in b.text()
    )
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert added == ["Marguerite"] and win.draft.visible_issues() == []


MESSAGES = ["Did you mean “you're teaching”?", "Use “you're” here, <not> “your” & co."]


@pytest.mark.parametrize("message", MESSAGES)
def test_a_message_with_an_apostrophe_reads_as_written(qtbot, win, message):
    """Issue 24: a card said "you&#x27;re teaching" (escaped for HTML, then shown as plain text)."""
    start(qtbot, win)
    checked(win, [issue_on(win, "Marguerite", ["Margot"], kind="grammar", message=message)])
    labels = [shown_text(lab) for lab in win.issues_panel.cards[0].findChildren(QLabel)]
    assert message in labels, labels


def test_after_ctrl_n_the_status_bar_and_the_panel_agree(qtbot, win):
    """Issue 24: after Ctrl+N the status bar said "1 issue" while the panel said "No issues"."""
    start(qtbot, win)
    checked(win, [issue_on(win, "Marguerite", ["Margot"])])
    assert win.check_status.label.text() == "1 issue"
    qtbot.keyClick(win, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    heading = shown_text(win.issues_panel.body.findChildren(QLabel)[0])
    status = win.check_status.label.text()
    assert "1 issue" not in status
    assert heading == "No issues" or not win.issues_panel.isVisible()


def test_starting_languagetool_shows_a_busy_bar_never_a_full_one(qtbot, win):
    """Issue 24: a full progress bar sat beside "Starting LanguageTool…" for most of the start."""
    bar = win.check_status.progress
    win.service._set(chk.STARTING, "starting LanguageTool")
    assert bar.isVisible()
    assert bar.minimum() == bar.maximum() == 0  # Qt's busy indicator, no fraction to read as done
    win.service._set(chk.READY, "http://127.0.0.1:9")
    assert not bar.isVisible()


def test_starting_languagetool_is_said_whole(qtbot, win):
    win.check_status.show_state(chk.STARTING, "")
    label = win.check_status.label
    assert label.width() >= label.fontMetrics().horizontalAdvance(label.text())
