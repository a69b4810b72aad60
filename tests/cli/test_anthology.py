"""`letterwriter anthology`: a client's 40 letters to three people bound as a book, read back by a reader.

The archive is made through the archive's API (tests/bookfixture.py); the book through the
real command line; the PDF read with poppler (pdftotext, pdfinfo) and pikepdf (outline,
labels, metadata); the EPUB unzipped and checked by epubcheck (tests/test_epubcheck).
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from bookfixture import NAMES, make_client
from helpers import call_cli

from letterwriter.book.model import split_parts

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    return tmp_path_factory.mktemp("bookhome")


@pytest.fixture(scope="module")
def made(home):
    return make_client(home / "letterwriter.db")


def book(home: Path, *args: str):
    return call_cli("anthology", "--client", "Ada Byrne", *args, env={"LETTERWRITER_HOME": str(home)})


@pytest.fixture(scope="module")
def pdf(home, made, tmp_path_factory):
    out = tmp_path_factory.mktemp("book") / "letters.pdf"
    r = book(home, "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert "wrote" in r.stderr and "40 letters" in r.stderr and "3 drafts left out" in r.stderr
    return out


def page_texts(path: Path, layout: bool = False) -> list[str]:
    args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(path), "-"]
    text = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def body_pages(path: Path) -> list[str]:
    """The pages from the first letter on (labelled 1, 2, …; the front matter is i, ii, …)."""
    with pikepdf.open(path) as doc:
        labels = [pikepdf.Page(p).label for p in doc.pages]
    return page_texts(path)[labels.index("1") :]


def test_every_letters_words_come_in_order(pdf, made):
    """Each letter's stored words, all of them, in order, with only page furniture between pages."""
    stream = words("\n".join(body_pages(pdf)))
    at = 0
    for letter in made.letters:
        expected = words(letter.text)
        assert expected, letter.id
        start = stream.index(expected[0], at)
        at = start
        skipped = 0
        for word in expected:
            found = stream.index(word, at)
            skipped += found - at
            at = found + 1
        # a running head and a folio at each page break, the heading "To Name": nothing else
        assert skipped <= 12 * (1 + len(expected) // 150), (letter.letter_date, skipped)


def test_drafts_are_left_out_and_a_changed_template_is_printed_as_stored(pdf, made):
    text = " ".join(page_texts(pdf))
    assert "The old template said this once." in text
    for draft in made.drafts:
        date = split_parts(draft.text).date_line
        assert date not in text, date  # their dates are none of the sent letters'


def test_the_contents_page_numbers_match_the_pages(pdf, made):
    pages = page_texts(pdf, layout=True)
    with pikepdf.open(pdf) as doc:
        labels = [pikepdf.Page(p).label for p in doc.pages]
    folios = {}  # printed page number -> page index
    for i, text in enumerate(pages):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if lines and lines[-1].isdigit():
            assert lines[-1] == labels[i]  # the folio printed is the page's label
            folios[lines[-1]] = i
    contents = [i for i, label in enumerate(labels) if not label.isdigit() and "Contents" in pages[i]]
    entries = []
    for i in range(2, labels.index("1")):
        for line in pages[i].splitlines():
            m = re.match(r"\s*(\S.*?)\s{2,}(\d+)$", line)
            if m:
                entries.append((m.group(1), m.group(2)))
    assert contents and len(entries) == len(made.letters)
    for (heading, folio), letter in zip(entries, made.letters, strict=True):
        date_line = split_parts(letter.text).date_line
        person = heading.rsplit("To ", 1)[1]
        assert heading == f"{date_line} — To {person}"
        page = pages[folios[folio]]
        head = [line.strip() for line in page.splitlines() if line.strip()][:2]
        assert head == [date_line, f"To {person}"], (folio, head)


def test_the_outline_lists_every_letter_at_its_page(pdf, made):
    pages = page_texts(pdf)
    with pikepdf.open(pdf) as doc:
        with doc.open_outline() as outline:
            items = list(outline.root)
        index = {page.objgen: i for i, page in enumerate(doc.pages)}
        targets = [(item.title, index[item.destination[0].objgen]) for item in items]
        labels = [pikepdf.Page(p).label for p in doc.pages]
    assert targets[0][0] == "Contents" and pages[targets[0][1]].lstrip().startswith("Contents")
    assert len(targets) == 1 + len(made.letters)
    for (title, i), letter in zip(targets[1:], made.letters, strict=True):
        date_line = split_parts(letter.text).date_line
        assert title.startswith(f"{date_line} — To ")
        assert pages[i].lstrip().startswith(date_line)
    # the page labels a viewer shows are the printed folios: roman, then 1 at the first letter
    assert labels[:3] == ["i", "ii", "iii"]
    assert labels[targets[1][1]] == "1"


def test_it_is_a_book_a_printer_takes(pdf):
    info = subprocess.run(["pdfinfo", "-box", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+419\.5\d* x 595\.2\d* pts", info)  # A5, exactly
    assert re.search(r"TrimBox:\s+0\.00\s+0\.00\s+419\.\d+\s+595\.\d+", info)
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages % 2 == 0 and pages > 40
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "EBGaramond12" in fonts
    assert all(" yes " in line for line in fonts.splitlines()[2:])  # every font embedded


def test_running_heads_on_continued_pages(pdf):
    texts = page_texts(pdf)
    heads = [t.lstrip().splitlines()[0] for t in texts if t.strip()]
    assert any(h == "LETTERS TO TOBIAS, MAEVE AND RONAN" for h in heads)  # a left page
    assert any(h in ("TO TOBIAS", "TO MAEVE", "TO RONAN") for h in heads)  # a right page


def _leaks(blob: str) -> list[str]:
    return [name for name in NAMES if re.search(rf"\b{name}\b", blob, re.IGNORECASE)]


def _strings(obj, seen: set) -> list[str]:
    """Every text string in a PDF object and what it holds (outline, information, labels, names)."""
    if isinstance(obj, pikepdf.String):
        return [str(obj)]
    if isinstance(obj, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream)):
        if obj.is_indirect:
            if obj.objgen in seen:
                return []
            seen.add(obj.objgen)
        items = obj.values() if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)) else list(obj)
        return [s for item in items for s in _strings(item, seen)]
    return []


def test_initials_leave_no_name_in_the_pdf(home, made, tmp_path):
    out = tmp_path / "private.pdf"
    r = book(home, "--initials", "-o", str(out))
    assert r.returncode == 0, r.stderr
    text = "\n".join(page_texts(out))
    assert _leaks(text) == []
    assert "To T." in text and "Letters to T., M. and R." in text
    with pikepdf.open(out) as doc:
        with doc.open_outline() as outline:
            titles = [item.title for item in outline.root]
        with doc.open_metadata() as meta:
            xmp = str(meta)
        info = {str(k): str(v) for k, v in doc.docinfo.items()}
        strings = [s for o in doc.objects for s in _strings(o, set())]
    assert len(titles) == 41 and _leaks("\n".join(titles)) == []
    assert _leaks(xmp) == [] and _leaks(repr(info)) == []
    assert info["/Author"] == "A. B."
    assert "Letters to T., M. and R." in strings and _leaks("\n".join(strings)) == []


def test_initials_leave_no_name_in_the_epub(home, made, tmp_path):
    out = tmp_path / "private.epub"
    r = book(home, "--initials", "--pseudonym", "Tobias=Tom", "-o", str(out))
    assert r.returncode == 0, r.stderr
    with zipfile.ZipFile(out) as z:
        assert _leaks("\n".join(z.namelist())) == []
        blob = "\n".join(z.read(n).decode("utf-8") for n in z.namelist())
    assert _leaks(blob) == []
    assert "<h2>To Tom</h2>" in blob and "To M." in blob


def test_the_title_page_says_only_what_the_book_holds(home, made, tmp_path):
    out = tmp_path / "maeve.pdf"
    assert book(home, "--to", "Maeve", "--since", "2017", "-o", str(out)).returncode == 0
    title = page_texts(out)[0]
    assert "Maeve" in title and "Tobias" not in title and "Ronan" not in title
    years = sorted(
        r.letter_date[:4] for r in made.letters if r.person_name == "Maeve" and r.letter_date >= "2017"
    )
    assert f"{years[0]}–{years[-1]}" in title


def test_the_epub_holds_the_same_letters(home, made, tmp_path):
    out = tmp_path / "letters.epub"
    assert book(home, "-o", str(out)).returncode == 0
    with zipfile.ZipFile(out) as z:
        chapters = sorted(n for n in z.namelist() if re.search(r"letter-\d+\.xhtml$", n))
        assert len(chapters) == len(made.letters)
        for name, letter in zip(chapters, made.letters, strict=True):
            page = z.read(name).decode("utf-8").split("</head>")[1]
            got = words(re.sub(r"<[^>]+>", " ", re.sub(r"<h2>.*?</h2>", "", page)).replace("&amp;", "&"))
            assert " ".join(words(letter.text)) in " ".join(got), name


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--client", "Nobody", "-o", "{out}"], "no client 'Nobody'"),
        (["--client", "Ada Byrne", "--since", "2090", "-o", "{out}"], "nothing to make a book of"),
        (
            ["--client", "Ada Byrne", "--to", "Maeve", "--until", "2010", "-o", "{out}"],
            "nothing to make a book",
        ),
        (["--client", "Ada Byrne", "--since", "spring", "-o", "{out}"], "YYYY, YYYY-MM or YYYY-MM-DD"),
        (["--client", "Ada Byrne", "-o", "{home}/cache/book.pdf"], "Letterwriter's own cache"),
        (["--client", "Ada Byrne", "-o", "{tmp}/book.docx"], ".pdf or .epub"),
        (["--client", "Ada Byrne", "--pseudonym", "Tobias", "-o", "{out}"], "NAME=OTHER"),
    ],
)
def test_bad_input_is_one_error_line_and_nothing_written(home, made, tmp_path, args, says):
    out = tmp_path / "book.pdf"
    full = [a.format(out=out, home=home, tmp=tmp_path) for a in args]
    db = (home / "letterwriter.db").read_bytes()
    r = call_cli("anthology", *full, env={"LETTERWRITER_HOME": str(home)})
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and says in lines[0], r.stderr
    assert list(tmp_path.iterdir()) == []
    assert (home / "letterwriter.db").read_bytes() == db


def test_an_empty_choice_says_drafts_were_left_out(home, made, tmp_path):
    draft = made.drafts[0]
    r = call_cli(
        "anthology", "--client", "Ada Byrne", "--since", draft.letter_date, "--to", draft.person_name or "",
        "-o", str(tmp_path / "b.pdf"), env={"LETTERWRITER_HOME": str(home)},
    )  # fmt: skip
    assert r.returncode == 2 and "add --drafts" in r.stderr
    ok = call_cli(
        "anthology", "--client", "Ada Byrne", "--since", draft.letter_date, "--to", draft.person_name or "",
        "--drafts", "-o", str(tmp_path / "b.pdf"), env={"LETTERWRITER_HOME": str(home)},
    )  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    assert split_parts(draft.text).date_line in " ".join(page_texts(tmp_path / "b.pdf"))


def test_a_book_over_the_page_limit_is_refused_first(home, made, pdf, tmp_path):
    """Set for real with a limit just under its length: refused by its count; --force makes it."""
    from letterwriter.archive.store import ArchiveStore
    from letterwriter.book.make import BookError, make_book
    from letterwriter.book.select import BookChoices

    with pikepdf.open(pdf) as doc:
        pages = len(doc.pages)
    store = ArchiveStore.open(home / "letterwriter.db")
    out = tmp_path / "long.pdf"
    try:
        with pytest.raises(BookError, match=rf"would run to (over )?\d+ pages, more than {pages - 2}"):
            make_book(store, BookChoices(client="Ada Byrne"), out, max_pages=pages - 2)
        assert list(tmp_path.iterdir()) == []
        report = make_book(store, BookChoices(client="Ada Byrne"), out, max_pages=pages - 2, force=True)
    finally:
        store.close()
    assert report.pages == pages and out.exists()


def test_a_huge_book_is_refused_before_it_is_set(tmp_path):
    from letterwriter.archive.letters import save_letter
    from letterwriter.archive.store import ArchiveStore
    from letterwriter.templates import library

    big = tmp_path / "home"
    big.mkdir()
    make_client(big / "letterwriter.db", letters=0, drafts=0)
    store = ArchiveStore.open(big / "letterwriter.db")
    try:
        person = store.people(store.list_clients()[0].id)[0]
        info = library().get("missing_you")
        text = (
            "May 1, 2020\n\nDear Tobias,\n\n" + ("All the long days are yours. " * 300 + "\n\n") * 3 + "Ada\n"
        )
        for k in range(200):  # some 1,800 words each: four or five pages, 900 or so in all and more
            save_letter(
                store, person, info, {}, text, status="exported", letter_date=f"20{10 + k // 28}-01-01"
            )
    finally:
        store.close()
    out = tmp_path / "big.pdf"
    r = call_cli("anthology", "--client", "Ada Byrne", "-o", str(out), env={"LETTERWRITER_HOME": str(big)})
    assert r.returncode == 2, r.stderr
    assert "would run to about" in r.stderr and "more than 1,000" in r.stderr and "--force" in r.stderr
    assert not out.exists()


def test_each_letter_in_its_own_hand(home, made, tmp_path):
    out = tmp_path / "hand.pdf"
    r = book(home, "--face", "hand", "--to", "Ronan", "--trim", "6x9", "-o", str(out))
    assert r.returncode == 0, r.stderr
    stream = words("\n".join(body_pages(out)))
    at = 0
    for letter in [r for r in made.letters if r.person_name == "Ronan"]:
        for word in words(letter.text):
            at = stream.index(word, at) + 1
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+432(\.0+)? x 648(\.0+)? pts", info)  # 6 x 9 in
