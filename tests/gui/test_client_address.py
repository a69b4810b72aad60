"""Postal addresses kept in the client files through the window: typed in the country's own form,
refused while the post would refuse them, undone, shown on the person's card and written on the
envelope of a letter to them, in the country's order (issue 17's people, issue 19's item 11)."""

from __future__ import annotations

import json

import pytest
from helpers import cli_ok, pdf_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QInputDialog, QLabel

from letterwriter.archive.store import ArchiveStore
from letterwriter.gui.clientforms import ClientDialog, PersonDialog

pytestmark = pytest.mark.gui
LEFT = Qt.MouseButton.LeftButton
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(qtbot, isolated_home):
    from letterwriter.gui.clientswindow import ClientsWindow

    store = ArchiveStore.open(isolated_home / "letterwriter.db")
    w = ClientsWindow(store)
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitActive(w)
    yield w
    store.close()


def form(qtbot, parent, kind):
    qtbot.waitUntil(lambda: any(d.isVisible() for d in parent.findChildren(kind)), timeout=3000)
    return next(d for d in parent.findChildren(kind) if d.isVisible())


def ok(qtbot, dialog):
    assert dialog.ok.isEnabled(), [label.text() for label in dialog.findChildren(QLabel, "addressProblem")]
    qtbot.mouseClick(dialog.ok, LEFT)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)


def press(qtbot, window, key, mods=Qt.KeyboardModifier.NoModifier):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window.focusWidget() or window, key, mods)


def card(view, name):
    """The person's address line on their card (the last line under their name)."""
    for i in range(view.people.topLevelItemCount()):
        top = view.people.topLevelItem(i)
        if top.text(0).startswith(name):
            last = top.child(top.childCount() - 1)
            assert last.data(0, Qt.ItemDataRole.UserRole + 1) == "address"
            return last
    raise AssertionError(f"no {name} in the client file")


def choose_country(qtbot, address, text):
    """Type the country's name into its box (its old name selected first) and Tab on, as a person does."""
    box = address.country
    box.window().activateWindow()  # offscreen, an earlier list of offers may have left none active
    qtbot.waitUntil(box.window().isActiveWindow, timeout=3000)
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), text)
    popup = box.completer().popup()  # the countries offered, which take the keys while open
    qtbot.keyClick(popup if popup.isVisible() else box.lineEdit(), Qt.Key.Key_Tab)
    box.window().activateWindow()  # offscreen, the closed offers leave no window active
    qtbot.waitUntil(box.window().isActiveWindow, timeout=3000)


def type_into(qtbot, address, part, text):
    edit = address.edits[part]
    edit.setFocus()
    qtbot.keyClicks(edit, text)


def test_a_us_return_address_and_a_uk_address_typed_refused_while_wrong_and_undone(qtbot, window):
    panel, view, store = window.panel, window.panel.file, window.panel.store
    qtbot.mouseClick(panel.list.new_client, LEFT)
    d = form(qtbot, panel, ClientDialog)
    qtbot.keyClicks(d.name, "Ada Byrne")
    qtbot.keyClicks(d.language, "American")  # an American client: her return address starts in the US
    back = d.return_address
    assert back.country.currentData() == "US" and back.is_empty() and d.ok.isEnabled()  # none yet: fine
    labels = [
        back.form.itemAt(i, back.form.ItemRole.LabelRole).widget().text() for i in range(back.form.rowCount())
    ]
    assert labels[-4:] == ["Street address *:", "City *:", "State *:", "ZIP code *:"]  # the US order, marked
    type_into(qtbot, back, "street_address", "1600 Amphitheatre Pkwy")
    assert not d.ok.isEnabled() and back.error.text() == (
        "The return address has no city (a United States address needs one)."
    )
    type_into(qtbot, back, "city", "Mountain View")
    type_into(qtbot, back, "postal_code", "9404")  # checked as typed, before the state is there
    assert "ZIP code '9404' is not valid in United States (e.g. 95014)" in back.error.text()
    assert "c62828" in back.edits["postal_code"].styleSheet() and not d.ok.isEnabled()
    type_into(qtbot, back, "postal_code", "3")
    assert "has no state" in back.error.text() and not d.ok.isEnabled()  # a required part missing
    qtbot.mouseClick(d.ok, LEFT)  # refused: nothing reaches the archive
    assert d.isVisible() and store.list_clients() == []
    type_into(qtbot, back, "country_area", "California")
    assert back.error.isHidden()
    ok(qtbot, d)
    [client] = store.list_clients()
    assert store.get_client(client.id).return_address == {
        "street_address": "1600 Amphitheatre Pkwy",
        "city": "Mountain View",
        "country_area": "CA",
        "postal_code": "94043",
        "country_code": "US",
    }
    qtbot.waitUntil(lambda: view.title.text() == "Ada Byrne", timeout=3000)
    assert view.return_address.text() == "Return address: 1600 Amphitheatre Pkwy, MOUNTAIN VIEW, CA 94043"

    qtbot.mouseClick(view.add_person, LEFT)
    d = form(qtbot, view, PersonDialog)
    qtbot.keyClicks(d.name, "Tobias")
    qtbot.keyClicks(d.full_name, "Tobias Byrne")
    address = d.address
    assert address.country.currentData() == "US"  # where the client is, until chosen
    box = address.country
    for typed, code in (("uk", "GB"), ("Czech Rep.", "CZ"), ("czechia", "CZ"), ("narnia", None)):
        assert box.find_country(typed) == (box.findData(code) if code else -1)  # as people or the post say it
    choose_country(qtbot, address, "united k")  # the first country with those words
    assert address.country.currentData() == "GB" and "country_area" not in address.edits
    assert [p for p in address.edits][-3:] == ["street_address", "city", "postal_code"]
    assert address.edits["postal_code"].placeholderText() == "e.g. EC1Y 8SY"
    type_into(qtbot, address, "street_address", "10 Downing Street")
    assert "no post town" in address.error.text() and not d.ok.isEnabled()
    type_into(qtbot, address, "city", "London")
    type_into(qtbot, address, "postal_code", "sw1a 2a")
    assert "postcode 'sw1a 2a' is not valid in United Kingdom" in address.error.text()
    assert not d.ok.isEnabled()
    type_into(qtbot, address, "postal_code", "a")
    ok(qtbot, d)
    tobias = store.people(client.id)[0]
    assert tobias.address == {
        "street_address": "10 Downing Street",
        "city": "London",
        "postal_code": "SW1A 2AA",
        "country_code": "GB",
    }
    qtbot.waitUntil(lambda: card(view, "Tobias").text(0).startswith("Tobias Byrne"), timeout=3000)
    # as the envelope from the US writes it: the UK's order, the town in capitals, the country last
    assert card(view, "Tobias").text(0).split("\n") == [
        "Tobias Byrne",
        "10 Downing Street",
        "LONDON",
        "SW1A 2AA",
        "UNITED KINGDOM",
    ]

    # double-click the address: the person's form; a new street, then undone and done again
    item = card(view, "Tobias")
    view.people.setCurrentItem(item)
    view.people.itemDoubleClicked.emit(item, 0)
    d = form(qtbot, view, PersonDialog)
    street = d.address.edits["street_address"]
    street.setFocus()
    street.selectAll()
    qtbot.keyClicks(street, "11 Downing Street")
    ok(qtbot, d)
    assert store.get_person(tobias.id).address["street_address"] == "11 Downing Street"
    assert window.undo_action.text() == "&Undo Change Tobias’s address"
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert store.get_person(tobias.id).address["street_address"] == "10 Downing Street"
    qtbot.waitUntil(lambda: "\n10 Downing Street\n" in card(view, "Tobias").text(0), timeout=3000)
    press(qtbot, window, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert store.get_person(tobias.id).address["street_address"] == "11 Downing Street"

    # Remove… on the address takes it off the card; Ctrl+Z puts it back
    view.people.setCurrentItem(card(view, "Tobias"))
    qtbot.mouseClick(view.remove_item, LEFT)
    assert store.get_person(tobias.id).address == {}
    assert card(view, "Tobias").text(0) == "No postal address yet (Edit… adds one)"
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert store.get_person(tobias.id).address["city"] == "London"

    # the client's return address changed, and undone (update_client keeps it, Undo restores it)
    qtbot.mouseClick(view.edit_client, LEFT)
    d = form(qtbot, view, ClientDialog)
    zip_code = d.return_address.edits["postal_code"]
    zip_code.selectAll()
    qtbot.keyClicks(zip_code, "94040")
    ok(qtbot, d)
    assert store.get_client(client.id).return_address["postal_code"] == "94040"
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert store.get_client(client.id).return_address["postal_code"] == "94043"
    qtbot.waitUntil(lambda: view.return_address.text().endswith("CA 94043"), timeout=3000)


def test_the_envelope_of_a_letter_to_a_client_person_from_the_file_or_typed_and_saved(
    qtbot, tmp_path, monkeypatch, isolated_home
):
    from letterwriter.gui import envelopedialog
    from letterwriter.gui.mainwindow import MainWindow

    empty = tmp_path / "no-languagetool"  # the envelope needs no grammar service
    empty.mkdir()
    monkeypatch.setenv("LETTERWRITER_LANGUAGETOOL_DIR", str(empty))
    monkeypatch.delenv("LETTERWRITER_LT_URL", raising=False)
    data = tmp_path / "ada.json"
    data.write_text(
        json.dumps(
            {
                "name": "Ada Byrne",
                "signs_as": "Ada",
                "return_address": {
                    "street_address": "1600 Amphitheatre Pkwy",
                    "city": "Mountain View",
                    "state": "CA",
                    "zip": "94043",
                    "country": "US",
                },
                "people": [
                    {
                        "name": "Tobias",
                        "full_name": "Tobias Byrne",
                        "relationship": "spouse",
                        "dates": {"anniversary": "1974-06-01"},
                        "address": {
                            "street_address": "10 Downing Street",
                            "city": "London",
                            "postcode": "SW1A 2AA",
                            "country": "GB",
                        },
                    },
                    {"name": "June", "full_name": "June Park", "relationship": "friend"},
                ],
            }
        )
    )
    cli_ok("clients", "add", "--data", str(data))
    monkeypatch.setattr(QDialog, "exec", lambda self: 0)
    seen: list[envelopedialog.EnvelopeDialog] = []
    typing = {}

    def person_presses_export(self):  # File > Export Envelope, as a person uses the dialog
        seen.append(self)
        self.show()
        if typing:
            choose_country(qtbot, self.to, "US")
            for part, text in typing.items():
                type_into(qtbot, self.to, part, text)
        export = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert export.isEnabled(), self.problem()
        qtbot.mouseClick(export, LEFT)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(envelopedialog.EnvelopeDialog, "exec", person_presses_export)
    win = MainWindow(None)
    qtbot.addWidget(win)
    win.show()
    win.start_background()
    qtbot.waitUntil(lambda: win.desk is not None and win.draft is not None, timeout=20000)
    clients = win.show_clients()
    view = clients.panel.file
    store = win.desk.archive
    [ada] = store.list_clients()
    clients.panel.list.select(ada.id)
    qtbot.waitUntil(lambda: view.title.text() == "Ada Byrne", timeout=5000)
    tobias, june = store.people(ada.id)

    def letter_and_envelope(name, title, target):
        view.people.setCurrentItem(
            next(
                view.people.topLevelItem(i)
                for i in range(view.people.topLevelItemCount())
                if view.people.topLevelItem(i).text(0).startswith(name)
            )
        )
        monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (title, True))
        qtbot.mouseClick(view.new_letter, LEFT)
        pid = (tobias if name == "Tobias" else june).id
        qtbot.waitUntil(lambda: win.draft.person_id == pid and win.draft.letter() is not None, timeout=5000)
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
        win.actions.export_envelope.trigger()
        return " ".join(pdf_text(target).split())

    text = letter_and_envelope("Tobias", "Anniversary letter", tmp_path / "tobias.pdf")
    to = seen[-1].to
    assert to.country.currentData() == "GB" and to.edits["city"].text() == "London"  # from the file
    assert to.note.isHidden() and seen[-1].save_to.isHidden()  # nothing to offer: the file has it
    assert "Tobias Byrne 10 Downing Street LONDON SW1A 2AA UNITED KINGDOM" in text
    assert "Ada Byrne 1600 Amphitheatre Pkwy MOUNTAIN VIEW, CA 94043" in text  # home: no country line

    # June's file has no address: the dialog says so, the writer types it there and keeps it
    typing.update(
        street_address="2 Ocean Ave",
        city="Santa Monica",
        country_area="California",
        postal_code="90401",
    )
    text = letter_and_envelope("June", "Letter to a friend", tmp_path / "june.pdf")
    dlg = seen[-1]
    assert dlg.to.note.text() == "June has no postal address in Ada Byrne's file yet: type it here."
    assert dlg.save_to.isChecked()
    assert "June Park 2 Ocean Ave SANTA MONICA, CA 90401" in text and "UNITED STATES" not in text
    assert store.get_person(june.id).address == {
        "street_address": "2 Ocean Ave",
        "city": "Santa Monica",
        "country_area": "CA",
        "postal_code": "90401",
        "country_code": "US",
    }  # the name is the file's own full name: not stored twice
    qtbot.waitUntil(lambda: card(view, "June").text(0).startswith("June Park\n2 Ocean Ave"), timeout=5000)
