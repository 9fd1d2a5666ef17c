"""The day's visit sheet, as Markdown or plain text, to print or carry into the field.

The sheet never holds a CPR number. The redacted variant also leaves out surnames (first
names only, the surnames blanked from anything typed) and the contact persons' surnames.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlmodel import Session

from stvdesk import settings
from stvdesk.db.audit import log_citizens_out
from stvdesk.db.queries.visit_day import Visit, VisitPerson
from stvdesk.domain.calendar import format_date, format_long
from stvdesk.domain.enums import AuditAction
from stvdesk.domain.numbers import format_hours, format_mean
from stvdesk.domain.progression import sparkline, trend_word
from stvdesk.domain.rules import OLD_AGREEMENT, tag
from stvdesk.domain.text import clean_text
from stvdesk.export.redact import blanker


def person_label(person: VisitPerson, redacted: bool) -> str:
    return person.first_name if redacted else person.name


def _scrubber(visits: list[Visit], redacted: bool) -> Callable[[str], str]:
    if not redacted:
        return lambda text: text
    return blanker(
        [p.last_name for visit in visits for p in visit.people]
        + [" ".join(c.name.split()[1:]) for visit in visits for c in visit.contacts]
    )


def progress_line(person: VisitPerson) -> str:
    means = [m.mean for m in person.progress]
    if not means:
        return "ingen progression skrevet endnu"
    last = means[-1]
    return (
        f"{sparkline(means)} {trend_word(means)} (seneste {format_date(person.progress[-1].month)[3:]}: "
        f"{format_mean(last)} af 5)"
        if last is not None
        else sparkline(means)
    )


def visit_sheet(
    visits: list[Visit],
    worker: str,
    day: date,
    talking_points: list[str],
    *,
    markdown: bool = True,
    redacted: bool = False,
) -> str:
    clean = _scrubber(visits, redacted)
    h1, h2, h3 = ("# ", "## ", "### ") if markdown else ("", "", "")
    out = [f"{h1}Besøgsdag {format_long(day)} – {worker}", f"{len(visits)} besøg", ""]
    for number, visit in enumerate(visits, start=1):
        c = visit.company
        out.append(f"{h2}{number}. {c.name}" + (f" ({c.industry})" if c.industry else ""))
        if not markdown:
            out.append("-" * len(out[-1]))
        address = ", ".join(part for part in (c.address, f"{c.postal_code} {c.city}".strip()) if part)
        if address:
            out.append(f"Adresse: {address}" + (f" · tlf. {c.phone}" if c.phone else ""))
        for contact in visit.contacts:
            name = contact.name.split()[0] if redacted else contact.name
            out.append(
                f"Kontakt: {name}"
                + (f" ({contact.role})" if contact.role else "")
                + (f", {contact.phone}" if contact.phone and not redacted else "")
            )
        out.append("Hvorfor i dag: " + ", ".join(clean(text) for _, text in visit.due))
        if c.renegotiate:
            standing = f" ({clean(c.standing_agreement)})" if c.standing_agreement else ""
            out.append(f"OBS: gammel aftale skal genforhandles{standing} {tag(OLD_AGREEMENT)}")
        for agreement in visit.company_agreements:
            out.append(
                f"Aftale med virksomheden: {clean(agreement.text)}"
                + (f" (frist {format_date(agreement.deadline)})" if agreement.deadline else "")
            )
        out.append("")
        if not visit.people:
            out += ["Ingen borgere i forløb her lige nu.", ""]
        for person in visit.people:
            p = person.placement
            out.append(f"{h3}{person_label(person, redacted)} – {p.kind.label.lower()} siden {format_date(p.start_on)}")
            out.append(
                f"- Timer: {format_hours(p.hours_per_week)} pr. uge, heraf ordinære "
                f"{format_hours(p.ordinary_hours_per_week)}"
            )
            out.append("- Jobmål: " + ("; ".join(clean(g) for g in person.goals) if person.goals else "ingen endnu"))
            if person.sub_goals:
                out.append("- Delmål: " + "; ".join(clean(s) for s in person.sub_goals))
            out.append(f"- Progression: {progress_line(person)}")
            out.append(
                f"- Sidste opfølgning: {format_date(person.last_follow_up) if person.last_follow_up else 'ingen'}"
            )
            for agreement in person.agreements_due:
                out.append(
                    f"- Aftale: {clean(agreement.text)} ({agreement.owner.label.lower()}"
                    + (f", frist {format_date(agreement.deadline)}" if agreement.deadline else "")
                    + ")"
                )
            if person.support:
                out.append("- Praktisk støtte, åben: " + "; ".join(person.support))
            for flag in person.flags:
                out.append(f"- OBS: {flag}")
            out.append("")
    if talking_points:
        out.append(f"{h2}Samtalepunkter" if markdown else "Samtalepunkter:")
        out += [f"- {point}" for point in talking_points]
    # Printed or carried into the field: no control character out, whatever is stored.
    return clean_text("\n".join(out), multiline=True).rstrip() + "\n"


def write_visit_sheet(
    session: Session,
    *,
    worker_id: uuid.UUID,
    worker_name: str,
    initials: str,
    visits: list[Visit],
    day: date,
    talking_points: list[str],
    markdown: bool,
    redacted: bool,
    folder: Path | None = None,
) -> tuple[Path, str]:
    """The day's visit sheet to a file in the export folder, each citizen on it logged as
    printed; returns (path, text)."""
    text = visit_sheet(
        visits,
        initials if redacted else f"{worker_name} ({initials})",
        day,
        talking_points,
        markdown=markdown,
        redacted=redacted,
    )
    name = f"besoegsdag-{day:%Y%m%d}-{initials}{'-anonym' if redacted else ''}.{'md' if markdown else 'txt'}"
    path = (folder or settings.export_dir()) / name
    path.write_text(text, encoding="utf-8")
    log_citizens_out(
        session,
        worker_id=worker_id,
        action=AuditAction.PRINT,
        citizen_ids=[p.citizen_id for v in visits for p in v.people],
        criterion=f"Besøgsark {day:%d-%m-%Y}",
    )
    return path, text
