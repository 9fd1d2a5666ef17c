"""The `stvdesk` group itself: opening the desk on your own database (and taking the day's
backup beside it) and `stvdesk demo`. Help texts are Danish: they are what the user reads."""

from __future__ import annotations

import sys
import threading
import time
from contextlib import AbstractContextManager
from dataclasses import dataclass
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
    missing_database,
    open_db,
    option,
    parse_today,
    said_in_app,
    say,
    unlock_db,
)
from stvdesk.clock import Clock, use_clock
from stvdesk.settings import Settings, SettingsError, data_dir, load_settings

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from stvdesk.context import DeskContext
    from stvdesk.db.cipher import CipherKey
    from stvdesk.db.preview import AgendaPreview

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
        result = _launch(_DeskStart(db_url(ctx.obj), ctx.obj))
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


@dataclass
class _Demo:
    """The demo `stvdesk demo` opens: made sure of (built when missing or stale) as it opens."""

    citizens: int
    seed: int
    fresh: bool


class _DeskStart:
    """Opening the desk's database, in two parts. `before_app` runs on the terminal: the
    location, the passphrase (asked there) and, where no SQL is needed to check the file, the
    instance lock. `open` does the rest (the demo, the lock, check, upgrade, who is at the desk,
    the daily backup) and is what imports the data layer: on a terminal the app runs it in a
    worker after its first frame (the shell and Min dag's skeleton); without one (a script, the
    tests) there is no frame to hurry to and it runs before the app, as every command opens."""

    def __init__(
        self, url: str, options: Options, *, demo: _Demo | None = None, default_initials: str | None = None
    ) -> None:
        self.url, self.options, self.demo, self.default_initials = url, options, demo, default_initials
        self.key: CipherKey | None = None
        self.lock: AbstractContextManager[object] | None = None
        self.engine: Engine | None = None
        self.backup: Backup | None = None
        self.in_app = False
        self._opened = threading.Event()

    def before_app(self) -> None:
        from stvdesk.db.cipher import is_encrypted_file
        from stvdesk.db.engine import sqlite_path

        if self.demo is not None:
            return
        path = sqlite_path(self.url)
        # A missing or encrypted file needs no SQL to be checked as ours before the lock (its
        # mark is read once unlocked): the lock comes first there, then the passphrase, as always.
        if path is not None and (missing_database(path) or is_encrypted_file(path)):
            self.lock = instance_lock(path)
        self.key = unlock_db(self.url, self.options, create=True)  # the desk makes a new database

    def preview(self) -> AgendaPreview | None:
        """Min dag's agenda read before the data layer is imported (db/preview.py): the rows a
        cold start shows while `open` runs; None where the opening may come to another worker."""
        from stvdesk.db.demo_file import demo_file_name
        from stvdesk.db.engine import sqlite_path
        from stvdesk.db.preview import DemoDay, read_preview

        # The opening follows in the same worker whatever comes of this: a quit meanwhile waits
        # for it in close(), as a quit during the opening does.
        self.in_app = True
        options = self.options
        today = Clock(options.today).today()
        if self.demo is not None:
            if self.demo.fresh:
                return None  # built anew first
            path = data_dir() / demo_file_name(self.demo.citizens)
            initials = options.as_initials or options.settings.worker  # else the demo's worker
            return read_preview(path, initials=initials, today=today, demo=DemoDay(today, self.demo.seed))
        if self.key is not None:
            return None  # encrypted: only the opening reads it
        initials = options.as_initials or options.settings.worker or self.default_initials
        return read_preview(sqlite_path(self.url), initials=initials, today=today)

    def open(self) -> DeskContext:
        from stvdesk.context import DeskContext
        from stvdesk.db.engine import sqlite_path, sqlite_url
        from stvdesk.db.queries.workers import has_workers
        from stvdesk.sync.capture import syncs

        options, default_initials, url = self.options, self.default_initials, self.url
        if self.demo is not None:
            from stvdesk.db.demo_file import DEMO_WORKER

            today = Clock(options.today).today()
            demo = self.demo
            # Inside the app its lines become notices: the build's start and end, not every step.
            made = ensure_demo(
                citizens=demo.citizens, today=today, seed=demo.seed, fresh=demo.fresh, steps=not self.in_app
            )
            url = sqlite_url(made)
            default_initials = DEMO_WORKER
        path = sqlite_path(url)
        if self.lock is None:
            self.lock = instance_lock(path)
        result, key = open_db(url, options, demo=self.demo is not None, create=True, key=self.key)
        self.engine = result.engine
        desk = DeskContext(
            engine=result.engine,
            clock=Clock(options.today),
            settings=options.settings,
            demo=self.demo is not None,
            notices=list(result.notices),
            syncs=syncs(result.engine),
        )
        if desk.run(has_workers):  # an empty database starts the first-run form, whoever was named
            desk.worker = desk_worker(desk, options, fallback=default_initials)
        if self.demo is None:
            self.backup = _start_daily_backup(path, key, options.settings, desk.clock.today())
        return desk

    def open_in_app(self) -> DeskContext:
        """`open` inside the app: what it would say on the terminal becomes the desk's notices."""
        self.in_app = True
        try:
            with said_in_app() as kept:
                desk = self.open()
        finally:
            self._opened.set()
        desk.opening_lines = kept
        return desk

    def close(self) -> None:
        if self.in_app:
            # Quit while the database was still opening (an upgrade, a demo being built): the
            # opening ends first, so what it made is closed and its lock let go here.
            self._opened.wait()
        _finish_daily_backup(self.backup)
        if self.engine is not None:
            self.engine.dispose()
        if self.lock is not None:
            self.lock.__exit__(None, None, None)


def _launch(start: _DeskStart) -> str | None:
    from stvdesk.memory import hold_until_first_frame, release_after_first_frame

    options = start.options
    try:
        start.before_app()
        on_terminal = sys.stdin.isatty() and sys.stdout.isatty()
        if on_terminal:
            hold_until_first_frame()  # the app turns the collector on once its first frame is out
        from stvdesk.app import StvdeskApp
        from stvdesk.context import DeskContext

        if on_terminal:
            # The desk's settings, day and demo flag are all the first frame needs.
            waiting = DeskContext(clock=Clock(options.today), settings=options.settings, demo=start.demo is not None)
            app = StvdeskApp(waiting, opening=start.open_in_app, preview=start.preview)
        else:
            app = StvdeskApp(start.open())
        result = app.run()
        if app.refusal is not None:
            fail(app.refusal.message, code=app.refusal.code)
        return result
    finally:
        release_after_first_frame(freeze=False)  # an app that ended before its first frame
        start.close()


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
    options: Options = ctx.obj
    options.today = today or options.today
    use_clock(Clock(options.today))
    if as_initials:
        options.as_initials = as_initials
    from stvdesk.db.demo_file import CITIZENS_PER_TEAM, DEFAULT_SEED

    chosen = _Demo(citizens=citizens or CITIZENS_PER_TEAM, seed=DEFAULT_SEED if seed is None else seed, fresh=fresh)
    if build_only:
        today_ = Clock(options.today).today()
        path = ensure_demo(citizens=chosen.citizens, today=today_, seed=chosen.seed, fresh=fresh)
        if options.as_initials:
            _check_demo_initials(path, options.as_initials)
        click.echo(str(path))
        return
    # The demo is made sure of (and built if it must be) as the desk opens, after the first frame.
    _launch(_DeskStart("", options, demo=chosen))


def _check_demo_initials(path: Path, initials: str) -> None:
    """--as with --kun-byg: the initials must be one of the demo's workers, as when the desk opens."""
    from sqlmodel import Session

    from stvdesk.cli.options import unknown_initials
    from stvdesk.db.engine import sqlite_url
    from stvdesk.db.migrate import open_database
    from stvdesk.db.queries.workers import find_worker, known_workers

    engine = open_database(sqlite_url(path)).engine
    try:
        with Session(engine) as session:
            if find_worker(session, initials) is None:
                fail(unknown_initials(initials, known_workers(session), where="i demoen"))
    finally:
        engine.dispose()


def ensure_demo(
    *, citizens: int, today: date, seed: int, fresh: bool, folder: Path | None = None, steps: bool = True
) -> Path:
    """The demo file for this size, built if missing, stale (another date/seed/version) or --forfra."""
    from stvdesk.db.demo import DemoSpec, build_demo_file
    from stvdesk.db.demo_file import demo_file_name, demo_meta
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
    say(f"Bygger demodatabasen med {format_number(citizens)} opdigtede borgere …")
    started = time.perf_counter()
    last = [-1]

    def progress(fraction: float, _label: str) -> None:
        percent = int(fraction * 100)
        if steps and (percent // 10 != last[0] // 10 or percent == 100):
            last[0] = percent
            say(f"  {percent:3d} %")

    summary = build_demo_file(path, DemoSpec(today=today, citizens=citizens, seed=seed), progress)
    say(
        f"Færdig på {format_number(time.perf_counter() - started, 1)} s: {format_number(summary.citizens)} borgere, "
        f"{format_number(summary.workers)} medarbejdere, {format_number(summary.companies)} virksomheder, "
        f"{format_number(summary.rows)} rækker."
    )
    return path
