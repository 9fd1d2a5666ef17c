"""A line of help that says as much as its width holds.

A tab's hint line ("n nyt forløb · e ret · t ændr timer · …") names the keys of the tab; cut at
80 columns it would hide the last keys, the ones a new user looks for. So a hint is given in
variants, the fullest first (`FittedLine.say`), and the line shows the fullest that fits its width
now, like the file's tab bar takes the longest labels that fit (`widgets.tab_bar`). The shortest
is written to fit 80 columns; it is cut only on a narrower terminal.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widget import Widget


def fit_line(variants: Sequence[str], width: int) -> str:
    """The first of `variants` (markup, fullest first) whose text fits `width` cells; the last
    when none does."""
    for variant in variants:
        if Text.from_markup(variant).cell_len <= width:
            return variant
    return variants[-1] if variants else ""


class FittedLine(Widget, can_focus=False):
    DEFAULT_CSS = """
    FittedLine {
        height: 1;
    }
    """

    def __init__(self, *variants: str, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.variants: tuple[str, ...] = variants

    def say(self, *variants: str) -> None:
        """Show the fullest of `variants` that fits (markup, fullest first)."""
        if variants != self.variants:
            self.variants = variants
            self.refresh()

    def shown(self) -> str:
        """The variant the line shows at its width now (markup)."""
        return fit_line(self.variants, self.content_size.width or self.app.size.width)

    def render(self) -> Text:
        text = Text.from_markup(self.shown(), overflow="ellipsis", end="")
        text.no_wrap = True
        return text

    def on_resize(self) -> None:
        self.refresh()
