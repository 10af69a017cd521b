"""Presenting times to people: one line per value, in a chosen zone.

Used by the command line (``timeline show``) and by the explorer, so both say the same
thing the same way. Every function is pure and deterministic: "now" is always passed in.

Two rules hold throughout:

* an :class:`~tui.core.model.Instant` is shown in the zone asked for, with that zone's
  abbreviation (``Wed 20 Aug 2025 08:30 EDT``);
* a :class:`~tui.core.model.CalendarDate` is shown exactly as written (``Tue 24 Jun 2025``,
  ``Feb 2014``, ``2014``) and is never turned into a moment, whatever the zone.

Names of days and months are English whatever the machine's locale, so output is stable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .hostzone import local_zone
from .humanize import relative_days, relative_months, relative_to_now, relative_years
from .localtime import local_datetime
from .model import CalendarDate, Event, Instant, Precision, When
from .zones import UTC_KEY, abbreviation, city_name, format_offset, offset_seconds

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
"""English weekday names by ``date.weekday()``, whatever the locale."""
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MINUS = "\u2212"
"""The minus sign used in markers such as ``−1 day`` (not a hyphen)."""


# --- small formatters -------------------------------------------------------------------


def date_text(day: date, *, weekday: bool = True, year: bool = True) -> str:
    """A calendar day as ``Tue 24 Jun 2025``.

    Args:
        day: The day.
        weekday: Include the weekday name.
        year: Include the year.

    Returns:
        The text.
    """
    parts = [WEEKDAYS[day.weekday()]] if weekday else []
    parts += [str(day.day), _MONTHS[day.month - 1]]
    if year:
        parts.append(f"{day.year:04d}")
    return " ".join(parts)


def clock_text(instant: Instant, zone_key: str) -> str:
    """The wall-clock time of ``instant`` in a zone: ``14:30`` (``14:30:05`` to the second).

    Args:
        instant: The moment.
        zone_key: Canonical zone key.

    Returns:
        The time, 24-hour.
    """
    local = local_datetime(instant.utc, zone_key)
    if instant.precision is Precision.SECOND:
        return f"{local.hour:02d}:{local.minute:02d}:{local.second:02d}"
    return f"{local.hour:02d}:{local.minute:02d}"


def time_text(instant: Instant, zone_key: str, *, with_date: bool = False) -> str:
    """``14:30 CEST`` (or ``Wed 20 Aug 2025 14:30 CEST`` with the date).

    Args:
        instant: The moment.
        zone_key: Canonical zone key.
        with_date: Prefix the local date.

    Returns:
        The text.
    """
    clock = f"{clock_text(instant, zone_key)} {abbreviation(zone_key, instant.utc)}"
    if with_date:
        return f"{date_text(local_date_of(instant, zone_key))} {clock}"
    return clock


def calendar_text(value: CalendarDate) -> str:
    """A calendar date as written: ``Tue 24 Jun 2025``, ``Feb 2014`` or ``2014``.

    Args:
        value: The date.

    Returns:
        The text.
    """
    if value.precision is Precision.DAY:
        return date_text(value.first_day())
    if value.month is not None:
        return f"{_MONTHS[value.month - 1]} {value.year:04d}"
    return f"{value.year:04d}"


def describe_when(when: Instant | CalendarDate, zone_key: str) -> str:
    """One time value for people.

    Args:
        when: An instant or a calendar date.
        zone_key: The zone an instant is shown in; calendar dates ignore it.

    Returns:
        ``Wed 20 Aug 2025 08:30 EDT`` for an instant; for a calendar date the date as
        written: ``Tue 24 Jun 2025``, ``Feb 2014`` or ``2014``.
    """
    if isinstance(when, CalendarDate):
        return calendar_text(when)
    return time_text(when, zone_key, with_date=True)


# --- days -------------------------------------------------------------------------------


def local_date_of(when: Instant | CalendarDate, zone_key: str) -> date:
    """The one local date a value falls on in a zone's calendar.

    For the range of days an event covers, see :func:`tui.core.localtime.covered_days`.

    Args:
        when: An instant, or a calendar date (its first day, whatever the zone).
        zone_key: Canonical zone key for instants.

    Returns:
        The local date.
    """
    if isinstance(when, CalendarDate):
        return when.first_day()
    return local_datetime(when.utc, zone_key).date()


# --- one instant in many zones ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ZoneTime:
    """An instant as seen in one zone, compared with a reference zone.

    Attributes:
        zone: Canonical zone key.
        city: Human name of the zone (``New York``, ``UTC+05:30``).
        local: Local wall-clock time, ``HH:MM``.
        weekday: Local weekday, ``Wed``.
        date: Local calendar day.
        abbreviation: Zone abbreviation at that instant (``EDT``, ``+0545``).
        offset: Offset from UTC as text (``UTC-04:00``).
        offset_seconds: Offset from UTC in seconds.
        minute_of_day: Minutes since local midnight (0..1439), for drawing.
        day_shift: Local day minus the reference zone's day for the same instant
            (usually -1, 0 or +1).
        marker: ``+1 day``, ``−1 day`` or ``""``.
    """

    zone: str
    city: str
    local: str
    weekday: str
    date: date
    abbreviation: str
    offset: str
    offset_seconds: int
    minute_of_day: int
    day_shift: int
    marker: str

    @property
    def date_text(self) -> str:
        """``Wed 20 Aug``: the local day without the year."""
        return date_text(self.date, year=False)


def shift_marker(day_shift: int) -> str:
    """``+1 day``, ``−1 day``, ``+2 days`` or ``""`` for no shift.

    Args:
        day_shift: Days relative to the reference.

    Returns:
        The marker text.
    """
    if day_shift == 0:
        return ""
    sign = "+" if day_shift > 0 else MINUS
    n = abs(day_shift)
    return f"{sign}{n} day{'s' if n != 1 else ''}"


def zone_line(instant: Instant, zone_key: str, reference_zone: str) -> ZoneTime:
    """How ``instant`` reads in ``zone_key``, with its day compared to ``reference_zone``.

    Args:
        instant: The moment.
        zone_key: Canonical key of the zone to show.
        reference_zone: The zone whose calendar day counts as "the same day" (normally the
            event's own zone).

    Returns:
        The zone's reading of the instant.
    """
    local = local_datetime(instant.utc, zone_key)
    here = local.date()
    there = local_datetime(instant.utc, reference_zone).date()
    shift = (here - there).days
    offset = offset_seconds(zone_key, instant.utc)
    return ZoneTime(
        zone=zone_key,
        city=city_name(zone_key),
        local=f"{local.hour:02d}:{local.minute:02d}",
        weekday=WEEKDAYS[here.weekday()],
        date=here,
        abbreviation=abbreviation(zone_key, instant.utc),
        offset=format_offset(offset),
        offset_seconds=offset,
        minute_of_day=local.hour * 60 + local.minute,
        day_shift=shift,
        marker=shift_marker(shift),
    )


# --- relative times and durations ------------------------------------------------------


def relative(when: Instant | CalendarDate, now_utc: int, zone_key: str | None = None) -> str:
    """How long ago, or how far ahead, ``when`` is: ``1 year 8 months ago``, ``in 2 days``.

    The two largest units are given (:mod:`tui.core.humanize`), never rounded up. Calendar
    dates are compared by calendar days (or months, or years) in ``zone_key``, never by
    midnight arithmetic: a day that is today there reads ``today``; likewise
    ``yesterday``, ``tomorrow``, ``this month``, ``this year``.

    Args:
        when: An instant or a calendar date.
        now_utc: The current time, UTC seconds (injected for determinism).
        zone_key: The zone whose calendar says what "today" is; defaults to the
            computer's local zone. Instants do not depend on it.

    Returns:
        The humanised text (English).
    """
    if isinstance(when, Instant):
        # counted in UTC: the same two instants read the same in every display zone
        return relative_to_now(local_datetime(when.utc, UTC_KEY), local_datetime(now_utc, UTC_KEY))
    today = local_datetime(now_utc, zone_key or local_zone()).date()
    if when.first_day() <= today <= when.last_day():
        return {Precision.DAY: "today", Precision.MONTH: "this month"}.get(
            when.precision, "this year"
        )
    if when.precision is Precision.DAY:
        return relative_days(when.first_day(), today)
    if when.precision is Precision.MONTH:
        return relative_months(when.year, when.month or 1, today)
    return relative_years(when.year, today)


def seconds_text(seconds: int) -> str:
    """A length of time: ``45 min``, ``2 h 45 min``, ``1 day 3 h``, ``30 s``.

    Rounded to the minute from one minute up; the two largest units are shown.

    Args:
        seconds: A non-negative number of seconds.

    Returns:
        The text.
    """
    seconds = abs(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes = (seconds + 30) // 60
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts: list[str] = []
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
        if hours:
            parts.append(f"{hours} h")
        return " ".join(parts)
    if hours:
        parts.append(f"{hours} h")
    if mins:
        parts.append(f"{mins} min")
    return " ".join(parts)


def duration_text(start: When, end: When | None) -> str | None:
    """How long something lasted: ``2 h 45 min``, ``2 days``, ``3 months``.

    Calendar dates count inclusively: 24 to 25 June is ``2 days``; February to March is
    ``2 months``; 2014 to 2016 is ``3 years``.

    Args:
        start: The start.
        end: The end, if known.

    Returns:
        The text, or ``None`` without an end (or when start and end are of different kinds).
    """
    if end is None:
        return None
    if isinstance(start, Instant) and isinstance(end, Instant):
        return seconds_text(end.utc - start.utc)
    if isinstance(start, CalendarDate) and isinstance(end, CalendarDate):
        if start.precision is Precision.YEAR and end.precision is Precision.YEAR:
            n = end.year - start.year + 1
            return f"{n} year{'s' if n != 1 else ''}"
        if start.precision is Precision.MONTH and end.precision is Precision.MONTH:
            n = (end.year * 12 + (end.month or 1)) - (start.year * 12 + (start.month or 1)) + 1
            return f"{n} month{'s' if n != 1 else ''}"
        n = (end.last_day() - start.first_day()).days + 1
        return f"{n} day{'s' if n != 1 else ''}"
    return None


def signed_delta(seconds: int) -> str:
    """A signed difference: ``+26 min``, ``−1 h 5 min``, ``on time`` for zero.

    Args:
        seconds: Actual minus planned, in seconds.

    Returns:
        The text, with a true minus sign.
    """
    if seconds == 0:
        return "on time"
    return ("+" if seconds > 0 else MINUS) + seconds_text(seconds)


# --- whole events -----------------------------------------------------------------------


def span_text(event: Event, zone_key: str) -> str:
    """Start and end on one line.

    Examples: ``Fri 15 Aug 2025 11:00–14:15 AKDT`` (one day),
    ``Fri 15 Aug 2025 22:00 – Sat 16 Aug 01:30 AKDT`` (across days),
    ``Tue 24 Jun 2025 – Wed 25 Jun 2025`` (dates, as written).

    Args:
        event: The event.
        zone_key: The zone instants are shown in.

    Returns:
        The text.
    """
    start, end = event.start, event.end
    if end is None or end == start:
        return describe_when(start, zone_key)
    if isinstance(start, Instant) and isinstance(end, Instant):
        if local_date_of(start, zone_key) == local_date_of(end, zone_key):
            abbr_start = abbreviation(zone_key, start.utc)
            abbr_end = abbreviation(zone_key, end.utc)
            day = date_text(local_date_of(start, zone_key))
            first, last = clock_text(start, zone_key), clock_text(end, zone_key)
            if abbr_start == abbr_end:
                return f"{day} {first}–{last} {abbr_end}"
            return f"{day} {first} {abbr_start} – {last} {abbr_end}"
        first_day, last_day = local_date_of(start, zone_key), local_date_of(end, zone_key)
        abbr_start = abbreviation(zone_key, start.utc)
        abbr_end = abbreviation(zone_key, end.utc)
        head = f"{date_text(first_day)} {clock_text(start, zone_key)}"
        if abbr_start != abbr_end:
            head += f" {abbr_start}"
        tail_day = date_text(last_day, year=last_day.year != first_day.year)
        return f"{head} – {tail_day} {clock_text(end, zone_key)} {abbr_end}"
    return f"{describe_when(start, zone_key)} – {describe_when(end, zone_key)}"


def schedule_lines(event: Event, zone_key: str) -> list[str]:
    """Planned versus actual times, where the event records a schedule.

    Example: ``scheduled 11:00 AKDT, began 11:26 AKDT (+26 min)``.

    Args:
        event: The event.
        zone_key: The zone instants are shown in (normally the event's own).

    Returns:
        Zero, one or two lines (start, then end).
    """
    lines: list[str] = []
    pairs = (
        (event.scheduled_start, event.start, "scheduled", "began"),
        (event.scheduled_end, event.end, "scheduled to end", "ended"),
    )
    for planned, actual, planned_word, actual_word in pairs:
        if planned is None:
            continue
        if actual is None:
            lines.append(f"{planned_word} {_short(planned, None, zone_key)}")
            continue
        text = (
            f"{planned_word} {_short(planned, actual, zone_key)}, "
            f"{actual_word} {_short(actual, planned, zone_key)}"
        )
        if isinstance(planned, Instant) and isinstance(actual, Instant):
            text += f" ({signed_delta(actual.utc - planned.utc)})"
        elif isinstance(planned, CalendarDate) and isinstance(actual, CalendarDate):
            days = (actual.first_day() - planned.first_day()).days
            if days:
                text += f" ({shift_marker(days)})"
        lines.append(text)
    return lines


def _short(value: When, other: When | None, zone_key: str) -> str:
    """A time without its date when ``other`` falls on the same local day."""
    if isinstance(value, Instant):
        same_day = isinstance(other, Instant) and local_date_of(other, zone_key) == local_date_of(
            value, zone_key
        )
        return time_text(value, zone_key, with_date=not same_day)
    return calendar_text(value)
