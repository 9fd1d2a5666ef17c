"""Writes the synthetic sample files the import tests read. Run it again only to
change them: `uv run python tests/data/make_samples.py`. Every name and number is made up;
CPR numbers are real dates with random serials, not anyone's.

sagsstamme-team-nord.xlsx: a caseload workbook as teams keep them — a title line, group
headings merged over the header row, a header merged down over two rows, blank rows, dates
typed three ways (and as real date cells), CPR numbers as text, with spaces, and as numbers
that lost their leading zero, short names for target groups, three invalid CPR numbers, an
unknown worker, and a sheet of notes beside it.
forloeb-cp1252.csv (written by hand): placements, semicolons, Windows-1252, decimal commas.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).parent
FIRST = [
    "Mette",
    "Jens",
    "Aisha",
    "Lars",
    "Sofie",
    "Mohammed",
    "Camilla",
    "Peter",
    "Fatima",
    "Nikolaj",
    "Line",
    "Ahmad",
    "Birgitte",
    "Søren",
    "Hanne",
    "Kasper",
    "Yasmin",
    "Torben",
    "Ida",
    "Ømer",
]
LAST = [
    "Jensen",
    "Nielsen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Ali",
    "Yilmaz",
    "Møller",
    "Holm",
    "Østergaard",
]
GROUPS = ["KTH", "Kontanthjælp", "Udd.hjælp", "RF", "Ressourceforløb", "Jobafklaring"]
READY = ["Klar", "tæt på", "Længere fra", "Tæt på"]
WORKERS = ["KB", "kb", "Karen Bach", "MS", "SL"]


def cpr_for(rng: random.Random, born: date) -> str:
    serial = rng.randint(0, 3) * 1000 + rng.randint(0, 999)  # 7th digit 0–3: born in the 1900s
    return f"{born:%d%m%y}{serial:04d}"


def citizens(rng: random.Random, count: int) -> list[dict]:
    people = []
    for i in range(count):
        born = date(1960, 1, 1) + timedelta(days=rng.randint(0, 365 * 38))
        people.append(
            {
                "cpr": cpr_for(rng, born),
                "first": FIRST[i % len(FIRST)],
                "last": LAST[(i * 7) % len(LAST)],
                "group": GROUPS[i % len(GROUPS)],
                "ready": READY[i % len(READY)],
                "phone": f"{rng.randint(20, 99)}{rng.randint(0, 999999):06d}",
                "postal": rng.choice(["8000", "8200", "8210", "8220", "8270"]),
                "start": date(2026, 1, 5) + timedelta(days=rng.randint(0, 300)),
                "s": WORKERS[i % len(WORKERS)],
                "vk": ["RK", "", "MF", ""][i % 4],
            }
        )
    return people


def write_caseload(path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    rng = random.Random(1124)
    people = citizens(rng, 40)
    book = Workbook()
    ws = book.active
    ws.title = "Sagsstamme"
    ws["A1"] = "Borgeroversigt – Team Nord (opdateret af KB)"
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:K1")
    # Row 3: group headings over row 4; 'Sagsbehandler' is merged down over both rows.
    ws["A3"], ws["D3"], ws["G3"], ws["J3"] = "Borger", "Kontakt", "Forløb", "Sagsbehandler"
    ws.merge_cells("A3:C3")
    ws.merge_cells("D3:F3")
    ws.merge_cells("G3:I3")
    ws.merge_cells("J3:J4")
    for col, text in zip(
        "ABCDEFGHI",
        ["CPR-nr.", "Navn", "Målgruppe", "Tlf.", "Postnr", "Mail", "Parathed", "Opstart", "VK"],
        strict=True,
    ):
        ws[f"{col}4"] = text
    ws["K4"] = "Bemærkninger"
    for cell in (*ws[3], *ws[4]):
        cell.font = Font(bold=True)
    row = 5
    for i, p in enumerate(people):
        if i in (7, 22, 23):
            row += 1  # blank rows, as left after deleting a line in Excel
        cpr: object = p["cpr"]
        if i % 5 == 1:
            cpr = f"{p['cpr'][:6]}-{p['cpr'][6:]}"
        elif i % 5 == 2:
            cpr = int(p["cpr"])  # a number cell: a leading zero is lost
        elif i % 5 == 3:
            cpr = f"{p['cpr'][:6]} {p['cpr'][6:]}"
        start: object = p["start"]
        if i % 4 == 1:
            start = f"{p['start']:%d-%m-%Y}"
        elif i % 4 == 2:
            start = f"{p['start']:%d.%m.%Y}"
        elif i % 4 == 3:
            start = f"{p['start']:%d/%m/%y}"
        values = [
            cpr,
            f"{p['first']} {p['last']}",
            p["group"],
            p["phone"],
            int(p["postal"]),
            f"{p['first'].lower()}.{p['last'].lower()}@example.dk" if i % 3 else None,
            p["ready"],
            start,
            p["vk"] or None,
            p["s"],
            "Ønsker job i butik" if i % 6 == 0 else None,
        ]
        for col, value in enumerate(values, start=1):
            ws.cell(row=row, column=col, value=value)
        row += 1
    # The problems a real file has: three CPR numbers that cannot be right, an unknown worker.
    bad = [("311390-1234", "Tobias Brandt"), ("12345678", "Signe Kjær"), ("290223-4321", "Malik Said")]
    for cpr, name in bad:
        ws.cell(row=row, column=1, value=cpr)
        ws.cell(row=row, column=2, value=name)
        ws.cell(row=row, column=3, value="KTH")
        ws.cell(row=row, column=8, value="01-10-2026")
        ws.cell(row=row, column=10, value="KB")
        row += 1
    ws.cell(row=row, column=1, value=cpr_for(rng, date(1988, 4, 12)))
    ws.cell(row=row, column=2, value="Rikke Dam")
    ws.cell(row=row, column=3, value="KTH")
    ws.cell(row=row, column=10, value="ZZ")
    notes = book.create_sheet("Noter")
    notes["A1"] = "Husk at opdatere arket hver fredag."
    book.save(path)


if __name__ == "__main__":
    write_caseload(HERE / "sagsstamme-team-nord.xlsx")
    print("skrev", HERE / "sagsstamme-team-nord.xlsx")
