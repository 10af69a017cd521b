"""Wall-clock times in a zone: which instant a local date and time denote, checked.

A wall time that does not exist in its zone (a spring-forward gap) or exists twice (a
fall-back fold) is an error unless an explicit offset makes it exact; every candidate is
found by asking the zone's rules and converting back, never guessed. Parsing the text of a
time value is :mod:`tui.core.timeparse`'s job; this module takes numbers.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from tui.core.localtime import MAX_UTC, MIN_UTC, local_datetime
from tui.core.model import CalendarDate, Instant, Precision
from tui.core.zones import (
    MAX_OFFSET_SECONDS,
    UTC_KEY,
    fixed_offset_key,
    format_offset,
    get_tzinfo,
)

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


class TimeValueError(ValueError):
    """A time value is malformed, impossible or ambiguous.

    Attributes:
        message: What is wrong and how to fix it, without a file position (the caller adds
            ``FILE:LINE:COL: ``).
    """

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)

    def __str__(self) -> str:
        return self.message


# --- Small helpers --------------------------------------------------------------------------


def _iso_offset(seconds: int) -> str:
    """``+02:00`` / ``-04:00`` (``+00:17:30`` with seconds): an offset as one writes it."""
    return format_offset(seconds).removeprefix("UTC")


def _offset_at(zone_key: str, utc: int) -> int:
    """The zone's offset at a UTC instant. Raises OverflowError outside years 1..9999."""
    delta = local_datetime(utc, zone_key).utcoffset()
    return 0 if delta is None else int(delta.total_seconds())


def _wall_at(utc: int, offset: int) -> datetime:
    """Wall-clock fields of ``utc`` under ``offset`` (read off a UTC datetime)."""
    return local_datetime(utc + offset, UTC_KEY)


def local_seconds(year: int, month: int, day: int, hour: int, minute: int, second: int) -> int:
    """Seconds from the epoch to a wall time read as if it were UTC (pure arithmetic)."""
    days = date(year, month, day).toordinal() - _EPOCH_ORDINAL
    return days * 86400 + hour * 3600 + minute * 60 + second


def _format_wall(
    year: int, month: int, day: int, hour: int, minute: int, second: int, seconds: bool
) -> str:
    text = f"{year:04d}-{month:02d}-{day:02d} {hour:02d}:{minute:02d}"
    return f"{text}:{second:02d}" if seconds else text


def _clock(dt: datetime, with_date: bool) -> str:
    text = f"{dt.hour:02d}:{dt.minute:02d}"
    if dt.second:
        text += f":{dt.second:02d}"
    return f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d} {text}" if with_date else text


def check_date(text: str, year: int, month: int | None, day: int | None) -> None:
    """Raise TimeValueError unless the (partial) date exists."""
    what = f"invalid date '{text}'"
    if not 1 <= year <= 9999:
        raise TimeValueError(f"{what}: year {year:04d} is out of range (0001-9999)")
    if month is None:
        return
    if not 1 <= month <= 12:
        raise TimeValueError(f"{what}: month {month:02d} does not exist (01-12)")
    if day is None:
        return
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        name = calendar.month_name[month]
        if day == 0:
            raise TimeValueError(f"{what}: day 00 does not exist (days start at 01)")
        raise TimeValueError(f"{what}: {name} {year:04d} has {days} days")


def check_clock(text: str, hour: int, minute: int, second: int) -> None:
    """Raise TimeValueError unless the clock time exists on a 24-hour clock."""
    what = f"invalid time '{text}'"
    if hour == 24 and minute == 0 and second == 0:
        raise TimeValueError(
            f"{what}: hours run 00-23; for midnight at the end of a day write 00:00 of the next day"
        )
    if not 0 <= hour <= 23:
        raise TimeValueError(f"{what}: hour {hour:02d} does not exist (00-23)")
    if not 0 <= minute <= 59:
        raise TimeValueError(f"{what}: minute {minute:02d} does not exist (00-59)")
    if second == 60:
        raise TimeValueError(f"{what}: second 60 does not exist (leap seconds are not supported)")
    if not 0 <= second <= 59:
        raise TimeValueError(f"{what}: second {second:02d} does not exist (00-59)")


def check_range(shown: str, utc: int) -> None:
    """Refuse an instant some zone could not show: every instant is shown in any zone."""
    if utc < MIN_UTC:
        raise TimeValueError(
            f"time '{shown}' is out of range: times must fall within years 0001-9999 in every "
            "zone, so the earliest is 0001-01-01 18:00 UTC"
        )
    if utc > MAX_UTC:
        raise TimeValueError(
            f"time '{shown}' is out of range: times must fall within years 0001-9999 in every "
            "zone, so the latest is 9999-12-31 05:59:59 UTC"
        )


# --- Reading wall times in a zone -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Gap:
    """A spring-forward transition: at ``utc`` the offset goes from ``before`` to ``after``."""

    utc: int
    before: int
    after: int


def _candidates(
    tz: tzinfo, zone_key: str, fields: tuple[int, int, int, int, int, int]
) -> list[tuple[int, int]]:
    """Every (utc, offset) at which the wall time occurs in the zone, earliest first.

    The offsets zoneinfo reports for ``fold=0`` and ``fold=1`` are candidates; each is kept
    only if converting back from UTC gives the same wall time. None survive in a gap, two
    in a fold. Raises OverflowError near the ends of the representable range.
    """
    local = local_seconds(*fields)
    offsets = set()
    for fold in (0, 1):
        delta = datetime(*fields, tzinfo=tz, fold=fold).utcoffset()
        offsets.add(0 if delta is None else int(delta.total_seconds()))
    found = [(local - off, off) for off in offsets if _offset_at(zone_key, local - off) == off]
    return sorted(found)


_STEADY: dict[tuple[str, int, int, int, int, int], int | None] = {}
_STEADY_LIMIT = 200_000
# Looking a quarter hour up costs two conversions on a miss and none on a hit; for times
# scattered over years (few repeats) the memo costs more than it saves, so it turns
# itself off when fewer than a third of the lookups hit. The count starts again with each
# file (:func:`start_memo_statistics`): one file's scattered times must not turn the memo
# off for the next file read by the same process (the explorer's reloads).
_steady_stats = [0, 0]  # lookups, hits


def start_memo_statistics() -> None:
    """Count the quarter-hour memo's hits afresh (call before reading a file's times)."""
    _steady_stats[0] = _steady_stats[1] = 0


def _steady_offset(
    tz: tzinfo, zone_key: str, fields: tuple[int, int, int, int, int, int]
) -> int | None:
    """The one offset of every wall time in this quarter hour, if it has exactly one.

    A large file has many times in the same zone and quarter hour; asking zoneinfo about
    each (four conversions) dominates loading. Every wall time in a quarter hour whose
    first and last second each occur exactly once, with the same offset, has that offset
    too: no zone changes its offset twice within fifteen minutes, and transitions fall on
    whole minutes. Anything else (a gap, a fold, a change inside the quarter) returns None
    and takes the exact path.
    """
    year, month, day, hour, minute, _second = fields
    key = (zone_key, year, month, day, hour, minute // 15)
    stats = _steady_stats
    stats[0] += 1
    if key in _STEADY:
        stats[1] += 1
        return _STEADY[key]
    if stats[0] > 2_000 and stats[1] * 3 < stats[0]:
        return None  # mostly misses: let the caller resolve this time directly
    first = minute - minute % 15
    try:
        low = _candidates(tz, zone_key, (year, month, day, hour, first, 0))
        high = _candidates(tz, zone_key, (year, month, day, hour, first + 14, 59))
    except OverflowError:
        return None
    steady = low[0][1] if len(low) == len(high) == 1 and low[0][1] == high[0][1] else None
    if len(_STEADY) >= _STEADY_LIMIT:
        _STEADY.clear()
    _STEADY[key] = steady
    return steady


def _find_gap(
    tz: tzinfo, zone_key: str, fields: tuple[int, int, int, int, int, int]
) -> _Gap | None:
    """The transition that skips over a wall time that does not exist, if it can be found."""
    local = local_seconds(*fields)
    offsets = {
        int(d.total_seconds())
        for fold in (0, 1)
        if (d := datetime(*fields, tzinfo=tz, fold=fold).utcoffset()) is not None
    }
    lo, hi = local - max(offsets), local - min(offsets)
    if lo == hi:  # zoneinfo gave one offset but the wall time does not round-trip
        lo, hi = local - MAX_OFFSET_SECONDS - 86400, local + MAX_OFFSET_SECONDS + 86400
    first = _offset_at(zone_key, lo)
    if _offset_at(zone_key, hi) == first:
        return None
    while hi - lo > 1:  # invariant: offset(lo) == first != offset(hi)
        mid = (lo + hi) // 2
        if _offset_at(zone_key, mid) == first:
            lo = mid
        else:
            hi = mid
    return _Gap(hi, first, _offset_at(zone_key, hi))


def _describe_gap(gap: _Gap | None, on: date) -> str:
    if gap is None:
        return "the clocks skip it"
    start = _wall_at(gap.utc, gap.before)
    end = _wall_at(gap.utc, gap.after)
    with_date = start.date() != on or end.date() != on
    return (
        f"clocks jump from {_clock(start, with_date)} to {_clock(end, with_date)} "
        f"({format_offset(gap.before)} -> {format_offset(gap.after)})"
    )


def _abbr(zone_key: str, utc: int) -> str | None:
    """The zone's abbreviation at ``utc``, or None when it is only a number (``+0545``)."""
    name = local_datetime(utc, zone_key).tzname()
    if not name or name[0] in "+-" or name.startswith("UTC"):
        return None
    return name


def _wall(fields: tuple[int, int, int, int, int, int], precision: Precision) -> str:
    """The wall time as a message shows it (built only when there is a message)."""
    return _format_wall(*fields, seconds=precision is Precision.SECOND)


def resolve_wall(
    fields: tuple[int, int, int, int, int, int],
    zone_key: str | None,
    offset: int | None,
    precision: Precision,
    shown: str,
) -> Instant:
    """The instant a validated wall time (plus optional offset) denotes in ``zone_key``."""
    local = local_seconds(*fields)
    if zone_key is None:
        if offset is None:
            raise TimeValueError(
                f"time '{shown}' has no time zone: add an offset (e.g. +02:00), a 'timezone' "
                "to the event, or a default 'timezone' at the top of the file"
            )
        check_range(shown, local - offset)
        return Instant(local - offset, fixed_offset_key(offset), precision)
    tz = get_tzinfo(zone_key)
    try:
        if offset is not None:
            utc = local - offset
            check_range(shown, utc)
            if _offset_at(zone_key, utc) == offset:
                return Instant(utc, zone_key, precision)
            found = _candidates(tz, zone_key, fields)
            given = f"offset {_iso_offset(offset)} contradicts {zone_key}"
            # RFC 9557: Z is "UTC, local offset unknown"; +00:00 claims a local offset of zero
            utc_hint = "" if offset else "; for a time given in UTC write Z, which fits any zone"
            if not found:
                gap = _describe_gap(_find_gap(tz, zone_key, fields), date(*fields[:3]))
                raise TimeValueError(
                    f"{given}: {_wall(fields, precision)} does not exist there; {gap}{utc_hint}"
                )
            actual = " or ".join(
                format_offset(off) + (f" ({a})" if (a := _abbr(zone_key, u)) else "")
                for u, off in found
            )
            raise TimeValueError(
                f"{given}, which is {actual} at {_wall(fields, precision)}{utc_hint}"
            )
        steady = _steady_offset(tz, zone_key, fields)
        if steady is not None:
            utc = local - steady
            check_range(shown, utc)
            return Instant(utc, zone_key, precision)
        found = _candidates(tz, zone_key, fields)
        if len(found) == 1:
            utc = found[0][0]
            check_range(shown, utc)
            return Instant(utc, zone_key, precision)
        if not found:
            gap = _describe_gap(_find_gap(tz, zone_key, fields), date(*fields[:3]))
            raise TimeValueError(f"{_wall(fields, precision)} does not exist in {zone_key}: {gap}")
        choices = []
        for (u, off), order in zip(found, ("first", "second"), strict=False):
            a = _abbr(zone_key, u)
            choices.append(f"{_iso_offset(off)} ({a + ', ' if a else ''}{order})")
        raise TimeValueError(
            f"{_wall(fields, precision)} occurs twice in {zone_key}: add {' or '.join(choices)}"
        )
    except OverflowError:
        raise TimeValueError(
            f"time '{shown}' is out of range: it falls outside 0001-01-01..9999-12-31 in {zone_key}"
        ) from None


# --- Public API -----------------------------------------------------------------------------


def instant_from_wall(
    year: int,
    month: int,
    day: int,
    hour: int,
    minute: int,
    second: int,
    zone_key: str | None,
    offset_seconds: int | None,
    *,
    precision: Precision | None = None,
) -> Instant:
    """The instant a wall-clock time denotes, checked the same way as :func:`parse_when`.

    Args:
        year: 1..9999.
        month: 1..12.
        day: Day of the month.
        hour: 0..23.
        minute: 0..59.
        second: 0..59.
        zone_key: Canonical zone key the wall time is in, or ``None``.
        offset_seconds: An explicit UTC offset, or ``None``. With a zone it must match the
            zone's offset at that moment (and picks the occurrence of a doubled wall time);
            without one, the instant's zone is the fixed key (``UTC+02:00``, ``UTC``).
        precision: ``MINUTE`` or ``SECOND``; by default ``SECOND`` when ``second`` is not 0.

    Returns:
        The instant, in ``zone_key`` (or the fixed-offset key).

    Raises:
        TimeValueError: The time does not exist, exists twice without an offset to choose,
            contradicts the offset, has neither zone nor offset, or is out of range.
        ZoneLookupError: ``zone_key`` is not a canonical key.
    """
    if precision is None:
        precision = Precision.SECOND if second else Precision.MINUTE
    fields = (year, month, day, hour, minute, second)
    if 1 <= year <= 9999 and 1 <= month <= 12:
        shown = _format_wall(*fields, seconds=precision is Precision.SECOND)
    else:
        shown = f"{year:04d}-{month:02d}-{day:02d}"
    check_date(shown, year, month, day)
    check_clock(shown, hour, minute, second)
    if offset_seconds is not None:
        _check_offset(shown, offset_seconds)
    return resolve_wall(fields, zone_key, offset_seconds, precision, shown)


def _check_offset(text: str, seconds: int) -> None:
    if abs(seconds) > MAX_OFFSET_SECONDS:
        raise TimeValueError(f"invalid offset in '{text}': {_iso_offset(seconds)} is beyond ±18:00")


def calendar_start_utc(d: CalendarDate, zone_key: str | None) -> int:
    """UTC seconds at the start of a calendar value's first day in a zone. For sorting only.

    If midnight does not exist there (a gap), the first instant after it is used; if it
    occurs twice, the earlier one.

    Args:
        d: The calendar value.
        zone_key: Canonical zone key, or ``None`` for UTC.

    Returns:
        Unix seconds (may fall slightly outside the representable range at year 1/9999).

    Raises:
        ZoneLookupError: The zone key is not canonical.
    """
    first = d.first_day()
    fields = (first.year, first.month, first.day, 0, 0, 0)
    local = local_seconds(*fields)
    if zone_key is None or zone_key == UTC_KEY:
        return local
    tz = get_tzinfo(zone_key)
    try:
        found = _candidates(tz, zone_key, fields)
        if found:
            return found[0][0]
        gap = _find_gap(tz, zone_key, fields)
        if gap is not None:
            return gap.utc
    except OverflowError:
        pass
    delta = datetime(*fields, tzinfo=tz).utcoffset()
    return local - (0 if delta is None else int(delta.total_seconds()))
