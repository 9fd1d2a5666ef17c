"""The team server writes the access log and the grants itself, and row-level security covers
every table with a team's data (README, "A team on PostgreSQL" and "Keeping the data safe").

Both backends: a log pruned before this revision gets one event that records where its chain
now starts (the pruning's mark, domain.audit.prune_marker), which `stvdesk db check` from now on
asks of every pruned log; a start that no pruning recorded was set past stvdesk.

PostgreSQL only (a worker's login meets it; the owner is not bound by policies):
- The access log. No worker's login may insert, change or delete an event. stvdesk_log_event
  writes one, in the login's own name only, and chains it itself under the chain's lock
  (stvdesk_event_digest is domain.audit.event_digest in SQL, byte for byte), so a forged row
  can no longer break the chain; a CPR search is hashed there with the server's key
  (stvdesk_search_criterion), which no worker's login can read any more (db_meta's row is
  hidden by a policy). TRUNCATE is refused like UPDATE and DELETE.
- Grants. stvdesk_grant_access grants a citizen outside one's reach for the days in
  db_meta 'access_grant_days' (1, today only, unless the owner sets more; at most 31), writes the
  look-up (the number hashed, the purpose) to the log in the same transaction, and answers the
  same whether the number is known or not; a grant cannot be made longer afterwards, and
  stvdesk_end_access ends one's own grant, logged. No login writes access_grant directly.
- Row-level security. A follow-up, meeting, agreement or contact-log line without a citizen
  belongs to its worker's team (before: to every login), as does a good story; a dialogue note
  to the team and only the worker, its writer and the leaders; a target to the team (set by a
  leader); saved filters and visit orders to their worker; access grants are read by their
  worker (a leader: the team's). The laptop-only sync tables are closed to workers' logins.

Frozen copies below (the digest, the pruning's mark): a migration must do the same thing on a
file opened years from now, whatever the application's rules have become by then.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-24
"""

import hashlib
import json
import platform
import uuid
from collections.abc import Sequence
from datetime import UTC

import sqlalchemy as sa
from alembic import op

from stvdesk.clock import utcnow

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GROUP = "stvdesk_worker"


# --- a log pruned before this revision: its pruning recorded in the chain (both backends) --------


def _digest(values: list[object]) -> str:
    """domain.audit.event_digest's unkeyed form as this revision ships."""
    payload = json.dumps(values, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _mark_pruned_log(bind: sa.Connection) -> None:
    start = bind.execute(sa.text("SELECT value FROM db_meta WHERE key = 'audit_chain_start'")).scalar()
    if not start:
        return
    start_seq, _, start_hash = str(start).partition(":")
    tail = bind.execute(sa.text("SELECT seq, hash FROM audit_event WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1"))
    row = tail.first()
    seq, previous = (int(row[0]), str(row[1])) if row else (int(start_seq) - 1, start_hash)
    at = utcnow().astimezone(UTC)
    device = platform.node()
    criterion = f"Logningen var ryddet før version 0014; kæden starter ved hændelse {start_seq}"
    purpose = f"Kæden starter nu ved hændelse {start_seq} efter {start_hash}"
    seq += 1
    digest = _digest(
        [seq, at.isoformat(timespec="microseconds"), "", device, "change", "", criterion, purpose, previous]
    )
    events = sa.table(
        "audit_event",
        sa.column("id", sa.Uuid()),
        sa.column("seq", sa.Integer()),
        sa.column("at", sa.DateTime()),
        sa.column("worker_id", sa.Uuid()),
        sa.column("device", sa.String()),
        sa.column("action", sa.String()),
        sa.column("citizen_id", sa.Uuid()),
        sa.column("criterion", sa.String()),
        sa.column("purpose", sa.String()),
        sa.column("prev_hash", sa.String()),
        sa.column("hash", sa.String()),
    )
    bind.execute(
        events.insert().values(
            id=uuid.uuid4(),
            seq=seq,
            at=at.replace(tzinfo=None),
            worker_id=None,
            device=device,
            action="change",
            citizen_id=None,
            criterion=criterion,
            purpose=purpose,
            prev_hash=previous,
            hash=digest,
        )
    )


# --- PostgreSQL: functions -------------------------------------------------------------------

FUNCTIONS = {
    # The workers of the login's team (any role), and the login's team.
    "stvdesk_team_workers()": """CREATE FUNCTION stvdesk_team_workers() RETURNS uuid[]
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT ARRAY(SELECT w.id FROM worker w JOIN worker me ON me.team_id = w.team_id
                     WHERE me.db_login = session_user AND me.deleted_at IS NULL)
        $$""",
    "stvdesk_my_team()": """CREATE FUNCTION stvdesk_my_team() RETURNS uuid
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT team_id FROM worker WHERE db_login = session_user AND deleted_at IS NULL
        $$""",
    # A leader (any role but caseworker and consultant) reads the team's.
    "stvdesk_is_leader()": """CREATE FUNCTION stvdesk_is_leader() RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT coalesce((SELECT role NOT IN ('S', 'VK') FROM worker
                         WHERE db_login = session_user AND deleted_at IS NULL), false)
        $$""",
    # HMAC-SHA256 (RFC 2104) with the server's own sha256: pgcrypto is not assumed installed.
    "stvdesk_hmac(bytea, bytea)": """CREATE FUNCTION stvdesk_hmac(secret bytea, message bytea) RETURNS bytea
        LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = public AS $$
        DECLARE
            block bytea := CASE WHEN length(secret) > 64 THEN sha256(secret) ELSE secret END;
            inner_pad bytea;
            outer_pad bytea;
        BEGIN
            block := block || decode(repeat('00', 64 - length(block)), 'hex');
            inner_pad := block;
            outer_pad := block;
            FOR i IN 0..63 LOOP
                inner_pad := set_byte(inner_pad, i, get_byte(block, i) # 54);
                outer_pad := set_byte(outer_pad, i, get_byte(block, i) # 92);
            END LOOP;
            RETURN sha256(outer_pad || sha256(inner_pad || message));
        END $$""",
    # domain.audit.event_digest (unkeyed) in SQL: SHA-256 of the canonical JSON array. to_json
    # escapes a string as Python's json.dumps(ensure_ascii=False) does.
    "stvdesk_event_digest(integer, timestamp, uuid, text, text, uuid, text, text, text)": """
        CREATE FUNCTION stvdesk_event_digest(p_seq integer, p_at timestamp, p_worker uuid, p_device text,
                                             p_action text, p_citizen uuid, p_criterion text, p_purpose text,
                                             p_prev text) RETURNS text
        LANGUAGE sql IMMUTABLE SET search_path = public AS $$
        SELECT encode(sha256(convert_to(
            '[' || p_seq::text
            || ',' || to_json(to_char(p_at, 'YYYY-MM-DD"T"HH24:MI:SS.US') || '+00:00')::text
            || ',' || to_json(coalesce(p_worker::text, ''))::text
            || ',' || to_json(coalesce(p_device, ''))::text
            || ',' || to_json(coalesce(p_action, ''))::text
            || ',' || to_json(coalesce(p_citizen::text, ''))::text
            || ',' || to_json(coalesce(p_criterion, ''))::text
            || ',' || to_json(coalesce(p_purpose, ''))::text
            || ',' || to_json(coalesce(p_prev, ''))::text || ']', 'UTF8')), 'hex')
        $$""",
    # Append one event to the chain: the only INSERT into audit_event a login can cause. The
    # advisory lock (stvdesk_audit_tail's) makes appends take turns until the transaction ends.
    "stvdesk_chain_append(uuid, timestamp, uuid, text, text, uuid, text, text)": """
        CREATE FUNCTION stvdesk_chain_append(p_id uuid, p_at timestamp, p_worker uuid, p_device text,
                                             p_action text, p_citizen uuid, p_criterion text, p_purpose text,
                                             OUT o_seq integer, OUT o_prev_hash text, OUT o_hash text)
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
        DECLARE
            start_text text;
        BEGIN
            PERFORM pg_advisory_xact_lock(7461957);
            SELECT a.seq, a.hash INTO o_seq, o_prev_hash FROM audit_event a
             WHERE a.seq IS NOT NULL ORDER BY a.seq DESC LIMIT 1;
            IF o_seq IS NULL THEN  -- an empty log, new or pruned to nothing
                SELECT m.value INTO start_text FROM db_meta m WHERE m.key = 'audit_chain_start';
                IF start_text IS NULL THEN
                    o_seq := 0;
                    o_prev_hash := repeat('0', 64);
                ELSE
                    o_seq := split_part(start_text, ':', 1)::integer - 1;
                    o_prev_hash := substr(start_text, strpos(start_text, ':') + 1);
                END IF;
            END IF;
            o_seq := o_seq + 1;
            o_hash := stvdesk_event_digest(o_seq, p_at, p_worker, coalesce(p_device, ''), p_action, p_citizen,
                                           coalesce(p_criterion, ''), coalesce(p_purpose, ''), o_prev_hash);
            INSERT INTO audit_event (id, seq, at, worker_id, device, action, citizen_id, criterion, purpose,
                                     prev_hash, hash)
            VALUES (coalesce(p_id, gen_random_uuid()), o_seq, p_at, p_worker, coalesce(p_device, ''), p_action,
                    p_citizen, coalesce(p_criterion, ''), coalesce(p_purpose, ''), o_prev_hash, o_hash);
        END $$""",
    # A CPR search as logged (domain.audit.search_criterion) with the server's key, made on first
    # use as the desk makes its own (random: two v4 UUIDs and the clock, hashed).
    "stvdesk_search_criterion(text)": """CREATE FUNCTION stvdesk_search_criterion(p_digits text) RETURNS text
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
        DECLARE
            secret text;
        BEGIN
            SELECT value INTO secret FROM db_meta WHERE key = 'audit_search_key';
            IF secret IS NULL THEN
                INSERT INTO db_meta (key, value)
                VALUES ('audit_search_key', encode(sha256(convert_to(
                    gen_random_uuid()::text || gen_random_uuid()::text || clock_timestamp()::text, 'UTF8')), 'hex'))
                ON CONFLICT (key) DO NOTHING;
                SELECT value INTO secret FROM db_meta WHERE key = 'audit_search_key';
            END IF;
            RETURN 'CPR-søgning #' || left(encode(stvdesk_hmac(decode(secret, 'hex'),
                convert_to(regexp_replace(coalesce(p_digits, ''), '[^0-9]', '', 'g'), 'UTF8')), 'hex'), 16);
        END $$""",
    # The desk's way to log (db/audit.py): one event in the login's own name (or none), chained
    # here; a CPR search's digits are hashed here and never stored.
    "stvdesk_log_event(uuid, timestamp, uuid, text, text, uuid, text, text, text)": """
        CREATE FUNCTION stvdesk_log_event(p_id uuid, p_at timestamp, p_worker uuid, p_device text, p_action text,
                                          p_citizen uuid, p_criterion text, p_purpose text, p_search_digits text)
        RETURNS TABLE (o_seq integer, o_prev_hash text, o_hash text, o_criterion text)
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
        DECLARE
            me uuid := stvdesk_me();
            said text := coalesce(p_criterion, '');
        BEGIN
            IF me IS NULL AND session_user <> current_user
               AND NOT coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = session_user), false) THEN
                RAISE EXCEPTION 'logningen: dette login hører ikke til en medarbejder'
                      USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF me IS NOT NULL AND p_worker IS NOT NULL AND p_worker <> me THEN
                RAISE EXCEPTION 'logningen: en hændelse skrives kun i eget navn'
                      USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF p_action = 'search' AND p_search_digits IS NOT NULL THEN
                said := stvdesk_search_criterion(p_search_digits);
            END IF;
            SELECT * INTO o_seq, o_prev_hash, o_hash
              FROM stvdesk_chain_append(p_id, p_at, p_worker, p_device, p_action, p_citizen, said, p_purpose);
            o_criterion := said;
            RETURN NEXT;
        END $$""",
    # A citizen outside one's reach, by exact CPR number and a purpose. The same work and the
    # same answer (true) whether the number is known or not: the look-up is logged either way
    # (the number hashed, the purpose as given), and only a known citizen gets a grant row.
    "stvdesk_grant_access(text, text, text)": """
        CREATE FUNCTION stvdesk_grant_access(cpr_number text, why text, p_device text DEFAULT '')
        RETURNS boolean
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
        DECLARE
            me uuid := stvdesk_me();
            setting text;
            days integer;
            last_day date;
            found uuid;
        BEGIN
            IF me IS NULL OR coalesce(trim(why), '') = '' THEN
                RETURN false;
            END IF;
            SELECT value INTO setting FROM db_meta WHERE key = 'access_grant_days';
            days := CASE WHEN setting ~ '^[0-9]{1,2}$' THEN greatest(1, least(setting::integer, 31)) ELSE 1 END;
            last_day := current_date + days - 1;
            SELECT c.id INTO found FROM citizen c WHERE c.cpr = cpr_number AND c.deleted_at IS NULL;
            INSERT INTO access_grant (id, created_at, updated_at, updated_by, worker_id, citizen_id, purpose, until)
            SELECT gen_random_uuid(), now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC', me, me, found,
                   trim(why), last_day
             WHERE found IS NOT NULL;
            PERFORM stvdesk_chain_append(
                gen_random_uuid(), (now() AT TIME ZONE 'UTC')::timestamp, me, coalesce(p_device, ''), 'search',
                found, stvdesk_search_criterion(cpr_number) || ' – opslag med formål, adgang til og med '
                       || to_char(last_day, 'DD-MM-YYYY'), trim(why));
            RETURN true;
        END $$""",
    # End one's own grants on a citizen (the rows stay, marked deleted), logged.
    "stvdesk_end_access(uuid, text)": """
        CREATE FUNCTION stvdesk_end_access(p_citizen uuid, p_device text DEFAULT '') RETURNS integer
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
        DECLARE
            me uuid := stvdesk_me();
            ended integer;
        BEGIN
            IF me IS NULL THEN
                RETURN 0;
            END IF;
            UPDATE access_grant SET deleted_at = now() AT TIME ZONE 'UTC', updated_at = now() AT TIME ZONE 'UTC',
                                    updated_by = me
             WHERE worker_id = me AND citizen_id = p_citizen AND deleted_at IS NULL AND until >= current_date;
            GET DIAGNOSTICS ended = ROW_COUNT;
            IF ended > 0 THEN
                PERFORM stvdesk_chain_append(
                    gen_random_uuid(), (now() AT TIME ZONE 'UTC')::timestamp, me, coalesce(p_device, ''), 'change',
                    p_citizen, 'Adgang med formål afsluttet', '');
            END IF;
            RETURN ended;
        END $$""",
}
# What a worker's login may call; the rest (the chain's append, the search key) only the owner
# and the functions above, which run as the owner.
FOR_WORKERS = (
    "stvdesk_team_workers()",
    "stvdesk_my_team()",
    "stvdesk_is_leader()",
    "stvdesk_log_event(uuid, timestamp, uuid, text, text, uuid, text, text, text)",
    "stvdesk_grant_access(text, text, text)",
    "stvdesk_end_access(uuid, text)",
)

# 0011's grant function, put back by the downgrade.
OLD_GRANT = """CREATE FUNCTION stvdesk_grant_access(cpr_number varchar, why varchar) RETURNS uuid
       LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
       DECLARE found uuid; me uuid;
       BEGIN
           SELECT id INTO me FROM worker WHERE db_login = session_user AND deleted_at IS NULL;
           IF me IS NULL OR coalesce(trim(why), '') = '' THEN RETURN NULL; END IF;
           SELECT id INTO found FROM citizen WHERE cpr = cpr_number AND deleted_at IS NULL;
           IF found IS NULL THEN RETURN NULL; END IF;
           INSERT INTO access_grant (id, created_at, updated_at, updated_by, worker_id, citizen_id, purpose, until)
           VALUES (gen_random_uuid(), now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC', me, me, found, why,
                   current_date);
           RETURN found;
       END $$"""

# --- PostgreSQL: policies --------------------------------------------------------------------

TEAM = "(SELECT stvdesk_team_workers())::uuid[]"
MY_TEAM = "(SELECT stvdesk_my_team())"
ME = "(SELECT stvdesk_me())"
LEADER = "(SELECT stvdesk_is_leader())"
VISIBLE = "citizen_id = ANY ((SELECT stvdesk_visible_citizens())::uuid[])"

# A row without a citizen (a company's follow-up, meeting, agreement, contact) is its team's.
WITHOUT_CITIZEN = {
    "follow_up": f"worker_id = ANY ({TEAM})",
    "company_contact_log": f"worker_id = ANY ({TEAM})",
    "meeting": f"(caseworker_id = ANY ({TEAM}) OR consultant_id = ANY ({TEAM}))",
    "agreement": f"(owner_worker_id = ANY ({TEAM}) OR EXISTS (SELECT 1 FROM meeting m WHERE m.id = meeting_id))",
}
STORY = f"(citizen_id IS NULL OR {VISIBLE}) AND (team_id = {MY_TEAM} OR (team_id IS NULL AND worker_id = ANY ({TEAM})))"
DIALOGUE = f"worker_id = ANY ({TEAM}) AND (worker_id = {ME} OR written_by = {ME} OR {LEADER})"
TARGET = f"(team_id = {MY_TEAM} OR worker_id = ANY ({TEAM}))"
OWN = f"worker_id = {ME}"
GRANT_READ = f"worker_id = {ME} OR ({LEADER} AND worker_id = ANY ({TEAM}))"
# 0011's policies on the tables whose rows may lack a citizen, put back by the downgrade.
OLD_OPTIONAL = ("success_story", "company_contact_log", "meeting", "agreement", "follow_up")
OLD_RULE = "citizen_id = ANY ((SELECT stvdesk_visible_citizens())::uuid[])"


def _server_upgrade() -> None:
    for name in ("stvdesk_grant_access(varchar, varchar)",):
        op.execute(f"DROP FUNCTION {name}")
    for signature, body in FUNCTIONS.items():
        op.execute(body)
        op.execute(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
    for signature in FOR_WORKERS:
        op.execute(f"GRANT EXECUTE ON FUNCTION {signature} TO {GROUP}")

    # The log and the grants: written by the functions only.
    op.execute(f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_event, access_grant FROM {GROUP}")
    op.execute("DROP POLICY append_own ON audit_event")
    op.execute(
        "CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse()"
    )
    op.execute("DROP POLICY reach ON access_grant")
    op.execute(f"CREATE POLICY read_own ON access_grant FOR SELECT USING ({GRANT_READ})")
    # The search key: no longer made or read by a worker's login.
    op.execute(f"REVOKE INSERT, UPDATE, DELETE ON db_meta FROM {GROUP}")
    op.execute("ALTER TABLE db_meta ENABLE ROW LEVEL SECURITY")
    op.execute("CREATE POLICY no_secrets ON db_meta FOR SELECT USING (key <> 'audit_search_key')")

    for table, team_rule in WITHOUT_CITIZEN.items():
        rule = f"(citizen_id IS NULL AND {team_rule}) OR (citizen_id IS NOT NULL AND {VISIBLE})"
        op.execute(f"DROP POLICY reach ON {table}")
        op.execute(f"CREATE POLICY reach ON {table} USING ({rule}) WITH CHECK ({rule})")
    op.execute("DROP POLICY reach ON success_story")
    op.execute(f"CREATE POLICY reach ON success_story USING ({STORY}) WITH CHECK ({STORY})")
    for table, rule in (("dialogue_note", DIALOGUE), ("saved_filter", OWN), ("visit_order", OWN)):
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY reach ON {table} USING ({rule}) WITH CHECK ({rule})")
    op.execute("ALTER TABLE target ENABLE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY read_team ON target FOR SELECT USING ({TARGET})")
    for command in ("INSERT", "UPDATE", "DELETE"):
        using = "" if command == "INSERT" else f" USING ({TARGET} AND {LEADER})"
        check = "" if command == "DELETE" else f" WITH CHECK ({TARGET} AND {LEADER})"
        op.execute(f"CREATE POLICY leader_{command.lower()} ON target FOR {command}{using}{check}")
    # A laptop's outbox and conflict inbox: never used on a server, closed to workers' logins.
    for table in ("sync_outbox", "sync_conflict"):
        op.execute(f"REVOKE ALL ON {table} FROM {GROUP}")
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")


def upgrade() -> None:
    bind = op.get_bind()
    _mark_pruned_log(bind)
    if bind.dialect.name == "postgresql":
        _server_upgrade()


def downgrade() -> None:
    """Back to 0011/0012's server (the pruning's mark stays: it is an event of the log)."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in ("sync_outbox", "sync_conflict"):
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
        op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {GROUP}")
    for command in ("insert", "update", "delete"):
        op.execute(f"DROP POLICY leader_{command} ON target")
    op.execute("DROP POLICY read_team ON target")
    op.execute("ALTER TABLE target DISABLE ROW LEVEL SECURITY")
    for table in ("dialogue_note", "saved_filter", "visit_order"):
        op.execute(f"DROP POLICY reach ON {table}")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    for table in OLD_OPTIONAL:
        rule = f"(citizen_id IS NULL OR {OLD_RULE})"
        op.execute(f"DROP POLICY reach ON {table}")
        op.execute(f"CREATE POLICY reach ON {table} USING ({rule}) WITH CHECK ({rule})")
    op.execute("DROP POLICY no_secrets ON db_meta")
    op.execute("ALTER TABLE db_meta DISABLE ROW LEVEL SECURITY")
    op.execute(f"GRANT INSERT ON db_meta TO {GROUP}")
    op.execute("DROP POLICY read_own ON access_grant")
    op.execute(f"CREATE POLICY reach ON access_grant USING ({OLD_RULE}) WITH CHECK ({OLD_RULE})")
    op.execute("DROP TRIGGER audit_event_no_truncate ON audit_event")
    op.execute(
        "CREATE POLICY append_own ON audit_event FOR INSERT WITH CHECK (worker_id IS NULL OR worker_id = stvdesk_me())"
    )
    op.execute(f"GRANT INSERT, UPDATE, DELETE ON audit_event, access_grant TO {GROUP}")
    for signature in reversed(FUNCTIONS):
        op.execute(f"DROP FUNCTION {signature}")
    op.execute(OLD_GRANT)
