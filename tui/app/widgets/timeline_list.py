"""The timeline list: a virtualised, keyboard-driven view of a :class:`~tui.app.rows.RowList`.

Built on the Line API (like Textual's own ``Log``): one fixed-height line per row, drawn on
demand by :meth:`TimelineList.render_line`, with an LRU cache of rendered strips. No widget
is created per row, so 100,000 events scroll as smoothly as ten.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from tui.app.rows import Row, RowKind, RowList
from tui.app.widgets.quiet_size import QuietScrollView
from tui.core.actornames import actor_hint
from tui.core.model import Timeline
from tui.core.safetext import visible

_MARKER_WIDTH = 2
"""Columns for the ▸/▾ marker and its space."""
CURSOR_GLYPH = "▌"
"""Drawn in the first column of the row under the cursor, so the cursor shows without colour
(``NO_COLOR``, a monochrome terminal, colour-blind eyes) as well as with it."""


RowKey = tuple[RowKind, str, int, tuple[int, str, bool, bool, str], int, bool]
"""What a row shows: kind, label, event (by identity), depth, time, folding, parent title,
the time column's width and whether the cursor is on it."""


class TimelineList(QuietScrollView, can_focus=True):
    """Events in time order under day dividers, with a cursor that rests only on events.

    The screen gives it rows with :meth:`set_rows` (attributes down); it reports the event
    under the cursor with :class:`EventHighlighted` and asks for an agenda to be folded
    with :class:`FoldRequested` (messages up).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("left_square_bracket", "previous_day", "Prev day", show=False),
        Binding("right_square_bracket", "next_day", "Next day", show=False),
        Binding("left_curly_bracket", "previous_month", "Prev month", show=False),
        Binding("right_curly_bracket", "next_month", "Next month", show=False),
        Binding("full_stop", "jump_now", "Now"),
        Binding("enter,space", "fold", "Fold"),
    ]
    """
    | Key(s) | Description |
    | :- | :- |
    | up, k | Move the cursor to the previous event. |
    | down, j | Move the cursor to the next event. |
    | pageup | Move the cursor up a page. |
    | pagedown | Move the cursor down a page. |
    | home | Move the cursor to the first event. |
    | end | Move the cursor to the last event. |
    | [ | The first event of the previous day. |
    | ] | The first event of the next day. |
    | { | The first event of the previous month. |
    | } | The first event of the next month. |
    | . | The event nearest to now. |
    | enter, space | Fold or unfold the agenda under the event. |
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "timeline-list--divider",
        "timeline-list--gap",
        "timeline-list--now",
        "timeline-list--time",
        "timeline-list--title",
        "timeline-list--actors",
        "timeline-list--marker",
        "timeline-list--via",
        "timeline-list--cursor",
        "timeline-list--empty",
    }
    """
    | Class | Description |
    | :- | :- |
    | `timeline-list--divider` | Day, month and year headings. |
    | `timeline-list--gap` | The ``··· 51 days ···`` marker. |
    | `timeline-list--now` | The "now" row. |
    | `timeline-list--time` | An event's time column. |
    | `timeline-list--title` | An event's title. |
    | `timeline-list--actors` | The compact list of actors. |
    | `timeline-list--marker` | The ▸/▾ fold marker of a parent event. |
    | `timeline-list--via` | The hidden parent named after a flattened agenda item. |
    | `timeline-list--cursor` | The row under the cursor (which also starts with ``▌``). |
    | `timeline-list--empty` | The message shown when nothing matches. |
    """

    # only what the list needs to work (one line per row, no sideways scrolling); its looks,
    # the parts above among them, are in the app's stylesheet
    DEFAULT_CSS = """
    TimelineList {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
    }
    """

    cursor: reactive[int] = reactive(-1, always_update=False, init=False)
    """Index of the row under the cursor (always an event row), or -1 when there is none."""

    @dataclass
    class TimelineListMessage(Message):
        """What every message of the list carries: the list it came from."""

        timeline_list: TimelineList
        """The list that sent the message."""

        @property
        def control(self) -> TimelineList:
            """The list that sent the message (what ``@on(..., "#selector")`` matches)."""
            return self.timeline_list

    @dataclass
    class EventHighlighted(TimelineListMessage):
        """The cursor moved to another event. Fast moves coalesce into the latest one."""

        event_id: str | None
        """Id of the event under the cursor, or ``None`` when there is none."""

        def can_replace(self, message: Message) -> bool:
            """A newer highlight from the same list makes an older one pointless."""
            return (
                isinstance(message, TimelineList.EventHighlighted)
                and message.timeline_list is self.timeline_list
            )

    @dataclass
    class FoldRequested(TimelineListMessage):
        """The user asked to fold or unfold the agenda under an event."""

        event_id: str
        """Id of the parent event whose agenda is to be folded or unfolded."""

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Create an empty list; give it rows with :meth:`set_rows`.

        Args:
            name: The widget's name.
            id: The widget's id in the DOM.
            classes: Space-separated CSS classes.
        """
        super().__init__(name=name, id=id, classes=classes)
        self._rows = RowList()
        self._timeline: Timeline | None = None
        self._cache: LRUCache[tuple[int, bool], Strip] = LRUCache(1024)
        # the same lines by what they show, kept across views: typing on in search mostly
        # shows rows already drawn, at other indexes
        self._drawn: LRUCache[RowKey, Strip] = LRUCache(1024)
        # the rich styles lines are drawn with, by component class ("" for the widget's
        # own): worked out by Textual from the stylesheet on each call, so kept as long
        # as the drawn lines are
        self._styles: dict[str, Style] = {}
        self._cache_width = 0
        self._now: tuple[int, str] | None = None  # a newer "now" than the rows'
        self.empty_message = "No events."
        """Shown when there are no rows."""

    # --- data ---------------------------------------------------------------------------
    @property
    def rows(self) -> RowList:
        """The rows being shown."""
        return self._rows

    @property
    def painted(self) -> bool:
        """Whether the rows now shown have been drawn since they were set.

        False from :meth:`set_rows` (or a resize or restyle) until the compositor renders a
        line of them, so a caller (the benchmark) can tell a change that is on screen from
        one only in memory. An empty list counts as painted: it draws only its message.
        """
        return not self._rows.rows or len(self._cache) > 0

    @property
    def highlighted_event_id(self) -> str | None:
        """Id of the event under the cursor, if any."""
        if 0 <= self.cursor < len(self._rows):
            event = self._rows.rows[self.cursor].event
            return event.id if event else None
        return None

    def set_rows(self, rows: RowList, timeline: Timeline, keep: str | None = None) -> None:
        """Show new rows, keeping the cursor on ``keep`` (an event id) where it still is.

        The cursor keeps its place on screen too, so a reload or a new filter does not
        make the view jump. When ``keep`` is gone, the cursor goes to the event nearest
        in time to the one it was on.

        Args:
            rows: The rows to show.
            timeline: The timeline the rows come from (for actor names).
            keep: Id of the event to keep under the cursor.
        """
        old_cursor = self.cursor
        offset_on_screen = old_cursor - self.scroll_offset.y if old_cursor >= 0 else None
        old_event = self._rows.rows[old_cursor].event if 0 <= old_cursor < len(self._rows) else None
        self._rows = rows
        if timeline is not self._timeline:  # actor names, events: all may differ
            self._drawn.clear()
        self._timeline = timeline
        self._now = None
        self._cache.clear()
        self.set_content_size(Size(self._content_width(), len(rows)))
        target: int | None = None
        if keep is not None:
            target = rows.row_of.get(keep)
        if target is None and old_event is not None:  # gone: the event nearest in time
            target = rows.row_nearest_time(old_event.sort_key)
        if target is None:
            target = rows.nearest_event_row(0)
        new_cursor = -1 if target is None else target
        if offset_on_screen is not None and new_cursor >= 0:
            self.scroll_to(y=max(0, new_cursor - offset_on_screen), animate=False)
        changed = new_cursor != self.cursor
        self.set_reactive(TimelineList.cursor, new_cursor)
        self.refresh_bindings()
        self._scroll_to_cursor()
        self.refresh()
        if changed or keep != self.highlighted_event_id:
            self.post_message(self.EventHighlighted(self, self.highlighted_event_id))

    def show_now(self, now_utc: int, label: str) -> None:
        """Relabel the "now" row for a later time that has not moved it (no rebuild).

        Args:
            now_utc: The time now (UTC seconds).
            label: The row's new text.
        """
        self._now = (now_utc, label)
        row = self._rows.now_row
        if row is not None:
            self._cache.discard((row, True))
            self._cache.discard((row, False))
            self.refresh()

    def select_event(self, event_id: str) -> bool:
        """Move the cursor to an event.

        Args:
            event_id: The event's id.

        Returns:
            False when the event has no row in the current view.
        """
        index = self._rows.row_of.get(event_id)
        if index is None:
            return False
        self.cursor = index
        return True

    # --- cursor -------------------------------------------------------------------------
    def _expandable(self, index: int) -> bool:
        return 0 <= index < len(self._rows) and self._rows.rows[index].expandable

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer "Fold" only on events that have an agenda."""
        if action == "fold":
            return self._expandable(self.cursor)
        return True

    def watch_cursor(self, old: int, new: int) -> None:
        if self._expandable(old) != self._expandable(new):
            self.refresh_bindings()
        for index in (old, new):
            self._cache.discard((index, True))
            self._cache.discard((index, False))
            if index >= 0:
                self.refresh_line(index)
        jump = abs(new - old) >= self.scrollable_content_region.height
        self._scroll_to_cursor(center=jump)
        self.post_message(self.EventHighlighted(self, self.highlighted_event_id))

    def _scroll_to_cursor(self, *, center: bool = False) -> None:
        """Bring the cursor into view: just enough for a step, centred after a jump."""
        if self.cursor < 0:
            return
        height = self.scrollable_content_region.height
        if height <= 0:
            return
        top = self.scroll_offset.y
        first = self.cursor
        # show the heading above the first event of a day as well
        while first > 0 and first > self.cursor - 2 and not self._rows.rows[first - 1].is_event:
            first -= 1
        if first < top or self.cursor >= top + height:
            if center:
                self.scroll_to(y=max(0, self.cursor - height // 2), animate=False)
            elif first < top:
                self.scroll_to(y=first, animate=False)
            else:
                self.scroll_to(y=self.cursor - height + 1, animate=False)

    def _move(self, start: int, direction: int) -> None:
        target = self._rows.nearest_event_row(start, direction)
        if target is not None:
            self.cursor = target

    def action_cursor_up(self) -> None:
        """Move to the previous event."""
        if self.cursor > 0:
            self._move(self.cursor - 1, -1)

    def action_cursor_down(self) -> None:
        """Move to the next event."""
        rows = self._rows.event_rows
        if rows and self.cursor < rows[-1]:
            self._move(self.cursor + 1, 1)

    def action_page_up(self) -> None:
        """Move up a page."""
        page = max(1, self.scrollable_content_region.height - 1)
        self._move(max(0, self.cursor - page), 1 if self.cursor - page <= 0 else -1)

    def action_page_down(self) -> None:
        """Move down a page."""
        page = max(1, self.scrollable_content_region.height - 1)
        self._move(min(len(self._rows) - 1, self.cursor + page), 1)
        if self._rows.event_rows and self.cursor + page >= len(self._rows):
            self.cursor = self._rows.event_rows[-1]

    def action_first(self) -> None:
        """Move to the first event."""
        if self._rows.event_rows:
            self.cursor = self._rows.event_rows[0]
            self.scroll_to(y=0, animate=False)

    def action_last(self) -> None:
        """Move to the last event."""
        if self._rows.event_rows:
            self.cursor = self._rows.event_rows[-1]

    def _period_of(self, row: Row, month: bool) -> tuple[int, int, int] | None:
        """The row's day (or month), or ``None`` for rows day jumps pass over.

        Agenda items are passed over: they sit under their parent, out of calendar order.
        """
        day = row.day
        if day is None or row.depth > 0:
            return None
        return (day.year, day.month, 0 if month else day.day)

    def _jump_period(self, direction: int, month: bool) -> None:
        """First event of the next (or previous) day or month that has events."""
        rows = self._rows.rows
        if self.cursor < 0:
            return
        cursor_row = rows[self.cursor]
        if cursor_row.day is None:
            return
        here = (cursor_row.day.year, cursor_row.day.month, 0 if month else cursor_row.day.day)
        event_rows = self._rows.event_rows
        # from the cursor on: the rows of a big view are made as they are read
        if direction > 0:
            for at in range(bisect_right(event_rows, self.cursor), len(event_rows)):
                index = event_rows[at]
                period = self._period_of(rows[index], month)
                if period is not None and period > here:
                    self.cursor = index
                    return
            return
        target: tuple[int, int, int] | None = None
        found: int | None = None
        for at in range(bisect_left(event_rows, self.cursor) - 1, -1, -1):
            index = event_rows[at]
            period = self._period_of(rows[index], month)
            if period is None:
                continue
            if target is None and period < here:
                target = period
            if target is not None:
                if period == target:
                    found = index
                elif period < target:
                    break
        if found is not None:
            self.cursor = found

    def action_previous_day(self) -> None:
        """First event of the previous day with events."""
        self._jump_period(-1, month=False)

    def action_next_day(self) -> None:
        """First event of the next day with events."""
        self._jump_period(1, month=False)

    def action_previous_month(self) -> None:
        """First event of the previous month with events."""
        self._jump_period(-1, month=True)

    def action_next_month(self) -> None:
        """First event of the next month with events."""
        self._jump_period(1, month=True)

    def action_jump_now(self) -> None:
        """Move to the event nearest to now."""
        now_utc = self._now[0] if self._now is not None else self._rows.now_utc
        target = self._rows.row_nearest_time(now_utc)
        if target is not None:
            self.cursor = target

    def action_fold(self) -> None:
        """Fold or unfold the agenda under the event at the cursor."""
        if 0 <= self.cursor < len(self._rows):
            row = self._rows.rows[self.cursor]
            if row.event is not None and row.expandable:
                self.post_message(self.FoldRequested(self, row.event.id))

    # --- mouse --------------------------------------------------------------------------
    def on_click(self, event: events.Click) -> None:
        """Select the clicked event; a click on a fold marker (or a double click) folds."""
        index = event.y + self.scroll_offset.y
        if not 0 <= index < len(self._rows):
            return
        row = self._rows.rows[index]
        if row.event is None:
            return
        self.cursor = index
        marker_at = 1 + 2 * row.depth
        on_marker = marker_at <= event.x < marker_at + _MARKER_WIDTH
        if row.expandable and (on_marker or event.chain == 2):
            self.post_message(self.FoldRequested(self, row.event.id))

    # --- rendering ----------------------------------------------------------------------
    def _content_width(self) -> int:
        return max(1, self.scrollable_content_region.width)

    def notify_style_update(self) -> None:
        """Forget rendered lines when styles change (theme, focus)."""
        super().notify_style_update()
        self._forget_lines()

    def on_resize(self, event: events.Resize) -> None:
        """Re-fit the rows to the new width and keep the cursor in view."""
        self._forget_lines()
        self.set_content_size(Size(self._content_width(), len(self._rows)))
        self._scroll_to_cursor()

    def render_line(self, y: int) -> Strip:
        """Draw one visible line (``y`` counts from the top of the view)."""
        index = self.scroll_offset.y + y
        width = self._content_width()
        if width != self._cache_width:
            self._forget_lines()
            self._cache_width = width
        if not self._rows.rows:
            if y == 1:
                style = self.get_component_rich_style("timeline-list--empty")
                message = visible(self.empty_message, one_line=True)
                return self._strip(Text("  " + message, style=style), width)
            return Strip.blank(width, self.rich_style)
        if index >= len(self._rows):
            return Strip.blank(width, self.rich_style)
        key = (index, index == self.cursor)
        cached = self._cache.get(key)
        if cached is None:
            row = self._rows.rows[index]
            shows = self._row_key(row, key[1])
            cached = self._drawn.get(shows) if shows is not None else None
            if cached is None:
                cached = self._render_row(row, key[1], width)
                if shows is not None:
                    self._drawn[shows] = cached
            self._cache[key] = cached
        return cached

    def _forget_lines(self) -> None:
        """Forget every drawn line (the width, the style or the size changed)."""
        self._cache.clear()
        self._drawn.clear()
        self._styles.clear()

    def _style(self, component: str = "") -> Style:
        """The rich style of a component class, or of the list itself for ``""``."""
        style = self._styles.get(component)
        if style is None:
            style = self.get_component_rich_style(component) if component else self.rich_style
            self._styles[component] = style
        return style

    def _row_key(self, row: Row, under_cursor: bool) -> RowKey | None:
        """What decides how ``row`` is drawn at this width, timeline and style (which the
        cache of drawn lines is cleared for); ``None`` for the "now" row, relabelled in
        place."""
        if row.kind is RowKind.NOW:
            return None
        event = id(row.event) if row.event is not None else 0  # the timeline keeps it alive
        shape = (row.depth, row.time, row.expandable, row.expanded, row.via)
        return (row.kind, row.text, event, shape, self._rows.time_width, under_cursor)

    def _strip(self, text: Text, width: int) -> Strip:
        text.truncate(width, overflow="ellipsis", pad=True)
        base = self._style()
        segments = list(text.render(self.app.console))
        return Strip(segments, width).apply_style(base) if segments else Strip.blank(width, base)

    def _render_row(self, row: Row, under_cursor: bool, width: int) -> Strip:
        style = self._style
        indent = "  " * row.depth
        if row.kind is RowKind.DIVIDER:
            label = f" {indent}{visible(row.text, one_line=True)} "
            rule = "─" * max(0, width - cell_len(label) - 1)
            text = Text(f"{label}{rule}", style=style("timeline-list--divider"))
        elif row.kind is RowKind.GAP:
            pad = " " * (1 + _MARKER_WIDTH + self._rows.time_width + 2)
            text = Text(f"{pad}{row.text}", style=style("timeline-list--gap"))
        elif row.kind is RowKind.NOW:
            label = f"━━ {self._now[1] if self._now is not None else row.text} "
            text = Text(label + "━" * max(0, width - cell_len(label)), style("timeline-list--now"))
        else:
            text = self._event_text(row, width, under_cursor)
            if under_cursor:
                text.truncate(width, overflow="ellipsis", pad=True)
                text.stylize(style("timeline-list--cursor"))
        return self._strip(text, width)

    def _event_text(self, row: Row, width: int, under_cursor: bool = False) -> Text:
        style = self._style
        event = row.event
        assert event is not None
        marker = ("▾ " if row.expanded else "▸ ") if row.expandable else "  "
        left = Text.assemble(
            (CURSOR_GLYPH if under_cursor else " ") + "  " * row.depth,
            (marker, style("timeline-list--marker")),
            (row.time.ljust(self._rows.time_width), style("timeline-list--time")),
            "  ",
        )
        room = width - left.cell_len - 1
        # text from the file is data: shown as it is, never obeyed by the terminal
        title = Text(visible(event.title, one_line=True), style=style("timeline-list--title"))
        if row.via:
            title.append(f"  ‹ {visible(row.via, one_line=True)}", style("timeline-list--via"))
        # the title comes first: the hint gets what the title leaves, or a fifth of the room
        hint_room = max(room - title.cell_len - 2, room // 5)
        names = (
            actor_hint(event, self._timeline, short_names=True, width=hint_room)
            if self._timeline
            else ""
        )
        hint = Text(visible(names, one_line=True), style=style("timeline-list--actors"))
        hint_room = min(hint.cell_len, hint_room)
        if hint_room < min(hint.cell_len, 6):
            hint_room = 0  # too little room for a useful hint
        title.truncate(max(0, room - (hint_room + 2 if hint_room else 0)), overflow="ellipsis")
        text = Text.assemble(left, title)
        if hint_room:
            hint.truncate(hint_room, overflow="ellipsis")
            text.append(" " * (room - title.cell_len - hint_room))
            text.append_text(hint)
        return text
