"""What the load cache answers without restoring a timeline: the summary ``timeline check``
reports, and work derived from a timeline stored beside its entry.

Both are authenticated exactly like a timeline entry (:mod:`tui.core.cache`): the summary
by its own tag over the entry's header; a side entry is an ordinary entry whose key is
derived from the timeline entry's key and a name (``layout UTC day``), so it is served only
for the very file, code, zone data and Python it was made under, and decoded only once its
tags check out. Anything wrong with either is a silent miss.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import marshal
import os
from pathlib import Path
from typing import Any

from . import locations
from .cache import (
    HEADER,
    cache_key,
    default_cache_dir,
    entry_cap,
    entry_name,
    open_entry,
    read_payload,
    secret_in,
    summary_tag,
    write_payload,
)
from .readfile import read_bytes

SIDE_ENTRY_CAP = 512 * 1024**2
"""No side entry larger than this is read or written."""


def _read_summary(path: Path, key: bytes, secret: bytes, cap: int) -> tuple[int, int] | None:
    """The counts of events and actors in the entry at ``path``, if this program wrote it
    for ``key`` (its summary tag checks out), else None. Reads the prefix only."""
    opened = open_entry(path, key, cap)
    if opened is None:
        return None
    fd, prefix = opened
    try:
        header = prefix[: HEADER.size]
        if not hmac.compare_digest(
            summary_tag(secret, header), prefix[-hashlib.sha256().digest_size :]
        ):
            return None
        _magic, _key, events, actors, _length = HEADER.unpack_from(header)
        with contextlib.suppress(OSError, NotImplementedError):
            os.utime(fd)  # recently used: pruning keeps it
        return int(events), int(actors)
    finally:
        os.close(fd)


def cached_summary(
    path: str | Path,
    *,
    label: str | None = None,
    cache_dir: Path | None = None,
    secret_dir: Path | None = None,
) -> tuple[int, int] | None:
    """How many events and actors ``path`` holds, if this program validated exactly these
    bytes before (under the same code, zone data and readers) and cached the result.

    What ``timeline check`` needs of a file it has seen: the answer without decoding the
    timeline. ``None`` (a miss, or no secret yet) means "load it" with
    :func:`tui.core.cache.load_cached`.

    Raises:
        TimelineError: the file cannot be read.
    """
    raw = read_bytes(path, label or str(path))
    secret = secret_in(secret_dir or locations.config_dir(), create=False)
    if secret is None:
        return None
    key = bytes.fromhex(cache_key(raw))
    folder = cache_dir or default_cache_dir()
    return _read_summary(folder / entry_name(key.hex()), key, secret, entry_cap(len(raw)))


def side_key(timeline_key: str, name: str) -> bytes:
    """The key of the side entry ``name`` of the timeline entry ``timeline_key``."""
    return hashlib.sha256(f"side|{timeline_key}|{name}".encode()).digest()


def load_side(
    timeline_key: str, name: str, *, cache_dir: Path | None = None, secret_dir: Path | None = None
) -> object | None:
    """The value stored as ``name`` beside the timeline entry ``timeline_key``, or None.

    The value is :mod:`marshal` data written by :func:`store_side`; it is decoded only
    after its tags check out. The caller still checks its shape (a stored value of another
    version of the caller's code is never served: the key covers the code).
    """
    secret = secret_in(secret_dir or locations.config_dir(), create=False)
    if secret is None:
        return None
    key = side_key(timeline_key, name)
    folder = cache_dir or default_cache_dir()
    payload = read_payload(folder / entry_name(key.hex()), key, secret, SIDE_ENTRY_CAP)
    if payload is None:
        return None
    try:
        value: object = marshal.loads(payload)
    except Exception:  # a decoding surprise: a miss
        return None
    return value


def store_side(
    timeline_key: str,
    name: str,
    value: Any,
    *,
    cache_dir: Path | None = None,
    secret_dir: Path | None = None,
) -> None:
    """Store ``value`` (builtin values only) as ``name`` beside the timeline entry
    ``timeline_key``; failures only cost speed. Never makes the secret: a side entry
    needs its timeline entry, which made it."""
    secret = secret_in(secret_dir or locations.config_dir(), create=False)
    if secret is None:
        return
    key = side_key(timeline_key, name)
    folder = cache_dir or default_cache_dir()
    with contextlib.suppress(OSError, ValueError):
        payload = marshal.dumps(value)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_payload(folder, key, payload, (0, 0), secret, SIDE_ENTRY_CAP)
