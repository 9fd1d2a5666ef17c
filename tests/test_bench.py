"""The benchmark harness at a small size, so it cannot rot. No timing is asserted here: the
figures that matter are measured with `uv run python -m bench` (issue 8)."""

from __future__ import annotations

import math

import pytest

import bench.caseload
from bench import caseload, companies, file, startup, steering


@pytest.fixture
def small_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(bench.caseload, "CACHE", tmp_path / "cache")
    monkeypatch.setattr(bench.caseload, "QUERIES", ["han", "01"])


def _numbers(figures: dict) -> None:
    assert figures and all(isinstance(v, (int, float)) and math.isfinite(v) and v >= 0 for v in figures.values())


def test_the_harness_runs_at_a_small_size(small_cache) -> None:
    _numbers(caseload.run(1_000))
    figures = file.run(1_000, rounds=1)
    _numbers({k: v for k, v in figures.items() if not k.startswith("tab")})  # tab times may dip below the driver's
    assert figures["db_file_mb"] > 0 and figures["peak_rss_mb"] > 0
    _numbers(companies.run(1_000))
    _numbers(steering.run(1_000))


def test_cold_start_is_measured_against_the_minimal_app(tmp_path) -> None:
    figures = startup.run(repeats=1, data_home=str(tmp_path))
    _numbers(figures)
    assert figures["ratio_median"] > 0
