"""Overblik: contact, the case, its phase and what is missing before a placement. The case as a
whole is changed here: the citizen's details (e), the phase (f), handing the case over (o),
closing it (l) and a good story for the team (y)."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from stvdesk.db.audit import log_citizens_out
from stvdesk.db.queries.edits import (
    Editor,
    close_case,
    handover_summary,
    reassign_case,
    set_phase_override,
    update_citizen,
)
from stvdesk.db.queries.workers import WorkerInfo, team_workers
from stvdesk.domain.cadence import aftercare_calls, aftercare_words, employer_aftercare_calls, employer_aftercare_words
from stvdesk.domain.calendar import format_date
from stvdesk.domain.cpr import parse_cpr
from stvdesk.domain.enums import AuditAction, CaseCloseReason, Phase, PlacementStatus, Readiness, TargetGroup
from stvdesk.domain.parse import parse_date
from stvdesk.domain.privacy import shown_contact
from stvdesk.domain.rules import AFTERCARE_EMPLOYER, AFTERCARE_INTERVAL, AFTERCARE_MONTHS, tag
from stvdesk.screens.citizen_file.aftercare import (
    OFFER_INTRO,
    aftercare_lines,
    check_open_offer,
    open_offer_fields,
    store_open_offer,
)
from stvdesk.screens.citizen_file.case_forms import CloseForm, HandoverForm, close_values, employer_calls_wanted
from stvdesk.screens.citizen_file.common import FileTab, choices
from stvdesk.screens.citizen_file.resource import rehab_notice, resource_fields, resource_lines, with_resource_dates
from stvdesk.settings import export_dir
from stvdesk.widgets.form import FieldSpec
from stvdesk.widgets.modals import InfoModal

if TYPE_CHECKING:
    from stvdesk.context import Session
    from stvdesk.db.queries.citizen_file import CitizenFile


class OverviewTab(FileTab):
    TAB = "overblik"
    KEYS = (
        Binding("f", "override_phase", "Sæt fase", show=False, id="file.phase"),
        Binding("o", "reassign", "Omfordel", show=False, id="file.reassign"),
        Binding("l", "close_case", "Luk sag", show=False, id="file.close"),
        Binding("y", "story", "God historie", show=False, id="file.story"),
        Binding("b", "open_offer", "Åbent tilbud", show=False, id="file.open_offer"),
    )
    KEY_HELP = {
        "file.phase": "Overstyr fasen med en begrundelse",
        "file.open_offer": "Efterværn: hvornår det åbne tilbud blev givet til borger og virksomhed",
        "file.story": "Fortæl teamet en god historie om borgeren",
    }

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("", id="overblik-body", classes="file-body")

    def render_tab(self, f: CitizenFile) -> None:
        c = f.citizen
        hidden = self.privacy
        phase = (
            f"{c.current_phase.label} – [i]manuelt sat: {escape(self.free(c.phase_override_reason))}[/i] "
            f"(data siger {f.derived.phase.label.lower()}: {escape(f.derived.why)})"
            if c.phase_override
            else f"{c.phase.label} ({escape(f.derived.why)})"
        )
        lines = [
            "[b]Kontakt[/b]",
            f"Telefon: {escape(shown_contact(c.phone, hidden)) or '–'}"
            f"    Mail: {escape(shown_contact(c.email, hidden)) or '–'}",
            f"Adresse: {escape(shown_contact(f'{c.address}, {c.postal_code} {c.city}'.strip(', '), hidden))}",
            "",
            "[b]Sagen[/b]",
            f"Målgruppe: {c.target_group.label}",
            f"Sagsbehandler: {escape(f.caseworker) or '–'}    Virksomhedskonsulent: {escape(f.consultant) or '[yellow]ingen[/yellow]'}",
            f"Fase: {phase}",
            f"Parathed: {c.readiness.label}",
            f"Sag åbnet: {format_date(c.opened_on)}",
            *resource_lines(c, self.today()),
            *aftercare_lines(f),
            "",
            "[b]Før et virksomhedsforløb[/b]",
        ]
        lines += [f"• {escape(item)}" for item in f.todo_before_placement] or ["[green]Intet mangler.[/green]"]
        lines += ["", "[dim]e ret stamdata · f sæt fase manuelt[/dim]"]
        self.query_one("#overblik-body", Static).update("\n".join(lines))

    # No `new` here: the citizen exists; e corrects the stamdata (n would say the same twice).
    def edit(self) -> None:
        self.form_citizen()

    def form_citizen(self) -> None:
        c = self.loaded.citizen
        planned: list[date] = []  # the VK's rehabilitation meeting the save planned, if any
        self.open_form(
            "Ret stamdata",
            [
                FieldSpec(
                    "cpr", "CPR-nummer", value=f"{c.cpr[:6]}-{c.cpr[6:]}", required=True, parse=parse_cpr, private="cpr"
                ),
                FieldSpec("first_name", "Fornavn", value=c.first_name, required=True, private="name"),
                FieldSpec("last_name", "Efternavn", value=c.last_name, required=True, private="name"),
                FieldSpec("phone", "Telefon", value=c.phone, private="contact"),
                FieldSpec("email", "Mail", value=c.email, private="contact"),
                FieldSpec("address", "Adresse", value=c.address, private="contact"),
                FieldSpec("postal_code", "Postnr.", value=c.postal_code, private="contact"),
                FieldSpec("city", "By", value=c.city, private="contact"),
                FieldSpec(
                    "target_group", "Målgruppe", kind="choice", value=c.target_group, choices=choices(TargetGroup)
                ),
                FieldSpec("readiness", "Parathed", kind="choice", value=c.readiness, choices=choices(Readiness)),
                *resource_fields(c, self.today()),
            ],
            self.stores(
                with_resource_dates(
                    c,
                    planned,
                    lambda s, ed, v: update_citizen(
                        s,
                        ed,
                        c.id,
                        cpr=v["cpr"].digits,
                        first_name=v["first_name"].strip(),
                        last_name=v["last_name"].strip(),
                        phone=v["phone"].strip(),
                        email=v["email"].strip(),
                        address=v["address"].strip(),
                        postal_code=v["postal_code"].strip(),
                        city=v["city"].strip(),
                        target_group=v["target_group"],
                        readiness=v["readiness"],
                    ),
                )
            ),
            notice=lambda _v: rehab_notice(planned),
        )

    def action_override_phase(self) -> None:
        c = self.loaded.citizen
        self.open_form(
            "Sæt fase manuelt",
            [
                FieldSpec(
                    "phase",
                    "Fase",
                    kind="choice",
                    value=c.phase_override,
                    choices=[("Ingen – brug fasen fra data", None), *choices(Phase)],
                ),
                FieldSpec("reason", "Hvorfor", value=c.phase_override_reason),
            ],
            self.stores(lambda s, ed, v: set_phase_override(s, ed, c.id, v["phase"], v["reason"])),
            intro=f"Data siger: {self.loaded.derived.phase.label} ({self.loaded.derived.why}).",
        )

    def action_story(self) -> None:
        """A good story for the team: ordinary hours gained, a job, a step nobody expected (000, 4.2)."""
        from stvdesk.db.queries.steering import add_story

        team_id, citizen_id = self.desk.me.team_id, self.loaded.citizen.id
        self.open_form(
            "God historie til teamet",
            [
                FieldSpec("title", "Overskrift", required=True, placeholder="fx Fra praktik til 15 ordinære timer"),
                FieldSpec("text", "Historien", kind="multiline"),
            ],
            self.stores(
                lambda s, ed, v: add_story(
                    s, ed, team_id=team_id, citizen_id=citizen_id, title=v["title"], text=v["text"]
                )
            ),
            intro="Vises på teamets styring. Skriv uden CPR-nummer; fornavn er nok.",
        )

    # --- handing over and closing ----------------------------------------------------------

    def action_reassign(self) -> None:
        """The team's S and VK and the handover note are read first; the form shows the note."""
        worker, today, citizen_id = self.desk.me, self.today(), self.loaded.citizen.id

        def read(session: Session) -> tuple[list[WorkerInfo], str]:
            return team_workers(session, worker.team_id), handover_summary(session, citizen_id, today)

        self.file_screen.load(
            read,
            lambda found: self._reassign_form(citizen_id, today, *found),
            group="citizen-file-form",
            opens_dialog=True,
        )

    def _reassign_form(self, citizen_id: uuid.UUID, today: date, workers: list[WorkerInfo], summary: str) -> None:
        c = self.loaded.citizen
        holders = {"S": c.caseworker_id, "VK": c.consultant_id}

        def closed(values: dict[str, Any] | None) -> None:
            if values is not None:
                self._hand_over(citizen_id, today, values["role"], holders[values["role"]])

        self.app.push_screen(
            HandoverForm(
                workers,
                holders,
                self.stores(
                    lambda s, ed, v: reassign_case(
                        s,
                        ed,
                        citizen_id,
                        role=v["role"],
                        new_worker_id=v["new_worker"],
                        open_items_to=v["open_items_to"],
                    )
                ),
                intro=escape(summary),
            ),
            closed,
        )

    def _hand_over(self, citizen_id: uuid.UUID, today: date, role: str, before: uuid.UUID | None) -> None:
        """The handover note, from whom to whom, as a text file, and its export in the access log,
        in a worker."""
        screen, worker = self.file_screen, self.desk.worker

        def write(session: Session) -> tuple[Path, str]:
            summary = handover_summary(session, citizen_id, today, handed=(role, before))
            path = export_dir() / f"overdragelse-{citizen_id.hex[:8]}-{today:%Y%m%d}.txt"
            path.write_text(summary + "\n", encoding="utf-8")
            log_citizens_out(
                session,
                worker_id=worker.id if worker else None,
                action=AuditAction.EXPORT,
                citizen_ids=[citizen_id],
                criterion="Overdragelsesnotat",
            )
            return path, summary

        def saved(written: tuple[Path, str]) -> None:
            path, summary = written
            self.app.push_screen(
                InfoModal(
                    "Sagen er omfordelt – overdragelse",
                    escape(summary) + f"\n\n[dim]Gemt som tekst: {escape(str(path))}[/dim]",
                )
            )
            screen.reload()

        def failed(message: str) -> None:
            self.notify(
                f"Sagen er omfordelt, men overdragelsesnotatet blev ikke gemt: {message}",
                title="Det lykkedes ikke",
                severity="error",
                timeout=15,
            )
            screen.reload()

        screen.save(write, saved, failed=failed)

    def action_open_offer(self) -> None:
        c, today = self.loaded.citizen, self.today()
        self.open_form(
            "Åbent tilbud (efterværn)",
            open_offer_fields(c, today),
            self.stores(store_open_offer(c)),
            check_open_offer(today),
            intro=OFFER_INTRO,
        )

    def action_close_case(self) -> None:
        f = self.loaded
        c = f.citizen
        if c.closed_on is not None:
            self.notify("Sagen er allerede lukket.", severity="warning")
            return
        today = self.today()
        cadence = self.desk.settings.cadence_for(self.desk.me.team_name)  # [cadence]: the rules in force
        proposed = aftercare_calls(today, cadence)
        running = [v for v in f.placements if v.placement.status is not PlacementStatus.ENDED]
        steps = [step for step in f.steps if step.done_on is None and step.deleted_at is None]

        def check(v: dict[str, Any]) -> dict[str, str]:
            if v["closed_on"] > today:
                return {"closed_on": "En sag kan ikke lukkes frem i tiden."}
            return {}

        def close(s: Session, ed: Editor, v: dict[str, Any]) -> None:
            aftercare, job_from, close_steps = close_values(v)
            close_case(
                s,
                ed,
                c.id,
                reason=v["reason"],
                closed_on=v["closed_on"],
                aftercare=aftercare_calls(v["closed_on"], cadence) if aftercare else [],
                close_steps=close_steps,
                job_from=job_from,
                employer_calls=employer_aftercare_calls(v["closed_on"], cadence) if employer_calls_wanted(v) else [],
            )

        fields = [
            FieldSpec(
                "reason", "Årsag", kind="choice", value=CaseCloseReason.ORDINARY_JOB, choices=choices(CaseCloseReason)
            ),
            FieldSpec("closed_on", "Lukket dato", value=format_date(today), parse=lambda t: parse_date(t, today=today)),
            FieldSpec("aftercare", "Planlæg efterværnsopkald (ved ordinært job)", kind="bool", value=True),
        ]
        if running:
            fields.append(
                FieldSpec(
                    "job_from",
                    "Jobbet er",
                    kind="choice",
                    value=running[0].placement.id,
                    choices=[
                        *(
                            (f"hos {v.company}: {v.placement.kind.label.lower()} bliver til jobbet", v.placement.id)
                            for v in running
                        ),
                        ("hos en anden arbejdsgiver", None),
                    ],
                )
            )
            if c.consultant_id is not None:
                fields.append(
                    FieldSpec(
                        "employer",
                        f"VK ringer til arbejdsgiveren ({employer_aftercare_words(cadence)})",
                        kind="bool",
                        value=True,
                    )
                )
        if steps:
            fields.append(
                FieldSpec(
                    "steps",
                    f"Åbne delmål i Min Plan ({len(steps)})",
                    kind="choice",
                    value=True,
                    choices=[("Lukkes med sagen", True), ("Fortsætter (forbliver åbne)", False)],
                )
            )
        ended = f"{len(running)} forløb i gang afsluttes med sagen og årsagen. " if running else ""
        self.push_form(
            CloseForm(
                fields,
                self.stores(close),
                check,
                intro=(
                    f"Ved ordinært job foreslås efterværnsopkald {aftercare_words(cadence)} "
                    f"{tag(AFTERCARE_INTERVAL, AFTERCARE_MONTHS)}: "
                    f"{', '.join(format_date(d) for d in proposed)}.\n"
                    + (
                        f"Bliver et forløb til jobbet, foreslås også VK's opkald til arbejdsgiveren "
                        f"{employer_aftercare_words(cadence)} {tag(AFTERCARE_EMPLOYER)}.\n"
                        if running and c.consultant_id is not None
                        else ""
                    )
                    + f"{ended}Planlagte opfølgninger springes over med årsagen. Sagen kan stadig findes ved søgning."
                ),
            )
        )
