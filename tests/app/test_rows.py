"""The list's rows, built in plain Python: dividers, times, gaps, now, agendas, folding."""

from __future__ import annotations

import functools
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.app.row_layout import CHECK_EVERY, ZoneLayoutCache
from tui.app.row_view import build_rows
from tui.app.rows import (
    BuildStopped,
    Granularity,
    Row,
    RowKind,
    RowList,
    choose_granularity,
    gap_label,
    humanise_days,
)
from tui.core.actornames import actor_hint, short_actor_name
from tui.core.loader import load_text, load_timeline
from tui.core.model import ActorKind, Event, Instant, Timeline

from .helpers import BUNDLED, FROZEN_NOW, ROOT, SMALL

NOW = int(FROZEN_NOW)


@pytest.fixture(scope="module")
def small() -> Timeline:
    return load_timeline(SMALL)


def lines(rows: RowList) -> list[str]:
    """Rows as short strings, for readable assertions."""
    out = []
    for row in rows.rows:
        if row.event is not None:
            via = f" ‹ {row.via}" if row.via else ""
            out.append(f"{'  ' * row.depth}{row.time} {row.event.id}{via}")
        else:
            out.append(f"{'  ' * row.depth}[{row.kind.value}] {row.text}")
    return out


def test_day_dividers_times_in_display_zone_and_partial_dates(small: Timeline) -> None:
    rows = build_rows(small, zone="America/New_York", now_utc=NOW, granularity=Granularity.DAY)
    assert lines(rows) == [
        "[divider] 2014",
        "2014 year-only",
        "[divider] February 2014",
        "2014-02 month-only",
        "[gap] ··· 10 years 6 months ···",  # from the end of 2014
        "[divider] Tue 24 Jun 2025",
        "all day summit",
        "  13:00 summit-dinner",
        "  [divider] Wed 25 Jun 2025",
        "  04:00 summit-session",
        "[gap] ··· 51 days ···",
        "[divider] Fri 15 Aug 2025",
        "15:00 call",
        "[divider] Wed 20 Aug 2025",
        "08:30 meeting",
        "[now] now · Wed 20 Aug 2025 10:26 EDT",
        "[gap] ··· 37 days ···",
        "[divider] Fri 26 Sep 2025",
        "all day later",
    ]


def test_month_and_year_values_are_never_shown_as_midnight(small: Timeline) -> None:
    rows = build_rows(small, zone="Asia/Tokyo", now_utc=NOW, granularity=Granularity.DAY)
    times = {row.event.id: row.time for row in rows.rows if row.event is not None}
    assert times["year-only"] == "2014"
    assert times["month-only"] == "2014-02"
    assert times["summit"] == "all day"
    assert "00:00" not in times.values()


def test_instants_move_to_their_day_in_the_display_zone(small: Timeline) -> None:
    rows = build_rows(small, zone="Asia/Tokyo", now_utc=NOW, granularity=Granularity.DAY)
    call = rows.rows[rows.row_of["call"]]
    assert call.time == "04:00"  # 11:00 AKDT = 19:00 UTC = 04:00 JST the next day
    assert call.day == date(2025, 8, 16)


def test_gaps_only_between_events_far_apart(small: Timeline) -> None:
    rows = build_rows(small, zone="UTC", now_utc=NOW, granularity=Granularity.DAY, gap_days=60)
    gaps = [row.text for row in rows.rows if row.kind is RowKind.GAP]
    assert gaps == ["··· 10 years 6 months ···"]


def test_now_marker_at_the_end_when_everything_is_past(small: Timeline) -> None:
    late = NOW + 400 * 86_400
    rows = build_rows(small, zone="UTC", now_utc=late, granularity=Granularity.DAY)
    assert rows.rows[-1].kind is RowKind.NOW
    assert rows.rows[-2].kind is RowKind.DIVIDER  # today's own heading
    assert rows.rows[-3].kind is RowKind.GAP
    assert rows.now_row == len(rows) - 1


def test_now_marker_first_when_everything_is_ahead(small: Timeline) -> None:
    rows = build_rows(small, zone="UTC", now_utc=0, granularity=Granularity.DAY)
    assert rows.rows[0].kind is RowKind.NOW


def test_now_on_a_day_with_events_goes_under_that_days_heading(small: Timeline) -> None:
    before_meeting = NOW - 3 * 3600  # 11:26 UTC, before the 12:30 UTC meeting
    rows = build_rows(small, zone="UTC", now_utc=before_meeting, granularity=Granularity.DAY)
    text = lines(rows)
    at = text.index("[divider] Wed 20 Aug 2025")
    assert text[at + 1].startswith("[now]")
    assert text[at + 2] == "12:30 meeting"


def test_collapsed_parent_hides_its_agenda(small: Timeline) -> None:
    rows = build_rows(small, zone="UTC", now_utc=NOW, collapsed={"summit"})
    summit = rows.rows[rows.row_of["summit"]]
    assert summit.expandable
    assert not summit.expanded
    assert "summit-dinner" not in rows.row_of
    assert "summit-session" not in rows.row_of
    expanded = build_rows(small, zone="UTC", now_utc=NOW)
    assert expanded.rows[expanded.row_of["summit"]].expanded
    assert "summit-dinner" in expanded.row_of


def test_matching_child_of_a_hidden_parent_is_flattened_and_names_it(small: Timeline) -> None:
    ids = [e.id for e in small.events]
    matches = [ids.index("summit-session"), ids.index("call")]
    rows = build_rows(small, zone="UTC", now_utc=NOW, matches=matches, granularity=Granularity.DAY)
    assert lines(rows)[:5] == [
        "[divider] Wed 25 Jun 2025",
        "08:00 summit-session ‹ Big summit",
        "[gap] ··· 51 days ···",
        "[divider] Fri 15 Aug 2025",
        "19:00 call",
    ]
    assert rows.matched == 2
    assert "summit" not in rows.row_of  # every event row is a match


def test_matching_parent_and_child_stay_nested(small: Timeline) -> None:
    ids = [e.id for e in small.events]
    matches = [ids.index("summit"), ids.index("summit-dinner")]
    rows = build_rows(small, zone="UTC", now_utc=NOW, matches=matches, granularity=Granularity.DAY)
    assert lines(rows)[:3] == [
        "[divider] Tue 24 Jun 2025",
        "all day summit",
        "  17:00 summit-dinner",
    ]


def test_no_matches_means_no_rows(small: Timeline) -> None:
    rows = build_rows(small, zone="UTC", now_utc=NOW, matches=[])
    assert list(rows.rows) == []
    assert rows.matched == 0


def test_sparse_timelines_use_month_dividers() -> None:
    events = [
        Event(
            id=f"e{i}",
            title=f"Event {i}",
            start=Instant(1_600_000_000 + i * 40 * 86_400, "UTC"),
            sort_key=1_600_000_000 + i * 40 * 86_400,
            order=i,
        )
        for i in range(20)
    ]
    timeline = Timeline.build(title=None, timezone=None, actors={}, events=events)
    assert choose_granularity(timeline) is Granularity.MONTH
    rows = build_rows(timeline, zone="UTC", now_utc=2_000_000_000)
    assert lines(rows)[:6] == [
        "[divider] September 2020",
        "Sun 13  12:26 e0",
        "[gap] ··· 40 days ···",
        "[divider] October 2020",
        "Fri 23  12:26 e1",
        "[gap] ··· 40 days ···",
    ]


def test_grouping_depends_on_density(small: Timeline) -> None:
    assert choose_granularity(small) is Granularity.MONTH  # six events over eleven years
    assert choose_granularity(load_timeline(BUNDLED)) is Granularity.DAY


def test_navigation_lookups(small: Timeline) -> None:
    rows = build_rows(small, zone="UTC", now_utc=NOW)
    assert rows.nearest_event_row(0) == rows.event_rows[0]
    assert rows.nearest_event_row(len(rows) + 5, -1) == rows.event_rows[-1]
    assert rows.row_nearest_time(NOW) == rows.row_of["meeting"]


def test_actor_hints(small: Timeline) -> None:
    assert actor_hint(small.by_id["summit"], small, short_names=True) == "Archer, Baker +2"
    assert actor_hint(small.by_id["later"], small, short_names=True) == "ACME"
    assert short_actor_name("Ursula von der Leyen", ActorKind.PERSON) == "von der Leyen"
    assert short_actor_name("European Union", ActorKind.ORGANISATION) == "European Union"


def test_gap_wording() -> None:
    assert humanise_days(51) == "51 days"
    assert humanise_days(200) == "7 months"
    assert humanise_days(365 * 3 + 190) == "3 years 6 months"
    assert humanise_days(365 * 2 + 1) == "2 years"
    assert gap_label(9) == "··· 9 days ···"


def test_row_is_event() -> None:
    assert not Row(RowKind.GAP).is_event


def test_one_hundred_thousand_events_build(tmp_path: Path) -> None:
    """Not a timed assertion: 100,000 events (with agendas) build in one pass."""
    base = 1_500_000_000
    events = [
        Event(
            id=f"e{i}",
            title=f"Event {i}",
            start=Instant(base + i * 3_000, "Europe/Kyiv"),
            sort_key=base + i * 3_000,
            order=i,
            actors=("a",),
            parent=f"e{i - i % 10}" if i % 10 else None,
        )
        for i in range(100_000)
    ]
    timeline = Timeline.build(title=None, timezone=None, actors={}, events=events)
    rows = build_rows(timeline, zone="America/New_York", now_utc=NOW)
    assert len(rows.event_rows) == 100_000
    assert rows.now_row is not None
    folded = build_rows(
        timeline,
        zone="America/New_York",
        now_utc=NOW,
        collapsed={f"e{i}" for i in range(0, 100_000, 10)},
    )
    assert len(folded.event_rows) == 10_000


def test_days_are_never_split_by_events_from_distant_zones() -> None:
    """An all-day event in Tokyo sorts (by its zone's midnight) among the previous day's
    clock times in New York; the list still shows each day under one heading."""
    timeline = load_text(
        """
events:
  - id: tokyo-day
    title: A whole day in Tokyo
    start: 2025-08-20
    timezone: Asia/Tokyo
  - id: ny-evening
    title: An evening in New York
    start: 2025-08-19 22:00
    timezone: America/New_York
  - id: ny-morning
    title: A morning in New York
    start: 2025-08-20 09:00
    timezone: America/New_York
""",
        "inline.yaml",
    )
    assert timeline.events[0].id == "tokyo-day"  # the file's own order
    rows = build_rows(timeline, zone="America/New_York", now_utc=0, granularity=Granularity.DAY)
    assert lines(rows)[0] == "[now] now · Wed 31 Dec 1969 19:00 EST"
    assert lines(rows)[2:] == [
        "[divider] Tue 19 Aug 2025",
        "22:00 ny-evening",
        "[divider] Wed 20 Aug 2025",
        "all day tokyo-day",  # whole days head their day
        "09:00 ny-morning",
    ]


def test_rows_and_filters_never_import_textual() -> None:
    """The list's model is plain Python: it can be built and tested without the interface."""
    code = (
        "import sys, tui.app.rows, tui.app.filters; "
        "sys.exit(1 if any(m == 'textual' or m.startswith('textual.') for m in sys.modules) else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], check=False, cwd=ROOT)
    assert result.returncode == 0


def test_gaps_count_from_the_last_day_an_event_covers() -> None:
    # the call ends at midnight: it covers the 18th only, so the next event is 8 days on
    timeline = load_text(
        "events:\n"
        "  - {id: call, title: Call, start: 2024-08-18T22:00Z, end: 2024-08-19T00:00Z}\n"
        "  - {id: next, title: Next, start: 2024-08-26T00:30Z}\n",
        "gap.yaml",
    )
    rows = build_rows(timeline, zone="UTC", now_utc=NOW, granularity=Granularity.DAY)
    assert "[gap] ··· 8 days ···" in lines(rows)
    one_second_later = load_text(
        "events:\n"
        "  - {id: call, title: Call, start: 2024-08-18T22:00Z, end: '2024-08-19T00:00:01Z'}\n"
        "  - {id: next, title: Next, start: 2024-08-26T00:30Z}\n",
        "gap.yaml",
    )
    rows = build_rows(one_second_later, zone="UTC", now_utc=NOW, granularity=Granularity.DAY)
    assert not any(line.startswith("[gap] ··· 7") for line in lines(rows))
    assert not any(row.kind is RowKind.GAP for row in rows.rows[:4])


EDGES = """\
events:
  - {id: first, title: First, start: "0001-01-01T18:00Z", end: "0001-01-01T19:00Z"}
  - {id: first-day, title: First day, start: "0001-01-01"}
  - {id: last, title: Last, start: "9999-12-31T04:00Z", end: "9999-12-31T05:59:59Z"}
  - {id: last-day, title: Last day, start: "9999-12-31"}
"""


@pytest.mark.parametrize(
    ("zone", "first_time", "last_time"),
    [
        ("America/New_York", "13:03", "23:00"),  # local mean time (-4:56:02), then EST
        ("Pacific/Kiritimati", "07:30", "18:00"),  # -10:29:20 in year 1, +14 in 9999
        ("UTC-18:00", "00:00", "10:00"),
        ("UTC+18:00", "12:00", "22:00"),
    ],
)
def test_rows_at_both_ends_of_the_calendar(zone: str, first_time: str, last_time: str) -> None:
    timeline = load_text(EDGES, "edges.yaml")
    rows = build_rows(timeline, zone=zone, now_utc=NOW, granularity=Granularity.DAY)
    by_id = {row.event.id: row for row in rows.rows if row.event is not None}
    assert set(by_id) == {"first", "first-day", "last", "last-day"}
    assert by_id["first-day"].day == date(1, 1, 1)
    assert by_id["last-day"].day == date(9999, 12, 31)
    assert by_id["first"].time == first_time
    assert by_id["last"].time == last_time
    assert by_id["first"].day is not None and by_id["first"].day.year == 1
    assert by_id["last"].day is not None and by_id["last"].day.year == 9999


ACTORS = """\
actors:
  alice: {name: Alice Archer, kind: person}
  bob: {name: Bob Baker, kind: person}
  carol: {name: Carol von der Cat, kind: person}
  dmv: {name: Department of Motor Vehicles, kind: organisation}
events:
  - {id: three, title: Three, start: 2025-01-01, actors: [alice, bob, carol]}
  - {id: four, title: Four, start: 2025-01-02, actors: [dmv, alice, bob, carol]}
"""


def test_actor_hint_names_one_actor_more_in_full_without_a_width() -> None:
    """The table's rule: one actor more is named, not counted."""
    timeline = load_text(ACTORS, "actors.yaml")
    three, four = timeline.by_id["three"], timeline.by_id["four"]
    assert actor_hint(three, timeline) == "Alice Archer, Bob Baker, Carol von der Cat"
    assert actor_hint(four, timeline) == "Department of Motor Vehicles, Alice Archer +2"
    assert actor_hint(three, timeline, short_names=True) == "Archer, Baker, von der Cat"


def test_actor_hint_fits_a_width_by_counting_and_dropping_names() -> None:
    """The list's rule: at most two names within a width, fewer until the hint fits."""
    timeline = load_text(ACTORS, "actors.yaml")
    three = timeline.by_id["three"]
    assert actor_hint(three, timeline, short_names=True, width=40) == "Archer, Baker +1"
    assert actor_hint(three, timeline, short_names=True, width=12) == "Archer +2"
    assert actor_hint(three, timeline, short_names=True, width=3) == "Archer +2"  # cut later
    four = timeline.by_id["four"]
    assert actor_hint(four, timeline, short_names=True, width=40) == (
        "Department of Motor Vehicles, Archer +2"
    )
    assert actor_hint(four, timeline, width=20) == "Department of Motor Vehicles +3"


def expected_ids(timeline: Timeline, matched: set[str], folded: set[str]) -> set[str]:
    """The events a view must show: every match whose matching ancestors are all unfolded."""
    by_id = timeline.by_id
    shown = set()
    for event_id in matched:
        parent = by_id[event_id].parent
        visible_here = True
        while parent is not None and parent in matched:
            if parent in folded:
                visible_here = False
            parent = by_id[parent].parent
        if visible_here:
            shown.add(event_id)
    return shown


@functools.cache
def bundled() -> Timeline:
    return load_timeline(BUNDLED)


@functools.cache
def shared_cache(zone: str, grouping: Granularity) -> ZoneLayoutCache:
    """One layout cache per zone and grouping, reused across examples as the screen does."""
    return ZoneLayoutCache(zone, grouping)


@settings(max_examples=60, deadline=None)
@given(
    positions=st.none() | st.sets(st.integers(0, 46)),
    fold_every=st.integers(1, 4),
    zone=st.sampled_from(["UTC", "Asia/Tokyo", "America/Los_Angeles"]),
    grouping=st.sampled_from(list(Granularity)),
)
def test_any_filter_and_fold_shows_exactly_the_visible_matches(
    positions: set[int] | None, fold_every: int, zone: str, grouping: Granularity
) -> None:
    """A reused layout cache gives the rows a fresh one gives, and they hold the right events."""
    timeline = bundled()
    assert len(timeline.events) == 47
    parents = sorted({e.parent for e in timeline.events if e.parent is not None})
    folded = set(parents[::fold_every]) if fold_every > 1 else set()
    matches = None if positions is None else sorted(positions)
    rows = build_rows(
        timeline,
        zone=zone,
        now_utc=NOW,
        matches=matches,
        collapsed=folded,
        granularity=grouping,
        placements=shared_cache(zone, grouping),
    )
    fresh = build_rows(
        timeline, zone=zone, now_utc=NOW, matches=matches, collapsed=folded, granularity=grouping
    )
    assert lines(rows) == lines(fresh)
    every = range(len(timeline.events)) if positions is None else positions
    matched = {timeline.events[p].id for p in every}
    assert set(rows.row_of) == expected_ids(timeline, matched, folded)
    assert rows.matched == len(matched)
    assert list(rows.event_rows) == [i for i, row in enumerate(rows.rows) if row.is_event]
    assert all(rows.rows[i].event is timeline.by_id[e] for e, i in rows.row_of.items())
    times = [len(row.time) for row in rows.rows if row.is_event]
    assert rows.time_width == max([5, *times])
    assert (rows.now_row is not None) == bool(rows.event_rows)


def test_the_unfiltered_view_is_served_again_from_the_layout_cache(small: Timeline) -> None:
    cache = ZoneLayoutCache("UTC", Granularity.DAY)

    def view(now: int = NOW, matches: list[int] | None = None) -> RowList:
        return build_rows(
            small,
            zone="UTC",
            now_utc=now,
            matches=matches,
            granularity=Granularity.DAY,
            placements=cache,
        )

    first = view()
    assert view() is first
    everything = view(matches=list(range(len(small.events))))
    assert everything is not first
    assert lines(everything) == lines(first)
    assert view(now=NOW + 60) is not first


def test_a_layout_cache_serves_only_its_own_zone_and_grouping(small: Timeline) -> None:
    cache = ZoneLayoutCache("UTC", Granularity.DAY)
    with pytest.raises(ValueError, match="another zone or grouping"):
        build_rows(small, zone="Asia/Tokyo", now_utc=NOW, placements=cache)
    with pytest.raises(ValueError, match="another zone or grouping"):
        build_rows(small, zone="UTC", now_utc=NOW, granularity=Granularity.MONTH, placements=cache)


def test_a_build_stops_when_asked() -> None:
    events = [
        Event(
            id=f"e{i}", title=f"Event {i}", start=Instant(i * 600, "UTC"), sort_key=i * 600, order=i
        )
        for i in range(CHECK_EVERY + 1)
    ]
    timeline = Timeline.build(title=None, timezone=None, actors={}, events=events)
    cache = ZoneLayoutCache("UTC", Granularity.DAY)
    with pytest.raises(BuildStopped):  # while laying out
        build_rows(timeline, zone="UTC", now_utc=NOW, placements=cache, should_stop=lambda: True)
    build_rows(timeline, zone="UTC", now_utc=NOW, placements=cache)  # the layout is made
    with pytest.raises(BuildStopped):  # while walking the events (a view not built yet)
        build_rows(
            timeline, zone="UTC", now_utc=NOW + 60, placements=cache, should_stop=lambda: True
        )
