"""File > Export Envelope: both addresses in each country's own form, said wrong before export.

The forms are gui/addressform.py's (the Clients window's too), filled from the client file when
the letter is to someone in it (`envelope_dialog`). When the file lacks the person's address or
the client's return address, the dialog says so, lets the writer type it and offers to save it
into the file (`file_edits`: the archive's own edits, applied once the envelope is written).
Export stays off while the post would refuse either address.
"""

from __future__ import annotations

import copy

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from letterwriter.gui.addressform import AddressForm, home_country


class EnvelopeDialog(QDialog):
    """The envelope to this letter's recipient: both addresses, the size, where the return address goes.

    `person` and `client` are the client file's records when the letter is to someone in it.
    """

    def __init__(
        self,
        recipient: dict,
        sender: dict,
        paper: str,
        parent: QWidget | None = None,
        *,
        person=None,
        client=None,
        can_save: bool = True,
    ) -> None:
        super().__init__(parent)
        from letterwriter.export.envelope import ENVELOPE_FOR_PAPER, ENVELOPES

        self.setWindowTitle("Export Envelope")
        self.cancelled = False
        self.person, self.client = person, client
        home = home_country(sender, recipient, language=getattr(client, "language", ""))
        outer = QVBoxLayout(self)
        self.to = AddressForm("To", recipient, who="the recipient's address", country=home)
        self.back = AddressForm("Return address", sender, who="the return address", country=home)
        self.with_back = QCheckBox("Write a return address")
        self.with_back.setChecked(bool(sender) or client is not None)
        self.save_to = self._offer(
            self.to,
            person is not None and not person.address and can_save,
            f"{_name(person)} has no postal address in {_name(client)}'s file yet: type it here.",
            f"Save it in {_name(client)}'s file",
        )
        self.save_back = self._offer(
            self.back,
            client is not None and not client.return_address and can_save,
            f"{_name(client)}'s file has no return address yet: type it here, or leave it off.",
            f"Save it in {_name(client)}'s file",
        )
        row = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.to)
        left.addWidget(self.save_to)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.with_back)
        right.addWidget(self.back)
        right.addWidget(self.save_back)
        right.addStretch(1)
        row.addLayout(left, 1)
        row.addLayout(right, 1)
        outer.addLayout(row)
        options = QFormLayout()
        self.size = QComboBox()
        for name, envelope in ENVELOPES.items():
            self.size.addItem(envelope.label, name)
        self.size.setCurrentIndex(max(0, self.size.findData(ENVELOPE_FOR_PAPER.get(paper, "dl"))))
        self.where = QComboBox()
        self.where.addItem("Top left of the front", "front")
        self.where.addItem("On the flap (the back)", "flap")
        options.addRow("Envelope:", self.size)
        options.addRow("Return address at:", self.where)
        outer.addLayout(options)
        ok, cancel = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel
        self.buttons = QDialogButtonBox(ok | cancel)
        self.buttons.button(ok).setText("Export…")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        for form in (self.to, self.back):
            form.changed.connect(self.check)
        self.with_back.toggled.connect(self._with_back)
        self._with_back(self.with_back.isChecked())

    @staticmethod
    def _offer(form: AddressForm, lacking: bool, note: str, save: str) -> QCheckBox:
        box = QCheckBox(save)
        box.setChecked(lacking)
        box.setVisible(lacking)
        box.setProperty("offered", lacking)  # isVisible() is False again once the dialog is closed
        if lacking:
            form.set_note(note)
        return box

    def _with_back(self, on: bool) -> None:
        for widget in (self.back, self.save_back, self.where):
            widget.setEnabled(on)
        self.check()

    def reject(self) -> None:  # Cancel, Esc or the window's close: nothing is written
        self.cancelled = True
        super().reject()

    def addresses(self) -> tuple[dict, dict | None]:
        """Both addresses, checked (address.AddressError names what is wrong)."""
        return self.to.address(), self.back.address() if self.with_back.isChecked() else None

    def problem(self) -> str:
        """The first thing the post would refuse, of either address."""
        return self.to.problem() or (self.back.problem() if self.with_back.isChecked() else "")

    def check(self) -> bool:
        """Allow Export only when the post would take both addresses (each form says what it lacks)."""
        ok = not self.problem()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        return ok

    def file_edits(self) -> list:
        """The client file's edits for the addresses the writer typed and chose to save (archive/edits.py).

        The name is kept only when it is not the one the file gives anyway (the person's full name,
        the client's name), as `envelope --to` reads it.
        """
        from letterwriter.archive import edits as ed

        out: list = []
        to, back = self.addresses()
        if self.person is not None and _chosen(self.save_to) and to:
            after = copy.deepcopy(self.person)
            after.address = _without_name(to, self.person.full_name or self.person.name)
            out.append(ed.ChangePerson(self.person, after, "address"))
        if self.client is not None and _chosen(self.save_back) and back:
            after = copy.copy(self.client)
            after.return_address = _without_name(back, self.client.name)
            out.append(ed.ChangeClient(self.client, after))
        return out


def _chosen(box: QCheckBox) -> bool:
    return bool(box.property("offered")) and box.isChecked()


def _name(record) -> str:
    return getattr(record, "name", "") or "the client"


def _without_name(address: dict, default: str) -> dict:
    out = dict(address)
    if out.get("name", "").strip() == default.strip():
        out.pop("name", None)
    return out


def envelope_dialog(desk, draft, parent: QWidget | None = None) -> EnvelopeDialog:
    """The envelope dialog for this letter: addresses from the client file when it is to someone in it."""
    values = draft.letter().values
    person = desk.person(draft)
    client = desk.archive.get_client(person.client_id) if person and desk.archive else None
    to = dict(person.address if person else {})
    to.setdefault(
        "name",
        (person.full_name or person.name)
        if person
        else str(values.get("recipient_full_name") or values.get("recipient_name") or ""),
    )
    back = dict(client.return_address if client else {})
    if client is not None:
        back.setdefault("name", client.name)
    readonly = bool(desk.archive is None or desk.archive.readonly)
    return EnvelopeDialog(
        to,
        back,
        desk.pdf_options(draft).paper,
        parent,
        person=person,
        client=client,
        can_save=not readonly,
    )


__all__ = ["AddressForm", "EnvelopeDialog", "envelope_dialog"]
