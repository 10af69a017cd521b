"""Suite-wide isolation: no test reads or writes the tester's own config or cache folders."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _private_platform_folders(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The platform's config and cache folders (XDG on Linux) point into a tmp folder."""
    base = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "cache"))
