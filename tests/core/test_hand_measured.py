"""The hand measured on rasters as a close reader would see it: no colliding lines, no early breaks, a rhythm.

Every offered font on every paper over several seeds (tests/core/hand_measures.py paints and
measures; `python tests/core/hand_measures.py` prints the figures).
"""

from __future__ import annotations

import statistics

import hand_measures as hm
import pytest

from letterwriter.export.paint import LetterDrawing
from letterwriter.export.paper import PAPER_NAMES

pytestmark = pytest.mark.core
SEEDS = (1, 2, 3, 4)


@pytest.fixture(scope="module")
def letters():
    hm.ensure_gui_app()
    lib = hm.library()
    return {"sheet": hm.letter(lib=lib), "card": hm.letter("thank_you", hm.NOTE_BRIEF, lib)}


@pytest.fixture(scope="module")
def fonts():
    from letterwriter.export.fonts import installed_handwriting_fonts

    found = installed_handwriting_fonts()
    assert found, "no offered script font is installed (make setup installs them)"
    return found


def _layouts(letters, fonts, papers=PAPER_NAMES, seeds=SEEDS):
    for font in fonts:
        for paper in papers:
            for seed in seeds:
                text = letters["card" if paper.endswith("card") else "sheet"]
                yield font, paper, seed, hm.layout_for(text, font, paper, seed)


def test_no_line_touches_the_next_in_any_offered_hand_on_any_paper(letters, fonts):
    """DkgHandwriting's loops ran into the next line on a 5x7 card for 6 seeds of 6."""
    hm.DPI = 150
    touching = [
        (font, paper, seed, n)
        for font, paper, seed, layout in _layouts(letters, fonts)
        if (n := hm.collisions(LetterDrawing(layout)))
    ]
    assert touching == []


def test_a_line_breaks_only_when_its_next_word_does_not_fit(letters, fonts):
    """8 of 38 lines of a long letter broke although the next word fitted ("read / by")."""
    for font, paper, seed, layout in _layouts(letters, fonts, seeds=(1, 2)):
        r = hm.rhythm(layout)
        assert r.early_breaks <= 2 * layout.page_count, (font, paper, seed, r.early_breaks)


def test_the_pitch_varies_a_little_and_the_margin_drifts_slowly(letters, fonts):
    """Every line was 25.5 pt below the last, and the margin jumped at random between 69 and 82 pt."""
    for font, paper, seed, layout in _layouts(letters, fonts, ("letter", "a5-card"), (1, 2)):
        r = hm.rhythm(layout)
        assert statistics.pstdev(r.pitches) > 0.1, (font, paper, seed)
        assert statistics.pstdev(r.pitches) < statistics.mean(r.pitches) * 0.2, (font, paper, seed)
        if len(r.margins) < 6:
            continue  # a card's few lines show no drift either way
        step, span = hm.drift(r.margins)
        assert span > 1.5, (font, paper, seed, r.margins)  # it moves...
        assert step < span * 0.5, (font, paper, seed, r.margins)  # ...in small steps, not jumps


def test_hand_none_keeps_a_steady_pitch_and_margin(letters):
    layout = hm.layout_for(letters["sheet"], "Dancing Script", "letter", 1, hand="none")
    r = hm.rhythm(layout)
    assert max(r.pitches) - min(r.pitches) < 0.01
    assert max(r.margins) - min(r.margins) < 0.01


def test_the_signature_is_written_larger_than_the_letter(letters, fonts):
    for font, paper, seed, layout in _layouts(letters, fonts, ("letter", "a6-card"), (1, 2)):
        ratio = hm.signature_ratio(LetterDrawing(layout))
        assert ratio > 1.15, (font, paper, seed, ratio)


def test_a_card_note_fills_its_panel_or_sits_in_its_middle(letters, fonts):
    """A note sat at the top of its panel with 30-53 % of it empty below."""
    for font, paper, seed, layout in _layouts(
        letters, fonts, [p for p in PAPER_NAMES if "card" in p], (1, 2)
    ):
        above, below = hm.card_space(LetterDrawing(layout))
        assert below < 0.25, (font, paper, seed, above, below)
        assert abs(above - below) < 0.1, (font, paper, seed, above, below)


@pytest.mark.parametrize("tint", ["none", "cream"])
def test_tint_none_leaves_the_page_white_for_real_stationery(tint, tmp_path):
    """Every page was filled cream: a print on real paper showed a tinted box inside white borders."""
    import json
    import subprocess

    from helpers import call_cli as run_cli

    brief = tmp_path / "brief.json"
    brief.write_text(json.dumps(hm.NOTE_BRIEF), encoding="utf-8")
    out = tmp_path / "card.pdf"
    args = ("--paper", "a6-card", "--tint", tint, "-o", str(out))
    r = run_cli("render", "thank_you", "--data", str(brief), *args)
    assert r.returncode == 0, r.stderr
    pgm = subprocess.run(["pdftoppm", "-r", "50", "-gray", str(out)], capture_output=True, check=True).stdout
    head, _, rest = pgm.partition(b"255\n")
    pixels = rest
    paper = max(set(pixels), key=pixels.count)  # the commonest grey is the paper's
    assert (paper == 255) == (tint == "none"), paper
    # the cream's grey (#fbf7ee is 247) anywhere but at an anti-aliased edge: none on white paper
    cream = sum(pixels.count(bytes([v])) for v in range(244, 251)) / len(pixels)
    assert cream < 0.01 if tint == "none" else cream > 0.5, cream


def test_an_unknown_tint_is_refused_in_one_line():
    from helpers import cli_bad

    cli_bad("render", "thank_you", "--field", "recipient_name=A", "--tint", "pink", words="tint")


@pytest.mark.parametrize("hand", ["natural", "none"])
def test_emoji_keep_the_lines_reading_order(hand, tmp_path):
    """pdftotext split a line at each emoji and sometimes read its parts in the wrong order."""
    import subprocess

    from helpers import call_cli as run_cli

    said = "sent 🌻 flowers ❤️ and a 👨\u200d👩\u200d👧 photo 🎉!"
    out = tmp_path / "emoji.pdf"
    args = ["render", "thank_you", "--field", "recipient_name=Ana", "--field", "sender_name=Theo"]
    args += ["--field", f"what_they_did={said}"]
    r = run_cli(*args, "--hand", hand, "--seed", "3", "-o", str(out))
    assert r.returncode == 0, r.stderr
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    line = next(ln for ln in text.splitlines() if "sent" in ln.lower()).replace(" !", "!").lower()
    # each picture stands where it is drawn: ❤️ as itself, those Qt cannot name as U+FFFC
    assert "sent \ufffc flowers ❤\ufe0f and a \ufffc photo \ufffc!" in line, line


def test_what_the_card_meter_passes_is_drawn_inside_the_card(fonts):
    """An A6 farewell's closing ("warm wis...") ran off the right edge while the meter said it fits."""
    from letterwriter.export.layout import fit
    from letterwriter.model import example_brief

    lib = hm.library()
    hm.DPI = 100
    for template in ("farewell", "thank_you", "birthday", "congratulations"):
        info = lib.get(template)
        letter = lib.render(info, example_brief(info, length="short"))
        for font in fonts:
            for paper in ("a6-card", "a2-card"):
                layout = hm.layout_for(letter, font, paper, 5)
                _fill, over = fit(letter, hm.PdfOptions(font_family=font, paper=paper, seed=5))
                assert over == layout.overflow_lines  # the meter is the drawing's own layout
                if over:
                    continue
                img = hm.paint_lines(LetterDrawing(layout), 0, lambda k: True)
                right = hm.ink_box(img)[2] / hm.DPI * layout.DOC_DPI
                edge = layout.page_size.width() - (layout.page_size.width() - layout.right) / 2
                assert right < edge, (template, font, paper, right, edge)
