"""The client archive: clients, the people they write to, their dates and memories, every letter.

Qt-free. Only `archive.store` (with its second half, `store_whole`), `archive.search` and
`archive.schema` speak SQL; the rest sees records. The same SQL runs on the local SQLite file
and on a firm's PostgreSQL server (`storage.postgres`; docs/firm.md).

- `records`: the dataclasses and errors (ArchiveError, DuplicateClient, ClientChanged).
- `schema`: the archive's tables, their migrations and the columns an export carries.
- `store`: ArchiveStore, every SQL statement of the archive over one database (clients, people,
  memories, letters, dates; the client's lock and version); `store_whole` its export, import,
  bulk copy and removed clients.
- `search`: what search words mean, and the full-text index that answers them.
- `clients`: CLIENT.json read, checked and cleaned; a client added.
- `resolve`: a client, person or letter by id, id prefix or name.
- `clientfile`: a client's file as shown, its JSON, the client's hand seed.
- `briefs`: a brief filled from what the file knows.
- `reuse`: memories a letter tells, and what was told before.
- `letters`: filing a letter or the window's draft; opening a stored letter.
- `dates`: dates coming round (upcoming).
- `transfer`: export and import of the whole archive, and its copy onto a server (migrate).
- `opening`: where the archive lives (a file or a server) and opening it; the writer; doctor's facts.
"""
