"""The key bar at the bottom of every desk screen: each shown binding's key and description.

Textual's Footer builds one widget per binding and rebuilds them all whenever the focus
moves; on a screen with many bindings that cost more than the rest of a tab switch (`bench file`:
0.68 s of 4 tab switches in the file went to it). This bar is one widget that renders one
line of text, redraws only when the shown bindings actually change, and maps a click back to
the key under the pointer, so the mouse still works as it did.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from rich.text import Text
from textual import events
from textual.binding import ActiveBinding
from textual.screen import Screen
from textual.widget import Widget


class ShownKey(NamedTuple):
    key: str
    display: str
    description: str
    enabled: bool


def _as_declared(active: list[ActiveBinding]) -> list[ActiveBinding]:
    """Active bindings in the order their screen (or the app) declares them: applying the keymap
    puts a remapped binding last of its node's, which would move it along the bar."""
    nodes = list(dict.fromkeys(entry.node for entry in active))
    declared: dict[tuple[int, str], int] = {}
    for n, node in enumerate(nodes):
        for index, (key, binding) in enumerate(node._bindings):
            # by id where there is one (a remap changes the key), else by the key
            declared.setdefault((n, binding.id or key), index)

    def rank(entry: ActiveBinding) -> tuple[int, int]:
        n = nodes.index(entry.node)
        return n, declared.get((n, entry.binding.id or entry.binding.key), len(declared))

    return sorted(active, key=rank)


class KeyBar(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"keybar--key", "keybar--description"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: clip;
        .keybar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .keybar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shown: tuple[ShownKey, ...] = ()
        self.spans: list[tuple[int, int, ShownKey]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        shown = self.current_keys(screen)
        if shown != self.shown:
            self.shown = shown
            self.refresh()

    def current_keys(self, screen: Screen[Any]) -> tuple[ShownKey, ...]:
        keys: list[ShownKey] = []
        seen_actions: set[str] = set()
        # Textual's active bindings have the app's keymap applied ([taster]): a remapped binding
        # comes with its new key and no key_display, so the bar shows the key that works.
        active = list(screen.active_bindings.values())
        if self.app._keymap:
            active = _as_declared(active)
        for _node, binding, enabled, _tooltip in active:
            # One entry per action, as Textual's footer does (the first key bound to it).
            if not binding.show or binding.action in seen_actions:
                continue
            seen_actions.add(binding.action)
            keys.append(ShownKey(binding.key, self.app.get_key_display(binding), binding.description, enabled))
        return tuple(keys)

    def render(self) -> Text:
        if not self.shown and self.is_attached:
            self.shown = self.current_keys(self.screen)
        key_style = self.get_component_rich_style("keybar--key")
        description_style = self.get_component_rich_style("keybar--description")
        line = Text(no_wrap=True, overflow="crop", end="")
        self.spans = []
        for shown in self.shown:
            start = line.cell_len
            line.append(f" {shown.display} ", key_style)
            if shown.description:
                line.append(f"{shown.description} ", description_style)
            if not shown.enabled:
                line.stylize("dim", start)
            self.spans.append((start, line.cell_len, shown))
        return line

    def key_at(self, x: int) -> ShownKey | None:
        return next((shown for start, end, shown in self.spans if start <= x < end), None)

    def on_click(self, event: events.Click) -> None:
        shown = self.key_at(event.x)
        if shown is None:
            return
        if shown.enabled:
            self.app.simulate_key(shown.key)
        else:
            self.app.bell()
