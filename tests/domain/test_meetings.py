"""Reading answers and the rules for finishing a meeting."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stvdesk.domain.meetings import ItemKind, agreement_problems, finish_problems, parse_answer
from stvdesk.domain.parse import ParseError

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        (ItemKind.CHECK, "ja", True),
        (ItemKind.CHECK, "Nej", False),
        (ItemKind.CHECK, "", None),
        (ItemKind.NUMBER, "7,5", 7.5),
        (ItemKind.NUMBER, " 12 ", 12.0),
        (ItemKind.RATING, "3", 3),
        (ItemKind.TEXT, "  hej ", "hej"),
        (ItemKind.DATE, "1-12-2026", date(2026, 12, 1)),
        (ItemKind.DATE, "i dag", TODAY),
    ],
)
def test_parse_answer_reads_what_was_typed(kind, text, expected) -> None:
    assert parse_answer(kind, text, today=TODAY) == expected


def test_choice_answers_match_an_option_whatever_the_case() -> None:
    assert parse_answer(ItemKind.CHOICE, "delvist", ("Ja", "Delvist")) == "Delvist"
    with pytest.raises(ParseError, match="Vælg en af"):
        parse_answer(ItemKind.CHOICE, "måske", ("Ja", "Nej"))


@given(st.text(max_size=20), st.sampled_from(list(ItemKind)))
def test_parse_answer_either_reads_or_says_why_in_danish(text, kind) -> None:
    try:
        value = parse_answer(kind, text, ("Ja", "Nej"), today=TODAY)
    except ParseError as exc:
        assert str(exc)
        return
    if kind is ItemKind.RATING and value is not None:
        assert 1 <= value <= 5
    if not text.strip():
        assert value is None


@given(
    st.integers(min_value=0, max_value=5),
    st.booleans(),
    st.one_of(st.none(), st.integers(min_value=-30, max_value=60)),
    st.integers(min_value=-10, max_value=3),
)
def test_finish_needs_an_agreement_or_none_and_a_next_date(agreements, none, next_offset, held_offset) -> None:
    next_on = None if next_offset is None else TODAY + timedelta(days=next_offset)
    held_on = TODAY + timedelta(days=held_offset)
    problems = finish_problems(
        agreements=agreements, no_agreements=none, next_follow_up_on=next_on, held_on=held_on, today=TODAY
    )
    ok = ((agreements > 0) != none) and next_on is not None and next_on >= TODAY and held_on <= TODAY
    assert (problems == []) == ok


def test_agreement_needs_text_and_no_past_deadline() -> None:
    assert agreement_problems("", None, TODAY) == {"text": "Skriv hvad der er aftalt."}
    assert "deadline" in agreement_problems("Ring", TODAY - timedelta(days=1), TODAY)
    assert agreement_problems("Ring", TODAY, TODAY) == {}
