"""The archive section: a generated archive of 200 clients, searched, listed and saved to."""

from __future__ import annotations

from common import *  # noqa: F403  (the shared imports, paths, brief and measures)
from grammar_bench import _NAMES

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
