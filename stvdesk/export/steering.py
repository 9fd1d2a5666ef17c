"""The month's dashboard to Excel (openpyxl) and CSV: one sheet for the team, one per worker,
and the team's last 12 months. Numbers are written as numbers, so the leader can sum and chart
them in Excel; the forecast sentence is text beside them. No citizen names: counts only."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from stvdesk.db.queries.steering import Dashboard
from stvdesk.domain.targets import forecast, last_months

HEADER = ["Måltal", "Faktisk", "Mål", "Prognose (tal)", "Prognose"]


def _rows(board: Dashboard, today: date) -> list[list]:
    rows = []
    for line in board.lines:
        f = forecast(line.metric, line.actual, line.target, board.month, today)
        rows.append([line.metric.label, line.actual, line.target, round(f.projected, 1), f.text])
    return rows


def write_workbook(path: Path, title: str, team: Dashboard, workers: list[tuple[str, Dashboard]], today: date) -> None:
    from openpyxl import Workbook  # deferred: only an export needs it
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Team"

    def fill(sheet, heading: str, board: Dashboard) -> None:
        sheet.append([heading, f"{board.month:%m-%Y}"])
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
        fill(book.create_sheet(label[:31]), label, board)
    history = book.create_sheet("Historik")
    months = [f"{m:%m-%Y}" for m in last_months(team.month, len(team.lines[0].history))]
    history.append(["Måltal", *months])
    for cell in history[1]:
        cell.font = Font(bold=True)
    for line in team.lines:
        history.append([line.metric.label, *line.history])
    history.column_dimensions["A"].width = 32
    book.save(path)


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
                        owner,
                        f"{board.month:%Y-%m}",
                        label,
                        f"{actual:g}".replace(".", ","),
                        "" if target is None else f"{target:g}".replace(".", ","),
                        text,
                    ]
                )
