"""Aftercare's open offer on the citizen (002, table 5-1, Efterværn), and whether a consultant
asked a company for ordinary hours on a logged contact (000, 4.3).

Both backends: four empty columns on citizen (when the open offer was given to the citizen and to
the company, and by whom), and company_contact_log.ordinary_hours_asked, false on every contact
logged before (a server default fills them; the models give new rows their own value).

Nothing for PostgreSQL alone: both tables already have their row-level security, grants and
change feed, which cover new columns.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN on both backends (SQLite takes a NOT NULL column with a default): a batch
    # would reflect citizen first, and SQLite's reflection warns on the expression index of 0009.
    op.add_column("citizen", sa.Column("open_offer_citizen_on", sa.Date(), nullable=True))
    op.add_column("citizen", sa.Column("open_offer_citizen_by", sa.Uuid(), nullable=True))
    op.add_column("citizen", sa.Column("open_offer_company_on", sa.Date(), nullable=True))
    op.add_column("citizen", sa.Column("open_offer_company_by", sa.Uuid(), nullable=True))
    op.add_column(
        "company_contact_log",
        sa.Column("ordinary_hours_asked", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    with op.batch_alter_table("company_contact_log", schema=None) as batch_op:
        batch_op.drop_column("ordinary_hours_asked")
    with op.batch_alter_table("citizen", schema=None) as batch_op:
        batch_op.drop_column("open_offer_company_by")
        batch_op.drop_column("open_offer_company_on")
        batch_op.drop_column("open_offer_citizen_by")
        batch_op.drop_column("open_offer_citizen_on")
