"""Follow-ups as an iCalendar file that Outlook imports.

An entry carries the kind of follow-up, the place and the citizen's initials only: no CPR
number and no name, because calendars are shared, synced to phones and printed.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

from icalendar import Calendar, Event
from sqlmodel import Session

from stvdesk import settings
from stvdesk.clock import utcnow
from stvdesk.db.audit import log_citizens_out
from stvdesk.db.queries.today import planned_follow_ups
from stvdesk.domain.agenda import AgendaLine
from stvdesk.domain.enums import AuditAction
from stvdesk.domain.text import clean_line


def initials(name: str) -> str:
    """'Karen Marie Bach' → 'K.M.B.'"""
    return "".join(f"{part[0].upper()}." for part in name.split() if part)


def follow_ups_to_ics(
    lines: list[AgendaLine], worker_initials: str, now: datetime | None = None, *, redacted: bool = False
) -> bytes:
    """Redacted: the kind and the day only (a calendar shared with others shows no one's
    initials, and the place, a company, can point at the citizen)."""
    stamp = now or utcnow()
    calendar = Calendar()
    calendar.add("prodid", "-//stvdesk//opfølgninger//DA")
    calendar.add("version", "2.0")
    # iCalendar holds no control character (RFC 5545, 3.3.11): every text is one clean line.
    calendar.add("x-wr-calname", clean_line(f"stvdesk – {worker_initials}"))
    for line in lines:
        event = Event()
        who = initials(line.citizen_name) if line.citizen_id and not redacted else ""
        event.add("summary", clean_line(f"{line.kind.label} – {who}" if who else line.kind.label))
        event.add("dtstart", line.due_on)
        event.add("dtend", line.due_on + timedelta(days=1))
        event.add("dtstamp", stamp)
        event.add("uid", f"{line.follow_up_id}@stvdesk")
        if line.company_name and not redacted:
            event.add("location", clean_line(line.company_name))
        event.add("description", "Opfølgning fra stvdesk. Se borgerens sag i stvdesk.")
        calendar.add_component(event)
    data: bytes = calendar.to_ical()  # annotated: icalendar returns it untyped
    return data


def default_window(today: date, weeks: int = 8) -> tuple[date, date]:
    """Overdue follow-ups of the last half year and the coming `weeks` weeks."""
    return today - timedelta(days=182), today + timedelta(weeks=weeks)


def write_follow_ups_ics(
    session: Session, *, worker_id: uuid.UUID, worker_initials: str, today: date, folder: Path | None = None
) -> tuple[Path, int]:
    """The worker's planned follow-ups in the default window as an .ics file in the export
    folder (initials only, no CPR), each citizen in it logged; returns (path, follow-ups)."""
    since, until = default_window(today)
    lines = planned_follow_ups(session, [worker_id], today, since=since, until=until)
    path = (folder or settings.export_dir()) / f"stvdesk-{worker_initials}.ics"
    path.write_bytes(follow_ups_to_ics(lines, worker_initials))
    log_citizens_out(
        session,
        worker_id=worker_id,
        action=AuditAction.EXPORT,
        citizen_ids=[line.citizen_id for line in lines],
        criterion=f"Kalenderfil {path.name}",
    )
    return path, len(lines)
