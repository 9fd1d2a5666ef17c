from hypothesis import given
from hypothesis import strategies as st

from stvdesk.domain import validation
from stvdesk.domain.caseload import DEFAULT_BANDS, RECOMMENDED, Band, LoadLevel, band_for, describe_load, load_level
from stvdesk.domain.enums import Role


def test_default_bands_from_the_reports() -> None:
    assert band_for(Role.S) == Band(40, 50)
    assert band_for(Role.VK) == Band(30, 35)
    assert band_for(Role.LEADER) == RECOMMENDED == Band(30, 45)


@given(st.integers(0, 200))
def test_load_level_partitions(count: int) -> None:
    band = DEFAULT_BANDS[Role.S]
    level = load_level(count, band)
    assert (level is LoadLevel.WITHIN) == (band.low <= count <= band.high)
    assert str(count) in describe_load(count, band)


def test_over_band_says_how_much() -> None:
    assert "3 over" in describe_load(53, Band(40, 50))


def test_validation_messages_are_danish() -> None:
    assert validation.required("  ", "Navn") == "Navn skal udfyldes."
    assert validation.initials("k b") is not None
    assert validation.initials("kb") is None
