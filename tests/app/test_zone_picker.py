"""Tests for the zone picker, with an injected clock."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Input, OptionList, Static

from tui.app.screens.zone_picker import DISPLAY_MARK, PINNED_MARK, ZoneChoice, ZonePicker
from tui.core.model import Instant

# the NATO chiefs' VTC: 12:30 UTC, 14:30 in Brussels
NOW = Instant(utc=int(datetime(2025, 8, 20, 12, 30, tzinfo=UTC).timestamp()), zone="UTC")
PINNED = ("Europe/Kyiv", "Asia/Tokyo")
DISPLAY = "America/New_York"
UNSET = ZoneChoice("pin", "unset")


class Host(App[None]):
    """Opens the picker at once and records what it returns."""

    def __init__(self) -> None:
        super().__init__()
        self.result: ZoneChoice | None = UNSET
        self.ticks = 0

    def compose(self) -> ComposeResult:
        yield Static("host")

    def clock(self) -> float:
        self.ticks += 1
        return float(NOW.utc)

    def on_mount(self) -> None:
        self.push_screen(ZonePicker(PINNED, DISPLAY, self.clock), self.done)

    def done(self, choice: ZoneChoice | None) -> None:
        self.result = choice


def picker(app: Host) -> ZonePicker:
    screen = app.screen
    assert isinstance(screen, ZonePicker)
    return screen


def prompts(screen: ZonePicker) -> list[str]:
    results = screen.query_one("#zone-results", OptionList)
    out = []
    for i in range(results.option_count):
        prompt = results.get_option_at_index(i).prompt
        out.append(prompt.plain if isinstance(prompt, Content) else str(prompt))
    return out


async def test_opens_with_pinned_and_display_zones() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = picker(app)
        assert screen.candidates == ["Europe/Kyiv", "Asia/Tokyo", DISPLAY]
        assert isinstance(app.focused, Input)
        kyiv, tokyo, new_york = prompts(screen)
        assert kyiv.startswith(PINNED_MARK + " ")
        assert "Kyiv" in kyiv
        assert "Ukraine" in kyiv
        assert "15:30 Wed UTC+03:00" in kyiv
        assert "21:30 Wed UTC+09:00" in tokyo
        assert new_york.startswith(" " + DISPLAY_MARK)
        assert "08:30 Wed UTC-04:00" in new_york
        assert app.ticks >= 1  # times come from the injected clock


async def test_search_shows_local_time_and_offset() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"kathmandu")
        await pilot.pause()
        screen = picker(app)
        assert screen.candidates[0] == "Asia/Kathmandu"
        first = prompts(screen)[0]
        assert "Nepal" in first
        assert "18:15 Wed UTC+05:45" in first
        assert first.startswith("  ")  # neither pinned nor the display zone


async def test_search_by_country_and_alias() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = picker(app)
        query = screen.query_one("#zone-query", Input)
        query.value = "Australia"
        await pilot.pause()
        assert "Australia/Sydney" in screen.candidates
        query.value = "Kiev"
        await pilot.pause()
        assert screen.candidates[0] == "Europe/Kyiv"
        query.value = "southern hemisphere nowhere"
        await pilot.pause()
        status = screen.query_one("#zone-status", Static)
        assert status.display
        assert screen.candidates == []


async def test_enter_pins_a_zone() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"sydney", "enter")
        await pilot.pause()
        assert app.result == ZoneChoice("pin", "Australia/Sydney")
        assert not isinstance(app.screen, ZonePicker)


async def test_enter_on_a_pinned_zone_unpins_it() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"kyiv", "enter")
        await pilot.pause()
        assert app.result == ZoneChoice("unpin", "Europe/Kyiv")


async def test_ctrl_d_sets_the_display_zone_even_while_typing() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"tokyo", "ctrl+d")
        await pilot.pause()
        assert app.result == ZoneChoice("display", "Asia/Tokyo")


async def test_arrow_keys_move_the_highlight_while_typing() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.result == ZoneChoice("unpin", "Asia/Tokyo")


async def test_free_form_offset_not_listed_by_search() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"UTC+5:30")
        await pilot.pause()
        screen = picker(app)
        assert screen.candidates[0] == "UTC+05:30"
        assert "18:00 Wed UTC+05:30" in prompts(screen)[0]
        await pilot.press("enter")
        await pilot.pause()
        assert app.result == ZoneChoice("pin", "UTC+05:30")


async def test_abbreviation_resolves_first() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"EST")
        await pilot.pause()
        assert picker(app).candidates[0] == DISPLAY


async def test_nothing_matches_enter_does_nothing() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"qqqxz", "enter")
        await pilot.pause()
        screen = picker(app)
        assert screen.candidates == []
        status = screen.query_one("#zone-status", Static).content
        assert "qqqxz" in str(status)
        assert app.result is UNSET


async def test_escape_closes_without_a_choice() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"kyiv", "escape")
        await pilot.pause()
        assert app.result is None
        assert not isinstance(app.screen, ZonePicker)


async def test_clicking_a_candidate_pins_it() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"nepal")
        await pilot.pause()
        results = picker(app).query_one("#zone-results", OptionList)
        assert await pilot.click(results, offset=(4, 0))
        await pilot.pause()
        assert app.result == ZoneChoice("pin", "Asia/Kathmandu")
