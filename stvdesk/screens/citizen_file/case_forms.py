"""The two forms that change a case as a whole, from Overblik: handing it over (o) and closing it
(l). Each keeps its fields in step with the choice made in it: the workers of the role chosen
come first, and closing for anything but an ordinary job offers no aftercare and no job."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from textual import on
from textual.widgets import Checkbox, Select

from stvdesk.db.queries.workers import WorkerInfo
from stvdesk.domain.closing import offers_aftercare
from stvdesk.domain.enums import CaseCloseReason, Role
from stvdesk.widgets.form import CrossCheck, FieldSpec, FormModal, Submit

ROLES = [("Sagsbehandler (S)", "S"), ("Virksomhedskonsulent (VK)", "VK")]


def workers_for_role(
    workers: Sequence[WorkerInfo], role: str, current: uuid.UUID | None
) -> tuple[list[tuple[str, uuid.UUID]], uuid.UUID | None]:
    """The team's S and VK as choices, those of `role` first, and the one to propose: the first
    of that role who does not hold the case already (None when the role has nobody else)."""
    wanted = Role(role)
    shown = [w for w in workers if w.role in (Role.S, Role.VK)]
    shown.sort(key=lambda w: w.role is not wanted)  # stable: the team's order within each role
    people = [(f"{w.name} ({w.initials}) – {w.role.label}", w.id) for w in shown]
    proposed = next((w.id for w in shown if w.role is wanted and w.id != current), None)
    return people, proposed


class HandoverForm(FormModal):
    """Omfordel sag: choosing the role reorders the workers and proposes one of that role."""

    def __init__(
        self,
        workers: Sequence[WorkerInfo],
        holders: dict[str, uuid.UUID | None],
        submit: Submit,
        intro: str,
    ) -> None:
        self.team, self.holders = list(workers), holders
        people, proposed = workers_for_role(self.team, "S", holders.get("S"))
        super().__init__(
            "Omfordel sag",
            [
                FieldSpec("role", "Hvilken rolle", kind="choice", value="S", choices=ROLES),
                FieldSpec(
                    "new_worker", "Ny medarbejder", kind="choice", value=proposed or _first(people), choices=people
                ),
                FieldSpec(
                    "open_items_to",
                    "Åbne opfølgninger og aftaler går til",
                    kind="choice",
                    value=None,
                    choices=[("Den nye medarbejder", None), *people],
                ),
            ],
            submit,
            intro=intro,
        )

    @on(Select.Changed, "#f-role")
    def _role_chosen(self, event: Select.Changed) -> None:
        role = str(event.value)
        people, proposed = workers_for_role(self.team, role, self.holders.get(role))
        field: Select[Any] = self.query_one("#f-new_worker", Select)
        field.set_options(people)
        chosen = proposed or _first(people)
        if chosen is not None:
            field.value = chosen


def _first(people: list[tuple[str, uuid.UUID]]) -> uuid.UUID | None:
    return people[0][1] if people else None


class CloseForm(FormModal):
    """Luk sag: aftercare and the job are offered only for an ordinary job (the tick-box is
    unticked and disabled for any other reason, so no form says calls it will not plan)."""

    def __init__(self, fields: list[FieldSpec], submit: Submit, check: CrossCheck, intro: str) -> None:
        super().__init__("Luk sag", fields, submit, check, intro)

    def on_mount(self) -> None:
        self._follow_reason(self.query_one("#f-reason", Select).value)

    @on(Select.Changed, "#f-reason")
    def _reason_chosen(self, event: Select.Changed) -> None:
        self._follow_reason(event.value)

    def _follow_reason(self, reason: object) -> None:
        job = isinstance(reason, CaseCloseReason) and offers_aftercare(reason)
        aftercare = self.query_one("#f-aftercare", Checkbox)
        if not job:
            aftercare.value = False
        elif aftercare.disabled:  # back to an ordinary job: the calls are proposed again
            aftercare.value = True
        aftercare.disabled = not job
        for job_field in self.query("#f-job_from").results(Select):
            job_field.disabled = not job
        for employer in self.query("#f-employer").results(Checkbox):
            if not job:
                employer.value = False
            elif employer.disabled:
                employer.value = True
            employer.disabled = not job


def close_values(values: dict[str, Any]) -> tuple[bool, uuid.UUID | None, bool]:
    """What the close form's values ask of `close_case`: aftercare, the placement that became the
    job, whether the open sub-goals close. Only an ordinary job brings aftercare or a job."""
    job = offers_aftercare(values["reason"])
    return (
        job and bool(values.get("aftercare")),
        values.get("job_from") if job else None,
        bool(values.get("steps", True)),
    )


def employer_calls_wanted(values: dict[str, Any]) -> bool:
    """Whether the close form asks for the consultant's calls to the employer: an ordinary job at
    the company of a running placement, with the tick-box ticked (002, table 5-1, Efterværn)."""
    return offers_aftercare(values["reason"]) and bool(values.get("employer")) and values.get("job_from") is not None
