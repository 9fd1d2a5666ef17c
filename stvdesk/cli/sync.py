"""`stvdesk sync`: a field laptop's file and the team's PostgreSQL server (README, "A field laptop that syncs")."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from stvdesk.cli.options import (
    DanishCommand,
    Options,
    ask_secret,
    bound_initials,
    db_option,
    db_url,
    fail,
    help_option,
    instance_lock,
    open_db,
    say,
    server_message,
    unknown_initials,
    unlock_db,
)

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy import Engine

    from stvdesk.db.queries.workers import WorkerInfo
    from stvdesk.sync.run import SyncStatus


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


def _conflicts_key(ctx: click.Context | None) -> str:
    """The desk's key for its conflict inbox, after this config's [taster]."""
    from stvdesk.settings import shown_key

    options = ctx.find_object(Options) if ctx is not None else None
    return shown_key(options.settings.keys if options is not None else {}, "app.conflicts")


class _SyncCommand(DanishCommand):
    """`stvdesk sync`, whose help names the desk's conflict key as this config binds it."""

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        plain = self.help
        self.help = (plain or "").replace("{konflikttast}", _conflicts_key(ctx))
        try:
            super().format_help_text(ctx, formatter)
        finally:
            self.help = plain


@click.command("sync", cls=_SyncCommand)
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
    kollegernes ændringer. Er det samme felt ændret begge steder (eller noget ændret, som er
    slettet det andet sted), beholder serveren sin værdi, og din kommer i Konflikter i
    skrivebordet (tast {konflikttast}), hvor du vælger. Kan afbrydes når som helst; næste
    synkronisering gør arbejdet færdigt. --status læser kun og virker også, mens skrivebordet er
    åbent; selve synkroniseringen sker da i skrivebordet.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import DBAPIError
    from sqlmodel import Session

    from stvdesk.clock import Clock, format_instant, use_clock
    from stvdesk.db.engine import sqlite_path
    from stvdesk.sync.inbox import conflict_summary
    from stvdesk.sync.run import SyncError, configure, status, sync

    url = db_url(options)
    path = sqlite_path(url)
    if path is None:
        fail("Synkronisering er for en bærbars egen databasefil; en desk på serveren er altid opdateret.")
    # The sync's stamp (the last sync the desk's header shows) by the day the desk runs on
    # (--today), as every other stamp.
    use_clock(Clock(options.today))
    if show_status and _desk_holds(path):
        _say_status_beside_desk(url, options)
        return
    lock = instance_lock(path)
    # The first sync (--server) makes a new laptop's file; without it the file must be there.
    result, _key = open_db(url, options, create=server_url is not None and not show_status)
    local = result.engine
    try:
        with Session(local) as session:
            before = status(session)
        if show_status:
            click.echo(_status_words(before))
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
            words = conflict_summary(report.kinds)
            lines.append(
                f"{words}. Vælg i skrivebordet under Konflikter "
                f"(tast {_conflicts_key(click.get_current_context(silent=True))})."
            )
        if after.open_conflicts:
            lines.append(f"Uløste konflikter i alt: {after.open_conflicts}.")
        if after.last_ok is not None:  # set by the sync that just ran
            lines.append(f"Synkroniseret {format_instant(after.last_ok)}.")
        click.echo("\n".join(lines))
    finally:
        local.dispose()
        lock.__exit__(None, None, None)


def _status_words(state: SyncStatus) -> str:
    from stvdesk.clock import format_instant

    if state.server is None:
        return "Denne database synkroniserer ikke (brug --server URL)."
    last = format_instant(state.last_ok) if state.last_ok else "aldrig"
    return (
        f"Server: {state.server}\nSenest synkroniseret: {last}\n"
        f"Ændringer der venter: {state.waiting}\nUløste konflikter: {state.open_conflicts}"
    )


def _desk_holds(path: Path) -> bool:
    """Whether another stvdesk (the desk) holds the file's instance lock now. Asked without
    waiting, and let go at once: only a sync that writes must hold it."""
    from stvdesk.db.instance_lock import AlreadyOpenError, InstanceLock, lock_path

    if not lock_path(path).exists():  # never opened here: nobody holds it, and nothing is made beside it
        return False
    lock = InstanceLock(path)
    try:
        lock.acquire()
    except AlreadyOpenError:
        return True
    except OSError:
        return False  # a folder that cannot hold the lock file: the writing path says so
    lock.release()
    return False


def _say_status_beside_desk(url: str, options: Options) -> None:
    """--status while the desk has the file open: read the state and write nothing. The desk
    upgraded the file when it opened it, so a file that still needs an upgrade is another
    version's, and is refused rather than upgraded under it; nothing is logged or stamped."""
    from sqlmodel import Session

    import stvdesk.sync.capture  # noqa: F401 - the file syncs: its engine is refused without the outbox
    from stvdesk.db.engine import make_engine, sqlite_path
    from stvdesk.db.migrate import inspect_sqlite_file
    from stvdesk.db.revision import HEAD
    from stvdesk.sync.run import status

    key = unlock_db(url, options)
    path = sqlite_path(url)
    assert path is not None
    # Only the schema matters for reading (a missing mark is set by the next writing open).
    if inspect_sqlite_file(path, key=key).revision != HEAD:
        fail(
            f"Databasen {path} er åben i et skrivebord af en anden version af stvdesk. Luk skrivebordet, og prøv igen."
        )
    engine = make_engine(url, key=key)
    try:
        with Session(engine) as session:
            click.echo(_status_words(status(session)))
    finally:
        engine.dispose()
