"""``timeline import`` on hand-made calendars from the programs people use."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tui.cli import main
from tui.core.loader import load_text
from tui.core.model import CalendarDate, Instant, Timeline

FIXTURES = Path(__file__).parent / "fixtures" / "ical"
NOW = datetime(2025, 8, 1, 12, tzinfo=UTC).timestamp()


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err, env={"TZ": "UTC"}, clock=lambda: NOW)
    return code, out.getvalue(), err.getvalue()


def imported(name: str, *extra: str) -> tuple[Timeline, str]:
    code, out, err = run("import", str(FIXTURES / name), *extra)
    assert code == 0, err
    return load_text(out, "out.yaml"), err


def at(event_start: object) -> datetime:
    assert isinstance(event_start, Instant)
    return event_start.utc_datetime


def local(zone: str, year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def test_outlook_windows_and_display_name_zones() -> None:
    timeline, _ = imported("outlook.ics")
    by_title = {e.title: e for e in timeline.events}
    vtc = by_title["NATO Chiefs of Defence video conference"]
    assert vtc.timezone == "Europe/Berlin"  # CLDR: W. Europe Standard Time
    assert at(vtc.start) == local("Europe/Brussels", 2025, 8, 20, 14, 30)
    assert at(vtc.end) == local("Europe/Brussels", 2025, 8, 20, 16, 0)
    coalition = by_title["Coalition of the willing"]
    assert coalition.timezone == "Europe/Brussels"  # the first city the TZID names
    assert at(coalition.start) == local("Europe/Paris", 2025, 9, 4, 11, 30)
    white_house = by_title["White House meeting"]
    assert white_house.timezone == "America/New_York"
    assert at(white_house.start) == local("America/New_York", 2025, 8, 18, 13, 15)


def test_organizer_and_attendee_names_become_actors_without_addresses() -> None:
    timeline, _ = imported("outlook.ics")
    vtc = next(e for e in timeline.events if e.title.startswith("NATO"))
    assert vtc.actors == ("giuseppe-cavo-dragone", "alexus-grynkewich")
    assert timeline.actors["giuseppe-cavo-dragone"].name == "Giuseppe Cavo Dragone"
    assert vtc.tags == ("NATO", "VTC")
    assert vtc.location == "NATO HQ, Brussels (virtual)"
    _, out, _ = run("import", str(FIXTURES / "outlook.ics"))
    assert "example.org" not in out and "mailto" not in out


def test_mozilla_path_tzid_and_a_time_in_the_autumn_fold() -> None:
    timeline, _ = imported("mozilla.ics")
    (event,) = timeline.events
    assert event.timezone == "Europe/Brussels"
    # 02:30 happens twice on 2025-10-26 in Brussels; the calendar means the first (+02:00)
    assert at(event.start) == datetime(2025, 10, 26, 0, 30, tzinfo=UTC)
    assert at(event.end) == datetime(2025, 10, 26, 3, 0, tzinfo=UTC)


def test_google_utc_times_take_the_calendar_zone_and_keep_the_instant() -> None:
    timeline, err = imported("google.ics")
    assert timeline.title == "Diplomacy: 2025"
    address = next(e for e in timeline.events if e.title == "Independence Day address")
    assert address.timezone == "Europe/Kyiv"
    assert at(address.start) == datetime(2025, 8, 23, 7, 0, tzinfo=UTC)
    assert address.summary == "Address to the nation.\nLive on national TV."
    assert [s.url for s in address.sources] == ["https://www.president.gov.ua/en"]
    assert "Parade rehearsal" not in {e.title for e in timeline.events}
    assert "note: cancelled event 'Parade rehearsal' skipped" in err
    wreath = next(e for e in timeline.events if e.title == "Wreath laying")
    assert wreath.parent == address.id


def test_floating_times_are_refused_unless_a_zone_is_given() -> None:
    code, out, err = run("import", str(FIXTURES / "floating.ics"))
    assert code == 1 and out == ""
    assert "floating.ics:4:1:" in err and "--tz" in err
    timeline, _ = imported("floating.ics", "--tz", "Kyiv")
    (event,) = timeline.events
    assert event.timezone == "Europe/Kyiv"
    assert at(event.start) == local("Europe/Kyiv", 2025, 8, 20, 9, 0)


def test_all_day_events_have_an_inclusive_end() -> None:
    timeline, _ = imported("allday.ics")
    summit, day = sorted(timeline.events, key=lambda e: e.order)
    assert summit.start == CalendarDate(2025, 6, 24)
    assert summit.end == CalendarDate(2025, 6, 25)  # DTEND 20250626 is exclusive
    assert day.start == CalendarDate(2025, 7, 1) and day.end is None


def test_weekly_recurrence_across_dst_with_exdate_and_override() -> None:
    timeline, err = imported("weekly_dst.ics", "--since", "2025-01-01", "--until", "2025-12-31")
    events = sorted(timeline.events, key=lambda e: e.order)
    assert [e.id for e in events] == [
        "weekly-call-20250312",
        "weekly-call-20250326",  # 19 March is an EXDATE
        "weekly-call-20250402",  # the override keeps its original date in the id
        "weekly-call-20250409",
    ]
    assert at(events[0].start) == datetime(2025, 3, 12, 9, 0, tzinfo=UTC)  # CET
    assert at(events[1].start) == datetime(2025, 3, 26, 9, 0, tzinfo=UTC)  # still CET
    assert at(events[3].start) == datetime(2025, 4, 9, 8, 0, tzinfo=UTC)  # CEST
    assert events[2].title == "Weekly call (moved)"
    assert at(events[2].start) == datetime(2025, 4, 3, 13, 0, tzinfo=UTC)
    assert "expanded from" not in err  # a window was given


def test_default_window_is_stated() -> None:
    _, err = imported("weekly_dst.ics")
    assert "note: recurring events expanded from 2024-08-01 to 2026-08-01" in err


def test_control_characters_are_removed_with_a_note() -> None:
    code, out, err = run("import", str(FIXTURES / "control_chars.ics"))
    assert code == 0
    for char in "\x1b\x07\u202e\x9b":
        assert char not in out
    event = load_text(out, "o.yaml").events[0]
    assert event.title == "Clear]52;c;aGk= screen[2J"
    assert event.location == "abcfed.exe"
    assert "U+001B ESC" in err and "U+202E" in err


@pytest.mark.parametrize(
    ("name", "where", "words"),
    [
        ("truncated.ics", ":7:1:", "truncated"),
        ("not_calendar.ics", ":1:1:", "not an iCalendar file"),
        ("latin1.ics", ":6:10:", "not valid UTF-8"),
    ],
)
def test_bad_input_exits_1_naming_the_line(name: str, where: str, words: str) -> None:
    code, out, err = run("import", str(FIXTURES / name))
    assert code == 1 and out == ""
    assert where in err and words in err
    assert "Traceback" not in err


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    huge = tmp_path / "huge.ics"
    with huge.open("wb") as handle:
        handle.truncate(201 * 1024 * 1024)  # sparse: no disk, no time
    code, out, err = run("import", str(huge))
    assert code == 1 and out == ""
    assert "huge.ics:1:1: file is too large" in err


def test_output_file_is_never_replaced_without_force(tmp_path: Path) -> None:
    target = tmp_path / "out.yaml"
    target.write_text("mine\n", encoding="utf-8")
    code, _, err = run("import", str(FIXTURES / "allday.ics"), "-o", str(target))
    assert code == 2 and "exists; add --force" in err
    assert target.read_text(encoding="utf-8") == "mine\n"
    code, _, err = run("import", str(FIXTURES / "allday.ics"), "-o", str(target), "--force")
    assert code == 0, err
    assert len(load_text(target.read_text(encoding="utf-8"), "t").events) == 2


def test_new_output_file_passes_check(tmp_path: Path) -> None:
    target = tmp_path / "new.yaml"
    code, out, err = run("import", str(FIXTURES / "outlook.ics"), "-o", str(target))
    assert code == 0 and out == "" and "wrote 3 events" in err
    code, out, err = run("check", "--no-cache", str(target))
    assert code == 0, err


def test_bad_input_writes_no_output_file(tmp_path: Path) -> None:
    target = tmp_path / "new.yaml"
    code, _, _ = run("import", str(FIXTURES / "truncated.ics"), "-o", str(target))
    assert code == 1 and not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_append_adds_to_an_existing_timeline_keeping_its_text(tmp_path: Path) -> None:
    target = tmp_path / "events.yaml"
    text = "# mine\ntimezone: UTC\nevents:\n  - id: hague-summit-2025\n    title: Summit\n    start: 2025-06-24\n"
    target.write_text(text, encoding="utf-8")
    code, out, err = run("import", str(FIXTURES / "allday.ics"), "--append", str(target))
    assert code == 0 and out == "", err
    after = target.read_text(encoding="utf-8")
    assert after.startswith(text)
    ids = [e.id for e in load_text(after, "t").events]
    assert sorted(ids) == ["hague-summit-2025", "hague-summit-2025-2", "one-day"]


def test_append_maps_attendees_to_declared_actors(tmp_path: Path) -> None:
    target = tmp_path / "events.yaml"
    target.write_text(
        "actors:\n  grynkewich: {name: Alexus Grynkewich}\nevents:\n"
        "  - title: A\n    start: 2025-01-01\n",
        encoding="utf-8",
    )
    code, _, err = run("import", str(FIXTURES / "outlook.ics"), "--append", str(target))
    assert code == 0, err
    timeline = load_text(target.read_text(encoding="utf-8"), "t")
    vtc = next(e for e in timeline.events if e.title.startswith("NATO"))
    assert vtc.actors == ("grynkewich",)
    assert "'Giuseppe Cavo Dragone' is not an actor of" in err
