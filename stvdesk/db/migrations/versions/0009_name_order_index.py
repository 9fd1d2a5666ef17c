"""The caseload in name order without sorting: an index on the names as they are
sorted, lower-cased, with the id as the last tie-breaker. A search that matches a fifth of a
100 000-citizen jobcentre reads the first page by walking it instead of sorting 18 000 rows.

Alembic cannot compare expression indexes on SQLite, so the models leave it out and
stvdesk.db.migrate.include_object skips it, as it does the FTS table.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE INDEX ix_citizen_name_order ON citizen (lower(last_name), lower(first_name), id)")


def downgrade() -> None:
    op.execute("DROP INDEX ix_citizen_name_order")
