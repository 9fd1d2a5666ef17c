"""Developer tool: write a new Alembic revision from the difference between models and head.

    uv run python -m stvdesk.db.new_revision "add saved filters"

It builds a throw-away database at head, lets Alembic compare it with the models, and writes
the script to stvdesk/db/migrations/versions/. Review it by hand before committing (use
plain `sa.DateTime()` / `sa.String()` in scripts, not the app's own column types).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command

from stvdesk.db.engine import make_engine, sqlite_url
from stvdesk.db.migrate import alembic_config, head_revision, upgrade


def main(message: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = sqlite_url(Path(folder) / "head.sqlite")
        upgrade(url)
        number = int(head_revision()) + 1
        engine = make_engine(url, foreign_keys=False)
        with engine.begin() as conn:
            config = alembic_config()
            config.attributes["connection"] = conn
            command.revision(config, message=message, autogenerate=True, rev_id=f"{number:04d}")
        engine.dispose()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit('usage: python -m stvdesk.db.new_revision "what changes"')
    main(sys.argv[1])
