"""The engine section: first render, render, PDF, envelopes."""

from __future__ import annotations

from common import *  # noqa: F403  (the shared imports, paths, brief and measures)

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
