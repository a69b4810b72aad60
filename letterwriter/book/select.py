"""Which letters go in the book, and the Book made of them, from the command line's or dialog's choices.

A book takes a client's letters that were sent (exported), oldest first, narrowed by
recipient, dates or ids; drafts and letters only checked come in when asked for, and a
letter named by its id always does. Each letter is printed from its stored text, never
rendered again from its template. With initials, every name is replaced (`book.names`)
in everything the book shows, its title included.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import hashlib
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field

from letterwriter.archive.clientfile import hand_seed
from letterwriter.archive.records import ArchiveError, LetterRecord
from letterwriter.archive.resolve import resolve_client, resolve_letter, resolve_person
from letterwriter.archive.store import ArchiveStore
from letterwriter.book.model import FACES, Book, BookLetter, LetterParts, join_names, split_parts
from letterwriter.book.names import Pseudonyms, brief_names, file_names, name_words
from letterwriter.book.trim import DEFAULT_TRIM, TRIM_NAMES
from letterwriter.language import date_line

SENT = ("exported",)
MAX_TITLE = 200


class BookError(ArchiveError):
    """A book that cannot be made from these choices (nothing selected, a bad date…): one line why."""


@dataclass
class BookChoices:
    """What the person chose: `letterwriter anthology`'s flags and the Make a Book dialog's fields."""

    client: str
    to: list[str] = field(default_factory=list)  # people: ids or names
    since: str = ""  # YYYY, YYYY-MM or YYYY-MM-DD
    until: str = ""
    letters: list[str] = field(default_factory=list)  # letter ids or their first characters
    title: str = ""
    initials: bool = False
    pseudonyms: dict[str, str] = field(default_factory=dict)  # name -> what stands for it
    drafts: bool = False
    face: str = "book"
    trim: str = DEFAULT_TRIM


def day_bound(text: str, *, end: bool, what: str) -> str:
    """A typed date as the first (or last) day it can mean: "2019" -> 2019-01-01 or 2019-12-31."""
    text = text.strip()
    m = re.fullmatch(r"([0-9]{4})(?:-([0-9]{1,2})(?:-([0-9]{1,2}))?)?", text)
    try:
        if not m:
            raise ValueError
        year = int(m.group(1))
        month = int(m.group(2) or (12 if end else 1))
        last = calendar.monthrange(year, month)[1]
        day = int(m.group(3) or (last if end else 1))
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        raise BookError(f"{what} must be a date as YYYY, YYYY-MM or YYYY-MM-DD, got '{text[:40]}'") from None


def _wanted_ids(store: ArchiveStore, client_id: str, client_name: str, ids: list[str]) -> list[str]:
    out = []
    for text in ids:
        letter = resolve_letter(store, text)
        if letter.client_id != client_id:
            raise BookError(f"letter {letter.id} is not one of {client_name}'s letters")
        out.append(letter.id)
    return out


def choose_letters(store: ArchiveStore, choices: BookChoices) -> tuple[list[LetterRecord], int]:
    """The chosen letters, oldest first, and how many drafts the choice left out."""
    client = resolve_client(store, choices.client)
    people = [resolve_person(store, p, client.id).id for p in choices.to if p.strip()]
    since = day_bound(choices.since, end=False, what="--since") if choices.since.strip() else ""
    until = day_bound(choices.until, end=True, what="--until") if choices.until.strip() else ""
    if since and until and since > until:
        raise BookError(f"--since {choices.since} is after --until {choices.until}: no letter can match")
    named = _wanted_ids(store, client.id, client.name, [i for i in choices.letters if i.strip()])
    found = [
        letter
        for letter in store.list_letters(client_id=client.id, date_from=since or None, date_to=until or None)
        if (not people or letter.person_id in people) and (not named or letter.id in named)
    ]
    kept = [
        letter
        for letter in found
        if choices.drafts or letter.status in SENT or (named and letter.id in named)
    ]
    kept.sort(key=lambda letter: (letter.letter_date, letter.created, letter.id))
    if not kept:
        raise BookError(_nothing_chosen(client.name, choices, len(found)))
    return kept, len(found) - len(kept)


def _nothing_chosen(client: str, choices: BookChoices, drafts: int) -> str:
    parts = [f"nothing to make a book of: {client} has no {'exported ' if drafts else ''}letters"]
    if choices.to:
        parts.append("to " + ", ".join(choices.to))
    if choices.letters:
        parts.append("among those named")
    if choices.since.strip():
        parts.append(f"since {choices.since.strip()}")
    if choices.until.strip():
        parts.append(f"until {choices.until.strip()}")
    message = " ".join(parts)
    if drafts:
        s = "s" if drafts != 1 else ""
        message += f" ({drafts} draft{s} never exported: add --drafts to include them)"
    return message


def make_book_model(store: ArchiveStore, choices: BookChoices) -> Book:
    """The Book for these choices: title page, recipients, years and every letter, names replaced if asked."""
    if choices.face not in FACES:
        raise BookError(f"unknown face '{choices.face}' (choose {', '.join(FACES)})")
    if choices.trim not in TRIM_NAMES:
        raise BookError(f"unknown trim size '{choices.trim}' (choose {', '.join(TRIM_NAMES)})")
    if len(choices.title) > MAX_TITLE:
        raise BookError(f"the title is limited to {MAX_TITLE} characters")
    records, drafts_left_out = choose_letters(store, choices)
    client = store.get_client(records[0].client_id)
    people = store.people(client.id)
    by_id = {p.id: p for p in people}
    names = Pseudonyms([])
    if choices.initials or choices.pseudonyms:
        found = file_names(client, people)
        for record in records:
            found |= brief_names(record.brief) | set(name_words(record.text))
        found |= set(name_words(choices.title))
        names = Pseudonyms(found, choices.pseudonyms)
    seed = hand_seed(client.id)
    letters = []
    originals: dict[str, None] = {}  # the recipients' own names, in order: the title is made of them
    for record in records:
        person = by_id.get(record.person_id or "")
        recipient = person.name if person else str(record.brief.get("recipient_name") or "")
        letters.append(_book_letter(record, recipient, names, seed))
        if recipient:
            originals[recipient] = None
    recipients = list(originals)
    first, last = records[0].letter_date[:4], records[-1].letter_date[:4]
    title = " ".join(choices.title.split())
    title_says: tuple[str, ...] = ()
    if not title and 1 <= len(recipients) <= 3:
        title, title_says = f"Letters to {join_names(recipients)}", ("recipients",)
    elif not title:
        title, title_says = f"Letters of {client.name}", ("author",)
    language = Counter(letter.language for letter in letters).most_common(1)[0][0]
    key = "\n".join([client.id, *(r.id for r in records)]).encode()
    return Book(
        title=names.apply(title),
        author=names.apply(client.name),
        recipients=[names.apply(r) for r in recipients],
        years=first if first == last else f"{first}–{last}",
        letters=letters,
        language=language,
        identifier=f"urn:uuid:{uuid.UUID(bytes=hashlib.sha256(key).digest()[:16])}",
        title_says=title_says,
        names_replaced=names.originals(),
        drafts_left_out=drafts_left_out,
    )


def _book_letter(record: LetterRecord, recipient: str, names: Pseudonyms, seed: int) -> BookLetter:
    # the stored text, as it was sent: a template changed since must not change the letter
    parts = split_parts(record.text)
    language = str(record.options.get("language") or "en-US")
    heading_date = parts.date_line
    if not heading_date:
        try:
            heading_date = date_line(_dt.date.fromisoformat(record.letter_date), language)
        except ValueError:
            heading_date = record.letter_date
    if names:
        parts = LetterParts(
            names.apply(parts.date_line),
            names.apply(parts.salutation),
            [names.apply(p) for p in parts.body],
            [names.apply(line) for line in parts.closing],
            [names.apply(p) for p in parts.after],
        )
    stored_seed = record.options.get("seed")
    return BookLetter(
        id=record.id,
        date=record.letter_date,
        heading_date=names.apply(heading_date),
        recipient=names.apply(recipient),
        parts=parts,
        language=language,
        occasion=record.occasion,
        status=record.status,
        options=dict(record.options),
        seed=stored_seed if isinstance(stored_seed, int) and not isinstance(stored_seed, bool) else seed,
    )
