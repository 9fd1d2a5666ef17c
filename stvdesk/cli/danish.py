"""Click's own words (usage errors, help headings) in Danish, as every other word the command
line prints. Click looks its messages up through gettext in each of its modules; those lookups
are pointed at the table below, and a message the table does not have stays as click wrote it.
tests/test_cli.py checks a missing argument, an unknown option and a bad choice, so a click
release that rewords them shows up as a failing test, not as English on a user's screen."""

from __future__ import annotations

import importlib

import click

DANISH = {
    "Usage:": "Brug:",
    "Options": "Tilvalg",
    "Commands": "Kommandoer",
    "Error: {message}": "Fejl: {message}",
    "Missing argument": "Mangler argumentet",
    "Missing option": "Mangler tilvalget",
    "Missing parameter": "Mangler parameteren",
    "Missing command.": "Skriv en kommando.",
    "No such option {name!r}.": "Tilvalget {name!r} findes ikke.",
    "No such command {name!r}.": "Kommandoen {name!r} findes ikke.",
    "Try '{command} {option}' for help.": "Skriv '{command} {option}' for at se hjælpen.",
    "Invalid value for {param_hint}: {message}": "Ugyldig værdi for {param_hint}: {message}",
    "Invalid value: {message}": "Ugyldig værdi: {message}",
    "Option {name!r} does not take a value.": "Tilvalget {name!r} tager ingen værdi.",
    "Aborted!": "Afbrudt.",
    "{value} is not in the range {range}.": "{value} ligger ikke i intervallet {range}.",
    "{value!r} is not a valid {number_type}.": "{value!r} er ikke et gyldigt tal.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} findes ikke.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} er en mappe.",
    "{name} {filename!r} is a file.": "{name} {filename!r} er en fil.",
    "file": "filen",
    "directory": "mappen",
    "path": "stien",
    "default: {default}": "standard: {default}",
    "Show this message and exit.": "Vis denne hjælp og afslut.",
    "Show the version and exit.": "Vis versionen og afslut.",
}

DANISH_PLURAL = {
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): (
        "{value!r} er ikke {choice}.",
        "{value!r} er ikke en af {choices}.",
    ),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): (
        "Tilvalget {name!r} skal have en værdi.",
        "Tilvalget {name!r} skal have {nargs} værdier.",
    ),
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): (
        "Uventet ekstra argument ({args})",
        "Uventede ekstra argumenter ({args})",
    ),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): (
        "Mente du {possibility}?",
        "(Mente du en af: {possibilities}?)",
    ),
}

_MODULES = (
    "click.core",
    "click.exceptions",
    "click.parser",
    "click.types",
    "click.formatting",
    "click.decorators",
    "click.termui",
)


def _gettext(message: str) -> str:
    return DANISH.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    one, many = DANISH_PLURAL.get((singular, plural), (singular, plural))
    return one if n == 1 else many


def install() -> None:
    for name in _MODULES:
        module = importlib.import_module(name)
        # vars(): the module's own namespace, where click looks its translators up
        if hasattr(module, "_"):
            vars(module)["_"] = _gettext
        if hasattr(module, "ngettext"):
            vars(module)["ngettext"] = _ngettext


def name_metavars(group: click.Command) -> None:
    """'[OPTIONS]' and '[COMMAND] [ARGS]...' in every usage line, in Danish (click sets them per
    command when it is made, so this walks the finished tree)."""
    group.options_metavar = "[TILVALG]"
    if isinstance(group, click.Group):
        group.subcommand_metavar = "[KOMMANDO] [ARGUMENTER]..."
        for command in group.commands.values():
            name_metavars(command)
