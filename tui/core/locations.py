"""Where the program's files are: the one place that knows the platform's folders.

* the settings file: ``--config``, else ``TIMELINE_CONFIG``, else ``config.toml`` in the
  platform's config folder (``~/.config/timeline/`` on Linux);
* the load cache: ``TIMELINE_CACHE_DIR``, else the platform's cache folder;
* the secret that authenticates cache entries: the platform's config folder, never the
  cache folder (a cache folder may be shared, relocated or unpacked from elsewhere; the
  secret must not travel with the entries it vouches for);
* the events file when none is named: ``./events.yaml``, else the bundled timeline.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "timeline"
CONFIG_ENV = "TIMELINE_CONFIG"
"""Environment variable naming the settings file (overridden by ``--config``)."""
CACHE_ENV = "TIMELINE_CACHE_DIR"
"""Environment variable naming the cache folder."""
CONFIG_FILENAME = "config.toml"


def config_dir() -> Path:
    """The platform's config folder for this program (not created here)."""
    return platformdirs.user_config_path(APP_NAME)


def config_path(cli_value: Path | None, env: Mapping[str, str]) -> Path:
    """The settings file to use.

    Args:
        cli_value: The ``--config`` argument, if given (wins over everything).
        env: The environment (pass ``os.environ``); ``TIMELINE_CONFIG`` is used when set
            and not empty.

    Returns:
        The path (which need not exist), with ``~`` expanded.
    """
    if cli_value is not None:
        return Path(cli_value).expanduser()
    from_env = env.get(CONFIG_ENV, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    return config_dir() / CONFIG_FILENAME


def cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """The folder for caches: ``TIMELINE_CACHE_DIR`` if set, else the platform's.

    Args:
        env: The environment; defaults to ``os.environ``.

    Returns:
        The folder (not created here).
    """
    environ = os.environ if env is None else env
    from_env = environ.get(CACHE_ENV, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    return platformdirs.user_cache_path(APP_NAME)


def bundled_events_path() -> Path:
    """The 2025 timeline shipped inside the package."""
    return Path(str(resources.files("tui.data").joinpath("events.yaml")))


def default_events_path(cwd: Path | None = None) -> Path:
    """``./events.yaml`` when it exists, else the bundled timeline."""
    local = (cwd or Path.cwd()) / "events.yaml"
    return local if local.is_file() else bundled_events_path()
