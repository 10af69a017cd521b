"""``timeline serve`` in a real browser: "Export view…" arrives as a download in the
browser, and nothing is written on the server.
"""

from __future__ import annotations

from pathlib import Path

from selenium import webdriver
from selenium.webdriver.common.keys import Keys

from .chrome import TerminalPage, wait_for
from .serving import timeline_serve
from .test_served_page import events_copy


def test_an_export_arrives_as_a_download(
    chromium: webdriver.Chrome, tmp_path: Path, downloads: Path
) -> None:
    events = events_copy(tmp_path)
    with timeline_serve(events, tmp_path / "home") as server:
        page = TerminalPage(chromium)
        page.open(server.url)
        page.wait_for_text("47 events", "q Quit")
        page.ctrl("p")
        page.wait_for_text("Search for commands")
        page.type("Export view")
        page.wait_for_text("Export view…")
        page.type(Keys.ENTER)
        dialog = page.wait_for_text("Enter download")
        assert "Folder" not in dialog  # served: no folder on the server to choose
        page.type(Keys.ENTER)  # the first format
        page.wait_for_text("Exported 47 events", "your browser downloads")
        done = wait_for(
            lambda: [p for p in downloads.iterdir() if not p.name.endswith(".crdownload")],
            lambda: f"a download in {downloads}: {sorted(downloads.iterdir())}",
        )
        (download,) = done
        assert download.name == "events.ics"  # the first format: iCalendar
        calendar = download.read_text(encoding="utf-8")
        assert calendar.startswith("BEGIN:VCALENDAR")
        assert calendar.count("BEGIN:VEVENT") == 47
        # nothing on the server: no export beside the events, no settings, no cache
        assert sorted(events.parent.iterdir()) == [events]
        assert server.written() == []
