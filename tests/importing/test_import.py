"""Importing into the demo database: the messy sample workbook's problem report and rows,
all-or-nothing, idempotent re-import, each kind, and the command line."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from sqlmodel import select

from stvdesk.cli import cli
from stvdesk.db.models import AuditEvent, Citizen, Company, FollowUp, Note, Placement, PlacementHours, Worker
from stvdesk.db.queries.edits import Editor
from stvdesk.domain.enums import FollowUpKind, FollowUpStatus, PlacementKind, PlacementStatus, Readiness, TargetGroup
from stvdesk.importing.check import check_table
from stvdesk.importing.fields import ImportKind
from stvdesk.importing.prepare import prepare
from stvdesk.importing.write import ImportFailed, apply_plan, load_lookups
from tests.conftest import TODAY

DATA = Path(__file__).parent.parent / "data"
WORKBOOK = DATA / "sagsstamme-team-nord.xlsx"


def dry_run(desk, path: Path, kind: ImportKind | None = None):
    prepared = prepare(path, kind=kind)
    lookups = desk.run(lambda s: load_lookups(s, desk.worker.id, TODAY, prepared.kind))
    return prepared, lookups, check_table(prepared.table, prepared.kind, prepared.mapping, lookups)


def run_import(desk, path: Path, kind: ImportKind | None = None, *, skip_errors: bool = False, progress=None):
    _prepared, lookups, plan = dry_run(desk, path, kind)
    editor = Editor(worker_id=desk.worker.id, today=TODAY, device="test")
    return plan, desk.run(
        lambda s: apply_plan(s, plan, editor, lookups, file_name=path.name, skip_errors=skip_errors, progress=progress)
    )


def citizens_by_cpr(desk) -> dict[str, Citizen]:
    return {c.cpr: c for c in desk.run(lambda s: s.exec(select(Citizen)).all())}


def count(desk, model) -> int:
    return desk.run(lambda s: s.exec(select(sa.func.count()).select_from(model)).one())


def test_sample_workbook_problem_report(desk) -> None:
    prepared, _lookups, plan = dry_run(desk, WORKBOOK)
    assert prepared.kind is ImportKind.CITIZENS and prepared.table.header_row == 4
    assert prepared.table.other_sheets == ["Noter"]
    assert [p.text() for p in plan.errors] == [
        "Række 48, kolonne A «CPR-nr.»: 311390 er ikke en rigtig dato (ddmmåå).",
        "Række 49, kolonne A «CPR-nr.»: CPR-nummeret skal have 10 cifre: ddmmåå-xxxx.",
        "Række 50, kolonne A «CPR-nr.»: 290223 er ikke en rigtig dato (ddmmåå).",
        "Række 51, kolonne J «Sagsbehandler»: Ingen medarbejder har initialerne «ZZ». Opret medarbejderen først, "
        "lad kolonnen ude, eller lad importen oprette de ukendte medarbejdere.",
    ]
    assert plan.notices[0].text() == (
        "Filen nævner medarbejdere, stvdesk ikke kender: ZZ (sagsbehandler, 1 række). Importen kan oprette dem i "
        "dit team (m på skærmen, --opret-medarbejdere på kommandolinjen)."
    )
    assert plan.rows_read == 44 and plan.blank_rows == 3 and plan.new_count == 40
    assert plan.summary() == (
        "44 rækker læst: 40 nye borgere, 0 findes i forvejen; 3 tomme rækker sprunget over. 4 fejl i 4 rækker."
    )
    assert not plan.can_import() and plan.can_import(skip_errors=True)


def test_errors_refuse_the_whole_file(desk) -> None:
    before = count(desk, Citizen)
    with pytest.raises(ImportFailed, match="4 fejl; intet er importeret"):
        run_import(desk, WORKBOOK)
    assert count(desk, Citizen) == before


def test_sample_workbook_rows_as_imported(desk) -> None:
    before = count(desk, Citizen)
    plan, result = run_import(desk, WORKBOOK, skip_errors=True)
    assert (result.created, result.changed, result.unchanged) == (40, 0, 0)
    assert count(desk, Citizen) == before + 40
    people = citizens_by_cpr(desk)
    workers = {w.id: w.initials for w in desk.run(lambda s: s.exec(select(Worker)).all())}
    first = plan.records[0].values["cpr"]
    row5 = people[first]
    assert (row5.first_name, row5.last_name, row5.target_group, row5.readiness) == (
        "Mette",
        "Jensen",
        TargetGroup.CASH_BENEFIT,
        Readiness.READY,
    )
    assert (row5.phone, row5.postal_code, row5.opened_on) == ("69196294", "8000", date(2026, 2, 15))
    assert workers[row5.caseworker_id] == "KB" and workers[row5.consultant_id] == "RK"
    by_row = {r.row: people[r.values["cpr"]] for r in plan.records}
    assert workers[by_row[7].caseworker_id] == "KB"  # «Karen Bach»: by name
    assert by_row[7].opened_on == date(2026, 8, 3)  # 03.08.2026
    assert by_row[8].opened_on == date(2026, 2, 7)  # 07/02/26
    assert by_row[7].cpr.startswith("310866")  # a number cell that lost its leading zero
    assert by_row[7].target_group is TargetGroup.EDUCATION_BENEFIT  # «Udd.hjælp»
    notes = desk.run(lambda s: s.exec(select(Note.text).where(Note.citizen_id == row5.id)).all())
    assert notes == ["Ønsker job i butik"]
    history = desk.run(lambda s: s.exec(select(AuditEvent.criterion).where(AuditEvent.citizen_id == row5.id)).all())
    assert "Borger oprettet (import fra sagsstamme-team-nord.xlsx)" in history


def test_reimport_updates_instead_of_duplicating(desk, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    run_import(desk, WORKBOOK, skip_errors=True)
    total, notes, events = count(desk, Citizen), count(desk, Note), count(desk, AuditEvent)
    _plan, again = run_import(desk, WORKBOOK, skip_errors=True)
    assert (again.created, again.changed, again.unchanged) == (0, 0, 40)
    assert (count(desk, Citizen), count(desk, Note), count(desk, AuditEvent)) == (total, notes, events)

    book = load_workbook(WORKBOOK)
    ws = book.active
    ws["D5"] = "11223344"  # a new phone number
    ws["G5"] = None  # an emptied cell never blanks what is stored
    changed = tmp_path / "rettet.xlsx"
    book.save(changed)
    plan, third = run_import(desk, changed, skip_errors=True)
    assert (third.created, third.changed, third.unchanged) == (0, 1, 39)
    person = citizens_by_cpr(desk)[plan.records[0].values["cpr"]]
    assert person.phone == "11223344" and person.readiness is Readiness.READY
    assert count(desk, Citizen) == total


def test_an_error_while_writing_rolls_everything_back(desk) -> None:
    before = (count(desk, Citizen), count(desk, AuditEvent), count(desk, Note))
    seen = []

    def cancel_half_way(done: int, total: int) -> None:
        seen.append(done)
        if done >= total // 2:
            raise RuntimeError("afbrudt")

    with pytest.raises(RuntimeError):
        run_import(desk, WORKBOOK, skip_errors=True, progress=cancel_half_way)
    assert seen and seen[-1] < 40
    assert (count(desk, Citizen), count(desk, AuditEvent), count(desk, Note)) == before


def test_a_database_refusal_rolls_back_with_a_danish_message(desk) -> None:
    """A citizen with the same CPR number stored by someone else between the check and the write
    (or outside one's reach, on a server): the unique index refuses, nothing is kept."""
    _prepared, lookups, plan = dry_run(desk, WORKBOOK)
    plan.problems = [p for p in plan.problems if p.row is None]
    last = plan.records[-1].values["cpr"]

    def someone_else(session):
        session.add(
            Citizen(
                cpr=last,
                first_name="Anden",
                last_name="Borger",
                birth_date=date(1990, 1, 1),
                target_group=TargetGroup.OTHER,
                readiness=Readiness.CLOSE,
                opened_on=TODAY,
            )
        )
        session.commit()

    desk.run(someone_else)
    before = count(desk, Citizen)
    editor = Editor(worker_id=desk.worker.id, today=TODAY)
    with pytest.raises(ImportFailed, match=r"samme CPR-nummer findes allerede.*Intet er importeret"):
        desk.run(lambda s: apply_plan(s, plan, editor, lookups, file_name="x.xlsx"))
    assert count(desk, Citizen) == before


def test_placements_from_windows_1252_csv_with_decimal_commas(desk, tmp_path: Path) -> None:
    people = sorted(citizens_by_cpr(desk))
    path = tmp_path / "forloeb.csv"
    path.write_bytes(
        (
            "CPR;Virksomhed;Type;Fra;Til;Timer pr. uge;Ordinære timer;Formål\r\n"
            f"{people[0]};Bageriet Østergade;Virksomhedspraktik;01.09.2026;30.11.2026;12,5;0;Afprøve køkkenarbejde\r\n"
            f"{people[1][:6]}-{people[1][6:]};Grøn Have ApS;Løntilskud;15-08-2026;;25;2,5;Løntimer\r\n"
            f"{people[2]};Grøn Have ApS;LTS;02-12-2026;;20;25;\r\n"
        ).encode("cp1252")
    )
    prepared, _lookups, plan = dry_run(desk, path)
    assert prepared.kind is ImportKind.PLACEMENTS and prepared.table.encoding == "Windows-1252"
    assert [p.text() for p in plan.errors] == [
        "Række 4, kolonne G «Ordinære timer»: 25 ordinære timer er flere end timerne i alt (20)."
    ]
    assert plan.new_companies == ["Bageriet Østergade", "Grøn Have ApS"]
    path.write_bytes(path.read_bytes().replace(b";20;25;", b";20;5;"))
    companies = count(desk, Company)
    plan, result = run_import(desk, path)
    assert (result.created, result.companies_created) == (3, 2)
    assert count(desk, Company) == companies + 2
    rows = desk.run(
        lambda s: s.exec(
            select(Placement)
            .where(Placement.citizen_id.in_([r.values["citizen_id"] for r in plan.records]))
            .order_by(Placement.start_on)
        ).all()
    )
    new = [p for p in rows if p.start_on in (date(2026, 9, 1), date(2026, 8, 15), date(2026, 12, 2))]
    assert [(p.kind, p.hours_per_week, p.ordinary_hours_per_week, p.status) for p in new] == [
        (PlacementKind.WAGE_SUBSIDY, 25.0, 2.5, PlacementStatus.ACTIVE),
        (PlacementKind.INTERNSHIP, 12.5, 0.0, PlacementStatus.ACTIVE),
        (PlacementKind.WAGE_SUBSIDY, 20.0, 5.0, PlacementStatus.PLANNED),
    ]
    hours = desk.run(
        lambda s: s.exec(
            select(sa.func.count())
            .select_from(PlacementHours)
            .where(PlacementHours.placement_id.in_([p.id for p in new]))
        ).one()
    )
    assert hours == 3
    _plan, again = run_import(desk, path)
    assert (again.created, again.changed, again.unchanged, again.companies_created) == (0, 0, 3, 0)


def test_companies_matched_by_cvr_or_name(desk, tmp_path: Path) -> None:
    existing = desk.run(lambda s: s.exec(select(Company).where(Company.cvr.is_not(None))).first())
    path = tmp_path / "virksomheder.csv"
    path.write_text(
        "Virksomhed,CVR,Branche,Telefon,Ansvarlig\n"
        f'"{existing.name}",{existing.cvr},Detail,,RK\n'
        'Nyt Værksted ApS,,Metal,"86 12 34 56",MF\n'
        "Forkert CVR A/S,12345678,Service,,\n",
        encoding="utf-8",
    )
    prepared, _lookups, plan = dry_run(desk, path)
    assert prepared.kind is ImportKind.COMPANIES
    assert [p.text() for p in plan.errors] == [
        "Række 4, kolonne B «CVR»: 12345678 er ikke et gyldigt CVR-nummer (kontrolcifferet passer ikke) – "
        "tjek det i CVR-registret."
    ]
    assert plan.existing_count == 1 and plan.new_count == 1
    before = count(desk, Company)
    _plan, result = run_import(desk, path, skip_errors=True)
    assert (result.created, result.changed) == (1, 1)
    assert count(desk, Company) == before + 1
    assert desk.run(lambda s: s.get(Company, existing.id)).industry == "Detail"


def test_follow_ups(desk, tmp_path: Path) -> None:
    people = sorted(citizens_by_cpr(desk))
    path = tmp_path / "opfoelgninger.csv"
    path.write_text(
        "CPR\tDato\tArt\tMedarbejder\tAfholdt\tNote\n"
        f"{people[0]}\t07-12-2026\tTrepart\tKB\t\tMed virksomheden\n"
        f"{people[1]}\t05.12.2026\tTelefon\t\t\t\n"
        f"{people[2]}\t10-11-2026\tSamtale\tMS\t10-11-2026\tHoldt\n"
        f"{people[3]}\t11-12-2026\tKaffe\t\t\t\n",
        encoding="utf-8",
    )
    prepared, _lookups, plan = dry_run(desk, path)
    assert prepared.kind is ImportKind.FOLLOW_UPS
    assert [p.text() for p in plan.errors] == [
        "Række 5, kolonne C «Art»: «Kaffe» kendes ikke. Skriv en af: Samtale, Praktikopfølgning, Trepartssamtale, "
        "Virksomhedsbesøg, Telefonopfølgning, Efterværnsopkald."
    ]
    assert [p.text() for p in plan.notices] == [
        "Række 3, kolonne B «Dato»: 05-12-2026 er en lørdag; opfølgningen importeres på datoen – flyt den bagefter, "
        "hvis den skal ligge på en hverdag."
    ]
    _plan, result = run_import(desk, path, skip_errors=True)
    assert result.created == 3
    rows = desk.run(
        lambda s: s.exec(
            select(FollowUp).where(
                FollowUp.due_on.in_([date(2026, 12, 7), date(2026, 12, 5), date(2026, 11, 10)]),
                FollowUp.updated_by == desk.worker.id,
                FollowUp.citizen_id.in_([r.values["citizen_id"] for r in _plan.records]),
            )
        ).all()
    )
    kinds = {(f.kind, f.status) for f in rows}
    assert {
        (FollowUpKind.THREE_PARTY, FollowUpStatus.PLANNED),
        (FollowUpKind.PHONE, FollowUpStatus.PLANNED),
        (FollowUpKind.CONVERSATION, FollowUpStatus.HELD),
    } <= kinds


# --- the command line ---------------------------------------------------------------------------


def invoke(db: Path, *args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["--db", str(db), "--today", TODAY.isoformat(), "import", *args], input=input)


def test_cli_dry_run_lists_problems_and_imports_nothing(demo_db: Path) -> None:
    result = invoke(demo_db, str(WORKBOOK), "--proevekoersel")
    assert result.exit_code == 1
    assert "A «CPR-nr.»" in result.output and "→ CPR" in result.output
    assert "Række 49, kolonne A «CPR-nr.»: CPR-nummeret skal have 10 cifre" in result.output
    assert "Prøvekørsel: intet er importeret." in result.output
    assert "100761-xxxx" in result.output and "1007613" not in result.output  # the preview hides serials


def test_cli_refuses_errors_then_imports_with_skip(demo_db: Path) -> None:
    refused = invoke(demo_db, str(WORKBOOK), "--ja")
    assert refused.exit_code == 1 and "Intet er importeret" in refused.output
    asked = invoke(demo_db, str(WORKBOOK), "--spring-fejl-over", input="n\n")
    assert "Importér 40 rækker (4 rækker med fejl lades ude)?" in asked.output
    assert "Intet er importeret." in asked.output
    done = invoke(demo_db, str(WORKBOOK), "--spring-fejl-over", "--ja")
    assert done.exit_code == 0, done.output
    assert "Importeret: 40 nye borgere, 0 ændret, 0 uændrede." in done.output


def test_cli_correction_is_saved_for_next_time(demo_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "liste.csv"
    path.write_text("Nr;Hvem;Gruppe\n0101901235;Søren Ærø;KTH\n", encoding="utf-8")
    first = invoke(demo_db, str(path), "--type", "borgere", "--proevekoersel")
    assert "Ingen kolonne er sat til «CPR»" in first.output
    fixed = invoke(
        demo_db,
        str(path),
        "--type",
        "borgere",
        "--kolonne",
        "A=cpr",
        "--kolonne",
        "Hvem=Navn",
        "--kolonne",
        "C=Målgruppe",
        "--proevekoersel",
    )
    assert fixed.exit_code == 0, fixed.output
    again = invoke(demo_db, str(path), "--type", "borgere", "--ja")
    assert f"Kolonner (gemt {TODAY:%d-%m-%Y}" in again.output
    assert "Importeret: 1 nye borgere" in again.output


def test_cli_bad_file_and_bad_correction(demo_db: Path, tmp_path: Path) -> None:
    assert "findes ikke" in invoke(demo_db, str(tmp_path / "nej.xlsx")).output
    result = invoke(demo_db, str(WORKBOOK), "--kolonne", "Q=cpr")
    assert result.exit_code == 2 and "Filen har ingen kolonne «Q»" in result.output


def test_sample_placements_file_reads(tmp_path: Path) -> None:
    shutil.copy(DATA / "forloeb-cp1252.csv", tmp_path / "f.csv")
    prepared = prepare(tmp_path / "f.csv")
    assert prepared.kind is ImportKind.PLACEMENTS and prepared.table.encoding == "Windows-1252"
    assert prepared.table.rows[0][1][5] == "12,5"


def test_unknown_colleagues_created_with_the_import_in_one_transaction(desk, tmp_path: Path) -> None:
    """A new team's sheet names colleagues stvdesk does not know: with the choice made, they are
    created in the importer's team with the rows that point at them, by initials and role."""
    path = tmp_path / "team.csv"
    path.write_text(
        "CPR;Navn;S;VK\n0303901234;Ny Borger;QA;QB\n0404901234;Anden Borger;qa;\n"
        "0505901234;Tredje Borger;Karen Bach;QB\n",
        encoding="utf-8",
    )
    _prepared, _lookups, refused = dry_run(desk, path)
    assert [p.row for p in refused.errors] == [2, 2, 3, 4]
    prepared = prepare(path)
    lookups = desk.run(lambda s: load_lookups(s, desk.worker.id, TODAY, prepared.kind, create_workers=True))
    plan = check_table(prepared.table, prepared.kind, prepared.mapping, lookups)
    assert not plan.errors
    assert [(w.initials, w.role.value, w.rows) for w in plan.new_workers] == [("QA", "S", 2), ("QB", "VK", 2)]
    assert plan.notices[0].text().startswith("Nye medarbejdere oprettes i dit team: QA (sagsbehandler, 2 rækker)")
    assert "2 nye medarbejdere (QA, QB)" in plan.summary()
    editor = Editor(worker_id=desk.worker.id, today=TODAY)
    result = desk.run(lambda s: apply_plan(s, plan, editor, lookups, file_name=path.name))
    assert (result.created, result.workers_created) == (3, 2)
    made = {
        w.initials: w for w in desk.run(lambda s: s.exec(select(Worker).where(Worker.initials.in_(["QA", "QB"]))).all())
    }
    assert {k: (w.role.value, w.team_id) for k, w in made.items()} == {
        "QA": ("S", desk.worker.team_id),
        "QB": ("VK", desk.worker.team_id),
    }
    people = citizens_by_cpr(desk)
    assert people["0303901234"].caseworker_id == made["QA"].id and people["0303901234"].consultant_id == made["QB"].id
    assert people["0505901234"].caseworker_id == desk.worker.id


def test_created_workers_roll_back_with_the_rows(desk, tmp_path: Path) -> None:
    path = tmp_path / "team.csv"
    path.write_text("CPR;Navn;S\n0303901234;Ny Borger;QA\n", encoding="utf-8")
    prepared = prepare(path)
    lookups = desk.run(lambda s: load_lookups(s, desk.worker.id, TODAY, prepared.kind, create_workers=True))
    plan = check_table(prepared.table, prepared.kind, prepared.mapping, lookups)

    def stop(_done, _total):
        raise RuntimeError("afbrudt")

    with pytest.raises(RuntimeError):
        desk.run(
            lambda s: apply_plan(
                s, plan, Editor(worker_id=desk.worker.id, today=TODAY), lookups, file_name=path.name, progress=stop
            )
        )
    assert desk.run(lambda s: s.exec(select(Worker).where(Worker.initials == "QA")).first()) is None


def test_cli_creates_workers_on_request(demo_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "team.csv"
    path.write_text("CPR;Navn;Sagsbehandler\n0303901234;Ny Borger;QA\n", encoding="utf-8")
    refused = invoke(demo_db, str(path), "--ja")
    assert refused.exit_code == 1 and "--opret-medarbejdere" in refused.output
    done = invoke(demo_db, str(path), "--opret-medarbejdere", "--ja")
    assert done.exit_code == 0, done.output
    assert "Importeret: 1 nye borgere, 0 ændret, 0 uændrede, 1 nye medarbejdere oprettet." in done.output


def test_an_import_that_meets_another_save_is_run_again_whole(desk, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another save reached the file while the import read it: SQLite refuses the import's write
    at once ("database is locked"). The import is not refused in words; the desk runs it again
    from its start, and every row is imported once."""
    import sqlite3

    import stvdesk.importing.write as write

    real, calls = write.refresh_phases, []

    def meets_another_writer_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            orig = sqlite3.OperationalError("database is locked")
            orig.sqlite_errorcode = 517  # SQLITE_BUSY_SNAPSHOT
            raise sa.exc.OperationalError("UPDATE citizen …", {}, orig)
        return real(*args, **kwargs)

    monkeypatch.setattr(write, "refresh_phases", meets_another_writer_once)
    before = count(desk, Citizen)
    _prepared, lookups, plan = dry_run(desk, WORKBOOK)
    editor = Editor(worker_id=desk.worker.id, today=TODAY, device="test")

    def as_the_import_screen_runs_it(session):
        try:
            return apply_plan(session, plan, editor, lookups, file_name=WORKBOOK.name, skip_errors=True)
        except ImportFailed as exc:  # a refusal in words: what the screen shows
            return str(exc)

    result = desk.run(as_the_import_screen_runs_it)
    assert len(calls) == 2
    assert not isinstance(result, str) and result.created == 40 and count(desk, Citizen) == before + 40
