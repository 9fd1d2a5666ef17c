"""The benchmark harness at a small size, so it cannot rot. No timing is asserted here: the
figures that matter are measured with `uv run python -m bench` (bench/README.md)."""

from __future__ import annotations

import math

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static

import bench.caseload
from bench import caseload, companies, dashboard, file, sizes, startup, steering
from bench.frames import FrameClock, painted


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


class _Answer(App[None]):
    """One line of text and an answer that may or may not change it (no cursor blinks here, so
    nothing else brings a frame)."""

    def __init__(self) -> None:
        super().__init__()
        self.answered = False

    def compose(self) -> ComposeResult:
        yield Static("Hansen", id="answer")

    def answer(self, text: str) -> None:
        line = self.query_one("#answer", Static)
        if line.content != text:  # as the desk's status line: an unchanged text is not repainted
            line.update(text)
        self.answered = True


async def test_an_answer_the_screen_already_shows_stops_its_clock_without_a_frame() -> None:
    app = _Answer()
    async with app.run_test(size=(40, 5)) as pilot:
        await pilot.pause()
        frames = FrameClock(app, 40, 5)
        app.refresh()  # one frame, so the model terminal holds the screen as painted
        await pilot.pause()
        assert frames.terminal.find("Hansen") is not None
        widget = app.query_one("#answer")
        wait = frames.expect(lambda: app.answered, lambda terminal: painted(terminal, widget, 1))
        app.answer("Hansen")  # the same text: nothing to repaint, no frame comes
        frames.check()
        stopped = await frames.until(wait, timeout=2.0)
        assert wait.without_frame and stopped >= wait.ready_at > 0
        assert frames.already_shown == 1


async def test_a_changed_answer_still_waits_for_the_frame_that_paints_it() -> None:
    app = _Answer()
    async with app.run_test(size=(40, 5)) as pilot:
        await pilot.pause()
        frames = FrameClock(app, 40, 5)
        app.refresh()
        await pilot.pause()
        widget = app.query_one("#answer")
        wait = frames.expect(lambda: app.answered, lambda terminal: painted(terminal, widget, 1))
        app.answer("Jensen")
        frames.check()  # the terminal still shows "Hansen": not stopped here
        await frames.until(wait, timeout=2.0)
        assert not wait.without_frame and frames.already_shown == 0
        assert any("Jensen" in line for line in wait.screen)
