"""The caseload table's words: short labels for its columns' values, the columns with what each
sorts on, each sort in words, and one row's cells. The query layer returns values only."""

from __future__ import annotations

from datetime import date

from rich.text import Text

from stvdesk.db.queries.caseload_list import CaseloadRow, Scope, SortKey
from stvdesk.domain.cv import has_cv
from stvdesk.domain.enums import CvState, Phase, PlacementKind, Readiness, TargetGroup
from stvdesk.domain.numbers import format_hours, format_number
from stvdesk.domain.privacy import shown_cpr, shown_name
from stvdesk.widgets.fast_table import Col

TARGET_SHORT = {
    TargetGroup.CASH_BENEFIT: "Kontanth.",
    TargetGroup.EDUCATION_BENEFIT: "Udd.hjælp",
    TargetGroup.RESOURCE_COURSE: "Ressource",
    TargetGroup.JOB_CLARIFICATION: "Jobafkl.",
    TargetGroup.OTHER: "Andet",
}
PHASE_SHORT = {
    Phase.RELATIONSHIP: "Relation",
    Phase.JOB_PLAN: "Jobplan",
    Phase.MATCH: "Match",
    Phase.RETENTION: "Fasthold",
    Phase.PROGRESSION: "Progres.",
    Phase.AFTERCARE: "Efterv.",
}
READINESS_SHORT = {Readiness.READY: "Klar", Readiness.CLOSE: "Tæt på", Readiness.FAR: "Længere"}
CV_SHORT = {CvState.MISSING: "Mangler", CvState.STARTED: "Påbeg.", CvState.DONE: "Færdig", CvState.VISIBLE: "Synligt"}
PLACEMENT_SHORT = {
    PlacementKind.INTERNSHIP: "Prakt.",
    PlacementKind.WAGE_SUBSIDY: "Løntsk.",
    PlacementKind.ORDINARY_HOURS: "Ord.t.",
    PlacementKind.SMALL_JOB: "Småjob",
    PlacementKind.ORDINARY_JOB: "Job",
}

#: Each sort in words, for the filter bar ("Sorteret: Hast ↓").
SORT_LABEL = {
    SortKey.NAME: "Navn",
    SortKey.CPR: "CPR",
    SortKey.AGE: "Alder",
    SortKey.TARGET_GROUP: "Målgruppe",
    SortKey.PHASE: "Fase",
    SortKey.READINESS: "Parathed",
    SortKey.CASEWORKER: "S",
    SortKey.CONSULTANT: "VK",
    SortKey.CV: "CV",
    SortKey.ABC: "ABC",
    SortKey.NEXT_DUE: "Næste opfølgning",
    SortKey.PLACEMENT: "Forløb",
    SortKey.LAST_CONTACT: "Seneste kontakt",
    SortKey.URGENCY: "Hast",
}

#: The table's columns: what each sorts on, its heading and width.
COLUMNS: list[tuple[SortKey, str, int]] = [
    (SortKey.NAME, "Navn", 14),
    (SortKey.URGENCY, "Hast", 4),
    (SortKey.CPR, "CPR", 11),
    (SortKey.AGE, "År", 3),
    (SortKey.TARGET_GROUP, "Målgruppe", 9),
    (SortKey.PHASE, "Fase", 8),
    (SortKey.READINESS, "Parat", 7),
    (SortKey.CASEWORKER, "S/VK", 5),
    (SortKey.CV, "CV", 7),
    (SortKey.ABC, "ABC", 3),
    (SortKey.NEXT_DUE, "Næste", 5),
    (SortKey.PLACEMENT, "Forløb", 10),
    (SortKey.LAST_CONTACT, "Kont.", 5),
]


#: Who keeps a place when the terminal is narrow (widgets.fast_table.Col): the name, the urgency
#: and the next follow-up longest; at 80 columns the least used give way first.
PRIORITY = {
    SortKey.NAME: 9,
    SortKey.URGENCY: 8,
    SortKey.NEXT_DUE: 7,
    SortKey.CPR: 6,
    SortKey.PHASE: 5,
    SortKey.READINESS: 4,
    SortKey.PLACEMENT: 4,
    SortKey.CASEWORKER: 3,
    SortKey.TARGET_GROUP: 3,
    SortKey.LAST_CONTACT: 3,
    SortKey.CV: 2,
    SortKey.ABC: 2,
    SortKey.AGE: 1,
}
#: A name (with its ⚠) stays readable down to this width; it takes the spare width up to NAME_MAX.
NAME_MIN, NAME_MAX = 22, 32


def fitted_columns() -> list[Col]:
    """The table's columns as they share its width: each column's width from COLUMNS is its
    narrowest, the name's is NAME_MIN."""
    return [
        Col(
            label,
            key=key.code,
            min=NAME_MIN if key is SortKey.NAME else width,
            max=NAME_MAX if key is SortKey.NAME else None,
            priority=PRIORITY[key],
        )
        for key, label, width in COLUMNS
    ]


def default_sort(scope: Scope) -> tuple[SortKey, bool]:
    """Sort and direction when the user has not chosen one: urgency for a caseload; name order
    for all citizens, since ranking a whole jobcentre by urgency takes seconds."""
    return (SortKey.NAME, False) if scope is Scope.ALL else (SortKey.URGENCY, True)


def row_cells(row: CaseloadRow, today: date, privacy: bool) -> list[str | Text]:
    overdue = row.next_due is not None and row.next_due < today
    next_due = Text(
        row.next_due.strftime("%d-%m") if row.next_due else "ingen",
        style="bold red" if overdue else ("yellow" if row.next_due is None else ""),
    )
    if row.placement_kind:
        hours = f"{format_hours(row.ordinary_hours)}t" if row.ordinary_hours is not None else ""
        placement = Text(
            f"{PLACEMENT_SHORT[row.placement_kind]} {hours}", style="yellow" if row.ordinary_hours == 0 else ""
        )
    else:
        placement = Text("–", style="dim")
    contact = f"{(today - row.last_contact).days} d" if row.last_contact else "–"
    urgency = Text(
        format_number(row.urgency.total, 2),
        style="bold red" if row.urgency.total >= 40 else ("yellow" if row.urgency.total > 0 else "dim"),
    )
    phase: str | Text = PHASE_SHORT[row.phase] + ("*" if row.phase_overridden else "")
    if row.closed_on:
        phase = Text("Lukket", style="dim reverse")
    name = shown_name(row.name, privacy)
    return [
        Text(f"⚠ {name}", style="bold") if row.warnings else name,
        urgency,
        shown_cpr(row.cpr, privacy),
        str(row.age),
        TARGET_SHORT[row.target_group],
        phase,
        READINESS_SHORT[row.readiness],
        f"{row.caseworker}/{row.consultant}" if row.consultant else row.caseworker,
        Text(CV_SHORT[row.cv_state], style="" if has_cv(row.cv_state) else "yellow"),  # stvdesk.domain.cv
        "ja" if row.has_abc else Text("–", style="yellow"),
        next_due,
        placement,
        contact,
    ]
