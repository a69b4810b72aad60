"""The book's page breaks, as a typesetter makes them: no paragraph's first line alone at a page's
foot, no last line alone at the next page's head, the closing kept with the lines before it."""

from __future__ import annotations

import random

import pytest

from letterwriter.book.model import Book, BookLetter, split_parts
from letterwriter.book.typeset import BookLayout

pytestmark = pytest.mark.core

WORDS = "we walked down to the harbour and watched the boats come in while the light went".split()


def _letter(k: int, rnd: random.Random) -> BookLetter:
    # paragraphs of 1 to 9 lines: breaks land at every place in them over a dozen letters
    paragraphs = [" ".join(rnd.choice(WORDS) for _ in range(rnd.randint(8, 120))) + "." for _ in range(14)]
    text = "\n\n".join(["June 1, 2019", "Dearest Tobias,", *paragraphs, "All my love,", "Ada"]) + "\n"
    return BookLetter(f"l{k}", "2019-06-01", "June 1, 2019", "Tobias", split_parts(text))


def _body_lines_by_paragraph(layout: BookLayout, letter: BookLetter) -> list[int]:
    """How many lines each body paragraph is set in (the layout's own line breaking)."""
    return [len(layout._paragraph(p, indent=i > 0, justify=True)) for i, p in enumerate(letter.parts.body)]


@pytest.mark.parametrize("trim", ["a5", "6x9"])
def test_no_widow_no_orphan_and_the_closing_kept_with_its_lines(trim):
    rnd = random.Random(5)
    letters = [_letter(k, rnd) for k in range(12)]
    book = Book("Letters", "Ada", ["Tobias"], "2019", letters)
    layout = BookLayout(book, trim)
    breaks = 0
    for k, letter in enumerate(letters):
        counts = _body_lines_by_paragraph(layout, letter)
        first = layout.opening_page(k)
        last = layout.opening_page(k + 1) if k + 1 < len(letters) else None
        pages = [p for p in layout.pages[first:last] if p.kind == "letter"]
        # each page's body lines in order (the heading and salutation are not body lines)
        body = {line.text for par in letter.parts.body for line in _set_lines(layout, par)}
        per_page = [[ln.text for ln in p.lines if ln.style == "body" and ln.text in body] for p in pages]
        # walk the paragraphs across the pages
        page_of_line = [n for n, lines in enumerate(per_page) for _ in lines]
        at = 0
        for count in counts:
            on = page_of_line[at : at + count]
            at += count
            if count >= 2 and len(set(on)) > 1:
                breaks += 1
                split = on.index(on[-1])
                assert split >= 2, f"{trim} letter {k}: a paragraph's first line alone at a page's foot"
                assert count - split >= 2, (
                    f"{trim} letter {k}: a paragraph's last line alone at a page's head"
                )
        closing_page = next(
            n for n, p in enumerate(pages) if any(ln.text == "All my love," for ln in p.lines)
        )
        assert per_page[closing_page], f"{trim} letter {k}: the closing alone on its page"
    assert breaks >= 5, "the letters were too short to break inside a paragraph: the test proves nothing"


def _set_lines(layout: BookLayout, par: str):
    return [line for row in layout._paragraph(par, indent=False, justify=True) for line in row.lines] + [
        line for row in layout._paragraph(par, indent=True, justify=True) for line in row.lines
    ]
