"""A citizen's own access log as plain Danish text (README, "The access log"): the look-ups of their data with
dates and purposes, to hand or send to the citizen who asked."""

from __future__ import annotations

from datetime import date, datetime

from stvdesk.clock import local_time
from stvdesk.domain.calendar import format_date
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
