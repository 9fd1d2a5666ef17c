"""Command line (click). Help texts are Danish: they are what the user reads."""

from __future__ import annotations

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
@click.option("--db", metavar="STI|URL", help="Databasefil eller SQLAlchemy-URL (ellers STVDESK_DB eller standardfilen).")
@click.option("--as", "as_initials", metavar="INITIALER", help="Åbn skrivebordet som denne medarbejder.")
@click.option("--today", callback=_parse_today, metavar="ÅÅÅÅ-MM-DD", help="Fastsæt dagens dato (demo og test).")
@click.option("--unencrypted", is_flag=True,
              help="Opret en ny database uden kryptering (ellers krypteres den med en adgangsfrase).")
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
        _say(f"Ny database: {path}\nDen krypteres. Vælg en adgangsfrase; uden den kan data ikke læses "
             "(start med --unencrypted for en ukrypteret database).")
        key = choose_key(_ask_secret, _say)
        if key is None:
            _fail("Ingen adgangsfrase valgt; databasen er ikke oprettet.")
        return key
    return None


def _open(url: str, options: Options | None = None, *, demo: bool = False):
    """Open (check, unlock, back up, upgrade) or exit with the Danish reason. Returns (result, key)."""
    from stvdesk.db.engine import sqlite_path
    from stvdesk.db.errors import DatabaseFileError
    from stvdesk.db.migrate import open_database

    path = sqlite_path(url)
    key = None
    if path is not None and not demo:
        _refuse_bad_location(path)
        key = _key_for(path, options or Options(settings=Settings(), db=None, as_initials=None, today=None))
    from sqlalchemy.exc import DBAPIError

    try:
        result = open_database(url, key=key)
    except DatabaseFileError as exc:
        _fail(exc.message)
        raise AssertionError from exc  # unreachable: _fail exits
    except DBAPIError as exc:
        if path is not None:
            raise
        _fail(server_message(exc))
        raise AssertionError from exc
    if result.backup:
        click.echo(f"Databasen er opgraderet. Sikkerhedskopi af den gamle: {result.backup}", err=True)
    if path is not None:
        failed = _log_failed_unlocks(result.engine, path)
        if failed:
            result.notices.append(f"{failed} mislykkede forsøg på at åbne databasen siden sidst "
                                  "(forkert adgangsfrase). De står i logningen.")
    return result, key


def server_message(exc: Exception) -> str:
    """A database server's refusal in Danish, with the server's own words after it."""
    detail = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(getattr(exc, "orig", exc)).strip() else ""
    lowered = detail.lower()
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        reason = "Login eller adgangskode passer ikke."
    elif "does not exist" in lowered and "database" in lowered:
        reason = "Databasen findes ikke på serveren (opret den med createdb, og kør 'stvdesk db upgrade')."
    elif "permission denied" in lowered or "must be owner" in lowered:
        reason = ("Dit login må ikke ændre databasen; en opgradering køres af den, der ejer den "
                  "('stvdesk db upgrade' med ejerens login).")
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
            log_access(session, worker_id=None, action=AuditAction.FAILED_UNLOCK, device=failure.device,
                       at=failure.at, criterion="Forkert adgangsfrase", commit=False)
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
            outcome["path"] = take_daily(path, key, backup_root(settings.safeguards), today,
                                         settings.safeguards.backup_keep)
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
    return initials


def _launch(url: str, options: Options, *, demo: bool, default_initials: str | None = None) -> str | None:
    from stvdesk.app import StvdeskApp
    from stvdesk.context import DeskContext
    from stvdesk.db.engine import sqlite_path
    from stvdesk.db.queries.workers import default_worker, find_worker, has_workers

    path = sqlite_path(url)
    lock = _instance_lock(path)
    result, key = _open(url, options, demo=demo)
    desk = DeskContext(engine=result.engine, clock=Clock(options.today), settings=options.settings, demo=demo,
                       notices=list(result.notices))
    initials = _login_initials(result.engine, options) or options.as_initials or options.settings.worker \
        or default_initials
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
    result, _key = _open(url, options)
    result.engine.dispose()
    click.echo(f"Databasen er på nyeste version ({head_revision()}).")


def _existing_file(options: Options) -> Path:
    """The SQLite file a db command works on; exits in Danish if there is none."""
    from stvdesk.db.engine import sqlite_path

    path = sqlite_path(_db_url(options))
    if path is None:
        _fail("Kommandoen virker på SQLite-filer (en PostgreSQL-database passes af serveren).")
        raise AssertionError
    if not path.exists() or path.stat().st_size == 0:
        _fail(f"Der er ingen database i {path}.")
    return path


def _file_key(path: Path, options: Options):
    """An existing file's key (asked if it is encrypted), never creating one."""
    return _key_for(path, options, may_create=False)


@db.command(context_settings=CONTEXT_SETTINGS)
@_db_option
@_help_option
@click.pass_obj
def check(options: Options) -> None:
    """Kontrollér databasens integritet, version og logningens kæde. Ændrer intet."""
    from stvdesk.db.cipher import connect, database_errors
    from stvdesk.db.errors import DatabaseFileError
    from stvdesk.db.migrate import head_revision, inspect_sqlite_file
    from stvdesk.domain.audit import CHAIN_COLUMNS, ChainedEvent, ChainStart, chain_problems

    path = _existing_file(options)
    key = _file_key(path, options)
    try:
        state = inspect_sqlite_file(path, key=key)
    except DatabaseFileError as exc:
        _fail(exc.message, code=1)
        return
    conn = connect(path, key, read_only=True)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        has_log = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'audit_event'").fetchone() is not None
        chained = has_log and state.revision is not None and state.revision >= "0010"  # chained from 0010 on
        rows = conn.execute(f"SELECT {CHAIN_COLUMNS} FROM audit_event ORDER BY seq").fetchall() if chained else []
        start = conn.execute("SELECT value FROM db_meta WHERE key = 'audit_chain_start'").fetchone() if chained else None
    except database_errors() as exc:
        _fail(f"Databasen {path} kan ikke læses helt ({exc}). Gendan den seneste sikkerhedskopi.", code=1)
        return
    finally:
        conn.close()
    chain_start = ChainStart.parse(start[0] if start else None)
    problems = chain_problems((ChainedEvent.from_row(*row) for row in rows), chain_start)
    click.echo(f"Fil: {path}")
    click.echo(f"Kryptering: {'ja (SQLCipher)' if key else 'nej – kør stvdesk db encrypt'}")
    click.echo(f"Integritet: {'ok' if integrity == 'ok' else integrity}")
    if has_log and not chained:
        click.echo("Logning: kædes først efter 'stvdesk db upgrade'")
    elif problems:
        click.echo(f"Logning: {len(rows)} hændelser – kæden er BRUDT:")
        for problem in problems[:20]:
            click.echo(f"  {problem}")
    else:
        pruned = f" (ryddet til og med hændelse {chain_start.seq - 1})" if chain_start.seq > 1 else ""
        click.echo(f"Logning: {len(rows)} hændelser, kæden er intakt{pruned}")
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
    En krypteret database giver en krypteret kopi med samme adgangsfrase.
    """
    from stvdesk.db.errors import DatabaseFileError
    from stvdesk.db.migrate import backup_sqlite, inspect_sqlite_file

    path = _existing_file(options)
    key = _file_key(path, options)
    try:
        inspect_sqlite_file(path, key=key)
        copy = backup_sqlite(path, dest, key=key)
    except (DatabaseFileError, FileExistsError) as exc:
        _fail(getattr(exc, "message", str(exc)))
        return
    click.echo(f"Sikkerhedskopi gemt: {copy}")


@db.command(context_settings=CONTEXT_SETTINGS)
@_db_option
@_help_option
@click.pass_obj
def backups(options: Options) -> None:
    """Vis de daglige sikkerhedskopier, der tages når skrivebordet åbnes."""
    from stvdesk.db.backups import daily_backups, folder_for
    from stvdesk.settings import backup_root

    path = _existing_file(options)
    folder = folder_for(path, backup_root(options.settings.safeguards))
    found = daily_backups(folder)
    click.echo(f"Mappe: {folder} (der gemmes {options.settings.safeguards.backup_keep})")
    if not found:
        click.echo("Ingen daglige sikkerhedskopier endnu.")
    for copy in reversed(found):
        click.echo(f"  {copy.name}  {copy.stat().st_size / 1_048_576:.1f} MB")


@db.command(context_settings=CONTEXT_SETTINGS)
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", "-y", "assume_yes", is_flag=True, help="Spørg ikke først.")
@_db_option
@_help_option
@click.pass_obj
def restore(options: Options, source: Path, assume_yes: bool) -> None:
    """Gendan databasen fra en sikkerhedskopi (SOURCE).

    Kopien kontrolleres først; den nuværende database gemmes ved siden af, før den erstattes.
    """
    from stvdesk.db.backups import restore as restore_file
    from stvdesk.db.cipher import file_salt, is_encrypted_file, opens
    from stvdesk.db.engine import sqlite_path
    from stvdesk.db.errors import DatabaseFileError
    from stvdesk.unlock import unlock

    path = sqlite_path(_db_url(options))
    if path is None:
        _fail("Kommandoen virker på SQLite-filer.")
        return
    if source.resolve() == path.resolve():
        _fail("Kopien og databasen er den samme fil.")
    _refuse_bad_location(path)
    lock = _instance_lock(path)
    try:
        key = _file_key(path, options) if path.exists() and path.stat().st_size else None
        source_key = None
        if is_encrypted_file(source):
            if key is not None and file_salt(source) == key.salt and opens(source, key):
                source_key = key  # one of this database's own backups
            else:
                _say(f"Kopien {source.name} er krypteret med en anden adgangsfrase.")
                source_key = unlock(source, _ask_secret, _say, use_keyring=False)
                if source_key is None:
                    _fail("Kopien kunne ikke låses op; intet er ændret.", code=1)
        if not assume_yes and not click.confirm(f"Erstat {path} med {source}?", default=False, err=True):
            _fail("Intet er ændret.", code=1)
        try:
            safety = restore_file(path, source, key, source_key)
        except DatabaseFileError as exc:
            _fail(exc.message)
            return
    finally:
        lock.__exit__(None, None, None)
    click.echo(f"Databasen er gendannet fra {source}.")
    if safety:
        click.echo(f"Den database, der var før, er gemt som {safety}.")


@db.command(context_settings=CONTEXT_SETTINGS)
@_db_option
@_help_option
@click.pass_obj
def encrypt(options: Options) -> None:
    """Kryptér en ukrypteret database (SQLCipher) med en ny adgangsfrase.

    Filen skrives krypteret ved siden af, kontrolleres og erstatter så den gamle.
    Gamle ukrypterede sikkerhedskopier krypteres med samme adgangsfrase.
    """
    from stvdesk.db.cipher import is_encrypted_file
    from stvdesk.unlock import choose_key

    path = _existing_file(options)
    if is_encrypted_file(path):
        _fail("Databasen er allerede krypteret. Brug 'stvdesk db rekey' for at skifte adgangsfrase.")
    lock = _instance_lock(path)
    try:
        key = choose_key(_ask_secret, _say)
        if key is None:
            _fail("Ingen adgangsfrase valgt; intet er ændret.")
        converted = _convert(path, None, key, options)
    finally:
        lock.__exit__(None, None, None)
    click.echo(f"Databasen er krypteret: {path}" + (f" (og {converted} sikkerhedskopier)" if converted else ""))


@db.command(context_settings=CONTEXT_SETTINGS)
@_db_option
@_help_option
@click.pass_obj
def rekey(options: Options) -> None:
    """Skift adgangsfrasen til en krypteret database (og dens daglige sikkerhedskopier)."""
    from stvdesk.db.cipher import is_encrypted_file
    from stvdesk.unlock import choose_key, forget_in_keyring, unlock

    path = _existing_file(options)
    if not is_encrypted_file(path):
        _fail("Databasen er ikke krypteret. Brug 'stvdesk db encrypt'.")
    lock = _instance_lock(path)
    try:
        old = unlock(path, lambda _label: _ask_secret("Nuværende adgangsfrase"), _say, use_keyring=False)
        if old is None:
            _fail("Tre forkerte adgangsfraser; intet er ændret.", code=1)
        new = choose_key(_ask_secret, _say)
        if new is None:
            _fail("Ingen ny adgangsfrase valgt; intet er ændret.")
        converted = _convert(path, old, new, options)
    finally:
        lock.__exit__(None, None, None)
    if forget_in_keyring(path):
        _say("Den gamle adgangsfrase er fjernet fra nøgleringen ('stvdesk db remember' gemmer den nye).")
    click.echo("Adgangsfrasen er skiftet" + (f" (også for {converted} sikkerhedskopier)." if converted else "."))


def _convert(path: Path, old, new, options: Options) -> int:
    """Write `path` under the new key, check it, put it in place; then the daily backups. Returns
    how many backups were converted."""
    from stvdesk.db.backups import daily_backups, folder_for
    from stvdesk.db.cipher import export_copy, opens, replace_file
    from stvdesk.db.errors import DatabaseFileError
    from stvdesk.db.migrate import inspect_sqlite_file
    from stvdesk.settings import backup_root

    try:
        inspect_sqlite_file(path, full_check=True, key=old)
    except DatabaseFileError as exc:
        _fail(exc.message)
    work = path.with_name(path.name + ".krypteres")
    work.unlink(missing_ok=True)
    export_copy(path, old, work, new)
    if not opens(work, new):
        work.unlink(missing_ok=True)
        _fail("Den krypterede kopi kunne ikke kontrolleres; intet er ændret.")
    replace_file(work, path)
    converted = 0
    for copy in daily_backups(folder_for(path, backup_root(options.settings.safeguards))):
        work = copy.with_name(copy.name + ".krypteres")
        work.unlink(missing_ok=True)
        try:  # the daily copies share the database's salt, so its old key opens them
            export_copy(copy, old, work, new)
            replace_file(work, copy)
            converted += 1
        except Exception as exc:  # an unreadable old copy is reported, not a reason to stop
            work.unlink(missing_ok=True)
            _say(f"Sikkerhedskopien {copy.name} kunne ikke konverteres ({exc}); slet den, hvis den er ukrypteret.")
    return converted


@db.command(context_settings=CONTEXT_SETTINGS)
@_db_option
@_help_option
@click.pass_obj
def remember(options: Options) -> None:
    """Gem adgangsfrasen i styresystemets nøglering, så den ikke skal skrives ved hver start."""
    from stvdesk.db.cipher import is_encrypted_file, key_for_file, WrongPassphraseError
    from stvdesk.unlock import store_in_keyring

    path = _existing_file(options)
    if not is_encrypted_file(path):
        _fail("Databasen er ikke krypteret.")
    passphrase = _ask_secret(f"Adgangsfrase til {path.name}")
    try:
        key_for_file(path, passphrase)
    except WrongPassphraseError:
        _fail("Forkert adgangsfrase; intet er gemt.", code=1)
    problem = store_in_keyring(path, passphrase)
    if problem:
        _fail(problem)
    click.echo("Adgangsfrasen er gemt i nøgleringen.")


@db.command(context_settings=CONTEXT_SETTINGS)
@_db_option
@_help_option
@click.pass_obj
def forget(options: Options) -> None:
    """Fjern adgangsfrasen fra styresystemets nøglering."""
    from stvdesk.unlock import forget_in_keyring

    path = _existing_file(options)
    click.echo("Adgangsfrasen er fjernet fra nøgleringen." if forget_in_keyring(path)
               else "Der var ingen adgangsfrase i nøgleringen for denne database.")


@db.command(context_settings=CONTEXT_SETTINGS)
@click.option("--dry-run", is_flag=True, help="Vis kun, hvad der ville blive slettet.")
@click.option("--yes", "-y", "assume_yes", is_flag=True, help="Spørg ikke først.")
@_db_option
@_help_option
@click.pass_obj
def retention(options: Options, dry_run: bool, assume_yes: bool) -> None:
    """Slet afsluttede sager, hvis opbevaringsfrist er udløbet (standard 5 år efter afslutning).

    Alt om borgeren slettes, også fra navneindekset, og filen skrives om, så intet kan
    genskabes. Logningen beholder sine hændelser (uden navn og CPR) og får én pr. sletning.
    """
    from stvdesk.db.retention import due_for_erasure, erase_citizens, scrub_file
    from stvdesk.domain.cpr import mask
    from stvdesk.domain.retention import case_erasure_cutoff

    years = options.settings.safeguards.closed_case_years
    lock = _instance_lock(_existing_file(options))  # noqa: F841 - held until the command ends
    desk, worker = _desk_for_worker(options, need_worker=False)
    today = desk.clock.today()
    due = desk.query(lambda s: due_for_erasure(s, today, years))
    cutoff = case_erasure_cutoff(today, years)
    click.echo(f"Opbevaringsfrist: {years} år efter afslutning – sager afsluttet senest {cutoff:%d-%m-%Y}.")
    if not due:
        click.echo("Ingen sager skal slettes.")
        return
    for case in due:
        click.echo(f"  {case.closed_on:%d-%m-%Y}  {mask(case.cpr)}  {case.name}  {case.caseworker}")
    click.echo(f"{len(due)} borgere.")
    if dry_run:
        click.echo("Prøvekørsel: intet er slettet.")
        return
    if not assume_yes and not click.confirm(f"Slet de {len(due)} borgere for altid?", default=False, err=True):
        _fail("Intet er slettet.", code=1)
    note = f"Slettet: opbevaringsfristen ({years} år efter afslutning) er udløbet"
    from sqlmodel import Session

    with Session(desk.engine) as session:
        rows = erase_citizens(session, [c.citizen_id for c in due], worker_id=worker.id if worker else None,
                              note=note)
    scrub_file(desk.engine)
    click.echo(f"{len(due)} borgere slettet ({rows} rækker), og filen er skrevet om.")


@db.command("copy", context_settings=CONTEXT_SETTINGS)
@click.argument("dest", metavar="MÅL")
@_db_option
@_help_option
@click.pass_obj
def copy_command(options: Options, dest: str) -> None:
    """Kopiér alle rækker til en anden, tom database (fx teamets nye PostgreSQL-server).

    MÅL er en fil eller en URL (postgresql+psycopg://…). Målet opgraderes først og skal være
    tomt; intet skrives, hvis kopien fejler.
    """
    from stvdesk.db.copy import CopyError, copy_rows
    from stvdesk.db.engine import normalise_url

    source, _key = _open(_db_url(options), options)
    target_url = normalise_url(dest)
    target, _target_key = _open(target_url, options)
    try:
        counts = copy_rows(source.engine, target.engine)
    except CopyError as exc:
        _fail(str(exc))
        return
    finally:
        source.engine.dispose()
        target.engine.dispose()
    click.echo(f"{sum(counts.values())} rækker kopieret ({counts.get('citizen', 0)} borgere).")


@db.command("login", context_settings=CONTEXT_SETTINGS)
@click.argument("initials")
@click.option("--login", "login_name", default=None, metavar="NAVN", help="Loginnavnet (standard stvdesk_INITIALER).")
@_db_option
@_help_option
@click.pass_obj
def login_command(options: Options, initials: str, login_name: str | None) -> None:
    """Giv en medarbejder sit eget login på teamets PostgreSQL-server (eller ny adgangskode).

    Køres af den, der ejer databasen. Serveren afgør derefter selv, hvad login'et må se:
    egne og makkerens borgere, teamets for en leder (rækkeniveau-sikkerhed).
    """
    from stvdesk.db.logins import LoginError, create_login

    url = _db_url(options)
    result, _key = _open(url, options)
    password = _ask_secret(f"Adgangskode til {initials}s login (mindst 12 tegn)")
    if _ask_secret("Gentag adgangskoden") != password:
        _fail("De to adgangskoder er ikke ens; intet er ændret.")
    try:
        login = create_login(result.engine, initials.upper(), password, login_name)
    except LoginError as exc:
        _fail(str(exc))
        return
    finally:
        result.engine.dispose()
    click.echo(f"{initials.upper()} logger ind som '{login}'.")


@db.command("prune-log", context_settings=CONTEXT_SETTINGS)
@click.option("--dry-run", is_flag=True, help="Vis kun, hvor meget der ville blive slettet.")
@_db_option
@_help_option
@click.pass_obj
def prune_log_command(options: Options, dry_run: bool) -> None:
    """Slet logningshændelser, der er ældre end opbevaringsfristen (standard 6 måneder).

    Kæden kontrolleres stadig for resten; selve oprydningen logges.
    """
    from datetime import datetime, time as day_time, timezone

    from sqlmodel import Session

    from stvdesk.db.audit import prunable, prune_log, verify_chain
    from stvdesk.domain.retention import log_cutoff

    months = options.settings.safeguards.log_months
    lock = _instance_lock(_existing_file(options))  # noqa: F841 - held until the command ends
    desk, worker = _desk_for_worker(options, need_worker=False)
    cutoff = log_cutoff(desk.clock.today(), months)
    before = datetime.combine(cutoff, day_time.min, tzinfo=timezone.utc)
    with Session(desk.engine) as session:
        count, through = prunable(session, before)
        click.echo(f"Opbevaringsfrist: {months} måneder – hændelser før {cutoff:%d-%m-%Y}: {count}.")
        if dry_run or count == 0:
            if dry_run:
                click.echo("Prøvekørsel: intet er slettet.")
            return
        _total, problems = verify_chain(session)
        if problems:
            _fail("Logningens kæde er brudt (se 'stvdesk db check'); der ryddes ikke i en brudt logning.", code=1)
        result = prune_log(session, before, worker_id=worker.id if worker else None,
                           note=f"Logning ryddet: {count} hændelser til og med nr. {through} (før "
                                f"{cutoff:%d-%m-%Y}) slettet efter opbevaringsfristen ({months} måneder)")
    click.echo(f"{result.removed} hændelser slettet.")


def main() -> None:
    cli(prog_name="stvdesk")


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
        _fail(f"Der er ingen medarbejder med initialerne '{initials}'." if initials else "Databasen har ingen medarbejdere.")
    return desk, worker


def _log_out(desk, worker, action: str, citizen_ids, criterion: str) -> None:
    """As StvdeskApp.log_citizens_out, for the export commands."""
    from stvdesk.db.audit import log_citizens_out
    from stvdesk.domain.enums import AuditAction

    desk.query(lambda s: log_citizens_out(s, worker_id=worker.id, action=AuditAction[action],
                                          citizen_ids=citizen_ids, criterion=criterion))


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
    _log_out(desk, worker, "EXPORT", [line.citizen_id for line in lines], f"Kalenderfil {target.name}")
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
    shown = [line.citizen_id for line in agenda.overdue] + [line.citizen_id for _day, lines in agenda.days
                                                            for line in lines]
    _log_out(desk, worker, "EXPORT", shown, f"Ugeoversigt uge {agenda.week_start.isocalendar().week}")
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
    _log_out(desk, worker, "PRINT", [p.citizen_id for v in visits for p in v.people],
             f"Besøgsark {day:%d-%m-%Y}")
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
