"""Snapshots of every screen and state a user meets (SVG, under ``__snapshots__``).

Each runs with the frozen clock, zone, locale and cursor of ``conftest.py``, and checks
the state it claims to show before the picture is taken, so a snapshot can only be
accepted for the right screen. Update them after a deliberate change with ``pytest
tests/app/test_snapshots.py --snapshot-update`` and look at every changed picture before
committing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input

from tui.app.screens.actor_picker import ActorPicker
from tui.app.screens.help import HelpScreen
from tui.app.screens.tag_picker import TagPicker
from tui.app.screens.zone_picker import ZonePicker
from tui.app.widgets.detail import DetailPane
from tui.app.widgets.timecard import TimeCard

from .helpers import (
    AppFactory,
    banner_text,
    copy_small,
    filter_line,
    main_screen,
    screen_text,
    settle,
    shown_ids,
)

SnapCompare = Callable[..., bool]
USUAL = (120, 40)
"""The terminal most snapshots are taken in."""


# --- the main view ------------------------------------------------------------------------


def test_main_view(build: AppFactory, snap_compare: SnapCompare) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("full_stop")  # the event nearest "now": the NATO video conference
        await settle(pilot)

    assert snap_compare(build(), terminal_size=USUAL, run_before=run_before)


def test_filtered_view(build: AppFactory, snap_compare: SnapCompare) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("a", *"Putin", "enter")
        await settle(pilot)
        await pilot.press("slash", *"talks", "enter")
        await settle(pilot)

    assert snap_compare(build(), terminal_size=USUAL, run_before=run_before)


def test_narrow_view(build: AppFactory, snap_compare: SnapCompare) -> None:
    """80x24: the detail pane under the list, the time card folded away."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("j", "j", "j")
        await settle(pilot)
        screen = main_screen(pilot.app)
        assert screen.has_class("-narrow")
        assert not screen.query_one(TimeCard).display

    assert snap_compare(build(), terminal_size=(80, 24), run_before=run_before)


def test_wide_view(build: AppFactory, snap_compare: SnapCompare) -> None:
    """160x50: the detail pane and the whole time card beside a long list."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("full_stop")
        await settle(pilot)
        screen = main_screen(pilot.app)
        assert not screen.has_class("-narrow")
        assert screen.selected_id == "nato-chods-vtc-2025"

    assert snap_compare(build(), terminal_size=(160, 50), run_before=run_before)


def test_no_events_match(build: AppFactory, snap_compare: SnapCompare) -> None:
    """A search that matches nothing says so, in the list and the status line."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("slash", *"qxz", "enter")
        await settle(pilot)
        assert shown_ids(main_screen(pilot.app)) == []
        assert "No events match" in screen_text(pilot.app)

    assert snap_compare(build(), terminal_size=USUAL, run_before=run_before)


def test_agenda_expanded(build: AppFactory, snap_compare: SnapCompare) -> None:
    """The Alaska summit under the cursor with its agenda items listed beneath it."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        listing = main_screen(pilot.app).timeline_list
        listing.select_event("alaska-summit-2025")
        await settle(pilot)
        assert listing.rows.rows[listing.cursor].expanded
        assert "alaska-tarmac-welcome-2025" in listing.rows.row_of

    assert snap_compare(build(), terminal_size=USUAL, run_before=run_before)


def test_agenda_collapsed(build: AppFactory, snap_compare: SnapCompare) -> None:
    """The same summit folded with Enter: one row, its marker turned."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        listing = main_screen(pilot.app).timeline_list
        listing.select_event("alaska-summit-2025")
        await pilot.press("enter")
        await settle(pilot)
        row = listing.rows.rows[listing.cursor]
        assert row.expandable and not row.expanded
        assert "alaska-tarmac-welcome-2025" not in listing.rows.row_of

    assert snap_compare(build(), terminal_size=USUAL, run_before=run_before)


def test_time_card_with_a_day_shift(build: AppFactory, snap_compare: SnapCompare) -> None:
    """The Alaska summit (11:00 AKDT, Friday) with Tokyo pinned: 04:00 on Saturday there."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        screen = main_screen(pilot.app)
        screen.timeline_list.select_event("alaska-summit-2025")
        await settle(pilot)
        tokyo = next(line for line in screen_text(pilot.app).splitlines() if "Tokyo " in line)
        assert "04:00 Sat 16 Aug JST" in tokyo and "+1 day" in tokyo

    app = build(extra_zones=("Asia/Tokyo",))
    assert snap_compare(app, terminal_size=(120, 50), run_before=run_before)


def test_detail_with_sources_and_notes(build: AppFactory, snap_compare: SnapCompare) -> None:
    """Putin at the cemetery: its note, its confidence and its two sources, card folded away."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        screen = main_screen(pilot.app)
        screen.timeline_list.select_event("alaska-putin-fort-richardson-cemetery-2025")
        await pilot.press("c")
        await settle(pilot)
        detail = screen.query_one(DetailPane)
        for part in ("notes", "confidence", "sources-heading", "sources"):
            assert detail.query_one(f"#detail-{part}").display, part
        text = screen_text(pilot.app)
        assert "Dated by day only" in text
        assert "DeepNewz" in text  # the second source, at the bottom

    assert snap_compare(build(), terminal_size=(120, 50), run_before=run_before)


# --- the boxes, pickers and dialogs ---------------------------------------------------------


def test_date_box_with_an_error(build: AppFactory, snap_compare: SnapCompare) -> None:
    """A month that does not exist: the box stays open with the reason beside it."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("d", *"2025-13", "enter")
        await settle(pilot)
        focused = pilot.app.focused
        assert isinstance(focused, Input) and focused.id == "dates"
        assert "month 13 does not exist" in filter_line(main_screen(pilot.app))

    assert snap_compare(build(), terminal_size=USUAL, run_before=run_before)


def test_actor_picker_with_a_query(build: AppFactory, snap_compare: SnapCompare) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("a", *"zel")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ActorPicker)

    assert snap_compare(build(), terminal_size=USUAL, run_before=run_before)


def test_tag_picker(build: AppFactory, snap_compare: SnapCompare) -> None:
    """Opened with nothing typed: every tag, the most used first, with its count."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(pilot.app.screen, TagPicker)

    assert snap_compare(build(), terminal_size=USUAL, run_before=run_before)


def test_zone_picker_with_a_query(build: AppFactory, snap_compare: SnapCompare) -> None:
    """Local times and offsets at the frozen "now" beside each zone found.

    The city and zone-name tables are loaded first: they stay loaded for the rest of a
    process once any test (or the user) needed them, and they add hits, so the picture
    must not depend on which tests ran before in the same process.
    """
    from tui.core import places, zonewords

    zonewords.zone_words()
    places.load()

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("z", *"kyi")
        await settle(pilot)
        picker = pilot.app.screen
        assert isinstance(picker, ZonePicker)
        assert picker.candidates[0] == "Europe/Kyiv"

    assert snap_compare(build(), terminal_size=USUAL, run_before=run_before)


def test_help_view(build: AppFactory, snap_compare: SnapCompare) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HelpScreen)

    assert snap_compare(build(), terminal_size=(100, 50), run_before=run_before)


def test_command_palette_with_a_query(build: AppFactory, snap_compare: SnapCompare) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("ctrl+p", *"alaska")
        await settle(pilot)  # the palette searches in a worker
        assert isinstance(pilot.app.screen, CommandPalette)
        assert "Jump to: Trump–Putin summit in Anchorage, Alaska" in screen_text(pilot.app)

    assert snap_compare(build(), terminal_size=USUAL, run_before=run_before)


# --- errors ------------------------------------------------------------------------------


def test_error_banner_over_the_last_good_timeline(
    build: AppFactory,
    snap_compare: SnapCompare,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A file edited into an invalid one and reloaded: its error above the last good list."""
    events = copy_small(tmp_path)
    monkeypatch.chdir(tmp_path)  # the banner names the file as given: the same every run
    relative = events.relative_to(tmp_path)

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        screen = main_screen(pilot.app)
        good = screen.loaded
        assert good is not None
        text = events.read_text(encoding="utf-8")
        broken = text.replace("start: 2025-08-20 14:30", "start: 2025-13-45 14:30")
        events.write_text(broken, encoding="utf-8")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert screen.loaded is good
        shown = banner_text(screen)
        assert "events.yaml has errors; still showing the last good version." in shown
        assert f"{relative}:" in shown

    assert snap_compare(build(relative), terminal_size=USUAL, run_before=run_before)


# --- without colour --------------------------------------------------------------------------


def test_main_view_no_color(
    build: AppFactory, snap_compare: SnapCompare, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The main view as a user with ``NO_COLOR=1`` sees it: monochrome, cursor reversed."""
    monkeypatch.setenv("NO_COLOR", "1")  # read when the app is built

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("full_stop")
        await settle(pilot)

    assert snap_compare(build(), terminal_size=USUAL, run_before=run_before)


def test_time_card_no_color(
    build: AppFactory, snap_compare: SnapCompare, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Alaska summit's card in monochrome: 22:00-01:15 in Moscow is a night slot (▓)."""
    monkeypatch.setenv("NO_COLOR", "1")

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        screen = main_screen(pilot.app)
        screen.timeline_list.select_event("alaska-summit-2025")
        await settle(pilot)

    assert snap_compare(build(), terminal_size=USUAL, run_before=run_before)
