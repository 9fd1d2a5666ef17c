"""The access log's chain as a pure rule: intact chains pass; any single change,
removal or swap is found."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from stvdesk.domain.audit import (
    GENESIS,
    ChainedEvent,
    chain_problems,
    event_digest,
    iso_utc,
    search_criterion,
    uuid_text,
)

texts = st.text(max_size=30)


@st.composite
def chains(draw) -> list[ChainedEvent]:
    events, previous = [], GENESIS
    for seq in range(1, draw(st.integers(1, 8)) + 1):
        fields = {
            "seq": seq,
            "at": iso_utc(datetime(2026, 11, 24, 8, tzinfo=UTC)),
            "worker_id": str(uuid.UUID(int=draw(st.integers(0, 2**32)))),
            "device": draw(texts),
            "action": draw(st.sampled_from(["view", "search", "export", "change"])),
            "citizen_id": draw(st.sampled_from(["", str(uuid.UUID(int=7))])),
            "criterion": draw(texts),
            "purpose": draw(texts),
            "prev_hash": previous,
        }
        digest = event_digest(**fields)
        events.append(ChainedEvent(**fields, hash=digest))
        previous = digest
    return events


@settings(max_examples=200)
@given(chains())
def test_an_intact_chain_has_no_problems(events) -> None:
    assert chain_problems(events) == []


@settings(max_examples=200)
@given(chains(), st.data())
def test_any_changed_field_is_found(events, data) -> None:
    index = data.draw(st.integers(0, len(events) - 1))
    field = data.draw(st.sampled_from(["device", "action", "citizen_id", "criterion", "purpose", "worker_id", "at"]))
    original = getattr(events[index], field)
    changed = original + "x" if field != "at" else iso_utc(datetime(2026, 11, 25, tzinfo=UTC))
    tampered = [*events[:index], replace(events[index], **{field: changed}), *events[index + 1 :]]
    problems = chain_problems(tampered)
    assert problems and f"Hændelse {events[index].seq} er ændret" in problems[0]


@settings(max_examples=200)
@given(chains(), st.data())
def test_a_removed_event_is_found(events, data) -> None:
    index = data.draw(st.integers(0, len(events) - 1))
    assert chain_problems(events[:index] + events[index + 1 :]) != [] or index == len(events) - 1


def test_a_cpr_search_is_logged_keyed_hashed_and_a_name_search_as_typed() -> None:
    key = b"k" * 32
    logged = search_criterion("010190-1234", key)
    assert "0101901234" not in logged and "010190" not in logged and logged.startswith("CPR-søgning #")
    assert search_criterion("0101901234", key) == logged  # the same number, however typed
    assert search_criterion("010190-1234", b"o" * 32) != logged  # another database's key
    assert search_criterion("  hansen ", key) == "hansen"


def test_the_stored_forms_are_read_alike() -> None:
    u = uuid.uuid4()
    assert uuid_text(u.hex) == uuid_text(u) == str(u) and uuid_text(None) == ""
    assert iso_utc("2026-11-24 08:00:00.000000") == iso_utc(datetime(2026, 11, 24, 8, tzinfo=UTC))
