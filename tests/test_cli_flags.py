"""The flag rule (README, "The command line"): every command's --help shows its flags in Danish
only, and each older English spelling still works, unseen, meaning exactly what the Danish one
means."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
from click.testing import CliRunner
from sqlmodel import select

from stvdesk.cli import cli
from stvdesk.cli.options import DanishCommand, DanishOption
from tests.conftest import TODAY, make_desk

# The desk's global switches keep their names (README says why); -h/--help and --version are
# click's own.
GLOBAL = {"--db", "--as", "--today", "-h", "--help", "--version"}
# Every flag --help shows. login, server, status, type, format, team and filter are Danish words
# as well as English ones. A new flag goes here, in Danish; its English spelling, if it had one
# before, becomes an alias (stvdesk.cli.options.option).
DANISH = {
    "--ukrypteret",
    "--borgere",
    "--forfra",
    "--startvaerdi",
    "--kun-byg",
    "--ja",
    "--proevekoersel",
    "--login",
    "--server",
    "--status",
    "--type",
    "--ark",
    "--kolonne",
    "--spring-fejl-over",
    "--opret-medarbejdere",
    "--anonym",
    "--fil",
    "--format",
    "--uger",
    "--team",
    "--dag",
    "--maaned",
    "--dato",
    "--omfang",
    "--filter",
    "--soeg",
    "--parathed",
    "--fase",
    "--maalgruppe",
    "--cv-mangler",
    "--uden-abc",
    "--forfaldne",
    "--i-forloeb",
    "--uden-ordinaere-timer",
    "--med-afsluttede",
}
# The old spellings, written out so that losing one is a failing test, not a broken script.
ALIASES = {
    "--unencrypted": "--ukrypteret",
    "--citizens": "--borgere",
    "--fresh": "--forfra",
    "--seed": "--startvaerdi",
    "--build-only": "--kun-byg",
    "--yes": "--ja",
    "-y": "--ja",
    "--dry-run": "--proevekoersel",
    "--redacted": "--anonym",
    "--out": "--fil",
    "--weeks": "--uger",
}
SWITCHES = {("besoegsdag", "--tekst"): "tekst", ("referat", "--markdown"): "markdown"}


def every_command(
    command: click.Command = cli, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    yield path, command
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):  # loads the groups imported only when asked for
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                yield from every_command(sub, (*path, name))


def danish_options() -> Iterator[tuple[tuple[str, ...], click.Command, DanishOption]]:
    for path, command in every_command():
        for param in command.params:
            if isinstance(param, DanishOption):
                yield path, command, param


FLAG = re.compile(r"(?<![\w-])--?[a-zæøå]\w*(?:-\w+)*")


def test_help_shows_only_danish_flags() -> None:
    for path, command in every_command():
        assert isinstance(command, DanishCommand), path  # so the rule holds for it
        result = CliRunner().invoke(cli, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        shown = set(FLAG.findall(result.output))
        assert shown <= GLOBAL | DANISH, (path, shown - GLOBAL - DANISH)
        assert not shown & set(ALIASES), (path, shown & set(ALIASES))
        for (command, switch), _value in SWITCHES.items():
            assert not (path and path[-1] == command and switch in shown), (path, switch)


def test_a_mistyped_flag_is_never_told_an_english_spelling() -> None:
    result = CliRunner().invoke(cli, ["export", "besoegsdag", "--formt", "x"])
    assert "Mente du '--format'?" in result.output and "--out" not in result.output
    assert "Mente du" not in CliRunner().invoke(cli, ["db", "retention", "--yse"]).output


def params(command: click.Command, args: list[str]) -> dict[str, object]:
    """What the command would be called with (arguments it needs get a stand-in; resilient
    parsing keeps a stand-in that is not a real file from failing)."""
    needed = [p for p in command.params if isinstance(p, click.Argument) and p.required]
    context = command.make_context(command.name, [*args, *("x" for _ in needed)], resilient_parsing=True)
    return dict(context.params)


def sample(option: click.Option) -> list[str]:
    if option.is_flag:
        return []
    if isinstance(option.type, click.Choice):
        return [next(str(c) for c in option.type.choices if c != option.default)]
    return ["3"]  # a number, and as good a file name as any


def test_every_english_alias_still_works_and_means_the_same() -> None:
    found: dict[str, str] = {}
    switched: set[tuple[str, str]] = set()
    for _path, command, option in danish_options():
        shown = next(name for name in option.opts if name not in option.aliases)
        value = sample(option)
        danish = params(command, [shown, *value])
        assert danish != params(command, []), (command.name, shown)  # the sample changes something
        for alias in option.aliases:
            assert params(command, [alias, *value]) == danish, (command.name, alias)
            found[alias] = shown
        for switch, meaning in option.switches.items():
            assert params(command, [switch]) == params(command, [shown, meaning]), (command.name, switch)
            switched.add((str(command.name), switch))
    assert found == ALIASES
    assert switched == set(SWITCHES)


def test_the_old_spellings_run_end_to_end(demo_db: Path, tmp_path: Path) -> None:
    """A script written for an earlier stvdesk: an export, a dry run, and a new plain database."""
    from stvdesk.db.models import Citizen, Meeting
    from stvdesk.domain.enums import MeetingStatus

    desk = make_desk(demo_db)
    cpr = desk.run(
        lambda s: s.exec(
            select(Citizen.cpr)
            .join(Meeting, Meeting.citizen_id == Citizen.id)
            .where(Meeting.status == MeetingStatus.HELD)
        ).first()
    )
    desk.engine.dispose()
    base = ["--db", str(demo_db), "--today", TODAY.isoformat(), "--as", "KB"]
    out = tmp_path / "referat.md"
    result = CliRunner().invoke(cli, [*base, "export", "referat", cpr, "--markdown", "--redacted", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("#") and cpr not in out.read_text(encoding="utf-8")
    ics = tmp_path / "k.ics"
    result = CliRunner().invoke(cli, [*base, "export", "ics", "--weeks", "2", "--redacted", "--out", str(ics)])
    assert result.exit_code == 0 and ics.exists(), result.output
    result = CliRunner().invoke(cli, [*base, "db", "retention", "--dry-run", "--yes"])
    assert result.exit_code == 0 and "Prøvekørsel: intet er slettet." in result.output, result.output
    plain = tmp_path / "ny.sqlite"
    result = CliRunner().invoke(cli, ["--unencrypted", "--db", str(plain), "db", "new"])
    assert result.exit_code == 0, result.output
    from stvdesk.db.cipher import is_encrypted_file

    assert plain.exists() and not is_encrypted_file(plain)
