"""The client archive: clients, the people they write to, their dates and memories, every letter.

Qt-free. Only `archive.store` and `archive.search` speak SQL; the rest sees records.

- `records`: the dataclasses and errors (ArchiveError, DuplicateClient).
- `schema`: the archive's tables, their migrations and the columns an export carries.
- `store`: ArchiveStore, every SQL statement of the archive over one database.
- `search`: what search words mean, and the full-text index that answers them.
- `clients`: CLIENT.json read, checked and cleaned; a client added.
- `resolve`: a client, person or letter by id, id prefix or name.
- `clientfile`: a client's file as shown, its JSON, the client's hand seed.
- `briefs`: a brief filled from what the file knows.
- `reuse`: memories a letter tells, and what was told before.
- `letters`: filing a letter or the window's draft; opening a stored letter.
- `dates`: dates coming round (upcoming).
- `transfer`: export and import of the whole archive.
- `opening`: where the archive lives and opening it; doctor's facts.
"""
