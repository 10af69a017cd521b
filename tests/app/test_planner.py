"""The meeting planner in the explorer: opening it, the cursor, days, people, copy and add."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen

from tui.app.screens.actor_picker import ActorPicker
from tui.app.screens.planner import PlannerScreen, planner_start
from tui.app.screens.planner_dialogs import AddChoice, TitlePrompt
from tui.app.screens.zone_picker import ZoneChoice, ZonePicker
from tui.core.loader import load_text, load_timeline
from tui.core.planner import Interval

from .helpers import (
    FROZEN_NOW,
    SMALL,
    AppFactory,
    copy_small,
    main_screen,
    notifications,
    screen_text,
    settle,
    wait_until,
)

SIZE = (120, 40)


def utc(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp())


def top(app: App[Any]) -> Screen[Any]:
    """The screen on top (a function, so each look is a fresh one to the type checker)."""
    return app.screen


def windows(screen: PlannerScreen) -> tuple[Interval, ...]:
    """The plan's windows (none without a plan)."""
    return screen.plan.windows if screen.plan is not None else ()


def planner(pilot: Pilot[Any]) -> PlannerScreen:
    screen = pilot.app.screen
    assert isinstance(screen, PlannerScreen), f"{screen!r} is on top, not the planner"
    return screen


async def open_on(pilot: Pilot[Any], event_id: str) -> PlannerScreen:
    """Select an event in the list and press ``p``."""
    await settle(pilot)
    screen = main_screen(pilot.app)
    assert screen.timeline_list.select_event(event_id)
    await settle(pilot)
    await pilot.press("p")
    await settle(pilot)
    return planner(pilot)


async def test_p_opens_the_planner_on_the_events_people_and_day(build: AppFactory) -> None:
    # the phone call: 11:00 AKDT on Fri 15 Aug 2025 (19:00 UTC), Alice in Kyiv, Bob in NY
    app = build(SMALL, zone="UTC")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_on(pilot, "call")
        assert [(p.name, p.zone) for p in screen.participants] == [
            ("Alice Archer", "Europe/Kyiv"),
            ("Bob Baker", "America/New_York"),
        ]
        assert screen.day == date(2025, 8, 15)
        assert screen.plan is not None
        # Kyiv 09:00-18:00 EEST is 06:00-15:00 UTC, New York 13:00-22:00 UTC
        assert screen.plan.windows == (Interval(utc("2025-08-15 13:00"), utc("2025-08-15 15:00")),)
        assert screen.cursor == utc("2025-08-15 19:00")  # on the event's start
        text = screen_text(app)
        assert "Everyone within hours: 13:00–15:00 UTC (2 h)" in text
        assert "Alice Archer (Kyiv): Fri 15 Aug 22:00–23:00 EEST" in text
        await pilot.press("escape")
        await settle(pilot)
        main_screen(app)


async def test_the_cursor_moves_in_quarter_hours_and_days_with_brackets(
    build: AppFactory,
) -> None:
    app = build(SMALL, zone="UTC")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_on(pilot, "call")
        await pilot.press("right")
        assert screen.cursor == utc("2025-08-15 19:15")
        await pilot.press("shift+right", "left", "left")
        assert screen.cursor == utc("2025-08-15 19:45")
        text = screen_text(app)
        lines = text.splitlines()
        alice = next(line for line in lines if "Alice Archer" in line and "Kyiv" in line)
        assert "22:45 Fri 15 Aug EEST" in alice
        assert "outside hours" in alice
        bob = next(line for line in lines if "Bob Baker" in line and "New York" in line)
        assert "15:45 Fri 15 Aug EDT" in bob
        assert "outside hours" not in bob
        for _ in range(30):  # never past the day's last quarter hour
            await pilot.press("shift+right")
        assert screen.cursor == utc("2025-08-15 23:45")
        await pilot.press("w")  # to the window
        assert screen.cursor == utc("2025-08-15 13:00")
        await pilot.press(*["shift+left"] * 6)  # back to 07:00, then the next day keeps it
        assert screen.cursor == utc("2025-08-15 07:00")
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert screen.day == date(2025, 8, 16)  # a Saturday: nobody works
        assert screen.plan is not None and screen.plan.windows == ()
        assert screen.cursor == utc("2025-08-16 07:00")  # the same time of day
        assert "No time when everyone is within working hours" in screen_text(app)
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert screen.day == date(2025, 8, 14)
        assert screen.plan is not None and screen.plan.windows
        assert "Thu 14 Aug 2025" in screen_text(app)


async def test_people_without_a_zone_are_named_not_guessed(build: AppFactory) -> None:
    # the summit: Alice, Bob, Carol (no zone) and ACME (no zone)
    app = build(SMALL, zone="UTC")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_on(pilot, "summit")
        assert [p.name for p in screen.participants] == ["Alice Archer", "Bob Baker"]
        assert screen.unzoned == ["Carol von der Cat", "ACME"]
        assert screen.day == date(2025, 6, 24)
        assert "Without a home zone, left out: Carol von der Cat, ACME." in screen_text(app)


def test_without_an_event_the_actor_filter_on_today() -> None:
    timeline = load_timeline(SMALL)
    start = planner_start(timeline, None, ["alice"], "Pacific/Auckland", int(FROZEN_NOW))
    assert [p.name for p in start.participants] == ["Alice Archer"]
    assert start.day == date(2025, 8, 21)  # 02:26 on the 21st in Auckland
    assert start.at is None
    # an event without actors also falls back to the filter
    bare = load_text(
        "timezone: UTC\nevents:\n  - {id: x, title: X, start: 2025-08-01 10:00}\n", "x.yaml"
    )
    assert planner_start(bare, "x", [], "UTC", 0).participants == ()


async def test_remove_and_add_people_and_zones(build: AppFactory) -> None:
    app = build(SMALL, zone="UTC")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_on(pilot, "call")
        await pilot.press("down", "minus")  # Bob goes
        await settle(pilot)
        assert [p.name for p in screen.participants] == ["Alice Archer"]
        await pilot.press("plus")
        await settle(pilot)
        assert isinstance(top(app), AddChoice)
        await pilot.press("z")
        await settle(pilot)
        picker = top(app)
        assert isinstance(picker, ZonePicker)
        picker.dismiss(ZoneChoice("pin", "Asia/Tokyo"))
        await settle(pilot)
        assert [(p.name, p.zone) for p in screen.participants] == [
            ("Alice Archer", "Europe/Kyiv"),
            ("Tokyo", "Asia/Tokyo"),
        ]
        # Tokyo 09:00-18:00 JST is 00:00-09:00 UTC; with Kyiv: 06:00-09:00
        assert windows(screen) == (Interval(utc("2025-08-15 06:00"), utc("2025-08-15 09:00")),)
        await pilot.press("plus", "p")
        await settle(pilot)
        assert isinstance(top(app), ActorPicker)
        await pilot.press(*"Bob", "enter")
        await settle(pilot)
        assert [p.name for p in screen.participants] == ["Alice Archer", "Tokyo", "Bob Baker"]
        assert screen.plan is not None and windows(screen) == ()  # no common hour now
        await pilot.press("minus", "minus", "minus")
        await settle(pilot)
        assert screen.participants == [] and screen.plan is None
        assert "Nobody to plan for: press + to add a person or a zone." in screen_text(app)


async def test_copy_as_text_puts_the_slot_in_every_zone_on_the_clipboard(
    build: AppFactory,
) -> None:
    app = build(SMALL, zone="UTC")
    async with app.run_test(size=SIZE) as pilot:
        await open_on(pilot, "call")
        await pilot.press("w", "c")
        await settle(pilot)
        expected = (
            "Fri 15 Aug 2025, 1 h: 13:00–14:00 UTC\n"
            "Alice Archer (Kyiv): Fri 15 Aug 16:00–17:00 EEST\n"
            "Bob Baker (New York): Fri 15 Aug 09:00–10:00 EDT"
        )
        assert app.clipboard == expected
        assert expected in notifications(app)


async def test_add_to_timeline_appends_the_slot_as_an_event(
    build: AppFactory, tmp_path: Path
) -> None:
    events = copy_small(tmp_path)
    before = events.read_bytes()
    app = build(events, zone="UTC")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_on(pilot, "call")
        await pilot.press("w", "d")  # the window, 90 minutes
        assert screen.duration == 90
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, TitlePrompt)
        await pilot.press(*"Follow-up", "enter")
        await settle(pilot)
        await wait_until(
            pilot, lambda: any(n.startswith("Added ") for n in notifications(app)), "the append"
        )
        assert planner(pilot) is screen
    after = events.read_bytes()
    assert after.startswith(before.rstrip(b"\n"))  # nothing already there changed
    added = load_timeline(events).by_id
    new = [e for e in added.values() if e.title == "Follow-up"]
    assert len(new) == 1
    assert new[0].start.utc == utc("2025-08-15 13:00")  # type: ignore[union-attr]
    assert new[0].end is not None and new[0].end.utc == utc("2025-08-15 14:30")  # type: ignore[union-attr]
    assert new[0].actors == ("alice", "bob")


async def test_add_to_timeline_refuses_a_file_changed_since(
    build: AppFactory, tmp_path: Path
) -> None:
    events = copy_small(tmp_path)
    app = build(events, zone="UTC")
    async with app.run_test(size=SIZE) as pilot:
        await open_on(pilot, "call")
        changed = events.read_text(encoding="utf-8") + "# edited elsewhere\n"
        events.write_text(changed, encoding="utf-8")
        await pilot.press("a", *"Late", "enter")
        await settle(pilot)
        await wait_until(
            pilot, lambda: any("Not added" in n for n in notifications(app)), "the refusal"
        )
        assert any("changed on disk since it was loaded" in n for n in notifications(app))
    assert events.read_text(encoding="utf-8") == changed


async def test_served_the_planner_never_writes(build: AppFactory, tmp_path: Path) -> None:
    events = copy_small(tmp_path)
    before = events.read_bytes()
    app = build(events, zone="UTC")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_on(pilot, "call")
        screen.options = replace(screen.options, served=True)
        await pilot.press("a")
        await settle(pilot)
        assert app.screen is screen  # no title asked
        assert any("nothing is written on the server" in n for n in notifications(app))
        await pilot.press("c")  # copying still works: it is the browser's clipboard
        await settle(pilot)
        assert app.clipboard.startswith("Fri 15 Aug 2025, 1 h:")
    assert events.read_bytes() == before


def test_planner_snapshot(build: AppFactory, snap_compare: Callable[..., bool]) -> None:
    """The phone call's people on its day, the cursor moved into the window."""

    async def run_before(pilot: Pilot[Any]) -> None:
        screen = await open_on(pilot, "call")
        await pilot.press("w", "right", "down")
        await settle(pilot)
        assert screen.cursor == utc("2025-08-15 13:15")
        assert screen.highlighted == 1

    assert snap_compare(build(SMALL, zone="UTC"), terminal_size=SIZE, run_before=run_before)
