"""Tests for tui.core.timeparse, checked against zoneinfo as an independent oracle.

The oracle only ever converts UTC -> local (the direction zoneinfo cannot get wrong): it walks
UTC in 15-minute steps, records which wall times each instant shows, and so knows exactly
which wall times are missing (gaps), doubled (folds) or ordinary. ``parse_when`` must agree.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pendulum
import pytest

from tui.core.errors import TimelineError
from tui.core.loader import load_text
from tui.core.localtime import MAX_UTC, MIN_UTC, format_when_iso, to_pendulum
from tui.core.model import CalendarDate, Instant, Precision
from tui.core.timeparse import TimeValueError, parse_date, parse_when, suffix_zone
from tui.core.walltime import calendar_start_utc, instant_from_wall
from tui.core.zones import ZoneLookupError, get_tzinfo, resolve_zone

Wall = tuple[int, int, int, int, int]  # year, month, day, hour, minute
STEP = timedelta(minutes=15)


def _utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> int:
    return int(datetime(year, month, day, hour, minute, second, tzinfo=UTC).timestamp())


def _zoneinfo_utc(
    zone: str, year: int, month: int, day: int, hour: int, minute: int, *, fold: int = 0
) -> int:
    """What zoneinfo says a wall time is, choosing the occurrence with ``fold``."""
    aware = datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(zone), fold=fold)
    return int(aware.timestamp())


def _offset_text(seconds: int) -> str:
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    return f"{sign}{hours:02d}:{rest // 60:02d}"


def _wall_text(w: Wall) -> str:
    return f"{w[0]:04d}-{w[1]:02d}-{w[2]:02d} {w[3]:02d}:{w[4]:02d}"


@dataclass
class _Scan:
    """Every wall time shown by ``zone`` between two UTC instants, on a 15-minute grid."""

    zone: str
    occurrences: dict[Wall, list[tuple[int, int]]]  # wall -> [(utc, offset)] in UTC order
    walls: list[Wall]  # every grid wall inside the window, in order
    transitions: list[int]  # UTC instants where the offset changes


def _scan(zone: str, start: datetime, end: datetime) -> _Scan:
    tz = ZoneInfo(zone)
    occurrences: dict[Wall, list[tuple[int, int]]] = defaultdict(list)
    transitions: list[int] = []
    previous: int | None = None
    moment = start
    while moment < end:
        local = moment.astimezone(tz)
        delta = local.utcoffset()
        assert delta is not None
        offset = int(delta.total_seconds())
        if previous is not None and offset != previous:
            transitions.append(int(moment.timestamp()))
        previous = offset
        wall = (local.year, local.month, local.day, local.hour, local.minute)
        occurrences[wall].append((int(moment.timestamp()), offset))
        moment += STEP
    # Walls a day inside the window on both sides are fully covered by the scan.
    walls: list[Wall] = []
    carrier = start + timedelta(days=1)
    while carrier < end - timedelta(days=1):
        walls.append((carrier.year, carrier.month, carrier.day, carrier.hour, carrier.minute))
        carrier += STEP
    return _Scan(zone, dict(occurrences), walls, transitions)


def _interesting(scan: _Scan) -> list[Wall]:
    """Walls within four hours of a transition (wall-clock), plus a sparse sample of others."""
    near: set[Wall] = set()
    for utc in scan.transitions:
        for k in range(-32, 33):
            moment = datetime.fromtimestamp(utc, UTC) + k * STEP
            for hours in (-14, -12, -10, -5, 0, 5, 10, 12, 14):  # any offset's wall nearby
                shifted = moment + timedelta(hours=hours)
                near.add((shifted.year, shifted.month, shifted.day, shifted.hour, shifted.minute))
    return [w for i, w in enumerate(scan.walls) if w in near or i % 211 == 0]


SWEEPS: list[tuple[str, datetime, datetime]] = [
    (zone, datetime(2025, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC))
    for zone in (
        "Europe/Brussels",
        "America/New_York",
        "America/Anchorage",
        "Europe/Kyiv",
        "Australia/Sydney",
        "America/Santiago",
        "Australia/Lord_Howe",
        "Asia/Kolkata",
        "Asia/Kathmandu",
        "Pacific/Chatham",
        "Pacific/Kiritimati",
        "Africa/Casablanca",
        "Pacific/Apia",
        "Atlantic/Azores",
        "America/Havana",
    )
] + [
    ("Pacific/Apia", datetime(2011, 1, 1, tzinfo=UTC), datetime(2012, 1, 10, tzinfo=UTC)),
    ("Pacific/Kiritimati", datetime(1994, 12, 1, tzinfo=UTC), datetime(1995, 2, 1, tzinfo=UTC)),
    ("Asia/Kathmandu", datetime(1985, 12, 1, tzinfo=UTC), datetime(1986, 2, 1, tzinfo=UTC)),
    ("America/Anchorage", datetime(1983, 1, 1, tzinfo=UTC), datetime(1984, 1, 1, tzinfo=UTC)),
    ("Europe/Kyiv", datetime(1990, 1, 1, tzinfo=UTC), datetime(1993, 1, 1, tzinfo=UTC)),
    ("Asia/Kolkata", datetime(1942, 1, 1, tzinfo=UTC), datetime(1946, 1, 1, tzinfo=UTC)),
]


@pytest.mark.parametrize(
    ("zone", "start", "end"), SWEEPS, ids=[f"{z}-{s.year}" for z, s, _ in SWEEPS]
)
def test_parse_agrees_with_zoneinfo(zone: str, start: datetime, end: datetime) -> None:
    scan = _scan(zone, start, end)
    counts = {0: 0, 1: 0, 2: 0}
    for wall in _interesting(scan):
        text = _wall_text(wall)
        found = scan.occurrences.get(wall, [])
        counts[len(found)] += 1
        if len(found) == 1:
            ((utc, offset),) = found
            got = parse_when(text, zone)
            assert isinstance(got, Instant)
            assert (got.utc, got.zone, got.precision) == (utc, zone, Precision.MINUTE), text
            exact = parse_when(f"{text}{_offset_text(offset)}", zone)
            assert isinstance(exact, Instant)
            assert exact.utc == utc
            wrong = _offset_text(offset + 3600)
            contradiction = re.escape(f"offset {wrong} contradicts {zone}")
            with pytest.raises(TimeValueError, match=contradiction):
                parse_when(f"{text}{wrong}", zone)
        elif not found:
            gap = re.escape(f"does not exist in {zone}: clocks jump")
            with pytest.raises(TimeValueError, match=gap):
                parse_when(text, zone)
            with pytest.raises(TimeValueError, match="does not exist there"):
                parse_when(f"{text}+00:00", zone)
        else:
            assert len(found) == 2, (text, found)
            with pytest.raises(TimeValueError) as info:
                parse_when(text, zone)
            (first_utc, first_off), (second_utc, second_off) = found
            message = info.value.message
            assert message.startswith(f"{text} occurs twice in {zone}: add ")
            first_at = message.index(_offset_text(first_off))
            assert first_at < message.index(_offset_text(second_off))
            for utc, offset in found:
                got = parse_when(f"{text}{_offset_text(offset)}", zone)
                assert isinstance(got, Instant)
                assert got.utc == utc, (text, offset)
            assert first_utc < second_utc
    # each window holds at least one ordinary wall; zones with transitions show them
    assert counts[1] > 0
    if scan.transitions:
        assert counts[0] + counts[2] > 0


def test_sweeps_see_the_expected_kinds_of_change() -> None:
    """The oracle itself finds gaps and folds where we know there are some."""

    def kinds(zone: str, start: datetime, end: datetime) -> tuple[int, int]:
        scan = _scan(zone, start, end)
        gaps = sum(1 for w in scan.walls if w not in scan.occurrences)
        folds = sum(1 for w in scan.walls if len(scan.occurrences.get(w, [])) == 2)
        return gaps, folds

    year = (datetime(2025, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC))
    assert kinds("Europe/Brussels", *year) == (4, 4)  # one hour each, 15-minute grid
    assert kinds("Australia/Lord_Howe", *year) == (2, 2)  # half an hour each
    assert kinds("Asia/Kolkata", *year) == (0, 0)
    apia_2011 = kinds(
        "Pacific/Apia", datetime(2011, 12, 1, tzinfo=UTC), datetime(2012, 1, 9, tzinfo=UTC)
    )
    assert apia_2011 == (96, 0)  # all of 30 December 2011 was skipped


# --- Brussels spot checks with the exact messages -------------------------------------------


def test_plain_wall_time() -> None:
    got = parse_when("2025-08-20T14:30", "Europe/Brussels")
    assert got == Instant(_utc(2025, 8, 20, 12, 30), "Europe/Brussels", Precision.MINUTE)
    assert got == parse_when("2025-08-20 14:30", "Europe/Brussels")
    assert got == parse_when("  2025-08-20t14:30  ", "Europe/Brussels")


def test_seconds_give_second_precision() -> None:
    got = parse_when("2025-08-20 14:30:05", "Europe/Brussels")
    assert got == Instant(_utc(2025, 8, 20, 12, 30, 5), "Europe/Brussels", Precision.SECOND)
    zero = parse_when("2025-08-20 14:30:00", "Europe/Brussels")
    assert isinstance(zero, Instant)
    assert zero.precision is Precision.SECOND


def test_gap_message() -> None:
    with pytest.raises(TimeValueError) as info:
        parse_when("2025-03-30 02:30", "Europe/Brussels")
    assert info.value.message == (
        "2025-03-30 02:30 does not exist in Europe/Brussels: clocks jump from 02:00 to 03:00 "
        "(UTC+01:00 -> UTC+02:00)"
    )
    assert str(info.value) == info.value.message


def test_gap_with_offset_is_a_contradiction() -> None:
    for offset in ("+01:00", "+02:00"):
        with pytest.raises(TimeValueError) as info:
            parse_when(f"2025-03-30 02:30{offset}", "Europe/Brussels")
        assert info.value.message == (
            f"offset {offset} contradicts Europe/Brussels: 2025-03-30 02:30 does not exist "
            "there; clocks jump from 02:00 to 03:00 (UTC+01:00 -> UTC+02:00)"
        )


def test_fold_message_and_choice() -> None:
    with pytest.raises(TimeValueError) as info:
        parse_when("2025-10-26 02:30", "Europe/Brussels")
    assert info.value.message == (
        "2025-10-26 02:30 occurs twice in Europe/Brussels: add +02:00 (CEST, first) or "
        "+01:00 (CET, second)"
    )
    first = parse_when("2025-10-26 02:30+02:00", "Europe/Brussels")
    second = parse_when("2025-10-26 02:30+01:00", "Europe/Brussels")
    assert first == Instant(_utc(2025, 10, 26, 0, 30), "Europe/Brussels")
    assert second == Instant(_utc(2025, 10, 26, 1, 30), "Europe/Brussels")
    assert first.utc == _zoneinfo_utc("Europe/Brussels", 2025, 10, 26, 2, 30, fold=0)
    assert second.utc == _zoneinfo_utc("Europe/Brussels", 2025, 10, 26, 2, 30, fold=1)


def test_fold_with_a_third_offset() -> None:
    with pytest.raises(TimeValueError) as info:
        parse_when("2025-10-26 02:30+05:00", "Europe/Brussels")
    assert info.value.message == (
        "offset +05:00 contradicts Europe/Brussels, which is UTC+02:00 (CEST) or "
        "UTC+01:00 (CET) at 2025-10-26 02:30"
    )


def test_contradicting_offset_message() -> None:
    with pytest.raises(TimeValueError) as info:
        parse_when("2025-08-20T14:30+01:00", "Europe/Brussels")
    assert info.value.message == (
        "offset +01:00 contradicts Europe/Brussels, which is UTC+02:00 (CEST) at 2025-08-20 14:30"
    )


def test_numeric_abbreviations_are_not_repeated() -> None:
    with pytest.raises(TimeValueError) as info:
        parse_when("2025-08-20 14:30+05:30", "Asia/Kathmandu")
    assert info.value.message.endswith("which is UTC+05:45 at 2025-08-20 14:30")
    with pytest.raises(TimeValueError) as fold:
        parse_when("2025-04-06 01:45", "Australia/Lord_Howe")
    assert fold.value.message.endswith("add +11:00 (first) or +10:30 (second)")


def test_half_hour_and_chatham_gaps() -> None:
    with pytest.raises(TimeValueError) as info:
        parse_when("2025-10-05 02:15", "Australia/Lord_Howe")
    assert "clocks jump from 02:00 to 02:30 (UTC+10:30 -> UTC+11:00)" in info.value.message
    with pytest.raises(TimeValueError) as chatham:
        parse_when("2025-09-28 03:00", "Pacific/Chatham")
    assert "clocks jump from 02:45 to 03:45 (UTC+12:45 -> UTC+13:45)" in chatham.value.message


def test_date_line_jump_names_the_dates() -> None:
    with pytest.raises(TimeValueError) as info:
        parse_when("2011-12-30 12:00", "Pacific/Apia")
    assert info.value.message == (
        "2011-12-30 12:00 does not exist in Pacific/Apia: clocks jump from 2011-12-30 00:00 "
        "to 2011-12-31 00:00 (UTC-10:00 -> UTC+14:00)"
    )
    before = parse_when("2011-12-29 23:59", "Pacific/Apia")
    after = parse_when("2011-12-31 00:00", "Pacific/Apia")
    assert isinstance(before, Instant)
    assert isinstance(after, Instant)
    assert after.utc - before.utc == 60


def test_casablanca_ramadan_2025() -> None:
    """Morocco drops to +00:00 for Ramadan; zoneinfo is the authority on the dates."""
    tz = ZoneInfo("Africa/Casablanca")

    def zoneinfo_offset(year: int, month: int, day: int) -> timedelta | None:
        return datetime(year, month, day, tzinfo=UTC).astimezone(tz).utcoffset()

    assert zoneinfo_offset(2025, 2, 1) == timedelta(hours=1)
    assert zoneinfo_offset(2025, 3, 15) == timedelta(0)
    assert zoneinfo_offset(2025, 5, 1) == timedelta(hours=1)
    ramadan = parse_when("2025-03-15 12:00", "Africa/Casablanca")
    assert isinstance(ramadan, Instant)
    assert ramadan.utc == _zoneinfo_utc("Africa/Casablanca", 2025, 3, 15, 12, 0)
    assert ramadan.utc == _utc(2025, 3, 15, 12)
    may = parse_when("2025-05-01 12:00", "Africa/Casablanca")
    assert isinstance(may, Instant)
    assert may.utc == _utc(2025, 5, 1, 11)
    with pytest.raises(TimeValueError, match=r"\+01:00 contradicts Africa/Casablanca"):
        parse_when("2025-03-15 12:00+01:00", "Africa/Casablanca")


# --- offsets without a zone -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "utc", "zone"),
    [
        ("2025-08-20T14:30Z", _utc(2025, 8, 20, 14, 30), "UTC"),
        ("2025-08-20t14:30z", _utc(2025, 8, 20, 14, 30), "UTC"),
        ("2025-08-20T14:30+00:00", _utc(2025, 8, 20, 14, 30), "UTC"),
        ("2025-08-20T14:30-00:00", _utc(2025, 8, 20, 14, 30), "UTC"),
        ("2025-08-20T14:30+02:00", _utc(2025, 8, 20, 12, 30), "UTC+02:00"),
        ("2025-08-20T14:30+0200", _utc(2025, 8, 20, 12, 30), "UTC+02:00"),
        ("2025-08-20T14:30+02", _utc(2025, 8, 20, 12, 30), "UTC+02:00"),
        ("2025-08-20 14:30 +02:00", _utc(2025, 8, 20, 12, 30), "UTC+02:00"),
        ("2025-08-20T14:30-04:00", _utc(2025, 8, 20, 18, 30), "UTC-04:00"),
        ("2025-08-20T14:30+05:45", _utc(2025, 8, 20, 8, 45), "UTC+05:45"),
        ("2025-08-20T14:30-09:30", _utc(2025, 8, 21, 0, 0), "UTC-09:30"),
        ("2025-08-20T14:30+14:00", _utc(2025, 8, 20, 0, 30), "UTC+14:00"),
        ("2025-08-20T14:30+18:00", _utc(2025, 8, 19, 20, 30), "UTC+18:00"),
        ("2025-08-20T14:30:05+02:00", _utc(2025, 8, 20, 12, 30, 5), "UTC+02:00"),
    ],
)
def test_offset_without_zone(text: str, utc: int, zone: str) -> None:
    got = parse_when(text, None)
    assert isinstance(got, Instant)
    assert (got.utc, got.zone) == (utc, zone)
    if " " not in text:  # the standard library reads these forms too: a second opinion
        assert got.utc == int(datetime.fromisoformat(text.upper()).timestamp())


def test_offset_with_fixed_zone() -> None:
    got = parse_when("2025-08-20 14:30+02:00", "UTC+02:00")
    assert got == Instant(_utc(2025, 8, 20, 12, 30), "UTC+02:00")
    with pytest.raises(TimeValueError, match="contradicts UTC"):
        parse_when("2025-08-20 14:30+02:00", "UTC")
    assert parse_when("2025-08-20 14:30", "UTC") == Instant(_utc(2025, 8, 20, 14, 30), "UTC")


# --- calendar dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2025-06-24", CalendarDate(2025, 6, 24)),
        ("2014-02", CalendarDate(2014, 2)),
        ("2014", CalendarDate(2014)),
        ("0001", CalendarDate(1)),
        ("9999-12-31", CalendarDate(9999, 12, 31)),
        ("2024-02-29", CalendarDate(2024, 2, 29)),
        (" 2025-06-24 ", CalendarDate(2025, 6, 24)),
    ],
)
def test_calendar_dates(text: str, value: CalendarDate) -> None:
    assert parse_when(text, None) == value
    assert parse_when(text, "Europe/Brussels") == value


# --- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "zone", "message"),
    [
        ("2025-02-30", None, "invalid date '2025-02-30': February 2025 has 28 days"),
        ("2024-02-30", None, "invalid date '2024-02-30': February 2024 has 29 days"),
        ("2025-04-31", None, "invalid date '2025-04-31': April 2025 has 30 days"),
        ("2025-13-01", None, "invalid date '2025-13-01': month 13 does not exist (01-12)"),
        ("2025-00", None, "invalid date '2025-00': month 00 does not exist (01-12)"),
        ("2025-06-00", None, "invalid date '2025-06-00': day 00 does not exist"),
        ("0000", None, "invalid date '0000': year 0000 is out of range (0001-9999)"),
        ("10000", None, "invalid date '10000': the year must have 4 digits (0001-9999)"),
        ("25-06-24", None, "invalid date '25-06-24': the year must have 4 digits"),
        ("2025-6-24", None, "invalid date '2025-6-24': write the month with two digits"),
        ("2025-06-4", None, "invalid date '2025-06-4': write the day with two digits"),
        ("20250624", None, "invalid date '20250624': write the date with dashes: YYYY-MM-DD"),
        ("24/06/2025", None, "invalid date '24/06/2025': dates are written year first"),
        ("June 2025", None, "invalid date 'June 2025'"),
        ("", None, "empty time value"),
        ("   ", None, "empty time value"),
        ("2025-08-20 24:00", "UTC", "invalid time '2025-08-20 24:00': hours run 00-23"),
        ("2025-08-20 25:61", "UTC", "invalid time '2025-08-20 25:61': hour 25 does not exist"),
        ("2025-08-20 23:61", "UTC", "minute 61 does not exist (00-59)"),
        ("2025-08-20 23:59:60", "UTC", "leap seconds are not supported"),
        ("2025-08-20 23:59:61", "UTC", "second 61 does not exist"),
        ("2025-08-20 9:30", "UTC", "write hours with two digits"),
        ("2025-08-20 14", "UTC", "a time needs hours and minutes (HH:MM)"),
        ("2025-08-20T", "UTC", "expected HH:MM after the date"),
        ("2025-08 14:30", "UTC", "a time needs a full date"),
        ("2025-08-20 14:30:05.5", "UTC", "fractional seconds are not supported"),
        ("2025-08-20 14:30:05,250", "UTC", "drop ',250'"),
        ("2025-08-20 14:30 CEST", "UTC", "zone names go in the 'timezone' field"),
        ("2025-08-20 14:30 UTC", None, "write Z or +00:00 instead"),
        ("2025-08-20 14:30+2", None, "write an offset as +HH:MM, -HH:MM or Z"),
        ("2025-08-20 14:30+19:00", None, "offsets run from -18:00 to +18:00"),
        ("2025-08-20 14:30+02:75", None, "minutes run 00-59"),
        (
            "2025-08-20 14:30",
            None,
            "time '2025-08-20 14:30' has no time zone: add an offset (e.g. +02:00), a "
            "'timezone' to the event, or a default 'timezone' at the top of the file",
        ),
        ("0001-01-01 00:30+02:00", None, "the earliest is 0001-01-01 18:00 UTC"),
        ("9999-12-31 23:30-02:00", None, "the latest is 9999-12-31 05:59:59 UTC"),
        ("0001-01-01 05:00", "Asia/Tokyo", "out of range"),
        ("0001-01-01 00:00Z", None, "within years 0001-9999 in every zone"),
        ("0001-01-01 17:59:59Z", None, "the earliest is 0001-01-01 18:00 UTC"),
        ("9999-12-31 06:00Z", None, "the latest is 9999-12-31 05:59:59 UTC"),
        ("9999-12-31 23:59:59Z", None, "the latest is 9999-12-31 05:59:59 UTC"),
        ("9999-12-31 23:00", "Pacific/Kiritimati", "the latest is 9999-12-31 05:59:59 UTC"),
    ],
)
def test_errors(text: str, zone: str | None, message: str) -> None:
    with pytest.raises(TimeValueError) as info:
        parse_when(text, zone)
    assert message in info.value.message
    assert "\n" not in info.value.message
    assert isinstance(info.value, ValueError)


def test_no_zone_message_is_exact() -> None:
    with pytest.raises(TimeValueError) as info:
        parse_when("2025-08-20 14:30", None)
    assert info.value.message == (
        "time '2025-08-20 14:30' has no time zone: add an offset (e.g. +02:00), a 'timezone' "
        "to the event, or a default 'timezone' at the top of the file"
    )


def test_unknown_zone_key_is_a_lookup_error() -> None:
    with pytest.raises(ZoneLookupError):
        parse_when("2025-08-20 14:30", "Europe/Kiev")


def test_range_edges() -> None:
    first = parse_when("0001-01-01 18:00Z", None)
    last = parse_when("9999-12-31 05:59:59Z", None)
    assert isinstance(first, Instant)
    assert isinstance(last, Instant)
    assert (first.utc, last.utc) == (MIN_UTC, MAX_UTC)
    assert first.utc_datetime == datetime(1, 1, 1, 18, tzinfo=UTC)
    late = parse_when("9999-12-31 19:59:59", "Pacific/Kiritimati")
    assert isinstance(late, Instant)
    assert late.utc == MAX_UTC
    early = parse_when("0001-01-01 13:03:58", "America/New_York")  # local mean time, -4:56:02
    assert isinstance(early, Instant)
    assert early.utc == MIN_UTC


@pytest.mark.parametrize(
    "zone",
    [
        "America/New_York",
        "Pacific/Kiritimati",
        "Asia/Manila",  # -15:56 in year 1 (local mean time), the widest in tzdata
        "America/Metlakatla",  # +15:13 in year 1
        "UTC-18:00",
        "UTC+18:00",
    ],
)
def test_every_accepted_instant_is_inside_the_calendar_in_every_zone(zone: str) -> None:
    for utc in (MIN_UTC, MAX_UTC):
        assert 1 <= datetime.fromtimestamp(utc, get_tzinfo(zone)).year <= 9999
        assert format_when_iso(Instant(utc, "UTC"), zone)[:4] in {"0001", "9999"}


# --- instant_from_wall ----------------------------------------------------------------------


def test_instant_from_wall() -> None:
    got = instant_from_wall(2025, 8, 20, 14, 30, 0, "America/New_York", None)
    assert got == Instant(_utc(2025, 8, 20, 18, 30), "America/New_York", Precision.MINUTE)
    seconds = instant_from_wall(2025, 8, 20, 14, 30, 5, "America/New_York", None)
    assert seconds.precision is Precision.SECOND
    forced = instant_from_wall(
        2025, 8, 20, 14, 30, 0, "America/New_York", None, precision=Precision.SECOND
    )
    assert forced.precision is Precision.SECOND
    fixed = instant_from_wall(2025, 8, 20, 14, 30, 0, None, -4 * 3600)
    assert fixed == Instant(_utc(2025, 8, 20, 18, 30), "UTC-04:00")
    early = instant_from_wall(2025, 11, 2, 1, 30, 0, "America/New_York", -4 * 3600)
    late = instant_from_wall(2025, 11, 2, 1, 30, 0, "America/New_York", -5 * 3600)
    assert late.utc - early.utc == 3600


@pytest.mark.parametrize(
    ("fields", "zone", "offset", "message"),
    [
        ((2025, 2, 29, 12, 0, 0), "UTC", None, "February 2025 has 28 days"),
        ((2025, 13, 1, 12, 0, 0), "UTC", None, "month 13 does not exist"),
        ((0, 1, 1, 12, 0, 0), "UTC", None, "year 0000 is out of range"),
        ((2025, 1, 1, 24, 0, 0), "UTC", None, "hours run 00-23"),
        ((2025, 1, 1, 12, 60, 0), "UTC", None, "minute 60 does not exist"),
        ((2025, 1, 1, 12, 0, 0), None, None, "has no time zone"),
        ((2025, 1, 1, 12, 0, 0), None, 19 * 3600, "beyond ±18:00"),
        ((2025, 3, 9, 2, 30, 0), "America/New_York", None, "does not exist in America/New_York"),
        ((2025, 11, 2, 1, 30, 0), "America/New_York", None, "occurs twice in America/New_York"),
    ],
)
def test_instant_from_wall_errors(
    fields: tuple[int, int, int, int, int, int], zone: str | None, offset: int | None, message: str
) -> None:
    with pytest.raises(TimeValueError) as info:
        instant_from_wall(*fields, zone, offset)
    assert message in info.value.message


# --- formatting and pendulum ----------------------------------------------------------------


def test_format_when_iso() -> None:
    ny = parse_when("2025-08-20 08:30", "America/New_York")
    assert isinstance(ny, Instant)
    assert format_when_iso(ny, None) == "2025-08-20T08:30:00-04:00"
    assert format_when_iso(ny, "UTC") == "2025-08-20T12:30:00+00:00"
    assert format_when_iso(ny, "Europe/Brussels") == "2025-08-20T14:30:00+02:00"
    assert format_when_iso(ny, "UTC+05:45") == "2025-08-20T18:15:00+05:45"
    assert format_when_iso(ny, "Asia/Kathmandu") == "2025-08-20T18:15:00+05:45"
    fixed = parse_when("2025-08-20T14:30+02:00", None)
    assert format_when_iso(fixed, None) == "2025-08-20T14:30:00+02:00"
    z = parse_when("2025-08-20T14:30:07Z", None)
    assert format_when_iso(z, None) == "2025-08-20T14:30:07+00:00"
    assert format_when_iso(CalendarDate(2025, 6), "Europe/Brussels") == "2025-06"
    assert format_when_iso(CalendarDate(2025, 6, 24), None) == "2025-06-24"
    assert format_when_iso(CalendarDate(14), None) == "0014"


def test_format_when_iso_round_trips() -> None:
    for text, zone in [
        ("2025-10-26 02:30+01:00", "Europe/Brussels"),
        ("2025-04-06 02:30", "Australia/Lord_Howe"),
        ("2025-08-20 14:30:59", "Pacific/Chatham"),
        ("1986-01-01 00:30", "Asia/Kathmandu"),
    ]:
        value = parse_when(text, zone)
        assert isinstance(value, Instant)
        again = parse_when(format_when_iso(value, None), zone)
        assert isinstance(again, Instant)
        assert again.utc == value.utc


def test_format_outside_the_supported_range_falls_back_to_utc() -> None:
    first = Instant(_utc(1, 1, 1), "America/New_York")  # made by hand: the loader refuses it
    assert format_when_iso(first, None) == "0001-01-01T00:00:00+00:00"


def test_to_pendulum() -> None:
    ny = parse_when("2025-08-20 08:30", "America/New_York")
    assert isinstance(ny, Instant)
    own = to_pendulum(ny)
    assert isinstance(own, pendulum.DateTime)
    assert own.timezone_name == "America/New_York"
    assert (own.hour, own.minute, own.utcoffset()) == (8, 30, timedelta(hours=-4))
    assert int(own.timestamp()) == ny.utc
    kyiv = to_pendulum(ny, "Europe/Kyiv")
    assert (kyiv.hour, kyiv.utcoffset()) == (15, timedelta(hours=3))
    utc = to_pendulum(ny, "UTC")
    assert utc.utcoffset() == timedelta(0)
    assert utc.timezone_name == "UTC"
    fixed = to_pendulum(ny, "UTC-09:30")
    assert (fixed.hour, fixed.minute, fixed.utcoffset()) == (3, 0, timedelta(hours=-9.5))
    assert int(fixed.timestamp()) == ny.utc
    with pytest.raises(ZoneLookupError):
        to_pendulum(ny, "Nowhere/Land")


# --- calendar_start_utc ---------------------------------------------------------------------


def test_calendar_start_plain() -> None:
    assert calendar_start_utc(CalendarDate(2025, 6, 24), None) == _utc(2025, 6, 24)
    assert calendar_start_utc(CalendarDate(2025, 6, 24), "UTC") == _utc(2025, 6, 24)
    assert calendar_start_utc(CalendarDate(2025, 6, 24), "Europe/Brussels") == _utc(2025, 6, 23, 22)
    assert calendar_start_utc(CalendarDate(2025, 6), "Asia/Tokyo") == _utc(2025, 5, 31, 15)
    assert calendar_start_utc(CalendarDate(2025), "UTC+05:45") == _utc(2024, 12, 31, 18, 15)
    assert calendar_start_utc(CalendarDate(2025, 1, 1), "America/New_York") == _zoneinfo_utc(
        "America/New_York", 2025, 1, 1, 0, 0
    )


@pytest.mark.parametrize(
    ("zone", "day"),
    [
        ("Atlantic/Azores", CalendarDate(2025, 3, 30)),  # 00:00 -> 01:00
        ("America/Santiago", CalendarDate(2025, 9, 7)),  # 00:00 -> 01:00
        ("America/Havana", CalendarDate(2025, 3, 9)),  # 00:00 -> 01:00
        ("Asia/Kathmandu", CalendarDate(1986, 1, 1)),  # 00:00 -> 00:15
        ("Pacific/Apia", CalendarDate(2011, 12, 30)),  # the skipped day
        ("Pacific/Kiritimati", CalendarDate(1994, 12, 31)),  # the skipped day
    ],
)
def test_calendar_start_in_a_gap_is_the_first_instant_after(zone: str, day: CalendarDate) -> None:
    got = calendar_start_utc(day, zone)
    tz = ZoneInfo(zone)
    first = day.first_day()
    # Oracle: the earliest minute whose wall time is on or after the day's midnight.
    probe = datetime(first.year, first.month, first.day, tzinfo=UTC) - timedelta(hours=16)
    while True:
        local = probe.astimezone(tz)
        if local.date() >= first:
            break
        probe += timedelta(minutes=1)
    assert got == int(probe.timestamp())
    with pytest.raises(TimeValueError, match="does not exist"):
        parse_when(f"{first.isoformat()} 00:00", zone)


def test_calendar_start_in_a_fold_is_the_earlier() -> None:
    day = CalendarDate(2025, 10, 26)
    with pytest.raises(TimeValueError, match="occurs twice"):
        parse_when("2025-10-26 00:00", "Atlantic/Azores")
    assert calendar_start_utc(day, "Atlantic/Azores") == _zoneinfo_utc(
        "Atlantic/Azores", 2025, 10, 26, 0, 0, fold=0
    )
    assert calendar_start_utc(day, "Atlantic/Azores") == _utc(2025, 10, 26, 0)


def test_calendar_start_orders_like_instants() -> None:
    day = calendar_start_utc(CalendarDate(2025, 6, 24), "Asia/Tokyo")
    morning = parse_when("2025-06-24 00:01", "Asia/Tokyo")
    evening_before = parse_when("2025-06-23 23:59", "Asia/Tokyo")
    assert isinstance(morning, Instant)
    assert isinstance(evening_before, Instant)
    assert evening_before.utc < day < morning.utc


def test_calendar_start_at_the_edges_does_not_raise() -> None:
    assert calendar_start_utc(CalendarDate(1), "Asia/Tokyo") < MIN_UTC
    assert calendar_start_utc(CalendarDate(9999, 12, 31), "America/Anchorage") > MAX_UTC - 86400


# --- ASCII digits only ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "\uff12\uff10\uff12\uff15",  # fullwidth 2025
        "\uff12\uff10\uff12\uff15-08-20 14:30",
        "\u0662\u0660\u0662\u0665-08-20",  # Arabic-Indic 2025
        "2025-08-2\u0660",
        "2025-08-20 1\u0664:30",
        "2025-08-20 14:30:\u0966\u0967",  # Devanagari seconds
        "2025-08-20 14:30+0\u0662:00",
        "2025-08-20 14:30+02:\u0663\u0660",
        "2025-08-20 14:30+\uff10\uff12\uff10\uff10",
    ],
)
def test_digits_are_ascii_only(text: str) -> None:
    with pytest.raises(TimeValueError) as info:
        parse_when(text, "UTC")
    assert "write digits as 0-9" in info.value.message
    assert "DIGIT" in info.value.message  # the character is named
    with pytest.raises(TimeValueError):
        parse_date(text)


@pytest.mark.parametrize(
    "text", ["UTC+\u0663", "+\uff10\uff12:00", "GMT-\u0665", "UTC+\u0660\u0665\u0663\u0660"]
)
def test_zone_offsets_take_ascii_digits_only(text: str) -> None:
    with pytest.raises(ZoneLookupError):
        resolve_zone(text)


def test_parse_date_reads_dates_and_refuses_times() -> None:
    assert parse_date(" 2025-08 ") == CalendarDate(2025, 8)
    assert parse_date("2025") == CalendarDate(2025)
    with pytest.raises(TimeValueError, match="is a time: give a date"):
        parse_date("2025-08-20 14:30")
    with pytest.raises(TimeValueError, match="write the month with two digits"):
        parse_date("2025-8")


# --- RFC 9557: Z, numeric offsets and the [zone] suffix -------------------------------------


@pytest.mark.parametrize(
    "zone", ["America/Chicago", "Pacific/Kiritimati", "Asia/Kathmandu", "UTC+05:30", "UTC"]
)
def test_z_gives_the_instant_in_utc_and_fits_any_zone(zone: str) -> None:
    got = parse_when("1969-07-21T02:56:15Z", zone)
    assert got == Instant(_utc(1969, 7, 21, 2, 56, 15), zone, Precision.SECOND)
    assert parse_when("2025-08-20t12:30z", zone) == Instant(_utc(2025, 8, 20, 12, 30), zone)


def test_z_without_a_zone_takes_the_default_and_else_stays_utc() -> None:
    moon = _utc(1969, 7, 21, 2, 56, 15)
    assert parse_when("1969-07-21T02:56:15Z", None) == Instant(moon, "UTC", Precision.SECOND)
    got = parse_when("1969-07-21T02:56:15Z", None, default_zone="America/Chicago")
    assert got == Instant(moon, "America/Chicago", Precision.SECOND)
    # a numeric offset is a local offset: the default zone is not used
    fixed = parse_when("2025-08-20T14:30+02:00", None, default_zone="Europe/London")
    assert fixed == Instant(_utc(2025, 8, 20, 12, 30), "UTC+02:00")


@pytest.mark.parametrize(
    ("text", "zone", "message"),
    [
        ("2025-08-20T14:30+00:00", "America/Chicago", "offset +00:00 contradicts America/Chicago"),
        ("2025-08-20T14:30+00:00", "America/Chicago", "for a time given in UTC write Z"),
        ("2025-08-20T14:30-00:00", "Europe/Brussels", "write Z, which fits any zone"),
        ("2025-03-30T02:30+00:00", "Europe/Brussels", "does not exist there"),
        ("2025-08-20T14:30-06:00", "America/Chicago", "which is UTC-05:00 (CDT)"),
    ],
)
def test_a_numeric_offset_must_agree_with_the_zone(text: str, zone: str, message: str) -> None:
    with pytest.raises(TimeValueError) as info:
        parse_when(text, zone)
    assert message in info.value.message


def test_plus_zero_is_fine_where_the_zone_is_at_zero() -> None:
    winter = parse_when("2025-01-15T12:00+00:00", "Europe/London")
    assert winter == Instant(_utc(2025, 1, 15, 12), "Europe/London")
    assert parse_when("2025-08-20T12:00+00:00", "UTC") == Instant(_utc(2025, 8, 20, 12), "UTC")
    with pytest.raises(TimeValueError, match="write Z"):
        parse_when("2025-08-20T12:00+00:00", "Europe/London")  # BST: +01:00


BRUSSELS_1430 = Instant(_utc(2025, 8, 20, 12, 30), "Europe/Brussels")


@pytest.mark.parametrize(
    ("text", "zone", "default", "expected"),
    [
        ("2025-08-20T14:30+02:00[Europe/Brussels]", None, None, BRUSSELS_1430),
        ("2025-08-20T14:30[Europe/Brussels]", None, None, BRUSSELS_1430),
        ("2025-08-20 14:30 [Europe/Brussels]", None, None, BRUSSELS_1430),
        ("2025-08-20T14:30[!Europe/Brussels]", None, None, BRUSSELS_1430),
        ("2025-08-20T14:30+02:00[!Europe/Brussels]", None, None, BRUSSELS_1430),
        ("2025-08-20T12:30Z[Europe/Brussels]", None, None, BRUSSELS_1430),
        ("2025-08-20T14:30+02:00[Europe/Brussels]", "Europe/Brussels", None, BRUSSELS_1430),
        ("2025-08-20T14:30[Europe/Brussels]", None, "Asia/Tokyo", BRUSSELS_1430),
        ("2025-08-20T14:30[europe/brussels]", None, None, BRUSSELS_1430),
        ("2025-08-20T14:30+02:00[Europe/Brussels][u-ca=hebrew]", None, None, BRUSSELS_1430),
        ("2025-08-20T14:30+02:00[Europe/Brussels][_x-y=a-b]", None, None, BRUSSELS_1430),
        ("2025-08-20T14:30+02:00[Europe/Brussels][!u-ca=iso8601]", None, None, BRUSSELS_1430),
        (
            "2025-08-20T14:30+02:00[+02:00]",
            None,
            None,
            Instant(_utc(2025, 8, 20, 12, 30), "UTC+02:00"),
        ),
        (
            "2025-08-20T14:30+02:00[u-ca=iso8601]",
            None,
            None,
            Instant(_utc(2025, 8, 20, 12, 30), "UTC+02:00"),
        ),
        (
            "2025-08-20T14:30[Europe/Kiev]",
            None,
            None,
            Instant(_utc(2025, 8, 20, 11, 30), "Europe/Kyiv"),
        ),
        (
            "2025-10-26T02:30+01:00[Europe/Brussels]",
            None,
            None,
            Instant(_utc(2025, 10, 26, 1, 30), "Europe/Brussels"),
        ),
    ],
)
def test_the_rfc_9557_suffix_names_the_zone(
    text: str, zone: str | None, default: str | None, expected: Instant
) -> None:
    assert parse_when(text, zone, default_zone=default) == expected


@pytest.mark.parametrize(
    ("text", "zone", "message"),
    [
        (
            "2025-08-20T14:30+02:00[Europe/Paris]",
            "Europe/Brussels",
            "names the zone Europe/Paris but the event's timezone is Europe/Brussels",
        ),
        ("2025-08-20T14:30+01:00[Europe/Brussels]", None, "offset +01:00 contradicts"),
        ("2025-08-20T14:30+01:00[!Europe/Brussels]", None, "offset +01:00 contradicts"),
        ("2025-08-20T14:30+00:00[Europe/Brussels]", None, "for a time given in UTC write Z"),
        ("2025-10-26T02:30[Europe/Brussels]", None, "occurs twice in Europe/Brussels"),
        (
            "2025-08-20T14:30[Europe/Brussels][!u-ca=hebrew]",
            None,
            "the critical tag '[!u-ca=hebrew]' is not understood",
        ),
        ("2025-08-20T14:30[Europe/Brussels][!x-foo=bar]", None, "drop the '!'"),
        ("2025-08-20T14:30[Europe/Brussels][U-CA=x]", None, "is not a tag"),
        ("2025-08-20T14:30[u-ca=iso8601][Europe/Brussels]", None, "give one [zone], before"),
        ("2025-08-20T14:30[Europe/Brussels][Europe/Paris]", None, "give one [zone], before"),
        ("2025-08-20T14:30[Nowhere/Land]", None, "unknown time zone 'Nowhere/Land'"),
        ("2025-08-20T14:30[Europe Brussels]", None, "is not a time zone"),
        ("2025-08-20T14:30[../etc]", None, "is not a time zone"),
        ("2025-08-20T14:30[]", None, "is not a time zone"),
        ("2025-08-20T14:30[Europe/Brussels", None, "is not a suffix"),
        ("2025-08-20T14:30[Europe/Brussels]x", None, "is not a suffix"),
        ("2025-08-20[Europe/Brussels]", None, "a [zone] suffix goes after a time"),
        ("2025-08-20T14:30[+19:00]", None, "offsets run from -18:00 to +18:00"),
    ],
)
def test_bad_suffixes_say_what_is_wrong(text: str, zone: str | None, message: str) -> None:
    with pytest.raises(TimeValueError) as info:
        parse_when(text, zone)
    assert message in info.value.message


def test_suffix_zone() -> None:
    assert suffix_zone(" 2025-08-20T14:30+02:00[Europe/Brussels] ") == "Europe/Brussels"
    assert suffix_zone("2025-08-20T14:30[!Europe/Kiev][u-ca=iso8601]") == "Europe/Kyiv"
    assert suffix_zone("2025-08-20T14:30+02:00[u-ca=iso8601]") is None
    assert suffix_zone("2025-08-20T14:30+02:00") is None
    assert suffix_zone("2025-08-20T14:30[Nowhere/Land]") is None


RFC_FILE = """\
timezone: Europe/London
events:
  - {id: moon, title: Moon, start: "1969-07-21T02:56:15Z", timezone: America/Chicago}
  - {id: z-file, title: Z, start: "2025-08-20T12:30Z"}
  - id: vtc
    title: Call
    start: "2025-08-20T14:30+02:00[Europe/Brussels]"
    end: "2025-08-20T16:00"
  - id: flight
    title: Flight
    start: "2025-08-18T22:00[Europe/Brussels]"
    end: "2025-08-19T00:30[America/New_York]"
  - {id: offset, title: O, start: "2025-08-20T14:30+02:00", end: "2025-08-20T16:00"}
"""


def test_the_loader_reads_rfc_9557_times() -> None:
    timeline = load_text(RFC_FILE, "rfc.yaml")
    moon = timeline.by_id["moon"]
    assert moon.start == Instant(_utc(1969, 7, 21, 2, 56, 15), "America/Chicago", 5)
    assert moon.timezone == "America/Chicago"
    z_file = timeline.by_id["z-file"]
    assert z_file.start == Instant(_utc(2025, 8, 20, 12, 30), "Europe/London")
    assert z_file.timezone == "Europe/London"
    vtc = timeline.by_id["vtc"]
    assert vtc.timezone == "Europe/Brussels"  # the start's suffix names the event's zone
    assert vtc.end == Instant(_utc(2025, 8, 20, 14), "Europe/Brussels")  # read there too
    flight = timeline.by_id["flight"]
    assert flight.timezone == "Europe/Brussels"
    assert flight.start == Instant(_utc(2025, 8, 18, 20), "Europe/Brussels")
    assert flight.end == Instant(_utc(2025, 8, 19, 4, 30), "America/New_York")
    offset = timeline.by_id["offset"]
    assert offset.start == Instant(_utc(2025, 8, 20, 12, 30), "UTC+02:00")
    assert offset.end == Instant(_utc(2025, 8, 20, 15), "Europe/London")  # as always: BST


def test_the_loader_refuses_a_suffix_that_contradicts_the_timezone_field() -> None:
    text = (
        "events:\n"
        "  - title: A\n"
        "    timezone: Europe/Brussels\n"
        "    start: 2025-08-20T14:30+02:00[Europe/Paris]\n"
        "  - {title: B, timezone: America/Chicago, start: '2025-08-20T14:30+00:00'}\n"
    )
    with pytest.raises(TimelineError) as info:
        load_text(text, "f.yaml")
    found = [(d.line, d.column, d.message) for d in info.value.diagnostics]
    assert found[0][:2] == (4, 12)
    assert "names the zone Europe/Paris but the event's timezone is Europe/Brussels" in found[0][2]
    assert found[1][0] == 5
    assert "offset +00:00 contradicts America/Chicago" in found[1][2]
    assert "write Z" in found[1][2]


def test_each_file_counts_the_quarter_hour_memo_afresh() -> None:
    """A file of scattered times turns the memo off for itself, not for the next file."""
    from tui.core import walltime

    walltime._steady_stats[:] = [10_000, 0]  # as a file of times that never repeat leaves it
    walltime._STEADY.clear()
    text = "timezone: Europe/Brussels\nevents:\n" + "".join(
        f"  - title: e{i}\n    start: 2025-03-0{1 + i % 5}T10:{i % 60:02d}\n" for i in range(40)
    )
    load_text(text, "again.yaml")
    lookups, hits = walltime._steady_stats
    assert lookups == 40
    assert hits > 0, "the memo is used again after a fresh start"


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("2025-08-20 9:30", "hours"),
        ("2025-08-20 123:30", "hours"),
        ("2025-08-20 14:3", "minutes"),
        ("2025-08-20 14:300", "minutes"),
        ("2025-08-20 14:30:5", "seconds"),
        ("2025-08-20 14:30:050", "seconds"),
        ("2025-08-20 9:3:5", "hours"),  # the first wrong part is the one named
        ("2025-08-20 14:3:5", "minutes"),
    ],
)
def test_each_clock_part_needs_two_digits(text: str, part: str) -> None:
    with pytest.raises(TimeValueError) as info:
        parse_when(text, "UTC")
    assert str(info.value) == f"invalid time '{text}': write {part} with two digits"


@pytest.mark.parametrize(
    ("text", "precision", "seconds"),
    [
        ("2025-08-20 14:30", Precision.MINUTE, 0),
        ("2025-08-20 14:30:00", Precision.SECOND, 0),
        ("2025-08-20T14:30:07Z", Precision.SECOND, 7),
        ("2025-08-20 14:30Z[Europe/Brussels]", Precision.MINUTE, 0),
    ],
)
def test_precision_follows_what_is_written(text: str, precision: Precision, seconds: int) -> None:
    value = parse_when(text, None, default_zone="UTC")
    assert isinstance(value, Instant)
    assert value.precision is precision
    assert value.utc % 60 == seconds
