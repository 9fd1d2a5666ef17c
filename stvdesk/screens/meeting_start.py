"""The form that starts a meeting for a citizen, from the file, Min dag or the agenda.

It asks for the guide, the kind of meeting, date and time, form, place and who takes part;
the guide proposed first fits the follow-up it is started from and the citizen's phase.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from stvdesk.db.queries.edits import EditError, Editor
from stvdesk.db.queries.meetings import meeting_start, start_meeting
from stvdesk.domain.calendar import format_date
from stvdesk.domain.enums import ContactForm, FollowUpKind
from stvdesk.domain.parse import parse_date, parse_time
from stvdesk.widgets.form import FieldSpec, FormModal

if TYPE_CHECKING:
    from stvdesk.screens.base import DeskScreen

_FORM_FOR_KIND = {
    FollowUpKind.PHONE: ContactForm.PHONE,
    FollowUpKind.AFTERCARE: ContactForm.PHONE,
    FollowUpKind.COMPANY_VISIT: ContactForm.COMPANY_VISIT,
    FollowUpKind.PLACEMENT_FOLLOW_UP: ContactForm.COMPANY_VISIT,
}


def open_start_form(screen: DeskScreen, citizen_id: uuid.UUID, follow_up_id: uuid.UUID | None = None) -> None:
    desk = screen.desk
    start = desk.query(lambda s: meeting_start(s, citizen_id, follow_up_id))
    if start is None:
        screen.notify("Borgeren findes ikke længere.", severity="error")
        return
    library = screen.stv_app.guide_library()
    follow_up = start.follow_up
    guides = library.suggest(follow_up.kind if follow_up else None, start.phase)
    if not guides:
        screen.notify("Der er ingen dialogguider indlæst – se Dialogguider (F7).", severity="error")
        return
    today = desk.clock.today()
    day = follow_up.due_on if follow_up and follow_up.due_on >= today else today
    kind = follow_up.kind if follow_up else (guides[0].meeting_kind or FollowUpKind.CONVERSATION)
    consultant = start.consultant.id if start.consultant else None
    contact_choices = [("Ingen", None)]
    contact_owner: dict[uuid.UUID, uuid.UUID] = {}
    for placement in start.placements:
        company = placement.label.split(" – ")[0]
        for contact in start.contacts.get(placement.id, []):
            contact_choices.append((f"{contact.label} – {company}", contact.id))
            contact_owner[contact.id] = placement.id

    def check(v: dict) -> dict[str, str]:
        contact = v["contact"]
        if contact is not None and contact_owner.get(contact) != v["placement"]:
            return {"contact": "Kontaktpersonen hører til en anden virksomhed end det valgte forløb."}
        return {}

    created: dict[str, uuid.UUID] = {}

    def submit(v: dict) -> str | None:
        guide = next(g for g in guides if g.id == v["guide"])
        editor = Editor(worker_id=desk.worker.id, today=today)
        try:
            meeting = desk.query(
                lambda s: start_meeting(
                    s,
                    editor,
                    citizen_id=citizen_id,
                    guide=guide,
                    kind=v["kind"],
                    planned_on=v["planned_on"],
                    start_time=v["start_time"],
                    form=v["form"],
                    place=v["place"],
                    caseworker_id=start.caseworker.id if start.caseworker else None,
                    consultant_id=v["consultant"],
                    placement_id=v["placement"],
                    company_contact_id=v["contact"],
                    citizen_present=v["citizen_present"],
                    follow_up_id=follow_up.id if follow_up else None,
                )
            )
        except EditError as exc:
            return str(exc)
        created["id"] = meeting.id
        return None

    def closed(values: dict | None) -> None:
        if values is not None and "id" in created:
            screen.stv_app.open_meeting(created["id"])

    intro = f"Borger: {start.citizen_name} · sagsbehandler: {start.caseworker.label if start.caseworker else '–'}"
    if follow_up is not None:
        intro += (
            f"\nHolder den planlagte {follow_up.kind.label.lower()} {format_date(follow_up.due_on)}: "
            "den markeres afholdt, når mødet afsluttes."
        )
    screen.app.push_screen(
        FormModal(
            "Nyt møde",
            [
                FieldSpec(
                    "guide",
                    "Dialogguide",
                    kind="choice",
                    value=guides[0].id,
                    choices=[(f"{g.title} ({g.audience_label.lower()})", g.id) for g in guides],
                ),
                FieldSpec(
                    "kind", "Mødets art", kind="choice", value=kind, choices=[(k.label, k) for k in FollowUpKind]
                ),
                FieldSpec(
                    "planned_on",
                    "Dato",
                    value=format_date(day),
                    required=True,
                    parse=lambda t: parse_date(t, today=today),
                ),
                FieldSpec("start_time", "Klokken", placeholder="fx 10:00", parse=parse_time),
                FieldSpec(
                    "form",
                    "Form",
                    kind="choice",
                    value=_FORM_FOR_KIND.get(kind, ContactForm.IN_PERSON),
                    choices=[(f.label, f) for f in ContactForm],
                ),
                FieldSpec("place", "Sted", placeholder="fx Jobcentret, mødelokale 2"),
                FieldSpec(
                    "consultant",
                    "Virksomhedskonsulent (VK)",
                    kind="choice",
                    value=consultant,
                    choices=[("Ingen VK med", None), *[(c.label, c.id) for c in start.consultants]],
                ),
                FieldSpec(
                    "placement",
                    "Forløb",
                    kind="choice",
                    value=start.placements[0].id if start.placements else None,
                    choices=[("Intet forløb", None), *[(p.label, p.id) for p in start.placements]],
                ),
                FieldSpec(
                    "contact", "Kontaktperson i virksomheden", kind="choice", value=None, choices=contact_choices
                ),
                FieldSpec("citizen_present", "Borgeren deltager", kind="bool", value=True),
            ],
            submit,
            check,
            intro=intro,
        ),
        closed,
    )
