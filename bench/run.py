"""`make bench`: every figure measured beside its bare baseline in the same run.

Prints one JSON object and writes bench/results.json. Machines here are shared and noisy,
so ratios (ours / bare) matter more than absolute values. Sections: engine (render, PDF,
batch), grammar (LanguageTool start and checks), window (start-up, preview, stalls) and
anthology (a 200-letter book, PDF and EPUB).
Run one section with `python bench/run.py engine` (or grammar, window, batch).
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BRIEF = {
    "sender_name": "Theodore",
    "recipient_name": "Catherine",
    "pet_name": "Cat",
    "together_since": "2009-06-15",
    "letter_date": "2026-11-24",
    "length": "letter",
    "memories": [
        "the night the power went out and we read by candlelight",
        "our first trip to Lisbon, when it rained for four days",
        "the morning you taught me to make bread",
    ],
}


def p50(xs):
    return statistics.median(xs)


def p95(xs):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]


def timed(fn, n):
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def ratio(a, b):
    return round(a / b, 2) if b else None


# --- archive ----------------------------------------------------------------------------------


def _generate_archive(path: Path, clients: int = 200, per_client: int = 5, per_person: int = 10) -> dict:
    """A deterministic archive: 200 clients, 1,000 people, 10,000 letters of about 250 words."""
    import random

    from letterwriter.archive.store import ArchiveStore

    rnd = random.Random(7)
    vocab = [
        "".join(rnd.choice("abcdefghijklmnoprstuvwy") for _ in range(rnd.randint(3, 9))) for _ in range(3000)
    ]
    weights = [1 / (i + 1) for i in range(len(vocab))]  # Zipf-like, as words in letters are
    tables: dict = {k: [] for k in ("clients", "people", "dates", "memories", "letters", "letter_memories")}
    stamp = "2026-01-01T00:00:00+00:00"
    for c in range(clients):
        cid = f"c{c:05d}"
        tables["clients"].append(
            {
                "id": cid,
                "name": f"{_NAMES[c % len(_NAMES)]} Client{c:03d}",
                "notes": "",
                "created": stamp,
                "updated": stamp,
            }
        )
        for k in range(per_client):
            pid = f"{cid}p{k}"
            tables["people"].append(
                {
                    "id": pid,
                    "client_id": cid,
                    "position": k,
                    "name": f"Person{c:03d}{k}",
                    "full_name": "",
                    "relationship": "friend",
                    "pronouns": "she/her",
                    "pet_name": "",
                    "places": "[]",
                }
            )
            for kind in ("birthday", "anniversary"):
                d = f"{rnd.randint(1940, 2015)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
                tables["dates"].append({"person_id": pid, "kind": kind, "date": d})
            mids = []
            for m in range(3):
                mids.append(f"{pid}m{m}")
                tables["memories"].append(
                    {
                        "id": mids[-1],
                        "person_id": pid,
                        "position": m,
                        "text": " ".join(rnd.choices(vocab, weights, k=12)),
                        "created": stamp,
                    }
                )
            for n in range(per_person):
                lid = f"{pid}l{n}"
                text = "\n\n".join(" ".join(rnd.choices(vocab, weights, k=50)) + "." for _ in range(5)) + "\n"
                date = f"{2016 + n}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
                tables["letters"].append(
                    {
                        "id": lid,
                        "client_id": cid,
                        "person_id": pid,
                        "template": "birthday",
                        "template_version": "",
                        "occasion": "birthday",
                        "brief": "{}",
                        "options": "{}",
                        "rendered_text": text,
                        "edited_text": None,
                        "status": "draft",
                        "letter_date": date,
                        "created": stamp,
                        "updated": stamp,
                        "export_path": None,
                    }
                )
                tables["letter_memories"].append({"letter_id": lid, "memory_id": mids[n % 3]})
    store = ArchiveStore.open(path)
    store.load(tables)
    store.close()
    return {"vocab": vocab}


def bench_archive() -> dict:
    import sqlite3

    from PySide6.QtWidgets import QApplication, QListWidget

    from letterwriter.archive.dates import upcoming
    from letterwriter.archive.letters import save_letter
    from letterwriter.archive.store import ArchiveStore
    from letterwriter.gui.clients import ClientFileView, ClientList

    tmp = Path(tempfile.mkdtemp())
    db = tmp / "letterwriter.db"
    t = time.perf_counter()
    gen = _generate_archive(db)
    build_s = time.perf_counter() - t
    app = QApplication.instance() or QApplication([])

    def ours_open():
        store = ArchiveStore.open(db)
        w = ClientList(store)
        w.show()
        app.processEvents()
        assert w.model.rowCount() == 200
        w.close()
        w.deleteLater()
        store.close()

    def bare_open():
        con = sqlite3.connect(db)
        names = [r[0] for r in con.execute("SELECT name FROM clients ORDER BY name")]
        w = QListWidget()
        w.addItems(names)
        w.show()
        app.processEvents()
        w.close()
        w.deleteLater()
        con.close()

    ours_open(), bare_open()
    o, b = [], []
    for _ in range(15):
        o += timed(ours_open, 1)
        b += timed(bare_open, 1)
    res = {
        "archive_letters": 10000,
        "archive_build_s": round(build_s, 1),
        "archive_open_ms": round(p50(o), 1),
        "archive_open_bare_ms": round(p50(b), 1),
        "archive_open_ratio": ratio(p50(o), p50(b)),
    }

    # issue 17: the whole Clients window (list, a client's file, Upcoming, the undo history, the
    # watch on the database) opened over the same archive, beside the bare list above
    from letterwriter.gui.clientswindow import ClientsWindow

    def window_open():
        store = ArchiveStore.open(db)
        w = ClientsWindow(store)
        w.show()
        app.processEvents()
        assert w.panel.list.model.rowCount() == 200
        w.close()
        w.deleteLater()
        app.processEvents()
        store.close()

    window_open()
    o, b = [], []
    for _ in range(10):
        o += timed(window_open, 1)
        b += timed(bare_open, 1)
    res.update(
        {
            "clients_window_open_ms": round(p50(o), 1),
            "clients_window_open_bare_ms": round(p50(b), 1),
            "clients_window_open_ratio": ratio(p50(o), p50(b)),
        }
    )
    # a search typed in the window's list (the rule of `clients list --search`), beside the raw query
    store = ArchiveStore.open(db)
    lst = ClientList(store)
    lst.show()
    raw = sqlite3.connect(db)
    words = ["Person0173", "Client042", "Ada", "Client01 2019", "Person19"]
    words += [w for w in gen["vocab"][600:615]]
    o, b, hits = [], [], []
    for q in words:

        def ours_search(q=q):
            lst.search.setText(q)
            lst.refresh()
            app.processEvents()
            hits.append(lst.model.rowCount())

        plain = " AND ".join(f'"{w}"*' for w in q.split() if not w[:4].isdigit())
        o += timed(ours_search, 1)
        b += timed(
            lambda plain=plain: raw.execute(
                "SELECT c.id, c.name FROM clients c WHERE c.doc IN "
                "(SELECT rowid FROM clients_fts WHERE clients_fts MATCH ?) ORDER BY lower(c.name)",
                (plain,),
            ).fetchall(),
            1,
        )
    res.update(
        {
            "clients_search_ms_p50": round(p50(o), 2),
            "clients_search_ms_max": round(max(o), 2),
            "clients_search_bare_ms_p50": round(p50(b), 2),
            "clients_search_ratio": ratio(p50(o), p50(b)),
            "clients_search_hits_p50": p50(hits),
        }
    )
    lst.close()
    raw.close()
    store.close()

    store = ArchiveStore.open(db)
    con = sqlite3.connect(db)
    vocab = gen["vocab"]
    # mid-frequency words (a few dozen to a few hundred letters each), a client, a person, a date
    queries = [f"{vocab[i]} {vocab[i + 1]}" for i in range(300, 330)] + [vocab[i] for i in range(600, 620)]
    queries += ["Client042", "Person0173", "Client017 2019", "Person1990 birthday"]
    bare_sql = """SELECT l.* FROM letters l WHERE l.doc IN
                  (SELECT rowid FROM letters_fts WHERE letters_fts MATCH ?) ORDER BY l.letter_date DESC"""
    o, b, hits = [], [], []
    for q in queries:
        o += timed(lambda q=q: hits.append(len(store.list_letters(search=q))), 1)
        words = " AND ".join(f'"{w}"*' for w in q.split() if not w[:4].isdigit())
        b += timed(lambda words=words: con.execute(bare_sql, (words,)).fetchall(), 1)
    res.update(
        {
            "search_ms_p50": round(p50(o), 2),
            "search_bare_ms_p50": round(p50(b), 2),
            "search_ratio": ratio(p50(o), p50(b)),
            "search_hits_p50": p50(hits),
        }
    )

    view = ClientFileView(store)
    view.show()
    cid = "c00042"

    def ours_file():
        view.show_client(cid)
        app.processEvents()
        assert view.letters.topLevelItemCount() == 50

    def bare_file():
        con.execute("SELECT * FROM clients WHERE id = ?", (cid,)).fetchall()
        pids = [r[0] for r in con.execute("SELECT id FROM people WHERE client_id = ?", (cid,))]
        marks = ",".join("?" * len(pids))
        con.execute(f"SELECT * FROM dates WHERE person_id IN ({marks})", pids).fetchall()
        con.execute(f"SELECT * FROM memories WHERE person_id IN ({marks})", pids).fetchall()
        con.execute("SELECT * FROM letters WHERE client_id = ? ORDER BY letter_date DESC", (cid,)).fetchall()

    ours_file(), bare_file()
    o, b = [], []
    for _ in range(20):
        o += timed(ours_file, 1)
        b += timed(bare_file, 1)
    res.update(
        {
            "client_file_ms": round(p50(o), 2),
            "client_file_bare_ms": round(p50(b), 2),
            "client_file_ratio": ratio(p50(o), p50(b)),
        }
    )

    sql = """SELECT d.person_id, p.name, p.client_id, c.name, d.kind, d.date FROM dates d
             JOIN people p ON p.id = d.person_id JOIN clients c ON c.id = p.client_id"""
    o, b = [], []
    for _ in range(30):
        o += timed(lambda: upcoming(store, 30), 1)
        b += timed(lambda: con.execute(sql).fetchall(), 1)
    res.update(
        {
            "upcoming_ms": round(p50(o), 2),
            "upcoming_bare_ms": round(p50(b), 2),
            "upcoming_ratio": ratio(p50(o), p50(b)),
            "upcoming_items": len(upcoming(store, 30)),
        }
    )

    # saving one more letter into the full archive (render --save, the window's save), beside
    # a bare INSERT of the same row and its full-text entry in one transaction
    from letterwriter.templates import library

    info = library().get("birthday")
    person = store.get_person("c00042p0")
    brief = {"sender_name": "Ada", "recipient_name": person.name, "memory": "the kite on the dunes"}
    text = library().render(info, brief).text
    bare_con = sqlite3.connect(db, isolation_level=None)
    bare_con.execute("PRAGMA synchronous = NORMAL")  # as the store runs (WAL + NORMAL)
    n = [0]

    def bare_save():
        n[0] += 1
        bare_con.execute("BEGIN IMMEDIATE")
        bare_con.execute(
            """INSERT INTO letters (id, client_id, person_id, template, rendered_text, letter_date,
                                    created, updated, doc)
               VALUES (?, 'c00042', 'c00042p0', 'birthday', ?, '2026-01-01', '', '', ?)""",
            (f"bare{n[0]}", text, -n[0]),  # negative: apart from the numbers the store hands out
        )
        bare_con.execute("INSERT INTO letters_fts (rowid, body) VALUES (?, ?)", (-n[0], text))
        bare_con.execute("COMMIT")

    o, b = [], []
    for _ in range(30):
        o += timed(lambda: save_letter(store, store.get_person(person.id), info, brief, text), 1)
        b += timed(bare_save, 1)
    res.update(
        {
            "save_ms_p50": round(p50(o), 2),
            "save_bare_ms_p50": round(p50(b), 2),
            "save_ratio": ratio(p50(o), p50(b)),
        }
    )
    bare_con.close()
    view.close()
    store.close()
    con.close()
    return res


# --- engine -----------------------------------------------------------------------------------


_FIRST = """
import json, sys, time
t0 = time.perf_counter()
from letterwriter.templates import TemplateLibrary
t1 = time.perf_counter()
TemplateLibrary(user_dir=None).render("love_letter", json.loads(sys.argv[1]))
t2 = time.perf_counter()
print(json.dumps([t1 - t0, t2 - t1]))
"""


def _first_render() -> dict:
    """A fresh process: importing the templates, then its first letter (lexicon, Jinja compile, inflect)."""
    runs = []
    for _ in range(5):
        cmd = [sys.executable, "-c", _FIRST, json.dumps(BRIEF)]
        out = subprocess.run(cmd, capture_output=True, text=True)
        runs.append(json.loads(out.stdout))
    return {
        "first_import_ms_p50": round(1000 * p50([r[0] for r in runs]), 1),
        "first_render_ms_p50": round(1000 * p50([r[1] for r in runs]), 1),
    }


def bench_engine() -> dict:
    import jinja2

    from letterwriter.model import validate_brief
    from letterwriter.templates import TemplateLibrary, _configure, _env_kwargs

    lib = TemplateLibrary(user_dir=Path(tempfile.mkdtemp()))
    info = lib.get("love_letter")
    lib.render(info, BRIEF)  # compile once, as a running program has

    # Bare Jinja: the same template, environment options and filters, a ready context.
    env = _configure(jinja2.Environment(**_env_kwargs(jinja2.FileSystemLoader(str(lib.bundled_dir)))))
    tmpl = env.get_template(Path(info.path).name)
    values = validate_brief(info, BRIEF).values
    from letterwriter.templates import letter_context

    ctx = letter_context(info, values, "en-US")[0]  # what the template sees, made once
    tmpl.render(ctx)

    ours, bare = [], []
    for _ in range(300):  # interleaved, so both see the same machine
        ours += timed(lambda: lib.render(info, BRIEF), 1)
        bare += timed(lambda: tmpl.render(ctx), 1)
    res = {
        "render_ms_p50": round(p50(ours), 3),
        "jinja_render_ms_p50": round(p50(bare), 3),
        "render_ratio": ratio(p50(ours), p50(bare)),
        **_first_render(),
    }

    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QFont, QPageSize, QPdfWriter, QTextDocument

    from letterwriter.export.fonts import ensure_gui_app
    from letterwriter.export.layout import fit
    from letterwriter.export.options import PdfOptions
    from letterwriter.export.pdf import export_pdf

    ensure_gui_app()
    letter = lib.render(info, BRIEF)
    tmp = Path(tempfile.mkdtemp())

    def bare_qt():
        w = QPdfWriter(str(tmp / "bare.pdf"))
        w.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
        doc = QTextDocument()
        f = QFont("Dancing Script")
        f.setPointSizeF(16)
        doc.setDefaultFont(f)
        doc.setPlainText(letter.text)
        doc.print_(w)

    def bare_qt_synced():
        # ours writes atomically and fsyncs before the rename: the same bare PDF, made durable
        bare_qt()
        fd = os.open(tmp / "bare.pdf", os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def bare_layout():
        doc = QTextDocument()
        f = QFont("Dancing Script")
        f.setPointSizeF(16)
        doc.setDefaultFont(f)
        doc.setPageSize(QSizeF(612, 792))
        doc.setPlainText(letter.text)
        return doc.pageCount()

    # The hand at natural (the default), the plain font (--hand none), and the bare
    # QTextDocument PDF, interleaved so all three see the same machine.
    plain = PdfOptions(hand="none")
    export_pdf(letter, tmp / "ours.pdf")
    export_pdf(letter, tmp / "plain.pdf", plain)
    bare_qt()
    ours, flat, bare, synced = [], [], [], []
    for _ in range(40):
        ours += timed(lambda: export_pdf(letter, tmp / "ours.pdf"), 1)
        flat += timed(lambda: export_pdf(letter, tmp / "plain.pdf", plain), 1)
        bare += timed(bare_qt, 1)
        synced += timed(bare_qt_synced, 1)
    # The "fits this card" meter runs on every keystroke: beside a bare QTextDocument layout.
    card = PdfOptions(paper="a6-card")
    fit(letter, card)
    meter, bare_lay = [], []
    for _ in range(100):
        meter += timed(lambda: fit(letter, card), 1)
        bare_lay += timed(bare_layout, 1)
    res.update(
        {
            "pdf_ms_p50": round(p50(ours), 2),
            "qt_pdf_ms_p50": round(p50(bare), 2),
            "pdf_ratio": ratio(p50(ours), p50(bare)),
            "qt_pdf_fsync_ms_p50": round(p50(synced), 2),
            "pdf_ratio_vs_fsync": ratio(p50(ours), p50(synced)),
            "pdf_plain_ms_p50": round(p50(flat), 2),
            "pdf_plain_ratio": ratio(p50(flat), p50(bare)),
            "pdf_plain_ratio_vs_fsync": ratio(p50(flat), p50(synced)),
            "pdf_kb": round((tmp / "ours.pdf").stat().st_size / 1024, 1),
            "pdf_plain_kb": round((tmp / "plain.pdf").stat().st_size / 1024, 1),
            "qt_pdf_kb": round((tmp / "bare.pdf").stat().st_size / 1024, 1),
            "fit_ms_p50": round(p50(meter), 3),
            "fit_ms_p95": round(p95(meter), 3),
            "qt_layout_ms_p50": round(p50(bare_lay), 3),
            "fit_ratio": ratio(p50(meter), p50(bare_lay)),
        }
    )

    res.update(_bench_envelopes(tmp))

    from letterwriter.merge.engine import run_batch

    csv_path = tmp / "rows.csv"
    with open(csv_path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["sender_name", "recipient_name", "memories", "together_since"])
        for i in range(1000):
            w.writerow(
                [
                    "Theodore",
                    f"Catherine {i}",
                    "the night the power went out;our trip to Lisbon",
                    "2009-06-15",
                ]
            )
    t = time.perf_counter()
    result = run_batch(lib, "love_letter", csv_path, tmp / "out", fmt="pdf")
    res["batch_1000_pdf_s"] = round(time.perf_counter() - t, 2)
    res["batch_1000_written"] = len(result.written)
    return res


def _bench_envelopes(tmp: Path) -> dict:
    """An envelope in the hand (recipient and return address) beside a bare QTextDocument PDF of its lines."""
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

    from letterwriter.address import envelope_lines, parse_address
    from letterwriter.export.envelope import Envelope, export_envelopes
    from letterwriter.export.options import PdfOptions

    to = parse_address(
        {
            "name": "Anna Weber",
            "street": "Unter den Linden 1",
            "postcode": "10117",
            "city": "Berlin",
            "country": "DE",
        }
    )
    back = parse_address(
        {
            "name": "Theodore Hale",
            "street": "12 Rue des Lilas",
            "postcode": "75011",
            "city": "Paris",
            "country": "FR",
        }
    )
    envelope = Envelope(envelope_lines(to, "FR"), envelope_lines(back, "FR"), "Theodore")
    options = PdfOptions()
    text = "\n".join([*envelope.sender, "", *envelope.recipient])

    def bare():
        w = QPdfWriter(str(tmp / "bare-env.pdf"))
        size = QPageSize(
            QSizeF(110, 220), QPageSize.Unit.Millimeter, "DL", QPageSize.SizeMatchPolicy.ExactMatch
        )
        w.setPageSize(size)
        w.setPageOrientation(QPageLayout.Orientation.Landscape)
        doc = QTextDocument()
        f = QFont("Dancing Script")
        f.setPointSizeF(16)
        doc.setDefaultFont(f)
        doc.setPlainText(text)
        doc.print_(w)

    export_envelopes([envelope], tmp / "env.pdf", options)
    bare()
    ours, plain = [], []
    for _ in range(40):
        ours += timed(lambda: export_envelopes([envelope], tmp / "env.pdf", options), 1)
        plain += timed(bare, 1)
    t = time.perf_counter()
    many = [
        Envelope([f"{envelope.recipient[0]} {i}", *envelope.recipient[1:]], envelope.sender, "Theodore")
        for i in range(1000)
    ]
    pages = export_envelopes(many, tmp / "envelopes.pdf", options)
    one_file = time.perf_counter() - t
    return {
        "envelope_ms_p50": round(p50(ours), 2),
        "qt_envelope_pdf_ms_p50": round(p50(plain), 2),
        "envelope_ratio": ratio(p50(ours), p50(plain)),
        "envelopes_1000_one_file_s": round(one_file, 2),
        "envelopes_1000_pages": pages,
    }


# --- grammar ------------------------------------------------------------------------------------


def _post(url: str, text: str, language: str = "en-US") -> bytes:
    """A bare HTTP POST with the standard library."""
    data = urllib.parse.urlencode({"language": language, "text": text}).encode()
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url + "/v2/check", data=data, timeout=120) as r:
        return r.read()


def _post_requests(url: str, text: str, language: str = "en-US") -> bytes:
    """A bare HTTP POST with requests (TCP timing differs between clients)."""
    import requests

    r = requests.post(url + "/v2/check", data={"language": language, "text": text}, timeout=120)
    return r.content


_NAMES = [
    "Amelia",
    "Benedict",
    "Clara",
    "Desmond",
    "Eleanor",
    "Felix",
    "Greta",
    "Harold",
    "Imogen",
    "Jasper",
    "Katherine",
    "Leonard",
    "Matilda",
    "Nathaniel",
    "Olive",
    "Patrick",
    "Rosalind",
    "Sebastian",
    "Theresa",
    "Victor",
    "Winifred",
    "Arthur",
    "Beatrice",
    "Cecil",
]


def _texts(words: int, n: int) -> list[str]:
    """n different letters of about `words` words.

    Every text is new to the server (its result cache would otherwise answer repeats at
    once): templates, variations and names all change from one text to the next.
    """
    from letterwriter.language import ordinal_words
    from letterwriter.model import example_brief
    from letterwriter.templates import TemplateLibrary

    lib = TemplateLibrary(user_dir=Path(tempfile.mkdtemp()))
    infos = lib.list()
    texts: list[str] = []
    seen: set[str] = set()
    i = 0
    while len(texts) < n:
        body = []
        while sum(len(b.split()) for b in body) < words:
            info = infos[i % len(infos)]
            name = _NAMES[(i // len(infos)) % len(_NAMES)]
            sender = _NAMES[(i * 7 + 3) % len(_NAMES)]
            brief = example_brief(info, length="long", recipient_name=name, sender_name=sender)
            # a memory no other text has, so every text is new to the server
            unique = f"the {ordinal_words(i + 1)} time we walked to the harbour together"
            for key in ("memories", "memory"):
                f = info.field(key)
                if f is not None:
                    brief[key] = [unique] if f.type == "list" else unique
            body.append(f"I remember {unique}. " + lib.render(info, brief, variation=i // 3 + 1).body_text)
            i += 1
        text = " ".join(" ".join(body).split()[:words])
        if text not in seen:
            seen.add(text)
            texts.append(text)
    return texts


def bench_grammar() -> dict:
    import psutil

    from letterwriter.grammar import Checker
    from letterwriter.languagetool import process
    from letterwriter.languagetool.installation import installation
    from letterwriter.languagetool.java import find_java

    inst = installation()
    if inst is None:
        return {"grammar_error": "LanguageTool is not installed (make setup)"}
    java = find_java()
    res: dict = {}

    def raw_cold_start():
        """The bare JVM on the same jars, plain start, then one HTTP check."""
        port = process.free_port()
        t = time.perf_counter()
        raw = subprocess.Popen(
            [java.path, "-Xmx768m", "-cp", inst.plain_classpath, process.MAIN_CLASS, "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        while not process.healthy(url, timeout=1):
            time.sleep(0.05)
        _post(url, "He go to school.")
        return time.perf_counter() - t, raw, url

    def our_cold_start():
        """ServerProcess start (health wait, warm-up) plus the first check through our client."""
        t = time.perf_counter()
        server = process.ServerProcess(memory_mb=512, run_dir=Path(tempfile.mkdtemp()))
        server.start()
        checker = Checker(server.url)
        checker.check("He go to school.")
        return time.perf_counter() - t, server, checker

    # Three rounds, interleaved so both see the same machine; the medians are compared.
    # The last round's servers stay up for the warm checks.
    raw_s, ours_s = [], []
    for round_ in range(3):
        took, raw, raw_url = raw_cold_start()
        raw_s.append(took)
        took, server, checker = our_cold_start()
        ours_s.append(took)
        if round_ < 2:
            server.stop()
            raw.terminate()
            raw.wait()
    res["lt_raw_cold_start_s"] = round(p50(raw_s), 2)
    res["lt_cold_start_s"] = round(p50(ours_s), 2)
    res["lt_cold_start_ratio"] = ratio(p50(ours_s), p50(raw_s))
    res["lt_cold_start_cds"] = server.uses_cds
    res["lt_jvm_options"] = " ".join(process.JVM_OPTIONS)

    try:
        _post(raw_url, "This is a warm-up.")  # ours had the same at its start
        for words in (80, 400, 2000):
            n = {80: 30, 400: 20, 2000: 8}[words]
            texts = _texts(words, 4 * n + 4)
            checker.check(texts.pop())  # warm the path, on a text not measured
            _post(raw_url, texts.pop())
            ours, bare_urllib, bare_requests, raw_jvm = [], [], [], []
            for i in range(n):
                # Each text is checked once (the server caches results), and which of the
                # four callers gets which text rotates, so no caller gets easier texts.
                a, b, c, d = (texts[4 * i + (k + i) % 4] for k in range(4))
                checker._cache.clear()
                calls = [
                    (ours, lambda: checker.check(a)),
                    (bare_urllib, lambda: _post(server.url, b)),
                    (bare_requests, lambda: _post_requests(server.url, c)),
                    (raw_jvm, lambda: _post(raw_url, d)),
                ]
                # The order rotates too: a JVM still busy after its answer (JIT, GC) slows
                # whichever call comes next, so that cost is shared by all four.
                for out, call in calls[i % 4 :] + calls[: i % 4]:
                    out += timed(call, 1)
            # The raw figure is the faster of two bare clients: a conservative baseline.
            bare = min(p50(bare_urllib), p50(bare_requests))
            res[f"check_ms_p50_{words}w"] = round(p50(ours), 1)
            res[f"raw_check_ms_p50_{words}w"] = round(bare, 1)
            res[f"check_ratio_{words}w"] = ratio(p50(ours), bare)
            # Our JVM options against the raw server's defaults: bare POSTs to each.
            res[f"raw_server_check_ms_p50_{words}w"] = round(p50(raw_jvm), 1)
            res[f"jvm_ratio_{words}w"] = ratio(p50(bare_urllib), p50(raw_jvm))
        res["lt_rss_mb"] = round(psutil.Process(server.proc.pid).memory_info().rss / 1e6, 1)
        res["lt_raw_rss_mb"] = round(psutil.Process(raw.pid).memory_info().rss / 1e6, 1)
        raw.terminate()
        raw.wait()

        # Re-check after one paragraph of a 400-word letter changed.
        base = _texts(400, 1)[0]
        words_ = base.split()
        paras = [" ".join(words_[i : i + 80]) for i in range(0, 400, 80)]
        checker.check("\n\n".join(paras))
        times = []
        for i in range(20):
            paras[2] = paras[2] + f" We walked {i + 2} miles that day."
            text = "\n\n".join(paras)
            times += timed(lambda: checker.check(text), 1)
        res["recheck_ms_p50"] = round(p50(times), 1)
    finally:
        server.stop()
        if raw.poll() is None:
            raw.terminate()
            raw.wait()
    return res


# --- LanguageTool faults -----------------------------------------------------------------------


def bench_lt_faults() -> dict:
    """Section lt_faults: the shared server under faults, a JVM killed (time until a check is
    answered again) and a JVM stopped (time until the check gives up), 5 s check timeout."""
    import signal

    from letterwriter import grammar
    from letterwriter.languagetool import shared
    from letterwriter.languagetool.installation import installation

    inst = installation()
    if inst is None:
        return {"lt_faults_error": "LanguageTool is not installed (make setup)"}
    tmp = Path(tempfile.mkdtemp())
    (tmp / "lt").mkdir()
    (tmp / "lt" / inst.version).symlink_to(inst.home)  # our own state, the real jars
    (tmp / "home").mkdir()
    timeout_s = 5
    (tmp / "home" / "settings.json").write_text(json.dumps({"check_timeout_s": timeout_s}))
    saved = {k: os.environ.get(k) for k in ("LETTERWRITER_HOME", "LETTERWRITER_LANGUAGETOOL_DIR")}
    os.environ["LETTERWRITER_HOME"] = str(tmp / "home")
    os.environ["LETTERWRITER_LANGUAGETOOL_DIR"] = str(tmp / "lt")
    res: dict = {"lt_check_timeout_s": timeout_s}

    def java_pid() -> int:
        return json.loads((tmp / "lt" / "server.json").read_text())["java_pid"]

    try:
        grammar.check_text("He go to school.")  # cold start of the shared server
        recover = []
        for i in range(3):
            os.kill(java_pid(), signal.SIGKILL)
            t = time.perf_counter()
            grammar.check_text(f"He go to school {i + 2} times.")
            recover.append(time.perf_counter() - t)
        res["lt_recover_s"] = round(p50(recover), 2)
        res["lt_recover_s_max"] = round(max(recover), 2)

        pid = java_pid()
        os.kill(pid, signal.SIGSTOP)
        t = time.perf_counter()
        try:
            grammar.check_text("She go to school.")
            res["lt_stuck_outcome"] = "answered"
        except grammar.GrammarUnavailable as exc:
            res["lt_stuck_outcome"] = str(exc)[:100]
        res["lt_stuck_s"] = round(time.perf_counter() - t, 2)
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGCONT)
    finally:
        shared.stop_server()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return res


# --- batch (mail merge) -----------------------------------------------------------------------------


def _merge_rows(path: Path, n: int) -> Path:
    """n clients of one firm's thank-you merge: each row its own name and its own words."""
    from letterwriter.language import ordinal_words

    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["sender_name", "recipient_name", "what_they_did", "letter_date"])
        for i in range(n):
            name = f"{_NAMES[i % len(_NAMES)]} {_NAMES[(i // len(_NAMES)) % len(_NAMES)]}son"
            did = f"came to our {ordinal_words(i % 40 + 1)} open evening and stayed to help"
            w.writerow(["Harriet", name, did, "2026-11-24"])
    return path


def _rss_mb() -> float:
    import psutil

    return round(psutil.Process().memory_info().rss / 1e6, 1)


def bench_batch() -> dict:
    from letterwriter import grammar
    from letterwriter.export.pdf import export_pdf
    from letterwriter.languagetool.installation import installation
    from letterwriter.languagetool.process import ServerProcess
    from letterwriter.merge.engine import MergeChecker, MergeOptions, run_batch, run_merge
    from letterwriter.merge.plan import map_columns, plan_rows
    from letterwriter.merge.table import read_table
    from letterwriter.templates import TemplateLibrary

    res: dict = {}
    tmp = Path(tempfile.mkdtemp())
    lib = TemplateLibrary(user_dir=tmp / "tpl")
    info = lib.get("thank_you")
    rows = _merge_rows(tmp / "rows.csv", 1000)
    table = read_table(rows)
    mapping = map_columns(info, table.headers)
    plans = plan_rows(info, table, mapping)
    letters = [lib.render(info, p.brief) for p in plans]

    # PDFs alone: the merge against the same letters exported one after another in this
    # process (30 measured, times 1000: a bare serial baseline).
    t = time.perf_counter()
    result = run_batch(lib, "thank_you", rows, tmp / "pdf", fmt="pdf")
    res["batch_1000_pdf_s"] = round(time.perf_counter() - t, 2)
    res["batch_1000_pdf_written"] = len(result.written)
    export_pdf(letters[0], tmp / "one.pdf")
    serial = timed(lambda: export_pdf(letters[1], tmp / "one.pdf"), 30)
    res["serial_pdf_1000_s"] = round(p50(serial) * 1000 / 1000, 2)
    res["batch_1000_pdf_ratio"] = ratio(res["batch_1000_pdf_s"], res["serial_pdf_1000_s"])

    if installation() is None:
        res["batch_check_error"] = "LanguageTool is not installed (make setup)"
    else:
        # A fresh server for each side, so neither gains from the other's server-side cache.
        server = ServerProcess(memory_mb=768, run_dir=Path(tempfile.mkdtemp()))
        server.start()
        try:
            t = time.perf_counter()
            for letter in letters:
                _post(server.url, letter.text)
            res["raw_check_1000_s"] = round(time.perf_counter() - t, 2)
        finally:
            server.stop()
        server = ServerProcess(memory_mb=768, run_dir=Path(tempfile.mkdtemp()))
        server.start()
        try:
            checker = grammar.Checker(server.url)
            sent = [0]
            query = checker._query

            def counting_query(text, *a):  # how many paragraphs reach the server
                sent[0] += text.count("\n\n") + 1
                return query(text, *a)

            checker._query = counting_query

            merge_checker = MergeChecker(checker)
            opts = MergeOptions(fmt="pdf", check=True, force=True)
            t = time.perf_counter()
            result = run_merge(
                lib,
                info,
                plans,
                tmp / "checked",
                opts,
                mapping=mapping,
                check=merge_checker.check,
                prefetch=merge_checker.prefetch,
            )
            res["batch_check_1000_s"] = round(time.perf_counter() - t, 2)
            res["batch_check_1000_written"] = len(result.written)
            res["batch_check_ratio"] = ratio(res["batch_check_1000_s"], res["raw_check_1000_s"])
            # The same merge with checks only (no PDFs), on a fresh server again: the checking
            # itself beside the raw figure.
            server.stop()
            server = ServerProcess(memory_mb=768, run_dir=Path(tempfile.mkdtemp()))
            server.start()
            merge_checker = MergeChecker(grammar.Checker(server.url))
            opts = MergeOptions(check=True, force=True, dry_run=True)
            t = time.perf_counter()
            run_merge(
                lib,
                info,
                plans,
                tmp / "dry",
                opts,
                mapping=mapping,
                check=merge_checker.check,
                prefetch=merge_checker.prefetch,
            )
            res["batch_check_only_1000_s"] = round(time.perf_counter() - t, 2)
            res["batch_check_only_ratio"] = ratio(res["batch_check_only_1000_s"], res["raw_check_1000_s"])
            total_paras = sum(len([p for p in x.paragraphs if p.strip()]) for x in letters)
            res["batch_check_paragraphs_sent"] = sent[0]
            res["batch_check_paragraphs_total"] = total_paras
        finally:
            server.stop()

    # Memory over 10,000 rows (text, no checks: the engine's own footprint).
    big = _merge_rows(tmp / "big.csv", 10000)
    table = read_table(big)
    plans = plan_rows(info, table, mapping)
    marks: dict[str, float] = {"start": _rss_mb()}
    count = [0]

    def on_row(_r):
        count[0] += 1
        if count[0] == 1000:
            marks["after_1000"] = _rss_mb()

    t = time.perf_counter()
    run_merge(lib, info, plans, tmp / "txt", MergeOptions(fmt="txt"), mapping=mapping, on_row=on_row)
    res["batch_10000_txt_s"] = round(time.perf_counter() - t, 2)
    res["batch_rss_start_mb"] = marks["start"]
    res["batch_rss_after_1000_mb"] = marks.get("after_1000")
    res["batch_rss_end_mb"] = _rss_mb()
    res["batch_rss_ratio"] = ratio(res["batch_rss_end_mb"], res["batch_rss_after_1000_mb"])
    return res


# --- window ------------------------------------------------------------------------------------------


def bench_window() -> dict:
    script = ROOT / "bench" / "window.py"
    if not script.exists():
        return {}
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=600)
    try:
        return json.loads(out.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {"window_error": (out.stderr or out.stdout)[-500:]}


# --- hardening (issue 9) ---------------------------------------------------------------------


def bench_hardening() -> dict:
    """tidy_1mb_s: tidying a megabyte of message, beside a bare pass of str.split/re.sub over it."""
    import re

    from letterwriter.templates import tidy

    sentence = "we walked to the river , and i said so. e.g. the bread, the rain! then home ..  "
    paragraph = "\n".join([sentence * 4] * 6)
    text = ("\n\n".join([paragraph] * 1200))[: 1024 * 1024]
    spaces = re.compile(r"[ \t]+")

    def bare():
        for block in re.split(r"\n[ \t]*\n", text):
            spaces.sub(" ", " ".join(block.split("\n"))).strip()

    tidy_s = min(timed(lambda: tidy(text), 3)) / 1000
    bare_s = min(timed(bare, 3)) / 1000
    return {
        "hardening": {
            "tidy_1mb_s": round(tidy_s, 3),
            "bare_split_sub_1mb_s": round(bare_s, 3),
            "tidy_vs_bare": ratio(tidy_s, bare_s),
            "text_chars": len(text),
        }
    }


# --- the book of letters ----------------------------------------------------------------------------


def bench_anthology() -> dict:
    """A 200-letter book (issue 22: under 10 s), PDF and EPUB, beside a bare QPdfWriter writing the same
    text one page per letter with QTextDocument, and a bare ebooklib EPUB of the same letters."""
    sys.path.insert(0, str(ROOT / "tests"))
    from bookfixture import make_client
    from PySide6.QtGui import QFont, QPageSize, QPdfWriter, QTextDocument

    from letterwriter.archive.store import ArchiveStore
    from letterwriter.book.make import make_book
    from letterwriter.book.select import BookChoices
    from letterwriter.export.fonts import ensure_gui_app

    ensure_gui_app()
    tmp = Path(tempfile.mkdtemp())
    os.environ["LETTERWRITER_HOME"] = str(tmp)
    made = make_client(tmp / "letterwriter.db", letters=200, drafts=0)
    store = ArchiveStore.open(tmp / "letterwriter.db")
    texts = [r.text for r in made.letters]
    choices = BookChoices(client="Ada Byrne")

    def bare_pdf():
        # the same words, one letter a page (more if it runs over), no contents, heads or outline
        w = QPdfWriter(str(tmp / "bare.pdf"))
        w.setPageSize(QPageSize(QPageSize.PageSizeId.A5))
        doc = QTextDocument()
        f = QFont("EB Garamond 12")
        f.setPointSizeF(10.5)
        doc.setDefaultFont(f)
        html = "".join(
            f"<div style='page-break-before: always'>{t.replace(chr(10) * 2, '<p>')}</div>" for t in texts
        )
        doc.setHtml(html)
        doc.print_(w)

    def bare_epub():
        from ebooklib import epub

        e = epub.EpubBook()
        e.set_identifier("bench")
        e.set_title("Letters")
        e.set_language("en")
        chapters = []
        for k, t in enumerate(texts):
            c = epub.EpubHtml(title=str(k), file_name=f"c{k}.xhtml")
            c.content = "".join(f"<p>{p}</p>" for p in t.split("\n\n"))
            e.add_item(c)
            chapters.append(c)
        e.toc = chapters
        e.add_item(epub.EpubNcx())
        e.add_item(epub.EpubNav())
        e.spine = ["nav", *chapters]
        epub.write_epub(str(tmp / "bare.epub"), e)

    ours, bare, ours_e, bare_e, hand = [], [], [], [], []
    report = None
    for _ in range(3):
        t = time.perf_counter()
        report = make_book(store, choices, tmp / "book.pdf")
        ours.append(time.perf_counter() - t)
        bare.append(timed(bare_pdf, 1)[0] / 1000)
        t = time.perf_counter()
        make_book(store, choices, tmp / "book.epub")
        ours_e.append(time.perf_counter() - t)
        bare_e.append(timed(bare_epub, 1)[0] / 1000)
    t = time.perf_counter()
    hand_report = make_book(store, BookChoices(client="Ada Byrne", face="hand"), tmp / "hand.pdf")
    hand.append(time.perf_counter() - t)
    store.close()
    return {
        "anthology_letters": len(made.letters),
        "anthology_pages": report.pages,
        "anthology_pdf_s": round(p50(ours), 2),
        "anthology_bare_qt_pdf_s": round(p50(bare), 2),
        "anthology_pdf_ratio": ratio(p50(ours), p50(bare)),
        "anthology_epub_s": round(p50(ours_e), 2),
        "anthology_bare_epub_s": round(p50(bare_e), 2),
        "anthology_epub_ratio": ratio(p50(ours_e), p50(bare_e)),
        "anthology_hand_pdf_s": round(hand[0], 2),
        "anthology_hand_pages": hand_report.pages,
        "anthology_pdf_kb": round((tmp / "book.pdf").stat().st_size / 1024, 1),
    }


SECTIONS = {"engine": bench_engine, "grammar": bench_grammar, "window": bench_window, "batch": bench_batch}
SECTIONS["hardening"] = bench_hardening  # issue 9: tidy in linear time


SECTIONS["archive"] = bench_archive  # `python bench/run.py archive` runs it alone
SECTIONS["anthology"] = bench_anthology  # issue 22: `python bench/run.py anthology` runs it alone


def main(argv: list[str]) -> int:
    chosen = argv or list(SECTIONS)
    results: dict = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}}
    for name in chosen:
        results.update(SECTIONS[name]())
    text = json.dumps(results, indent=2)
    print(text)
    (ROOT / "bench" / "results.json").write_text(text + "\n")
    return 0


SECTIONS["lt_faults"] = bench_lt_faults  # issue 9: `python bench/run.py lt_faults` runs it alone
SECTIONS["firm"] = lambda: __import__("firm").bench_firm()  # issue 18: bench/firm.py, PostgreSQL


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
