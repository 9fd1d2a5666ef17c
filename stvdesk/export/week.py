"""The weekly overview as Markdown (plain text that reads well too): overdue, this week, warnings.

For a worker, or a leader's team (each line names the worker). `redacted` puts initials
where names would stand, for an overview that leaves the office. Never a CPR number.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlmodel import Session

from stvdesk import settings
from stvdesk.db.audit import log_citizens_out
from stvdesk.db.queries.today import CaseloadGaps, WeekAgenda, caseload_gaps
from stvdesk.db.queries.workers import WorkerInfo
from stvdesk.domain.agenda import AgendaLine, days_overdue
from stvdesk.domain.calendar import WEEKDAYS, format_date, holiday_name, iso_week
from stvdesk.domain.enums import AuditAction
from stvdesk.domain.rules import NO_CONTACT, PAST_PLANNED_END, PLACEMENT_FOLLOW_UP_MISSING, VK_WAIT, tag
from stvdesk.domain.text import clean_text
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
            f"- I forløb uden praktikopfølgning på arbejdspladsen i {gaps.limits.placement_follow_up_days} dage: "
            f"{gaps.placement_without_follow_up} {tag(PLACEMENT_FOLLOW_UP_MISSING)}",
            f"- Ingen kontakt i {gaps.limits.no_contact_days} dage: {gaps.without_contact_6_weeks} {tag(NO_CONTACT)}",
            f"- Venter over {gaps.limits.vk_wait_days} dage på første møde med VK: {gaps.waiting_for_vk} {tag(VK_WAIT)}",
            f"- Forløb i gang efter planlagt slut: {gaps.past_planned_end} {tag(PAST_PLANNED_END)}",
            f"- Uden færdigt Jobnet-CV: {gaps.without_cv} · uden ABC-plan: {gaps.without_abc} · "
            f"uden aftalte delmål: {gaps.without_sub_goals}",
        ]
    return clean_text("\n".join(out), multiline=True) + "\n"  # no control character out, whatever is stored


def write_week_overview(
    session: Session,
    *,
    worker: WorkerInfo,
    agenda: WeekAgenda,
    whose: str | None,
    team: bool,
    today: date,
    folder: Path | None = None,
) -> Path:
    """The week shown in the agenda as a Markdown overview in the export folder, with names as
    initials (it may leave the office); each citizen in it logged. `whose`: another worker's
    initials when it is their week; the caseload's gaps are counted only for one's own week."""
    gaps = None if (team or whose) else caseload_gaps(session, worker, today)
    title = whose or (worker.team_name if team else f"{worker.name} ({worker.initials})")
    text = week_overview(agenda, gaps, title, today, redacted=True, team=team)
    week = iso_week(agenda.week_start)
    path = (folder or settings.export_dir()) / f"ugeoversigt-uge{week}-{worker.initials}.md"
    path.write_text(text, encoding="utf-8")
    log_citizens_out(
        session,
        worker_id=worker.id,
        action=AuditAction.EXPORT,
        citizen_ids=[line.citizen_id for line in agenda.overdue]
        + [line.citizen_id for _day, day_lines in agenda.days for line in day_lines],
        criterion=f"Ugeoversigt uge {week}",
    )
    return path
