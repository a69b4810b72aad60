"""Dates coming round: a person's birthdays and anniversaries, when each is next, and what it marks.

A leap-day date is kept on 28 February in other years; a date still in the future is itself. A
date that comes once (a retirement, a move) is listed until its day and never again.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import asdict, dataclass
from typing import Any

from letterwriter.archive.records import ArchiveError, DateRecord, PersonRecord
from letterwriter.archive.store import ArchiveStore

# The occasion a date calls for, for the "write it" action and "Which letter?".
KIND_TEMPLATES = {
    "birthday": "birthday",
    "anniversary": "anniversary",
    "wedding": "anniversary",
    "together_since": "love_letter",
    "first_met": "love_letter",
    "friends_since": "friendship",
    "retirement": "farewell",
    "retiring": "farewell",
    "leaving": "farewell",
    "move": "farewell",
    "moving": "farewell",
    "moving_house": "farewell",
    "emigrating": "farewell",
    "graduation": "congratulations",
    "new_job": "congratulations",
    "due_date": "congratulations",
    "next_visit": "missing_you",
}
# Kinds of date that happen once, not every year, unless the file says otherwise (schema step 3
# marks the same kinds in older files).
ONE_OFF_KINDS = frozenset(
    (
        "retirement", "retiring", "retired", "move", "moving", "moved", "moving_house", "leaving",
        "graduation", "new_job", "due_date", "operation", "surgery", "exam", "emigrating",
    )
)  # fmt: skip
# The dates a person is offered first in the window, in this order.
COMMON_KINDS = ("birthday", "anniversary", "first_met", "friends_since", "retirement", "move")


def yearly_by_default(kind: str) -> bool:
    """Whether a date of this kind comes back every year when nobody said: a birthday does, a move not."""
    return kind not in ONE_OFF_KINDS


def kind_label(kind: str) -> str:
    """A date's kind as a person reads it: "first_met" is "first met"."""
    return kind.replace("_", " ")


def _on_day(year: int, month: int, day: int) -> _dt.date:
    if month == 2 and day == 29:
        try:
            return _dt.date(year, 2, 29)
        except ValueError:
            return _dt.date(year, 2, 28)  # a leap-day birthday is kept on the 28th in other years
    return _dt.date(year, month, day)


def next_occurrence(date: _dt.date, today: _dt.date, yearly: bool = True) -> _dt.date | None:
    """The next time `date` comes round, today included; a date still in the future is itself.

    A date that comes once and is past does not come round again (None).
    """
    if date >= today:
        return date
    if not yearly:
        return None
    this_year = _on_day(today.year, date.month, date.day)
    return this_year if this_year >= today else _on_day(today.year + 1, date.month, date.day)


@dataclass
class Upcoming:
    """One date coming up: whose, for which client, what kind, when, and how many years it marks."""

    person_id: str
    person: str
    client_id: str
    client: str
    kind: str
    date: str  # the stored date, YYYY-MM-DD
    next_date: str  # when it next comes round
    days_left: int
    years: int  # the anniversary count or the age reached on next_date (0 for a first time)
    template: str | None = None  # the occasion's template, for "write it"
    yearly: bool = True  # False: it comes once (a retirement, a move)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def describe(self) -> str:
        label = kind_label(self.kind)
        if self.years > 0 and self.yearly:
            if self.kind == "birthday":
                label = f"birthday ({self.years})"
            else:
                label = f"{label} ({self.years} years)"
        return label


def _coming(r: DateRecord, today: _dt.date, within: int | None = None) -> Upcoming | None:
    try:
        d = _dt.date.fromisoformat(r.date)
    except ValueError:
        return None
    nxt = next_occurrence(d, today, r.yearly)
    if nxt is None or (within is not None and (nxt - today).days > within):
        return None  # most dates are not coming up: build nothing for them
    return Upcoming(
        r.person_id,
        r.person_name,
        r.client_id,
        r.client_name,
        r.kind,
        r.date,
        nxt.isoformat(),
        (nxt - today).days,
        nxt.year - d.year if r.yearly else 0,
        KIND_TEMPLATES.get(r.kind),
        r.yearly,
    )


def next_dates(person: PersonRecord, today: _dt.date) -> list[Upcoming]:
    """One person's dates, the next to come round first."""
    rows = [
        DateRecord(person.id, person.name, person.client_id, "", k, v, person.yearly(k))
        for k, v in person.dates.items()
    ]
    out = [u for u in (_coming(r, today) for r in rows) if u is not None]
    out.sort(key=lambda u: (u.days_left, u.kind))
    return out


def upcoming(store: ArchiveStore, days: int = 30, today: _dt.date | None = None) -> list[Upcoming]:
    """All clients' people's dates in the next `days` days (today included), soonest first."""
    if days < 0:
        raise ArchiveError("--days must be 0 or more")
    today = today or _dt.date.today()
    # the store picks the dates by month and day in SQL; each one's next day is worked out here
    out = [u for u in (_coming(r, today, days) for r in store.coming_dates(today, days)) if u is not None]
    out.sort(key=lambda u: (u.days_left, u.client.casefold(), u.person.casefold(), u.kind))
    return out


def suggested_templates(person: PersonRecord, today: _dt.date) -> list[str]:
    """The occasions this person's dates call for, the next date's first ("Which letter?")."""
    return list(dict.fromkeys(u.template for u in next_dates(person, today) if u.template))
