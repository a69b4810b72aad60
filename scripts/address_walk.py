"""Postal addresses kept through the window only, as a writer would: a client with a return address
and a person with theirs typed in the Clients window, one refused while a part is wrong, an edit
undone, a letter written and its envelope exported; a second person's address typed in the
envelope dialog and kept in the file. OUT_DIR (docs/ by default) gets clients-address.png; the
other screenshots and the envelopes, rasterised, go to the walk's home folder (printed at the end).

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python scripts/address_walk.py [OUT_DIR]

The file dialogs and "Which letter?" are answered by the script (they are the system's own).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("LETTERWRITER_HOME", tempfile.mkdtemp(prefix="lw-address-"))

from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QInputDialog  # noqa: E402

LEFT = Qt.MouseButton.LeftButton


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
    wait(lambda: any(d.isVisible() for d in parent.findChildren(kind)))
    return next(d for d in parent.findChildren(kind) if d.isVisible())


def focus(widget) -> None:
    """Click into a field, as a person does."""
    QTest.mouseClick(widget if not hasattr(widget, "viewport") else widget.viewport(), LEFT)
    pump(30)


def type_in(widget, text: str) -> None:
    focus(widget)
    QTest.keyClicks(widget, text)
    pump(30)


def choose_country(form, text: str) -> None:
    """Click into the country box, select what is there, type the words and press Tab."""
    box = form.country.lineEdit()
    focus(box)
    QTest.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(box, text)
    pump(200)
    popup = form.country.completer().popup()
    # the list of offers holds the keyboard while it is open, as on any desktop
    QTest.keyClick(popup if popup.isVisible() else box, Qt.Key.Key_Tab)
    pump(200)


def shot(widget, path: Path) -> None:
    pump(250)
    widget.grab().save(str(path))
    print("screenshot:", path)


def screen(path: Path) -> None:
    pump(250)
    subprocess.run(["import", "-window", "root", str(path)], check=False)
    print("screen:", path)


def main(out: Path) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from letterwriter.gui.clientforms import ClientDialog, PersonDialog
    from letterwriter.gui.envelopedialog import EnvelopeDialog
    from letterwriter.gui.mainwindow import MainWindow

    out.mkdir(parents=True, exist_ok=True)
    home = Path(os.environ["LETTERWRITER_HOME"])
    shots = home / "screenshots"
    shots.mkdir(exist_ok=True)
    saved: list[str] = []
    QFileDialog.getSaveFileName = staticmethod(lambda *a, **k: (saved[-1], ""))
    QInputDialog.getItem = staticmethod(lambda p, t, label, items, current, e: (items[current], True))
    win = MainWindow()
    win.show()
    win.start_background()
    wait(lambda: win.desk is not None)
    cw = win.show_clients()
    panel, view = cw.panel, cw.panel.file
    store = panel.store

    # a British client: her return address starts in the United Kingdom
    QTest.mouseClick(panel.list.new_client, LEFT)
    d = dialog(panel, ClientDialog)
    type_in(d.name, "Ada Byrne")
    type_in(d.signs_as, "Ada")
    focus(d.language)
    QTest.keyClicks(d.language, "British")
    back = d.return_address
    type_in(back.edits["street_address"], "Flat 3")
    QTest.keyClick(back.edits["street_address"], Qt.Key.Key_Return)
    QTest.keyClicks(back.edits["street_address"], "27 Marine Parade")
    type_in(back.edits["city"], "Brighton")
    type_in(back.edits["postal_code"], "BN2 1T")
    print("client form, postcode half typed:", back.error.text(), "| OK", d.ok.isEnabled())
    shot(d, shots / "client-postcode.png")
    type_in(back.edits["postal_code"], "L")
    print("client form, done:", repr(back.error.text()), "| OK", d.ok.isEnabled())
    shot(d, shots / "client.png")
    QTest.mouseClick(d.ok, LEFT)
    wait(lambda: view.title.text() == "Ada Byrne")
    [ada] = store.list_clients()
    print("stored return address:", store.get_client(ada.id).return_address)

    # her husband in California: the country typed, a part missing refused, the postcode checked
    QTest.mouseClick(view.add_person, LEFT)
    d = dialog(view, PersonDialog)
    type_in(d.name, "Tobias")
    type_in(d.full_name, "Tobias Byrne")
    focus(d.relationship)
    QTest.keyClicks(d.relationship.lineEdit(), "spouse")
    a = d.address
    print("person's address starts in:", a.country.currentText())
    choose_country(a, "united st")
    print("country chosen:", a.country.currentText(), "| parts:", list(a.edits))
    type_in(a.edits["street_address"], "1600 Amphitheatre Pkwy")
    type_in(a.edits["city"], "Mountain View")
    type_in(a.edits["postal_code"], "9404")
    print("postcode 9404:", a.error.text(), "| OK", d.ok.isEnabled())
    shot(d, shots / "person-zip.png")
    type_in(a.edits["postal_code"], "3")
    print("no state yet:", a.error.text(), "| OK", d.ok.isEnabled())
    QTest.mouseClick(d.ok, LEFT)  # refused: nothing is stored
    pump(100)
    print("after OK while refused: dialog open", d.isVisible(), "| people:", len(store.people(ada.id)))
    type_in(a.edits["country_area"], "Califo")
    pump(200)
    popup = a.edits["country_area"].completer().popup()
    print("state offers:", popup.isVisible(), popup.model().rowCount() if popup.isVisible() else 0)
    if popup.isVisible():
        QTest.keyClick(popup, Qt.Key.Key_Down)
        QTest.keyClick(popup, Qt.Key.Key_Return)
    pump(100)
    state = a.edits["country_area"].text()
    print("state:", state, "| problem:", repr(a.error.text()), "| OK", d.ok.isEnabled())
    screen(shots / "person-screen.png")
    shot(d, out / "clients-address.png")
    QTest.mouseClick(d.ok, LEFT)
    wait(lambda: not d.isVisible())
    [tobias] = store.people(ada.id)
    print("stored address:", tobias.address)

    # a second person, no address yet
    QTest.mouseClick(view.add_person, LEFT)
    d = dialog(view, PersonDialog)
    type_in(d.name, "June")
    type_in(d.full_name, "June Park")
    QTest.mouseClick(d.ok, LEFT)
    wait(lambda: not d.isVisible())
    cw.resize(1180, 720)
    shot(cw, shots / "clients.png")
    top = view.people.topLevelItem(0)
    print("card:", [top.child(j).text(0) for j in range(top.childCount())])

    # an address change undone from the keyboard
    card = top.child(top.childCount() - 1)
    view.people.setCurrentItem(card)
    view.edit_selected()
    d = dialog(view, PersonDialog)
    focus(d.address.edits["street_address"])
    QTest.keyClick(d.address.edits["street_address"], Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(d.address.edits["street_address"], "1 Infinite Loop")
    QTest.mouseClick(d.ok, LEFT)
    wait(lambda: not d.isVisible())
    street = store.get_person(tobias.id).address["street_address"]
    print("changed:", street, "|", cw.statusBar().currentMessage())
    cw.activateWindow()
    wait(cw.isActiveWindow)
    QTest.keyClick(cw.focusWidget() or cw, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    pump(100)
    print("after Ctrl+Z:", store.get_person(tobias.id).address["street_address"])

    # a letter to Tobias and its envelope, from the file
    def export_envelope(name: str, fill=None) -> Path:
        target = home / f"envelope-{name}.pdf"
        saved.append(str(target))

        def in_dialog() -> None:
            dlg = next(w for w in app.topLevelWidgets() if isinstance(w, EnvelopeDialog) and w.isVisible())
            if fill:
                fill(dlg)
            shot(dlg, shots / f"envelope-dialog-{name}.png")
            QTest.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Ok), LEFT)

        QTimer.singleShot(600, in_dialog)
        win.exporting.export_envelope()
        print("status:", win.statusBar().currentMessage())
        text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True)
        print(f"envelope to {name}:\n{text.stdout.rstrip()}")
        raster = ["pdftoppm", "-r", "60", "-png", "-singlefile", str(target), str(shots / f"envelope-{name}")]
        subprocess.run(raster, check=False)
        return target

    for j in range(view.people.topLevelItemCount()):
        if view.people.topLevelItem(j).text(0).startswith("Tobias"):
            view.people.setCurrentItem(view.people.topLevelItem(j))
    QTest.mouseClick(view.new_letter, LEFT)
    wait(lambda: win.draft is not None and win.draft.letter() is not None)
    export_envelope("Tobias")

    # June's letter: her file lacks the address; typed in the envelope dialog and kept
    for j in range(view.people.topLevelItemCount()):
        if view.people.topLevelItem(j).text(0).startswith("June"):
            view.people.setCurrentItem(view.people.topLevelItem(j))
    QTest.mouseClick(view.new_letter, LEFT)
    wait(lambda: win.draft is not None and win.draft.person_id == store.people(ada.id)[1].id)

    def fill(dlg) -> None:
        print("note:", dlg.to.note.text(), "| save offered:", dlg.save_to.isChecked())
        choose_country(dlg.to, "Ireland")
        type_in(dlg.to.edits["street_address"], "Ard na Mara, Spiddal")
        type_in(dlg.to.edits["city"], "Galway")
        type_in(dlg.to.edits["postal_code"], "H91 C8K2")
        print("June's form:", list(dlg.to.edits), "| problem:", repr(dlg.problem()))

    export_envelope("June", fill)
    june = store.people(ada.id)[1]
    print("June's address now in the file:", june.address)
    pump(300)
    shot(cw, shots / "clients-after.png")
    print("home:", home)
    win.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"))
