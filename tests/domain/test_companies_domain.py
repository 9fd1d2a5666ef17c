"""CVR numbers, matching, progression trend and company flags."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stvdesk.domain.company_flags import company_silent, zero_ordinary_hours
from stvdesk.domain.cvr import WEIGHTS, CvrError, cvr_checks, parse_cvr, parse_optional_cvr
from stvdesk.domain.enums import PlacementKind
from stvdesk.domain.matching import (
    CitizenFacts,
    CompanyFacts,
    Goal,
    industry_fit,
    score_citizen,
    score_company,
)
from stvdesk.domain.progression import MonthRating, sparkline, trend_word


def _with_check(head: list[int]) -> str | None:
    # strict=False: the head has no check digit, so the last weight goes unused
    remainder = sum(d * w for d, w in zip(head, WEIGHTS, strict=False)) % 11
    check = (11 - remainder) % 11
    return None if check == 10 else "".join(map(str, head)) + str(check)


@given(st.integers(1, 9), st.lists(st.integers(0, 9), min_size=6, max_size=6))
def test_every_number_with_the_right_check_digit_is_read(first, rest) -> None:
    number = _with_check([first, *rest])
    if number is None:
        return
    assert parse_cvr(number) == number
    assert parse_cvr(f"DK {number[:4]} {number[4:]}") == number


@given(st.integers(1, 9), st.lists(st.integers(0, 9), min_size=6, max_size=6), st.integers(0, 7), st.integers(1, 9))
def test_one_changed_digit_is_caught(first, rest, position, delta) -> None:
    number = _with_check([first, *rest])
    if number is None:
        return
    digits = list(map(int, number))
    digits[position] = (digits[position] + delta) % 10
    changed = "".join(map(str, digits))
    if changed[0] == "0":
        return
    assert not cvr_checks(changed)  # weights are all non-zero mod 11, so one digit always shows


@given(st.text(max_size=12))
def test_parse_cvr_reads_or_says_why_in_danish(text) -> None:
    try:
        assert len(parse_cvr(text)) == 8
    except CvrError as exc:
        assert str(exc)


def test_cvr_messages() -> None:
    with pytest.raises(CvrError, match="begynder ikke med 0"):
        parse_cvr("01234567")
    assert parse_optional_cvr("  ") is None


def test_industry_fit_uses_the_vocabulary_and_shared_stems() -> None:
    assert industry_fit("Lagermedarbejder", "Lager") == "lager"
    assert industry_fit("Truckfører", "Transport og logistik") == "truck"
    assert industry_fit("Truckfører", "Rengøring") is None
    assert industry_fit("Kok", "Kantine og køkken") == "kok"
    assert industry_fit("Cykelmekaniker", "Cykelværksted") == "cykel"


def test_score_company_ranks_c_goals_and_openings_and_says_why() -> None:
    goals = (Goal("A", "Tømrer"), Goal("C", "Lagermedarbejder"))
    lager = score_company(
        goals, CompanyFacts("Lager", open_openings=(("Lagermedarbejder", 12.0),), citizens_given_ordinary_hours=2)
    )
    byggeri = score_company(goals, CompanyFacts("Byggeri"))
    assert lager.score > byggeri.score
    assert lager.reasons[0] == "Branchen (Lager) passer til C-målet »Lagermedarbejder«"
    assert score_company(goals, CompanyFacts("Rengøring")) is None


def test_score_citizen_needs_readiness_and_a_fitting_goal() -> None:
    goals = (Goal("C", "Rengøringsassistent"),)
    assert score_citizen(CitizenFacts(goals, "laengere_fra"), "Rengøring") is None
    assert score_citizen(CitizenFacts(goals, "klar"), "Lager") is None
    ready = score_citizen(CitizenFacts(goals, "klar"), "Rengøring")
    close = score_citizen(CitizenFacts(goals, "taet_paa", in_placement=True), "Rengøring")
    assert ready.score > close.score and "Er ikke i forløb nu" in ready.reasons


def test_sparkline_and_trend() -> None:
    assert sparkline([1, 3, 5, None]) == "▁▅█·"
    assert trend_word([2.0, 3.0]) == "fremgang" and trend_word([3.0, 3.1]) == "stabil"
    assert trend_word([4.0, 3.0]) == "tilbagegang" and trend_word([3.0]) == "for få målinger"
    assert MonthRating(date(2026, 11, 1), {"attendance": 4, "tasks": None, "cooperation": 2}).mean == 3.0


@given(st.lists(st.one_of(st.none(), st.floats(0, 6)), max_size=12))
def test_sparkline_has_one_character_per_month(values) -> None:
    assert len(sparkline(values)) == len(values)


def test_flag_rules() -> None:
    today = date(2026, 11, 24)
    assert zero_ordinary_hours(PlacementKind.INTERNSHIP, date(2026, 8, 24), 0, today)
    assert not zero_ordinary_hours(PlacementKind.INTERNSHIP, date(2026, 8, 25), 0, today)
    assert not zero_ordinary_hours(PlacementKind.INTERNSHIP, date(2026, 1, 1), 2, today)
    assert not zero_ordinary_hours(PlacementKind.ORDINARY_JOB, date(2026, 1, 1), 0, today)
    assert company_silent(None, today) and company_silent(date(2026, 10, 24), today)
    assert not company_silent(date(2026, 10, 25), today)
