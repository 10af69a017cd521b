"""The host's zone and the display zone: which zone times are shown in.

The display zone is the first usable one of: ``--tz``, the zone saved in the settings,
``TIMELINE_TZ``, ``TZ``, ``/etc/localtime`` (or ``/etc/timezone``), UTC.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from .zonedata import UTC_KEY, ZoneLookupError
from .zones import resolve_zone

# Where the host records its zone; module attributes so tests can point them elsewhere.
LOCALTIME_PATH = Path("/etc/localtime")
TIMEZONE_FILE_PATH = Path("/etc/timezone")

# --- The host's zone and the display zone ---------------------------------------------------


def _zone_from_path(path: str) -> str | None:
    marker = "zoneinfo/"
    at = path.rfind(marker)
    if at < 0:
        return None
    name = path[at + len(marker) :]
    for prefix in ("posix/", "right/"):
        name = name.removeprefix(prefix)
    try:
        return resolve_zone(name)
    except ZoneLookupError:
        return None


def local_zone(env: Mapping[str, str] | None = None, *, warnings: list[str] | None = None) -> str:
    """The host's time zone as a canonical key.

    Looks at ``TZ`` (a leading ``:`` is allowed, and so is a path into a zoneinfo folder;
    an unresolvable value is skipped), then the ``/etc/localtime`` symlink, then
    ``/etc/timezone``. Never raises.

    Args:
        env: Environment to read ``TZ`` from (default: ``os.environ``).
        warnings: If given, a plain-text warning is added here for an unusable ``TZ``.

    Returns:
        The canonical key, or ``UTC`` when nothing usable is found.
    """
    from .safetext import visible

    environ = os.environ if env is None else env
    tz_value = environ.get("TZ", "").strip().removeprefix(":").strip()
    if tz_value:
        if "zoneinfo/" in tz_value:
            found = _zone_from_path(tz_value)
            if found is not None:
                return found
            if warnings is not None:
                shown = visible(tz_value[:100], one_line=True)
                warnings.append(f"TZ: no known zone at '{shown}' (ignored)")
        else:
            try:
                return resolve_zone(tz_value)
            except ZoneLookupError as exc:
                if warnings is not None:
                    warnings.append(f"TZ: {visible(exc.message[:300], one_line=True)} (ignored)")
    try:
        if LOCALTIME_PATH.is_symlink():
            for target in (os.readlink(LOCALTIME_PATH), str(LOCALTIME_PATH.resolve())):
                found = _zone_from_path(target)
                if found is not None:
                    return found
    except OSError:
        pass
    try:
        lines = TIMEZONE_FILE_PATH.read_text(encoding="utf-8").split()
    except (OSError, UnicodeDecodeError):
        lines = []
    if lines:
        try:
            return resolve_zone(lines[0])
        except ZoneLookupError:
            pass
    return UTC_KEY


def display_zone(
    cli_value: str | None,
    env: Mapping[str, str] | None = None,
    *,
    saved: str | None = None,
    warnings: list[str] | None = None,
) -> str:
    """The zone to show times in: the one rule, for the command line and the explorer.

    Precedence: ``--tz``, the saved setting, ``TIMELINE_TZ``, ``TZ``, ``/etc/localtime``
    (then ``/etc/timezone``), ``UTC``.

    Args:
        cli_value: The ``--tz`` value, or ``None`` when not given.
        env: Environment (default: ``os.environ``); ``TIMELINE_TZ`` is used when set and
            non-blank, and ``TZ`` for the host zone.
        saved: The display zone saved in the settings (already resolved), or ``None``.
        warnings: If given (the explorer), an unusable ``TIMELINE_TZ`` or ``TZ`` is
            skipped with a plain-text warning added here, instead of raising. A bad
            ``TIMELINE_TZ`` is reported even when a saved zone wins.

    Returns:
        The first usable zone of the precedence, as a canonical key.

    Raises:
        ZoneLookupError: If ``--tz`` does not resolve, or ``TIMELINE_TZ`` does not and no
            ``warnings`` list was given.
    """
    from .safetext import visible

    if cli_value is not None:
        return resolve_zone(cli_value)
    environ = os.environ if env is None else env
    configured = environ.get("TIMELINE_TZ", "")
    from_env: str | None = None
    if configured.strip():
        try:
            from_env = resolve_zone(configured)
        except ZoneLookupError as exc:
            if warnings is None:
                raise
            shown = visible(exc.message[:300], one_line=True)
            warnings.append(f"TIMELINE_TZ: {shown} (ignored)")
    if saved is not None:
        return saved
    if from_env is not None:
        return from_env
    return local_zone(environ, warnings=warnings)
