"""The command line (click): `stvdesk` and its commands, put together here.

desk.py holds the group (opening the desk) and `demo`; db.py (with db_cipher.py), export.py
(with export_lists.py), importing.py and sync.py the command groups, and rules.py `regler` (the
method's rule catalogue), each made on its own and added below; options.py what they all share;
danish.py click's own words in Danish. The command modules import options.py and nothing above
it, so nothing imports back up here.
"""

from __future__ import annotations

from stvdesk.cli import danish
from stvdesk.cli.db import db
from stvdesk.cli.desk import cli
from stvdesk.cli.export import export
from stvdesk.cli.importing import import_file
from stvdesk.cli.rules import rules_command
from stvdesk.cli.sync import sync_command

__all__ = ["cli", "main"]

danish.install()
for _command in (db, export, import_file, sync_command, rules_command):
    cli.add_command(_command)
danish.name_metavars(cli)  # after every command is on the tree


def main() -> None:
    cli(prog_name="stvdesk")
