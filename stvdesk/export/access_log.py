"""A citizen's own access log as plain Danish text (issue 9): the look-ups of their data with
dates and purposes, to hand or send to the citizen who asked."""

from __future__ import annotations

from datetime import date, datetime

from stvdesk.clock import local_time
from stvdesk.domain.calendar import format_date


def citizen_log_text(name: str, lines: list[tuple[datetime, str, str, str]], made_on: date) -> str:
    out = [
        f"Logning af opslag i dine oplysninger – {name}",
        f"Udtrukket {format_date(made_on)}. Tidspunkter er dansk tid.",
        "",
    ]
    if not lines:
        out.append("Der er ingen registrerede opslag.")
    for at, who, what, purpose in lines:
        local = local_time(at)
        out.append(
            f"{format_date(local.date())} kl. {local:%H:%M}  {what:<10}  {who}"
            + (f"  – formål: {purpose}" if purpose else "")
        )
    return "\n".join(out) + "\n"
