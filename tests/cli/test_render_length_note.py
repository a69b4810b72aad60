"""`render` says, in one `note:` line, when a brief is too thin for the chosen length (issue 10)."""

from __future__ import annotations

import json

import pytest
from helpers import call_cli

from letterwriter.model import example_brief
from letterwriter.templates import TemplateLibrary

pytestmark = pytest.mark.core


def test_a_thin_brief_gets_the_best_shorter_letter_and_one_note(tmp_path):
    out = tmp_path / "letter.txt"
    r = call_cli(
        "render", "love_letter", "--field", "sender_name=Ana", "--field", "recipient_name=Sam",
        "--field", "length=long", "-o", str(out),
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    notes = [line for line in r.stderr.splitlines() if line.startswith("note:")]
    assert len(notes) == 1, r.stderr
    assert "long letter (380–600)" in notes[0] and "“Shared memories”" in notes[0]
    assert out.read_text(encoding="utf-8").startswith(("January", "February", "March", "April", "May",
                                                       "June", "July", "August", "September",
                                                       "October", "November", "December"))  # fmt: skip


def test_a_rich_brief_has_no_note(tmp_path):
    info = TemplateLibrary(user_dir=None).get("love_letter")
    brief_file = tmp_path / "brief.json"
    brief_file.write_text(json.dumps(example_brief(info, length="long", letter_date="2026-11-24")))
    r = call_cli("render", "love_letter", "--data", str(brief_file))
    assert r.returncode == 0, r.stderr
    assert "note:" not in r.stderr
    assert r.stdout.count("\n") > 10


def test_bad_input_still_prints_only_the_error():
    r = call_cli(
        "render", "love_letter", "--field", "sender_name=Ana", "--field", "recipient_name=Sam",
        "--field", "length=long", "--font", "Letterwriter Test Missing Hand", "-o", "x.pdf",
    )  # fmt: skip
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("error: "), r.stderr
