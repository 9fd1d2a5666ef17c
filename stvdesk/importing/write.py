"""Writing a checked import (stvdesk.importing.check) in one transaction: all rows or none.

Rows matched by the dry run are updated field by field (an empty cell never blanks a value),
the rest created. Each citizen touched gets a line in their history naming the file, so the
access log says where their data came from. New rows and history lines are written in bulk
(importing/batch.py) every FLUSH_EVERY records; matched rows are changed through their objects.
The caller's progress function is called as rows are written; raising from it (a cancel) rolls
everything back like any other error.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, select

from stvdesk.db.models import (
    Citizen,
    Company,
    CvStatus,
    FollowUp,
    Note,
    Placement,
    PlacementHours,
    Tracked,
    Worker,
    utcnow,
)
from stvdesk.db.queries.edits import Editor
from stvdesk.db.queries.phase import refresh_phases
from stvdesk.db.units import met_another_writer
from stvdesk.domain.cpr import birth_date
from stvdesk.domain.enums import (
    AuditAction,
    FollowUpStatus,
    PlacementEndReason,
    PlacementStatus,
    Role,
)
from stvdesk.domain.numbers import format_number
from stvdesk.domain.text import clean_text
from stvdesk.importing.batch import Batch
from stvdesk.importing.check import (
    DEFAULT_READINESS,
    DEFAULT_TARGET_GROUP,
    ImportPlan,
    Lookups,
    Record,
)
from stvdesk.importing.fields import ImportKind, fold

FLUSH_EVERY = 500
PROGRESS_STEPS = 50  # progress is told about 50 times, at most every 100 rows

Progress = Callable[[int, int], object]  # (rows done, rows in all); what it returns is not used


class ImportFailed(RuntimeError):
    """The import was rolled back; the message is Danish and says why. Clean: the database's
    reason may quote a value from the file, and the message is printed to a terminal."""

    def __init__(self, message: str) -> None:
        super().__init__(clean_text(message, multiline=True))


_Model = TypeVar("_Model", bound=SQLModel)


@dataclass
class ImportResult:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    companies_created: int = 0
    workers_created: int = 0

    def summary(self, kind: ImportKind) -> str:
        n = format_number
        line = (
            f"Importeret: {n(self.created)} nye {kind.label.lower()}, {n(self.changed)} ændret, "
            f"{n(self.unchanged)} uændrede"
        )
        if self.companies_created:
            line += f", {n(self.companies_created)} nye virksomheder oprettet"
        if self.workers_created:
            line += f", {n(self.workers_created)} nye medarbejdere oprettet"
        return line + "."


def load_lookups(
    session: Session, importer_id: uuid.UUID, today: date, kind: ImportKind, *, create_workers: bool = False
) -> Lookups:
    """What the dry run compares the file with, in a handful of queries whatever the file's size."""
    importer = session.get(Worker, importer_id)
    lookups = Lookups(
        today=today,
        importer_id=importer_id,
        create_workers=create_workers,
        importer_is_caseworker=importer is not None and importer.role is Role.S,
    )
    for wid, initials, name in session.exec(
        select(Worker.id, Worker.initials, Worker.name).where(col(Worker.deleted_at).is_(None))
    ):
        lookups.workers.setdefault(fold(name), wid)
        lookups.workers[fold(initials)] = wid
    lookups.citizens = dict(
        session.exec(select(Citizen.cpr, Citizen.id).where(col(Citizen.deleted_at).is_(None))).all()
    )
    if kind in (ImportKind.PLACEMENTS, ImportKind.COMPANIES):
        for cid, name, cvr in session.exec(
            select(Company.id, Company.name, Company.cvr).where(col(Company.deleted_at).is_(None))
        ):
            lookups.companies_by_name.setdefault(fold(name), cid)
            if cvr:
                lookups.companies_by_cvr[cvr] = cid
    if kind is ImportKind.PLACEMENTS:
        for pid, citizen_id, company_id, start in session.exec(
            select(
                col(Placement.id), col(Placement.citizen_id), col(Placement.company_id), col(Placement.start_on)
            ).where(col(Placement.deleted_at).is_(None))
        ):
            lookups.placements[(citizen_id, company_id, start)] = pid
    if kind is ImportKind.FOLLOW_UPS:
        for fid, follow_up_citizen, fkind, due in session.exec(
            select(col(FollowUp.id), col(FollowUp.citizen_id), col(FollowUp.kind), col(FollowUp.due_on)).where(
                col(FollowUp.deleted_at).is_(None), col(FollowUp.citizen_id).is_not(None)
            )
        ):
            if follow_up_citizen is not None:  # the query leaves out company follow-ups
                lookups.follow_ups[(follow_up_citizen, fkind, due)] = fid
    return lookups


class _Writer:
    def __init__(self, session: Session, editor: Editor, lookups: Lookups, file_name: str) -> None:
        self.session, self.editor, self.lookups, self.file_name = session, editor, lookups, file_name
        self.new_companies: dict[str, uuid.UUID] = {}  # folded name → id, made by this import
        self.matched: dict[uuid.UUID, Any] = {}  # the rows the records match, loaded up front
        self.notes: set[tuple[uuid.UUID, str]] = set()  # the matched citizens' notes, and those written
        self.result = ImportResult()
        self.now = utcnow()  # the import's rows, new and changed, are stamped with when it began
        self.batch = Batch(session, self.now)
        self.phase_dirty: set[uuid.UUID] = set()

    def existing(self, model: type[_Model], row_id: uuid.UUID | None) -> _Model:
        """The row a record matched when the file was checked: loaded up front, or now."""
        row = self.matched.get(row_id) if row_id is not None else None
        row = row or (self.session.get(model, row_id) if row_id is not None else None)
        if row is None:  # deleted since the check (on another desk): a Danish reason, not a crash
            raise ValueError("rækken i databasen, som den svarer til, findes ikke længere")
        return row

    def history(self, citizen_id: uuid.UUID, text: str) -> None:
        self.batch.log(
            at=utcnow(),
            worker_id=self.editor.worker_id,
            device=self.editor.device,
            action=AuditAction.CHANGE,
            citizen_id=citizen_id,
            criterion=f"{text} (import fra {self.file_name})",
        )

    def apply(self, row: Any, values: dict[str, Any]) -> list[str]:
        """Set the values given (None: the cell was empty, keep what is stored); the fields changed."""
        changed = [key for key, value in values.items() if value is not None and getattr(row, key) != value]
        for key in changed:
            setattr(row, key, values[key])
        if changed:
            row.updated_at, row.updated_by = self.now, self.editor.worker_id
        return changed

    def tally(self, changed: bool) -> None:
        """A matched row: counted once, as changed or unchanged."""
        if changed:
            self.result.changed += 1
        else:
            self.result.unchanged += 1

    # --- one method per kind -------------------------------------------------------------------

    def citizen(self, record: Record) -> None:
        v = record.values
        values: dict[str, Any] = {
            key: v.get(key)
            for key in (
                "first_name",
                "last_name",
                "phone",
                "email",
                "address",
                "postal_code",
                "city",
                "target_group",
                "readiness",
                "opened_on",
                "vk_requested_on",
                "first_vk_meeting_on",
            )
        }
        values["caseworker_id"], values["consultant_id"] = v.get("caseworker"), v.get("consultant")
        if record.existing_id is None:
            caseworker = values["caseworker_id"] or (
                self.editor.worker_id if self.lookups.importer_is_caseworker else None
            )
            citizen = self.batch.add(
                Citizen,
                cpr=v["cpr"],
                birth_date=birth_date(v["cpr"]),
                first_name=values["first_name"],
                last_name=values["last_name"],
                phone=values["phone"] or "",
                email=values["email"] or "",
                address=values["address"] or "",
                postal_code=values["postal_code"] or "",
                city=values["city"] or "",
                target_group=values["target_group"] or DEFAULT_TARGET_GROUP,
                readiness=values["readiness"] or DEFAULT_READINESS,
                caseworker_id=caseworker,
                consultant_id=values["consultant_id"],
                opened_on=values["opened_on"] or self.editor.today,
                vk_requested_on=values["vk_requested_on"],
                first_vk_meeting_on=values["first_vk_meeting_on"],
                updated_by=self.editor.worker_id,
            )
            self.batch.add(CvStatus, citizen_id=citizen["id"], updated_by=self.editor.worker_id)
            self.history(citizen["id"], "Borger oprettet")
            self.note(citizen["id"], v.get("note"))
            self.result.created += 1
            return
        known = self.existing(Citizen, record.existing_id)
        changed = self.apply(known, values)
        noted = self.note(known.id, v.get("note"))
        self.tally(bool(changed) or noted)
        if changed:
            self.history(known.id, "Stamdata ændret: " + ", ".join(changed))
            if "consultant_id" in changed:
                self.phase_dirty.add(known.id)

    def note(self, citizen_id: uuid.UUID, text: str | None) -> bool:
        """The file's remark as a journal note, once: a note with the same text is not written again."""
        if not text or (citizen_id, text) in self.notes:
            return False
        self.notes.add((citizen_id, text))
        self.batch.add(
            Note, citizen_id=citizen_id, worker_id=self.editor.worker_id, text=text, updated_by=self.editor.worker_id
        )
        self.history(citizen_id, "Journalnotat skrevet")
        return True

    def company_for(self, record: Record) -> uuid.UUID:
        v = record.values
        known: uuid.UUID | None = v["company_id"]
        if known is not None:
            return known
        key = fold(v["new_company"])
        made = self.new_companies.get(key)
        if made is None:
            company = self.batch.add(
                Company, name=v["new_company"], cvr=v.get("company_cvr"), updated_by=self.editor.worker_id
            )
            made = self.new_companies[key] = company["id"]
            self.result.companies_created += 1
        return made

    def placement(self, record: Record) -> None:
        v = record.values
        company_id = self.company_for(record)
        ended = v.get("ended_on")
        values: dict[str, Any] = {
            key: v.get(key)
            for key in (
                "kind",
                "purpose",
                "tasks",
                "hours_per_week",
                "ordinary_hours_per_week",
                "start_on",
                "planned_end_on",
                "ended_on",
            )
        }
        self.phase_dirty.add(v["citizen_id"])
        if record.existing_id is None:
            status = (
                PlacementStatus.ENDED
                if ended
                else PlacementStatus.ACTIVE
                if v["start_on"] <= self.editor.today
                else PlacementStatus.PLANNED
            )
            placement = self.batch.add(
                Placement,
                citizen_id=v["citizen_id"],
                company_id=company_id,
                kind=values["kind"],
                purpose=values["purpose"] or "",
                tasks=values["tasks"] or "",
                hours_per_week=values["hours_per_week"] or 0,
                ordinary_hours_per_week=values["ordinary_hours_per_week"] or 0,
                start_on=v["start_on"],
                planned_end_on=values["planned_end_on"],
                ended_on=ended,
                status=status,
                end_reason=PlacementEndReason.OTHER if ended else None,
                updated_by=self.editor.worker_id,
            )
            self.batch.add(
                PlacementHours,
                placement_id=placement["id"],
                effective_on=v["start_on"],
                hours_per_week=placement["hours_per_week"],
                ordinary_hours_per_week=placement["ordinary_hours_per_week"],
                updated_by=self.editor.worker_id,
            )
            self.history(v["citizen_id"], f"{placement['kind'].label} fra {v['start_on']:%d-%m-%Y} oprettet")
            self.result.created += 1
            return
        known = self.existing(Placement, record.existing_id)
        if ended and known.status is not PlacementStatus.ENDED:
            values["status"], values["end_reason"] = (
                PlacementStatus.ENDED,
                known.end_reason or PlacementEndReason.OTHER,
            )
        changed = self.apply(known, values)
        self.tally(bool(changed))
        if {"hours_per_week", "ordinary_hours_per_week"} & set(changed):
            self.batch.add(
                PlacementHours,
                placement_id=known.id,
                effective_on=max(self.editor.today, known.start_on),
                hours_per_week=known.hours_per_week,
                ordinary_hours_per_week=known.ordinary_hours_per_week,
                updated_by=self.editor.worker_id,
            )
        if changed:
            self.history(v["citizen_id"], f"Forløb fra {known.start_on:%d-%m-%Y} ændret: " + ", ".join(changed))

    def company(self, record: Record) -> None:
        v = record.values
        values: dict[str, Any] = {
            key: v.get(key) for key in ("name", "cvr", "industry", "address", "postal_code", "city", "phone", "notes")
        }
        values["owner_id"] = v.get("owner")
        if record.existing_id is None:
            fields: dict[str, Any] = {
                k: (val if val is not None else ("" if k not in ("cvr", "owner_id") else None))
                for k, val in values.items()
            }
            self.batch.add(Company, **fields, updated_by=self.editor.worker_id)
            self.result.created += 1
            return
        self.tally(bool(self.apply(self.existing(Company, record.existing_id), values)))

    def follow_up(self, record: Record) -> None:
        v = record.values
        held = v.get("held_on")
        values = {"worker_id": v.get("worker"), "note": v.get("note"), "held_on": held}
        if held is not None:
            values["status"] = FollowUpStatus.HELD
        if record.existing_id is None:
            self.batch.add(
                FollowUp,
                citizen_id=v["citizen_id"],
                worker_id=v["worker"],
                kind=v["kind"],
                due_on=v["due_on"],
                status=FollowUpStatus.HELD if held else FollowUpStatus.PLANNED,
                held_on=held,
                note=v.get("note") or "",
                updated_by=self.editor.worker_id,
            )
            self.history(v["citizen_id"], f"{v['kind'].label} {v['due_on']:%d-%m-%Y} planlagt")
            self.result.created += 1
            return
        follow_up = self.existing(FollowUp, record.existing_id)
        changed = self.apply(follow_up, values)
        self.tally(bool(changed))
        if changed:
            self.history(v["citizen_id"], f"{v['kind'].label} {v['due_on']:%d-%m-%Y} ændret: " + ", ".join(changed))


def apply_plan(
    session: Session,
    plan: ImportPlan,
    editor: Editor,
    lookups: Lookups,
    *,
    file_name: str,
    progress: Progress | None = None,
    skip_errors: bool = False,
) -> ImportResult:
    """Write every record of a plan, then commit once; on any error roll back and raise
    ImportFailed. A plan with errors is refused, unless `skip_errors` (the user chose to leave the
    rows with errors out: those rows are not among the records)."""
    if not plan.can_import(skip_errors=skip_errors):
        if plan.errors:
            raise ImportFailed(f"Filen har {len(plan.errors)} fejl; intet er importeret. Ret dem og prøv igen.")
        raise ImportFailed("Filen har ingen rækker at importere.")
    writer = _Writer(session, editor, lookups, file_name)
    write = {
        ImportKind.CITIZENS: writer.citizen,
        ImportKind.PLACEMENTS: writer.placement,
        ImportKind.COMPANIES: writer.company,
        ImportKind.FOLLOW_UPS: writer.follow_up,
    }[plan.kind]
    total = len(plan.records)
    every = max(1, min(100, total // PROGRESS_STEPS))
    models: dict[ImportKind, type[Tracked]] = {
        ImportKind.CITIZENS: Citizen,
        ImportKind.PLACEMENTS: Placement,
        ImportKind.COMPANIES: Company,
        ImportKind.FOLLOW_UPS: FollowUp,
    }
    model = models[plan.kind]
    try:
        try:
            _add_workers(session, plan, lookups, editor)
        except sa.exc.SQLAlchemyError as exc:
            raise ImportFailed(
                f"De nye medarbejdere kunne ikke oprettes: {_reason(exc)}. Intet er importeret."
            ) from exc
        matched = [r.existing_id for r in plan.records if r.existing_id is not None]
        writer.matched = _preload(session, model, matched)
        if plan.kind is ImportKind.CITIZENS:
            writer.notes = _notes_of(session, matched)
        for done, record in enumerate(plan.records, start=1):
            try:
                write(record)
            except (sa.exc.SQLAlchemyError, ValueError) as exc:
                raise ImportFailed(
                    f"Række {record.row} kunne ikke gemmes: {_reason(exc)}. Intet er importeret."
                ) from exc
            if done % FLUSH_EVERY == 0:
                try:
                    writer.batch.write()
                except sa.exc.SQLAlchemyError as exc:
                    raise ImportFailed(
                        f"Rækkerne op til {record.row} kunne ikke gemmes: {_reason(exc)}. Intet er importeret."
                    ) from exc
            if progress is not None and (done % every == 0 or done == total):
                progress(done, total)
        try:
            writer.batch.write()
            refresh_phases(session, writer.phase_dirty, editor.today)
            session.commit()
        except sa.exc.SQLAlchemyError as exc:
            raise ImportFailed(f"Importen kunne ikke gemmes: {_reason(exc)}. Intet er importeret.") from exc
    except BaseException as exc:
        session.rollback()
        if isinstance(exc, ImportFailed) and isinstance(exc.__cause__, Exception) and met_another_writer(exc):
            # Another save met this one in the file: not the rows' fault, and the desk runs the
            # whole import again (db/units.py), where a refusal in words would end it.
            raise exc.__cause__ from None
        raise
    writer.result.workers_created = len(plan.new_workers)
    return writer.result


def _add_workers(session: Session, plan: ImportPlan, lookups: Lookups, editor: Editor) -> None:
    """The colleagues the file names whom stvdesk did not know, in the importer's team, in the
    same transaction as the rows that point at them (their names are their initials until edited)."""
    if not plan.new_workers:
        return
    from stvdesk.sync.capture import syncs

    if syncs(session.get_bind().engine):
        # Workers only come down to a laptop; one made here would never reach the server.
        raise ImportFailed(
            "På en bærbar, der synkroniserer, kan importen ikke oprette medarbejdere: opret dem på "
            "teamets server, synkronisér, og importér igen. Intet er importeret."
        )
    importer = session.get(Worker, lookups.importer_id)
    for new in plan.new_workers:
        session.add(
            Worker(
                id=new.id,
                initials=new.initials,
                name=new.initials,
                role=new.role,
                team_id=importer.team_id if importer else None,
                updated_by=editor.worker_id,
            )
        )
    session.flush()


def _preload(session: Session, model: type[Tracked], ids: list[uuid.UUID], chunk: int = 500) -> dict[uuid.UUID, Any]:
    """The matched rows, loaded in a few queries instead of one per record (and held here: the
    session's identity map alone would let them go)."""
    rows: dict[uuid.UUID, Any] = {}
    for start in range(0, len(ids), chunk):
        rows.update(
            (row.id, row) for row in session.exec(select(model).where(col(model.id).in_(ids[start : start + chunk])))
        )
    return rows


def _notes_of(session: Session, citizen_ids: list[uuid.UUID], chunk: int = 500) -> set[tuple[uuid.UUID, str]]:
    """The live journal notes of the citizens a file matches, (citizen, text), in a few queries:
    a remark already noted is not written again."""
    found: set[tuple[uuid.UUID, str]] = set()
    for start in range(0, len(citizen_ids), chunk):
        found.update(
            session.exec(
                select(Note.citizen_id, Note.text).where(
                    col(Note.citizen_id).in_(citizen_ids[start : start + chunk]), col(Note.deleted_at).is_(None)
                )
            ).all()
        )
    return found


def _reason(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).splitlines()[0]
    if "cpr" in text.lower() and ("unique" in text.lower() or "duplicate" in text.lower()):
        return "en borger med samme CPR-nummer findes allerede (måske i en anden sagsstamme, du ikke kan se)"
    if "permission denied" in text and "worker" in text:
        return "dit login på serveren må ikke oprette medarbejdere; bed teamets leder oprette dem"
    if "row-level security" in text:
        return "databasen tillader dig ikke at skrive denne borger (ikke i din sagsstamme)"
    if "ordinary_within_hours" in text:
        return "ordinære timer er flere end timerne i alt"
    if "cvr" in text.lower() and ("unique" in text.lower() or "duplicate" in text.lower()):
        return "en anden virksomhed har allerede dette CVR-nummer"
    return text
