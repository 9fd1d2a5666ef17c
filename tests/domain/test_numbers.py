"""Danish numbers from one formatter: worked examples, and properties that hold for any value
(the importer reads every formatted number back to the same value; a decimal is a comma,
a point only ever groups thousands)."""

from __future__ import annotations

import re
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stvdesk.domain.enums import TargetMetric
from stvdesk.domain.numbers import format_hours, format_mean, format_number, format_plain
from stvdesk.domain.parse import parse_hours
from stvdesk.domain.targets import forecast, format_amount
from stvdesk.importing.cells import read_number

# Danish shape: digits grouped by points in threes, an optional comma and decimals.
GROUPED = re.compile(r"^-?\d{1,3}(?:\.\d{3})*(?:,\d+)?$")
PLAIN = re.compile(r"^-?\d+(?:,\d+)?$")


@pytest.mark.parametrize(
    "value,decimals,shown",
    [
        (0, 0, "0"),
        (7, 0, "7"),
        (1234, 0, "1.234"),
        (1234567, 0, "1.234.567"),
        (-1234, 0, "-1.234"),
        (485.94, 1, "485,9"),
        (37.0, 1, "37"),  # no trailing zeros
        (2.5, 0, "3"),  # half up, not to the even 2
        (7.25, 1, "7,3"),  # half up on the decimal as written, not the binary 7.2499…
        (0.1 + 0.2, 2, "0,3"),  # float noise is not shown
        (-0.04, 1, "0"),  # never "-0"
        (1234.5, 2, "1.234,5"),
        (1e16, 0, "10.000.000.000.000.000"),  # no exponent, as f"{x:g}" wrote
    ],
)
def test_format_number(value, decimals, shown) -> None:
    assert format_number(value, decimals) == shown


@pytest.mark.parametrize(
    "value,shown", [(7.5, "7,5"), (37, "37"), (37.0, "37"), (7.25, "7,25"), (7.333, "7,33"), (1234.5, "1.234,5")]
)
def test_format_hours(value, shown) -> None:
    assert format_hours(value) == shown


@pytest.mark.parametrize("value,shown", [(3.75, "3,8"), (4, "4,0"), (3.25, "3,3"), (1.04, "1,0")])
def test_format_mean_always_has_one_decimal(value, shown) -> None:
    assert format_mean(value) == shown


@pytest.mark.parametrize(
    "value,shown", [(1234.5, "1234,5"), (7.333, "7,333"), (1e6, "1000000"), (0.1 + 0.2, "0,3"), (12.0, "12")]
)
def test_format_plain_has_no_thousands_points_and_keeps_decimals(value, shown) -> None:
    assert format_plain(value) == shown


def test_old_names_still_work() -> None:
    from stvdesk.domain import parse

    assert parse.format_hours is format_hours


def test_a_metric_reads_the_same_on_every_screen() -> None:
    """Styring, Mål and Månedsdialog all show a metric through format_amount: hours with one
    decimal comma, counts whole with thousands points."""
    assert format_amount(TargetMetric.ORDINARY_HOURS_TOTAL, 485.94) == "485,9"
    assert format_amount(TargetMetric.ORDINARY_HOURS_TOTAL, 1485.0) == "1.485"
    assert format_amount(TargetMetric.STARTED, 1234) == "1.234"
    assert format_amount(TargetMetric.STARTED, 2.5) == "2,5"  # a target typed with a decimal keeps it


def test_the_forecast_sentence_uses_decimal_commas() -> None:
    from datetime import date

    month, today = date(2026, 11, 1), date(2026, 11, 10)
    f = forecast(TargetMetric.ORDINARY_HOURS_TOTAL, 300.25, 1400.5, month, today)
    assert f.text == "1.100,3 ordinære timer mangler før 30-11-2026 (tempoet giver 901)"
    f = forecast(TargetMetric.ORDINARY_HOURS_TOTAL, 300.25, 14000, month, today)
    assert f.text == "13.699,8 ordinære timer mangler før 30-11-2026 (tempoet giver 901)"


def _expected(value: float, decimals: int) -> float:
    return float(Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


values = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)

# The first number loads Babel and the locale data, which on a busy machine can take longer
# than Hypothesis' 200 ms deadline for one example.
no_deadline = settings(deadline=None)


@no_deadline
@given(values, st.integers(min_value=0, max_value=3))
def test_every_number_reads_back_through_the_importer(value: float, decimals: int) -> None:
    text = format_number(value, decimals)
    assert GROUPED.match(text), text
    assert read_number(text) == _expected(value, decimals)


@no_deadline
@given(values, st.integers(min_value=0, max_value=3))
def test_a_decimal_is_always_a_comma(value: float, decimals: int) -> None:
    text = format_number(value, decimals)
    fraction = _expected(value, decimals) % 1
    assert ("," in text) == (fraction != 0)
    if "," in text:
        assert not text.endswith("0")  # no trailing zeros
        assert "." not in text.split(",")[1]
    # A point only ever groups three digits: never a decimal point.
    assert all(len(group) == 3 for group in text.split(",")[0].lstrip("-").split(".")[1:])


@no_deadline
@given(values)
def test_plain_numbers_read_back_exactly(value: float) -> None:
    text = format_plain(value)
    assert PLAIN.match(text), text
    assert read_number(text) == _expected(value, 6)


@no_deadline
@given(st.floats(min_value=0, max_value=37).map(lambda v: round(v, 2)))
def test_hours_in_a_field_read_back_by_the_field_parser(value: float) -> None:
    assert parse_hours(format_hours(value)) == value
    assert parse_hours(format_plain(value)) == value


@no_deadline
@given(st.floats(min_value=1, max_value=5))
def test_a_mean_has_exactly_one_decimal(value: float) -> None:
    assert re.fullmatch(r"[1-5],\d", format_mean(value))


def test_importing_the_module_does_not_load_babel() -> None:
    """Start-up must not pay for Babel and the locale data: they load at the first number."""
    code = "import sys, stvdesk.domain.numbers; print('babel' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
