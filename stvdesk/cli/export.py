"""`stvdesk export …`, one convention for every export (README, "The command line"): `--anonym` for
the variant without CPR numbers and surnames, `--fil FIL` for where it goes, `--format` for what
kind of file, and every export logged (each citizen on a sheet or in a file is one event; a list
without citizens is one event of its own). The lists and the meeting summary are in
export_lists.py."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from stvdesk.cli.export_lists import borgere, forloeb, referat, virksomheder
from stvdesk.cli.options import (
    Options,
    db_option,
    desk_for_worker,
    fail,
    file_option,
    group,
    help_option,
    option,
    redacted_option,
    say_exported,
    text_format_option,
)

if TYPE_CHECKING:
    from sqlmodel import Session

    from stvdesk.context import DeskContext
    from stvdesk.db.queries.today import CaseloadGaps, WeekAgenda
    from stvdesk.db.queries.workers import WorkerInfo


def _log_out(
    desk: DeskContext, worker: WorkerInfo, action: str, citizen_ids: Iterable[uuid.UUID | None], criterion: str
) -> None:
    """As StvdeskApp.log_citizens_out, for the export commands (`action`: "EXPORT" or "PRINT",
    so this module need not import the enums at start-up)."""
    from stvdesk.db.audit import log_citizens_out
    from stvdesk.domain.enums import AuditAction

    desk.run(
        lambda s: log_citizens_out(
            s, worker_id=worker.id, action=AuditAction[action], citizen_ids=citizen_ids, criterion=criterion
        )
    )


@group()
@help_option
def export() -> None:
    """Eksport af lister og ark. Alle eksporter logges, og alle findes anonymiseret (--anonym).

    \b
    Lister (--format csv eller xlsx):
      borgere       sagsstammen med dine filtre
      forloeb       forløb for borgerne i din sagsstamme eller teamets
      virksomheder  virksomhederne med ansvarlig VK og forløb i gang
    Ark og filer:
      uge           ugeoversigt (Markdown)
      besoegsdag    besøgsark for en konsulents dag
      referat       et mødes resumé (tekst eller Markdown)
      ics           kalenderfil til Outlook
      styring       månedens styringstal (Excel og CSV)
      logning       en borgers egen logning, til borgeren
      tavle         teamtavlen til det tværgående møde (Markdown eller Excel)
    """


@export.command()
@click.argument("cpr")
@redacted_option("Medarbejdernes initialer i stedet for deres navne.")
@file_option("Filen der skrives (standard: logning-DDMMÅÅ.txt i eksportmappen).")
@db_option
@help_option
@click.pass_obj
def logning(options: Options, cpr: str, redacted: bool, out: Path | None) -> None:
    """En borgers egen logning: hvem har slået borgerens oplysninger op, hvornår og hvorfor.

    Til borgeren, der beder om at se det. Udtrækket logges selv som en eksport.
    """
    from stvdesk.db.audit import citizen_by_cpr, citizen_log_lines, log_access
    from stvdesk.domain.cpr import CprError, parse_cpr
    from stvdesk.domain.enums import AuditAction
    from stvdesk.export.access_log import citizen_log_text
    from stvdesk.settings import export_dir

    try:
        digits = parse_cpr(cpr).digits
    except CprError as exc:
        fail(str(exc))
        return
    desk, worker = desk_for_worker(options)
    citizen = desk.run(lambda s: citizen_by_cpr(s, digits))
    if citizen is None:
        fail("Der er ingen borger med dette CPR-nummer i databasen.")
        return
    lines = desk.run(lambda s: citizen_log_lines(s, citizen.id))
    if redacted:
        lines = [(at, _initials_only(who), what, purpose) for at, who, what, purpose in lines]
    target = out or export_dir() / f"logning-{digits[:6]}{'-anonym' if redacted else ''}.txt"
    target.write_text(citizen_log_text(citizen.full_name, lines, desk.clock.today()), encoding="utf-8")
    desk.run(
        lambda s: log_access(
            s,
            worker_id=worker.id,
            action=AuditAction.EXPORT,
            citizen_id=citizen.id,
            criterion="Logningsudtræk til borgeren" + (" (anonymiseret)" if redacted else ""),
        )
    )
    say_exported(worker, f"{len(lines)} opslag skrevet til {target}")


@export.command()
@option(
    "--uger",
    "weeks",
    aliases=("--weeks",),
    type=click.IntRange(1, 52),
    default=8,
    show_default=True,
    metavar="N",
    help="Antal uger frem.",
)
@redacted_option("Uden borgernes initialer og sted: kun art og tidspunkt.")
@file_option("Filen der skrives (standard: stvdesk-INITIALER.ics i eksportmappen).")
@db_option
@help_option
@click.pass_obj
def ics(options: Options, weeks: int, redacted: bool, out: Path | None) -> None:
    """Skriv dine planlagte opfølgninger som en iCalendar-fil, som Outlook kan importere.

    Hver aftale har art, sted og borgerens initialer – aldrig CPR-nummer eller navn.
    """
    from stvdesk.db.queries.today import planned_follow_ups
    from stvdesk.export.ics import default_window, follow_ups_to_ics
    from stvdesk.settings import export_dir

    desk, worker = desk_for_worker(options)
    today = desk.clock.today()
    since, until = default_window(today, weeks)
    lines = desk.run(lambda s: planned_follow_ups(s, [worker.id], today, since=since, until=until))
    target = out or export_dir() / f"stvdesk-{worker.initials}.ics"
    target.write_bytes(follow_ups_to_ics(lines, worker.initials, redacted=redacted))
    _log_out(
        desk,
        worker,
        "EXPORT",
        [line.citizen_id for line in lines],
        f"Kalenderfil {target.name}" + (" (anonymiseret)" if redacted else ""),
    )
    say_exported(worker, f"{len(lines)} opfølgninger skrevet til {target}")


@export.command()
@click.option("--team", is_flag=True, help="Hele teamets opfølgninger (hver linje med medarbejderens initialer).")
@redacted_option("Initialer i stedet for navne.")
@file_option("Filen der skrives (standard: udskrives her).")
@db_option
@help_option
@click.pass_obj
def uge(options: Options, team: bool, redacted: bool, out: Path | None) -> None:
    """Ugeoversigt i Markdown: forfaldne, ugens opfølgninger dag for dag og advarsler."""
    from stvdesk.db.queries.today import caseload_gaps, week_agenda
    from stvdesk.db.queries.workers import team_workers
    from stvdesk.domain.calendar import week_start
    from stvdesk.export.week import week_overview

    desk, worker = desk_for_worker(options)
    today = desk.clock.today()

    def build(session: Session) -> tuple[WeekAgenda, CaseloadGaps | None]:
        ids = [w.id for w in team_workers(session, worker.team_id)] if team else [worker.id]
        agenda = week_agenda(session, ids, today, week_start(today))
        gaps = None if team else caseload_gaps(session, worker, today)
        return agenda, gaps

    agenda, gaps = desk.run(build)
    title = f"{worker.team_name}" if team else f"{worker.name} ({worker.initials})"
    text = week_overview(agenda, gaps, title, today, redacted=redacted, team=team)
    shown = [line.citizen_id for line in agenda.overdue] + [
        line.citizen_id for _day, lines in agenda.days for line in lines
    ]
    _log_out(desk, worker, "EXPORT", shown, f"Ugeoversigt uge {agenda.week_start.isocalendar().week}")
    if out is None:
        click.echo(text, nl=False)
        say_exported(worker)
    else:
        out.write_text(text, encoding="utf-8")
        say_exported(worker, f"Ugeoversigt skrevet til {out}")


@export.command()
@click.option(
    "--dag", "day_text", default=None, metavar="DD-MM-ÅÅÅÅ", help="Dagen (standard: næste hverdag efter i dag)."
)
@text_format_option("markdown", old_switch="--tekst")
@redacted_option("Uden efternavne (fornavne og ingen kontakttelefoner).")
@file_option("Filen der skrives (standard: udskrives her).")
@db_option
@help_option
@click.pass_obj
def besoegsdag(options: Options, day_text: str | None, text_format: str, redacted: bool, out: Path | None) -> None:
    """Besøgsark for en virksomhedskonsulents dag: besøg, borgere i forløb, mål, progression og aftaler."""
    from datetime import timedelta

    from stvdesk.db.queries.visit_day import visit_day
    from stvdesk.domain.calendar import next_working_day
    from stvdesk.domain.parse import ParseError, parse_date
    from stvdesk.export.visit_day import visit_sheet
    from stvdesk.guides.loader import load_guides

    desk, worker = desk_for_worker(options)
    today = desk.clock.today()
    try:
        day = parse_date(day_text, today=today) if day_text else next_working_day(today + timedelta(days=1))
    except ParseError as exc:
        fail(f"--dag: {exc}")
    visits = desk.run(lambda s: visit_day(s, worker.id, day, today, desk.settings.flags))
    guide = load_guides().get("virksomhed_foerste")
    section = next((s for s in guide.sections if s.title == "Ordinære timer"), None) if guide else None
    points = [item.text for item in section.items] if section else []
    text = visit_sheet(
        visits,
        worker.initials if redacted else f"{worker.name} ({worker.initials})",
        day,
        points,
        markdown=text_format == "markdown",
        redacted=redacted,
    )
    _log_out(desk, worker, "PRINT", [p.citizen_id for v in visits for p in v.people], f"Besøgsark {day:%d-%m-%Y}")
    if out is None:
        click.echo(text, nl=False)
        say_exported(worker)
    else:
        out.write_text(text, encoding="utf-8")
        say_exported(worker, f"{len(visits)} besøg skrevet til {out}")


@export.command()
@click.option("--maaned", "month_text", default=None, metavar="ÅÅÅÅ-MM", help="Måneden (standard: denne måned).")
@redacted_option("Kun teamets tal, ingen ark pr. medarbejder.")
@file_option("Excel-filen (standard: styring-ÅÅÅÅ-MM-TEAM.xlsx i eksportmappen); en CSV-fil skrives ved siden af.")
@db_option
@help_option
@click.pass_obj
def styring(options: Options, month_text: str | None, redacted: bool, out: Path | None) -> None:
    """Månedens styringstal for teamet og hver medarbejder som Excel (et ark hver) og CSV.

    Kun tal, ingen borgere. Eksporten logges.
    """
    from stvdesk.db.queries.steering import month_boards
    from stvdesk.domain.calendar import month_start
    from stvdesk.domain.parse import ParseError, parse_month
    from stvdesk.export.steering import write_csv, write_workbook
    from stvdesk.settings import export_dir

    desk, worker = desk_for_worker(options)
    today = desk.clock.today()
    month = month_start(today)
    if month_text:
        try:
            month = parse_month(month_text)
        except ParseError as exc:
            fail(f"--maaned: {exc}")
        if month > today:
            fail("--maaned: måneden er ikke begyndt endnu.")
    team, workers = desk.run(lambda s: month_boards(s, worker.team_id, month, today))
    if redacted:
        workers = []
    suffix = "-anonym" if redacted else ""
    target = out or export_dir() / f"styring-{month:%Y-%m}-{worker.team_name.replace(' ', '_')}{suffix}.xlsx"
    write_workbook(target, worker.team_name, team, workers, today)
    write_csv(target.with_suffix(".csv"), team, workers, today)
    _log_list(desk, worker, f"Styringstal {month:%m-%Y} ({target.name})" + (" (kun teamet)" if redacted else ""))
    say_exported(worker, f"Styring for {month:%m-%Y} skrevet til {target} og {target.with_suffix('.csv')}")


@export.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "xlsx"]),
    default="md",
    show_default=True,
    help="md (Markdown, til udskrift eller en skærm på væggen) eller xlsx (Excel).",
)
@redacted_option("Initialer i stedet for navne, intet CPR-nummer, efternavne fjernet fra fritekst.")
@file_option("Filen der skrives (standard: teamtavle-ÅÅÅÅMMDD.md/.xlsx i eksportmappen).")
@db_option
@help_option
@click.pass_obj
def tavle(options: Options, fmt: str, redacted: bool, out: Path | None) -> None:
    """Teamtavlen til det tværgående møde hver 14. dag (sagsbehandlere og virksomhedskonsulenter):
    teamets borgere, der er klar eller tæt på og uden match, ved siden af teamets åbne jobåbninger,
    branche for branche, med matchningens forslag og begrundelser. Hver borger i filen logges."""
    from stvdesk.db.queries.caseload_list import Viewer
    from stvdesk.export.lists import ExportError
    from stvdesk.export.team_board import write_team_board

    desk, worker = desk_for_worker(options)
    today = desk.clock.today()
    viewer = Viewer(worker.id, worker.role, worker.team_id)
    try:
        written = desk.run(
            lambda s: write_team_board(
                s, worker_id=worker.id, viewer=viewer, today=today, fmt=fmt, redacted=redacted, path=out
            )
        )
    except ExportError as exc:
        fail(str(exc))
        return
    say_exported(worker, f"Teamtavlen med {written.rows} borgere skrevet til {written.path}")


def _initials_only(who: str) -> str:
    """'Karen Bach (KB)' → 'KB'."""
    return who.rsplit("(", 1)[-1].rstrip(")") if who.endswith(")") else who


def _log_list(desk: DeskContext, worker: WorkerInfo, criterion: str) -> None:
    """An export without citizens on it (companies, steering numbers) is one event of its own."""
    from stvdesk.db.audit import log_access
    from stvdesk.domain.enums import AuditAction

    desk.run(lambda s: log_access(s, worker_id=worker.id, action=AuditAction.EXPORT, criterion=criterion))


# `stvdesk export xlsx` was the steering export's name before the list exports came: kept,
# hidden, so a leader's script goes on working.
_old_name = copy.copy(styring)
_old_name.hidden = True
export.add_command(_old_name, "xlsx")


for _command in (borgere, forloeb, virksomheder, referat):
    export.add_command(_command)
