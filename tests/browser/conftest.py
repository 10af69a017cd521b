"""The browser tests need Debian's ``chromium`` and ``chromium-driver`` (``.ci/run``
installs them). Without them these tests FAIL, so a CI whose install broke says so; set
``TIMELINE_SKIP_BROWSER=1`` to skip them instead on a machine that has no browser.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver

from .chrome import missing, start_chromium


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: runs headless Chromium (about 20 s each; -m 'not browser' skips)"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def downloads(tmp_path: Path) -> Path:
    """The browser's download folder."""
    folder = tmp_path / "downloads"
    folder.mkdir()
    return folder


@pytest.fixture
def chromium(tmp_path: Path, downloads: Path) -> Iterator[webdriver.Chrome]:
    """A fresh headless Chromium, closed after the test."""
    absent = missing()
    if absent:
        names = ", ".join(str(p) for p in absent)
        if os.environ.get("TIMELINE_SKIP_BROWSER") == "1":
            pytest.skip(f"no {names} (TIMELINE_SKIP_BROWSER=1)")
        pytest.fail(
            f"no {names}: install Debian's chromium and chromium-driver (.ci/run does), "
            "or set TIMELINE_SKIP_BROWSER=1 to skip the browser tests"
        )
    driver = start_chromium(tmp_path / "profile", downloads)
    try:
        yield driver
    finally:
        driver.quit()
