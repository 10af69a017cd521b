"""The picture of the served page in the docs (``docs/serve.png``), from a real run.

    python -m tests.browser.screenshot docs/serve.png

Serves the bundled timeline, opens it in headless Chromium, searches for "chiefs" as
the browser test does, and saves what the browser shows.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from selenium.webdriver.common.keys import Keys

from .chrome import TerminalPage, start_chromium, wait_for
from .serving import timeline_serve

EVENTS = Path(__file__).resolve().parents[2] / "events.yaml"


def take(target: Path) -> None:
    """Save a picture of the page, a search for "chiefs" applied, as ``target``."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        driver = start_chromium(folder / "profile", folder / "downloads")
        try:
            with timeline_serve(EVENTS, folder / "home") as server:
                page = TerminalPage(driver)
                page.open(server.url)
                page.wait_for_text("47 events", "q Quit")
                page.type("/")
                wait_for(lambda: "q Quit" not in page.rows()[-1], "the search box")
                page.type("chiefs")
                page.wait_for_text("8 of 47 events")
                page.type(Keys.ENTER)
                page.wait_for_text("8 of 47 events", "q Quit")
                driver.save_screenshot(str(target))
        finally:
            driver.quit()


if __name__ == "__main__":
    take(Path(sys.argv[1]))
