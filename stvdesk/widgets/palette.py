"""Textual's command palette with its own words in Danish: the palette (ctrl+p), which finds the
screen's and the desk's commands and citizens, the citizen finder (`/`) and the theme picker."""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import Command, CommandList, CommandPalette, ProviderSource
from textual.content import Content
from textual.widgets.option_list import Option

from stvdesk.widgets.privacy import privacy_on, private_text

PLACEHOLDER = "Søg efter en kommando eller en borger (navn eller CPR) …"
NO_MATCHES = "Ingen kommandoer eller borgere passer"


class DeskPalette(CommandPalette):
    """The palette the desk opens (ctrl+p), the citizen finder and the theme picker: Textual
    writes its placeholder and "No matches found" in English, and every word a user sees is
    Danish."""

    def __init__(
        self,
        providers: ProviderSource | None = None,
        *,
        placeholder: str = PLACEHOLDER,
        no_matches: str = NO_MATCHES,
        id: str | None = None,
    ) -> None:
        super().__init__(providers, placeholder=placeholder, id=id)
        self.no_matches = no_matches

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # As Textual's own (pinned version), with the Danish text: after a short wait with nothing
        # found for what was typed, one disabled line says so.
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(self.no_matches, style="not bold")), disabled=True, id=self._NO_MATCHES)
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)

    def _refresh_command_list(self, command_list: CommandList, commands: list[Command], clear_current: bool) -> None:
        # Privacy mode (F4) over every entry, whoever offers it: a CPR-like number or a name the
        # screens hold is hidden (the match highlighting goes with it; the words stay).
        if privacy_on(self):
            commands = [self._private(command) for command in commands]
        super()._refresh_command_list(command_list, commands, clear_current)

    def _private(self, command: Command) -> Command:
        prompt = command.prompt
        plain = prompt.plain if isinstance(prompt, (Content, Text)) else str(prompt)
        shown = private_text(self, plain)
        return command if shown == plain else Command(Content(shown), command.hit, command.id)
