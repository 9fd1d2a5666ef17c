"""A meeting's summary: plain text to paste into the case system's journal, or Markdown.

The redacted variant carries no CPR number and no surname: the citizen and the company's
contact by first name, workers by initials, and the citizen's surname is blanked out of
anything typed during the meeting too, so the summary can be shared outside the case.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlmodel import Session

from stvdesk import settings
from stvdesk.db.queries.meetings import MeetingView, log_meeting_export, meeting_view
from stvdesk.domain.calendar import format_date
from stvdesk.domain.cpr import mask
from stvdesk.domain.meetings import ItemKind
from stvdesk.domain.text import clean_text
from stvdesk.export.redact import blanker
from stvdesk.guides.loader import GuideLibrary
from stvdesk.guides.schema import Guide


def _first_name(full: str) -> str:
    return full.split()[0] if full.split() else ""


def _answer_text(kind: ItemKind, value: str) -> str:
    if kind is ItemKind.CHECK:
        return "ja" if value.strip().lower() in ("ja", "j", "x", "1", "true") else "nej"
    if kind is ItemKind.RATING:
        return f"{value.strip()} af 5"
    return value.strip()


def meeting_summary(view: MeetingView, guide: Guide | None, *, markdown: bool = False, redacted: bool = False) -> str:
    m = view.meeting
    clean = blanker([view.last_name]) if redacted else (lambda text: text)
    day = m.held_on or m.planned_on
    when = format_date(day) + (f" kl. {m.start_time:%H:%M}" if m.start_time else "")
    how = ", ".join(part for part in (m.form.label.lower() if m.form else "", m.place) if part)
    citizen = view.first_name if redacted else f"{view.citizen_name} ({mask(view.cpr)})"
    people = [f"borger: {citizen}" + ("" if m.citizen_present else " (ikke til stede)")]
    if view.caseworker:
        people.append(f"sagsbehandler: {view.caseworker_initials if redacted else view.caseworker}")
    if view.consultant:
        people.append(f"virksomhedskonsulent: {view.consultant_initials if redacted else view.consultant}")
    if view.company:
        contact = _first_name(view.contact) if redacted else view.contact
        people.append(f"virksomhed: {view.company}" + (f" v/ {contact}" if contact else ""))
    status = {"held": "afholdt", "in_progress": "ikke afsluttet", "cancelled": "aflyst"}.get(
        m.status.value, m.status.label
    )

    h1, h2, bullet = ("# ", "## ", "- ") if markdown else ("", "", "- ")
    out = [f"{h1}{m.title} {when}" + (f" ({how})" if how else "")]
    if not markdown:
        out.append("=" * len(out[0]))
    out += [f"Deltagere: {'; '.join(people)}", f"Guide: {m.guide_id} version {m.guide_version} · status: {status}", ""]

    items = guide.items if guide is not None else []
    known = {item.id for item in items}
    sections = guide.sections if guide is not None else ()
    for section in sections:
        lines = []
        for item in section.items:
            answer = view.answers.get(item.id)
            if answer is None or not (answer.value.strip() or answer.note.strip()):
                continue
            text = clean(_answer_text(item.kind, answer.value)) if answer.value.strip() else ""
            note = f" ({clean(answer.note.strip())})" if answer.note.strip() else ""
            if "\n" in text:  # an income estimate: its lines under the item, indented
                lines.append(f"{bullet}{item.text}:{note}")
                # Markdown: two trailing spaces keep each line a line of its own.
                lines += [f"  {line}" + ("  " if markdown else "") for line in text.splitlines()]
                continue
            lines.append(f"{bullet}{item.text}: {text}{note}".rstrip(": "))
        if lines:
            out += [f"{h2}{section.title}" if markdown else f"{section.title}:", *lines, ""]
    stray = [a for item_id, a in view.answers.items() if item_id not in known and (a.value or a.note)]
    if stray:
        out += [
            f"{h2}Andre svar" if markdown else "Andre svar:",
            *[f"{bullet}{a.item_id}: {clean(a.value)}" + (f" ({clean(a.note)})" if a.note else "") for a in stray],
            "",
        ]

    out.append(f"{h2}Aftaler" if markdown else "Aftaler:")
    for agreement in view.agreements:
        deadline = f", frist {format_date(agreement.deadline)}" if agreement.deadline else ""
        kept = f", holdt {format_date(agreement.done_on)}" if agreement.done_on else ""
        out.append(f"{bullet}{clean(agreement.text)} ({agreement.owner.label.lower()}{deadline}{kept})")
    if not view.agreements:
        out.append(
            f"{bullet}Ingen aftaler" if m.no_agreements or m.status.value == "held" else f"{bullet}(ingen endnu)"
        )
    out.append("")
    if m.next_follow_up_on:
        out.append(f"Næste opfølgning: {format_date(m.next_follow_up_on)}")
    # Pasted into the case system or printed: no control character out, whatever is stored.
    return clean_text("\n".join(out), multiline=True).rstrip() + "\n"


def write_meeting_summary(
    session: Session,
    *,
    worker_id: uuid.UUID,
    meeting_id: uuid.UUID,
    library: GuideLibrary,
    extension: str,
    redacted: bool,
    folder: Path | None = None,
) -> tuple[str, Path] | None:
    """The summary to a file in the export folder (`extension` "txt" or "md"), its export
    logged; returns (text, path), or None when the meeting is gone (deleted on another desk)."""
    view = meeting_view(session, meeting_id)
    if view is None:
        return None
    guide = library.get(view.meeting.guide_id, view.meeting.guide_version)
    text = meeting_summary(view, guide, markdown=extension == "md", redacted=redacted)
    day = view.meeting.held_on or view.meeting.planned_on
    name = f"moede-{day:%Y%m%d}-{meeting_id.hex[:8]}{'-anonym' if redacted else ''}.{extension}"
    path = (folder or settings.export_dir()) / name
    path.write_text(text, encoding="utf-8")
    variant = ("markdown" if extension == "md" else "tekst") + (", uden CPR og efternavne" if redacted else "")
    log_meeting_export(session, worker_id, meeting_id, variant)
    return text, path
