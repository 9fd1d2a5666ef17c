"""What a screen may ask of the app shell around it, as a Protocol: screens never import the app
(the app imports them), yet every call they make to it is type-checked.

The shell keeps navigation and the desk-wide state only. Files are written by `stvdesk.export`,
which a screen calls in a worker through the data path (`widgets/data_path.py`)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from stvdesk.context import DeskContext
    from stvdesk.guides.loader import GuideLibrary


class DeskShell(Protocol):
    """The running desk: its context, privacy mode, the dialogue guides and navigation."""

    desk: DeskContext
    privacy: bool

    def guide_library(self, reload: bool = False) -> GuideLibrary: ...

    def open_citizen(
        self, citizen_id: uuid.UUID, tab: str = "overblik", then: str | None = None, purpose: str = ""
    ) -> None: ...

    def open_meeting(self, meeting_id: uuid.UUID) -> None: ...

    def open_company(self, company_id: uuid.UUID, tab: str = "c-overblik") -> None: ...
