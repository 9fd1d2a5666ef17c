"""Sync between field laptops and the team server (README, "A field laptop that syncs").

Both backends: a laptop's outbox of waiting changes and its conflict inbox; the server's
change feed, the laptops it knows and the changes it has taken from them.

PostgreSQL only: a trigger on every synced table writes each changed row's id to the change
feed. Writers take turns on an advisory lock held to the end of their transaction, so feed
ids are handed out in commit order and a laptop's cursor never skips a row that commits late.
The pushing laptop's device id is read from the transaction's `stvdesk.device` setting, so a
laptop is not sent back its own changes. A worker's login reads only its own device and
change records; the feed holds ids only and is readable by all logins.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


GROUP = "stvdesk_worker"
# The tables a laptop receives; a constant here, as a shipped migration must not change
# with the code (stvdesk.sync.tables.PULLED is checked against it by a test).
FEED_TABLES = (
    "team",
    "worker",
    "citizen",
    "job_goal",
    "development_goal",
    "goal_action",
    "cv_status",
    "plan_step",
    "company",
    "company_contact",
    "company_contact_log",
    "job_opening",
    "placement",
    "placement_hours",
    "progress_entry",
    "meeting",
    "meeting_answer",
    "agreement",
    "follow_up",
    "note",
    "success_story",
    "target",
    "saved_filter",
    "summer_plan",
    "visit_order",
    "dialogue_note",
)
FEED_FUNCTION = """CREATE FUNCTION stvdesk_feed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    BEGIN
        PERFORM pg_advisory_xact_lock(7461958);
        INSERT INTO change_feed (table_name, row_id, device_id, removed)
        VALUES (TG_TABLE_NAME, CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END,
                nullif(current_setting('stvdesk.device', true), '')::uuid, TG_OP = 'DELETE');
        RETURN NULL;
    END $$"""


def upgrade() -> None:
    op.create_table(
        "change_feed",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.Uuid(), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=True),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_feed")),
    )
    op.create_table(
        "sync_device",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("worker_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("last_push_at", sa.DateTime(), nullable=True),
        sa.Column("audit_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_device")),
    )
    op.create_table(
        "sync_op",
        sa.Column("op_id", sa.Uuid(), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("worker_id", sa.Uuid(), nullable=True),
        sa.Column("applied_at", sa.DateTime(), nullable=False),
        sa.Column("result", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("op_id", name=op.f("pk_sync_op")),
    )
    with op.batch_alter_table("sync_op", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_op_device_id"), ["device_id"], unique=False)

    op.create_table(
        "sync_conflict",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("found_at", sa.DateTime(), nullable=False),
        sa.Column("op_id", sa.Uuid(), nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("field", sa.String(), nullable=False),
        sa.Column("base", sa.String(), nullable=False),
        sa.Column("mine", sa.String(), nullable=False),
        sa.Column("theirs", sa.String(), nullable=False),
        sa.Column("message", sa.String(), nullable=False),
        sa.Column("citizen_id", sa.Uuid(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolution", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["citizen_id"], ["citizen.id"], name=op.f("fk_sync_conflict_citizen_id_citizen")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_conflict")),
    )
    with op.batch_alter_table("sync_conflict", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_conflict_citizen_id"), ["citizen_id"], unique=False)

    op.create_table(
        "sync_outbox",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("op_id", sa.Uuid(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.Uuid(), nullable=False),
        sa.Column("op", sa.String(length=8), nullable=False),
        sa.Column("fields", sa.String(), nullable=False),
        sa.Column("base", sa.String(), nullable=False),
        sa.Column("citizen_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(["citizen_id"], ["citizen.id"], name=op.f("fk_sync_outbox_citizen_id_citizen")),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_sync_outbox")),
        sa.UniqueConstraint("op_id", name=op.f("uq_sync_outbox_op_id")),
    )
    with op.batch_alter_table("sync_outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_outbox_citizen_id"), ["citizen_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_sync_outbox_row_id"), ["row_id"], unique=False)

    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(FEED_FUNCTION)
    for table in FEED_TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_feed AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION stvdesk_feed()"
        )
    op.execute(f"GRANT SELECT ON change_feed TO {GROUP}")
    op.execute(f"GRANT SELECT, INSERT, UPDATE ON sync_device, sync_op TO {GROUP}")
    for table in ("sync_device", "sync_op"):
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY own ON {table} USING (worker_id = (SELECT stvdesk_me())) "
            "WITH CHECK (worker_id = (SELECT stvdesk_me()))"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in FEED_TABLES:
            op.execute(f"DROP TRIGGER {table}_feed ON {table}")
        op.execute("DROP FUNCTION stvdesk_feed()")
        for table in ("sync_device", "sync_op"):
            op.execute(f"DROP POLICY own ON {table}")
    with op.batch_alter_table("sync_outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_outbox_row_id"))
        batch_op.drop_index(batch_op.f("ix_sync_outbox_citizen_id"))

    op.drop_table("sync_outbox")
    with op.batch_alter_table("sync_conflict", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_conflict_citizen_id"))

    op.drop_table("sync_conflict")
    with op.batch_alter_table("sync_op", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_op_device_id"))

    op.drop_table("sync_op")
    op.drop_table("sync_device")
    op.drop_table("change_feed")
