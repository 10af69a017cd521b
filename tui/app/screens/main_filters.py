"""The main screen's filters: the search box, the actor and tag pickers, the date range.

:class:`FilteringScreen` is the base of :class:`tui.app.screens.main.MainScreen`, which
owns the state these actions change (the filter stack) and rebuilds the rows when it
changes. Split out so each concern of the screen reads on its own.
"""

from __future__ import annotations

from textual import on
from textual.screen import Screen

from tui.app.filters import FilterStack
from tui.app.reload import IndexedTimeline
from tui.app.screens.actor_picker import ActorPicker
from tui.app.screens.picker import Pick
from tui.app.screens.tag_picker import TagPicker
from tui.app.widgets.detail import DetailPane
from tui.app.widgets.filter_bar import FilterBar
from tui.app.widgets.timeline_list import TimelineList
from tui.core.model import Timeline


class FilteringScreen(Screen[None]):
    """Filter actions and messages, over the state of the screen that subclasses it."""

    filters: FilterStack
    """The filters in force."""
    loaded: IndexedTimeline | None
    """The timeline on screen (the last good one) and its index."""

    @property
    def timeline_list(self) -> TimelineList:
        """The list widget."""
        return self.query_one("#timeline", TimelineList)

    @property
    def timeline(self) -> Timeline | None:
        """The timeline on screen, if one has loaded."""
        return self.loaded.timeline if self.loaded else None

    def _request_rows(self) -> None:
        """Rebuild the list's rows for the current filters (the subclass does it)."""
        raise NotImplementedError

    def _set_filters(self, filters: FilterStack, *, from_search_box: bool = False) -> None:
        if filters == self.filters:
            return
        self.filters = filters
        if not from_search_box:  # never write back what is being typed: keys would be lost
            self.query_one(FilterBar).set_search_text(filters.search)
        self._describe_filters()
        self._request_rows()

    def _describe_filters(self) -> None:
        timeline = self.timeline

        def name(aid: str) -> str:
            actor = timeline.actors.get(aid) if timeline else None
            return actor.name if actor else aid

        self.query_one(FilterBar).describe(self.filters.describe(name))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Disable "Undo filter" when there is nothing to undo, and the pickers until a
        timeline has loaded (disabled, not removed: the key bar hides a disabled key in
        place instead of rebuilding all its keys)."""
        if action == "pop_filter":
            return None if self.filters.is_empty else True
        if action in ("pick_actor", "pick_tag", "dates", "search"):
            return True if self.loaded is not None else None
        return True

    def action_search(self) -> None:
        """Focus the search box."""
        self.query_one(FilterBar).focus_search()

    @on(FilterBar.SearchChanged, "#filter-bar")
    def _search_changed(self, message: FilterBar.SearchChanged) -> None:
        self._set_filters(self.filters.with_search(message.text), from_search_box=True)

    @on(FilterBar.DatesChosen, "#filter-bar")
    def _dates_chosen(self, message: FilterBar.DatesChosen) -> None:
        self._set_filters(self.filters.with_dates(message.dates))

    @on(FilterBar.TypingFinished, "#filter-bar")
    def _typing_done(self) -> None:
        self._flush_detail()
        self.timeline_list.focus()

    def _flush_detail(self) -> None:
        """Show what the detail pane waits to show (the subclass does it)."""
        raise NotImplementedError

    def action_dates(self) -> None:
        """Open the date-range box."""
        dates = self.filters.dates
        self.query_one(FilterBar).open_dates(dates.text if dates else "")

    def action_pop_filter(self) -> None:
        """Take back the last filter applied."""
        if not self.filters.is_empty:
            self._set_filters(self.filters.pop())

    def action_pick_actor(self) -> None:
        """Open the actor picker."""
        if self.loaded is None:
            return
        picker = ActorPicker(self.loaded.timeline, self.filters.actors, self.loaded.actor_counts)
        self.app.push_screen(picker, self._actor_picked)

    def _actor_picked(self, pick: Pick | None) -> None:
        if pick is None:
            return
        if pick.mode == "remove":
            self._set_filters(self.filters.without_actor(pick.key))
        elif pick.mode == "only":
            self._set_filters(self.filters.only_actor(pick.key))
        else:
            self._set_filters(self.filters.with_actor(pick.key))

    def filter_by_actor(self, actor_id: str) -> None:
        """Add an actor to the filters (from the detail pane or the command palette)."""
        self._set_filters(self.filters.with_actor(actor_id))

    @on(DetailPane.ActorSelected, "#detail")
    def _actor_selected(self, message: DetailPane.ActorSelected) -> None:
        self.filter_by_actor(message.actor_id)
        self.timeline_list.focus()

    def action_pick_tag(self) -> None:
        """Open the tag picker."""
        if self.timeline is None:
            return
        self.app.push_screen(TagPicker(self.timeline, self.filters.tags), self._tag_picked)

    def _tag_picked(self, pick: Pick | None) -> None:
        if pick is None:
            return
        if pick.mode == "remove":
            self._set_filters(self.filters.without_tag(pick.key))
        elif pick.mode == "only":
            stack = self.filters
            for tag in stack.tags:
                stack = stack.without_tag(tag)
            self._set_filters(stack.with_tag(pick.key))
        else:
            self._set_filters(self.filters.with_tag(pick.key))
