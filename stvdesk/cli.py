"""Command line (click): `stvdesk`, `stvdesk demo`, and what opening a database takes (unlock,
location, lock, daily backup). The `db`, `export`, `import` and `sync` commands are in
cli_db.py, cli_export.py, cli_import.py and cli_sync.py. Help texts are Danish: they are what the user reads."""

from __future__ import annotations

import sys
import time
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import click

from stvdesk import cli_danish
from stvdesk.clock import Clock, parse_iso_date
from stvdesk.settings import Settings, SettingsError, data_dir, default_db_path, load_settings

CONTEXT_SETTINGS = {"help_option_names": []}
cli_danish.install()


def _help_option(fn):
    return click.help_option("-h", "--help", help="Vis denne hjælp og afslut.")(fn)


def _db_option(fn):
    """`--db` on a subcommand too (`stvdesk db check --db FIL`), overriding the group's."""

    def remember(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
        if value is not None:
            ctx.find_object(Options).db = value

    return click.option(
        "--db", metavar="STI|URL", expose_value=False, callback=remember, help="Databasefil eller SQLAlchemy-URL."
    )(fn)


@dataclass
class Options:
    settings: Settings
    db: str | None
    as_initials: str | None
    today: date | None
    unencrypted: bool = False


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
@click.option(
    "--db", metavar="STI|URL", help="Databasefil eller SQLAlchemy-URL (ellers STVDESK_DB eller standardfilen)."
)
@click.option("--as", "as_initials", metavar="INITIALER", help="Åbn skrivebordet som denne medarbejder.")
@click.option("--today", callback=_parse_today, metavar="ÅÅÅÅ-MM-DD", help="Fastsæt dagens dato (demo og test).")
@click.option(
    "--unencrypted",
    is_flag=True,
    help="Opret en ny database uden kryptering (ellers krypteres den med en adgangsfrase).",
)
@click.version_option(package_name="stvdesk", message="stvdesk %(version)s", help="Vis versionen og afslut.")
@_help_option
@click.pass_context
def cli(ctx: click.Context, db: str | None, as_initials: str | None, today: date | None, unencrypted: bool) -> None:
    """stvdesk – skrivebord for sagsbehandlere, virksomhedskonsulenter og ledere.

    Uden kommando åbnes din egen database. Er den tom, starter en formular,
    hvor du opretter dit team og dig selv – eller vælger demoen.
    """
    try:
        settings = load_settings()
    except SettingsError as exc:
        _fail(str(exc))
        return
    ctx.obj = Options(settings=settings, db=db, as_initials=as_initials, today=today, unencrypted=unencrypted)
    if ctx.invoked_subcommand is None:
        url = _db_url(ctx.obj)
        result = _launch(url, ctx.obj, demo=False)
        if result == "demo":
            ctx.invoke(demo, citizens=None, today=today, fresh=False, as_initials=as_initials, seed=None)


def _db_url(options: Options) -> str:
    from stvdesk.db.engine import normalise_url

    return normalise_url(options.db or options.settings.db or default_db_path())


def _ask_secret(label: str) -> str:
    return click.prompt(label, hide_input=True, err=True, default="", show_default=False)


def _confirm(question: str, *, err: bool = False) -> bool:
    """Yes or no in Danish: j/ja (or y/yes) is yes; Enter, n or nej is no; anything else asks again.
    (click.confirm takes only y/n, so a Danish "j" was an error.)"""
    while True:
        answer = click.prompt(f"{question} [j/N]", default="", show_default=False, err=err).strip().lower()
        if answer in ("j", "ja", "y", "yes"):
            return True
        if answer in ("", "n", "nej", "no"):
            return False
        click.echo("Svar j (ja) eller n (nej).", err=err)


def _say(text: str) -> None:
    click.echo(text, err=True)


def _refuse_bad_location(path: Path) -> None:
    from stvdesk.db.location import location_problem

    problem = location_problem(path)
    if problem:
        _fail(problem)


def _key_for(path: Path, options: Options, *, may_create: bool = True):
    """The key an existing encrypted file needs (asked, three tries), the key a new file gets
    (unless --unencrypted), or None for a plain file. Exits in Danish after three wrong tries."""
    from stvdesk.db.cipher import is_encrypted_file
    from stvdesk.unlock import choose_key, unlock

    if is_encrypted_file(path):
        key = unlock(path, _ask_secret, _say)
        if key is None:
            _fail("Tre forkerte adgangsfraser. Databasen er ikke åbnet, og filen er ikke ændret.", code=1)
        return key
    is_new = not path.exists() or path.stat().st_size == 0
    if is_new and may_create and not options.unencrypted:
        _say(
            f"Ny database: {path}\nDen krypteres. Vælg en adgangsfrase; uden den kan data ikke læses "
            "(start med --unencrypted for en ukrypteret database)."
        )
        key = choose_key(_ask_secret, _say)
        if key is None:
            _fail("Ingen adgangsfrase valgt; databasen er ikke oprettet.")
        return key
    return None


def _open(url: str, options: Options, *, demo: bool = False):
    """Open (check, unlock, back up, upgrade) or exit with the Danish reason. Returns (result, key)."""
    from stvdesk.db.engine import sqlite_path
    from stvdesk.db.errors import DatabaseFileError
    from stvdesk.db.migrate import open_database

    path = sqlite_path(url)
    key = None
    if path is not None and not demo:
        _refuse_bad_location(path)
        key = _key_for(path, options)
    from sqlalchemy.exc import DBAPIError

    try:
        result = open_database(url, key=key)
    except DatabaseFileError as exc:
        _fail(exc.message)
        raise AssertionError from exc  # unreachable: _fail exits
    except DBAPIError as exc:
        if path is not None:
            if "locked" not in str(exc):
                raise
            from stvdesk.db.errors import locked_message

            _fail(locked_message(path))  # another program took the file while it was upgraded
        _fail(server_message(exc))
        raise AssertionError from exc
    if result.backup:
        click.echo(f"Databasen er opgraderet. Sikkerhedskopi af den gamle: {result.backup}", err=True)
    if path is not None:
        failed = _log_failed_unlocks(result.engine, path)
        if failed:
            result.notices.append(
                f"{failed} mislykkede forsøg på at åbne databasen siden sidst "
                "(forkert adgangsfrase). De står i logningen."
            )
    return result, key


def server_message(exc: Exception) -> str:
    """A database server's refusal in Danish, with the server's own words after it."""
    words = str(getattr(exc, "orig", exc)).strip()
    detail = words.splitlines()[0] if words else ""
    lowered = detail.lower()
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        reason = "Login eller adgangskode passer ikke."
    elif "does not exist" in lowered and "database" in lowered:
        reason = "Databasen findes ikke på serveren (opret den med createdb, og kør 'stvdesk db upgrade')."
    elif "permission denied" in lowered or "must be owner" in lowered:
        reason = (
            "Dit login må ikke ændre databasen; en opgradering køres af den, der ejer den "
            "('stvdesk db upgrade' med ejerens login)."
        )
    else:
        reason = "Kan ikke forbinde til databaseserveren. Er den startet, og er adressen rigtig?"
    return f"{reason} ({detail})" if detail else reason


def _log_failed_unlocks(engine, path: Path) -> int:
    """Move the failed tries noted beside the file into its access log (stvdesk.unlock);
    returns how many there were."""
    from sqlmodel import Session

    from stvdesk.db.audit import log_access
    from stvdesk.domain.enums import AuditAction
    from stvdesk.unlock import clear_failures, pending_failures

    failures = pending_failures(path)
    if not failures:
        return 0
    with Session(engine) as session:
        for failure in failures:
            log_access(
                session,
                worker_id=None,
                action=AuditAction.FAILED_UNLOCK,
                device=failure.device,
                at=failure.at,
                criterion="Forkert adgangsfrase",
                commit=False,
            )
        session.commit()
    clear_failures(path)
    _say(f"Bemærk: {len(failures)} mislykkede forsøg på at åbne databasen siden sidst (skrevet i logningen).")
    return len(failures)


def _instance_lock(path: Path | None):
    from contextlib import nullcontext

    from stvdesk.db.instance_lock import AlreadyOpenError, InstanceLock

    if path is None:
        return nullcontext()
    try:
        return InstanceLock(path).acquire()
    except AlreadyOpenError as exc:
        _fail(exc.message)
        raise AssertionError from exc


def _start_daily_backup(path: Path | None, key, settings: Settings, today: date):
    """Today's backup in a thread beside the desk (SQLite's backup step runs without the GIL)."""
    import threading

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


def _finish_daily_backup(started) -> None:
    if started is None:
        return
    thread, outcome = started
    if thread.is_alive():
        _say("Venter på dagens sikkerhedskopi …")
        thread.join()
    if "error" in outcome:
        error = outcome["error"]
        _say(f"Dagens sikkerhedskopi kunne ikke tages: {getattr(error, 'message', error)}")


def _login_initials(engine, options: Options) -> str | None:
    """On a team server, a worker's own login decides who is at the desk (issue 10); --as
    may not say otherwise."""
    from stvdesk.db.logins import login_worker

    initials = login_worker(engine)
    if initials and options.as_initials and options.as_initials.upper() != initials.upper():
        _fail(f"Du er logget ind på serveren som {initials}; --as {options.as_initials} er ikke tilladt.")
    if initials is None:
        initials = _laptop_owner(engine)
        if initials and options.as_initials and options.as_initials.upper() != initials.upper():
            _fail(f"Den bærbare synkroniserer som {initials}; --as {options.as_initials} er ikke tilladt.")
    return initials


def _laptop_owner(engine) -> str | None:
    """The worker a syncing laptop belongs to (stvdesk sync): the desk opens as them."""
    from sqlmodel import Session

    from stvdesk.db.models import DbMeta, Worker
    from stvdesk.sync.capture import WORKER_KEY, syncs

    if not syncs(engine):
        return None
    with Session(engine) as session:
        owner = session.get(DbMeta, WORKER_KEY)
        worker = session.get(Worker, uuid.UUID(owner.value)) if owner else None
    return worker.initials if worker else None


def _launch(url: str, options: Options, *, demo: bool, default_initials: str | None = None) -> str | None:
    from stvdesk.app import StvdeskApp
    from stvdesk.context import DeskContext
    from stvdesk.db.engine import sqlite_path
    from stvdesk.db.queries.workers import default_worker, find_worker, has_workers
    from stvdesk.sync.capture import syncs

    path = sqlite_path(url)
    lock = _instance_lock(path)
    result, key = _open(url, options, demo=demo)
    desk = DeskContext(
        engine=result.engine,
        clock=Clock(options.today),
        settings=options.settings,
        demo=demo,
        notices=list(result.notices),
        syncs=syncs(result.engine),
    )
    initials = (
        _login_initials(result.engine, options) or options.as_initials or options.settings.worker or default_initials
    )
    if desk.query(has_workers):
        if initials:
            desk.worker = desk.query(lambda s: find_worker(s, initials))
            if desk.worker is None:
                _fail(f"Der er ingen medarbejder med initialerne '{initials}' i databasen.")
        else:
            desk.worker = desk.query(default_worker)
    backup = None if demo else _start_daily_backup(path, key, options.settings, desk.clock.today())
    try:
        return StvdeskApp(desk).run()
    finally:
        _finish_daily_backup(backup)
        result.engine.dispose()
        lock.__exit__(None, None, None)


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.option(
    "--citizens",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Antal borgere (standard 240: ét team med seks sagsbehandlere).",
)
@click.option("--today", callback=_parse_today, metavar="ÅÅÅÅ-MM-DD", help="Demoens dato (standard: i dag).")
@click.option("--fresh", is_flag=True, help="Byg demodatabasen forfra.")
@click.option("--as", "as_initials", metavar="INITIALER", help="Åbn som denne medarbejder (standard KB).")
@click.option("--seed", type=int, default=None, help="Startværdi for de opdigtede data.")
@click.option("--build-only", is_flag=True, help="Byg demodatabasen uden at åbne skrivebordet.")
@_help_option
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


def _desk_for_worker(options: Options, *, need_worker: bool = True):
    """Open the database and find the worker (--as, config, or the first caseworker), or exit in Danish.
    With need_worker False, a database without workers gives worker None."""
    from stvdesk.context import DeskContext
    from stvdesk.db.queries.workers import default_worker, find_worker

    result, _key = _open(_db_url(options), options)
    desk = DeskContext(engine=result.engine, clock=Clock(options.today), settings=options.settings)
    initials = _login_initials(result.engine, options) or options.as_initials or options.settings.worker
    worker = desk.query(lambda s: find_worker(s, initials) if initials else default_worker(s))
    if worker is None and (need_worker or initials):
        _fail(
            f"Der er ingen medarbejder med initialerne '{initials}'."
            if initials
            else "Databasen har ingen medarbejdere."
        )
    return desk, worker


def main() -> None:
    cli(prog_name="stvdesk")


# The command groups live in modules of their own; importing them registers them on `cli`.
from stvdesk import cli_db, cli_export, cli_import, cli_sync  # noqa: E402,F401

cli_danish.name_metavars(cli)
