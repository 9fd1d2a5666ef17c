"""One whole sync of a laptop with the team server: push the outbox (and the access log), then
pull what others changed. Each step commits on one side and is then recorded on the other, so
a sync broken off anywhere (the line goes, the process is killed) leaves both sides consistent
and the next sync finishes the job: the server answers a change it has already taken from its
record of it, and a pull that did not commit is simply made again.
"""

from __future__ import annotations

import platform
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine
from sqlmodel import Session, col

import stvdesk.db.models as m
from stvdesk.clock import utcnow
from stvdesk.db.cleaning import clean_row
from stvdesk.db.engine import WRITES, writing
from stvdesk.sync import pull as pulling
from stvdesk.sync.capture import SERVER_KEY, WORKER_KEY, set_capturing
from stvdesk.sync.codec import decode_row, dumps
from stvdesk.sync.phases import citizens_touched, derive_again, derive_again_on
from stvdesk.sync.server import Op, Outcome, server_audit_seq, take_batch
from stvdesk.sync.tables import META_COLUMNS, reach_of, table

DEVICE_KEY = "sync_device"
CURSOR_KEY = "sync_cursor"
LAST_OK_KEY = "sync_last_ok"
BATCH = 1_000


class SyncError(Exception):
    """A sync cannot start or go on; the message is Danish and says what to do."""


@dataclass(frozen=True)
class SyncStatus:
    server: str | None  # None: this desk does not sync
    last_ok: datetime | None
    waiting: int  # local changes not yet on the server
    open_conflicts: int


@dataclass
class SyncReport:
    pushed: int = 0
    conflicts: int = 0
    # the new conflicts by kind ("field", "edited_deleted", …: stvdesk.sync.inbox.KIND_LABELS)
    kinds: dict[str, int] = field(default_factory=dict)
    events: int = 0
    pulled: int = 0
    erased: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def _meta(conn: sa.Connection, key: str) -> str | None:
    return conn.execute(sa.select(col(m.DbMeta.value)).where(col(m.DbMeta.key) == key)).scalar()


def _set_meta(conn: sa.Connection, key: str, value: str) -> None:
    t = m.table_of(m.DbMeta)
    if conn.execute(sa.update(t).where(t.c.key == key).values(value=value)).rowcount == 0:
        conn.execute(t.insert().values(key=key, value=value))


def status(session: Session) -> SyncStatus:
    conn = session.connection()
    server = _meta(conn, SERVER_KEY)
    if server is None:
        return SyncStatus(None, None, 0, 0)
    last = _meta(conn, LAST_OK_KEY)
    waiting = conn.execute(sa.select(sa.func.count()).select_from(m.table_of(m.SyncOutbox))).scalar_one()
    conflicts = conn.execute(
        sa.select(sa.func.count())
        .select_from(m.table_of(m.SyncConflict))
        .where(m.table_of(m.SyncConflict).c.resolved_at.is_(None))
    ).scalar_one()
    return SyncStatus(server, datetime.fromisoformat(last) if last else None, waiting, conflicts)


def without_password(url: str) -> str:
    """The server's address as stored on the laptop: never with a password in it."""
    from sqlalchemy.engine import make_url

    return make_url(url)._replace(password=None).render_as_string(hide_password=False)


def configure(local: Engine, server_url: str, worker_id: uuid.UUID) -> None:
    """Make this file a laptop of the team server `server_url` (no password in it), belonging to
    `worker_id`. A file that already holds citizens of its own is refused: its rows are not in
    any outbox, and the server would never get them."""
    with writing(local) as conn, conn.begin():
        current = _meta(conn, SERVER_KEY)
        if current is None:
            citizens = conn.execute(sa.select(sa.func.count()).select_from(m.table_of(m.Citizen))).scalar_one()
            if citizens:
                raise SyncError(
                    "Denne database har allerede borgere, som serveren ikke har. Synkronisering "
                    "begynder med en ny, tom database på den bærbare (flyt en eksisterende til "
                    "serveren med 'stvdesk db copy')."
                )
            _set_meta(conn, DEVICE_KEY, str(uuid.uuid4()))
            _set_meta(conn, CURSOR_KEY, "0")
        else:
            known = _meta(conn, WORKER_KEY)
            if known and known != str(worker_id):
                raise SyncError("Den bærbare hører til en anden medarbejder; den kan ikke skifte ejer.")
        _set_meta(conn, SERVER_KEY, without_password(server_url))
        _set_meta(conn, WORKER_KEY, str(worker_id))
    set_capturing(local, True)


def _no_hook(_point: str) -> None:
    return None


def sync(
    local: Engine,
    server: Engine,
    *,
    hook: Callable[[str], None] = _no_hook,
    progress: Callable[[str], None] | None = None,
) -> SyncReport:
    """Push, then pull. `hook` is called at each point where the work is split between the two
    sides (tests break a sync off there)."""
    import time

    say = progress or (lambda _text: None)
    with local.connect() as conn:
        device = _meta(conn, DEVICE_KEY)
        worker = _meta(conn, WORKER_KEY)
        cursor = int(_meta(conn, CURSOR_KEY) or 0)
    if device is None or worker is None:
        raise SyncError("Denne database er ikke sat op til at synkronisere (brug 'stvdesk sync --server URL').")
    device_id, worker_id = uuid.UUID(device), uuid.UUID(worker)
    report = SyncReport()
    started = time.perf_counter()
    _push(local, server, device_id, worker_id, report, hook, say)
    report.seconds["push"] = time.perf_counter() - started
    started = time.perf_counter()
    _pull(local, server, device_id, worker_id, cursor, report, hook, say)
    report.seconds["pull"] = time.perf_counter() - started
    return report


def _push(
    local: Engine,
    server: Engine,
    device_id: uuid.UUID,
    worker_id: uuid.UUID,
    report: SyncReport,
    hook: Callable[[str], None],
    say: Callable[[str], None],
) -> None:
    out, audit = m.table_of(m.SyncOutbox), m.table_of(m.AuditEvent)
    with server.connect() as conn:
        sent_events = server_audit_seq(conn, device_id)
    name = platform.node()
    while True:
        with local.connect() as conn:
            rows = conn.execute(sa.select(out).order_by(out.c.seq).limit(BATCH)).all()
            events = [
                dict(r)
                for r in conn.execute(
                    sa.select(audit).where(audit.c.seq > sent_events).order_by(audit.c.seq).limit(BATCH)
                ).mappings()
            ]
        if not rows and not events:
            return
        ops = [Op.from_outbox(r) for r in rows]
        say(f"Sender {len(ops)} ændringer og {len(events)} logningshændelser …")
        with server.begin() as conn:
            outcomes = take_batch(conn, device_id, worker_id, ops, events, name)
        hook("pushed")
        with writing(local) as conn, conn.begin():
            _record(conn, rows, outcomes)
        hook("recorded")
        report.pushed += len(ops)
        report.events += len(events)
        for outcome in outcomes.values():
            for conflict in outcome.conflicts:
                report.kinds[conflict["kind"]] = report.kinds.get(conflict["kind"], 0) + 1
        report.conflicts += sum(len(o.conflicts) for o in outcomes.values())
        if events:
            sent_events = max(e["seq"] for e in events)


def _record(conn: sa.Connection, rows: Sequence[sa.Row[Any]], outcomes: dict[uuid.UUID, Outcome]) -> None:
    """The server's answers, on the laptop: conflicts into the inbox, the row as the server now
    has it (so both sides agree until the worker chooses), the changes out of the outbox; the
    phase of a citizen whose row the server's answer put back is worked out again."""
    out, inbox = m.table_of(m.SyncOutbox), m.table_of(m.SyncConflict)
    now = utcnow()
    conn.execute(sa.delete(out).where(out.c.op_id.in_([r.op_id for r in rows])))
    pending = pulling.pending_fields(conn)
    answered: set[uuid.UUID] = set()
    for row in rows:
        outcome = outcomes[row.op_id]
        if not outcome.conflicts:
            continue
        if row.citizen_id is not None:
            answered.add(row.citizen_id)
        for conflict in outcome.conflicts:
            same = sa.and_(
                inbox.c.table_name == row.table_name,
                inbox.c.row_id == row.row_id,
                inbox.c.field == conflict["field"],
                inbox.c.resolved_at.is_(None),
            )
            conn.execute(sa.update(inbox).where(same).values(resolved_at=now, resolution="replaced"))
            conn.execute(
                inbox.insert().values(
                    id=uuid.uuid4(),
                    found_at=now,
                    op_id=row.op_id,
                    table_name=row.table_name,
                    row_id=row.row_id,
                    kind=conflict["kind"],
                    field=conflict["field"],
                    base=dumps(conflict["base"]),
                    mine=dumps(conflict["mine"]),
                    theirs=dumps(conflict["theirs"]),
                    message=conflict["message"],
                    citizen_id=row.citizen_id,
                )
            )
        if outcome.now is not None:
            t = table(row.table_name)
            keep = pending.get((row.table_name, row.row_id), set())
            if keep:  # a later change of this row is still to go: it brings its own stamps
                keep = keep | META_COLUMNS
            now_row = clean_row(t, decode_row(row.table_name, outcome.now))
            values = {c: v for c, v in now_row.items() if c not in keep and c != "id"}
            conn.execute(sa.update(t).where(t.c.id == row.row_id).values(values))
        elif outcome.conflicts[0]["kind"] == "rejected":
            _drop_refused(conn, row)
    derive_again_on(conn, answered)


def _drop_refused(conn: sa.Connection, row: sa.Row[Any]) -> None:
    """A row the server refused (two laptops made the same summer plan, say) leaves the laptop,
    its values kept in the inbox, so the server's own row can come down in its place; a row that
    other rows here point at stays, and the inbox still says why."""
    from sqlalchemy.exc import IntegrityError

    t = table(row.table_name)
    try:
        with conn.begin_nested():
            conn.execute(sa.delete(t).where(t.c.id == row.row_id))
    except IntegrityError:
        pass


def _pull(
    local: Engine,
    server: Engine,
    device_id: uuid.UUID,
    worker_id: uuid.UUID,
    cursor: int,
    report: SyncReport,
    hook: Callable[[str], None],
    say: Callable[[str], None],
) -> None:
    say("Henter ændringer fra serveren …")
    w = m.table_of(m.Worker)
    with local.connect() as conn:
        local_citizens = {r[0] for r in conn.execute(sa.select(m.table_of(m.Citizen).c.id))}
    with server.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
        with conn.begin():
            me = conn.execute(sa.select(w.c.role, w.c.partner_id, w.c.team_id).where(w.c.id == worker_id)).first()
            if me is None:
                raise SyncError("Serveren kender ikke den medarbejder, den bærbare hører til.")
            team = (
                [r[0] for r in conn.execute(sa.select(w.c.id).where(w.c.team_id == me.team_id))]
                if me.team_id is not None
                else []
            )
            reach = reach_of(worker_id, getattr(me.role, "value", me.role), me.partner_id, team)
            pulled = pulling.fetch(
                conn, cursor=cursor, device_id=device_id, me=worker_id, reach=reach, local_citizens=local_citizens
            )
    hook("fetched")
    with Session(local) as session:  # bound to the engine: the access log's anchor follows its commit
        conn = session.connection(execution_options={WRITES: True})
        pending = pulling.pending_fields(conn)
        report.pulled = pulling.write(conn, pulled, pending)
        report.erased = pulling.erase_gone(session, pulled.gone_citizens, worker_id)
        # The pulled rows merged with what waits here to be sent: the phase from them.
        derive_again(session, citizens_touched(conn, ((name, r) for name, rs in pulled.rows.items() for r in rs)))
        _set_meta(conn, CURSOR_KEY, str(pulled.top))
        _set_meta(conn, LAST_OK_KEY, utcnow().isoformat())
        hook("written")
        session.commit()
    hook("done")


class PasswordWanted(Exception):
    """The server asks for the login's password (never stored on the laptop)."""


def server_url(local: Engine) -> str:
    """The team server this laptop syncs with (its address, without a password)."""
    with local.connect() as conn:
        url = _meta(conn, SERVER_KEY)
    if url is None:
        raise SyncError("Denne database er ikke sat op til at synkronisere (brug 'stvdesk sync --server URL').")
    return url


def connect_server(url: str, password: str | None = None) -> Engine:
    """An engine on the server that answers. Without a password and a server that wants one:
    PasswordWanted; any other refusal is the driver's error (DBAPIError)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import DBAPIError

    from stvdesk.db.engine import make_engine

    target = make_url(url)
    if password is not None:
        target = target.set(password=password)
    engine = make_engine(target.render_as_string(hide_password=False))
    try:
        with engine.connect():
            return engine
    except DBAPIError as exc:
        engine.dispose()
        words = str(exc.orig).lower()
        if "password" in words and password is None and target.password is None:
            raise PasswordWanted from exc
        raise


class WrongPassword(PasswordWanted):
    """The password given was refused: the server wants another."""


def server_refusal(exc: BaseException) -> str:
    """A server's refusal in Danish, with its own first line after it."""
    words = str(getattr(exc, "orig", exc)).strip()
    detail = words.splitlines()[0] if words else ""
    if "password authentication failed" in detail.lower():
        reason = "Login eller adgangskode passer ikke."
    else:
        reason = "Kan ikke forbinde til teamets server. Er der net, og er serveren startet?"
    return f"{reason} ({detail})" if detail else reason


def sync_with_server(
    local: Engine, password: str | None = None, progress: Callable[[str], None] | None = None
) -> SyncReport:
    """The desk's sync (Synkronisér): connect to the laptop's server with the login's password,
    sync, let the server go. PasswordWanted (WrongPassword) when the server wants a password
    (another); every other refusal is a SyncError in Danish."""
    from sqlalchemy.exc import DBAPIError

    say = progress or (lambda _text: None)
    try:
        server = connect_server(server_url(local), password)
    except DBAPIError as exc:
        if password is not None and "password" in str(exc.orig).lower():
            raise WrongPassword from exc
        raise SyncError(server_refusal(exc)) from exc
    try:
        say("Forbundet til serveren.")
        return sync(local, server, progress=say)
    except DBAPIError as exc:
        raise SyncError(
            f"Synkroniseringen blev afbrudt; intet er tabt, og næste gang fortsætter den. {server_refusal(exc)}"
        ) from exc
    finally:
        server.dispose()
