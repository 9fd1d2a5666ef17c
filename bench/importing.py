"""Import at volume: a 10 000-row caseload workbook and CSV into the demo database,
as a caseworker would run `stvdesk import`, phase by phase: reading the file, the dry run
(with the database's look-ups), the write in one transaction, and the same file again (every
row matched by CPR, nothing written). Also 10 000 placements from a CSV into those citizens.

`uv run python -m bench.importing [N]` (default 10 000 rows).
"""

from __future__ import annotations

import json
import random
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from stvdesk.clock import Clock
from stvdesk.context import DeskContext
from stvdesk.db.demo import DemoSpec, build_demo_file
from stvdesk.db.engine import make_engine, sqlite_url
from stvdesk.db.queries.edits import Editor
from stvdesk.db.queries.workers import find_worker
from stvdesk.importing.check import check_table
from stvdesk.importing.prepare import prepare
from stvdesk.importing.write import apply_plan, load_lookups

TODAY = date(2026, 11, 24)
HEADER = [
    "CPR-nr.",
    "Navn",
    "Målgruppe",
    "Tlf.",
    "Postnr",
    "Mail",
    "Parathed",
    "Opstart",
    "VK",
    "Sagsbehandler",
    "Bemærkninger",
]


def _rows(count: int) -> list[list]:
    rng = random.Random(11)
    seen, rows = set(), []
    while len(rows) < count:
        born = date(1960, 1, 1) + timedelta(days=rng.randint(0, 365 * 40))
        cpr = f"{born:%d%m%y}{rng.randint(0, 3999):04d}"
        if cpr in seen:
            continue
        seen.add(cpr)
        start = date(2026, 1, 5) + timedelta(days=rng.randint(0, 300))
        rows.append(
            [
                cpr,
                f"Borger{len(rows)} Efternavn{len(rows) % 97}",
                rng.choice(["KTH", "RF", "Udd.hjælp"]),
                f"{rng.randint(20000000, 99999999)}",
                "8000",
                f"b{len(rows)}@example.dk",
                rng.choice(["Klar", "Tæt på", "Længere fra"]),
                start.strftime(rng.choice(["%d-%m-%Y", "%d.%m.%Y"])),
                rng.choice(["RK", "MF", ""]),
                rng.choice(["KB", "MS", "SL"]),
                "Ønsker job i butik" if len(rows) % 5 == 0 else "",
            ]
        )
    return rows


def write_files(folder: Path, count: int) -> tuple[Path, Path, Path]:
    from openpyxl import Workbook

    rows = _rows(count)
    book = Workbook()
    sheet = book.active
    sheet.append(["Borgeroversigt"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    xlsx = folder / "stamme.xlsx"
    book.save(xlsx)
    csv = folder / "stamme.csv"
    csv.write_bytes(("\r\n".join(";".join(r) for r in [HEADER, *rows]) + "\r\n").encode("cp1252"))
    placements = folder / "forloeb.csv"
    lines = ["CPR;Virksomhed;Type;Startdato;Timer pr. uge;Ordinære timer"]
    for k, row in enumerate(rows):
        lines.append(
            f"{row[0]};Virksomhed {k % 300};Virksomhedspraktik;{(TODAY - timedelta(days=k % 90)):%d-%m-%Y};"
            f"{10 + k % 20},5;{k % 3}"
        )
    placements.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return xlsx, csv, placements


def timed(desk: DeskContext, path: Path) -> dict:
    figures = {}
    started = time.perf_counter()
    prepared = prepare(path)
    figures["read_s"] = time.perf_counter() - started
    started = time.perf_counter()
    lookups = desk.run(lambda s: load_lookups(s, desk.worker.id, TODAY, prepared.kind))
    plan = check_table(prepared.table, prepared.kind, prepared.mapping, lookups)
    figures["dry_run_s"] = time.perf_counter() - started
    assert not plan.errors, plan.errors[:3]
    editor = Editor(worker_id=desk.worker.id, today=TODAY, device="bench")
    started = time.perf_counter()
    result = desk.run(lambda s: apply_plan(s, plan, editor, lookups, file_name=path.name))
    figures["write_s"] = time.perf_counter() - started
    figures["total_s"] = figures["read_s"] + figures["dry_run_s"] + figures["write_s"]
    figures["created"], figures["changed"], figures["unchanged"] = result.created, result.changed, result.unchanged
    return {k: round(v, 2) if isinstance(v, float) else v for k, v in figures.items()}


def main(count: int) -> dict:
    out: dict = {"rows": count}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        xlsx, csv, placements = write_files(folder, count)
        master = folder / "master.sqlite"
        build_demo_file(master, DemoSpec(today=TODAY))
        for label, path in (("xlsx", xlsx), ("csv", csv)):
            db = folder / f"{label}.sqlite"
            shutil.copyfile(master, db)
            desk = DeskContext(engine=make_engine(sqlite_url(db)), clock=Clock(TODAY))
            desk.worker = desk.run(lambda s: find_worker(s, "KB"))
            out[f"{label}_first"] = timed(desk, path)
            out[f"{label}_again"] = timed(desk, path)
            if label == "csv":
                out["placements_csv"] = timed(desk, placements)
            desk.engine.dispose()
    return out


if __name__ == "__main__":
    figures = main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
    print(json.dumps(figures, indent=1, ensure_ascii=False))
    results = Path(__file__).parent / "results"
    results.mkdir(exist_ok=True)
    (results / "importing.json").write_text(json.dumps(figures, indent=1, ensure_ascii=False))
