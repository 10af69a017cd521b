"""Where each event goes in the list, in one display zone: worked out once, reused per filter.

Placing an event (its first day, its time label, its divider) needs a time-zone conversion,
the costly part of building rows. It depends only on the zone and the grouping, never on a
filter or on folding, so a :class:`ZoneLayoutCache` works it out once per loaded timeline
and zone, together with the calendar order of all events and who is whose agenda item
(a :class:`ZoneLayout`). Each keystroke of a search then only walks the events it shows.

Plain Python: no Textual here (see :mod:`tui.app.rows`, which builds the rows from this).
"""

from __future__ import annotations

import enum
import operator
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from tui.app.layout_store import Places, load_places, store_places
from tui.core.display import WEEKDAYS
from tui.core.localtime import covered_days, local_datetime
from tui.core.model import CalendarDate, Instant, Precision, Timeline
from tui.core.zones import get_tzinfo

if TYPE_CHECKING:  # rows are only stored here, never made: no import cycle at run time
    from tui.app.row_arrays import LayoutArrays
    from tui.app.rows import Row, RowList


class Granularity(enum.Enum):
    """How events are grouped under dividers."""

    DAY = "day"
    MONTH = "month"


def choose_granularity(timeline: Timeline) -> Granularity:
    """Day dividers, unless the events are so sparse that most days hold only one.

    Sparse data spread over more than a year reads better under month dividers: a
    timeline of one event a month would otherwise be half dividers. Decided on the whole
    timeline (by each event's own calendar day), so filtering never changes the grouping.

    Args:
        timeline: The loaded timeline.

    Returns:
        The grouping to use.
    """
    top = [e for e in timeline.events if e.parent is None]
    if len(top) < 2:
        return Granularity.DAY
    span_days = (top[-1].sort_key - top[0].sort_key) // 86_400
    days = {e.sort_key // 86_400 for e in top}
    sparse = len(days) >= 0.8 * len(top)
    return Granularity.MONTH if sparse and span_days > 366 else Granularity.DAY


class BuildStopped(Exception):
    """Building rows (or their layout) was asked to stop before it finished."""


CHECK_EVERY = 4096
"""Events between two ``should_stop`` questions."""

# --- placing one event ------------------------------------------------------------------

Bucket = tuple[int, int, int]
"""A divider's identity: (year, month, day), with 0 for the parts it does not have."""

Placed = tuple[date, str, Bucket]
"""Where one event goes: its first local day, its time label and its divider."""

CalendarKey = tuple[date, int, int, int]
"""Calendar order in the display zone: first day, precision rank, UTC time, file order."""

INSTANT_RANK = 3
"""Where clock times sort among a day's values: after years, months and whole days."""
_RANKS = {Precision.YEAR: 0, Precision.MONTH: 1, Precision.DAY: 2}

_CLOCKS = [f"{hour:02d}:{minute:02d}" for hour in range(24) for minute in range(60)]
"""``HH:MM`` by minute of the day: made once, shared by every row (faster than formatting)."""


def bucket_number(bucket: Bucket) -> int:
    """A divider as one number (``20250815``, ``20250800``, ``20140000``): equal for equal
    dividers, so a C-level pass can compare them."""
    year, month, day = bucket
    return year * 10_000 + month * 100 + day


def bucket_of_day(day: date, by_month: bool) -> Bucket:
    """The divider a day falls under."""
    return (day.year, day.month, 0) if by_month else (day.year, day.month, day.day)


def place_instant(local: datetime, by_month: bool) -> Placed:
    """Where an event starting at an instant goes, given its start's local time."""
    day = local.date()
    clock = _CLOCKS[local.hour * 60 + local.minute]
    if by_month:
        return (
            day,
            f"{WEEKDAYS[day.weekday()]} {day.day:2d}  {clock}",
            (day.year, day.month, 0),
        )
    return day, clock, (day.year, day.month, day.day)


def place_date(start: CalendarDate, by_month: bool) -> Placed:
    """Where an event starting on a calendar date goes."""
    day = start.first_day()
    if start.precision is Precision.YEAR:
        return day, start.iso(), (start.year, 0, 0)
    if start.precision is Precision.MONTH:
        return day, start.iso(), (day.year, day.month, 0)
    if by_month:
        return day, f"{WEEKDAYS[day.weekday()]} {day.day:2d}  all day", (day.year, day.month, 0)
    return day, "all day", (day.year, day.month, day.day)


Shape = tuple[int, int, int, int]
"""An event's rows with its agenda: how many rows, how many of them events, the last day
they cover (an ordinal) and the widest time label among them."""


# --- the layout of a whole timeline -----------------------------------------------------


@dataclass(slots=True)
class ZoneLayout:
    """Everything about a timeline's rows in one zone that no filter or folding changes.

    Lists are indexed by an event's position in ``timeline.events``. Worked out once per
    timeline and zone (O(n log n)); each filter or fold after that only walks the events it
    shows, in an order already known. The row caches are only ever added to.
    """

    keys: list[CalendarKey]  # position -> its calendar order key
    placed: list[Placed]  # position -> its first day, time label and divider
    order: list[int]  # every position, in calendar order in the display zone
    rank: list[int]  # position -> its index in ``order``
    parent_pos: list[int]  # position -> its parent's position, or -1
    kids: dict[int, list[int]]  # parent position -> its agenda items, in calendar order
    plain_rows: list[Row | None]  # cached rows of events that never have agenda items
    ids: list[str]  # position -> event id
    day_ord: list[int]  # position -> the first day it covers, as an ordinal
    last_ord: list[int]  # position -> the last day it covers (see covered_days)
    simple: list[bool]  # position -> neither an agenda item nor a parent of one
    pos_of: dict[str, int]  # event id -> position
    buckets: list[Bucket]  # position -> its divider
    time_lens: bytes  # position -> the length of its time label
    # first and last days, dividers, label widths and the top level as arrays, by
    # position and in calendar order: what shaping a view passes over (row_arrays.py)
    arrays: LayoutArrays
    sort_keys: list[int]  # position -> its UTC sort key
    dividers: dict[Bucket, Row] = field(default_factory=dict)
    gaps: dict[int, Row] = field(default_factory=dict)
    # the unfiltered view, by (folded parents, now, gap days): taking back the last filter
    # shows it again at once
    unfiltered: dict[tuple[frozenset[str], int, int], RowList] = field(default_factory=dict)


def _place_all(
    timeline: Timeline, zone: str, by_month: bool, should_stop: Callable[[], bool] | None
) -> tuple[list[CalendarKey], list[Placed], list[int], list[int]]:
    """Each event's calendar key, placement, and first and last covered day (ordinals)."""
    keys: list[CalendarKey] = []
    placed_all: list[Placed] = []
    day_ord: list[int] = []
    last_ord: list[int] = []
    add_key, add_placed = keys.append, placed_all.append
    add_first, add_last = day_ord.append, last_ord.append
    for count, event in enumerate(timeline.events, 1):
        if should_stop is not None and not count % CHECK_EVERY and should_stop():
            raise BuildStopped
        start = event.start  # once: each access of a stored event builds the value
        local: datetime | None = None
        if isinstance(start, Instant):
            local = local_datetime(start.utc, zone)  # converted once, used twice
            placed = place_instant(local, by_month)
            rank = INSTANT_RANK
        else:
            placed = place_date(start, by_month)
            rank = _RANKS[start.precision]
        add_key((placed[0], rank, event.sort_key, event.order))
        add_placed(placed)
        first, last = covered_days(start, event.end, zone, local)
        add_first(first)
        add_last(last)
    return keys, placed_all, day_ord, last_ord


def place_all(
    timeline: Timeline, zone: str, by_month: bool, should_stop: Callable[[], bool] | None
) -> Places:
    """Each event's calendar key, placement and covered days, and the calendar order.

    Raises:
        BuildStopped: ``should_stop`` said yes.
    """
    keys, placed, day_ord, last_ord = _place_all(timeline, zone, by_month, should_stop)
    order = sorted(range(len(timeline.events)), key=keys.__getitem__)
    return keys, placed, day_ord, last_ord, order


def lay_out(
    timeline: Timeline,
    zone: str,
    by_month: bool,
    should_stop: Callable[[], bool] | None,
    places: Places | None = None,
) -> ZoneLayout:
    """The filter-independent layout of ``timeline`` in ``zone``.

    Args:
        timeline: The timeline.
        zone: Canonical key of the display zone.
        by_month: Month dividers (else day dividers).
        should_stop: Asked every few thousand events; yes abandons the layout.
        places: What :func:`place_all` gives, if known already (stored beside the cache
            entry: :mod:`tui.app.layout_store`).

    Raises:
        BuildStopped: ``should_stop`` said yes.
    """
    events = timeline.events
    if places is None:
        places = place_all(timeline, zone, by_month, should_stop)
    keys, placed, day_ord, last_ord, order = places
    rank = [0] * len(events)
    for i, p in enumerate(order):
        rank[p] = i
    pos_of = {e.id: p for p, e in enumerate(events)}
    parent_pos = [-1 if e.parent is None else pos_of.get(e.parent, -1) for e in events]
    kids: dict[int, list[int]] = {}
    for p in order:
        if parent_pos[p] >= 0:
            kids.setdefault(parent_pos[p], []).append(p)
    simple = [parent_pos[p] < 0 and p not in kids for p in range(len(events))]
    buckets = [where[2] for where in placed]
    time_lens = bytes(len(where[1]) for where in placed)
    not_simple = bytes(map(operator.not_, simple))
    numbers = list(map(bucket_number, buckets))
    from tui.app.row_arrays import layout_arrays  # NumPy: imported by the worker, not at start

    return ZoneLayout(
        keys=keys,
        placed=placed,
        order=order,
        rank=rank,
        parent_pos=parent_pos,
        kids=kids,
        plain_rows=[None] * len(events),
        ids=[e.id for e in events],
        day_ord=day_ord,
        last_ord=last_ord,
        simple=simple,
        pos_of=pos_of,
        buckets=buckets,
        time_lens=time_lens,
        arrays=layout_arrays(order, parent_pos, day_ord, last_ord, numbers, time_lens, not_simple),
        sort_keys=[e.sort_key for e in events],
    )


class ZoneLayoutCache:
    """The layout of the loaded timeline in one zone and grouping, worked out on first use.

    The screen keeps one per loaded timeline and zone, so each keystroke of a search reuses
    it. Safe to share between worker threads: the layout is built under a lock; its row
    caches are only ever added to, two threads building the same row alike.
    """

    def __init__(
        self, zone: str, granularity: Granularity, timeline_key: str | None = None
    ) -> None:
        """Start an empty cache.

        Args:
            zone: Canonical key of the display zone.
            granularity: Day or month dividers.
            timeline_key: The load cache's key of the timeline's file
                (:func:`tui.core.cache.load_keyed`): the placements are then read from
                beside its entry, or stored there once worked out. ``None``: neither.
        """
        self.zone = zone
        self.granularity = granularity
        self.timeline_key = timeline_key
        get_tzinfo(zone)  # a key that is not canonical fails here, not in a worker
        self._layout: ZoneLayout | None = None
        self._layout_of: Timeline | None = None
        self._lock = threading.Lock()

    def layout(self, timeline: Timeline, should_stop: Callable[[], bool] | None) -> ZoneLayout:
        """The layout of ``timeline`` in this zone (worked out on first use).

        Raises:
            BuildStopped: ``should_stop`` said yes while the layout was being built.
        """
        with self._lock:
            if self._layout is None or self._layout_of is not timeline:
                by_month = self.granularity is Granularity.MONTH
                places = self._stored(timeline, by_month)
                self._layout = lay_out(timeline, self.zone, by_month, should_stop, places)
                self._layout_of = timeline
            return self._layout

    def _stored(self, timeline: Timeline, by_month: bool) -> Places | None:
        """The placements stored beside the timeline's cache entry; on a miss, worked
        out and stored for the next opening."""
        key = self.timeline_key
        if key is None:
            return None
        places = load_places(key, self.zone, by_month, timeline)
        if places is None:
            places = place_all(timeline, self.zone, by_month, None)
            store_places(key, self.zone, by_month, places)
        return places
