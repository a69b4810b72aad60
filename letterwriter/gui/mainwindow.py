"""The main window: lays out the brief, the letter and the issues, and wires them to the desk.

It holds no letter of its own. Every change the person makes goes to the draft (through the
desk); `show_draft` then shows the draft's state everywhere. Nothing slow comes before the
first frame: the settings, the icon, the signal handlers and the templates (with the slow
`inflect` import behind them, on a worker) come after it; LanguageTool after that.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QSplitter, QWidget

from letterwriter.gui import checker as chk
from letterwriter.gui.actions import Actions
from letterwriter.gui.briefpanel import BriefPanel
from letterwriter.gui.checkstatus import CheckStatus
from letterwriter.gui.issuespanel import IssuesPanel
from letterwriter.gui.letterview import TEXT, LetterView
from letterwriter.gui.screenfit import FRAME_ROOM
from letterwriter.gui.store import WindowState
from letterwriter.gui.tasks import TaskRunner

# What the GUI thread will need next, imported by the worker first: an import on the GUI
# thread holds the event loop (LanguageTool's client alone was a third of a second here).
WARM_MODULES = (
    "letterwriter.settings",
    "letterwriter.export.pdf",
    "letterwriter.desk",
    "letterwriter.archive",
    "letterwriter.archive.opening",  # the desk opens the archive with it (its records, its store)
    "letterwriter.storage.local",
    "psutil",  # the desk's session lock reads this process's start time with it
    "letterwriter.draft",
    "letterwriter.gui.files",
    "letterwriter.gui.exporting",
    "letterwriter.gui.highlighter",
    "letterwriter.gui.dialogs",
    "letterwriter.languagetool.process",
    "letterwriter.grammar",
)


def _load_library():
    """The templates, the modules the GUI thread needs next, and the hand's font, in one worker.

    All the slow Python of the start in one place, before the GUI thread's own share: run
    side by side, they fought over the interpreter lock and the event loop stalled for a
    quarter of a second (the hand's font alone is half a second of fontTools).
    """
    import importlib

    importlib.import_module(WARM_MODULES[0])  # the settings, wanted first
    from letterwriter.settings import Settings
    from letterwriter.templates import library

    lib = library()
    lib.list()
    for name in WARM_MODULES:
        importlib.import_module(name)
    from letterwriter.export.handfont import prepare_hand

    try:  # the database made or brought up to date here, so the desk opens it at once
        from letterwriter.storage.local import open_database

        open_database().close()
    except Exception:  # damaged, newer, locked: the desk's own opening decides what to do
        pass
    try:  # the hand's copy of the font, built once per machine, read once per start
        prepare_hand(str(Settings.load().get("font_family") or ""))
    except Exception:  # the first preview makes it then, or says why it cannot
        pass
    return lib


class MainWindow(QMainWindow):
    templates_loaded = Signal()
    first_frame = Signal()  # the window is on screen: the rest of the start may begin

    def __init__(self, open_path: Path | None = None) -> None:
        super().__init__()
        self._settings = None
        self._started = False
        self.installEventFilter(self)  # for the first frame
        self.state = WindowState()
        self.tasks = TaskRunner(parent=self)
        self.lib = self.desk = self.files = self.exporting = self.clients = None
        self._told_stale_edit = False
        self._check_asked = False  # F7 pressed: if LanguageTool cannot start, say why where people look
        self._watched_form = None
        self._open_path = open_path
        self.setWindowTitle("Letterwriter[*]")
        self.brief = BriefPanel()
        self.view = LetterView()
        self.issues_panel = IssuesPanel()
        self.issues_panel.setVisible(False)  # shown when there is something to show
        self.splitter = QSplitter()
        for i, w in enumerate((self.brief, self.view, self.issues_panel)):
            self.splitter.addWidget(w)
            self.splitter.setStretchFactor(i, 1 if w is self.view else 0)
            self.splitter.setCollapsible(i, w is not self.view)
        self.splitter.setSizes([380, 640, 260])
        self.setCentralWidget(self.splitter)
        self.actions = Actions(self)
        self.statusBar().addPermanentWidget(self.view.fit_label)
        self.actions.window_keys.watch(self.view.editor)
        self.view.history_actions = [self.actions.undo, self.actions.redo]
        self.service = chk.CheckService(None, self.tasks, self)  # its settings come with ours
        self.checking = chk.Checking(self.service, self.tasks, lambda: self.draft, self)
        self.check_status = CheckStatus(self.statusBar(), self.service)
        self.reuse_timer = QTimer(self, singleShot=True, interval=700)
        self.reuse_timer.timeout.connect(self._reuse_notes)
        self._connect()
        self._restore_state()

    # --- building ---------------------------------------------------------------------
    def _connect(self) -> None:
        a = self.actions
        ready = self._when_ready
        a.new.triggered.connect(ready(lambda: self.files.new()))
        a.open.triggered.connect(ready(lambda: self.files.open_dialog()))
        a.save.triggered.connect(ready(lambda: self.files.save()))
        a.save_as.triggered.connect(ready(lambda: self.files.save_as()))
        a.recover.triggered.connect(ready(self._recover))
        a.export_pdf.triggered.connect(ready(lambda: self.exporting.export_pdf()))
        a.export_text.triggered.connect(ready(lambda: self.exporting.export_text()))
        a.export_envelope.triggered.connect(ready(lambda: self.exporting.export_envelope()))
        a.print.triggered.connect(ready(lambda: self.exporting.print_letter()))
        a.print_preview.triggered.connect(ready(lambda: self.exporting.print_preview()))
        a.batch.triggered.connect(ready(self.mail_merge))
        a.quit.triggered.connect(self.close)
        a.undo.triggered.connect(lambda: self._history("undo"))
        a.redo.triggered.connect(lambda: self._history("redo"))
        for action, name in (
            (a.cut, "cut"),
            (a.copy, "copy"),
            (a.paste, "paste"),
            (a.select_all, "selectAll"),
        ):
            action.triggered.connect(lambda _c=False, n=name: self._edit_command(n))
        a.find.triggered.connect(lambda: self._find(False))
        a.replace.triggered.connect(lambda: self._find(True))
        a.preferences.triggered.connect(self.preferences)
        a.check.triggered.connect(self.check_now)
        a.browser.triggered.connect(self.template_browser)
        a.clients.triggered.connect(ready(self.show_clients))
        a.about.triggered.connect(self.about)
        self.check_status.stop_requested.connect(self.cancel_checker_start)
        b, v = self.brief, self.view
        b.template_chosen.connect(self.choose_template)
        b.value_changed.connect(lambda name, value: self._change(lambda d: d.set_value(name, value)))
        b.another_wording.connect(lambda: self._change(lambda d: d.next_wording()))
        b.add_memories_requested.connect(self._add_memories)
        v.text_edited.connect(lambda text: self._change(lambda d: d.edit_text(text)))
        v.regenerate_requested.connect(self.regenerate)
        for panel in (v, self.issues_panel):
            panel.fix_requested.connect(self.apply_fix)
        v.ignore_requested.connect(self.ignore_issue)
        self.issues_panel.ignore_requested.connect(lambda issue: self.ignore_issue(issue, False))
        for panel in (v, self.issues_panel):
            panel.add_word_requested.connect(self.add_to_dictionary)
        self.service.state_changed.connect(self._on_checker_state)
        self.checking.checked.connect(self.show_issues)
        self.checking.failed.connect(self.check_status.show_failure)

    def _when_ready(self, fn):
        return lambda *_a: fn() if self.desk is not None else None

    def _screen_key(self) -> str:
        """One remembered size per screen (and per scale: a 1920x1080 screen at 2x is 960x540)."""
        area = self.screen().availableGeometry()
        name = "".join(c if c.isalnum() else "_" for c in self.screen().name()) or "screen"
        return f"geometry/{name}-{area.width()}x{area.height()}"

    def _restore_state(self) -> None:
        geo = self.state.get(self._screen_key(), QByteArray(), QByteArray)
        area = self.screen().availableGeometry()
        if geo and not geo.isEmpty() and self.restoreGeometry(geo):
            self._fit_to(area)
        else:  # 1280x800, or less where the screen has less room; centred
            size = QSize(1280, 800).boundedTo(area.size() - FRAME_ROOM)
            self.resize(size)
            self.move(area.center() - QRect(0, 0, size.width(), size.height()).center())
        split = self.state.get("splitter", QByteArray(), QByteArray)
        if split and not split.isEmpty():
            self.splitter.restoreState(split)

    def _fit_to(self, area: QRect) -> None:
        """Inside the screen's available area, however the saved geometry was."""
        size = self.size().boundedTo(area.size() - FRAME_ROOM)
        if size != self.size():
            self.resize(size)
        x = min(max(self.x(), area.left()), area.right() - size.width() - FRAME_ROOM.width() + 1)
        y = min(max(self.y(), area.top()), area.bottom() - size.height() - FRAME_ROOM.height() + 1)
        if (x, y) != (self.x(), self.y()):
            self.move(x, y)

    def closeEvent(self, event) -> None:
        if self.files is not None and not self.files.maybe_save():
            event.ignore()  # nothing typed is lost without asking
            return
        self.state.set(self._screen_key(), self.saveGeometry())
        self.state.set("splitter", self.splitter.saveState())
        self.state.sync()
        self.service.stop()
        if self.desk is not None:
            self.desk.close()
            self._save_settings()  # the last occasion and folder, for next time
        super().closeEvent(event)

    # --- start-up ---------------------------------------------------------------------
    @property
    def settings(self):
        """The person's settings, read once, after the first frame (or when first asked for)."""
        if self._settings is None:
            from letterwriter.settings import Settings

            self._settings = self.service.settings = Settings.load()
        return self._settings

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        """Watches the window's own events until its first paint (then no more)."""
        if obj is self and event.type() == QEvent.Type.Paint:
            self.removeEventFilter(self)
            QTimer.singleShot(0, self.first_frame.emit)
        return False

    def start_background(self) -> None:
        """Call after show(): once the first frame is drawn, load the templates off the GUI
        thread, then open the desk and start checks. (A window that is never painted, as in
        some tests, starts after a short wait instead.)"""
        self.first_frame.connect(self._start)
        QTimer.singleShot(300, self._start)

    def _start(self) -> None:
        if self._started:
            return
        self._started = True
        self._unkern_mnemonics()
        self.tasks.run(_load_library, self._on_library, self._library_failed)
        self._warm_widget_types()

    def _warm_widget_types(self) -> None:
        """Make Qt's widget types known to Python now, a few at a time, while the templates
        load: the first time Python wraps a widget, PySide looks through every widget type
        and makes each one's enums (the brief's first list painted took 80 ms doing that)."""
        from PySide6 import QtWidgets

        names = iter([n for n in dir(QtWidgets) if n.startswith("Q")])

        def some() -> None:
            t0 = time.perf_counter()
            for name in names:
                getattr(QtWidgets, name)
                if time.perf_counter() - t0 > 0.004:
                    QTimer.singleShot(0, some)
                    return

        QTimer.singleShot(0, some)

    def _unkern_mnemonics(self) -> None:
        """Qt draws a label's mnemonic letter as a run of its own, which drops the kerning the
        label was measured with ("&Tone" lost half its e): such labels are measured unkerned."""
        for label in self.findChildren(QLabel):
            if label.buddy() is not None and "&" in label.text():
                font = label.font()
                font.setKerning(False)
                label.setFont(font)

    def _library_failed(self, exc: Exception) -> None:
        self.view.preview.show_message(f"Templates could not be loaded: {exc}")

    def _on_library(self, lib) -> None:
        """The templates are in: open the desk, then (a turn of the event loop each, so no
        step holds it long) the first letter, recovery, and LanguageTool."""
        from letterwriter.desk import Desk
        from letterwriter.gui.exporting import Exporting
        from letterwriter.gui.files import Files

        self.lib = lib
        desk = Desk(lib, self.settings)  # the window's own once its first letter shows
        self.files = Files(self, desk, self.settings)
        self.files.draft_replaced.connect(self._draft_replaced)
        self.files.saved.connect(self._saved)
        self.actions.file_menu.insertMenu(self.actions.recent_anchor, self.files.recent_menu)
        self.exporting = Exporting(self, desk, self.files)
        self.exporting.review_requested.connect(lambda: self.view.setCurrentIndex(TEXT))
        self.exporting.exported.connect(lambda _p: self.clients.panel.refresh() if self.clients else None)
        from letterwriter.gui.archivestatus import ArchiveStatus  # a firm's server out of reach

        self.archive_status = ArchiveStatus(self.statusBar(), desk, self.tasks)
        self.files.saved.connect(lambda _p: self.archive_status.refresh())
        self.exporting.exported.connect(lambda _p: self.archive_status.refresh())
        self.archive_status.filed.connect(lambda _n: self.clients.panel.refresh() if self.clients else None)
        self.brief.set_templates(lib.list())
        desk.new()
        QTimer.singleShot(0, lambda: self._first_letter(desk))

    def _first_letter(self, desk) -> None:
        self.desk = desk
        self._draft_replaced()
        self.templates_loaded.emit()
        if self._open_path is not None:
            self.files.open(self._open_path)
        else:
            QTimer.singleShot(0, self._recover)
        QTimer.singleShot(0, self.service.start)

    def _saved(self, path: str) -> None:
        self.statusBar().showMessage(f"Saved {path}", 4000)
        self.show_draft()
        if self.clients is not None:
            self.clients.panel.refresh()

    def _recover(self) -> None:
        if not self.files.offer_recovery() and self.sender() is self.actions.recover:
            self.statusBar().showMessage("No unsaved letters to recover.", 4000)

    # --- the draft --------------------------------------------------------------------
    @property
    def draft(self):
        return self.desk.draft if self.desk is not None else None

    def _change(self, fn) -> None:
        draft = self.draft
        if draft is None:
            return
        before = draft.revision
        fn(draft)
        if draft.revision != before:
            self.show_draft()

    def _draft_replaced(self) -> None:
        self.show_draft()
        draft = self.draft
        if draft is not None and not any(
            v for k, v in draft.values.items() if k in ("sender_name", "recipient_name")
        ):
            self.brief.focus_first_field()

    def _tab_into_form(self) -> None:
        """Tab goes from the brief's choices into its form, field by field.

        A form made for another occasion is new to the window, so Qt put its fields at the end
        of the Tab order: after Another wording, Tab went to the letter's tabs.
        """
        form = self.brief.form
        first = form.first_editor()
        if first is None:
            return
        chain, w = [], first
        while w is not None and form.isAncestorOf(w) and w not in chain:
            chain.append(w)
            w = w.nextInFocusChain()
        before = self.brief.wording
        for w in chain:
            if w.focusPolicy() & Qt.FocusPolicy.TabFocus:
                QWidget.setTabOrder(before, w)
                before = w
        scroll = form.parentWidget().parentWidget() if form.parentWidget() else None
        if scroll is not None and scroll is not self.brief:
            scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a Tab stop that only scrolled

    def regenerate(self) -> None:
        sb = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self,
            "Write the letter again?",
            "Drop your edits to the text and write the letter again from the brief? "
            "(Edit > Undo brings the edits back.)",
            sb.Ok | sb.Cancel,
            sb.Cancel,
        )
        if answer == sb.Ok:
            self._change(lambda d: d.regenerate())

    def show_draft(self) -> None:
        """Show the draft everywhere: brief, paper, text, issues, title; then autosave and check."""
        draft = self.draft
        self.brief.show_draft(draft, draft.kept_aside())
        self.brief.show_length_hint(getattr(draft.rendering().letter, "length_note", "") or "")
        stale_edit = draft.brief_changed_since_edit
        if stale_edit and not self._told_stale_edit and self.view.currentIndex() != TEXT:
            self.statusBar().showMessage(
                "You edited the letter's text, so it stays as it is: 'Regenerate from brief' "
                "(Edit text) writes it again with the brief's changes.",
                8000,
            )
        self._told_stale_edit = stale_edit
        self.view.show_letter(draft, self._layout)
        self.actions.show_history(draft.history)
        if self.brief.form.info is not self._watched_form:  # a new form: its boxes leave undo to us
            self._watched_form = self.brief.form.info
            self.actions.window_keys.watch(self.brief)
            self._tab_into_form()
        self.show_issues()
        name = (
            draft.path.name
            if draft.path
            else (f"Letter to {draft.recipient()}" if draft.recipient() else "New letter")
        )
        self.setWindowTitle(f"{name}[*] — Letterwriter")
        self.setWindowModified(draft.modified)
        self.files.changed()
        self.checking.letter_changed()
        if draft.person_id:  # memories already told: looked up after a pause, not per keystroke
            self.reuse_timer.start()
        else:
            self.brief.show_reuse([])

    def _layout(self, letter):
        from letterwriter.export.layout import LetterLayout

        return LetterLayout(letter, self.desk.pdf_options())

    def show_issues(self) -> None:
        draft = self.draft
        issues = draft.visible_issues()
        self.view.show_issues(issues)
        self.issues_panel.show_issues(issues, draft.text, draft.origin)
        # shown while there are issues, or always on a wide window once checks run (no jumping)
        shown = bool(issues) or (self.service.available() and self.width() >= 1100)
        if shown != self.issues_panel.isVisible():
            self.issues_panel.setVisible(shown)
            QTimer.singleShot(0, self._balance_panes)  # once the splitter has laid it out
        if draft.checked_text is not None or draft.issues:
            self.check_status.show_count(len(issues))  # the panel's count, never an older letter's
        else:
            self.check_status.show_state(self.service.state, self.service.detail)

    def _balance_panes(self) -> None:
        """The letter keeps at least two fifths of the width beside the brief and the issues.

        At 800 px the issues panel, once shown, left the paper 150 px and cut its page off.
        """
        sizes = self.splitter.sizes()
        total = sum(sizes)
        if total <= 0 or sizes[1] >= 0.4 * total:
            return
        issues = (
            max(self.issues_panel.minimumWidth(), int(total * 0.24)) if self.issues_panel.isVisible() else 0
        )
        brief = min(sizes[0], max(self.brief.minimumSizeHint().width(), int(total * 0.34)))
        self.splitter.setSizes([brief, total - brief - issues, issues])

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        QTimer.singleShot(0, self._balance_panes)

    def choose_template(self, template_id: str) -> bool:
        draft = self.draft
        if draft is None or template_id == draft.template:
            return False
        if draft.edited_text is not None:
            title = self.lib.get(template_id).title
            answer = QMessageBox.question(
                self,
                "Switch occasion?",
                f"You have edited this letter's text. Switching to “{title}” writes a new letter from "
                f"the brief; your edited text is kept with “{draft.info.title}” and comes back if you "
                "choose it again.",
                QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Ok,
            )
            if answer != QMessageBox.StandardButton.Ok:
                self.brief.show_draft(draft, draft.kept_aside())  # the combo goes back
                return False
        report = draft.set_template(template_id)
        self.desk.remember_template(template_id)
        self.show_draft()
        if report.restored or report.edits_restored:
            self.statusBar().showMessage("Your words for this occasion are back.", 5000)
        return True

    # --- checks -----------------------------------------------------------------------
    def check_now(self) -> None:
        if self.service.state in (chk.OFF, chk.UNAVAILABLE) and self.lib is not None:
            self._check_asked = True
            self.service.start()  # F7 after a stop or a failure tries again
            return
        self.checking.check_now(force=True)

    def cancel_checker_start(self) -> None:
        self.service.stop("stopped; press F7 to start LanguageTool again")

    def _on_checker_state(self, state: str, detail: str) -> None:
        if state == chk.READY and self.draft is not None:
            self.show_issues()
        if state == chk.UNAVAILABLE and self._check_asked:
            # the label beside it says "Checks off"; in the window a server is set in Preferences
            told = detail.replace("--server URL, or Preferences", "Edit > Preferences")
            self.statusBar().showMessage(told, 30000)
        self._check_asked = self._check_asked and state == chk.STARTING

    def apply_fix(self, issue, replacement: str) -> None:
        try:
            self.draft.fix(issue, replacement)
        except ValueError:
            self.statusBar().showMessage("The letter changed since that check; checking again.", 4000)
            self.checking.letter_changed()
            return
        self.show_draft()

    def ignore_issue(self, issue, whole_rule: bool = False) -> None:
        self.draft.ignore(issue, whole_rule)
        if whole_rule:  # "Ignore rule" is for always: every later check, in any letter
            rules = list(self.settings.get("disabled_rules"))
            if issue.rule_id not in rules:
                self.settings.set("disabled_rules", [*rules, issue.rule_id])
                self._save_settings()
        self.show_draft()

    def _save_settings(self) -> None:
        from letterwriter.export import ExportError

        try:
            self.settings.save()
        except ExportError as exc:
            self.statusBar().showMessage(f"Settings not saved: {exc}", 8000)

    def add_to_dictionary(self, issue) -> None:
        from letterwriter import dictionary

        word = issue.word(self.draft.text)
        dictionary.add(word)
        self.draft.drop_word(word)
        self.show_issues()

    # --- editing ----------------------------------------------------------------------
    def _history(self, name: str) -> None:
        """Undo or Redo: the draft's steps, unless the focus is in a box of its own (Find)."""
        target = self.focusWidget()
        if target is not None and hasattr(target, name) and not self._letter_box(target):
            getattr(target, name)()
            return
        self._change(lambda d: getattr(d, name)())

    def _letter_box(self, widget) -> bool:
        return widget is self.view.editor or self.brief.isAncestorOf(widget)

    def _edit_command(self, name: str) -> None:
        target = self.focusWidget()
        if target is None or not hasattr(target, name):
            target = self.view.editor
        getattr(target, name)()

    def _find(self, replace: bool) -> None:
        self.view.setCurrentIndex(TEXT)
        self.view.find_bar.open(replace)

    # --- client files -----------------------------------------------------------------
    def show_clients(self):
        """The client files, in their own window; its requests come back to this desk."""
        if self.desk.archive is None or not self.desk.archive_reachable:
            QMessageBox.warning(
                self,
                "No client files",
                f"The client files cannot be opened: {self.desk.archive_problem or self.desk.store_problem}",
            )
            return None
        if self.clients is None:
            from letterwriter.gui.clientswindow import ClientsWindow

            self.clients = ClientsWindow(self.desk.archive, self.desk.archive_problem, self)
            p = self.clients.panel
            p.new_letter_requested.connect(self._new_letter_to)
            p.write_requested.connect(
                lambda pid, tid: self._archive_letter(lambda: self.desk.new_for(pid, tid or None))
            )
            p.open_letter_requested.connect(
                lambda lid: self._archive_letter(lambda: self.desk.open_archived(lid))
            )
            p.copy_letter_requested.connect(
                lambda lid: self._archive_letter(lambda: self.desk.open_archived(lid, True))
            )
        self.clients.panel.refresh()
        self.clients.show()
        self.clients.raise_()
        return self.clients

    def _new_letter_to(self, person_id: str, memories: list) -> None:
        """Ask for the occasion (the next date's one first), then start the letter from the file."""
        import datetime as _dt

        from PySide6.QtWidgets import QInputDialog

        from letterwriter.archive.dates import suggested_templates

        person = self.desk.archive.get_person(person_id)
        if person is None:
            return
        coming = suggested_templates(person, _dt.date.today())  # the next date's occasion first
        infos = sorted(self.lib.list(), key=lambda i: coming.index(i.id) if i.id in coming else len(coming))
        first = coming[0] if coming else self.draft.template
        titles = [i.title for i in infos]
        current = next((k for k, i in enumerate(infos) if i.id == first), 0)
        title, ok = QInputDialog.getItem(
            self, "New letter", f"Which letter to {person.name}?", titles, current, False
        )
        if not ok:
            return
        tid = infos[titles.index(title)].id
        self._archive_letter(lambda: self.desk.new_for(person_id, tid, memories))
        unused = self.desk.unused_memories
        if unused and self.draft is not None:
            # said where the person looks, for long enough to read (it was dropped without a word)
            self.statusBar().showMessage(
                f"A {self.draft.info.title.lower()} tells one memory; not used: "
                + "; ".join(f"“{m}”" for m in unused)
                + ". Pick it for another letter, or add it in the brief.",
                30000,
            )

    def _archive_letter(self, make) -> None:
        from letterwriter.draft import LetterFileError

        if not self.files.maybe_save():
            return
        try:
            make()
        except (LetterFileError, KeyError) as exc:
            QMessageBox.warning(self, "Could not start the letter", str(exc))
            return
        self._draft_replaced()
        self.raise_()
        self.activateWindow()

    def _reuse_notes(self) -> None:
        notes = self.desk.reuse_notes() if self.desk is not None else []
        self.brief.show_reuse(notes)
        person = self.desk.person() if self.desk is not None else None  # memories not yet in their file
        self.brief.offer_memories(self.desk.new_memories() if person else [], person.name if person else "")

    def _add_memories(self, texts: list) -> None:
        self.desk.add_memories(texts)
        self.brief.offer_memories([], "")
        self.statusBar().showMessage("Added to their file in Clients.", 5000)
        if self.clients is not None:
            self.clients.panel.refresh()

    # --- dialogs ----------------------------------------------------------------------
    def mail_merge(self):
        from letterwriter.gui.merge import MergeDialog

        # one LanguageTool and one task runner: the window's
        dlg = MergeDialog(self.lib, self.settings, self, check_service=self.service, tasks=self.tasks)
        if self.draft is not None:
            dlg.set_template(self.draft.template)  # the occasion on the desk
        dlg.exec()
        return dlg

    def preferences(self):
        from letterwriter.gui.dialogs import PreferencesDialog

        dlg = PreferencesDialog(self.settings, self)
        if dlg.exec():
            restart = dlg.apply()
            if self.draft is not None:
                self.draft.set_language(self.settings.get("language"))
                self.show_draft()
            if restart:
                self.service.restart()
        return dlg

    def template_browser(self):
        if self.lib is None:
            return None
        from letterwriter.gui.dialogs import TemplateBrowser

        self.lib.reload()
        dlg = TemplateBrowser(self.lib, self)
        if dlg.exec() and dlg.chosen:
            self.brief.set_templates(self.lib.list())
            self.choose_template(dlg.chosen)
        return dlg

    def about(self) -> None:
        from letterwriter import __version__

        QMessageBox.about(
            self,
            "About Letterwriter",
            f"<h3>Letterwriter {__version__}</h3><p>Write letters by hand, "
            "with a little help: templates, a brief, and LanguageTool checks.</p>",
        )
