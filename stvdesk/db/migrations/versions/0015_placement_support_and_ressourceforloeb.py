"""A placement's practical support checklist (002, table 5-1), and a ressourceforløb's award
date and rehabilitation plan date on the citizen (000, 4.1).

Both backends: the table placement_support (one row per placement and item) and the citizen's
two new dates, empty on every citizen there is.

PostgreSQL only: the new table is reached through its placement as placement_hours is (row-level
security, revision 0011), a worker's login may read and write it, and the change feed carries it
(revision 0012), so a laptop receives and sends it like every other part of a citizen's file.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GROUP = "stvdesk_worker"
# The tables this revision adds to the server's change feed (0012's FEED_TABLES had the rest).
FEED_TABLES = ("placement_support",)
# Frozen copies of the stored codes (stvdesk.domain.enums.SupportItem, SupportState).
ITEMS = ("pasning", "transport", "sms", "fravaer", "loenseddel", "indkomst")
STATES = ("open", "done", "not_needed")


def upgrade() -> None:
    op.create_table(
        "placement_support",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("placement_id", sa.Uuid(), nullable=False),
        sa.Column(
            "item",
            sa.Enum(*ITEMS, name="support_item", native_enum=False, create_constraint=True, length=24),
            nullable=False,
        ),
        sa.Column(
            "state",
            sa.Enum(*STATES, name="support_state", native_enum=False, create_constraint=True, length=24),
            nullable=False,
        ),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("note", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["placement_id"], ["placement.id"], name=op.f("fk_placement_support_placement_id_placement")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_placement_support")),
        sa.UniqueConstraint("placement_id", "item", name=op.f("uq_placement_support_placement_id_item")),
    )
    # Plain ADD COLUMN on both backends: a batch would reflect citizen first, and SQLite's
    # reflection warns on the expression index of 0009 at every upgrade.
    op.add_column("citizen", sa.Column("resource_awarded_on", sa.Date(), nullable=True))
    op.add_column("citizen", sa.Column("rehab_plan_on", sa.Date(), nullable=True))

    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON placement_support TO {GROUP}")
    rule = "EXISTS (SELECT 1 FROM placement p WHERE p.id = placement_id)"
    op.execute("ALTER TABLE placement_support ENABLE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY reach ON placement_support USING ({rule}) WITH CHECK ({rule})")
    for table in FEED_TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_feed AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION stvdesk_feed()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in FEED_TABLES:
            op.execute(f"DROP TRIGGER {table}_feed ON {table}")
        op.execute("DROP POLICY reach ON placement_support")
    with op.batch_alter_table("citizen", schema=None) as batch_op:
        batch_op.drop_column("rehab_plan_on")
        batch_op.drop_column("resource_awarded_on")
    op.drop_table("placement_support")
