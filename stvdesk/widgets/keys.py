"""A screen's and the app's keys as they work now: one source for help (F1), the command palette
and the key bar; and the parts of the keyboard contract that widgets hold (ARCHITECTURE.md,
"Keyboard contract").

Textual applies the app's keymap (a jobcentre's `[taster]` in config.toml) when it looks a key
up. What a user reads about the keys must name the same keys, so help and the palette are built
here from the same bindings, through the same keymap, never from text that repeats the letters.

Keys that type never command in a field. Textual leaves out of the binding chain every key the
focused widget says it consumes (`check_consume_key`): an Input or a TextArea consumes each
printable key, so no letter, digit, space or `/` of a screen or of the app acts while one has
the focus, and the key bar (built from the same chain) does not show them. `TypingControl` makes
a tick-box or a choice consume them too; `SearchField` gives `/` back to the bindings, so it
starts a fresh search instead of typing itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, partial

from textual import events
from textual.app import SystemCommand
from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode
from textual.geometry import Size
from textual.keys import key_to_character
from textual.widget import Widget
from textual.widgets import Input


@cache
def field_types() -> tuple[type[Widget], ...]:
    """The widgets a user types or answers in: while one of them (or a part of it, the list of an
    open Select) has the focus, Escape leaves it and no single-key command acts. Imported when
    first asked (TextArea and Select cost a start a tenth of Textual's own import before the
    first frame, where no screen has either)."""
    from textual.widgets import Checkbox, RadioButton, RadioSet, Select, Switch, TextArea

    return (Input, TextArea, Checkbox, RadioSet, RadioButton, Select, Switch)


def types(key: str) -> bool:
    """Whether `key` types a character in a field (a letter, a digit, a space, `/`)."""
    character = key_to_character(key)
    return character is not None and character.isprintable()


def in_field(widget: DOMNode | None) -> bool:
    """Whether `widget` (the focus) is a field or inside one."""
    node = widget
    while node is not None and isinstance(node, Widget):
        if isinstance(node, field_types()):
            return True
        node = node.parent
    return False


def binds_below(widget: DOMNode | None, key: str, screen: DOMNode) -> bool:
    """Whether `widget` or a node between it and `screen` has its own binding for `key` (an open
    Select closes its list on Escape): the screen then leaves the key to it."""
    node = widget
    while node is not None and node is not screen:
        if key in node._bindings.key_to_bindings:
            return True
        node = node.parent
    return False


def field_keeps(screen: DOMNode, key: str) -> bool:
    """Whether the focus (on `screen`) is in a field that has its own use for `key`: it types it
    (a text field's letters; a tick-box's, which it consumes) or it binds it (ctrl+k deletes to
    the end of the line in a text field, ctrl+w the word before the cursor)."""
    focused = getattr(screen, "focused", None)
    if not in_field(focused):
        return False
    assert isinstance(focused, Widget)
    return focused.check_consume_key(key, key_to_character(key)) or binds_below(focused, key, screen)


def remapped_onto(node: DOMNode, binding: Binding, key: str, keymap: Mapping[str, str]) -> bool:
    """Whether `key` is one the keymap ([taster]) gave `binding` of `node`, not one it declares."""
    if not binding.id or key not in keymap.get(binding.id, "").split(","):
        return False
    # node._bindings is the node's map as declared: Textual applies the keymap to copies of it.
    return not any(declared.id == binding.id for declared in node._bindings.key_to_bindings.get(key, ()))


def gives_way(screen: DOMNode, node: DOMNode, binding: Binding, key: str) -> bool:
    """Whether a priority binding of `node` keeps off `key` now: the keymap put it on a key the
    field with the focus has its own use for. The desk's own priority keys act from every field
    by design (F-keys, PgDn/PgUp); a jobcentre's remap onto a field's key would take that key
    from the typist (ctrl+k would leave a meeting instead of deleting to the end of the line), so
    there the field keeps it and the command acts once the focus is on a list."""
    keymap = _keymap(node)
    return bool(binding.priority and keymap and remapped_onto(node, binding, key, keymap) and field_keeps(screen, key))


class TypingControl:
    """Mixed into a tick-box or a choice that answers (before the widget's own class; a plain
    mixin, so that the widget keeps its own CSS type): it consumes every key that types, as a
    text field does, so no letter or digit of the screen or the app acts while it has the focus
    and the key bar leaves those keys out. Its own keys (space ticks, arrows move) still work:
    they are its bindings, not the screen's."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return character is not None and character.isprintable()


class SearchField(Input):
    """A search field: `/` never types here. It runs the binding `/` has on the screen (its
    search: a fresh search, the old text selected so that what is typed next replaces it) or on
    the app (the citizen finder), after the keymap."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return character != "/" and super().check_consume_key(key, character)

    def _watch_value(self, value: str) -> None:
        # The Input sets its scrollable width to the text's on every key, and a scrollable size
        # that changes lays the whole screen out (the Sagsstamme's table with it). A field whose
        # own size is fixed needs only its scroll range kept: set here, the Input's own setting
        # then finds it unchanged.
        size = Size(self.content_width, 1)
        if size != self.virtual_size and not self.styles.auto_dimensions and self.is_mounted and self.container_size:
            self.set_reactive(Widget.virtual_size, size)
            self._scroll_update(size)
        super()._watch_value(value)

    async def _on_key(self, event: events.Key) -> None:
        # Textual calls the Input's own handler after this one (each class's in turn) unless the
        # default is prevented: for `/` it is, and the binding runs here instead.
        if event.character != "/":
            return
        event.stop()
        event.prevent_default()
        active = self.screen.active_bindings.get(event.key)
        if active is not None and active.enabled:
            await self.app.run_action(active.binding.action, active.node)


@dataclass(frozen=True)
class BoundKey:
    """One binding of a screen (or of the app), with every key that runs it after the keymap."""

    node: DOMNode  # the screen or the app whose binding this is: its action runs there
    binding: Binding
    keys: tuple[str, ...]
    display: str  # as the key bar writes them: "F1/?", "^f", "/"
    enabled: bool  # False: shown dimmed, it does nothing now (the screen's check_action says so)

    @property
    def explanation(self) -> str:
        """The binding's tooltip, else what the screen says of it in KEY_HELP (by binding id)."""
        if self.binding.tooltip:
            return self.binding.tooltip
        key_help: Mapping[str, str] = getattr(self.node, "KEY_HELP", {})
        return key_help.get(self.binding.id or "", "")


def _keymap(node: DOMNode) -> Mapping[str, str]:
    # The keymap Textual itself applies (App.set_keymap stores it normalised): reading it, rather
    # than the settings, shows exactly the keys that work.
    return node.app._keymap


def bound_keys(node: DOMNode) -> list[BoundKey]:
    """Each binding of the desk's own on `node` (a screen or the app) once, in the order it declares
    them, with its keys after the keymap. Bindings a screen hides now (check_action → False) are
    left out, as they are from the key bar."""
    # The node's merged BINDINGS (its class and bases), as Textual holds them; copied, because
    # applying the keymap changes the map in place (Textual copies it for the same reason).
    declared: BindingsMap = node._bindings
    bindings = declared.copy()
    keymap = _keymap(node)
    if keymap:
        bindings.apply_keymap(keymap)

    def identity(binding: Binding) -> tuple[str, ...]:
        return (binding.id,) if binding.id else (binding.action, binding.description)

    order: dict[tuple[str, ...], int] = {}
    for _key, binding in declared:
        order.setdefault(identity(binding), len(order))
    grouped: dict[tuple[str, ...], list[Binding]] = {}
    for _key, binding in bindings:
        # Only the desk's own bindings: each has an id (and Danish words); Textual's (Tab moves
        # the focus, ctrl+c copies) have none, and English descriptions.
        if binding.id and binding.description and not binding.system:
            grouped.setdefault(identity(binding), []).append(binding)
    app = node.app
    result = []
    for ident in sorted(grouped, key=lambda ident: order.get(ident, len(order))):
        group = grouped[ident]
        first = group[0]
        state = app._check_action_state(first.action, node)
        if state is False:
            continue
        if first.key_display:  # written by the screen for all its keys ("F1/?"); a remap clears it
            display = first.key_display
        else:
            display = "/".join(dict.fromkeys(app.get_key_display(binding) for binding in group))
        result.append(BoundKey(node, first, tuple(b.key for b in group), display, bool(state)))
    return result


def key_of(node: DOMNode, binding_id: str) -> str:
    """How the key of one binding is written now ("^q"), for texts that name it; "" if unbound."""
    return next((bound.display for bound in bound_keys(node) if bound.binding.id == binding_id), "")


def binding_commands(node: DOMNode) -> Iterable[SystemCommand]:
    """The command palette's entry for each enabled binding of `node`: the binding's description
    as title, its explanation and current key as help; choosing it runs the action on `node`."""
    for bound in bound_keys(node):
        # The palette's own key would only open it again.
        if not bound.enabled or bound.binding.action in ("command_palette", "app.command_palette"):
            continue
        explanation = bound.explanation
        help_text = f"{explanation} ({bound.display})" if explanation else f"Tast {bound.display}"
        yield SystemCommand(
            bound.binding.description, help_text, partial(node.app.run_action, bound.binding.action, node)
        )
