"""Filters: search as you type, actors (with aliases), tags, dates, combinations, Escape."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from tui.app.screens.actor_picker import ActorPicker
from tui.app.screens.main import MainScreen
from tui.app.screens.picker import FuzzyPicker
from tui.app.widgets.filter_bar import FilterBar
from tui.app.widgets.timeline_list import TimelineList
from tui.core.query import Filter

from .helpers import AppFactory, filter_line, main_screen, screen_text, settle, shown_ids


def status_line(screen: MainScreen) -> str:
    return str(screen.query_one("#status", Static).render())


async def test_search_chiefs_shows_the_nato_vtc_at_0830_edt(build: AppFactory) -> None:
    """Acceptance: with New York as the display zone, "chiefs" finds the VTC at 08:30."""
    app = build(zone="America/New_York")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"chiefs")
        await settle(pilot)
        ids = shown_ids(screen)
        assert "nato-chods-vtc-2025" in ids
        assert "alaska-summit-2025" not in ids
        row = screen.timeline_list.rows.rows[
            screen.timeline_list.rows.row_of["nato-chods-vtc-2025"]
        ]
        assert row.time == "08:30"
        assert "search: chiefs" in filter_line(screen)
        assert f"{len(ids)} of 47 events · America/New_York EDT" in status_line(screen)
        await pilot.press("enter")
        assert isinstance(app.focused, TimelineList)
        screen.timeline_list.select_event("nato-chods-vtc-2025")
        await settle(pilot)
        text = screen_text(app)
        assert "08:30    NATO Chiefs of Defence video conference" in text


async def test_search_updates_on_every_keystroke(build: AppFactory) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("slash", "a", "l")
        await settle(pilot)
        broad = set(shown_ids(screen))
        await pilot.press(*"aska")
        await settle(pilot)
        narrow = set(shown_ids(screen))
        assert narrow < broad
        assert "alaska-summit-2025" in narrow
        await pilot.press(
            "backspace", "backspace", "backspace", "backspace", "backspace", "backspace"
        )
        await settle(pilot)
        assert len(shown_ids(screen)) == 47
        assert screen.filters.is_empty


async def test_actor_putin_shows_alaska_with_its_agenda_and_nothing_else(
    build: AppFactory,
) -> None:
    """Acceptance: every event shown has Putin taking part; the Alaska agenda is there."""
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("a")
        assert isinstance(app.screen, ActorPicker)
        await pilot.press(*"Putin")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.filters.actors == ("putin",)
        ids = shown_ids(screen)
        assert "alaska-summit-2025" in ids
        for agenda_item in (
            "alaska-putin-arrives-2025",
            "alaska-tarmac-welcome-2025",
            "alaska-three-on-three-talks-2025",
            "alaska-joint-press-statements-2025",
        ):
            assert agenda_item in ids
        rows = screen.timeline_list.rows
        talks = rows.rows[rows.row_of["alaska-three-on-three-talks-2025"]]
        assert talks.depth == 1  # under the summit
        assert "alaska-trump-departure-2025" not in ids  # Trump alone
        assert screen.loaded is not None
        index = screen.loaded.index
        for event_id in ids:
            assert "putin" in index.participants_of(index.position[event_id]), event_id
        assert "actor: Vladimir Putin" in filter_line(screen)


async def test_an_alias_finds_the_actor(build: AppFactory) -> None:
    """Acceptance: "Zelensky" (an alias) finds the White House meeting."""
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("a", *"Zelensky", "enter")
        await settle(pilot)
        assert screen.filters.actors == ("zelenskyy",)
        assert "white-house-meeting-2025" in shown_ids(screen)


async def test_actor_picker_fuzzy_ranking_and_cancel(build: AppFactory) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("a", *"Zelenskiy")
        picker = app.screen
        assert isinstance(picker, FuzzyPicker)
        from textual.widgets import OptionList

        options = picker.query_one(OptionList)
        first = options.get_option_at_index(0)
        assert first.id == "zelenskyy"
        await pilot.press("escape")
        assert app.screen is screen
        assert screen.filters.is_empty


async def test_several_actors_mean_all_of_them_and_can_be_switched(build: AppFactory) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("a", *"trump", "enter")
        await settle(pilot)
        only_trump = set(shown_ids(screen))
        await pilot.press("a", *"putin", "enter")
        await settle(pilot)
        both = set(shown_ids(screen))
        assert both < only_trump
        assert "alaska-tarmac-welcome-2025" in both
        assert "wh-trump-putin-call-2025" in both
        # the picker lists active actors first; Ctrl+O keeps only the highlighted one
        await pilot.press("a", *"putin", "ctrl+o")
        await settle(pilot)
        assert screen.filters.actors == ("putin",)
        # Enter on an active actor removes it
        await pilot.press("a", *"putin", "enter")
        await settle(pilot)
        assert screen.filters.is_empty


async def test_a_flattened_agenda_item_names_its_hidden_parent(build: AppFactory) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("a", *"putin", "enter")
        await settle(pilot)
        rows = screen.timeline_list.rows
        call = rows.rows[rows.row_of["wh-trump-putin-call-2025"]]
        assert call.depth == 0
        assert call.via.endswith("at the White House")
        assert "white-house-meeting-2025" not in rows.row_of


async def test_tag_filter(build: AppFactory) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("t", *"purl", "enter")
        await settle(pilot)
        assert screen.filters.tags == ("purl",)
        assert shown_ids(screen) == [
            "purl-agreed-2025",
            "purl-first-package-2025",
            "purl-nordic-package-2025",
        ]
        assert "tag: purl" in filter_line(screen)


async def test_date_range_filter_and_a_clear_error_for_bad_input(build: AppFactory) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("d")
        assert app.focused is not None
        assert app.focused.id == "dates"
        await pilot.press(*"2025-13", "enter")
        await settle(pilot)
        error = filter_line(screen)
        assert "month 13 does not exist" in error
        assert screen.filters.is_empty
        assert app.focused.id == "dates"
        await pilot.press(*["backspace"] * 7, *"2025-08-15..2025-08-18", "enter")
        await settle(pilot)
        assert isinstance(app.focused, TimelineList)
        ids = shown_ids(screen)
        assert "alaska-summit-2025" in ids
        assert "white-house-meeting-2025" in ids
        assert "nato-chods-vtc-2025" not in ids
        assert "purl-nordic-package-2025" not in ids
        assert "date: 2025-08-15..2025-08-18" in filter_line(screen)


async def test_open_ended_date_range(build: AppFactory) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("d", *"..2025-06-30", "enter")
        await settle(pilot)
        ids = shown_ids(screen)
        assert ids[0] == "russia-full-scale-invasion-2022"
        assert "grynkewich-becomes-saceur-2025" not in ids


async def test_filters_combine_and_escape_takes_them_back_in_order(build: AppFactory) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("slash", *"summit", "enter")
        await pilot.press("a", *"trump", "enter")
        await pilot.press("t", *"white-house", "enter")
        await settle(pilot)
        assert filter_line(screen) == ("search: summit · actor: Donald Trump · tag: white-house")
        assert shown_ids(screen) == ["white-house-meeting-2025"]
        await pilot.press("escape")
        await settle(pilot)
        assert filter_line(screen) == "search: summit · actor: Donald Trump"
        assert "alaska-summit-2025" in shown_ids(screen)
        await pilot.press("escape")
        await settle(pilot)
        assert filter_line(screen) == "search: summit"
        await pilot.press("escape")
        await settle(pilot)
        assert filter_line(screen) == ""
        assert screen.query_one(FilterBar).query_one("#search", Input).value == ""
        assert len(shown_ids(screen)) == 47
        assert not screen.check_action("pop_filter", ())  # nothing to undo: disabled


async def test_selection_is_kept_when_a_filter_still_shows_it(build: AppFactory) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.timeline_list.select_event("alaska-tarmac-welcome-2025")
        await pilot.press("a", *"putin", "enter")
        await settle(pilot)
        assert screen.selected_id == "alaska-tarmac-welcome-2025"
        await pilot.press("escape")
        await settle(pilot)
        assert screen.selected_id == "alaska-tarmac-welcome-2025"


async def test_nothing_matches_says_so(build: AppFactory) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("slash", *"zzzzqqq", "enter")
        await settle(pilot)
        assert shown_ids(screen) == []
        assert "No events match" in screen_text(app)
        assert "0 of 47 events" in status_line(screen)


async def test_a_late_search_message_never_rewrites_the_box(build: AppFactory) -> None:
    """Typing fast: the message for "c" may arrive after "ch" is in the box; the box keeps
    what the user typed (writing "c" back would lose or reorder keys)."""
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        bar = screen.query_one(FilterBar)
        box = bar.query_one("#search", Input)
        await pilot.press("slash")
        with box.prevent(Input.Changed):
            box.value = "ch"
        bar.post_message(FilterBar.SearchChanged(bar, "c"))
        await settle(pilot)
        assert box.value == "ch"
        assert screen.filters.search == "c"


async def test_a_newer_filter_wins_over_a_stale_one(build: AppFactory) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        bar = screen.query_one(FilterBar)
        bar.post_message(FilterBar.SearchChanged(bar, "alaska"))
        bar.post_message(FilterBar.SearchChanged(bar, "purl"))
        await settle(pilot)
        assert screen.loaded is not None
        timeline, index = screen.loaded.timeline, screen.loaded.index
        expected = {timeline.events[i].id for i in index.matches(Filter(text="purl"))}
        assert set(shown_ids(screen)) == expected
        assert "alaska-summit-2025" not in expected
        assert filter_line(screen) == "search: purl"


async def test_detail_pane_follows_a_search_once_the_keys_pause(
    build: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While typing, the list follows every key; the detail pane the selected event only
    after a pause (each key's view is gone by the next), or at once on Enter."""
    from tui.app.screens import main
    from tui.app.widgets.detail import DetailPane

    monkeypatch.setattr(main, "DETAIL_PAUSE", 60.0)  # a pause no test waits for
    app = build(zone="America/New_York")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        pane = screen.query_one(DetailPane)
        assert pane.event is not None
        before = pane.event.id
        await pilot.press("slash", *"chiefs")
        await settle(pilot)
        chiefs = screen.selected_id
        assert chiefs is not None and chiefs != before
        assert pane.event.id == before, "the pane waits for the keys to pause"
        await pilot.press("enter")  # done typing: at once
        await pilot.pause()
        assert pane.event.id == chiefs

        monkeypatch.setattr(main, "DETAIL_PAUSE", 0.2)
        await pilot.press("slash", *["backspace"] * 6, *"alaska")
        await settle(pilot)
        alaska = screen.selected_id
        assert alaska is not None and alaska != chiefs
        await pilot.pause(1.0)  # the keys paused: the pane follows by itself
        assert pane.event.id == alaska


async def test_lines_drawn_across_views_are_the_lines_drawn_afresh(build: AppFactory) -> None:
    """The list keeps drawn lines by what they show from one view to the next (typing on
    in search mostly shows rows already drawn, at other indexes): what it shows after each
    change must be exactly what it draws with nothing kept."""
    app = build(zone="America/New_York")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        listing = screen.timeline_list

        def lines() -> list[str]:
            height = listing.scrollable_content_region.height
            return [listing.render_line(y).text for y in range(height)]

        steps = [("slash", "a"), ("l",), ("a",), ("backspace", "backspace"), ("enter",)]
        steps += [("down", "down", "down"), ("escape",), ("space",), ("end",)]
        seen: set[tuple[str, ...]] = set()
        for keys in steps:
            await pilot.press(*keys)
            await settle(pilot)
            kept = lines()
            listing._cache.clear()
            listing._drawn.clear()
            assert kept == lines(), f"after {keys}"
            seen.add(tuple(kept))
        assert len(seen) >= 5, "the steps show different views"
