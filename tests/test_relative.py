"""Relative times: the two largest units, never rounded up, against a frozen clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.display import relative
from tui.core.humanize import distance, relative_days, relative_to_now
from tui.core.model import CalendarDate, Instant, Precision

NOW = datetime(2026, 12, 1, 2, 47, tzinfo=UTC)
"""The frozen clock."""
NOW_UTC = int(NOW.timestamp())


def instant(year: int, month: int, day: int, hour: int, minute: int) -> Instant:
    moment = datetime(year, month, day, hour, minute, tzinfo=UTC)
    return Instant(int(moment.timestamp()), "UTC", Precision.MINUTE)


@pytest.mark.parametrize(
    ("then", "expected"),
    [
        # twenty months is "1 year 8 months", never "2 years"
        (datetime(2025, 4, 1, 2, 47, tzinfo=UTC), "1 year 8 months ago"),
        (datetime(2025, 12, 1, 2, 47, tzinfo=UTC), "1 year ago"),
        # 1 year and 11 days: the unit after years is months, and there are none
        (datetime(2025, 11, 20, 2, 47, tzinfo=UTC), "1 year ago"),
        (datetime(2026, 11, 27, 22, 47, tzinfo=UTC), "3 days 4 hours ago"),
        (datetime(2026, 12, 1, 0, 42, tzinfo=UTC), "2 hours 5 minutes ago"),
        (datetime(2026, 12, 1, 2, 46, tzinfo=UTC), "1 minute ago"),
        (datetime(2026, 12, 1, 2, 46, 30, tzinfo=UTC), "just now"),
        (NOW, "just now"),
        (datetime(2026, 12, 1, 2, 47, 59, tzinfo=UTC), "in less than a minute"),
        (datetime(2026, 12, 1, 4, 52, tzinfo=UTC), "in 2 hours 5 minutes"),
        (datetime(2027, 2, 3, 2, 47, tzinfo=UTC), "in 2 months 2 days"),
        # the lower unit is counted down: 1 year 8 months and 29 days is still 8 months
        (datetime(2025, 3, 3, 2, 47, tzinfo=UTC), "1 year 8 months ago"),
    ],
)
def test_instants_in_their_two_largest_units(then: datetime, expected: str) -> None:
    assert relative_to_now(then, NOW) == expected


def test_display_relative_of_an_instant_is_precise() -> None:
    assert relative(instant(2025, 4, 1, 2, 47), NOW_UTC) == "1 year 8 months ago"
    # the NATO video conference, 14:30 CEST on 20 August 2025, seen on 1 December 2026
    assert relative(instant(2025, 8, 20, 12, 30), NOW_UTC, "Europe/Kyiv") == ("1 year 3 months ago")


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (CalendarDate(2025, 4, 1), "1 year 8 months ago"),
        (CalendarDate(2026, 11, 28), "3 days ago"),
        (CalendarDate(2026, 11, 30), "yesterday"),
        (CalendarDate(2026, 12, 1), "today"),
        (CalendarDate(2027, 1, 15), "in 1 month 14 days"),
        (CalendarDate(2025, 4), "1 year 8 months ago"),
        (CalendarDate(2026, 12), "this month"),
        (CalendarDate(2027, 2), "in 2 months"),
        (CalendarDate(2014), "12 years ago"),
        (CalendarDate(2026), "this year"),
    ],
)
def test_calendar_dates_in_calendar_units(when: CalendarDate, expected: str) -> None:
    assert relative(when, NOW_UTC, "UTC") == expected


def test_a_calendar_day_is_counted_on_the_display_zones_calendar() -> None:
    # 02:47 UTC on 1 December is still 30 November in New York
    assert relative(CalendarDate(2026, 11, 30), NOW_UTC, "America/New_York") == "today"
    assert relative(CalendarDate(2026, 11, 30), NOW_UTC, "Asia/Tokyo") == "yesterday"


def _count(words: str, unit: str) -> int:
    parts = words.split()
    for i, word in enumerate(parts[1:], 1):
        if word.rstrip("s") == unit:
            return int(parts[i - 1])
    return 0


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=60, max_value=40 * 366 * 86400))
def test_what_is_said_has_elapsed_and_the_next_unit_has_not(seconds: int) -> None:
    then = NOW - timedelta(seconds=seconds)
    words = distance(then, NOW)
    units = words.split()[1::2]
    assert 1 <= len(units) <= 2
    years, months = _count(words, "year"), _count(words, "month")
    days, hours, minutes = _count(words, "day"), _count(words, "hour"), _count(words, "minute")
    # everything said has fully elapsed: adding it to the earlier moment does not pass now
    month_index = then.month - 1 + 12 * years + months
    year, month = then.year + month_index // 12, month_index % 12 + 1
    # a day that the target month lacks stands for its last day, as on the calendar
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    moved = then.replace(year=year, month=month, day=min(then.day, last))
    moved += timedelta(days=days, hours=hours, minutes=minutes)
    assert moved <= NOW
    # and the largest unit said is the largest that has elapsed
    largest = units[0].rstrip("s")
    if largest != "year":
        assert then > NOW.replace(year=NOW.year - 1)


def test_days_apart_never_include_hours() -> None:
    assert distance(date(2025, 6, 24), date(2026, 12, 1)) == "1 year 5 months"
    assert relative_days(date(2026, 12, 3), date(2026, 12, 1)) == "in 2 days"
