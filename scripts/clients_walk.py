"""A working day with the client files, window only, as someone new would: three clients set up from
nothing through the forms, a letter for each, a memory corrected, a letter exported again, the
dates written for a calendar and read back. Screenshots go to docs/ (clients*.png).

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python scripts/clients_walk.py [OUT_DIR]

The file dialogs and "Which letter?" are answered by the script (they are the system's own).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("LETTERWRITER_HOME", tempfile.mkdtemp(prefix="lw-walk-"))

from PySide6.QtCore import QDate, QEventLoop, QPoint, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox  # noqa: E402

LEFT = Qt.MouseButton.LeftButton
CLIENTS = [
    {
        "name": "Ada Byrne",
        "signs_as": "Ada",
        "language": "British",
        "notes": "Writes every June; likes the formal closing.",
        "person": ("Tobias", "Tobias Byrne", "spouse", "he", "Toby", ["Galway", "Lisbon"]),
        "dates": [("anniversary", "19740601", True), ("birthday", "19481203", True)],
        "memory": ("we was stranded in Lisbon when the trains stopped", "nothing ever frightened you"),
        "letter": "Anniversary letter",
    },
    {
        "name": "Kwame Mensah",
        "signs_as": "Kwame",
        "language": "American",
        "notes": "",
        "person": ("Efua", "Efua Mensah", "colleague", "she", "", ["Accra"]),
        "dates": [("retirement", str(QDate.currentDate().addDays(11).toString("yyyyMMdd")), False)],
        "memory": ("the night you stayed to fix the payroll by hand", "you never let a person wait"),
        "letter": "Farewell or retirement",
    },
    {
        "name": "Siobhán Kelly",
        "signs_as": "Siobhán",
        "language": "British",
        "notes": "Her wife Zoë; 25 years in March.",
        "person": ("Zoë", "Zoë Kowalczyk", "spouse", "she", "Zo", ["Cork", "Kinsale"]),
        "dates": [("birthday", "19790314", True)],
        "memory": ("the ferry to Inis Mór in the rain", "you made the rain part of the day"),
        "letter": "Birthday letter",
    },
]


def pump(ms: int = 50) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait(cond, ms: int = 20000) -> None:
    for _ in range(ms // 50):
        if cond():
            return
        pump(50)
    raise TimeoutError("the window did not get there")


def dialog(parent, kind):
    wait(lambda: parent.findChild(kind) is not None and parent.findChild(kind).isVisible())
    return [d for d in parent.findChildren(kind) if d.isVisible()][0]


def type_text(widget, text: str) -> None:
    """Type as a person does; letters QTest cannot type (é, ë) arrive as an input method sends them."""
    import re

    for chunk in re.split(r"([^\x00-\x7f]+)", text):
        if chunk.isascii():
            QTest.keyClicks(widget, chunk)
        elif hasattr(widget, "insert"):
            widget.insert(chunk)
        elif hasattr(widget, "insertPlainText"):
            widget.insertPlainText(chunk)
        else:
            widget.lineEdit().insert(chunk)


def press_ok(d) -> None:
    QTest.mouseClick(d.ok, LEFT)
    wait(lambda: not d.isVisible())


def main(out: Path) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from letterwriter.gui.clientforms import ClientDialog, DateDialog, MemoryDialog, PersonDialog
    from letterwriter.gui.mainwindow import MainWindow

    out.mkdir(parents=True, exist_ok=True)
    home = Path(os.environ["LETTERWRITER_HOME"])
    saved: list[str] = []
    QFileDialog.getSaveFileName = staticmethod(lambda *a, **k: (saved[-1], ""))
    QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard)
    from PySide6.QtWidgets import QDialog, QDialogButtonBox

    from letterwriter.gui.dialogs import LetterPaperDialog

    def export_as_chosen(d) -> int:  # Export as PDF's own dialog: the choices as offered, Export…
        d.show()
        pump(100)
        QTest.mouseClick(d.buttons.button(QDialogButtonBox.StandardButton.Ok), LEFT)
        return QDialog.DialogCode.Accepted

    LetterPaperDialog.exec = export_as_chosen
    offered: list[str] = []

    def choose(parent, title, label, items, current, editable):
        offered.append(f"{label} -> first offered: {items[current]}")
        return items[current], True

    QInputDialog.getItem = staticmethod(choose)
    win = MainWindow()
    win.show()
    win.start_background()
    wait(lambda: win.desk is not None)
    cw = win.show_clients()
    panel, view = cw.panel, cw.panel.file
    pump(300)
    cw.grab().save(str(out / "clients-empty.png"))
    for c in CLIENTS:
        QTest.mouseClick(panel.list.new_client, LEFT)
        d = dialog(panel, ClientDialog)
        type_text(d.name, c["name"])
        type_text(d.signs_as, c["signs_as"])
        QTest.keyClicks(d.language, c["language"])
        type_text(d.notes, c["notes"])
        press_ok(d)
        wait(lambda c=c: view.title.text() == c["name"])
        QTest.mouseClick(view.add_person, LEFT)
        d = dialog(view, PersonDialog)
        name, full, rel, pron, pet, places = c["person"]
        type_text(d.name, name)
        type_text(d.full_name, full)
        QTest.keyClicks(d.relationship.lineEdit(), rel)
        QTest.keyClicks(d.pronouns, pron)
        type_text(d.pet_name, pet)
        for k, place in enumerate(places):
            if k:
                QTest.keyClick(d.places, Qt.Key.Key_Return)
            type_text(d.places, place)
        if c is CLIENTS[0]:
            d.grab().save(str(out / "clients-person.png"))
        press_ok(d)
        for what, digits, _yearly in c["dates"]:
            QTest.mouseClick(view.add_date, LEFT)
            d = dialog(view, DateDialog)
            QTest.keyClicks(d.what.lineEdit(), what)
            QTest.mouseClick(d.day, LEFT, pos=QPoint(6, d.day.height() // 2))
            QTest.keyClicks(d.day, digits)
            QTest.keyClick(d.day, Qt.Key.Key_Tab)
            if what == "retirement":
                d.grab().save(str(out / "clients-date.png"))
            press_ok(d)
        QTest.mouseClick(view.add_memory, LEFT)
        d = dialog(view, MemoryDialog)
        type_text(d.text, c["memory"][0])
        type_text(d.meaning, c["memory"][1])
        press_ok(d)
    # a letter for each: tick the memory, New letter, export a PDF
    for c in CLIENTS:
        cid = next(r.id for r in panel.list.model.rows if r.name == c["name"])
        panel.list.select(cid)
        wait(lambda c=c: view.title.text() == c["name"])
        top = view.people.topLevelItem(0)
        for j in range(top.childCount()):
            if top.child(j).data(0, Qt.ItemDataRole.UserRole + 1) == "memory":
                top.child(j).setCheckState(0, Qt.CheckState.Checked)
        view.people.setCurrentItem(top)
        QTest.mouseClick(view.new_letter, LEFT)
        wait(lambda: win.draft is not None and win.draft.letter() is not None)
        if win.draft.template != win.lib.list()[0].id and c is CLIENTS[1]:
            pass
        saved.append(str(home / f"{c['person'][0]}.pdf"))
        win.exporting.export_pdf()
        print(
            f"{c['name']}: {win.draft.info.title}, {win.draft.language}, signed "
            f"{win.draft.text.rstrip().splitlines()[-1]!r}, wrote {saved[-1]}"
        )
    print(*offered, sep="\n")
    # a memory corrected in the file
    panel.list.select(next(r.id for r in panel.list.model.rows if r.name == "Ada Byrne"))
    wait(lambda: view.title.text() == "Ada Byrne")
    top = view.people.topLevelItem(0)
    mem = next(top.child(j) for j in range(top.childCount()) if "stranded" in top.child(j).text(0))
    view.people.setCurrentItem(mem)
    view.edit_selected()
    d = dialog(view, MemoryDialog)
    d.text.selectAll()
    QTest.keyClicks(d.text, "we were stranded in Lisbon when the trains stopped")
    press_ok(d)
    # the letter exported again, as it was sent
    view.letters.setCurrentItem(view.letters.topLevelItem(0))
    saved.append(str(home / "Tobias-again.pdf"))
    QTest.mouseClick(view.export_letter, LEFT)
    pump(300)
    cw.resize(1180, 720)
    pump(300)
    cw.grab().save(str(out / "clients.png"))
    panel.setCurrentIndex(1)
    panel.upcoming.days.setValue(366)
    pump(200)
    cw.grab().save(str(out / "clients-upcoming.png"))
    ics = home / "dates.ics"
    n = panel.upcoming.add_to_calendar(str(ics), open_it=False)
    from icalendar import Calendar

    cal = Calendar.from_ical(ics.read_bytes())
    for e in cal.walk("VEVENT"):
        print("calendar:", e["summary"], e.decoded("dtstart"), "yearly" if "rrule" in e else "once")
    print(f"{n} dates in {ics}; letters:", [(r.name, r.letters) for r in panel.list.model.rows])
    print("home:", home)
    win.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"))
