"""The access log in the database (README, "The access log"): chaining each new AuditEvent as it is flushed,
checking the chain, and writing the events screens cause (a file viewed, a search made).

The chain is made in one place – a before_flush hook on every session – so no code path can
add an event without its seq and hashes. Revision 0010 makes the table append-only.

- **SQLite file.** The hook chains the event here. An encrypted file's events are keyed
  (HMAC) with the chain key: derived from the SQLCipher key when keyed events begin and kept in
  db_meta wrapped under the current SQLCipher key, so a new passphrase (export_copy re-wraps
  it) keeps the old events verifiable. After every commit that appended events the chain's
  head is written to the anchor, a small file beside the database (`anchor_path`), so that the
  last events cannot be removed unseen; db_meta remembers which file is anchored.
- **Team server.** The login cannot write the table (revision 0014): the hook hands each event
  to the server function stvdesk_log_event, which chains it (under the server's own lock) and
  hashes a CPR search with the server's key, which no worker's login can read; the event is
  then taken out of the session, already stored.
"""

from __future__ import annotations

import os
import platform
import secrets
import tempfile
import threading
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy import select as sa_select
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col, select

from stvdesk.clock import day_bounds_utc, utcnow
from stvdesk.db.cleaning import clean_event, clean_event_values
from stvdesk.db.models import AuditEvent, DbMeta, table_of
from stvdesk.db.rows import row_values
from stvdesk.domain.audit import (
    CHAIN_COLUMNS,
    Anchor,
    ChainedEvent,
    ChainStart,
    LogCheck,
    check_log,
    cpr_like_digits,
    new_chain_key,
    prune_marker,
    search_criterion,
    unwrap_chain_key,
    wrap_chain_key,
)
from stvdesk.domain.enums import AuditAction
from stvdesk.domain.text import clean_line

if TYPE_CHECKING:
    from stvdesk.db.cipher import CipherKey
    from stvdesk.db.models import Citizen

AUDIT_KEY = "audit_search_key"
CHAIN_START_KEY = "audit_chain_start"  # ChainStart.text(); absent until the log is first pruned
CHAIN_KEY_KEY = "audit_chain_key"  # domain.audit.wrap_chain_key; only in an encrypted file
ANCHORED_FILE_KEY = "audit_anchor_file"  # the path whose anchor this file's chain writes
_APPENDED = "stvdesk_audit_appended"  # session.info: the file to anchor after this commit
_SEARCH_DIGITS = "stvdesk_search_digits"  # session.info: event id -> a search's digits, for the server


def _chained(e: AuditEvent) -> ChainedEvent:
    return ChainedEvent.from_row(
        e.seq, e.at, e.worker_id, e.device, e.action, e.citizen_id, e.criterion, e.purpose, e.prev_hash, e.hash
    )


def cipher_key_of(bind: sa.Engine | sa.Connection) -> CipherKey | None:
    """The SQLCipher key an engine (db/engine.make_engine) opens its file with, if any."""
    from stvdesk.db.cipher import CipherKey

    url = bind.engine.url
    literal = url.password if url.drivername == "sqlite+pysqlcipher" else None
    if not isinstance(literal, str) or not (literal.startswith("x'") and literal.endswith("'")):
        return None
    raw = bytes.fromhex(literal[2:-1])
    return CipherKey(key=raw[:32], salt=raw[32:])


def _file_of(bind: sa.Engine | sa.Connection) -> Path | None:
    url = bind.engine.url
    if bind.dialect.name != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def kept_chain_key(value: str | None, cipher: CipherKey | None) -> tuple[bytes | None, int | None]:
    """(the chain key, the first keyed event) from db_meta's `audit_chain_key`, which holds
    "FIRST:" and domain.audit.wrap_chain_key's text. The key is None without the passphrase's
    key (or under another passphrase); the first keyed event is known either way."""
    if not value:
        return None, None
    first, _, wrapped = value.partition(":")
    keyed_from = int(first) if first.isdigit() else 1  # a mangled mark: every event is held to the key
    return (unwrap_chain_key(wrapped, cipher.key, cipher.salt) if cipher else None), keyed_from


def _keep_chain_key(key: bytes, cipher: CipherKey, keyed_from: int) -> str:
    return f"{keyed_from}:{wrap_chain_key(key, cipher.key, cipher.salt)}"


def _chain_key(session: OrmSession, next_seq: int) -> bytes | None:
    """This file's chain key, made the first time an encrypted file keys an event."""
    cipher = cipher_key_of(session.get_bind())
    if cipher is None:
        return None
    row = session.get(DbMeta, CHAIN_KEY_KEY)
    key, _keyed_from = kept_chain_key(row.value if row else None, cipher)
    if key is None:
        # None kept, or kept under a passphrase this file no longer has (rekeyed past stvdesk):
        # keyed events begin here; any before stay unverifiable, and `db check` says so.
        key = new_chain_key(cipher.key, cipher.salt)
        session.merge(DbMeta(key=CHAIN_KEY_KEY, value=_keep_chain_key(key, cipher, next_seq)))
    return key


@event.listens_for(OrmSession, "before_flush")
def _chain_new_events(session: OrmSession, flush_context: object, instances: object) -> None:
    new = [obj for obj in session.new if isinstance(obj, AuditEvent)]
    if not new:
        return
    with session.no_autoflush:
        if session.get_bind().dialect.name == "postgresql":
            _log_on_server(session, new)
            return
        seq, previous, key = _chain_tail(session)
    for e in sorted(new, key=lambda x: x.at):
        clean_event(e)  # the chain is computed over, and stores, the clean text only
        seq += 1
        e.seq, e.prev_hash = seq, previous
        e.hash = _chained(e).digest(key)
        previous = e.hash


def _chain_tail(session: OrmSession) -> tuple[int, str, bytes | None]:
    """Where a file's next events go: (the last seq, its hash, the chain key). Marks the file to
    be anchored once the session commits."""
    bind = session.get_bind()
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
    key = _chain_key(session, seq + 1)
    path = _file_of(bind)
    if path is not None:
        anchored = str(path.resolve())
        mark = session.get(DbMeta, ANCHORED_FILE_KEY)
        if mark is None or mark.value != anchored:
            session.merge(DbMeta(key=ANCHORED_FILE_KEY, value=anchored))
        # Only a transaction the session owns is anchored at its commit: a session joined to
        # someone else's does not know when (or whether) that one commits.
        if isinstance(session.bind, sa.Engine):
            session.info[_APPENDED] = (bind.engine, path, key)
    return seq, previous, key


def append_events(session: OrmSession, events: list[dict[str, Any]]) -> None:
    """Many events at once (an import's history lines), through Core in the session's
    transaction, chained as the flush hook chains objects: each made whole as the model would
    (`rows.row_values`), cleaned, in order of `at` (the order given where equal), after any
    event the session still holds. On a team server each goes through stvdesk_log_event."""
    if not events:
        return
    session.flush()  # events the session holds were made first: they are chained first
    rows = sorted((clean_event_values(row_values(AuditEvent, values)) for values in events), key=lambda r: r["at"])
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text(_LOG_EVENT), [_server_params(row, None) for row in rows])
        return
    with session.no_autoflush:
        seq, previous, key = _chain_tail(session)
    for row in rows:
        seq += 1
        row["seq"], row["prev_hash"] = seq, previous
        row["hash"] = previous = ChainedEvent.from_row(
            seq,
            row["at"],
            row["worker_id"],
            row["device"],
            row["action"],
            row["citizen_id"],
            row["criterion"],
            row["purpose"],
            previous,
            None,
        ).digest(key)
    session.connection().execute(table_of(AuditEvent).insert(), rows)


_LOG_EVENT = (
    "SELECT * FROM stvdesk_log_event(CAST(:id AS uuid), CAST(:at AS timestamp), CAST(:worker AS uuid), "
    ":device, :action, CAST(:citizen AS uuid), :criterion, :purpose, :digits)"
)


def _server_params(row: dict[str, Any], digits: str | None) -> dict[str, Any]:
    return {
        "id": row["id"],
        "at": row["at"].astimezone(UTC).replace(tzinfo=None),
        "worker": row["worker_id"],
        "device": row["device"],
        "action": row["action"].value,
        "citizen": row["citizen_id"],
        "criterion": row["criterion"],
        "purpose": row["purpose"],
        "digits": digits,
    }


def _log_on_server(session: OrmSession, new: list[AuditEvent]) -> None:
    """On a team server each event is written by stvdesk_log_event (revision 0014), which chains
    it and hashes a CPR search with the server's key; the stored row is the server's, so the
    object leaves the session with the values the server gave it."""
    digits: dict[uuid.UUID, str] = session.info.get(_SEARCH_DIGITS, {})
    for e in sorted(new, key=lambda x: x.at):
        clean_event(e)
        values = {c.name: getattr(e, c.name) for c in table_of(AuditEvent).columns}
        row = session.execute(sa.text(_LOG_EVENT), _server_params(values, digits.pop(e.id, None))).one()
        session.expunge(e)
        e.seq, e.prev_hash, e.hash, e.criterion = row[0], row[1], row[2], row[3]


@event.listens_for(OrmSession, "after_commit")
def _anchor_after_commit(session: OrmSession) -> None:
    appended = session.info.pop(_APPENDED, None)
    if appended is not None:
        engine, path, key = appended
        advance_anchor(engine, path, key)


@event.listens_for(OrmSession, "after_rollback")
def _nothing_to_anchor(session: OrmSession) -> None:
    session.info.pop(_APPENDED, None)
    session.info.pop(_SEARCH_DIGITS, None)


# --- the anchor: the chain's head, outside the table ---------------------------------------------


def anchor_path(db_path: Path) -> Path:
    """The anchor beside the database (`stvdesk.sqlite` → `stvdesk.sqlite.anker`)."""
    return db_path.with_name(db_path.name + ".anker")


class UnreadableAnchorError(Exception):
    pass


def read_anchor(db_path: Path) -> Anchor | None:
    """The anchor beside `db_path`; None when there is none. Raises UnreadableAnchorError."""
    try:
        text = anchor_path(db_path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableAnchorError(str(exc)) from exc
    try:
        return Anchor.parse(text)
    except ValueError as exc:
        raise UnreadableAnchorError("ikke et anker") from exc


_anchor_lock = threading.Lock()  # the desk's workers commit from several threads


def write_anchor(db_path: Path, anchor: Anchor, *, forward_only: bool = True) -> None:
    """Replace the anchor in one rename (a crash leaves the old one or the new one). Forward
    only: an anchor that lies ahead of the database, or cannot be read, is evidence and is kept."""
    target = anchor_path(db_path)
    with _anchor_lock:
        if forward_only:
            try:
                old = read_anchor(db_path)
            except UnreadableAnchorError:
                return
            if old is not None and old.seq >= anchor.seq:
                return
        handle, temporary = tempfile.mkstemp(prefix=target.name + ".", suffix=".ny", dir=target.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(anchor.text())
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def _head(conn: Any) -> tuple[int, str] | None:
    row = conn.execute("SELECT seq, hash FROM audit_event WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1").fetchone()
    return (int(row[0]), str(row[1])) if row else None


def advance_anchor(engine: sa.Engine, path: Path, key: bytes | None) -> None:
    """After a commit that appended events: anchor the head as now committed. Read back rather
    than remembered, so events of a rolled-back savepoint are never anchored. A failure to write
    (a full disk) loses nothing: the check then finds the chain ahead of the anchor, and says so."""
    try:
        with engine.connect() as conn:
            head = _head(conn.connection.dbapi_connection)
        if head is not None:
            write_anchor(path, Anchor(*head).signed(key))
    except (OSError, sa.exc.DBAPIError):
        pass


def reset_anchor(db_path: Path, cipher: CipherKey | None) -> None:
    """Anchor the file's chain where it ends now, even behind the old anchor: after the file
    itself was replaced on purpose (a restored backup, a new passphrase). Never for a file
    that only might have been tampered with."""
    from stvdesk.db.cipher import connect

    conn = connect(db_path, cipher, read_only=True)
    try:
        head = _head(conn)
        meta = conn.execute("SELECT value FROM db_meta WHERE key = ?", (CHAIN_KEY_KEY,)).fetchone()
    finally:
        conn.close()
    if head is None:
        anchor_path(db_path).unlink(missing_ok=True)
        return
    key, _keyed_from = kept_chain_key(meta[0] if meta else None, cipher)
    write_anchor(db_path, Anchor(*head).signed(key), forward_only=False)


def resign_anchor(db_path: Path, cipher: CipherKey | None) -> None:
    """After a file was written under a new key: the anchor keeps what it held (it is evidence,
    even against the file) and is signed with the file's chain key as the file now keeps it
    (encrypting a plain file begins one; a new passphrase keeps the old one)."""
    from stvdesk.db.cipher import connect

    try:
        anchor = read_anchor(db_path)
    except UnreadableAnchorError:
        return
    if anchor is None:
        return
    conn = connect(db_path, cipher, read_only=True)
    try:
        meta = conn.execute("SELECT value FROM db_meta WHERE key = ?", (CHAIN_KEY_KEY,)).fetchone()
    finally:
        conn.close()
    key, _keyed_from = kept_chain_key(meta[0] if meta else None, cipher)
    write_anchor(db_path, anchor.signed(key), forward_only=False)


def note_restore(db_path: Path, cipher: CipherKey | None, source_name: str) -> None:
    """After `stvdesk db restore`: the log goes back with the file, so the anchor is moved back to
    the restored chain's end, and the restore itself is the first event after it, naming how far
    the log had come before (the old anchor)."""
    from stvdesk.db.engine import make_engine, sqlite_url

    try:
        before = read_anchor(db_path)
    except UnreadableAnchorError:
        before = None
    reset_anchor(db_path, cipher)
    engine = make_engine(sqlite_url(db_path), key=cipher)
    try:
        with Session(engine) as session:
            reached = f"; logningen nåede før hændelse {before.seq}" if before is not None else ""
            log_access(
                session,
                worker_id=None,
                action=AuditAction.CHANGE,
                criterion=f"Databasen gendannet fra sikkerhedskopien {source_name}{reached}",
            )
    finally:
        engine.dispose()


def carry_chain_key(conn: Any, source: CipherKey | None, dest: CipherKey | None) -> None:
    """While a file is written under a new key (cipher.export_copy: the source is `main`, the new
    file is attached as `target`): the chain key goes along, wrapped under the new key, so the
    events keyed so far still verify; encrypting a plain file begins keyed events."""
    try:
        row = conn.execute("SELECT value FROM main.db_meta WHERE key = ?", (CHAIN_KEY_KEY,)).fetchone()
        tail = conn.execute("SELECT max(seq) FROM main.audit_event").fetchone()
        start = conn.execute("SELECT value FROM main.db_meta WHERE key = ?", (CHAIN_START_KEY,)).fetchone()
    except Exception:  # a file before its first migration has no log: nothing to carry
        return
    if dest is None:
        conn.execute("DELETE FROM target.db_meta WHERE key = ?", (CHAIN_KEY_KEY,))
        return
    key, keyed_from = kept_chain_key(row[0] if row else None, source)
    if key is None:
        key = new_chain_key(dest.key, dest.salt)
        keyed_from = tail[0] + 1 if tail and tail[0] is not None else ChainStart.parse(start[0] if start else None).seq
    conn.execute(
        "INSERT OR REPLACE INTO target.db_meta (key, value) VALUES (?, ?)",
        (CHAIN_KEY_KEY, _keep_chain_key(key, dest, keyed_from or 1)),
    )


def chain_start(session: OrmSession) -> ChainStart:
    row = session.get(DbMeta, CHAIN_START_KEY)
    return ChainStart.parse(row.value if row else None)


def verify_chain(session: Session) -> tuple[int, list[str]]:
    """(number of events, problems in Danish); no problems means the log is intact."""
    found = check_session(session)
    return found.count, list(found.problems)


def check_session(session: Session) -> LogCheck:
    """The whole check of the log (domain.audit.check_log) through a session: on a file with its
    chain key and anchor; on a team server the whole chain, which only the owner's login reads."""
    bind = session.get_bind()
    rows = session.execute(sa.text(f"SELECT {CHAIN_COLUMNS} FROM audit_event ORDER BY seq")).all()
    events = [ChainedEvent.from_row(*row) for row in rows]
    if bind.dialect.name != "sqlite":
        return check_log(events, chain_start(session), keyed_elsewhere=True)
    path = _file_of(bind)
    wanted = [CHAIN_START_KEY, CHAIN_KEY_KEY, ANCHORED_FILE_KEY]
    rows = session.execute(sa_select(col(DbMeta.key), col(DbMeta.value)).where(col(DbMeta.key).in_(wanted))).all()
    meta = {str(key): str(value) for key, value in rows}
    return _check_file_log(events, meta, path, cipher_key_of(bind))


def check_file(conn: Any, path: Path, cipher: CipherKey | None) -> LogCheck:
    """The log of a database file read through a plain DB-API connection (`stvdesk db check`)."""
    rows = conn.execute(f"SELECT {CHAIN_COLUMNS} FROM audit_event ORDER BY seq").fetchall()
    meta = dict(
        conn.execute(
            "SELECT key, value FROM db_meta WHERE key IN (?, ?, ?)", (CHAIN_START_KEY, CHAIN_KEY_KEY, ANCHORED_FILE_KEY)
        ).fetchall()
    )
    return _check_file_log([ChainedEvent.from_row(*row) for row in rows], meta, path, cipher)


def _check_file_log(
    events: list[ChainedEvent], meta: dict[str, str], path: Path | None, cipher: CipherKey | None
) -> LogCheck:
    key, keyed_from = kept_chain_key(meta.get(CHAIN_KEY_KEY), cipher)
    start = ChainStart.parse(meta.get(CHAIN_START_KEY))
    if path is None:
        return check_log(events, start, key=key, keyed_from=keyed_from)
    anchored = meta.get(ANCHORED_FILE_KEY)
    here = anchored == str(path.resolve())
    try:
        anchor = read_anchor(path)
    except UnreadableAnchorError as exc:
        found = check_log(events, start, key=key, keyed_from=keyed_from)
        problem = f"Ankeret {anchor_path(path)} kan ikke læses ({exc}): det er ændret uden om stvdesk."
        return replace(found, problems=(*found.problems, problem))
    found = check_log(events, start, key=key, keyed_from=keyed_from, anchor=anchor, anchored=not here)
    if anchor is None and here and found.count:
        problem = (
            f"Ankeret {anchor_path(path)} mangler, skønt databasen har skrevet det: om de sidste "
            "hændelser er fjernet, kan ikke ses."
        )
        return replace(found, problems=(*found.problems, problem))
    if anchored and not here:
        note = f"Filen er en kopi af {anchored} (logningens anker ligger ved siden af den)."
        return replace(found, notes=(*found.notes, note))
    return found


# The append-only guard of revision 0010, repeated here (a migration must not change once
# shipped, so neither may import the other) for the one sanctioned removal: pruning.
GUARD_MESSAGE = "logningen kan kun udvides: hændelser kan ikke ændres eller slettes"


def _guard_sql(verb: str) -> str:
    return (
        f"CREATE TRIGGER audit_event_no_{verb.lower()} BEFORE {verb} ON audit_event "
        f"BEGIN SELECT RAISE(ABORT, '{GUARD_MESSAGE}'); END"
    )


def _drop_guard(conn: sa.Connection) -> None:
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("DROP TRIGGER audit_event_no_update")
        conn.exec_driver_sql("DROP TRIGGER audit_event_no_delete")
    else:  # the function stays: revision 0014's guard against TRUNCATE uses it too
        conn.exec_driver_sql("DROP TRIGGER audit_event_append_only ON audit_event")


def _create_guard(conn: sa.Connection) -> None:
    if conn.dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            conn.exec_driver_sql(_guard_sql(verb))
    else:
        conn.exec_driver_sql(
            "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
            "FOR EACH ROW EXECUTE FUNCTION audit_event_refuse()"
        )


# The guard as revisions 0002 and 0010 made it, whitespace aside: a trigger of the same name that
# does something else (a WHEN that never holds, no RAISE) is no guard.
_SQLITE_GUARDS = {
    verb: {
        " ".join(sql.split())
        for sql in (
            _guard_sql(verb),
            f"CREATE TRIGGER audit_event_no_{verb.lower()} BEFORE {verb} ON audit_event "
            "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END",
        )
    }
    for verb in ("UPDATE", "DELETE")
}


def guard_problems_file(conn: Any) -> list[str]:
    """What is missing of the file's append-only guard (revisions 0002, 0010), in Danish."""
    found = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())
    problems = []
    for verb, expected in _SQLITE_GUARDS.items():
        name = f"audit_event_no_{verb.lower()}"
        word = "ændres" if verb == "UPDATE" else "slettes"
        if name not in found:
            problems.append(f"Vagten {name} mangler: hændelser kan {word} uden at databasen siger fra.")
        elif " ".join(str(found[name]).split()) not in expected:
            problems.append(f"Vagten {name} er skrevet om: den afviser ikke længere, at hændelser {word}.")
    return problems


def guard_problems_server(conn: sa.Connection) -> list[str]:
    """What is missing of a team server's guards, in Danish: the append-only triggers (0002, 0010,
    0014's TRUNCATE), row-level security on every table that has policies, and (from 0014) that no
    worker's login may write the log or the grants but through the server's functions."""
    problems = []
    triggers = {
        name: (enabled, definition, source)
        for name, enabled, definition, source in conn.execute(
            sa.text(
                "SELECT t.tgname, t.tgenabled, pg_get_triggerdef(t.oid), p.prosrc FROM pg_trigger t "
                "JOIN pg_proc p ON p.oid = t.tgfoid WHERE t.tgrelid = 'audit_event'::regclass AND NOT t.tgisinternal"
            )
        ).all()
    }
    revision = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    wanted = {"audit_event_append_only": "BEFORE DELETE OR UPDATE ON public.audit_event FOR EACH ROW"}
    if revision is not None and revision >= "0014":
        wanted["audit_event_no_truncate"] = "BEFORE TRUNCATE ON public.audit_event FOR EACH STATEMENT"
    for name, shape in wanted.items():
        if name not in triggers:
            problems.append(f"Vagten {name} mangler: logningen kan ændres eller tømmes uden at serveren siger fra.")
            continue
        enabled, definition, source = triggers[name]
        # 'O' and 'A' fire; 'D' is switched off, 'R' fires only on a replica.
        if enabled not in ("O", "A") or shape not in definition or " WHEN " in definition or "RAISE" not in source:
            problems.append(f"Vagten {name} er slået fra eller skrevet om: den afviser ikke længere ændringer.")
    for (table,) in conn.execute(
        sa.text(
            "SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND NOT c.relrowsecurity "
            "AND EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid) ORDER BY c.relname"
        )
    ).all():
        problems.append(f"Rækkeniveau-sikkerheden er slået fra på tabellen {table}: alle logins ser alt i den.")
    group = conn.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = 'stvdesk_worker'")).first()
    if group is not None and revision is not None and revision >= "0014":
        for table in ("audit_event", "access_grant"):
            writes = conn.execute(
                sa.text(
                    "SELECT has_table_privilege('stvdesk_worker', :t, 'INSERT') "
                    "OR has_table_privilege('stvdesk_worker', :t, 'UPDATE') "
                    "OR has_table_privilege('stvdesk_worker', :t, 'DELETE')"
                ),
                {"t": table},
            ).scalar()
            if writes:
                problems.append(
                    f"Medarbejdernes logins kan skrive direkte i {table} (uden om serverens funktioner og logningen)."
                )
    return problems


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
    start = ChainStart(through + 1, last_hash)
    conn = session.connection()
    _drop_guard(conn)
    conn.execute(sa.delete(AuditEvent).where(col(AuditEvent.seq) <= through))
    _create_guard(conn)
    session.merge(DbMeta(key=CHAIN_START_KEY, value=start.text()))
    session.flush()
    # The chain records where it now starts (domain.audit.prune_marker): a start set any other way
    # is named by `db check`.
    log_access(session, worker_id=worker_id, action=AuditAction.CHANGE, criterion=note, purpose=prune_marker(start))
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
    event_id = uuid.uuid4()
    if action is AuditAction.SEARCH:
        digits = cpr_like_digits(criterion)
        if session.get_bind().dialect.name != "postgresql":
            criterion = search_criterion(criterion, _search_key(session))
        elif digits is not None:
            # The server hashes it with its own key, which no worker's login may read (revision
            # 0014); until then the event holds no digits at all.
            session.info.setdefault(_SEARCH_DIGITS, {})[event_id] = digits
            criterion = "CPR-søgning"
    session.add(
        AuditEvent(
            id=event_id,
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


# --- erasure: the one sanctioned rewrite of stored events ----------------------------------------


@dataclass(frozen=True)
class RewriteResult:
    changed: int  # events whose text was replaced
    from_seq: int  # the first event chained again (every later one was too); 0 when none


def rewrite_texts(session: Session, texts: dict[int, tuple[str, str]]) -> RewriteResult:
    """Give the events at these seqs a new (criterion, purpose), and chain every event from the
    first of them on again, in the session's transaction; the guard is lifted around it and
    restored, as for pruning.

    Only an erasure does this (db/retention.py: an erased citizen's names and CPR number taken
    out of the log, README "Keeping the data safe"); the caller records it in the chain with an
    event of its own, and the anchor follows the new head when that commits. Each event keeps
    its form: a keyed one (an encrypted file's) is keyed again with the file's chain key, so an
    encrypted file's log can only be rewritten by whoever has its passphrase.
    """
    if not texts:
        return RewriteResult(0, 0)
    session.flush()
    first = min(texts)
    bind = session.get_bind()
    kept = session.get(DbMeta, CHAIN_KEY_KEY) if bind.dialect.name == "sqlite" else None
    key, _keyed_from = kept_chain_key(kept.value if kept else None, cipher_key_of(bind))
    conn = session.connection()
    previous = conn.execute(sa_select(col(AuditEvent.prev_hash)).where(col(AuditEvent.seq) == first)).scalar_one()
    _drop_guard(conn)
    after = first - 1
    while True:
        rows = conn.execute(
            sa.text(f"SELECT {CHAIN_COLUMNS} FROM audit_event WHERE seq > :after ORDER BY seq LIMIT 1000"),
            {"after": after},
        ).all()
        if not rows:
            break
        for row in rows:
            stored = ChainedEvent.from_row(*row)
            criterion, purpose = texts.get(stored.seq, (stored.criterion, stored.purpose))
            if stored.keyed and key is None:
                raise RuntimeError("a keyed event cannot be chained again without the file's chain key")
            moved = replace(stored, criterion=criterion, purpose=purpose, prev_hash=previous)
            moved = replace(moved, hash=moved.digest(key if stored.keyed else None))
            if moved != stored:
                conn.execute(
                    sa.update(AuditEvent)
                    .where(col(AuditEvent.seq) == stored.seq)
                    .values(criterion=criterion, purpose=purpose, prev_hash=moved.prev_hash, hash=moved.hash)
                )
            previous, after = moved.hash, stored.seq
    _create_guard(conn)
    return RewriteResult(len(texts), first)


def search_entries(session: Session, texts: Iterable[str]) -> set[str]:
    """How these searches stand in a file's log (search_criterion with the file's key), to find
    them again; empty on a team server, whose key no login reads."""
    if session.get_bind().dialect.name != "sqlite":
        return set()
    key = _search_key(session)
    return {search_criterion(text, key) for text in texts}
