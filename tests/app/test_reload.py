"""Loading and live reload: good edits keep the view, bad edits keep the last good file."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

import tui.app.reload as reload_module
import tui.app.screens.main as main_module
from tui.app.reload import IndexedTimeline

from .helpers import (
    AppFactory,
    banner_text,
    copy_small,
    main_screen,
    screen_text,
    settle,
    wait_until,
)

BROKEN_LINE = "    start: 2025-13-45 11:00\n"


def save_by_rename(path: Path, text: str) -> None:
    """Save as many editors do: write a temporary file, then rename it over the original."""
    temporary = path.with_name(f".{path.name}.swap-tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


async def test_a_good_edit_reloads_and_keeps_selection_and_filters(
    build: AppFactory, tmp_path: Path
) -> None:
    events = copy_small(tmp_path)
    app = build(events, watch=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("a", *"bob", "enter")
        await settle(pilot)
        screen.timeline_list.select_event("call")
        await settle(pilot)
        original = screen.loaded
        text = events.read_text(encoding="utf-8").replace(
            "title: Phone call", "title: Phone call (edited)"
        )
        save_by_rename(events, text)
        await wait_until(pilot, lambda: screen.loaded is not original, "the edit to be reloaded")
        await settle(pilot)
        assert screen.loaded is not None
        assert screen.loaded.timeline.by_id["call"].title == "Phone call (edited)"
        assert screen.selected_id == "call"
        assert screen.filters.actors == ("bob",)
        assert "Phone call (edited)" in screen_text(app)
        assert not banner_text(screen)


async def test_a_broken_edit_keeps_the_last_good_timeline_and_shows_errors(
    build: AppFactory, tmp_path: Path
) -> None:
    events = copy_small(tmp_path)
    app = build(events, watch=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.timeline_list.select_event("meeting")
        good = events.read_text(encoding="utf-8")
        broken = good.replace("    start: 2025-08-20 14:30\n", BROKEN_LINE)
        assert broken != good
        events.write_text(broken, encoding="utf-8")
        await wait_until(pilot, lambda: bool(screen.problems), "the broken file's errors")
        await settle(pilot)
        line = broken.splitlines().index(BROKEN_LINE.rstrip("\n")) + 1
        assert any(p.startswith(f"{events}:{line}:") for p in screen.problems)
        assert banner_text(screen)
        text = screen_text(app)
        assert "has errors; still showing the last good version" in text
        assert f"events.yaml:{line}:" in text
        assert screen.loaded is not None
        assert "meeting" in screen.loaded.timeline.by_id  # the old timeline stays
        assert screen.selected_id == "meeting"
        events.write_text(good, encoding="utf-8")  # fixed
        await wait_until(pilot, lambda: not screen.problems, "the fixed file to be read")
        await settle(pilot)
        assert not banner_text(screen)
        assert screen.selected_id == "meeting"


async def test_reload_key_without_watching(build: AppFactory, tmp_path: Path) -> None:
    events = copy_small(tmp_path)
    app = build(events)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        events.write_text(
            events.read_text(encoding="utf-8").replace("Later conference", "Renamed"),
            encoding="utf-8",
        )
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert screen.loaded is not None
        assert screen.loaded.timeline.by_id["later"].title == "Renamed"


async def test_a_deleted_event_moves_the_cursor_to_its_neighbour(
    build: AppFactory, tmp_path: Path
) -> None:
    events = copy_small(tmp_path)
    app = build(events)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.timeline_list.select_event("call")
        await settle(pilot)
        text = events.read_text(encoding="utf-8")
        start = text.index("  - id: call")
        end = text.index("  - id: meeting")
        events.write_text(text[:start] + text[end:], encoding="utf-8")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert screen.selected_id in {"summit-session", "meeting"}


async def test_a_file_that_never_loaded_shows_its_errors_and_q_quits(
    build: AppFactory, tmp_path: Path
) -> None:
    events = tmp_path / "bad.yaml"
    events.write_text("title: Bad\nevents:\n  - title: No start\n", encoding="utf-8")
    app = build(events)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert screen.loaded is None
        text = screen_text(app)
        assert "Could not load bad.yaml" in text
        # the banner wraps its lines (each starts with its edge, █); where depends on the
        # length of the temporary path
        flowing = "".join(text.replace("█", "").split())
        assert f"{events}:3:".replace(" ", "") in flowing
        assert "eventhasnostart" in flowing
        await pilot.press("a", "t", "slash")  # nothing to filter: no crash, no picker
        assert app.screen is screen
        await pilot.press("escape", "q")
    assert app.return_code == 0


async def test_loading_shows_progress(build: AppFactory) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = main_screen(app)
        # what the banner was given: the load may be over (and the banner hidden) already
        assert "Loading events.yaml" in str(screen.query_one("#banner", Static).render())
        await settle(pilot)
        assert not banner_text(screen)
        assert not screen.timeline_list.loading


async def test_the_collector_is_held_during_a_load_and_runs_again_after(
    build: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cyclic collector pauses while a timeline loads (tui.core.gcpolicy) and runs
    again once its rows are shown, or once its errors are: never left off."""
    held: list[bool] = []
    load_events = reload_module.load_events

    def loading(path: Path, **options: Any) -> IndexedTimeline:
        held.append(not gc.isenabled())
        return load_events(path, **options)

    monkeypatch.setattr(main_module, "load_events", loading)
    events = copy_small(tmp_path)
    app = build(events)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            screen = main_screen(app)
            assert held == [True] and gc.isenabled()
            good = events.read_text(encoding="utf-8")
            events.write_text(good.replace("    start: 2025-08-20 14:30\n", BROKEN_LINE))
            await pilot.press("ctrl+r")
            await wait_until(pilot, lambda: bool(screen.problems), "the broken file's errors")
            await settle(pilot)
            assert held == [True, True] and gc.isenabled()
    finally:
        gc.enable()  # whatever happened, the next test has its collector
