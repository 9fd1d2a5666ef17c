"""Alembic environment: always handed a connection by stvdesk.db.migrate (or the
developer's `alembic` call through the same config), never an alembic.ini."""

from alembic import context
from sqlmodel import SQLModel

from stvdesk.db import models  # noqa: F401  (registers the tables)
from stvdesk.db.migrate import include_object

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only for a developer's autogenerate
    from stvdesk.db.engine import make_engine

    url = config.get_main_option("sqlalchemy.url")
    if url is None:
        raise RuntimeError("Set sqlalchemy.url in the Alembic config, or migrate through stvdesk.db.migrate.")
    connection = make_engine(url, foreign_keys=False).connect()

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,
    transaction_per_migration=False,
    compare_type=True,
    include_object=include_object,
)
with context.begin_transaction():
    context.run_migrations()
