"""Postal addresses in the client file: a person's `address`, the client's `return_address` (envelopes)."""

from __future__ import annotations

import json
import sqlite3

import pytest
from helpers import cli_bad, cli_ok

from letterwriter.archive.store import ArchiveStore
from letterwriter.storage import schema
from letterwriter.storage.local import open_database

pytestmark = pytest.mark.core

CLIENT = {
    "name": "Theodore Hale",
    "return_address": {"street": "12 Rue des Lilas", "postcode": "75011", "city": "Paris", "country": "FR"},
    "people": [
        {
            "name": "Anna",
            "full_name": "Anna Weber",
            "address": {
                "street": "Unter den Linden 1",
                "postcode": "10117",
                "city": "Berlin",
                "country": "DE",
            },
        },
        {"name": "June"},
    ],
}


@pytest.fixture(params=["sqlite", "postgresql"])
def home(request, tmp_path, monkeypatch):
    monkeypatch.setenv("LETTERWRITER_HOME", str(tmp_path / "home"))
    if request.param == "postgresql":  # the same commands on a firm's archive
        monkeypatch.setenv("LETTERWRITER_DATABASE_URL", request.getfixturevalue("pg_url"))
    return tmp_path


def _add(tmp_path, data, *extra):
    path = tmp_path / "client.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return cli_ok("clients", "add", "--data", str(path), *extra)


def test_addresses_are_kept_in_their_parts_and_shown(home):
    _add(home, CLIENT)
    shown = json.loads(cli_ok("clients", "show", "Theodore Hale", "--json").stdout)
    assert shown["return_address"] == {
        "street_address": "12 Rue des Lilas",
        "postal_code": "75011",
        "city": "Paris",
        "country_code": "FR",
    }
    anna, june = shown["people"]
    assert anna["address"]["postal_code"] == "10117" and anna["address"]["country_code"] == "DE"
    assert june["address"] == {}


@pytest.mark.parametrize(
    "where, change, words",
    [
        ("person", {"city": None}, "people[0].address has no city"),
        ("person", {"country": "QQ"}, "unknown country 'QQ'"),
        ("person", {"postcde": "1"}, "unknown part 'postcde'"),
        ("client", {"postcode": "7501"}, "return_address's postcode '7501' is not valid in France"),
    ],
)
def test_an_address_its_post_would_refuse_is_one_error_line_naming_the_part(home, where, change, words):
    data = json.loads(json.dumps(CLIENT))
    target = data["people"][0]["address"] if where == "person" else data["return_address"]
    for key, value in change.items():
        if value is None:
            target.pop(key)
        else:
            target[key] = value
    path = home / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    cli_bad("clients", "add", "--data", str(path), words=words)


def test_the_envelope_to_a_person_in_the_file_has_both_addresses(home):
    _add(home, CLIENT)
    out = home / "anna.pdf"
    cli_ok("envelope", "--to", "Anna", "-o", str(out))
    from helpers import pdf_text

    text = " ".join(pdf_text(out).split())
    assert "Anna Weber Unter den Linden 1 10117 BERLIN GERMANY" in text
    assert "Theodore Hale 12 Rue des Lilas 75011 PARIS" in text
    cli_bad("envelope", "--to", "June", "-o", str(home / "june.pdf"), words="June has no postal address")


def test_archive_export_and_import_carry_the_addresses(home, monkeypatch):
    _add(home, CLIENT)
    dump = home / "archive.json"
    cli_ok("archive", "export", str(dump))
    monkeypatch.setenv("LETTERWRITER_HOME", str(home / "other"))
    cli_ok("archive", "import", str(dump))
    shown = json.loads(cli_ok("clients", "show", "Theodore Hale", "--json").stdout)
    assert shown["return_address"]["city"] == "Paris" and shown["people"][0]["address"]["city"] == "Berlin"
    doc = json.loads(dump.read_text(encoding="utf-8"))
    doc["tables"]["people"][0]["address"] = json.dumps({"city": "Berlin", "country_code": "DE"})
    dump.write_text(json.dumps(doc), encoding="utf-8")
    cli_bad("archive", "import", str(dump), words="no street address")


def test_a_file_from_before_addresses_gets_them_empty(tmp_path, monkeypatch):
    path = tmp_path / "letterwriter.db"
    with monkeypatch.context() as m:  # the version before addresses, its rows as it wrote them
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:3])
        old = open_database(path)
        stamp = "2026-01-01T00:00:00+00:00"
        old.execute(
            "INSERT INTO clients (id, name, notes, created, updated) VALUES ('c1', 'Ada', '', ?, ?)",
            (stamp, stamp),
        )
        old.execute("INSERT INTO people (id, client_id, name) VALUES ('p1', 'c1', 'Tobias')")
        old.close()
    columns = {r[1] for r in sqlite3.connect(path).execute("PRAGMA table_info(people)")}
    assert "address" not in columns
    db = open_database(path)
    assert db.version == schema.VERSION
    store = ArchiveStore(db)
    assert store.get_client("c1").return_address == {} and store.get_person("p1").address == {}


def test_clients_edit_sets_changes_and_removes_addresses_and_refuses_a_bad_one(home):
    _add(home, CLIENT)
    patch = home / "patch.json"

    def edit(data):
        patch.write_text(json.dumps(data), encoding="utf-8")
        return cli_ok("clients", "edit", "Theodore Hale", "--data", str(patch), "--json")

    r = edit(
        {
            "return_address": {
                "street": "1 High Street",
                "city": "Oxford",
                "postcode": "ox1 4aa",
                "country": "GB",
            },
            "people": [
                {
                    "person": "June",
                    "address": {
                        "street_address": ["1600 Amphitheatre Pkwy", "Building 4"],
                        "city": "Mountain View",
                        "state": "California",
                        "zip": "94043",
                        "country_code": "US",
                    },
                }
            ],
        }
    )
    assert json.loads(r.stdout)["changes"] == ["Change Theodore Hale", "Change June"]
    shown = json.loads(cli_ok("clients", "show", "Theodore Hale", "--json").stdout)
    assert shown["return_address"] == {
        "street_address": "1 High Street",
        "city": "Oxford",
        "postal_code": "OX1 4AA",
        "country_code": "GB",
    }
    june = shown["people"][1]["address"]
    assert june["country_area"] == "CA" and june["street_address"] == "1600 Amphitheatre Pkwy\nBuilding 4"
    before = cli_ok("clients", "show", "Theodore Hale", "--json").stdout
    for data, words in (
        (
            {
                "people": [
                    {"person": "June", "address": {"street": "1 Main St", "city": "Austin", "country": "US"}}
                ]
            },
            "people[0].address has no state",
        ),
        (
            {
                "return_address": {
                    "street": "1 High Street",
                    "city": "Oxford",
                    "postcode": "OX1",
                    "country": "GB",
                }
            },
            "return_address's postcode 'OX1' is not valid in United Kingdom",
        ),
        (
            {"people": [{"person": "Anna", "address": {"strete": "x", "country": "DE"}}]},
            "unknown part 'strete'",
        ),
    ):
        patch.write_text(json.dumps(data), encoding="utf-8")
        cli_bad("clients", "edit", "Theodore Hale", "--data", str(patch), words=words)
    assert cli_ok("clients", "show", "Theodore Hale", "--json").stdout == before
    edit({"return_address": None, "people": [{"person": "Anna", "address": None}]})
    shown = json.loads(cli_ok("clients", "show", "Theodore Hale", "--json").stdout)
    assert shown["return_address"] == {} and shown["people"][0]["address"] == {}
    assert shown["people"][1]["address"]["city"] == "Mountain View"
