"""iCalendar export, read back by the programs that consume it: icalendar, vobject, khal."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import vobject
import yaml
from icalendar import Calendar

from tui.core.export import export_events
from tui.core.export.common import timeline_key
from tui.core.loader import load_timeline
from tui.core.model import Timeline

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "events.yaml"
VARIED = ROOT / "tests" / "fixtures" / "export" / "varied.yaml"
NOW = 1_755_700_000  # Wed 20 Aug 2025 14:26:40 UTC


def ics(path: Path) -> tuple[Timeline, bytes]:
    timeline = load_timeline(path)
    data = export_events(timeline.events, timeline, "ics", zone="UTC", now=NOW)
    assert isinstance(data, bytes)
    return timeline, data


def vevents(data: bytes) -> dict[str, Any]:
    """Each VEVENT by its event id (``Any``: icalendar types a property as a union of 30)."""
    calendar = Calendar.from_ical(data)
    return {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}


def expected_value(text: str, zone: str) -> date | datetime:
    """A bundled file's time value read independently of the loader."""
    if len(text) == 10:
        return date.fromisoformat(text)
    naive = datetime.strptime(text, "%Y-%m-%d %H:%M")  # noqa: DTZ007 - zoned next line
    return naive.replace(tzinfo=ZoneInfo(zone))


@pytest.fixture(scope="module")
def bundled() -> tuple[Timeline, bytes]:
    return ics(BUNDLED)


def test_every_instant_matches_the_yaml_in_icalendar_and_vobject(
    bundled: tuple[Timeline, bytes],
) -> None:
    _timeline, data = bundled
    raw = yaml.load(BUNDLED.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    by_uid = vevents(data)
    second = {
        str(v.uid.value).split("@")[0]: v for v in vobject.readOne(data.decode("utf-8")).vevent_list
    }
    assert set(by_uid) == set(second) == {e["id"] for e in raw["events"]}
    for item in raw["events"]:
        start = expected_value(item["start"], item["timezone"])
        for event in (by_uid[item["id"]]["DTSTART"].dt, second[item["id"]].dtstart.value):
            assert type(event) is type(start), item["id"]
            assert event == start, item["id"]
            if isinstance(start, datetime) and isinstance(event, datetime):
                assert event.utcoffset() == start.utcoffset(), item["id"]
        parsed = by_uid[item["id"]]
        if isinstance(start, datetime):
            assert str(parsed["DTSTART"].params["TZID"]) == item["timezone"]
        if "end" in item:
            end = expected_value(item["end"], item["timezone"])
            if isinstance(end, date) and not isinstance(end, datetime):
                end += timedelta(days=1)  # iCalendar's DTEND of a day is exclusive
            assert parsed["DTEND"].dt == end, item["id"]
            assert second[item["id"]].dtend.value == end, item["id"]


def test_the_hague_summit_is_two_whole_days(bundled: tuple[Timeline, bytes]) -> None:
    _timeline, data = bundled
    text = data.decode("utf-8")
    block = text[text.index("UID:hague-summit-2025@") :].split("END:VEVENT")[0]
    block = text[: text.index("UID:hague-summit-2025@")].rsplit("BEGIN:VEVENT", 1)[1] + block
    assert "DTSTART;VALUE=DATE:20250624\r\n" in block
    assert "DTEND;VALUE=DATE:20250626\r\n" in block


def test_every_zone_used_has_a_vtimezone_with_its_rules(bundled: tuple[Timeline, bytes]) -> None:
    _timeline, data = bundled
    calendar = Calendar.from_ical(data)
    assert calendar.get_missing_tzids() == set()
    zones = {tz.tz_name: tz for tz in calendar.timezones}
    assert set(zones) == calendar.get_used_tzids()
    brussels = zones["Europe/Brussels"]
    kinds = {c.name for c in brussels.subcomponents}
    assert kinds == {"STANDARD", "DAYLIGHT"}
    # the rules are real: icalendar turns them back into the zone's offsets
    tz = brussels.to_tz(lookup_tzid=False)
    assert datetime(2025, 8, 20, 14, 30, tzinfo=tz).utcoffset() == timedelta(hours=2)
    assert datetime(2025, 1, 20, 14, 30, tzinfo=tz).utcoffset() == timedelta(hours=1)


def test_the_same_export_gives_the_same_bytes_and_stable_uids(
    bundled: tuple[Timeline, bytes],
) -> None:
    timeline, data = bundled
    assert ics(BUNDLED)[1] == data
    key = timeline_key(timeline)
    uid = f"nato-chods-vtc-2025@{key}.timeline"
    assert str(vevents(data)["nato-chods-vtc-2025"]["UID"]) == uid
    assert "DTSTAMP:20250820T142640Z\r\n" in data.decode("utf-8")


def test_varied_values_and_hostile_text_round_trip() -> None:
    timeline, data = ics(VARIED)
    parsed = vevents(data)
    evening = parsed["brussels-evening"]
    source = timeline.by_id["brussels-evening"]
    assert str(evening["SUMMARY"]) == source.title  # , ; \ and a line break come back
    assert "\n" in source.title and "\\" in source.title
    assert str(evening["LOCATION"]) == "Room 1; Building B, Brussels"
    assert [str(c) for c in evening["CATEGORIES"].cats] == ["a,b", "c;d"]
    assert str(evening["URL"]) == "https://example.org/a_(b)?q=<x>&y=1"
    description = str(evening["DESCRIPTION"])
    assert 'Ana "Al" Ruiz' in description and "<script>" in description
    assert "https://example.org/a_(b)?q=<x>&y=1" in description
    assert "Confidence: -2" in description
    assert "ATTENDEE" not in data.decode("utf-8")
    # a second parser reads the same text
    other = {str(v.uid.value).split("@")[0]: v for v in vobject.readOne(data.decode()).vevent_list}
    assert other["brussels-evening"].summary.value == source.title
    assert vobject.readOne(data.decode()).contents["x-wr-calname"][0].value == timeline.title


def test_utc_and_fixed_offsets_are_written_with_z() -> None:
    _timeline, data = ics(VARIED)
    text = data.decode("utf-8")
    assert "DTSTART:20250310T033000Z\r\n" in text  # +05:30 given, no zone
    assert "DTSTART:20250311T080000Z\r\n" in text  # timezone: UTC
    assert "TZID=UTC" not in text
    assert "DTSTART;TZID=Europe/Brussels:20250310T133015\r\n" in text  # Z in a zoned event
    # the second 02:30 of the night clocks went back: a TZID time would mean the first
    assert "DTSTART:20251026T013000Z\r\n" in text
    assert "DTEND;TZID=Europe/Brussels:20251026T033000\r\n" in text


def test_month_and_year_dates_span_their_whole_month_or_year_with_a_note() -> None:
    _timeline, data = ics(VARIED)
    parsed = vevents(data)
    month, year = parsed["month-only"], parsed["year-only"]
    assert (month["DTSTART"].dt, month["DTEND"].dt) == (date(2014, 2, 1), date(2014, 3, 1))
    assert (year["DTSTART"].dt, year["DTEND"].dt) == (date(2013, 1, 1), date(2014, 1, 1))
    assert "known only to the month (Feb 2014)" in str(month["DESCRIPTION"])
    assert "known only to the year (2013)" in str(year["DESCRIPTION"])


def test_agenda_items_point_at_their_parent_and_flights_keep_both_zones() -> None:
    _timeline, data = ics(VARIED)
    parsed = vevents(data)
    related = parsed["agenda-item"]["RELATED-TO"]
    assert str(related) == str(parsed["brussels-evening"]["UID"])
    assert related.params["RELTYPE"] == "PARENT"
    flight = parsed["flight"]
    assert str(flight["DTSTART"].params["TZID"]) == "Europe/Brussels"
    assert str(flight["DTEND"].params["TZID"]) == "America/New_York"
    assert flight["DTEND"].dt - flight["DTSTART"].dt == timedelta(hours=8, minutes=30)


def test_different_timelines_give_different_uids(tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(
        "title: Another timeline\nevents:\n  - {id: year-only, title: X, start: '2013'}\n",
        encoding="utf-8",
    )
    ours = vevents(ics(VARIED)[1])["year-only"]["UID"]
    theirs = vevents(ics(other)[1])["year-only"]["UID"]
    assert str(ours) != str(theirs)


def _khal(config: Path, *args: str) -> str:
    khal = shutil.which("khal") or str(Path(sys.executable).with_name("khal"))
    done = subprocess.run(
        [khal, "-c", str(config), *args], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _khal_config(folder: Path, vdir: Path, zone: str) -> Path:
    config = folder / f"khal-{zone.replace('/', '-')}.conf"
    config.write_text(
        f"[calendars]\n[[timeline]]\npath = {vdir}\ntype = calendar\n\n"
        f"[locale]\nlocal_timezone = {zone}\ndefault_timezone = {zone}\n"
        "timeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n\n"
        "[default]\ndefault_calendar = timeline\n",
        encoding="utf-8",
    )
    return config


def test_khal_imports_the_export_and_shows_the_local_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real calendar client: 14:30 in Brussels for the VTC, 11:00 in Anchorage for the
    summit. (Three khal processes: about 3 s of CPU, more in wall time on a busy machine.)"""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    timeline = load_timeline(BUNDLED)
    wanted = ("nato-chods-vtc-2025", "alaska-summit-2025")
    events = [timeline.by_id[i] for i in wanted]
    data = export_events(events, timeline, "ics", zone="UTC", now=NOW)
    assert isinstance(data, bytes)
    exported = tmp_path / "export.ics"
    exported.write_bytes(data)
    vdir = tmp_path / "vdir"
    vdir.mkdir()
    brussels = _khal_config(tmp_path, vdir, "Europe/Brussels")
    _khal(brussels, "import", "--batch", str(exported))
    shown = _khal(brussels, "list", "2025-08-20", "1d", "--format", "{start-time} {title}")
    assert "14:30 NATO Chiefs of Defence video conference on Ukraine" in shown
    anchorage = _khal_config(tmp_path, vdir, "America/Anchorage")
    shown = _khal(anchorage, "list", "2025-08-15", "1d", "--format", "{start-time} {title}")
    summit = timeline.by_id["alaska-summit-2025"].title
    assert f"11:00 {summit}" in shown
