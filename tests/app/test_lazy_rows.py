"""Lazy rows: a view made on demand shows exactly the rows a plain row-by-row walk makes.

The reference here walks every shown event in calendar order, one row at a time, the way
the list was built before rows were made lazily; the lazy view must agree with it row for
row, and its lookups (event rows, ids, the row nearest a time) must agree with a scan.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Sequence
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.app.row_layout import INSTANT_RANK, Granularity, ZoneLayoutCache, bucket_of_day
from tui.app.row_view import build_rows
from tui.app.rows import Row, RowKind, RowList, bucket_label, gap_label, now_label
from tui.app.views import Picked
from tui.core.loader import load_timeline
from tui.core.localtime import local_datetime
from tui.core.model import CalendarDate, Event, Instant, Timeline

from .helpers import BUNDLED, FROZEN_NOW

NOW = int(FROZEN_NOW)
DAY = 86_400
EPOCH = date(1970, 1, 1)


def reference_rows(
    timeline: Timeline,
    *,
    zone: str,
    now_utc: int,
    matches: Collection[int] | None,
    collapsed: Collection[str],
    grouping: Granularity,
    gap_days: int = 7,
) -> list[Row]:
    """Every row, walked one shown event at a time."""
    layout = ZoneLayoutCache(zone, grouping).layout(timeline, None)
    events = timeline.events
    shown = set(range(len(events))) if matches is None else set(matches)
    top = [
        p
        for p in layout.order
        if p in shown and (layout.parent_pos[p] < 0 or layout.parent_pos[p] not in shown)
    ]
    now_day = local_datetime(now_utc, zone).date()
    now_bucket = bucket_of_day(now_day, grouping is Granularity.MONTH)
    now_key = (now_day, INSTANT_RANK, now_utc, -1)
    out: list[Row] = []
    state: dict[str, object] = {"current": None, "seen": -1}

    def gap_to(day: int) -> None:
        seen = state["seen"]
        assert isinstance(seen, int)
        if seen >= 0 and day - seen > gap_days:
            out.append(Row(RowKind.GAP, gap_label(day - seen)))

    def event(p: int, depth: int) -> int:
        day, label, bucket = layout.placed[p]
        kids = [k for k in layout.kids.get(p, []) if k in shown]
        expanded = events[p].id not in collapsed
        parent = layout.parent_pos[p]
        via = events[parent].title if depth == 0 and parent >= 0 else ""
        out.append(Row(RowKind.EVENT, "", events[p], depth, label, day, bool(kids), expanded, via))
        seen = layout.last_ord[p]
        if expanded:
            heading = bucket
            for kid in kids:
                if layout.placed[kid][2] != heading:
                    heading = layout.placed[kid][2]
                    out.append(Row(RowKind.DIVIDER, bucket_label(heading), depth=depth + 1))
                seen = max(seen, event(kid, depth + 1))
        return seen

    def now(headed: bool) -> None:
        gap_to(now_day.toordinal())
        if headed and state["current"] != now_bucket:
            state["current"] = now_bucket
            out.append(Row(RowKind.DIVIDER, bucket_label(now_bucket)))
        out.append(Row(RowKind.NOW, now_label(now_utc, zone), day=now_day))
        seen = state["seen"]
        assert isinstance(seen, int)
        state["seen"] = max(seen, now_day.toordinal())

    pending = True
    for p in top:
        bucket = layout.placed[p][2]
        if pending and layout.keys[p] > now_key:
            pending = False
            now(bucket == now_bucket)
        gap_to(layout.day_ord[p])
        if bucket != state["current"]:
            out.append(Row(RowKind.DIVIDER, bucket_label(bucket)))
            state["current"] = bucket
        seen = state["seen"]
        assert isinstance(seen, int)
        state["seen"] = max(seen, event(p, 0))
    if pending and top:
        now(True)
    return out


def described(rows: Sequence[Row]) -> list[tuple[object, ...]]:
    """Rows as comparable tuples (events by id)."""
    described: list[tuple[object, ...]] = []
    for r in rows:
        event_id = r.event.id if r.event else None
        described.append((r.kind, r.text, event_id, r.depth, r.time, r.day, r.expandable))
        described.append((r.expanded, r.via))
    return described


def agree(rows: RowList, expected: list[Row]) -> None:
    """The lazy view shows ``expected``, and its lookups agree with a scan of it."""
    assert described(list(rows.rows)) == described(expected)
    assert len(rows) == len(expected)
    event_rows = [i for i, row in enumerate(expected) if row.is_event]
    assert list(rows.event_rows) == event_rows
    assert len(rows.event_rows) == len(event_rows)
    ids = {expected[i].event.id: i for i in event_rows}  # type: ignore[union-attr]
    assert dict(rows.row_of.items()) == ids
    assert list(rows.row_of) == list(ids)
    for event_id, index in ids.items():
        assert rows.row_of.get(event_id) == index
        assert event_id in rows.row_of
    now_rows = [i for i, row in enumerate(expected) if row.kind is RowKind.NOW]
    assert rows.now_row == (now_rows[0] if now_rows else None)
    assert rows.time_width == max([5, *(len(expected[i].time) for i in event_rows)])


def nearest_by_scan(expected: list[Row], utc: int) -> int | None:
    best: tuple[int, int] | None = None
    for i, row in enumerate(expected):
        if row.event is not None:
            candidate = (abs(row.event.sort_key - utc), i)
            best = candidate if best is None or candidate < best else best
    return None if best is None else best[1]


def event_at(
    i: int, start: Instant | CalendarDate, end: Instant | CalendarDate | None, parent: str | None
) -> Event:
    # an instant's UTC time, a date's first midnight in UTC
    sort_key = start.utc if isinstance(start, Instant) else (start.first_day() - EPOCH).days * DAY
    return Event(
        id=f"e{i}",
        title=f"Event {i}",
        start=start,
        end=end,
        parent=parent,
        sort_key=sort_key,
        order=i,
    )


@st.composite
def timelines(draw: st.DrawFn) -> Timeline:
    """Small timelines with instants, dates of every precision, multi-day events and
    agendas nested two deep, around ``NOW``."""
    count = draw(st.integers(1, 30))
    events: list[Event] = []
    for i in range(count):
        offset = draw(st.integers(-40 * DAY, 40 * DAY))
        kind = draw(st.sampled_from(["instant", "instant", "day", "month", "year"]))
        start: Instant | CalendarDate
        end: Instant | CalendarDate | None = None
        if kind == "instant":
            start = Instant(NOW + offset, "UTC")
            if draw(st.booleans()):
                end = Instant(NOW + offset + draw(st.integers(0, 20 * DAY)), "UTC")
        else:
            day = local_datetime(NOW + offset, "UTC").date()
            start = CalendarDate(
                day.year, day.month if kind != "year" else None, day.day if kind == "day" else None
            )
        parent = None
        if i and draw(st.integers(0, 2)) == 0:
            parent = f"e{draw(st.integers(0, i - 1))}"
        events.append(event_at(i, start, end, parent))
    return Timeline.build(title=None, timezone=None, actors={}, events=events)


@settings(max_examples=150, deadline=None)
@given(
    timeline=timelines(),
    data=st.data(),
    zone=st.sampled_from(["UTC", "Asia/Tokyo", "America/Los_Angeles"]),
    grouping=st.sampled_from(list(Granularity)),
    now_shift=st.integers(-50 * DAY, 50 * DAY),
    gap_days=st.sampled_from([0, 3, 7]),
)
def test_a_lazy_view_shows_the_rows_of_a_row_by_row_walk(
    timeline: Timeline,
    data: st.DataObject,
    zone: str,
    grouping: Granularity,
    now_shift: int,
    gap_days: int,
) -> None:
    n = len(timeline.events)
    matches = data.draw(st.none() | st.sets(st.integers(0, n - 1)).map(sorted))
    collapsed = data.draw(st.sets(st.sampled_from([e.id for e in timeline.events])))
    now_utc = NOW + now_shift
    rows = build_rows(
        timeline,
        zone=zone,
        now_utc=now_utc,
        matches=matches,
        collapsed=collapsed,
        granularity=grouping,
        gap_days=gap_days,
    )
    expected = reference_rows(
        timeline,
        zone=zone,
        now_utc=now_utc,
        matches=matches,
        collapsed=collapsed,
        grouping=grouping,
        gap_days=gap_days,
    )
    agree(rows, expected)
    assert rows.matched == (n if matches is None else len(matches))
    for utc in (now_utc, NOW - 60 * DAY, NOW + 60 * DAY, data.draw(st.integers(NOW - DAY, NOW))):
        assert rows.row_nearest_time(utc) == nearest_by_scan(expected, utc)


@functools.cache
def bundled() -> Timeline:
    return load_timeline(BUNDLED)


@settings(max_examples=40, deadline=None)
@given(
    positions=st.none() | st.sets(st.integers(0, 46)),
    folded=st.sets(st.integers(0, 46)),
    zone=st.sampled_from(["UTC", "Asia/Tokyo", "America/Los_Angeles"]),
    grouping=st.sampled_from(list(Granularity)),
)
def test_the_bundled_timeline_under_any_filter_and_fold(
    positions: set[int] | None, folded: set[int], zone: str, grouping: Granularity
) -> None:
    timeline = bundled()
    matches = None if positions is None else sorted(positions)
    collapsed = {timeline.events[p].id for p in folded}
    rows = build_rows(
        timeline,
        zone=zone,
        now_utc=NOW,
        matches=matches,
        collapsed=collapsed,
        granularity=grouping,
    )
    expected = reference_rows(
        timeline,
        zone=zone,
        now_utc=NOW,
        matches=matches,
        collapsed=collapsed,
        grouping=grouping,
    )
    agree(rows, expected)
    assert rows.row_nearest_time(NOW) == nearest_by_scan(expected, NOW)


def test_rows_by_negative_index_and_slice_and_out_of_range() -> None:
    rows = build_rows(bundled(), zone="UTC", now_utc=NOW, granularity=Granularity.DAY)
    every = list(rows.rows)
    assert rows.rows[-1] is every[-1]
    assert rows.rows[3:7] == every[3:7]
    assert list(rows.event_rows[-2:]) == [i for i, r in enumerate(every) if r.is_event][-2:]
    for lookup in (lambda: rows.rows[len(every)], lambda: rows.event_rows[len(every)]):
        try:
            lookup()
        except IndexError:
            continue
        raise AssertionError("no IndexError")
    assert rows.row_of.get("no-such-event") is None
    assert "no-such-event" not in rows.row_of


def test_picked_values_are_read_through_the_positions() -> None:
    picked = Picked([10, 20, 30, 40], [0, 2, 3])
    assert len(picked) == 3
    assert list(picked) == [10, 30, 40]
    assert picked[-1] == 40
    assert picked[1:] == [30, 40]


def test_a_view_makes_only_the_rows_that_are_read() -> None:
    """Building a view of 5,000 events makes no event row; reading ten rows makes ten."""
    start = NOW - 2_500 * 3_600
    events = [
        Event(id=f"e{i}", title=f"Event {i}", start=Instant(start + i * 3_600, "UTC"),
              sort_key=start + i * 3_600, order=i)
        for i in range(5_000)
    ]  # fmt: skip
    timeline = Timeline.build(title=None, timezone=None, actors={}, events=events)
    cache = ZoneLayoutCache("UTC", Granularity.DAY)
    most = [p for p in range(5_000) if p % 10]
    rows = build_rows(timeline, zone="UTC", now_utc=NOW, matches=most, placements=cache)
    layout = cache.layout(timeline, None)
    assert rows.matched == 4_500
    assert not any(layout.plain_rows)
    read = rows.rows[2_000:2_010]
    made = [row for row in layout.plain_rows if row is not None]
    assert len(made) == sum(row.is_event for row in read) > 0
    assert not any(layout.plain_rows[4_000:])
    last = rows.rows[rows.row_of["e4999"]].event
    assert last is not None
    assert last.id == "e4999"
