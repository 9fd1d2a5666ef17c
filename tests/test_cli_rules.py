"""`stvdesk regler`: the rule catalogue as the settings in force make it (README, "Metoderegler")."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from stvdesk.cli import cli
from stvdesk.domain.rules import catalogue
from stvdesk.settings import config_dir


def test_regler_prints_every_rule_with_its_value_source_and_setting(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["regler"], terminal_width=120)
    assert result.exit_code == 0, result.output
    for rule in catalogue():
        assert rule.id in result.output
    assert "lokal indstilling" in result.output and "000, 4.6" in result.output
    assert "Ingen config.toml" in result.output and "(ændret)" not in result.output


def test_regler_shows_a_changed_local_setting(tmp_path: Path) -> None:
    """A jobcentre that waits 21 days for its VK (000, 4.1 and 4.4 ask for no waiting; the days are
    a local setting) sees the value it set, marked changed, and where it was read from."""
    config = config_dir() / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[flags]\nvk_wait_days = 21\n[cadence.team."Team Vest"]\nplacement_days = 21\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["regler"], terminal_width=120)
    assert result.exit_code == 0, result.output
    assert "efter 21 dage (ændret)" in result.output
    assert str(config) in result.output.replace("\n", "")
    assert 'Team "Team Vest" har egne opfølgningsintervaller' in result.output
