"""Recurring events across DST changes, checked against ``zoneinfo`` as the oracle, in
zones with whole-hour, 30-minute and 45-minute offsets; custom VTIMEZONE rules matched."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tui.cli import main
from tui.core.loader import load_text
from tui.core.model import Instant

NOW = datetime(2025, 8, 1, tzinfo=UTC).timestamp()


def calendar(*lines: str) -> bytes:
    body = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", *lines, "END:VCALENDAR"]
    return ("\r\n".join(body) + "\r\n").encode()


def import_text(path: Path, *extra: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["import", str(path), *extra], out=out, err=err, env={"TZ": "UTC"}, clock=lambda: NOW
    )
    assert code == 0, err.getvalue()
    return out.getvalue()


@pytest.mark.parametrize(
    "zone",
    [
        "Europe/Brussels",
        "America/New_York",
        "Australia/Adelaide",
        "Asia/Kathmandu",
        "Australia/Lord_Howe",
    ],
)
def test_weekly_occurrences_keep_their_wall_time_across_dst(tmp_path: Path, zone: str) -> None:
    path = tmp_path / "weekly.ics"
    path.write_bytes(
        calendar(
            "BEGIN:VEVENT",
            "UID:weekly@test",
            "SUMMARY:Weekly",
            f"DTSTART;TZID={zone}:20250105T093000",
            f"DTEND;TZID={zone}:20250105T103000",
            "RRULE:FREQ=WEEKLY;COUNT=52",
            "END:VEVENT",
        )
    )
    text = import_text(path, "--since", "2025-01-01", "--until", "2025-12-31")
    events = sorted(load_text(text, "w.yaml").events, key=lambda e: e.order)
    assert len(events) == 52
    oracle = ZoneInfo(zone)
    for week, event in enumerate(events):
        day = date(2025, 1, 5) + timedelta(weeks=week)
        expected = datetime(day.year, day.month, day.day, 9, 30, tzinfo=oracle).astimezone(UTC)
        assert isinstance(event.start, Instant) and event.timezone == zone
        assert event.start.utc_datetime == expected, (week, event.start)
        assert event.id == f"weekly-{day:%Y%m%d}"


def test_daily_occurrence_in_the_fold_is_written_with_its_offset(tmp_path: Path) -> None:
    path = tmp_path / "fold.ics"
    path.write_bytes(
        calendar(
            "BEGIN:VEVENT",
            "UID:nightly@test",
            "SUMMARY:Nightly job",
            "DTSTART:20251025T003000Z",
            "RRULE:FREQ=DAILY;COUNT=3",
            "END:VEVENT",
        ).replace(b"PRODID:-//test//EN", b"PRODID:-//test//EN\r\nX-WR-TIMEZONE:Europe/Brussels")
    )
    text = import_text(path, "--since", "2025-10-01", "--until", "2025-10-31")
    assert "start: 2025-10-26T02:30+02:00" in text  # 02:30 happens twice that night
    events = sorted(load_text(text, "f.yaml").events, key=lambda e: e.order)
    assert [e.start.utc_datetime for e in events if isinstance(e.start, Instant)] == [
        datetime(2025, 10, d, 0, 30, tzinfo=UTC) for d in (25, 26, 27)
    ]


def test_custom_vtimezone_is_matched_by_its_rules(tmp_path: Path) -> None:
    path = tmp_path / "custom.ics"
    path.write_bytes(
        calendar(
            "BEGIN:VTIMEZONE",
            "TZID:Kathmandu time (custom)",
            "BEGIN:STANDARD",
            "DTSTART:19860101T000000",
            "TZOFFSETFROM:+0530",
            "TZOFFSETTO:+0545",
            "END:STANDARD",
            "END:VTIMEZONE",
            "BEGIN:VTIMEZONE",
            "TZID:My office",
            "BEGIN:STANDARD",
            "DTSTART:16011104T020000",
            "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11",
            "TZOFFSETFROM:-0400",
            "TZOFFSETTO:-0500",
            "END:STANDARD",
            "BEGIN:DAYLIGHT",
            "DTSTART:16010311T020000",
            "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3",
            "TZOFFSETFROM:-0500",
            "TZOFFSETTO:-0400",
            "END:DAYLIGHT",
            "END:VTIMEZONE",
            "BEGIN:VEVENT",
            "UID:a@test",
            "SUMMARY:A",
            "DTSTART;TZID=Kathmandu time (custom):20250820T120000",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "UID:b@test",
            "SUMMARY:B",
            "DTSTART;TZID=My office:20250820T120000",
            "END:VEVENT",
        )
    )
    events = {e.id: e for e in load_text(import_text(path), "c.yaml").events}
    assert events["a"].timezone == "Asia/Kathmandu"  # the zone the TZID names, rules agreeing
    b = events["b"]
    assert b.timezone == "America/New_York"  # US rules: the zone most people live in comes first
    assert isinstance(b.start, Instant)
    assert b.start.utc_datetime == datetime(2025, 8, 20, 16, 0, tzinfo=UTC)
