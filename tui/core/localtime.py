"""Instants as local time: the one conversion, and the one rule for the days an event covers.

An :class:`~tui.core.model.Instant` is UTC seconds; people read it as a wall-clock time
and a calendar day in some zone. Every part of the program that needs that reading (the
command line, the explorer's rows and overview, the time card, the parser's checks) asks
:func:`local_datetime` or :func:`local_day`, so two screens can never disagree about the
day or the hour of the same instant.

Every question "which days does this event cover?" (a date filter on the command line or
in the explorer, the explorer's day headings and gaps) is answered by :func:`covered_days`.

The loader accepts only instants that are inside years 1..9999 in every zone (from
:data:`MIN_UTC` to :data:`MAX_UTC`), so any instant read from a file converts in any zone.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING

from .model import CalendarDate, Instant, When
from .zones import MAX_OFFSET_SECONDS, UTC_KEY, get_tzinfo

if TYPE_CHECKING:
    import pendulum

__all__ = [
    "MAX_UTC",
    "MIN_UTC",
    "covered_days",
    "format_when_iso",
    "local_datetime",
    "local_day",
    "to_pendulum",
]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MARGIN = MAX_OFFSET_SECONDS  # no zone is further from UTC: ±18:00 (tzdata's widest is 15:56)

MIN_UTC = int((datetime(1, 1, 1, tzinfo=UTC) - _EPOCH).total_seconds()) + _MARGIN
"""The earliest supported instant, 0001-01-01T18:00:00Z in Unix seconds: the first that is
inside year 1 in every zone, so that any instant the loader accepts can be shown anywhere."""

MAX_UTC = int((datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC) - _EPOCH).total_seconds()) - _MARGIN
"""The latest supported instant, 9999-12-31T05:59:59Z in Unix seconds: the last that is
inside year 9999 in every zone."""

_ZONES: dict[str, tzinfo] = {}
"""Zone key -> its rules: a plain dict lookup is the cheapest way to reach them per call."""
_ZONES_LIMIT = 4096  # canonical keys are a few hundred; fixed offsets could be many more


def _rules(zone_key: str) -> tzinfo:
    tz = get_tzinfo(zone_key)  # raises ZoneLookupError for a key that is not canonical
    if len(_ZONES) >= _ZONES_LIMIT:
        _ZONES.clear()
    _ZONES[zone_key] = tz
    return tz


def local_datetime(utc_seconds: int, zone_key: str) -> datetime:
    """An instant as an aware local date and time in a zone.

    Args:
        utc_seconds: Seconds since the Unix epoch.
        zone_key: Canonical zone key (``Europe/Brussels``, ``UTC``, ``UTC+05:30``).

    Returns:
        The aware ``datetime`` in the zone's rules (``fold`` set for the second of two
        identical wall times).

    Raises:
        ZoneLookupError: ``zone_key`` is not canonical.
        OverflowError: The local time would fall outside years 1..9999 (never for an
            instant the loader accepted).
    """
    tz = _ZONES.get(zone_key) or _rules(zone_key)
    try:
        return datetime.fromtimestamp(utc_seconds, tz)
    except (OverflowError, OSError, ValueError):
        # fromtimestamp goes through the C library, which refuses times before 1970 on
        # some systems; plain arithmetic is exact everywhere, only slower
        try:
            return (_EPOCH + timedelta(seconds=utc_seconds)).astimezone(tz)
        except (OverflowError, ValueError):
            raise OverflowError(
                f"{utc_seconds} seconds from the epoch fall outside years 1..9999 in {zone_key}"
            ) from None


def local_day(utc_seconds: int, zone_key: str) -> int:
    """The calendar day an instant falls on in a zone, as a proleptic Gregorian ordinal.

    Compare it with ``date.toordinal()``, or turn it back with ``date.fromordinal``.

    Args:
        utc_seconds: Seconds since the Unix epoch.
        zone_key: Canonical zone key.

    Returns:
        The local day's ordinal (``1`` is 0001-01-01).

    Raises:
        ZoneLookupError: ``zone_key`` is not canonical.
        OverflowError: As :func:`local_datetime`.
    """
    return local_datetime(utc_seconds, zone_key).toordinal()


def covered_days(
    start: When, end: When | None, zone_key: str | None, start_local: datetime | None = None
) -> tuple[int, int]:
    """The first and last calendar day an event covers, as ordinals: the one rule.

    An event covers the days from its start's day to the day of the last instant before
    its end, all read in ``zone_key``:

    * an instant is on the local day it falls on there;
    * an event ending exactly at local midnight does not cover the day that midnight
      opens (a meeting from 22:00 to 00:00 belongs to the evening);
    * an event without an end, or ending when it starts, covers its start's day;
    * a calendar date covers the days it names, in every zone: ``2025-06-24`` is the
      24th everywhere, ``2014-02`` covers all of February, ``2014`` the whole year.

    Args:
        start: The event's start.
        end: The event's end, if it has one.
        zone_key: The zone whose calendar is used; ``None`` reads each instant in its own
            zone.
        start_local: ``local_datetime(start.utc, zone_key)`` when the caller already has
            it (laying out a large timeline converts each start once, not twice).

    Returns:
        ``(first, last)`` ordinals (see :func:`local_day`), with ``first <= last``.

    Raises:
        ZoneLookupError: ``zone_key`` is not canonical.
    """
    if isinstance(start, Instant):
        if start_local is None:
            start_local = local_datetime(start.utc, zone_key or start.zone)
        first = start_local.toordinal()
        if end is None:
            return first, first
        start_utc: int | None = start.utc
    else:
        first = start.first_day().toordinal()
        if end is None:
            return first, start.last_day().toordinal()
        start_utc = None
    if isinstance(end, Instant):
        end_utc = end.utc
        if start_utc is not None and end_utc <= start_utc:
            return first, first
        last = local_datetime(end_utc - 1, zone_key or end.zone).toordinal()
    else:
        last = end.last_day().toordinal()
    return (first, last) if last > first else (first, first)


def format_when_iso(when: When, zone_key: str | None) -> str:
    """A value as ISO 8601.

    Args:
        when: The value.
        zone_key: Zone to show an instant in; ``None`` for the instant's own zone.

    Returns:
        For an instant, ``2025-08-20T08:30:00-04:00`` (seconds always shown; ``+00:00``
        for UTC); if the zone would put it outside years 1..9999 (never for an instant
        the loader accepted) it is shown in UTC instead. For a calendar date, the value
        as written (``2025-06``).

    Raises:
        ZoneLookupError: The zone key is not canonical.
    """
    if isinstance(when, CalendarDate):
        return when.iso()
    try:
        local = local_datetime(when.utc, zone_key or when.zone)
    except OverflowError:
        local = local_datetime(when.utc, UTC_KEY)
    return local.isoformat(timespec="seconds")


def to_pendulum(instant: Instant, zone_key: str | None = None) -> pendulum.DateTime:
    """The instant as an aware pendulum DateTime in a zone (for pendulum's formatting).

    Args:
        instant: The instant.
        zone_key: Canonical zone key; ``None`` for the instant's own zone.

    Returns:
        A ``pendulum.DateTime`` whose timezone is a pendulum ``Timezone`` for IANA keys,
        ``pendulum.UTC`` for ``UTC`` and a ``FixedTimezone`` for fixed keys.

    Raises:
        ZoneLookupError: The zone key is not canonical.
        OverflowError: As :func:`local_datetime`.
    """
    import pendulum  # only the humanised texts need it; loading stays free of it

    key = zone_key or instant.zone
    local = local_datetime(instant.utc, key)
    if isinstance(local.tzinfo, timezone) and key != UTC_KEY:  # a fixed key keeps its name
        delta = local.utcoffset()
        fixed = pendulum.FixedTimezone(0 if delta is None else int(delta.total_seconds()), key)
        return pendulum.instance(local).in_timezone(fixed)
    return pendulum.instance(local)
