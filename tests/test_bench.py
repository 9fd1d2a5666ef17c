"""The benchmark harness at a small size, so it cannot rot. No timing is asserted here: the
figures that matter are measured with `uv run python -m bench` (bench/README.md)."""

from __future__ import annotations

import math

import pytest

import bench.caseload
from bench import caseload, companies, dashboard, file, sizes, startup, steering


@pytest.fixture
def small_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(bench.caseload, "CACHE", tmp_path / "cache")
    monkeypatch.setattr(bench.caseload, "QUERIES", ["han", "01"])


def _numbers(figures: dict) -> None:
    assert figures and all(isinstance(v, (int, float)) and math.isfinite(v) and v >= 0 for v in figures.values())


def test_the_harness_runs_at_a_small_size(small_cache) -> None:
    figures = {"caseload": caseload.run(1_000)}
    _numbers(figures["caseload"])
    assert figures["caseload"]["keystrokes"] == len("han") + len("01")
    figures["file"] = file.run(1_000, rounds=2)
    _numbers({k: v for k, v in figures["file"].items() if not k.startswith("tab")})  # may dip below the driver's
    assert figures["file"]["db_file_mb"] > 0 and figures["file"]["peak_rss_mb"] > 0
    figures["dashboard"] = dashboard.run(1_000, rounds=1)
    _numbers(figures["dashboard"])
    _numbers(companies.run(1_000))
    _numbers(steering.run(1_000))
    # The sizes table prints every row it has figures for, and marks none it lacks.
    text = sizes.table({"1000": figures})
    assert "Keystroke → table (ms, p95)" in text and "File open (ms, median)" in text
    assert text.count("–") >= 1  # the start-up rows were not measured here


def test_cold_start_is_measured_against_the_minimal_app(tmp_path) -> None:
    figures = startup.run(repeats=1, data_home=str(tmp_path))
    _numbers(figures)
    assert figures["ratio_median"] > 0 and figures["minimal_with_data_layer_median_s"] > 0
