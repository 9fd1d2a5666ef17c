"""A screen's and the app's keys as they work now: one source for help (F1), the command palette
and the key bar.

Textual applies the app's keymap (a jobcentre's `[taster]` in config.toml) when it looks a key
up. What a user reads about the keys must name the same keys, so help and the palette are built
here from the same bindings, through the same keymap, never from text that repeats the letters.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial

from textual.app import SystemCommand
from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode


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
