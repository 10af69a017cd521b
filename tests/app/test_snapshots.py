"""Snapshots of the explorer (SVG, under ``__snapshots__``), with a frozen clock and zone.

Update them after a deliberate change with ``pytest tests/app/test_snapshots.py
--snapshot-update`` and look at every changed picture before committing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from tui.app.screens.main import MainScreen

from .helpers import AppFactory, settle

SnapCompare = Callable[..., bool]


def test_main_view(build: AppFactory, snap_compare: SnapCompare) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("n")  # the event nearest "now": the NATO video conference
        await settle(pilot)

    assert snap_compare(build(), terminal_size=(120, 40), run_before=run_before)


def test_filtered_view(build: AppFactory, snap_compare: SnapCompare) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("a", *"Putin", "enter")
        await settle(pilot)
        await pilot.press("slash", *"talks", "enter")
        await settle(pilot)

    assert snap_compare(build(), terminal_size=(120, 40), run_before=run_before)


def test_narrow_view(build: AppFactory, snap_compare: SnapCompare) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("j", "j", "j")
        await settle(pilot)

    assert snap_compare(build(), terminal_size=(80, 24), run_before=run_before)


def test_help_view(build: AppFactory, snap_compare: SnapCompare) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(build(), terminal_size=(100, 50), run_before=run_before)


def test_main_view_no_color(
    build: AppFactory, snap_compare: SnapCompare, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The main view as a user with ``NO_COLOR=1`` sees it: monochrome, cursor reversed."""
    monkeypatch.setenv("NO_COLOR", "1")  # read when the app is built

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)

    assert snap_compare(build(), terminal_size=(120, 40), run_before=run_before)


def test_time_card_no_color(
    build: AppFactory, snap_compare: SnapCompare, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Alaska summit's card in monochrome: 22:00-01:15 in Moscow is a night slot (▓)."""
    monkeypatch.setenv("NO_COLOR", "1")

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, MainScreen)
        screen.timeline_list.select_event("alaska-summit-2025")
        await settle(pilot)

    assert snap_compare(build(), terminal_size=(120, 40), run_before=run_before)
