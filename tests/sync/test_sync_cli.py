"""`stvdesk sync` as a consultant uses it: the first time with --server and her own
login's password, later with only the password; --status; a file with its own citizens, a wrong
password and a server that is not PostgreSQL each get a Danish message and change nothing."""

from __future__ import annotations

from click.testing import CliRunner
from sqlmodel import Session, select

from stvdesk.cli import cli
from stvdesk.cli.options import laptop_owner
from stvdesk.clock import utcnow
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


def test_a_sync_names_each_kind_of_conflict_and_the_inbox_key_in_force(server, make_laptop, partner_initials) -> None:
    """One conflict of every kind in one `stvdesk sync`: the summary names each kind in Danish,
    counts them, and names the key that opens Konflikter as this jobcentre's [taster] binds it."""
    import sqlalchemy as sa

    from stvdesk.db.models import Placement, PlanStep, SummerPlan
    from stvdesk.db.queries.edits import Editor, update_citizen, update_plan_step
    from stvdesk.settings import config_dir
    from tests.sync.test_desk_sync import TODAY
    from tests.sync.test_sync import open_conflicts

    kb, vk = make_laptop("KB"), make_laptop(partner_initials)
    with kb.session() as session:  # a citizen both laptops carry, with a placement
        placement = session.exec(
            select(Placement)
            .join(Citizen, Citizen.id == Placement.citizen_id)
            .where(Citizen.caseworker_id == kb.worker_id, Citizen.consultant_id == vk.worker_id)
            .order_by(Placement.id)
        ).first()
        citizen = session.get(Citizen, placement.citizen_id)
        steps = [PlanStep(citizen_id=citizen.id, text=f"Delmål {k}", owner="borger") for k in range(3)]
        session.add_all(steps)
        session.commit()
    edited_there, deleted_there, erased = (s.id for s in steps)
    kb.sync(), vk.sync()
    mine, theirs = Editor(kb.worker_id, TODAY), Editor(vk.worker_id, TODAY)
    with vk.session() as session:
        update_citizen(session, theirs, citizen.id, phone="22 22 22 22")
        update_plan_step(session, theirs, edited_there, deleted_at=utcnow())
        update_plan_step(session, theirs, deleted_there, text="Ændret af makkeren")
        session.add(SummerPlan(placement_id=placement.id, year=2027, covered_by="RK dækker", updated_by=vk.worker_id))
        session.commit()
    vk.sync()
    with server.begin() as conn:  # erased on the server meanwhile, as retention erases
        conn.execute(sa.delete(PlanStep.__table__).where(PlanStep.__table__.c.id == erased))
    with kb.session() as session:
        update_citizen(session, mine, citizen.id, phone="11 11 11 11")  # same field
        update_plan_step(session, mine, edited_there, text="Ændret her")  # edited, deleted there
        update_plan_step(session, mine, deleted_there, deleted_at=utcnow())  # deleted, edited there
        update_plan_step(session, mine, erased, text="Ændret her også")  # gone from the server
        session.add(SummerPlan(placement_id=placement.id, year=2027, covered_by="KB dækker", updated_by=kb.worker_id))
        session.commit()  # refused: one summer plan per placement and year
        session.get(DbMeta, "sync_server").value = kb_url(server)  # KB's own login, as a laptop has it
        session.commit()
    config = config_dir() / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[taster]\n"app.conflicts" = "f11"\n', encoding="utf-8")

    result = CliRunner().invoke(
        cli, ["--db", kb.engine.url.database, "--today", "2026-11-24", "sync"], input=PASSWORD + "\n"
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert (
        "5 konflikter: 1 samme felt ændret begge steder, 1 du ændrede, men det er slettet på serveren, "
        "1 du slettede, men det er ændret på serveren, 1 findes ikke længere på serveren (eller er ikke "
        "længere i dine sager), 1 serveren afviste rækken. Vælg i skrivebordet under Konflikter (tast F11)."
    ) in lines
    assert "Uløste konflikter i alt: 5." in lines
    assert "F12" not in result.output  # the default key is not the one in force
    assert sorted(c.kind for c in open_conflicts(kb)) == [
        "deleted_edited",
        "edited_deleted",
        "field",
        "gone",
        "rejected",
    ]
