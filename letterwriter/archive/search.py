"""Searching the archive: what a person's search words mean, and the full-text index that answers them.

The rule, the same for clients and letters: every word matches as a prefix, in any order,
ignoring case and accents; a word shaped like a date (2025, 2025-06, 2025-06-14) matches a date
instead (a letter's date; a date of a client's people). Letters are found by their text,
client, recipient and occasion; clients by their name, people, places, memories and notes.
The index is the archive's only engine-specific SQL: SQLite's FTS5 tables (`unicode61` with
diacritics removed), or on PostgreSQL a tsvector column with a GIN index over the same words,
`unaccent`ed and in the `simple` configuration (no stemming, no stop words), asked with
`to_tsquery('simple', 'word':*)`. Each index row is rebuilt inside the transaction that changes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

DATE_WORD = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass
class Terms:
    """A search split into words (each a prefix) and date-shaped words."""

    words: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    unmatchable: bool = False  # only punctuation where words were given: nothing can match


def terms(search: str | None) -> Terms:
    out = Terms()
    words = []
    for token in (search or "").split():
        if DATE_WORD.match(token):
            out.dates.append(token)
        else:
            words.append(token)
    out.words = re.findall(r"\w+", " ".join(words))
    out.unmatchable = bool(words) and not out.words
    return out


def fts_query(words: list[str]) -> str:
    """Search words as an FTS5 query: every word, as a prefix, in any column."""
    return " AND ".join(f'"{w}"*' for w in words)


def ts_query(words: list[str]) -> str:
    """Search words as a PostgreSQL tsquery: every word, as a prefix (words hold no quotes: \\w+)."""
    return " & ".join(f"'{w}':*" for w in words)


# What a letter is found by, and a client (the same words on both engines).
_PG_LETTER = """UPDATE letters SET search = to_tsvector('simple', unaccent(
    COALESCE(edited_text, rendered_text) || ' ' ||
    COALESCE((SELECT c.name FROM clients c WHERE c.id = letters.client_id), '') || ' ' ||
    COALESCE((SELECT p.name || ' ' || p.full_name || ' ' || p.pet_name FROM people p
              WHERE p.id = letters.person_id), '') || ' ' ||
    occasion || ' ' || template))
WHERE id = ?"""
_PG_CLIENT_VECTOR = """to_tsvector('simple', unaccent(
    name || ' ' || signs_as || ' ' ||
    COALESCE((SELECT string_agg(p.name || ' ' || p.full_name || ' ' || p.pet_name || ' ' || p.places, ' ')
              FROM people p WHERE p.client_id = clients.id), '') || ' ' ||
    COALESCE((SELECT string_agg(m.text || ' ' || m.meaning, ' ') FROM memories m
              JOIN people p ON p.id = m.person_id
              WHERE p.client_id = clients.id), '') || ' ' ||
    notes))"""
_PG_CLIENT = f"UPDATE clients SET search = {_PG_CLIENT_VECTOR} WHERE id = ?"
# A letter's search row from the values being saved: PostgreSQL computes it in the INSERT itself.
_PG_LETTER_VALUES = """to_tsvector('simple', unaccent(
    COALESCE(?, ?) || ' ' || COALESCE((SELECT c.name FROM clients c WHERE c.id = ?), '') || ' ' ||
    COALESCE((SELECT p.name || ' ' || p.full_name || ' ' || p.pet_name FROM people p WHERE p.id = ?), '')
    || ' ' || ? || ' ' || ?))"""


def client_vector(added: bool = False) -> str:
    """PostgreSQL: a client's search row in an UPDATE of `clients`: rebuilt from their whole file,
    or with `added` the row as it was and one `?` of words added to it (memories only added: the
    search asks every word as a prefix, so the words' positions do not matter)."""
    if added:
        return "COALESCE(search, ''::tsvector) || to_tsvector('simple', unaccent(?))"
    return _PG_CLIENT_VECTOR


def letter_vector(letter: Any) -> tuple[str, list[Any]]:
    """PostgreSQL: the search row of a letter being saved, as an SQL value and its arguments."""
    args = [letter.edited_text, letter.rendered_text, letter.client_id, letter.person_id]
    return _PG_LETTER_VALUES, [*args, letter.occasion, letter.template]


def index_letter(db: Any, letter_id: str) -> None:
    """(Re)build one letter's row in the full-text index, inside the caller's transaction."""
    if db.dialect == "postgresql":
        db.execute(_PG_LETTER, (letter_id,))
        return
    # a letter's index row is found by its number (doc), never by scanning the index
    db.execute(
        """UPDATE letters SET doc = (SELECT COALESCE(MAX(doc), 0) + 1 FROM letters)
           WHERE id = ? AND doc IS NULL""",
        (letter_id,),
    )
    db.execute("DELETE FROM letters_fts WHERE rowid = (SELECT doc FROM letters WHERE id = ?)", (letter_id,))
    db.execute(
        """INSERT INTO letters_fts (rowid, body, client, recipient, occasion)
           SELECT l.doc, COALESCE(l.edited_text, l.rendered_text), c.name,
                  COALESCE(p.name || ' ' || p.full_name || ' ' || p.pet_name, ''),
                  l.occasion || ' ' || l.template
           FROM letters l JOIN clients c ON c.id = l.client_id
           LEFT JOIN people p ON p.id = l.person_id WHERE l.id = ?""",
        (letter_id,),
    )


# A client's index row: their name and the name they sign with, their people's names, places and
# memories (with what each means to the client), their notes.
_CLIENT_ROW = """SELECT c.doc, c.name || ' ' || c.signs_as,
       COALESCE((SELECT group_concat(p.name || ' ' || p.full_name || ' ' || p.pet_name, ' ')
                 FROM people p WHERE p.client_id = c.id), ''),
       COALESCE((SELECT group_concat(p.places, ' ') FROM people p WHERE p.client_id = c.id), ''),
       COALESCE((SELECT group_concat(m.text || ' ' || m.meaning, ' ') FROM memories m
                 JOIN people p ON p.id = m.person_id WHERE p.client_id = c.id), ''),
       c.notes
FROM clients c WHERE c.id = ?"""


def index_client(db: Any, client_id: str) -> None:
    """(Re)build one client's row in the full-text index, inside the caller's transaction."""
    if db.dialect == "postgresql":
        db.execute(_PG_CLIENT, (client_id,))
        return
    db.execute(
        """UPDATE clients SET doc = (SELECT COALESCE(MAX(doc), 0) + 1 FROM clients)
           WHERE id = ? AND doc IS NULL""",
        (client_id,),
    )
    db.execute("DELETE FROM clients_fts WHERE rowid = (SELECT doc FROM clients WHERE id = ?)", (client_id,))
    db.execute(
        f"INSERT INTO clients_fts (rowid, name, people, places, memories, notes) {_CLIENT_ROW}", (client_id,)
    )


def index_all(db: Any) -> None:
    """(Re)build every letter's and client's index row, inside the caller's transaction (a copy)."""
    if db.dialect == "postgresql":  # one statement each for the whole table
        db.execute(_PG_LETTER.replace("WHERE id = ?", ""))
        db.execute(_PG_CLIENT.replace("WHERE id = ?", ""))
        return
    for (letter_id,) in db.execute("SELECT id FROM letters").fetchall():
        index_letter(db, letter_id)
    for (client_id,) in db.execute("SELECT id FROM clients").fetchall():
        index_client(db, client_id)


def unindex_client(db: Any, client_id: str) -> None:
    """A client's row out of the index (the client is being removed), inside the caller's transaction."""
    if db.dialect == "postgresql":
        return  # the index is a column of the row, which goes with it
    db.execute("DELETE FROM clients_fts WHERE rowid = (SELECT doc FROM clients WHERE id = ?)", (client_id,))


def unindex_letters(db: Any, column: str, value: str) -> None:
    """The letters of a client (`column` "client_id") or person ("person_id") out of the index."""
    assert column in ("client_id", "person_id")
    if db.dialect == "postgresql":
        return  # as unindex_client
    db.execute(
        f"""DELETE FROM letters_fts
            WHERE rowid IN (SELECT doc FROM letters WHERE {column} = ? AND doc IS NOT NULL)""",
        (value,),
    )


def clients_where(found: Terms, dialect: str = "sqlite") -> tuple[list[str], list[str]]:
    """The WHERE conditions (on `clients c`) and their arguments for a clients search."""
    where, args = [], []
    for token in found.dates:
        where.append(
            """EXISTS (SELECT 1 FROM dates d JOIN people p ON p.id = d.person_id
                       WHERE p.client_id = c.id AND d.date LIKE ?)"""
        )
        args.append(token + "%")
    if found.words and dialect == "postgresql":
        where.append("c.search @@ to_tsquery('simple', unaccent(?))")
        args.append(ts_query(found.words))
    elif found.words:
        where.append("c.doc IN (SELECT rowid FROM clients_fts WHERE clients_fts MATCH ?)")
        args.append(fts_query(found.words))
    return where, args


def letters_where(found: Terms, dialect: str = "sqlite") -> tuple[list[str], list[str]]:
    """The WHERE conditions (on `letters l`) and their arguments for a letters search."""
    where, args = [], []
    for token in found.dates:
        where.append("l.letter_date LIKE ?")
        args.append(token + "%")
    if found.words and dialect == "postgresql":
        where.append("l.search @@ to_tsquery('simple', unaccent(?))")
        args.append(ts_query(found.words))
    elif found.words:
        where.append("l.doc IN (SELECT rowid FROM letters_fts WHERE letters_fts MATCH ?)")
        args.append(fts_query(found.words))
    return where, args
