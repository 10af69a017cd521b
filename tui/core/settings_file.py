"""The settings file: changing it in place and replacing it safely.

Reading and interpreting settings is :mod:`tui.core.config`; this module writes them.

**Saving changes only what the user changed.** :meth:`SettingsStore.save` re-reads the file
(so an edit made while the explorer ran is merged, not overwritten), edits it with
:mod:`tomlkit`, touching only the keys the user changed in the application (``display_zone``,
``pinned_zones``, ``theme``), and checks that the result reads back as intended. Comments,
blank lines, order, unknown keys and values we could not use stay as written; a setting put
back to its default loses only its own key; a pin added or removed edits the list in place.
A file that is corrupt or not ours (see :mod:`tui.core.config`) is never written.

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
import os
import re
import secrets
import stat
from collections.abc import Collection
from pathlib import Path
from typing import Any

from .config import (
    MAX_PINNED,
    SETTING_NAMES,
    Settings,
    SettingsReading,
    UnreadableSettingsFile,
    changed_settings,
    near_setting_name,
    path_for_message,
    read_settings_bytes,
    read_settings_file,
    read_settings_text,
    usable_zone,
)
from .safetext import visible

NEW_FILE_MODE = 0o644
"""Mode of a settings file we create (less the umask): no secrets in it; see above."""
NEW_FOLDER_MODE = 0o700
"""Mode of a config folder we create (less the umask), as XDG asks."""

_NEW_FILE_HEADER = (
    "# timeline settings. The explorer changes only display_zone, pinned_zones and theme;\n"
    "# comments and anything else written here are kept.\n"
)
_SAVE_ATTEMPTS = 3


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
    if others and not any(near_setting_name(k) for k in others):
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
    canonical = [usable_zone(s) if i < MAX_PINNED else None for i, s in enumerate(array)]
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
        return read_settings_bytes(target)
    except FileNotFoundError:
        return None
    except UnreadableSettingsFile:
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
        reading = read_settings_file(path)
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
        label = path_for_message(self.path)
        for _attempt in range(_SAVE_ATTEMPTS):
            reading = read_settings_file(self.path)
            if reading.foreign:
                return (
                    f"settings not saved: {reading.refusal}; the settings need a file of "
                    "their own (--config or TIMELINE_CONFIG)"
                )
            if reading.refusal is not None:
                return f"settings not saved: {reading.refusal}; fix or remove the file"
            try:
                text = edit_settings_text(reading.text, reading.settings, settings, names)
                after = read_settings_text(None, text, label)
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


def _check_edit(after: SettingsReading, wanted: Settings, names: Collection[str]) -> None:
    """Refuse an edit that would not read back as the wanted settings."""
    if after.refusal is not None:
        raise _CannotEdit(after.refusal)
    for name in names:
        if getattr(after.settings, name) != getattr(wanted, name):
            raise _CannotEdit(f"{name} would not read back as written")
