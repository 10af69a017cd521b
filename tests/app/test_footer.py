"""The key bar: it shows the screen's keys, keeps its widgets while they stay the same, and
hides "Undo filter" in place when there is nothing to undo."""

from __future__ import annotations

from textual.widgets._footer import FooterKey

from tui.app.screens.main import MainScreen
from tui.app.widgets.footer import SteadyFooter, shown_keys

from .helpers import AppFactory, main_screen, settle


def drawn(footer: SteadyFooter) -> list[tuple[str, str]]:
    """The keys on screen: key and description."""
    return [
        (key.key, key.description)
        for key in footer.query(FooterKey)
        if "-command-palette" not in key.classes and key.styles.display != "none"
    ]


def expected(screen: MainScreen) -> list[tuple[str, str]]:
    """The screen's enabled keys that are shown in a key bar."""
    return [(key, description) for key, description, _, enabled, _ in shown_keys(screen) if enabled]


def undo_key(footer: SteadyFooter) -> FooterKey:
    return next(key for key in footer.query(FooterKey) if key.action == "pop_filter")


async def test_the_bar_shows_the_screen_s_keys_and_hides_undo_in_place(
    build: AppFactory,
) -> None:
    app = build()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        footer = screen.query_one(SteadyFooter)
        assert drawn(footer) == expected(screen)
        assert "Undo filter" not in dict(drawn(footer)).values()  # nothing to undo
        undo = undo_key(footer)
        widgets = list(footer.query(FooterKey))

        screen.filter_by_actor("putin")
        await settle(pilot)
        assert not screen.filters.is_empty
        assert list(footer.query(FooterKey)) == widgets  # shown in place, not rebuilt
        assert ("escape", "Undo filter") in drawn(footer)
        assert drawn(footer) == expected(screen)

        await pilot.click(undo)  # the key bar's key does what the key does
        await settle(pilot)
        assert screen.filters.is_empty
        assert list(footer.query(FooterKey)) == widgets
        assert drawn(footer) == expected(screen)
        assert "Undo filter" not in dict(drawn(footer)).values()


async def test_other_keys_rebuild_the_bar(build: AppFactory) -> None:
    app = build()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        footer = screen.query_one(SteadyFooter)
        on_list = drawn(footer)
        await pilot.press("slash")  # the search box has keys of its own
        await settle(pilot)
        in_box = drawn(footer)
        assert in_box != on_list
        assert in_box == expected(screen)
        await pilot.press("escape")
        await settle(pilot)
        assert drawn(footer) == on_list
