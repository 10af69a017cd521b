"""Turning typed time values into model values: the one grammar of dates and times.

The accepted forms are a strict subset of ISO 8601 with RFC 9557 zone suffixes (see
:func:`parse_when`). A clock time becomes an :class:`~tui.core.model.Instant` through
:mod:`tui.core.walltime`, in the zone that applies; wall times that do not exist
(spring-forward gaps) or exist twice (fall-back folds) are errors unless an explicit offset
makes them exact. Dates stay :class:`~tui.core.model.CalendarDate` values.
"""

from __future__ import annotations

import re
import unicodedata

from tui.core.model import CalendarDate, Instant, Precision
from tui.core.walltime import (
    TimeValueError,
    check_clock,
    check_date,
    check_range,
    local_seconds,
    resolve_wall,
)
from tui.core.zones import (
    MAX_OFFSET_SECONDS,
    UTC_KEY,
    ZoneLookupError,
    fixed_offset_key,
    get_tzinfo,
    resolve_zone,
)

__all__ = [
    "TimeValueError",
    "parse_date",
    "parse_when",
    "suffix_zone",
]


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


# --- Public API -----------------------------------------------------------------------------


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
    check_date(text, year, month, day)
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
    parts = _split_value(s)
    year, month, day = _parse_date(s, parts["date"])
    if parts["sep"] is None:
        return CalendarDate(year, month, day)
    if month is None or day is None:
        raise TimeValueError(f"invalid date '{s}': a time needs a full date (YYYY-MM-DD HH:MM)")
    hour, minute, second, precision, rest = _parse_clock(s, parts["time"])
    named, offset, in_utc = _parse_zone_marks(s, rest)
    if named is not None:
        if zone is not None and named != zone:
            raise TimeValueError(
                f"time '{s}' names the zone {named} but the event's timezone is {zone}: "
                "give one zone, or make them agree"
            )
        zone = named
    elif zone is None and offset is None:
        zone = default_zone
    fields = (year, month, day, hour, minute, second)
    if in_utc:
        return _utc_instant(s, fields, zone, precision)
    return resolve_wall(fields, zone, offset, precision, s)


def _split_value(s: str) -> re.Match[str]:
    """The date and time parts of a stripped value; refuses what no date can start as."""
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
    return m


def _parse_clock(s: str, raw_time: str) -> tuple[int, int, int, Precision, str]:
    """Hour, minute, second and precision of the time after the date, and what follows it.

    Args:
        s: The whole value, for messages.
        raw_time: The text after the date and its separator.

    Returns:
        ``(hour, minute, second, precision, rest)``; ``rest`` (stripped) holds the offset
        and the RFC 9557 suffix, if any.
    """
    if not raw_time:
        raise TimeValueError(f"invalid time '{s}': expected HH:MM after the date")
    t = _TIME_RE.fullmatch(raw_time)
    if t is None:
        raise TimeValueError(f"invalid time '{s}': expected HH:MM or HH:MM:SS after the date")
    hh, mi, ss = t["h"], t["mi"], t["s"]
    if mi is None:
        raise TimeValueError(f"invalid time '{s}': a time needs hours and minutes (HH:MM)")
    if len(hh) != 2 or len(mi) != 2 or (ss is not None and len(ss) != 2):
        for part, name in ((hh, "hours"), (mi, "minutes"), (ss, "seconds")):
            if part is not None and len(part) != 2:
                raise TimeValueError(f"invalid time '{s}': write {name} with two digits")
    if t["frac"] is not None:
        raise TimeValueError(
            f"invalid time '{s}': fractional seconds are not supported (times are stored to "
            f"the second); drop '{t['frac']}'"
        )
    hour, minute, second = int(hh), int(mi), int(ss or 0)
    check_clock(s, hour, minute, second)
    precision = Precision.SECOND if ss is not None else Precision.MINUTE
    return hour, minute, second, precision, t["rest"].strip()


def _parse_zone_marks(s: str, rest: str) -> tuple[str | None, int | None, bool]:
    """What follows a clock time: the zone a suffix names, the numeric offset, and ``Z``.

    Args:
        s: The whole value, for messages.
        rest: The stripped text after the clock time (``+02:00[Europe/Brussels]``).

    Returns:
        ``(named zone or None, offset in seconds east of UTC or None, True for Z)``.
    """
    named: str | None = None
    if "[" in rest:
        at = rest.index("[")
        named = _suffix_zone(s, rest[at:])
        rest = rest[:at].rstrip()
    in_utc = rest in {"Z", "z"}
    offset = _parse_offset(s, rest) if rest and not in_utc else None
    return named, offset, in_utc


def _utc_instant(
    s: str, fields: tuple[int, int, int, int, int, int], zone: str | None, precision: Precision
) -> Instant:
    """The instant a ``Z`` time names: exact in UTC, shown in ``zone`` (else in UTC)."""
    utc = local_seconds(*fields)
    check_range(s, utc)
    if zone is None:
        return Instant(utc, UTC_KEY, precision)
    get_tzinfo(zone)  # the key must be canonical, as for any other value
    return Instant(utc, zone, precision)


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
