"""One rule for the days an event covers, the same through the command line and the explorer.

:func:`tui.core.localtime.covered_days` is the rule; ``timeline list --since/--until`` and
the explorer's date filter (``app.filters`` -> ``TimelineIndex.matches`` -> ``app.rows``)
must both go through it. The fixtures are shared: an event from 22:00 to 00:00 UTC shown in
UTC, New York and Tokyo.
"""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from tui.app.filters import FilterStack, parse_date_range
from tui.app.row_view import build_rows
from tui.cli import main
from tui.core.loader import load_text
from tui.core.localtime import covered_days
from tui.core.model import CalendarDate, Instant, Timeline, When
from tui.core.query import TimelineIndex
from tui.core.timeparse import parse_when

NOW = 1764201600  # 2025-11-27 00:00 UTC

FIXTURE = """\
title: Days rule
events:
  - id: late-call
    title: Late call
    start: 2025-08-18T22:00Z
    end: 2025-08-19T00:00Z
  - id: all-day
    title: Whole day
    start: 2025-08-19
  - id: past-midnight
    title: Past midnight
    start: 2025-08-19T23:30Z
    end: 2025-08-20T00:30Z
"""

# (display zone, day asked for) -> the events a filter for that one day shows
EXPECTED = {
    ("UTC", "2025-08-18"): {"late-call"},
    ("UTC", "2025-08-19"): {"all-day", "past-midnight"},
    ("UTC", "2025-08-20"): {"past-midnight"},
    ("America/New_York", "2025-08-18"): {"late-call"},  # 18:00-20:00 EDT
    ("America/New_York", "2025-08-19"): {"all-day", "past-midnight"},  # 19:30-20:30 EDT
    ("America/New_York", "2025-08-20"): set(),
    ("Asia/Tokyo", "2025-08-18"): set(),
    ("Asia/Tokyo", "2025-08-19"): {"late-call", "all-day"},  # 07:00-09:00 JST
    ("Asia/Tokyo", "2025-08-20"): {"past-midnight"},  # 08:30-09:30 JST
}


def ordinal(year: int, month: int, day: int) -> int:
    return date(year, month, day).toordinal()


def at(text: str, zone: str) -> Instant:
    value = parse_when(text, zone)
    assert isinstance(value, Instant)
    return value


@pytest.fixture
def timeline() -> Timeline:
    return load_text(FIXTURE, "days.yaml")


@pytest.fixture
def events_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "days.yaml"
    path.write_text(FIXTURE, encoding="utf-8")
    return path


def through_cli(path: Path, zone: str, day: str) -> set[str]:
    out, err = io.StringIO(), io.StringIO()
    argv = ["list", str(path), "--since", day, "--until", day, "--tz", zone, "--format", "json"]
    code = main(argv, out=out, err=err, env={"TZ": "UTC"}, clock=lambda: float(NOW))
    assert code == 0, err.getvalue()
    return {item["id"] for item in json.loads(out.getvalue())}


def through_explorer(timeline: Timeline, zone: str, day: str) -> set[str]:
    stack = FilterStack().with_dates(parse_date_range(day))
    matches = TimelineIndex.build(timeline).matches(stack.to_filter(zone))
    rows = build_rows(timeline, zone=zone, now_utc=NOW, matches=matches)
    shown = {row.event.id for row in rows.rows if row.event is not None}
    assert shown == {timeline.events[i].id for i in matches}
    return shown


# --- the two entry points agree ---------------------------------------------------------


@pytest.mark.parametrize(("zone", "day"), list(EXPECTED))
def test_cli_and_explorer_filter_a_day_alike(
    timeline: Timeline, events_file: Path, zone: str, day: str
) -> None:
    expected = EXPECTED[(zone, day)]
    assert through_cli(events_file, zone, day) == expected
    assert through_explorer(timeline, zone, day) == expected


@pytest.mark.parametrize(
    ("zone", "first_day"),
    [
        ("UTC", date(2025, 8, 18)),
        ("America/New_York", date(2025, 8, 18)),
        ("Asia/Tokyo", date(2025, 8, 19)),
    ],
)
def test_the_explorer_places_the_late_call_on_its_first_day(
    timeline: Timeline, zone: str, first_day: date
) -> None:
    rows = build_rows(timeline, zone=zone, now_utc=NOW)
    late = next(row for row in rows.rows if row.event is not None and row.event.id == "late-call")
    assert late.day == first_day


# --- the rule itself --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "days"),
    [
        ("UTC", (ordinal(2025, 8, 18), ordinal(2025, 8, 18))),
        ("America/New_York", (ordinal(2025, 8, 18), ordinal(2025, 8, 18))),
        ("Asia/Tokyo", (ordinal(2025, 8, 19), ordinal(2025, 8, 19))),
        ("Europe/London", (ordinal(2025, 8, 18), ordinal(2025, 8, 19))),  # 23:00-01:00 BST
        (None, (ordinal(2025, 8, 18), ordinal(2025, 8, 18))),  # each instant's own zone: UTC
    ],
)
def test_an_event_ending_at_midnight_does_not_cover_the_next_day(
    zone: str | None, days: tuple[int, int]
) -> None:
    start, end = at("2025-08-18 22:00", "UTC"), at("2025-08-19 00:00", "UTC")
    assert covered_days(start, end, zone) == days


def test_the_last_day_is_that_of_the_last_instant_before_the_end() -> None:
    start = at("2025-08-18 22:00", "UTC")
    one_second_past = at("2025-08-19 00:00:01", "UTC")
    assert covered_days(start, one_second_past, "UTC") == (
        ordinal(2025, 8, 18),
        ordinal(2025, 8, 19),
    )
    overnight = at("2025-08-19 02:00", "UTC")
    assert covered_days(start, overnight, "UTC") == (ordinal(2025, 8, 18), ordinal(2025, 8, 19))


def test_an_instant_without_length_covers_its_day() -> None:
    midnight = at("2025-08-19 00:00", "UTC")
    assert covered_days(midnight, None, "UTC") == (ordinal(2025, 8, 19), ordinal(2025, 8, 19))
    assert covered_days(midnight, midnight, "UTC") == (ordinal(2025, 8, 19), ordinal(2025, 8, 19))


def test_a_call_in_new_york_read_in_other_zones() -> None:
    start = at("2025-08-18 20:00", "America/New_York")
    end = at("2025-08-18 23:30", "America/New_York")
    eighteenth, nineteenth = ordinal(2025, 8, 18), ordinal(2025, 8, 19)
    assert covered_days(start, end, "America/New_York") == (eighteenth, eighteenth)
    assert covered_days(start, end, "America/Anchorage") == (eighteenth, eighteenth)
    assert covered_days(start, end, "Europe/Kyiv") == (nineteenth, nineteenth)
    assert covered_days(start, end, "Europe/London") == (nineteenth, nineteenth)


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago", None])
def test_calendar_dates_cover_their_dates_in_every_zone(zone: str | None) -> None:
    cases: list[tuple[When, When | None, tuple[int, int]]] = [
        (CalendarDate(2025, 6, 24), None, (ordinal(2025, 6, 24), ordinal(2025, 6, 24))),
        (
            CalendarDate(2025, 6, 24),
            CalendarDate(2025, 6, 25),
            (ordinal(2025, 6, 24), ordinal(2025, 6, 25)),
        ),
        (CalendarDate(2014, 2), None, (ordinal(2014, 2, 1), ordinal(2014, 2, 28))),
        (CalendarDate(2024, 2), None, (ordinal(2024, 2, 1), ordinal(2024, 2, 29))),
        (CalendarDate(2024), None, (ordinal(2024, 1, 1), ordinal(2024, 12, 31))),
        (
            CalendarDate(2014),
            CalendarDate(2016, 3),
            (ordinal(2014, 1, 1), ordinal(2016, 3, 31)),
        ),
    ]
    for start, end, days in cases:
        assert covered_days(start, end, zone) == days, (start, end)


def test_a_date_with_a_timed_end_or_a_time_with_a_dated_end() -> None:
    day = CalendarDate(2025, 6, 24)
    midnight_after = at("2025-06-25 00:00", "UTC")
    assert covered_days(day, midnight_after, "UTC") == (ordinal(2025, 6, 24), ordinal(2025, 6, 24))
    morning_after = at("2025-06-25 09:00", "UTC")
    assert covered_days(day, morning_after, "UTC") == (ordinal(2025, 6, 24), ordinal(2025, 6, 25))
    # an end before the date's first day never makes the span run backwards
    early = at("2025-06-23 09:00", "UTC")
    assert covered_days(day, early, "UTC") == (ordinal(2025, 6, 24), ordinal(2025, 6, 24))
    start = at("2025-06-24 22:00", "UTC")
    assert covered_days(start, CalendarDate(2025, 6, 26), "Asia/Tokyo") == (
        ordinal(2025, 6, 25),
        ordinal(2025, 6, 26),
    )


def test_without_a_zone_each_instant_is_read_in_its_own() -> None:
    # a flight: leaves Brussels at 22:00 CEST, lands in New York at 00:30 EDT the next day
    leaves = at("2025-08-18 22:00", "Europe/Brussels")
    lands = at("2025-08-19 00:30", "America/New_York")
    assert covered_days(leaves, lands, None) == (ordinal(2025, 8, 18), ordinal(2025, 8, 19))
    assert covered_days(leaves, lands, "Europe/Brussels") == (
        ordinal(2025, 8, 18),
        ordinal(2025, 8, 19),
    )
    assert covered_days(leaves, lands, "America/New_York") == (
        ordinal(2025, 8, 18),
        ordinal(2025, 8, 19),
    )
    assert covered_days(leaves, lands, "America/Los_Angeles") == (
        ordinal(2025, 8, 18),
        ordinal(2025, 8, 18),
    )
