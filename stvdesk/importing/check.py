"""The dry run: every row of a table read against its fields and against what the database
already holds, giving the records to write and every problem by row and column, in Danish.

Pure: what the database holds comes in as `Lookups` (stvdesk.importing.write builds it).
A blocking problem stops the whole import (all or nothing); a notice does not. An empty cell
never blanks a stored value: re-importing a file with fewer columns loses nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from stvdesk.domain.calendar import holiday_name, is_working_day
from stvdesk.domain.cpr import birth_date, mask
from stvdesk.domain.enums import FollowUpKind, Readiness, Role, TargetGroup
from stvdesk.domain.numbers import format_hours, format_number
from stvdesk.domain.text import clean_line
from stvdesk.domain.validation import initials as initials_problem
from stvdesk.importing import cells
from stvdesk.importing.fields import FIELDS, FieldSpec, ImportKind, fold, missing_required
from stvdesk.importing.tabular import Cell, Table, column_letter

DEFAULT_TARGET_GROUP = TargetGroup.OTHER
DEFAULT_READINESS = Readiness.CLOSE
DEFAULT_FOLLOW_UP_KIND = FollowUpKind.CONVERSATION


@dataclass(frozen=True)
class Problem:
    row: int | None  # the spreadsheet's row number; None for the file as a whole
    column: str | None  # 'C «CPR-nr.»'
    message: str
    blocking: bool = True

    def text(self) -> str:
        """One line for the problem report; clean, as it quotes the file's headers and cells and
        is printed to a terminal (the cells were cleaned as read: this holds for any Table)."""
        where = []
        if self.row is not None:
            where.append(f"Række {self.row}")
        if self.column:
            where.append(f"kolonne {self.column}")
        prefix = ", ".join(where)
        return clean_line(f"{prefix}: {self.message}" if prefix else self.message)


@dataclass
class Lookups:
    """What the database already holds, as far as the importing worker may see it."""

    today: date
    importer_id: uuid.UUID
    importer_is_caseworker: bool = False
    workers: dict[str, uuid.UUID] = field(default_factory=dict)  # folded initials and names
    citizens: dict[str, uuid.UUID] = field(default_factory=dict)  # CPR digits → id
    companies_by_cvr: dict[str, uuid.UUID] = field(default_factory=dict)
    companies_by_name: dict[str, uuid.UUID] = field(default_factory=dict)  # folded name
    placements: dict[tuple[uuid.UUID, uuid.UUID, date], uuid.UUID] = field(default_factory=dict)
    follow_ups: dict[tuple[uuid.UUID, FollowUpKind, date], uuid.UUID] = field(default_factory=dict)
    create_workers: bool = False  # unknown initials become new workers of the importer's team


@dataclass(frozen=True)
class NewWorker:
    """A colleague the file names by initials whom stvdesk does not know yet."""

    id: uuid.UUID
    initials: str
    role: Role
    rows: int = 0


@dataclass
class Record:
    """One row to write: its values by field key (only the cells that were filled) and the row
    it matches in the database, if any."""

    row: int
    values: dict[str, Any]
    existing_id: uuid.UUID | None = None


@dataclass
class ImportPlan:
    kind: ImportKind
    source: str
    mapping: dict[int, str]
    headers: list[str]
    records: list[Record]
    problems: list[Problem]
    rows_read: int = 0
    blank_rows: int = 0
    new_companies: list[str] = field(default_factory=list)
    unknown_workers: dict[str, NewWorker] = field(default_factory=dict)  # by initials, in file order
    creates_workers: bool = False
    new_company_keys: set[str] = field(default_factory=set, repr=False)  # folded, for the look-up

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.blocking]

    @property
    def notices(self) -> list[Problem]:
        return [p for p in self.problems if not p.blocking]

    @property
    def file_errors(self) -> list[Problem]:
        """Problems with the file as a whole (a required column missing): no row can be imported."""
        return [p for p in self.errors if p.row is None]

    def can_import(self, *, skip_errors: bool = False) -> bool:
        """All rows fine; or, when the user chose to leave out the rows with errors, at least one
        row fine and nothing wrong with the file as a whole."""
        if skip_errors:
            return not self.file_errors and bool(self.records)
        return not self.errors and bool(self.records)

    @property
    def new_workers(self) -> list[NewWorker]:
        """The unknown colleagues that will be created (only when the user asked for it)."""
        return list(self.unknown_workers.values()) if self.creates_workers else []

    @property
    def rows_with_errors(self) -> list[int]:
        return sorted({p.row for p in self.errors if p.row is not None})

    @property
    def new_count(self) -> int:
        return sum(1 for r in self.records if r.existing_id is None)

    @property
    def existing_count(self) -> int:
        return sum(1 for r in self.records if r.existing_id is not None)

    def summary(self) -> str:
        """One Danish line for the preview: what the import would do, or why it cannot."""
        line = (
            f"{format_number(self.rows_read)} rækker læst: {format_number(self.new_count)} nye "
            f"{self.kind.label.lower()}, {format_number(self.existing_count)} findes i forvejen"
        )
        if self.new_companies:
            line += f", {len(self.new_companies)} nye virksomheder"
        if self.new_workers:
            line += f", {len(self.new_workers)} nye medarbejdere ({', '.join(w.initials for w in self.new_workers)})"
        if self.blank_rows:
            line += f"; {format_number(self.blank_rows)} tomme rækker sprunget over"
        if self.errors:
            rows = len({p.row for p in self.errors})
            line += f". {format_number(len(self.errors))} fejl i {format_number(rows)} " + (
                "række" if rows == 1 else "rækker"
            )
        return clean_line(line + ".")  # names the file's new colleagues by their initials


def column_name(headers: list[str], index: int) -> str:
    return f"{column_letter(index)} «{headers[index]}»"


def _split_name(full: str) -> tuple[str, str]:
    """'Hansen, Mette Marie' or 'Mette Marie Hansen' → ('Mette Marie', 'Hansen')."""
    if "," in full:
        last, _, first = full.partition(",")
        return first.strip(), last.strip()
    parts = full.split()
    return " ".join(parts[:-1]), parts[-1] if parts else ""


class _Row:
    """Reads one row's cells through their fields, collecting problems."""

    def __init__(self, plan: ImportPlan, number: int, cells_: list[Cell], by_key: dict[str, int]) -> None:
        self.plan, self.number, self.cells, self.by_key = plan, number, cells_, by_key
        self.values: dict[str, Any] = {}
        self.failed = False
        self.bad_keys: set[str] = set()  # cells that could not be read (already reported)

    def column(self, key: str) -> str | None:
        index = self.by_key.get(key)
        return column_name(self.plan.headers, index) if index is not None else None

    def problem(self, key: str | None, message: str, *, blocking: bool = True) -> None:
        self.plan.problems.append(Problem(self.number, self.column(key) if key else None, message, blocking))
        self.failed = self.failed or blocking

    def read(self, key: str, reader: Callable[[Cell], Any]) -> Any:
        index = self.by_key.get(key)
        if index is None:
            return None
        try:
            value = reader(self.cells[index])
        except cells.CellError as exc:
            self.problem(key, str(exc))
            self.bad_keys.add(key)
            return None
        if value is not None:
            self.values[key] = value
        return value


ROLE_OF_FIELD = {"caseworker": Role.S, "consultant": Role.VK, "owner": Role.VK, "worker": Role.S}


def _reader(spec: FieldSpec, lookups: Lookups, plan: ImportPlan) -> Callable[[Cell], Any]:
    if spec.value == "text":
        return cells.read_text
    if spec.value == "cpr":
        return cells.read_cpr
    if spec.value == "cvr":
        return cells.read_cvr
    if spec.value == "date":
        return cells.read_date
    if spec.value == "hours":
        return cells.read_hours
    if spec.value == "worker":
        role = ROLE_OF_FIELD.get(spec.key, Role.S)

        def worker(cell: Cell) -> uuid.UUID | None:
            text = cells.read_text(cell)
            if text is None:
                return None
            found = lookups.workers.get(fold(text))
            if found is not None:
                return found
            if initials_problem(text) is not None:
                raise cells.CellError(
                    f"Ingen medarbejder har initialerne eller navnet «{text}». Opret "
                    "medarbejderen først, eller lad kolonnen ude."
                )
            code = text.strip().upper()
            known = plan.unknown_workers.get(code)
            plan.unknown_workers[code] = NewWorker(
                known.id if known else uuid.uuid4(),
                code,
                known.role if known else role,
                (known.rows if known else 0) + 1,
            )
            if not lookups.create_workers:
                raise cells.CellError(
                    f"Ingen medarbejder har initialerne «{code}». Opret medarbejderen først, "
                    "lad kolonnen ude, eller lad importen oprette de ukendte medarbejdere."
                )
            return plan.unknown_workers[code].id

        return worker
    if spec.value in cells.ENUMS:
        return lambda cell: cells.read_choice(cell, spec.value)
    raise ValueError(spec.value)


def check_table(table: Table, kind: ImportKind, mapping: dict[int, str], lookups: Lookups) -> ImportPlan:
    """The dry run over the whole table: never stops at the first problem."""
    plan = ImportPlan(
        kind=kind,
        source=table.source,
        mapping=dict(mapping),
        headers=list(table.headers),
        records=[],
        problems=[],
        rows_read=len(table.rows),
        blank_rows=table.blank_rows,
    )
    for spec in missing_required(kind, mapping):
        plan.problems.append(Problem(None, None, f"Ingen kolonne er sat til «{spec.label}», som skal være der."))
    if plan.errors:
        return plan
    specs = {spec.key: spec for spec in FIELDS[kind]}
    by_key = {key: index for index, key in mapping.items()}
    plan.creates_workers = lookups.create_workers
    readers = {key: _reader(specs[key], lookups, plan) for key in by_key}
    check_row = {
        ImportKind.CITIZENS: _citizen,
        ImportKind.PLACEMENTS: _placement,
        ImportKind.COMPANIES: _company,
        ImportKind.FOLLOW_UPS: _follow_up,
    }[kind]
    seen: dict[Any, int] = {}
    _file_notices(plan, kind, by_key)
    for number, row_cells in table.rows:
        row = _Row(plan, number, row_cells, by_key)
        for key, reader in readers.items():
            row.read(key, reader)
        record = check_row(row, lookups, seen, plan)
        if record is not None and not row.failed:
            plan.records.append(record)
    if plan.unknown_workers:
        names = ", ".join(
            f"{w.initials} ({w.role.label.lower()}, {w.rows} {'række' if w.rows == 1 else 'rækker'})"
            for w in plan.unknown_workers.values()
        )
        plan.problems.insert(
            0,
            Problem(
                None,
                None,
                (
                    f"Nye medarbejdere oprettes i dit team: {names}. Ret deres navne bagefter."
                    if lookups.create_workers
                    else f"Filen nævner medarbejdere, stvdesk ikke kender: {names}. Importen kan oprette dem i dit team "
                    "(m på skærmen, --opret-medarbejdere på kommandolinjen)."
                ),
                blocking=False,
            ),
        )
    return plan


def _file_notices(plan: ImportPlan, kind: ImportKind, by_key: dict[str, int]) -> None:
    def notice(text: str) -> None:
        plan.problems.append(Problem(None, None, text, blocking=False))

    if kind is ImportKind.CITIZENS:
        if "target_group" not in by_key:
            notice(f"Ingen kolonne med målgruppe: nye borgere får «{DEFAULT_TARGET_GROUP.label}».")
        if "readiness" not in by_key:
            notice(f"Ingen kolonne med parathed: nye borgere får «{DEFAULT_READINESS.label}».")
    if kind is ImportKind.FOLLOW_UPS and "kind" not in by_key:
        notice(f"Ingen kolonne med opfølgningens art: nye opfølgninger bliver «{DEFAULT_FOLLOW_UP_KIND.label}».")


def _once(row: _Row, seen: dict[Any, int], key: Any, column: str, what: str) -> bool:
    """False (and a problem) when an earlier row of the file has the same key."""
    earlier = seen.get(key)
    if earlier is not None:
        row.problem(column, f"{what} står allerede i række {earlier}.")
        return False
    seen[key] = row.number
    return True


def _not_after_today(row: _Row, key: str, lookups: Lookups, what: str) -> None:
    value = row.values.get(key)
    if value is not None and value > lookups.today:
        row.problem(key, f"{what} {value:%d-%m-%Y} ligger efter i dag.")


def _cpr(row: _Row) -> str | None:
    """The row's CPR number; a problem when the cell is empty (an unreadable one is reported)."""
    cpr = row.values.get("cpr")
    if cpr is None and "cpr" not in row.bad_keys:
        row.problem("cpr", "CPR-nummeret mangler.")
    return cpr


def _known_citizen(row: _Row, lookups: Lookups, cpr: str) -> uuid.UUID | None:
    """The citizen a placement or follow-up belongs to; they must be in stvdesk (and in reach)."""
    citizen_id = lookups.citizens.get(cpr)
    if citizen_id is None:
        row.problem(
            "cpr",
            f"Ingen borger med CPR-nummeret {mask(cpr)} i stvdesk (eller ikke i din sagsstamme). "
            "Importér borgerne først.",
        )
    return citizen_id


def _citizen(row: _Row, lookups: Lookups, seen: dict[Any, int], plan: ImportPlan) -> Record | None:
    v = row.values
    cpr = _cpr(row)
    if cpr is None:
        return None
    if not _once(row, seen, cpr, "cpr", f"CPR-nummeret {mask(cpr)}"):
        return None
    if birth_date(cpr) > lookups.today:
        row.problem("cpr", f"CPR-nummeret {mask(cpr)} giver en fødselsdato efter i dag.")
        return None
    existing = lookups.citizens.get(cpr)
    full = v.pop("full_name", None)
    if full is not None:
        first, last = _split_name(full)
        if not first or not last:
            row.problem("full_name", f"«{full}»: skriv både for- og efternavn.")
        else:
            v.setdefault("first_name", first)
            v.setdefault("last_name", last)
    if existing is None:
        if (not v.get("first_name") or not v.get("last_name")) and full is None:
            row.problem(
                "full_name" if "full_name" in row.by_key else "last_name",
                "Navnet mangler (for- og efternavn) – det skal en ny borger have.",
            )
        if "target_group" in row.by_key and v.get("target_group") is None and "target_group" not in row.bad_keys:
            row.problem("target_group", f"Tom: borgeren får «{DEFAULT_TARGET_GROUP.label}».", blocking=False)
        if "readiness" in row.by_key and v.get("readiness") is None and "readiness" not in row.bad_keys:
            row.problem("readiness", f"Tom: borgeren får «{DEFAULT_READINESS.label}».", blocking=False)
    _not_after_today(row, "opened_on", lookups, "Startdatoen")
    _not_after_today(row, "vk_requested_on", lookups, "Datoen for bestilling af VK")
    email = v.get("email")
    if email is not None and ("@" not in email or " " in email):
        row.problem("email", f"«{email}» ligner ikke en e-mailadresse; den importeres som skrevet.", blocking=False)
    postal = v.get("postal_code")
    if postal is not None and not (postal.isdigit() and len(postal) == 4):
        row.problem(
            "postal_code",
            f"«{postal}» er ikke et dansk postnummer (4 cifre); det importeres som skrevet.",
            blocking=False,
        )
    return Record(row.number, v, existing)


def _company_of(row: _Row, lookups: Lookups, plan: ImportPlan) -> tuple[uuid.UUID | None, str | None]:
    """The company a placement names: by CVR, else by name; a name not found is a new company."""
    cvr, name = row.values.get("company_cvr"), row.values.get("company")
    if cvr is not None and cvr in lookups.companies_by_cvr:
        return lookups.companies_by_cvr[cvr], None
    if name is not None and fold(name) in lookups.companies_by_name:
        return lookups.companies_by_name[fold(name)], None
    if name is None:
        if cvr is not None:
            row.problem("company_cvr", f"Ingen virksomhed har CVR-nummeret {cvr}; skriv også virksomhedens navn.")
        elif "company_cvr" not in row.values:
            row.problem("company", "Virksomheden mangler.")
        return None, None
    if fold(name) not in plan.new_company_keys:
        plan.new_company_keys.add(fold(name))
        plan.new_companies.append(name)
        row.problem("company", f"«{name}» findes ikke i stvdesk og oprettes som ny virksomhed.", blocking=False)
    return None, name


def _placement(row: _Row, lookups: Lookups, seen: dict[Any, int], plan: ImportPlan) -> Record | None:
    v = row.values
    cpr = _cpr(row)
    citizen_id = _known_citizen(row, lookups, cpr) if cpr else None
    if citizen_id is None:
        return None
    company_id, new_name = _company_of(row, lookups, plan)
    start = v.get("start_on")
    if start is None:
        if "start_on" not in row.bad_keys:
            row.problem("start_on", "Startdatoen mangler.")
        return None
    if company_id is None and new_name is None:
        return None
    existing = lookups.placements.get((citizen_id, company_id, start)) if company_id else None
    company_key = company_id or fold(new_name)
    if not _once(row, seen, (citizen_id, company_key, start), "start_on", "Samme borger, virksomhed og startdato"):
        return None
    if existing is None and v.get("kind") is None and "kind" not in row.bad_keys:
        row.problem("kind", "Forløbstypen mangler (fx praktik eller løntilskud).")
    hours, ordinary = v.get("hours_per_week"), v.get("ordinary_hours_per_week")
    if hours is not None and ordinary is not None and ordinary > hours:
        row.problem(
            "ordinary_hours_per_week",
            f"{format_hours(ordinary)} ordinære timer er flere end timerne i alt ({format_hours(hours)}).",
        )
    for key, what in (("planned_end_on", "Den forventede slutdato"), ("ended_on", "Slutdatoen")):
        end = v.get(key)
        if end is not None and end < start:
            row.problem(key, f"{what} {end:%d-%m-%Y} ligger før startdatoen {start:%d-%m-%Y}.")
    _not_after_today(row, "ended_on", lookups, "Slutdatoen")
    v["citizen_id"], v["company_id"], v["new_company"] = citizen_id, company_id, new_name
    return Record(row.number, v, existing)


def _company(row: _Row, lookups: Lookups, seen: dict[Any, int], plan: ImportPlan) -> Record | None:
    v = row.values
    name, cvr = v.get("name"), v.get("cvr")
    existing = (lookups.companies_by_cvr.get(cvr) if cvr else None) or (
        lookups.companies_by_name.get(fold(name)) if name else None
    )
    if name is None and existing is None:
        if "name" not in row.bad_keys:
            row.problem("name", "Virksomhedens navn mangler.")
        return None
    key = cvr or fold(name)
    if not _once(row, seen, key, "cvr" if cvr else "name", f"Virksomheden {'med CVR ' + cvr if cvr else name}"):
        return None
    return Record(row.number, v, existing)


def _follow_up(row: _Row, lookups: Lookups, seen: dict[Any, int], plan: ImportPlan) -> Record | None:
    v = row.values
    cpr, due = _cpr(row), v.get("due_on")
    if due is None and "due_on" not in row.bad_keys:
        row.problem("due_on", "Datoen mangler.")
    citizen_id = _known_citizen(row, lookups, cpr) if cpr else None
    if citizen_id is None or due is None:
        return None
    kind = v.get("kind") or DEFAULT_FOLLOW_UP_KIND
    if not _once(row, seen, (citizen_id, kind, due), "due_on", "Samme borger, art og dato"):
        return None
    _not_after_today(row, "held_on", lookups, "Afholdt-datoen")
    if not is_working_day(due) and v.get("held_on") is None:
        day = holiday_name(due) or (
            "en lørdag" if due.weekday() == 5 else "en søndag" if due.weekday() == 6 else "en fridag"
        )
        row.problem(
            "due_on",
            f"{due:%d-%m-%Y} er {day}; opfølgningen importeres på datoen – flyt den bagefter, "
            "hvis den skal ligge på en hverdag.",
            blocking=False,
        )
    v["citizen_id"], v["kind"] = citizen_id, kind
    v.setdefault("worker", lookups.importer_id)
    return Record(row.number, v, lookups.follow_ups.get((citizen_id, kind, due)))
