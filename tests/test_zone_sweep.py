"""An oracle sweep: every zone in the zone database agrees with ``zoneinfo``, 1900-2100.

For each zone the test finds offset and abbreviation changes itself (a coarse scan of
1900-2100 in UTC, then bisection to the second), keeps a bounded, seeded choice of them
(the first and last, those that are not a plain one-hour change, and a random few), and
checks around each one and at a seeded random sample of instants:

* :func:`tui.core.zones.offset_seconds` and :func:`~tui.core.zones.abbreviation`;
* :func:`tui.core.display.zone_line` (local time, date, offset, abbreviation, day shift and
  its marker) against a reference zone whose day may differ;
* :func:`tui.core.timeparse.parse_when` on wall times just around each change: a time the
  clocks skip is refused, a time they show twice is refused without an offset and picked by
  one, and every other time gives the one instant it denotes.

The expected values are computed here from ``zoneinfo`` alone, in the UTC-to-local direction
only, which has exactly one answer: a wall time's instants are found by trying every offset
the zone uses and keeping those whose instant shows that wall time.
"""

from __future__ import annotations

import random
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache

import pytest

from tui.core.display import zone_line
from tui.core.model import Instant, Precision
from tui.core.timeparse import TimeValueError, parse_when
from tui.core.zones import (
    ZoneLookupError,
    abbreviation,
    all_zones,
    get_tzinfo,
    offset_seconds,
    resolve_zone,
)

SEED = 20250820
FIRST = int(datetime(1900, 1, 1, tzinfo=UTC).timestamp())
LAST = int(datetime(2100, 12, 31, tzinfo=UTC).timestamp())
SCAN_STEP = 40 * 86400
"""Seconds between two looks in the coarse scan (changes that undo themselves within 40
days are missed by the scan; the random sample still lands in some of them)."""
TRANSITIONS_PER_ZONE = 8
SAMPLES_PER_ZONE = 12
LEGACY_SAMPLES = 8
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MINUS = "\u2212"


def _is_canonical(key: str) -> bool:
    try:
        get_tzinfo(key)
    except ZoneLookupError:
        return False
    return True


DATABASE = sorted(zoneinfo.available_timezones())
CANONICAL = [key for key in DATABASE if _is_canonical(key)]
LEGACY = [key for key in DATABASE if key not in set(CANONICAL)]
# Extreme offsets (+14:00, -11:00, -10:00, +12:45) make day shifts of one and two days.
REFERENCES = ("Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC", "Pacific/Chatham", "Asia/Tokyo")


@cache
def _zi(key: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(key)


def _local(key: str, utc: int) -> datetime:
    return datetime.fromtimestamp(utc, _zi(key))


def _state(key: str, utc: int) -> tuple[int, str | None]:
    local = _local(key, utc)
    delta = local.utcoffset()
    assert delta is not None
    return int(delta.total_seconds()), local.tzname()


def _offset(key: str, utc: int) -> int:
    return _state(key, utc)[0]


@dataclass(frozen=True, slots=True)
class Transition:
    """At ``utc`` the zone goes from ``before`` to ``after`` (offsets in seconds)."""

    utc: int
    before: int
    after: int


@dataclass(slots=True)
class Survey:
    """What the test learnt about one zone from ``zoneinfo``."""

    key: str
    changes: list[tuple[int, int]] = field(default_factory=list)  # (lo, hi) scan intervals
    offsets: set[int] = field(default_factory=set)


def _survey(key: str) -> Survey:
    survey = Survey(key)
    previous_at, previous = FIRST, _state(key, FIRST)
    survey.offsets.add(previous[0])
    for at in range(FIRST + SCAN_STEP, LAST + SCAN_STEP, SCAN_STEP):
        now = _state(key, at)
        if now != previous:
            survey.changes.append((previous_at, at))
            survey.offsets.add(now[0])
        previous_at, previous = at, now
    return survey


def _bisect(key: str, lo: int, hi: int) -> Transition:
    """The first second after ``lo`` whose state differs from ``lo``'s (``hi``'s differs)."""
    first = _state(key, lo)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if _state(key, mid) == first:
            lo = mid
        else:
            hi = mid
    return Transition(hi, _offset(key, hi - 1), _offset(key, hi))


def _chosen_transitions(survey: Survey) -> list[Transition]:
    """A bounded, seeded choice: first and last, odd sizes first, then a random few."""
    changes = survey.changes
    if len(changes) <= TRANSITIONS_PER_ZONE:
        picked = list(changes)
    else:
        rng = random.Random(f"{SEED}:{survey.key}")
        picked = [changes[0], changes[-1]]
        odd = [
            c
            for c in changes[1:-1]
            if abs(_offset(survey.key, c[1]) - _offset(survey.key, c[0])) != 3600
        ]
        picked += rng.sample(odd, min(len(odd), 3))
        rest = [c for c in changes if c not in picked]
        picked += rng.sample(rest, TRANSITIONS_PER_ZONE - len(picked))
    transitions = [_bisect(survey.key, lo, hi) for lo, hi in picked]
    for t in transitions:
        survey.offsets.update((t.before, t.after))
    return transitions


# --- the oracle -------------------------------------------------------------------------


def _instants_of_wall(key: str, wall: int, offsets: set[int]) -> list[int]:
    """Every instant at which ``key`` shows the wall time ``wall`` (seconds, as if UTC)."""
    found = {wall - o for o in offsets if _offset(key, wall - o) == o}
    # a short-lived offset the scan never saw would be missed: look around the wall time too
    for probe in (wall - 86400, wall, wall + 86400):
        o = _offset(key, probe)
        if _offset(key, wall - o) == o:
            found.add(wall - o)
    return sorted(found)


def _wall_text(wall: int) -> str:
    return (_EPOCH + timedelta(seconds=wall)).strftime("%Y-%m-%dT%H:%M:%S")


def _offset_text(seconds: int) -> str:
    sign = "-" if seconds < 0 else "+"
    h, rest = divmod(abs(seconds), 3600)
    m, s = divmod(rest, 60)
    return f"{sign}{h:02d}:{m:02d}" + (f":{s:02d}" if s else "")


def _marker(shift: int) -> str:
    if shift == 0:
        return ""
    n = abs(shift)
    return f"{'+' if shift > 0 else _MINUS}{n} day{'s' if n != 1 else ''}"


@dataclass(slots=True)
class Tally:
    """Counts for the sweep's summary line."""

    zones: int = 0
    instants: int = 0
    lines: int = 0
    walls: int = 0
    transitions: int = 0


TALLY = Tally()


def check_instant(key: str, utc: int, reference: str | None) -> None:
    """Offset, abbreviation and (given a reference zone) the zone line of one instant."""
    TALLY.instants += 1
    expected_offset, expected_abbr = _state(key, utc)
    assert offset_seconds(key, utc) == expected_offset, (key, utc)
    assert abbreviation(key, utc) == (expected_abbr or key), (key, utc)
    if reference is None:
        return
    TALLY.lines += 1
    local = _local(key, utc)
    line = zone_line(Instant(utc, key, Precision.SECOND), key, reference)
    shift = (local.date() - _local(reference, utc).date()).days
    got = (line.local, line.date, line.offset_seconds, line.abbreviation, line.day_shift)
    want = (f"{local.hour:02d}:{local.minute:02d}", date(local.year, local.month, local.day))
    assert got == (*want, expected_offset, expected_abbr or key, shift), (key, utc, reference)
    assert line.minute_of_day == local.hour * 60 + local.minute
    assert line.marker == _marker(shift), (key, utc, reference)


def check_wall(key: str, wall: int, offsets: set[int]) -> None:
    """``parse_when`` on one wall time: refused in a gap or a fold, else its one instant."""
    TALLY.walls += 1
    text = _wall_text(wall)
    instants = _instants_of_wall(key, wall, offsets)
    if len(instants) == 1:
        got = parse_when(text, key)
        assert isinstance(got, Instant), (key, text)
        assert (got.utc, got.zone) == (instants[0], key), (key, text, instants)
    else:
        with pytest.raises(TimeValueError) as caught:
            parse_when(text, key)
        expected = "does not exist" if not instants else "twice"
        assert expected in caught.value.message, (key, text, instants, caught.value.message)
    for utc in instants:  # an explicit offset names the occurrence
        got = parse_when(text + _offset_text(wall - utc), key)
        assert isinstance(got, Instant), (key, text)
        assert (got.utc, got.zone) == (utc, key), (key, text, wall - utc)
    if not instants:  # no offset makes a skipped time exist
        for o in sorted(offsets)[:2]:
            with pytest.raises(TimeValueError):
                parse_when(text + _offset_text(o), key)


def walls_around(t: Transition) -> Iterator[int]:
    """Wall times just before, inside (start, middle, end) and just after the change."""
    low, high = sorted((t.utc + t.before, t.utc + t.after))
    yield from (low - 60, low - 1, low, (low + high) // 2, high - 1, high, high + 60)


def reference_for(key: str) -> str:
    return REFERENCES[sum(map(ord, key)) % len(REFERENCES)]


@pytest.mark.parametrize("key", CANONICAL)
def test_zone_agrees_with_zoneinfo(key: str) -> None:
    TALLY.zones += 1
    survey = _survey(key)
    reference = reference_for(key)
    for t in _chosen_transitions(survey):
        TALLY.transitions += 1
        for delta in (-3601, -1, 0, 1, 3600):
            check_instant(key, t.utc + delta, reference if delta in (-1, 0) else None)
        if t.before != t.after:
            for wall in walls_around(t):
                check_wall(key, wall, survey.offsets)
    rng = random.Random(f"{SEED}:sample:{key}")
    for _ in range(SAMPLES_PER_ZONE):
        utc = rng.randrange(FIRST, LAST)
        check_instant(key, utc, rng.choice(REFERENCES))
        check_wall(key, utc + _offset(key, utc), survey.offsets)


@pytest.mark.parametrize("key", LEGACY)
def test_legacy_name_resolves_to_a_zone_with_the_same_clock(key: str) -> None:
    """A legacy or linked name reads as a canonical zone that keeps the same time.

    Abbreviation-like names (``EST``, ``MST7MDT``) that the zone module reads as a region's
    zone, and the tzdata oddities ``Factory`` and ``localtime``, are only required to be
    answered (resolved or refused), not to keep zoneinfo's fixed clock.
    """
    try:
        canonical = resolve_zone(key)
    except ZoneLookupError:
        assert "/" not in key, key  # only the odd top-level names may be refused
        return
    if "/" not in key or key.startswith("Etc/"):
        return
    rng = random.Random(f"{SEED}:legacy:{key}")
    since_1970 = int(datetime(1970, 1, 1, tzinfo=UTC).timestamp())
    for _ in range(LEGACY_SAMPLES):
        # tzdata merges zones that agree since 1970 into links: compare from 1970 on
        utc = rng.randrange(since_1970, LAST)
        assert offset_seconds(canonical, utc) == _offset(key, utc), (key, canonical, utc)


def test_the_sweep_covers_every_listed_zone() -> None:
    """Every zone the pickers offer is in the zone database the sweep walks."""
    listed = {record.key for record in all_zones()}
    assert listed <= set(CANONICAL)
    assert len(CANONICAL) >= 400
