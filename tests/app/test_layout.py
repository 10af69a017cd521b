"""Layout, help and the command palette."""

from __future__ import annotations

from textual.widgets import Input

from tui.app.screens.help import HelpScreen, binding_rows
from tui.app.screens.main import MainScreen
from tui.app.widgets.detail import DetailPane
from tui.app.widgets.timecard import TimeCard
from tui.app.widgets.timeline_list import TimelineList

from .helpers import AppFactory, main_screen, screen_text, settle


async def test_wide_terminal_puts_the_detail_beside_the_list(build: AppFactory) -> None:
    app = build()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert not screen.has_class("-narrow")
        listing = screen.query_one(TimelineList).region
        detail = screen.query_one(DetailPane).region
        assert detail.x >= listing.right
        assert screen.query_one(TimeCard).display


async def test_80x24_puts_the_detail_under_the_list(build: AppFactory) -> None:
    app = build()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert screen.has_class("-narrow")
        listing = screen.query_one(TimelineList).region
        detail = screen.query_one(DetailPane).region
        assert detail.y >= listing.bottom
        assert listing.width == 80
        assert listing.height >= 8
        assert not screen.query_one(TimeCard).display  # no room at start; c shows it
        await pilot.press("j", "j")
        assert screen.selected_id == "cavo-dragone-becomes-mc-chair-2025"
        text = screen_text(app)
        assert "q Quit" in text
        assert "? Keys" in text


async def test_resizing_switches_the_layout(build: AppFactory) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert not screen.has_class("-narrow")
        await pilot.resize_terminal(90, 40)
        await settle(pilot)
        assert screen.has_class("-narrow")
        await pilot.resize_terminal(130, 40)
        await settle(pilot)
        assert not screen.has_class("-narrow")


async def test_help_lists_every_key(build: AppFactory) -> None:
    app = build()
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for expected in (
            "Filter by actor",
            "Take back the last filter",
            "Next day",
            "Prev month",
            "Fold",
            "Only this",
            "Quit",
        ):
            assert expected in text, expected
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


def test_help_rows_show_keys_as_typed() -> None:
    keys = [keys for keys, _ in binding_rows(TimelineList.BINDINGS)]
    assert "[" in keys
    assert "↑, k" in keys
    assert "Enter, Space" in keys
    assert "PgDn" in keys


async def test_command_palette_jumps_to_an_event(build: AppFactory) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("ctrl+p")
        await pilot.press(*"Jump to: Trump phones Putin")
        await settle(pilot)  # the palette searches in a worker
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert screen.selected_id == "wh-trump-putin-call-2025"


async def test_command_palette_filters_by_actor_and_pins_zones(build: AppFactory) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("ctrl+p", *"Filter by actor: Zelensky")
        await settle(pilot)  # the palette searches in a worker
        await pilot.press("enter")
        await settle(pilot)
        assert screen.filters.actors == ("zelenskyy",)
        await pilot.press("ctrl+p", *"pin tokyo")
        await settle(pilot)  # the palette searches in a worker
        await pilot.press("enter")
        await settle(pilot)
        assert "Asia/Tokyo" in screen.pinned


async def test_search_box_keeps_letters_away_from_shortcuts(build: AppFactory) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("slash", "q", "a", "t")  # typed, not quit/actor/tag
        assert isinstance(app.focused, Input)
        assert app.screen is screen
        await pilot.press("escape")  # leaves the box, keeps the search
        await settle(pilot)
        assert isinstance(app.focused, TimelineList)
        assert screen.filters.search == "qat"
