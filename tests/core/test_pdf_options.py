"""One owner for a letter's PDF options: settings, the letter's own choices and flags, one stored form."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
from types import SimpleNamespace

import pytest
from helpers import cli_ok, pdf_fonts, pdf_text

from letterwriter.draft import Draft, LetterFileError
from letterwriter.export import ExportError
from letterwriter.export.options import PdfOptions, flag_choices, options_from_settings, read_choices
from letterwriter.settings import Settings
from letterwriter.templates import library

pytestmark = pytest.mark.core

CLIENT = {
    "name": "Ada Byrne",
    "people": [
        {
            "name": "Tobias",
            "relationship": "spouse",
            "pronouns": "he/him",
            "pet_name": "Toby",
            "dates": {"anniversary": "1974-06-01"},
        }
    ],
}


def _settings(tmp_path, **values) -> Settings:
    return Settings(tmp_path / "settings.json", values)


def test_every_option_has_one_stored_form_and_reads_back():
    options = PdfOptions("Kristi", 18.5, "sepia", "a5-card", False, "light", 7)
    stored = options.to_json()
    assert set(stored) == {f.name for f in dataclasses.fields(PdfOptions)}
    assert PdfOptions(**stored) == options
    assert PdfOptions(**read_choices(stored)) == options  # the stored form is every option's own name
    assert json.loads(json.dumps(stored)) == stored


def test_what_earlier_versions_stored_still_reads():
    # the command line's --save (0.x): flags by their own names, beside the letter's wording
    old_cli = {
        "variation": 2,
        "lang": "en-GB",
        "font": "Kristi",
        "paper": "a5-card",
        "format": "pdf",
        "seed": 7,
    }
    assert read_choices(old_cli) == {"font_family": "Kristi", "paper": "a5-card", "seed": 7}
    # the window's .letter files: text values, "" where nothing was chosen
    old_window = {"font_family": "", "ink": "blue-black", "paper": "letter"}
    assert read_choices(old_window) == {"ink": "blue-black", "paper": "letter"}
    # both names: the current one is read
    assert read_choices({"font_family": "Breip", "font": "Kristi"}) == {"font_family": "Breip"}
    assert read_choices({"font": "Kristi", "font_family": "Breip"}) == {"font_family": "Breip"}
    for wrong in ({"seed": True}, {"paper": 4}, {"paper_tint": "no"}, {"font_size": "big"}):
        with pytest.raises(ValueError, match=f"'{next(iter(wrong))}'"):
            read_choices(wrong)


def test_settings_then_the_letters_choices_then_the_flags(tmp_path):
    settings = _settings(tmp_path, paper="a4", ink="sepia", hand="light", hand_seed="12", font_family="Breip")
    options, warnings = options_from_settings(settings)
    assert (options.paper, options.ink, options.hand, options.seed, options.font_family) == (
        "a4",
        "sepia",
        "light",
        "12",
        "Breip",
    )
    assert warnings == []
    # the letter's own choices win over the settings; one it cannot use gives way, with a warning
    options, warnings = options_from_settings(
        settings, {"font": "Kristi", "seed": 7, "paper": "a3", "ink": "transparent", "variation": 2}
    )
    assert (options.font_family, options.seed, options.paper, options.ink) == ("Kristi", 7, "a4", "sepia")
    assert len(warnings) == 2 and all(w.startswith("this letter's") for w in warnings), warnings
    assert any("a3" in w for w in warnings) and any("see-through" in w for w in warnings)
    # what is chosen now (the command line's flags, the export dialog) wins over both...
    args = SimpleNamespace(font="Dancing Script", paper="a6-card", ink=None, hand=None, seed=None)
    options, _ = options_from_settings(settings, {"paper": "a5-card", "seed": 7}, flag_choices(args))
    assert (options.font_family, options.paper, options.seed, options.ink) == (
        "Dancing Script",
        "a6-card",
        7,
        "sepia",
    )
    # ...and is an error when it cannot be used, never a quiet default
    with pytest.raises(ExportError, match="unknown ink 'plaid'"):
        options_from_settings(settings, chosen={"ink": "plaid"})


def test_a_letter_file_keeps_its_options_in_the_one_form(tmp_path):
    lib = library()
    draft = Draft(lib, "birthday", options={"font": "Kristi", "seed": 7, "paper": "a5-card", "ink": ""})
    assert draft.options == {"font_family": "Kristi", "seed": 7, "paper": "a5-card"}
    data = json.loads(draft.dumps())
    assert data["options"] == {"font_family": "Kristi", "seed": 7, "paper": "a5-card"}
    assert Draft.loads(lib, draft.dumps()).options == draft.options
    # an older window's file, with its empty font, still opens
    data["options"] = {"font_family": "", "ink": "blue-black", "paper": "letter"}
    assert Draft.loads(lib, json.dumps(data)).options == {"ink": "blue-black", "paper": "letter"}
    data["options"] = {"seed": [7]}
    with pytest.raises(LetterFileError, match="'seed' must be a whole number or text"):
        Draft.loads(lib, json.dumps(data))


def _fonts(pdf) -> list[str]:
    # a font's subset tag ("QVAAAA+") is the writer's own; the font is the name after it
    return sorted(re.sub(r"^[A-Z]{6}\+", "", row["name"]) for row in pdf_fonts(pdf))


def _raster(pdf, tmp_path, name: str) -> bytes:
    base = tmp_path / name
    subprocess.run(["pdftoppm", "-r", "60", "-gray", str(pdf), str(base)], check=True)
    return b"".join(p.read_bytes() for p in sorted(tmp_path.glob(f"{name}*.pgm")))


def test_a_letter_saved_by_render_to_reopens_in_the_window_in_the_same_hand(tmp_path):
    """`render --to P --save --font Kristi --seed 7` once reopened with no font and another seed."""
    from letterwriter.desk import Desk

    client = tmp_path / "client.json"
    client.write_text(json.dumps(CLIENT), encoding="utf-8")
    cli_ok("clients", "add", "--data", str(client))
    written = tmp_path / "cli.pdf"
    r = cli_ok(
        *("render", "anniversary", "--to", "Tobias", "--save", "-o", str(written)),
        *("--field", "letter_date=2027-06-01", "--field", "length=short"),
        *("--font", "Kristi", "--seed", "7", "--paper", "a5-card"),
    )
    letter_id = r.stderr.split("saved letter ")[1].split()[0]

    desk = Desk(library(), Settings.load(), session=False)
    try:
        draft = desk.open_archived(letter_id)
        options = desk.pdf_options(draft)
        assert (options.font_family, options.seed, options.paper) == ("Kristi", 7, "a5-card")
        again = tmp_path / "window.pdf"
        desk.export(again)
    finally:
        desk.close()
    assert pdf_text(again) == pdf_text(written) and "Toby" in pdf_text(again)
    assert _fonts(again) == _fonts(written) and any("Kristi" in f for f in _fonts(again))
    assert _raster(again, tmp_path, "window") == _raster(written, tmp_path, "cli")  # the same hand


def test_a_letter_stored_in_the_old_form_opens_with_its_options(tmp_path):
    """An archive record written by an earlier --save: "font", "lang" and "format" beside the options."""
    from letterwriter.archive.briefs import brief_for
    from letterwriter.archive.clientfile import hand_seed
    from letterwriter.archive.letters import save_letter
    from letterwriter.archive.resolve import resolve_person
    from letterwriter.desk import Desk

    client = tmp_path / "client.json"
    client.write_text(json.dumps(CLIENT), encoding="utf-8")
    cli_ok("clients", "add", "--data", str(client))
    desk = Desk(library(), Settings.load(), session=False)
    try:
        person = resolve_person(desk.archive, "Tobias")
        info = desk.library.get("anniversary")
        brief = {**brief_for(person, info), "sender_name": "Ada Byrne"}  # as render --to fills it
        text = desk.library.render(info, brief).text
        old = {
            "variation": 1,
            "lang": "en-US",
            "font": "Kristi",
            "paper": "a5-card",
            "format": "pdf",
            "seed": 7,
        }
        record = save_letter(desk.archive, person, info, brief, text, options={**old, "language": "en-US"})
        draft = desk.open_archived(record.id)
        assert draft.options == {"font_family": "Kristi", "paper": "a5-card", "seed": 7}
        options = desk.pdf_options(draft)
        assert (options.font_family, options.seed, options.paper) == ("Kristi", 7, "a5-card")
        # a letter to the client that chose no seed is written in the client's hand
        fresh = desk.new_for(person.id, "anniversary")
        assert desk.pdf_options(fresh).seed == hand_seed(person.client_id)
    finally:
        desk.close()
