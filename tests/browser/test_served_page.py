"""``timeline serve`` in a real browser: the explorer renders and takes keys, with nothing
loaded from anywhere but the server and nothing written on it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.common.keys import Keys

from .chrome import TerminalPage, wait_for
from .serving import timeline_serve

ROOT = Path(__file__).resolve().parents[2]
EVENTS = ROOT / "events.yaml"


def events_copy(tmp_path: Path) -> Path:
    """The bundled timeline, alone in a folder of its own (so a stray write would show)."""
    folder = tmp_path / "data"
    folder.mkdir()
    return Path(shutil.copy(EVENTS, folder / "events.yaml"))


def test_search_in_the_browser(chromium: webdriver.Chrome, tmp_path: Path) -> None:
    server_events = events_copy(tmp_path)
    with timeline_serve(server_events, tmp_path / "home") as server:
        page = TerminalPage(chromium)
        page.open(server.url)
        before = page.wait_for_text("47 events", "The Hague named host city", "q Quit")
        assert "search: chiefs" not in before
        page.type("/")
        # the search box has the keys once the footer shows its keys, not the list's
        wait_for(lambda: "q Quit" not in page.rows()[-1], "the search box to have focus")
        page.type("chiefs")
        page.wait_for_text("search: chiefs", "8 of 47 events")
        page.type(Keys.ENTER)  # back to the list, the search kept
        after = page.wait_for_text("search: chiefs", "8 of 47 events", "q Quit")
        assert "NATO Chiefs of Defence video conference (March)" in after
        assert "The Hague named host city" not in after
        # everything the page loaded came from the server (scripts, styles, fonts, icon)
        loaded = page.resources()
        assert any(a.endswith("/static/js/textual.js") for a in loaded)
        assert any(a.endswith(".ttf") for a in loaded)  # the font is ours, not a font service
        assert [a for a in loaded if not a.startswith(server.url)] == []
        log: list[dict[str, str]] = chromium.get_log("browser")  # type: ignore[no-untyped-call]
        problems = [e for e in log if e["level"] == "SEVERE"]
        assert problems == []  # no script error and no address the page's policy refused
        assert server.written() == []  # no settings, no cache
        assert sorted(server_events.parent.iterdir()) == [server_events]
