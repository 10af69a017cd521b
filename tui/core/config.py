"""User settings: what they are, where they live, and how they are read.

Settings are a small TOML file that people also edit by hand::

    # my timeline settings
    display_zone = "America/New_York"
    pinned_zones = ["Europe/Kyiv", "Asia/Tokyo"]  # the bureaus
    theme = "nord"

Where the file is, first match wins:

1. ``--config PATH`` on the command line;
2. the ``TIMELINE_CONFIG`` environment variable;
3. ``config.toml`` in the platform's config folder (``platformdirs.user_config_path``).

**Reading never fails and trusts nothing.** Problems come back as plain-text warnings
(``path:line:col: message``; values and names are shown with their control characters made
visible, never raw). A value that is merely unusable (an unknown zone, an unknown key, a
value holding control characters or longer than :data:`MAX_VALUE_CHARS`) is ignored with a
warning and left in the file as written. A file that cannot be understood at all (bad TOML,
wrong types, not UTF-8, not a regular file, larger than :data:`MAX_SETTINGS_BYTES`) yields
the defaults and is marked *corrupt*: saving is then refused until it is fixed.

**Whose file is it?** ``--config`` can point anywhere, for instance at a ``pyproject.toml``.
Our settings are three top-level values and never a table, so the rule is:

* a file holding any table (``[project]``, ``[tool.x]``, ``[[bin]]``, a dotted key such as
  ``tool.x = 1``, or an inline table under a key that is not ours) is **not ours**;
* a file with top-level keys none of which is ours or a near-misspelling of ours
  (``dispaly_zone``, ``Theme``, ``pinned-zones``) is **not ours**;
* anything else (including an empty file, or one with only comments) is a settings file,
  and its unknown keys are the user's: warned about, kept when saving.

A file that is not ours is neither read (the defaults apply, with one warning naming the
file) nor ever written. Saving, which changes only what the user changed and replaces the
file atomically, is :mod:`tui.core.settings_file`.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .safetext import UNSAFE_OR_NEWLINE, describe_char, visible
from .zones import ZoneLookupError, resolve_zone

MAX_SETTINGS_BYTES = 1 << 20
"""A settings file is a few lines; anything larger than 1 MiB is refused unread."""
MAX_VALUE_CHARS = 200
"""The longest zone or theme name read (the longest IANA name has 32 characters)."""
MAX_PINNED = 64
"""Only the first 64 entries of ``pinned_zones`` are read (a time card shows far fewer)."""

_KNOWN_KEYS = ("display_zone", "pinned_zones", "theme")
_MAX_PIN_WARNINGS = 5


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


SETTING_NAMES: tuple[str, ...] = tuple(f.name for f in fields(Settings))
"""The names of the settings, which are also their keys in the file."""


def changed_settings(before: Settings, after: Settings) -> frozenset[str]:
    """The names of the settings that differ between ``before`` and ``after``."""
    return frozenset(n for n in SETTING_NAMES if getattr(before, n) != getattr(after, n))


# --- reading ---------------------------------------------------------------------------


class _Corrupt(Exception):
    """The file cannot be understood; carries one positioned warning."""


class UnreadableSettingsFile(Exception):
    """The file is not one a settings file can be (a folder, a FIFO, too large); carries why."""


@dataclass(frozen=True, slots=True)
class SettingsReading:
    """One read of the settings file: its bytes and what they mean.

    Attributes:
        raw: The file's bytes, or ``None`` when there is no file.
        text: The decoded text (``""`` when there is no file or it is not text).
        settings: What the file says (the defaults when it is corrupt or not ours).
        warnings: Plain-text warnings about it.
        refusal: Why the file must not be written (corrupt or not ours), else ``None``.
        foreign: True when the file is someone else's (see the module docstring).
    """

    raw: bytes | None
    text: str
    settings: Settings
    warnings: list[str]
    refusal: str | None = None
    foreign: bool = False


_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)")


def path_for_message(path: Path) -> str:
    """A path for a message, its control characters and newlines made visible."""
    return visible(str(path), one_line=True)


def _shown(value: str) -> str:
    """A value from the file, quoted for a message: clipped, control characters visible."""
    clipped = value if len(value) <= 60 else value[:60] + "…"
    return "'" + visible(clipped, one_line=True) + "'"


def load_settings(path: Path) -> tuple[Settings, list[str]]:
    """Read settings, never failing.

    Args:
        path: The settings file.

    Returns:
        The settings and a list of plain-text warnings. A missing file gives the defaults
        and no warning. Use :meth:`tui.core.settings_file.SettingsStore.load` to also learn
        whether the file may be written.
    """
    reading = read_settings_file(path)
    return reading.settings, reading.warnings


def read_settings_bytes(path: Path) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most MAX_SETTINGS_BYTES.

    Opened without blocking, and checked after opening (not before, so a file swapped for
    a FIFO in between cannot hang us): a FIFO, device or socket is never read.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableSettingsFile("is a folder, not a settings file")
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableSettingsFile("is not a regular file (a FIFO, device or socket?)")
        if info.st_size > MAX_SETTINGS_BYTES:
            raise UnreadableSettingsFile(
                f"is too large for a settings file ({info.st_size:,} bytes)"
            )
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_SETTINGS_BYTES:
            chunk = os.read(fd, MAX_SETTINGS_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_SETTINGS_BYTES:
            raise UnreadableSettingsFile(
                "is too large for a settings file (it grew while being read)"
            )
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_settings_file(path: Path) -> SettingsReading:
    """Read and interpret the settings file at ``path``, never failing.

    Args:
        path: The settings file (need not exist).

    Returns:
        Its bytes and what they mean; a missing file reads as the defaults, no warning.
    """
    label = path_for_message(path)
    try:
        raw = read_settings_bytes(path)
    except FileNotFoundError:
        return SettingsReading(None, "", Settings(), [])
    except UnreadableSettingsFile as exc:
        return _corrupt(None, f"{label}: {exc}")
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return _corrupt(None, f"{label}: cannot read settings: {reason}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return _corrupt(raw, f"{label}:{line}:1: settings file is not UTF-8 text")
    return read_settings_text(raw, text, label)


def _corrupt(raw: bytes | None, message: str) -> SettingsReading:
    return SettingsReading(raw, "", Settings(), [f"{message} (using defaults)"], refusal=message)


def read_settings_text(raw: bytes | None, text: str, label: str) -> SettingsReading:
    """What ``text`` means as the content of a settings file.

    Args:
        raw: The bytes ``text`` was decoded from, kept in the result (``None``: none).
        text: The file's text.
        label: The file's name as warnings show it (see :func:`path_for_message`).

    Returns:
        The reading, with warnings positioned as ``label:line:col``.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        pos = _TOML_POS.search(message)
        where = f"{pos.group(1)}:{pos.group(2)}" if pos else "1:1"
        detail = visible(_TOML_POS.sub("", message).strip(), one_line=True)
        return _corrupt(raw, f"{label}:{where}: invalid TOML: {detail}")
    not_ours = _not_ours(data)
    if not_ours is not None:
        message = f"{label}: not a timeline settings file: {not_ours}"
        warning = f"{message}; it is neither read nor written (using defaults)"
        return SettingsReading(raw, text, Settings(), [warning], refusal=message, foreign=True)
    locator = _Locator(text, label)
    warnings: list[str] = []
    try:
        settings = _interpret(data, locator, warnings)
    except _Corrupt as exc:
        return SettingsReading(
            raw, text, Settings(), [*warnings, f"{exc} (using defaults)"], refusal=str(exc)
        )
    return SettingsReading(raw, text, settings, warnings)


def _normal_key(key: str) -> str:
    return key.strip().lower().replace("-", "_").replace(" ", "_")


def near_setting_name(key: str) -> str | None:
    """The setting name ``key`` is or nearly is (``Theme``, ``dispaly_zone``), or ``None``."""
    normal = _normal_key(key)
    if normal in _KNOWN_KEYS:
        return normal
    close = difflib.get_close_matches(normal, _KNOWN_KEYS, n=1, cutoff=0.8)
    return close[0] if close else None


def _is_table(value: object) -> bool:
    return isinstance(value, dict) or (
        isinstance(value, list) and any(isinstance(v, dict) for v in value)
    )


def _not_ours(data: Mapping[str, Any]) -> str | None:
    """Why a parsed file is someone else's (the rule of the module docstring), or ``None``."""
    tables = [k for k, v in data.items() if k not in _KNOWN_KEYS and _is_table(v)]
    if tables:
        names = ", ".join(f"[{visible(k, one_line=True)[:40]}]" for k in tables[:4])
        more = f" and {len(tables) - 4} more" if len(tables) > 4 else ""
        return f"it holds tables that are not timeline settings ({names}{more})"
    if data and not any(near_setting_name(k) for k in data):
        keys = ", ".join(_shown(k) for k in list(data)[:4])
        more = ", …" if len(data) > 4 else ""
        return f"it has none of the keys {', '.join(_KNOWN_KEYS)}; only {keys}{more}"
    return None


def _checked_name(value: str, what: str, where: str, warnings: list[str]) -> str | None:
    """``value`` if it may be used as a zone or theme name, else ``None`` and a warning."""
    if len(value) > MAX_VALUE_CHARS:
        warnings.append(
            f"{where}: {what} {_shown(value)} is too long ({len(value):,} characters; "
            f"at most {MAX_VALUE_CHARS}) (ignored)"
        )
        return None
    bad = UNSAFE_OR_NEWLINE.search(value)
    if bad is not None:
        warnings.append(
            f"{where}: {what} {_shown(value)} contains {describe_char(bad.group())} (ignored)"
        )
        return None
    return value


def _interpret(data: dict[str, Any], at: _Locator, warnings: list[str]) -> Settings:
    for key in data:
        if key not in _KNOWN_KEYS:
            near = near_setting_name(key)
            hint = f"did you mean {near!r}?" if near else f"known: {', '.join(_KNOWN_KEYS)}"
            warnings.append(
                f"{at.key(key)}: unknown setting {_shown(key)}; {hint} (ignored; kept as written)"
            )
    display_zone: str | None = None
    raw_zone = data.get("display_zone")
    if raw_zone is not None:
        if not isinstance(raw_zone, str):
            raise _Corrupt(f"{at.key('display_zone')}: display_zone must be a quoted zone name")
        if raw_zone.strip():
            display_zone = _zone(raw_zone, at.value("display_zone", raw_zone), warnings)
    raw_pinned = data.get("pinned_zones")
    pinned: tuple[str, ...] = ()
    if raw_pinned is not None:
        if not isinstance(raw_pinned, list) or not all(isinstance(z, str) for z in raw_pinned):
            raise _Corrupt(
                f"{at.key('pinned_zones')}: pinned_zones must be a list of quoted zone names, "
                'such as ["Europe/Kyiv", "Asia/Tokyo"]'
            )
        pinned = _pins(raw_pinned, at, warnings)
    theme: str | None = None
    raw_theme = data.get("theme")
    if raw_theme is not None:
        if not isinstance(raw_theme, str):
            raise _Corrupt(f"{at.key('theme')}: theme must be a quoted theme name")
        if raw_theme.strip():
            where = at.value("theme", raw_theme)
            checked = _checked_name(raw_theme.strip(), "theme", where, warnings)
            theme = checked
    return Settings(display_zone=display_zone, pinned_zones=pinned, theme=theme)


def _pins(items: list[str], at: _Locator, warnings: list[str]) -> tuple[str, ...]:
    pinned: list[str] = []
    problems: list[str] = []
    for item in items[:MAX_PINNED]:
        found = _zone(item, at.value("pinned_zones", item), problems)
        if found is not None and found not in pinned:
            pinned.append(found)
    warnings.extend(problems[:_MAX_PIN_WARNINGS])
    if len(problems) > _MAX_PIN_WARNINGS:
        hidden = len(problems) - _MAX_PIN_WARNINGS
        warnings.append(f"{at.key('pinned_zones')}: {hidden} more unusable zones (ignored)")
    if len(items) > MAX_PINNED:
        warnings.append(
            f"{at.key('pinned_zones')}: {len(items):,} zones pinned; only the first "
            f"{MAX_PINNED} are used"
        )
    return tuple(pinned)


def _zone(text: str, where: str, warnings: list[str]) -> str | None:
    """The canonical key ``text`` names, or ``None`` and a warning saying why not."""
    if _checked_name(text, "zone", where, warnings) is None:
        return None
    try:
        return resolve_zone(text)
    except ZoneLookupError as exc:
        # the zones module's sentence: unknown (with did-you-mean), ambiguous or malformed;
        # the value in it was checked above, so it holds no control character
        warnings.append(f"{where}: {exc.message} (ignored)")
        return None


def usable_zone(text: str) -> str | None:
    """The canonical key ``text`` names when the reader would use it, else ``None``."""
    return _zone(text, "", [])


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
