"""Turning typed time values into model values.

The accepted forms are a strict subset of ISO 8601 (see :func:`parse_when`). A clock time
is turned into an :class:`~tui.core.model.Instant` using the zone that applies; wall times
that do not exist (spring-forward gaps) or exist twice (fall-back folds) are errors unless an
explicit offset makes them exact. Dates stay :class:`~tui.core.model.CalendarDate` values.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

# format_when_iso and to_pendulum live with the one local-time conversion; they are
# re-exported here for the callers that have always found them in this module
from tui.core.localtime import MAX_UTC, MIN_UTC, format_when_iso, local_datetime, to_pendulum
from tui.core.model import CalendarDate, Instant, Precision
from tui.core.zones import (
    MAX_OFFSET_SECONDS,
    UTC_KEY,
    ZoneLookupError,
    fixed_offset_key,
    format_offset,
    get_tzinfo,
    resolve_zone,
)

__all__ = [
    "MAX_UTC",
    "MIN_UTC",
    "TimeValueError",
    "calendar_start_utc",
    "format_when_iso",
    "instant_from_wall",
    "parse_date",
    "parse_when",
    "suffix_zone",
    "to_pendulum",
]

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


# Digits are ASCII 0-9 throughout: ``\d`` and ``int()`` would also take ``２`` or ``٣``.
_DATE_RE = re.compile(r"(?P<y>[0-9]+)(?:-(?P<m>[0-9]+)(?:-(?P<d>[0-9]+))?)?")
_TIME_RE = re.compile(
    r"(?P<h>[0-9]+)(?::(?P<mi>[0-9]+)(?::(?P<s>[0-9]+)(?P<frac>[.,][0-9]*)?)?)?(?P<rest>.*)",
    re.DOTALL,
)
_OFFSET_RE = re.compile(
    r"(?P<sign>[+\-\u2212])(?P<h>[0-9]{2})"
    r"(?:(?::(?P<m1>[0-9]{2})(?::(?P<s>[0-9]{2}))?)|(?P<m2>[0-9]{2}))?"
)
_SUFFIX_RE = re.compile(r"\[(?P<critical>!?)(?P<body>[^\[\]]*)\]")
_SUFFIX_OFFSET_RE = re.compile(r"[+\-\u2212][0-9]{2}:[0-9]{2}")
_SUFFIX_NAME_RE = re.compile(r"[A-Za-z._][A-Za-z0-9._+\-]*(?:/[A-Za-z._][A-Za-z0-9._+\-]*)*")
_TAG_RE = re.compile(r"(?P<key>[a-z_][a-z0-9_\-]*)=(?P<value>[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)")
_CALENDARS = frozenset({"iso8601", "gregory"})  # RFC 9557 u-ca values naming our calendar
_VALUE_RE = re.compile(r"(?P<date>[^\sTt]+)(?:(?P<sep>[Tt]|\s+)(?P<time>.*))?", re.DOTALL)
_FOREIGN_DIGIT_RE = re.compile(r"(?![0-9])\d")  # a decimal digit of another script


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


def _local_seconds(year: int, month: int, day: int, hour: int, minute: int, second: int) -> int:
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


def _check_date(text: str, year: int, month: int | None, day: int | None) -> None:
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


def _check_clock(text: str, hour: int, minute: int, second: int) -> None:
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


def _check_range(shown: str, utc: int) -> None:
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
    local = _local_seconds(*fields)
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
# itself off when fewer than a third of the lookups hit.
_steady_stats = [0, 0]  # lookups, hits


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
    local = _local_seconds(*fields)
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


def _resolve_wall(
    fields: tuple[int, int, int, int, int, int],
    zone_key: str | None,
    offset: int | None,
    precision: Precision,
    shown: str,
) -> Instant:
    """The instant a validated wall time (plus optional offset) denotes in ``zone_key``."""
    local = _local_seconds(*fields)
    if zone_key is None:
        if offset is None:
            raise TimeValueError(
                f"time '{shown}' has no time zone: add an offset (e.g. +02:00), a 'timezone' "
                "to the event, or a default 'timezone' at the top of the file"
            )
        _check_range(shown, local - offset)
        return Instant(local - offset, fixed_offset_key(offset), precision)
    tz = get_tzinfo(zone_key)
    try:
        if offset is not None:
            utc = local - offset
            _check_range(shown, utc)
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
            _check_range(shown, utc)
            return Instant(utc, zone_key, precision)
        found = _candidates(tz, zone_key, fields)
        if len(found) == 1:
            utc = found[0][0]
            _check_range(shown, utc)
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
    _check_date(shown, year, month, day)
    _check_clock(shown, hour, minute, second)
    if offset_seconds is not None:
        _check_offset(shown, offset_seconds)
    return _resolve_wall(fields, zone_key, offset_seconds, precision, shown)


def _check_offset(text: str, seconds: int) -> None:
    if abs(seconds) > MAX_OFFSET_SECONDS:
        raise TimeValueError(f"invalid offset in '{text}': {_iso_offset(seconds)} is beyond ±18:00")


def _parse_offset(text: str, raw: str) -> int:
    """Seconds east of UTC from ``Z``, ``+02:00``, ``+0200``, ``+02`` or ``-04:00``."""
    if raw in {"Z", "z"}:
        return 0
    m = _OFFSET_RE.fullmatch(raw)
    if m is None:
        if raw.upper() in {"UTC", "GMT"}:
            hint = "write Z or +00:00 instead"
        elif re.fullmatch(r"[A-Za-z][A-Za-z/_\-+0-9]*", raw):
            hint = "zone names go in the 'timezone' field; here write an offset such as +02:00"
        else:
            hint = "write an offset as +HH:MM, -HH:MM or Z"
        raise TimeValueError(f"invalid time '{text}': '{raw}' is not a UTC offset: {hint}")
    hours = int(m["h"])
    minutes = int(m["m1"] or m["m2"] or 0)
    secs = int(m["s"] or 0)
    if minutes > 59 or secs > 59:
        raise TimeValueError(f"invalid offset '{raw}' in '{text}': minutes run 00-59")
    total = hours * 3600 + minutes * 60 + secs
    if total > MAX_OFFSET_SECONDS:
        raise TimeValueError(
            f"invalid offset '{raw}' in '{text}': offsets run from -18:00 to +18:00"
        )
    return -total if m["sign"] in "-\u2212" else total


def _parse_date(text: str, raw: str) -> tuple[int, int | None, int | None]:
    m = _DATE_RE.fullmatch(raw)
    if m is None:
        hint = (
            "dates are written year first: YYYY-MM-DD"
            if re.fullmatch(r"[0-9]{1,2}[./-][0-9]{1,2}[./-][0-9]{2,4}", raw)
            else "write YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DD HH:MM"
        )
        raise TimeValueError(f"invalid date '{text}': {hint}")
    y, mo, d = m["y"], m["m"], m["d"]
    what = f"invalid date '{text}'"
    if len(y) != 4:
        if mo is None and len(y) == 8:
            raise TimeValueError(f"{what}: write the date with dashes: YYYY-MM-DD")
        raise TimeValueError(f"{what}: the year must have 4 digits (0001-9999)")
    if mo is not None and len(mo) != 2:
        raise TimeValueError(f"{what}: write the month with two digits (01-12)")
    if d is not None and len(d) != 2:
        raise TimeValueError(f"{what}: write the day with two digits (01-31)")
    year = int(y)
    month = int(mo) if mo is not None else None
    day = int(d) if d is not None else None
    _check_date(text, year, month, day)
    return year, month, day


def parse_when(
    text: str, zone: str | None, *, default_zone: str | None = None
) -> Instant | CalendarDate:
    """Parse a typed time value.

    Accepted (after stripping whitespace): ``2025``, ``2014-02``, ``2025-06-24`` (calendar
    dates); ``2025-08-20T14:30`` or ``2025-08-20 14:30``, optionally with seconds
    (``14:30:05``), an offset (``Z``, ``+02:00``, ``+0200``, ``+02``, ``-04:00``; ``t``/``z``
    may be lowercase) and an RFC 9557 suffix naming the zone (``[Europe/Brussels]``,
    ``[!Europe/Brussels]``, ``[+02:00]``) and tags (``[u-ca=iso8601]``). Fractional seconds
    are rejected.

    As RFC 9557 reads them, ``Z`` gives the instant in UTC and leaves the local offset to the
    zone, so it fits any zone; a numeric offset (``+00:00`` included) is the local offset and
    must be the zone's at that moment (it picks one of two doubled wall times, and catches a
    typo). Elective tags we do not use are ignored; a critical one (``[!...]``) is refused.

    Args:
        text: The value as written.
        zone: The canonical zone key the value must be in (the event's ``timezone``), or
            None. A suffix naming another zone is an error.
        default_zone: The zone for a value that names none and has no numeric offset (the
            file's default ``timezone``), or None.

    Returns:
        A :class:`CalendarDate` for dates (zones are not used), else an :class:`Instant` of
        ``MINUTE`` or ``SECOND`` precision in the suffix's zone, else ``zone``, else (without
        a numeric offset) ``default_zone``; with only a numeric offset, in the fixed-offset
        key such as ``UTC+02:00``; with only ``Z``, in ``UTC``.

    Raises:
        TimeValueError: The value is malformed, does not exist (``2025-02-30``, a time in a
            spring-forward gap), is ambiguous (a fall-back time without an offset), has
            no zone, contradicts the zone, or is out of range.
        ZoneLookupError: ``zone`` or ``default_zone`` is not a canonical key.
    """
    s = text.strip()
    if not s:
        raise TimeValueError("empty time value: write a date such as 2025-06-24")
    foreign = _FOREIGN_DIGIT_RE.search(s)
    if foreign is not None:
        digit = foreign.group()
        name = unicodedata.name(digit, "a digit")
        raise TimeValueError(
            f"invalid value '{s}': write digits as 0-9 ('{digit}' is U+{ord(digit):04X} {name})"
        )
    m = _VALUE_RE.fullmatch(s)
    if m is None:
        raise TimeValueError(f"invalid date '{s}': write YYYY-MM-DD or YYYY-MM-DD HH:MM")
    if m["sep"] is None and "[" in m["date"]:
        raise TimeValueError(
            f"invalid date '{s}': a [zone] suffix goes after a time; a date is the same day "
            "in every zone"
        )
    year, month, day = _parse_date(s, m["date"])
    raw_time = m["time"]
    if m["sep"] is None:
        return CalendarDate(year, month, day)
    if month is None or day is None:
        raise TimeValueError(f"invalid date '{s}': a time needs a full date (YYYY-MM-DD HH:MM)")
    if not raw_time:
        raise TimeValueError(f"invalid time '{s}': expected HH:MM after the date")
    t = _TIME_RE.fullmatch(raw_time)
    if t is None:
        raise TimeValueError(f"invalid time '{s}': expected HH:MM or HH:MM:SS after the date")
    if t["mi"] is None:
        raise TimeValueError(f"invalid time '{s}': a time needs hours and minutes (HH:MM)")
    for part, name in ((t["h"], "hours"), (t["mi"], "minutes"), (t["s"], "seconds")):
        if part is not None and len(part) != 2:
            raise TimeValueError(f"invalid time '{s}': write {name} with two digits")
    if t["frac"] is not None:
        raise TimeValueError(
            f"invalid time '{s}': fractional seconds are not supported (times are stored to "
            f"the second); drop '{t['frac']}'"
        )
    hour, minute, second = int(t["h"]), int(t["mi"]), int(t["s"] or 0)
    _check_clock(s, hour, minute, second)
    rest = t["rest"].strip()
    named: str | None = None
    if "[" in rest:
        at = rest.index("[")
        named = _suffix_zone(s, rest[at:])
        rest = rest[:at].rstrip()
    in_utc = rest in {"Z", "z"}
    offset = _parse_offset(s, rest) if rest and not in_utc else None
    if named is not None:
        if zone is not None and named != zone:
            raise TimeValueError(
                f"time '{s}' names the zone {named} but the event's timezone is {zone}: "
                "give one zone, or make them agree"
            )
        zone = named
    elif zone is None and offset is None:
        zone = default_zone
    precision = Precision.SECOND if t["s"] is not None else Precision.MINUTE
    fields = (year, month, day, hour, minute, second)
    if in_utc:
        utc = _local_seconds(*fields)
        _check_range(s, utc)
        if zone is None:
            return Instant(utc, UTC_KEY, precision)
        get_tzinfo(zone)  # the key must be canonical, as for any other value
        return Instant(utc, zone, precision)
    return _resolve_wall(fields, zone, offset, precision, s)


def _suffix_zone(text: str, suffix: str) -> str | None:
    """The canonical zone an RFC 9557 suffix (``[Europe/Brussels][u-ca=iso8601]``) names.

    Returns None when the suffix holds only tags. Raises TimeValueError for a malformed
    suffix, a zone that does not resolve, a second zone or a zone after a tag, and a
    critical tag we do not understand.
    """
    named: str | None = None
    tagged = False
    at = 0
    while at < len(suffix):
        m = _SUFFIX_RE.match(suffix, at)
        if m is None:
            raise TimeValueError(
                f"invalid time '{text}': '{suffix[at:]}' is not a suffix; name the zone in "
                "brackets after the time: 2025-08-20T14:30+02:00[Europe/Brussels]"
            )
        at = m.end()
        critical, body = m["critical"] == "!", m["body"]
        if "=" in body:
            tagged = True
            tag = _TAG_RE.fullmatch(body)
            if tag is None:
                raise TimeValueError(
                    f"invalid time '{text}': '{m[0]}' is not a tag (key=value, the key in "
                    "lowercase)"
                )
            understood = tag["key"] == "u-ca" and tag["value"] in _CALENDARS
            if critical and not understood:
                raise TimeValueError(
                    f"invalid time '{text}': the critical tag '{m[0]}' is not understood here "
                    "(dates are ISO 8601 calendar dates); drop the '!' to have it ignored"
                )
            continue  # understood, or elective: RFC 9557 lets an elective tag be ignored
        if named is not None or tagged:
            raise TimeValueError(
                f"invalid time '{text}': give one [zone], before any [key=value] tag"
            )
        named = _zone_in_brackets(text, body)
    return named


def _zone_in_brackets(text: str, body: str) -> str:
    """The canonical key of a suffix's zone: an IANA name or a numeric offset."""
    if _SUFFIX_OFFSET_RE.fullmatch(body):
        return fixed_offset_key(_parse_offset(text, body))
    parts = body.split("/")
    if not _SUFFIX_NAME_RE.fullmatch(body) or any(p in {".", ".."} for p in parts):
        raise TimeValueError(
            f"invalid time '{text}': '[{body}]' is not a time zone; write an IANA name such as "
            "[Europe/Brussels] or an offset such as [+02:00]"
        )
    try:
        return resolve_zone(body)
    except ZoneLookupError as exc:
        raise TimeValueError(f"invalid time '{text}': {exc.message}") from None


def suffix_zone(text: str) -> str | None:
    """The zone a time value's RFC 9557 suffix names, if it names one.

    The loader reads an event's other times in the zone its start names. A malformed
    suffix gives None here; :func:`parse_when` reports what is wrong with it.

    Args:
        text: The value as written.

    Returns:
        The canonical zone key, or None.
    """
    stripped = text.strip()
    at = stripped.find("[")
    if at < 0:
        return None
    try:
        return _suffix_zone(stripped, stripped[at:])
    except TimeValueError:
        return None


def parse_date(text: str) -> CalendarDate:
    """Parse a calendar date typed where only a date makes sense (a date filter).

    The grammar is :func:`parse_when`'s, so every place that reads a date reads the same
    ones: ``2025``, ``2025-08`` or ``2025-08-15`` (ASCII digits, month and day with two).

    Args:
        text: The value as written.

    Returns:
        The calendar date.

    Raises:
        TimeValueError: The value is malformed, does not exist, or is a time.
    """
    value = parse_when(text, UTC_KEY)
    if isinstance(value, Instant):
        raise TimeValueError(
            f"'{text.strip()}' is a time: give a date (YYYY-MM-DD, YYYY-MM or YYYY)"
        )
    return value


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
    local = _local_seconds(*fields)
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
