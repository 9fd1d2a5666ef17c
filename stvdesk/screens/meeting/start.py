"""The form that starts a meeting for a citizen, from the file, Min dag or the agenda.

It asks for the guide, the kind of meeting, date and time, form, place and who takes part;
the guide proposed first fits the follow-up it is started from, else the citizen's situation
(`situation_kind`: the phase, and whether a placement is running or planned), then the phase.
The kind of meeting follows the guide chosen, and the form of contact the kind.
What it offers is read in a worker of the screen it is opened from; the form words it.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from textual import on
from textual.widgets import Select

from stvdesk.db.queries.edits import Editor
from stvdesk.db.queries.meetings import MeetingStart, StartWorker, meeting_start, start_meeting
from stvdesk.domain.calendar import format_date
from stvdesk.domain.enums import ContactForm, FollowUpKind, Phase
from stvdesk.domain.parse import parse_date, parse_time
from stvdesk.domain.privacy import shown_name
from stvdesk.screens.base import desk_app
from stvdesk.widgets.data_path import load_on
from stvdesk.widgets.form import FieldSpec, FormModal
from stvdesk.widgets.modals import ChoiceModal

if TYPE_CHECKING:
    from textual.dom import DOMNode

_FORM_FOR_KIND = {
    FollowUpKind.PHONE: ContactForm.PHONE,
    FollowUpKind.AFTERCARE: ContactForm.PHONE,
    FollowUpKind.COMPANY_VISIT: ContactForm.COMPANY_VISIT,
    FollowUpKind.PLACEMENT_FOLLOW_UP: ContactForm.COMPANY_VISIT,
}


def situation_kind(phase: Phase, has_placement: bool) -> FollowUpKind:
    """The kind of meeting a citizen's situation calls for, when no planned follow-up says so: with
    a placement running or planned in Match, Fastholdelse or Progression, a three-party meeting
    (the match meeting at the start; the follow-up during it); in Efterværn the aftercare call;
    else a conversation with the citizen. A meeting started from the citizen's file is with the
    citizen: a guide for the company alone ("Første samtale med en virksomhed") is no proposal for
    a citizen whose praktik has just started."""
    if phase is Phase.AFTERCARE:
        return FollowUpKind.AFTERCARE
    if has_placement and phase in (Phase.MATCH, Phase.RETENTION, Phase.PROGRESSION):
        return FollowUpKind.THREE_PARTY
    return FollowUpKind.CONVERSATION


class StartForm(FormModal):
    """The new meeting's form: choosing a guide sets the kind of meeting to the guide's, and a kind
    chosen sets the form of contact (a company visit is held at the company)."""

    def __init__(self, *args: Any, guide_kinds: dict[str, FollowUpKind | None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.guide_kinds = guide_kinds
        self._chosen: dict[str, object] = {}  # the value each Select had: a Changed on mount is no choice

    def on_mount(self) -> None:
        self._chosen = {name: self.query_one(f"#f-{name}", Select).value for name in ("guide", "kind")}

    @on(Select.Changed, "#f-guide")
    def _guide_chosen(self, event: Select.Changed) -> None:
        if self._chosen.get("guide") == event.value:
            return
        self._chosen["guide"] = event.value
        kind = self.guide_kinds.get(str(event.value))
        if kind is not None:
            self.query_one("#f-kind", Select).value = kind

    @on(Select.Changed, "#f-kind")
    def _kind_chosen(self, event: Select.Changed) -> None:
        if self._chosen.get("kind") == event.value or not isinstance(event.value, FollowUpKind):
            return
        self._chosen["kind"] = event.value
        self.query_one("#f-form", Select).value = _FORM_FOR_KIND.get(event.value, ContactForm.IN_PERSON)


def worker_label(worker: StartWorker) -> str:
    return f"{worker.name} ({worker.initials})"


def open_start_form(owner: DOMNode, citizen_id: uuid.UUID, follow_up_id: uuid.UUID | None = None) -> None:
    """Read what a meeting for the citizen can be set up with, then open the form over `owner`."""
    load_on(
        owner,
        lambda s: meeting_start(s, citizen_id, follow_up_id),
        lambda start: _start_form(owner, start),
        group="meeting-start",
        opens_dialog=True,
    )


def _start_form(owner: DOMNode, start: MeetingStart | None) -> None:
    if start is None:
        owner.app.notify("Borgeren findes ikke længere.", severity="error")
        return
    if start.in_progress:
        # Two meetings "I gang" with one citizen split the answers and agreements between them:
        # the one already running is offered first.
        meeting_id, day = start.in_progress[0]
        when = f" fra {format_date(day)}" if day else ""

        def chosen(resume: bool | None) -> None:
            if resume:
                desk_app(owner).open_meeting(meeting_id)
            elif resume is False:
                _new_meeting_form(owner, start)

        owner.app.push_screen(
            ChoiceModal(
                "Der er allerede et møde i gang med borgeren",
                [(f"Fortsæt mødet{when}", True), ("Start et nyt møde", False)],
            ),
            chosen,
        )
        return
    _new_meeting_form(owner, start)


def _new_meeting_form(owner: DOMNode, start: MeetingStart) -> None:
    shell = desk_app(owner)
    follow_up = start.follow_up
    wanted = follow_up.kind if follow_up else situation_kind(start.phase, bool(start.placements))
    guides = shell.guide_library().suggest(wanted, start.phase)
    if not guides:
        owner.app.notify("Der er ingen dialogguider indlæst – se Dialogguider (F7).", severity="error")
        return
    desk = shell.desk
    today = desk.clock.today()
    day = follow_up.due_on if follow_up and follow_up.due_on >= today else today
    kind = follow_up.kind if follow_up else (guides[0].meeting_kind or FollowUpKind.CONVERSATION)
    consultant = start.consultant.id if start.consultant else None
    caseworker_id = start.caseworker.id if start.caseworker else None
    citizen_id = start.citizen_id
    contact_choices: list[tuple[str, uuid.UUID | None]] = [("Ingen", None)]
    contact_owner: dict[uuid.UUID, uuid.UUID] = {}
    for placement in start.placements:
        for contact in start.contacts.get(placement.id, []):
            said = f"{contact.name} ({contact.role})" if contact.role else contact.name
            contact_choices.append((f"{said} – {placement.company_name}", contact.id))
            contact_owner[contact.id] = placement.id

    def check(v: dict[str, Any]) -> dict[str, str]:
        contact = v["contact"]
        if contact is not None and contact_owner.get(contact) != v["placement"]:
            return {"contact": "Kontaktpersonen hører til en anden virksomhed end det valgte forløb."}
        return {}

    created: dict[str, uuid.UUID] = {}
    editor = Editor(worker_id=desk.me.id, today=today)

    def submit(v: dict[str, Any]) -> str | None:
        """In the form's worker: only the desk and the values taken above, never a widget."""
        guide = next(g for g in guides if g.id == v["guide"])
        meeting = desk.run(
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
                caseworker_id=caseworker_id,
                consultant_id=v["consultant"],
                placement_id=v["placement"],
                company_contact_id=v["contact"],
                citizen_present=v["citizen_present"],
                follow_up_id=follow_up.id if follow_up else None,
            )
        )
        created["id"] = meeting.id
        return None

    def closed(values: dict[str, Any] | None) -> None:
        if values is not None and "id" in created:
            shell.open_meeting(created["id"])

    caseworker = worker_label(start.caseworker) if start.caseworker else "–"
    intro = f"Borger: {shown_name(start.citizen_name, shell.privacy)} · sagsbehandler: {caseworker}"
    if follow_up is not None:
        intro += (
            f"\nHolder den planlagte {follow_up.kind.label.lower()} {format_date(follow_up.due_on)}: "
            "den markeres afholdt, når mødet afsluttes."
        )
    owner.app.push_screen(
        StartForm(
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
                    choices=[("Ingen VK med", None), *[(worker_label(c), c.id) for c in start.consultants]],
                ),
                FieldSpec(
                    "placement",
                    "Forløb",
                    kind="choice",
                    value=start.placements[0].id if start.placements else None,
                    choices=[
                        ("Intet forløb", None),
                        *[
                            (f"{p.company_name} – {p.kind.label} fra {format_date(p.start_on)}", p.id)
                            for p in start.placements
                        ],
                    ],
                ),
                FieldSpec(
                    "contact", "Kontaktperson i virksomheden", kind="choice", value=None, choices=contact_choices
                ),
                FieldSpec("citizen_present", "Borgeren deltager", kind="bool", value=True),
            ],
            submit,
            check,
            intro=intro,
            guide_kinds={g.id: g.meeting_kind for g in guides},
        ),
        closed,
    )
