"""Make a Book… in the Clients window: choose, preview the first pages, write the book, as a person would."""

from __future__ import annotations

import subprocess

import pytest
from bookfixture import NAMES, make_client
from PySide6.QtCore import Qt

from letterwriter.archive.store import ArchiveStore
from letterwriter.gui.book import PREVIEW_PAGES, BookDialog
from letterwriter.gui.clients import ClientFileView

pytestmark = pytest.mark.gui


@pytest.fixture
def store(isolated_home):
    made = make_client(isolated_home / "letterwriter.db", letters=14, drafts=2)
    s = ArchiveStore.open(isolated_home / "letterwriter.db")
    s.made = made
    yield s
    s.close()


def _previews(dialog: BookDialog) -> int:
    return dialog.pages_row.count()


def test_the_clients_window_opens_the_dialog_for_the_client_shown(qtbot, store):
    view = ClientFileView(store)
    qtbot.addWidget(view)
    assert not view.make_book.isEnabled()
    view.show_client(store.made.client_id)
    assert view.make_book.isEnabled()
    qtbot.mouseClick(view.make_book, Qt.MouseButton.LeftButton)
    dialog = view.findChild(BookDialog)
    assert dialog is not None and dialog.client.id == store.made.client_id
    qtbot.waitUntil(lambda: _previews(dialog) == PREVIEW_PAGES, timeout=60_000)
    assert "14 letters" in dialog.status.text() and "2 drafts left out" in dialog.status.text()
    dialog.close()


def test_choices_preview_and_a_private_book(qtbot, store, tmp_path):
    dialog = BookDialog(store, store.made.client_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: _previews(dialog) == PREVIEW_PAGES, timeout=60_000)
    # untick Ronan, ask for initials, a title: the preview follows
    for i in range(dialog.people.count()):
        if dialog.people.item(i).text() == "Ronan":
            dialog.people.item(i).setCheckState(Qt.CheckState.Unchecked)
    dialog.initials.setChecked(True)
    qtbot.keyClicks(dialog.title, "For Tobias and Maeve")
    qtbot.waitUntil(lambda: dialog.book is not None and dialog.book.title == "For T. and M.", timeout=10_000)
    qtbot.waitUntil(lambda: "pages as PDF" in dialog.status.text(), timeout=60_000)
    dialog.grab().save(str(tmp_path / "dialog.png"))
    out = tmp_path / "private.pdf"
    dialog.make(out)
    qtbot.waitUntil(lambda: dialog.last_report is not None, timeout=120_000)
    assert dialog.last_report.path == out and "Wrote" in dialog.status.text()
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "For T. and M." in text and "To R." not in text
    assert not [n for n in NAMES if n.lower() in text.lower()]


def test_an_impossible_choice_says_why_and_makes_nothing(qtbot, store, tmp_path):
    dialog = BookDialog(store, store.made.client_id)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.since, "2090")
    qtbot.waitUntil(lambda: "nothing to make a book of" in dialog.status.text(), timeout=10_000)
    assert not dialog.make_pdf.isEnabled() and not dialog.make_epub.isEnabled()
    dialog.since.clear()
    dialog.pseudonyms.setPlainText("Tobias")
    qtbot.waitUntil(lambda: "NAME=OTHER" in dialog.status.text(), timeout=10_000)
    dialog.make(tmp_path / "b.pdf")
    assert list(tmp_path.iterdir()) == []
