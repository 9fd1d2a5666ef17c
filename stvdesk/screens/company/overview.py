"""Tab 1 "Overblik": the company's flags, details, contact persons and counts; `e` edits the
company, `k` adds a contact person."""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from stvdesk.db.queries.companies import CompanyView
from stvdesk.domain.enums import OpeningStatus
from stvdesk.screens.company.forms import company_form, contact_form
from stvdesk.screens.company.tab import CompanyTab


class OverviewTab(CompanyTab):
    TAB_ID = "c-overblik"
    LABEL = "Overblik"
    HINT = "e ret · k ny kontaktperson · l log kontakt · j ny jobåbning"
    KEYS = [
        Binding("e", "edit", "Ret", id="company.edit"),
        Binding("k", "new_contact", "Ny kontaktperson", id="company.contact"),
    ]
    KEY_HELP = {"company.edit": "Stamdata, VK, ældre aftale", "company.contact": "Navn, rolle, telefon, mail"}

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("", id="c-overblik-body")

    def render_tab(self, view: CompanyView) -> None:
        c = view.company
        lines = [f"[yellow]⚠ {escape(flag)}[/yellow]" for flag in view.flags]
        if lines:
            lines.append("")
        lines += [
            "[b]Virksomheden[/b]",
            f"Adresse: {escape(', '.join(p for p in (c.address, f'{c.postal_code} {c.city}'.strip()) if p) or '–')}",
            f"Telefon: {escape(c.phone or '–')}",
            f"Noter: {escape(c.notes or '–')}",
            f"Ældre aftale: {escape(c.standing_agreement or '–')}"
            + ("  [yellow](skal genforhandles)[/yellow]" if c.renegotiate else ""),
            "",
            "[b]Kontaktpersoner[/b]",
        ]
        lines += [
            f"• {escape(p.name)}"
            + (f", {escape(p.role)}" if p.role else "")
            + (f" · {escape(p.phone)}" if p.phone else "")
            + (f" · {escape(p.email)}" if p.email else "")
            for p in view.contacts
        ] or ["[yellow]Ingen – k tilføjer en[/yellow]"]
        lines += [
            "",
            f"I forløb nu: {len(view.current)} · tidligere: {len(view.past)} · "
            f"åbne jobåbninger: {sum(1 for o in view.openings if o.status is OpeningStatus.OPEN)}",
            "",
            f"[dim]{self.HINT}[/dim]",
        ]
        self.query_one("#c-overblik-body", Static).update("\n".join(lines))

    def edit(self) -> None:
        if self.data is not None:
            company_form(self, self.reload_company, self.data.view.company)

    def new_contact(self) -> None:
        contact_form(self, self.company_id, self.reload_company)
