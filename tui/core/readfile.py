"""Reading an event file's bytes: regular files only, never past the size limit.

A FIFO would block forever, ``/dev/zero`` would never end, and a 2 GB file would be read
whole before any limit applied: the file's type and size are checked before it is opened,
it is opened without blocking and checked again on the open descriptor, and at most the
limit plus one byte is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from . import progress
from .errors import Diagnostic, TimelineError
from .yamlsafe import MAX_BYTES

_NOT_REGULAR = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO put in its place cannot block the open
    | getattr(os, "O_NOCTTY", 0)  # nor a terminal device become ours
    | getattr(os, "O_BINARY", 0)
)


def _file_problem(info: os.stat_result, limit: int) -> str | None:
    """Why a file with this status is not read, or ``None``."""
    mode = info.st_mode
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _NOT_REGULAR if test(mode)), "not a regular file")
        return f"is {kind}, not an event file"
    if info.st_size > limit:
        return _too_large(info.st_size, limit)
    return None


def _too_large(size: int | None, limit: int) -> str:
    if size is None:
        return f"file is too large (it grew past the limit of {limit:,} bytes while read)"
    return f"file is too large ({size:,} bytes; the limit is {limit:,})"


def check_file(path: str | Path, label: str | None = None, *, limit: int = MAX_BYTES) -> None:
    """Raise a :class:`TimelineError` when ``path`` is not an event file we would read.

    Only regular files of at most ``limit`` bytes are read: a FIFO would block forever,
    ``/dev/zero`` never ends, and a directory or socket is not a file at all.
    """
    shown = label or str(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise TimelineError([Diagnostic(shown, 1, 1, "no such file")]) from None
    except OSError as exc:
        raise TimelineError([Diagnostic(shown, 1, 1, f"cannot read: {exc.strerror}")]) from None
    problem = _file_problem(info, limit)
    if problem is not None:
        raise TimelineError([Diagnostic(shown, 1, 1, problem)])


def read_bytes(path: str | Path, label: str | None = None, *, limit: int = MAX_BYTES) -> bytes:
    """The file's bytes, or a :class:`TimelineError` saying why it cannot be read.

    The file's type and size are checked before it is opened (:func:`check_file`) and
    again on the open descriptor, in case it was replaced in between; at most ``limit``
    plus one bytes are ever read, so a file that grows while it is read is refused too.
    """
    shown = label or str(path)

    def fail(message: str) -> TimelineError:
        return TimelineError([Diagnostic(shown, 1, 1, message)])

    check_file(path, shown, limit=limit)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        raise fail("no such file") from None
    except IsADirectoryError:
        raise fail("is a directory, not an event file") from None
    except OSError as exc:
        raise fail(f"cannot read: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        problem = _file_problem(info, limit)
        if problem is not None:
            raise fail(problem)
        parts: list[bytes] = []
        total = 0
        want = info.st_size + 1  # all of it, and one byte to see the end
        report = progress.current()
        while chunk := os.read(fd, want):
            parts.append(chunk)
            total += len(chunk)
            if total > limit:
                raise fail(_too_large(None, limit))
            if report is not None:
                report.bytes_read(total, max(total, info.st_size))
            want = min(limit + 1 - total, 1 << 20)
    except OSError as exc:
        raise fail(f"cannot read: {exc.strerror}") from None
    finally:
        os.close(fd)
    return parts[0] if len(parts) == 1 else b"".join(parts)
