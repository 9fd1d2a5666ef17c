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
    open_db,
    refuse_bad_location,
    say,
    yes_option,
)

if TYPE_CHECKING:
    from stvdesk.db.cipher import CipherKey


@group()
@help_option
def db() -> None:
    """Databasen: opgradér, kontrollér, sikkerhedskopier, kryptering, opbevaring og teamserver."""


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
    """Kontrollér databasens integritet, version og logningens kæde. Ændrer intet."""
    from stvdesk.db.cipher import connect, database_errors
    from stvdesk.db.errors import DatabaseFileError
    from stvdesk.db.migrate import head_revision, inspect_sqlite_file
    from stvdesk.domain.audit import CHAIN_COLUMNS, ChainedEvent, ChainStart, chain_problems
    from stvdesk.domain.numbers import format_number

    path = existing_file(options)
    key = _file_key(path, options)
    try:
        state = inspect_sqlite_file(path, key=key)
    except DatabaseFileError as exc:
        fail(exc.message, code=1)
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
        fail(f"Databasen {path} kan ikke læses helt ({exc}). Gendan den seneste sikkerhedskopi.", code=1)
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
        click.echo(f"Logning: {format_number(len(rows))} hændelser – kæden er BRUDT:")
        for problem in problems[:20]:
            click.echo(f"  {problem}")
    else:
        pruned = f" (ryddet til og med hændelse {chain_start.seq - 1})" if chain_start.seq > 1 else ""
        click.echo(f"Logning: {format_number(len(rows))} hændelser, kæden er intakt{pruned}")
    head = head_revision()
    if state.revision is None:
        click.echo("Version: tom database (oprettes ved første åbning)")
    elif state.revision == head:
        click.echo(f"Version: {state.revision} (nyeste)")
    else:
        click.echo(f"Version: {state.revision} – ældre end {head}; kør 'stvdesk db upgrade'.")
    if integrity != "ok" or problems:
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
    from stvdesk.db.retention import due_for_erasure, erase_citizens, scrub_file
    from stvdesk.domain.cpr import mask
    from stvdesk.domain.numbers import format_number
    from stvdesk.domain.retention import case_erasure_cutoff

    years = options.settings.safeguards.closed_case_years
    lock = instance_lock(existing_file(options))  # noqa: F841 - held until the command ends
    desk, worker = desk_for_worker(options, need_worker=False)
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
    scrub_file(desk.engine)
    click.echo(f"{format_number(len(due))} borgere slettet ({format_number(rows)} rækker), og filen er skrevet om.")


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
    target, _target_key = open_db(target_url, options)
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
