"""A load cache keyed on the file's content, so an unchanged file opens at once.

Only *valid* timelines are cached; a file with errors always takes the full path, so its
messages and positions are exactly those of an uncached load. The key covers the file's
bytes, this program's version and the zone rules' version (a tzdata update can change
what a wall time means). A stale, corrupt or unreadable cache entry is ignored and
rebuilt; a cache folder we cannot write to only costs speed.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import marshal
import os
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from functools import partial
from importlib import metadata
from pathlib import Path
from typing import Any

from .. import __version__
from .errors import Diagnostic, TimelineError
from .loader import load_text, read_bytes
from .model import Actor, ActorKind, Event, Timeline
from .yamlsafe import YamlProblem, decode

CACHE_FORMAT = 3
"""Bump when the model's shape changes so old entries are never read."""
KEEP_ENTRIES = 16
"""Entries kept in the cache folder; the least recently used beyond this are removed."""


def _tzdata_version() -> str:
    try:
        return metadata.version("tzdata")
    except metadata.PackageNotFoundError:  # pragma: no cover - tzdata is a dependency
        return "system"


def default_cache_dir() -> Path:
    """The cache folder: ``TIMELINE_CACHE_DIR``, else the platform's user cache folder."""
    from .config import cache_dir

    return cache_dir()


def cache_key(raw: bytes) -> str:
    """The entry's name for these file bytes under this program and zone data."""
    digest = hashlib.sha256(raw)  # the fastest strong hash here (CPUs with SHA extensions)
    digest.update(f"|{CACHE_FORMAT}|{__version__}|{_tzdata_version()}".encode())
    return digest.hexdigest()


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects that all stay alive.

    Loading a large timeline allocates hundreds of thousands of containers; each allocation
    burst triggers a collection that walks them all again, for nothing: none is garbage.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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


# Event fields whose values repeat across events: start/end (their zone), timezone,
# location, actors, tags, sources, confidence, parent, scheduled start and end.
_SHARED_FIELDS = frozenset({2, 3, 4, 5, 6, 7, 9, 10, 12, 13, 14})


def _restore(blob: bytes) -> Timeline | None:
    value = marshal.loads(blob)
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


def _read_entry(path: Path) -> Timeline | None:
    try:
        blob = path.read_bytes()
        with paused_gc():
            return _restore(blob)
    except FileNotFoundError:
        return None
    except Exception:  # a truncated or foreign file: treat as a miss, rebuild it
        return None


def _write_entry(folder: Path, name: str, timeline: Timeline) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".marshal")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(_dump(timeline))
            os.replace(tmp, folder / name)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        _prune(folder)
    except OSError:
        return  # no cache today; the load itself succeeded


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("*.marshal"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in entries[KEEP_ENTRIES:]:
        with contextlib.suppress(OSError):
            stale.unlink()


def load_cached(
    path: str | Path,
    *,
    label: str | None = None,
    use_cache: bool = True,
    cache_dir: Path | None = None,
) -> Timeline:
    """Load an event file, through the cache when allowed.

    Args:
        path: The event file.
        label: How to name the file in messages (default: ``path`` as given).
        use_cache: False reads and validates the file in full and touches no cache.
        cache_dir: The cache folder (default: :func:`default_cache_dir`).

    Raises:
        TimelineError: the file cannot be read or is invalid (never served from the cache).
    """
    shown = label or str(path)
    raw = read_bytes(path, shown)
    folder = cache_dir or default_cache_dir()
    name = cache_key(raw) + ".marshal" if use_cache else ""
    if use_cache:
        hit = _read_entry(folder / name)
        if hit is not None:
            with contextlib.suppress(OSError):
                os.utime(folder / name)
            return replace(hit, path=shown)
    try:
        text = decode(raw)
    except YamlProblem as exc:
        raise TimelineError([Diagnostic(shown, exc.line, exc.column, exc.message)]) from None
    del raw  # the text is all we need from here; a large file's bytes need not stay
    with paused_gc():
        timeline = load_text(text, shown)
    if use_cache:
        _write_entry(folder, name, replace(timeline, path=None))
    return timeline
