"""The mail merge dialog, driven like a person: rows fill in as they are checked, a row shows on paper,
ready rows export with progress and can be cancelled."""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from letterwriter.settings import Settings

pytestmark = pytest.mark.gui

HEADER = ["sender_name", "recipient_name", "what_they_did", "letter_date"]


def write_csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


@pytest.fixture
def make_dialog(qtbot, isolated_home):
    from letterwriter.gui.merge import MergeDialog
    from letterwriter.templates import TemplateLibrary

    def make(**settings_values):
        settings = Settings.load()
        for k, v in settings_values.items():
            settings.set(k, v)
        dlg = MergeDialog(TemplateLibrary(user_dir=isolated_home / "templates"), settings)
        qtbot.addWidget(dlg)
        dlg.check_box.setChecked(False)
        dlg.set_template("thank_you")
        dlg.show()
        return dlg

    yield make


def statuses(dlg) -> list[str]:
    return [dlg.rows.item(i, 2).text() for i in range(dlg.rows.rowCount())]


def wait_idle(qtbot, dlg, timeout=60000):
    qtbot.waitUntil(lambda: not dlg.busy, timeout=timeout)


def test_rows_fill_in_with_status_and_a_row_shows_on_paper(qtbot, make_dialog, tmp_path):
    dlg = make_dialog()
    src = write_csv(
        tmp_path / "c.csv",
        [
            ["Maya", "Sam", "helped me move", ""],
            ["Maya", "", "helped", ""],
            ["Maya", "Ana", "lent a car", ""],
        ],
    )
    dlg.set_source(src)
    wait_idle(qtbot, dlg)
    assert statuses(dlg) == ["ready", "missing field", "ready"]
    assert dlg.rows.item(1, 3).text() == "missing recipient_name"
    assert dlg.export_button.isEnabled()
    qtbot.mouseClick(
        dlg.rows.viewport(),
        Qt.MouseButton.LeftButton,
        pos=dlg.rows.visualItemRect(dlg.rows.item(2, 1)).center(),
    )
    assert dlg.shown_row == 4 and dlg.preview.page_count() >= 1
    assert "lent a car" in dlg.preview.pages.marks_text


def test_export_ready_rows_as_pdf_with_the_language_setting(qtbot, make_dialog, tmp_path):
    dlg = make_dialog(language="en-GB")
    src = write_csv(
        tmp_path / "c.csv", [["Maya", "Sam", "helped me move", "2025-03-04"], ["Maya", "", "helped", ""]]
    )
    dlg.set_source(src)
    out = tmp_path / "letters"
    dlg.folder_edit.setText(str(out))
    wait_idle(qtbot, dlg)
    qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, dlg)
    assert statuses(dlg) == ["written", "missing field"]
    assert sorted(p.name for p in out.iterdir()) == ["Sam.pdf"]
    text = subprocess.run(["pdftotext", str(out / "Sam.pdf"), "-"], capture_output=True, text=True).stdout
    assert "4 March 2025" in text and "helped me move" in text
    assert "Exported: 1 written" in dlg.status.text()


def test_columns_mapped_and_defaults_set_in_the_dialog(qtbot, make_dialog, tmp_path):
    dlg = make_dialog()
    src = write_csv(
        tmp_path / "c.csv", [["Maya", "", "helped"]], header=["sender_name", "Client", "what_they_did"]
    )
    dlg.set_source(src)
    wait_idle(qtbot, dlg)
    assert "“Client” fills no field" in dlg.status.text()
    assert dlg.columns.rowCount() == 3 and not dlg.export_button.isEnabled()
    dlg.tabs.setCurrentIndex(1)
    dlg.map_column("Client", "recipient_name")
    dlg.set_default("recipient_name", "friend")
    apply = next(b for b in dlg.findChildren(QPushButton) if b.text() == "Apply columns and defaults")
    qtbot.mouseClick(apply, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, dlg)
    assert statuses(dlg) == ["ready"]
    assert dlg.results[2].defaults == ["recipient_name"] and dlg.results[2].name == "friend"


def test_export_can_be_cancelled(qtbot, make_dialog, tmp_path):
    dlg = make_dialog()
    src = write_csv(tmp_path / "c.csv", [["Maya", f"Client {i:03d}", "helped", ""] for i in range(200)])
    dlg.set_source(src)
    dlg.folder_edit.setText(str(tmp_path / "out"))
    wait_idle(qtbot, dlg)
    qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    assert dlg.cancel_button.isEnabled() and dlg.progress.isVisible()
    qtbot.waitUntil(lambda: dlg._count >= 1, timeout=60000)
    qtbot.mouseClick(dlg.cancel_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, dlg)
    written = list((tmp_path / "out").glob("*.pdf"))
    assert 1 <= len(written) < 200
    assert "not done" in dlg.status.text()
    assert statuses(dlg).count("written") == len(written)
    assert not list((tmp_path / "out").glob(".*.part"))


@pytest.mark.lt
def test_checked_rows_show_issues_underlined_on_paper_and_only_clean_rows_export(
    qtbot, make_dialog, tmp_path, lt_url
):
    dlg = make_dialog(lt_server_url=lt_url)
    dlg.check_box.setChecked(True)
    src = write_csv(
        tmp_path / "c.csv",
        [["Maya", "Siobhán", "drove me home", ""], ["Maya", "Sam", "drove me home in the nite", ""]],
    )
    dlg.set_source(src)
    dlg.folder_edit.setText(str(tmp_path / "out"))
    qtbot.waitUntil(lambda: dlg.service.state == "ready", timeout=60000)
    qtbot.waitUntil(lambda: not dlg.busy and not dlg.unchecked and len(dlg.results) == 2, timeout=120000)
    assert statuses(dlg) == ["ready", "issues"]
    assert "column 'what_they_did', row 3" in dlg.rows.item(1, 3).text()
    dlg.rows.selectRow(1)
    layout, text = dlg.preview.pages.layout_obj, dlg.preview.pages.marks_text
    assert [text[a:b] for a, b, _colour in dlg.marks] == ["nite"]
    a, b, _colour = dlg.marks[0]
    assert layout.text_rects(text, a, b)  # and the paper knows where to draw it
    qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, dlg)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["Siobhán.pdf"]


def test_without_languagetool_rows_show_but_unchecked_rows_do_not_export(qtbot, make_dialog, tmp_path):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    dlg = make_dialog(lt_server_url=f"http://127.0.0.1:{port}")
    dlg.check_box.setChecked(True)
    dlg.set_source(write_csv(tmp_path / "c.csv", [["Maya", "Sam", "helped", ""]]))
    qtbot.waitUntil(lambda: dlg.service.state == "unavailable", timeout=30000)
    wait_idle(qtbot, dlg)
    assert statuses(dlg) == ["ready"] and dlg.unchecked
    assert not dlg.export_button.isEnabled()
    assert "unavailable" in dlg.status.text()
    dlg.check_box.setChecked(False)  # the person accepts unchecked letters
    wait_idle(qtbot, dlg)
    assert dlg.export_button.isEnabled()


def test_handwriting_settings_and_text_format_apply(qtbot, make_dialog, tmp_path):
    dlg = make_dialog(font_family="Kristi", paper="a4")
    dlg.set_source(write_csv(tmp_path / "c.csv", [["Maya", "Sam", "helped me move", ""]]))
    dlg.folder_edit.setText(str(tmp_path / "pdf"))
    wait_idle(qtbot, dlg)
    qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, dlg)
    pdf = tmp_path / "pdf" / "Sam.pdf"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "Kristi" in fonts and "(A4)" in info
    dlg.format_box.setCurrentIndex(dlg.format_box.findData("txt"))
    dlg.folder_edit.setText(str(tmp_path / "txt"))
    dlg.reload()
    wait_idle(qtbot, dlg)
    qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, dlg)
    assert "helped me move" in (tmp_path / "txt" / "Sam.txt").read_text()


def test_an_unknown_column_is_explained_in_the_dialogs_own_words(qtbot, make_dialog, tmp_path):
    """Issue 24: the error told the person to use `--map`, a command-line flag, where the tab says ignore."""
    dlg = make_dialog()
    header = ["sender_name", "Client", "what_they_did"]
    dlg.set_source(write_csv(tmp_path / "c.csv", [["Maya", "Sam", "helped"]], header=header))
    wait_idle(qtbot, dlg)
    said = dlg.status.text()
    assert "--map" not in said and "Client" in said
    assert "Columns and defaults" in said and "ignore" in said.lower()


def test_the_columns_table_shows_more_than_two_rows(qtbot, make_dialog, tmp_path):
    """Issue 24: the mapping table showed two rows at a time under a long list of defaults."""
    dlg = make_dialog()
    header = HEADER + ["extra one", "extra two", "extra three", "extra four"]
    rows = [["Maya", "Sam", "helped", "", "a", "b", "c", "d"]]
    dlg.set_source(write_csv(tmp_path / "c.csv", rows, header=header))
    wait_idle(qtbot, dlg)
    dlg.tabs.setCurrentIndex(1)
    qtbot.wait(50)
    table = dlg.columns
    seen = [
        r
        for r in range(table.rowCount())
        if table.visualRect(table.model().index(r, 0)).bottom() < table.viewport().height()
    ]
    assert table.rowCount() == 8 and len(seen) >= 6, (len(seen), table.viewport().height())


def test_tone_and_length_defaults_are_the_briefs_own_choices(qtbot, make_dialog, tmp_path):
    from PySide6.QtWidgets import QComboBox

    from letterwriter.model import LENGTH_LABELS, LENGTHS

    dlg = make_dialog()
    dlg.set_source(write_csv(tmp_path / "c.csv", [["Maya", "Sam", "helped", ""]]))
    wait_idle(qtbot, dlg)
    info = dlg.info()
    for name, values, labels in (
        ("tone", list(info.tones), [t.capitalize() for t in info.tones]),
        ("length", list(LENGTHS), [LENGTH_LABELS[n] for n in LENGTHS]),
    ):
        box = dlg.default_edits[name]
        assert isinstance(box, QComboBox), name
        assert [box.itemData(i) for i in range(1, box.count())] == values
        assert [box.itemText(i) for i in range(1, box.count())] == labels
        assert not box.itemData(0)  # no default: each row's own, or the template's
    dlg.set_default("length", "short")
    qtbot.mouseClick(
        next(b for b in dlg.findChildren(QPushButton) if b.text() == "Apply columns and defaults"),
        Qt.MouseButton.LeftButton,
    )
    wait_idle(qtbot, dlg)
    assert dlg.plans[0].brief["length"] == "short"


def test_rows_with_the_same_name_are_pointed_out_before_export(qtbot, make_dialog, tmp_path):
    dlg = make_dialog()
    rows = [
        ["Maya", "Sam", "helped me move", ""],
        ["Maya", "Ana", "lent a car", ""],
        ["Maya", "sam ", "fed the cat", ""],
    ]
    dlg.set_source(write_csv(tmp_path / "c.csv", rows))
    wait_idle(qtbot, dlg)
    assert dlg.export_button.isEnabled()  # the same name twice may be right: said, not refused
    said = dlg.status.text()
    assert "Sam" in said and "2" in said and "4" in said and "same name" in said
    assert "same name as row 4" in dlg.rows.item(0, 3).text()
    assert "same name as row 2" in dlg.rows.item(2, 3).text()
    assert "same name" not in dlg.rows.item(1, 3).text()


def test_from_the_window_the_dialog_uses_its_languagetool_and_task_runner(qtbot, win, monkeypatch):
    from PySide6.QtWidgets import QDialog

    monkeypatch.setattr(QDialog, "exec", lambda self: 0)
    dlg = win.mail_merge()
    assert dlg.service is win.service and dlg.tasks is win.tasks


def test_enter_in_the_file_box_reads_the_rows_and_keeps_the_dialog_open(qtbot, make_dialog, tmp_path):
    """Found using the window by keyboard: typing the CSV's path and Enter closed the dialog
    (Enter pressed its default button, Close)."""
    dlg = make_dialog()
    src = write_csv(tmp_path / "c.csv", [["Maya", "Sam", "helped me move", ""]])
    dlg.file_edit.setFocus()
    qtbot.keyClicks(dlg.file_edit, str(src))
    qtbot.keyClick(dlg.file_edit, Qt.Key.Key_Return)
    assert dlg.isVisible()
    wait_idle(qtbot, dlg)
    assert statuses(dlg) == ["ready"]


def test_from_the_window_the_dialog_starts_on_the_letters_occasion(qtbot, win, monkeypatch):
    from PySide6.QtWidgets import QDialog

    monkeypatch.setattr(QDialog, "exec", lambda self: 0)
    win.choose_template("thank_you")
    assert win.mail_merge().template_box.currentData() == "thank_you"


def test_a_typed_path_suggests_where_the_letters_go(qtbot, make_dialog, tmp_path):
    dlg = make_dialog()
    src = write_csv(tmp_path / "c.csv", [["Maya", "Sam", "helped me move", ""]])
    dlg.file_edit.setFocus()
    qtbot.keyClicks(dlg.file_edit, str(src))
    qtbot.keyClick(dlg.file_edit, Qt.Key.Key_Return)
    assert dlg.folder_edit.text() == str(tmp_path / "letters")
