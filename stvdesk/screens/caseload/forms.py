"""The caseload's forms: a new citizen, and looking a citizen up by a whole CPR number with a
purpose when they are outside one's reach. Reads run in a worker of the screen; saves in the
form's (or prompt's) own worker, whose closures use only the desk and values taken before."""

from __future__ import annotations

import dataclasses
import uuid
from typing import TYPE_CHECKING, Any

from stvdesk.db.audit import citizen_by_cpr
from stvdesk.db.queries.caseload import grant_access, within_reach
from stvdesk.db.queries.edits import Editor, create_citizen
from stvdesk.domain.cadence import Proposal, first_conversation
from stvdesk.domain.calendar import format_date
from stvdesk.domain.cpr import CprError, mask, parse_cpr
from stvdesk.domain.enums import Readiness, Role, TargetGroup
from stvdesk.domain.parse import ParseError, parse_due_date
from stvdesk.widgets.form import FieldSpec, FormModal
from stvdesk.widgets.modals import TextPromptModal

if TYPE_CHECKING:
    from stvdesk.screens.caseload.screen import CaseloadScreen


def new_citizen(screen: CaseloadScreen) -> None:
    worker = screen.desk.worker
    if worker is None:
        return
    desk = screen.desk
    today = desk.clock.today()
    editor = Editor(worker_id=worker.id, today=today)
    proposal = first_conversation(today, desk.settings.cadence_for(worker.team_name))
    created: list[uuid.UUID] = []

    def check(v: dict[str, Any]) -> dict[str, str]:
        if not v["first_conversation"]:
            return {}
        try:
            parse_due_date(v["first_conversation_on"], today)
        except ParseError as exc:
            return {"first_conversation_on": f"{exc} Fjern fluebenet for ingen samtale."}
        return {}

    def planned(v: dict[str, Any]) -> Proposal | None:
        """The first conversation on the date kept or typed; None: the worker declined it."""
        if not v["first_conversation"]:
            return None
        return dataclasses.replace(proposal, due=parse_due_date(v["first_conversation_on"], today))

    def submit(v: dict[str, Any]) -> str | None:
        citizen = desk.run(
            lambda s: create_citizen(
                s,
                editor,
                cpr=v["cpr"].formatted,
                first_name=v["first_name"],
                last_name=v["last_name"],
                target_group=v["target_group"],
                readiness=v["readiness"],
                caseworker_id=worker.id if worker.role is Role.S else None,
                first_conversation=planned(v),
                phone=v["phone"],
                email=v["email"],
            )
        )
        created.append(citizen.id)
        return None

    def closed(values: dict[str, Any] | None) -> None:
        if values is not None and created:
            if (first := planned(values)) is not None:
                screen.notify(f"Første samtale planlagt {format_date(first.due)}.", title="Ny borger")
            screen.reload()
            screen.stv_app.open_citizen(created[0], purpose="Ny borger oprettet")

    screen.app.push_screen(
        FormModal(
            "Ny borger",
            [
                FieldSpec("cpr", "CPR-nummer", required=True, parse=parse_cpr, placeholder="ddmmåå-xxxx"),
                FieldSpec("first_name", "Fornavn", required=True),
                FieldSpec("last_name", "Efternavn", required=True),
                FieldSpec(
                    "target_group",
                    "Målgruppe",
                    kind="choice",
                    value=TargetGroup.CASH_BENEFIT,
                    choices=[(t.label, t) for t in TargetGroup],
                ),
                FieldSpec(
                    "readiness",
                    "Parathed",
                    kind="choice",
                    value=Readiness.FAR,
                    choices=[(r.label, r) for r in Readiness],
                ),
                FieldSpec("phone", "Telefon"),
                FieldSpec("email", "Mail"),
                FieldSpec("first_conversation", "Planlæg første samtale", kind="bool", value=True),
                FieldSpec(
                    "first_conversation_on",
                    f"Dato · {proposal.rule}",
                    value=format_date(proposal.due),
                    placeholder="dd-mm-åååå",
                ),
            ],
            submit,
            check,
        ),
        closed,
    )


def whole_cpr_searched(screen: CaseloadScreen, text: str) -> None:
    """Enter after a whole CPR number: if that citizen is not in the list and not within one's
    reach, look them up with a purpose."""
    try:
        digits = parse_cpr(text.strip()).digits
    except CprError:
        return
    worker = screen.desk.worker
    if worker is None or (screen.page is not None and any(r.cpr == digits for r in screen.page.rows)):
        return

    def reachable(session: Any) -> bool:  # Any: screens name no SQL types (the layer rule)
        found = citizen_by_cpr(session, digits)  # on a team server: only what the login may see
        return found is not None and within_reach(session, worker.id, worker.role, worker.team_id, found.id)

    def checked(inside: bool) -> None:
        if not inside:
            look_up_with_purpose(screen, digits)

    screen.load(reachable, checked, group="caseload-cpr")


def look_up_with_purpose(screen: CaseloadScreen, digits: str) -> None:
    """A whole CPR number that the list does not show: the citizen is outside one's reach (on a
    team server one cannot even see them). With a purpose, today's access is granted and the
    file opens; the purpose is logged with the opening."""
    desk = screen.desk
    worker, today = desk.me, desk.clock.today()
    found: dict[str, uuid.UUID | None] = {}

    def submit(text: str) -> str | None:
        """In the prompt's worker: only the desk and the values taken above, never a widget."""
        found["id"] = desk.run(lambda s: grant_access(s, worker.id, digits, text, today))
        return None

    def given(text: str | None) -> None:
        if not text or not text.strip() or "id" not in found:
            return
        citizen_id = found["id"]
        if citizen_id is None:
            screen.notify("Der er ingen borger med dette CPR-nummer.", severity="warning")
            return
        screen.flush_search_log()
        screen.stv_app.open_citizen(citizen_id, purpose=text.strip())

    screen.app.push_screen(
        TextPromptModal(
            "Formål med opslaget",
            f"{mask(digits)} er ikke i listen her. Skriv hvorfor du slår borgeren op –\n"
            "formålet gemmes i logningen, og adgangen gælder i dag:",
            required_message="Skriv et formål, eller tryk Escape for at lade være.",
            submit=submit,
            unasked=True,
        ),
        given,
    )
