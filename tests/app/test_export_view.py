"""The palette's "Export view…": the filtered view written next to the events file, never
over an existing file without asking, and delivered to the browser (not the disk) when
served."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from textual.pilot import Pilot
from textual.widgets import Input

from tui.app.screens.export_view import ExportDialog, ExportView

from .helpers import AppFactory, copy_small, main_screen, notifications, settle, wait_until


async def open_export(pilot: Pilot[Any]) -> ExportDialog:
    await pilot.press("ctrl+p", *"Export view")
    await settle(pilot)  # the palette searches in a worker
    await pilot.press("enter")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, ExportDialog)
    return dialog


async def test_export_view_writes_the_filtered_view_where_asked(
    build: AppFactory, tmp_path: Path
) -> None:
    events = copy_small(tmp_path)
    app = build(events=events, zone="Europe/Kyiv")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.filter_by_actor("alice")
        await settle(pilot)
        assert screen.loaded is not None
        shown = screen.loaded.index.matches(screen.filters.to_filter("Europe/Kyiv"))
        await open_export(pilot)
        await pilot.press("down", "enter")  # CSV
        target = events.with_name("events.csv")
        await wait_until(pilot, target.exists, "the CSV file")
        await settle(pilot)
        assert app.screen is screen
        rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8"), newline="")))
        assert 0 < len(rows) == len(shown)
        assert "start (Europe/Kyiv)" in rows[0]
        assert f"Exported {len(rows)} events to {target}" in notifications(app)
        # Escape cancels; a folder typed in the box is used, a missing one refused
        await open_export(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        dialog = await open_export(pilot)
        await pilot.press("down", "down", "tab")  # Markdown, then the folder box
        folder = dialog.query_one("#export-folder", Input)
        folder.value = str(tmp_path / "missing")
        await pilot.press("enter")
        await settle(pilot)
        assert "No folder" in str(dialog.query_one("#export-status").render())
        folder.value = str(elsewhere)
        await pilot.press("enter")
        briefing = elsewhere / "events.md"
        await wait_until(pilot, briefing.exists, "the Markdown file")
        assert briefing.read_text(encoding="utf-8").startswith("# Small test timeline\n")
        assert sorted(p.name for p in events.parent.iterdir()) == ["events.csv", "events.yaml"]


async def test_export_view_asks_before_replacing_a_file(
    build: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = copy_small(tmp_path)
    target = events.with_name("events.ics")
    target.write_text("mine", encoding="utf-8")
    app = build(events=events)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        dialog = await open_export(pilot)
        await pilot.press("enter")  # iCalendar: the file is there
        await settle(pilot)
        assert app.screen is dialog
        assert target.read_text(encoding="utf-8") == "mine"
        status = str(dialog.query_one("#export-status").render())
        assert "events.ics exists: Enter again replaces it" in status
        await pilot.press("enter")
        await wait_until(pilot, lambda: target.read_bytes().startswith(b"BEGIN:VCALENDAR"), "ics")
        calendar = Calendar.from_ical(target.read_bytes())
        loaded = main_screen(app).loaded
        assert loaded is not None
        assert len(calendar.walk("VEVENT")) == len(loaded.timeline.events)
        # an export that fails says so and leaves the explorer running
        monkeypatch.setattr(ExportView, "render", _broken_render)
        await open_export(pilot)
        await pilot.press("up", "enter")  # JSON (the list wraps around)
        await wait_until(
            pilot, lambda: any("Export failed" in n for n in notifications(app)), "the failure"
        )
        assert app.is_running
        main_screen(app)  # the dialog closed, the explorer is on top
        assert not events.with_name("events.json").exists()


def _broken_render(self: ExportView, fmt: str) -> tuple[bytes, int]:
    raise RuntimeError("disk on fire")


async def test_served_export_goes_to_the_browser_and_writes_nothing(
    build: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = copy_small(tmp_path)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    app = build(events=events, served=True)
    delivered: list[tuple[bytes, dict[str, Any]]] = []

    def deliver_binary(file: io.BytesIO, **options: Any) -> str:
        delivered.append((file.read(), options))
        return "key"

    monkeypatch.setattr(app, "deliver_binary", deliver_binary)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        dialog = await open_export(pilot)
        assert not dialog.query("#export-folder")  # no folder on the server to choose
        await pilot.press("down", "down", "down", "enter")  # TimelineJS
        await wait_until(pilot, lambda: bool(delivered), "a delivery")
        await settle(pilot)
    data, options = delivered[0]
    assert data.startswith(b'{"title": ')
    assert options["save_filename"] == "events.timelinejs.json"
    assert options["mime_type"] == "application/json"
    assert any("your browser downloads it" in n for n in notifications(app))
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
