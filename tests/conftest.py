"""Suite-wide isolation: no test reads or writes the tester's own config or cache folders."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _private_platform_folders(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The platform's config and cache folders (XDG on Linux) point into a tmp folder."""
    base = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "cache"))


@pytest.fixture
def read_only_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A settings file (``theme = "nord"``) in a folder nothing can be created in."""
    folder = tmp_path / "ro"
    folder.mkdir()
    config = folder / "config.toml"
    config.write_text('theme = "nord"\n', encoding="utf-8")
    folder.chmod(0o555)
    if os.geteuid() == 0:  # root ignores the folder's mode: make the kernel's answer explicit
        real_open = os.open

        def deny_creating(name: object, flags: int, *args: int, **kwargs: int) -> int:
            if flags & os.O_CREAT and Path(str(name)).parent == folder:
                raise PermissionError(13, "Permission denied", str(name))
            return real_open(name, flags, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "open", deny_creating)
    yield config
    folder.chmod(0o755)  # so the tmp folder can be cleaned up
