"""The window's dialogs: preferences, template browser, issues before export, about."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
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
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from letterwriter.export import ExportError
from letterwriter.gui.screenfit import fit_size
from letterwriter.language import count


def language_names() -> dict[str, str]:
    """The English variants (one list, in language.py) with their names from CLDR via babel."""
    from babel import Locale

    from letterwriter.language import LANGUAGES

    return {code: Locale.parse(code.replace("-", "_")).get_display_name("en") for code in LANGUAGES}


SAMPLE = "Dearest Catherine, the kettle is on and I miss you already."


class PreferencesDialog(QDialog):
    def __init__(self, settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from letterwriter import dictionary, paths
        from letterwriter.export.fonts import choose_font, installed_handwriting_fonts
        from letterwriter.export.options import INKS

        self.setWindowTitle("Preferences")
        self.settings = settings
        self.setMinimumWidth(520)
        outer = QVBoxLayout(self)

        paper = QGroupBox("Paper and ink")
        form = QFormLayout(paper)
        self.font = QComboBox()
        fonts = installed_handwriting_fonts()
        self.font.addItem(f"Automatic ({choose_font()[0]})", "")
        for f in fonts:
            self.font.addItem(f, f)
        self.font.setCurrentIndex(max(0, self.font.findData(settings.get("font_family"))))
        self.ink = QComboBox()
        for name in INKS:
            self.ink.addItem(name, name)
        self.ink.setCurrentIndex(max(0, self.ink.findData(settings.get("ink"))))
        from letterwriter.export.hand import HAND_LEVELS
        from letterwriter.export.paper import PAPERS

        self.paper = QComboBox()
        for name, p in PAPERS.items():  # the one list of papers, cards included
            self.paper.addItem(p.label, name)
        self.paper.setCurrentIndex(max(0, self.paper.findData(settings.get("paper"))))
        self.hand = QComboBox()
        hand_labels = {"none": "None (the plain font)", "light": "Light", "natural": "Natural"}
        for level in HAND_LEVELS:
            self.hand.addItem(hand_labels.get(level, level.capitalize()), level)
        self.hand.setCurrentIndex(max(0, self.hand.findData(settings.get("hand"))))
        self.hand.setToolTip("How much the handwriting varies, letter by letter and line by line")
        self.tint = QComboBox()
        self.tint.addItem("Cream (on screen)", "cream")
        self.tint.addItem("None: white, for printing on real stationery", "none")
        self.tint.setCurrentIndex(max(0, self.tint.findData(settings.get("tint"))))
        self.sample = QLabel(SAMPLE)
        self.sample.setObjectName("fontSample")
        self.sample.setWordWrap(True)
        self.sample.setMinimumHeight(64)
        self._inks = INKS
        self.font.currentIndexChanged.connect(self._update_sample)
        self.ink.currentIndexChanged.connect(self._update_sample)
        form.addRow("Handwriting", self.font)
        form.addRow("Ink", self.ink)
        form.addRow("Paper size", self.paper)
        form.addRow("Hand", self.hand)
        form.addRow("Paper tint", self.tint)
        form.addRow(self.sample)
        outer.addWidget(paper)

        lang = QGroupBox("Language and checks")
        form = QFormLayout(lang)
        self.language = QComboBox()
        for code, name in language_names().items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.get("language"))))
        self.picky = QCheckBox("Picky mode (more style suggestions)")
        self.picky.setChecked(bool(settings.get("picky")))
        self.memory = QSpinBox()
        self.memory.setRange(256, 8192)
        self.memory.setSingleStep(128)
        self.memory.setSuffix(" MB")
        self.memory.setValue(int(settings.get("lt_memory_mb")))
        self.server = QLineEdit(settings.get("lt_server_url") or "")
        self.server.setPlaceholderText("empty: run LanguageTool on this computer")
        form.addRow("English variant", self.language)
        form.addRow("", self.picky)
        form.addRow("Local memory limit", self.memory)
        form.addRow("Server URL", self.server)
        outer.addWidget(lang)

        words = QGroupBox("Personal dictionary")
        box = QHBoxLayout(words)
        self.words = QListWidget()
        self.words.setObjectName("dictionaryList")
        self.words.addItems(dictionary.words())
        self.words.setMaximumHeight(110)
        remove = QPushButton("Remove")
        remove.clicked.connect(self._remove_word)
        box.addWidget(self.words, 1)
        box.addWidget(remove, 0, Qt.AlignmentFlag.AlignTop)
        outer.addWidget(words)

        folder = QLabel(f"Your own templates live in <code>{paths.user_templates_dir()}</code>")
        folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        folder.setWordWrap(True)
        outer.addWidget(folder)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self._update_sample()

    def _update_sample(self) -> None:
        from letterwriter.export.fonts import choose_font

        family, size = choose_font(self.font.currentData() or None)
        font = QFont(family)
        font.setPointSizeF(size * 1.1)
        self.sample.setFont(font)
        colour = self._inks.get(self.ink.currentData(), "#1d2747")
        # the sample sits on paper colour so the ink reads as it will print
        self.sample.setStyleSheet(f"background:#fbf7ee; color:{colour}; padding:8px; border-radius:4px;")

    def _remove_word(self) -> None:
        from letterwriter import dictionary

        item = self.words.currentItem()
        if item is not None:
            dictionary.remove(item.text())
            self.words.takeItem(self.words.row(item))

    def apply(self) -> bool:
        """Write the choices to settings; True if the checker must restart."""
        s = self.settings
        restart = (s.get("lt_server_url") or "") != self.server.text().strip() or int(
            s.get("lt_memory_mb")
        ) != self.memory.value()
        s.set("font_family", self.font.currentData() or "")
        s.set("ink", self.ink.currentData())
        s.set("paper", self.paper.currentData())
        s.set("hand", self.hand.currentData())
        s.set("tint", self.tint.currentData())
        s.set("language", self.language.currentData())
        s.set("picky", self.picky.isChecked())
        s.set("lt_memory_mb", self.memory.value())
        s.set("lt_server_url", self.server.text().strip())
        try:
            s.save()
        except ExportError as exc:  # the choices still apply to this session
            QMessageBox.warning(self, "Preferences not saved", f"They apply until you quit: {exc}")
        return restart


class TemplateBrowser(QDialog):
    """Every template with its description and a sample letter; broken ones with file and line."""

    def __init__(self, lib, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Template browser")
        fit_size(self, 860, 560)
        self.lib = lib
        self.chosen = None
        self.list = QListWidget()
        for info in lib.list():
            item = QListWidgetItem(info.title + ("  (yours)" if info.source == "user" else ""))
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            self.list.addItem(item)
        for err in lib.errors:
            where = f"{err.path}:{err.line}" if getattr(err, "line", None) else str(err.path)
            item = QListWidgetItem(f"⚠ broken: {where}")
            item.setData(Qt.ItemDataRole.UserRole + 1, f"{where}\n\n{err}")
            self.list.addItem(item)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.sample = QPlainTextEdit()
        self.sample.setReadOnly(True)
        right = QWidget()
        col = QVBoxLayout(right)
        col.addWidget(self.description)
        col.addWidget(self.sample, 1)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(right)
        split.setSizes([260, 600])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        use = buttons.addButton("Use this template", QDialogButtonBox.ButtonRole.AcceptRole)
        use.clicked.connect(self._use)
        buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addWidget(split, 1)
        outer.addWidget(buttons)
        self.list.currentItemChanged.connect(self._show)
        if self.list.count():
            self.list.setCurrentRow(0)

    def _show(self, item, _prev=None) -> None:
        if item is None:
            return
        broken = item.data(Qt.ItemDataRole.UserRole + 1)
        if broken:
            self.description.setText("This template has an error and cannot be used:")
            self.sample.setPlainText(broken)
            return
        from letterwriter.model import example_brief

        info = self.lib.get(item.data(Qt.ItemDataRole.UserRole))
        self.description.setText(f"<b>{info.title}</b><br>{info.description}")
        try:
            self.sample.setPlainText(self.lib.render(info, example_brief(info)).text)
        except Exception as exc:
            self.sample.setPlainText(f"Cannot render a sample: {exc}")

    def _use(self) -> None:
        item = self.list.currentItem()
        if item is not None and item.data(Qt.ItemDataRole.UserRole):
            self.chosen = item.data(Qt.ItemDataRole.UserRole)
            self.accept()


REVIEW, EXPORT_ANYWAY, CANCEL = "review", "export", "cancel"


class IssuesBeforeExport(QDialog):
    """Lists the issues still in the letter: Review, Export anyway or Cancel."""

    def __init__(self, issues: list, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Issues remain")
        self.choice = CANCEL
        outer = QVBoxLayout(self)
        n = len(issues)
        them = "it" if n == 1 else "them"
        head = QLabel(
            f"<b>The letter still has {count(n, 'issue', words=False)}.</b> "
            f"You can review {them} first, or export the letter as it is."
        )
        head.setWordWrap(True)
        outer.addWidget(head)
        self.list = QListWidget()
        # whole messages, wrapped: one line each ran on past the dialog behind a sideways scroll bar
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        for issue in issues:
            word = text[issue.offset : issue.offset + issue.length].strip()  # " and": LanguageTool's span
            self.list.addItem(f"“{word}” — {issue.message}")
        outer.addWidget(self.list, 1)
        buttons = QDialogButtonBox()
        for label, choice, role in (
            ("Review", REVIEW, QDialogButtonBox.ButtonRole.RejectRole),
            ("Export anyway", EXPORT_ANYWAY, QDialogButtonBox.ButtonRole.AcceptRole),
            ("Cancel", CANCEL, QDialogButtonBox.ButtonRole.RejectRole),
        ):
            b = buttons.addButton(label, role)
            b.clicked.connect(lambda _c=False, ch=choice: self._choose(ch))
            if choice == REVIEW:
                b.setDefault(True)  # Enter reviews; exporting with issues is a deliberate click
        outer.addWidget(buttons)
        fit_size(self, 520, 320)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.done(1 if choice == EXPORT_ANYWAY else 0)


class RecoverDialog(QDialog):
    """Letters a window did not get to save (killed, crashed): restore one, or discard them."""

    def __init__(self, drafts: list, desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Recover unsaved letters")
        self.desk = desk
        self.restore_id: str | None = None
        outer = QVBoxLayout(self)
        head = QLabel(
            "<b>Letterwriter did not close properly last time.</b> These letters were not saved; "
            "their latest words were kept. Restore one to go on writing it."
        )
        head.setWordWrap(True)
        outer.addWidget(head)
        self.list = QListWidget()
        self.list.setObjectName("recoverList")
        for rec in drafts:
            to = f"Letter to {rec.recipient}" if rec.recipient else "A letter"
            when = rec.updated.replace("T", " ")[:16]
            try:
                occasion = desk.library.get(rec.template).title
            except Exception:  # a template since removed: its id still names it
                occasion = rec.template
            item = QListWidgetItem(f"{to} — {occasion} — {rec.words} words — {when}")
            item.setData(Qt.ItemDataRole.UserRole, rec.id)
            if rec.file_path:
                item.setToolTip(rec.file_path)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        outer.addWidget(self.list, 1)
        buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton("Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.discard_button = buttons.addButton("Discard", QDialogButtonBox.ButtonRole.DestructiveRole)
        later = buttons.addButton("Later", QDialogButtonBox.ButtonRole.RejectRole)
        later.setToolTip("Keep them; they are offered again next time")
        self.restore_button.setDefault(True)
        self.restore_button.clicked.connect(self.restore)
        self.discard_button.clicked.connect(self.discard)
        later.clicked.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda _i: self.restore())
        outer.addWidget(buttons)
        fit_size(self, 560, 300)

    def _current(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def restore(self) -> None:
        self.restore_id = self._current()
        if self.restore_id:
            self.accept()

    def discard(self) -> None:
        draft_id = self._current()
        if draft_id is None:
            return
        self.desk.discard(draft_id)
        self.list.takeItem(self.list.currentRow())
        if self.list.count() == 0:
            self.reject()


class PaperChoices(QWidget):
    """Paper, hand, ink and tint as four choices, from a PdfOptions: the export and merge dialogs share it."""

    def __init__(self, options, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from letterwriter.export.hand import HAND_LEVELS
        from letterwriter.export.options import INKS
        from letterwriter.export.paper import PAPERS

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.paper = QComboBox()
        for name, p in PAPERS.items():
            self.paper.addItem(p.label, name)
        self.hand = QComboBox()
        for level in HAND_LEVELS:
            self.hand.addItem({"none": "None (plain font)"}.get(level, level.capitalize()), level)
        self.ink = QComboBox()
        for name in INKS:
            self.ink.addItem(name, name)
        if options.ink not in INKS:  # a colour of the letter's own, kept
            self.ink.addItem(options.ink, options.ink)
        self.tint = QComboBox()
        self.tint.addItem("Cream (on screen)", True)
        self.tint.addItem("None: white, for printing on real stationery", False)
        for box, value in ((self.paper, options.paper), (self.hand, options.hand), (self.ink, options.ink)):
            box.setCurrentIndex(max(0, box.findData(value)))
        self.tint.setCurrentIndex(0 if options.paper_tint else 1)
        form.addRow("Paper", self.paper)
        form.addRow("Hand", self.hand)
        form.addRow("Ink", self.ink)
        form.addRow("Paper tint", self.tint)

    def choices(self) -> dict:
        """The choices in PdfOptions' field names (the form a letter stores them in)."""
        return {
            "paper": self.paper.currentData(),
            "hand": self.hand.currentData(),
            "ink": self.ink.currentData(),
            "paper_tint": bool(self.tint.currentData()),
        }

    def on_change(self, slot) -> None:
        for box in (self.paper, self.hand, self.ink, self.tint):
            box.currentIndexChanged.connect(slot)


class LetterPaperDialog(QDialog):
    """The export dialog: this letter's paper, hand, ink and tint, and whether it fits a card.

    The meter is the drawing's own layout (export/layout.fit): a letter it passes is drawn inside
    the card, and one too long for the card cannot be exported on it.
    """

    def __init__(self, options, letter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export as PDF")
        self.options, self.letter = options, letter
        self.cancelled = False
        outer = QVBoxLayout(self)
        outer.addWidget(QLabel("How this letter is written (Preferences hold the defaults):"))
        self.paper = PaperChoices(options, self)
        outer.addWidget(self.paper)
        self.fits = QLabel()
        self.fits.setWordWrap(True)
        outer.addWidget(self.fits)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export…")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self.paper.on_change(self._measure)
        self._measure()

    def reject(self) -> None:  # Cancel, Esc or the window's close: nothing is exported
        self.cancelled = True
        super().reject()

    def chosen_options(self):
        from dataclasses import replace

        return replace(self.options, **self.paper.choices())

    def _measure(self) -> None:
        from letterwriter.export.layout import fit
        from letterwriter.export.paper import get_paper

        options = self.chosen_options()
        paper = get_paper(options.paper)
        fill, over = fit(self.letter, options)
        if paper.card and over:
            self.fits.setText(f"{over} line{'s' if over != 1 else ''} too long for the {paper.label}.")
        elif paper.card:
            self.fits.setText(f"Fits the {paper.label} ({min(100, round(fill * 100))}% full).")
        else:
            pages = max(1, -(-round(fill * 100) // 100))
            self.fits.setText(f"{paper.label}: about {pages} page{'s' if pages != 1 else ''}.")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not (paper.card and over))
