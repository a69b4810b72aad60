"""The book section: a 200-letter book, PDF and EPUB."""

from __future__ import annotations

from common import *  # noqa: F403  (the shared imports, paths, brief and measures)

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
