"""The month's dashboard to Excel (openpyxl) and CSV: one sheet for the team, one per worker,
and the team's last 12 months. Numbers are written as numbers, so the leader can sum and chart
them in Excel; the forecast sentence is text beside them. No citizen names: counts only."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from stvdesk import settings
from stvdesk.db.queries.steering import Dashboard, month_boards
from stvdesk.db.queries.workers import WorkerInfo
from stvdesk.domain.numbers import format_plain
from stvdesk.domain.targets import forecast, last_months
from stvdesk.domain.text import clean_line
from stvdesk.export.workbook import file_part, not_a_formula, save_workbook, sheet_title

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

HEADER = ["Måltal", "Faktisk", "Mål", "Prognose (tal)", "Prognose"]


def _rows(board: Dashboard, today: date) -> list[list[Any]]:  # label, actual, target, projected, text
    rows = []
    for line in board.lines:
        f = forecast(line.metric, line.actual, line.target, board.month, today)
        rows.append([board.label(line.metric), line.actual, line.target, round(f.projected, 1), f.text])
    return rows


def write_workbook(path: Path, title: str, team: Dashboard, workers: list[tuple[str, Dashboard]], today: date) -> None:
    from openpyxl import Workbook  # deferred: only an export needs it
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Team"

    def fill(sheet: Worksheet, heading: str, board: Dashboard) -> None:
        # The heading is a team's or a worker's name: clean, whatever the database holds.
        sheet.append([clean_line(heading), f"{board.month:%m-%Y}"])
        sheet["A1"].font = Font(bold=True)
        sheet.append(HEADER)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in _rows(board, today):
            sheet.append(row)
        sheet.column_dimensions["A"].width = 32
        sheet.column_dimensions["E"].width = 44

    fill(sheet, title, team)
    for label, board in workers:
        fill(book.create_sheet(sheet_title(label)), label, board)
    history = book.create_sheet("Historik")
    months = [f"{m:%m-%Y}" for m in last_months(team.month, len(team.lines[0].history))]
    history.append(["Måltal", *months])
    for cell in history[1]:
        cell.font = Font(bold=True)
    for line in team.lines:
        history.append([team.label(line.metric), *line.history])
    history.column_dimensions["A"].width = 32
    save_workbook(book, path)


def write_csv(path: Path, team: Dashboard, workers: list[tuple[str, Dashboard]], today: date) -> None:
    """One row per owner and metric: ejer;maaned;maaltal;faktisk;maal;prognose (semicolons, as
    Danish Excel reads them)."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["ejer", "maaned", "maaltal", "faktisk", "maal", "prognose"])
        for owner, board in [("team", team), *workers]:
            for label, actual, target, _projected, text in _rows(board, today):
                writer.writerow(
                    [
                        not_a_formula(clean_line(owner)),
                        f"{board.month:%Y-%m}",
                        label,
                        format_plain(actual),
                        "" if target is None else format_plain(target),
                        text,
                    ]
                )


def write_month(session: Session, *, worker: WorkerInfo, month: date, today: date, folder: Path | None = None) -> Path:
    """The month's numbers for the worker's team and each of its workers, as a workbook and the
    same numbers as CSV beside it, in the export folder; returns the workbook's path. Counts
    only, no citizen: nothing to log."""
    team, workers = month_boards(session, worker.team_id, month, today)
    path = (folder or settings.export_dir()) / f"styring-{month:%Y-%m}-{file_part(worker.team_name)}.xlsx"
    write_workbook(path, worker.team_name, team, workers, today)
    write_csv(path.with_suffix(".csv"), team, workers, today)
    return path
