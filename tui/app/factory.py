"""The one way to build the explorer: from explicit arguments, never from ``sys.argv``.

The command line, the tests and the benchmark all call :func:`make_app`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from tui.app.app import TimelineApp
from tui.app.options import ExplorerOptions
from tui.core.hostzone import display_zone as resolve_display_zone
from tui.core.locations import config_path as default_config_path
from tui.core.settings_file import SettingsStore


def make_app(
    *,
    events_path: Path,
    display_zone: str | None = None,
    config_path: Path | None = None,
    extra_zones: tuple[str, ...] = (),
    now: Callable[[], float] | None = None,
    watch: bool = True,
    use_cache: bool = True,
    env: Mapping[str, str] | None = None,
    served: bool = False,
) -> TimelineApp:
    """Build the explorer (nothing is read from the events file until it runs).

    The display zone is the first usable one of: ``display_zone`` (``--tz``), the zone
    saved in the settings, ``TIMELINE_TZ``, ``TZ``, ``/etc/localtime``, UTC (the rule of
    :func:`tui.core.zones.display_zone`). An unusable ``TIMELINE_TZ`` or ``TZ`` does not
    stop the explorer: it is skipped and the app shows a warning when it starts.

    Args:
        events_path: The event file to explore.
        display_zone: Canonical key of the zone to show times in (``--tz``), or ``None``
            to choose it from the settings and the environment.
        config_path: The settings file; ``None`` for the usual place (``TIMELINE_CONFIG``,
            else the platform's config folder).
        extra_zones: Zones to pin on the time card for this run (``--tz`` extras; not saved).
        now: Returns the current UNIX time; defaults to the system clock (tests freeze it).
        watch: Reload when the file changes on disk.
        use_cache: Load through the load cache.
        env: The environment (``TIMELINE_TZ``, ``TZ``, ``TIMELINE_CONFIG``); defaults to
            ``os.environ``.
        served: Running for a browser tab (``timeline serve``): nothing is written to
            this machine's disk, so the load cache is not used and settings are not saved.

    Returns:
        The app, ready to ``run()`` or ``run_test()``.
    """
    environ = os.environ if env is None else env
    path = config_path if config_path is not None else default_config_path(None, environ)
    store = SettingsStore.load(path)
    saved = store.settings.display_zone
    if display_zone is None:
        # warnings about the environment are shown with the settings' own at start
        zone = resolve_display_zone(None, environ, saved=saved, warnings=store.warnings)
    else:
        zone = display_zone
    options = ExplorerOptions(
        events_path=events_path,
        now=now or time.time,
        watch=watch,
        use_cache=use_cache and not served,  # the cache writes its entries
        served=served,
    )
    extras = tuple(z for z in dict.fromkeys(extra_zones) if z not in store.settings.pinned_zones)
    return TimelineApp(options, store, display_zone=zone, extra_zones=extras)
