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
    # the note asks the form's question ("Which moments are only yours?"), not a field's name
    assert "long letter (380–600)" in notes[0] and "“Which moments are only yours?”" in notes[0]
    assert out.read_text(encoding="utf-8").startswith(("January", "February", "March", "April", "May",
                                                       "June", "July", "August", "September",
                                                       "October", "November", "December"))  # fmt: skip


def test_a_rich_brief_has_no_note(tmp_path):
    info = TemplateLibrary(user_dir=None).get("love_letter")
    brief_file = tmp_path / "brief.json"
    # A long letter is mostly the client's own words (the frame pads nothing): five memories with
    # what they mean, what they love, a message.
    memories = [
        *example_brief(info)["memories"],
        "the night the car broke down and we waited for dawn",
        "the morning we planted the apple tree in the rain",
    ]
    meanings = [
        "it was the first time I saw how brave you are when nobody is watching, and I never forgot it",
        "you turned a wrong train into the best day of the trip, which is what you do with most things",
        "I realised that I wanted every ordinary Sunday for the rest of my life to be spent with you",
        "you stayed calm for both of us, and I have leaned on that calm more times than I can count since",
        "it was the first thing we ever planted together, and it is taller than both of us now",
    ]
    brief = example_brief(
        info,
        length="long",
        letter_date="2026-11-24",
        memories=[{"memory": m, "meaning": x} for m, x in zip(memories, meanings, strict=True)],
        loved_things=[*example_brief(info)["loved_things"], "the way you read the ending of a book first"],
        message="I do not say these things often enough out loud, so here they are in ink. You are my home, "
        "wherever we happen to be living, and every year with you has been better than the one before. "
        "Thank you for choosing me, and for choosing me again every morning, even the grumpy ones. Next "
        "spring I want to take you back to Porto and get on the wrong train on purpose, to see where "
        "it goes. Whatever the next years bring, I want to meet them with you, one ordinary morning at "
        "a time.",
    )
    brief_file.write_text(json.dumps(brief))
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


def test_field_overrides_the_briefs_value_and_gives_a_memory_its_meaning(tmp_path):
    """One brief, several tones (issue 16): `--field` wins over `--data`; NAME_meaning follows its memory."""
    brief = tmp_path / "brief.json"
    brief.write_text(
        json.dumps(
            {
                "sender_name": "Ana",
                "recipient_name": "Sam",
                "relationship": "partner",
                "tone": "formal",
                "letter_date": "2026-12-07",
            }
        ),
        encoding="utf-8",
    )
    r = call_cli(
        "render", "love_letter", "--data", str(brief), "--field", "tone=playful",
        "--field", "memories=the wrong train to Porto",
        "--field", "memories_meaning=you turn a wrong turn into the best day",
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert r.stdout.split("\n")[2].startswith(("Hello, Sam", "Hi Sam", "Dear Sam")), r.stdout
    assert "wrong train to Porto" in r.stdout
    assert "You turn a wrong turn into the best day." in r.stdout


def test_a_sad_brief_in_a_playful_tone_says_so_in_a_note():
    r = call_cli(
        "render", "thank_you", "--field", "sender_name=Marguerite Dubois and family",
        "--field", "recipient_name=Renée", "--field", "relationship=other", "--field", "tone=playful",
        "--field", "what_they_did=looked after dad in his last days on ward 7.",
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    notes = [line for line in r.stderr.splitlines() if line.startswith("note:")]
    assert any("softened to warmth" in n and "last days" in n for n in notes), r.stderr
    assert "Who looked after" not in r.stdout and " we " in r.stdout.lower()
