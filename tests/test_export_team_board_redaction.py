"""The team board's redacted variant blanks surnames and CPR numbers out of every text it
carries, not only the contact log's: a job goal, a matching reason or an opening's title is
typed by a worker and may name the citizen or hold a CPR number."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from stvdesk.db.queries.caseload_list import Viewer
from stvdesk.db.queries.team_board import team_board
from stvdesk.export.team_board import board_markdown, board_tables
from tests.conftest import TODAY, make_desk


def test_the_redacted_board_blanks_names_and_cpr_numbers_in_free_text(demo_db: Path) -> None:
    desk = make_desk(demo_db)
    try:
        me = desk.me
        viewer = Viewer(me.id, me.role, me.team_id)
        before = desk.run(lambda s: team_board(s, viewer, TODAY))
        citizen = next(c for c in before.citizens if c.goals)
        cpr = f"{citizen.cpr[:6]}-{citizen.cpr[6:]}"
        with desk.engine.begin() as conn:
            conn.execute(
                sa.text("UPDATE job_goal SET title = title || ' hos ' || :last || ' ' || :cpr WHERE citizen_id = :id"),
                {"last": citizen.last_name, "cpr": cpr, "id": citizen.citizen_id.hex},
            )
            conn.execute(sa.text("UPDATE job_opening SET title = title || ' til ' || :name"), {"name": citizen.name})
        board = desk.run(lambda s: team_board(s, viewer, TODAY))
    finally:
        desk.engine.dispose()
    assert any(citizen.last_name in g.title for c in board.citizens for g in c.goals)  # the goal was changed
    markdown = board_markdown(board, redacted=True)
    cells = " ".join(str(value) for table in board_tables(board, redacted=True) for row in table.rows for value in row)
    for content in (markdown, cells):
        assert citizen.last_name not in content
        assert citizen.cpr[:6] not in content
    assert citizen.last_name in board_markdown(board)  # the board for the room keeps them
