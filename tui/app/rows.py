"""The timeline list's rows, built from events in plain Python (no Textual here).

The explorer's list is a virtualised view of one-line rows. This module decides what those
rows are: day (or month) dividers, events with their time in the display zone, agenda
items indented under their parent, a gap marker between events far apart, and a "now"
marker where the clock says today falls. Building is one pass over the events, so 100,000
events take a fraction of a second, and it runs in a worker thread.

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
import threading
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from tui.core.display import date_text, time_text
from tui.core.localtime import covered_days, local_datetime
from tui.core.model import ActorKind, CalendarDate, Event, Instant, Precision, Timeline
from tui.core.zones import get_tzinfo

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
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


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


class Granularity(enum.Enum):
    """How events are grouped under dividers."""

    DAY = "day"
    MONTH = "month"


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


# --- choosing the grouping --------------------------------------------------------------


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


def gap_label(days: int) -> str:
    """The text of a gap row: ``··· 51 days ···``."""
    return f"··· {humanise_days(days)} ···"


def short_actor_name(name: str, kind: ActorKind | None) -> str:
    """How an actor is named in the list's compact hint.

    People are named by surname, keeping lowercase particles (``von der Leyen``); states,
    organisations and groups keep their full name.

    Args:
        name: The actor's display name.
        kind: The actor's kind, if known.

    Returns:
        The short name.
    """
    if kind is not ActorKind.PERSON:
        return name
    words = name.split()
    for i, word in enumerate(words[1:-1], start=1):
        if word[:1].islower():
            return " ".join(words[i:])
    return words[-1] if words else name


def actor_hint(event: Event, timeline: Timeline, limit: int = 2, width: int | None = None) -> str:
    """A compact hint of who took part: ``Trump, Putin +4``.

    Args:
        event: The event.
        timeline: Its timeline (for actor names).
        limit: The most names to show before counting the rest.
        width: If given, name fewer actors (``Trump +5``) until the hint fits; a single
            name that still does not fit is returned whole, for the caller to cut.

    Returns:
        The hint, or ``""`` for an event without actors.
    """
    names: list[str] = []
    for aid in event.actors[:limit]:
        actor = timeline.actors.get(aid)
        names.append(short_actor_name(actor.name, actor.kind) if actor else aid)
    total = len(event.actors)
    for shown in range(len(names), 0, -1):
        rest = total - shown
        hint = ", ".join(names[:shown]) + (f" +{rest}" if rest > 0 else "")
        if width is None or len(hint) <= width or shown == 1:
            return hint
    return ""


# --- placing one event ------------------------------------------------------------------

Bucket = tuple[int, int, int]
"""A divider's identity: (year, month, day), with 0 for the parts it does not have."""

_Placed = tuple[date, str, Bucket]
"""Where one event goes: its first local day, its time label and its divider."""


def bucket_label(bucket: Bucket) -> str:
    """A divider's text: ``Fri 15 Aug 2025``, ``August 2025`` or ``2014``."""
    year, month, day = bucket
    if day:
        return date_text(date(year, month, day))
    if month:
        return f"{_MONTH_NAMES[month - 1]} {year:04d}"
    return f"{year:04d}"


_CLOCKS = [f"{hour:02d}:{minute:02d}" for hour in range(24) for minute in range(60)]
"""``HH:MM`` by minute of the day: made once, shared by every row (faster than formatting)."""


def _place_instant(local: datetime, by_month: bool) -> _Placed:
    """Where an event starting at an instant goes, given its start's local time."""
    day = local.date()
    clock = _CLOCKS[local.hour * 60 + local.minute]
    if by_month:
        return (
            day,
            f"{_WEEKDAYS[day.weekday()]} {day.day:2d}  {clock}",
            (day.year, day.month, 0),
        )
    return day, clock, (day.year, day.month, day.day)


def _place_date(start: CalendarDate, by_month: bool) -> _Placed:
    """Where an event starting on a calendar date goes."""
    day = start.first_day()
    if start.precision is Precision.YEAR:
        return day, start.iso(), (start.year, 0, 0)
    if start.precision is Precision.MONTH:
        return day, start.iso(), (day.year, day.month, 0)
    if by_month:
        return day, f"{_WEEKDAYS[day.weekday()]} {day.day:2d}  all day", (day.year, day.month, 0)
    return day, "all day", (day.year, day.month, day.day)


@dataclass(slots=True)
class _Layout:
    """Everything about a timeline's rows that no filter or folding changes.

    Worked out once per timeline and zone (O(n log n)); each filter or fold after that only
    walks the events it shows, in an order already known.
    """

    keys: list[_Key]
    placed: list[_Placed]
    order: list[int]  # every position, in calendar order in the display zone
    rank: list[int]  # position -> its index in ``order``
    top_all: list[int]  # positions shown at the top level when nothing is filtered
    parent_pos: list[int]  # position -> its parent's position, or -1
    kids: dict[int, list[int]]  # parent position -> its agenda items, in calendar order
    plain_rows: list[Row | None]  # cached rows of events that never have agenda items
    ids: list[str]  # position -> event id
    day_ord: list[int]  # position -> the first day it covers, as an ordinal
    last_ord: list[int]  # position -> the last day it covers (see covered_days)
    simple: list[bool]  # position -> neither an agenda item nor a parent of one
    dividers: dict[Bucket, Row] = field(default_factory=dict)
    gaps: dict[int, Row] = field(default_factory=dict)
    # the unfiltered view, by (folded parents, now, gap days): taking back the last filter
    # shows it again at once
    unfiltered: dict[tuple[frozenset[str], int, int], RowList] = field(default_factory=dict)


class Placements:
    """Each event's first day, time label and divider in one zone, worked out once.

    Placing an event is the costly part of building rows (a time-zone conversion); it
    depends only on the zone and the grouping, not on filters or folding. The screen keeps
    one of these per loaded timeline and zone, so each keystroke of a search reuses it,
    together with the calendar order of all events (see :class:`_Layout`).
    Safe to share between worker threads: the layout is built under a lock; its row
    caches are only ever added to, two threads building the same row alike.
    """

    def __init__(self, zone: str, granularity: Granularity) -> None:
        """Start an empty cache.

        Args:
            zone: Canonical key of the display zone.
            granularity: Day or month dividers.
        """
        self.zone = zone
        self.granularity = granularity
        get_tzinfo(zone)  # a key that is not canonical fails here, not in a worker
        self._by_month = granularity is Granularity.MONTH
        self._layout: _Layout | None = None
        self._layout_of: Timeline | None = None
        self._lock = threading.Lock()

    def layout(self, timeline: Timeline, should_stop: Callable[[], bool] | None) -> _Layout:
        """The filter-independent layout of ``timeline`` in this zone (built on first use).

        Raises:
            BuildStopped: ``should_stop`` said yes while the layout was being built.
        """
        with self._lock:
            if self._layout is None or self._layout_of is not timeline:
                self._layout = self._build_layout(timeline, should_stop)
                self._layout_of = timeline
            return self._layout

    def _build_layout(self, timeline: Timeline, should_stop: Callable[[], bool] | None) -> _Layout:
        events = timeline.events
        zone = self.zone
        keys: list[_Key] = []
        placed_all: list[_Placed] = []
        day_ord: list[int] = []
        last_ord: list[int] = []
        by_month = self._by_month
        add_key, add_placed = keys.append, placed_all.append
        add_first, add_last = day_ord.append, last_ord.append
        for count, event in enumerate(events, 1):
            if should_stop is not None and not count % _CHECK_EVERY and should_stop():
                raise BuildStopped
            start = event.start  # once: each access of a stored event builds the value
            local: datetime | None = None
            if isinstance(start, Instant):
                local = local_datetime(start.utc, zone)  # converted once, used twice
                placed = _place_instant(local, by_month)
                rank = _INSTANT_RANK
            else:
                placed = _place_date(start, by_month)
                rank = _RANKS[start.precision]
            add_key((placed[0], rank, event.sort_key, event.order))
            add_placed(placed)
            first, last = covered_days(start, event.end, zone, local)
            add_first(first)
            add_last(last)
        order = sorted(range(len(events)), key=keys.__getitem__)
        rank_of = [0] * len(events)
        for i, p in enumerate(order):
            rank_of[p] = i
        pos_of = {e.id: p for p, e in enumerate(events)}
        parent_pos = [-1 if e.parent is None else pos_of.get(e.parent, -1) for e in events]
        kids: dict[int, list[int]] = {}
        for p in order:
            if parent_pos[p] >= 0:
                kids.setdefault(parent_pos[p], []).append(p)
        top_all = [p for p in order if parent_pos[p] < 0]
        simple = [parent_pos[p] < 0 and p not in kids for p in range(len(events))]
        return _Layout(
            keys=keys,
            placed=placed_all,
            order=order,
            rank=rank_of,
            top_all=top_all,
            parent_pos=parent_pos,
            kids=kids,
            plain_rows=[None] * len(events),
            ids=[e.id for e in events],
            day_ord=day_ord,
            last_ord=last_ord,
            simple=simple,
        )


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
    placements: Placements | None = None,
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
        placements: Placements to reuse (for this zone and grouping); a fresh one
            otherwise.
        should_stop: Asked every few thousand events; when it says yes the build is
            abandoned (a worker whose result nobody wants any more stops early).

    Returns:
        The rows and their lookups.

    Raises:
        BuildStopped: ``should_stop`` said yes.
    """
    events = timeline.events
    gran = granularity or choose_granularity(timeline)
    by_month = gran is Granularity.MONTH
    place = placements if placements is not None else Placements(zone, gran)
    if (place.zone, place.granularity) != (zone, gran):
        raise ValueError("placements were made for another zone or grouping")
    lay = place.layout(timeline, should_stop)
    unfiltered_key = (frozenset(collapsed), now_utc, gap_days)
    if matches is None and unfiltered_key in lay.unfiltered:
        return lay.unfiltered[unfiltered_key]  # row lists are never changed once built
    keys, placed_of = lay.keys, lay.placed
    parent_pos, all_kids = lay.parent_pos, lay.kids
    out = RowList(granularity=gran, now_utc=now_utc)
    shown: set[int] | None
    if matches is None:
        shown = None
        top = lay.top_all
        out.matched = len(events)
    else:
        shown = set(matches)
        out.matched = len(shown)
        if len(shown) * 8 < len(events):  # few matches: sort them rather than scan all
            candidates: Iterable[int] = sorted(shown, key=lay.rank.__getitem__)
        else:
            candidates = (p for p in lay.order if p in shown)
        top = [p for p in candidates if parent_pos[p] < 0 or parent_pos[p] not in shown]
    hidden_parents = set(collapsed)
    rows = out.rows
    add = out.add
    event_rows = out.event_rows
    row_of = out.row_of
    plain_rows = lay.plain_rows
    dividers = lay.dividers
    now_day = local_datetime(now_utc, zone).date()
    now_bucket = _bucket_of_day(now_day, by_month)
    now_key = (now_day, _INSTANT_RANK, now_utc, -1)
    now_text = "now · " + time_text(Instant(now_utc, zone), zone, with_date=True)

    ids, day_ord, last_ord, simple = lay.ids, lay.day_ord, lay.last_ord, lay.simple
    gaps = lay.gaps
    current: Bucket | None = None
    last_seen = -1  # ordinal of the last day seen so far; -1 before the first event
    now_done = False
    now_ord = now_day.toordinal()

    def divider(bucket: Bucket) -> Row:
        row = dividers.get(bucket)
        if row is None:
            row = dividers[bucket] = Row(RowKind.DIVIDER, bucket_label(bucket))
        return row

    def gap_row(days: int) -> Row:
        row = gaps.get(days)
        if row is None:
            row = gaps[days] = Row(RowKind.GAP, gap_label(days))
        return row

    def add_event(p: int, depth: int) -> int:
        """Add an event row and, unless collapsed, its agenda; returns the last day seen."""
        event = events[p]
        day, time, bucket = placed_of[p]
        kid_list = all_kids.get(p)
        if kid_list is not None and shown is not None:
            kid_list = [k for k in kid_list if k in shown]
        expanded = ids[p] not in hidden_parents
        if len(time) > out.time_width:
            out.time_width = len(time)
        row_of[ids[p]] = len(rows)
        event_rows.append(len(rows))
        via = events[parent_pos[p]].title if depth == 0 and parent_pos[p] >= 0 else ""
        rows.append(Row(RowKind.EVENT, "", event, depth, time, day, bool(kid_list), expanded, via))
        seen = last_ord[p]
        if kid_list and expanded:
            shown_bucket = bucket
            for kid in kid_list:
                kid_bucket = placed_of[kid][2]
                if kid_bucket != shown_bucket:  # an agenda spanning several days
                    shown_bucket = kid_bucket
                    add(Row(RowKind.DIVIDER, bucket_label(shown_bucket), depth=depth + 1))
                seen = max(seen, add_event(kid, depth + 1))
        return seen

    for count, p in enumerate(top, 1):
        if should_stop is not None and not count % _CHECK_EVERY and should_stop():
            raise BuildStopped
        bucket = placed_of[p][2]
        if not now_done and keys[p] > now_key:
            now_done = True
            if last_seen >= 0 and now_ord - last_seen > gap_days:
                add(gap_row(now_ord - last_seen))
            if now_bucket == bucket and current != bucket:
                add(divider(bucket))
                current = bucket
            add(Row(RowKind.NOW, now_text, day=now_day))
            last_seen = max(last_seen, now_ord)
        if last_seen >= 0 and day_ord[p] - last_seen > gap_days:
            add(gap_row(day_ord[p] - last_seen))
        if bucket != current:
            add(divider(bucket))
            current = bucket
        if simple[p] and not (hidden_parents and ids[p] in hidden_parents):
            # the common case, inlined: a row no filter or fold changes, built once
            row = plain_rows[p]
            if row is None:
                _day, time, _bucket = placed_of[p]
                row = Row(RowKind.EVENT, "", events[p], 0, time, _day, False, True)
                plain_rows[p] = row
            if len(row.time) > out.time_width:
                out.time_width = len(row.time)
            row_of[ids[p]] = len(rows)
            event_rows.append(len(rows))
            rows.append(row)
            seen = last_ord[p]
        else:
            seen = add_event(p, 0)
        if seen > last_seen:
            last_seen = seen
    if not now_done and out.event_rows:
        if last_seen >= 0 and now_ord - last_seen > gap_days:
            add(gap_row(now_ord - last_seen))
        if now_bucket != current:
            add(divider(now_bucket))
        add(Row(RowKind.NOW, now_text, day=now_day))
    if matches is None:
        if len(lay.unfiltered) >= 4:
            lay.unfiltered.clear()
        lay.unfiltered[unfiltered_key] = out
    return out


class BuildStopped(Exception):
    """:func:`build_rows` was asked to stop before it finished."""


_CHECK_EVERY = 4096
"""Events between two ``should_stop`` questions."""
_Key = tuple[date, int, int, int]
"""Calendar order in the display zone: first day, precision rank, UTC time, file order."""
_INSTANT_RANK = 3
_RANKS = {Precision.YEAR: 0, Precision.MONTH: 1, Precision.DAY: 2}


def _bucket_of_day(day: date, by_month: bool) -> Bucket:
    return (day.year, day.month, 0) if by_month else (day.year, day.month, day.day)
