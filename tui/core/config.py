"""User settings: where they live, how they are read, and how they are saved safely.

Settings are a small TOML file (read with :mod:`tomllib`, written by a tiny writer here)::

    display_zone = "America/New_York"
    pinned_zones = ["Europe/Kyiv", "Asia/Tokyo"]
    theme = "nord"

Where the file is, first match wins:

1. ``--config PATH`` on the command line;
2. the ``TIMELINE_CONFIG`` environment variable;
3. ``config.toml`` in the platform's config folder (``platformdirs.user_config_path``).

Reading never fails: problems come back as human warnings (``path:line:col: message``).
A value that is merely wrong (an unknown zone, an unknown key) is ignored with a warning;
a file that cannot be understood at all (bad TOML, wrong types, unreadable) yields the
defaults and is marked *corrupt*, and :meth:`SettingsStore.save` then refuses to overwrite
it, so a user's hand-edited file is never destroyed by the application.
"""

from __future__ import annotations

import os
import re
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from .zones import ZoneLookupError, resolve_zone

APP_NAME = "timeline"
CONFIG_ENV = "TIMELINE_CONFIG"
"""Environment variable naming the config file (overridden by ``--config``)."""
CACHE_ENV = "TIMELINE_CACHE_DIR"
"""Environment variable naming the cache folder."""
CONFIG_FILENAME = "config.toml"

_KNOWN_KEYS = ("display_zone", "pinned_zones", "theme")


@dataclass(frozen=True, slots=True)
class Settings:
    """The user's settings. Every field has a default, so an empty file is valid.

    Attributes:
        display_zone: Canonical key of the zone times are shown in, or ``None`` for the
            computer's local zone.
        pinned_zones: Canonical zone keys always shown on the time card, in order.
        theme: Name of the interface theme, or ``None`` for the default. Not validated
            here: the core does not know which themes the interface has.
    """

    display_zone: str | None = None
    pinned_zones: tuple[str, ...] = ()
    theme: str | None = None


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
    return platformdirs.user_config_path(APP_NAME) / CONFIG_FILENAME


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


# --- reading ---------------------------------------------------------------------------


class _Corrupt(Exception):
    """The file cannot be understood; carries one positioned warning."""


_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)")


def load_settings(path: Path) -> tuple[Settings, list[str]]:
    """Read settings, never failing.

    Args:
        path: The settings file.

    Returns:
        The settings and a list of human warnings. A missing file gives the defaults and
        no warning. Use :meth:`SettingsStore.load` to also learn whether the file was
        corrupt.
    """
    settings, warnings, _corrupt = _read(path)
    return settings, warnings


def _read(path: Path) -> tuple[Settings, list[str], bool]:
    label = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings(), [], False
    except IsADirectoryError:
        return Settings(), [f"{label}: is a folder, not a settings file (using defaults)"], True
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return Settings(), [f"{label}: cannot read settings: {reason} (using defaults)"], True
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return (
            Settings(),
            [f"{label}:{line}:1: settings file is not UTF-8 text (using defaults)"],
            True,
        )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        pos = _TOML_POS.search(message)
        where = f"{pos.group(1)}:{pos.group(2)}" if pos else "1:1"
        detail = _TOML_POS.sub("", message).strip()
        return (
            Settings(),
            [f"{label}:{where}: invalid TOML: {detail} (using defaults)"],
            True,
        )
    locator = _Locator(text, label)
    warnings: list[str] = []
    try:
        settings = _interpret(data, locator, warnings)
    except _Corrupt as exc:
        return Settings(), [*warnings, f"{exc} (using defaults)"], True
    return settings, warnings, False


def _interpret(data: dict[str, Any], at: _Locator, warnings: list[str]) -> Settings:
    for key in data:
        if key not in _KNOWN_KEYS:
            warnings.append(
                f"{at.key(key)}: unknown setting {key!r}; known: {', '.join(_KNOWN_KEYS)} "
                "(ignored, and not kept when settings are saved)"
            )
    display_zone: str | None = None
    raw_zone = data.get("display_zone")
    if raw_zone is not None:
        if not isinstance(raw_zone, str):
            raise _Corrupt(f"{at.key('display_zone')}: display_zone must be a quoted zone name")
        if raw_zone.strip():
            display_zone = _zone(raw_zone, at.value("display_zone", raw_zone), warnings)
    pinned: list[str] = []
    raw_pinned = data.get("pinned_zones")
    if raw_pinned is not None:
        if not isinstance(raw_pinned, list) or not all(isinstance(z, str) for z in raw_pinned):
            raise _Corrupt(
                f"{at.key('pinned_zones')}: pinned_zones must be a list of quoted zone names, "
                'such as ["Europe/Kyiv", "Asia/Tokyo"]'
            )
        for item in raw_pinned:
            found = _zone(item, at.value("pinned_zones", item), warnings)
            if found is not None and found not in pinned:
                pinned.append(found)
    theme: str | None = None
    raw_theme = data.get("theme")
    if raw_theme is not None:
        if not isinstance(raw_theme, str):
            raise _Corrupt(f"{at.key('theme')}: theme must be a quoted theme name")
        theme = raw_theme.strip() or None
    return Settings(display_zone=display_zone, pinned_zones=tuple(pinned), theme=theme)


def _zone(text: str, where: str, warnings: list[str]) -> str | None:
    try:
        return resolve_zone(text)
    except ZoneLookupError as exc:
        # the zones module's sentence: unknown (with did-you-mean), ambiguous or malformed
        warnings.append(f"{where}: {exc.message} (ignored)")
        return None


@dataclass(slots=True)
class _Locator:
    """Finds where a top-level key or one of its string values is written.

    :mod:`tomllib` reports no positions for values, so this searches the text; it is used
    only to point a warning at a line, and falls back to line 1 when unsure.
    """

    text: str
    label: str
    lines: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.lines = self.text.splitlines()

    def _key_line(self, key: str) -> int | None:
        pattern = re.compile(
            rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')\s*="
        )
        for i, line in enumerate(self.lines):
            if pattern.match(line):
                return i
        return None

    def key(self, key: str) -> str:
        """``path:line:col`` of ``key = ...`` (column of the key)."""
        i = self._key_line(key)
        if i is None:
            return f"{self.label}:1:1"
        col = len(self.lines[i]) - len(self.lines[i].lstrip()) + 1
        return f"{self.label}:{i + 1}:{col}"

    def value(self, key: str, value: str) -> str:
        """``path:line:col`` of the quoted ``value`` at or after ``key``'s line."""
        start = self._key_line(key)
        if start is None:
            return f"{self.label}:1:1"
        for i in range(start, len(self.lines)):
            for quoted in (f'"{value}"', f"'{value}'"):
                col = self.lines[i].find(quoted)
                if col >= 0:
                    return f"{self.label}:{i + 1}:{col + 1}"
        return self.key(key)


# --- writing ---------------------------------------------------------------------------

_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def toml_string(value: str) -> str:
    """``value`` as a TOML basic string, with quotes, backslashes and controls escaped.

    Args:
        value: Any text.

    Returns:
        The quoted string, e.g. ``"Europe/Kyiv"``.
    """
    out: list[str] = []
    for ch in value:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def dump_settings(settings: Settings) -> str:
    """The TOML text for ``settings``; keys left at their default are omitted.

    Args:
        settings: The settings to write.

    Returns:
        TOML text ending in a newline, readable back by :func:`load_settings`.
    """
    lines = ["# timeline settings. Saved by the application; comments are not kept."]
    if settings.display_zone is not None:
        lines.append(f"display_zone = {toml_string(settings.display_zone)}")
    if settings.pinned_zones:
        items = ", ".join(toml_string(z) for z in settings.pinned_zones)
        lines.append(f"pinned_zones = [{items}]")
    if settings.theme is not None:
        lines.append(f"theme = {toml_string(settings.theme)}")
    return "\n".join(lines) + "\n"


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one step (temporary file, then ``os.replace``).

    Creates the parent folder. A reader sees either the old file or the new one, never a
    half-written file, even if the process dies mid-write.

    Args:
        path: The destination.
        text: The full new content (written as UTF-8).

    Raises:
        OSError: The folder cannot be created or the file cannot be written.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


class SettingsStore:
    """The settings file and what was read from it; saves without ever destroying data.

    Attributes:
        path: The settings file.
        settings: The current settings (updated by a successful :meth:`save`).
        corrupt: True when the file existed but could not be understood; saving is then
            refused until the user fixes or removes it.
        warnings: Human warnings from reading the file.
    """

    def __init__(
        self,
        path: Path,
        settings: Settings | None = None,
        *,
        corrupt: bool = False,
        warnings: list[str] | None = None,
    ) -> None:
        """Hold ``settings`` for ``path``. Use :meth:`load` to read the file.

        Args:
            path: The settings file.
            settings: The settings; defaults when omitted.
            corrupt: Whether the file on disk is corrupt (blocks saving).
            warnings: Warnings from reading.
        """
        self.path = path
        self.settings = settings if settings is not None else Settings()
        self.corrupt = corrupt
        self.warnings = list(warnings or [])

    @classmethod
    def load(cls, path: Path) -> SettingsStore:
        """Read ``path`` (see :func:`load_settings`) into a store.

        Args:
            path: The settings file (need not exist).

        Returns:
            The store, with ``corrupt`` set when the file could not be understood.
        """
        settings, warnings, corrupt = _read(path)
        return cls(path, settings, corrupt=corrupt, warnings=warnings)

    def save(self, settings: Settings) -> str | None:
        """Write ``settings`` atomically, unless the file on disk was corrupt.

        Args:
            settings: The new settings.

        Returns:
            ``None`` on success (and :attr:`settings` is updated), else a message saying
            why nothing was written.
        """
        if self.corrupt:
            return (
                f"settings not saved: {self.path} could not be read when the program "
                "started; fix or remove it, then restart"
            )
        try:
            write_atomically(self.path, dump_settings(settings))
        except OSError as exc:
            reason = exc.strerror or str(exc)
            return f"settings not saved: cannot write {self.path}: {reason}"
        self.settings = settings
        return None
