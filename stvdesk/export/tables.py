"""The caseload, placements and companies as csv or xlsx, one convention for all three:
the header names are the ones `stvdesk import` reads back; CSV is semicolon-separated UTF-8
with a BOM, dates dd-mm-åååå and decimal commas (as Danish Excel opens it); the workbook holds
real dates and numbers, a bold frozen header and a filter. The redacted variant has initials
for names, no CPR number, and free text with CPR-shaped numbers and surnames blanked."""

from __future__ import annotations

import csv
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stvdesk.db.queries.exports import CaseloadExportRow, CompanyExportRow, PlacementExportRow
from stvdesk.domain.numbers import format_plain
from stvdesk.domain.text import clean_line, clean_text
from stvdesk.export.ics import initials
from stvdesk.export.redact import blanker
from stvdesk.export.workbook import not_a_formula, save_workbook, sheet_title

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

FORMATS = ("csv", "xlsx")


@dataclass
class ExportTable:
    title: str
    headers: list[str]
    rows: list[list[Any]]
    citizen_ids: list[uuid.UUID] = field(default_factory=list)


def _person(first: str, last: str, cpr: str, redacted: bool) -> list[Any]:
    if redacted:
        return [initials(f"{first} {last}")]
    return [f"{cpr[:6]}-{cpr[6:]}", first, last]


def _person_headers(redacted: bool) -> list[str]:
    return ["Initialer"] if redacted else ["CPR", "Fornavn", "Efternavn"]


def caseload_table(rows: list[CaseloadExportRow], *, redacted: bool, described: str) -> ExportTable:
    headers = [
        *_person_headers(redacted),
        "Alder",
        "Målgruppe",
        "Fase",
        "Parathed",
        "Sagsbehandler",
        "Virksomhedskonsulent",
        "Jobnet-CV",
        "ABC-plan",
        "Næste opfølgning",
        "Art",
        "Forløb",
        "Virksomhed",
        "Ordinære timer",
        "Seneste kontakt",
        "Advarsler",
    ]
    table = ExportTable(f"Sagsstamme ({described})", headers, [])
    for item in rows:
        r = item.row
        table.rows.append(
            [
                *_person(item.first_name, item.last_name, r.cpr, redacted),
                r.age,
                r.target_group.label,
                r.phase.label,
                r.readiness.label,
                r.caseworker,
                r.consultant,
                r.cv_state.label,
                "ja" if r.has_abc else "nej",
                r.next_due,
                r.next_kind.label if r.next_kind else "",
                r.placement_kind.label if r.placement_kind else "",
                r.placement_company,
                r.ordinary_hours,
                r.last_contact,
                "; ".join(r.warnings),
            ]
        )
        table.citizen_ids.append(r.id)
    return table


def placements_table(rows: list[PlacementExportRow], *, redacted: bool, described: str) -> ExportTable:
    clean = blanker(r.last_name for r in rows) if redacted else (lambda text: text)
    headers = [
        *_person_headers(redacted),
        "Virksomhed",
        "CVR",
        "Forløbstype",
        "Status",
        "Startdato",
        "Forventet slut",
        "Afsluttet",
        "Timer pr. uge",
        "Ordinære timer",
        "Formål",
        "Sagsbehandler",
        "Virksomhedskonsulent",
    ]
    table = ExportTable(f"Forløb ({described})", headers, [])
    for r in rows:
        table.rows.append(
            [
                *_person(r.first_name, r.last_name, r.cpr, redacted),
                r.company,
                r.cvr or "",
                r.kind.label,
                r.status.label,
                r.start_on,
                r.planned_end_on,
                r.ended_on,
                r.hours_per_week,
                r.ordinary_hours_per_week,
                clean(r.purpose),
                r.caseworker,
                r.consultant,
            ]
        )
        table.citizen_ids.append(r.citizen_id)
    return table


def companies_table(rows: list[CompanyExportRow], *, redacted: bool) -> ExportTable:
    """Redacted: without the notes (free text about people placed there) and the phone number."""
    headers = [
        "Virksomhed",
        "CVR",
        "Branche",
        "Adresse",
        "Postnr.",
        "By",
        *([] if redacted else ["Telefon"]),
        "Ansvarlig VK",
        "Forløb i gang",
        *([] if redacted else ["Noter"]),
    ]
    table = ExportTable("Virksomheder", headers, [])
    for r in rows:
        table.rows.append(
            [
                r.name,
                r.cvr or "",
                r.industry,
                r.address,
                r.postal_code,
                r.city,
                *([] if redacted else [r.phone]),
                r.owner,
                r.running_placements,
                *([] if redacted else [r.notes]),
            ]
        )
    return table


def _clean(value: Any) -> Any:
    """A cell's text without escape sequences or control characters, whatever the database
    holds: XML 1.0 cannot hold most C0 characters (openpyxl raises IllegalCharacterError and
    writes no file), and a CSV is read in terminals and by other programs. A cell keeps its line
    breaks (a note's lines), which both formats hold."""
    return clean_text(value, multiline=True) if isinstance(value, str) else value


def _csv_cell(value: Any) -> str:
    value = _clean(value)
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value:%d-%m-%Y}"
    if isinstance(value, float):
        return format_plain(value)  # no thousands points: `stvdesk import` reads the file back
    if isinstance(value, str):
        return not_a_formula(value)
    return str(value)


def write_csv(path: Path, table: ExportTable) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow([clean_line(h) for h in table.headers])
        for row in table.rows:
            writer.writerow([_csv_cell(v) for v in row])


def write_xlsx(path: Path, table: ExportTable) -> None:
    write_xlsx_sheets(path, [table])


def write_xlsx_sheets(path: Path, sheets: list[ExportTable]) -> None:
    """One workbook, a sheet per table (named by its title), each as `write_xlsx` writes one."""
    from openpyxl import Workbook  # deferred: only an export needs it

    book = Workbook()
    for index, table in enumerate(sheets):
        sheet = book.active if index == 0 else book.create_sheet()
        _fill_sheet(sheet, table)
    save_workbook(book, path)


def _fill_sheet(sheet: Worksheet, table: ExportTable) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet.title = sheet_title(table.title.split(" (")[0])
    sheet.append([clean_line(h) for h in table.headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([_clean(v) for v in row])
    for index, header in enumerate(table.headers, start=1):
        letter = get_column_letter(index)
        values = [header, *(_csv_cell(r[index - 1]) for r in table.rows[:200])]
        sheet.column_dimensions[letter].width = min(40, max(8, *(len(v) + 2 for v in values)))
        if isinstance(next((r[index - 1] for r in table.rows if r[index - 1] is not None), None), date):
            for cell in sheet[letter][1:]:
                cell.number_format = "DD-MM-YYYY"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def write(path: Path, table: ExportTable, fmt: str) -> None:
    (write_xlsx if fmt == "xlsx" else write_csv)(path, table)
