"""Command line (click). Help texts are Danish: they are what the user reads."""

from __future__ import annotations

import sqlite3
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import click

from stvdesk.clock import Clock, parse_iso_date
from stvdesk.settings import Settings, SettingsError, data_dir, default_db_path, load_settings

CONTEXT_SETTINGS = {"help_option_names": []}


def _help_option(fn):
    return click.help_option("-h", "--help", help="Vis denne hjælp og afslut.")(fn)


def _db_option(fn):
    """`--db` on a subcommand too (`stvdesk db check --db FIL`), overriding the group's."""

    def remember(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
        if value is not None:
            ctx.find_object(Options).db = value

    return click.option("--db", metavar="STI|URL", expose_value=False, callback=remember,
                        help="Databasefil eller SQLAlchemy-URL.")(fn)


@dataclass
class Options:
    settings: Settings
    db: str | None
    as_initials: str | None
    today: date | None


def _parse_today(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return parse_iso_date(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


def _fail(message: str, code: int = 2) -> None:
    click.echo(f"Fejl: {message}", err=True)
    sys.exit(code)


@click.group(context_settings=CONTEXT_SETTINGS, invoke_without_command=True)
@click.option("--db", metavar="STI|URL", help="Databasefil eller SQLAlchemy-URL (ellers STVDESK_DB eller standardfilen).")
@click.option("--as", "as_initials", metavar="INITIALER", help="Åbn skrivebordet som denne medarbejder.")
@click.option("--today", callback=_parse_today, metavar="ÅÅÅÅ-MM-DD", help="Fastsæt dagens dato (demo og test).")
@click.version_option(package_name="stvdesk", message="stvdesk %(version)s", help="Vis versionen og afslut.")
@_help_option
@click.pass_context
def cli(ctx: click.Context, db: str | None, as_initials: str | None, today: date | None) -> None:
    """stvdesk – skrivebord for sagsbehandlere, virksomhedskonsulenter og ledere.

    Uden kommando åbnes din egen database. Er den tom, starter en formular,
    hvor du opretter dit team og dig selv – eller vælger demoen.
    """
    try:
        settings = load_settings()
    except SettingsError as exc:
        _fail(str(exc))
        return
    ctx.obj = Options(settings=settings, db=db, as_initials=as_initials, today=today)
    if ctx.invoked_subcommand is None:
        url = _db_url(ctx.obj)
        result = _launch(url, ctx.obj, demo=False)
        if result == "demo":
            ctx.invoke(demo, citizens=None, today=today, fresh=False, as_initials=as_initials, seed=None)


def _db_url(options: Options) -> str:
    from stvdesk.db.engine import normalise_url

    return normalise_url(options.db or options.settings.db or default_db_path())


def _open(url: str):
    """Open (check, back up, upgrade) or exit with the Danish reason."""
    from stvdesk.db.errors import DatabaseFileError
    from stvdesk.db.migrate import open_database

    try:
        result = open_database(url)
    except DatabaseFileError as exc:
        _fail(exc.message)
        raise AssertionError from exc  # unreachable: _fail exits
    if result.backup:
        click.echo(f"Databasen er opgraderet. Sikkerhedskopi af den gamle: {result.backup}", err=True)
    return result


def _launch(url: str, options: Options, *, demo: bool, default_initials: str | None = None) -> str | None:
    from stvdesk.app import StvdeskApp
    from stvdesk.context import DeskContext
    from stvdesk.db.queries.workers import default_worker, find_worker, has_workers

    result = _open(url)
    desk = DeskContext(engine=result.engine, clock=Clock(options.today), settings=options.settings, demo=demo)
    initials = options.as_initials or options.settings.worker or default_initials
    if desk.query(has_workers):
        if initials:
            desk.worker = desk.query(lambda s: find_worker(s, initials))
            if desk.worker is None:
                _fail(f"Der er ingen medarbejder med initialerne '{initials}' i databasen.")
        else:
            desk.worker = desk.query(default_worker)
    return StvdeskApp(desk).run()


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.option("--citizens", type=click.IntRange(min=1), default=None, metavar="N",
              help="Antal borgere (standard 240: ét team med seks sagsbehandlere).")
@click.option("--today", callback=_parse_today, metavar="ÅÅÅÅ-MM-DD", help="Demoens dato (standard: i dag).")
@click.option("--fresh", is_flag=True, help="Byg demodatabasen forfra.")
@click.option("--as", "as_initials", metavar="INITIALER", help="Åbn som denne medarbejder (standard KB).")
@click.option("--seed", type=int, default=None, help="Startværdi for de opdigtede data.")
@click.option("--build-only", is_flag=True, help="Byg demodatabasen uden at åbne skrivebordet.")
@_help_option
@click.pass_context
def demo(ctx: click.Context, citizens: int | None, today: date | None, fresh: bool,
         as_initials: str | None, seed: int | None, build_only: bool = False) -> None:
    """Åbn skrivebordet på en demodatabase med opdigtede borgere.

    Demoen ligger i sin egen fil og blandes aldrig med din rigtige database.
    Den bygges første gang og genbruges derefter (samme dato og størrelse).
    """
    from stvdesk.db.demo import CITIZENS_PER_TEAM, DEFAULT_SEED, DEMO_WORKER
    from stvdesk.db.engine import sqlite_url

    options: Options = ctx.obj
    options.today = today or options.today
    if as_initials:
        options.as_initials = as_initials
    citizens = citizens or CITIZENS_PER_TEAM
    seed = DEFAULT_SEED if seed is None else seed
    path = ensure_demo(citizens=citizens, today=Clock(options.today).today(), seed=seed, fresh=fresh)
    if build_only:
        click.echo(str(path))
        return
    _launch(sqlite_url(path), options, demo=True, default_initials=DEMO_WORKER)


def ensure_demo(*, citizens: int, today: date, seed: int, fresh: bool, folder: Path | None = None) -> Path:
    """The demo file for this size, built if missing, stale (another date/seed/version) or --fresh."""
    from stvdesk.db.demo import DemoSpec, build_demo_file, demo_file_name, demo_meta
    from stvdesk.db.errors import DatabaseFileError
    from stvdesk.db.migrate import head_revision, inspect_sqlite_file

    path = (folder or data_dir()) / demo_file_name(citizens)
    meta = demo_meta(path)
    current = meta.get("demo_today") == today.isoformat() and meta.get("demo_seed") == str(seed)
    if current:
        try:
            current = inspect_sqlite_file(path, full_check=False).revision == head_revision()
        except DatabaseFileError:
            current = False
    if current and not fresh:
        return path
    click.echo(f"Bygger demodatabasen med {citizens:,} opdigtede borgere …".replace(",", "."), err=True)
    started = time.perf_counter()
    last = [-1]

    def progress(fraction: float, _label: str) -> None:
        percent = int(fraction * 100)
        if percent // 10 != last[0] // 10 or percent == 100:
            last[0] = percent
            click.echo(f"  {percent:3d} %", err=True)

    summary = build_demo_file(path, DemoSpec(today=today, citizens=citizens, seed=seed), progress)
    click.echo(
        f"Færdig på {time.perf_counter() - started:.1f} s: {summary.citizens} borgere, "
        f"{summary.workers} medarbejdere, {summary.companies} virksomheder, {summary.rows} rækker.",
        err=True,
    )
    return path


@cli.group(context_settings=CONTEXT_SETTINGS)
@_help_option
def db() -> None:
    """Databasen: opgradér, kontrollér, tag sikkerhedskopi."""


@db.command(context_settings=CONTEXT_SETTINGS)
@_db_option
@_help_option
@click.pass_obj
def upgrade(options: Options) -> None:
    """Opgradér databasen til nyeste version (med sikkerhedskopi først)."""
    from stvdesk.db.migrate import head_revision

    url = _db_url(options)
    result = _open(url)
    result.engine.dispose()
    click.echo(f"Databasen er på nyeste version ({head_revision()}).")


@db.command(context_settings=CONTEXT_SETTINGS)
@_db_option
@_help_option
@click.pass_obj
def check(options: Options) -> None:
    """Kontrollér databasens integritet, version og logningens kæde. Ændrer intet."""
    from stvdesk.db.engine import sqlite_path
    from stvdesk.db.errors import DatabaseFileError
    from stvdesk.db.migrate import head_revision, inspect_sqlite_file

    url = _db_url(options)
    path = sqlite_path(url)
    if path is None:
        _fail("db check virker på SQLite-filer.")
        return
    if not path.exists():
        _fail(f"Filen {path} findes ikke.")
    try:
        state = inspect_sqlite_file(path)
    except DatabaseFileError as exc:
        _fail(exc.message, code=1)
        return
    from stvdesk.domain.audit import CHAIN_COLUMNS, ChainedEvent, chain_problems

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        has_log = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'audit_event'").fetchone() is not None
        chained = has_log and state.revision is not None and state.revision >= "0010"  # chained from 0010 on
        rows = conn.execute(f"SELECT {CHAIN_COLUMNS} FROM audit_event ORDER BY seq").fetchall() if chained else []
    finally:
        conn.close()
    problems = chain_problems(ChainedEvent.from_row(*row) for row in rows)
    click.echo(f"Fil: {path}")
    click.echo(f"Integritet: {'ok' if integrity == 'ok' else integrity}")
    if has_log and not chained:
        click.echo("Logning: kædes først efter 'stvdesk db upgrade'")
    elif problems:
        click.echo(f"Logning: {len(rows)} hændelser – kæden er BRUDT:")
        for problem in problems[:20]:
            click.echo(f"  {problem}")
    else:
        click.echo(f"Logning: {len(rows)} hændelser, kæden er intakt")
    head = head_revision()
    if state.revision is None:
        click.echo("Version: tom database (oprettes ved første åbning)")
    elif state.revision == head:
        click.echo(f"Version: {state.revision} (nyeste)")
    else:
        click.echo(f"Version: {state.revision} – ældre end {head}; kør 'stvdesk db upgrade'.")
    if integrity != "ok" or problems:
        sys.exit(1)


@db.command(context_settings=CONTEXT_SETTINGS)
@click.argument("dest", required=False, type=click.Path(path_type=Path))
@_db_option
@_help_option
@click.pass_obj
def backup(options: Options, dest: Path | None) -> None:
    """Tag en sikkerhedskopi (SQLites online-backup, kontrolleret bagefter).

    Uden DEST lægges kopien ved siden af databasen med dato og klokkeslæt i navnet.
    """
    from stvdesk.db.engine import sqlite_path
    from stvdesk.db.errors import DatabaseFileError
    from stvdesk.db.migrate import backup_sqlite, inspect_sqlite_file

    path = sqlite_path(_db_url(options))
    if path is None or not path.exists():
        _fail("Der er ingen SQLite-databasefil at tage kopi af.")
        return
    try:
        inspect_sqlite_file(path)
        copy = backup_sqlite(path, dest)
    except (DatabaseFileError, FileExistsError) as exc:
        _fail(getattr(exc, "message", str(exc)))
        return
    click.echo(f"Sikkerhedskopi gemt: {copy}")


def main() -> None:
    cli(prog_name="stvdesk")


def _desk_for_worker(options: Options):
    """Open the database and find the worker (--as, config, or the first caseworker), or exit in Danish."""
    from stvdesk.context import DeskContext
    from stvdesk.db.queries.workers import default_worker, find_worker

    result = _open(_db_url(options))
    desk = DeskContext(engine=result.engine, clock=Clock(options.today), settings=options.settings)
    initials = options.as_initials or options.settings.worker
    worker = desk.query(lambda s: find_worker(s, initials) if initials else default_worker(s))
    if worker is None:
        _fail(f"Der er ingen medarbejder med initialerne '{initials}'." if initials else "Databasen har ingen medarbejdere.")
    return desk, worker


@cli.group(context_settings=CONTEXT_SETTINGS)
@_help_option
def export() -> None:
    """Eksport: kalenderfil (ics) og ugeoversigt (Markdown)."""


@export.command(context_settings=CONTEXT_SETTINGS)
@click.argument("cpr")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Filen der skrives (standard: logning-DDMMÅÅ.txt i eksportmappen).")
@_db_option
@_help_option
@click.pass_obj
def logning(options: Options, cpr: str, out: Path | None) -> None:
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
        _fail(str(exc))
        return
    desk, worker = _desk_for_worker(options)
    citizen = desk.query(lambda s: citizen_by_cpr(s, digits))
    if citizen is None:
        _fail("Der er ingen borger med dette CPR-nummer i databasen.")
        return
    lines = desk.query(lambda s: citizen_log_lines(s, citizen.id))
    target = out or export_dir() / f"logning-{digits[:6]}.txt"
    target.write_text(citizen_log_text(citizen.full_name, lines, desk.clock.today()), encoding="utf-8")
    desk.query(lambda s: log_access(s, worker_id=worker.id, action=AuditAction.EXPORT, citizen_id=citizen.id,
                                    criterion="Logningsudtræk til borgeren"))
    click.echo(f"{len(lines)} opslag skrevet til {target}")


@export.command(context_settings=CONTEXT_SETTINGS)
@click.option("--weeks", type=click.IntRange(1, 52), default=8, show_default=True, help="Antal uger frem.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Filen der skrives (standard: stvdesk-INITIALER.ics her).")
@_db_option
@_help_option
@click.pass_obj
def ics(options: Options, weeks: int, out: Path | None) -> None:
    """Skriv dine planlagte opfølgninger som en iCalendar-fil, som Outlook kan importere.

    Hver aftale har art, sted og borgerens initialer – aldrig CPR-nummer eller navn.
    """
    from stvdesk.db.queries.today import planned_follow_ups
    from stvdesk.export.ics import default_window, follow_ups_to_ics

    desk, worker = _desk_for_worker(options)
    today = desk.clock.today()
    since, until = default_window(today, weeks)
    lines = desk.query(lambda s: planned_follow_ups(s, [worker.id], today, since=since, until=until))
    target = out or Path(f"stvdesk-{worker.initials}.ics")
    target.write_bytes(follow_ups_to_ics(lines, worker.initials))
    click.echo(f"{len(lines)} opfølgninger skrevet til {target}")


@export.command(context_settings=CONTEXT_SETTINGS)
@click.option("--team", is_flag=True, help="Hele teamets opfølgninger (hver linje med medarbejderens initialer).")
@click.option("--redacted", is_flag=True, help="Initialer i stedet for navne.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Filen der skrives (standard: udskrives her).")
@_db_option
@_help_option
@click.pass_obj
def uge(options: Options, team: bool, redacted: bool, out: Path | None) -> None:
    """Ugeoversigt i Markdown: forfaldne, ugens opfølgninger dag for dag og advarsler."""
    from stvdesk.db.queries.today import caseload_gaps, week_agenda
    from stvdesk.db.queries.workers import team_workers
    from stvdesk.domain.calendar import week_start
    from stvdesk.export.week import week_overview

    desk, worker = _desk_for_worker(options)
    today = desk.clock.today()

    def build(session):
        ids = [w.id for w in team_workers(session, worker.team_id)] if team else [worker.id]
        agenda = week_agenda(session, ids, today, week_start(today))
        gaps = None if team else caseload_gaps(session, worker, today)
        return agenda, gaps

    agenda, gaps = desk.query(build)
    title = f"{worker.team_name}" if team else f"{worker.name} ({worker.initials})"
    text = week_overview(agenda, gaps, title, today, redacted=redacted, team=team)
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(f"Ugeoversigt skrevet til {out}")


@export.command(context_settings=CONTEXT_SETTINGS)
@click.option("--dag", "day_text", default=None, metavar="DD-MM-ÅÅÅÅ",
              help="Dagen (standard: næste hverdag efter i dag).")
@click.option("--tekst", "plain", is_flag=True, help="Ren tekst i stedet for Markdown.")
@click.option("--redacted", is_flag=True, help="Uden efternavne (fornavne og ingen kontakttelefoner).")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Filen der skrives (standard: udskrives her).")
@_db_option
@_help_option
@click.pass_obj
def besoegsdag(options: Options, day_text: str | None, plain: bool, redacted: bool, out: Path | None) -> None:
    """Besøgsark for en virksomhedskonsulents dag: besøg, borgere i forløb, mål, progression og aftaler."""
    from datetime import timedelta

    from stvdesk.db.queries.visit_day import visit_day
    from stvdesk.domain.calendar import next_working_day
    from stvdesk.domain.parse import ParseError, parse_date
    from stvdesk.export.visit_day import visit_sheet
    from stvdesk.guides.loader import load_guides

    desk, worker = _desk_for_worker(options)
    today = desk.clock.today()
    try:
        day = parse_date(day_text, today=today) if day_text else next_working_day(today + timedelta(days=1))
    except ParseError as exc:
        _fail(f"--dag: {exc}")
    visits = desk.query(lambda s: visit_day(s, worker.id, day, today, desk.settings.flags))
    guide = load_guides().get("virksomhed_foerste")
    section = next((s for s in guide.sections if s.title == "Ordinære timer"), None) if guide else None
    points = [item.text for item in section.items] if section else []
    text = visit_sheet(visits, worker.initials if redacted else f"{worker.name} ({worker.initials})", day, points,
                       markdown=not plain, redacted=redacted)
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(f"{len(visits)} besøg skrevet til {out}")


@export.command(context_settings=CONTEXT_SETTINGS)
@click.option("--maaned", "month_text", default=None, metavar="ÅÅÅÅ-MM", help="Måneden (standard: denne måned).")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Excel-filen (standard: styring-ÅÅÅÅ-MM-TEAM.xlsx her); en CSV-fil skrives ved siden af.")
@_db_option
@_help_option
@click.pass_obj
def xlsx(options: Options, month_text: str | None, out: Path | None) -> None:
    """Månedens styringstal for teamet og hver medarbejder som Excel (et ark hver) og CSV."""
    from stvdesk.db.queries.steering import month_boards
    from stvdesk.domain.parse import ParseError, parse_month
    from stvdesk.domain.calendar import month_start
    from stvdesk.export.steering import write_csv, write_workbook

    desk, worker = _desk_for_worker(options)
    today = desk.clock.today()
    month = month_start(today)
    if month_text:
        try:
            month = parse_month(month_text)
        except ParseError as exc:
            _fail(f"--maaned: {exc}")
        if month > today:
            _fail("--maaned: måneden er ikke begyndt endnu.")
    team, workers = desk.query(lambda s: month_boards(s, worker.team_id, month, today))
    target = out or Path(f"styring-{month:%Y-%m}-{worker.team_name.replace(' ', '_')}.xlsx")
    write_workbook(target, worker.team_name, team, workers, today)
    write_csv(target.with_suffix(".csv"), team, workers, today)
    click.echo(f"Styring for {month:%m-%Y} skrevet til {target} og {target.with_suffix('.csv')}")
