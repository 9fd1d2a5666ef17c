"""`stvdesk db …`: the database file and server – upgrade, check, backups, retention, copying
to a team server and its logins. The passphrase commands are in db_cipher.py."""

from __future__ import annotations

import sys
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING

import click

from stvdesk.cli.db_cipher import encrypt, forget, rekey, remember
from stvdesk.cli.options import (
    Options,
    ask_secret,
    confirm,
    db_option,
    db_url,
    desk_for_worker,
    dry_run_option,
    existing_file,
    fail,
    group,
    help_option,
    instance_lock,
    key_for,
    missing_database,
    open_db,
    refuse_bad_location,
    say,
    server_message,
    yes_option,
)

if TYPE_CHECKING:
    from stvdesk.db.cipher import CipherKey
    from stvdesk.domain.audit import LogCheck


@group()
@help_option
def db() -> None:
    """Databasen: opgradér, kontrollér, sikkerhedskopier, kryptering, opbevaring og teamserver."""


@db.command()
@db_option
@help_option
@click.pass_obj
def new(options: Options) -> None:
    """Opret en ny, tom database (krypteret med en adgangsfrase, medmindre --ukrypteret).

    Andre kommandoer opretter ingen database. Skrivebordet (stvdesk) åbner den
    derefter med formularen, hvor du opretter dit team og dig selv.
    """
    from stvdesk.db.engine import sqlite_path

    url = db_url(options)
    path = sqlite_path(url)
    if path is None:
        fail("Kommandoen opretter SQLite-filer; en PostgreSQL-database oprettes med createdb og 'stvdesk db upgrade'.")
    if not missing_database(path):
        fail(f"Der er allerede en database i {path}; intet er ændret.")
    result, key = open_db(url, options, create=True)
    result.engine.dispose()
    click.echo(f"Ny database oprettet: {path} ({'krypteret' if key else 'ukrypteret'}).")


@db.command()
@db_option
@help_option
@click.pass_obj
def upgrade(options: Options) -> None:
    """Opgradér databasen til nyeste version (med sikkerhedskopi først)."""
    from stvdesk.db.migrate import head_revision

    url = db_url(options)
    result, _key = open_db(url, options)
    result.engine.dispose()
    click.echo(f"Databasen er på nyeste version ({head_revision()}).")


def _file_key(path: Path, options: Options) -> CipherKey | None:
    """An existing file's key (asked if it is encrypted), never creating one."""
    return key_for(path, options, may_create=False)


@db.command()
@db_option
@help_option
@click.pass_obj
def check(options: Options) -> None:
    """Kontrollér databasens integritet, version og logningen: kæden, dens anker og vagterne, der
    afviser ændringer. Ændrer intet. Virker også mod teamets PostgreSQL-server (ejerens login)."""
    from stvdesk.db.audit import anchor_path, check_file, guard_problems_file, read_anchor
    from stvdesk.db.cipher import connect, database_errors, nobody_writing
    from stvdesk.db.engine import sqlite_path
    from stvdesk.db.errors import DatabaseFileError
    from stvdesk.db.migrate import inspect_sqlite_file

    url = db_url(options)
    if sqlite_path(url) is None:
        _check_server(url)
        return
    path = existing_file(options)
    key = _file_key(path, options)
    try:
        state = inspect_sqlite_file(path, key=key)
    except DatabaseFileError as exc:
        fail(exc.message, code=1)
        return
    # Immutable when nobody writes the file: a check then leaves nothing beside it, and works in
    # a read-only folder too.
    conn = connect(path, key, read_only=True, immutable=nobody_writing(path))
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        has_log = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'audit_event'").fetchone() is not None
        chained = has_log and state.revision is not None and state.revision >= "0010"  # chained from 0010 on
        found = check_file(conn, path, key) if chained else None
        guards = guard_problems_file(conn) if chained else []  # guarded from 0002, chained from 0010
    except database_errors() as exc:
        fail(f"Databasen {path} kan ikke læses helt ({exc}). Gendan den seneste sikkerhedskopi.", code=1)
        return
    finally:
        conn.close()
    click.echo(f"Fil: {path}")
    click.echo(f"Kryptering: {'ja (SQLCipher)' if key else 'nej – kør stvdesk db encrypt'}")
    click.echo(f"Integritet: {'ok' if integrity == 'ok' else integrity}")
    if has_log and not chained:
        click.echo("Logning: kædes først efter 'stvdesk db upgrade'")
    elif found is not None:
        _say_log(found)
        try:
            anchor = read_anchor(path)
        except Exception:  # said among the log's problems
            anchor = None
        where = anchor_path(path).name
        click.echo(f"Anker: {where} holder hændelse {anchor.seq}" if anchor else f"Anker: intet ({where})")
    if chained:
        _say_guards(guards)
    _say_version(state.revision)
    if integrity != "ok" or (found is not None and found.problems) or guards:
        sys.exit(1)


def _say_log(found: LogCheck) -> None:
    from stvdesk.domain.numbers import format_number

    if found.problems:
        click.echo(f"Logning: {format_number(found.count)} hændelser – kæden er BRUDT:")
        for problem in found.problems[:20]:
            click.echo(f"  {problem}")
    else:
        first = found.head - found.count + 1
        pruned = f" (ryddet til og med hændelse {first - 1})" if first > 1 else ""
        click.echo(f"Logning: {format_number(found.count)} hændelser, kæden er intakt{pruned}")
    for note in found.notes:
        click.echo(f"  {note}")


def _say_guards(problems: list[str]) -> None:
    if not problems:
        click.echo("Vagter: på – hændelser kan ikke ændres eller slettes")
        return
    click.echo("Vagter: MANGLER:")
    for problem in problems:
        click.echo(f"  {problem}")


def _say_version(revision: str | None) -> None:
    from stvdesk.db.migrate import head_revision

    head = head_revision()
    if revision is None:
        click.echo("Version: tom database (oprettes ved første åbning)")
    elif revision == head:
        click.echo(f"Version: {revision} (nyeste)")
    else:
        click.echo(f"Version: {revision} – ældre end {head}; kør 'stvdesk db upgrade'.")


def _check_server(url: str) -> None:
    """`db check` against a team server: the whole chain (the owner's login reads it; a worker's
    login reads only its own events and is told so) and the server's guards."""
    import sqlalchemy as sa
    from sqlalchemy.exc import DBAPIError
    from sqlmodel import Session

    from stvdesk.db.audit import check_session, guard_problems_server
    from stvdesk.db.engine import make_engine

    engine = make_engine(url)
    found: LogCheck | None = None
    worker = False
    try:
        with Session(engine) as session:
            conn = session.connection()
            tables = set(sa.inspect(conn).get_table_names())
            revision = (
                conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
                if "alembic_version" in tables
                else None
            )
            if revision is not None and revision >= "0011":
                worker = conn.execute(sa.text("SELECT stvdesk_me()")).scalar() is not None
            chained = revision is not None and revision >= "0010"
            found = check_session(session) if chained and not worker else None
            guards = guard_problems_server(conn) if revision is not None else []
    except DBAPIError as exc:
        fail(server_message(exc), code=1)
        return
    finally:
        engine.dispose()
    click.echo(f"Server: {engine.url.render_as_string(hide_password=True)}")
    if worker:
        click.echo(
            "Logning: dit login ser kun dine egne hændelser; hele kæden kontrolleres med databasens ejers login."
        )
    elif found is not None:
        _say_log(found)
    if revision is not None:
        _say_guards(guards)
    _say_version(revision)
    if (found is not None and found.problems) or guards:
        sys.exit(1)


@db.command()
@click.argument("dest", metavar="[MÅL]", required=False, type=click.Path(path_type=Path))
@db_option
@help_option
@click.pass_obj
def backup(options: Options, dest: Path | None) -> None:
    """Tag en sikkerhedskopi (SQLites online-backup, kontrolleret bagefter).

    Uden MÅL lægges kopien ved siden af databasen med dato og klokkeslæt i navnet.
    En krypteret database giver en krypteret kopi med samme adgangsfrase.
    """
    from stvdesk.db.errors import DatabaseFileError
    from stvdesk.db.migrate import backup_sqlite, inspect_sqlite_file

    path = existing_file(options)
    key = _file_key(path, options)
    try:
        inspect_sqlite_file(path, key=key)
        copy = backup_sqlite(path, dest, key=key)
    except (DatabaseFileError, FileExistsError) as exc:
        fail(getattr(exc, "message", str(exc)))
        return
    click.echo(f"Sikkerhedskopi gemt: {copy}")


@db.command()
@db_option
@help_option
@click.pass_obj
def backups(options: Options) -> None:
    """Vis de daglige sikkerhedskopier, der tages når skrivebordet åbnes."""
    from stvdesk.db.backups import daily_backups, folder_for
    from stvdesk.domain.numbers import format_number
    from stvdesk.settings import backup_root

    path = existing_file(options)
    folder = folder_for(path, backup_root(options.settings.safeguards))
    found = daily_backups(folder)
    click.echo(f"Mappe: {folder} (der gemmes {options.settings.safeguards.backup_keep})")
    if not found:
        click.echo("Ingen daglige sikkerhedskopier endnu.")
    for copy in reversed(found):
        click.echo(f"  {copy.name}  {format_number(copy.stat().st_size / 1_048_576, 1)} MB")


@db.command()
@click.argument("source", metavar="KOPI", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@yes_option()
@db_option
@help_option
@click.pass_obj
def restore(options: Options, source: Path, assume_yes: bool) -> None:
    """Gendan databasen fra en sikkerhedskopi (KOPI).

    Kopien kontrolleres først; den nuværende database gemmes ved siden af, før den erstattes.
    """
    from stvdesk.db.backups import restore as restore_file
    from stvdesk.db.cipher import file_salt, is_encrypted_file, opens
    from stvdesk.db.engine import sqlite_path
    from stvdesk.db.errors import DatabaseFileError
    from stvdesk.unlock import unlock

    path = sqlite_path(db_url(options))
    if path is None:
        fail("Kommandoen virker på SQLite-filer.")
        return
    if source.resolve() == path.resolve():
        fail("Kopien og databasen er den samme fil.")
    refuse_bad_location(path)
    lock = instance_lock(path)
    try:
        key = _file_key(path, options) if path.exists() and path.stat().st_size else None
        source_key = None
        if is_encrypted_file(source):
            if key is not None and file_salt(source) == key.salt and opens(source, key):
                source_key = key  # one of this database's own backups
            else:
                say(f"Kopien {source.name} er krypteret med en anden adgangsfrase.")
                source_key = unlock(source, ask_secret, say, use_keyring=False)
                if source_key is None:
                    fail("Kopien kunne ikke låses op; intet er ændret.", code=1)
        if not assume_yes and not confirm(f"Erstat {path} med {source}?", err=True):
            fail("Intet er ændret.", code=1)
        try:
            safety = restore_file(path, source, key, source_key)
        except DatabaseFileError as exc:
            fail(exc.message)
            return
        from stvdesk.db.audit import note_restore

        note_restore(path, key, source.name)  # the log's anchor goes back with it, and says so
    finally:
        lock.__exit__(None, None, None)
    click.echo(f"Databasen er gendannet fra {source}.")
    if safety:
        click.echo(f"Den database, der var før, er gemt som {safety}.")


@db.command()
@dry_run_option("Vis kun, hvad der ville blive slettet.")
@yes_option()
@db_option
@help_option
@click.pass_obj
def retention(options: Options, dry_run: bool, assume_yes: bool) -> None:
    """Slet afsluttede sager, hvis opbevaringsfrist er udløbet (standard 5 år efter afslutning).

    Alt om borgeren slettes, også fra navneindekset, og filen skrives om, så intet kan
    genskabes. Logningen beholder sine hændelser (uden navn og CPR) og får én pr. sletning.
    """
    from stvdesk.db.retention import due_for_erasure, erase_citizens, scrub_file, scrub_pending
    from stvdesk.domain.cpr import mask
    from stvdesk.domain.numbers import format_number
    from stvdesk.domain.retention import case_erasure_cutoff

    years = options.settings.safeguards.closed_case_years
    lock = instance_lock(existing_file(options))  # noqa: F841 - held until the command ends
    desk, worker = desk_for_worker(options, need_worker=False)
    if scrub_pending(desk.engine):  # an erasure whose file was not rewritten (stopped half-way)
        if dry_run:
            click.echo("En tidligere sletning mangler at skrive filen om; det sker ved næste sletning.")
        elif scrub_file(desk.engine):
            click.echo("En tidligere sletning var afbrudt, før filen var skrevet om; det er gjort nu.")
    today = desk.clock.today()
    due = desk.run(lambda s: due_for_erasure(s, today, years))
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
    if not assume_yes and not confirm(f"Slet de {len(due)} borgere for altid?", err=True):
        fail("Intet er slettet.", code=1)
    note = f"Slettet: opbevaringsfristen ({years} år efter afslutning) er udløbet"
    from sqlmodel import Session

    with Session(desk.engine) as session:
        rows = erase_citizens(session, [c.citizen_id for c in due], worker_id=worker.id if worker else None, note=note)
    if scrub_file(desk.engine):
        click.echo(f"{format_number(len(due))} borgere slettet ({format_number(rows)} rækker), og filen er skrevet om.")
    else:
        click.echo(
            f"{format_number(len(due))} borgere slettet ({format_number(rows)} rækker). Filen kunne ikke skrives helt "
            "om, da et andet program læser den; kør 'stvdesk db retention' igen, når det er lukket."
        )


@db.command("copy")
@click.argument("dest", metavar="MÅL")
@db_option
@help_option
@click.pass_obj
def copy_command(options: Options, dest: str) -> None:
    """Kopiér alle rækker til en anden, tom database (fx teamets nye PostgreSQL-server).

    MÅL er en fil eller en URL (postgresql+psycopg://…). Målet opgraderes først og skal være
    tomt; intet skrives, hvis kopien fejler.
    """
    from stvdesk.db.copy import CopyError, copy_rows
    from stvdesk.db.engine import normalise_url
    from stvdesk.domain.numbers import format_number

    source, _key = open_db(db_url(options), options)
    target_url = normalise_url(dest)
    target, _target_key = open_db(target_url, options, create=True)  # the copy may make its target
    try:
        counts = copy_rows(source.engine, target.engine)
    except CopyError as exc:
        fail(str(exc))
        return
    finally:
        source.engine.dispose()
        target.engine.dispose()
    click.echo(
        f"{format_number(sum(counts.values()))} rækker kopieret ({format_number(counts.get('citizen', 0))} borgere)."
    )


@db.command("login")
@click.argument("initials", metavar="INITIALER")
@click.option("--login", "login_name", default=None, metavar="NAVN", help="Loginnavnet (standard stvdesk_INITIALER).")
@db_option
@help_option
@click.pass_obj
def login_command(options: Options, initials: str, login_name: str | None) -> None:
    """Giv en medarbejder sit eget login på teamets PostgreSQL-server (eller ny adgangskode).

    Køres af den, der ejer databasen. Serveren afgør derefter selv, hvad login'et må se:
    egne og makkerens borgere, teamets for en leder (rækkeniveau-sikkerhed).
    """
    from stvdesk.db.logins import LoginError, create_login

    url = db_url(options)
    result, _key = open_db(url, options)
    password = ask_secret(f"Adgangskode til {initials}s login (mindst 12 tegn)")
    if ask_secret("Gentag adgangskoden") != password:
        fail("De to adgangskoder er ikke ens; intet er ændret.")
    try:
        login = create_login(result.engine, initials.upper(), password, login_name)
    except LoginError as exc:
        fail(str(exc))
        return
    finally:
        result.engine.dispose()
    click.echo(f"{initials.upper()} logger ind som '{login}'.")


@db.command("prune-log")
@dry_run_option("Vis kun, hvor meget der ville blive slettet.")
@db_option
@help_option
@click.pass_obj
def prune_log_command(options: Options, dry_run: bool) -> None:
    """Slet logningshændelser, der er ældre end opbevaringsfristen (standard 6 måneder).

    Kæden kontrolleres stadig for resten; selve oprydningen logges.
    """
    from datetime import datetime
    from datetime import time as day_time

    from sqlmodel import Session

    from stvdesk.db.audit import prunable, prune_log, verify_chain
    from stvdesk.domain.numbers import format_number
    from stvdesk.domain.retention import log_cutoff

    months = options.settings.safeguards.log_months
    lock = instance_lock(existing_file(options))  # noqa: F841 - held until the command ends
    desk, worker = desk_for_worker(options, need_worker=False)
    cutoff = log_cutoff(desk.clock.today(), months)
    before = datetime.combine(cutoff, day_time.min, tzinfo=UTC)
    with Session(desk.engine) as session:
        count, through = prunable(session, before)
        click.echo(f"Opbevaringsfrist: {months} måneder – hændelser før {cutoff:%d-%m-%Y}: {format_number(count)}.")
        if dry_run or count == 0:
            if dry_run:
                click.echo("Prøvekørsel: intet er slettet.")
            return
        _total, problems = verify_chain(session)
        if problems:
            fail("Logningens kæde er brudt (se 'stvdesk db check'); der ryddes ikke i en brudt logning.", code=1)
        result = prune_log(
            session,
            before,
            worker_id=worker.id if worker else None,
            note=f"Logning ryddet: {format_number(count)} hændelser til og med nr. {through} (før "
            f"{cutoff:%d-%m-%Y}) slettet efter opbevaringsfristen ({months} måneder)",
        )
    click.echo(f"{format_number(result.removed)} hændelser slettet.")


for _command in (encrypt, rekey, remember, forget):
    db.add_command(_command)
