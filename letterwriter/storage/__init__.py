"""Local storage: the SQLite file in the user data folder, its autosaved drafts and window sessions.

The file (`letterwriter.db`) holds two parts. Drafts and window sessions (`storage.drafts`) are
always here, on this machine, so a writer never loses typing when a network does. The client
archive (`letterwriter.archive`) lives in the same file by default, behind its own store; a
firm's archive lives on a PostgreSQL server (`storage.postgres`) while the drafts stay here.

- `storage.sqlite`: one SQLite database: opening it safely, migrations, transactions, errors.
- `storage.schema`: the local file's migrations, in the order they were released.
- `storage.local`: where the file is, and opening it whatever state it is in (damaged, newer…).
- `storage.drafts`: autosaved drafts and the sessions of the windows that wrote them.
- `storage.outbox`: letters saved while a firm's archive server could not be reached, waiting.
- `storage.postgres`: the archive on a PostgreSQL server, with the same interface as `sqlite`.
"""

from __future__ import annotations

import datetime as _dt
import uuid


def now_iso() -> str:
    """Now, as the stores write times: ISO 8601 with the local offset, to the second."""
    return _dt.datetime.now(_dt.UTC).astimezone().isoformat(timespec="seconds")


def new_id() -> str:
    """A new record id: 12 hex digits (people type the first six to name one)."""
    return uuid.uuid4().hex[:12]
