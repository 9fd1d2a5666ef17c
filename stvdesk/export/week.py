"""The weekly overview as Markdown (plain text that reads well too): overdue, this week, warnings.

For a worker, or a leader's team (each line names the worker). `redacted` puts initials
where names would stand, for an overview that leaves the office. Never a CPR number.
"""

from __future__ import annotations

from datetime import date, timedelta

from stvdesk.db.queries.today import AgendaLine, CaseloadGaps, WeekAgenda
from stvdesk.domain.agenda import days_overdue
from stvdesk.domain.calendar import WEEKDAYS, format_date, holiday_name, iso_week
from stvdesk.export.ics import initials


def _who(line: AgendaLine, redacted: bool) -> str:
    if line.citizen_id is None:
        return f"virksomhed: {line.company_name}"
    return initials(line.citizen_name) if redacted else line.citizen_name


def week_overview(
    agenda: WeekAgenda, gaps: CaseloadGaps | None, title: str, today: date, redacted: bool = False, team: bool = False
) -> str:
    start = agenda.week_start
    out = [
        f"# Ugeoversigt uge {iso_week(start)} – {title}",
        f"{format_date(start)} – {format_date(start + timedelta(days=6))}, skrevet {format_date(today)}",
        "",
    ]

    def line_text(line: AgendaLine) -> str:
        worker = f" ({line.worker})" if team and line.worker else ""
        return f"- {line.kind.label}: {_who(line, redacted)}{worker}"

    out.append(f"## Forfaldne ({len(agenda.overdue)})")
    out += [
        f"{line_text(line)} – planlagt {format_date(line.due_on)}, {days_overdue(line.due_on, today)} dage over"
        for line in agenda.overdue
    ] or ["- ingen"]
    out.append("")
    out.append("## Ugen")
    for day, lines in agenda.days:
        holiday = holiday_name(day)
        out.append(f"### {WEEKDAYS[day.weekday()]} {format_date(day)}" + (f" ({holiday})" if holiday else ""))
        out += [line_text(line) for line in lines] or ["- intet planlagt"]
    if gaps is not None:
        out += [
            "",
            "## Advarsler",
            f"- I forløb uden opfølgning i 31 dage: {gaps.placement_without_follow_up}",
            f"- Ingen kontakt i 6 uger: {gaps.without_contact_6_weeks}",
            f"- Venter over 14 dage på første møde med VK: {gaps.waiting_for_vk}",
            f"- Uden Jobnet-CV: {gaps.without_cv} · uden ABC-plan: {gaps.without_abc} · "
            f"uden aftalte delmål: {gaps.without_sub_goals}",
        ]
    return "\n".join(out) + "\n"
