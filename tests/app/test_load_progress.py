"""The explorer's loading line: a slow load shows how far it is, q still quits, and during a
slow reload the last good timeline stays usable."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.widgets import ProgressBar, Static

from tui.app import reload
from tui.app.widgets.load_progress import SHOW_AFTER, LoadProgress
from tui.core import progress
from tui.core.cache import load_keyed
from tui.core.model import Timeline

from .helpers import AppFactory, copy_small, main_screen, settle, wait_until

SlowLoad = tuple[threading.Event, list[int]]
"""(the gate a held load waits at, how many loads have been held)."""


@pytest.fixture
def slow_load(monkeypatch: pytest.MonkeyPatch) -> Iterator[SlowLoad]:
    """Loads that report half their events checked, then wait until the gate opens."""
    gate = threading.Event()
    held: list[int] = []
    real = load_keyed

    def slow(*args: object, **kwargs: object) -> tuple[Timeline, str | None]:
        report = progress.current()
        assert report is not None, "the explorer listens to its loads"
        report.bytes_read(2_000_000, 2_000_000)
        report.parsing()
        report.validated(512, 1000)
        held.append(1)
        gate.wait(20)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reload, "load_keyed", slow)
    try:
        yield gate, held
    finally:
        gate.set()  # never leave a reading thread behind


def line(app_screen: object) -> Callable[[], str]:
    def text() -> str:
        widget = main_screen(app_screen).query_one(LoadProgress)  # type: ignore[arg-type]
        shown = str(widget.query_one("#load-detail", Static).render())
        return shown if widget.display else ""

    return text


async def test_a_slow_first_load_shows_its_progress_and_q_still_quits(
    build: AppFactory, slow_load: SlowLoad
) -> None:
    gate, _held = slow_load
    app = build()
    async with app.run_test(size=(120, 30)) as pilot:
        shown = line(app)
        await wait_until(pilot, lambda: bool(shown()), "the loading line", seconds=5)
        assert shown() == "Loading · 512 of 1,000 events checked · 2.0 MB read"
        bar = main_screen(app).query_one("#load-bar", ProgressBar)
        assert bar.percentage == pytest.approx(
            progress.Step(progress.Stage.VALIDATE, 1, 1, 512, 1000).fraction, abs=0.001
        )
        await pilot.press("q")
    assert app.return_code == 0
    assert not gate.is_set()  # it quit while the load was still held


async def test_a_quick_load_never_shows_the_line(build: AppFactory) -> None:
    app = build()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.pause(SHOW_AFTER + 0.2)  # past the moment a slow load would show it
        widget = main_screen(app).query_one(LoadProgress)
        assert not widget.display
        assert widget.last is None


async def test_during_a_slow_reload_the_last_good_timeline_stays_usable(
    build: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = copy_small(tmp_path)
    app = build(events)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        gate = threading.Event()
        real = load_keyed

        def slow(*args: object, **kwargs: object) -> tuple[Timeline, str | None]:
            report = progress.current()
            assert report is not None
            report.validated(10, 40)
            gate.wait(20)
            return real(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(reload, "load_keyed", slow)
        try:
            shown = line(app)
            before = screen.selected_id
            await pilot.press("ctrl+r")
            await wait_until(pilot, lambda: bool(shown()), "the reloading line", seconds=5)
            assert shown().startswith("Reloading · ")
            assert "10 of 40 events checked" in shown()
            await pilot.press("down")  # the list still answers
            await pilot.pause()
            assert screen.selected_id != before
            assert screen.timeline is not None
        finally:
            gate.set()
        await wait_until(pilot, lambda: not shown(), "the line to go after the reload")
