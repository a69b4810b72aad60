"""Making the book: the one road for the command line and the Make a Book dialog (Qt only for a PDF).

Checks come first and write nothing: the target (a .pdf or .epub, not a file Letterwriter
keeps, not a folder or link), the choices, then the length (an estimate refuses a huge
book before any typesetting, the set pages refuse it exactly). Then the file is written
atomically.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from letterwriter.archive.store import ArchiveStore
from letterwriter.book.model import Book
from letterwriter.book.select import BookChoices, BookError, make_book_model
from letterwriter.book.trim import MAX_PAGES, estimate_pages, get_trim
from letterwriter.export import ExportError, check_target
from letterwriter.paths import refuse_kept_file

FORMATS = (".pdf", ".epub")


@dataclass
class BookReport:
    """What was written: where, how many letters and pages, what was left out or replaced."""

    path: Path
    letters: int
    pages: int | None  # None for an EPUB: its pages are the reader's
    drafts_left_out: int = 0
    names_replaced: int = 0
    warnings: list[str] = field(default_factory=list)


def book_format(target: Path | str) -> str:
    suffix = Path(target).suffix.lower()
    if suffix not in FORMATS:
        raise BookError(f"the book is written as .pdf or .epub, by its name: got '{Path(target).name}'")
    return suffix[1:]


def check_output(target: Path | str) -> Path:
    """The target, refused before any work when it cannot or must not be written."""
    target = Path(target)
    book_format(target)
    refuse_kept_file(target)
    if not target.parent.is_dir():
        raise ExportError(f"folder does not exist: {target.parent}")
    check_target(target)
    return target


def too_long(pages: int, limit: int, how: str = "") -> BookError:
    """The one message for a book past the limit; `how` is "about " (estimated), "over " or ""."""
    return BookError(
        f"the book would run to {how}{pages:,} pages, more than {limit:,}: choose fewer letters "
        "(--to, --since, --until, --letters) or add --force to make it anyway"
    )


def make_book(
    store: ArchiveStore,
    choices: BookChoices,
    target: Path | str,
    *,
    force: bool = False,
    settings: Mapping[str, Any] | None = None,
    report: Callable[[int, int], None] | None = None,
    max_pages: int = MAX_PAGES,
) -> BookReport:
    """Select, set and write the book; BookError or ExportError (nothing written) when it cannot be.

    A book over `max_pages` is refused unless `force`: by the estimate when it is clearly
    over (half as long again), else by the count of its set pages.
    """
    check_output(target)
    book = make_book_model(store, choices)
    return write_book(
        book, choices, target, force=force, settings=settings, report=report, max_pages=max_pages
    )


def write_book(
    book: Book,
    choices: BookChoices,
    target: Path | str,
    *,
    force: bool = False,
    settings: Mapping[str, Any] | None = None,
    report: Callable[[int, int], None] | None = None,
    max_pages: int = MAX_PAGES,
) -> BookReport:
    """A selected Book set and written (no archive needed: the window runs this in the background)."""
    target = check_output(target)
    fmt = book_format(target)
    estimate = estimate_pages(
        get_trim(choices.trim), [len(lt.text.split()) for lt in book.letters], hand=choices.face == "hand"
    )
    if estimate > max_pages * 1.5 and not force:  # clearly too long: say so before setting a page
        raise too_long(estimate, max_pages, "about ")
    if fmt == "epub":
        from letterwriter.book.epub import write_epub

        if estimate > max_pages and not force:  # an EPUB has no pages of its own: the PDF's estimate
            raise too_long(estimate, max_pages, "about ")
        path = write_epub(book, target)
        return _report(path, book, None, [])
    layout = set_book(book, choices, settings=settings, max_pages=None if force else max_pages, report=report)
    from letterwriter.book.pdf import write_pdf

    path = write_pdf(layout, target)
    return _report(path, book, len(layout.pages), layout.warnings)


def set_book(
    book: Book,
    choices: BookChoices,
    *,
    settings: Mapping[str, Any] | None = None,
    max_pages: int | None = MAX_PAGES,
    report: Callable[[int, int], None] | None = None,
):
    """The book set on its pages (a typeset.BookLayout); BookError past `max_pages` (None: no limit)."""
    from letterwriter.book.typeset import BookLayout, TooManyPages

    try:
        layout = BookLayout(
            book, choices.trim, choices.face, settings=settings, max_pages=max_pages, report=report
        )
    except TooManyPages as exc:
        raise too_long(exc.pages, max_pages or 0, "over ") from None
    if max_pages is not None and len(layout.pages) > max_pages:
        raise too_long(len(layout.pages), max_pages)
    return layout


def _report(path: Path, book: Book, pages: int | None, warnings: list[str]) -> BookReport:
    return BookReport(
        path, len(book.letters), pages, book.drafts_left_out, len(book.names_replaced), warnings
    )
