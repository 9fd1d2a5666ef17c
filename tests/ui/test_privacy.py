"""Privacy mode (F4) everywhere: the "Ret stamdata" form, the palette and a notification show no
name and no CPR digit of the citizen, and saving the form while private stores the name and the
CPR number unchanged (the masks are never values)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import Session
from textual.widgets import Select

from stvdesk.app import StvdeskApp
from stvdesk.db.models import Citizen
from stvdesk.domain.enums import Readiness
from stvdesk.domain.privacy import HIDDEN_CPR, HIDDEN_NAME, redact, shown_cpr
from stvdesk.screens.citizen_file import CitizenFileScreen
from stvdesk.widgets.form import PRIVATE_HINT, FormModal
from stvdesk.widgets.palette import DeskPalette
from tests.ui.helpers import SIZE, settle


def leaks(text: str, citizen: Citizen) -> list[str]:
    """What of the citizen `text` shows: a name, the mail (it holds the name), CPR digits."""
    parts = [citizen.first_name, citizen.last_name, citizen.email, citizen.cpr[:6], citizen.cpr[6:]]
    return [part for part in parts if part and part in text]


def stored(desk, citizen_id) -> Citizen:
    with Session(desk.engine, expire_on_commit=False) as session:
        found = session.get(Citizen, citizen_id)
        assert found is not None
        return found


async def open_form(pilot) -> FormModal:
    await pilot.press("e")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, FormModal) and form.title_text == "Ret stamdata"
    return form


async def test_privacy_hides_the_citizen_in_the_form_the_palette_and_a_toast(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("escape")  # the Sagsstamme opens in its search: to the list
        await pilot.press("enter")
        await app.settled()
        screen = app.screen
        assert isinstance(screen, CitizenFileScreen)
        await screen.settled()
        citizen = stored(desk, screen.loaded.citizen.id)

        # Privacy off: the form shows the citizen (so the checks below can see a leak at all).
        await open_form(pilot)
        assert leaks(app.export_screenshot(), citizen)
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("f4")
        await settle(pilot)
        assert app.privacy

        # The form: every private field as its mask, read-only, with the Danish hint.
        form = await open_form(pilot)
        shot = app.export_screenshot()
        assert leaks(shot, citizen) == []
        assert HIDDEN_CPR in shot and HIDDEN_NAME in shot
        assert PRIVATE_HINT.split(":")[0].replace(" ", "&#160;") in shot
        assert all(form.query_one(f"#f-{name}").disabled for name in ("cpr", "first_name", "last_name", "email"))
        # Saving while private: a visible field changed, the hidden ones stored as they were.
        form.query_one("#f-readiness", Select).value = Readiness.FAR
        await pilot.press("ctrl+s")
        await settle(pilot)
        await screen.settled()
        assert not isinstance(app.screen, FormModal)
        after = stored(desk, citizen.id)
        assert after.readiness is Readiness.FAR  # the save ran
        assert (after.cpr, after.first_name, after.last_name, after.email, after.phone) == (
            citizen.cpr,
            citizen.first_name,
            citizen.last_name,
            citizen.email,
            citizen.phone,
        )

        # A notification that names the citizen (whoever wrote it) is cleaned of the name and CPR.
        app.notify(f"Gemt for {citizen.full_name} ({citizen.cpr[:6]}-{citizen.cpr[6:]})", title=citizen.last_name)
        await pilot.pause()
        said = [f"{n.title} {n.message}" for n in app._notifications]
        assert said and all(leaks(text, citizen) == [] for text in said)

        # The palette: its entries, the citizen finder's among them, show neither name nor CPR.
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, DeskPalette)
        await pilot.press(*citizen.last_name[:3])
        await settle(pilot)
        shot = app.export_screenshot()
        assert leaks(shot, citizen) == []
        assert HIDDEN_CPR in shot  # the finder found citizens and showed them hidden


DANISH = "abcdefghijklmnopqrstuvwxyzæøåABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ"


def words(text: str) -> set[str]:
    return {word.lower() for word in re.findall(r"\w+", text)}


@settings(max_examples=50, deadline=None)
@given(
    first=st.text(DANISH, min_size=2, max_size=12),
    last=st.text(DANISH, min_size=2, max_size=12),
    digits=st.text("0123456789", min_size=10, max_size=10),
    filler=st.sampled_from(["Gemt for {n} ({c}).", "{c}: {n} er oprettet", "Hvorfor haster {n}? {c}"]),
)
def test_redact_leaves_no_name_and_no_cpr_digits(first, last, digits, filler) -> None:
    text = filler.format(n=f"{first} {last}", c=f"{digits[:6]}-{digits[6:]}")
    shown = redact(text, [f"{first} {last}"])
    own_words = words(filler.format(n="", c=""))
    for part in (first, last):
        assert part.lower() not in words(shown) or part.lower() in own_words
    assert digits[:6] not in shown and digits[6:] not in shown
    assert shown_cpr(digits, True) == HIDDEN_CPR


async def test_f4_over_the_hold_dialog_hides_the_citizen_it_names(desk) -> None:
    """Seen in tmux: F4 with Min dag's `h` dialog open said PRIVATLIV in the header and left the
    citizen's name in the dialog's line."""
    from textual.widgets import Static

    from stvdesk.app import StvdeskApp
    from stvdesk.screens.hold_follow_up import HoldFollowUpModal
    from tests.ui.helpers import SIZE, settle

    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        line = next(line for line in app.screen.overview.lines if line.citizen_id is not None)
        while app.screen.selected_line() is not line:
            await pilot.press("down")
        await pilot.press("h")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, HoldFollowUpModal)
        shown = lambda: str(dialog.query_one("#hold-description", Static).render())  # noqa: E731
        assert line.citizen_name in shown()
        await pilot.press("f4")
        await settle(pilot)
        assert app.privacy and line.citizen_name not in shown()
        await pilot.press("f4")
        await settle(pilot)
        assert line.citizen_name in shown()
