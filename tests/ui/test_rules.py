"""The method's rules on the desk: Min dag, help's Metoderegler page and the file, all by the settings."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static, TabbedContent

from stvdesk.app import StvdeskApp
from stvdesk.domain.rules import catalogue, short_name
from stvdesk.screens.citizen_file import CitizenFileScreen
from stvdesk.screens.help import HelpScreen
from stvdesk.screens.min_dag import MinDagScreen
from stvdesk.settings import load_settings
from stvdesk.widgets.form import FormModal
from tests.ui.helpers import SIZE, settle

CONFIG = """\
[caseload]
S = [30, 40]

[cadence]
conversation_max_days = 60
aftercare_days = 7
aftercare_months = 6
"""


async def test_the_desk_applies_and_names_the_rules_in_force(desk, tmp_path: Path) -> None:
    """000, 4.7 SPOR 3 (30–45, here set to 30–40: a load over the band is the warning, its rule
    named, the reports' other figures beside it); 002 after table 5-1 (six weeks without contact,
    here 60 days); 002 table 5-1, Efterværn ("i en periode": the local 7 days × 6 months are what
    closing a case proposes); a placement past its planned end is counted on Min dag; F1's
    Metoderegler page lists every rule with the value in force."""
    config = tmp_path / "config.toml"
    config.write_text(CONFIG, encoding="utf-8")
    desk.settings = load_settings(config, env={})
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MinDagScreen) and screen.overview is not None
        gaps = screen.overview.gaps
        band = str(screen.query_one("#caseload-band", Static).render())
        assert f"{gaps.caseload} borgere – {gaps.caseload - 40} over båndet 30–40" in band
        assert "(regel: Sagsstammens bånd)" in band and "Praksis S 40–50 (000, 4.4)" in band
        warned = str(screen.query_one("#caseload-gaps", Static).render())
        assert f"Ingen kontakt 60 d: {gaps.without_contact_6_weeks}" in warned
        assert f"Over planlagt slut: {gaps.past_planned_end}" in warned and gaps.past_planned_end > 0
        for rule_id in ("opf.praktik_maks", "opf.ingen_kontakt", "vk.ventetid", "forloeb.over_slut"):
            assert short_name(rule_id) in warned and rule_id not in warned  # named in Danish

        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("m")
        await pilot.pause()
        assert app.screen.query_one("#help-pages", TabbedContent).active == "help-rules"
        shown = app.screen.rules
        assert [rule.id for rule in shown] == [rule.id for rule in catalogue()]
        changed = {rule.id for rule in shown if rule.changed}
        assert changed == {"sagsstamme.baand", "opf.ingen_kontakt", "eftervaern.interval", "eftervaern.maaneder"}
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("enter")  # the first follow-up's citizen
        await settle(pilot)
        assert isinstance(app.screen, CitizenFileScreen)
        await pilot.press("l")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal)
        intro = str(form.query_one("#form-intro", Static).render())
        assert "hver 7. dag i 6 måneder" in intro and "(regel: Efterværnets opkald, Efterværnets længde)" in intro
