"""The one way to build the explorer: from explicit arguments, never from ``sys.argv``.

The command line, the tests and the benchmark all call :func:`make_app`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from tui.app.app import TimelineApp
from tui.app.screens.main import ExplorerOptions
from tui.core.config import SettingsStore
from tui.core.config import config_path as default_config_path


def make_app(
    *,
    events_path: Path,
    display_zone: str,
    config_path: Path | None = None,
    extra_zones: tuple[str, ...] = (),
    now: Callable[[], float] | None = None,
    watch: bool = True,
    use_cache: bool = True,
    display_zone_forced: bool = True,
) -> TimelineApp:
    """Build the explorer (nothing is read from the events file until it runs).

    Args:
        events_path: The event file to explore.
        display_zone: Canonical key of the zone to show times in.
        config_path: The settings file; ``None`` for the usual place (``TIMELINE_CONFIG``,
            else the platform's config folder).
        extra_zones: Zones to pin on the time card for this run (``--tz`` extras; not saved).
        now: Returns the current UNIX time; defaults to the system clock (tests freeze it).
        watch: Reload when the file changes on disk.
        use_cache: Load through the load cache.
        display_zone_forced: ``False`` when ``display_zone`` is only a default (no
            ``--tz``): a display zone saved in the settings then wins.

    Returns:
        The app, ready to ``run()`` or ``run_test()``.
    """
    path = config_path if config_path is not None else default_config_path(None, os.environ)
    store = SettingsStore.load(path)
    zone = display_zone
    if not display_zone_forced and store.settings.display_zone is not None:
        zone = store.settings.display_zone
    options = ExplorerOptions(
        events_path=events_path,
        now=now or time.time,
        watch=watch,
        use_cache=use_cache,
    )
    extras = tuple(z for z in dict.fromkeys(extra_zones) if z not in store.settings.pinned_zones)
    return TimelineApp(options, store, display_zone=zone, extra_zones=extras)
