"""The explorer's main screen: it owns the state and wires the widgets together.

State lives here and nowhere else: the loaded timeline, the filter stack, folded agendas,
the display zone and the pinned zones. Widgets get their data from the screen (attributes
down) and report what the user did (messages up); siblings never talk to each other.

Blocking work runs in thread workers that post typed messages back:

* ``load`` group: reading and validating the file (first load and live reloads);
* ``filter`` group: filtering and building the list's rows (a newer request cancels a
  stale one, which stops at its next check, and a generation number drops any result that
  still arrives late);
* ``watch`` group: waiting for the file to change on disk.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import Resize
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Header, Input, Static
from textual.worker import get_current_worker

from tui.app.filters import FilterStack
from tui.app.now_row import NowWatch, seconds_to_next_minute
from tui.app.options import ExplorerOptions
from tui.app.reload import (
    EventsFailed,
    EventsFileChanged,
    EventsLoaded,
    IndexedTimeline,
    LoadProgressed,
    load_events,
)
from tui.app.reload import watch_file as watch_events_file
from tui.app.row_layout import ZoneLayoutCache
from tui.app.rows import (
    Granularity,
    RowList,
    choose_granularity,
    now_label,
)
from tui.app.screens.main_filters import FilteringScreen
from tui.app.views import RowsRequest, ShownEvents, build_view
from tui.app.widgets.detail import DetailPane
from tui.app.widgets.filter_bar import FilterBar
from tui.app.widgets.footer import SteadyFooter
from tui.app.widgets.load_progress import LoadProgress, file_label
from tui.app.widgets.overview import Overview
from tui.app.widgets.timecard import TimeCard
from tui.app.widgets.timeline_list import TimelineList
from tui.core.errors import TimelineError
from tui.core.gcpolicy import hold_collections, keep_out_of_collections, resume_collections
from tui.core.model import Event
from tui.core.progress import Step, throttled
from tui.core.query import TimelineIndex
from tui.core.safetext import visible
from tui.core.zones import abbreviation

if TYPE_CHECKING:  # what the screen opens on demand is imported on demand
    from textual.command import Provider

    from tui.app.screens.zone_picker import ZoneChoice


def _timeline_commands() -> type[Provider]:
    """The command palette's provider (its zone search is imported with it)."""
    from tui.app.commands import TimelineCommands

    return TimelineCommands


DETAIL_PAUSE = 0.15
"""Seconds the keys of a search must pause before the detail pane follows the cursor."""
NARROW_WIDTH = 100
"""Below this many columns the detail pane goes under the list instead of beside it."""
SHORT_HEIGHT = 32
"""A narrow terminal with fewer rows than this starts with the time card hidden (``c``)."""


class MainScreen(FilteringScreen):
    """The list, the overview strip, the filters, the detail pane and the time card.

    The list has focus at start; its own keys move the cursor (see
    :class:`~tui.app.widgets.timeline_list.TimelineList`).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", tooltip="Search as you type (Enter: back to list)"),
        Binding("a", "pick_actor", "Actor", tooltip="Filter by actor (name or alias)"),
        Binding("t", "pick_tag", "Tag", tooltip="Filter by tag"),
        Binding("d", "dates", "Dates", tooltip="Filter by dates: 2025-08-15..2025-08-20, 2025-08"),
        Binding("escape", "pop_filter", "Undo filter", tooltip="Take back the last filter"),
        Binding(
            "z", "zones", "Zones", tooltip="Pin a zone on the time card, or change display zone"
        ),
        Binding("c", "toggle_card", "Card", tooltip="Show or hide the time card", show=False),
        Binding("p", "plan", "Plan", tooltip="When could the selected event's people meet?"),
        # in the help (?) and the palette, not the footer: at 80 columns it would push out Quit
        Binding(
            "e", "edit", "Edit", show=False, tooltip="Open the event in your editor, at its line"
        ),
        Binding("n", "new_event", "New", show=False, tooltip="Add an event to the file"),
        Binding("ctrl+r", "reload", "Reload", show=False, tooltip="Read the file again now"),
    ]
    """
    | Key(s) | Description |
    | :- | :- |
    | / | Search as you type; Enter goes back to the list. |
    | a | Filter by actor (several actors: events with all of them). |
    | t | Filter by tag. |
    | d | Filter by a date range. |
    | escape | Take back the last filter applied. |
    | z | Pin or unpin a zone on the time card, or change the display zone. |
    | c | Show or hide the time card. |
    | p | Plan a meeting for the selected event's people (or the actor filter's). |
    | e | Open the selected event in your editor ($VISUAL, $EDITOR), at its line. |
    | n | Add an event to the file through a form. |
    | ctrl+r | Read the events file again. |
    """

    AUTO_FOCUS = "#timeline"

    display_zone: reactive[str] = reactive("UTC", init=False)
    """Canonical key of the zone times are shown in. Set once at start by the factory's
    resolution (:func:`tui.core.hostzone.display_zone`); changing it re-lays the list, the
    detail pane, the time card and the status line, and saves the choice."""

    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {_timeline_commands}
    """The command palette's commands, imported when the palette first opens."""

    @dataclass
    class RowsReady(Message):
        """A rows worker finished (posted from the worker thread)."""

        generation: int
        """The request it answers; older ones are dropped."""
        rows: RowList
        """The list's rows."""
        shown: ShownEvents
        """The matched events' times and ids, for the overview."""

    @dataclass
    class SettingsChanged(Message):
        """The user changed a zone setting that should be saved (``None``: unchanged)."""

        display_zone: str | None = None
        """The new display zone."""
        pinned_zones: tuple[str, ...] | None = None
        """The zones pinned by the user (not ``--tz`` extras)."""

    def __init__(
        self,
        options: ExplorerOptions,
        *,
        display_zone: str,
        pinned_zones: Sequence[str] = (),
        extra_zones: Sequence[str] = (),
    ) -> None:
        """Create the screen; loading starts when it is mounted.

        Args:
            options: File, clock, watching and caching.
            display_zone: Canonical key of the zone times are shown in.
            pinned_zones: Zones the user pinned (saved in the settings).
            extra_zones: Zones pinned for this run only (``--tz`` extras).
        """
        super().__init__()
        self.options = options
        self.set_reactive(MainScreen.display_zone, display_zone)  # the start: no watcher
        self.saved_pins: tuple[str, ...] = tuple(dict.fromkeys(pinned_zones))
        """Zones the user pinned; saved."""
        self.pinned: tuple[str, ...] = tuple(dict.fromkeys([*pinned_zones, *extra_zones]))
        """Zones on the time card: saved pins, then this run's extras."""
        self.loaded: IndexedTimeline | None = None
        """The timeline on screen (the last good one) and its index."""
        self.filters = FilterStack()
        """The filters in force."""
        self.collapsed: frozenset[str] = frozenset()
        """Ids of parents whose agendas are folded."""
        self.problems: list[str] = []
        """``FILE:LINE:COL: message`` lines from the last failed load (empty when fine)."""
        self.selected_id: str | None = None
        """Id of the event under the cursor."""
        self._granularity = Granularity.DAY
        self._placements: ZoneLayoutCache | None = None
        self._detail_after_paint = False
        self._detail_timer: Timer | None = None
        self._search_prepared = False
        self._generation = 0
        self._shown_count = 0
        self._stop_watching = threading.Event()
        self._sized = False
        self._now_watch: NowWatch | None = None

    # --- layout ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        """Header, overview, filters, banner, list with detail and card, footer."""
        yield Header(icon="◷")
        yield Overview(id="overview").data_bind(MainScreen.display_zone)
        yield FilterBar(id="filter-bar")
        yield Static("", id="banner", markup=False)
        yield LoadProgress(id="load-progress")
        with Horizontal(id="body"):
            yield TimelineList(id="timeline")
            with Vertical(id="side"):
                yield DetailPane(id="detail").data_bind(MainScreen.display_zone)
                yield TimeCard(id="timecard").data_bind(MainScreen.display_zone)
        yield SteadyFooter(compact=True)

    def on_mount(self) -> None:
        """Start loading (and watching); the list gets focus."""
        self.title = visible(self.options.events_path.name, one_line=True)
        self._update_status()
        self.timeline_list.focus()
        self.timeline_list.loading = True
        self._show_banner(f"Loading {file_label(self.options.events_path)}…", "-loading")
        self._load(reload=False)
        if self.options.watch:
            self._watch()
        self.set_timer(seconds_to_next_minute(self.options.now()), self._now_tick)

    def on_unmount(self) -> None:
        """Stop the file watcher."""
        self._stop_watching.set()

    def on_resize(self, event: Resize) -> None:
        """Put the detail pane under the list on narrow terminals."""
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")
        if not self._sized:  # the first size decides whether the card fits at start
            self._sized = True
            if event.size.width < NARROW_WIDTH and event.size.height < SHORT_HEIGHT:
                self.query_one(TimeCard).display = False

    # --- loading --------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="load", description="load the events file")
    def _load(self, reload: bool) -> None:
        """Read the file in a thread; post :class:`EventsLoaded` or :class:`EventsFailed`."""
        worker = get_current_worker()
        hold_collections()  # until the first rows are shown (tui.core.gcpolicy)

        def tell(step: Step) -> None:
            self.post_message(LoadProgressed(step, reload=reload))

        told = throttled(tell, 0.1)  # a few updates a second, never a flood of messages
        try:
            loaded = load_events(
                self.options.events_path, use_cache=self.options.use_cache, on_progress=told
            )
        except TimelineError as exc:
            if not worker.is_cancelled:
                self.post_message(EventsFailed([str(d) for d in exc.diagnostics], reload=reload))
            return
        if not worker.is_cancelled:
            self.post_message(EventsLoaded(loaded, reload=reload))

    # not exclusive: a reload starts its own, and an old one finishing late does no harm
    @work(thread=True, group="index", description="prepare the search index")
    def _prepare_search(self, index: TimelineIndex) -> None:
        """Build the search text and the actor and tag indexes once the first rows are on
        screen, before the first key."""
        index.prepare()
        keep_out_of_collections()  # what it built lives as long as the timeline

    @work(thread=True, exclusive=True, group="watch", description="watch the events file")
    def _watch(self) -> None:
        """Wait for changes to the file (in a thread) and ask for a reload each time."""
        watch_events_file(
            self.options.events_path,
            self._stop_watching,
            lambda: self.post_message(EventsFileChanged()),
        )

    @on(EventsFileChanged)
    def _file_changed(self) -> None:
        self._load(reload=True)

    def action_reload(self) -> None:
        """Read the file again now."""
        self._load(reload=self.loaded is not None)

    @on(LoadProgressed)
    def _load_progressed(self, message: LoadProgressed) -> None:
        self.query_one(LoadProgress).report(message.step, reload=message.reload)

    @on(EventsLoaded)
    def _loaded(self, message: EventsLoaded) -> None:
        self.query_one(LoadProgress).finish()
        first = self.loaded is None
        self.loaded = message.loaded
        timeline = message.loaded.timeline
        self.problems = []
        self._hide_banner()
        # the list keeps its loading indicator until its first rows are built: a large
        # timeline takes a moment, and "No events." in between would be a lie
        self.title = visible(timeline.title or self.options.events_path.name, one_line=True)
        self._granularity = choose_granularity(timeline)
        self._placements = None  # a new timeline: place every event again
        self._search_prepared = False
        self.filters = self.filters.keep_actors(lambda aid: aid in timeline.actors)
        self.collapsed = frozenset(c for c in self.collapsed if c in timeline.by_id)
        self._describe_filters()
        self._request_rows()
        if message.reload and not first:
            self.notify(f"Reloaded: {len(timeline.events):,} events", timeout=3, markup=False)

    @on(EventsFailed)
    def _failed(self, message: EventsFailed) -> None:
        resume_collections()
        self.query_one(LoadProgress).finish()
        self.problems = message.problems
        self.timeline_list.loading = False
        name = visible(self.options.events_path.name, one_line=True)
        if self.loaded is not None:
            head = f"⚠ {name} has errors; still showing the last good version."
        else:
            head = f"⚠ Could not load {name}."
        tail = "Fix the file and save it: it is reloaded by itself." if self.options.watch else ""
        if self.loaded is None:
            self.timeline_list.empty_message = "Nothing to show." + (
                " " + tail if tail else " Press q to quit."
            )
            self.timeline_list.refresh()
        lines = [head, *(visible(problem, one_line=True) for problem in message.problems)]
        if tail:
            lines.append(tail)
        self._show_banner("\n".join(lines), "-error")

    def _show_banner(self, text: str, kind: str) -> None:
        """Show ``text`` literally (it quotes file names and errors: never markup)."""
        banner = self.query_one("#banner", Static)
        banner.update(Content(text))
        banner.set_classes(kind)
        banner.display = True

    def _hide_banner(self) -> None:
        self.query_one("#banner", Static).display = False

    # --- rows -----------------------------------------------------------------------------
    def _request_rows(self) -> None:
        if self.loaded is None:
            return
        self._generation += 1
        placements = self._placements
        if placements is None or placements.zone != self.display_zone:
            placements = self._placements = ZoneLayoutCache(
                self.display_zone, self._granularity, self.loaded.cache_key
            )
        self._rebuild(
            RowsRequest(
                generation=self._generation,
                loaded=self.loaded,
                filters=self.filters,
                zone=self.display_zone,
                collapsed=self.collapsed,
                # to the minute, as the "now" row shows it: rebuilding the same view within
                # a minute then reuses the rows already built
                now_utc=int(self.options.now()) // 60 * 60,
                granularity=self._granularity,
                placements=placements,
            )
        )

    # an explicit description: by default Textual would repr() the request, timeline and all
    @work(thread=True, exclusive=True, group="filter", description="filter and build rows")
    def _rebuild(self, request: RowsRequest) -> None:
        """Filter and build rows in a thread; post :class:`RowsReady`."""
        worker = get_current_worker()
        view = build_view(request, should_stop=lambda: worker.is_cancelled)
        if view is not None and not worker.is_cancelled:
            self.post_message(self.RowsReady(request.generation, *view))

    @on(RowsReady)
    def _rows_ready(self, message: RowsReady) -> None:
        if message.generation != self._generation or self.loaded is None:
            return  # a newer request is on its way
        timeline = self.loaded.timeline
        listing = self.timeline_list
        listing.loading = False
        listing.empty_message = (
            "No events match. Esc takes back the last filter."
            if not self.filters.is_empty
            else "This timeline has no events."
        )
        self._shown_count = message.rows.matched
        if not self._search_prepared:
            self._search_prepared = True
            # the timeline and its rows live as long as the view (tui.core.gcpolicy)
            keep_out_of_collections()
            # after the first paint: a thread building it meanwhile would hold the
            # interpreter half the time the first screen is being drawn
            self.call_after_refresh(self._prepare_search, self.loaded.index)
        self._detail_after_paint = True
        listing.set_rows(message.rows, timeline, keep=self.selected_id)
        self.query_one(Overview).show(message.shown.times, message.shown.ids)
        self._update_status()

    def _update_status(self) -> None:
        """The count of events shown and the display zone, at the right of the filter bar."""
        zone = self.display_zone
        abbr = abbreviation(zone, int(self.options.now()))
        where = zone if abbr == zone else f"{zone} {abbr}"
        if self.loaded is None:
            status = where
        else:
            total = len(self.loaded.timeline.events)
            if self.filters.is_empty:
                status = f"{total:,} events · {where}"
            else:
                # the count padded to the total's width: the status keeps its width while
                # typing, so the bar is not laid out again on every key
                wide = len(f"{total:,}")
                status = f"{self._shown_count:>{wide},} of {total:,} events · {where}"
        self.query_one(FilterBar).set_status(status)

    # --- the "now" row ---------------------------------------------------------------------
    def _now_tick(self) -> None:
        """Once a minute, on the minute (a timer per tick: it never drifts)."""
        self.refresh_now()
        self.set_timer(seconds_to_next_minute(self.options.now()), self._now_tick)

    def refresh_now(self) -> None:
        """Keep the "now" row where the clock is: rows rebuilt once it passed an event or a
        day (see :class:`~tui.app.now_row.NowWatch`), else the row only relabelled."""
        if self.loaded is None:
            return
        now = int(self.options.now()) // 60 * 60  # to the minute, as the rows are built
        watch = self._now_watch
        if watch is None or watch.timeline is not self.loaded.timeline:
            watch = self._now_watch = NowWatch(self.loaded.timeline)
        listing = self.timeline_list
        if watch.moved(listing.rows.now_utc, now, self.display_zone):
            self._request_rows()
        else:
            listing.show_now(now, now_label(now, self.display_zone))
        self._update_status()  # the zone's abbreviation changes with daylight saving
        self._show_selected()  # "2 hours 5 minutes ago" is a minute older

    # --- the selected event ---------------------------------------------------------------
    @on(TimelineList.EventHighlighted, "#timeline")
    def _highlighted(self, message: TimelineList.EventHighlighted) -> None:
        self.selected_id = message.event_id
        if self._detail_after_paint:
            # new rows moved the cursor: paint the list first, then the detail pane and
            # time card (which rebuild widgets), so typing in search never waits for them
            self._detail_after_paint = False
            focused = self.focused
            if isinstance(focused, Input) and focused.id == "search":
                # while typing, once the keys pause: each key's view is gone by the next
                if self._detail_timer is not None:
                    self._detail_timer.stop()
                self._detail_timer = self.set_timer(DETAIL_PAUSE, self._show_selected)
            else:
                self.call_after_refresh(self._show_selected)
        else:
            self._show_selected()

    def _flush_detail(self) -> None:
        """Show the selected event now if the detail pane waits for typing to pause."""
        if self._detail_timer is not None:
            self._show_selected()

    def _show_selected(self) -> None:
        if self._detail_timer is not None:
            self._detail_timer.stop()
            self._detail_timer = None
        timeline = self.timeline
        if timeline is None:
            return
        event: Event | None = timeline.by_id.get(self.selected_id or "")
        now_utc = int(self.options.now())
        self.query_one(DetailPane).show(event, timeline, now_utc)
        self.query_one(TimeCard).show(event, timeline, self.pinned)
        self.query_one(Overview).selected = event.sort_key if event else None

    @on(TimelineList.FoldRequested, "#timeline")
    def _toggle_fold(self, message: TimelineList.FoldRequested) -> None:
        self.collapsed = self.collapsed ^ {message.event_id}
        self._request_rows()

    @on(Overview.JumpRequested, "#overview")
    def _jump(self, message: Overview.JumpRequested) -> None:
        self.jump_to_event(message.event_id)

    def jump_to_event(self, event_id: str) -> None:
        """Put the cursor on an event, unfolding its parents; clears filters hiding it."""
        timeline = self.timeline
        if timeline is None or event_id not in timeline.by_id:
            return
        listing = self.timeline_list
        listing.focus()
        if listing.select_event(event_id):
            return
        parents: set[str] = set()
        parent = timeline.by_id[event_id].parent
        while parent is not None:
            parents.add(parent)
            parent = timeline.by_id[parent].parent
        self.collapsed = self.collapsed - parents
        if self.loaded is not None and not self.filters.is_empty:
            matches = self.loaded.index.matches(self.filters.to_filter(self.display_zone))
            position = self.loaded.index.position[event_id]
            if position not in matches:
                self.filters = FilterStack()
                self.query_one(FilterBar).set_search_text("")
                self._describe_filters()
        self.selected_id = event_id
        self._request_rows()

    # --- zones ----------------------------------------------------------------------------
    def action_zones(self) -> None:
        """Open the zone picker."""
        from tui.app.screens.zone_picker import ZonePicker

        self.app.push_screen(
            ZonePicker(self.pinned, self.display_zone, self.options.now), self.apply_zone_choice
        )

    def apply_zone_choice(self, choice: ZoneChoice | None) -> None:
        """Pin or unpin a zone, or change the display zone; saves the settings."""
        if choice is None:
            return
        if choice.action == "pin":
            self.pin_zone(choice.zone)
        elif choice.action == "unpin":
            self.unpin_zone(choice.zone)
        else:
            self.set_display_zone(choice.zone)

    def pin_zone(self, zone: str) -> None:
        """Show ``zone`` on the time card (and remember it)."""
        if zone not in self.pinned:
            self.pinned = (*self.pinned, zone)
        if zone not in self.saved_pins:
            self.saved_pins = (*self.saved_pins, zone)
        self._show_selected()
        self.post_message(self.SettingsChanged(pinned_zones=self.saved_pins))

    def unpin_zone(self, zone: str) -> None:
        """Take ``zone`` off the time card."""
        self.pinned = tuple(z for z in self.pinned if z != zone)
        self.saved_pins = tuple(z for z in self.saved_pins if z != zone)
        self._show_selected()
        self.post_message(self.SettingsChanged(pinned_zones=self.saved_pins))

    def set_display_zone(self, zone: str) -> None:
        """Show times in ``zone`` (and remember it)."""
        self.display_zone = zone

    def watch_display_zone(self, zone: str) -> None:
        """Every view follows the display zone (the overview, detail pane and time card are
        bound to it); the choice is saved."""
        self._update_status()
        self._request_rows()
        self.post_message(self.SettingsChanged(display_zone=zone))

    def action_edit(self) -> None:
        """Open the selected event in the user's editor, at the line where it starts."""
        timeline = self.timeline
        # the cursor itself: a key pressed right after a move comes before its message
        chosen = self.timeline_list.highlighted_event_id
        event = timeline.by_id.get(chosen or "") if timeline else None
        from tui.app.editor import edit_event

        edit_event(self, self.options, event, timeline, after=self.action_reload)

    def action_new_event(self) -> None:
        """Add an event to the file through a form (appended; nothing else changes)."""
        from tui.app.screens.new_event import open_new_event

        open_new_event(self)

    def action_plan(self) -> None:
        """Open the meeting planner for the selected event's people, on its day."""
        from tui.app.screens.planner import open_planner

        open_planner(self)

    def action_toggle_card(self) -> None:
        """Show or hide the time card."""
        card = self.query_one(TimeCard)
        card.display = not card.display

    def action_export_view(self) -> None:
        """Write the events the filters keep in another format ("Export view…")."""
        from tui.app.screens.export_view import open_export_view

        open_export_view(self)
