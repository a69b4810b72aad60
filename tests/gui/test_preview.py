"""The letter on paper in the window: each offered hand's punctuation reads at the sizes it is shown."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontMetricsF

from letterwriter.export.fonts import installed_handwriting_fonts
from letterwriter.export.layout import LetterLayout
from letterwriter.export.options import PdfOptions
from letterwriter.gui.preview import PaperPreview
from letterwriter.templates import TemplateLibrary

pytestmark = pytest.mark.gui

# each mark well apart from its neighbours, so the ink near it is its own
MARKS = "We walked   ,   and talked   .   and laughed   ;   and so"


def ink_rows(image, lay, scale, at: int) -> tuple[int, int]:
    """The first and last pixel rows (from the baseline, down is +) of the dark ink of character `at`."""
    (_page, rect), *_ = lay.text_rects(lay.text, at, at + 1)
    k = scale * image.devicePixelRatio()
    base = round((rect.top() + QFontMetricsF(lay.font).ascent()) * k)
    left, right = int(rect.left() * k) - 2, int(rect.right() * k) + 3
    paper = image.pixelColor(2, 2).lightness()
    rows = [
        y - base
        for y in range(base - int(QFontMetricsF(lay.font).xHeight() * k), base + int(10 * k * 4))
        if any(paper - image.pixelColor(x, y).lightness() > 80 for x in range(left, right))
    ]
    return (rows[0], rows[-1]) if rows else (0, 0)


def test_a_comma_reads_as_a_comma_not_a_full_stop_in_every_offered_hand(qtbot):
    """Issue 24: the date's comma in Dancing Script read as a full stop ("December 7. 2026").

    Every hand the preferences offer, at the page widths the preview shows (a 1280 window's,
    and the widest), once typing pauses: a comma is at least 2 px taller than a full stop and
    hangs lower, and a semicolon's tail hangs lower than a stop too.
    """
    lib = TemplateLibrary()
    letter = lib.render(lib.get("birthday"), {"sender_name": "Theodore", "recipient_name": "Catherine"})
    letter = letter.with_text(f"Dearest Catherine\n\n{MARKS}\n\nTheodore")
    families = installed_handwriting_fonts()  # (not at collection: it makes a QGuiApplication)
    assert "Dancing Script" in families
    unreadable = []
    for family in families:
        lay = LetterLayout(letter, PdfOptions(font_family=family))
        start = lay.text.index(MARKS)
        comma, stop, semicolon = (start + MARKS.index(m) for m in ",.;")
        for width in (618, 868):
            preview = PaperPreview()
            qtbot.addWidget(preview)
            preview.resize(width, 900)
            preview.show()
            preview.set_layout(lay)
            qtbot.waitExposed(preview)
            preview.pages.grab()  # the first drawing of the page
            assert preview.pages.marks_timer.isActive()
            qtbot.waitUntil(lambda p=preview: not p.pages.marks_timer.isActive(), timeout=3000)  # a pause
            scale = preview.pages.page_scale()
            image = preview.pages.grab(preview.pages.page_rect(0).toRect()).toImage()
            (c_top, c_low), (s_top, s_low) = (
                ink_rows(image, lay, scale, comma),
                ink_rows(image, lay, scale, stop),
            )
            _top, semi_low = ink_rows(image, lay, scale, semicolon)
            if c_low - c_top < s_low - s_top + 2 or c_low <= s_low or semi_low <= s_low:
                unreadable.append(
                    f"{family} at {scale:.3f}: comma rows {c_top}..{c_low}, stop {s_top}..{s_low}, "
                    f"semicolon down to {semi_low}"
                )
    assert not unreadable, unreadable
