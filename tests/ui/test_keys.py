"""Keys from one source: the command palette, help (F1) and the key bar are built from the
bindings after the jobcentre's keymap ([taster] in config.toml)."""

from __future__ import annotations

import re
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.command import CommandInput, CommandList
from textual.widgets import DataTable, Input

from stvdesk.app import StvdeskApp
from stvdesk.db.queries.caseload_list import SortKey
from stvdesk.screens.agenda import AgendaScreen
from stvdesk.screens.caseload import CaseloadScreen
from stvdesk.screens.help import HelpScreen
from stvdesk.screens.keymap import check_keymap, declared_bindings, field_keys_taken
from stvdesk.settings import load_settings
from stvdesk.widgets.keybar import KeyBar
from stvdesk.widgets.palette import NO_MATCHES, PLACEHOLDER, DeskPalette
from tests.ui.helpers import SIZE, settle


def _with_keys(desk, tmp_path: Path, taster: str):
    """The desk with a config.toml that has this [taster] table, read as the desk reads it."""
    path = tmp_path / "config.toml"
    path.write_text(f"[taster]\n{taster}", encoding="utf-8")
    desk.settings = load_settings(path, env={})
    return desk


def _help_rows(app) -> dict[str, str]:
    """Help's rows: action (description) → key, for the screen's rows."""
    table = app.screen.query_one("#help-keys", DataTable)
    return {str(table.get_row_at(i)[1]): str(table.get_row_at(i)[0]) for i in range(table.row_count)}


def test_every_binding_has_a_unique_id_named_screen_dot_action() -> None:
    declared = declared_bindings(StvdeskApp)
    ids = [d.binding.id for d in declared if d.binding.id]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert all(re.fullmatch(r"[a-z][a-z_]*(\.[a-z0-9_-]+)+", i) for i in ids), ids
    # every key a user can read about (a description) can be remapped; ctrl+c only says how to quit
    assert [d.binding.key for d in declared if not d.binding.id] == ["ctrl+c"]
    # one screen or dialog per prefix: its bindings share it
    prefixes: dict[str, set[str]] = {}
    for d in declared:
        if d.binding.id:
            prefixes.setdefault(d.owner.__name__, set()).add(d.binding.id.split(".")[0])
    assert all(len(p) == 1 for p in prefixes.values()), prefixes


def test_a_remap_that_takes_a_key_or_shadows_a_global_one_is_named() -> None:
    declared = declared_bindings(StvdeskApp)
    assert check_keymap({"caseload.search": "ctrl+f"}, declared, None) == []
    (taken,) = check_keymap({"caseload.search": "h"}, declared, None)
    assert "Sagsstamme" in taken and "Afholdt" in taken and "caseload.hold" in taken
    (shadowed,) = check_keymap({"caseload.search": "f1"}, declared, None)
    assert "Hjælp" in shadowed and '"Søg" vinder' in shadowed
    # privacy acts on every screen, a dialog's too: a priority binding, it wins
    (shadowed,) = check_keymap({"caseload.search": "f4"}, declared, None)
    assert '"Søg" (caseload.search)' in shadowed and '"Privatliv" vinder' in shadowed
    # a screen switch is a priority binding: it wins over the screen's key
    (shadowed,) = check_keymap({"caseload.search": "f5"}, declared, None)
    assert '"Søg" (caseload.search)' in shadowed and '"Kalender" vinder' in shadowed
    (unknown,) = check_keymap({"caseload.serch": "ctrl+f"}, declared, Path("/etc/stvdesk.toml"))
    assert unknown.startswith('/etc/stvdesk.toml: taster."caseload.serch" findes ikke')


async def test_the_palette_lists_the_screens_keys_in_danish_and_runs_them(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("escape")  # the Sagsstamme opens in its search: to the list
        screen = app.screen
        assert isinstance(screen, CaseloadScreen)
        commands = {command.title: command.help for command in app.get_system_commands(screen)}
        described = {b.description for b in CaseloadScreen.BINDINGS if isinstance(b, Binding)}
        # Enter's "Til listen" acts in the search only: on the list it is no command
        assert described - {"Til listen"} <= commands.keys() and "Til listen" not in commands
        global_keys = [
            b for b in StvdeskApp.BINDINGS if isinstance(b, Binding) and b.id not in (None, "app.palette", "app.sync")
        ]
        assert {b.description for b in global_keys} <= commands.keys()
        assert "Synkronisér" not in commands  # only a laptop that syncs offers it
        assert commands["Hast?"] == "Vis hvad hastescoren består af (u)"  # explanation, then the key
        assert commands["Kalender"].endswith("(f5)")
        # Textual's own commands are English; each the desk keeps is offered in Danish instead.
        table = screen.query_one("#caseload")
        table.focus()
        textual_own = {command.title for command in App.get_system_commands(app, screen)}
        assert textual_own == {"Theme", "Quit", "Keys", "Maximize", "Screenshot"}  # Textual 8.2's
        commands = {command.title: command.help for command in app.get_system_commands(screen)}
        assert not textual_own & commands.keys()
        assert {"Skift tema", "Afslut", "Hjælp", "Forstør"} <= commands.keys()

        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, DeskPalette)
        assert app.screen.query_one(CommandInput).placeholder == PLACEHOLDER
        await pilot.press(*"qqqzzz")
        await pilot.pause(0.8)
        command_list = app.screen.query_one(CommandList)
        assert command_list.option_count == 1
        assert NO_MATCHES in str(command_list.get_option_at_index(0).prompt)
        app.screen.query_one(CommandInput).value = ""
        sort = screen.criteria.sort
        await pilot.press(*"Sortér")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        following = list(SortKey)[(list(SortKey).index(sort) + 1) % len(SortKey)]
        assert app.screen is screen and screen.criteria.sort is following
        table.focus()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"forstør")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and screen.maximized is table  # the list on the whole screen
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and screen.maximized is None


async def test_the_files_palette_adds_its_forms(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("escape")  # the Sagsstamme opens in its search: to the list
        await pilot.press("enter")
        await settle(pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Nyt journalnotat", "Nyt delmål", "Fane: Journal", "Tilbage", "Nyt møde"} <= titles


async def test_a_remapped_key_works_and_the_key_bar_help_and_palette_show_it(desk, tmp_path: Path) -> None:
    app = StvdeskApp(_with_keys(desk, tmp_path, '"caseload.search" = "ctrl+f"\n"app.agenda" = ["F11", "ctrl+k"]\n'))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("escape")  # the Sagsstamme opens in its search: to the list
        screen = app.screen
        assert isinstance(screen, CaseloadScreen)
        search = screen.query_one("#caseload-search", Input)
        screen.query_one("#caseload", DataTable).focus()
        await pilot.press("slash")  # the old key no longer searches here: it is the app's citizen finder
        await pilot.pause()
        assert not search.has_focus and isinstance(app.screen, DeskPalette)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert search.has_focus

        screen.query_one("#caseload", DataTable).focus()
        await pilot.pause()
        bar = str(screen.query_one(KeyBar).render())  # what fits 120 columns: the screen's keys, then help
        assert "^f Søg" in bar and "/ Søg" not in bar
        # every key the bar holds, shown where there is room (the desk-wide keys give way first)
        held = "  ".join(f"{key.display} {key.description}" for key in screen.query_one(KeyBar).shown)
        assert "f11 Kalender" in held and "f5 Kalender" not in held
        # in the place the screen gives the key, not moved to the end by the remap
        assert bar.index("Åbn") < bar.index("^f Søg") < bar.index("h Afholdt")
        assert held.index("Privatliv") < held.index("f11 Kalender") < held.index("Sommerplan")

        commands = {command.title: command.help for command in app.get_system_commands(screen)}
        assert commands["Søg"] == "Søg på navn eller CPR (^f)"
        assert commands["Kalender"].endswith("(f11/^k)")

        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = _help_rows(app)
        assert rows["Søg"] == "^f" and rows["Kalender"] == "f11/^k" and rows["Afholdt"] == "h"
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("f5")  # F5 is free now: it does nothing
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("ctrl+k")
        await settle(pilot)
        assert isinstance(app.screen, AgendaScreen)
        assert not [n for n in app._notifications if n.severity == "error"]


async def test_an_unknown_binding_id_gives_a_danish_settings_message(desk, tmp_path: Path) -> None:
    app = StvdeskApp(_with_keys(desk, tmp_path, '"caseload.serch" = "ctrl+f"\n'))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        (message,) = [n for n in app._notifications if n.title == "Indstillinger"]
        assert message.severity == "error"
        assert 'taster."caseload.serch" findes ikke' in message.message
        assert str(tmp_path / "config.toml") in message.message
        await pilot.press("f3")  # the desk works, with its own keys
        await settle(pilot)
        await pilot.press("escape")  # the Sagsstamme opens in its search: to the list
        assert isinstance(app.screen, CaseloadScreen)


async def test_ctrl_c_names_the_quit_key_as_it_is(desk, tmp_path: Path) -> None:
    app = StvdeskApp(_with_keys(desk, tmp_path, '"app.quit" = "ctrl+w"\n'))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert any("^w" in n.message for n in app._notifications)


async def test_help_lists_only_the_desks_own_keys_and_names_their_ids(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert not {"Focus Next", "Copy selected text", "Quit"} & titles  # Textual's own, in English
        await pilot.press("f1")
        await settle(pilot)
        rows = _help_rows(app)
        assert not {"Focus Next", "Copy selected text", "Quit"} & rows.keys()
        assert rows["Afholdt"] == "h" and rows["Hjælp"] == "F1/?" and rows["Kalender"] == "f5"
        await pilot.press("down")
        await settle(pilot)
        assert "min_dag.hold" in str(app.screen.query_one("#help-binding-id").render())


def test_a_remap_onto_a_text_fields_own_key_is_warned_of() -> None:
    declared = declared_bindings(StvdeskApp)
    (warning,) = field_keys_taken({"app.agenda": "f11,ctrl+k"}, declared, Path("/etc/stvdesk.toml"))
    assert warning.startswith('/etc/stvdesk.toml: taster."app.agenda" = ctrl+k: i et tekstfelt')
    assert "sletter til linjens slutning" in warning and '"Kalender"' in warning
    (warning,) = field_keys_taken({"meeting.finish": "ctrl+a"}, declared, None)
    assert "ctrl+a" in warning and "Afslut møde" in warning
    # the desk's own keys, a key no field uses, a letter (never a command in a field) and an
    # unknown id (check_keymap names it) are no such remap
    for keymap in ({"app.summer": "f6"}, {"caseload.search": "ctrl+f"}, {"app.caseload": "g"}, {"app.x": "ctrl+k"}):
        assert field_keys_taken(keymap, declared, None) == [], keymap


async def test_a_remapped_screen_key_gives_way_to_a_text_fields_own_key(desk, tmp_path: Path) -> None:
    """Seen: with Kalender remapped to ctrl+k, ctrl+k in a meeting's answer left the meeting where a
    text field deletes to the end of the line (and quitting on ctrl+w would have closed the desk on
    "delete the word before"). A priority key the jobcentre moved onto a field's own key keeps off
    it while a field has the focus (a letter is typed), the key bar leaves it out there, and it acts
    on the list; start-up says so, naming the setting."""
    from tests.ui.test_meeting import _citizen_in_placement, _go_to_item, _start_meeting

    citizen, _placement = _citizen_in_placement(desk)
    taster = '"app.agenda" = ["F11", "ctrl+k"]\n"app.quit" = "ctrl+w"\n"app.caseload" = ["f3", "ctrl+u", "x"]\n'
    app = StvdeskApp(_with_keys(desk, tmp_path, taster))
    async with app.run_test(size=SIZE) as pilot:
        meeting = await _start_meeting(pilot, citizen.id)
        (warning,) = [n for n in app._notifications if n.title == "Indstillinger" and n.severity == "warning"]
        assert all(f'taster."{i}"' in warning.message for i in ("app.agenda", "app.quit", "app.caseload"))
        assert str(tmp_path / "config.toml") in warning.message and "ctrl+k" in warning.message
        await _go_to_item(pilot, meeting, "jobmaal")
        answer = meeting._answer
        assert isinstance(answer, Input)
        answer.focus()
        await pilot.press(*"Lager med truck")
        await pilot.press("ctrl+w")  # the word before the cursor, not quitting
        await settle(pilot)
        assert app.is_running and app.screen is meeting and answer.value == "Lager med "
        await pilot.press("ctrl+a", "x", "ctrl+e", "left", "left", "ctrl+k")  # x is typed; then to the end
        await settle(pilot)
        assert app.screen is meeting and answer.value == "xLager me"
        await pilot.press("ctrl+u")  # the line before the cursor, not the Sagsstamme
        await settle(pilot)
        assert app.screen is meeting and answer.value == ""
        held = "  ".join(f"{key.display} {key.description}" for key in meeting.query_one(KeyBar).shown)
        assert "f11 Kalender" in held and "^k" not in held and "^u" not in held and "^w" not in held
        # the desk's own screen keys still act from the field
        await pilot.press("f3")
        await settle(pilot)
        caseload = app.screen
        assert isinstance(caseload, CaseloadScreen) and caseload.query_one("#caseload-search", Input).has_focus
        await pilot.press(*"ab", "ctrl+k")  # in the search too
        await settle(pilot)
        assert app.screen is caseload and caseload.query_one("#caseload-search", Input).value == "ab"
        await pilot.press("escape")  # on the list the remapped key acts
        await settle(pilot)
        assert caseload.query_one("#caseload", DataTable).has_focus
        held = "  ".join(f"{key.display} {key.description}" for key in caseload.query_one(KeyBar).shown)
        assert "^w Afslut" in held  # on the list the bar has the remapped keys again
        await pilot.press("ctrl+k")
        await settle(pilot)
        assert isinstance(app.screen, AgendaScreen)


def test_every_key_textual_itself_shows_on_the_bar_is_said_in_danish() -> None:
    """Seen in tmux: a meeting form's open choice list put "esc Dismiss menu" on the key bar.
    Every binding of Textual's own widgets that the bar would show has the desk's words."""
    import importlib
    import inspect
    import pkgutil

    import textual.command
    import textual.widgets
    from textual.binding import Binding

    from stvdesk.widgets.keybar import TEXTUAL_WORDS

    modules = [textual.command] + [
        importlib.import_module(f"textual.widgets.{info.name}")
        for info in pkgutil.iter_modules(textual.widgets.__path__)
    ]
    shown = {
        binding.description
        for module in modules
        for _name, cls in inspect.getmembers(module, inspect.isclass)
        for declared in getattr(cls, "BINDINGS", [])
        for binding in [declared if isinstance(declared, Binding) else Binding(*declared)]
        if binding.show and binding.description
    }
    assert shown and shown <= set(TEXTUAL_WORDS), sorted(shown - set(TEXTUAL_WORDS))
