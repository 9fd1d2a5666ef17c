"""The left-hand pane of a meeting: the guide's sections and items, ✓ on those answered and `*`
on those the guide requires (before finishing refuses them). Moving in it shows the item; Enter
goes to its answer."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from stvdesk.guides.schema import Guide

REQUIRED_MARK = "*"
REQUIRED_LEGEND = "* skal besvares, før mødet kan afsluttes"


def item_index(option_id: str | None) -> int | None:
    """The item an option stands for (a section title stands for none)."""
    return int(option_id[5:]) if option_id and option_id.startswith("item:") else None


class MeetingOutline(OptionList):
    def render_guide(self, guide: Guide, answered: Callable[[str], bool], current: int) -> None:
        """Redraw the outline, keeping the highlight (or putting it on `current`)."""
        highlighted = self.highlighted
        self.clear_options()
        index = 0
        for section in guide.sections:
            self.add_option(Option(Text(section.title, style="bold"), disabled=True))
            for item in section.items:
                done = answered(item.id)
                mark = "✓" if done else "·"
                required = (f" {REQUIRED_MARK}", "dim" if done else "bold yellow") if item.required else ""
                self.add_option(
                    Option(
                        Text.assemble((f" {mark} ", "green" if done else ""), item.text, required), id=f"item:{index}"
                    )
                )
                index += 1
        if any(item.required for item in guide.items):
            self.add_option(Option(Text(REQUIRED_LEGEND, style="dim"), disabled=True))
        if highlighted is not None:
            self.highlighted = highlighted
        else:
            self.highlight_item(current)

    def highlight_item(self, index: int) -> None:
        try:
            self.highlighted = self.get_option_index(f"item:{index}")
        except Exception:  # the outline is not built yet
            pass
