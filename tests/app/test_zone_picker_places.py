"""The zone picker finds cities, CLDR names and Windows zone IDs, and says why each matched."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.app import App, ComposeResult
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from tui.app.screens.zone_picker import ZoneChoice, ZonePicker
from tui.core.model import Instant

NOW = Instant(utc=int(datetime(2025, 8, 20, 12, 30, tzinfo=UTC).timestamp()), zone="UTC")


class Host(App[None]):
    """Opens the picker at once and records what it returns."""

    def __init__(self) -> None:
        super().__init__()
        self.result: ZoneChoice | None = None

    def compose(self) -> ComposeResult:
        yield Static("host")

    def on_mount(self) -> None:
        self.push_screen(ZonePicker((), "UTC", lambda: float(NOW.utc)), self.done)

    def done(self, choice: ZoneChoice | None) -> None:
        self.result = choice


def picker(app: App[None]) -> ZonePicker:
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


def status(screen: ZonePicker) -> str:
    widget = screen.query_one("#zone-status", Static)
    return str(widget.render()) if widget.display else ""


async def search(pilot: Pilot[None], text: str) -> ZonePicker:
    """Type a query, then wait for the gazetteer to load if the query asked for it."""
    screen = picker(pilot.app)
    screen.query_one("#zone-query", Input).value = text
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return screen


async def test_a_city_by_an_alternate_name() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await search(pilot, "Bangalore")
        assert screen.candidates[0] == "Asia/Kolkata"
        first = prompts(screen)[0]
        assert "Bangalore (Bengaluru, India)" in first
        assert "Asia/Kolkata" in first
        assert "18:00 Wed UTC+05:30" in first
        assert status(screen) == ""


async def test_an_ambiguous_city_lists_each_candidate_and_says_so() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await search(pilot, "Portland")
        assert screen.candidates[:2] == ["America/Los_Angeles", "America/New_York"]
        assert "Portland, Oregon, United" in prompts(screen)[0]
        assert "Portland, Maine, United" in prompts(screen)[1]
        assert "ambiguous place 'Portland'" in status(screen)


async def test_cldr_and_windows_names() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await search(pilot, "Pacific Time")
        assert screen.candidates[0] == "America/Los_Angeles"
        assert "Pacific Time (CLDR name)" in prompts(screen)[0]
        screen = await search(pilot, "W. Europe Standard Time")
        assert screen.candidates[0] == "Europe/Berlin"
        assert "W. Europe Standard Time (Win…" in prompts(screen)[0]
        await pilot.press("enter")
        await pilot.pause()
        assert app.result == ZoneChoice("pin", "Europe/Berlin")


async def test_names_the_zone_tables_know_load_nothing() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        for text in ("kyiv", "Europe/Bru", "EST", "UTC+5:30", "japan", "ky"):
            screen = await search(pilot, text)
            assert screen.candidates, text
        assert not [w for w in app.workers if w.group == "zone-sources"]
        screen = await search(pilot, "qqqqzzzz")
        assert screen.candidates == []
        assert "unknown time zone 'qqqqzzzz'" in status(screen)
