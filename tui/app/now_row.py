"""Keeping the list's "now" row where the clock is, cheaply, as time passes.

The rows are built with the time of the "now" row in them (:class:`~tui.app.rows.RowList`
keeps it to the minute). Once a minute the screen asks :class:`NowWatch` whether the clock
has since passed the start of an event or the end of a day in the display zone: only then
must the rows be built again (the row moves, and all-day events and dividers may too).
Otherwise only the row's label changes, which the list redraws on its own. The question is
a binary search over the events' start times, so it costs the same at 100,000 events as
at ten. Plain Python: no Textual here.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date

from tui.core.localtime import local_datetime
from tui.core.model import Timeline

SECONDS_PER_MINUTE = 60
TICK_MARGIN = 0.05
"""Seconds after the minute turns that the tick comes, so it never lands just before it."""


def seconds_to_next_minute(now: float) -> float:
    """How long until the clock next shows a new minute (plus :data:`TICK_MARGIN`)."""
    return SECONDS_PER_MINUTE - now % SECONDS_PER_MINUTE + TICK_MARGIN


class NowWatch:
    """Where "now" falls among a timeline's events, to tell when the "now" row must move.

    Args:
        timeline: The timeline on screen (its events are in start order).
    """

    def __init__(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self._starts: list[int] | None = None  # made on first use: one pass, then bisects

    def place(self, now_utc: int, zone: str) -> tuple[int, date]:
        """How many events have started by ``now_utc``, and the day it is in ``zone``."""
        if self._starts is None:
            self._starts = [event.sort_key for event in self.timeline.events]
        return bisect_right(self._starts, now_utc), local_datetime(now_utc, zone).date()

    def moved(self, before_utc: int, now_utc: int, zone: str) -> bool:
        """True when the "now" row built at ``before_utc`` is no longer in its place."""
        return self.place(before_utc, zone) != self.place(now_utc, zone)
