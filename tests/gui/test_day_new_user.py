"""A new user's working day in the window (issue 24, repeated): what they tripped on, each shown first."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from letterwriter.archive.clients import add_client

pytestmark = pytest.mark.gui
LEFT = Qt.MouseButton.LeftButton
ROOT = Path(__file__).resolve().parents[2]


def okafor_family(store):
    return add_client(
        store,
        {
            "name": "The Okafor family",
            "signs_as": "Ada",
            "people": [
                {
                    "name": "Mama Ngozi",
                    "full_name": "Ngozi Okafor",
                    "relationship": "grandmother",
                    "pronouns": "she/her",
                    "memories": ["the december she taught me to make chin chin and we burned a batch"],
                }
            ],
        },
    )


def _record_dialogs():
    """Each record dialog (made when asked, one at a time) and how to read its first field."""
    from letterwriter.archive.records import MemoryRecord, PersonRecord
    from letterwriter.gui.clientforms import ClientDialog, DateDialog, MemoryDialog, PersonDialog

    person = PersonRecord(id="p1", client_id="c1", name="Mama Ngozi")
    return [
        (ClientDialog, lambda d: d.name.text()),
        (lambda: PersonDialog(PersonRecord(id="", client_id="c1", name="")), lambda d: d.name.text()),
        (lambda: DateDialog(person), lambda d: d.what.currentText()),
        (
            lambda: MemoryDialog(MemoryRecord(id="", person_id="p1", text=""), person),
            lambda d: d.text.toPlainText(),
        ),
    ]


def test_each_record_dialog_opens_ready_for_typing_in_its_first_field(qtbot):
    """New client, person, date, memory: the first keys typed land in the first field (they went
    to the Cancel or OK button, and "birthday" was lost)."""
    from PySide6.QtWidgets import QApplication

    for make, first_value in _record_dialogs():
        dialog = make()
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        qtbot.waitUntil(lambda d=dialog: QApplication.focusWidget() is not None and d.isActiveWindow())
        qtbot.keyClicks(QApplication.focusWidget(), "birthday")
        assert first_value(dialog) == "birthday", type(dialog).__name__
        dialog.close()


def test_a_day_typed_as_it_is_shown_is_the_day_kept(qtbot):
    """1946-12-20 typed into "The day" is the 20th: the dash after a full year or month moved on a
    second field (Qt had already moved on), and it became 1946-12-12 without a word."""
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QApplication

    dialog = _record_dialogs()[2][0]()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.what.lineEdit().setFocus()
    qtbot.keyClicks(dialog.what.lineEdit(), "birthday")
    qtbot.keyClick(dialog.what.lineEdit(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.day
    qtbot.keyClicks(dialog.day, "1946-12-20")
    assert dialog.day.date() == QDate(1946, 12, 20)
    assert dialog.build().dates["birthday"] == "1946-12-20"
    for typed, day in (("1951-3-7", QDate(1951, 3, 7)), ("19800614", QDate(1980, 6, 14))):
        dialog.what.lineEdit().setFocus()
        qtbot.keyClick(dialog.what.lineEdit(), Qt.Key.Key_Tab)  # into the day again, its year chosen
        qtbot.keyClicks(dialog.day, typed)
        assert dialog.day.date() == day, typed  # a dash after a part not yet whole still moves on


def test_the_at_the_head_of_a_family_name_leaves_every_other_the_alone(qtbot, win):
    """ "The Okafor family" signs the letter: its "The" is no name, and "the december she taught me
    ... the neighbours" was written "The December ... The neighbours" (and "the way" as "the Way")."""
    from window_driver import fill

    win.choose_template("birthday")
    fill(qtbot, win, "sender_name", "The Okafor family")
    fill(qtbot, win, "recipient_name", "Mama")
    fill(qtbot, win, "memory", "the december she taught me to make chin chin and the neighbours came to look")
    qtbot.waitUntil(lambda: "neighbours" in win.draft.text, timeout=5000)
    text = win.draft.text
    assert "the December she taught me" in text and "the neighbours" in text
    assert not re.search(r"[a-z,] The\b", text), text


def test_the_find_bar_buttons_stay_where_they_are_as_the_count_changes(qtbot, win):
    """ "8 matches", "1 of 8", "Not found": the find box and Previous/Next moved sideways with the
    count's width, so a second click on Next landed beside it."""
    from PySide6.QtWidgets import QApplication
    from window_driver import start

    win.resize(1280, 800)
    start(qtbot, win)
    qtbot.waitUntil(lambda: bool(win.draft.text), timeout=5000)
    qtbot.keyClick(win, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = win.view.find_bar
    qtbot.waitUntil(bar.isVisible)
    places = set()
    for step in ("e", "enter", "shift+enter", "zzz", ""):
        if step == "enter":
            qtbot.keyClick(bar.find, Qt.Key.Key_Return)
        elif step == "shift+enter":
            qtbot.keyClick(bar.find, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
        else:
            bar.find.clear()
            qtbot.keyClicks(bar.find, step)
        QApplication.processEvents()
        places.add((bar.find.width(), bar.status.x()))
    assert len(places) == 1, places


def test_issues_before_export_are_read_whole_without_scrolling_sideways(qtbot):
    """The list before Export showed "“ and” — Use a comma before ‘and’ if it connects two independent
    clauses (unles" with a sideways scroll bar: each issue is wrapped, and its word has no space."""
    from letterwriter.gui.dialogs import IssuesBeforeExport
    from letterwriter.issue import Issue

    text = "we burned the first batch and laughed until the neighbours came to look"
    at = text.index(" and")
    message = (
        "Use a comma before ‘and’ if it connects two independent clauses "
        "(unless they are closely connected and short)."
    )
    rule = ("COMMA_COMPOUND_SENTENCE", "PUNCTUATION", "typographical")
    issue = Issue(at, 4, at, 4, message, "", *rule, [", and"], text)
    dialog = IssuesBeforeExport([issue], text)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    item = dialog.list.item(0)
    assert item.text().startswith("“and” — ")
    assert dialog.list.horizontalScrollBar().maximum() == 0
    assert dialog.list.visualItemRect(item).height() > dialog.list.fontMetrics().height() * 1.5  # wrapped


def test_a_name_typed_in_lower_case_is_written_with_its_capitals(qtbot, win):
    """ "maria" from a merge row was "Dear maria," (checked and ready), and "uncle emeka" died in a
    condolence letter as "your husband, uncle emeka": a name field is a name, whatever the typing."""
    from window_driver import fill

    win.choose_template("condolence")
    fill(qtbot, win, "sender_name", "ada okafor")
    fill(qtbot, win, "recipient_name", "aunty chiamaka")
    fill(qtbot, win, "deceased_name", "uncle emeka")
    qtbot.waitUntil(lambda: "meka" in win.draft.text, timeout=5000)
    text = win.draft.text
    assert "Aunty Chiamaka," in text.splitlines()[2] and "Uncle Emeka" in text, text
    assert "emeka" not in text and "chiamaka" not in text and "ada okafor" not in text
    assert win.brief.form.editor("deceased_name").text() == "uncle emeka"  # the brief keeps the typing


def test_f7_without_languagetool_says_why_and_what_to_do(qtbot, win):
    """A new home has no LanguageTool: F7 (and Check now) flashed "Starting…" and fell back to
    "Checks off" without a word; the way to install it was only in a tooltip."""
    from letterwriter.gui import checker as chk

    qtbot.waitUntil(lambda: win.service.state == chk.UNAVAILABLE, timeout=20000)
    assert win.statusBar().currentMessage() == ""
    qtbot.keyClick(win, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: "languagetool install" in win.statusBar().currentMessage(), timeout=20000)
    assert "not installed" in win.statusBar().currentMessage()


def test_the_merge_defaults_get_the_room_the_columns_do_not_use(qtbot, isolated_home, tmp_path):
    """Four columns left their table half empty while the defaults below showed two rows at a time
    (the Length default cut in half): the columns take what their rows need, the defaults the rest."""
    from PySide6.QtWidgets import QApplication

    from letterwriter.gui.merge import MergeDialog
    from letterwriter.settings import Settings
    from letterwriter.templates import TemplateLibrary

    src = tmp_path / "thankyous.csv"
    src.write_text("first name,last name,gift,email\nmaria,lopez,the blue scarf,m@example.com\n")
    dlg = MergeDialog(TemplateLibrary(user_dir=isolated_home / "templates"), Settings.load())
    qtbot.addWidget(dlg)
    dlg.check_box.setChecked(False)
    dlg.set_template("thank_you")
    dlg.resize(1180, 740)
    dlg.show()
    qtbot.waitExposed(dlg)
    dlg.set_source(src)
    qtbot.waitUntil(lambda: dlg.columns.rowCount() == 4, timeout=30000)
    dlg.tabs.setCurrentIndex(1)
    table = dlg.columns
    rows = sum(table.rowHeight(r) for r in range(table.rowCount()))

    def spare() -> int:
        QApplication.processEvents()
        return table.viewport().height() - rows

    qtbot.waitUntil(lambda: spare() < table.rowHeight(0), timeout=2000)  # no more than a row to spare
    assert table.verticalScrollBar().maximum() == 0  # and every column in sight


def test_ctrl_y_redoes_in_the_letter_window_as_it_does_in_clients(tmp_path):
    """Ctrl+Y redid an edit in the Clients window but did nothing in the letter's on X11 and GNOME
    (their Redo is Ctrl+Shift+Z alone; the offscreen platform's has both, so this runs on a real X
    screen): a person who undid one edit too many found no way back but the menu."""
    if not shutil.which("xvfb-run"):
        pytest.skip("needs xvfb-run: only an X11 screen has X11's keys")
    probe = tmp_path / "probe.py"
    probe.write_text(
        textwrap.dedent(
            """
            import sys
            from PySide6.QtGui import QKeySequence
            from PySide6.QtWidgets import QApplication, QMainWindow
            app = QApplication(sys.argv[:1])
            from letterwriter.gui.actions import Actions
            win = QMainWindow()
            keys = [k.toString() for k in Actions(win).redo.shortcuts()]
            print(",".join(keys))
            """
        )
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")} | {"PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        ["xvfb-run", "-a", sys.executable, str(probe)], capture_output=True, text=True, env=env, timeout=120
    )
    assert out.returncode == 0, out.stderr
    keys = out.stdout.strip().splitlines()[-1].split(",")
    assert "Ctrl+Shift+Z" in keys and "Ctrl+Y" in keys, keys


WINDOWS_PROBE = """
import json, sys
sys.path.insert(0, {root!r})
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from letterwriter.gui.mainwindow import MainWindow
from letterwriter.archive.clients import add_client
win = MainWindow()
win.show()
win.start_background()

def report():
    if win.desk is None or win.lib is None:
        QTimer.singleShot(100, report)
        return
    try:
        sizes()
    finally:
        app.quit()

def sizes():
    from letterwriter.gui.dialogs import IssuesBeforeExport, TemplateBrowser
    from letterwriter.gui.merge import MergeDialog
    from letterwriter.gui.book import BookDialog
    cid = add_client(win.desk.archive, {{"name": "The Okafor family", "people": [{{"name": "Mama Ngozi"}}]}})
    shown = {{"Clients": win.show_clients()}}
    shown["Mail merge"] = MergeDialog(win.lib, win.settings, win, check_service=win.service, tasks=win.tasks)
    shown["Template browser"] = TemplateBrowser(win.lib, win)
    shown["Make a Book"] = BookDialog(win.desk.archive, cid, win)
    shown["Issues remain"] = IssuesBeforeExport([], "", win)
    out = {{}}
    area = win.screen().availableGeometry()
    for name, w in shown.items():
        w.show()
        app.processEvents()
        g, least = w.frameGeometry(), w.minimumSizeHint()
        out[name] = [g.width(), g.height(), least.height()]
    out["available"] = [area.width(), area.height()]
    print(json.dumps(out), flush=True)

QTimer.singleShot(100, report)
app.exec()
"""


def test_every_window_and_dialog_opens_inside_a_scaled_screen(tmp_path):
    """At scale 2 on 1920x1080 (960x540 to Qt) the letter window fitted, but Clients opened at
    1040x680 with its buttons past the screen's edge, as did Mail merge and Make a Book."""
    config = tmp_path / "screen.json"
    screen = {"name": "big", "x": 0, "y": 0, "width": 1920, "height": 1080}
    config.write_text(json.dumps({"screens": [screen]}))
    probe = tmp_path / "windows_probe.py"
    probe.write_text(WINDOWS_PROBE.format(root=str(ROOT)))
    (tmp_path / "home").mkdir()
    env = dict(
        os.environ,
        LETTERWRITER_HOME=str(tmp_path / "home"),
        QT_QPA_PLATFORM=f"offscreen:configfile={config}",
        QT_SCALE_FACTOR="2",
        LETTERWRITER_LANGUAGETOOL_DIR=str(tmp_path / "no-languagetool"),
    )
    out = subprocess.run([sys.executable, str(probe)], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    sizes = json.loads(out.stdout.strip().splitlines()[-1])
    width, height = sizes.pop("available")
    # Mail merge cannot be shorter than its rows of choices (579 at scale 2, 41 too many): it opens
    # as short as it can be, and as wide as the screen allows
    too_big = {n: s for n, s in sizes.items() if s[0] > width or s[1] > max(height, s[2] + 4)}
    assert not too_big, (too_big, [width, height])
