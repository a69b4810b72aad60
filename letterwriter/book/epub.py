"""The book as EPUB 3, for a phone or an e-reader: the same title page, contents and letters (no Qt).

ebooklib packages it: a title page, the navigation document (the contents, also in the
spine) and its NCX twin for older readers, then one XHTML file per letter with its heading,
salutation, paragraphs and closing, under one small stylesheet. File names inside say
nothing of anyone (`letter-001.xhtml`); with initials the title, author and every text are
the replaced ones. Written atomically after a check that the bytes are a whole EPUB.
"""

from __future__ import annotations

import html
import io
import zipfile
from pathlib import Path

from letterwriter.book.model import Book, BookLetter
from letterwriter.export import write_bytes_atomic

CSS = """\
body { font-family: "EB Garamond", Garamond, Georgia, serif; line-height: 1.4; margin: 0 5%; }
h1.title { font-size: 2em; font-weight: normal; text-align: center; margin-top: 25%; }
p.byline { text-align: center; font-size: 1.2em; margin: 2em 0 0.3em; }
p.to, p.years { text-align: center; font-style: italic; margin: 0.3em 0; }
header { margin: 3em 0 2em; text-align: center; }
header p.date { font-style: italic; margin: 0; }
header h2 { font-weight: normal; font-size: 1.5em; margin: 0.5em 0 0; }
p { margin: 0; text-indent: 1.2em; text-align: justify; }
p.first, p.salutation, p.after { text-indent: 0; }
p.salutation { margin-bottom: 1em; }
p.closing { text-indent: 0; margin: 1em 0 0 40%; text-align: left; }
p.after { margin-top: 1em; }
"""


def _lines(text: str) -> str:
    """A paragraph's text as XHTML, the writer's own line breaks kept."""
    return "<br/>".join(html.escape(line) for line in text.split("\n"))


def _letter_html(letter: BookLetter) -> str:
    parts = letter.parts
    out = ["<section>", "<header>", f'<p class="date">{html.escape(letter.heading_date)}</p>']
    if letter.recipient:
        out.append(f"<h2>To {html.escape(letter.recipient)}</h2>")
    out.append("</header>")
    if parts.salutation:
        out.append(f'<p class="salutation">{_lines(parts.salutation)}</p>')
    for i, par in enumerate(parts.body):
        cls = ' class="first"' if i == 0 else ""
        out.append(f"<p{cls}>{_lines(par)}</p>")
    if parts.closing:
        out.append(f'<p class="closing">{_lines(chr(10).join(parts.closing))}</p>')
    for par in parts.after:
        out.append(f'<p class="after">{_lines(par)}</p>')
    out.append("</section>")
    return "\n".join(out)


def _title_html(book: Book) -> str:
    out = [f'<h1 class="title">{html.escape(book.title)}</h1>']
    for i, line in enumerate(book.title_page()):
        cls = "byline" if i == 0 and book.author else "years" if line == book.years else "to"
        out.append(f'<p class="{cls}">{html.escape(line)}</p>')
    return "\n".join(out)


def epub_bytes(book: Book) -> bytes:
    """The EPUB file's bytes."""
    from ebooklib import epub

    e = epub.EpubBook()
    e.set_identifier(book.identifier)
    e.set_title(book.title)
    e.set_language(book.language)
    if book.author:
        e.add_author(book.author)
    style = epub.EpubItem(uid="style", file_name="style.css", media_type="text/css", content=CSS.encode())
    e.add_item(style)
    title = epub.EpubHtml(title="Title page", file_name="title.xhtml", lang=book.language)
    title.content = _title_html(book)
    title.add_item(style)
    e.add_item(title)
    chapters = []
    for k, letter in enumerate(book.letters, 1):
        chapter = epub.EpubHtml(title=letter.heading, file_name=f"letter-{k:03d}.xhtml", lang=letter.language)
        chapter.content = _letter_html(letter)
        chapter.add_item(style)
        e.add_item(chapter)
        chapters.append(chapter)
    e.toc = [epub.Link(c.file_name, c.title, f"letter-{k:03d}") for k, c in enumerate(chapters, 1)]
    e.add_item(epub.EpubNcx())
    nav = epub.EpubNav(title="Contents")
    nav.add_item(style)
    e.add_item(nav)
    e.spine = [title, nav, *chapters]
    out = io.BytesIO()
    epub.write_epub(out, e, {"raise_exceptions": True})
    return out.getvalue()


def verify_epub(data: bytes) -> str | None:
    """Why these bytes are not a whole EPUB, or None."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if z.namelist()[:1] != ["mimetype"] or z.read("mimetype") != b"application/epub+zip":
                return "the EPUB writer made no EPUB (its first entry is not the mimetype)"
            if z.testzip() is not None:
                return "the EPUB came out damaged"
    except zipfile.BadZipFile:
        return "the EPUB writer made no EPUB"
    return None


def write_epub(book: Book, target: Path | str) -> Path:
    return write_bytes_atomic(target, epub_bytes(book), verify=verify_epub)
