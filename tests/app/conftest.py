"""Shared helpers for the explorer's tests: a frozen clock, a fixed zone, isolated folders.

Apps are built here but only ever *run* inside test bodies (``async with
app.run_test()``): running them in fixtures breaks (Textual issue #4998).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.app.app import TimelineApp
from tui.app.factory import make_app

from .helpers import BUNDLED, FROZEN_NOW, AppFactory


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Fixed zone and animations; config and cache folders inside the test's tmp folder."""
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    monkeypatch.setenv("TIMELINE_CONFIG", str(tmp_path / "env-config.toml"))
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("TIMELINE_TZ", raising=False)
    # the tester's own NO_COLOR must not change what the tests see (see ``no_color``)
    monkeypatch.delenv("NO_COLOR", raising=False)


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
        zone: str = "America/New_York",
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
