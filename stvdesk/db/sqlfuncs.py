"""SQL functions that SQLite and PostgreSQL spell differently."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


class days_between(FunctionElement[float]):
    """days_between(later, earlier): whole or fractional days from `earlier` to `later`."""

    type = sa.Float()
    inherit_cache = True


@compiles(days_between, "sqlite")
def _days_sqlite(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    return f"(julianday({compiler.process(later, **kw)}) - julianday({compiler.process(earlier, **kw)}))"


@compiles(days_between)
def _days_default(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    return f"(CAST({compiler.process(later, **kw)} AS DATE) - CAST({compiler.process(earlier, **kw)} AS DATE))"


class least(FunctionElement[float]):
    """The smaller of two values."""

    type = sa.Float()
    inherit_cache = True


@compiles(least, "sqlite")
def _least_sqlite(element: least, compiler: SQLCompiler, **kw: Any) -> str:
    return f"min({compiler.process(element.clauses, **kw)})"


@compiles(least)
def _least_default(element: least, compiler: SQLCompiler, **kw: Any) -> str:
    return f"LEAST({compiler.process(element.clauses, **kw)})"


class month_of(FunctionElement[str]):
    """The first day of the month of a date, as ISO text 'YYYY-MM-01' (the same on both dialects)."""

    type = sa.String()
    inherit_cache = True


@compiles(month_of, "sqlite")
def _month_sqlite(element: month_of, compiler: SQLCompiler, **kw: Any) -> str:
    return f"strftime('%Y-%m-01', {compiler.process(element.clauses, **kw)})"


@compiles(month_of)
def _month_default(element: month_of, compiler: SQLCompiler, **kw: Any) -> str:
    return f"to_char(date_trunc('month', {compiler.process(element.clauses, **kw)}), 'YYYY-MM-01')"


class not_indexed(FunctionElement[Any]):
    """The column itself, marked so that SQLite will not look rows up by it.

    SQLite's unary plus ("+citizen.id") keeps a join term from being used as an index
    look-up on that side, which fixes the join order: in `citizen JOIN placement ON
    +citizen.id = placement.citizen_id` the team's citizens come first (through their worker
    index) and each one's placements are looked up, instead of reading every placement of the
    jobcentre and looking its citizen up. In `GROUP BY +citizen.id` it keeps SQLite from
    walking the whole primary-key index to group without sorting; grouping a team's few
    hundred rows in a temporary b-tree is far cheaper (10 000 citizens: 552 → 54 ms for the
    team dashboard; tests/db/test_query_plans.py). PostgreSQL plans by its own
    statistics and gets the column plain.
    """

    inherit_cache = True

    def __init__(self, column: sa.SQLColumnExpression[Any]) -> None:
        super().__init__(column)
        # the column's own type (as coerced into the clause): comparisons bind as they would unmarked
        (self.type,) = (clause.type for clause in self.clauses)


@compiles(not_indexed, "sqlite")
def _not_indexed_sqlite(element: not_indexed, compiler: SQLCompiler, **kw: Any) -> str:
    return f"+{compiler.process(element.clauses, **kw)}"


@compiles(not_indexed)
def _not_indexed_default(element: not_indexed, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.clauses, **kw)
