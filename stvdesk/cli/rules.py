"""`stvdesk regler`: the method's rules as the desk applies them (README, "Metoderegler").

The catalogue is stvdesk.domain.rules; the values are read from the settings in force (config.toml
and a team's own [cadence]). It needs no database: the rules are settings, not data.
"""

from __future__ import annotations

import sys

import click

from stvdesk.cli.options import Options, command, help_option


@command("regler")
@help_option
@click.pass_obj
def rules_command(options: Options) -> None:
    """Vis metodens regler: id, værdi, kilde og indstillingen, der ændrer dem.

    Advarsler og flag på skrivebordet nævner reglen med dens korte navn, fx
    "(regel: Længste praktik)", som står her over id'et. Kilde 000 er
    STV-hovedrapporten (kap. 4), 002 evalueringen af Flere skal med (kap. 5);
    "lokal indstilling" er et tal, rapporterne ikke giver. Indstillingerne står
    i config.toml.
    """
    from rich.console import Console
    from rich.table import Table

    from stvdesk.domain.rules import catalogue

    settings = options.settings
    # Two columns read at 80 characters: the rule, then its value, source and setting.
    table = Table(title="Metoderegler", title_justify="left", expand=True, show_lines=True)
    table.add_column("Regel", ratio=2, overflow="fold")
    table.add_column("Værdi · kilde · indstilling", ratio=3, overflow="fold")
    for rule in catalogue(settings.method()):
        changed = " (ændret)" if rule.changed else ""
        table.add_row(
            f"{rule.short}\n{rule.id}\n{rule.name}",
            f"{rule.value}{changed}\nKilde: {rule.source}\nIndstilling: {rule.setting}",
        )
    console = Console(file=sys.stdout, highlight=False, emoji=False)
    console.print(table, markup=False)
    where = f"Indstillinger fra {settings.source}" if settings.source else "Ingen config.toml: standardværdierne gælder"
    click.echo(where + ". Se README, afsnittet Metoderegler, for hvordan en lokal indstilling ændres.")
    for team in sorted(settings.team_cadence):
        click.echo(f'Team "{team}" har egne opfølgningsintervaller ([cadence.team."{team}"]).')
