"""The book of letters: a client's letters bound as a book, PDF or EPUB (`anthology`, Make a Book…).

- `select`: which letters go in (BookChoices), and the Book made of them; no Qt.
- `names`: every name replaced consistently with initials or pseudonyms; no Qt.
- `model`: the Book, its letters and each letter's parts (date line, salutation, body,
  closing); no Qt.
- `trim`: trim sizes, margins, the gutter by page count, the page estimate; no Qt.
- `lines`: a paragraph broken into justified lines, the whole paragraph at once; no Qt.
- `typeset`: the pages, on one baseline grid, with running heads and folios (QtGui).
- `hands`: a letter in its own hand on a page of the book (QtGui, export's layout).
- `pdf`: the pages painted, the outline, labels and metadata added (QtGui, pikepdf).
- `epub`: the same book as EPUB 3 (ebooklib); no Qt.
- `make`: checks, then the file written: one road for the command line and the dialog.
"""
