"""The merge rules a server applies to a laptop's change (stvdesk.domain.sync), as properties."""

from __future__ import annotations

import importlib
from datetime import UTC

import hypothesis.strategies as st
from hypothesis import given

from stvdesk.domain.sync import edited_since, edits_deleted_row, merge_update

COLUMNS = ("phone", "email", "text", "status")
values = st.sampled_from(["a", "b", "c", None])
rows = st.fixed_dictionaries(dict.fromkeys(COLUMNS, values))


@given(base=rows, theirs=rows, mine=st.dictionaries(st.sampled_from(COLUMNS), values, min_size=1))
def test_a_field_goes_in_or_conflicts_never_both_and_never_silently_lost(base, theirs, mine) -> None:
    result = merge_update(base, mine, theirs)
    assert not set(result.apply) & set(result.conflicts)
    for column, new in mine.items():
        if theirs[column] == new:
            assert column not in result.apply and column not in result.conflicts  # nothing to do
        elif theirs[column] == base[column]:
            assert result.apply[column] == new  # unchanged on the server: the laptop's goes in
        else:
            assert column in result.conflicts  # both changed it, differently: the worker chooses


@given(base=rows, mine=st.dictionaries(st.sampled_from(COLUMNS), values, min_size=1))
def test_changes_made_against_what_the_server_holds_all_go_in(base, mine) -> None:
    result = merge_update(base, mine, dict(base))
    assert result.conflicts == []
    assert result.apply == {c: v for c, v in mine.items() if v != base[c]}


@given(base=rows, new=values)
def test_stamps_go_along_only_with_a_real_change(base, new) -> None:
    column = COLUMNS[0]
    stamped = merge_update(base, {"updated_at": "t1", column: new}, dict(base), stamps=frozenset({"updated_at"}))
    assert ("updated_at" in stamped.apply) == (new != base[column])
    alone = merge_update(base, {"updated_at": "t1"}, dict(base), stamps=frozenset({"updated_at"}))
    assert alone.apply == {} and alone.conflicts == []


@given(base=rows, theirs=rows)
def test_a_delete_conflicts_exactly_when_the_server_changed_the_row_since(base, theirs) -> None:
    changed = edited_since(base, theirs)
    assert changed == sorted(c for c in COLUMNS if base[c] != theirs[c])


def test_an_edit_to_a_row_deleted_since_is_a_conflict_unless_it_undeletes() -> None:
    assert edits_deleted_row({"deleted_at": None}, {"text": "x"}, {"deleted_at": "2026-11-24"})
    assert not edits_deleted_row({"deleted_at": None}, {"deleted_at": None, "text": "x"}, {"deleted_at": "t"})
    assert not edits_deleted_row({"deleted_at": None}, {"text": "x"}, {"deleted_at": None})


def test_the_servers_change_feed_covers_exactly_the_tables_a_laptop_receives() -> None:
    from stvdesk.sync.tables import PULLED, PUSHED

    migration = importlib.import_module("stvdesk.db.migrations.versions.0012_sync")
    later = importlib.import_module("stvdesk.db.migrations.versions.0015_placement_support_and_ressourceforloeb")
    assert set(migration.FEED_TABLES) | set(later.FEED_TABLES) == set(PULLED)
    assert PUSHED == set(PULLED) - {"team", "worker"}


@given(st.data())
def test_every_value_survives_the_outbox_as_json(data) -> None:
    """A value written to the outbox (JSON) comes back as the same Python value by its column."""
    import json
    import uuid

    from stvdesk.domain.enums import Readiness
    from stvdesk.sync.codec import decode, dumps, encode

    cases = {
        ("citizen", "birth_date"): st.dates(),
        ("citizen", "readiness"): st.sampled_from(list(Readiness)),
        ("citizen", "updated_at"): st.datetimes(timezones=st.just(UTC)),
        ("citizen", "caseworker_id"): st.uuids().map(lambda u: uuid.UUID(str(u))),
        ("meeting", "start_time"): st.times(),
        ("placement", "hours_per_week"): st.floats(0, 60, allow_nan=False),
        ("citizen", "phone"): st.text(),
        ("meeting", "citizen_present"): st.booleans(),
        ("summer_plan", "year"): st.integers(2000, 2100),
    }
    for (table, column), values_of in cases.items():
        value = data.draw(st.one_of(st.none(), values_of))
        assert decode(table, column, json.loads(dumps(encode(value)))) == value
