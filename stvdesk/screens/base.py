"""A screen with the desk's header and footer around its body."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from stvdesk.widgets.header import DeskHeader, header_text

if TYPE_CHECKING:
    from stvdesk.app import StvdeskApp
    from stvdesk.context import DeskContext


class DeskScreen(Screen):
    """Subclasses implement compose_body()."""

    #: the title in the command palette and the help screen
    TITLE_DA = ""

    @property
    def desk(self) -> "DeskContext":
        return self.stv_app.desk

    @property
    def stv_app(self) -> "StvdeskApp":
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield DeskHeader(self._header_text(), id="desk-header")
        yield from self.compose_body()
        yield Footer(show_command_palette=False)

    def compose_body(self) -> ComposeResult:  # pragma: no cover - abstract
        raise NotImplementedError

    def _header_text(self) -> str:
        ctx = self.desk
        return header_text(ctx.worker, ctx.clock.today(), ctx.demo, self.stv_app.privacy)

    def privacy_changed(self) -> None:
        """Privacy mode was switched: redraw the header, then what the screen shows."""
        self.query_one("#desk-header", DeskHeader).update(self._header_text())
        self.refresh_privacy()

    def refresh_privacy(self) -> None:
        """Screens that show names or CPR numbers redraw them here."""
