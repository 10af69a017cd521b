"""The explorer and its settings file: the display zone it opens on, and saves that keep
what the user wrote (someone else's file, an edit made meanwhile, a folder we cannot write).
"""

from __future__ import annotations

from pathlib import Path

from tui.app.screens.zone_picker import ZoneChoice
from tui.core.safetext import UNSAFE

from ..test_config import PYPROJECT
from .helpers import AppFactory, main_screen, notifications, settle


async def test_a_bad_timeline_tz_opens_on_the_saved_zone_with_a_warning(
    build: AppFactory, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('display_zone = "Europe/Kyiv"\n', encoding="utf-8")
    env = {"TIMELINE_TZ": "Nowhere/Bad\x1b]0;owned\x07", "TZ": "UTC"}
    app = build(zone=None, config=config, env=env)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert main_screen(app).display_zone == "Europe/Kyiv"
        (warning,) = notifications(app)
        assert warning.startswith("TIMELINE_TZ: unknown time zone 'Nowhere/Bad\\x1b]0;owned\\x07'")
        assert warning.endswith("(ignored)")
        assert UNSAFE.search(warning) is None
    assert config.read_text(encoding="utf-8") == 'display_zone = "Europe/Kyiv"\n'


async def test_a_bad_timeline_tz_without_a_saved_zone_falls_back_to_tz(
    build: AppFactory, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('display_zone = "[/]"\n', encoding="utf-8")  # unusable: skipped too
    app = build(zone=None, config=config, env={"TIMELINE_TZ": "[bold]", "TZ": "Asia/Tokyo"})
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert main_screen(app).display_zone == "Asia/Tokyo"
        shown = notifications(app)
        assert len(shown) == 2
        assert shown[0].startswith(f"{config}:1:16: unknown time zone '[/]'")
        assert shown[1].startswith("TIMELINE_TZ: unknown time zone '[bold]'")


async def test_tz_wins_over_a_saved_zone(build: AppFactory, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('display_zone = "Europe/Kyiv"\n', encoding="utf-8")
    app = build(zone="Asia/Tokyo", config=config, env={"TIMELINE_TZ": "Nowhere/Bad"})
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert main_screen(app).display_zone == "Asia/Tokyo"
        assert notifications(app) == []  # --tz decides: the environment is not consulted


async def test_someone_elses_file_is_never_written(build: AppFactory, tmp_path: Path) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text(PYPROJECT, encoding="utf-8")
    app = build(config=config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.apply_zone_choice(ZoneChoice("display", "Europe/Kyiv"))
        await settle(pilot)
        assert screen.display_zone == "Europe/Kyiv"  # works for this run
        shown = notifications(app)
        assert shown[0].startswith(f"{config}: not a timeline settings file")
        assert shown[-1].startswith(f"settings not saved: {config}: not a timeline settings")
    assert config.read_text(encoding="utf-8") == PYPROJECT


async def test_an_edit_made_while_the_explorer_runs_is_kept(
    build: AppFactory, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('theme = "nord"\n', encoding="utf-8")
    app = build(config=config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
        edited = '# edited by hand meanwhile\ntheme = "gruvbox"\nwidth = 80\n'
        config.write_text(edited, encoding="utf-8")
        screen = main_screen(app)
        screen.apply_zone_choice(ZoneChoice("display", "Europe/Kyiv"))
        await settle(pilot)
        screen.apply_zone_choice(ZoneChoice("pin", "Asia/Tokyo"))
        await settle(pilot)
        assert notifications(app) == []
    assert config.read_text(encoding="utf-8") == (
        edited + 'display_zone = "Europe/Kyiv"\npinned_zones = ["Asia/Tokyo"]\n'
    )


async def test_a_read_only_folder_gives_a_message_not_a_crash(
    build: AppFactory, read_only_config: Path
) -> None:
    config = read_only_config
    app = build(config=config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        main_screen(app).apply_zone_choice(ZoneChoice("pin", "Asia/Tokyo"))
        await settle(pilot)
        assert main_screen(app).pinned == ("Asia/Tokyo",)
        assert notifications(app) == [
            f"settings not saved: cannot write {config}: Permission denied"
        ]
    assert app.return_code in (None, 0)
    assert config.read_text(encoding="utf-8") == 'theme = "nord"\n'
