"""Zones: the picker's result, the time card, the display zone, and saving the settings."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.widgets import Static

from tui.app.screens.main import MainScreen
from tui.app.screens.zone_picker import ZoneChoice, ZonePicker
from tui.app.widgets.timecard import TimeCard

from .helpers import AppFactory, main_screen, notifications, screen_text, settle


def saved(path: Path) -> dict[str, object]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


async def test_pinning_kyiv_shows_brussels_and_kyiv_times_of_the_vtc(
    build: AppFactory, tmp_path: Path
) -> None:
    """Acceptance: the VTC reads 14:30 CEST in Brussels and 15:30 EEST in Kyiv."""
    config = tmp_path / "settings.toml"
    app = build(zone="America/New_York", config=config)
    async with app.run_test(size=(140, 50)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.timeline_list.select_event("nato-chods-vtc-2025")
        await settle(pilot)
        screen.apply_zone_choice(ZoneChoice("pin", "Europe/Kyiv"))
        await settle(pilot)
        assert screen.pinned == ("Europe/Kyiv",)
        text = screen_text(app)
        brussels = next(line for line in text.splitlines() if "Brussels      14:30" in line)
        assert "CEST" in brussels
        kyiv = next(line for line in text.splitlines() if "Kyiv          15:30" in line)
        assert "EEST" in kyiv
        assert "08:30" in text  # and New York, the display zone
        assert saved(config) == {"pinned_zones": ["Europe/Kyiv"]}  # not the display zone


async def test_the_zone_picker_pins_with_enter(build: AppFactory, tmp_path: Path) -> None:
    config = tmp_path / "settings.toml"
    app = build(config=config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("z")
        assert isinstance(app.screen, ZonePicker)
        await pilot.press(*"Kyiv", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert screen.pinned == ("Europe/Kyiv",)
        assert saved(config)["pinned_zones"] == ["Europe/Kyiv"]


async def test_unpin_and_persist(build: AppFactory, tmp_path: Path) -> None:
    config = tmp_path / "settings.toml"
    config.write_text('pinned_zones = ["Asia/Tokyo", "Europe/Kyiv"]\n', encoding="utf-8")
    app = build(config=config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert list(screen.pinned) == ["Asia/Tokyo", "Europe/Kyiv"]
        screen.apply_zone_choice(ZoneChoice("unpin", "Asia/Tokyo"))
        await settle(pilot)
        assert list(screen.pinned) == ["Europe/Kyiv"]
        assert saved(config)["pinned_zones"] == ["Europe/Kyiv"]


async def test_display_zone_change_rewrites_times_and_is_remembered(
    build: AppFactory, tmp_path: Path
) -> None:
    config = tmp_path / "settings.toml"
    app = build(zone="America/New_York", config=config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.apply_zone_choice(ZoneChoice("display", "Europe/Kyiv"))
        await settle(pilot)
        rows = screen.timeline_list.rows
        assert rows.rows[rows.row_of["nato-chods-vtc-2025"]].time == "15:30"
        status = str(screen.query_one("#status", Static).render())
        assert "Europe/Kyiv EEST" in status
        assert saved(config)["display_zone"] == "Europe/Kyiv"
    # the next run: a saved display zone wins over the environment (TZ), not over --tz
    again = build(zone=None, config=config)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert main_screen(again).display_zone == "Europe/Kyiv"
    forced = build(zone="America/New_York", config=config)
    async with forced.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert main_screen(forced).display_zone == "America/New_York"


async def test_pins_are_reloaded_by_the_next_app(build: AppFactory, tmp_path: Path) -> None:
    config = tmp_path / "settings.toml"
    first = build(config=config)
    async with first.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        main_screen(first).apply_zone_choice(ZoneChoice("pin", "Asia/Tokyo"))
        await settle(pilot)
    second = build(config=config, extra_zones=("Europe/Kyiv",))
    async with second.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(second)
        assert screen.pinned == ("Asia/Tokyo", "Europe/Kyiv")
        screen.apply_zone_choice(ZoneChoice("pin", "Europe/Paris"))
        await settle(pilot)
    # --tz extras are for one run: never saved
    assert saved(config)["pinned_zones"] == ["Asia/Tokyo", "Europe/Paris"]


async def test_a_corrupt_settings_file_is_never_overwritten(
    build: AppFactory, tmp_path: Path
) -> None:
    config = tmp_path / "settings.toml"
    broken = 'pinned_zones = ["Europe/Kyiv"\n'
    config.write_text(broken, encoding="utf-8")
    app = build(config=config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.apply_zone_choice(ZoneChoice("pin", "Asia/Tokyo"))
        await settle(pilot)
        assert screen.pinned == ("Asia/Tokyo",)  # works for this run
        messages = notifications(app)
        assert any("settings not saved" in m for m in messages)
        assert any("invalid TOML" in m for m in messages)
    assert config.read_text(encoding="utf-8") == broken


async def test_the_time_card_toggles(build: AppFactory) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        card = app.screen.query_one(TimeCard)
        assert card.display
        await pilot.press("c")
        assert not card.display
        await pilot.press("c")
        assert card.display


async def test_theme_changes_are_saved(build: AppFactory, tmp_path: Path) -> None:
    config = tmp_path / "settings.toml"
    app = build(config=config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await settle(pilot)
        assert saved(config)["theme"] == "nord"
    again = build(config=config)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert again.theme == "nord"


async def test_the_panes_follow_the_display_zone_without_being_told(build: AppFactory) -> None:
    from tui.app.widgets.detail import DetailPane
    from tui.app.widgets.overview import Overview

    app = build(zone="America/New_York")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.timeline_list.select_event("nato-chods-vtc-2025")
        await settle(pilot)
        panes = (screen.query_one(DetailPane), screen.query_one(TimeCard))
        assert {p.display_zone for p in (*panes, screen.query_one(Overview))} == {
            "America/New_York"
        }
        # set on the screen only: the bound widgets redraw with the new zone
        screen.display_zone = "Asia/Tokyo"
        await settle(pilot)
        assert {p.display_zone for p in (*panes, screen.query_one(Overview))} == {"Asia/Tokyo"}
        assert "Tokyo" in screen_text(app)
        card = screen.query_one(TimeCard)
        assert "display" in next(r.roles for r in card.rows if r.zone == "Asia/Tokyo")
