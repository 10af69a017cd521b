"""Headless Chromium (Debian's ``chromium`` and ``chromium-driver``) driven by Selenium,
and reading what the page's terminal shows.

The terminal draws on a canvas, so its text is not in the page; :data:`TERMINAL_TEXT`
(``terminal_text.js``, added to every page before its own scripts) switches xterm.js to
its screen-reader mode, which keeps each row of the screen as text in the page.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains

CHROMIUM = Path(os.environ.get("TIMELINE_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("TIMELINE_CHROMEDRIVER", "/usr/bin/chromedriver"))
TERMINAL_TEXT = (Path(__file__).with_name("terminal_text.js")).read_text(encoding="utf-8")
WINDOW = (1200, 800)
"""The window's size in pixels: about 125 columns and 37 rows of the terminal."""
SWITCHES = (
    "--headless",
    "--no-sandbox",  # tests may run as root, in a container
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",  # no requests of Chromium's own to anywhere
    "--disable-component-update",
    "--disable-sync",
)


def missing() -> list[Path]:
    """The browser's programs that are not installed."""
    return [p for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]


def start_chromium(profile: Path, downloads: Path) -> webdriver.Chrome:
    """A fresh headless Chromium with its own profile, saving downloads in ``downloads``."""
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for switch in (*SWITCHES, f"--user-data-dir={profile}", "--window-size={},{}".format(*WINDOW)):
        options.add_argument(switch)
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": TERMINAL_TEXT})
    return driver


def wait_for(
    condition: Callable[[], Any], what: str | Callable[[], str], seconds: float = 60.0
) -> Any:
    """``condition()``'s first true value, polled; fail saying ``what`` after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(
                f"waited {seconds:.0f} s for {what if isinstance(what, str) else what()}"
            )
        time.sleep(0.1)


class TerminalPage:
    """The explorer's page in the browser: its screen as text, and the keyboard.

    Args:
        driver: The browser, on the page.
    """

    def __init__(self, driver: webdriver.Chrome) -> None:
        self.driver = driver

    def rows(self) -> list[str]:
        """The terminal's rows, as the screen shows them."""
        rows = self.driver.execute_script("return window.timelineTest.rows()")
        return [str(row) for row in rows]

    def text(self) -> str:
        return "\n".join(self.rows())

    def wait_for_text(self, *parts: str, seconds: float = 60.0) -> str:
        """The screen once it shows every one of ``parts``."""

        def shown() -> str:
            text = self.text()
            return text if all(p in text for p in parts) else ""

        return str(wait_for(shown, lambda: f"{parts!r} on the screen:\n{self.text()}", seconds))

    def open(self, url: str) -> None:
        """Load the page and wait for its terminal, made readable.

        The page gives the terminal the keyboard itself once the explorer has drawn.
        """
        self.driver.get(url)
        wait_for(
            lambda: self.driver.execute_script("return window.timelineTest.readScreen()"),
            "the page's terminal",
        )

    def type(self, *keys: str) -> None:
        """Type ``keys`` (text, or Selenium's ``Keys``) into the terminal."""
        ActionChains(self.driver).send_keys(*keys).perform()

    def ctrl(self, key: str) -> None:
        """Press Ctrl and ``key``."""
        from selenium.webdriver.common.keys import Keys

        ActionChains(self.driver).key_down(Keys.CONTROL).send_keys(key).key_up(
            Keys.CONTROL
        ).perform()

    def resources(self) -> list[str]:
        """The address of everything the page has loaded."""
        found = self.driver.execute_script(
            "return performance.getEntriesByType('resource').map((entry) => entry.name)"
        )
        return [str(name) for name in found]
