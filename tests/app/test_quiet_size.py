"""Typing a search lays the screen out once, not on every key; the list's scroll range and
scroll bar still follow each new set of rows, and the search box still scrolls its text."""

from __future__ import annotations

from typing import Any

import pytest
from textual._compositor import Compositor
from textual.widgets import Input

import tui.app.screens.main as main_module

from .helpers import AppFactory, main_screen, settle


@pytest.fixture
def reflows(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the layouts of any screen (each one reflows its compositor)."""
    count = [0]
    reflow = Compositor.reflow

    def counting(self: Compositor, *args: Any, **kwargs: Any) -> Any:
        count[0] += 1
        return reflow(self, *args, **kwargs)

    monkeypatch.setattr(Compositor, "reflow", counting)
    return count


async def test_keys_typed_on_into_the_search_lay_nothing_out(
    build: AppFactory, reflows: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the detail pane follows the cursor once the keys pause, and its new event may be laid
    # out differently: that layout is not the keys', so the pane waits past the test here
    monkeypatch.setattr(main_module, "DETAIL_PAUSE", 3600.0)
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("slash", "s")  # the status gains "N of": one layout, at most two
        await settle(pilot)
        before, rows = reflows[0], len(screen.timeline_list.rows)
        await pilot.press(*"umm")
        await settle(pilot)
        assert len(screen.timeline_list.rows) < rows  # each key did filter the list
        assert "search: summ" in str(screen.query_one("#filters").render())
        assert reflows[0] == before


async def test_the_scroll_range_and_bar_follow_new_rows(build: AppFactory) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        listing = main_screen(app).timeline_list
        listing.focus()
        await pilot.press("end")
        await settle(pilot)
        assert listing.scroll_y == listing.max_scroll_y > 0
        assert listing.show_vertical_scrollbar
        bar = listing.vertical_scrollbar
        assert bar.window_virtual_size == len(listing.rows)
        await pilot.press("slash", *"summit")
        await settle(pilot)
        fewer = len(listing.rows)
        assert bar.window_virtual_size == fewer == listing.virtual_size.height
        assert 0 <= listing.scroll_y <= listing.max_scroll_y
        assert listing.cursor >= 0
        first, last = listing.scroll_y, listing.scroll_y + listing.scrollable_content_region.height
        assert first <= listing.cursor < last  # the cursor's row is on screen
        await pilot.press(*"-no-such-thing")
        await settle(pilot)
        assert len(listing.rows) == 0
        assert listing.scroll_y == 0
        assert not listing.show_vertical_scrollbar  # nothing to scroll: the bar goes
        await pilot.press("escape", "escape")  # leave the box, then undo the search
        await settle(pilot)
        assert bar.window_virtual_size == len(listing.rows) > fewer
        assert listing.show_vertical_scrollbar


async def test_a_long_search_scrolls_in_its_box(build: AppFactory) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        box = app.focused
        assert isinstance(box, Input)
        text = "a very long search that is wider than the box"
        await pilot.press(*text)
        await settle(pilot)
        assert box.value == text
        assert box.virtual_size.width > box.content_region.width
        # scrolled to the end, to keep the cursor in view, as Textual's Input does
        assert box.scroll_x == box.virtual_size.width - box.content_region.width > 0
        assert box.cursor_screen_offset.x == box.content_region.right
