"""Every binding the desk declares, and a jobcentre's `[taster]` checked against them.

Settings check that each key in `[taster]` is a key; only here, where every screen can be
imported, can a binding id be checked. That import is slow (every screen), so the app runs it
in a worker after start-up, and only when the config remaps keys.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from textual.app import App
from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, TextArea

# Where the desk's screens, dialogs and widgets are defined (sub-packages included).
_PACKAGES = ("stvdesk.screens", "stvdesk.widgets")


@dataclass(frozen=True)
class Declared:
    owner: type[DOMNode]  # the class whose BINDINGS list declares the binding
    binding: Binding


def _classes() -> Iterable[type[DOMNode]]:
    for package_name in _PACKAGES:
        package = importlib.import_module(package_name)
        modules = [package_name] + [m.name for m in pkgutil.walk_packages(package.__path__, f"{package_name}.")]
        for module_name in modules:
            module = importlib.import_module(module_name)
            for value in vars(module).values():
                if isinstance(value, type) and issubclass(value, DOMNode) and value.__module__ == module_name:
                    yield value


def declared_bindings(*extra: type[DOMNode]) -> list[Declared]:
    """Each Binding as its class declares it (one entry for "f1,question_mark"): the desk's
    screens and widgets, then `extra` (the app, which lives above the screens)."""
    found = []
    for owner in [*_classes(), *extra]:
        for binding in owner.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding):
                found.append(Declared(owner, binding))
    return found


def _keys(keys: str) -> set[str]:
    """The keys of one `[taster]` entry, as Textual's keymap holds them ("ctrl+f,f11")."""
    return {key.strip() for key in keys.split(",") if key.strip()}


def _title(owner: type[DOMNode]) -> str:
    return getattr(owner, "TITLE_DA", "") or owner.__name__


def check_keymap(keymap: Mapping[str, str], declared: list[Declared], source: Path | None) -> list[str]:
    """What is wrong with a `[taster]` table, in Danish: ids no binding has, and keys a remap
    takes from another binding of the same screen (that binding is left without a key)."""
    where = f"{source}: " if source else ""
    by_id = {d.binding.id: d for d in declared if d.binding.id}
    problems = [
        f'{where}taster."{binding_id}" findes ikke. Hjælpen (F1) viser id\'et på den tast, du står på.'
        for binding_id in keymap
        if binding_id not in by_id
    ]
    owners = list(dict.fromkeys(d.owner for d in declared))
    mapped: dict[type[DOMNode], BindingsMap] = {}
    for owner in owners:
        # The class's merged BINDINGS as Textual builds them for each instance. A remapped key
        # that another binding of the class had is taken from it (Textual's own clash report
        # leaves out bindings with an id), so compare the keys before and after.
        before = owner._merge_bindings()
        bindings = before.copy()
        bindings.apply_keymap(keymap)
        mapped[owner] = bindings
        kept = {(key, b.id) for key, b in bindings}
        for key, lost in before:
            if lost.id and lost.id not in keymap and (key, lost.id) not in kept:
                problems.append(
                    f"{where}taster: tasten {key} bruges nu til noget andet på {_title(owner)}, så "
                    f'"{lost.description}" ({lost.id}) mister den.'
                )
    app_keys = {key: b for owner in owners if issubclass(owner, App) for key, b in mapped[owner]}
    for owner in owners:
        # On a full screen the app's keys work too: the screen's come first, unless the app's
        # is a priority binding. Only a remap can make a new clash: the defaults' one overlap is
        # on purpose (`/` is the screen's own search where it has one, the citizen finder
        # elsewhere), so a clash is named only where the remap gave that key.
        if not issubclass(owner, Screen) or issubclass(owner, ModalScreen):
            continue
        for key, ours in mapped[owner]:
            theirs = app_keys.get(key)
            if theirs is None or not any(key in _keys(keymap.get(b.id or "", "")) for b in (ours, theirs)):
                continue
            winner = theirs if theirs.priority else ours
            problems.append(
                f'{where}taster: på {_title(owner)} er tasten {key} både "{ours.description}" ({ours.id}) '
                f'og "{theirs.description}" ({theirs.id}); "{winner.description}" vinder.'
            )
    return problems


# What a text field does with its own keys (Textual's Input and TextArea bindings, by action), as
# the start-up warning says it; a key not named here is "flytter markøren".
_FIELD_ACTIONS = {
    "home": "flytter markøren til linjens start",
    "cursor_line_start": "flytter markøren til linjens start",
    "end": "flytter markøren til linjens slutning",
    "cursor_line_end": "flytter markøren til linjens slutning",
    "delete_left": "sletter tegnet til venstre",
    "delete_right": "sletter tegnet til højre",
    "delete_left_word": "sletter ordet til venstre",
    "delete_word_left": "sletter ordet til venstre",
    "delete_right_word": "sletter ordet til højre",
    "delete_word_right": "sletter ordet til højre",
    "delete_left_all": "sletter til linjens start",
    "delete_to_start_of_line": "sletter til linjens start",
    "delete_right_all": "sletter til linjens slutning",
    "delete_to_end_of_line_or_delete_line": "sletter til linjens slutning",
    "delete_line": "sletter linjen",
    "cut": "klipper",
    "copy": "kopierer",
    "paste": "sætter ind",
    "undo": "fortryder",
    "redo": "gentager",
    "select_all": "markerer alt",
    "select_line": "markerer linjen",
    "submit": "gemmer feltet",
}


def _field_keys() -> dict[str, str]:
    """Every key a text field binds, with what it does there (Input's use first)."""
    uses: dict[str, str] = {}
    for field in (Input, TextArea):
        for key, binding in field._merge_bindings():
            action = binding.action.split("(")[0]
            uses.setdefault(key, _FIELD_ACTIONS.get(action, "flytter markøren"))
    return uses


def field_keys_taken(keymap: Mapping[str, str], declared: list[Declared], source: Path | None) -> list[str]:
    """A `[taster]` remap onto a key a text field has its own use for (ctrl+a, ctrl+k, ctrl+u,
    ctrl+w …), in Danish: in a field the field keeps that key (`keys.gives_way`, and a binding
    that is no priority one is looked up after the field's own anyway), so the command acts only
    once the focus is on a list. A warning, not a refusal: the desk works, and the same command
    may have other keys; letters are left out (that no letter commands in a field is the rule)."""
    where = f"{source}: " if source else ""
    by_id = {d.binding.id: d.binding for d in declared if d.binding.id}
    uses = _field_keys()
    warnings = []
    for binding_id, keys in keymap.items():
        binding = by_id.get(binding_id)
        if binding is None:
            continue  # check_keymap names an unknown id
        for key in sorted(_keys(keys) - _keys(binding.key)):
            if key in uses:
                warnings.append(
                    f'{where}taster."{binding_id}" = {key}: i et tekstfelt er {key} feltets egen tast '
                    f'({uses[key]}), så dér virker den ikke som "{binding.description}" – kun uden for '
                    "felterne. Vælg en tast, tekstfelterne ikke bruger, fx en F-tast."
                )
    return warnings
