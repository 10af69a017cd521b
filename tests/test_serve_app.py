"""The explorer served to a browser tab: nothing it does is written on the server's disk."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

import tui.app.factory
from tui.app.factory import make_app
from tui.app.screens.zone_picker import ZoneChoice
from tui.cli import main

from .app.helpers import FROZEN_NOW, SMALL, main_screen, notifications, settle


@pytest.fixture(autouse=True)
def _quiet(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(tmp_path / "cache"))


@pytest.mark.parametrize("served", [False, True])
async def test_changed_settings_last_for_the_tab_only(tmp_path: Path, served: bool) -> None:
    config = tmp_path / "config.toml"
    config.write_text('theme = "nord"\n', encoding="utf-8")
    app = make_app(
        events_path=SMALL,
        display_zone="UTC",
        config_path=config,
        now=lambda: FROZEN_NOW,
        watch=False,
        served=served,
    )
    assert app.options.served is served
    assert app.options.use_cache is not served  # the load cache writes its entries
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.theme == "nord"  # the server's settings are read
        screen = main_screen(app)
        screen.apply_zone_choice(ZoneChoice("display", "Europe/Kyiv"))
        screen.apply_zone_choice(ZoneChoice("pin", "Asia/Tokyo"))
        app.theme = "gruvbox"
        await settle(pilot)
        assert (screen.display_zone, screen.pinned, app.theme) == (
            "Europe/Kyiv", ("Asia/Tokyo",), "gruvbox"
        )  # fmt: skip
        assert notifications(app) == []
    saved = config.read_text(encoding="utf-8")
    if served:
        assert saved == 'theme = "nord"\n'
        assert not (tmp_path / "cache").exists()
    else:  # the same steps, not served, do write: the checks above can fail
        assert 'display_zone = "Europe/Kyiv"' in saved
        assert (tmp_path / "cache").exists()


def test_the_hidden_flag_builds_a_served_explorer(monkeypatch: pytest.MonkeyPatch) -> None:
    built: dict[str, Any] = {}

    class Ran:
        return_code = 0

        def run(self) -> None:
            pass

    def fake_make_app(**options: Any) -> Ran:
        built.update(options)
        return Ran()

    monkeypatch.setattr(tui.app.factory, "make_app", fake_make_app)
    err = io.StringIO()
    code = main(["--served", "--", str(SMALL)], out=io.StringIO(), err=err, env={"TZ": "UTC"})
    assert (code, err.getvalue()) == (0, "")
    assert built["served"] is True
    assert built["events_path"] == SMALL
