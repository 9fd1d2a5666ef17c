"""The team board (Teamtavle) for the fortnightly cross-team meeting (000, 4.1 and 4.4) as a file:
Markdown to print or put on a wall screen, or an Excel workbook (a sheet of citizens with the
matching's proposals, a sheet of open job openings).

The Markdown names citizens by name and never by CPR number (a printed sheet or a wall screen
needs no CPR number); the workbook, a working list like the caseload's, has CPR and names. The
redacted variant (`--anonym`) has initials for names, no CPR number, and surnames and CPR-shaped
numbers blanked in every text (goals, reasons, openings, the companies' contact-log text). Every citizen in the file is one EXPORT event in the access log.
An industry's citizens or openings are left out where it has none (no empty headings); a
company's latest contact older than its opening says so ("før jobåbningen").
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlmodel import Session

from stvdesk import settings
from stvdesk.db.audit import log_access, log_citizens_out
from stvdesk.db.queries.caseload_list import Viewer
from stvdesk.db.queries.team_board import BoardCitizen, BoardOpening, TeamBoard, team_board
from stvdesk.domain.calendar import format_date
from stvdesk.domain.enums import AuditAction
from stvdesk.domain.matching import AbcSettings
from stvdesk.domain.numbers import format_hours
from stvdesk.domain.team_board import contact_before_opening, next_meeting
from stvdesk.domain.text import clean_line, clean_text
from stvdesk.export.ics import initials
from stvdesk.export.lists import ExportError, Written, default_name, free_path, kept_if_logged
from stvdesk.export.redact import blanker
from stvdesk.export.tables import ExportTable, write_xlsx_sheets

FORMATS = ("md", "xlsx")
#: the industry heading of the citizens no industry was found for
NO_INDUSTRY = "Uden branche"
STEM = "teamtavle"

Blank = Callable[[str], str]


def industry_label(industry: str) -> str:
    return industry or NO_INDUSTRY


def _goals(citizen: BoardCitizen) -> str:
    return ", ".join(f"{goal.kind}: {goal.title}" for goal in citizen.goals) or "ingen jobmål"


def _who(citizen: BoardCitizen, redacted: bool) -> str:
    return initials(citizen.name) if redacted else citizen.name


def _contact(opening: BoardOpening, clean: Blank | None) -> str:
    if opening.last_contact_on is None:
        return "ingen kontakt logget"
    outcome = clean_line(opening.last_outcome)
    if clean is not None:
        outcome = clean(outcome)
    before = ", før jobåbningen" if contact_before_opening(opening.last_contact_on, opening.spotted_on) else ""
    return f"seneste kontakt {format_date(opening.last_contact_on)}{before}" + (f": {outcome}" if outcome else "")


def _blanker(board: TeamBoard, redacted: bool) -> Blank | None:
    return blanker(c.last_name for c in board.citizens) if redacted else None


def board_markdown(board: TeamBoard, *, redacted: bool = False) -> str:
    """The board as Markdown: per industry the citizens (readiness, S and VK, goals, proposals
    with reasons) and the open openings with their companies."""
    clean = _blanker(board, redacted)
    out = [
        f"# Teamtavle – {board.team_name or 'uden team'}",
        f"Tværgående møde for sagsbehandlere og virksomhedskonsulenter, {format_date(board.today)}. "
        f"Næste møde: {format_date(next_meeting(board.today))}.",
        "",
        f"{len(board.citizens)} borgere klar eller tæt på uden match (intet forløb i gang eller planlagt) · "
        f"{len(board.openings)} åbne jobåbninger hos {board.companies} virksomheder.",
    ]
    if not board.groups:
        out += ["", "Ingen borgere eller jobåbninger på tavlen."]
    for group in board.groups:
        # An industry is on the board for its citizens or its openings: a part it has none of is
        # left out, not printed as an empty heading.
        out += ["", f"## {industry_label(group.industry)}"]
        if group.citizens:
            out += ["", f"### Borgere ({len(group.citizens)})"]
        for citizen in group.citizens:
            out.append(
                f"- **{_who(citizen, redacted)}** – {citizen.readiness.label}; S: {citizen.caseworker or '–'}, "
                f"VK: {citizen.consultant or '–'}; mål: {_goals(citizen)}"
            )
            for proposal in citizen.proposals:
                out.append(
                    f"  - Forslag: {proposal.company} ({proposal.industry}, VK {proposal.owner or '–'}, "
                    f"{proposal.score} point): {'; '.join(proposal.reasons)}"
                )
            if not citizen.proposals:
                out.append("  - Intet forslag blandt teamets virksomheder")
        if group.openings:
            out += ["", f"### Jobåbninger ({len(group.openings)})"]
        for opening in group.openings:
            out.append(
                f"- {opening.company}: {opening.title}, {format_hours(opening.hours_per_week)} t/uge "
                f"(set {format_date(opening.spotted_on)}, VK {opening.owner or '–'}) – {_contact(opening, clean)}"
            )
    text = "\n".join(out)
    if clean is not None:
        # Every line, not the contact log's alone: a job goal, a reason, an opening's title is
        # free text too and may name a citizen or hold a CPR number.
        text = clean(text)
    return clean_text(text, multiline=True) + "\n"  # no control character out, whatever is stored


def board_tables(board: TeamBoard, *, redacted: bool = False) -> list[ExportTable]:
    """The board as two sheets: the citizens (one row each, the best proposal beside) and the
    openings."""
    clean = _blanker(board, redacted)
    people = ExportTable(
        "Borgere",
        [
            "Branche",
            *(["Initialer"] if redacted else ["CPR", "Fornavn", "Efternavn"]),
            "Parathed",
            "Sagsbehandler",
            "Virksomhedskonsulent",
            "Jobmål",
            "Forslag",
            "Point",
            "Begrundelse",
            "Andre forslag",
        ],
        [],
    )
    for citizen in board.citizens:
        best = citizen.proposals[0] if citizen.proposals else None
        person = (
            [initials(citizen.name)]
            if redacted
            else [f"{citizen.cpr[:6]}-{citizen.cpr[6:]}", citizen.first_name, citizen.last_name]
        )
        people.rows.append(
            [
                industry_label(citizen.industry),
                *person,
                citizen.readiness.label,
                citizen.caseworker,
                citizen.consultant,
                _goals(citizen),
                best.company if best else "",
                best.score if best else None,
                "; ".join(best.reasons) if best else "",
                "; ".join(f"{p.company} ({p.score})" for p in citizen.proposals[1:]),
            ]
        )
        people.citizen_ids.append(citizen.citizen_id)
    openings = ExportTable(
        "Jobåbninger",
        ["Branche", "Virksomhed", "Jobåbning", "Timer pr. uge", "Set", "Ansvarlig VK", "Seneste kontakt", "Udfald"],
        [],
    )
    for opening in board.openings:
        outcome = clean_line(opening.last_outcome)
        if outcome and contact_before_opening(opening.last_contact_on, opening.spotted_on):
            outcome = f"Før jobåbningen: {outcome}"
        openings.rows.append(
            [
                industry_label(opening.industry),
                opening.company,
                opening.title,
                opening.hours_per_week,
                opening.spotted_on,
                opening.owner,
                opening.last_contact_on,
                outcome,
            ]
        )
    if clean is not None:
        # Every text cell is free text that may name a citizen or hold a CPR number (a job goal,
        # a reason, an opening's title), not the contact log's alone.
        for sheet in (people, openings):
            sheet.rows = [[clean(v) if isinstance(v, str) else v for v in row] for row in sheet.rows]
    return [people, openings]


def write_board(path: Path, board: TeamBoard, fmt: str, *, redacted: bool) -> None:
    if fmt == "xlsx":
        write_xlsx_sheets(path, board_tables(board, redacted=redacted))
    else:
        path.write_text(board_markdown(board, redacted=redacted), encoding="utf-8")


def write_team_board(
    session: Session,
    *,
    worker_id: uuid.UUID,
    viewer: Viewer,
    today: date,
    fmt: str = "md",
    redacted: bool = False,
    path: Path | None = None,
    abc: AbcSettings | None = None,
) -> Written:
    """Read the viewer's team board, write it (to `path`, or a new file in the export folder)
    and log every citizen in it as exported (a board without citizens is one event). A file
    that cannot be written is an ExportError, and then nothing is logged."""
    if fmt not in FORMATS:
        raise ExportError(f"Ukendt format: {fmt} (md eller xlsx).")
    board = team_board(session, viewer, today, abc)
    if path is None:
        try:
            folder = settings.export_dir()
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ExportError(f"Filen kunne ikke skrives: {exc.strerror or exc}. Intet er logget.") from exc
        path = free_path(folder, default_name(STEM, today, fmt, redacted))
    criterion = f"Teamtavle {format_date(today)}, {path.name}" + (" (anonymiseret)" if redacted else "")
    citizen_ids = [c.citizen_id for c in board.citizens]
    with kept_if_logged(path):
        try:
            write_board(path, board, fmt, redacted=redacted)
        except OSError as exc:
            raise ExportError(f"Filen kunne ikke skrives: {exc.strerror or exc}. Intet er logget.") from exc
        if citizen_ids:
            log_citizens_out(
                session, worker_id=worker_id, action=AuditAction.EXPORT, citizen_ids=citizen_ids, criterion=criterion
            )
        else:
            log_access(session, worker_id=worker_id, action=AuditAction.EXPORT, criterion=criterion)
    return Written(path, len(citizen_ids))
