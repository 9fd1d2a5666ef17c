"""Worker logins and access grants; on PostgreSQL, row-level security (README, "A team on PostgreSQL").

Both backends: `worker.db_login` (the worker's own PostgreSQL login) and `access_grant` (a
citizen outside one's reach, seen today for a stated purpose).

PostgreSQL only: a group role `stvdesk_worker` that every worker's login is granted, and
policies so that the server itself decides what a login may read and write:
- citizen: the login's own and partner's cases (S, VK), the team's (leader, PL), or a citizen
  with an access grant for today;
- every table holding a citizen's data: rows whose citizen the login may see
  (stvdesk_visible_citizens); rows hanging off a placement or a meeting follow their parent;
- the access log: a login appends its own events and reads its own, a leader the team's;
  the chain's tail is read through a SECURITY DEFINER function that also serialises appends.
The tables' owner (the login that runs `stvdesk db upgrade`) is not bound by the policies.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Tables with the citizen's id in them, and whether it may be empty (a company's follow-up).
BY_CITIZEN = {
    "cv_status": False,
    "development_goal": False,
    "job_goal": False,
    "note": False,
    "plan_step": False,
    "placement": False,
    "progress_entry": False,
    "success_story": True,
    "company_contact_log": True,
    "meeting": True,
    "agreement": True,
    "follow_up": True,
    "access_grant": False,
}
# Tables reached through a parent row: (table, column, parent table).
BY_PARENT = {
    "placement_hours": ("placement_id", "placement"),
    "summer_plan": ("placement_id", "placement"),
    "meeting_answer": ("meeting_id", "meeting"),
}
GROUP = "stvdesk_worker"

# Inside a SECURITY DEFINER function current_user is the function's owner; session_user is
# the login that connected, which is what the policies are about.
FUNCTIONS = [
    # The worker behind the current login (NULL for the owner and for other logins).
    """CREATE FUNCTION stvdesk_me() RETURNS uuid LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
       $$ SELECT id FROM worker WHERE db_login = session_user AND deleted_at IS NULL $$""",
    # The workers whose citizens the current login may see (the reach of db/queries/caseload.within_reach): S and VK
    # themselves and their partner; anyone else (leader, PL) the whole team.
    """CREATE FUNCTION stvdesk_reach_workers() RETURNS uuid[]
       LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
       SELECT CASE WHEN me.role IN ('S', 'VK') THEN ARRAY[me.id, me.partner_id]
                   ELSE ARRAY(SELECT w.id FROM worker w WHERE w.team_id = me.team_id) END
       FROM worker me WHERE me.db_login = session_user AND me.deleted_at IS NULL
       $$""",
    # Citizens granted to the current login for today, each for a stated purpose.
    """CREATE FUNCTION stvdesk_granted() RETURNS uuid[]
       LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
       SELECT ARRAY(SELECT g.citizen_id FROM access_grant g JOIN worker me ON me.id = g.worker_id
                    WHERE me.db_login = session_user AND g.until >= current_date AND g.deleted_at IS NULL)
       $$""",
    # Every citizen the current login may see: the rows of all other tables follow it.
    """CREATE FUNCTION stvdesk_visible_citizens() RETURNS uuid[]
       LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
       SELECT ARRAY(SELECT c.id FROM citizen c
                    WHERE c.caseworker_id = ANY (stvdesk_reach_workers())
                       OR c.consultant_id = ANY (stvdesk_reach_workers())
                       OR c.id = ANY (stvdesk_granted()))
       $$""",
    # May the current login read this worker's access-log events? Its own; a leader the team's.
    """CREATE FUNCTION stvdesk_may_read_log(author uuid) RETURNS boolean
       LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
       SELECT EXISTS (
           SELECT 1 FROM worker me WHERE me.db_login = session_user AND (
               me.id = author OR (me.role NOT IN ('S', 'VK') AND EXISTS (
                   SELECT 1 FROM worker w WHERE w.id = author AND w.team_id = me.team_id))))
       $$""",
    # The chain's last event, whoever wrote it; the advisory lock makes concurrent appends
    # take turns until their transaction ends, so no two get the same seq.
    """CREATE FUNCTION stvdesk_audit_tail(OUT seq integer, OUT hash varchar)
       LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
       BEGIN
           PERFORM pg_advisory_xact_lock(7461957);
           SELECT a.seq, a.hash INTO seq, hash FROM audit_event a WHERE a.seq IS NOT NULL ORDER BY a.seq DESC LIMIT 1;
       END $$""",
    # Open a citizen outside one's reach by exact CPR number, for a purpose: today's grant.
    """CREATE FUNCTION stvdesk_grant_access(cpr_number varchar, why varchar) RETURNS uuid
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
       END $$""",
]


def upgrade() -> None:
    op.create_table(
        "access_grant",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("worker_id", sa.Uuid(), nullable=False),
        sa.Column("citizen_id", sa.Uuid(), nullable=False),
        sa.Column("purpose", sa.String(), nullable=False),
        sa.Column("until", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["citizen_id"], ["citizen.id"], name=op.f("fk_access_grant_citizen_id_citizen")),
        sa.ForeignKeyConstraint(["worker_id"], ["worker.id"], name=op.f("fk_access_grant_worker_id_worker")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_grant")),
    )
    with op.batch_alter_table("access_grant", schema=None) as batch_op:
        batch_op.create_index("ix_access_grant_worker_citizen", ["worker_id", "citizen_id", "until"], unique=False)
    with op.batch_alter_table("worker", schema=None) as batch_op:
        batch_op.add_column(sa.Column("db_login", sa.String(length=63), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_worker_db_login"), ["db_login"])

    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{GROUP}') "
        f"THEN CREATE ROLE {GROUP} NOLOGIN; END IF; END $$"
    )
    for function in FUNCTIONS:
        op.execute(function)
    op.execute(f"GRANT USAGE ON SCHEMA public TO {GROUP}")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {GROUP}")
    op.execute(f"REVOKE INSERT, UPDATE, DELETE ON alembic_version, worker, team, db_meta FROM {GROUP}")
    # The access log's search key is made on first use; a login may add it, never change a value.
    op.execute(f"GRANT INSERT ON db_meta TO {GROUP}")

    # Each function is wrapped in a scalar subquery, so PostgreSQL runs it once per statement
    # (an InitPlan) and each row is only an array look-up; a per-row function call made a
    # 10 000-citizen search 90 times slower than the owner's.
    citizen_rule = (
        "caseworker_id = ANY ((SELECT stvdesk_reach_workers())::uuid[]) "
        "OR consultant_id = ANY ((SELECT stvdesk_reach_workers())::uuid[]) "
        "OR id = ANY ((SELECT stvdesk_granted())::uuid[])"
    )
    op.execute("ALTER TABLE citizen ENABLE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY reach ON citizen USING ({citizen_rule}) WITH CHECK ({citizen_rule})")
    for table, optional in BY_CITIZEN.items():
        rule = "citizen_id = ANY ((SELECT stvdesk_visible_citizens())::uuid[])"
        if optional:
            rule = f"(citizen_id IS NULL OR {rule})"
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY reach ON {table} USING ({rule}) WITH CHECK ({rule})")
    for table, (column, parent) in BY_PARENT.items():
        rule = f"EXISTS (SELECT 1 FROM {parent} p WHERE p.id = {column})"
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY reach ON {table} USING ({rule}) WITH CHECK ({rule})")
    goal = (
        "(job_goal_id IS NULL OR EXISTS (SELECT 1 FROM job_goal g WHERE g.id = job_goal_id)) AND "
        "(development_goal_id IS NULL OR EXISTS (SELECT 1 FROM development_goal d WHERE d.id = development_goal_id))"
    )
    op.execute("ALTER TABLE goal_action ENABLE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY reach ON goal_action USING ({goal}) WITH CHECK ({goal})")
    op.execute("ALTER TABLE audit_event ENABLE ROW LEVEL SECURITY")
    op.execute("CREATE POLICY read_own ON audit_event FOR SELECT USING (stvdesk_may_read_log(worker_id))")
    op.execute(
        "CREATE POLICY append_own ON audit_event FOR INSERT WITH CHECK (worker_id IS NULL OR worker_id = stvdesk_me())"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in [*BY_CITIZEN, *BY_PARENT, "citizen", "goal_action"]:
            op.execute(f"DROP POLICY reach ON {table}")
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
        op.execute("DROP POLICY read_own ON audit_event")
        op.execute("DROP POLICY append_own ON audit_event")
        op.execute("ALTER TABLE audit_event DISABLE ROW LEVEL SECURITY")
        for name in (
            "stvdesk_grant_access(varchar, varchar)",
            "stvdesk_audit_tail()",
            "stvdesk_may_read_log(uuid)",
            "stvdesk_visible_citizens()",
            "stvdesk_granted()",
            "stvdesk_reach_workers()",
            "stvdesk_me()",
        ):
            op.execute(f"DROP FUNCTION {name}")
        op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {GROUP}")
        op.execute(f"REVOKE USAGE ON SCHEMA public FROM {GROUP}")
    with op.batch_alter_table("worker", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_worker_db_login"), type_="unique")
        batch_op.drop_column("db_login")
    with op.batch_alter_table("access_grant", schema=None) as batch_op:
        batch_op.drop_index("ix_access_grant_worker_citizen")
    op.drop_table("access_grant")
