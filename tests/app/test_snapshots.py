"""Snapshots of the explorer (SVG, under ``__snapshots__``), with a frozen clock and zone.

Update them after a deliberate change with ``pytest tests/app/test_snapshots.py
--snapshot-update`` and look at every changed picture before committing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

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
