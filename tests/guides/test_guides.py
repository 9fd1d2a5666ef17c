"""The built-in guides against the schema; broken local guides reported with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stvdesk.domain.enums import FollowUpKind, Phase
from stvdesk.domain.meetings import ItemKind, parse_answer
from stvdesk.guides.loader import BUILTIN_DIR, EARLIER_DIR, load_guides, parse_guide
from stvdesk.guides.schema import FILL_CHOICES, FILL_TARGETS

REQUIRED = {
    "foerste_samtale",
    "abc_plan",
    "trepart",
    "virksomhed_foerste",
    "maanedlig_opfoelgning",
    "eftervaern",
    "sommerplan",
    "trepart_opfoelgning",
    "samtale_forloeb",
    "virksomhed_opfoelgning",
}


def test_every_built_in_guide_loads_against_the_schema(tmp_path: Path) -> None:
    library = load_guides(tmp_path / "none")
    assert library.problems == []
    assert {g.id for g in library.guides} >= REQUIRED
    assert len(list(BUILTIN_DIR.glob("*.toml"))) == len(library.guides) >= 7
    for guide in library.guides:
        assert guide.origin == "indbygget" and guide.version >= 1 and guide.title
        assert guide.audience in ("borger", "virksomhed", "trepart")
        ids = [item.id for item in guide.items]
        assert len(ids) == len(set(ids))
        for item in guide.items:
            if item.fills:
                assert FILL_TARGETS[item.fills][0] is item.kind
        # Every guide ends by setting the next date (a meeting cannot be finished without one).
        assert "follow_up.next_date" in {item.fills for item in guide.items}
        # A meeting keeps its guide's id and version: every earlier version still loads.
        for version in range(1, guide.version):
            assert (guide.id, version) in library.versions, (guide.id, version)
    assert len(library.versions) == len(library.guides) + len(list(EARLIER_DIR.glob("*.toml")))


def test_the_guides_follow_the_reports_and_say_where() -> None:
    """Retention (002, table 5-1: "Fastholdelse i virksomheder") is in the guides for the phases of
    a running placement, aftercare offers the open door to citizen and company, and an item that
    follows a rule of the reports names its source in its help."""
    library = load_guides()
    for guide_id in ("maanedlig_opfoelgning", "trepart_opfoelgning"):
        helps = [item.help for item in library.get(guide_id).items]
        assert sum("002, tabel 5-1 (fastholdelse)" in h for h in helps) >= 3, guide_id
    aftercare = library.get("eftervaern")
    offer = [item for item in aftercare.items if "åbent tilbud" in item.help]
    assert len(offer) == 2 and all(item.kind.value == "check" for item in offer)
    company = library.get("virksomhed_opfoelgning")
    assert {"kapacitet", "ordinaere_taget_op", "jobaabninger"} <= {item.id for item in company.items}
    routine = library.get("samtale_forloeb")
    assert "4–6 ugers kadence" in routine.item("naeste_samtale").help
    for guide in library.guides:
        for item in guide.items:
            if item.help.startswith(("000", "002")) or "tabel 5-1" in item.help:
                assert any(s in item.help for s in ("000, 4.", "002, tabel 5-1", "002, efter tabel 5-1")), item


def test_readiness_is_a_choice_of_the_readiness_labels() -> None:
    library = load_guides()
    filled = [(guide.id, item) for guide in library.guides for item in guide.items if item.fills == "citizen.readiness"]
    assert {guide_id for guide_id, _ in filled} >= {"foerste_samtale", "samtale_forloeb"}
    for _guide_id, item in filled:
        assert item.options == FILL_CHOICES["citizen.readiness"] == ("Klar", "Tæt på", "Længere fra")


def test_the_three_party_meeting_is_a_match_meeting_and_a_follow_up_one() -> None:
    """The match meeting at the start of a placement keeps the id 'trepart' (version 2), so the
    meetings held with version 1 still find theirs; the follow-up three-party meeting is its own."""
    library = load_guides()
    match = library.get("trepart")
    assert match.version == 2 and match.phases == (Phase.MATCH,)
    fills = {item.fills for item in match.items}
    assert {"placement.hours_per_week", "placement.ordinary_hours_per_week", "plan_step.new"} <= fills
    assert [s.title for s in match.sections][:3] == ["Formål og roller", "Borgerens mål", "Forventninger og opgaver"]
    follow_up = library.get("trepart_opfoelgning")
    assert {"placement.ordinary_hours_per_week", "progress.description"} <= {i.fills for i in follow_up.items}
    for guide in (match, follow_up):
        assert guide.meeting_kind is FollowUpKind.THREE_PARTY and guide.audience == "trepart"
    assert library.suggest(FollowUpKind.THREE_PARTY, Phase.MATCH)[0].id == "trepart"
    assert library.suggest(FollowUpKind.THREE_PARTY, Phase.RETENTION)[0].id == "trepart_opfoelgning"
    old = library.get("trepart", 1)
    assert old is not None and old.title == "Trepartssamtale" and old.item("fremmoede") is not None
    assert "trepart" in [g.id for g in library.guides] and old not in library.guides


def test_the_income_calculator_is_an_item_where_ordinary_hours_are_agreed() -> None:
    """002, table 5-1 (help to work out the income from ordinary hours): the match meeting, the
    follow-up three-party meeting and the monthly follow-up have an income item right after the
    ordinary hours, in the versions of the guides that were new with it; the earlier versions of
    the guides, which stored meetings refer to, are unchanged."""
    library = load_guides()
    for guide_id, section, after in (
        ("trepart", "Timer og ordinære timer", "ordinaere_timer"),
        ("trepart_opfoelgning", "Timestigen", "ordinaere_fremover"),
        ("maanedlig_opfoelgning", "Næste trin på timestigen", "ordinaere_fremover"),
    ):
        guide = library.get(guide_id)
        [found] = [s for s in guide.sections if s.title == section]
        ids = [item.id for item in found.items]
        assert ids[ids.index(after) + 1] == "indkomst", guide_id
        item = guide.item("indkomst")
        assert item is not None and item.kind is ItemKind.INCOME and item.fills is None
        assert "002, tabel 5-1" in item.help
    for guide_id in ("trepart", "maanedlig_opfoelgning"):
        old = library.get(guide_id, 1)
        assert old is not None and old.item("indkomst") is None
    assert parse_answer(ItemKind.INCOME, " Skøn: linje 1\nlinje 2 ") == "Skøn: linje 1\nlinje 2"


def test_suggest_puts_the_guide_for_the_meeting_kind_first() -> None:
    library = load_guides()
    assert library.suggest(FollowUpKind.AFTERCARE, Phase.AFTERCARE)[0].id == "eftervaern"
    assert library.suggest(FollowUpKind.PLACEMENT_FOLLOW_UP, Phase.PROGRESSION)[0].id == "maanedlig_opfoelgning"
    assert library.suggest(FollowUpKind.CONVERSATION, Phase.RELATIONSHIP)[0].id == "foerste_samtale"
    assert library.suggest(FollowUpKind.COMPANY_VISIT, Phase.MATCH)[0].id == "virksomhed_foerste"
    assert library.suggest(FollowUpKind.COMPANY_VISIT, Phase.RETENTION)[0].id == "virksomhed_opfoelgning"


GOOD = """id = "min_guide"
version = 2
title = "Egen guide"
audience = "borger"
phases = ["relation"]

[[sections]]
title = "Et afsnit"

[[sections.items]]
id = "a"
kind = "text"
text = "Spørgsmål"
"""


def test_a_local_guide_loads_beside_the_built_in_ones(tmp_path: Path) -> None:
    (tmp_path / "egen.toml").write_text(GOOD, encoding="utf-8")
    library = load_guides(tmp_path)
    guide = library.get("min_guide")
    assert guide.origin == str(tmp_path / "egen.toml") and guide.version == 2
    assert library.problems == []


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (GOOD.replace('kind = "text"', 'kind = "slider"'), 12, "Ukendt type 'slider'"),
        (GOOD.replace('audience = "borger"', 'audience = "alle"'), 4, "'audience' skal være en af"),
        (GOOD.replace("version = 2", 'version = "to"'), 2, "'version' skal være et helt tal"),
        (GOOD.replace('title = "Egen guide"', 'title = "Egen guide'), 3, "Ikke gyldig TOML"),
        (
            GOOD.replace('text = "Spørgsmål"', 'text = "Spørgsmål"\nfills = "placement.hours_per_week"'),
            14,
            "'placement.hours_per_week' skal udfyldes af et punkt af typen number",
        ),
        (GOOD.replace('text = "Spørgsmål"', 'text = "Spørgsmål"\nfills = "borger.navn"'), 14, "Ukendt felt i 'fills'"),
        (GOOD.replace('kind = "text"', 'kind = "choice"'), 10, "mindst to tekster"),
        (
            GOOD.replace(
                'kind = "text"\ntext = "Spørgsmål"',
                'kind = "choice"\ntext = "Parathed"\noptions = ["Klar", "Snart"]\nfills = "citizen.readiness"',
            ),
            14,
            "kan kun vælge mellem Klar, Tæt på, Længere fra (ikke Snart)",
        ),
        (GOOD.replace('phases = ["relation"]', 'phases = ["ferie"]'), 5, "Ukendt fase 'ferie'"),
        (GOOD + '\n[[sections.items]]\nid = "a"\nkind = "check"\ntext = "Igen"\n', 16, "findes to gange"),
        (GOOD.replace('id = "a"', 'id = "a"\ncolour = "red"'), 12, "Ukendt nøgle 'colour'"),
        (
            GOOD.replace(
                '[[sections]]\ntitle = "Et afsnit"\n\n[[sections.items]]\nid = "a"\nkind = "text"\n'
                'text = "Spørgsmål"\n',
                "",
            ),
            1,
            "mindst ét afsnit",
        ),
    ],
)
def test_a_broken_local_guide_is_reported_with_file_and_line(tmp_path: Path, text, line, words) -> None:
    (tmp_path / "egen.toml").write_text(text, encoding="utf-8")
    (tmp_path / "god.toml").write_text(GOOD.replace("min_guide", "anden"), encoding="utf-8")
    library = load_guides(tmp_path)
    assert len(library.problems) >= 1
    problem = library.problems[0]
    assert problem.path == str(tmp_path / "egen.toml")
    assert words in problem.message
    assert problem.line == line, str(problem)
    assert str(problem).startswith(f"{tmp_path / 'egen.toml'}, linje {line}: ")
    # the others still load
    assert library.get("anden") is not None and library.get("trepart") is not None
    assert library.get("min_guide") is None


def test_a_file_that_is_not_utf8_and_a_duplicate_version_are_problems(tmp_path: Path) -> None:
    (tmp_path / "latin1.toml").write_bytes(GOOD.replace("Spørgsmål", "Sp\xf8rgsm\xe5l").encode("latin-1"))
    (tmp_path / "trepart.toml").write_text((BUILTIN_DIR / "trepart.toml").read_text(encoding="utf-8"), encoding="utf-8")
    library = load_guides(tmp_path)
    messages = [str(p) for p in library.problems]
    assert any("UTF-8" in m for m in messages)
    assert any("'trepart' version 2 findes allerede (indbygget)" in m and ", linje 8:" in m for m in messages)
    assert library.get("trepart").origin == "indbygget"


def test_a_newer_local_version_replaces_the_built_in_one_but_the_old_stays_reachable(tmp_path: Path) -> None:
    text = (BUILTIN_DIR / "trepart.toml").read_text(encoding="utf-8").replace("version = 2", "version = 3")
    (tmp_path / "trepart.toml").write_text(text, encoding="utf-8")
    library = load_guides(tmp_path)
    assert library.get("trepart").version == 3
    assert library.get("trepart", 2).origin == library.get("trepart", 1).origin == "indbygget"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_a_guide_or_problems_with_real_lines(text: str) -> None:
    guide, problems = parse_guide(text, "x.toml", "x.toml")
    assert (guide is None) == bool(problems)
    for problem in problems:
        assert 1 <= problem.line <= max(1, len(text.splitlines()) + 1)
        assert problem.message


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["id", "version", "title", "audience", "phases", "sections", "x"]),
        st.one_of(
            st.text(max_size=5),
            st.integers(),
            st.lists(st.text(max_size=3), max_size=3),
            st.lists(st.dictionaries(st.text(max_size=5), st.text(max_size=5)), max_size=2),
        ),
    )
)
def test_any_data_shape_is_checked_without_crashing(data) -> None:
    from stvdesk.guides.schema import guide_from_data

    guide, errors = guide_from_data(data)
    assert (guide is None) == bool(errors)


def test_a_local_guide_with_escape_sequences_is_read_clean() -> None:
    """A guide is text from outside too: TOML can carry any control character as \\u001b."""
    text = (BUILTIN_DIR / "abc_plan.toml").read_text(encoding="utf-8")
    text = text.replace('title = "ABC-plan', 'title = "\\u001b]0;overtaget\\u0007\\u001b[2JABC-plan\\u202e', 1)
    text = text.replace('text = "Hvilket job', 'text = "\\u001b[31mHvilket job', 1)
    guide, problems = parse_guide(text, "abc_plan.toml", "lokal")
    assert guide is not None and problems == []
    assert guide.title == "ABC-plan – samtale om jobmål"
    assert guide.sections[0].items[0].text == "Hvilket job drømmer borgeren om?"
