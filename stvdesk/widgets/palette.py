"""Textual's command palette with its own words in Danish."""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, ProviderSource
from textual.widgets.option_list import Option

PLACEHOLDER = "Søg efter en kommando …"
NO_MATCHES = "Ingen kommandoer passer"


class DeskPalette(CommandPalette):
    """The palette the desk opens (ctrl+p) and its theme picker: Textual writes its placeholder
    and "No matches found" in English, and every word a user sees is Danish."""

    def __init__(
        self, providers: ProviderSource | None = None, *, placeholder: str = PLACEHOLDER, id: str | None = None
    ) -> None:
        super().__init__(providers, placeholder=placeholder, id=id)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # As Textual's own (pinned version), with the Danish text: after a short wait with nothing
        # found for what was typed, one disabled line says so.
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(NO_MATCHES, style="not bold")), disabled=True, id=self._NO_MATCHES)
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
