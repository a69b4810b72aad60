"""`letterwriter envelope`: the recipient where the post reads it, the return address, the letter's hand."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from helpers import cli_bad, cli_ok, pdf_fonts, pdf_text

pytestmark = pytest.mark.core

TO = {"name": "Anna Weber", "street": "Unter den Linden 1", "postcode": "10117", "city": "Berlin"}
TO["country"] = "DE"
FROM = {"name": "Theodore Hale", "street": "12 Rue des Lilas", "postcode": "75011", "city": "Paris"}
FROM["country"] = "FR"
WORD = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'


def _file(tmp_path, data, name="env.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def _boxes(pdf, page=1):
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    size = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', out)
    words = [(m.group(5), *(float(m.group(i)) for i in range(1, 5))) for m in re.finditer(WORD, out)]
    return float(size.group(1)), float(size.group(2)), words


@pytest.mark.parametrize(
    "size, width_mm, height_mm",
    [
        ("dl", 220, 110),
        ("c5", 229, 162),
        ("c6", 162, 114),
        ("10", 241.3, 104.8),
        ("a2", 146.05, 111.1),
        ("a7", 184.2, 133.4),
    ],
)
def test_the_recipient_is_where_the_post_reads_and_the_return_address_top_left(
    size, width_mm, height_mm, tmp_path
):
    out = tmp_path / "env.pdf"
    cli_ok("envelope", "--data", _file(tmp_path, {"to": TO, "from": FROM}), "-o", str(out), "--size", size)
    w, h, words = _boxes(out)
    assert abs(w - width_mm * 72 / 25.4) < 1.5 and abs(h - height_mm * 72 / 25.4) < 1.5  # landscape, exact
    text = " ".join(pdf_text(out).split())
    assert "Anna Weber Unter den Linden 1 10117 BERLIN GERMANY" in text  # abroad: the country, last
    assert "Theodore Hale 12 Rue des Lilas 75011 PARIS" in text
    anna = next(b for b in words if b[0] == "Anna")
    theo = next(b for b in words if b[0] == "Theodore")
    germany = next(b for b in words if b[0] == "GERMANY")
    assert anna[1] > w * 0.25 and anna[2] > h * 0.3  # the recipient right of the middle's left, below the top
    assert germany[4] < h - 0.6 * 72  # clear of the barcode strip at the foot
    assert theo[1] < w * 0.15 and theo[2] < h * 0.2  # the return address top left
    assert theo[4] - theo[2] < anna[4] - anna[2]  # and written smaller
    fonts = pdf_fonts(out)
    assert len(fonts) == 1 and "Letterwriterhand" in fonts[0]["name"]  # the letter's hand, nothing else


def test_the_return_address_on_the_flap_is_the_back_page(tmp_path):
    out = tmp_path / "flap.pdf"
    data = _file(tmp_path, {"to": TO, "from": FROM})
    cli_ok("envelope", "--data", data, "-o", str(out), "--return-on", "flap")
    _w, _h, front = _boxes(out, 1)
    w, h, back = _boxes(out, 2)
    assert "Theodore" not in [b[0] for b in front] and "Anna" in [b[0] for b in front]
    theo = next(b for b in back if b[0] == "Theodore")
    assert theo[2] < h * 0.4 and abs((theo[1] + theo[3]) / 2 - w / 2) < w * 0.25  # centred on the flap


def test_the_envelope_is_in_the_letters_hand_the_same_for_the_same_seed(tmp_path):
    data = _file(tmp_path, {"to": TO, "from": FROM, "sender_name": "Theodore"})
    a, b, c = (tmp_path / f"{n}.pdf" for n in "abc")
    cli_ok("envelope", "--data", data, "-o", str(a), "--seed", "7")
    cli_ok("envelope", "--data", data, "-o", str(b), "--seed", "7")
    cli_ok("envelope", "--data", data, "-o", str(c), "--seed", "8")

    def pixels(pdf):
        cmd = ["pdftoppm", "-r", "60", "-gray", str(pdf)]
        return subprocess.run(cmd, capture_output=True, check=True).stdout

    assert pixels(a) == pixels(b) and pixels(a) != pixels(c)


def test_within_one_country_the_country_is_left_out(tmp_path):
    out = tmp_path / "home.pdf"
    home = {**FROM, "country": "DE", "street": "Hauptstr. 3", "postcode": "80331", "city": "München"}
    cli_ok("envelope", "--data", _file(tmp_path, {"to": TO, "from": home}), "-o", str(out))
    assert "GERMANY" not in pdf_text(out)


@pytest.mark.parametrize(
    "to, words",
    [
        ({**TO, "postcode": None}, "no postcode"),
        ({**TO, "city": None}, "no city"),
        ({**TO, "country": "QQ"}, "unknown country 'QQ'"),
        ({"street": "1 Main", "zip": "94043", "city": "Mountain View", "country": "US"}, "no state"),
        ({**TO, "postcode": "1011"}, "postcode '1011' is not valid in Germany"),
    ],
)
def test_a_missing_part_or_unknown_country_is_one_error_line_naming_it(to, words, tmp_path):
    to = {k: v for k, v in to.items() if v is not None}
    out = tmp_path / "bad.pdf"
    cli_bad("envelope", "--data", _file(tmp_path, {"to": to, "from": FROM}), "-o", str(out), words=words)
    assert not out.exists()


def test_the_size_follows_the_letters_card_and_an_unknown_size_is_refused(tmp_path):
    out = tmp_path / "card.pdf"
    cli_ok("envelope", "--data", _file(tmp_path, {"to": TO}), "-o", str(out), "--paper", "a6-card")
    w, h, _ = _boxes(out)
    assert abs(w - 162 * 72 / 25.4) < 1.5 and abs(h - 114 * 72 / 25.4) < 1.5  # an A6 card goes in a C6
    cli_bad("envelope", "--data", _file(tmp_path, {"to": TO}), "-o", str(out), "--size", "b4", words="size")


ROWS = (
    "recipient_name,sender_name,what_they_did,street_address,city,state,postal_code,country_code\n"
    "Anna,Theo,helped me move,Unter den Linden 1,Berlin,,10117,DE\n"
    "June,Theo,fed the cat,1600 Amphitheatre Pkwy,Mountain View,CA,94043,US\n"
)


@pytest.mark.parametrize("mode", ["per-row", "one-file"])
def test_batch_writes_an_envelope_for_every_letter(mode, tmp_path):
    """One file per row beside its letter, or one file for a printer (it once crashed Qt's PDF writer)."""
    rows = tmp_path / "rows.csv"
    rows.write_text(ROWS, encoding="utf-8")
    out = tmp_path / "out"
    back = _file(tmp_path, FROM, "from.json")
    args = ("batch", "thank_you", "--csv", str(rows), "--out-dir", str(out), "--envelopes", mode)
    cli_ok(*args, "--return-address", back)
    letters = sorted(p.name for p in out.glob("*.pdf") if "envelope" not in p.name)
    assert letters == ["Anna.pdf", "June.pdf"]  # the address columns are no part of the letters
    assert "Unter den Linden" not in pdf_text(out / "Anna.pdf")
    if mode == "per-row":
        text = " ".join(pdf_text(out / "June-envelope.pdf").split())
        assert "June 1600 Amphitheatre Pkwy MOUNTAIN VIEW, CA 94043 UNITED STATES" in text
        assert "Theodore Hale" in text
    else:
        both = tmp_path / "both.pdf"
        both.write_bytes((out / "envelopes.pdf").read_bytes())
        text = " ".join(pdf_text(both).split())
        assert text.index("Anna") < text.index("June")
        info = subprocess.run(["pdfinfo", str(both)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"Pages:\s+2\b", info)


def test_batch_refuses_a_row_whose_address_will_not_do_before_writing_anything(tmp_path):
    rows = tmp_path / "rows.csv"
    rows.write_text(ROWS.replace(",CA,94043", ",,94043"), encoding="utf-8")
    out = tmp_path / "out"
    args = ("batch", "thank_you", "--csv", str(rows), "--out-dir", str(out), "--envelopes")
    from helpers import run_cli

    r = run_cli(*args)
    assert r.returncode == 2, r.stderr
    last = r.stderr.strip().splitlines()[-1]
    assert last.startswith("error: row 3:") and "no state" in last, r.stderr
    assert not out.exists() or not list(out.iterdir())
