"""`letterwriter envelope`: a letter's envelope in its hand, addressed from the client file or a JSON file."""

from __future__ import annotations

import sys
from typing import Any

from letterwriter.cli.common import UsageError, _archive_call, _open_store, _pdf_options, _printable


def add_parser(sub) -> None:
    """The envelope command's flags (registered in cli/parser.py)."""
    from letterwriter.export.hand import HAND_LEVELS
    from letterwriter.export.options import TINTS
    from letterwriter.export.paper import ENVELOPE_SIZES, PAPER_NAMES

    e = sub.add_parser("envelope", help="an envelope in the letter's hand: recipient and return address")
    src = e.add_mutually_exclusive_group(required=True)
    src.add_argument("--to", metavar="PERSON", help="the person's address from the client file (id or name)")
    src.add_argument("--data", metavar="ENVELOPE.json", help='{"to": ADDRESS, "from": ADDRESS}')
    e.add_argument("-o", "--output", required=True, metavar="ENV.pdf")
    e.add_argument("--size", choices=ENVELOPE_SIZES, help="the envelope (default: the one the paper fits)")
    e.add_argument("--paper", choices=PAPER_NAMES, help="the letter's paper: chooses the envelope it fits")
    e.add_argument(
        "--return-on", choices=("front", "flap", "none"), default="front", help="the return address's place"
    )
    e.add_argument("--font", metavar="FAMILY")
    e.add_argument("--ink", metavar="INK")
    e.add_argument("--hand", choices=HAND_LEVELS)
    e.add_argument("--seed", type=int, metavar="N", help="the hand (default: the client's, as the letter's)")
    e.add_argument("--tint", choices=TINTS)


def envelope_from_json(data: Any):
    """An Envelope from {"to": ADDRESS, "from": ADDRESS (optional), "sender_name": TEXT (optional)}."""
    from letterwriter.address import AddressError, envelope_lines, parse_address
    from letterwriter.export.envelope import Envelope

    if not isinstance(data, dict):
        raise UsageError('the envelope file must be a JSON object with "to" (and "from") addresses')
    unknown = set(data) - {"to", "from", "sender_name"}
    if unknown:
        key = sorted(unknown)[0]
        raise UsageError(f"the envelope file has an unknown key '{key}' (keys: to, from, sender_name)")
    try:
        to = parse_address(data.get("to"), "the recipient's address")
        sender = parse_address(data["from"], "the return address") if data.get("from") else None
    except AddressError as exc:
        raise UsageError(str(exc)) from None
    home = sender["country_code"] if sender else None
    name = data.get("sender_name") or (sender or {}).get("name", "")
    if not isinstance(name, str):
        raise UsageError("sender_name must be text")
    return Envelope(envelope_lines(to, home), envelope_lines(sender, home) if sender else (), name)


def envelope_for_person(store, text: str):
    """The Envelope to a person in the client file (their address, the client's return one); the client."""
    from letterwriter.address import AddressError, envelope_lines, parse_address
    from letterwriter.archive.resolve import resolve_person
    from letterwriter.export.envelope import Envelope

    person = resolve_person(store, text)
    client = store.get_client(person.client_id)
    stored = getattr(person, "address", None)
    if not stored:
        raise UsageError(
            f'{person.name} has no postal address in the client file (add an "address" to the person)'
        )
    try:
        to = parse_address({"name": person.full_name or person.name, **stored}, f"{person.name}'s address")
        back = getattr(client, "return_address", None)
        sender = None
        if back:
            sender = parse_address({"name": client.name, **back}, f"{client.name}'s return address")
    except AddressError as exc:
        raise UsageError(str(exc)) from None
    home = sender["country_code"] if sender else None
    lines = envelope_lines(sender, home) if sender else ()
    return Envelope(envelope_lines(to, home), lines, client.name), client


def cmd_envelope(args) -> int:
    from letterwriter.export.envelope import ENVELOPE_FOR_PAPER, ENVELOPES, export_envelopes
    from letterwriter.export.fonts import choose_font
    from letterwriter.export.options import PdfOptions

    if args.data:
        envelope = envelope_from_json(_read_small_json(args.data))
    else:

        def find():
            store = _open_store()
            try:
                return envelope_for_person(store, args.to)
            finally:
                store.close()

        envelope, client = _archive_call(find)
        if args.seed is None:  # one client, one hand: the envelope in the letters' hand
            from letterwriter.archive.clientfile import hand_seed

            args.seed = hand_seed(client.id)
    options = PdfOptions(**_pdf_options(args))
    choose_font(options.font_family)  # an unknown font fails before anything is drawn
    size = args.size or ENVELOPE_FOR_PAPER.get(options.paper, "dl")
    if args.return_on == "none":
        envelope.sender = ()
    export_envelopes([envelope], args.output, options, size, on_flap=args.return_on == "flap")
    family, _ = choose_font(options.font_family)
    print(f"wrote {_printable(args.output)} ({ENVELOPES[size].label}, {family})", file=sys.stderr)
    return 0


# --- batch --envelopes -----------------------------------------------------------------------


def address_columns(headers: list[str], info) -> dict[str, str]:
    """The table's columns that hold a postal address part and no field of the template: column -> part."""
    import re

    from letterwriter.address import ALIASES, PARTS
    from letterwriter.merge.plan import field_for_header

    def norm(text: str) -> str:
        return re.sub(r"[\s_\-]+", "", text).casefold()

    names = {norm(p): p for p in PARTS} | {norm(a): p for a, p in ALIASES.items()}
    found = {}
    for header in headers:
        part = names.get(norm(header))
        if part and part != "name" and field_for_header(info, header) is None:
            found[header] = part
    return found


def batch_envelopes(table, columns: dict[str, str], name_column: str | None, sender: dict | None):
    """Each row's Envelope by row number, and the bad addresses as (row, message): checked before writing."""
    from letterwriter.address import AddressError, envelope_lines, parse_address
    from letterwriter.export.envelope import Envelope

    index = {h: i for i, h in enumerate(table.headers)}
    home = sender["country_code"] if sender else None
    back = envelope_lines(sender, home) if sender else ()
    who = sender.get("name", "") if sender else ""
    found, bad = {}, []
    for row, cells in table.rows:
        data = {part: cells[index[col]] for col, part in columns.items() if index[col] < len(cells)}
        if name_column is not None and index[name_column] < len(cells):
            data.setdefault("name", cells[index[name_column]])
        try:
            found[row] = Envelope(envelope_lines(parse_address(data, "the address"), home), back, who)
        except AddressError as exc:
            bad.append((row, str(exc)))
    return found, bad


ADDRESS_MAX_BYTES = 1024 * 1024  # two addresses; far beyond any real envelope's JSON


def _read_small_json(path: str):
    """ENVELOPE.json or ADDRESS.json, read with a size limit (--data /dev/zero stops at 1 MB)."""
    from letterwriter.archive.clients import read_json
    from letterwriter.archive.records import ArchiveError

    try:
        return read_json(path, max_bytes=ADDRESS_MAX_BYTES)
    except ArchiveError as exc:
        raise UsageError(str(exc)) from None


def return_address(path: str | None) -> dict | None:
    """--return-address FILE.json, checked; None without it."""
    from letterwriter.address import AddressError, parse_address

    if not path:
        return None
    data = _read_small_json(path)
    try:
        return parse_address(data, "the return address")
    except AddressError as exc:
        raise UsageError(str(exc)) from None
