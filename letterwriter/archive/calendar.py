"""The archive's dates as an iCalendar file (RFC 5545), so the writer's own calendar shows them.

Each date is one all-day event on its next occurrence, with a reminder some days before; a date
that comes back every year repeats yearly (RRULE), one that comes once does not. Each event's UID
is the person's id and the date's kind, so importing a newer file updates the events instead of
doubling them. Written with the `icalendar` library.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from letterwriter.archive.dates import Upcoming, kind_label, upcoming
from letterwriter.archive.records import ArchiveError
from letterwriter.archive.store import ArchiveStore

DEFAULT_REMIND_DAYS = 7
MAX_REMIND_DAYS = 365
ALL_DAYS = 366 * 200  # every date's next occurrence, however far


def _summary(u: Upcoming) -> str:
    what = kind_label(u.kind)
    return f"{u.person}: {what} (write for {u.client})"


def calendar_bytes(
    items: list[Upcoming], remind_days: int = DEFAULT_REMIND_DAYS, stamp: _dt.datetime | None = None
) -> bytes:
    """The dates as an iCalendar file's bytes: one event each, with a reminder `remind_days` before."""
    from icalendar import Alarm, Calendar, Event

    if not 0 <= remind_days <= MAX_REMIND_DAYS:
        raise ArchiveError(f"--remind-days must be from 0 to {MAX_REMIND_DAYS}")
    stamp = stamp or _dt.datetime.now(_dt.UTC).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", "-//Letterwriter//client dates//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Letterwriter: dates to write for")
    for u in items:
        day = _dt.date.fromisoformat(u.next_date)
        event = Event()
        event.add("uid", f"{u.person_id}-{u.kind}@letterwriter")
        event.add("dtstamp", stamp)
        event.add("summary", _summary(u))
        event.add("dtstart", day)
        event.add("dtend", day + _dt.timedelta(days=1))
        event.add("transp", "TRANSPARENT")  # a birthday does not make the writer busy
        since = f"every year since {u.date}" if u.yearly else "once"
        event.add("description", f"{u.person}'s {kind_label(u.kind)} ({since}): write for {u.client}.")
        if u.yearly:
            event.add("rrule", {"freq": "yearly"})
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"In {remind_days} days: {_summary(u)}")
        alarm.add("trigger", -_dt.timedelta(days=remind_days))
        event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()


def write_calendar(
    store: ArchiveStore,
    path: Path | str,
    remind_days: int = DEFAULT_REMIND_DAYS,
    days: int | None = None,
    today: _dt.date | None = None,
) -> int:
    """Every date still to come (within `days` when given) into an .ics file, atomically; returns how many."""
    from letterwriter.export import write_bytes_atomic
    from letterwriter.paths import refuse_kept_file

    refuse_kept_file(path)
    items = upcoming(store, ALL_DAYS if days is None else days, today)
    write_bytes_atomic(path, calendar_bytes(items, remind_days))
    return len(items)
