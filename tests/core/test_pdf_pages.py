"""Long letters over two pages, read back page by page with pdftotext: no closing stranded."""

from __future__ import annotations

import subprocess

import pytest
from helpers import pdf_text, words

from letterwriter.export.fonts import HANDWRITING_FONTS
from letterwriter.export.options import PdfOptions
from letterwriter.export.pdf import export_pdf
from letterwriter.model import example_brief
from letterwriter.templates import library

pytestmark = [pytest.mark.core, pytest.mark.slow]


def page_lines(pdf, page: int) -> list[str]:
    cmd = ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return [line.strip() for line in out.splitlines() if line.strip()]


def test_no_long_letter_strands_its_closing(tmp_path):
    lib = library()
    fonts = [f for f, _ in HANDWRITING_FONTS]
    n = multi = 0
    stranded = []
    for info in lib.list():
        # five variations: long letters carry no padding, so fewer of them need a second page
        for variation in (1, 2, 3, 4, 5):
            letter = lib.render(info, example_brief(info, length="long"), variation=variation)
            for paper in ("letter", "a4"):
                n += 1
                out = tmp_path / f"{info.id}-{variation}-{paper}.pdf"
                report = export_pdf(letter, out, PdfOptions(font_family=fonts[n % len(fonts)], paper=paper))
                # the text layer is the letter across pages (page numbers are not text)
                assert words(pdf_text(out)) == words(letter.text), out.name
                if report.pages == 1:
                    continue
                multi += 1
                last = page_lines(out, report.pages)
                closing = [ln for ln in letter.paragraphs[-1].split("\n") if ln.strip()]
                assert last[-len(closing) :] == [c.strip() for c in closing], (out.name, last)
                if len(last) - len(closing) < 2:
                    stranded.append(out.name)
    assert stranded == []
    assert multi >= 10, multi  # two-page letters really were tested
