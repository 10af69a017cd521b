"""Moving through the list: keys, folding, mouse and the overview strip."""

from __future__ import annotations

import pytest

from tui.app.screens.main import MainScreen
from tui.app.widgets.detail import DetailPane
from tui.app.widgets.overview import Overview
from tui.app.widgets.timeline_list import TimelineList

from .helpers import SMALL, AppFactory, main_screen, settle


def current(screen: MainScreen) -> str | None:
    return screen.timeline_list.highlighted_event_id


async def test_starts_on_the_first_event_with_the_list_focused(build: AppFactory) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert isinstance(app.focused, TimelineList)
        assert current(screen) == "russia-full-scale-invasion-2022"
        detail = screen.query_one(DetailPane)
        assert detail.event is not None
        assert detail.event.id == "russia-full-scale-invasion-2022"
        assert screen.query_one(Overview).selected == detail.event.sort_key


async def test_up_down_and_j_k_skip_headings(build: AppFactory) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        listing = screen.timeline_list
        await pilot.press("j")
        assert current(screen) == "hague-summit-announcement-2024"
        assert listing.rows.rows[listing.cursor].is_event
        await pilot.press("down", "down")
        assert current(screen) == "nato-chods-vtc-2025-03-18"
        await pilot.press("k", "up")
        assert current(screen) == "hague-summit-announcement-2024"
        await pilot.press("up", "up")  # stops at the first event
        assert current(screen) == "russia-full-scale-invasion-2022"


async def test_home_end_and_pages(build: AppFactory) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("end")
        assert current(screen) == "military-committee-conference-riga-2025"
        await pilot.press("home")
        assert current(screen) == "russia-full-scale-invasion-2022"
        await pilot.press("pagedown")
        after_page = screen.timeline_list.cursor
        assert after_page > 20
        await pilot.press("pageup")
        assert current(screen) == "russia-full-scale-invasion-2022"


async def test_previous_and_next_day_and_month(build: AppFactory) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.timeline_list.select_event("hague-venue-visit-2025")  # Mon 23 Jun, 2nd event
        await pilot.press("right_square_bracket")
        assert current(screen) == "hague-summit-2025"  # Tue 24 Jun
        await pilot.press("left_square_bracket")
        assert current(screen) == "hague-pre-summit-press-conference-2025"  # first of 23 Jun
        await pilot.press("left_square_bracket")
        assert current(screen) == "nato-chods-brussels-2025-05"
        await pilot.press("right_curly_bracket")
        assert current(screen) == "hague-pre-summit-press-conference-2025"  # first of June
        await pilot.press("right_curly_bracket")
        assert current(screen) == "grynkewich-becomes-saceur-2025"  # first of July
        await pilot.press("left_curly_bracket", "left_curly_bracket")
        assert current(screen) == "nato-chods-brussels-2025-05"  # first of May


async def test_full_stop_jumps_to_the_event_nearest_now(build: AppFactory) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("full_stop")
        assert current(screen) == "nato-chods-vtc-2025"  # 08:30 EDT; now is 10:26 EDT


async def test_enter_and_space_fold_and_unfold_an_agenda(build: AppFactory) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        listing = screen.timeline_list
        assert "alaska-tarmac-welcome-2025" in listing.rows.row_of
        listing.select_event("alaska-summit-2025")
        await pilot.press("enter")
        await settle(pilot)
        assert "alaska-tarmac-welcome-2025" not in listing.rows.row_of
        row = listing.rows.rows[listing.cursor]
        assert row.expandable
        assert not row.expanded
        assert current(screen) == "alaska-summit-2025"
        await pilot.press("space")
        await settle(pilot)
        assert "alaska-tarmac-welcome-2025" in listing.rows.row_of
        assert current(screen) == "alaska-summit-2025"


async def test_fold_is_offered_only_on_parents(build: AppFactory) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        listing = screen.timeline_list
        assert listing.check_action("fold", ()) is False
        listing.select_event("hague-summit-2025")
        assert listing.check_action("fold", ()) is True
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert "hague-public-forum-2025" in listing.rows.row_of


async def test_click_selects_and_clicking_the_marker_folds(build: AppFactory) -> None:
    app = build(SMALL)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        listing = screen.timeline_list
        row = listing.rows.row_of["call"]
        await pilot.click(TimelineList, offset=(20, row))
        assert current(screen) == "call"
        summit = listing.rows.row_of["summit"]
        await pilot.click(TimelineList, offset=(1, summit))
        await settle(pilot)
        assert current(screen) == "summit"
        assert "summit-dinner" not in listing.rows.row_of
        heading = summit - 1
        await pilot.click(TimelineList, offset=(5, heading))  # a heading: nothing happens
        assert current(screen) == "summit"


async def test_the_overview_follows_the_cursor_and_a_click_jumps(build: AppFactory) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        overview = screen.query_one(Overview)
        await pilot.press("end")
        last = (
            screen.loaded.timeline.by_id["military-committee-conference-riga-2025"]
            if screen.loaded
            else None
        )
        assert last is not None
        assert overview.selected == last.sort_key
        await pilot.click(Overview, offset=(1, 0))  # the first column: the 2022 invasion
        assert current(screen) == "russia-full-scale-invasion-2022"
        assert isinstance(app.focused, TimelineList)


async def test_day_jumps_pass_over_agenda_items(build: AppFactory) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.timeline_list.select_event("hague-summit-2025")  # Tue 24 Jun, with an agenda
        await pilot.press("right_square_bracket")
        assert current(screen) == "grynkewich-becomes-saceur-2025"  # not the 25 Jun items
        screen.timeline_list.select_event("hague-nac-leaders-session-2025")  # an item, 25 Jun
        await pilot.press("left_square_bracket")
        assert current(screen) == "hague-summit-2025"  # the first top-level event before


@pytest.mark.parametrize("where", ["list", "search box"])
async def test_ctrl_c_ends_the_explorer_from_anywhere(build: AppFactory, where: str) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        if where == "search box":
            await pilot.press("slash", *"nato")
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert not app.is_running
