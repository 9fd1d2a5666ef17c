"""What the commands share, in the one module every command module imports and which imports
none of them: the options the `stvdesk` group hands down, the flag rule and the shared click
options, failing and asking in Danish, which database, opening it (location, unlock, upgrade,
the instance lock) and who is at the desk."""

from __future__ import annotations

import getpass
import importlib
import sys
import uuid
import warnings
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NoReturn, TypeVar, overload

import click

from stvdesk.clock import Clock, parse_iso_date
from stvdesk.settings import Settings, default_db_path

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from stvdesk.context import DeskContext
    from stvdesk.db.cipher import CipherKey
    from stvdesk.db.instance_lock import InstanceLock
    from stvdesk.db.migrate import OpenResult
    from stvdesk.db.queries.workers import WorkerInfo

CONTEXT_SETTINGS: dict[str, Any] = {"help_option_names": []}

Decorated = TypeVar("Decorated", bound=Callable[..., Any])


@dataclass
class Options:
    """The group's options, handed to every command (`click.pass_obj`)."""

    settings: Settings
    db: str | None
    as_initials: str | None
    today: date | None
    unencrypted: bool = False


# The flag rule (README, "The command line"): the commands are Danish, so their flags are, and
# --help shows only the Danish spelling. An older English spelling keeps working unseen, so a
# script written for an earlier stvdesk goes on running. --db, --as and --today are the desk's
# global switches, written in every script and setting, and keep their names.


class DanishOption(click.Option):
    """An option whose `aliases` are further names that work but never show, in --help or in an
    error, and whose `switches` are hidden flags that give it a value (`--tekst` for
    `--format tekst`)."""

    def __init__(
        self,
        param_decls: Sequence[str],
        *,
        aliases: Sequence[str] = (),
        switches: Mapping[str, str] | None = None,
        **attrs: Any,
    ) -> None:
        super().__init__([*param_decls, *aliases], **attrs)
        self.aliases = tuple(aliases)
        self.switches = dict(switches or {})

    def add_to_parser(self, parser: Any, ctx: click.Context) -> None:
        super().add_to_parser(parser, ctx)
        for name, value in self.switches.items():
            parser.add_option(obj=self, opts=[name], dest=self.name, action="store_const", const=value)

    @contextmanager
    def _shown_names(self) -> Iterator[None]:
        every = self.opts
        self.opts = [name for name in every if name not in self.aliases]
        try:
            yield
        finally:
            self.opts = every

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        with self._shown_names():
            return super().get_help_record(ctx)

    def get_error_hint(self, ctx: click.Context | None) -> str:
        with self._shown_names():
            return super().get_error_hint(ctx)


@contextmanager
def _unseen_names_unsuggested(command: click.Command) -> Iterator[None]:
    """Keep the hidden spellings out of click's "did you mean" for a mistyped flag."""
    try:
        yield
    except click.NoSuchOption as exc:
        unseen = {
            name
            for param in command.params
            if isinstance(param, DanishOption)
            for name in (*param.aliases, *param.switches)
        }
        seen = [name for name in exc.possibilities or () if name not in unseen]
        raise click.NoSuchOption(exc.option_name, exc.message, seen, exc.ctx) from None


class DanishCommand(click.Command):
    """A command under the flag rule. Each command adds -h/--help itself (help_option), in
    Danish, so click's own help option is off unless a command says otherwise."""

    def __init__(self, *args: Any, **attrs: Any) -> None:
        attrs.setdefault("context_settings", CONTEXT_SETTINGS)
        super().__init__(*args, **attrs)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        with _unseen_names_unsuggested(self):
            return super().parse_args(ctx, args)


class DanishGroup(DanishCommand, click.Group):
    """A group under the flag rule, whose `.command()` makes DanishCommands. At the root (the
    `stvdesk` group) a database's or the file system's failure that no command caught ends the
    command with its Danish message (db/errors.py) instead of a traceback in English."""

    command_class = DanishCommand

    def __init__(self, *args: Any, **attrs: Any) -> None:
        super().__init__(*args, **attrs)
        # Commands imported when first asked for, by name: "module:attribute". Opening the desk
        # imports no command group before its first frame; --help and a command load theirs.
        self.lazy_commands: dict[str, str] = {}
        # What each lazily loaded command is given on loading (danish.name_metavars).
        self.on_lazy_load: Callable[[click.Command], None] | None = None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        where = self.lazy_commands.pop(cmd_name, None)
        if where is not None:
            module, _, attribute = where.partition(":")
            loaded: click.Command = getattr(importlib.import_module(module), attribute)
            if self.on_lazy_load is not None:
                self.on_lazy_load(loaded)
            self.add_command(loaded, cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        if ctx.parent is not None:
            return super().invoke(ctx)
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            from stvdesk.db.errors import danish_database_error

            said = danish_database_error(exc)
            if said is None:
                raise
            fail(said, code=1)


def command(name: str | None = None, **attrs: Any) -> Callable[[Callable[..., Any]], DanishCommand]:
    return click.command(name, cls=DanishCommand, **attrs)


def group(name: str | None = None, **attrs: Any) -> Callable[[Callable[..., Any]], DanishGroup]:
    return click.group(name, cls=DanishGroup, **attrs)


def option(
    *param_decls: str, aliases: Sequence[str] = (), switches: Mapping[str, str] | None = None, **attrs: Any
) -> Callable[[Decorated], Decorated]:
    """click.option under the flag rule: the Danish names in `param_decls`, the old ones in `aliases`."""
    return click.option(*param_decls, cls=DanishOption, aliases=aliases, switches=switches, **attrs)


def help_option(fn: Decorated) -> Decorated:
    return click.help_option("-h", "--help", help="Vis denne hjælp og afslut.")(fn)


def db_option(fn: Decorated) -> Decorated:
    """`--db` on a subcommand too (`stvdesk db check --db FIL`), overriding the group's."""

    def remember(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
        options = ctx.find_object(Options)
        if value is not None and options is not None:  # the group's callback made the Options
            options.db = value

    return click.option(
        "--db", metavar="STI|URL", expose_value=False, callback=remember, help="Databasefil eller SQLAlchemy-URL."
    )(fn)


def yes_option(help: str = "Spørg ikke først.") -> Callable[[Decorated], Decorated]:
    return option("--ja", "assume_yes", aliases=("--yes", "-y"), is_flag=True, help=help)


def dry_run_option(help: str) -> Callable[[Decorated], Decorated]:
    return option("--proevekoersel", "dry_run", aliases=("--dry-run",), is_flag=True, help=help)


def redacted_option(help: str) -> Callable[[Decorated], Decorated]:
    """Every export's variant without CPR numbers and names (README, "The command line")."""
    return option("--anonym", "redacted", aliases=("--redacted",), is_flag=True, help=help)


def file_option(help: str) -> Callable[[Decorated], Decorated]:
    """Where an export is written."""
    return option(
        "--fil",
        "out",
        aliases=("--out",),
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        metavar="FIL",
        help=help,
    )


def text_format_option(default: str, *, old_switch: str) -> Callable[[Decorated], Decorated]:
    """`--format tekst|markdown` for a sheet or a summary, as the lists' `--format csv|xlsx`;
    `old_switch` is the flag (`--tekst`, `--markdown`) that chose the other format before."""
    other = "tekst" if default == "markdown" else "markdown"
    return option(
        "--format",
        "text_format",
        switches={old_switch: other},
        type=click.Choice(["tekst", "markdown"]),
        default=default,
        show_default=True,
        help="Ren tekst (fx til journalen) eller Markdown.",
    )


def parse_today(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return parse_iso_date(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


# The desk's database is opened inside the app, in a worker after the first frame (cli/desk.py),
# where there is no terminal to write on: there `say` keeps its lines for the app to show and
# `fail` raises DeskRefused, which the command line says once the app has closed.
_KEPT: ContextVar[list[str] | None] = ContextVar("stvdesk_kept_lines", default=None)


@contextmanager
def said_in_app() -> Iterator[list[str]]:
    """Keep what `say` would write (the lines come back in the list) and raise `fail`'s refusal."""
    kept: list[str] = []
    token = _KEPT.set(kept)
    try:
        yield kept
    finally:
        _KEPT.reset(token)


def fail(message: str, code: int = 2) -> NoReturn:
    if _KEPT.get() is not None:
        from stvdesk.context import DeskRefused

        raise DeskRefused(message, code)
    click.echo(f"Fejl: {message}", err=True)
    sys.exit(code)


def ask_secret(label: str) -> str:
    """A passphrase or password: hidden at a terminal; without one (a script, a pipe, a
    scheduled job) read as a line from standard input, said in Danish, because getpass would
    print an English warning, and with a terminal elsewhere would wait on it, not on stdin."""
    stdin = sys.stdin
    if stdin is None or not stdin.isatty():
        say(f"{label} (læses fra standardinput, da der ingen terminal er):")
        line = stdin.readline() if stdin is not None else ""
        if not line:
            fail(
                "Ingen adgangsfrase: der er ingen terminal, og standardinput er tomt. Send den på "
                "standardinput, eller sæt STVDESK_PASSPHRASE til databasens adgangsfrase."
            )
        return line.rstrip("\r\n")
    with warnings.catch_warnings():
        # A terminal that cannot hide what is typed: getpass warns in English and reads on.
        warnings.simplefilter("always", getpass.GetPassWarning)
        shown = warnings.showwarning

        def show(message: Warning | str, category: type[Warning], *args: Any, **kwargs: Any) -> None:
            if issubclass(category, getpass.GetPassWarning):
                say("Bemærk: terminalen kan ikke skjule det, du skriver; adgangsfrasen kan ses.")
            else:
                shown(message, category, *args, **kwargs)

        warnings.showwarning = show
        return str(click.prompt(label, hide_input=True, err=True, default="", show_default=False))


def confirm(question: str, *, err: bool = False) -> bool:
    """Yes or no in Danish: j/ja (or y/yes) is yes; Enter, n or nej is no; anything else asks again.
    (click.confirm takes only y/n, so a Danish "j" was an error.)"""
    while True:
        answer = click.prompt(f"{question} [j/N]", default="", show_default=False, err=err).strip().lower()
        if answer in ("j", "ja", "y", "yes"):
            return True
        if answer in ("", "n", "nej", "no"):
            return False
        click.echo("Svar j (ja) eller n (nej).", err=err)


def say(text: str) -> None:
    kept = _KEPT.get()
    if kept is not None:
        kept.append(text)
        return
    click.echo(text, err=True)


def db_url(options: Options) -> str:
    from stvdesk.db.engine import normalise_url

    return normalise_url(options.db or options.settings.db or default_db_path())


def refuse_bad_location(path: Path) -> None:
    from stvdesk.db.location import location_problem

    problem = location_problem(path)
    if problem:
        fail(problem)


def missing_database(path: Path) -> bool:
    return not path.exists() or path.stat().st_size == 0


def refuse_missing(path: Path) -> None:
    """The one rule for a database file that is not there: only opening the desk (`stvdesk`),
    `stvdesk db new` and a laptop's first `stvdesk sync --server` make one; every other
    command says so, rather than making a new (encrypted, passphrase-asking) file by mistake."""
    if missing_database(path):
        fail(
            f"Der er ingen database i {path}. Kommandoen opretter ingen ny: start 'stvdesk' (eller "
            "'stvdesk db new') for at oprette den, eller angiv din database med --db eller STVDESK_DB."
        )


def key_for(path: Path, options: Options, *, may_create: bool = True) -> CipherKey | None:
    """The key an existing encrypted file needs (STVDESK_PASSPHRASE, the keyring, or asked,
    three tries), the key a new file gets (unless --ukrypteret), or None for a plain file.
    Exits in Danish when it cannot be unlocked."""
    from stvdesk.db.cipher import is_encrypted_file
    from stvdesk.unlock import PASSPHRASE_VARIABLE, choose_key, environment_passphrase, unlock

    if is_encrypted_file(path):
        given = environment_passphrase()
        key = unlock(path, ask_secret, say, given=given)
        if key is None:
            fail(
                f"{PASSPHRASE_VARIABLE} er ikke adgangsfrasen til {path.name}. "
                "Databasen er ikke åbnet, og filen er ikke ændret."
                if given is not None
                else "Tre forkerte adgangsfraser. Databasen er ikke åbnet, og filen er ikke ændret.",
                code=1,
            )
        return key
    if missing_database(path) and may_create and not options.unencrypted:
        say(
            f"Ny database: {path}\nDen krypteres. Vælg en adgangsfrase; uden den kan data ikke læses "
            "(start med --ukrypteret for en ukrypteret database)."
        )
        key = choose_key(ask_secret, say)
        if key is None:
            fail("Ingen adgangsfrase valgt; databasen er ikke oprettet.")
        return key
    return None


@contextmanager
def _refusing(path: Path | None) -> Iterator[None]:
    """A failure while a database is opened, said in Danish (`fail`); the instance lock taken for
    the file is let go."""
    from stvdesk.context import DeskRefused
    from stvdesk.db.errors import DatabaseFileError

    try:
        yield
    except DatabaseFileError as exc:
        _abandon_lock(path)
        fail(exc.message)
    except DeskRefused:  # refused on the way, inside the app (fail)
        _abandon_lock(path)
        raise
    except Exception as exc:  # the driver's own errors, a read-only folder, a full disk
        _abandon_lock(path)
        from stvdesk.db.errors import danish_database_error, locked_message

        # A DB-API error can only come once SQLAlchemy is imported; the check does not import it.
        sa_exc = sys.modules.get("sqlalchemy.exc")
        if sa_exc is not None and isinstance(exc, sa_exc.DBAPIError):
            if path is None:
                fail(server_message(exc))
            # "locked": another program took the file while it was upgraded
            fail(locked_message(path) if "locked" in str(exc) else danish_database_error(exc) or str(exc))
        said = danish_database_error(exc)
        if said is None:
            raise
        fail(said)
    except BaseException:  # refused on the way (fail), or interrupted
        _abandon_lock(path)
        raise


def unlock_db(url: str, options: Options, *, demo: bool = False, create: bool = False) -> CipherKey | None:
    """The first part of `open_db`, the one that may ask on the terminal: the location check, the
    missing-file rule (only `create` makes a file) and the key (`key_for`). Imports no SQL, so
    the desk does it before its first frame."""
    from stvdesk.db.engine import sqlite_path

    path = sqlite_path(url)
    if path is None or demo:
        return None
    with _refusing(path):
        refuse_bad_location(path)
        if not create:
            refuse_missing(path)
        return key_for(path, options)


# `open_db` asks for the key itself unless it is given (`unlock_db` ran already).
ASK: Any = object()


def open_db(
    url: str, options: Options, *, demo: bool = False, create: bool = False, key: CipherKey | None = ASK
) -> tuple[OpenResult, CipherKey | None]:
    """Open (check, unlock, back up, upgrade) or exit with the Danish reason. Returns (result, key).
    A database file that is not there is made only with `create` (`refuse_missing`)."""
    import stvdesk.sync.capture  # noqa: F401 - registers the outbox with every engine opened from here
    from stvdesk.db.engine import sqlite_path
    from stvdesk.db.migrate import open_database

    path = sqlite_path(url)
    if key is ASK:
        key = unlock_db(url, options, demo=demo, create=create)
    with _refusing(path):
        result = open_database(url, key=key)
    if result.backup:
        say(f"Databasen er opgraderet. Sikkerhedskopi af den gamle: {result.backup}")
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


def _log_failed_unlocks(engine: Engine, path: Path) -> int:
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
    if _KEPT.get() is not None:  # inside the app the desk's notice says it (open_db)
        return len(failures)
    say(f"Bemærk: {len(failures)} mislykkede forsøg på at åbne databasen siden sidst (skrevet i logningen).")
    return len(failures)


# The instance locks this process holds, by database file, so that an opening that is then
# refused takes its lock file away again (_abandon_lock). Weak: a lock is held only as long as
# its command keeps it.
_LOCKS: weakref.WeakValueDictionary[Path, InstanceLock] = weakref.WeakValueDictionary()


def refuse_foreign_file(path: Path) -> None:
    """Refuse another program's file before anything is made beside it (the lock file, a -wal):
    a plain file is looked at read-only here. An encrypted file's header can only be read once
    it is unlocked, so open_db looks at it then, and takes the lock file away again if it is
    refused. Only whose the file is, is asked here: a damaged stvdesk file is the command's
    (`db restore` puts a copy in its place)."""
    from stvdesk.db.cipher import is_encrypted_file

    if missing_database(path) or is_encrypted_file(path):
        return
    from stvdesk.db.errors import DatabaseFileError, ForeignDatabaseError
    from stvdesk.db.migrate import inspect_sqlite_file

    try:
        inspect_sqlite_file(path, full_check=False)
    except ForeignDatabaseError as exc:
        fail(exc.message)
    except DatabaseFileError:
        return


def instance_lock(path: Path | None) -> AbstractContextManager[object]:
    from contextlib import nullcontext

    from stvdesk.db.errors import danish_os_error
    from stvdesk.db.instance_lock import AlreadyOpenError, InstanceLock

    if path is None:
        return nullcontext()
    refuse_foreign_file(path)
    lock = InstanceLock(path)
    try:
        lock.acquire()
    except AlreadyOpenError as exc:
        fail(exc.message)
    except OSError as exc:  # a read-only folder cannot hold the lock file
        fail(danish_os_error(exc) or str(exc))
    _LOCKS[path] = lock
    return lock


def _abandon_lock(path: Path | None) -> None:
    lock = _LOCKS.pop(path, None) if path is not None else None
    if lock is not None:
        lock.abandon()


def existing_file(options: Options) -> Path:
    """The SQLite file a `db` command works on; exits in Danish if there is none."""
    from stvdesk.db.engine import sqlite_path

    path = sqlite_path(db_url(options))
    if path is None:
        fail("Kommandoen virker på SQLite-filer (en PostgreSQL-database passes af serveren).")
    refuse_missing(path)
    return path


def bound_initials(engine: Engine, options: Options) -> str | None:
    """The worker the database itself ties the desk to, which --as may not overrule: on a team
    server the login's own worker (README, "A team on PostgreSQL"), on a syncing laptop the
    worker it belongs to."""
    from stvdesk.db.logins import login_worker

    initials = login_worker(engine)
    if initials and options.as_initials and options.as_initials.upper() != initials.upper():
        fail(f"Du er logget ind på serveren som {initials}; --as {options.as_initials} er ikke tilladt.")
    if initials is None:
        initials = laptop_owner(engine)
        if initials and options.as_initials and options.as_initials.upper() != initials.upper():
            fail(f"Den bærbare synkroniserer som {initials}; --as {options.as_initials} er ikke tilladt.")
    return initials


def laptop_owner(engine: Engine) -> str | None:
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


def demo_worker(engine: Engine) -> str | None:
    """The demo's own worker (KB) when the database is a demo file, however it was named
    (`stvdesk demo` or `--db demo.sqlite`), so an export from it runs as the desk does."""
    from sqlmodel import Session

    from stvdesk.db.demo_file import DEMO_WORKER
    from stvdesk.db.models import DbMeta

    with Session(engine) as session:
        marker = session.get(DbMeta, "demo")
    return DEMO_WORKER if marker is not None and marker.value == "1" else None


# More workers than this (a jobcentre-sized database) are not all listed after unknown initials.
LISTED_WORKERS = 40


def unknown_initials(initials: str, workers: Sequence[WorkerInfo], *, where: str = "i databasen") -> str:
    """Danish: nobody has these initials, and whose there are, with their roles."""
    from stvdesk.domain.numbers import format_number

    text = f"Der er ingen medarbejder med initialerne '{initials}' {where}."
    if not workers:
        return text
    shown = ", ".join(f"{w.initials} ({w.role.label.lower()})" for w in workers[:LISTED_WORKERS])
    more = len(workers) - LISTED_WORKERS
    return f"{text} Gyldige: {shown}" + (f" og {format_number(more)} flere." if more > 0 else ".")


def worker_label(worker: WorkerInfo) -> str:
    """'KB (Karen Bach, sagsbehandler)': whom a command ran as."""
    return f"{worker.initials} ({worker.name}, {worker.role.label.lower()})"


def say_exported(worker: WorkerInfo, line: str | None = None) -> None:
    """An export's last line, saying whom it ran as. Without `line` (the sheet itself went to
    standard output) it is said on standard error, so the sheet stays as it is."""
    if line is None:
        say(f"Eksporteret som {worker_label(worker)}.")
    else:
        click.echo(f"{line} – eksporteret som {worker_label(worker)}.")


def desk_worker(desk: DeskContext, options: Options, *, fallback: str | None = None) -> WorkerInfo | None:
    """Who is at the desk, the first of: the worker the database ties it to (`bound_initials`),
    --as, STVDESK_WORKER or the config's `worker`, `fallback`, the demo's KB on a demo file,
    and else the first caseworker or, without one, any worker (so a database of one worker
    opens as them). Initials nobody has exit in Danish with the initials there are; None only
    for a database without workers."""
    from stvdesk.db.queries.workers import default_worker, find_worker, known_workers

    initials = (
        bound_initials(desk.engine, options)
        or options.as_initials
        or options.settings.worker
        or fallback
        or demo_worker(desk.engine)
    )
    if not initials:
        return desk.run(default_worker)
    worker = desk.run(lambda s: find_worker(s, initials))
    if worker is None:
        fail(unknown_initials(initials, desk.run(known_workers)))
    return worker


@overload
def desk_for_worker(options: Options, *, need_worker: Literal[True] = True) -> tuple[DeskContext, WorkerInfo]: ...
@overload
def desk_for_worker(options: Options, *, need_worker: bool) -> tuple[DeskContext, WorkerInfo | None]: ...
def desk_for_worker(options: Options, *, need_worker: bool = True) -> tuple[DeskContext, WorkerInfo | None]:
    """Open the database and find who is at the desk (`desk_worker`), or exit in Danish. With
    need_worker False, a database without workers gives worker None."""
    from stvdesk.context import DeskContext

    result, _key = open_db(db_url(options), options)
    desk = DeskContext(engine=result.engine, clock=Clock(options.today), settings=options.settings)
    worker = desk_worker(desk, options)
    if worker is None and need_worker:
        fail("Databasen har ingen medarbejdere.")
    return desk, worker
