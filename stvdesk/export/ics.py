"""Follow-ups as an iCalendar file that Outlook imports (issue 4, item 6).

An entry carries the kind of follow-up, the place and the citizen's initials only: no CPR
number and no name, because calendars are shared, synced to phones and printed.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from stvdesk.db.queries.today import AgendaLine


def initials(name: str) -> str:
    """'Karen Marie Bach' → 'K.M.B.'"""
    return "".join(f"{part[0].upper()}." for part in name.split() if part)


def follow_ups_to_ics(
    lines: list[AgendaLine], worker_initials: str, now: datetime | None = None, *, redacted: bool = False
) -> bytes:
    """Redacted: the kind and the day only (a calendar shared with others shows no one's
    initials, and the place, a company, can point at the citizen)."""
    stamp = now or datetime.now(UTC)
    calendar = Calendar()
    calendar.add("prodid", "-//stvdesk//opfølgninger//DA")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"stvdesk – {worker_initials}")
    for line in lines:
        event = Event()
        who = initials(line.citizen_name) if line.citizen_id and not redacted else ""
        event.add("summary", f"{line.kind.label} – {who}" if who else line.kind.label)
        event.add("dtstart", line.due_on)
        event.add("dtend", line.due_on + timedelta(days=1))
        event.add("dtstamp", stamp)
        event.add("uid", f"{line.follow_up_id}@stvdesk")
        if line.company_name and not redacted:
            event.add("location", line.company_name)
        event.add("description", "Opfølgning fra stvdesk. Se borgerens sag i stvdesk.")
        calendar.add_component(event)
    return calendar.to_ical()


def default_window(today: date, weeks: int = 8) -> tuple[date, date]:
    """Overdue follow-ups of the last half year and the coming `weeks` weeks."""
    return today - timedelta(days=182), today + timedelta(weeks=weeks)
