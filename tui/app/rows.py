"""The timeline list's rows, built from events in plain Python (no Textual here).

The explorer's list is a virtualised view of one-line rows. This module decides what those
rows are: day (or month) dividers, events with their time in the display zone, agenda
items indented under their parent, a gap marker between events far apart, and a "now"
marker where the clock says today falls. :mod:`tui.app.row_view` builds a view's rows
lazily (in a worker thread), in an order :mod:`tui.app.row_layout` worked out once per
zone; this module has the rows themselves, their labels, and the lazy sequences a view
hands the list.

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
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, TypeVar, overload

from tui.app.row_layout import (
    Bucket,
    BuildStopped,
    Granularity,
    choose_granularity,
)
from tui.core.display import date_text, time_text
from tui.core.model import Event, Instant

if TYPE_CHECKING:
    from tui.app.row_view import ViewPlan

__all__ = [
    "GAP_DAYS",
    "BuildStopped",
    "Granularity",
    "Row",
    "RowKind",
    "RowList",
    "bucket_label",
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

    A view built by :func:`tui.app.row_view.build_rows` is lazy: its rows, event rows and
    ids are worked out when asked for (a few list lookups each), so a view of 100,000
    events costs a handful of C-level passes over its events, not 100,000 row objects.

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

    rows: Sequence[Row] = ()
    event_rows: Sequence[int] = ()
    row_of: Mapping[str, int] = field(default_factory=dict)
    time_width: int = 5
    now_row: int | None = None
    matched: int = 0
    granularity: Granularity = Granularity.DAY
    now_utc: int = 0
    plan: ViewPlan | None = None

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
        """The row of the event (top level or not) whose start is nearest to ``utc``.

        The first such row from the top when several are as near.
        """
        if self.plan is not None:
            return self.plan.row_nearest_time(utc)
        best: int | None = None
        best_distance = 0
        for index in self.event_rows:
            event = self.rows[index].event
            assert event is not None
            distance = abs(event.sort_key - utc)
            if best is None or distance < best_distance:
                best, best_distance = index, distance
        return best


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


# --- a lazy view's sequences ----------------------------------------------------------


T = TypeVar("T")


class LazySequence(Sequence[T]):
    """A sequence over a view's plan whose items are worked out when asked for."""

    __slots__ = ("_plan",)
    _what = "index"
    """What an index counts, for the message of an IndexError."""

    def __init__(self, plan: ViewPlan) -> None:
        self._plan = plan

    def _item(self, index: int) -> T:
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...
    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        size = len(self)
        if index < 0:
            index += size
        if not 0 <= index < size:
            raise IndexError(f"{self._what} out of range")
        return self._item(index)


class LazyRows(LazySequence[Row]):
    """A view's rows, each made when asked for."""

    __slots__ = ()
    _what = "row index"

    def __len__(self) -> int:
        return self._plan.total()

    def _item(self, index: int) -> Row:
        return self._plan.row(index)


class LazyEventRows(LazySequence[int]):
    """The indexes of a view's event rows, ascending, each worked out when asked for."""

    __slots__ = ()
    _what = "event row index"

    def __len__(self) -> int:
        return self._plan.event_count()

    def _item(self, index: int) -> int:
        return self._plan.event_row(index)


class LazyRowOf(Mapping[str, int]):
    """Event id to the index of its row, for the events a view shows."""

    __slots__ = ("_plan",)

    def __init__(self, plan: ViewPlan) -> None:
        self._plan = plan

    def __getitem__(self, event_id: str) -> int:
        row = self._plan.row_of(event_id)
        if row is None:
            raise KeyError(event_id)
        return row

    def get(self, event_id: str, default: int | None = None) -> int | None:  # type: ignore[override]
        row = self._plan.row_of(event_id)
        return default if row is None else row

    def __contains__(self, event_id: object) -> bool:
        return isinstance(event_id, str) and self._plan.row_of(event_id) is not None

    def __iter__(self) -> Iterator[str]:
        return self._plan.ids()

    def __len__(self) -> int:
        return self._plan.event_count()
