"""The "now" row follows the clock: moved once an event has begun, relabelled otherwise."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tui.app.now_row import NowWatch, seconds_to_next_minute
from tui.app.rows import RowKind
from tui.app.screens.main import MainScreen
from tui.core.loader import load_text

from .helpers import SMALL, AppFactory, copy_small, main_screen, screen_text, settle


def utc(year: int, month: int, day: int, hour: int, minute: int) -> float:
    return datetime(year, month, day, hour, minute, tzinfo=UTC).timestamp()


def row_after_now(screen: MainScreen) -> str | None:
    """The id of the first event below the "now" row (``None``: now is last)."""
    rows = screen.timeline_list.rows
    assert rows.now_row is not None
    for row in rows.rows[rows.now_row + 1 :]:
        if row.event is not None:
            return row.event.id
    return None


def now_text(screen: MainScreen) -> str:
    rows = screen.timeline_list.rows
    return next(r.text for r in rows.rows if r.kind is RowKind.NOW)


def test_the_row_moves_only_when_an_event_begins_or_a_day_ends() -> None:
    timeline = load_text(SMALL.read_text(encoding="utf-8"), str(SMALL))
    watch = NowWatch(timeline)
    noon = int(utc(2025, 8, 20, 12, 0))  # "meeting" begins at 12:30 UTC
    assert not watch.moved(noon, noon + 29 * 60, "UTC")
    assert watch.moved(noon, noon + 30 * 60, "UTC")  # it has begun
    # 23:59 to 00:00 in Tokyo is a new day there, with no event in between
    assert watch.moved(int(utc(2025, 8, 21, 14, 59)), int(utc(2025, 8, 21, 15, 0)), "Asia/Tokyo")
    assert seconds_to_next_minute(noon + 59.5) == 0.5 + 0.05


async def test_the_now_row_follows_an_injected_clock(build: AppFactory, tmp_path: Path) -> None:
    clock = [utc(2025, 8, 20, 12, 0)]
    app = build(copy_small(tmp_path), zone="UTC", now=lambda: clock[0])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert row_after_now(screen) == "meeting"
        rows_before = screen.timeline_list.rows
        clock[0] = utc(2025, 8, 20, 12, 10)  # ten minutes on, no event passed
        screen.refresh_now()
        await settle(pilot)
        assert screen.timeline_list.rows is rows_before  # not rebuilt
        assert "now · Wed 20 Aug 2025 12:10 UTC" in screen_text(app)
        clock[0] = utc(2025, 8, 20, 12, 31)  # the meeting has begun
        screen.refresh_now()
        await settle(pilot)
        assert screen.timeline_list.rows is not rows_before
        assert row_after_now(screen) == "later"
        assert now_text(screen) == "now · Wed 20 Aug 2025 12:31 UTC"
