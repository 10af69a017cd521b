"""The timeline list's rows, built from events in plain Python (no Textual here).

The explorer's list is a virtualised view of one-line rows. This module decides what those
rows are: day (or month) dividers, events with their time in the display zone, agenda
items indented under their parent, a gap marker between events far apart, and a "now"
marker where the clock says today falls. Building is one pass over the events, in an
order :mod:`tui.app.row_layout` worked out once per zone, so 100,000 events take a
fraction of a second, and it runs in a worker thread.

Rules kept throughout:

* an :class:`~tui.core.model.Instant` is placed on the day it falls on in the display zone
  and shows its wall-clock time there (``08:30``);
* a :class:`~tui.core.model.CalendarDate` keeps the day, month or year it names and shows
  ``all day``, ``2014-02`` or ``2014``: never a made-up midnight;
* when a filter hides a parent but matches one of its agenda items, the item is shown at
  the top level in its own time order (flattened), and names the hidden parent in a
  dimmed hint (``Row.via``): every event row in a filtered view is a match.
"""

from __future__ import annotations

import enum
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from tui.app.row_layout import (
    CHECK_EVERY,
    INSTANT_RANK,
    Bucket,
    BuildStopped,
    Granularity,
    ZoneLayout,
    ZoneLayoutCache,
    bucket_of_day,
    choose_granularity,
)
from tui.core.display import date_text, time_text
from tui.core.localtime import local_datetime
from tui.core.model import Event, Instant, Timeline

__all__ = [
    "GAP_DAYS",
    "BuildStopped",
    "Granularity",
    "Row",
    "RowKind",
    "RowList",
    "bucket_label",
    "build_rows",
    "choose_granularity",
    "gap_label",
    "humanise_days",
]

GAP_DAYS = 7
"""Events further apart than this many days get a gap marker between them."""

_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class RowKind(enum.Enum):
    """What a row of the list shows."""

    DIVIDER = "divider"
    """A day, month or year heading."""
    GAP = "gap"
    """``··· 51 days ···`` between events far apart."""
    NOW = "now"
    """Where the current time falls."""
    EVENT = "event"
    """One event (the only kind the cursor stops on)."""


@dataclass(slots=True)
class Row:
    """One line of the timeline list.

    Rows are treated as immutable; the dataclass is not frozen only because frozen
    dataclasses are several times slower to create, and a view may hold 200,000 rows.

    Attributes:
        kind: What the row shows.
        text: The label of a divider, gap or now row.
        event: The event of an event row.
        depth: Nesting: 0 for top-level rows, 1 for agenda items, and so on.
        time: The event's time column (``08:30``, ``all day``, ``2014-02``).
        day: The event's first day in the display zone (calendar dates: the first day
            they name). Used by day and month navigation.
        expandable: The event has agenda items in this view.
        expanded: Its agenda items are shown (meaningful when ``expandable``).
        via: Title of the parent event when the parent is hidden by the filter and this
            agenda item is shown at the top level in its place; ``""`` otherwise.
    """

    kind: RowKind
    text: str = ""
    event: Event | None = None
    depth: int = 0
    time: str = ""
    day: date | None = None
    expandable: bool = False
    expanded: bool = False
    via: str = ""

    @property
    def is_event(self) -> bool:
        """True for event rows, the rows a cursor may rest on."""
        return self.kind is RowKind.EVENT


@dataclass(slots=True, repr=False)
class RowList:
    """The rows of one view of a timeline, with lookups the list widget needs.

    Attributes:
        rows: Every row, top to bottom.
        event_rows: Indexes (into ``rows``) of event rows, ascending.
        row_of: Event id to the index of its row.
        time_width: Width of the widest time label, so the column lines up.
        now_row: Index of the "now" row, or ``None`` when there is none.
        matched: How many events matched the filter (every event row is a match).
        granularity: Whether dividers are days or months.
        now_utc: The time the "now" row stands for (UTC seconds).
    """

    rows: list[Row] = field(default_factory=list)
    event_rows: list[int] = field(default_factory=list)
    row_of: dict[str, int] = field(default_factory=dict)
    time_width: int = 5
    now_row: int | None = None
    matched: int = 0
    granularity: Granularity = Granularity.DAY
    now_utc: int = 0

    def __len__(self) -> int:
        return len(self.rows)

    def __repr__(self) -> str:
        return f"<RowList {len(self.rows)} rows, {len(self.event_rows)} events>"

    def nearest_event_row(self, index: int, direction: int = 1) -> int | None:
        """The event row at ``index``, else the nearest one in ``direction`` (then the other).

        Args:
            index: A row index (clamped to the rows).
            direction: ``1`` to look down first, ``-1`` to look up first.

        Returns:
            A row index, or ``None`` when there are no event rows.
        """
        event_rows = self.event_rows
        if not event_rows:
            return None
        at = bisect_left(event_rows, index)
        below = event_rows[at] if at < len(event_rows) else None
        above = event_rows[at - 1] if at > 0 else None
        if below == index:
            return index
        first, second = (below, above) if direction > 0 else (above, below)
        return first if first is not None else second

    def row_nearest_time(self, utc: int) -> int | None:
        """The row of the event (top level or not) whose start is nearest to ``utc``."""
        best: int | None = None
        best_distance = 0
        for index in self.event_rows:
            event = self.rows[index].event
            assert event is not None
            distance = abs(event.sort_key - utc)
            if best is None or distance < best_distance:
                best, best_distance = index, distance
        return best

    def add(self, row: Row) -> None:
        """Append a row, keeping the lookups up to date."""
        if row.event is not None:
            self.event_rows.append(len(self.rows))
            self.row_of[row.event.id] = len(self.rows)
            if len(row.time) > self.time_width:
                self.time_width = len(row.time)
        elif row.kind is RowKind.NOW:
            self.now_row = len(self.rows)
        self.rows.append(row)


# --- labels -----------------------------------------------------------------------------


def humanise_days(days: int) -> str:
    """A gap's length for people: ``51 days``, ``5 months``, ``3 years 6 months``.

    Args:
        days: Calendar days between two events.

    Returns:
        The text.
    """
    if days < 90:
        return f"{days} days"
    months = round(days / 30.4375)
    if months < 24:
        return f"{months} months"
    years, rest = divmod(months, 12)
    if rest == 0:
        return f"{years} years"
    return f"{years} years {rest} month{'s' if rest != 1 else ''}"


def now_label(now_utc: int, zone: str) -> str:
    """The text of the "now" row: ``now · Wed 20 Aug 2025 10:26 EDT``."""
    return "now · " + time_text(Instant(now_utc, zone), zone, with_date=True)


def gap_label(days: int) -> str:
    """The text of a gap row: ``··· 51 days ···``."""
    return f"··· {humanise_days(days)} ···"


def bucket_label(bucket: Bucket) -> str:
    """A divider's text: ``Fri 15 Aug 2025``, ``August 2025`` or ``2014``."""
    year, month, day = bucket
    if day:
        return date_text(date(year, month, day))
    if month:
        return f"{_MONTH_NAMES[month - 1]} {year:04d}"
    return f"{year:04d}"


# --- building ---------------------------------------------------------------------------


def build_rows(
    timeline: Timeline,
    *,
    zone: str,
    now_utc: int,
    matches: Sequence[int] | None = None,
    collapsed: Collection[str] = (),
    granularity: Granularity | None = None,
    gap_days: int = GAP_DAYS,
    placements: ZoneLayoutCache | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> RowList:
    """The rows showing ``timeline`` in ``zone``, in O(n log n) with small constants.

    Events are ordered as a calendar shows them in the display zone: by their first day
    there, then years before months before whole days before clock times (the coarser
    value heads the group it spans), then by time. Without this, an all-day event in a
    zone far from the display zone would sort into the previous day's clock times and
    split a day under two headings.

    Args:
        timeline: The timeline.
        zone: Canonical key of the display zone.
        now_utc: The current time (UTC seconds), for the "now" row.
        matches: Positions (into ``timeline.events``) of the events that passed the
            filter, or ``None`` for all of them.
        collapsed: Ids of parents whose agenda items are hidden.
        granularity: Day or month dividers (default: :func:`choose_granularity`).
        gap_days: Show a gap row between events more than this many days apart.
        placements: The layout cache to reuse (for this zone and grouping); a fresh one
            otherwise.
        should_stop: Asked every few thousand events; when it says yes the build is
            abandoned (a worker whose result nobody wants any more stops early).

    Returns:
        The rows and their lookups.

    Raises:
        BuildStopped: ``should_stop`` said yes.
    """
    grouping = granularity or choose_granularity(timeline)
    cache = placements if placements is not None else ZoneLayoutCache(zone, grouping)
    if (cache.zone, cache.granularity) != (zone, grouping):
        raise ValueError("placements were made for another zone or grouping")
    layout = cache.layout(timeline, should_stop)
    view = (timeline, layout, zone, grouping, now_utc, gap_days, collapsed)
    if matches is not None:
        shown = set(matches)
        return _RowBuilder(*view).build(_shown_at_top_level(layout, shown), shown, should_stop)
    unfiltered_key = (frozenset(collapsed), now_utc, gap_days)
    rows = layout.unfiltered.get(unfiltered_key)
    if rows is None:  # row lists are never changed once built: a cached one is as good
        rows = _RowBuilder(*view).build(layout.top_all, None, should_stop)
        if len(layout.unfiltered) >= 4:
            layout.unfiltered.clear()
        layout.unfiltered[unfiltered_key] = rows
    return rows


def _shown_at_top_level(layout: ZoneLayout, shown: set[int]) -> list[int]:
    """Positions of the matches shown at the top level (their parent did not match).

    Returns:
        The positions, in calendar order.
    """
    if len(shown) * 8 < len(layout.order):  # few matches: sort them rather than scan all
        candidates: Iterable[int] = sorted(shown, key=layout.rank.__getitem__)
    else:
        candidates = (p for p in layout.order if p in shown)
    parent_pos = layout.parent_pos
    return [p for p in candidates if parent_pos[p] < 0 or parent_pos[p] not in shown]


class _RowBuilder:
    """One build of one view's rows: what it shows, and the rows made so far.

    :meth:`build` is the one pass over the top-level events; the loop's state (the
    current divider, the last day seen) lives in its local variables, and the common row
    (an event no filter or fold changes) is added inline, as a call per event would cost
    a tenth of the time at 100,000 events.
    """

    __slots__ = (
        "events",
        "gap_days",
        "hidden_parents",
        "layout",
        "now",
        "now_bucket",
        "now_ord",
        "out",
    )

    def __init__(
        self,
        timeline: Timeline,
        layout: ZoneLayout,
        zone: str,
        grouping: Granularity,
        now_utc: int,
        gap_days: int,
        collapsed: Collection[str],
    ) -> None:
        self.events = timeline.events
        self.layout = layout
        self.gap_days = gap_days
        self.hidden_parents = set(collapsed)
        self.out = RowList(granularity=grouping, now_utc=now_utc)
        now_day = local_datetime(now_utc, zone).date()
        self.now_bucket = bucket_of_day(now_day, grouping is Granularity.MONTH)
        self.now_ord = now_day.toordinal()
        self.now = Row(RowKind.NOW, now_label(now_utc, zone), day=now_day)

    def build(
        self, top: Iterable[int], shown: set[int] | None, should_stop: Callable[[], bool] | None
    ) -> RowList:
        """Add the rows of ``top`` (and their agendas) and the "now" row.

        Args:
            top: Positions of the events shown at the top level, in calendar order.
            shown: Positions of every event the view shows, or ``None`` for all of them.
            should_stop: See :func:`build_rows`.

        Raises:
            BuildStopped: ``should_stop`` said yes.
        """
        out, layout, events, hidden = self.out, self.layout, self.events, self.hidden_parents
        out.matched = len(events) if shown is None else len(shown)
        rows, event_rows, row_of, add = out.rows, out.event_rows, out.row_of, out.add
        keys, placed, plain_rows, ids = layout.keys, layout.placed, layout.plain_rows, layout.ids
        day_ord, last_ord, simple = layout.day_ord, layout.last_ord, layout.simple
        gap_days, gap_row, divider = self.gap_days, self._gap_row, self._divider
        now_day = self.now.day
        assert now_day is not None
        now_key = (now_day, INSTANT_RANK, out.now_utc, -1)
        now_pending = True
        current: Bucket | None = None  # the divider the last row is under
        last_seen = -1  # ordinal of the last day seen so far; -1 before the first event
        time_width = out.time_width
        for count, p in enumerate(top, 1):
            if should_stop is not None and not count % CHECK_EVERY and should_stop():
                raise BuildStopped
            bucket = placed[p][2]
            if now_pending and keys[p] > now_key:
                now_pending = False
                current, last_seen = self._add_now(current, last_seen, self.now_bucket == bucket)
            if last_seen >= 0 and day_ord[p] - last_seen > gap_days:
                add(gap_row(day_ord[p] - last_seen))
            if bucket != current:
                add(divider(bucket))
                current = bucket
            if simple[p] and not (hidden and ids[p] in hidden):
                row = plain_rows[p]  # a row no filter or fold changes: built once
                if row is None:
                    day, time, _bucket = placed[p]
                    row = plain_rows[p] = Row(
                        RowKind.EVENT, "", events[p], 0, time, day, False, True
                    )
                if len(row.time) > time_width:
                    time_width = len(row.time)
                row_of[ids[p]] = len(rows)
                event_rows.append(len(rows))
                rows.append(row)
                seen = last_ord[p]
            else:
                seen = self._add_event(p, 0, shown)
            if seen > last_seen:
                last_seen = seen
        out.time_width = max(out.time_width, time_width)
        if now_pending and event_rows:
            self._add_now(current, last_seen, True)
        return out

    def _add_now(
        self, current: Bucket | None, last_seen: int, headed: bool
    ) -> tuple[Bucket | None, int]:
        """Add the "now" row, after a gap row if one is due, under its divider if ``headed``.

        Args:
            current: The divider the last row is under.
            last_seen: The last day seen so far (an ordinal; -1 before the first event).
            headed: Give the "now" row its own day's (or month's) divider if not under it.

        Returns:
            The divider the rows are now under, and the last day seen.
        """
        now_ord = self.now_ord
        if last_seen >= 0 and now_ord - last_seen > self.gap_days:
            self.out.add(self._gap_row(now_ord - last_seen))
        if headed and self.now_bucket != current:
            current = self.now_bucket
            self.out.add(self._divider(current))
        self.out.add(self.now)
        return current, max(last_seen, now_ord)

    def _add_event(self, p: int, depth: int, shown: set[int] | None) -> int:
        """Add an event row and, unless folded, its agenda's rows.

        Args:
            p: The event's position.
            depth: Its nesting in the list (0 at the top level).
            shown: Positions of every event the view shows, or ``None`` for all.

        Returns:
            The last day seen (an ordinal), agenda included.
        """
        layout, out = self.layout, self.out
        day, time, bucket = layout.placed[p]
        kids = layout.kids.get(p)
        if kids is not None and shown is not None:
            kids = [k for k in kids if k in shown]
        event_id = layout.ids[p]
        expanded = event_id not in self.hidden_parents
        parent = layout.parent_pos[p]
        via = self.events[parent].title if depth == 0 and parent >= 0 else ""
        rows = out.rows
        out.row_of[event_id] = len(rows)  # RowList.add, inlined: called for every agenda item
        out.event_rows.append(len(rows))
        if len(time) > out.time_width:
            out.time_width = len(time)
        event = self.events[p]
        rows.append(Row(RowKind.EVENT, "", event, depth, time, day, bool(kids), expanded, via))
        seen = layout.last_ord[p]
        if kids and expanded:
            heading = bucket
            for kid in kids:
                kid_bucket = layout.placed[kid][2]
                if kid_bucket != heading:  # an agenda spanning several days
                    heading = kid_bucket
                    out.add(Row(RowKind.DIVIDER, bucket_label(heading), depth=depth + 1))
                seen = max(seen, self._add_event(kid, depth + 1, shown))
        return seen

    def _divider(self, bucket: Bucket) -> Row:
        """The divider row of ``bucket`` (one per layout, shared by every view)."""
        row = self.layout.dividers.get(bucket)
        if row is None:
            row = self.layout.dividers[bucket] = Row(RowKind.DIVIDER, bucket_label(bucket))
        return row

    def _gap_row(self, days: int) -> Row:
        """The gap row for ``days`` days (one per layout, shared by every view)."""
        row = self.layout.gaps.get(days)
        if row is None:
            row = self.layout.gaps[days] = Row(RowKind.GAP, gap_label(days))
        return row
