"""The command line of issue 17: clients edit/remove/restore, letters export, upcoming --ics."""

from __future__ import annotations

import hashlib
import json
import subprocess

import pytest
from helpers import cli_bad, cli_ok, pdf_fonts, pdf_text

pytestmark = pytest.mark.core

CLIENT = {
    "name": "Ada Byrne",
    "signs_as": "Ada",
    "language": "en-GB",
    "people": [
        {
            "name": "Tobias",
            "relationship": "spouse",
            "pet_name": "Toby",
            "dates": {"anniversary": "1974-06-01", "retirement": {"date": "2099-03-31", "yearly": False}},
            "memories": [
                "we was stranded in Lisbon",
                {"memory": "the rain at the church", "meaning": "nothing spoilt it"},
            ],
        }
    ],
}


@pytest.fixture
def ada(tmp_path, isolated_home):
    path = tmp_path / "ada.json"
    path.write_text(json.dumps(CLIENT))
    return cli_ok("clients", "add", "--data", str(path)).stdout.strip()


def _db(home) -> str:
    return hashlib.sha256(json.dumps(_show(), sort_keys=True).encode()).hexdigest()


def _show() -> dict:
    return json.loads(cli_ok("clients", "show", "Ada Byrne", "--json").stdout)


def test_clients_edit_changes_the_file_and_bad_input_changes_nothing(tmp_path, ada, isolated_home):
    patch = tmp_path / "patch.json"
    patch.write_text(
        json.dumps(
            {
                "notes": "likes the formal closing",
                "people": [
                    {
                        "person": "Tobias",
                        "dates": {"first_met": "1971-08-14"},
                        "memories": {"change": [{"memory": "stranded", "to": "we were stranded in Lisbon"}]},
                    },
                    {"name": "Nora", "dates": {"birthday": "2016-12-10"}},
                ],
            }
        )
    )
    r = cli_ok("clients", "edit", "Ada Byrne", "--data", str(patch), "--json")
    assert json.loads(r.stdout) == {
        "id": ada,
        "changes": ["Change Ada Byrne", "Change Tobias", "Change memory", "Add Nora"],
    }
    shown = _show()
    tobias = next(p for p in shown["people"] if p["name"] == "Tobias")
    assert shown["notes"] == "likes the formal closing" and tobias["dates"]["first_met"] == "1971-08-14"
    assert [m["text"] for m in tobias["memories"]] == ["we were stranded in Lisbon", "the rain at the church"]
    assert tobias["memories"][1]["meaning"] == "nothing spoilt it" and tobias["one_off"] == ["retirement"]
    before = _db(isolated_home)
    for data, words in (
        ({"people": [{"person": "Tobias", "memories": {"remove": ["the kite"]}}]}, "no memory 'the kite'"),
        ({"people": [{"person": "Nora", "pet_name": "N"}, {"person": "Otto"}]}, "no person 'Otto'"),
        ({"people": [{"person": "Tobias", "dates": {"birthday": "3 Dec"}}]}, "YYYY-MM-DD"),
        ([1, 2], "a patch must be a JSON object"),
    ):
        patch.write_text(json.dumps(data))
        cli_bad("clients", "edit", "Ada Byrne", "--data", str(patch), words=words)
    assert _db(isolated_home) == before


def test_remove_and_restore_a_client_with_their_letters(ada, tmp_path):
    cli_ok("render", "anniversary", "--to", "Tobias", "--save")
    r = cli_ok("clients", "remove", "Ada Byrne")
    assert "removed Ada Byrne with 1 letter" in r.stderr and f"clients restore {ada}" in r.stderr
    assert cli_ok("clients", "list").stdout == "" and cli_ok("letters", "list").stdout == ""
    listed = json.loads(cli_ok("clients", "list", "--removed", "--json").stdout)
    assert [(x["kind"], x["name"], x["letters"]) for x in listed] == [("client", "Ada Byrne", 1)]
    cli_bad("clients", "restore", "Nobody", words="nothing removed is called 'Nobody'")
    assert "restored client Ada Byrne with 1 letter" in cli_ok("clients", "restore", ada).stderr
    assert len(json.loads(cli_ok("letters", "list", "--json").stdout)) == 1


def test_a_stored_letter_is_exported_again_as_it_was_drawn(ada, tmp_path, isolated_home):
    first = tmp_path / "first.pdf"
    cli_ok(
        "render",
        "anniversary",
        "--to",
        "Tobias",
        "--save",
        "--font",
        "Kristi",
        "--ink",
        "sepia",
        "-o",
        str(first),
    )
    [letter] = json.loads(cli_ok("letters", "list", "--json").stdout)
    stored = json.loads(cli_ok("letters", "show", letter["id"], "--json").stdout)
    assert stored["status"] == "exported" and stored["options"]["font_family"] == "Kristi"
    assert stored["options"]["language"] == "en-GB" and stored["text"].rstrip().endswith("Ada")
    # the settings change since: the letter is drawn as it was sent all the same
    (isolated_home / "settings.json").write_text(
        json.dumps({"font_family": "Dancing Script", "ink": "black"})
    )
    again = tmp_path / "again.pdf"
    assert "wrote" in cli_ok("letters", "export", letter["id"][:8], "-o", str(again)).stderr
    assert pdf_text(again) == pdf_text(first)
    assert [f["name"].split("+")[-1] for f in pdf_fonts(again)] == [
        f["name"].split("+")[-1] for f in pdf_fonts(first)
    ]
    pixels = [
        subprocess.run(["pdftoppm", "-r", "30", "-gray", str(p)], capture_output=True, check=True).stdout
        for p in (first, again)
    ]
    assert pixels[0] == pixels[1]  # the same hand, seed, paper and ink: the same page
    txt = tmp_path / "again.txt"
    cli_ok("letters", "export", letter["id"], "-o", str(txt))
    assert txt.read_text() == stored["text"]
    cli_bad(
        "letters",
        "export",
        letter["id"],
        "-o",
        str(isolated_home / "letterwriter.db"),
        words="will not write",
    )
    cli_bad("letters", "export", letter["id"], "-o", str(tmp_path / "x.doc"), words="use .pdf or .txt")


def test_upcoming_ics_is_a_calendar(ada, tmp_path):
    from icalendar import Calendar

    out = tmp_path / "dates.ics"
    r = cli_ok("upcoming", "--ics", str(out), "--remind-days", "2")
    assert "wrote" in r.stderr and "(2 dates)" in r.stderr
    events = {str(e["summary"]): e for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")}
    assert "rrule" in events["Tobias: anniversary (write for Ada Byrne)"]
    assert "rrule" not in events["Tobias: retirement (write for Ada Byrne)"]
    cli_bad("upcoming", "--ics", str(out), "--remind-days", "-1", words="--remind-days")
