"""One call per list export, shared by `stvdesk export` and the desk: read, write the file, log
it. Each citizen in the file is one access-log event (EXPORT, with the file's name and the
filter as the criterion); a list without citizens is one event."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlmodel import Session

from stvdesk import settings
from stvdesk.db.audit import log_access, log_citizens_out
from stvdesk.db.queries.caseload_list import CaseloadFilter, Scope, Viewer
from stvdesk.db.queries.exports import caseload_export, company_export, placement_export
from stvdesk.domain.enums import AuditAction
from stvdesk.export import tables

#: How a file names the caseload it lists.
SCOPE_WORDS = {Scope.MINE: "min sagsstamme", Scope.TEAM: "teamets", Scope.WORKER: "en medarbejders", Scope.ALL: "alle"}


class ExportError(ValueError):
    """A file that could not be written, said in Danish; nothing was logged."""


def filter_words(criteria: CaseloadFilter) -> list[str]:
    """The active filters in Danish: in a list's file, in its access-log lines and on the
    caseload's filter bar (the query layer names no filter in words)."""
    parts = []
    if criteria.readiness:
        parts.append(f"Parathed: {criteria.readiness.label}")
    if criteria.phase:
        parts.append(f"Fase: {criteria.phase.label}")
    if criteria.target_group:
        parts.append(f"Målgruppe: {criteria.target_group.label}")
    for flag, label in (
        (criteria.cv_missing, "CV mangler"),
        (criteria.no_abc, "Ingen ABC-plan"),
        (criteria.overdue, "Forfaldne"),
        (criteria.in_placement, "I forløb"),
        (criteria.no_ordinary_hours, "Forløb uden ordinære timer"),
    ):
        if flag:
            parts.append(label)
    return parts


@dataclass(frozen=True)
class Written:
    path: Path
    rows: int


def default_name(stem: str, today: date, fmt: str, redacted: bool) -> str:
    return f"{stem}-{today:%Y%m%d}{'-anonym' if redacted else ''}.{fmt}"


def free_path(folder: Path, name: str) -> Path:
    """`folder/name`, or name-2, name-3 … when a file of that name is there already (a second
    export the same day must not overwrite the first, which may be in use)."""
    path = folder / name
    stem, suffix, n = path.stem, path.suffix, 2
    while path.exists():
        path = folder / f"{stem}-{n}{suffix}"
        n += 1
    return path


@contextmanager
def kept_if_logged(path: Path) -> Iterator[None]:
    """The file written at `path` inside the block stays only if the block ends well, i.e. its
    export is logged: a citizen's data is never left on disk where the access log does not say
    so (the desk then runs the export again, db/units.py, or says why it failed)."""
    try:
        yield
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _finish(
    session: Session, worker_id: uuid.UUID, table: tables.ExportTable, path: Path, fmt: str, redacted: bool
) -> Written:
    criterion = f"{table.title}, {path.name}" + (" (anonymiseret)" if redacted else "")
    with kept_if_logged(path):
        tables.write(path, table, fmt)
        if table.citizen_ids:
            log_citizens_out(
                session,
                worker_id=worker_id,
                action=AuditAction.EXPORT,
                citizen_ids=table.citizen_ids,
                criterion=criterion,
            )
        else:
            log_access(session, worker_id=worker_id, action=AuditAction.EXPORT, criterion=criterion)
    return Written(path, len(table.rows))


def export_caseload(
    session: Session,
    *,
    worker_id: uuid.UUID,
    viewer: Viewer,
    criteria: CaseloadFilter,
    today: date,
    fmt: str,
    redacted: bool,
    path: Path,
) -> Written:
    scope = SCOPE_WORDS[criteria.scope]
    described = ", ".join(
        [scope, *([f"søgning «{criteria.search}»"] if criteria.search else []), *filter_words(criteria)]
    )
    rows = caseload_export(session, criteria, viewer, today)
    return _finish(
        session, worker_id, tables.caseload_table(rows, redacted=redacted, described=described), path, fmt, redacted
    )


def export_caseload_file(
    session: Session,
    *,
    worker_id: uuid.UUID,
    viewer: Viewer,
    criteria: CaseloadFilter,
    today: date,
    fmt: str,
    redacted: bool,
) -> Written:
    """The caseload as filtered, to a new csv/xlsx file in the export folder (what the desk's
    export key writes); each citizen in it logged. A file that cannot be written is an
    ExportError, and then nothing is logged."""
    try:
        folder = settings.export_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = free_path(folder, default_name("sagsstamme", today, fmt, redacted))
        return export_caseload(
            session,
            worker_id=worker_id,
            viewer=viewer,
            criteria=criteria,
            today=today,
            fmt=fmt,
            redacted=redacted,
            path=path,
        )
    except OSError as exc:
        raise ExportError(f"Filen kunne ikke skrives: {exc.strerror or exc}. Intet er logget.") from exc


def export_placements(
    session: Session,
    *,
    worker_id: uuid.UUID,
    viewer: Viewer,
    team: bool,
    include_ended: bool,
    fmt: str,
    redacted: bool,
    path: Path,
) -> Written:
    described = ("teamets" if team else "min sagsstamme") + (", også afsluttede" if include_ended else "")
    rows = placement_export(session, viewer, team=team, include_ended=include_ended)
    return _finish(
        session, worker_id, tables.placements_table(rows, redacted=redacted, described=described), path, fmt, redacted
    )


def export_companies(session: Session, *, worker_id: uuid.UUID, fmt: str, redacted: bool, path: Path) -> Written:
    return _finish(
        session, worker_id, tables.companies_table(company_export(session), redacted=redacted), path, fmt, redacted
    )
