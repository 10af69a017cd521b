"""Tests for tui.core.display: how times read to people, in any zone (and in `timeline show`)."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from tui.cli import main
from tui.core.display import (
    MINUS,
    ZoneTime,
    date_text,
    describe_when,
    duration_text,
    local_date_of,
    relative,
    schedule_lines,
    seconds_text,
    shift_marker,
    signed_delta,
    span_text,
    zone_line,
)
from tui.core.loader import load_text
from tui.core.model import CalendarDate, Event, Instant, Precision
from tui.core.output import event_report
from tui.core.timeparse import parse_when


def at(text: str, zone: str) -> Instant:
    """An instant from a wall time written in ``zone``."""
    value = parse_when(text, zone)
    assert isinstance(value, Instant)
    return value


def event(start: Instant | CalendarDate, end: Instant | CalendarDate | None = None) -> Event:
    zone = start.zone if isinstance(start, Instant) else None
    return Event(id="e", title="E", start=start, end=end, timezone=zone)


VTC = at("2025-08-20 14:30", "Europe/Brussels")  # 12:30 UTC
ALASKA = at("2025-08-15 11:00", "America/Anchorage")  # 19:00 UTC


# --- describe_when -----------------------------------------------------------------------


def test_instant_in_another_zone() -> None:
    assert VTC.utc == at("2025-08-20 12:30", "UTC").utc
    assert describe_when(VTC, "America/New_York") == "Wed 20 Aug 2025 08:30 EDT"
    assert describe_when(VTC, "Europe/Brussels") == "Wed 20 Aug 2025 14:30 CEST"
    assert describe_when(VTC, "Europe/Kyiv") == "Wed 20 Aug 2025 15:30 EEST"


def test_instant_in_45_minute_and_fixed_zones() -> None:
    assert describe_when(VTC, "Asia/Kathmandu") == "Wed 20 Aug 2025 18:15 +0545"
    assert describe_when(VTC, "UTC+05:30") == "Wed 20 Aug 2025 18:00 UTC+05:30"
    assert describe_when(VTC, "UTC") == "Wed 20 Aug 2025 12:30 UTC"


def test_instant_with_seconds() -> None:
    value = at("2025-08-20 14:30:05", "Europe/Brussels")
    assert value.precision is Precision.SECOND
    assert describe_when(value, "UTC") == "Wed 20 Aug 2025 12:30:05 UTC"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (CalendarDate(2025, 6, 24), "Tue 24 Jun 2025"),
        (CalendarDate(2014, 2), "Feb 2014"),
        (CalendarDate(2014), "2014"),
    ],
)
def test_calendar_dates_are_shown_as_written(value: CalendarDate, text: str) -> None:
    # whatever the zone: a date is never turned into "midnight somewhere"
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC"):
        assert describe_when(value, zone) == text


def test_date_text_options() -> None:
    assert date_text(date(2025, 6, 24)) == "Tue 24 Jun 2025"
    assert date_text(date(2025, 6, 24), weekday=False, year=False) == "24 Jun"


# --- zone_line ---------------------------------------------------------------------------


def test_zone_line_nato_vtc() -> None:
    ny = zone_line(VTC, "America/New_York", "Europe/Brussels")
    assert isinstance(ny, ZoneTime)
    assert (ny.city, ny.local, ny.weekday, ny.abbreviation) == ("New York", "08:30", "Wed", "EDT")
    assert ny.offset == "UTC-04:00"
    assert ny.offset_seconds == -4 * 3600
    assert ny.date == date(2025, 8, 20)
    assert (ny.day_shift, ny.marker) == (0, "")
    assert ny.minute_of_day == 8 * 60 + 30
    assert ny.date_text == "Wed 20 Aug"
    kyiv = zone_line(VTC, "Europe/Kyiv", "Europe/Brussels")
    assert (kyiv.local, kyiv.abbreviation, kyiv.offset) == ("15:30", "EEST", "UTC+03:00")


def test_zone_line_alaska_summit_in_moscow_is_the_same_day() -> None:
    moscow = zone_line(ALASKA, "Europe/Moscow", "America/Anchorage")
    assert (moscow.local, moscow.abbreviation, moscow.weekday) == ("22:00", "MSK", "Fri")
    assert (moscow.day_shift, moscow.marker) == (0, "")


def test_zone_line_day_shifts() -> None:
    evening = at("2025-08-18 20:00", "America/New_York")
    kyiv = zone_line(evening, "Europe/Kyiv", "America/New_York")
    assert (kyiv.local, kyiv.weekday, kyiv.day_shift, kyiv.marker) == ("03:00", "Tue", 1, "+1 day")
    morning = at("2025-08-19 07:00", "Asia/Tokyo")
    ny = zone_line(morning, "America/New_York", "Asia/Tokyo")
    assert (ny.local, ny.day_shift, ny.marker) == ("18:00", -1, f"{MINUS}1 day")
    # from one edge of the date line to the other: two days apart
    late = at("2025-08-18 23:00", "Pacific/Pago_Pago")
    assert zone_line(late, "Pacific/Kiritimati", "Pacific/Pago_Pago").day_shift == 2


def test_zone_line_kathmandu_and_southern_hemisphere() -> None:
    ktm = zone_line(VTC, "Asia/Kathmandu", "Europe/Brussels")
    assert (ktm.local, ktm.offset, ktm.abbreviation) == ("18:15", "UTC+05:45", "+0545")
    winter = zone_line(VTC, "Australia/Sydney", "Europe/Brussels")  # August: winter, AEST
    assert (winter.local, winter.abbreviation, winter.offset) == ("22:30", "AEST", "UTC+10:00")
    january = at("2025-01-15 12:00", "UTC")
    summer = zone_line(january, "Australia/Sydney", "UTC")  # January: summer time, AEDT
    assert (summer.local, summer.abbreviation, summer.offset) == ("23:00", "AEDT", "UTC+11:00")
    assert zone_line(january, "Pacific/Auckland", "UTC").marker == "+1 day"


def test_shift_marker() -> None:
    assert shift_marker(0) == ""
    assert shift_marker(1) == "+1 day"
    assert shift_marker(-1) == f"{MINUS}1 day"
    assert shift_marker(2) == "+2 days"


# --- relative ----------------------------------------------------------------------------

DAY = 86400


def test_relative_instants() -> None:
    assert relative(VTC, VTC.utc + 95 * DAY) == "3 months 3 days ago"
    assert relative(VTC, VTC.utc - 2 * DAY) == "in 2 days"
    assert relative(VTC, VTC.utc + 3 * 3600) == "3 hours ago"


def test_relative_dates_compare_calendar_days_in_the_zone() -> None:
    # 23:30 UTC on 24 June is already 25 June in Tokyo, still 24 June in New York.
    now = at("2025-06-24 23:30", "UTC").utc
    summit = CalendarDate(2025, 6, 24)
    assert relative(summit, now, "UTC") == "today"
    assert relative(summit, now, "America/New_York") == "today"
    assert relative(summit, now, "Asia/Tokyo") == "yesterday"
    assert relative(CalendarDate(2025, 6, 25), now, "UTC") == "tomorrow"
    assert relative(CalendarDate(2025, 6, 26), now, "UTC") == "in 2 days"
    assert relative(CalendarDate(2025, 6, 10), now, "UTC") == "14 days ago"


def test_relative_month_and_year_precision() -> None:
    now = at("2025-08-20 12:00", "UTC").utc
    assert relative(CalendarDate(2025, 8), now, "UTC") == "this month"
    assert relative(CalendarDate(2025), now, "UTC") == "this year"
    assert relative(CalendarDate(2025, 5), now, "UTC") == "3 months ago"
    assert relative(CalendarDate(2014, 2), now, "UTC") == "11 years 6 months ago"
    assert relative(CalendarDate(2026), now, "UTC") == "in 1 year"


# --- durations ---------------------------------------------------------------------------


def test_duration_of_instants() -> None:
    start = at("2025-08-15 11:30", "America/Anchorage")
    assert duration_text(start, at("2025-08-15 14:15", "America/Anchorage")) == "2 h 45 min"
    assert duration_text(start, at("2025-08-15 12:15", "America/Anchorage")) == "45 min"
    assert duration_text(start, at("2025-08-16 13:30", "America/Anchorage")) == "1 day 2 h"
    assert duration_text(start, at("2025-08-17 11:30", "America/Anchorage")) == "2 days"
    assert duration_text(start, None) is None


def test_duration_of_dates_is_inclusive() -> None:
    assert duration_text(CalendarDate(2025, 6, 24), CalendarDate(2025, 6, 25)) == "2 days"
    assert duration_text(CalendarDate(2025, 6, 24), CalendarDate(2025, 6, 24)) == "1 day"
    assert duration_text(CalendarDate(2014, 2), CalendarDate(2014, 3)) == "2 months"
    assert duration_text(CalendarDate(2014), CalendarDate(2016)) == "3 years"
    assert duration_text(CalendarDate(2025, 6), CalendarDate(2025, 6, 10)) == "10 days"
    assert duration_text(CalendarDate(2025, 6, 24), VTC) is None


def test_seconds_and_signed_deltas() -> None:
    assert seconds_text(30) == "30 s"
    assert seconds_text(3600) == "1 h"
    assert signed_delta(26 * 60) == "+26 min"
    assert signed_delta(-65 * 60) == f"{MINUS}1 h 5 min"
    assert signed_delta(0) == "on time"


# --- spans and schedules -----------------------------------------------------------------


def test_span_on_one_day() -> None:
    summit = event(ALASKA, at("2025-08-15 14:15", "America/Anchorage"))
    assert span_text(summit, "America/Anchorage") == "Fri 15 Aug 2025 11:00–14:15 AKDT"


def test_span_across_days_shows_both_dates() -> None:
    summit = event(ALASKA, at("2025-08-15 14:15", "America/Anchorage"))
    # 22:00 MSK to 01:15 MSK the next day
    assert span_text(summit, "Europe/Moscow") == "Fri 15 Aug 2025 22:00 – Sat 16 Aug 01:15 MSK"
    new_year = event(at("2025-12-31 23:00", "UTC"), at("2026-01-01 01:00", "UTC"))
    assert span_text(new_year, "UTC") == "Wed 31 Dec 2025 23:00 – Thu 1 Jan 2026 01:00 UTC"


def test_span_across_a_clock_change_names_both_abbreviations() -> None:
    night = event(
        at("2025-10-26 01:00", "Europe/Brussels"), at("2025-10-26 05:00", "Europe/Brussels")
    )
    assert span_text(night, "Europe/Brussels") == "Sun 26 Oct 2025 01:00 CEST – 05:00 CET"


def test_span_of_dates_and_single_values() -> None:
    hague = event(CalendarDate(2025, 6, 24), CalendarDate(2025, 6, 25))
    assert span_text(hague, "Asia/Tokyo") == "Tue 24 Jun 2025 – Wed 25 Jun 2025"
    assert span_text(event(VTC), "America/New_York") == "Wed 20 Aug 2025 08:30 EDT"


def test_schedule_versus_actual() -> None:
    summit = Event(
        id="s",
        title="S",
        start=at("2025-08-15 11:26", "America/Anchorage"),
        end=at("2025-08-15 14:15", "America/Anchorage"),
        scheduled_start=ALASKA,
        scheduled_end=at("2025-08-15 14:00", "America/Anchorage"),
        timezone="America/Anchorage",
    )
    assert schedule_lines(summit, "America/Anchorage") == [
        "scheduled 11:00 AKDT, began 11:26 AKDT (+26 min)",
        "scheduled to end 14:00 AKDT, ended 14:15 AKDT (+15 min)",
    ]
    early = Event(
        id="x", title="X", start=VTC, scheduled_start=at("2025-08-21 09:00", "Europe/Brussels")
    )
    assert schedule_lines(early, "Europe/Brussels") == [
        f"scheduled Thu 21 Aug 2025 09:00 CEST, began Wed 20 Aug 2025 14:30 CEST ({MINUS}18 h 30 min)"
    ]
    moved = Event(
        id="d",
        title="D",
        start=CalendarDate(2025, 6, 25),
        scheduled_start=CalendarDate(2025, 6, 24),
    )
    assert schedule_lines(moved, "UTC") == [
        "scheduled Tue 24 Jun 2025, began Wed 25 Jun 2025 (+1 day)"
    ]
    assert schedule_lines(event(VTC), "UTC") == []


# --- days --------------------------------------------------------------------------------


def test_local_date_of() -> None:
    evening = at("2025-08-18 20:00", "America/New_York")
    assert local_date_of(evening, "America/New_York") == date(2025, 8, 18)
    assert local_date_of(evening, "Europe/Kyiv") == date(2025, 8, 19)
    assert local_date_of(CalendarDate(2025, 6, 24), "Pacific/Kiritimati") == date(2025, 6, 24)
    assert type(local_date_of(evening, "UTC")) is date


# --- any accepted instant displays in any zone -------------------------------------------

EDGES = """\
events:
  - {id: first, title: First, start: "0001-01-01T18:00Z", end: "0001-01-01T19:00Z"}
  - {id: first-day, title: First day, start: "0001-01-01"}
  - {id: ny-first, title: NY first, start: "0001-01-01 13:03:58", timezone: America/New_York}
  - {id: last, title: Last, start: "9999-12-31T04:00Z", end: "9999-12-31T05:59:59Z"}
  - {id: last-day, title: Last day, start: "9999-12-31"}
  - {id: kiribati-last, title: Kiribati, start: "9999-12-31 19:59", timezone: Pacific/Kiritimati}
"""
EDGE_IDS = ["first", "first-day", "ny-first", "last", "last-day", "kiribati-last"]


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err, env={"TZ": "UTC"}, clock=lambda: 1764201600.0)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def edges_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "edges.yaml"
    path.write_text(EDGES, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "zone", ["America/New_York", "Pacific/Kiritimati", "Asia/Manila", "UTC-18:00", "UTC+18:00"]
)
def test_instants_at_both_ends_display_in_any_zone(edges_file: Path, zone: str) -> None:
    code, out, err = run_cli("list", str(edges_file), "--tz", zone)
    assert code == 0, err
    assert out.count("\n") >= len(EDGE_IDS)
    code, out, err = run_cli("list", str(edges_file), "--tz", zone, "--format", "json")
    assert code == 0, err
    items = json.loads(out)
    assert sorted(item["id"] for item in items) == sorted(EDGE_IDS)
    assert all(item["start"][:4] in {"0001", "9999"} for item in items)
    code, out, err = run_cli("list", str(edges_file), "--tz", zone, "--since", "0001-01-01")
    assert code == 0, err
    for event_id in EDGE_IDS:
        code, out, err = run_cli("show", event_id, str(edges_file), "--tz", zone)
        assert code == 0, err


def test_edge_instants_read_in_the_zones_at_the_ends() -> None:
    timeline = load_text(EDGES, "edges.yaml")
    first = timeline.by_id["first"].start
    assert isinstance(first, Instant)
    assert describe_when(first, "America/New_York") == "Mon 1 Jan 0001 13:03 LMT"
    assert describe_when(first, "UTC-18:00") == "Mon 1 Jan 0001 00:00 UTC-18:00"
    last = timeline.by_id["last"].end
    assert isinstance(last, Instant)
    assert describe_when(last, "Pacific/Kiritimati") == "Fri 31 Dec 9999 19:59:59 +14"
    assert describe_when(last, "UTC+18:00") == "Fri 31 Dec 9999 23:59:59 UTC+18:00"


@pytest.mark.parametrize(
    ("start", "line"),
    [("0001-01-01T00:00Z", 3), ("0001-01-01T17:59Z", 3), ("9999-12-31T06:00Z", 3)],
)
def test_instants_some_zone_cannot_show_are_refused_at_load(
    edges_file: Path, start: str, line: int
) -> None:
    edges_file.write_text(f"events:\n  - title: T\n    start: {start}\n", encoding="utf-8")
    code, _out, err = run_cli("list", str(edges_file), "--tz", "America/New_York")
    assert code == 1
    assert err.startswith(f"{edges_file}:{line}:12: start: time '{start}' is out of range")
    assert "within years 0001-9999 in every zone" in err


# --- the report of one event (timeline show) ----------------------------------------------

REPORTED = """
title: Report
timezone: Europe/Brussels
actors:
  caine: {name: Dan Caine, role: Chairman of the Joint Chiefs, timezone: America/New_York}
  grynkewich: {name: Alexus Grynkewich, timezone: Europe/Brussels}
  zelensky: {name: Volodymyr Zelensky, timezone: Europe/Kyiv}
  nobody: {name: No Zone}
  chods:
    name: NATO chiefs of defence
    kind: group
    timezone: Europe/Brussels
    members: [caine, grynkewich, nobody]
events:
  - id: week
    title: Week of talks
    start: 2025-08-18
    end: 2025-08-22
  - id: vtc
    parent: week
    title: Chiefs of defence VTC
    start: 2025-08-20 14:30
    end: 2025-08-20 15:30
    scheduled_start: 2025-08-20 14:00
    location: By video
    actors: [chods, zelensky]
    tags: [nato, ukraine]
    confidence: verified
    summary: |
      The chiefs met by video.
    notes: [Start time from one source.]
    sources:
      - {title: Readout, publisher: NATO, url: "https://example.org/r", quote: They met.}
      - https://example.org/bare
  - id: item
    parent: vtc
    title: Opening
    start: 2025-08-20 14:30
"""


REPORT_NOW = 1755700000  # 2025-08-20 14:26:40 UTC


def test_event_report_of_a_timed_event_in_full() -> None:
    timeline = load_text(REPORTED, "r.yaml")
    report = event_report(timeline.by_id["vtc"], timeline, "UTC", ["Asia/Tokyo", "UTC"], REPORT_NOW)
    assert report == (
        "Chiefs of defence VTC\n"
        "id: vtc\n"
        "part of: Week of talks [week]\n"
        "agenda: 1 item\n"
        "\n"
        "When\n"
        "  event zone     Wed 20 Aug 2025 14:30 CEST   (UTC+02:00)  Brussels\n"
        "  display zone   Wed 20 Aug 2025 12:30 UTC    (UTC+00:00)  UTC\n"
        "  --tz           Wed 20 Aug 2025 21:30 JST    (UTC+09:00)  Tokyo\n"
        "  ends           Wed 20 Aug 2025 15:30 CEST\n"
        "  relative       1 hour 56 minutes ago\n"
        "  duration       1 h\n"
        "  scheduled      Wed 20 Aug 2025 14:00 CEST\n"
        "\n"
        "For each participant (home zone)\n"
        "  Dan Caine                          Wed 08:30 EDT    (UTC-04:00)  New York\n"
        "  Alexus Grynkewich                  Wed 14:30 CEST   (UTC+02:00)  Brussels\n"
        "  Volodymyr Zelensky                 Wed 15:30 EEST   (UTC+03:00)  Kyiv\n"
        "\n"
        "Where: By video\n"
        "Actors:\n"
        "  NATO chiefs of defence\n"
        "  Volodymyr Zelensky\n"
        "Tags: nato, ukraine\n"
        "Confidence: verified\n"
        "\n"
        "The chiefs met by video.\n"
        "\n"
        "Notes:\n"
        "  - Start time from one source.\n"
        "\n"
        "Sources:\n"
        "  - NATO — Readout\n"
        "    https://example.org/r\n"
        '    "They met."\n'
        "  - https://example.org/bare\n"
    )


def test_event_report_of_a_date_range() -> None:
    timeline = load_text(REPORTED, "r.yaml")
    report = event_report(timeline.by_id["week"], timeline, "Asia/Tokyo", [], REPORT_NOW)
    assert report == (
        "Week of talks\n"
        "id: week\n"
        "agenda: 1 item\n"
        "\n"
        "When: Mon 18 Aug 2025 – Fri 22 Aug 2025 (a calendar date: the same day in every zone)\n"
        "  relative       2 days ago\n"
        "  duration       5 days\n"
        "\n"
    )
