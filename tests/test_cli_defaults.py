"""What a newcomer meets on the command line: a missing database is refused, not made; the
passphrase comes without a terminal from STVDESK_PASSPHRASE or standard input and never with
getpass's English warning; exports run as the desk's worker, say whom, and write to eksport/;
unknown --as initials list the ones there are."""

from __future__ import annotations

import getpass
import io
import os
import subprocess
import sys
import uuid
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlmodel import Session

from stvdesk.cli import cli
from stvdesk.cli.options import ask_secret, unknown_initials
from stvdesk.db import cipher
from stvdesk.db.engine import sqlite_url
from stvdesk.db.migrate import open_database
from stvdesk.db.queries.workers import WorkerInfo, create_first_user
from stvdesk.domain.enums import Role
from stvdesk.settings import default_db_path, export_dir
from stvdesk.unlock import failures_file
from tests.importing.test_import import WORKBOOK

PASS = "hemmelig frase"
KAREN = "KB (Karen Bach, sagsbehandler)"


def encrypted_desk(tmp_path: Path) -> Path:
    """An encrypted database with one caseworker and nothing else."""
    path = tmp_path / "krypteret.sqlite"
    result = open_database(sqlite_url(path), key=cipher.new_key(PASS))
    with Session(result.engine) as session:
        create_first_user(
            session, team_name="Team Øst", municipality="Holmbæk", initials="KB", name="Karen Bach", role=Role.S
        )
    result.engine.dispose()
    return path


def test_commands_refuse_a_missing_database_and_make_none(tmp_path: Path) -> None:
    missing = tmp_path / "ingen.sqlite"
    for args in (
        ["export", "ics"],
        ["export", "besoegsdag"],
        ["export", "borgere"],
        ["import", str(WORKBOOK)],
        ["db", "upgrade"],
        ["db", "check"],
        ["db", "backup"],
        ["sync", "--status"],
    ):
        result = CliRunner().invoke(cli, ["--db", str(missing), *args])
        assert result.exit_code == 2, (args, result.output)
        assert f"Der er ingen database i {missing}" in result.output, args
        assert "adgangsfrase" not in result.output.lower(), args  # never starts making one
        assert not missing.exists(), args
    # without --db: the default file, named
    result = CliRunner().invoke(cli, ["export", "ics"])
    assert result.exit_code == 2 and f"Der er ingen database i {default_db_path()}" in result.output
    assert not default_db_path().exists()


def test_db_new_is_the_command_that_makes_one(tmp_path: Path) -> None:
    path = tmp_path / "ny.sqlite"
    made = CliRunner().invoke(cli, ["--ukrypteret", "--db", str(path), "db", "new"])
    assert made.exit_code == 0, made.output
    assert f"Ny database oprettet: {path} (ukrypteret)." in made.output
    again = CliRunner().invoke(cli, ["--ukrypteret", "--db", str(path), "db", "new"])
    assert again.exit_code == 2 and "Der er allerede en database" in again.output
    target = tmp_path / "kopi.sqlite"  # `db copy` may make its target
    copied = CliRunner().invoke(cli, ["--ukrypteret", "--db", str(path), "db", "copy", str(target)])
    assert copied.exit_code == 0 and target.exists(), copied.output


def test_without_a_terminal_the_passphrase_comes_from_the_environment(tmp_path: Path) -> None:
    path = encrypted_desk(tmp_path)
    out = tmp_path / "k.ics"
    result = CliRunner().invoke(
        cli,
        ["--db", str(path), "--today", "2026-11-24", "export", "ics", "--fil", str(out)],
        env={"STVDESK_PASSPHRASE": PASS},
    )
    assert result.exit_code == 0, result.output
    assert "standardinput" not in result.output and out.exists()
    assert f"0 opfølgninger skrevet til {out} – eksporteret som {KAREN}." in result.output
    wrong = CliRunner().invoke(
        cli,
        ["--db", str(path), "--today", "2026-11-24", "export", "ics", "--fil", str(out)],
        env={"STVDESK_PASSPHRASE": "forkert!!"},
    )
    assert wrong.exit_code == 1
    assert "STVDESK_PASSPHRASE er ikke adgangsfrasen til krypteret.sqlite" in wrong.output
    assert len(failures_file(path).read_text().splitlines()) == 1  # one try, noted, never asked again


def test_without_a_terminal_the_passphrase_is_read_from_standard_input(tmp_path: Path) -> None:
    path = encrypted_desk(tmp_path)
    result = CliRunner().invoke(cli, ["--db", str(path), "--today", "2026-11-24", "export", "uge"], input=f"{PASS}\n")
    assert result.exit_code == 0, result.output
    assert "Adgangsfrase til krypteret.sqlite (læses fra standardinput, da der ingen terminal er)" in result.output
    assert f"Eksporteret som {KAREN}." in result.output
    empty = CliRunner().invoke(cli, ["--db", str(path), "--today", "2026-11-24", "export", "uge"], input="")
    assert empty.exit_code == 2 and "standardinput er tomt" in empty.output


def test_a_real_pipe_gets_no_getpass_warning(tmp_path: Path) -> None:
    """The process as a script runs it: stdin a pipe, no controlling terminal."""
    path = encrypted_desk(tmp_path)
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    env.pop("STVDESK_PASSPHRASE", None)
    done = subprocess.run(
        [sys.executable, "-m", "stvdesk", "--db", str(path), "--today", "2026-11-24", "export", "ics"],
        input=f"{PASS}\n",
        capture_output=True,
        text=True,
        env=env,
        start_new_session=True,  # no /dev/tty for getpass to fall back on
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Warning" not in done.stderr and "echo" not in done.stderr
    assert "læses fra standardinput" in done.stderr and f"eksporteret som {KAREN}" in done.stdout


def test_a_terminal_that_cannot_hide_the_passphrase_is_told_in_danish(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    def echoing(prompt: str = "", stream: object = None) -> str:
        warnings.warn("Can not control echo on the terminal.", getpass.GetPassWarning, stacklevel=2)
        return PASS

    monkeypatch.setattr(sys, "stdin", Terminal(""))
    monkeypatch.setattr(getpass, "getpass", echoing)
    assert ask_secret("Adgangsfrase") == PASS
    said = capsys.readouterr().err
    assert "Can not control echo" not in said and "GetPassWarning" not in said
    assert "adgangsfrasen kan ses" in said


def test_exports_run_as_the_desks_worker_and_write_to_the_export_folder(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    base = ["--db", str(demo_db), "--today", "2026-11-24", "export"]
    ics = CliRunner().invoke(cli, [*base, "ics"])  # no --as: the demo's KB, as the desk
    assert ics.exit_code == 0, ics.output
    target = export_dir() / "stvdesk-KB.ics"
    assert f"opfølgninger skrevet til {target} – eksporteret som {KAREN}." in ics.output
    assert target.exists() and not list(tmp_path.glob("*.ics"))
    sheet = CliRunner().invoke(cli, [*base, "besoegsdag"])
    assert sheet.exit_code == 0 and f"Eksporteret som {KAREN}." in sheet.output
    leader = CliRunner().invoke(cli, ["--as", "LV", *base, "ics", "--fil", str(tmp_path / "lv.ics")])
    assert leader.exit_code == 0 and "eksporteret som LV (Lone Vestergaard, leder)." in leader.output


def test_unknown_initials_list_the_valid_ones_with_their_roles(demo_db: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(demo_db), "--as", "XX", "export", "ics"])
    assert result.exit_code == 2
    assert "Der er ingen medarbejder med initialerne 'XX' i databasen. Gyldige: " in result.output
    for named in ("KB (sagsbehandler)", "RK (virksomhedskonsulent)", "HP (projektleder)", "LV (leder)."):
        assert named in result.output


def test_a_long_list_of_initials_is_cut_short() -> None:
    workers = [WorkerInfo(uuid.uuid4(), f"S{n:03d}", "Navn", Role.S, None, "") for n in range(45)]
    text = unknown_initials("XX", workers)
    assert text.endswith("S039 (sagsbehandler) og 5 flere.") and "S040" not in text
    assert unknown_initials("XX", []) == "Der er ingen medarbejder med initialerne 'XX' i databasen."
