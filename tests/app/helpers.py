"""Helpers for the explorer's tests: paths, the frozen clock, waiting and reading the screen.

Every module uses these rather than its own copy. Nothing here sleeps for a fixed time:
:func:`settle` waits for the app's workers and messages, and :func:`wait_until` polls a
condition (for what runs outside the app's control, such as the file watcher) and fails,
saying what it waited for, once its time is up.
"""

from __future__ import annotations

import asyncio
import io
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Static

import tui.app
from tui.app.app import TimelineApp
from tui.app.screens.main import MainScreen
from tui.app.widgets.timecard import TimeCard

FROZEN_NOW = 1_755_700_000.0
"""Wed 20 Aug 2025 14:26:40 UTC (10:26 EDT): after the NATO video conference began."""
FROZEN_LOCALE = "C.UTF-8"
"""The locale every test runs in (``LANG``, ``LC_ALL`` and this process's own)."""
ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "events.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SMALL = FIXTURES / "small.yaml"

APP_STYLESHEET = Path(tui.app.__file__).with_name("app.tcss")
"""The explorer's stylesheet, where the widgets' looks are (their DEFAULT_CSS has only sizes)."""

AppFactory = Callable[..., TimelineApp]
"""The ``build`` fixture: ``build(events=..., zone=..., config=..., **make_app options)``."""

POLL_SECONDS = 0.02
"""How often :func:`wait_until` looks at its condition again."""


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


async def wait_until(
    pilot: Pilot[Any],
    condition: Callable[[], bool],
    what: str | Callable[[], str],
    *,
    seconds: float = 10.0,
) -> None:
    """Let the app run until ``condition()`` holds; fail after ``seconds`` if it never does.

    For what the app does not control and :func:`settle` cannot wait for: the file
    watcher (real time), a painted frame, another process.

    Args:
        pilot: The running app's pilot.
        condition: Checked at once, then every :data:`POLL_SECONDS` while the app runs.
        what: What is waited for, for the failure message (or a function that says it,
            called only on failure, to report the state at that moment).
        seconds: How long to wait at most.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not condition():
        if loop.time() >= deadline:
            described = what() if callable(what) else what
            raise AssertionError(f"timed out after {seconds:g} s waiting for {described}")
        await pilot.pause(POLL_SECONDS)


def main_screen(app: App[Any]) -> MainScreen:
    """The explorer's main screen, which must be the screen on top."""
    screen = app.screen
    assert isinstance(screen, MainScreen), f"{screen!r} is on top, not the main screen"
    return screen


def banner_text(screen: MainScreen) -> str:
    """The banner above the list (loading, errors), or ``""`` while it is hidden."""
    banner = screen.query_one("#banner", Static)
    return str(banner.render()) if banner.display else ""


def shown_ids(screen: MainScreen) -> list[str]:
    """The ids of the events in the list, in order (every row but headings and markers)."""
    rows = screen.timeline_list.rows
    return [row.event.id for row in rows.rows if row.event is not None]


def filter_line(screen: MainScreen) -> str:
    """The line that says which filters are in force (or why the date box refused a range)."""
    return str(screen.query_one("#filters", Static).render())


def notifications(app: App[Any]) -> list[str]:
    """The message of every notification the app has sent that is still current."""
    return [str(n.message) for n in app._notifications]


def copy_small(tmp_path: Path) -> Path:
    """A copy of the small fixture at ``tmp_path/data/events.yaml``, free to edit."""
    folder = tmp_path / "data"
    folder.mkdir(exist_ok=True)
    target = folder / "events.yaml"
    shutil.copy(SMALL, target)
    return target


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


class CardHost(App[None]):
    """A tiny app holding only the time card (``#card``), at a chosen width, styled as in
    the explorer."""

    CSS_PATH = APP_STYLESHEET

    def __init__(self, width: int = 80) -> None:
        super().__init__()
        self.card_width = width

    def compose(self) -> ComposeResult:
        card = TimeCard(id="card")
        card.styles.width = self.card_width
        yield card
