"""The widgets' messages: one base per widget carrying the widget, so ``@on(Message, "#id")``
matches on the widget that sent it, and a flood of highlights coalesces.

The widgets are driven as a user would, in a host app that handles each widget's messages
through its base class and the widget's id only.
"""

from __future__ import annotations

import pytest
from textual import on
from textual.app import App, ComposeResult
from textual.message import Message
from textual.widget import Widget
from textual.widgets import OptionList

from tui.app.row_view import build_rows
from tui.app.rows import Granularity
from tui.app.widgets.detail import DetailPane
from tui.app.widgets.filter_bar import FilterBar
from tui.app.widgets.overview import Overview
from tui.app.widgets.timeline_list import TimelineList
from tui.core.loader import load_timeline
from tui.core.query import TimelineIndex

from .helpers import FROZEN_NOW, SMALL, settle

BASES: list[tuple[type[Widget], type[Message]]] = [
    (TimelineList, TimelineList.TimelineListMessage),
    (Overview, Overview.OverviewMessage),
    (FilterBar, FilterBar.FilterBarMessage),
    (DetailPane, DetailPane.DetailPaneMessage),
]


@pytest.mark.parametrize(("widget", "base"), BASES, ids=lambda value: value.__name__)
def test_every_message_of_a_widget_derives_from_its_one_base(
    widget: type[Widget], base: type[Message]
) -> None:
    messages = [
        value
        for value in vars(widget).values()
        if isinstance(value, type) and issubclass(value, Message) and value is not base
    ]
    assert messages
    assert all(issubclass(message, base) for message in messages), messages
    assert "control" in vars(base)  # the one place that says which widget sent it


def test_a_highlight_replaces_only_a_pending_highlight_from_the_same_list() -> None:
    first, second = TimelineList(), TimelineList()
    older = TimelineList.EventHighlighted(first, "a")
    assert older.can_replace(TimelineList.EventHighlighted(first, "b"))
    assert older.can_replace(TimelineList.EventHighlighted(first, None))
    assert not older.can_replace(TimelineList.EventHighlighted(second, "b"))
    assert not older.can_replace(TimelineList.FoldRequested(first, "a"))
    assert not TimelineList.FoldRequested(first, "a").can_replace(
        TimelineList.FoldRequested(first, "a")
    )  # every fold counts: two in a row fold and unfold


class Host(App[None]):
    """The widgets side by side; one handler per widget, on its base message and id."""

    CSS = "#list { height: 10; } #detail { height: 20; }"

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, str]] = []
        """(widget id, message class) in the order handled."""
        self.highlights: list[str | None] = []
        """The event ids of the highlights handled, in order."""

    def compose(self) -> ComposeResult:
        yield Overview(id="overview")
        yield FilterBar(id="bar")
        yield TimelineList(id="list")
        yield DetailPane(id="detail")

    def record(self, widget_id: str, message: Message) -> None:
        assert message.control is self.query_one(f"#{widget_id}")
        self.seen.append((widget_id, type(message).__name__))

    @on(TimelineList.TimelineListMessage, "#list")
    def _from_list(self, message: TimelineList.TimelineListMessage) -> None:
        self.record("list", message)
        if isinstance(message, TimelineList.EventHighlighted):
            self.highlights.append(message.event_id)

    @on(Overview.OverviewMessage, "#overview")
    def _from_overview(self, message: Overview.OverviewMessage) -> None:
        self.record("overview", message)

    @on(FilterBar.FilterBarMessage, "#bar")
    def _from_bar(self, message: FilterBar.FilterBarMessage) -> None:
        self.record("bar", message)

    @on(DetailPane.DetailPaneMessage, "#detail")
    def _from_detail(self, message: DetailPane.DetailPaneMessage) -> None:
        self.record("detail", message)


async def test_each_widget_s_messages_reach_a_handler_matching_its_id() -> None:
    timeline = load_timeline(SMALL)
    index = TimelineIndex.build(timeline)
    app = Host()
    async with app.run_test(size=(100, 40)) as pilot:
        listing = app.query_one(TimelineList)
        rows = build_rows(
            timeline, zone="UTC", now_utc=int(FROZEN_NOW), granularity=Granularity.DAY
        )
        listing.set_rows(rows, timeline, keep="summit")  # a parent with an agenda
        listing.focus()
        await settle(pilot)
        await pilot.press("enter")  # fold it
        await settle(pilot)
        assert app.seen[-1] == ("list", "FoldRequested")
        assert ("list", "EventHighlighted") in app.seen

        app.query_one(Overview).show(index.sort_keys, index.ids)
        await settle(pilot)
        assert await pilot.click("#overview", offset=(5, 0))
        await settle(pilot)
        assert app.seen[-1] == ("overview", "JumpRequested")

        bar = app.query_one(FilterBar)
        bar.focus_search()
        await pilot.press("s", "enter")
        await settle(pilot)
        bar.open_dates()
        await pilot.press(*"2025-06", "enter")
        await settle(pilot)
        from_bar = [name for widget_id, name in app.seen if widget_id == "bar"]
        assert from_bar == ["SearchChanged", "TypingFinished", "DatesChosen", "TypingFinished"]

        pane = app.query_one(DetailPane)
        pane.display_zone = "UTC"
        pane.show(timeline.by_id["summit"], timeline, int(FROZEN_NOW))
        await settle(pilot)
        assert await pilot.click(pane.query_one("#detail-actors", OptionList), offset=(2, 0))
        await settle(pilot)
        assert app.seen[-1] == ("detail", "ActorSelected")


async def test_fast_highlights_reach_the_screen_as_the_latest_one() -> None:
    timeline = load_timeline(SMALL)
    app = Host()
    async with app.run_test(size=(100, 40)) as pilot:
        listing = app.query_one(TimelineList)
        rows = build_rows(
            timeline, zone="UTC", now_utc=int(FROZEN_NOW), granularity=Granularity.DAY
        )
        listing.set_rows(rows, timeline)
        await settle(pilot)
        app.seen.clear()
        app.highlights.clear()
        highlighted: list[str | None] = []
        for _ in range(4):  # four moves before the app handles any of them
            listing.action_cursor_down()
            highlighted.append(listing.highlighted_event_id)
        await settle(pilot)
        assert len(set(highlighted)) == 4  # four different events
        assert app.seen == [("list", "EventHighlighted")]
        assert app.highlights == highlighted[-1:]
