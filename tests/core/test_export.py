"""Exports are atomic, and the handwriting PDF's core: papers, inks, seeds, layout and page breaks."""

from __future__ import annotations

import os
import random
import stat

import pytest

from letterwriter.export import (
    NAME_MAX,
    ExportError,
    _part_name,
    atomic_path,
    clean_stale_parts,
    verify_pdf,
    write_bytes_atomic,
    write_text_atomic,
)
from letterwriter.export import hand as hands
from letterwriter.export.paper import PAPER_NAMES, PAPERS, UnknownPaper, get_paper, paper_from_setting
from letterwriter.model import example_brief
from letterwriter.settings import Settings
from letterwriter.templates import library

pytestmark = pytest.mark.core


def test_interrupted_export_leaves_nothing_and_keeps_the_old_file(tmp_path):
    target = tmp_path / "letter.txt"
    write_text_atomic(target, "the letter from yesterday\n")
    with pytest.raises(KeyboardInterrupt), atomic_path(target) as tmp:
        tmp.write_text("half a new lett")
        raise KeyboardInterrupt  # the person pressed Ctrl+C mid-export
    assert target.read_text() == "the letter from yesterday\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.txt"]


def test_export_into_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(ExportError, match="folder does not exist"):
        write_text_atomic(tmp_path / "nope" / "letter.txt", "x")


# --- the handwriting PDF's core: papers, inks, seeds, layout and page breaks -------------------


@pytest.fixture(scope="module")
def lib():
    return library()


def _letter(lib, template="love_letter", **brief):
    info = lib.get(template)
    variation = brief.pop("variation", 1)
    return lib.render(info, example_brief(info, **brief), variation=variation)


def test_one_list_of_papers_with_cards_that_keep_clear_of_the_fold():
    assert PAPER_NAMES == ("letter", "a4", "a5-card", "5x7-card", "a6-card", "a2-card")
    assert (
        round(PAPERS["a2-card"].width_mm / 25.4, 2) == 4.25
        and round(PAPERS["a2-card"].height_mm / 25.4, 2) == 5.5
    )
    assert (
        round(PAPERS["5x7-card"].width_mm / 25.4, 2) == 5.0
        and round(PAPERS["5x7-card"].height_mm / 25.4, 2) == 7.0
    )
    for p in PAPERS.values():
        assert p.inner_mm > p.outer_mm if p.card else p.inner_mm == p.outer_mm
    with pytest.raises(UnknownPaper, match="unknown paper 'a3'.*a6-card"):
        get_paper("a3")


def test_an_unknown_paper_in_settings_is_a_warning_and_the_default():
    assert paper_from_setting("a5-card") == ("a5-card", None)
    name, warning = paper_from_setting("a3")
    assert name == "letter" and "unknown paper 'a3'" in warning


@pytest.mark.parametrize(
    "ink", ["transparent", "#00000000", "#80000000", "#fff6d5", "#f0f0f0", "white", "beige"]
)
def test_unreadable_inks_are_refused(ink):
    from letterwriter.export.options import ink_color

    with pytest.raises(ExportError, match="see-through|too light"):
        ink_color(ink)


def test_every_offered_ink_reads_on_the_paper():
    from letterwriter.export.options import INKS, MIN_INK_CONTRAST, ink_color, ink_contrast

    for name in INKS:
        assert ink_contrast(ink_color(name)) >= MIN_INK_CONTRAST * 2, name


def test_options_from_settings_turn_bad_values_into_defaults_with_warnings(tmp_path):
    import json

    from letterwriter.export.options import options_from_settings

    path = tmp_path / "s.json"
    path.write_text(json.dumps({"paper": "a3", "ink": "transparent", "hand": "wild", "hand_seed": "12"}))
    s = Settings.load(path)
    options, warnings = options_from_settings(s)
    assert (options.paper, options.ink, options.hand, options.seed) == (
        "letter",
        "blue-black",
        "natural",
        "12",
    )
    warnings = s.warnings + warnings  # the file's own (paper, hand), then the ink's contrast
    assert len(warnings) == 3 and any("a3" in w for w in warnings) and any("wild" in w for w in warnings)
    options, warnings = options_from_settings(
        Settings(tmp_path / "t.json", {"paper": "a6-card", "hand": "light"})
    )
    assert (options.paper, options.hand, options.seed, warnings) == ("a6-card", "light", None, [])


def test_a_hand_per_client_and_a_drawing_per_letter():
    assert hands.client_seed(None, "Maya Lin") == hands.client_seed(None, "  maya   lin ")
    assert hands.client_seed(None, "Maya Lin") != hands.client_seed(None, "Sam Lin")
    assert hands.client_seed(5, "Maya Lin") == hands.client_seed("5", "Sam") == 5
    a = hands.letter_seed(5, "Dear Sam,")
    assert a == hands.letter_seed(5, "Dear Sam,") and a != hands.letter_seed(5, "Dear Ana,")
    # the same client's letters use the same versions of each letter: one person's hand
    p, q = hands.Persona(5, hands.AMOUNTS["natural"]), hands.Persona(5, hands.AMOUNTS["natural"])
    assert p.versions("g") == q.versions("g") and p.versions("g") != p.versions("h")
    assert hands.Persona(6, hands.AMOUNTS["natural"]).versions("g") != p.versions("g")


def test_pick_other_never_repeats_itself():
    rng = random.Random(3)
    last = None
    seen = set()
    for _ in range(500):
        i = hands.pick_other(rng, 3, last)
        assert i != last and 0 <= i < 3
        seen.add(i)
        last = i
    assert seen == {0, 1, 2}
    assert hands.pick_other(rng, 1, 0) == 0


def test_dancing_scripts_alternates_are_used_and_never_twice_in_a_row(lib):
    from letterwriter.export.fonts import font_alternates
    from letterwriter.export.layout import LetterLayout
    from letterwriter.export.options import PdfOptions
    from letterwriter.export.paint import LetterDrawing
    from letterwriter.export.shaping import shape_word

    alternates = font_alternates("Dancing Script")
    assert len(alternates) >= 3  # F, M, U have salt forms
    info = lib.get("love_letter")
    letter = lib.render(info, {"sender_name": "Mimi Fumiko", "recipient_name": "Ulf", "pet_name": "Muffin"})
    layout = LetterLayout(letter, PdfOptions(font_family="Dancing Script", seed=9))
    drawing = LetterDrawing(layout)
    drawing.plan()
    choices: dict[str, list[int]] = {}
    versions: dict[str, list[int]] = {}
    for page in layout.pages:
        for line in page:
            for word in line.words:
                glyphs = shape_word(layout.font, word.text).glyphs
                for g, (version, alt) in zip(glyphs, drawing.choices[word.index], strict=True):
                    if g.alternates:
                        choices.setdefault(g.key, []).append(alt)
                    versions.setdefault(g.key, []).append(version)
    assert choices and any(1 in c for c in choices.values())
    for seq in [*choices.values(), *versions.values()]:
        assert all(a != b for a, b in zip(seq, seq[1:], strict=False)), seq


def test_the_fits_this_card_meter(lib):
    from letterwriter.export.layout import fit
    from letterwriter.export.options import PdfOptions

    short = _letter(lib, length="short")
    long = _letter(lib, length="long")
    fraction, over = fit(short, PdfOptions(paper="a5-card"))
    assert 0.2 < fraction <= 1.0 and over == 0
    fraction, over = fit(long, PdfOptions(paper="a6-card"))
    assert fraction > 1.0 and over > 5
    # more room, fewer lines over: the meter moves the right way
    assert fit(long, PdfOptions(paper="a5-card"))[1] < over


def test_a_card_the_letter_overflows_writes_nothing(lib, tmp_path):
    from letterwriter.export.options import PdfOptions
    from letterwriter.export.pdf import CardOverflow, export_pdf

    with pytest.raises(CardOverflow, match=r"overflows the a2-card by \d+ lines") as info:
        export_pdf(_letter(lib, length="long"), tmp_path / "card.pdf", PdfOptions(paper="a2-card"))
    assert info.value.overflow_lines > 0
    assert list(tmp_path.iterdir()) == []


def _all_long_layouts(lib):
    from letterwriter.export.fonts import HANDWRITING_FONTS
    from letterwriter.export.layout import LetterLayout
    from letterwriter.export.options import PdfOptions

    fonts = [f for f, _ in HANDWRITING_FONTS]
    n = 0
    for info in lib.list():
        tone = info.field("tone")
        for variation in (1, 2, 3):
            for t in tone.choices if tone else [None]:
                brief = example_brief(info, length="long", **({"tone": t} if t else {}))
                letter = lib.render(info, brief, variation=variation)
                for paper in ("letter", "a4"):
                    n += 1
                    yield (
                        letter,
                        LetterLayout(letter, PdfOptions(font_family=fonts[n % len(fonts)], paper=paper)),
                    )


def test_page_breaks_as_a_letter_writer_makes_them(lib):
    multi = 0
    for letter, layout in _all_long_layouts(lib):
        pages = layout.pages
        multi += len(pages) > 1
        last = pages[-1]
        closing = [ln for ln in last if ln.kind == "closing"]
        # the closing and signature are never split, and never alone on a page
        assert len(closing) == letter.paragraphs[-1].count("\n") + 1, letter.template_id
        assert sum(1 for ln in last if ln.kind in ("body", "salutation")) >= 2, letter.template_id
        for page in pages[1:]:
            first = page[0]
            # never the last line of a paragraph alone at the top of a page
            if first.kind == "body" and first.last_of_para:
                prev = [ln for p in pages for ln in p if ln.para == first.para]
                assert len(prev) <= 2 or prev.index(first) == 0, letter.template_id
        for page in pages:
            for line in page:
                if line.kind == "body" and line.last_of_para and len(line.words) == 1:
                    # a lone last word only when a writer could not squeeze it in above
                    para_lines = [ln for p in pages for ln in p if ln.para == line.para]
                    if len(para_lines) > 1:
                        above = para_lines[-2].words[-1]
                        end = above.x + above.width * above.scale
                        word = line.words[0]
                        room = layout._room(word.text) * word.scale
                        assert end + layout.space * 0.6 + room > layout.right - layout.em * 0.1, (
                            letter.template_id,
                            word,
                        )
    assert multi > 20  # the rule was exercised on many two-page letters


def test_the_layout_paints_the_same_hand_for_preview_print_and_pdf(lib):
    from PySide6.QtGui import QImage, QPainter

    from letterwriter.export.layout import LetterLayout
    from letterwriter.export.options import PdfOptions
    from letterwriter.export.paint import LetterDrawing

    letter = _letter(lib, "anniversary", length="long")  # two pages

    def paint(seed, index=0):
        layout = LetterLayout(letter, PdfOptions(seed=seed))
        img = QImage(
            int(layout.page_size.width() / 3), int(layout.page_size.height() / 3), QImage.Format.Format_RGB32
        )
        p = QPainter(img)
        LetterDrawing(layout).paint_page(p, index, 1 / 3)
        p.end()
        return layout, img

    layout, a = paint(1)
    assert layout.page_count >= 2
    assert a == paint(1)[1] and a != paint(2)[1]
    # painting page 2 alone draws what painting every page draws there
    assert paint(1, 1)[1] == paint(1, 1)[1]


def test_text_rects_find_a_word_on_the_paper_for_the_windows_underlines(lib):
    from letterwriter.export.layout import LetterLayout
    from letterwriter.export.options import PdfOptions

    letter = _letter(lib, length="long")
    layout = LetterLayout(letter, PdfOptions(seed=3))
    text = letter.text
    words = [w for page in layout.pages for line in page for w in line.words]
    word = words[len(words) // 2]
    assert text[word.offset : word.offset + len(word.text)] == word.text
    rects = layout.text_rects(text, word.offset, word.offset + len(word.text))
    assert len(rects) == 1
    page, rect = rects[0]
    assert layout.pages[page] and abs(rect.left() - word.x) < 1 and rect.width() > 0
    assert abs(rect.width() - word.width * word.scale) < word.width * 0.05
    # a span across a line break is one rectangle per line
    first = layout.pages[0][3].words[-1]
    after = layout.pages[0][4].words[0]
    assert len(layout.text_rects(text, first.offset, after.offset + len(after.text))) == 2
    # the window's text may differ in its trailing newline or paragraphs around the span
    shifted = "P.S.\n\n" + text
    moved = layout.text_rects(shifted, word.offset + 6, word.offset + 6 + len(word.text))
    assert [(p, r.left()) for p, r in moved] == [(p, r.left()) for p, r in rects]
    assert layout.text_rects(text, 5, 5) == []


def test_a_write_interrupted_mid_way_keeps_the_old_file_and_no_part(tmp_path, monkeypatch):
    """Ctrl+C or SIGTERM (raised as KeyboardInterrupt) between two writes of the bytes."""
    from letterwriter import export

    target = tmp_path / "letter.pdf"
    target.write_bytes(b"%PDF-1.4 the good one %%EOF")
    real_write = os.write
    calls = []

    def write_then_interrupt(fd, data):
        calls.append(1)
        if len(calls) > 1:
            raise KeyboardInterrupt
        return real_write(fd, bytes(data[:10]))  # a short write: the writer must loop

    monkeypatch.setattr(export.os, "write", write_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_bytes_atomic(target, b"%PDF-1.4 " + b"x" * 100 + b" %%EOF", verify=verify_pdf)
    assert target.read_bytes() == b"%PDF-1.4 the good one %%EOF"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.pdf"]


@pytest.mark.parametrize(
    "data, reason",
    [(b"", "empty"), (b"<html>", "no PDF"), (b"%PDF-1.4 half a page", "stopped before the end")],
)
def test_a_broken_pdf_never_replaces_a_good_one(tmp_path, data, reason):
    target = tmp_path / "letter.pdf"
    target.write_bytes(b"%PDF-1.4 good %%EOF\n")
    with pytest.raises(ExportError, match=reason):
        write_bytes_atomic(target, data, verify=verify_pdf)
    assert target.read_bytes() == b"%PDF-1.4 good %%EOF\n"
    assert [p.name for p in tmp_path.iterdir()] == ["letter.pdf"]


def test_temp_names_fit_even_for_a_250_byte_name(tmp_path):
    name = "ж" * 123 + ".txt"  # 250 bytes in UTF-8
    part = _part_name(name)
    assert len(part.encode()) <= NAME_MAX and part.startswith(".ж") and part.endswith(".part")
    write_text_atomic(tmp_path / name, "x")
    assert (tmp_path / name).read_text() == "x"


def test_only_our_stale_parts_are_cleaned(tmp_path):
    import subprocess
    import time

    p = subprocess.Popen(["true"])
    p.wait()
    dead, live = p.pid, os.getppid()
    files = {
        f".a.pdf.lw{dead}-0123abcd.part": False,  # its writer is gone: removed
        f".b.pdf.lw{live}-0123abcd.part": True,  # a live writer's: kept
        f".c.pdf.lw{live}-89abcdef.part": False,  # a live PID but an hour old (PID reused): removed
        ".d.pdf.0123abcd.part": True,  # not our pattern
        f"e.pdf.lw{dead}-0123abcd.part": True,  # not hidden: not ours
        ".g.pdf.k2x_9qzt.part": False,  # an older version's part, a day old: removed
        ".h.pdf.k2x_9qzt.part": True,  # the same, an hour old: kept
        ".i.mp4.k2x_9qzt.part": True,  # not a kind of file we export
    }
    for name in files:
        (tmp_path / name).write_bytes(b"x")
    old = time.time() - 3600
    os.utime(tmp_path / f".c.pdf.lw{live}-89abcdef.part", (old, old))
    os.utime(tmp_path / ".h.pdf.k2x_9qzt.part", (old, old))
    for name in (".g.pdf.k2x_9qzt.part", ".i.mp4.k2x_9qzt.part"):
        os.utime(tmp_path / name, (old - 86400, old - 86400))
    os.symlink("/etc/hostname", tmp_path / f".f.pdf.lw{dead}-0123abcd.part")
    clean_stale_parts(tmp_path)
    for name, kept in files.items():
        assert (tmp_path / name).exists() == kept, name
    assert (tmp_path / f".f.pdf.lw{dead}-0123abcd.part").is_symlink()  # a symlink is never ours


def test_replacing_keeps_the_mode_and_new_files_follow_the_umask(tmp_path):
    target = tmp_path / "letter.txt"
    target.write_text("old")
    target.chmod(0o640)
    write_text_atomic(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    old = os.umask(0o027)
    try:
        write_text_atomic(tmp_path / "new.txt", "new")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640


def _outline(run) -> bytes:
    """A one-glyph run's drawing as black and white pixels, so two fonts' drawings of it can be compared.

    Pixels, not outline points: the hand's copy of a PostScript font has TrueType outlines
    (within a font unit of the original), so the same letter has other points.
    """
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter

    path = run.rawFont().pathForGlyph(run.glyphIndexes()[0])
    image = QImage(120, 120, QImage.Format.Format_Grayscale8)
    image.fill(255)
    painter = QPainter(image)
    painter.translate(30, 90)
    painter.fillPath(path, Qt.GlobalColor.black)
    painter.end()
    return bytes(1 if v < 128 else 0 for v in bytes(image.constBits()))


def _differ(a: bytes, b: bytes) -> float:
    """The share of pixels inked in one drawing and not the other."""
    return sum(x != y for x, y in zip(a, b, strict=True)) / max(1, sum(a) + sum(b))


@pytest.mark.parametrize("family", ["Dancing Script", "Kristi", "Breip", "Z003"])
def test_a_letter_the_script_font_lacks_is_drawn_as_that_letter(family):
    """Z003 is installed as .otf and Type 1 with other glyph ids: "Ł" was once drawn as "\\"."""
    from PySide6.QtGui import QRawFont

    from letterwriter.export import fonts as f
    from letterwriter.export.layout import LetterLayout
    from letterwriter.export.shaping import one_glyph, shape_word

    f.ensure_gui_app()
    if family not in [*f.installed_handwriting_fonts(), "Z003"]:
        pytest.skip(f"{family} is not installed")
    font = f.letter_font(family, 16.0, LetterLayout.DOC_DPI)
    word = "Łăśễ"
    shaped = shape_word(font, word)
    assert len(shaped.glyphs) == len(word)
    for ch, glyph in zip(word, shaped.glyphs, strict=True):
        used = f.family_of(glyph.run.rawFont())
        # a Latin letter the font lacks is built from its own letters (export/completion.py)
        assert used in (family, family + " Letterwriter"), (ch, used)
        # the drawing font's own glyph of the character, from the file it is drawn from
        own_path = f.font_file(used, glyph.run.rawFont().styleName())
        own = QRawFont(own_path, glyph.run.rawFont().pixelSize())
        expected = own.glyphIndexesForString(ch)
        backslash = own.glyphIndexesForString("\\")
        drawn = glyph.drawn
        assert drawn.rawFont().pathForGlyph(drawn.glyphIndexes()[0]).elementCount() > 0
        assert _differ(_outline(drawn), _outline(one_glyph(own, backslash[0]))) > 0.5, ch
        assert _differ(_outline(drawn), _outline(one_glyph(own, expected[0]))) < 0.02, ch


def test_a_short_note_fits_an_a6_card_in_every_offered_hand(lib):
    """People write 60-120 words on an A6 card; DkgHandwriting once overflowed one by 10 lines."""
    from letterwriter.export.fonts import installed_handwriting_fonts
    from letterwriter.export.layout import LetterLayout
    from letterwriter.export.options import PdfOptions

    fonts = installed_handwriting_fonts()
    assert fonts
    for template in ("birthday", "thank_you", "love_letter", "condolence", "congratulations"):
        letter = _letter(lib, template, length="short")
        assert 60 <= len(letter.text.split()) <= 120, template
        for family in fonts:
            layout = LetterLayout(letter, PdfOptions(paper="a6-card", font_family=family))
            assert layout.overflow_lines == 0, (template, family, layout.fill)
            # and the hand is a hand, not a squeeze: a line every 5 mm or more
            assert layout.line_height / (layout.DOC_DPI / 25.4) >= 5.0, (family, layout.line_height)


def _red_pixels(image) -> int:
    """Pixels of the emoji's red (the ink is blue-black, the paper cream: nothing else is red)."""
    from PySide6.QtGui import QColor

    count = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = QColor(image.pixel(x, y))
            count += c.red() > 180 and c.green() < 90 and c.blue() < 90
    return count


@pytest.mark.parametrize("hand", ["natural", "light", "none"])
def test_emoji_paint_on_the_preview_as_in_the_pdf(lib, hand, tmp_path):
    """🧣❤️ were a blank gap in the window's preview: Qt paints no colour glyph under a shear.

    And once the preview had failed to paint them, the PDF the window then wrote lost them too.
    """
    import subprocess

    from PySide6.QtGui import QColor, QImage, QPainter

    from letterwriter.export.fonts import fallback_fonts
    from letterwriter.export.layout import LetterLayout
    from letterwriter.export.options import PdfOptions
    from letterwriter.export.paint import LetterDrawing
    from letterwriter.export.pdf import export_pdf
    from letterwriter.export.shaping import shape_word

    if not fallback_fonts(["🧣"])["🧣"]:
        pytest.skip("no colour emoji font installed")
    letter = _letter(lib, sender_name="Maya", signs_as="Maya 🧣❤️", recipient_name="Sam", length="short")
    for seed in (1, 2, 3):
        layout = LetterLayout(letter, PdfOptions(hand=hand, seed=seed))
        scale = 1 / 3
        size = layout.page_size
        image = QImage(int(size.width() * scale), int(size.height() * scale), QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        LetterDrawing(layout).paint_page(painter, layout.page_count - 1, scale)
        painter.end()
        assert _red_pixels(image) > 20, (hand, seed)
        out = tmp_path / f"{seed}.pdf"
        export_pdf(letter, out, PdfOptions(hand=hand, seed=seed))
        listed = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True, check=True)
        rows = listed.stdout.strip().splitlines()[2:]
        assert [row.split()[2] for row in rows].count("image") == 2, (hand, seed, rows)  # 🧣 and ❤️
    # a variation selector or joiner is never a glyph of its own
    for word, glyphs in (("❤️", 1), ("🧣❤️", 2), ("👩\u200d❤️\u200d👨", 1), ("you❤️", 4)):
        shaped = shape_word(layout.font, word)
        assert len(shaped.glyphs) == glyphs, (word, [g.key for g in shaped.glyphs])


def test_the_hand_and_its_text_are_one_embedded_font(lib, tmp_path):
    """Two fonts (the hand's, the text's) cost Qt's per-font work twice; the hand font carries both."""
    import subprocess

    from letterwriter.export.options import PdfOptions
    from letterwriter.export.pdf import export_pdf

    letter = _letter(lib, "love_letter")
    assert all(ord(ch) < 128 for ch in letter.text)  # nothing drawn from a fallback font
    out = tmp_path / "one.pdf"
    export_pdf(letter, out, PdfOptions(seed=3))
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    names = [line.split()[0] for line in fonts.splitlines()[2:]]
    assert len(names) == 1 and "Letterwriterhand" in names[0], names


@pytest.mark.parametrize("level", ["light", "natural"])
def test_a_shape_is_the_letter_written_again_then_turned_slanted_and_sized(level):
    """A shape is one of the glyph's outlines under the level's small transforms; most outlines are new.

    "the" 24 times was one outline moved: a shape that draws a variant outline (export/variants.py)
    must be no affine copy of the font's own, yet as big as it within its loops' growth.
    """
    import math

    from PySide6.QtGui import QTransform

    from letterwriter.export.fonts import ensure_gui_app, letter_font
    from letterwriter.export.layout import LetterLayout
    from letterwriter.export.shaping import shape_word

    ensure_gui_app()
    font = letter_font("Dancing Script", 16.0, LetterLayout.DOC_DPI)
    g = shape_word(font, "g").glyphs[0]
    assert g.hand is not None and g.hand.shapes == len(hands.ALL_SHAPES)
    raw = g.hand.raw
    base = raw.pathForGlyph(g.gid)
    size = base.boundingRect().height()
    new_outlines = 0
    for k, shape in enumerate(hands.SHAPES[level]):
        drawn = raw.pathForGlyph(g.hand.shape_id(g.gid, hands.SHAPE_OFFSET[level] + k))
        # Qt's y grows downwards: the font's anticlockwise turn and forward slant, mirrored;
        # slanted first, then turned, then sized
        slant, turn = QTransform(), QTransform()
        slant.shear(-shape.slant, 0)
        turn.rotateRadians(-math.radians(shape.rot))
        t = slant * turn * QTransform.fromScale(1 + shape.scale, 1 + shape.scale)
        expected = t.map(base).boundingRect()
        got = drawn.boundingRect()
        own = hands.shape_variant(hands.SHAPE_OFFSET[level] + k) == 0
        room = 0.02 if own else 0.12
        for a, b in ((got.left(), expected.left()), (got.right(), expected.right())):
            assert abs(a - b) < room * size, (level, k, got, expected)
        for a, b in ((got.top(), expected.top()), (got.bottom(), expected.bottom())):
            assert abs(a - b) < room * size, (level, k, got, expected)
        assert got != base.boundingRect()  # really turned, slanted or sized
        back = t.inverted()[0].map(drawn)
        assert back.elementCount() == base.elementCount()
        moved = max(
            math.hypot(back.elementAt(i).x - base.elementAt(i).x, back.elementAt(i).y - base.elementAt(i).y)
            for i in range(base.elementCount())
        )
        if own:
            assert moved < 0.01 * size, (level, k, moved)
        else:
            assert moved > 0.01 * size, (level, k, moved)  # no affine copy: the outline itself changed
            new_outlines += 1
    assert new_outlines >= len(hands.SHAPES[level]) // 2


def test_exporting_leaves_the_environment_alone(tmp_path):
    """A library does not set QT_QPA_PLATFORM: the exporter asks Qt for offscreen for itself.

    In a process with no display and no platform chosen, as a cron job or a server runs the
    command line: a PDF, and a merge whose PDFs are written by worker processes.
    """
    import subprocess
    import sys

    from helpers import ROOT, pdf_text

    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    code = """
import os, sys
before = dict(os.environ)
import letterwriter.export.pdf
imported = dict(os.environ) == before
from letterwriter.export.options import PdfOptions
from letterwriter.export.pdf import export_pdf
from letterwriter.model import example_brief
from letterwriter.templates import library
lib = library()
info = lib.get("birthday")
export_pdf(lib.render(info, example_brief(info, length="short")), sys.argv[1], PdfOptions(seed=1))
from PySide6.QtGui import QGuiApplication
print(imported, dict(os.environ) == before, QGuiApplication.platformName())
"""
    out = tmp_path / "one.pdf"
    r = subprocess.run(
        [sys.executable, "-c", code, str(out)], env=env, capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["True", "True", "offscreen"]
    assert pdf_text(out).strip()
    rows = tmp_path / "rows.csv"
    rows.write_text("recipient_name,sender_name\n" + "".join(f"Sam {i},Ada\n" for i in range(8)))
    merge = [sys.executable, "-m", "letterwriter", "batch", "birthday", "--csv", str(rows)]
    r = subprocess.run(
        [*merge, "--out-dir", str(tmp_path / "out")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    written = sorted((tmp_path / "out").glob("*.pdf"))
    assert len(written) == 8 and all("Sam" in pdf_text(p) for p in written)
