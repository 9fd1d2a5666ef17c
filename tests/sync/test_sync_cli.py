"""`stvdesk sync` as a consultant uses it: the first time with --server and her own
login's password, later with only the password; --status; a file with its own citizens, a wrong
password and a server that is not PostgreSQL each get a Danish message and change nothing."""

from __future__ import annotations

from click.testing import CliRunner
from sqlmodel import Session, select

from stvdesk.cli import cli
from stvdesk.cli.options import laptop_owner
from stvdesk.db.engine import make_engine, sqlite_url
from stvdesk.db.models import Citizen, DbMeta
from tests.sync.conftest import PASSWORD


def kb_url(server) -> str:
    return server.url.set(username="stvdesk_kb")._replace(password=None).render_as_string(hide_password=False)


def test_a_new_laptop_joins_syncs_and_reports(server, tmp_path) -> None:
    laptop = tmp_path / "felt.sqlite"
    first = CliRunner().invoke(
        cli, ["--db", str(laptop), "--ukrypteret", "sync", "--server", kb_url(server)], input=PASSWORD + "\n"
    )
    assert first.exit_code == 0, first.output
    assert "Adgangskode til stvdesk_kb" in first.output and "Hentet:" in first.output
    assert "Synkroniseret" in first.output
    engine = make_engine(sqlite_url(laptop))
    with Session(engine) as session:
        assert session.exec(select(Citizen)).first() is not None
        stored = session.get(DbMeta, "sync_server").value
        assert ":" not in stored.split("@")[0].split("//")[1] and "stvdesk_kb@" in stored  # never a password
    assert laptop_owner(engine) == "KB"  # the desk opens as the laptop's worker
    engine.dispose()

    again = CliRunner().invoke(cli, ["--db", str(laptop), "sync"], input=PASSWORD + "\n")
    assert again.exit_code == 0, again.output
    assert "Sendt: 0 ændringer" in again.output
    shown = CliRunner().invoke(cli, ["--db", str(laptop), "sync", "--status"])
    assert "Ændringer der venter: 0" in shown.output and "Uløste konflikter: 0" in shown.output

    other = CliRunner().invoke(cli, ["--db", str(laptop), "--as", "LV", "sync", "--status"])
    assert other.exit_code == 0  # --status reads only; opening the desk as LV is refused:
    import pytest

    from stvdesk.cli.options import Options, bound_initials
    from stvdesk.settings import Settings

    engine = make_engine(sqlite_url(laptop))
    with pytest.raises(SystemExit):
        bound_initials(
            engine, Options(settings=Settings(), db=str(laptop), as_initials="LV", today=None, unencrypted=False)
        )
    engine.dispose()


def test_a_wrong_password_is_refused_in_danish_and_the_file_keeps_no_server(server, tmp_path) -> None:
    laptop = tmp_path / "felt.sqlite"
    result = CliRunner().invoke(
        cli, ["--db", str(laptop), "--ukrypteret", "sync", "--server", kb_url(server)], input="forkert forkert\n"
    )
    assert result.exit_code == 1
    assert "Login eller adgangskode passer ikke" in result.output
    engine = make_engine(sqlite_url(laptop))
    with Session(engine) as session:
        assert session.get(DbMeta, "sync_server") is None
    engine.dispose()


def test_a_desk_with_its_own_citizens_is_not_made_a_laptop(server, demo_db) -> None:
    result = CliRunner().invoke(cli, ["--db", str(demo_db), "sync", "--server", kb_url(server)], input=PASSWORD + "\n")
    assert result.exit_code == 1
    assert "har allerede borgere" in result.output


def test_sync_wants_a_postgresql_server_and_a_laptop_file(server, tmp_path) -> None:
    laptop = tmp_path / "felt.sqlite"
    result = CliRunner().invoke(
        cli, ["--db", str(laptop), "--ukrypteret", "sync", "--server", sqlite_url(tmp_path / "x.sqlite")]
    )
    assert result.exit_code == 2 and "PostgreSQL" in result.output
    result = CliRunner().invoke(cli, ["--db", str(laptop), "sync"])
    assert "Angiv teamets server" in result.output
    on_server = CliRunner().invoke(cli, ["--db", kb_url(server), "sync"])
    assert on_server.exit_code == 2 and "bærbars egen databasefil" in on_server.output
