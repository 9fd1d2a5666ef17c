"""A citizen's own access log as plain Danish text (README, "The access log"): the look-ups of their data with
dates and purposes, to hand or send to the citizen who asked."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from pathlib import Path

from sqlmodel import Session

from stvdesk import settings
from stvdesk.clock import local_time
from stvdesk.db.audit import citizen_log_lines, log_access
from stvdesk.domain.calendar import format_date
from stvdesk.domain.enums import AuditAction
from stvdesk.domain.text import clean_line, clean_text


def citizen_log_text(name: str, lines: list[tuple[datetime, str, str, str]], made_on: date) -> str:
    out = [
        f"Logning af opslag i dine oplysninger – {clean_line(name)}",
        f"Udtrukket {format_date(made_on)}. Tidspunkter er dansk tid.",
        "",
    ]
    if not lines:
        out.append("Der er ingen registrerede opslag.")
    for at, who, what, purpose in lines:
        local = local_time(at)
        # One line per event, clean: the access log keeps what older versions stored as it was
        # (its hash chain covers it), escape sequences included.
        out.append(
            f"{format_date(local.date())} kl. {local:%H:%M}  {what:<10}  {clean_line(who)}"
            + (f"  – formål: {clean_line(purpose)}" if purpose else "")
        )
    return clean_text("\n".join(out), multiline=True) + "\n"


def write_citizen_log(
    session: Session,
    *,
    citizen_id: uuid.UUID,
    name: str,
    birth_digits: str,
    worker_id: uuid.UUID,
    made_on: date,
    folder: Path | None = None,
) -> tuple[Path, int]:
    """The citizen's own log to a file in the export folder, the export itself logged once the
    file is written; returns (path, how many look-ups it lists). `birth_digits` are the CPR
    number's first six, the file's name (never the whole number)."""
    lines = citizen_log_lines(session, citizen_id)
    path = (folder or settings.export_dir()) / f"logning-{birth_digits[:6]}-{made_on:%Y%m%d}.txt"
    path.write_text(citizen_log_text(name, lines, made_on), encoding="utf-8")
    log_access(
        session,
        worker_id=worker_id,
        action=AuditAction.EXPORT,
        citizen_id=citizen_id,
        criterion="Logningsudtræk til borgeren",
    )
    return path, len(lines)
