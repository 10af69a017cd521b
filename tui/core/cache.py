"""A load cache keyed on the file's content, so an unchanged file opens at once.

Only *valid* timelines are cached; a file with errors always takes the full path, so its
messages and positions are exactly those of an uncached load. The key covers the file's
bytes, the program's own code (a digest of its source files: a changed rule must never serve
a result of the old one), the entry format, the zone rules' version (a tzdata update can
change what a wall time means), the YAML readers' versions and the Python version (it decides
:mod:`marshal`'s format).

An entry is trusted only when this program wrote it for exactly this content. Each entry is::

    magic (16 bytes) | key (32) | events (8) | actors (8) | payload length (8)
    | HMAC-SHA256 tag (32) | summary tag (32) | payload

The tag is computed over everything before it and the payload, under a random per-user
secret kept in the config folder (``timeline-cache.key``, mode 0600), never beside the
entries: a cache folder may be shared, relocated with ``TIMELINE_CACHE_DIR`` or unpacked
from elsewhere, and a secret that travelled with the entries would vouch for them. The payload is
:mod:`marshal` data, which is fast but not safe on hostile bytes (a dozen crafted bytes
crash the interpreter, five make it allocate 16 GB), so it is decoded only after the tag
checks out: anyone who can write to the cache folder but cannot read the secret can make
us rebuild, never make us decode what they wrote.

Measured against a safe typed decoder (msgspec with a schema, plus the value checks it
would still need), warm loads of 100,000 events took about 0.46 s with the tag, 0.44 s with
marshal alone and 0.70 s with msgspec (10,000 events: 27, 27 and 44 ms); the tag costs
about 17 ms per 27 MB entry. msgspec would also only prove an entry well-formed, not ours.

The summary tag is an HMAC of the header alone (the key and the counts of events and
actors), under a label of its own: it lets ``timeline check`` answer "valid, 100,000 events"
for a file this program validated before by reading 136 bytes, without reading or
decoding the payload (:func:`cached_summary`).

Any failure to read an entry (missing, foreign, truncated, another file's, another
version's, a wrong tag, a claimed length that is not the file's, too large, not a regular
file, unreadable) is a silent miss and a rebuild. A cache folder we cannot write to only
costs speed. Pruning removes only files whose name and header both say they are entries.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import importlib
import io
import marshal
import os
import re
import secrets
import stat
import struct
import sys
import tempfile
import time
from dataclasses import replace
from functools import cache, partial
from pathlib import Path
from typing import Any

from .. import __version__
from . import locations
from .errors import Diagnostic, TimelineError
from .gcpolicy import paused_gc
from .model import FIELD, Actor, ActorKind, Event, Timeline
from .readfile import read_bytes

CACHE_FORMAT = 5
"""Bump when the model's or the entry's shape changes so old entries are never read."""
KEEP_ENTRIES = 32
"""Entries kept in the cache folder; the least recently used beyond this are removed."""
MAX_ENTRY_BYTES = 2 * 1024**3
"""No entry larger than this is read or written."""
ENTRY_SIZE_FACTOR = 50
"""An entry may be at most this many times its event file's size (entries are smaller)."""
MIN_ENTRY_CAP = 1024 * 1024
"""The size cap for a tiny event file's entry."""
SECRET_NAME = "timeline-cache.key"
"""The file in the config folder holding the secret that authenticates entries."""
SECRET_BYTES = 32

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
"""The package whose source files are the code's identity in every key."""

MAGIC = b"timeline-cache\x00" + bytes([CACHE_FORMAT])
"""The first bytes of every entry."""
HEADER = struct.Struct(f"<{len(MAGIC)}s32sQQQ")
"""An entry's header: magic, key (the SHA-256 digest), events, actors, payload length."""
_TAG_BYTES = hashlib.sha256().digest_size
PREFIX_BYTES = HEADER.size + 2 * _TAG_BYTES
"""The header and the two tags: what precedes the payload."""
_SUMMARY_LABEL = b"timeline-cache summary\x00"
"""What the summary tag covers before the header (so neither tag can stand for the other)."""
_ENTRY_NAME = re.compile(r"timeline-[0-9a-f]{64}\.cache")
_TEMP_PREFIX, _TEMP_SUFFIX = ".timeline-", ".tmp"
_TEMP_NAME = re.compile(r"\.timeline-[A-Za-z0-9_]+\.tmp")
_STALE_TEMP_SECONDS = 3600  # a temporary file this old was left by a killed process
# Never follow a symlink, never block on a FIFO, never leak a descriptor into a child.
_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
)
_CREATE_FLAGS = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


def default_cache_dir() -> Path:
    """The cache folder: ``TIMELINE_CACHE_DIR``, else the platform's user cache folder."""
    return locations.cache_dir()


@cache
def _identity_of(root: Path) -> str:
    digest = hashlib.sha256(__version__.encode())
    for source in sorted(root.rglob("*.py")):
        name = source.relative_to(root).as_posix().encode()
        digest.update(len(name).to_bytes(4, "little") + name)
        try:
            body = source.read_bytes()
        except OSError:  # unknown code: a key nothing was ever stored under
            body = secrets.token_bytes(32)
        digest.update(len(body).to_bytes(8, "little") + body)
    return digest.hexdigest()


def code_identity() -> str:
    """A digest of the package's source files (``tui/**/*.py``), computed once per process.

    Any change to the code, a validation rule included, changes every key, so an entry
    written by another build is never served. About 2 ms for the package's 250 KB.
    """
    return _identity_of(PACKAGE_ROOT)


def _module_version(name: str, *attributes: str) -> str:
    try:
        module = importlib.import_module(name)  # all are imported by the loader already
    except ImportError:
        return "-"
    return "/".join(str(getattr(module, attribute, "?")) for attribute in attributes)


@cache
def _environment() -> bytes:
    """What besides the file and our code decides a load's result, as key material.

    The entry format, the zone rules, the YAML readers (they decide what a file reads as)
    and the Python version (it decides :mod:`marshal`'s format).
    """
    parts = (
        str(CACHE_FORMAT),
        _module_version("tzdata", "IANA_VERSION", "__version__"),
        _module_version("yaml", "__version__", "__with_libyaml__"),
        _module_version("yaml_rs", "__version__"),
        sys.version,
        str(marshal.version),
    )
    return ("|" + "|".join(parts) + "|").encode()


def cache_key(raw: bytes) -> str:
    """The entry's key for these file bytes under this code, format, zone data and Python."""
    digest = hashlib.sha256(raw)  # the fastest strong hash here (CPUs with SHA extensions)
    digest.update(_environment())
    digest.update(code_identity().encode())
    return digest.hexdigest()


def entry_name(key: str) -> str:
    """The entry's file name for a key from :func:`cache_key`."""
    return f"timeline-{key}.cache"


def entry_cap(source_bytes: int) -> int:
    """The largest entry read or written for an event file of this size."""
    return min(MAX_ENTRY_BYTES, max(MIN_ENTRY_CAP, ENTRY_SIZE_FACTOR * source_bytes))


# --------------------------------------------------------------------------------------
# The secret
# --------------------------------------------------------------------------------------


def _is_regular(path: Path) -> bool:
    """Whether ``path`` itself (not what a symlink there points to) is a regular file.

    Raises:
        OSError: it cannot be examined (FileNotFoundError when there is nothing there).
    """
    return stat.S_ISREG(os.lstat(path).st_mode)


def _usable_secret(fd: int) -> bytes | None:
    """The secret in this open file, if it is a private regular file of ours of the right size."""
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_size != SECRET_BYTES:
        return None
    # a key others can read or replace authenticates nothing
    if sys.platform != "win32" and (info.st_uid != os.geteuid() or info.st_mode & 0o077):
        return None
    data = os.read(fd, SECRET_BYTES + 1)
    return data if len(data) == SECRET_BYTES else None


def _create_secret(folder: Path, path: Path) -> bytes | None:
    """Make a new secret; None when another process made one first or we cannot."""
    secret = secrets.token_bytes(SECRET_BYTES)
    temp = folder / f"{_TEMP_PREFIX}key-{secrets.token_hex(8)}{_TEMP_SUFFIX}"
    try:
        fd = os.open(temp, _CREATE_FLAGS, 0o600)
    except OSError:
        return None
    try:
        try:
            written = os.write(fd, secret)
        finally:
            os.close(fd)
        if written != SECRET_BYTES:
            return None
        # a link, not a rename: it never replaces a secret another process has just made,
        # and the secret appears whole or not at all
        os.link(temp, path)
        return secret
    except OSError:
        return None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def _read_secret(path: Path) -> tuple[bytes | None, bool]:
    """The usable secret at ``path`` (or None), and whether anything is there at all."""
    try:
        if not _is_regular(path):  # a symlink, a FIFO, a folder: never opened
            return None, True
        fd = os.open(path, _READ_FLAGS)
    except FileNotFoundError:
        return None, False
    except OSError:  # unreadable, the folder is a file...
        return None, True
    try:
        return _usable_secret(fd), True
    except OSError:
        return None, True
    finally:
        os.close(fd)


def secret_in(folder: Path, *, create: bool) -> bytes | None:
    """The per-user secret that authenticates entries, made when missing or unfit.

    Args:
        folder: The secret's folder (the config folder; see the module's docstring).
        create: Replace a missing secret, or one that cannot be trusted (readable by
            others, not ours, not a regular file, the wrong size), with a new one.

    Returns:
        The secret, or None when there is none to be had (the cache is then not used).
    """
    path = folder / SECRET_NAME
    for _attempt in range(3):  # another process may be making one at the same moment
        found, present = _read_secret(path)
        if found is not None or not create:
            return found
        if present:
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass
            except OSError:  # a folder in its place, or not ours to remove: no cache
                return None
        made = _create_secret(folder, path)
        if made is not None:
            return made
    return None


# --------------------------------------------------------------------------------------
# Entries
# --------------------------------------------------------------------------------------


def _dump(timeline: Timeline) -> bytes:
    """The timeline as nested builtin values: :mod:`marshal` reads them at C speed."""
    actors = tuple(
        (a.id, a.name, a.aliases, a.role, a.kind.value if a.kind else None, a.timezone, a.members)
        for a in timeline.actors.values()
    )
    pool: dict[str, str] = {}
    share = pool.setdefault

    def shared(value: Any) -> Any:
        # marshal writes an object seen before as a back-reference: equal strings made one
        # object (zones, actor ids, tags, publishers...) are stored, read and kept once
        if type(value) is str:
            return share(value, value)
        if type(value) is tuple:
            return tuple(shared(v) for v in value)
        return value

    events = tuple(
        tuple(shared(v) if i in _SHARED_FIELDS else v for i, v in enumerate(e.plain()))
        for e in timeline.events
    )
    return marshal.dumps((CACHE_FORMAT, timeline.title, timeline.timezone, actors, events))


# Event fields whose values repeat across events (times share their zone)
_SHARED_FIELDS = frozenset(
    FIELD[name]
    for name in (
        "start",
        "end",
        "timezone",
        "location",
        "actors",
        "tags",
        "sources",
        "confidence",
        "parent",
        "scheduled_start",
        "scheduled_end",
    )
)


def _restore(payload: bytes | bytearray) -> Timeline | None:
    """The timeline in an authenticated payload (never call this on unchecked bytes)."""
    value = marshal.loads(payload)
    if not (isinstance(value, tuple) and len(value) == 5 and value[0] == CACHE_FORMAT):
        return None
    _format, title, zone, raw_actors, raw_events = value
    actors = {
        aid: Actor(aid, name, aliases, role, ActorKind(kind) if kind else None, tz, members)
        for aid, name, aliases, role, kind, tz, members in raw_actors
    }
    # one C call per event: the events' nested tuples become model values on access
    events = list(map(partial(tuple.__new__, Event), raw_events))
    return Timeline.build(title=title, timezone=zone, actors=actors, events=events, presorted=True)


def _read_exactly(fd: int, size: int) -> bytearray | None:
    """``size`` bytes from the file, or None if it ends sooner."""
    buffer = bytearray(size)
    view = memoryview(buffer)
    done = 0
    with io.FileIO(fd, "rb", closefd=False) as fh:
        while done < size:
            got = fh.readinto(view[done:])
            if not got:
                return None
            done += got
    return buffer


def _tag(secret: bytes, header: bytes | bytearray, payload: bytes | bytearray) -> bytes:
    mac = hmac.new(secret, header, hashlib.sha256)
    mac.update(payload)
    return mac.digest()


def summary_tag(secret: bytes, header: bytes | bytearray) -> bytes:
    return hmac.new(secret, _SUMMARY_LABEL + header, hashlib.sha256).digest()


def open_entry(path: Path, key: bytes, cap: int) -> tuple[int, bytearray] | None:
    """An open descriptor on the entry at ``path`` and its prefix, if its header names
    ``key`` and its size is the one the header claims; the caller closes the descriptor.

    Never opens anything but a regular file (a FIFO, a device, a folder or a symlink in its
    place is left unopened) and never reads more than the prefix here.
    """
    try:
        if not _is_regular(path):
            return None
        # no symlink, no blocking even if a FIFO is swapped in after the check
        fd = os.open(path, _READ_FLAGS)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if stat.S_ISREG(info.st_mode) and PREFIX_BYTES <= info.st_size <= cap:
            prefix = _read_exactly(fd, PREFIX_BYTES)
            if prefix is not None:
                magic, stored_key, _events, _actors, length = HEADER.unpack_from(prefix)
                if magic == MAGIC and stored_key == key and length == info.st_size - PREFIX_BYTES:
                    return fd, prefix
    except Exception:  # unreadable or vanished: a miss
        pass
    os.close(fd)
    return None


def read_payload(path: Path, key: bytes, secret: bytes, cap: int) -> bytearray | None:
    """The payload of the entry at ``path`` if this program wrote it for ``key``, else None.

    Never reads more than the entry's size (nor more than ``cap``); returns the payload
    only once both its tags are checked, so it may then be decoded.
    """
    opened = open_entry(path, key, cap)
    if opened is None:
        return None
    fd, prefix = opened
    try:
        length = HEADER.unpack_from(prefix)[-1]
        payload = _read_exactly(fd, length)
        if payload is None:
            return None
        header = prefix[: HEADER.size]
        tags = _tag(secret, header, payload) + summary_tag(secret, header)
        if not hmac.compare_digest(tags, prefix[HEADER.size :]):
            return None  # both tags must check out: an entry is ours whole or not at all
        with contextlib.suppress(OSError, NotImplementedError):
            os.utime(fd)  # recently used: pruning keeps it
        return payload
    except Exception:  # unreadable or vanished: a miss, rebuilt
        return None
    finally:
        os.close(fd)


def _read_entry(path: Path, key: bytes, secret: bytes, cap: int) -> Timeline | None:
    """The timeline in the entry at ``path`` if this program wrote it for ``key``, else None."""
    payload = read_payload(path, key, secret, cap)
    if payload is None:
        return None
    try:
        with paused_gc():
            return _restore(payload)
    except Exception:  # a decoding surprise: a miss, rebuilt
        return None


def _write_entry(folder: Path, key: bytes, timeline: Timeline, secret: bytes, cap: int) -> None:
    """Store the timeline atomically (mode 0600), then prune; failures only cost speed."""
    counts = (len(timeline.events), len(timeline.actors))
    write_payload(folder, key, _dump(timeline), counts, secret, cap)


def write_payload(
    folder: Path, key: bytes, payload: bytes, counts: tuple[int, int], secret: bytes, cap: int
) -> None:
    """Store an entry atomically (mode 0600), then prune; failures only cost speed."""
    if PREFIX_BYTES + len(payload) > cap:
        return  # it would never be read
    header = HEADER.pack(MAGIC, key, *counts, len(payload))
    tag = _tag(secret, header, payload) + summary_tag(secret, header)
    try:
        fd, temp = tempfile.mkstemp(dir=folder, prefix=_TEMP_PREFIX, suffix=_TEMP_SUFFIX)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(header)
                fh.write(tag)
                fh.write(payload)
            os.replace(temp, folder / entry_name(key.hex()))
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
        _prune(folder)
    except OSError:
        return  # no cache today; the load itself succeeded


def _has_magic(folder: Path, name: str) -> bool:
    try:
        fd = os.open(folder / name, _READ_FLAGS)
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        return os.read(fd, len(MAGIC)) == MAGIC
    except OSError:
        return False
    finally:
        os.close(fd)


def _prune(folder: Path, now: float | None = None) -> None:
    """Remove our entries beyond :data:`KEEP_ENTRIES` and our stale temporary files.

    A file is ours only when its name has our pattern, it is a regular file (not a symlink)
    and it starts with :data:`MAGIC`; anything else in the folder is left alone.
    """
    entries: list[tuple[float, str]] = []
    stale_before = (time.time() if now is None else now) - _STALE_TEMP_SECONDS
    with os.scandir(folder) as listing:
        for item in listing:
            is_entry = _ENTRY_NAME.fullmatch(item.name) is not None
            is_temp = not is_entry and _TEMP_NAME.fullmatch(item.name) is not None
            if not (is_entry or is_temp) or not item.is_file(follow_symlinks=False):
                continue
            with contextlib.suppress(OSError):
                mtime = item.stat(follow_symlinks=False).st_mtime
                if is_entry:
                    entries.append((mtime, item.name))
                elif mtime < stale_before and _has_magic(folder, item.name):
                    os.unlink(folder / item.name)
    entries.sort(reverse=True)
    for _mtime, name in entries[KEEP_ENTRIES:]:
        if _has_magic(folder, name):
            with contextlib.suppress(OSError):
                os.unlink(folder / name)


def load_cached(
    path: str | Path,
    *,
    label: str | None = None,
    use_cache: bool = True,
    cache_dir: Path | None = None,
    secret_dir: Path | None = None,
) -> Timeline:
    """Load an event file, through the cache when allowed (see :func:`load_keyed`)."""
    return load_keyed(
        path, label=label, use_cache=use_cache, cache_dir=cache_dir, secret_dir=secret_dir
    )[0]


def load_keyed(
    path: str | Path,
    *,
    label: str | None = None,
    use_cache: bool = True,
    cache_dir: Path | None = None,
    secret_dir: Path | None = None,
) -> tuple[Timeline, str | None]:
    """Load an event file, through the cache when allowed; with its cache key (``None``
    without the cache), under which work derived from it can be cached
    (:mod:`tui.core.cacheextra`).

    Args:
        path: The event file.
        label: How to name the file in messages (default: ``path`` as given).
        use_cache: False reads and validates the file in full and touches no cache.
        cache_dir: The cache folder (default: :func:`default_cache_dir`).
        secret_dir: The folder of the secret that authenticates entries (default: the
            platform's config folder, :func:`tui.core.locations.config_dir`).

    Raises:
        TimelineError: the file cannot be read or is invalid (never served from the cache).
    """
    shown = label or str(path)
    raw = read_bytes(path, shown)
    folder = cache_dir or default_cache_dir()
    key = bytes.fromhex(cache_key(raw)) if use_cache else b""
    cap = entry_cap(len(raw))
    keys = secret_dir or locations.config_dir()
    secret = secret_in(keys, create=False) if use_cache else None
    if secret is not None:
        hit = _read_entry(folder / entry_name(key.hex()), key, secret, cap)
        if hit is not None:
            return replace(hit, path=shown), key.hex()
    # the parser and validator are imported on a miss only: a cache hit (and the summary
    # ``timeline check`` reads) never needs them
    from .loader import load_text
    from .yamlsafe import YamlProblem, decode

    try:
        text = decode(raw)
    except YamlProblem as exc:
        raise TimelineError([Diagnostic(shown, exc.line, exc.column, exc.message)]) from None
    del raw  # the text is all we need from here; a large file's bytes need not stay
    with paused_gc():
        timeline = load_text(text, shown)
    if use_cache:
        with contextlib.suppress(OSError):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            if secret is None:
                keys.mkdir(mode=0o700, parents=True, exist_ok=True)
                secret = secret_in(keys, create=True)
            if secret is not None:
                _write_entry(folder, key, replace(timeline, path=None), secret, cap)
    return timeline, key.hex() if use_cache else None
