"""`stvdesk export borgere|forloeb|virksomheder` (csv or xlsx) and `stvdesk export referat`
– the lists a team keeps in Excel today, and a meeting's summary from the command line. The
`export` group (export.py) adds them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from stvdesk.cli.options import (
    Decorated,
    Options,
    command,
    db_option,
    desk_for_worker,
    fail,
    file_option,
    help_option,
    redacted_option,
    say_exported,
    text_format_option,
)
from stvdesk.domain.numbers import format_number

if TYPE_CHECKING:
    from stvdesk.db.queries.caseload_list import Viewer
    from stvdesk.db.queries.workers import WorkerInfo
    from stvdesk.domain.enums import Labelled

_FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "xlsx"]),
    default="csv",
    show_default=True,
    help="csv (semikolon, UTF-8, dd-mm-åååå, decimalkomma) eller xlsx (Excel).",
)
_REDACTED = redacted_option(
    "Initialer i stedet for navne, intet CPR-nummer, efternavne og CPR-numre fjernet fra fritekst."
)


def _out_option(stem: str) -> Callable[[Decorated], Decorated]:
    return file_option(f"Filen der skrives (standard: {stem}-ÅÅÅÅMMDD.csv/.xlsx i eksportmappen).")


def _target(out: Path | None, stem: str, today: date, fmt: str, redacted: bool) -> Path:
    from stvdesk.export.lists import default_name, free_path
    from stvdesk.settings import export_dir

    if out is not None:
        return out
    folder = export_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return free_path(folder, default_name(stem, today, fmt, redacted))


def _viewer(worker: WorkerInfo) -> Viewer:
    from stvdesk.db.queries.caseload_list import Viewer

    return Viewer(worker.id, worker.role, worker.team_id)


def _choice(enum_name: str, text: str | None) -> Labelled | None:
    """An enum member by its Danish label or code, or a Danish usage error."""
    if text is None:
        return None
    from stvdesk.domain import enums
    from stvdesk.importing.cells import CellError, read_choice

    if enum_name == "Phase":
        for member in enums.Phase:
            if text.lower() in (member.value, member.label.lower()):
                return member
        raise click.BadParameter("skriv en af: " + ", ".join(m.label for m in enums.Phase))
    try:
        return read_choice(text, enum_name)
    except CellError as exc:
        raise click.BadParameter(str(exc)) from exc


@command()
@_FORMAT
@_REDACTED
@click.option(
    "--omfang",
    type=click.Choice(["mine", "team", "alle"]),
    default="mine",
    show_default=True,
    help="Min sagsstamme, teamets eller alle borgere.",
)
@click.option("--filter", "saved", metavar="NAVN", help="Et filter, du har gemt i Sagsstamme (g).")
@click.option("--soeg", "search", metavar="TEKST", help="Navn eller begyndelsen af et CPR-nummer.")
@click.option("--parathed", metavar="PARATHED", help="Klar, Tæt på eller Længere fra.")
@click.option("--fase", metavar="FASE", help="Fx Jobplan eller Fastholdelse.")
@click.option("--maalgruppe", metavar="MÅLGRUPPE", help="Fx Kontanthjælp eller Ressourceforløb.")
@click.option("--cv-mangler", is_flag=True, help="Kun borgere uden et færdigt Jobnet-CV.")
@click.option("--uden-abc", is_flag=True, help="Kun borgere uden ABC-plan.")
@click.option("--forfaldne", is_flag=True, help="Kun borgere med en forfalden opfølgning.")
@click.option("--i-forloeb", is_flag=True, help="Kun borgere i et forløb.")
@click.option("--uden-ordinaere-timer", is_flag=True, help="Kun forløb uden ordinære timer.")
@_out_option("sagsstamme")
@db_option
@help_option
@click.pass_obj
def borgere(
    options: Options,
    fmt: str,
    redacted: bool,
    omfang: str,
    saved: str | None,
    search: str | None,
    parathed: str | None,
    fase: str | None,
    maalgruppe: str | None,
    cv_mangler: bool,
    uden_abc: bool,
    forfaldne: bool,
    i_forloeb: bool,
    uden_ordinaere_timer: bool,
    out: Path | None,
) -> None:
    """Sagsstammen som liste: de samme borgere og den samme rækkefølge som i Sagsstamme (F3) med
    de samme filtre. Hver borger på listen logges."""
    from dataclasses import replace

    from stvdesk.db.queries.caseload_list import CaseloadFilter, Scope, saved_filters
    from stvdesk.export.lists import export_caseload

    desk, worker = desk_for_worker(options)
    criteria = CaseloadFilter(scope={"mine": Scope.MINE, "team": Scope.TEAM, "alle": Scope.ALL}[omfang])
    if saved:
        found = dict(desk.run(lambda s: saved_filters(s, worker.id)))
        if saved not in found:
            fail(
                f"Du har intet gemt filter der hedder «{saved}»."
                + (f" Dine filtre: {', '.join(found)}." if found else "")
            )
        criteria = found[saved]
    changes: dict[str, Any] = {  # CaseloadFilter's fields, of their several types
        key: value
        for key, value in {
            "search": search,
            "readiness": _choice("Readiness", parathed),
            "phase": _choice("Phase", fase),
            "target_group": _choice("TargetGroup", maalgruppe),
        }.items()
        if value
    }
    for flag, key in (
        (cv_mangler, "cv_missing"),
        (uden_abc, "no_abc"),
        (forfaldne, "overdue"),
        (i_forloeb, "in_placement"),
        (uden_ordinaere_timer, "no_ordinary_hours"),
    ):
        if flag:
            changes[key] = True
    criteria = replace(criteria, **changes)
    today = desk.clock.today()
    target = _target(out, "sagsstamme", today, fmt, redacted)
    written = desk.run(
        lambda s: export_caseload(
            s,
            worker_id=worker.id,
            viewer=_viewer(worker),
            criteria=criteria,
            today=today,
            fmt=fmt,
            redacted=redacted,
            path=target,
        )
    )
    say_exported(worker, f"{format_number(written.rows)} borgere skrevet til {written.path}")


@command()
@_FORMAT
@_REDACTED
@click.option("--team", is_flag=True, help="Forløb for hele teamets borgere.")
@click.option("--med-afsluttede", "include_ended", is_flag=True, help="Også afsluttede forløb.")
@_out_option("forloeb")
@db_option
@help_option
@click.pass_obj
def forloeb(options: Options, fmt: str, redacted: bool, team: bool, include_ended: bool, out: Path | None) -> None:
    """Forløbene (praktik, løntilskud, ordinære timer …) for borgerne i din sagsstamme: virksomhed,
    datoer, timer og ordinære timer. Kan læses ind igen med stvdesk import. Hver borger logges."""
    from stvdesk.export.lists import export_placements

    desk, worker = desk_for_worker(options)
    target = _target(out, "forloeb", desk.clock.today(), fmt, redacted)
    written = desk.run(
        lambda s: export_placements(
            s,
            worker_id=worker.id,
            viewer=_viewer(worker),
            team=team,
            include_ended=include_ended,
            fmt=fmt,
            redacted=redacted,
            path=target,
        )
    )
    say_exported(worker, f"{format_number(written.rows)} forløb skrevet til {written.path}")


@command()
@_FORMAT
@redacted_option("Uden noter og telefonnumre.")
@_out_option("virksomheder")
@db_option
@help_option
@click.pass_obj
def virksomheder(options: Options, fmt: str, redacted: bool, out: Path | None) -> None:
    """Virksomhederne: CVR, branche, adresse, ansvarlig VK og forløb i gang. Eksporten logges."""
    from stvdesk.export.lists import export_companies

    desk, worker = desk_for_worker(options)
    target = _target(out, "virksomheder", desk.clock.today(), fmt, redacted)
    written = desk.run(lambda s: export_companies(s, worker_id=worker.id, fmt=fmt, redacted=redacted, path=target))
    say_exported(worker, f"{format_number(written.rows)} virksomheder skrevet til {written.path}")


@command()
@click.argument("cpr")
@click.option("--dato", "day_text", metavar="DD-MM-ÅÅÅÅ", help="Mødets dato (standard: borgerens seneste møde).")
@text_format_option("tekst", old_switch="--markdown")
@_REDACTED
@file_option("Filen der skrives (standard: udskrives her).")
@db_option
@help_option
@click.pass_obj
def referat(
    options: Options, cpr: str, day_text: str | None, text_format: str, redacted: bool, out: Path | None
) -> None:
    """Resuméet af en borgers møde (trepartssamtale og andre): svar, aftaler og næste opfølgning,
    som i mødeskærmen (e). Eksporten logges."""
    from stvdesk.db.audit import citizen_by_cpr
    from stvdesk.db.queries.meetings import citizen_meeting_on, log_meeting_export, meeting_view
    from stvdesk.domain.cpr import CprError, parse_cpr
    from stvdesk.domain.parse import ParseError, parse_date
    from stvdesk.export.meeting import meeting_summary
    from stvdesk.guides.loader import load_guides

    try:
        digits = parse_cpr(cpr).digits
    except CprError as exc:
        fail(str(exc))
    desk, worker = desk_for_worker(options)
    try:
        day = parse_date(day_text) if day_text else None
    except ParseError as exc:
        fail(f"--dato: {exc}")
    citizen = desk.run(lambda s: citizen_by_cpr(s, digits))
    if citizen is None:
        fail("Der er ingen borger med dette CPR-nummer i databasen.")
    meeting_id = desk.run(lambda s: citizen_meeting_on(s, citizen.id, day))
    if meeting_id is None:
        fail(f"Borgeren har intet møde den {day:%d-%m-%Y}." if day else "Borgeren har ingen møder.")
    view = desk.run(lambda s: meeting_view(s, meeting_id))
    if view is None:
        fail("Mødet findes ikke længere.")
    guide = load_guides().get(view.meeting.guide_id, view.meeting.guide_version)
    text = meeting_summary(view, guide, markdown=text_format == "markdown", redacted=redacted)
    variant = text_format + (", uden CPR og efternavne" if redacted else "")
    desk.run(lambda s: log_meeting_export(s, worker.id, meeting_id, variant))
    if out is None:
        click.echo(text, nl=False)
        say_exported(worker)
    else:
        out.write_text(text, encoding="utf-8")
        say_exported(worker, f"Mødets resumé skrevet til {out}")
