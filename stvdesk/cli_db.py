"""`stvdesk db …`: the database file and server – upgrade, check, backups, encryption,
retention, copying to a team server and its logins (issues 9 and 10)."""

from __future__ import annotations

import sys
from datetime import UTC
from pathlib import Path

import click

from stvdesk.cli import (
    CONTEXT_SETTINGS,
    Options,
    _ask_secret,
    _confirm,
    _db_option,
    _db_url,
    _desk_for_worker,
    _fail,
    _help_option,
    _instance_lock,
    _key_for,
    _open,
    _refuse_bad_location,
    _say,
    cli,
)


@cli.group(context_settings=CONTEXT_SETTINGS)
@_help_option
def db() -> None:
    """Databasen: opgradér, kontrollér, sikkerhedskopier, kryptering, opbevaring og teamserver."""


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
        start = (
            conn.execute("SELECT value FROM db_meta WHERE key = 'audit_chain_start'").fetchone() if chained else None
        )
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
        if not assume_yes and not _confirm(f"Erstat {path} med {source}?", err=True):
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
    from stvdesk.db.cipher import export_checked, replace_file
    from stvdesk.db.errors import DatabaseFileError
    from stvdesk.db.migrate import inspect_sqlite_file
    from stvdesk.settings import backup_root

    try:
        inspect_sqlite_file(path, full_check=True, key=old)
    except DatabaseFileError as exc:
        _fail(exc.message)
    work = path.with_name(path.name + ".krypteres")
    work.unlink(missing_ok=True)
    try:
        export_checked(path, old, work, new)
    except DatabaseFileError as exc:
        _fail(exc.message)
    replace_file(work, path)
    converted = 0
    for copy in daily_backups(folder_for(path, backup_root(options.settings.safeguards))):
        work = copy.with_name(copy.name + ".krypteres")
        work.unlink(missing_ok=True)
        try:  # the daily copies share the database's salt, so its old key opens them
            export_checked(copy, old, work, new)
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
    from stvdesk.db.cipher import WrongPassphraseError, is_encrypted_file, key_for_file
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
    click.echo(
        "Adgangsfrasen er fjernet fra nøgleringen."
        if forget_in_keyring(path)
        else "Der var ingen adgangsfrase i nøgleringen for denne database."
    )


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
    if not assume_yes and not _confirm(f"Slet de {len(due)} borgere for altid?", err=True):
        _fail("Intet er slettet.", code=1)
    note = f"Slettet: opbevaringsfristen ({years} år efter afslutning) er udløbet"
    from sqlmodel import Session

    with Session(desk.engine) as session:
        rows = erase_citizens(session, [c.citizen_id for c in due], worker_id=worker.id if worker else None, note=note)
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
    from datetime import datetime
    from datetime import time as day_time

    from sqlmodel import Session

    from stvdesk.db.audit import prunable, prune_log, verify_chain
    from stvdesk.domain.retention import log_cutoff

    months = options.settings.safeguards.log_months
    lock = _instance_lock(_existing_file(options))  # noqa: F841 - held until the command ends
    desk, worker = _desk_for_worker(options, need_worker=False)
    cutoff = log_cutoff(desk.clock.today(), months)
    before = datetime.combine(cutoff, day_time.min, tzinfo=UTC)
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
        result = prune_log(
            session,
            before,
            worker_id=worker.id if worker else None,
            note=f"Logning ryddet: {count} hændelser til og med nr. {through} (før "
            f"{cutoff:%d-%m-%Y}) slettet efter opbevaringsfristen ({months} måneder)",
        )
    click.echo(f"{result.removed} hændelser slettet.")
