"""Ending a meeting: finishing it (held on, no agreements, the next follow-up, and the answers
that fill the file), cancelling it with a reason, and exporting its summary. What is typed and
not yet stored is written first, in the same worker as what follows."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from rich.markup import escape
from textual.binding import Binding

from stvdesk.db.queries.edits import EditError
from stvdesk.db.queries.followups import situation_for
from stvdesk.db.queries.meetings import (
    FinishResult,
    MeetingView,
    answered_values,
    cancel_meeting,
    finish_meeting,
    overdue_follow_ups,
    planned_follow_up,
    settles_by_default,
)
from stvdesk.domain.cadence import Situation, next_follow_up
from stvdesk.domain.calendar import format_date, next_working_day
from stvdesk.domain.enums import FollowUpKind
from stvdesk.domain.parse import parse_date, parse_due_date
from stvdesk.export.meeting import write_meeting_summary
from stvdesk.guides.schema import Guide
from stvdesk.screens.meeting.answers import store_answers
from stvdesk.widgets.form import FieldSpec, FormModal
from stvdesk.widgets.modals import ChoiceModal, InfoModal, TextPromptModal

if TYPE_CHECKING:
    from stvdesk.screens.meeting.screen import MeetingScreen

_NEXT_KIND = {
    FollowUpKind.THREE_PARTY: FollowUpKind.PLACEMENT_FOLLOW_UP,
    FollowUpKind.COMPANY_VISIT: FollowUpKind.COMPANY_VISIT,
}

EXPORT_VARIANTS = [
    ("Tekst til journalen", ("txt", False)),
    ("Markdown", ("md", False)),
    ("Tekst uden CPR og efternavne", ("txt", True)),
    ("Markdown uden CPR og efternavne", ("md", True)),
]


class FinishedModal(InfoModal):
    """What finishing wrote. It says that `e` exports the summary, so `e` does that here too: the
    dialog closes and the meeting's export runs (asked first, as from the outline)."""

    BINDINGS = [Binding("e", "export", "Eksport", id="finished.export")]

    def __init__(self, title: str, body: str) -> None:
        super().__init__(title, body)
        self.export_wanted = False

    def action_export(self) -> None:
        self.export_wanted = True
        self.dismiss(None)


@dataclass
class _AnswerLike:
    """What answered_values reads of a stored answer, for answers still being typed."""

    value: str
    note: str = ""


def next_kind(view: MeetingView) -> FollowUpKind:
    """The kind of follow-up a meeting proposes next: the planned one's it holds, else after its
    own kind (a three-party meeting on a placement is followed by a placement follow-up)."""
    m = view.meeting
    kind = view.follow_up_kind or _NEXT_KIND.get(m.kind, m.kind)
    if kind is FollowUpKind.THREE_PARTY and m.placement_id:
        kind = FollowUpKind.PLACEMENT_FOLLOW_UP
    return kind


def finish(screen: MeetingScreen) -> None:
    """Store what is typed, read the citizen's situation if the guide did not give the next date
    and the follow-up of the next kind already planned, then the form that finishes the meeting.
    A follow-up of that kind planned by the day proposed (a new placement plans its first) is
    proposed as the next one: finishing then uses it rather than planning a second."""
    view, guide = screen.view, screen.guide
    if view is None or guide is None or screen.refuse_if_held():
        return
    batch = screen.take_typed()
    today = screen.desk.clock.today()
    values, _ = answered_values(guide, {k: _AnswerLike(p.value) for k, p in screen.answers.items()}, today)
    given = next(
        (values[item.id] for item in guide.items if item.fills == "follow_up.next_date" and item.id in values),
        None,
    )
    citizen_id = view.meeting.citizen_id
    read_situation = not isinstance(given, date) and citizen_id is not None
    editor, meeting_id, kind = screen.editor(), screen.meeting_id, next_kind(view)
    meeting_day = held_by_default(view, today)

    # Any: screens name no SQL types (the layer rule)
    def store_then_read(session: Any) -> tuple[Situation | None, date | None, list[Overdue]]:
        store_answers(session, editor, meeting_id, batch)
        if citizen_id is None:
            return None, None, []
        situation = situation_for(session, citizen_id, today) if read_situation else None
        overdue = [
            Overdue(f.id, f.kind, f.due_on)
            for f in overdue_follow_ups(session, citizen_id, meeting_day, not_of_meeting=meeting_id)
        ]
        # The next one is after the meeting's day: one due by then is among those it may settle,
        # and proposing it as the next too would plan it anew once it is marked held.
        planned = planned_follow_up(
            session, citizen_id, kind, due_from=max(today, meeting_day + timedelta(days=1)), not_of_meeting=meeting_id
        )
        return situation, planned.due_on if planned else None, overdue

    def proposed(read: tuple[Situation | None, date | None, list[Overdue]]) -> None:
        situation, planned_on, overdue = read
        if isinstance(given, date):
            # The guide's answer is the next follow-up, even one gone by (the form then says so):
            # a form proposing another day would make the summary say two different days.
            _finish_form(screen, view, guide, given, kind, planned_on == given, overdue)
            return
        cadence = screen.desk.settings.cadence_for(screen.desk.me.team_name)
        proposal = next_follow_up(today, situation or Situation(), cadence)
        next_on = proposal.due if proposal else next_working_day(today)
        reuse = planned_on is not None and planned_on <= next_on
        _finish_form(screen, view, guide, planned_on if reuse and planned_on else next_on, kind, reuse, overdue)

    screen.save(store_then_read, proposed, failed=screen.typed_not_stored(batch))


@dataclass(frozen=True)
class Overdue:
    """A planned follow-up of the citizen's, due by the meeting's day: finishing may settle it."""

    id: uuid.UUID
    kind: FollowUpKind
    due_on: date


def held_by_default(view: MeetingView, today: date) -> date:
    """The day the finish form proposes the meeting was held: its planned day, at the latest today."""
    return min(view.meeting.planned_on or today, today)


def _finish_form(
    screen: MeetingScreen,
    view: MeetingView,
    guide: Guide,
    next_on: date,
    kind: FollowUpKind,
    reuse: bool,
    overdue: list[Overdue],
) -> None:
    desk = screen.desk
    today = desk.clock.today()
    m = view.meeting
    me = desk.me
    people = [(f"{me.name} ({me.initials})", me.id)]
    for worker_id, label in ((m.caseworker_id, view.caseworker), (m.consultant_id, view.consultant)):
        if worker_id and worker_id != me.id:
            people.append((label, worker_id))
    count = len(view.agreements)
    result: dict[str, FinishResult] = {}
    editor, meeting_id = screen.editor(), screen.meeting_id

    def submit(v: dict[str, Any]) -> str | None:
        """In the form's worker: only the desk and the values taken above, never a widget."""
        try:
            result["r"] = desk.run(
                lambda s: finish_meeting(
                    s,
                    editor,
                    meeting_id,
                    guide,
                    held_on=v["held_on"],
                    no_agreements=v["no_agreements"],
                    next_follow_up_on=v["next_on"],
                    next_kind=v["next_kind"],
                    next_worker_id=v["next_worker"],
                    hold_follow_ups=[f.id for i, f in enumerate(overdue) if v.get(f"hold_{i}")],
                )
            )
        except EditError as exc:
            return f"Mødet kan ikke afsluttes endnu:\n{exc}"
        return None

    def closed(values: dict[str, Any] | None) -> None:
        if values is None or "r" not in result:
            return
        r = result["r"]
        lines = [f"✓ {escape(line)}" for line in r.written] + [
            f"[yellow]! {escape(line)}[/yellow]" for line in r.not_written
        ]
        finished = FinishedModal(
            "Mødet er afsluttet", "\n".join(lines) + "\n\n[dim]e eksporterer resuméet til journalen.[/dim]"
        )

        def read(_result: None = None) -> None:
            if finished.export_wanted:
                screen.action_export()

        screen.app.push_screen(finished, read)
        screen.reload()

    screen.app.push_screen(
        FormModal(
            "Afslut møde",
            [
                FieldSpec(
                    "held_on",
                    "Mødet blev holdt",
                    value=format_date(held_by_default(view, today)),
                    required=True,
                    parse=lambda t: parse_date(t, today=today),
                ),
                FieldSpec("no_agreements", "Ingen aftaler på dette møde", kind="bool", value=False),
                # The follow-ups this meeting settles: planned, due by its day and so overdue on
                # Min dag until marked held. Those of the meeting's kind (a placement follow-up for
                # a three-party meeting) are ticked: the meeting is that follow-up.
                *(
                    FieldSpec(
                        f"hold_{i}",
                        f"Markér som afholdt ved dette møde: {f.kind.label.lower()} med frist {format_date(f.due_on)}",
                        kind="bool",
                        value=settles_by_default(m.kind, f.kind),
                    )
                    for i, f in enumerate(overdue)
                ),
                FieldSpec(
                    "next_on",
                    "Næste opfølgning",
                    value=format_date(next_on),
                    required=True,
                    parse=lambda t: parse_due_date(t, today),
                ),
                FieldSpec(
                    "next_kind",
                    "Næste opfølgnings art",
                    kind="choice",
                    value=kind,
                    choices=[(k.label, k) for k in FollowUpKind],
                ),
                FieldSpec("next_worker", "Hos", kind="choice", value=people[0][1], choices=people),
            ],
            submit,
            intro=f"Mødet har {count} aftale{'r' if count != 1 else ''}. Svar, der udfylder felter "
            "(timer, delmål, mål, progression), gemmes nu i sagen."
            + (
                f"\nDer er allerede planlagt en {kind.label.lower()} {format_date(next_on)}: den bliver næste "
                "opfølgning, så der ikke planlægges to samme dag."
                if reuse
                else ""
            ),
        ),
        closed,
    )


def cancel(screen: MeetingScreen) -> None:
    """Ask why, then cancel; a refusal is said in the prompt, which keeps the reason typed."""
    if screen.view is None or screen.refuse_if_held():
        return
    desk, editor, meeting_id = screen.desk, screen.editor(), screen.meeting_id

    def submit(reason: str) -> str | None:
        """In the prompt's worker: only the desk and the values taken above, never a widget."""
        desk.run(lambda s: cancel_meeting(s, editor, meeting_id, reason))
        return None

    def answered(reason: str | None) -> None:
        if reason is not None:
            screen.notify("Mødet er aflyst; en planlagt opfølgning er stadig planlagt.", title="Aflyst")
            screen.reload()

    screen.app.push_screen(
        TextPromptModal("Aflys møde", "Hvorfor aflyses mødet?", required_message="Skriv en grund.", submit=submit),
        answered,
    )


def export(screen: MeetingScreen) -> None:
    """Ask which variant, then store what is typed and write the summary to a file (in a worker),
    copy it to the clipboard and show it."""
    if screen.view is None:
        return
    shell = screen.stv_app
    library, worker_id, meeting_id = shell.guide_library(), screen.desk.me.id, screen.meeting_id

    def chosen(choice: tuple[str, bool] | None) -> None:
        if choice is None:
            return
        extension, redacted = choice
        batch, editor = screen.take_typed(), screen.editor()

        def write(session: Any) -> tuple[str, Any] | None:  # Any: screens name no SQL types (the layer rule)
            store_answers(session, editor, meeting_id, batch)
            return write_meeting_summary(
                session,
                worker_id=worker_id,
                meeting_id=meeting_id,
                library=library,
                extension=extension,
                redacted=redacted,
            )

        def written(done: tuple[str, Any] | None) -> None:
            if done is None:
                screen.notify("Mødet findes ikke længere.", severity="error")
                return
            text, path = done
            screen.app.copy_to_clipboard(text)
            screen.app.push_screen(
                InfoModal(
                    "Mødets resumé",
                    escape(text) + f"\n[dim]Gemt som {escape(str(path))} og kopieret til udklipsholderen.[/dim]",
                )
            )

        screen.save(write, written, failed=screen.typed_not_stored(batch))

    screen.app.push_screen(ChoiceModal("Eksportér mødets resumé", EXPORT_VARIANTS), chosen)
