"""How far apart two moments or two days are, in words: ``1 year 8 months``, ``3 days 4 hours``.

A rounded figure misleads on a timeline: "2 years ago" for twenty months puts an event in the
wrong year. So a distance is given in its two largest calendar units, the second the unit
just below the first (``1 year 8 months``, ``2 hours 5 minutes``, ``1 year`` when the months
are zero), each counted down, never rounded up: what is said has always fully elapsed.

Months and years are counted on the calendar, as people count them (15 March to 15 May is
``2 months``; from the 31st, a shorter month's last day is a month on). Pure functions:
"now" is always passed in.
"""

from __future__ import annotations

from datetime import date, datetime

import pendulum

UNITS = ("year", "month", "day", "hour", "minute")
"""The units a distance is given in, largest first. Weeks are left out: "17 days" says
more than "2 weeks" on a timeline."""

JUST_NOW = "just now"
"""An instant less than a minute in the past (or now itself)."""
IN_UNDER_A_MINUTE = "in less than a minute"
"""An instant less than a minute ahead."""


def _amount(count: int, unit: str) -> str:
    return f"{count} {unit}{'s' if count != 1 else ''}"


def _two_largest(counts: tuple[int, ...]) -> str:
    """The first non-zero unit of ``counts`` (aligned with :data:`UNITS`) and the next."""
    for i, count in enumerate(counts):
        if count:
            words = [_amount(count, UNITS[i])]
            if i + 1 < len(counts) and counts[i + 1]:
                words.append(_amount(counts[i + 1], UNITS[i + 1]))
            return " ".join(words)
    return ""


def distance(earlier: datetime | date, later: datetime | date) -> str:
    """The distance between two moments (or two days) in its two largest units.

    Args:
        earlier: The first moment, aware, or a day.
        later: The second, of the same kind, not before ``earlier``.

    Returns:
        ``1 year 8 months``, ``3 days 4 hours``, ``45 minutes``; for days, ``2 months
        3 days``, never hours. Empty when they are less than a minute (or a day) apart.
    """
    if isinstance(earlier, datetime) and isinstance(later, datetime):
        span = pendulum.instance(earlier).diff(pendulum.instance(later))
        days = span.weeks * 7 + span.remaining_days  # the days left after whole months
        counts: tuple[int, ...] = (span.years, span.months, days, span.hours, span.minutes)
    else:
        first = pendulum.date(earlier.year, earlier.month, earlier.day)
        span_days = first.diff(pendulum.date(later.year, later.month, later.day))
        days = span_days.weeks * 7 + span_days.remaining_days
        counts = (span_days.years, span_days.months, days)
    return _two_largest(counts)


def relative_to_now(then: datetime, now: datetime) -> str:
    """How long ago, or how far ahead, an instant is: ``1 year 8 months ago``, ``in 2 hours 5
    minutes``; ``just now`` within the last minute, ``in less than a minute`` for the next.

    Args:
        then: The instant, aware.
        now: The current time, aware.

    Returns:
        The text (English).
    """
    if then <= now:
        words = distance(then, now)
        return f"{words} ago" if words else JUST_NOW
    words = distance(now, then)
    return f"in {words}" if words else IN_UNDER_A_MINUTE


def relative_days(then: date, today: date) -> str:
    """How many calendar days, months and years ago, or ahead, a day is.

    Args:
        then: The day.
        today: Today's date where the reader is.

    Returns:
        ``today``, ``yesterday``, ``tomorrow``, ``3 days ago``, ``in 1 month 2 days``,
        ``1 year 8 months ago``.
    """
    delta = (then - today).days
    if delta == 0:
        return "today"
    if delta == -1:
        return "yesterday"
    if delta == 1:
        return "tomorrow"
    if delta < 0:
        return f"{distance(then, today)} ago"
    return f"in {distance(today, then)}"


def relative_months(year: int, month: int, today: date) -> str:
    """How many months and years ago, or ahead, a calendar month is (``this month``)."""
    months = (year * 12 + month) - (today.year * 12 + today.month)
    if months == 0:
        return "this month"
    words = _two_largest(divmod(abs(months), 12))
    return f"{words} ago" if months < 0 else f"in {words}"


def relative_years(year: int, today: date) -> str:
    """How many years ago, or ahead, a calendar year is (``this year``)."""
    years = year - today.year
    if years == 0:
        return "this year"
    words = _amount(abs(years), "year")
    return f"{words} ago" if years < 0 else f"in {words}"
