"""A view of the timeline: the rows one set of filters, zone and folds show, built in plain
Python (no Textual here) so the main screen can run it in a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar, overload

from tui.app.filters import FilterStack
from tui.app.reload import IndexedTimeline
from tui.app.row_layout import BuildStopped, Granularity, ZoneLayoutCache
from tui.app.row_view import build_rows
from tui.app.rows import RowList


@dataclass(frozen=True, slots=True, repr=False)
class RowsRequest:
    """Everything a rows worker needs, frozen so the thread never sees it change."""

    generation: int
    loaded: IndexedTimeline
    filters: FilterStack
    zone: str
    collapsed: frozenset[str]
    now_utc: int
    granularity: Granularity
    placements: ZoneLayoutCache

    def __repr__(self) -> str:
        return f"<rows request {self.generation}>"  # never the whole timeline


T = TypeVar("T")


class Picked(Sequence[T]):
    """``values[at[0]], values[at[1]], ...`` looked up when asked for, never copied: a
    filter's matches seen through one of the index's per-event lists."""

    __slots__ = ("_at", "_values")

    def __init__(self, values: Sequence[T], at: Sequence[int]) -> None:
        self._values, self._at = values, at

    def __len__(self) -> int:
        return len(self._at)

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...
    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return list(map(self._values.__getitem__, self._at[index]))
        return self._values[self._at[index]]


@dataclass(frozen=True, slots=True, repr=False)
class ShownEvents:
    """The times and ids of the events a view shows, in time order, for the overview strip.

    For a filtered view both are :class:`Picked` through the matches: a keystroke costs
    nothing here, whatever it matches."""

    times: Sequence[int] = field(default_factory=list)
    ids: Sequence[str] = field(default_factory=list)


def build_view(
    request: RowsRequest, should_stop: Callable[[], bool]
) -> tuple[RowList, ShownEvents] | None:
    """Filter and build the rows ``request`` asks for; ``None`` when told to stop first."""
    timeline, index = request.loaded.timeline, request.loaded.index
    matches: list[int] | None = None
    if not request.filters.is_empty:
        matches = index.matches(request.filters.to_filter(request.zone))
    if should_stop():
        return None
    try:
        rows = build_rows(
            timeline,
            zone=request.zone,
            now_utc=request.now_utc,
            matches=matches,
            collapsed=request.collapsed,
            granularity=request.granularity,
            placements=request.placements,
            should_stop=should_stop,
        )
    except BuildStopped:
        return None  # a newer request replaced this one
    if matches is None:
        return rows, ShownEvents(index.sort_keys, index.ids)
    return rows, ShownEvents(Picked(index.sort_keys, matches), Picked(index.ids, matches))
