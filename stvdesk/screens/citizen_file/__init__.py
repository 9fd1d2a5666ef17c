"""The citizen's file: `screen.py` is the screen, each tab a widget of its own module (see
ARCHITECTURE.md, "The citizen's file")."""

from stvdesk.screens.citizen_file.common import TABS
from stvdesk.screens.citizen_file.screen import CitizenFileScreen

__all__ = ["TABS", "CitizenFileScreen"]
