"""The archive's tables: one list of migrations for both engines, and the columns that an export carries.

Plain SQL with standard types, the same on SQLite and PostgreSQL; a step's engine-only part is
its full-text index: SQLite's FTS5 tables (`letters_fts`, `clients_fts`), PostgreSQL's tsvector
columns with a GIN index (see `archive.search`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    """One migration: SQL both engines run, then the part only one of them runs."""

    common: str
    sqlite: str = ""
    postgresql: str = ""

    def sql(self, dialect: str) -> str:
        return self.common + (self.sqlite if dialect == "sqlite" else self.postgresql)


def step_sql(step: Step | str, dialect: str) -> str:
    """A step's SQL for one engine (a plain string is the same on both)."""
    return step if isinstance(step, str) else step.sql(dialect)


# Each entry brings the archive from version i to i + 1. Never edit a released step: add a new
# one (and append it to the local file's list in storage/schema.py), with a test that upgrades
# a file made by the previous version. A local SQLite file runs each step's `sqlite` text
# exactly as released; a PostgreSQL archive (storage/postgres.py) runs the `postgresql` one.
MIGRATIONS: list[Step | str] = [
    # 1: clients, the people they write to, their dates and memories, letters
    Step(
        """
    CREATE TABLE clients (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        notes       TEXT NOT NULL DEFAULT '',
        created     TEXT NOT NULL,
        updated     TEXT NOT NULL
    );
    CREATE INDEX clients_name ON clients(name);
    CREATE TABLE people (
        id           TEXT PRIMARY KEY,
        client_id    TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        position     INTEGER NOT NULL DEFAULT 0,
        name         TEXT NOT NULL,
        full_name    TEXT NOT NULL DEFAULT '',
        relationship TEXT NOT NULL DEFAULT '',
        pronouns     TEXT NOT NULL DEFAULT '',
        pet_name     TEXT NOT NULL DEFAULT '',
        places       TEXT NOT NULL DEFAULT '[]'   -- JSON list of text
    );
    CREATE INDEX people_client ON people(client_id, position);
    CREATE INDEX people_name ON people(name);
    CREATE TABLE dates (
        person_id   TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        kind        TEXT NOT NULL,                -- birthday, anniversary, first_met or any name
        date        TEXT NOT NULL,                -- YYYY-MM-DD
        PRIMARY KEY (person_id, kind)
    );
    CREATE TABLE memories (
        id          TEXT PRIMARY KEY,
        person_id   TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        position    INTEGER NOT NULL DEFAULT 0,
        text        TEXT NOT NULL,
        created     TEXT NOT NULL,
        origin_letter TEXT            -- the letter that first told it (its re-saves may drop it)
    );
    CREATE INDEX memories_person ON memories(person_id, position);
    CREATE TABLE letters (
        id               TEXT PRIMARY KEY,
        client_id        TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        person_id        TEXT REFERENCES people(id) ON DELETE SET NULL,
        template         TEXT NOT NULL,
        template_version TEXT NOT NULL DEFAULT '',
        occasion         TEXT NOT NULL DEFAULT '',
        brief            TEXT NOT NULL DEFAULT '{}',  -- JSON object: the brief as given
        options          TEXT NOT NULL DEFAULT '{}',  -- JSON object: variation, language, font, ink…
        rendered_text    TEXT NOT NULL DEFAULT '',
        edited_text      TEXT,                        -- the writer's edits; NULL when untouched
        status           TEXT NOT NULL DEFAULT 'draft'
                         CHECK (status IN ('draft', 'checked', 'exported')),
        letter_date      TEXT NOT NULL,               -- YYYY-MM-DD, the date on the letter
        created          TEXT NOT NULL,
        updated          TEXT NOT NULL,
        export_path      TEXT,
        doc              INTEGER UNIQUE               -- its row in the full-text index
    );
    CREATE INDEX letters_client ON letters(client_id, letter_date);
    CREATE INDEX letters_person ON letters(person_id, letter_date);
    CREATE INDEX letters_date ON letters(letter_date);
    CREATE TABLE letter_memories (
        letter_id   TEXT NOT NULL REFERENCES letters(id) ON DELETE CASCADE,
        memory_id   TEXT NOT NULL REFERENCES memories(id) ON DELETE CASCADE,
        PRIMARY KEY (letter_id, memory_id)
    );
    CREATE INDEX letter_memories_memory ON letter_memories(memory_id);
    """,
        sqlite="""-- SQLite-only: full-text search (a PostgreSQL port replaces this with tsvector)
    CREATE VIRTUAL TABLE letters_fts USING fts5(
        body, client, recipient, occasion, tokenize = 'unicode61 remove_diacritics 2'
    );
    """,
        # accents are folded by unaccent (a trusted extension: the database's owner may add it)
        postgresql="""
    CREATE EXTENSION IF NOT EXISTS unaccent;
    ALTER TABLE letters ADD COLUMN search tsvector;
    CREATE INDEX letters_search ON letters USING gin (search);
    """,
    ),
    # 2: clients searched as letters are: a full-text index over a client's whole file
    Step(
        """
    ALTER TABLE clients ADD COLUMN doc INTEGER;       -- its row in the full-text index
    CREATE UNIQUE INDEX clients_doc ON clients(doc);
    """,
        sqlite="""-- SQLite-only, as letters_fts
    CREATE VIRTUAL TABLE clients_fts USING fts5(
        name, people, places, memories, notes, tokenize = 'unicode61 remove_diacritics 2'
    );
    UPDATE clients SET doc = rowid;
    INSERT INTO clients_fts (rowid, name, people, places, memories, notes)
        SELECT c.doc, c.name,
               COALESCE((SELECT group_concat(p.name || ' ' || p.full_name || ' ' || p.pet_name, ' ')
                         FROM people p WHERE p.client_id = c.id), ''),
               COALESCE((SELECT group_concat(p.places, ' ') FROM people p WHERE p.client_id = c.id), ''),
               COALESCE((SELECT group_concat(m.text, ' ') FROM memories m
                         JOIN people p ON p.id = m.person_id WHERE p.client_id = c.id), ''),
               c.notes
        FROM clients c;
    """,
        # no PostgreSQL archive was ever at step 1 with clients in it: the column starts empty
        postgresql="""
    ALTER TABLE clients ADD COLUMN search tsvector;
    CREATE INDEX clients_search ON clients USING gin (search);
    """,
    ),
    # 3: client files kept in the window: how a client signs and their English, dates that come
    # once, what a memory means to the client, and removed clients and people kept to be restored
    """
    ALTER TABLE clients ADD COLUMN signs_as TEXT NOT NULL DEFAULT '';
    ALTER TABLE clients ADD COLUMN language TEXT NOT NULL DEFAULT '';  -- en-GB…; '' follows the settings
    ALTER TABLE dates ADD COLUMN yearly INTEGER NOT NULL DEFAULT 1;  -- 0: it comes once (a move)
    UPDATE dates SET yearly = 0 WHERE kind IN (
        'retirement', 'retiring', 'retired', 'move', 'moving', 'moved', 'moving_house', 'leaving',
        'graduation', 'new_job', 'due_date', 'operation', 'surgery', 'exam', 'emigrating'
    );
    ALTER TABLE memories ADD COLUMN meaning TEXT NOT NULL DEFAULT '';
    CREATE TABLE removed (
        id          TEXT PRIMARY KEY,
        kind        TEXT NOT NULL CHECK (kind IN ('client', 'person')),
        client_id   TEXT NOT NULL,               -- no reference: a removed client is not there
        person_id   TEXT NOT NULL DEFAULT '',    -- for a person
        name        TEXT NOT NULL,
        letters     INTEGER NOT NULL DEFAULT 0,  -- how many letters went with them
        removed_at  TEXT NOT NULL,
        content     TEXT NOT NULL                -- JSON: their rows, table by table, as an export holds them
    );
    CREATE INDEX removed_client ON removed(client_id);
    """,
    # 4: postal addresses for envelopes: a person's, and the client's own to return to
    """
    ALTER TABLE people ADD COLUMN address TEXT NOT NULL DEFAULT '{}';          -- JSON object (address.py)
    ALTER TABLE clients ADD COLUMN return_address TEXT NOT NULL DEFAULT '{}';  -- JSON object (address.py)
    """,
    # 5: a firm's archive: who wrote each letter; a client's file has a version, so a writer's
    # edit made on an old copy of it is refused instead of undoing another writer's (store.py)
    Step(
        """
    ALTER TABLE letters ADD COLUMN writer TEXT NOT NULL DEFAULT '';
    CREATE INDEX letters_writer ON letters(lower(writer));
    ALTER TABLE clients ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE clients ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
    CREATE INDEX memories_origin ON memories(origin_letter);  -- a letter's re-save finds its own
    """,
        # a counter every committed write moves: how a window notices another desk's change
        postgresql="""
    CREATE SEQUENCE letterwriter_changes;
    """,
    ),
]
VERSION = len(MIGRATIONS)


# The archive's tables as an export carries them: parents before children (so foreign keys hold
# row by row on import), each with its key and its columns. Not `doc`: index numbers are local
# to one database.
TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "clients": (
        ("id",),
        (
            "id",
            "name",
            "notes",
            "created",
            "updated",
            "signs_as",
            "language",
            "return_address",
            "version",
            "updated_by",
        ),
    ),
    "people": (
        ("id",),
        (
            "id",
            "client_id",
            "position",
            "name",
            "full_name",
            "relationship",
            "pronouns",
            "pet_name",
            "places",
            "address",
        ),
    ),
    "dates": (("person_id", "kind"), ("person_id", "kind", "date", "yearly")),
    "memories": (("id",), ("id", "person_id", "position", "text", "created", "origin_letter", "meaning")),
    "letters": (
        ("id",),
        (
            "id",
            "client_id",
            "person_id",
            "template",
            "template_version",
            "occasion",
            "brief",
            "options",
            "rendered_text",
            "edited_text",
            "status",
            "letter_date",
            "created",
            "updated",
            "export_path",
            "writer",
        ),
    ),
    "letter_memories": (("letter_id", "memory_id"), ("letter_id", "memory_id")),
}
