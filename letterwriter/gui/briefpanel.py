"""The brief side of the desk: occasion, tone, length, wording and the form; it shows the draft.

Signals go up: every choice and keystroke is reported, and the window passes it to the draft.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from letterwriter.gui.form import BriefForm
from letterwriter.model import LENGTH_LABELS, LENGTHS


class BriefPanel(QWidget):
    template_chosen = Signal(str)
    value_changed = Signal(str, object)  # field name, value (tone and length included)
    another_wording = Signal()
    add_memories_requested = Signal(list)  # memories typed in the letter, to add to the person's file

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("briefSide")
        col = QVBoxLayout(self)
        col.setContentsMargins(14, 12, 10, 10)
        col.setSpacing(6)
        heading = QLabel("Letter")
        f = heading.font()
        f.setPointSizeF(f.pointSizeF() * 1.35)
        f.setBold(True)
        heading.setFont(f)
        col.addWidget(heading)
        self.template_combo = QComboBox()
        self.template_combo.setObjectName("templateCombo")
        self.template_combo.addItem("Loading templates…")
        self.template_combo.setEnabled(False)
        self.template_combo.setAccessibleName("Occasion")
        col.addWidget(self.template_combo)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setObjectName("templateDescription")
        self.description.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        col.addWidget(self.description)

        choices = QFormLayout()
        choices.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        choices.setContentsMargins(0, 4, 0, 0)
        self.tone = QComboBox()
        self.tone.setObjectName("toneCombo")
        self.length = QComboBox()
        self.length.setObjectName("lengthCombo")
        for n in LENGTHS:
            self.length.addItem(LENGTH_LABELS[n], n)
        self.length_hint = QLabel()
        self.length_hint.setObjectName("lengthHint")
        self.length_hint.setWordWrap(True)
        self.length_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.length_hint.setVisible(False)
        self.wording = QPushButton("Another wording")
        self.wording.setObjectName("anotherWording")
        self.wording.setToolTip("Same brief, other equally good words")
        tone_label, length_label = QLabel("&Tone"), QLabel("&Length")
        tone_label.setBuddy(self.tone)
        length_label.setBuddy(self.length)
        choices.addRow(tone_label, self.tone)
        choices.addRow(length_label, self.length)
        choices.addRow("", self.wording)
        col.addLayout(choices)

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        col.addWidget(line)
        self.aside_note = QLabel()
        self.aside_note.setObjectName("keptAside")
        self.aside_note.setWordWrap(True)
        self.aside_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.aside_note.setVisible(False)
        self.reuse_note = QLabel()
        self.reuse_note.setObjectName("reuseNote")
        self.reuse_note.setWordWrap(True)
        self.reuse_note.setStyleSheet("color: #8a5a00;")
        self.reuse_note.setVisible(False)
        # a memory typed here that the person's client file lacks: offered, never added unasked
        self.memory_offer = QLabel()
        self.memory_offer.setObjectName("memoryOffer")
        self.memory_offer.setWordWrap(True)
        self.memory_offer.setVisible(False)
        self.memory_offer.linkActivated.connect(lambda _l: self.add_memories_requested.emit(self._offered))
        self._offered: list[str] = []
        # the interview: what is still worth asking, in the client's words (issue 25)
        self.interview_note = QLabel()
        self.interview_note.setObjectName("interviewNote")
        self.interview_note.setWordWrap(True)
        self.interview_note.setStyleSheet("color: #2c5d8a;")
        self.interview_note.setVisible(False)
        col.addWidget(self.interview_note)
        # a sad brief in a playful tone: the letter is written with warmth, and says so
        self.tone_note = QLabel()
        self.tone_note.setObjectName("toneNote")
        self.tone_note.setWordWrap(True)
        self.tone_note.setStyleSheet("color: #8a5a00;")
        self.tone_note.setVisible(False)
        self.form = BriefForm()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.form)
        col.addWidget(scroll, 1)
        # notes that come and go sit under the form: the field being typed in never moves
        for note in (self.tone_note, self.length_hint, self.aside_note, self.reuse_note, self.memory_offer):
            col.addWidget(note)

        self.template_combo.currentIndexChanged.connect(self._template_index)
        self.tone.currentIndexChanged.connect(lambda _i: self._choice("tone", self.tone))
        self.length.currentIndexChanged.connect(lambda _i: self._choice("length", self.length))
        self.wording.clicked.connect(self.another_wording)
        self.form.field_changed.connect(self.value_changed)
        self._showing = None

    def set_templates(self, infos) -> None:
        self.template_combo.blockSignals(True)
        self.template_combo.clear()
        for info in infos:
            self.template_combo.addItem(info.title, info.id)
            self.template_combo.setItemData(
                self.template_combo.count() - 1, info.description, Qt.ItemDataRole.ToolTipRole
            )
        self.template_combo.setEnabled(True)
        self.template_combo.blockSignals(False)

    def _template_index(self, idx: int) -> None:
        tid = self.template_combo.itemData(idx)
        if tid and tid != self._showing:
            self.template_chosen.emit(tid)

    def _choice(self, name: str, combo: QComboBox) -> None:
        value = combo.currentData()
        if value is not None:
            self.value_changed.emit(name, value)

    def show_draft(self, draft, kept_aside: dict[str, list[str]] | None = None) -> None:
        """Show the draft's template and values; the form is rebuilt only for another template."""
        info = draft.info
        i = self.template_combo.findData(info.id)
        if i != self.template_combo.currentIndex():  # also after a cancelled switch
            self.template_combo.blockSignals(True)
            self.template_combo.setCurrentIndex(max(i, 0))
            self.template_combo.blockSignals(False)
        if info.id != self._showing:
            self._showing = info.id
            self.description.setText(info.description)
            self.tone.blockSignals(True)
            self.tone.clear()
            for t in info.tones:
                self.tone.addItem(t.capitalize(), t)
            self.tone.blockSignals(False)
            self.form.set_template(info, draft.values)
            has_tone, has_length = bool(info.field("tone")), bool(info.field("length"))
            self.tone.setEnabled(has_tone)
            self.length.setEnabled(has_length)
        else:
            self.form.set_values(draft.values)
        for name, combo in (("tone", self.tone), ("length", self.length)):
            i = combo.findData(draft.values.get(name))
            if i >= 0 and i != combo.currentIndex():
                combo.blockSignals(True)
                combo.setCurrentIndex(i)
                combo.blockSignals(False)
        # a fresh form is not wrong: say what is missing once the person has started
        rendering = draft.rendering()
        self.form.show_errors(rendering.errors if draft.modified or draft.path else {})
        self.show_aside(kept_aside or {})
        asks = self.form.still_worth_asking(draft.values)
        self.interview_note.setText("Worth asking: " + " ".join(asks[:3]) if asks else "")
        self.interview_note.setVisible(bool(asks))
        tone = getattr(rendering.letter, "tone_note", "") or ""
        self.tone_note.setText(f"Tone: {tone}." if tone else "")
        self.tone_note.setVisible(bool(tone))

    def show_aside(self, kept: dict[str, list[str]]) -> None:
        parts = [f"{title} ({', '.join(labels)})" for title, labels in kept.items() if labels]
        self.aside_note.setVisible(bool(parts))
        if parts:
            self.aside_note.setText(
                "Kept aside for when you go back: "
                + "; ".join(parts)
                + ". Choose that occasion again to use them."
            )

    def show_reuse(self, notes: list[str]) -> None:
        """Memories or sentences an earlier letter to this person already told (on purpose is fine)."""
        self.reuse_note.setVisible(bool(notes))
        if notes:
            self.reuse_note.setText("Told before: " + "; ".join(n[0].upper() + n[1:] for n in notes) + ".")

    def offer_memories(self, texts: list[str], person: str) -> None:
        """Memories typed in this letter that are not in `person`'s client file, with a link to add them."""
        from html import escape

        self._offered = list(texts)
        self.memory_offer.setVisible(bool(texts))
        if texts:
            told = "; ".join(f"“{escape(t)}”" for t in texts)
            self.memory_offer.setText(
                f"Not in {escape(person)}’s file yet: {told}. "
                f"<a href='add'>Add to {escape(person)}’s file</a>"
            )

    def show_length_hint(self, text: str) -> None:
        """The brief is too thin for the chosen length: what to add (also on the length box)."""
        self.length_hint.setText(f"Length: {text}" if text else "")
        self.length_hint.setVisible(bool(text))
        self.length.setToolTip(text)
        self.length.setStyleSheet("QComboBox { color: #8a5a00; }" if text else "")

    def focus_first_field(self) -> None:
        editor = self.form.first_editor()
        if editor is not None:
            editor.setFocus(Qt.FocusReason.OtherFocusReason)
