"""What ``conftest.py`` freezes holds inside a running explorer: snapshots depend on it."""

from __future__ import annotations

import locale
import os
from pathlib import Path

from textual.widgets import Input

from .helpers import FROZEN_LOCALE, AppFactory, main_screen, screen_text, settle


def test_the_locale_is_fixed_in_the_environment_and_the_process() -> None:
    assert os.environ["LANG"] == os.environ["LC_ALL"] == FROZEN_LOCALE
    assert locale.setlocale(locale.LC_ALL) == FROZEN_LOCALE
    assert os.environ["TZ"] == "UTC"
    assert os.environ["TEXTUAL_ANIMATIONS"] == "none"


async def test_clock_and_cursor_are_frozen_in_the_explorer(
    build: AppFactory, tmp_path: Path
) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("full_stop")  # to the event nearest now, beside the "now" marker
        assert "now · Wed 20 Aug 2025 10:26 EDT" in screen_text(app)  # FROZEN_NOW
        await pilot.press("slash")
        box = app.focused
        assert isinstance(box, Input) and box.id == "search"
        assert not box.cursor_blink  # so a picture never catches the cursor hidden
        await pilot.press("escape", "ctrl+p")
        await settle(pilot)
        palette_box = app.focused
        assert isinstance(palette_box, Input) and not palette_box.cursor_blink
        await pilot.press("escape")
        await settle(pilot)
        main_screen(app)  # back on the main screen
    assert str(tmp_path) in os.environ["TIMELINE_CACHE_DIR"]
