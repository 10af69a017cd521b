"""Writing an export to a new file, atomically, never replacing a file by accident."""

from __future__ import annotations

import errno
import os
import secrets
from pathlib import Path


def write_new_file(path: Path, data: bytes, *, replace: bool) -> None:
    """Write ``data`` to ``path`` atomically: a reader sees no file or the whole one.

    The bytes go to a temporary file in the same folder, which is then renamed: with
    ``replace`` over anything there; without, only if nothing is there by then (a hard
    link fails when the name is taken), so an existing file is never replaced.

    Raises:
        FileExistsError: ``path`` exists and ``replace`` is false.
        OSError: The folder cannot be written.
    """
    folder = path.parent
    tmp = folder / f".{path.name}.{secrets.token_hex(6)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(tmp, flags, 0o666)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        if replace:
            os.replace(tmp, path)
        else:
            _link_new(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _link_new(tmp: Path, path: Path) -> None:
    """Give ``tmp``'s file the name ``path``, only if no file has that name."""
    try:
        os.link(tmp, path)  # FileExistsError if the name is taken, even meanwhile
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOSYS, errno.EXDEV):
            raise
        # a file system without hard links: the check and the rename are two steps here
        if os.path.lexists(path):
            raise FileExistsError(errno.EEXIST, "File exists", str(path)) from None
        os.rename(tmp, path)
