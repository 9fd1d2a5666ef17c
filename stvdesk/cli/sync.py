"""`stvdesk sync`: a field laptop's file and the team's PostgreSQL server (README, "A field laptop that syncs")."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from stvdesk.cli.options import (
    Options,
    ask_secret,
    bound_initials,
    command,
    db_option,
    db_url,
    fail,
    help_option,
    instance_lock,
    open_db,
    say,
    server_message,
    unknown_initials,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from stvdesk.db.queries.workers import WorkerInfo


def _connect_server(url: str) -> Engine:
    """An engine on the server that answers, asking for the password once if the server wants one."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import DBAPIError

    from stvdesk.db.engine import make_engine

    target = make_url(url)
    for attempt in range(2):
        engine = make_engine(target.render_as_string(hide_password=False))
        try:
            with engine.connect():
                return engine
        except DBAPIError as exc:
            engine.dispose()
            words = str(exc.orig).lower()
            wants_password = "password" in words and target.password is None and attempt == 0
            if not wants_password:
                fail(server_message(exc), code=1)
            target = target.set(password=ask_secret(f"Adgangskode til {target.username or 'serveren'}"))
    raise AssertionError("unreachable")


def _worker_on_server(server: Engine, options: Options) -> WorkerInfo:
    """The worker this laptop belongs to: the login's own worker, or --as for the owner's login."""
    from sqlmodel import Session

    from stvdesk.db.queries.workers import find_worker, known_workers

    initials = bound_initials(server, options) or options.as_initials
    if not initials:
        fail("Hvem hører den bærbare til? Log ind med dit eget login (stvdesk db login) eller brug --as.")
    with Session(server) as session:
        worker = find_worker(session, initials)
        known = known_workers(session) if worker is None else []
    if worker is None:
        fail(unknown_initials(initials, known, where="på serveren"))
    return worker


@command("sync")
@click.option(
    "--server",
    "server_url",
    metavar="URL",
    help="Teamets server, fx postgresql+psycopg://stvdesk_kb@server/team (gemmes til næste gang).",
)
@click.option("--status", "show_status", is_flag=True, help="Vis kun, hvornår der sidst blev synkroniseret.")
@db_option
@help_option
@click.pass_obj
def sync_command(options: Options, server_url: str | None, show_status: bool) -> None:
    """Synkronisér den bærbares database med teamets PostgreSQL-server.

    Sender dine ændringer (og logningen) og henter dine og din makkers borgere med
    kollegernes ændringer. Er det samme felt ændret begge steder, beholder serveren sin værdi,
    og din kommer i Konflikter i skrivebordet (tast y), hvor du vælger. Kan afbrydes når som
    helst; næste synkronisering gør arbejdet færdigt.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import DBAPIError
    from sqlmodel import Session

    from stvdesk.clock import format_instant
    from stvdesk.db.engine import sqlite_path
    from stvdesk.sync.run import SyncError, configure, status, sync

    url = db_url(options)
    path = sqlite_path(url)
    if path is None:
        fail("Synkronisering er for en bærbars egen databasefil; en desk på serveren er altid opdateret.")
    lock = instance_lock(path)
    # The first sync (--server) makes a new laptop's file; without it the file must be there.
    result, _key = open_db(url, options, create=server_url is not None and not show_status)
    local = result.engine
    try:
        with Session(local) as session:
            before = status(session)
        if show_status:
            if before.server is None:
                click.echo("Denne database synkroniserer ikke (brug --server URL).")
                return
            last = format_instant(before.last_ok) if before.last_ok else "aldrig"
            click.echo(
                f"Server: {before.server}\nSenest synkroniseret: {last}\n"
                f"Ændringer der venter: {before.waiting}\nUløste konflikter: {before.open_conflicts}"
            )
            return
        wanted = server_url or before.server
        if wanted is None:
            fail("Angiv teamets server første gang: stvdesk sync --server postgresql+psycopg://LOGIN@SERVER/DATABASE")
        if make_url(wanted).get_backend_name() != "postgresql":
            fail("Serveren skal være en PostgreSQL-database (postgresql+psycopg://…).")
        server = _connect_server(wanted)
        try:
            if server_url or before.server is None:
                worker = _worker_on_server(server, options)
                configure(local, wanted, worker.id)
            report = sync(local, server, progress=say)
        except SyncError as exc:
            fail(str(exc), code=1)
        except DBAPIError as exc:
            fail(
                f"Synkroniseringen blev afbrudt; intet er tabt, og næste gang fortsætter den. {server_message(exc)}",
                code=1,
            )
        finally:
            server.dispose()
        with Session(local) as session:
            after = status(session)
        lines = [
            f"Sendt: {report.pushed} ændringer og {report.events} logningshændelser.",
            f"Hentet: {report.pulled} rækker.",
        ]
        if report.erased:
            lines.append(f"Fjernet fra den bærbare: {report.erased} borgere, der ikke længere er i dine sager.")
        if report.conflicts:
            lines.append(
                f"{report.conflicts} konflikter: samme felt ændret begge steder. Vælg i skrivebordet "
                "under Konflikter (tast y)."
            )
        if after.open_conflicts:
            lines.append(f"Uløste konflikter i alt: {after.open_conflicts}.")
        if after.last_ok is not None:  # set by the sync that just ran
            lines.append(f"Synkroniseret {format_instant(after.last_ok)}.")
        click.echo("\n".join(lines))
    finally:
        local.dispose()
        lock.__exit__(None, None, None)
