"""Finding a client, person or letter by what a person types: an id, its first characters or a name.

An unknown or ambiguous name is an ArchiveError that lists the candidates' ids.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from letterwriter.archive.clients import SURROGATE
from letterwriter.archive.records import ArchiveError, ClientRecord, LetterRecord, PersonRecord, RemovedRecord
from letterwriter.archive.store import ArchiveStore
from letterwriter.model import MAX_TEXT

MIN_ID_PREFIX = 6  # shorter, a name like "Bea" or "Ada" could pass for the start of a hex id


def _shown(text: str, limit: int = 60) -> str:
    """What the person typed, as an error message repeats it: not a whole pasted page."""
    return text if len(text) <= limit else text[:limit] + "…"


def _typed(text: str, what: str) -> None:
    # A command-line argument that is not UTF-8 arrives with lone surrogates (surrogateescape):
    # no stored name has them, and the database cannot even be asked about them.
    if SURROGATE.search(text):
        raise ArchiveError(
            f"the {what} given is not UTF-8 text ('{_shown(text)}'): check the terminal's encoding"
        )


def _too_long_to_match(text: str, what: str) -> None:
    # No stored name or id is longer than a field may be; a longer one cannot match (and
    # SQLite refuses LIKE patterns over 50,000 bytes with a message no person could use).
    if len(text) > MAX_TEXT:
        hint = "clients list" if what == "client" else "clients show CLIENT"
        raise ArchiveError(f"no {what} '{_shown(text)}' (see 'letterwriter {hint}')")


def _pick_one(matches: list, text: str, what: str, exact: list, describe: Callable[[Any], str]) -> Any:
    text = _shown(text)
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        matches = exact
    if not matches:
        hint = "clients list" if what == "client" else "clients show CLIENT"
        raise ArchiveError(f"no {what} '{text}' (see 'letterwriter {hint}')")
    if len(matches) > 1:
        options = "; ".join(describe(m) for m in matches[:6])
        raise ArchiveError(f"{what} '{text}' is ambiguous: {len(matches)} match ({options}); use an id")
    return matches[0]


def _named_or_id(names: str, ident: str, text: str) -> bool:
    if text.casefold() in names.casefold().split("\n"):
        return True
    return len(text) >= MIN_ID_PREFIX and ident.startswith(text)


def resolve_client(store: ArchiveStore, text: str) -> ClientRecord:
    """A client by id, id prefix or unique name (ignoring case)."""
    text = text.strip()
    if not text:
        raise ArchiveError("a client needs an id or a name")
    _typed(text, "client")
    _too_long_to_match(text, "client")
    direct = store.get_client(text)
    if direct:
        return direct
    matches = [c for c in store.find_clients(text) if _named_or_id(c.name, c.id, text)]
    exact = [c for c in matches if c.name.casefold() == text.casefold()]
    return _pick_one(matches, text, "client", exact, lambda c: f"{c.id} {c.name}")


def resolve_person(store: ArchiveStore, text: str, client_id: str | None = None) -> PersonRecord:
    """A person by id, id prefix or unique name, full name or pet name (ignoring case)."""
    text = text.strip()
    if not text:
        raise ArchiveError("a person needs an id or a name")
    _typed(text, "person")
    _too_long_to_match(text, "person")
    direct = store.get_person(text)
    if direct:
        return direct
    matches = [
        p
        for p in store.find_people(text)
        if _named_or_id(f"{p.name}\n{p.full_name}\n{p.pet_name}", p.id, text)
    ]
    if client_id:
        matches = [p for p in matches if p.client_id == client_id]
    key = text.casefold()
    exact = [p for p in matches if key in (p.name.casefold(), p.full_name.casefold(), p.pet_name.casefold())]
    names = {}

    def describe(p: PersonRecord) -> str:
        if p.client_id not in names:
            c = store.get_client(p.client_id)
            names[p.client_id] = c.name if c else "?"
        return f"{p.id} {p.name}, for {names[p.client_id]}"

    return _pick_one(matches, text, "person", exact, describe)


def resolve_letter(store: ArchiveStore, text: str) -> LetterRecord:
    """A letter by id or the first characters of its id."""
    text = text.strip()
    _typed(text, "letter id")
    if len(text) > MAX_TEXT:
        raise ArchiveError(f"no letter '{_shown(text)}' (see 'letterwriter letters list')")
    found = store.get_letter(text) if text else None
    if found:
        return found
    matches = store.find_letters(text) if text else []
    if not matches:
        raise ArchiveError(f"no letter '{_shown(text)}' (see 'letterwriter letters list')")
    if len(matches) > 1:
        raise ArchiveError(f"letter id '{text}' is ambiguous: {len(matches)} letters start with it")
    return matches[0]


def resolve_removed(store: ArchiveStore, text: str) -> RemovedRecord:
    """A removed client or person by their id (or its first characters), the removal's id, or their name."""
    text = text.strip()
    _typed(text, "client")
    if not text:
        raise ArchiveError(
            "name a removed client or person by id or name (see 'letterwriter clients list --removed')"
        )
    removed = store.list_removed()
    key = text.casefold()
    for test in (
        lambda r: text in (r.id, r.client_id if r.kind == "client" else r.person_id),
        lambda r: r.name.casefold() == key,
        lambda r: (
            len(text) >= MIN_ID_PREFIX
            and (r.client_id if r.kind == "client" else r.person_id).startswith(text)
        ),
    ):
        found = [r for r in removed if test(r)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            shown = "; ".join(f"{r.id} {r.kind} {r.name} removed {r.removed_at[:10]}" for r in found[:6])
            raise ArchiveError(f"'{_shown(text)}' is ambiguous: {len(found)} removed ({shown}); use an id")
    raise ArchiveError(
        f"nothing removed is called '{_shown(text)}' (see 'letterwriter clients list --removed')"
    )
