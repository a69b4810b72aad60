"""File > Export Envelope: the address form of the country, what is missing said before export."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog

pytestmark = pytest.mark.gui


def test_the_form_asks_for_the_countrys_parts_and_says_what_is_missing(qtbot):
    from letterwriter.gui.envelopedialog import EnvelopeDialog

    to = {"name": "June Park", "street_address": "1 Main St", "city": "Mountain View", "country_code": "US"}
    dlg = EnvelopeDialog(to, {}, "a6-card")
    qtbot.addWidget(dlg)
    ok = dlg.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert "state" in dlg.to.edits["country_area"].placeholderText() or "country_area" in dlg.to.edits
    assert not ok.isEnabled() and "no state" in dlg.to.error.text()
    qtbot.keyClicks(dlg.to.edits["country_area"], "CA")
    assert not ok.isEnabled() and "no ZIP code" in dlg.to.error.text()
    qtbot.keyClicks(dlg.to.edits["postal_code"], "94043")
    assert ok.isEnabled() and dlg.problem() == "" and dlg.to.error.isHidden()
    assert dlg.size.currentData() == "c6"  # an A6 card's envelope
    dlg.to.country.setCurrentIndex(dlg.to.country.findData("DE"))  # a German address has no state
    assert "country_area" not in dlg.to.edits and dlg.to.edits["city"].text() == "Mountain View"


def test_export_envelope_writes_the_letters_recipient_in_its_hand(qtbot, tmp_path, monkeypatch):
    from letterwriter.gui import envelopedialog

    empty = tmp_path / "no-languagetool"
    empty.mkdir()
    monkeypatch.setenv("LETTERWRITER_LANGUAGETOOL_DIR", str(empty))
    monkeypatch.delenv("LETTERWRITER_LT_URL", raising=False)

    def fill(self):  # a person types the recipient's address and presses Export
        self.to.country.setCurrentIndex(self.to.country.findData("DE"))
        for part, text in (
            ("street_address", "Unter den Linden 1"),
            ("postal_code", "10117"),
            ("city", "Berlin"),
        ):
            self.to.edits[part].setText(text)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QDialog, "exec", lambda self: 0)
    monkeypatch.setattr(envelopedialog.EnvelopeDialog, "exec", fill)
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
    target = tmp_path / "envelope.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert "Export &Envelope…" in [a.text() for a in win.menuBar().actions()[0].menu().actions()]
    win.actions.export_envelope.trigger()
    from helpers import pdf_text

    text = " ".join(pdf_text(target).split())
    assert "Ana Unter den Linden 1 10117 BERLIN" in text
