"""A view's rows, made when the list reads them (lazy rows).

:func:`build_rows` works out only a view's shape, in array passes over its events
(:mod:`tui.app.row_arrays`): the events at the top level, and sorted lists of the few
exceptions (where a divider, a gap, an agenda or the "now" row goes). Where row ``i`` is
then takes a few binary searches, and each row is made when read, so a keystroke that
matches 70% of 100,000 events costs about what one matching 1% does. The rows
themselves, and their labels, are in :mod:`tui.app.rows`.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tui.app.row_layout import (
    CHECK_EVERY,
    INSTANT_RANK,
    Bucket,
    BuildStopped,
    Granularity,
    Shape,
    ZoneLayout,
    ZoneLayoutCache,
    bucket_number,
    bucket_of_day,
    choose_granularity,
)
from tui.app.rows import (
    GAP_DAYS,
    LazyEventRows,
    LazyRowOf,
    LazyRows,
    Row,
    RowKind,
    RowList,
    bucket_label,
    gap_label,
    now_label,
)
from tui.core.localtime import local_datetime
from tui.core.model import Timeline

if TYPE_CHECKING:  # NumPy is imported by the worker that builds rows, when it runs
    from tui.app.row_arrays import Flags, Ints, Shapes


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
    """The rows showing ``timeline`` in ``zone``: a lazy view, in a few array passes.

    Events are ordered as a calendar shows them in the display zone: by their first day
    there, then years before months before whole days before clock times (the coarser
    value heads the group it spans), then by time. Without this, an all-day event in a
    zone far from the display zone would sort into the previous day's clock times and
    split a day under two headings.

    What is worked out here is the view's shape: which events are at the top level, where
    the dividers, gaps and the "now" row go and at which row each event starts, by NumPy
    array operations (no Python step per event; :mod:`tui.app.row_arrays`). Only
    parents, agenda items and folded events (usually few) are built row by row; every
    other row is made when the list asks for it.

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
        should_stop: Asked before the passes over many events and every few thousand
            agenda parents; when it says yes the build is abandoned (a worker whose result
            nobody wants any more stops early).

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
    from tui.app.row_arrays import match_mask, shown_at_top_level  # NumPy, in this worker

    arrays = layout.arrays
    if matches is not None:
        mask_array, mask = match_mask(len(layout.order), matches)
        top, selected = shown_at_top_level(arrays, mask_array)
        return ViewPlan(*view, top, selected, mask, should_stop).row_list()
    unfiltered_key = (frozenset(collapsed), now_utc, gap_days)
    rows = layout.unfiltered.get(unfiltered_key)
    if rows is None:  # row lists are never changed once built: a cached one is as good
        rows = ViewPlan(*view, arrays.top_all, arrays.cal_top, None, should_stop).row_list()
        if len(layout.unfiltered) >= 4:
            layout.unfiltered.clear()
        layout.unfiltered[unfiltered_key] = rows
    return rows


@dataclass(slots=True)
class _Block:
    """The rows of an item that is not a plain row (a parent with its agenda, an agenda
    item shown at the top level, or a folded event), made when first asked for."""

    rows: list[Row] = field(default_factory=list)
    event_offsets: list[int] = field(default_factory=list)  # its event rows, in ``rows``
    ids: list[str] = field(default_factory=list)  # the ids of those event rows
    offset_of: dict[str, int] = field(default_factory=dict)  # id -> its row in ``rows``


class ViewPlan:
    """The shape of one view, from which each row is made when asked for.

    A view's items are its top-level events (``top``) and the "now" marker, item
    ``now_at``: item ``k`` is ``top[k]`` before it and ``top[k - 1]`` after it. Each item
    has a gap row before it or not, a divider row or not, then its own rows: one for a
    plain event or the marker, a whole agenda for a parent. Only the exceptions are
    listed (sorted item indexes: ``head_ks`` with a divider, ``gap_ks`` with a gap,
    ``extra_ks`` with other than one row or one event row), so where an item starts is a
    few binary searches, and no list as long as the view is made besides ``top``.
    """

    __slots__ = (
        "blocks",
        "blocks_at",
        "events",
        "extra_events",
        "extra_ks",
        "extra_rows",
        "gap_ks",
        "gap_len",
        "grouping",
        "head_ks",
        "hidden",
        "items",
        "layout",
        "mask",
        "matched",
        "now",
        "now_at",
        "now_bucket",
        "now_utc",
        "time_width",
        "top",
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
        top: Ints,
        selected: Flags | None,
        mask: bytearray | None,
        should_stop: Callable[[], bool] | None,
    ) -> None:
        from tui.app.row_arrays import columns, exceptions, heads, with_now

        events = self.events = timeline.events
        self.layout = layout
        self.top: list[int] = top.tolist()
        self.grouping, self.now_utc = grouping, now_utc
        self.matched = len(events) if mask is None else mask.count(1)
        if should_stop is not None and len(top) >= CHECK_EVERY and should_stop():
            raise BuildStopped
        now_day = local_datetime(now_utc, zone).date()
        self.now_bucket = now_bucket = bucket_of_day(now_day, grouping is Granularity.MONTH)
        self.now = Row(RowKind.NOW, now_label(now_utc, zone), day=now_day)
        self.hidden, self.mask = set(collapsed), mask
        self.blocks: dict[int, _Block] = {}
        m = len(self.top)
        cols = columns(layout.arrays, top, selected)
        self.time_width = cols.time_width
        shapes = self._shapes(top, cols.complex_at, should_stop)
        # the items drawn from a block of rows (_block): an agenda, a folded event
        self.blocks_at = set(shapes.at.tolist())
        now_key = (now_day, INSTANT_RANK, now_utc, -1)
        now_at = self.now_at = bisect_right(self.top, now_key, key=layout.keys.__getitem__)
        self.items = m + 1 if m else 0  # no events, no "now" row
        if len(shapes.at):
            cols.last[shapes.at] = shapes.last
            self.time_width = max(self.time_width, int(shapes.widths.max()))
        if m:
            numbers, now_number = cols.numbers, bucket_number(now_bucket)
            headed = now_at == m or numbers[now_at] == now_number
            # unheaded, it sits under the divider before it and leaves the next in place
            under = now_number if headed else int(numbers[now_at - 1]) if now_at else -1
            with_now(cols, now_at, now_day.toordinal(), under)
        self.extra_ks, self.extra_rows, self.extra_events = exceptions(shapes, now_at, bool(m))
        self.head_ks = heads(cols.numbers)
        self.gap_ks, self.gap_len = self._gaps(cols.first, cols.last, self.head_ks, gap_days)

    def _gaps(
        self, first: Ints, last: Ints, head_ks: list[int], gap_days: int
    ) -> tuple[list[int], list[int]]:
        """The items a gap row goes before, and how many days each gap is."""
        from tui.app.row_arrays import gaps, positions

        items, now_at = self.items, self.now_at
        candidates = None  # by month: between any two items
        if self.grouping is Granularity.DAY:  # a gap is between different days: at a divider
            candidates = positions(sorted({*head_ks, now_at, now_at + 1} - {0, items, items + 1}))
        return gaps(first, last, candidates, gap_days)

    def _shapes(self, top: Ints, at: Ints, should_stop: Callable[[], bool] | None) -> Shapes:
        """The shapes of the items that are not plain rows (``at``: indexes into ``top``).

        Worked out in array passes (:func:`~tui.app.row_arrays.agenda_shapes`), but for
        an agenda nested in an agenda, or one with a folded event in it, which is walked
        here, without making rows.
        """
        from tui.app.row_arrays import agenda_shapes, positions, to_walk

        layout, parent_pos = self.layout, self.layout.parent_pos
        folded: set[int] = set()
        more: list[int] = []  # folded events without agenda: not plain rows either
        for event_id in self.hidden:
            p = layout.pos_of.get(event_id)
            if p is None:
                continue
            folded.add(p)
            if layout.simple[p]:  # a folded event without agenda: expanded is false
                t = bisect_left(self.top, layout.rank[p], key=layout.rank.__getitem__)
                if t < len(top) and self.top[t] == p:
                    more.append(t)
        items = positions([*at.tolist(), *more]) if more else at
        parents = top[items]
        shapes = agenda_shapes(layout.arrays, self.mask, parents)
        shapes.at = items
        holding = set(folded)  # a folded event, or one with a folded event in its agenda
        for p in folded:
            while parent_pos[p] >= 0 and parent_pos[p] not in holding:
                p = parent_pos[p]
                holding.add(p)
        for count, i in enumerate(to_walk(layout.arrays, parents, holding), 1):
            if should_stop is not None and not count % CHECK_EVERY and should_stop():
                raise BuildStopped
            rows, events, seen, width = self._walk(int(parents[i]), folded)
            shapes.rows[i], shapes.events[i] = rows, events
            shapes.last[i], shapes.widths[i] = seen, width
        return shapes

    def _walk(self, p: int, folded: set[int]) -> Shape:
        """The shape of event ``p`` and what this view shows of its agenda."""
        layout, mask = self.layout, self.mask
        rows, count, seen, width = 1, 1, layout.last_ord[p], layout.time_lens[p]
        kids = layout.kids.get(p)
        if kids is None or p in folded:
            return rows, count, seen, width
        heading = layout.buckets[p]
        for kid in kids:
            if mask is not None and not mask[kid]:
                continue
            if layout.buckets[kid] != heading:  # a divider inside the agenda
                heading = layout.buckets[kid]
                rows += 1
            kid_rows, kid_count, kid_seen, kid_width = self._walk(kid, folded)
            rows, count = rows + kid_rows, count + kid_count
            seen, width = max(seen, kid_seen), max(width, kid_width)
        return rows, count, seen, width

    def _block(self, t: int) -> _Block:
        """The rows of ``top[t]``, an item that is not a plain row (made once)."""
        block = self.blocks.get(t)
        if block is None:
            block = self.blocks[t] = _Block()
            self._add_event(block, self.top[t], 0)
        return block

    def _add_event(self, block: _Block, p: int, depth: int) -> None:
        """Add an event row and, unless folded, its agenda's rows."""
        layout, mask = self.layout, self.mask
        day, time, bucket = layout.placed[p]
        kids = layout.kids.get(p)
        if kids is not None and mask is not None:
            kids = [k for k in kids if mask[k]]
        event_id = layout.ids[p]
        expanded = event_id not in self.hidden
        parent = layout.parent_pos[p]
        via = self.events[parent].title if depth == 0 and parent >= 0 else ""
        rows = block.rows
        block.ids.append(event_id)
        block.offset_of[event_id] = len(rows)
        block.event_offsets.append(len(rows))
        event = self.events[p]
        rows.append(Row(RowKind.EVENT, "", event, depth, time, day, bool(kids), expanded, via))
        if kids and expanded:
            heading = bucket
            for kid in kids:
                kid_bucket = layout.placed[kid][2]
                if kid_bucket != heading:  # an agenda spanning several days
                    heading = kid_bucket
                    rows.append(Row(RowKind.DIVIDER, bucket_label(heading), depth=depth + 1))
                self._add_event(block, kid, depth + 1)

    def row_list(self) -> RowList:
        """The view as the list widget takes it."""
        return RowList(
            rows=LazyRows(self),
            event_rows=LazyEventRows(self),
            row_of=LazyRowOf(self),
            time_width=self.time_width,
            now_row=self.item_row(self.now_at) if self.items else None,
            matched=self.matched,
            granularity=self.grouping,
            now_utc=self.now_utc,
            plan=self,
        )

    # --- lookups ----------------------------------------------------------------------

    def _extra(self, k: int) -> tuple[int, int]:
        """Rows and event rows added by the exceptions before item ``k``."""
        e = bisect_left(self.extra_ks, k)
        return (self.extra_rows[e - 1], self.extra_events[e - 1]) if e else (0, 0)

    def start(self, k: int) -> int:
        """The first row of item ``k`` (its gap row, divider row, or own row)."""
        extra = self._extra(k)[0]
        return k + bisect_left(self.head_ks, k) + bisect_left(self.gap_ks, k) + extra

    def item_row(self, k: int) -> int:
        """The row of item ``k``'s own first row (after its gap and divider rows)."""
        extra = self._extra(k)[0]
        return k + bisect_right(self.head_ks, k) + bisect_right(self.gap_ks, k) + extra

    def events_before(self, k: int) -> int:
        """How many event rows the items before ``k`` have."""
        return k + self._extra(k)[1]

    def total(self) -> int:
        """How many rows the view has."""
        return self.start(self.items)

    def item_at(self, i: int) -> int:
        """The item row ``i`` belongs to (``0 <= i < total``)."""
        lo, hi = 0, self.items - 1  # the last item starting at or before i
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.start(mid) <= i:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def item_of(self, t: int) -> int:
        """The item of ``top[t]``."""
        return t + (t >= self.now_at)

    def row(self, i: int) -> Row:
        """Row ``i`` (``0 <= i < total``)."""
        k = self.item_at(i)
        off = i - self.start(k)
        at = bisect_left(self.gap_ks, k)
        if at < len(self.gap_ks) and self.gap_ks[at] == k:
            if off == 0:
                return self._gap_row(self.gap_len[at])
            off -= 1
        at = bisect_left(self.head_ks, k)
        if at < len(self.head_ks) and self.head_ks[at] == k:
            if off == 0:
                if k == self.now_at:
                    return self._divider(self.now_bucket)
                return self._divider(self.layout.buckets[self.top[k - (k > self.now_at)]])
            off -= 1
        if k == self.now_at:
            return self.now
        t = k - (k > self.now_at)
        if t in self.blocks_at:
            return self._block(t).rows[off]
        p = self.top[t]
        layout = self.layout
        row = layout.plain_rows[p]  # a row no filter or fold changes: built once
        if row is None:
            day, time, _bucket = layout.placed[p]
            row = layout.plain_rows[p] = Row(
                RowKind.EVENT, "", self.events[p], 0, time, day, False, True
            )
        return row

    def event_count(self) -> int:
        """How many event rows the view has."""
        return self.events_before(self.items)

    def event_row(self, j: int) -> int:
        """The row of the ``j``-th event row (``0 <= j < event_count``)."""
        lo, hi = 0, self.items - 1  # the first item whose event rows reach past j
        while lo < hi:
            mid = (lo + hi) // 2
            if self.events_before(mid + 1) > j:
                hi = mid
            else:
                lo = mid + 1
        t = lo - (lo > self.now_at)
        if t not in self.blocks_at:
            return self.item_row(lo)
        return self.item_row(lo) + self._block(t).event_offsets[j - self.events_before(lo)]

    def row_of(self, event_id: str) -> int | None:
        """The row of event ``event_id``, or ``None`` when the view does not show it."""
        layout, mask = self.layout, self.mask
        p = layout.pos_of.get(event_id)
        if p is None or (mask is not None and not mask[p]):
            return None
        head, parent_pos = p, layout.parent_pos
        while parent_pos[head] >= 0 and (mask is None or mask[parent_pos[head]]):
            head = parent_pos[head]  # a shown parent: the row is in its agenda
            if layout.ids[head] in self.hidden:
                return None  # folded away
        rank = layout.rank
        t = bisect_left(self.top, rank[head], key=rank.__getitem__)
        if t >= len(self.top) or self.top[t] != head:
            return None
        row = self.item_row(self.item_of(t))
        return row if head == p else row + self._block(t).offset_of[event_id]

    def ids(self) -> Iterator[str]:
        """The ids of the event rows, top to bottom."""
        ids, blocks_at = self.layout.ids, self.blocks_at
        for t, p in enumerate(self.top):
            if t in blocks_at:
                yield from self._block(t).ids
            else:
                yield ids[p]

    def row_nearest_time(self, utc: int) -> int | None:
        """See :meth:`RowList.row_nearest_time`: the nearest shown starts on either side
        of ``utc`` among the events (in start order), found by skipping the events the
        view does not show a few thousand at a time."""
        layout, mask = self.layout, self.mask
        keys = layout.sort_keys
        ids = layout.ids
        middle = bisect_left(keys, utc)
        best: tuple[int, int] | None = None
        for step in (1, -1):
            p = middle if step > 0 else middle - 1
            group: int | None = None  # the start time of the nearest shown events this way
            while 0 <= p < len(keys):
                if mask is not None:  # jump to the next match this way
                    p = mask.find(1, p, len(keys)) if step > 0 else mask.rfind(1, 0, p + 1)
                    if p < 0:
                        break
                if group is not None and keys[p] != group:
                    break
                row = self.row_of(ids[p])
                if row is not None:
                    group = keys[p]
                    candidate = (abs(keys[p] - utc), row)
                    if best is None or candidate < best:
                        best = candidate
                p += step
        return None if best is None else best[1]

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
