"""The access log in the database (README, "The access log"): chaining each new AuditEvent as it is flushed,
checking the chain, and writing the events screens cause (a file viewed, a search made).

The chain is made in one place – a before_flush hook on every session – so no code path can
add an event without its seq and hashes. Revision 0010 makes the table append-only.
"""

from __future__ import annotations

import platform
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy import select as sa_select
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col, select

from stvdesk.clock import day_bounds_utc, utcnow
from stvdesk.db.cleaning import clean_event
from stvdesk.db.models import AuditEvent, DbMeta
from stvdesk.domain.audit import CHAIN_COLUMNS, ChainedEvent, ChainStart, chain_problems, search_criterion
from stvdesk.domain.enums import AuditAction
from stvdesk.domain.text import clean_line

if TYPE_CHECKING:
    from stvdesk.db.models import Citizen

AUDIT_KEY = "audit_search_key"
CHAIN_START_KEY = "audit_chain_start"  # ChainStart.text(); absent until the log is first pruned


def _chained(e: AuditEvent) -> ChainedEvent:
    return ChainedEvent.from_row(
        e.seq, e.at, e.worker_id, e.device, e.action, e.citizen_id, e.criterion, e.purpose, e.prev_hash, e.hash
    )


@event.listens_for(OrmSession, "before_flush")
def _chain_new_events(session: OrmSession, flush_context: object, instances: object) -> None:
    new = [obj for obj in session.new if isinstance(obj, AuditEvent)]
    if not new:
        return
    with session.no_autoflush:
        if session.get_bind().dialect.name == "postgresql":
            # A worker's login reads only its own events (revision 0011); the server hands out
            # the chain's tail and makes concurrent appends take turns.
            tail = session.execute(sa.text("SELECT seq, hash FROM stvdesk_audit_tail()")).first()
        else:
            tail = session.execute(
                sa_select(col(AuditEvent.seq), col(AuditEvent.hash))
                .where(col(AuditEvent.seq).is_not(None))
                .order_by(col(AuditEvent.seq).desc())
                .limit(1)
            ).first()
        if tail is not None and tail[0] is not None:
            seq, previous = tail[0], tail[1]
        else:  # an empty log, new or pruned to nothing: go on from where it started
            start = chain_start(session)
            seq, previous = start.seq - 1, start.prev_hash
    for e in sorted(new, key=lambda x: x.at):
        clean_event(e)  # the chain is computed over, and stores, the clean text only
        seq += 1
        e.seq, e.prev_hash = seq, previous
        e.hash = _chained(e).digest()
        previous = e.hash


def chain_start(session: OrmSession) -> ChainStart:
    row = session.get(DbMeta, CHAIN_START_KEY)
    return ChainStart.parse(row.value if row else None)


def verify_chain(session: Session) -> tuple[int, list[str]]:
    """(number of events, problems in Danish); no problems means the log is intact."""
    rows = session.execute(sa.text(f"SELECT {CHAIN_COLUMNS} FROM audit_event ORDER BY seq")).all()
    return len(rows), chain_problems((ChainedEvent.from_row(*row) for row in rows), chain_start(session))


# The append-only guard of revision 0010, repeated here (a migration must not change once
# shipped, so neither may import the other) for the one sanctioned removal: pruning.
GUARD_MESSAGE = "logningen kan kun udvides: hændelser kan ikke ændres eller slettes"


def _drop_guard(conn: sa.Connection) -> None:
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("DROP TRIGGER audit_event_no_update")
        conn.exec_driver_sql("DROP TRIGGER audit_event_no_delete")
    else:
        conn.exec_driver_sql("DROP TRIGGER audit_event_append_only ON audit_event")
        conn.exec_driver_sql("DROP FUNCTION audit_event_refuse()")


def _create_guard(conn: sa.Connection) -> None:
    if conn.dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            conn.exec_driver_sql(
                f"CREATE TRIGGER audit_event_no_{verb.lower()} BEFORE {verb} ON audit_event "
                f"BEGIN SELECT RAISE(ABORT, '{GUARD_MESSAGE}'); END"
            )
    else:
        conn.exec_driver_sql(
            "CREATE FUNCTION audit_event_refuse() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{GUARD_MESSAGE}'; END $$"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
            "FOR EACH ROW EXECUTE FUNCTION audit_event_refuse()"
        )


@dataclass(frozen=True)
class PruneResult:
    removed: int
    through_seq: int  # the last removed event; 0 when nothing was due


def prunable(session: Session, before: datetime) -> tuple[int, int]:
    """(events, last seq) that pruning at `before` would remove: every event up to the last
    one written before that instant."""
    last = session.execute(sa_select(sa.func.max(AuditEvent.seq)).where(col(AuditEvent.at) < before)).scalar()
    if last is None:
        return 0, 0
    count = session.execute(
        sa_select(sa.func.count()).select_from(AuditEvent).where(AuditEvent.seq <= last)
    ).scalar_one()
    return count, last


def prune_log(session: Session, before: datetime, *, worker_id: uuid.UUID | None, note: str) -> PruneResult:
    """Remove the events up to the last one before `before`, in one transaction: the guard is
    lifted, the events deleted, where the chain now starts is recorded (so `db check` still
    verifies what is left), the guard restored, and the pruning itself logged (`note`)."""
    removed, through = prunable(session, before)
    if removed == 0:
        return PruneResult(0, 0)
    last_hash = session.execute(sa_select(col(AuditEvent.hash)).where(col(AuditEvent.seq) == through)).scalar_one()
    conn = session.connection()
    _drop_guard(conn)
    conn.execute(sa.delete(AuditEvent).where(col(AuditEvent.seq) <= through))
    _create_guard(conn)
    session.merge(DbMeta(key=CHAIN_START_KEY, value=ChainStart(through + 1, last_hash).text()))
    session.flush()
    log_access(session, worker_id=worker_id, action=AuditAction.CHANGE, criterion=note)
    return PruneResult(removed, through)


def _search_key(session: Session) -> bytes:
    row = session.get(DbMeta, AUDIT_KEY)
    if row is None:
        row = DbMeta(key=AUDIT_KEY, value=secrets.token_hex(32))
        session.add(row)
    return bytes.fromhex(row.value)


def log_access(
    session: Session,
    *,
    worker_id: uuid.UUID | None,
    action: AuditAction,
    citizen_id: uuid.UUID | None = None,
    criterion: str = "",
    purpose: str = "",
    device: str = "",
    at: datetime | None = None,
    commit: bool = True,
) -> None:
    """One access event, committed at once (a view is logged even if nothing else happens).
    The device is this machine's name unless given; `at` is now unless given (a failed
    unlock is written when the file is next opened, with the time it happened)."""
    device = device or platform.node()
    if action is AuditAction.SEARCH:
        criterion = search_criterion(criterion, _search_key(session))
    session.add(
        AuditEvent(
            at=at or utcnow(),
            worker_id=worker_id,
            device=device,
            action=action,
            citizen_id=citizen_id,
            criterion=criterion,
            purpose=purpose,
        )
    )
    if commit:
        session.commit()


def log_citizens_out(
    session: Session,
    *,
    worker_id: uuid.UUID | None,
    action: AuditAction,
    citizen_ids: Iterable[uuid.UUID | None],
    criterion: str,
) -> int:
    """A sheet or file about several citizens leaves the desk (printed, exported): one event
    per citizen on it, in one commit. Returns the number of events."""
    distinct = list(dict.fromkeys(cid for cid in citizen_ids if cid is not None))
    for citizen_id in distinct:
        log_access(
            session, worker_id=worker_id, action=action, citizen_id=citizen_id, criterion=criterion, commit=False
        )
    session.commit()
    return len(distinct)


def citizen_log(session: Session, citizen_id: uuid.UUID) -> list[AuditEvent]:
    """Every event about one citizen, oldest first (what the citizen may ask to see)."""
    return list(
        session.exec(select(AuditEvent).where(AuditEvent.citizen_id == citizen_id).order_by(col(AuditEvent.seq))).all()
    )


def citizen_log_lines(session: Session, citizen_id: uuid.UUID) -> list[tuple[datetime, str, str, str]]:
    """A citizen's own access log, for the citizen: [(when, who, what, purpose)], oldest first.

    Only events about this citizen; who is the worker's name and initials.
    """
    from stvdesk.db.models import Worker

    rows = session.exec(
        select(AuditEvent, Worker)
        .join(Worker, col(Worker.id) == col(AuditEvent.worker_id), isouter=True)
        .where(AuditEvent.citizen_id == citizen_id)
        .order_by(col(AuditEvent.seq))
    ).all()
    # The log's text as an older version may have stored it (the chain keeps it so): shown clean.
    return [
        (e.at, f"{w.name} ({w.initials})" if w else "ukendt medarbejder", e.action.label, clean_line(e.purpose))
        for e, w in rows
    ]


@dataclass(frozen=True)
class LogRow:
    seq: int
    at: datetime
    worker: str  # initials
    action: AuditAction
    citizen_id: uuid.UUID | None
    citizen: str  # name, for the leader reading the log
    criterion: str
    purpose: str


def team_log(
    session: Session,
    team_id: uuid.UUID | None,
    since: date,
    until: date,
    *,
    citizen_id: uuid.UUID | None = None,
    worker_id: uuid.UUID | None = None,
    limit: int = 500,
) -> list[LogRow]:
    """The team's access log between two days (inclusive), newest first: events by the team's
    workers, or about one citizen / by one worker when given. For the leader's log screen."""
    from stvdesk.db.models import Citizen, Worker

    start, end = day_bounds_utc(since, until)  # Danish days, not UTC ones
    query = (
        select(AuditEvent, Worker.initials, Citizen.first_name, Citizen.last_name)
        .join(Worker, col(Worker.id) == col(AuditEvent.worker_id), isouter=True)
        .join(Citizen, col(Citizen.id) == col(AuditEvent.citizen_id), isouter=True)
        .where(AuditEvent.at >= start, AuditEvent.at < end)
    )
    if citizen_id is not None:
        query = query.where(AuditEvent.citizen_id == citizen_id)
    else:
        query = query.where(Worker.team_id == team_id)
    if worker_id is not None:
        query = query.where(AuditEvent.worker_id == worker_id)
    rows = session.exec(query.order_by(col(AuditEvent.seq).desc()).limit(limit)).all()
    return [
        LogRow(
            e.seq or 0,  # a stored event always has its place in the chain
            e.at,
            initials or "?",
            e.action,
            e.citizen_id,
            f"{first} {last}" if first is not None else "",
            clean_line(e.criterion),  # stored as hashed, shown clean (see citizen_log_lines)
            clean_line(e.purpose),
        )
        for e, initials, first, last in rows
    ]


def citizen_by_cpr(session: Session, cpr_digits: str) -> Citizen | None:
    from stvdesk.db.models import Citizen

    return session.exec(select(Citizen).where(Citizen.cpr == cpr_digits)).first()
