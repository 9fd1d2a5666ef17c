"""Dialogguider: read every guide, its version and where it came from; see which local
guide files could not be read, with file and line."""

from __future__ import annotations

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from stvdesk.domain.meetings import ItemKind
from stvdesk.domain.numbers import counted
from stvdesk.guides.schema import FILL_TARGETS, Guide
from stvdesk.screens.base import DeskScreen
from stvdesk.settings import config_dir

KIND_LABELS = {
    ItemKind.CHECK: "afkryds",
    ItemKind.TEXT: "tekst",
    ItemKind.NUMBER: "tal",
    ItemKind.CHOICE: "valg",
    ItemKind.RATING: "1–5",
    ItemKind.DATE: "dato",
    ItemKind.INCOME: "indkomstberegner",
}


def guide_text(guide: Guide) -> str:
    origin = "indbygget i stvdesk" if guide.origin == "indbygget" else f"jobcentrets egen fil: {guide.origin}"
    lines = [
        f"[b]{escape(guide.title)}[/b]",
        f"Id: {escape(guide.id)} · version {guide.version} · kilde: {escape(origin)}",
        f"Til: {guide.audience_label.lower()} · faser: {escape(guide.phase_label.lower())}"
        + (f" · mødeart: {guide.meeting_kind.label.lower()}" if guide.meeting_kind else ""),
    ]
    if guide.description:
        lines += ["", escape(guide.description)]
    number = 0
    for section in guide.sections:
        lines += ["", f"[b]{escape(section.title)}[/b]"]
        if section.intro:
            lines.append(f"  [i]{escape(section.intro)}[/i]")
        for item in section.items:
            number += 1
            tags = [KIND_LABELS[item.kind]]
            if item.options:
                tags.append(" / ".join(item.options))
            if item.required:
                tags.append("skal besvares")
            lines.append(f"  {number:>2}. {escape(item.text)} [dim]({escape('; '.join(tags))})[/dim]")
            if item.help:
                lines.append(f"      [dim]{escape(item.help)}[/dim]")
            if item.fills:
                lines.append(f"      [cyan]→ {escape(FILL_TARGETS[item.fills][1])}[/cyan]")
    return "\n".join(lines)


class GuidesScreen(DeskScreen):
    TITLE_DA = "Dialogguider"

    BINDINGS = [
        Binding("r", "reload", "Indlæs igen", id="guides.reload"),
    ]

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="guides-main"):
            yield OptionList(id="guides-list")
            with VerticalScroll(id="guides-body"):
                yield Static("", id="guides-text")
        yield Static("", id="guides-problems")

    def on_mount(self) -> None:
        self.render_library()
        self.query_one("#guides-list", OptionList).focus()

    def render_library(self) -> None:
        library = self.stv_app.guide_library()
        self.guides = library.guides
        options = self.query_one("#guides-list", OptionList)
        options.clear_options()
        for guide in self.guides:
            source = "indbygget" if guide.origin == "indbygget" else "egen"
            options.add_option(
                Option(
                    f"{escape(guide.title)}\n[dim]v{guide.version} · {guide.audience_label.lower()} · {source}[/dim]",
                    id=guide.id,
                )
            )
        if self.guides:
            options.highlighted = 0
            self.show(self.guides[0])
        local = config_dir() / "guides"
        lines = [
            f"[dim]{len(self.guides)} guider · egne guider lægges som TOML-filer i {escape(str(local))} · "
            "r indlæser igen[/dim]"
        ]
        if library.problems:
            lines.insert(
                0, f"[red][b]{counted(len(library.problems), 'guidefil', 'guidefiler')} kunne ikke indlæses:[/b][/red]"
            )
            lines[1:1] = [f"[red]• {escape(str(problem))}[/red]" for problem in library.problems]
        self.query_one("#guides-problems", Static).update("\n".join(lines))

    def show(self, guide: Guide) -> None:
        self.query_one("#guides-text", Static).update(guide_text(guide))
        self.query_one("#guides-body", VerticalScroll).scroll_home(animate=False)

    @on(OptionList.OptionHighlighted, "#guides-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        guide = next((g for g in self.guides if g.id == event.option.id), None)
        if guide is not None:
            self.show(guide)

    def action_reload(self) -> None:
        self.stv_app.guide_library(reload=True)
        self.render_library()
        self.notify("Guiderne er indlæst igen.", title="Dialogguider")
