"""Helpers for the explorer's tests: paths, the frozen clock, waiting and reading the screen."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from textual.app import App
from textual.pilot import Pilot

from tui.app.app import TimelineApp

FROZEN_NOW = 1_755_700_000.0
"""Wed 20 Aug 2025 14:26:40 UTC (10:26 EDT): after the NATO video conference began."""
ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "events.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SMALL = FIXTURES / "small.yaml"

AppFactory = Callable[..., TimelineApp]
"""The ``build`` fixture: ``build(events=..., zone=..., config=..., **make_app options)``."""


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until no worker is busy and every message has been handled.

    The file watcher's worker never finishes by design, so it is not waited for.
    """
    for _ in range(20):
        workers = [w for w in pilot.app.workers if w.group != "watch"]
        if workers:  # an empty list would mean "every worker", the watcher included
            await pilot.app.workers.wait_for_complete(workers)
        await pilot.pause()
        if not any(w.is_running for w in pilot.app.workers if w.group != "watch"):
            await pilot.pause()
            return


def screen_text(app: App[Any]) -> str:
    """The screen as plain text, as a user would read it."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()
