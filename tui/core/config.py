"""User settings: where they live, how they are read, and how they are saved safely.

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
file) nor ever written.

**Saving changes only what the user changed.** :meth:`SettingsStore.save` re-reads the file
(so an edit made while the explorer ran is merged, not overwritten), edits it with
:mod:`tomlkit`, touching only the keys the user changed in the application (``display_zone``,
``pinned_zones``, ``theme``), and checks that the result reads back as intended. Comments,
blank lines, order, unknown keys and values we could not use stay as written; a setting put
back to its default loses only its own key; a pin added or removed edits the list in place.

The write is atomic (a temporary file in the same folder, flushed, then renamed over the
old one) and goes *through* symlinks: the link's final target is replaced, in the target's
folder, so the link stays a link. The replaced file keeps its mode and, where the operating
system allows, its owner and group. A new file is created with mode 0644 less the umask:
settings hold no secrets (zone names and a theme), and 0644 is what editors and other
programs give a dotfile, while a umask of 077 still yields 0600. Folders we create get 0700,
as the XDG base-directory specification asks for configuration folders. Extended attributes
and ACLs are not copied, and a file with several hard links is separated from the others by
the rename.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import re
import secrets
import stat
import tomllib
from collections.abc import Collection, Mapping
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

NEW_FILE_MODE = 0o644
"""Mode of a settings file we create (less the umask): no secrets in it; see above."""
NEW_FOLDER_MODE = 0o700
"""Mode of a config folder we create (less the umask), as XDG asks."""

_KNOWN_KEYS = ("display_zone", "pinned_zones", "theme")
_NEW_FILE_HEADER = (
    "# timeline settings. The explorer changes only display_zone, pinned_zones and theme;\n"
    "# comments and anything else written here are kept.\n"
)
_SAVE_ATTEMPTS = 3
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


class _Unreadable(Exception):
    """The file cannot be read as a settings file; carries the reason."""


@dataclass(frozen=True, slots=True)
class _Reading:
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


def _label(path: Path) -> str:
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
        and no warning. Use :meth:`SettingsStore.load` to also learn whether the file may
        be written.
    """
    reading = _read(path)
    return reading.settings, reading.warnings


def _read_bounded(path: Path) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most MAX_SETTINGS_BYTES.

    Opened without blocking, and checked after opening (not before, so a file swapped for
    a FIFO in between cannot hang us): a FIFO, device or socket is never read.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise _Unreadable("is a folder, not a settings file")
        if not stat.S_ISREG(info.st_mode):
            raise _Unreadable("is not a regular file (a FIFO, device or socket?)")
        if info.st_size > MAX_SETTINGS_BYTES:
            raise _Unreadable(f"is too large for a settings file ({info.st_size:,} bytes)")
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_SETTINGS_BYTES:
            chunk = os.read(fd, MAX_SETTINGS_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_SETTINGS_BYTES:
            raise _Unreadable("is too large for a settings file (it grew while being read)")
        return b"".join(chunks)
    finally:
        os.close(fd)


def _read(path: Path) -> _Reading:
    label = _label(path)
    try:
        raw = _read_bounded(path)
    except FileNotFoundError:
        return _Reading(None, "", Settings(), [])
    except _Unreadable as exc:
        return _corrupt(None, f"{label}: {exc}")
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return _corrupt(None, f"{label}: cannot read settings: {reason}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return _corrupt(raw, f"{label}:{line}:1: settings file is not UTF-8 text")
    return _understand(raw, text, label)


def _corrupt(raw: bytes | None, message: str) -> _Reading:
    return _Reading(raw, "", Settings(), [f"{message} (using defaults)"], refusal=message)


def _understand(raw: bytes | None, text: str, label: str) -> _Reading:
    """What ``text`` (the content of the file named ``label``) means."""
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
        return _Reading(raw, text, Settings(), [warning], refusal=message, foreign=True)
    locator = _Locator(text, label)
    warnings: list[str] = []
    try:
        settings = _interpret(data, locator, warnings)
    except _Corrupt as exc:
        return _Reading(
            raw, text, Settings(), [*warnings, f"{exc} (using defaults)"], refusal=str(exc)
        )
    return _Reading(raw, text, settings, warnings)


def _normal_key(key: str) -> str:
    return key.strip().lower().replace("-", "_").replace(" ", "_")


def _near_key(key: str) -> str | None:
    """Our key that ``key`` is (or nearly is), or ``None``."""
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
    if data and not any(_near_key(k) for k in data):
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
            near = _near_key(key)
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


def _usable_zone(text: str) -> str | None:
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


# --- editing ---------------------------------------------------------------------------


class _CannotEdit(Exception):
    """The edit would not read back as intended; carries the reason."""


def edit_settings_text(
    text: str, current: Settings, wanted: Settings, changed: Collection[str]
) -> str:
    """``text`` with only the settings named in ``changed`` set to their ``wanted`` values.

    A setting whose value in ``text`` already means the wanted value is left as written
    (``"new york"`` stays, it is ``America/New_York``). A setting put back to its default
    loses its key and nothing else. Everything else (comments, blank lines, order, other
    keys, values we could not use) is kept byte for byte.

    Args:
        text: The settings file's text (``""`` for a new file, which gets a header comment).
        current: What ``text`` means (as read).
        wanted: The settings wanted.
        changed: Names of the settings to write (see :data:`SETTING_NAMES`).

    Returns:
        The new text (equal to ``text`` when nothing needs to change).
    """
    import tomlkit  # only when saving: the command line's reading paths stay light

    doc = tomlkit.parse(text or _NEW_FILE_HEADER)
    touched = False
    for name in SETTING_NAMES:
        value = getattr(wanted, name)
        if name not in changed or value == getattr(current, name):
            continue
        touched = True
        if name == "pinned_zones":
            _edit_pins(doc, value)
        elif value is None:
            if name in doc:
                _remove_setting(doc, name)
        else:
            doc[name] = value
    if not touched:
        return text
    result = doc.as_string()
    if "\r\n" in text:  # keep Windows line ends: lines tomlkit added end in a bare \n
        result = re.sub(r"(?<!\r)\n", "\r\n", result)
    return result


def _remove_setting(doc: Any, name: str) -> None:
    """Remove the key ``name``; keep it with an empty value if it is our last key.

    A file left with other keys but none of ours would read as someone else's file (see
    the module docstring) and never be written again; ``theme = ""`` and
    ``pinned_zones = []`` mean the default just as well.
    """
    others = [k for k in doc if k != name]
    if others and not any(_near_key(k) for k in others):
        doc[name] = [] if name == "pinned_zones" else ""
    else:
        doc.remove(name)


def _edit_pins(doc: Any, wanted: tuple[str, ...]) -> None:
    """Set ``pinned_zones`` to ``wanted``, editing the written list in place when possible.

    Entries whose zone is still pinned stay as written (with their comments); entries the
    reader ignores (unknown or unusable zones) are kept; newly pinned zones are appended.
    When the order of the kept zones changed, the list is written anew (still keeping the
    unusable entries, after the pinned ones).
    """
    import tomlkit

    if "pinned_zones" not in doc:
        if wanted:
            doc["pinned_zones"] = list(wanted)
        return
    array = doc["pinned_zones"]
    canonical = [_usable_zone(s) if i < MAX_PINNED else None for i, s in enumerate(array)]
    # remove, from the end so indexes stay valid, every usable entry no longer pinned
    for i in range(len(canonical) - 1, -1, -1):
        key = canonical[i]
        if key is not None and key not in wanted:
            del array[i]
            del canonical[i]
    kept = list(dict.fromkeys(k for k in canonical if k is not None))
    added = [k for k in wanted if k not in kept]
    if list(wanted) == kept + added:
        for key in added:
            array.append(key)
    else:
        unusable = [str(s) for s, k in zip(array, canonical, strict=True) if k is None]
        fresh = tomlkit.array()
        fresh.extend([*wanted, *unusable])
        if "\n" in array.as_string():
            fresh.multiline(True)
        doc["pinned_zones"] = fresh
    if len(doc["pinned_zones"]) == 0:
        _remove_setting(doc, "pinned_zones")


def dump_settings(settings: Settings) -> str:
    """The text of a new settings file holding ``settings`` (defaults are left out).

    Args:
        settings: The settings to write.

    Returns:
        TOML text ending in a newline, readable back by :func:`load_settings`.
    """
    return edit_settings_text("", Settings(), settings, SETTING_NAMES) or _NEW_FILE_HEADER


# --- writing ---------------------------------------------------------------------------


class _ChangedOnDisk(Exception):
    """The file changed between reading it and replacing it."""


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one step (temporary file, then ``os.replace``).

    A reader sees either the old file or the new one, never a half-written file, even if
    the process dies mid-write. A symlink is followed: its final target is replaced (in
    the target's folder) and the link stays. The replaced file keeps its mode and, where
    allowed, its owner and group; a new file gets :data:`NEW_FILE_MODE` less the umask and
    missing folders :data:`NEW_FOLDER_MODE`.

    Args:
        path: The destination.
        text: The full new content (written as UTF-8, line ends as given).

    Raises:
        OSError: The folder cannot be created or the file cannot be written.
    """
    _replace(path, text.encode("utf-8"), expected=None, check=False)


def _make_folders(folder: Path) -> None:
    """Create ``folder`` and its missing parents, each with NEW_FOLDER_MODE."""
    missing: list[Path] = []
    at = folder
    while not at.exists():
        missing.append(at)
        if at.parent == at:
            break
        at = at.parent
    for each in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made meanwhile by someone else
            os.mkdir(each, NEW_FOLDER_MODE)


def _current_bytes(target: Path) -> bytes | None:
    try:
        return _read_bounded(target)
    except FileNotFoundError:
        return None
    except _Unreadable:
        return b"\x00unreadable"  # never equal to what we based an edit on


def _replace(path: Path, data: bytes, *, expected: bytes | None, check: bool) -> None:
    """Write ``data`` to ``path``'s final target atomically.

    When ``check`` is set, the target must still hold ``expected`` (``None``: must not
    exist) right before the rename; else :class:`_ChangedOnDisk` is raised and the file is
    left as it is. (This narrows the window for a lost concurrent edit to the moment
    between that check and the rename; editors give us no lock to close it entirely.)
    """
    target = Path(os.path.realpath(path))
    folder = target.parent
    _make_folders(folder)
    try:
        before: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        before = None
    tmp = folder / f".{target.name}.{secrets.token_hex(6)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(tmp, flags, 0o600 if before is not None else NEW_FILE_MODE)
    try:
        try:
            if before is not None:
                _copy_owner_and_mode(fd, before)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        if check and _current_bytes(target) != expected:
            raise _ChangedOnDisk
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_folder(folder)


def _copy_owner_and_mode(fd: int, before: os.stat_result) -> None:
    """Give the new file the old one's owner and group (where allowed), then its mode."""
    if hasattr(os, "fchown") and (before.st_uid, before.st_gid) != (os.geteuid(), os.getegid()):
        try:
            os.fchown(fd, before.st_uid, before.st_gid)
        except PermissionError:
            # not root: the group can still be kept when we belong to it
            with contextlib.suppress(PermissionError):
                os.fchown(fd, -1, before.st_gid)
    # after chown, which may clear set-id bits; fchmod ignores the umask
    os.fchmod(fd, stat.S_IMODE(before.st_mode))


def _sync_folder(folder: Path) -> None:
    """Make the rename durable; best effort (not every system can fsync a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class SettingsStore:
    """The settings file and what was read from it; saves without ever destroying data.

    Attributes:
        path: The settings file.
        settings: What the file meant when last read or written.
        corrupt: True when the file existed but could not be understood when loaded.
        foreign: True when the file was someone else's when loaded (see the module
            docstring); it is then never written.
        warnings: Plain-text warnings from reading the file (and, from the explorer's
            factory, from choosing the display zone), shown once at start.
    """

    def __init__(
        self,
        path: Path,
        settings: Settings | None = None,
        *,
        corrupt: bool = False,
        foreign: bool = False,
        warnings: list[str] | None = None,
    ) -> None:
        """Hold ``settings`` for ``path``. Use :meth:`load` to read the file.

        Args:
            path: The settings file.
            settings: The settings; defaults when omitted.
            corrupt: Whether the file on disk is corrupt.
            foreign: Whether the file on disk is someone else's.
            warnings: Warnings from reading.
        """
        self.path = path
        self.settings = settings if settings is not None else Settings()
        self.corrupt = corrupt
        self.foreign = foreign
        self.warnings = list(warnings or [])

    @classmethod
    def load(cls, path: Path) -> SettingsStore:
        """Read ``path`` (see :func:`load_settings`) into a store.

        Args:
            path: The settings file (need not exist).

        Returns:
            The store, with ``corrupt`` or ``foreign`` set when the file may not be written.
        """
        reading = _read(path)
        return cls(
            path,
            reading.settings,
            corrupt=reading.refusal is not None and not reading.foreign,
            foreign=reading.foreign,
            warnings=reading.warnings,
        )

    def save(self, settings: Settings, *, changed: Collection[str] | None = None) -> str | None:
        """Write the settings the user changed into the file, keeping everything else.

        The file is read again first, so an edit made on disk since it was loaded is kept:
        only the settings in ``changed`` are written into the file as it is now. A file
        that is corrupt or not ours (now) is left alone.

        Args:
            settings: The wanted settings.
            changed: Names of the settings the user changed (see :data:`SETTING_NAMES`);
                ``None``: every setting that differs from :attr:`settings`.

        Returns:
            ``None`` on success (and :attr:`settings` is what the file now means), else a
            plain-text message saying why nothing was written.
        """
        from tomlkit.exceptions import TOMLKitError

        names = changed_settings(self.settings, settings) if changed is None else changed
        if not names:
            return None
        label = _label(self.path)
        for _attempt in range(_SAVE_ATTEMPTS):
            reading = _read(self.path)
            if reading.foreign:
                return (
                    f"settings not saved: {reading.refusal}; the settings need a file of "
                    "their own (--config or TIMELINE_CONFIG)"
                )
            if reading.refusal is not None:
                return f"settings not saved: {reading.refusal}; fix or remove the file"
            try:
                text = edit_settings_text(reading.text, reading.settings, settings, names)
                after = _understand(None, text, label)
                _check_edit(after, settings, names)
            except (_CannotEdit, TOMLKitError, ValueError) as exc:
                return f"settings not saved: cannot edit {label}: {visible(str(exc))}"
            if text == reading.text:  # already as wanted (or nothing to write)
                self.settings = reading.settings
                return None
            try:
                _replace(self.path, text.encode("utf-8"), expected=reading.raw, check=True)
            except _ChangedOnDisk:
                continue  # edited meanwhile: merge into the newer text
            except OSError as exc:
                reason = exc.strerror or str(exc)
                return f"settings not saved: cannot write {label}: {reason}"
            self.settings = after.settings
            return None
        return f"settings not saved: {label} kept changing while saving; try again"


def _check_edit(after: _Reading, wanted: Settings, names: Collection[str]) -> None:
    """Refuse an edit that would not read back as the wanted settings."""
    if after.refusal is not None:
        raise _CannotEdit(after.refusal)
    for name in names:
        if getattr(after.settings, name) != getattr(wanted, name):
            raise _CannotEdit(f"{name} would not read back as written")
