"""Textual's command palette with its own words in Danish: the palette (ctrl+p), which finds the
screen's and the desk's commands and citizens, the citizen finder (`/`) and the theme picker."""

from __future__ import annotations

import re

from rich.align import Align
from rich.text import Text
from textual.app import SystemCommand
from textual.command import (
    Command,
    CommandInput,
    CommandList,
    CommandPalette,
    DiscoveryHit,
    Hit,
    Hits,
    Provider,
    ProviderSource,
)
from textual.content import Content
from textual.widgets.option_list import Option
from textual.worker import Worker

from stvdesk.widgets.key_order import working
from stvdesk.widgets.privacy import privacy_on, private_text

PLACEHOLDER = "Søg efter en kommando eller en borger (navn eller CPR) …"
NO_MATCHES = "Ingen kommandoer eller borgere passer"

# Words a command is found by beyond its title and help line, by title: what a worker would type
# for it that neither says.
KEYWORDS: dict[str, str] = {
    "Indkomstberegner": "indkomst indtægt løn ydelse kontanthjælp beregn skøn ordinære timer",
    "Teamtavle": "tavlemøde tværgående møde jobåbninger ledige match",
}
# A word-match (every typed word inside the command's title, help or keywords) ranks below any
# fuzzy match on the title itself, whose score is above 0.
WORD_SCORE = 0.25


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def word_match(query: str, title: str, help_text: str) -> bool:
    """Whether every word typed is (part of) a word of the command's title, help line or keywords:
    "indkomst" and "ordinære" find Indkomstberegner, "tavlemøde" the Teamtavle. Whole words, not
    letters scattered through a long help line, so a short query does not find every command."""
    typed = _words(query)
    known = _words(f"{title} {help_text} {KEYWORDS.get(title, '')}")
    return bool(typed) and all(any(word in candidate for candidate in known) for word in typed)


class DeskCommandsProvider(Provider):
    """The desk's commands in the palette (`App.get_system_commands`): Textual's own provider
    matches the title only; this one also finds a command by the words of its help line and its
    Danish keywords (`KEYWORDS`), ranked after the title matches. A title offered twice (a
    screen's key and an app command of the same name) is listed once: the first, with its key."""

    def _commands(self) -> list[SystemCommand]:
        seen: set[str] = set()
        commands = []
        for command in self.app.get_system_commands(self.screen):
            if command.title not in seen:
                seen.add(command.title)
                commands.append(command)
        return commands

    async def discover(self) -> Hits:
        for command in sorted(self._commands(), key=lambda command: command.title):
            if command.discover:
                yield DiscoveryHit(command.title, command.callback, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(score, matcher.highlight(command.title), command.callback, help=command.help)
            elif word_match(query, command.title, command.help):
                yield Hit(WORD_SCORE, command.title, command.callback, help=command.help)


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
        self._asked = ""  # the text the commands were last gathered for

    def answer_pending(self) -> bool:
        """The commands or citizens for the text typed are not listed yet (its change is still on
        its way, or they are being gathered): ↓ and Enter typed behind it wait for them
        (widgets/key_order.py), so Enter opens what the text found."""
        typed = self.query_one(CommandInput).value.strip()
        return typed != self._asked or working(self, self._GATHER_COMMANDS_GROUP)

    def _gather_commands(self, search_value: str) -> Worker[None]:
        # Textual's own (a worker), with the text it was asked for noted
        self._asked = search_value
        return super()._gather_commands(search_value)

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
