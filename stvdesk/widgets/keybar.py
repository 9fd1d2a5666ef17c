"""The key bar at the bottom of every desk screen: each shown binding's key and description.

Textual's Footer builds one widget per binding and rebuilds them all whenever the focus
moves; on a screen with many bindings that cost more than the rest of a tab switch (`bench file`:
0.68 s of 4 tab switches in the file went to it). This bar is one widget that renders one
line of text, redraws only when the shown bindings actually change, and maps a click back to
the key under the pointer, so the mouse still works as it did.

On a narrow terminal (80 columns) the bar says less rather than losing its end (`fit_keys`):
first the desk-wide keys (the same on every screen, all in help) give way, then the screen's
descriptions are cut to their first word (two keys that would then say the same keep theirs
whole), then the screen's least used keys (declared last) are left out; a key is never shown
without its word. Help (F1), which lists them all, is always shown, last.

While a dialog, the palette or the citizen finder is open over the screen, the bar says that one's
keys (`esc Fortryd`): the screen's own do nothing until it closes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any, NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import ActiveBinding
from textual.screen import ModalScreen, Screen
from textual.widget import Widget

from stvdesk.widgets.keys import gives_way

#: First words that say nothing alone: the short description keeps the word after them too.
PREPOSITIONS = frozenset({"til", "fra", "med", "uden", "om", "på", "i", "for"})


class ShownKey(NamedTuple):
    key: str
    display: str
    description: str
    enabled: bool
    desk_wide: bool = False  # the app's binding, the same on every screen (help lists it)
    help: bool = False  # the help key: never left out

    @property
    def short(self) -> str:
        """The description's first word ("Spring over" → "Spring"), two where the first is a
        preposition ("Til Outlook (ics)" → "Til Outlook"): help says the rest."""
        words = self.description.split(" ")
        return " ".join(words[:2] if words[0].lower() in PREPOSITIONS else words[:1])


def entry_width(display: str, description: str) -> int:
    """Cells one entry takes: " key " and "description " after it."""
    return cell_len(f" {display} ") + (cell_len(f"{description} ") if description else 0)


def shortened(keys: Sequence[ShownKey]) -> list[tuple[ShownKey, str]]:
    """Each key with its short description, except where two would say the same: "k Ny  j Ny"
    told nothing of either key, so those keep their whole descriptions ("Ny kontaktperson")."""
    counts = Counter(key.short for key in keys)
    return [(key, key.short if counts[key.short] == 1 else key.description) for key in keys]


def fit_keys(keys: Sequence[ShownKey], width: int) -> list[tuple[ShownKey, str]]:
    """The entries the bar shows in `width` cells, each with the description it shows.

    All of them in full when they fit. Else the help key goes last and stays; the desk-wide keys
    come only where room is left after the screen's own; the screen's descriptions are cut to their
    first word, then keys are left out from the right, the end of the bar holding the less used
    ones (help and the palette list them). A key alone says nothing to a new user, so every entry
    shown keeps a word."""

    def total(entries: Sequence[tuple[ShownKey, str]]) -> int:
        return sum(entry_width(key.display, text) for key, text in entries)

    full = [(key, key.description) for key in keys]
    if total(full) <= width:
        return full
    help_keys = [key for key in keys if key.help]
    own = [key for key in keys if not key.help and not key.desk_wide]
    desk_wide = [key for key in keys if not key.help and key.desk_wide]
    room = width - total([(key, key.description) for key in help_keys])
    chosen = [(key, key.description) for key in own]
    if total(chosen) > room:
        chosen = shortened(own)
    shown: list[tuple[ShownKey, str]] = []
    for key, text in chosen:  # from the left, as long as there is room (the first are the most used)
        if entry_width(key.display, text) > room:
            break
        shown.append((key, text))
        room -= entry_width(key.display, text)
    for key in desk_wide:  # the desk-wide keys while room is left, in their order (F2, F3 … unbroken)
        if entry_width(key.display, key.description) > room:
            break
        shown.append((key, key.description))
        room -= entry_width(key.display, key.description)
    return shown + [(key, key.description) for key in help_keys]


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


#: Textual's own bindings the bar shows, in the desk's words (the palette's and finder's Escape,
#: a choice field's open list, a link).
TEXTUAL_WORDS = {"Exit the command palette": "Luk", "Dismiss menu": "Luk listen", "Open link": "Åbn linket"}

#: The help key's binding id (the app's): the one entry the bar never leaves out.
HELP_ID = "app.help"


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
        #: the dialog or palette over this bar's screen whose keys the bar shows, if any
        self.over: Screen[Any] | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.app.screen_change_signal.subscribe(self, self.screen_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)
        self.app.screen_change_signal.unsubscribe(self)
        self._watch(None)

    def keys_from(self) -> Screen[Any]:
        """The screen whose keys act now: a dialog or the palette open over this bar's screen (its
        keys: the screen's beneath wait until it closes), else the bar's own screen."""
        stack = self.app.screen_stack
        top = stack[-1] if stack else self.screen
        if top is self.screen or not isinstance(top, ModalScreen):
            return self.screen
        beneath = next((screen for screen in reversed(stack) if not isinstance(screen, ModalScreen)), None)
        return top if beneath is self.screen else self.screen

    def _watch(self, over: Screen[Any] | None) -> None:
        """Follow the bindings of the dialog shown over the screen (its focus moves in it)."""
        if over is self.over:
            return
        if self.over is not None:
            self.over.bindings_updated_signal.unsubscribe(self)
        self.over = over
        if over is not None:
            over.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def screen_changed(self, _screen: Screen[Any]) -> None:
        if not self.is_attached:
            return
        source = self.keys_from()
        self._watch(source if source is not self.screen else None)
        self.bindings_changed(source)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if not self.is_attached or screen is not self.keys_from():
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
        for node, binding, enabled, _tooltip in active:
            # One entry per action, as Textual's footer does (the first key bound to it).
            if not binding.show or binding.action in seen_actions:
                continue
            if gives_way(screen, node, binding, binding.key):  # the field has the key now
                continue
            seen_actions.add(binding.action)
            keys.append(
                ShownKey(
                    binding.key,
                    self.app.get_key_display(binding),
                    TEXTUAL_WORDS.get(binding.description, binding.description),
                    enabled,
                    desk_wide=node is self.app,
                    help=binding.id == HELP_ID,
                )
            )
        return tuple(keys)

    def on_resize(self) -> None:
        self.refresh()

    def render(self) -> Text:
        if not self.shown and self.is_attached:
            self.shown = self.current_keys(self.keys_from())
        key_style = self.get_component_rich_style("keybar--key")
        description_style = self.get_component_rich_style("keybar--description")
        line = Text(no_wrap=True, overflow="crop", end="")
        self.spans = []
        for shown, description in fit_keys(self.shown, self.size.width or self.app.size.width):
            start = line.cell_len
            line.append(f" {shown.display} ", key_style)
            if description:
                line.append(f"{description} ", description_style)
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
