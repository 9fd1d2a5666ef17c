"""The order of a consultant's company visits on a day (Besøgsdag, F9).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "visit_order",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("worker_id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["company.id"], name=op.f("fk_visit_order_company_id_company")),
        sa.ForeignKeyConstraint(["worker_id"], ["worker.id"], name=op.f("fk_visit_order_worker_id_worker")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_order")),
        sa.UniqueConstraint("worker_id", "day", "company_id", name=op.f("uq_visit_order_worker_id_day_company_id")),
    )


def downgrade() -> None:
    op.drop_table("visit_order")
