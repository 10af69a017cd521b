"""Fixtures for the explorer's tests: a frozen clock, zone, locale and cursor, isolated folders.

Apps are built here but only ever *run* inside test bodies (``async with
app.run_test()``): running them in fixtures breaks (Textual issue #4998).
"""

from __future__ import annotations

import locale
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Input

from tui.app.app import TimelineApp
from tui.app.factory import make_app

from .helpers import BUNDLED, FROZEN_LOCALE, FROZEN_NOW, AppFactory


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """What varies from one machine or moment to the next, fixed for every test.

    The zone, the locale (in the environment, for anything that reads it, and in this
    process), animations, the cursor's blink, and config and cache folders in the test's
    tmp folder. The clock is frozen by :func:`build`.
    """
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("LANG", FROZEN_LOCALE)
    monkeypatch.setenv("LC_ALL", FROZEN_LOCALE)
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    monkeypatch.setenv("TIMELINE_CONFIG", str(tmp_path / "env-config.toml"))
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("TIMELINE_TZ", raising=False)
    # the tester's own NO_COLOR must not change what the tests see (see ``no_color``)
    monkeypatch.delenv("NO_COLOR", raising=False)
    # A blinking cursor is drawn or not depending on when a picture is taken. Textual 8.2.8
    # has no app-wide switch, so the default that every Input (the search and date boxes,
    # the pickers, the command palette) takes its ``cursor_blink`` from is turned off.
    monkeypatch.setattr(Input.cursor_blink, "_default", False)
    previous = locale.setlocale(locale.LC_ALL)
    locale.setlocale(locale.LC_ALL, FROZEN_LOCALE)
    try:
        yield
    finally:
        locale.setlocale(locale.LC_ALL, previous)


@pytest.fixture(params=[False, True], ids=["colour", "no-color"])
def no_color(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Run a test twice: in colour, then as a user with ``NO_COLOR=1`` in their shell.

    Textual reads ``NO_COLOR`` in ``App.__init__``, so the variable is set here, before the
    test builds its app; under it every line passes through Textual's monochrome filter.
    """
    enabled = bool(request.param)
    if enabled:
        monkeypatch.setenv("NO_COLOR", "1")
    return enabled


@pytest.fixture
def build(tmp_path: Path) -> AppFactory:
    """Build (not run) an explorer with a frozen clock, a tmp config and no watching."""

    def make(
        events: Path = BUNDLED,
        *,
        zone: str | None = "America/New_York",
        config: Path | None = None,
        **options: object,
    ) -> TimelineApp:
        settings: dict[str, object] = {
            "now": lambda: FROZEN_NOW,
            "watch": False,
            "use_cache": False,
            "config_path": config or tmp_path / "config.toml",
        }
        settings.update(options)
        app = make_app(events_path=events, display_zone=zone, **settings)  # type: ignore[arg-type]
        app.animation_level = "none"
        return app

    return make
