"""Where each event goes in one display zone, kept beside the timeline's cache entry.

Placing 100,000 events in a zone (a conversion and a label each, then a sort) takes about
a second, and it is the same every time the same file is opened in the same zone. So the
placements are stored beside the load cache's entry for the file
(:func:`tui.core.cacheextra.store_side`), under a name that says the zone and the grouping,
and read back in about a tenth of that on the next opening. The side entry's key covers
the file's bytes and this program's code, so a stored layout is never served for another
file or by another version; one with an unexpected shape is a miss.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from tui.core.cacheextra import load_side, store_side
from tui.core.model import Timeline

if TYPE_CHECKING:
    from tui.app.row_layout import CalendarKey, Placed

LAYOUT_FORMAT = 1
"""Bump when what is stored changes shape."""

Places = tuple[list["CalendarKey"], list["Placed"], list[int], list[int], list[int]]
"""Per event: its calendar key, its placement, its first and last covered day; and every
position in calendar order."""


def side_name(zone: str, by_month: bool) -> str:
    """The side entry's name for a zone and grouping."""
    return f"layout {LAYOUT_FORMAT} {zone} {'month' if by_month else 'day'}"


def to_plain(places: Places) -> tuple[Any, ...]:
    """The placements as builtin values (dates as ordinals) for :mod:`marshal`."""
    keys, placed, day_ord, last_ord, order = places
    return (
        LAYOUT_FORMAT,
        [where[0].toordinal() for where in placed],
        bytes(key[1] for key in keys),
        [where[1] for where in placed],
        [where[2] for where in placed],
        day_ord,
        last_ord,
        order,
    )


def from_plain(value: object, timeline: Timeline) -> Places | None:
    """The placements in ``value`` if it has the stored shape for ``timeline``, else None."""
    n = len(timeline.events)
    if not (isinstance(value, tuple) and len(value) == 8 and value[0] == LAYOUT_FORMAT):
        return None
    _format, days, ranks, labels, buckets, day_ord, last_ord, order = value
    parts = (days, labels, buckets, day_ord, last_ord, order)
    if not (all(isinstance(p, list) and len(p) == n for p in parts) and isinstance(ranks, bytes)):
        return None
    if len(ranks) != n:
        return None
    dates = list(map(date.fromordinal, days))
    events = timeline.events
    sort_keys, orders = [e.sort_key for e in events], [e.order for e in events]
    keys = list(zip(dates, ranks, sort_keys, orders, strict=True))  # lengths checked above
    placed = list(zip(dates, labels, buckets, strict=True))
    return keys, placed, day_ord, last_ord, order


def load_places(timeline_key: str, zone: str, by_month: bool, timeline: Timeline) -> Places | None:
    """The stored placements of ``timeline`` in ``zone``, or None."""
    try:
        return from_plain(load_side(timeline_key, side_name(zone, by_month)), timeline)
    except (TypeError, ValueError, OverflowError):  # a stored value of an unexpected shape
        return None


def store_places(timeline_key: str, zone: str, by_month: bool, places: Places) -> None:
    """Keep the placements for the next opening (failures only cost speed)."""
    store_side(timeline_key, side_name(zone, by_month), to_plain(places))
