"""The export dialog chooses this letter's paper, hand, ink and tint; its card meter is the drawing's."""

from __future__ import annotations

import subprocess

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog

from letterwriter.export.options import PdfOptions
from letterwriter.model import example_brief
from letterwriter.templates import library

pytestmark = pytest.mark.gui


def _letter(length="long"):
    lib = library()
    info = lib.get("love_letter")
    return lib.render(info, example_brief(info, length=length))


def test_a_letter_too_long_for_the_chosen_card_cannot_be_exported_on_it(qtbot):
    from letterwriter.gui.dialogs import LetterPaperDialog

    dlg = LetterPaperDialog(PdfOptions(), _letter("long"))
    qtbot.addWidget(dlg)
    ok = dlg.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled() and "page" in dlg.fits.text()
    dlg.paper.paper.setCurrentIndex(dlg.paper.paper.findData("a6-card"))
    assert not ok.isEnabled() and "too long for the A6 folded card" in dlg.fits.text()
    dlg.paper.paper.setCurrentIndex(dlg.paper.paper.findData("a4"))
    assert ok.isEnabled()


def test_the_chosen_paper_hand_and_tint_are_this_letters_own(qtbot, tmp_path, monkeypatch):
    from letterwriter.gui import dialogs

    empty = tmp_path / "no-languagetool"
    empty.mkdir()
    monkeypatch.setenv("LETTERWRITER_LANGUAGETOOL_DIR", str(empty))
    monkeypatch.delenv("LETTERWRITER_LT_URL", raising=False)

    def choose(self):  # a person picks an A5 card, the light hand and no tint, and presses Export
        self.paper.paper.setCurrentIndex(self.paper.paper.findData("a5-card"))
        self.paper.hand.setCurrentIndex(self.paper.hand.findData("light"))
        self.paper.tint.setCurrentIndex(1)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QDialog, "exec", lambda self: 0)
    monkeypatch.setattr(dialogs.LetterPaperDialog, "exec", choose)
    from letterwriter.gui.mainwindow import MainWindow

    win = MainWindow(None)
    qtbot.addWidget(win)
    win.show()
    win.start_background()
    qtbot.waitUntil(lambda: win.desk is not None and win.draft is not None, timeout=20000)
    win.choose_template("thank_you")
    for name, text in (("sender_name", "Theo"), ("recipient_name", "Ana"), ("what_they_did", "helped me")):
        editor = win.brief.form.editor(name)
        editor.setFocus()
        qtbot.keyClicks(editor, text)
    qtbot.waitUntil(lambda: "Ana" in win.draft.text, timeout=5000)
    target = tmp_path / "card.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    win.actions.export_pdf.trigger()
    assert target.exists()
    assert win.draft.options["paper"] == "a5-card" and win.draft.options["hand"] == "light"
    assert win.draft.options["paper_tint"] is False
    assert win.settings.get("paper") != "a5-card"  # the letter's own choice, not a new default
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True).stdout
    assert "(A5)" in info


def test_the_merge_checks_every_row_fits_the_chosen_card_before_calling_it_ready(
    qtbot, isolated_home, tmp_path
):
    """19 ready rows once all failed at export ("overflows the a6-card"), after 121 s."""
    import csv

    from letterwriter.gui.merge import MergeDialog
    from letterwriter.settings import Settings
    from letterwriter.templates import TemplateLibrary

    src = tmp_path / "rows.csv"
    with open(src, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["sender_name", "recipient_name", "what_they_did", "message"])
        w.writerow(["Maya", "Sam", "helped me move", ""])
        rose = "You kept every rose alive through the hottest weeks of the year, and wrote to me of each. "
        w.writerow(["Maya", "Ana", "looked after the garden", rose * 8])
    dlg = MergeDialog(TemplateLibrary(user_dir=isolated_home / "templates"), Settings.load())
    qtbot.addWidget(dlg)
    dlg.check_box.setChecked(False)
    dlg.set_template("thank_you")
    dlg.show()
    dlg.set_source(src)
    qtbot.waitUntil(lambda: not dlg.busy and dlg.rows.rowCount() == 2, timeout=60000)
    qtbot.waitUntil(lambda: not dlg.busy, timeout=60000)
    assert [dlg.rows.item(i, 2).text() for i in range(2)] == ["ready", "ready"]  # on a letter sheet
    dlg.paper_choices.paper.setCurrentIndex(dlg.paper_choices.paper.findData("a6-card"))
    qtbot.waitUntil(lambda: not dlg.busy and dlg.rows.item(1, 2) is not None, timeout=60000)
    qtbot.waitUntil(lambda: not dlg.busy, timeout=60000)
    assert [dlg.rows.item(i, 2).text() for i in range(2)] == ["ready", "failed"]
    assert "too long for the A6 folded card" in dlg.rows.item(1, 3).text()
    assert dlg.ready_rows() == {2}
    assert dlg.pdf_options().paper == "a6-card"
