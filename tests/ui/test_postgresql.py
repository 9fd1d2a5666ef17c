"""Every screen runs on PostgreSQL (README, "A team on PostgreSQL"): the demo copied into a PostgreSQL
database, walked through by a caseworker, a consultant and a leader. A failed query shows up
as an error notification or a worker error, which fails the test."""

from __future__ import annotations

from textual.worker import WorkerState

from stvdesk.app import StvdeskApp
from stvdesk.clock import Clock
from stvdesk.context import DeskContext
from stvdesk.db.engine import make_engine
from stvdesk.db.queries.workers import find_worker
from tests.conftest import TODAY

SIZE = (120, 40)


def pg_desk(url: str, initials: str) -> DeskContext:
    desk = DeskContext(engine=make_engine(url), clock=Clock(TODAY), demo=True)
    desk.worker = desk.run(lambda s: find_worker(s, initials))
    return desk


async def settle(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    failed = [w for w in app.workers if w.state is WorkerState.ERROR]
    assert not failed, [repr(w.error) for w in failed]
    errors = [n.message for n in app._notifications if n.severity == "error"]
    assert not errors, errors


async def visit(app, pilot, *keys: str) -> str:
    for key in keys:
        await pilot.press(key)
        await settle(app, pilot)
    return type(app.screen).__name__


async def test_a_caseworker_works_through_every_screen_on_postgresql(pg_database) -> None:
    desk = pg_desk(pg_database, "KB")
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert await visit(app, pilot, "f3") == "CaseloadScreen"
        assert app.screen.page.rows
        await visit(app, pilot, "slash", "j", "e", "enter")  # a name search through the PostgreSQL index
        rows = app.screen.page.rows
        assert rows and all(any(word.lower().startswith("je") for word in r.name.split()) for r in rows)
        assert await visit(app, pilot, "enter") == "CitizenFileScreen"
        for tab in "123456789":
            await visit(app, pilot, tab)
        await visit(app, pilot, "c")  # the whole CPR, logged
        for key, screen in (
            ("f2", "MinDagScreen"),
            ("f5", "AgendaScreen"),
            ("f6", "SummerScreen"),
            ("f7", "GuidesScreen"),
            ("f8", "CompaniesScreen"),
        ):
            await visit(app, pilot, key)
            assert type(app.screen).__name__ == screen, key
        await visit(app, pilot, "enter", "enter")  # from the register's search to its list, then open
        assert type(app.screen).__name__ == "CompanyScreen"
    desk.engine.dispose()


async def test_a_consultant_and_a_leader_on_postgresql(pg_database) -> None:
    desk = pg_desk(pg_database, "RK")
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert await visit(app, pilot, "f9") == "VisitDayScreen"
    desk.engine.dispose()
    desk = pg_desk(pg_database, "LV")
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert await visit(app, pilot, "f10") == "SteeringScreen"
        assert await visit(app, pilot, "l") == "AccessLogScreen"
        assert app.screen.query_one("#log-table").row_count > 0  # the caseworker's look-ups above are not here,
        # but the demo's own events are
    desk.engine.dispose()


def test_a_team_server_is_set_up_and_filled_from_the_command_line(pg_empty_database, demo_db) -> None:
    from click.testing import CliRunner
    from sqlmodel import Session, select

    from stvdesk.cli import cli
    from stvdesk.db.models import Citizen

    result = CliRunner().invoke(cli, ["--db", pg_empty_database, "db", "upgrade"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(cli, ["--db", str(demo_db), "db", "copy", pg_empty_database])
    assert result.exit_code == 0, result.output
    assert "(240 borgere)" in result.output
    again = CliRunner().invoke(cli, ["--db", str(demo_db), "db", "copy", pg_empty_database])
    assert again.exit_code == 2 and "ikke tom" in again.output
    result = CliRunner().invoke(
        cli, ["--db", pg_empty_database, "db", "login", "KB"], input="en lang adgangskode\nen lang adgangskode\n"
    )
    assert result.exit_code == 0 and "stvdesk_kb" in result.output, result.output
    engine = make_engine(pg_empty_database)
    with Session(engine) as session:
        assert len(session.exec(select(Citizen.id)).all()) == 240
    engine.dispose()


def test_a_server_that_cannot_be_reached_or_has_no_such_database_gets_a_danish_message(pg_server) -> None:
    import socket

    import sqlalchemy as sa
    from click.testing import CliRunner

    from stvdesk.cli import cli

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = CliRunner().invoke(cli, ["--db", f"postgresql+psycopg://x@127.0.0.1:{port}/x", "db", "upgrade"])
    assert result.exit_code == 2 and "Kan ikke forbinde til databaseserveren" in result.output
    assert "Traceback" not in result.output
    missing = sa.engine.make_url(pg_server).set(database="findes_ikke").render_as_string(hide_password=False)
    result = CliRunner().invoke(cli, ["--db", missing, "db", "upgrade"])
    assert result.exit_code == 2 and "Databasen findes ikke på serveren" in result.output
