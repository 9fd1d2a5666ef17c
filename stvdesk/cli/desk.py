"""The `stvdesk` group itself: opening the desk on your own database (and taking the day's
backup beside it) and `stvdesk demo`. Help texts are Danish: they are what the user reads."""

from __future__ import annotations

import threading
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from stvdesk.cli.options import (
    Options,
    db_url,
    desk_worker,
    fail,
    group,
    help_option,
    instance_lock,
    open_db,
    option,
    parse_today,
    say,
)
from stvdesk.clock import Clock, use_clock
from stvdesk.settings import Settings, SettingsError, data_dir, load_settings

if TYPE_CHECKING:
    from stvdesk.db.cipher import CipherKey

# The daily backup running beside the desk: its thread, and what it came to ("path" or "error").
Backup = tuple[threading.Thread, dict[str, object]]


@group(invoke_without_command=True)
@click.option(
    "--db", metavar="STI|URL", help="Databasefil eller SQLAlchemy-URL (ellers STVDESK_DB eller standardfilen)."
)
@click.option(
    "--as",
    "as_initials",
    metavar="INITIALER",
    help="Åbn skrivebordet (og kør kommandoen) som denne medarbejder; i demoen fx KB (sagsbehandler), "
    "RK (virksomhedskonsulent) eller LV (leder).",
)
@click.option("--today", callback=parse_today, metavar="ÅÅÅÅ-MM-DD", help="Fastsæt dagens dato (demo og test).")
@option(
    "--ukrypteret",
    "unencrypted",
    aliases=("--unencrypted",),
    is_flag=True,
    help="Opret en ny database uden kryptering (ellers krypteres den med en adgangsfrase).",
)
@click.version_option(package_name="stvdesk", message="stvdesk %(version)s", help="Vis versionen og afslut.")
@help_option
@click.pass_context
def cli(ctx: click.Context, db: str | None, as_initials: str | None, today: date | None, unencrypted: bool) -> None:
    """stvdesk – skrivebord for sagsbehandlere, virksomhedskonsulenter og ledere.

    Uden kommando åbnes din egen database. Er den tom, starter en formular,
    hvor du opretter dit team og dig selv – eller vælger demoen. Kommandoerne
    kræver en database, der findes ('db new' opretter en uden at åbne skrivebordet).
    Uden terminal læses adgangsfrasen fra STVDESK_PASSPHRASE eller standardinput.
    """
    try:
        settings = load_settings()
    except SettingsError as exc:
        fail(str(exc))
    ctx.obj = Options(settings=settings, db=db, as_initials=as_initials, today=today, unencrypted=unencrypted)
    use_clock(Clock(today))  # every command's stamps follow --today, not only the desk's
    if ctx.invoked_subcommand is None:
        result = _launch(db_url(ctx.obj), ctx.obj, demo=False)
        if result == "demo":
            ctx.invoke(demo, citizens=None, today=today, fresh=False, as_initials=as_initials, seed=None)


def _start_daily_backup(path: Path | None, key: CipherKey | None, settings: Settings, today: date) -> Backup | None:
    """Today's backup in a thread beside the desk (SQLite's backup step runs without the GIL)."""
    from stvdesk.db.backups import take_daily
    from stvdesk.settings import backup_root

    if path is None or settings.safeguards.backup_keep <= 0:
        return None
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["path"] = take_daily(
                path, key, backup_root(settings.safeguards), today, settings.safeguards.backup_keep
            )
        except Exception as exc:  # reported after the desk closes; never a reason to stop work
            outcome["error"] = exc

    thread = threading.Thread(target=run, name="daily-backup", daemon=True)
    thread.start()
    return thread, outcome


def _finish_daily_backup(started: Backup | None) -> None:
    if started is None:
        return
    thread, outcome = started
    if thread.is_alive():
        say("Venter på dagens sikkerhedskopi …")
        thread.join()
    if "error" in outcome:
        error = outcome["error"]
        say(f"Dagens sikkerhedskopi kunne ikke tages: {getattr(error, 'message', error)}")


def _launch(url: str, options: Options, *, demo: bool, default_initials: str | None = None) -> str | None:
    from stvdesk.app import StvdeskApp
    from stvdesk.context import DeskContext
    from stvdesk.db.engine import sqlite_path
    from stvdesk.db.queries.workers import has_workers
    from stvdesk.sync.capture import syncs

    path = sqlite_path(url)
    lock = instance_lock(path)
    result, key = open_db(url, options, demo=demo, create=True)  # the desk makes a new database
    desk = DeskContext(
        engine=result.engine,
        clock=Clock(options.today),
        settings=options.settings,
        demo=demo,
        notices=list(result.notices),
        syncs=syncs(result.engine),
    )
    if desk.run(has_workers):  # an empty database starts the first-run form, whoever was named
        desk.worker = desk_worker(desk, options, fallback=default_initials)
    backup = None if demo else _start_daily_backup(path, key, options.settings, desk.clock.today())
    try:
        return StvdeskApp(desk).run()
    finally:
        _finish_daily_backup(backup)
        result.engine.dispose()
        lock.__exit__(None, None, None)


@cli.command()
@option(
    "--borgere",
    "citizens",
    aliases=("--citizens",),
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Antal borgere (standard 240: ét team med seks sagsbehandlere).",
)
@click.option("--today", callback=parse_today, metavar="ÅÅÅÅ-MM-DD", help="Demoens dato (standard: i dag).")
@option("--forfra", "fresh", aliases=("--fresh",), is_flag=True, help="Byg demodatabasen forfra.")
@click.option(
    "--as",
    "as_initials",
    metavar="INITIALER",
    help="Åbn som denne medarbejder: KB (sagsbehandler, standard), RK (virksomhedskonsulent), LV (leder) …",
)
@option(
    "--startvaerdi",
    "seed",
    aliases=("--seed",),
    type=int,
    default=None,
    metavar="N",
    help="Startværdi for de opdigtede data.",
)
@option(
    "--kun-byg",
    "build_only",
    aliases=("--build-only",),
    is_flag=True,
    help="Byg demodatabasen uden at åbne skrivebordet.",
)
@help_option
@click.pass_context
def demo(
    ctx: click.Context,
    citizens: int | None,
    today: date | None,
    fresh: bool,
    as_initials: str | None,
    seed: int | None,
    build_only: bool = False,
) -> None:
    """Åbn skrivebordet på en demodatabase med opdigtede borgere.

    Demoen ligger i sin egen fil og blandes aldrig med din rigtige database.
    Den bygges første gang og genbruges derefter (samme dato og størrelse).
    """
    from stvdesk.db.demo import CITIZENS_PER_TEAM, DEFAULT_SEED, DEMO_WORKER
    from stvdesk.db.engine import sqlite_url

    options: Options = ctx.obj
    options.today = today or options.today
    use_clock(Clock(options.today))
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
    """The demo file for this size, built if missing, stale (another date/seed/version) or --forfra."""
    from stvdesk.db.demo import DemoSpec, build_demo_file, demo_file_name, demo_meta
    from stvdesk.db.errors import DatabaseFileError
    from stvdesk.db.migrate import head_revision, inspect_sqlite_file
    from stvdesk.domain.numbers import format_number

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
    click.echo(f"Bygger demodatabasen med {format_number(citizens)} opdigtede borgere …", err=True)
    started = time.perf_counter()
    last = [-1]

    def progress(fraction: float, _label: str) -> None:
        percent = int(fraction * 100)
        if percent // 10 != last[0] // 10 or percent == 100:
            last[0] = percent
            click.echo(f"  {percent:3d} %", err=True)

    summary = build_demo_file(path, DemoSpec(today=today, citizens=citizens, seed=seed), progress)
    click.echo(
        f"Færdig på {format_number(time.perf_counter() - started, 1)} s: {format_number(summary.citizens)} borgere, "
        f"{format_number(summary.workers)} medarbejdere, {format_number(summary.companies)} virksomheder, "
        f"{format_number(summary.rows)} rækker.",
        err=True,
    )
    return path
