"""The command line contract for templates, render, batch and doctor, run as a user runs it."""

from __future__ import annotations

import csv
import json
import re
import subprocess

import pytest
from helpers import call_cli, pdf_fonts, pdf_text, pdf_word_boxes, run_cli, words

pytestmark = pytest.mark.core

# a family no machine has (a real one, like Comic Sans MS, is installed on some)
NO_SUCH_FONT = "Letterwriter Test Missing Hand"

# render love_letter with the two required fields, for the bad-input cases below
AB = ["render", "love_letter", "--field", "sender_name=A", "--field", "recipient_name=B"]

BRIEF = {
    "sender_name": "Maya",
    "recipient_name": "Sam",
    "pet_name": "Bear",
    "together_since": "2016-05-02",
    "letter_date": "2026-11-24",
    "memories": ["The night the power went out and we read by candlelight."],
}


@pytest.fixture
def brief_file(tmp_path):
    p = tmp_path / "brief.json"
    p.write_text(json.dumps(BRIEF), encoding="utf-8")
    return p


def test_templates_json_lists_fields():
    r = call_cli("templates", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    love = next(t for t in data if t["id"] == "love_letter")
    assert {"id", "title", "occasion", "description", "fields"} <= set(love)
    names = {f["name"]: f for f in love["fields"]}
    assert names["tone"]["type"] == "choice" and "tender" in names["tone"]["choices"]
    assert names["memories"]["type"] == "list"
    assert names["sender_name"]["required"] is True
    for t in data:
        for f in t["fields"]:
            assert f["type"] in {"text", "longtext", "date", "number", "list", "choice"}


def test_render_prints_the_letter(brief_file):
    r = call_cli("render", "love_letter", "--data", str(brief_file))
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("November 24, 2026\n\n")
    assert "candlelight" in r.stdout and "ten years" in r.stdout
    assert r.stdout.rstrip().endswith("Maya")


def test_fields_on_the_command_line_build_lists(tmp_path):
    r = call_cli(
        "render",
        "love_letter",
        "--field",
        "sender_name=Maya",
        "--field",
        "recipient_name=Sam",
        "--field",
        "memories=our walk to the lighthouse",
        "--field",
        "memories=the burnt pancakes",
        "--field",
        "length=long",
        "--field",
        "letter_date=2026-11-24",
    )
    assert r.returncode == 0, r.stderr
    assert "lighthouse" in r.stdout and "burnt pancakes" in r.stdout


def test_field_overrides_the_brief_so_one_brief_tries_each_tone(brief_file):
    """Issue 16: `--data brief.json --field tone=playful` was refused (exit 2)."""
    letters = {}
    for tone in ("tender", "playful", "formal"):
        r = call_cli("render", "love_letter", "--data", str(brief_file), "--field", f"tone={tone}")
        assert r.returncode == 0, r.stderr
        letters[tone] = r.stdout
    assert len(set(letters.values())) == 3
    plain = call_cli("render", "love_letter", "--data", str(brief_file)).stdout
    assert plain == letters["tender"]  # the brief has no tone: tender is the default
    # a list given by --field replaces the brief's list; the brief's other fields stay
    r = call_cli("render", "love_letter", "--data", str(brief_file), "--field", "memories=the burnt pancakes")
    assert "burnt pancakes" in r.stdout and "candlelight" not in r.stdout and "Bear" in r.stdout
    r = call_cli("render", "love_letter", "--data", str(brief_file), "--field", "colour=red")
    assert r.returncode == 2 and "unknown field 'colour'" in r.stderr


def test_text_export_is_the_printed_letter(brief_file, tmp_path):
    out = tmp_path / "letter.txt"
    printed = call_cli("render", "love_letter", "--data", str(brief_file)).stdout
    r = call_cli("render", "love_letter", "--data", str(brief_file), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert out.read_text(encoding="utf-8") == printed
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_pdf_is_handwritten_embedded_and_readable(brief_file, tmp_path):
    out = tmp_path / "letter.pdf"
    r = call_cli("render", "love_letter", "--data", str(brief_file), "-o", str(out), "--paper", "a4")
    assert r.returncode == 0, r.stderr
    fonts = pdf_fonts(out)
    assert any("Dancing" in f["name"] and f["emb"] for f in fonts), fonts
    text = call_cli("render", "love_letter", "--data", str(brief_file)).stdout
    # Same words in the same order: ligatures must not swallow letters ("the" -> "e").
    assert words(pdf_text(out)) == words(text)
    # Dancing Script's line box is 1.2 em: word boxes give the point size of the hand.
    # (the signature, the last line, is written larger: test_hand_measured measures it)
    boxes = pdf_word_boxes(out)
    signed = len(text.strip().splitlines()[-1].split())
    heights = [h / 1.2 for w, h in boxes[:-signed]]
    assert heights and all(14 <= h <= 18 for h in heights), sorted(set(heights))
    assert all(h / 1.2 > 18 for w, h in boxes[-signed:]), boxes[-signed:]


def test_a_long_letter_flows_onto_a_second_page(tmp_path):
    out = tmp_path / "long.pdf"
    brief = dict(BRIEF, length="long", message=" ".join(["I remember every single day of it."] * 40))
    p = tmp_path / "b.json"
    p.write_text(json.dumps(brief))
    r = call_cli("render", "love_letter", "--data", str(p), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert "2 pages" in r.stderr
    assert "\f" in pdf_text(out).rstrip("\f")


def _letters_the_font_lacks(text: str) -> set[str]:
    """What the machine's handwriting font really lacks, read from its file (a newer Dancing
    Script has Vietnamese; Debian's 1.2 has not): the test asks the font, not a list."""
    from fontTools.ttLib import TTFont

    family = json.loads(call_cli("doctor", "--json").stdout)["font"]["family"]
    found = subprocess.run(["fc-match", "-f", "%{file}", family], capture_output=True, text=True, check=True)
    cmap = TTFont(found.stdout, fontNumber=0).getBestCmap()
    return {c for c in text if not c.isspace() and ord(c) not in cmap}


def test_name_outside_the_font_is_drawn_and_reported(tmp_path):
    out = tmp_path / "n.pdf"
    sender, recipient = "Nguyễn Văn An", "Łukasz"
    r = call_cli(
        "render", "love_letter", "--field", f"sender_name={sender}", "--field", f"recipient_name={recipient}",
        "-o", str(out),
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    lacking = _letters_the_font_lacks(sender + recipient)
    notes = [line for line in r.stderr.splitlines() if " has no " in line]
    # the hand composes what it can (Ł from L and its stroke, ễ from e and its marks): only a
    # letter written in another font is reported
    others = [f["name"] for f in pdf_fonts(out) if "Dancing" not in f["name"]]
    if lacking and others:
        assert len(notes) == 1 and notes[0].startswith("note:"), r.stderr
        named = notes[0].split(" has no ", 1)[1].split(";", 1)[0].split()
        assert set(named) == lacking, (named, lacking)
    else:
        assert notes == [], r.stderr
    assert sender in pdf_text(out) and recipient in pdf_text(out)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["render", "love_letter", "--field", "sender_name=Maya"],
            "missing required field 'recipient_name'",
        ),
        (["render", "nope", "--field", "a=b"], "unknown template 'nope'"),
        (["render", "love_letter", "--field", "colour=red"], "unknown field 'colour'"),
        (
            [
                *AB,
                "--field",
                "together_since=05/02/2016",
            ],
            "expected a date as YYYY-MM-DD",
        ),
        (
            [
                *AB,
                "--field",
                "tone=grumpy",
            ],
            "'grumpy' is not one of tender, playful, formal",
        ),
        (
            [
                *AB,
                "--format",
                "pdf",
            ],
            "a PDF needs a file",
        ),
        (["render", "love_letter"], "render needs a brief"),
        (
            [
                *AB,
                "--font",
                NO_SUCH_FONT,
                "-o",
                "x.pdf",
            ],
            f"font '{NO_SUCH_FONT}' is not installed",
        ),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args, message):
    r = call_cli(*args)
    assert r.returncode == 2
    assert r.stderr.startswith("error: ") and message in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def test_bad_json_names_line_and_column(tmp_path):
    p = tmp_path / "b.json"
    p.write_text('{\n  "sender_name": "Maya",\n  "recipient_name": "Sam",\n}\n')
    r = call_cli("render", "love_letter", "--data", str(p))
    assert r.returncode == 2
    assert "line 4, column 1" in r.stderr


def test_debug_shows_the_traceback():
    r = run_cli("--debug", "render", "nope", "--field", "a=b")  # a real process: the interpreter's traceback
    assert r.returncode != 0 and "Traceback" in r.stderr


def test_user_template_loads_sandboxed_and_errors_name_file_and_line(tmp_path, isolated_home):
    tdir = isolated_home / "templates"
    tdir.mkdir()
    (tdir / "postcard.txt.j2").write_text(
        '{#\ntitle = "Postcard"\n[[fields]]\nname = "place"\ntype = "text"\nrequired = true\n#}\n'
        '{% extends "base.txt.j2" %}\n{% block body %}\nGreetings from {{ place }}.\n{% endblock %}\n'
    )
    (tdir / "broken.txt.j2").write_text(
        '{#\ntitle = "Broken"\n#}\n{% extends "base.txt.j2" %}\n{% block body %}\n{% if %}\n{% endblock %}\n'
    )
    (tdir / "sneaky.txt.j2").write_text('{#\ntitle = "Sneaky"\n#}\n{{ "".__class__.__mro__ }}\n')
    r = call_cli("templates")
    assert "postcard" in r.stdout and "(yours)" in r.stdout
    r = call_cli(
        "render",
        "postcard",
        "--field",
        "sender_name=Ana",
        "--field",
        "recipient_name=Leo",
        "--field",
        "place=Porto",
    )
    assert r.returncode == 0, r.stderr
    assert "Greetings from Porto." in r.stdout and r.stdout.rstrip().endswith("Ana")
    r = call_cli("render", "broken", "--field", "sender_name=Ana", "--field", "recipient_name=Leo")
    assert r.returncode == 2 and "broken.txt.j2:6" in r.stderr, r.stderr
    r = call_cli("render", "sneaky", "--field", "sender_name=Ana", "--field", "recipient_name=Leo")
    assert r.returncode == 2 and "unsafe" in r.stderr.lower(), r.stderr


def test_batch_is_a_mail_merge_that_reports_bad_rows(tmp_path):
    rows = [
        {
            "sender_name": "Maya",
            "recipient_name": "Sam",
            "memories": "our first walk;the lighthouse",
        },
        {"sender_name": "Maya", "recipient_name": "Sam", "memories": ""},
        {"sender_name": "Maya", "recipient_name": "", "memories": ""},
        {"sender_name": "Maya", "recipient_name": "A/B: C?", "memories": ""},
    ]
    csv_path = tmp_path / "clients.csv"
    with open(csv_path, "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["sender_name", "recipient_name", "memories"])
        w.writeheader()
        w.writerows(rows)
    out = tmp_path / "out"
    r = call_cli("batch", "love_letter", "--csv", str(csv_path), "--out-dir", str(out), "--format", "txt")
    assert r.returncode == 2
    assert "row 4: missing required field 'recipient_name'" in r.stderr
    assert r.stdout.strip().splitlines()[-1] == "3 written, 1 failed, 4 rows"
    names = sorted(p.name for p in out.iterdir())
    assert names == ["A B C.txt", "Sam (2).txt", "Sam.txt"]
    assert "lighthouse" in (out / "Sam.txt").read_text()


def test_batch_pdf(tmp_path):
    csv_path = tmp_path / "c.csv"
    csv_path.write_text("sender_name,recipient_name\nMaya,Sam\nLeo,Ana\n")
    r = call_cli("batch", "love_letter", "--csv", str(csv_path), "--out-dir", str(tmp_path / "o"))
    assert r.returncode == 0, r.stderr
    assert "Ana" in pdf_text(tmp_path / "o" / "Ana.pdf")


def test_doctor_json_reports_fonts_and_folders(isolated_home):
    r = call_cli("doctor", "--json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["user_data"] == str(isolated_home)
    assert d["user_templates"] == str(isolated_home / "templates")
    assert d["font"]["family"] == "Dancing Script"
    assert "Qt 6" in d["qt"]


def test_version():
    r = call_cli("--version")
    assert r.returncode == 0 and r.stdout.startswith("letterwriter ")


def test_no_display_says_so_in_one_line_and_points_to_the_command_line():
    env = {"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": ""}
    r = call_cli(env=env)
    assert r.returncode == 2
    assert r.stderr.startswith("error: no display") and "command line" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_main_py_runs_the_same_command_line():
    import subprocess
    import sys

    from helpers import ROOT

    r = subprocess.run(
        [sys.executable, "main.py", "templates"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0 and "love_letter" in r.stdout


# --- papers, cards and inks (issue 12) -------------------------------------------------------


# A brief with enough in it for a long letter (a thin brief is written at the length it supports).
FULL = [
    *AB,
    "--field", "memories=the night the power went out and we read by candlelight",
    "--field", "memories=the summer we drove to the coast with no map and a broken radio",
    "--field", "memories=the morning you brought me coffee on the fire escape and we watched the snow",
    "--field", "loved_things=the way you hum when you cook",
    "--field", "loved_things=how you always save me the last biscuit",
    "--field", "places=Lisbon", "--field", "places=the allotment",
    "--field", "inside_joke=the great soup disaster",
    "--field", "message=I would choose you again tomorrow, and every day after that, without a doubt.",
]  # fmt: skip


def test_a_card_the_letter_overflows_writes_nothing_and_says_what_fits(tmp_path):
    out = tmp_path / "card.pdf"
    r = call_cli(*FULL, "--field", "length=long", "--paper", "a6-card", "-o", str(out))
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert r.stderr.startswith("error: the letter overflows the a6-card by ") and " lines" in r.stderr
    assert "fits with --field length=" in r.stderr and "--paper " in r.stderr, r.stderr
    assert list(tmp_path.iterdir()) == []
    # the suggestion is true: the named length fits that card
    length = r.stderr.split("--field length=")[1].split()[0]
    r = call_cli(*FULL, "--field", f"length={length}", "--paper", "a6-card", "-o", str(out))
    assert r.returncode == 0, r.stderr
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+1\n", info), info
    assert any(f"{w} x {h} pts" in info for w in (297, 298) for h in (419, 420)), info  # A6: 105 x 148 mm


def test_an_unknown_paper_is_an_error_on_the_command_line_and_a_warning_in_settings(tmp_path, isolated_home):
    r = call_cli(*AB, "--paper", "a3", "-o", str(tmp_path / "x.pdf"))
    assert r.returncode == 2 and "invalid choice: 'a3'" in r.stderr and "a6-card" in r.stderr
    (isolated_home / "settings.json").write_text(json.dumps({"paper": "a3", "ink": "transparent"}))
    out = tmp_path / "s.pdf"
    r = call_cli(*AB, "-o", str(out))
    assert r.returncode == 0, r.stderr
    # the settings file itself now names the papers it takes (settings.py); the letter paper is used
    paper_warning = [ln for ln in r.stderr.splitlines() if ln.startswith("warning:") and "a3" in ln]
    assert len(paper_warning) == 1 and "paper" in paper_warning[0] and "a6-card" in paper_warning[0], r.stderr
    assert "warning: settings: ink 'transparent' is see-through" in r.stderr
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert "612 x 792 pts (letter)" in info


@pytest.mark.parametrize(("ink", "message"), [("transparent", "see-through"), ("#fff8dc", "too light")])
def test_an_unreadable_ink_is_refused(ink, message, tmp_path):
    r = call_cli(*AB, "--ink", ink, "-o", str(tmp_path / "x.pdf"))
    assert r.returncode == 2 and message in r.stderr and r.stderr.count("\n") == 1, r.stderr
    assert list(tmp_path.iterdir()) == []


def test_emoji_are_drawn_and_said_so(tmp_path):
    out = tmp_path / "e.pdf"
    args = ["--field", "sender_name=Maya", "--field", "recipient_name=Sam", "--field", "message=for you 🌻"]
    args += ["-o", str(out)]
    r = call_cli("render", "love_letter", *args)
    assert r.returncode == 0, r.stderr
    cmd = ["pdfimages", "-list", str(out)]
    images = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    if "Noto Color Emoji" in r.stderr:
        assert "drawn" in r.stderr and len(images.strip().splitlines()) > 2  # the sunflower, as a picture
    else:
        assert "left out" in r.stderr


@pytest.mark.parametrize("seed", ["1", "2", "3"])
def test_emoji_are_pictures_in_the_hand_and_no_stray_mark(seed, tmp_path):
    """Under a slanted hand 🧣❤️ once vanished from the PDF; each is one picture, ❤️ too."""
    out = tmp_path / "e.pdf"
    args = ["--field", "sender_name=Maya", "--field", "recipient_name=Sam", "--field", "message=warm 🧣❤️"]
    args += ["--seed", seed]
    r = call_cli("render", "love_letter", *args, "-o", str(out))
    assert r.returncode == 0, r.stderr
    if "Noto Color Emoji" not in r.stderr:
        pytest.skip("no colour emoji font installed")
    cmd = ["pdfimages", "-list", str(out)]
    rows = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip().splitlines()[2:]
    assert [row.split()[2] for row in rows].count("image") == 2, rows  # the scarf and the heart
    assert "Maya" in pdf_text(out) and "\ufe0f" not in pdf_text(out)
