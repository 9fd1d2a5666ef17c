"""Properties of the dry run over arbitrary tables, and the bulk phase refresh an import uses."""

from __future__ import annotations

import uuid
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import select

from stvdesk.db.models import Citizen
from stvdesk.db.queries.phase import derived_phase, refresh_phases
from stvdesk.domain.enums import Phase
from stvdesk.importing.check import Lookups, check_table
from stvdesk.importing.fields import FIELDS, ImportKind, guess_mapping
from stvdesk.importing.tabular import Table, column_letter

TODAY = date(2026, 11, 24)
CELLS = st.one_of(
    st.none(),
    st.text(max_size=14),
    st.integers(-10, 10**10),
    st.floats(allow_nan=False, width=32),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
    st.sampled_from(
        ["0101901235", "010190-1235", "KTH", "Klar", "KB", "07,5", "31-02-2026", "praktik", "Bageriet", "12345674"]
    ),
)


@st.composite
def tables(draw):
    kind = draw(st.sampled_from(list(ImportKind)))
    labels = [spec.label for spec in FIELDS[kind]]
    headers = draw(st.lists(st.sampled_from([*labels, "Diverse", ""]), min_size=1, max_size=8))
    rows = draw(st.lists(st.lists(CELLS, min_size=len(headers), max_size=len(headers)), max_size=12))
    return kind, Table(
        "t.csv",
        [h or f"Kolonne {column_letter(i)}" for i, h in enumerate(headers)],
        [(n + 2, r) for n, r in enumerate(rows)],
        header_row=1,
    )


LOOKUPS = Lookups(
    today=TODAY,
    importer_id=uuid.UUID(int=1),
    workers={"kb": uuid.UUID(int=1)},
    citizens={"0101901235": uuid.UUID(int=2)},
    companies_by_name={"bageriet": uuid.UUID(int=3)},
)


@settings(max_examples=150, deadline=None)
@given(tables())
def test_the_dry_run_never_fails_and_points_at_real_rows_and_columns(case) -> None:
    kind, table = case
    mapping = guess_mapping(table.headers, kind)
    plan = check_table(table, kind, mapping, LOOKUPS)
    numbers = {n for n, _ in table.rows}
    columns = {f"{column_letter(i)} «{h}»" for i, h in enumerate(table.headers)}
    for problem in plan.problems:
        assert problem.row is None or problem.row in numbers
        assert problem.column is None or problem.column in columns
        assert problem.message.strip()
    bad_rows = {p.row for p in plan.errors}
    assert all(record.row not in bad_rows for record in plan.records)
    assert len(plan.records) + len(bad_rows - {None}) <= len(table.rows)
    assert len({r.row for r in plan.records}) == len(plan.records)


def test_bulk_phase_refresh_agrees_with_one_by_one(desk) -> None:
    def scramble(session):
        citizens = session.exec(select(Citizen)).all()
        for citizen in citizens:
            citizen.phase = Phase.AFTERCARE if citizen.phase is not Phase.AFTERCARE else Phase.RELATIONSHIP
            session.add(citizen)
        session.commit()
        return [c.id for c in citizens]

    ids = desk.run(scramble)

    def bulk(session):
        changed = refresh_phases(session, ids, TODAY, chunk=97)
        session.commit()
        return changed

    assert desk.run(bulk) > 0
    stored = desk.run(lambda s: dict(s.exec(select(Citizen.id, Citizen.phase)).all()))
    expected = {cid: desk.run(lambda s, cid=cid: derived_phase(s, cid, TODAY)).phase for cid in ids}
    assert stored == expected
