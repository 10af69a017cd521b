"""The overview strip: the whole span of the (filtered) timeline as a density bar.

Line 1 is a bar of block characters (``▁▂▃▄▅▆▇█``), one column per slice of time, as
tall as the number of events in that slice. Line 2 is the axis: the first and last dates,
and a ``▲`` under the selected event. A click on a column jumps to the nearest event there.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from tui.core.display import date_text
from tui.core.localtime import MAX_UTC, MIN_UTC, local_datetime
from tui.core.safetext import visible

BLOCKS = " ▁▂▃▄▅▆▇█"
"""Bar heights: index 0 is an empty slice, 8 the fullest."""
_MARGIN = 1


def density(times: Sequence[int], lo: int, hi: int, columns: int) -> list[int]:
    """How many of ``times`` fall in each of ``columns`` equal slices of ``[lo, hi]``.

    Args:
        times: UTC seconds, sorted ascending.
        lo: Start of the span.
        hi: End of the span (inclusive); ``hi >= lo``.
        columns: Number of slices.

    Returns:
        One count per slice. O(columns × log n): it never walks the events.
    """
    if columns <= 0:
        return []
    span = hi - lo + 1
    bounds = [bisect_left(times, lo + (c * span + columns - 1) // columns) for c in range(columns)]
    bounds.append(bisect_left(times, hi + 1))
    return [bounds[c + 1] - bounds[c] for c in range(columns)]


def column_of(utc: int, lo: int, hi: int, columns: int) -> int:
    """The slice of ``[lo, hi]`` that ``utc`` falls in (clamped to the strip)."""
    span = hi - lo + 1
    return min(columns - 1, max(0, (utc - lo) * columns // span))


def bar(counts: Sequence[int]) -> str:
    """The density bar for slice counts: taller blocks for fuller slices; any event shows."""
    top = max(counts, default=0)
    if top == 0:
        return " " * len(counts)
    return "".join(BLOCKS[0 if n == 0 else max(1, -(-n * 8 // top))] for n in counts)


def axis_line(first: str, last: str, columns: int, marker: int | None) -> str:
    """The axis under the bar: the first date at the left, the last at the right, and a
    ``▲`` at ``marker``. A label never covers the marker: it moves aside, or is left out
    when there is no room.

    Args:
        first: Label of the span's start.
        last: Label of the span's end.
        columns: Width of the strip.
        marker: Column of the selected event, or ``None``.

    Returns:
        Exactly ``columns`` characters.
    """
    cells = [" "] * columns
    taken: list[tuple[int, int]] = []
    if marker is not None:
        cells[marker] = "▲"
        taken.append((marker - 1, marker + 2))

    def is_free(start: int, end: int) -> bool:
        return start >= 0 and end <= columns and all(end <= a or start >= b for a, b in taken)

    def write_at_first_free(label: str, starts: range) -> None:
        for start in starts:
            if is_free(start, start + len(label)):
                cells[start : start + len(label)] = label
                taken.append((start - 1, start + len(label) + 1))
                return

    write_at_first_free(first, range(0, max(0, columns - len(first)) + 1))
    write_at_first_free(last, range(columns - len(last), -1, -1))
    return "".join(cells)


class Overview(Widget):
    """A two-line density strip of the timeline that follows the cursor.

    The screen gives it the shown events' times with :meth:`show` and the selected one
    with :attr:`selected`; a click posts :class:`JumpRequested`.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "overview--bar",
        "overview--selected",
        "overview--axis",
        "overview--marker",
    }
    """
    | Class | Description |
    | :- | :- |
    | `overview--bar` | The density bar. |
    | `overview--selected` | The bar's column holding the selected event. |
    | `overview--axis` | The dates under the bar. |
    | `overview--marker` | The ``▲`` under the selected event. |
    """

    # only what the strip needs to work (a line for the bar, one for the axis); its looks are
    # in the app's stylesheet
    DEFAULT_CSS = """
    Overview {
        height: 2;
    }
    """

    selected: reactive[int | None] = reactive[int | None](None)
    """UTC seconds of the selected event, or ``None``."""
    display_zone: reactive[str] = reactive("UTC", init=False)
    """Canonical key of the zone the axis dates are read in (bound to the screen's)."""

    @dataclass
    class OverviewMessage(Message):
        """What every message of the strip carries: the strip it came from."""

        overview: Overview
        """The strip that sent the message."""

        @property
        def control(self) -> Overview:
            """The strip that sent the message (what ``@on(..., "#selector")`` matches)."""
            return self.overview

    @dataclass
    class JumpRequested(OverviewMessage):
        """The user clicked the strip: the cursor should move to this event."""

        event_id: str
        """Id of the event nearest the click."""

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Create an empty strip.

        Args:
            name: The widget's name.
            id: The widget's id in the DOM.
            classes: Space-separated CSS classes.
        """
        super().__init__(name=name, id=id, classes=classes)
        self._times: Sequence[int] = ()
        self._ids: Sequence[str] = ()
        # what the bar and the axis dates were worked out for, and them: the cursor moves
        # the marker only, and counting a filtered view's slices costs a few milliseconds
        self._drawn_for: tuple[int, int, int, str] | None = None
        self._drawn: tuple[str, str, str] = ("", "", "")

    def show(self, times: Sequence[int], ids: Sequence[str]) -> None:
        """Show these events (the axis dates in the display zone).

        Args:
            times: Each event's UTC sort key, ascending.
            ids: The events' ids, in the same order.
        """
        self._times, self._ids = times, ids
        self._drawn_for = None
        self.refresh()

    def watch_display_zone(self) -> None:
        self.refresh()

    def watch_selected(self) -> None:
        self.refresh()

    @property
    def _span(self) -> tuple[int, int]:
        lo, hi = self._times[0], self._times[-1]
        if hi - lo < 86_400:  # one day or less: centre it in a day
            middle = (lo + hi) // 2
            return middle - 43_200, middle + 43_200
        return lo, hi

    @property
    def _columns(self) -> int:
        return max(1, self.size.width - 2 * _MARGIN)

    def _bar_and_dates(self, lo: int, hi: int, columns: int) -> tuple[str, str, str]:
        """The density bar and the axis's first and last dates (kept until they change)."""
        drawn_for = (lo, hi, columns, self.display_zone)
        if drawn_for != self._drawn_for:
            line = bar(density(self._times, lo, hi, columns))
            self._drawn = (line, self._date(lo), self._date(hi))
            self._drawn_for = drawn_for
        return self._drawn

    def _date(self, utc: int) -> str:
        # the axis ends are sort keys, which for dates at the ends of the calendar can lie
        # just outside the instants every zone can show
        day = local_datetime(min(max(utc, MIN_UTC), MAX_UTC), self.display_zone).date()
        return visible(date_text(day, weekday=False), one_line=True)

    def render_line(self, y: int) -> Strip:
        """Draw the bar (line 0) or the axis (line 1)."""
        width = self.size.width
        base = self.rich_style
        if not self._times or y > 1:
            return Strip.blank(width, base)
        lo, hi = self._span
        columns = self._columns
        chosen = None if self.selected is None else column_of(self.selected, lo, hi, columns)
        style = self.get_component_rich_style
        pad = Segment(" " * _MARGIN, base)
        line, first, last = self._bar_and_dates(lo, hi, columns)
        if y == 0:
            bar_style = base + style("overview--bar")
            if chosen is None:
                segments = [Segment(line, bar_style)]
            else:
                segments = [
                    Segment(line[:chosen], bar_style),
                    Segment(
                        line[chosen] if line[chosen] != " " else "▁",
                        base + style("overview--selected"),
                    ),
                    Segment(line[chosen + 1 :], bar_style),
                ]
            return Strip([pad, *segments, pad]).crop_extend(0, width, base)
        axis = axis_line(first, last, columns, chosen)
        axis_style = base + style("overview--axis")
        if chosen is None:
            return Strip([pad, Segment(axis, axis_style), pad]).crop_extend(0, width, base)
        return Strip(
            [
                pad,
                Segment(axis[:chosen], axis_style),
                Segment(axis[chosen], base + style("overview--marker")),
                Segment(axis[chosen + 1 :], axis_style),
                pad,
            ]
        ).crop_extend(0, width, base)

    def on_click(self, event: events.Click) -> None:
        """Jump to the event nearest the clicked column."""
        if not self._times:
            return
        lo, hi = self._span
        columns = self._columns
        column = min(columns - 1, max(0, event.x - _MARGIN))
        span = hi - lo + 1
        start = lo + (column * span + columns - 1) // columns
        end = lo + ((column + 1) * span + columns - 1) // columns
        middle = (start + end) // 2
        times = self._times
        inside_lo, inside_hi = bisect_left(times, start), bisect_left(times, end)
        candidates = range(inside_lo, inside_hi) if inside_hi > inside_lo else None
        if candidates is None:
            at = bisect_left(times, middle)
            candidates = range(max(0, at - 1), min(len(times), at + 1))
        best = min(candidates, key=lambda i: abs(times[i] - middle))
        self.post_message(self.JumpRequested(self, self._ids[best]))
