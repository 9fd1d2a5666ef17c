"""The command line (click): `stvdesk` and its commands, put together here.

desk.py holds the group (opening the desk) and `demo`; db.py (with db_cipher.py), export.py
(with export_lists.py), importing.py and sync.py the command groups, and rules.py `regler` (the
method's rule catalogue), each made on its own, named below and imported when first asked for; options.py what they all share;
danish.py click's own words in Danish. The command modules import options.py and nothing above
it, so nothing imports back up here.
"""

from __future__ import annotations

from stvdesk.cli import danish
from stvdesk.cli.desk import cli

__all__ = ["cli", "main"]

danish.install()
# Each command group is imported when it is asked for (DanishGroup.lazy_commands): `stvdesk`
# and `stvdesk demo` paint the desk's first frame without importing them.
cli.lazy_commands.update(
    {
        "db": "stvdesk.cli.db:db",
        "export": "stvdesk.cli.export:export",
        "import": "stvdesk.cli.importing:import_file",
        "sync": "stvdesk.cli.sync:sync_command",
        "regler": "stvdesk.cli.rules:rules_command",
    }
)
cli.on_lazy_load = danish.name_metavars
danish.name_metavars(cli)  # the group's own usage line and `demo`'s; the others' as they load


def main() -> None:
    cli(prog_name="stvdesk")
