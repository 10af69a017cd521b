"""The meeting planner's core: windows checked by hand and against zoneinfo, second by second
where it matters, across daylight-saving changes, odd offsets and weekends."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.loader import load_text
from tui.core.planner import (
    DEFAULT_HOURS,
    Interval,
    Participant,
    Plan,
    PlanInputError,
    WorkingHours,
    actor_participants,
    day_span,
    days_text,
    make_plan,
    parse_days,
    parse_duration,
    parse_hours,
    working_intervals,
    zone_participant,
)
from tui.core.planner_text import plan_json, plan_text, slot_lines, slot_text

ALL_DAYS = frozenset(range(7))


def utc(text: str) -> int:
    """``2025-08-20 13:00`` read as UTC, in seconds."""
    return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp())


def plan_for(
    day: str,
    zone: str,
    *zones: str,
    hours: WorkingHours = DEFAULT_HOURS,
    duration: int | None = None,
) -> Plan:
    people = [zone_participant(z) for z in zones]
    return make_plan(date.fromisoformat(day), zone, people, hours, duration)


def windows_utc(plan: Plan) -> list[tuple[str, str]]:
    def iso(t: int) -> str:
        return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%d %H:%M")

    return [(iso(w.start), iso(w.end)) for w in plan.windows]


# --- the oracle: zoneinfo, minute by minute -------------------------------------------------


def oracle_windows(plan: Plan) -> list[tuple[int, int]]:
    """The windows as zoneinfo reads every minute of the day, with no code of the planner's.

    The day's first instant is the first minute zoneinfo puts on that date in the display
    zone; each minute is in hours for a person when zoneinfo's local weekday and time of day
    there are within the hours.
    """
    display = ZoneInfo(plan.display_zone)
    zones = [ZoneInfo(p.zone) for p in plan.participants]
    hours = plan.hours
    around = datetime(plan.day.year, plan.day.month, plan.day.day, tzinfo=UTC)
    minutes = range(-20 * 60, 48 * 60)
    on_day = [
        t
        for m in minutes
        if (t := around + timedelta(minutes=m)).astimezone(display).date() == plan.day
    ]

    def inside(t: datetime) -> bool:
        for tz in zones:
            local = t.astimezone(tz)
            minute = local.hour * 60 + local.minute
            if local.weekday() not in hours.days or not hours.start <= minute < hours.end:
                return False
        return True

    runs: list[tuple[int, int]] = []
    for t in on_day:
        if inside(t):
            stamp = int(t.timestamp())
            if runs and runs[-1][1] == stamp:
                runs[-1] = (runs[-1][0], stamp + 60)
            else:
                runs.append((stamp, stamp + 60))
    least = (plan.duration or 0) * 60
    return [r for r in runs if r[1] - r[0] >= max(least, 1)]


def assert_oracle(plan: Plan) -> None:
    assert [(w.start, w.end) for w in plan.windows] == oracle_windows(plan)


# --- the contract's example -----------------------------------------------------------------


def test_json_example_new_york_kyiv_berlin() -> None:
    plan = plan_for("2025-08-20", "UTC", "America/New_York", "Europe/Kyiv", "Europe/Berlin")
    assert plan_json(plan) == (
        "{\n"
        '  "date": "2025-08-20",\n'
        '  "display_zone": "UTC",\n'
        '  "participants": [\n'
        '    {\n      "name": "New York",\n      "zone": "America/New_York"\n    },\n'
        '    {\n      "name": "Kyiv",\n      "zone": "Europe/Kyiv"\n    },\n'
        '    {\n      "name": "Berlin",\n      "zone": "Europe/Berlin"\n    }\n'
        "  ],\n"
        '  "windows": [\n'
        "    {\n"
        '      "start": "2025-08-20T13:00:00+00:00",\n'
        '      "end": "2025-08-20T15:00:00+00:00"\n'
        "    }\n"
        "  ],\n"
        '  "compromises": []\n'
        "}\n"
    )


def test_json_times_carry_the_display_zones_offset() -> None:
    plan = plan_for("2025-08-20", "Asia/Kathmandu", "America/New_York", "Europe/Kyiv")
    text = plan_json(plan)
    assert '"start": "2025-08-20T18:45:00+05:45"' in text  # 13:00 UTC
    assert '"end": "2025-08-20T20:45:00+05:45"' in text  # 15:00 UTC, Kyiv's 18:00


# --- daylight saving ------------------------------------------------------------------------


def test_between_the_us_and_eu_changes_in_march() -> None:
    # 10 March: New York is on EDT (since the 9th), London still on GMT
    plan = plan_for("2025-03-10", "UTC", "America/New_York", "Europe/London")
    assert windows_utc(plan) == [("2025-03-10 13:00", "2025-03-10 18:00")]
    assert_oracle(plan)
    # 31 March: London on BST too; its day ends an hour earlier in UTC
    plan = plan_for("2025-03-31", "UTC", "America/New_York", "Europe/London")
    assert windows_utc(plan) == [("2025-03-31 13:00", "2025-03-31 17:00")]
    assert_oracle(plan)
    # 3 March: both on winter time
    plan = plan_for("2025-03-03", "UTC", "America/New_York", "Europe/London")
    assert windows_utc(plan) == [("2025-03-03 14:00", "2025-03-03 18:00")]


def test_a_day_of_23_hours_in_the_display_zone() -> None:
    # New York springs forward at 02:00 on Sunday 9 March 2025
    span = day_span(date(2025, 3, 9), "America/New_York")
    assert (span.start, span.end) == (utc("2025-03-09 05:00"), utc("2025-03-10 04:00"))
    everyone = WorkingHours(9 * 60, 18 * 60, ALL_DAYS)
    plan = plan_for(
        "2025-03-09", "America/New_York", "America/New_York", "Europe/London", hours=everyone
    )
    # New York from 13:00 UTC (EDT), London until 18:00 UTC (GMT)
    assert windows_utc(plan) == [("2025-03-09 13:00", "2025-03-09 18:00")]
    assert_oracle(plan)


def test_a_day_of_25_hours_in_the_display_zone() -> None:
    span = day_span(date(2025, 10, 26), "Europe/London")
    assert span.end - span.start == 25 * 3600
    assert span.start == utc("2025-10-25 23:00")


def test_hours_across_the_jump_forward_and_the_hour_repeated() -> None:
    night = WorkingHours(60, 4 * 60, ALL_DAYS)  # 01:00-04:00 local
    # 9 March: 01:00-02:00 EST then 03:00-04:00 EDT, one stretch of two hours in UTC
    spring = working_intervals(
        "America/New_York", night, utc("2025-03-09 00:00"), utc("2025-03-10 00:00")
    )
    assert spring == [Interval(utc("2025-03-09 06:00"), utc("2025-03-09 08:00"))]
    # 2 November: 01:00-02:00 happens twice (EDT then EST), then 02:00-04:00 EST: four hours
    autumn = working_intervals(
        "America/New_York", night, utc("2025-11-02 00:00"), utc("2025-11-03 00:00")
    )
    assert autumn == [Interval(utc("2025-11-02 05:00"), utc("2025-11-02 09:00"))]


def test_a_display_day_whose_midnight_is_skipped() -> None:
    # Santiago jumps from 24:00 on Saturday 6 September 2025 to 01:00 on Sunday the 7th
    span = day_span(date(2025, 9, 7), "America/Santiago")
    assert span.start == utc("2025-09-07 04:00")  # 01:00 -03, the first instant of the 7th
    assert span.end - span.start == 23 * 3600  # from 01:00 -03 to the next midnight, -03
    assert datetime.fromtimestamp(span.start, ZoneInfo("America/Santiago")).date() == date(
        2025, 9, 7
    )
    assert datetime.fromtimestamp(span.start - 1, ZoneInfo("America/Santiago")).date() == date(
        2025, 9, 6
    )


def test_a_change_inside_the_day_itself_for_a_participant() -> None:
    # Sunday 30 March 2025: Europe moves at 01:00 UTC; working on every day of the week
    everyone = WorkingHours(0, 24 * 60, ALL_DAYS)
    plan = plan_for("2025-03-30", "UTC", "Europe/Berlin", "Europe/London", hours=everyone)
    assert windows_utc(plan) == [("2025-03-30 00:00", "2025-03-31 00:00")]
    early = WorkingHours(0, 3 * 60, ALL_DAYS)  # 00:00-03:00 local
    plan = plan_for("2025-03-30", "UTC", "Europe/London", hours=early)
    # London: 00:00-01:00 GMT, then the clocks jump to 02:00 BST; 03:00 BST is 02:00 UTC
    # ... and London's Monday begins at 23:00 UTC (00:00 BST)
    assert windows_utc(plan) == [
        ("2025-03-30 00:00", "2025-03-30 02:00"),
        ("2025-03-30 23:00", "2025-03-31 00:00"),
    ]
    assert_oracle(plan)


def test_southern_hemisphere_changes() -> None:
    # Sydney leaves daylight saving on 6 April 2025 (AEDT +11 -> AEST +10), and so does
    # Santiago (-03 -> -04): 14 hours apart before and after, an hour later in UTC after
    wide = WorkingHours(7 * 60, 22 * 60, frozenset(range(5)))
    before = plan_for("2025-04-04", "UTC", "Australia/Sydney", "America/Santiago", hours=wide)
    # Sydney Fri 07:00-22:00 AEDT = Thu 20:00 - Fri 11:00 UTC; Santiago's Thursday runs to
    # Fri 01:00 UTC and its Friday starts at 10:00 UTC (07:00 -03)
    assert windows_utc(before) == [
        ("2025-04-04 00:00", "2025-04-04 01:00"),
        ("2025-04-04 10:00", "2025-04-04 11:00"),
    ]
    assert_oracle(before)
    after = plan_for("2025-04-08", "UTC", "Australia/Sydney", "America/Santiago", hours=wide)
    # Sydney Tue 07:00-22:00 AEST = Mon 21:00 - Tue 12:00 UTC; Santiago's Monday runs to
    # Tue 02:00 UTC and its Tuesday starts at 11:00 UTC (07:00 -04), when Sydney's Wednesday
    # starts at 21:00 UTC (on the 4th, Sydney's next day was a Saturday)
    assert windows_utc(after) == [
        ("2025-04-08 00:00", "2025-04-08 02:00"),
        ("2025-04-08 11:00", "2025-04-08 12:00"),
        ("2025-04-08 21:00", "2025-04-09 00:00"),
    ]
    assert_oracle(after)
    # Auckland and Sydney in October, when Auckland has moved (28 Sept) and Sydney
    # moves on 5 October
    for day in ("2025-10-03", "2025-10-06"):
        assert_oracle(plan_for(day, "Pacific/Auckland", "Pacific/Auckland", "Australia/Sydney"))


def test_thirty_and_forty_five_minute_zones() -> None:
    # in August: Kolkata +05:30, Kathmandu +05:45, Adelaide +09:30 (ACST), Chatham +12:45
    plan = plan_for("2025-08-20", "UTC", "Asia/Kathmandu", "Asia/Kolkata", "Australia/Adelaide")
    # Kathmandu 03:15-12:15, Kolkata 03:30-12:30, Adelaide 23:30 (prev) - 08:30 UTC
    assert windows_utc(plan) == [("2025-08-20 03:30", "2025-08-20 08:30")]
    assert_oracle(plan)
    plan = plan_for("2025-08-20", "UTC", "Pacific/Chatham", "Asia/Kolkata")
    # Chatham Wed 09:00-18:00 +12:45 = Tue 20:15 - Wed 05:15 UTC
    assert windows_utc(plan) == [("2025-08-20 03:30", "2025-08-20 05:15")]
    assert_oracle(plan)
    # in January Chatham is on +13:45 and Adelaide on +10:30
    plan = plan_for("2025-01-15", "UTC", "Pacific/Chatham", "Australia/Adelaide", "Asia/Kathmandu")
    # Chatham 19:15 (prev) - 04:15; Adelaide 22:30 (prev) - 07:30; Kathmandu 03:15 - 12:15
    assert windows_utc(plan) == [("2025-01-15 03:15", "2025-01-15 04:15")]
    assert_oracle(plan)


def test_a_window_on_a_participants_other_date() -> None:
    # Wednesday 18 June 2025 in Auckland (NZST +12) with London (BST +1), 07:00-22:00:
    # London's Tuesday evening and its Wednesday morning both fall on Auckland's Wednesday
    wide = WorkingHours(7 * 60, 22 * 60, frozenset(range(5)))
    plan = plan_for(
        "2025-06-18", "Pacific/Auckland", "Pacific/Auckland", "Europe/London", hours=wide
    )
    assert windows_utc(plan) == [
        ("2025-06-17 19:00", "2025-06-17 21:00"),  # Auckland 07:00-09:00, London Tue 20-22
        ("2025-06-18 06:00", "2025-06-18 10:00"),  # Auckland 18:00-22:00, London Wed 07-11
    ]
    assert_oracle(plan)
    late, early = plan.windows
    assert slot_text(late, "Europe/London") == "Tue 17 Jun 20:00–22:00 BST"
    assert slot_text(early, "Pacific/Auckland") == "Wed 18 Jun 18:00–22:00 NZST"


def test_a_window_across_a_participants_midnight() -> None:
    # round-the-clock hours: New York's Thursday runs from Tokyo's Thursday 13:00 into
    # Tokyo's Friday; the window crosses Tokyo's midnight in one piece
    always = WorkingHours(0, 24 * 60, frozenset(range(5)))
    plan = plan_for(
        "2025-08-21", "America/New_York", "America/New_York", "Asia/Tokyo", hours=always
    )
    assert windows_utc(plan) == [("2025-08-21 04:00", "2025-08-22 04:00")]
    assert slot_text(plan.windows[0], "Asia/Tokyo") == "Thu 21 Aug 13:00 – Fri 22 Aug 13:00 JST"
    assert_oracle(plan)


def test_weekends_are_read_on_each_participants_own_calendar() -> None:
    # Friday 22 August 2025 in Los Angeles; Auckland's Saturday starts at Fri 05:00 PDT
    wide = WorkingHours(7 * 60, 22 * 60, frozenset(range(5)))
    plan = plan_for(
        "2025-08-22", "America/Los_Angeles", "America/Los_Angeles", "Pacific/Auckland", hours=wide
    )
    assert plan.windows == ()
    assert plan.compromises  # something is still proposed
    every_day = WorkingHours(7 * 60, 22 * 60, ALL_DAYS)
    plan = plan_for(
        "2025-08-22",
        "America/Los_Angeles",
        "America/Los_Angeles",
        "Pacific/Auckland",
        hours=every_day,
    )
    # LA Fri 07:00-22:00 PDT = 14:00-05:00 UTC; Auckland Sat 07:00 NZST = Fri 19:00 UTC
    assert windows_utc(plan) == [("2025-08-22 19:00", "2025-08-23 05:00")]
    assert_oracle(plan)
    # Saturday for both: nobody works, so no window with the default days
    saturday = plan_for("2025-08-23", "UTC", "Europe/London", "Europe/Berlin")
    assert saturday.windows == ()
    assert {o.name for o in saturday.compromises[0].outside} == {"London", "Berlin"}


def test_duration_keeps_only_long_enough_windows() -> None:
    zones = ("America/New_York", "Europe/Kyiv", "Europe/Berlin")
    assert len(plan_for("2025-08-20", "UTC", *zones, duration=120).windows) == 1
    too_long = plan_for("2025-08-20", "UTC", *zones, duration=121)
    assert too_long.windows == ()
    assert all(c.slot.seconds == 121 * 60 for c in too_long.compromises)
    assert_oracle(too_long)


@settings(max_examples=20, deadline=None)
@given(
    zones=st.lists(
        st.sampled_from(
            [
                "America/New_York",
                "America/Santiago",
                "America/St_Johns",
                "Europe/London",
                "Europe/Kyiv",
                "Asia/Kolkata",
                "Asia/Kathmandu",
                "Australia/Adelaide",
                "Australia/Lord_Howe",
                "Pacific/Chatham",
                "Pacific/Auckland",
            ]
        ),
        min_size=1,
        max_size=3,
    ),
    display=st.sampled_from(["UTC", "America/New_York", "Pacific/Auckland", "Australia/Lord_Howe"]),
    day=st.dates(date(2024, 1, 1), date(2026, 12, 31)),
    start=st.integers(0, 95),
    length=st.integers(1, 96),
    days=st.frozensets(st.integers(0, 6), min_size=1),
)
def test_windows_agree_with_zoneinfo(
    zones: list[str], display: str, day: date, start: int, length: int, days: frozenset[int]
) -> None:
    begin = start * 15
    hours = WorkingHours(begin, min(1440, begin + length * 15), days)
    plan = make_plan(day, display, [zone_participant(z) for z in zones], hours)
    assert_oracle(plan)


# --- compromises ----------------------------------------------------------------------------


def test_compromises_rank_fewest_people_then_how_far() -> None:
    plan = plan_for("2025-08-20", "UTC", "America/New_York", "Australia/Sydney")
    assert plan.windows == ()
    first, second, third = plan.compromises
    # 21:00-22:00 UTC: New York 17:00-18:00 EDT (in hours), Sydney 07:00-08:00 AEST, two
    # hours before its day begins
    assert windows_utc_slot(first) == ("2025-08-20 21:00", "2025-08-20 22:00")
    assert [(o.name, o.by_minutes) for o in first.outside] == [("Sydney", 120)]
    # then New York 19:00-20:00 EDT, two hours after its day ends (Sydney 09:00-10:00)
    assert windows_utc_slot(second) == ("2025-08-20 23:00", "2025-08-21 00:00")
    assert [(o.name, o.by_minutes) for o in second.outside] == [("New York", 120)]
    assert [(o.name, o.by_minutes) for o in third.outside] == [("New York", 180)]
    ranks = [c.rank for c in plan.compromises]
    assert ranks == sorted(ranks)
    # no proposed slot overlaps another
    slots = sorted(c.slot for c in plan.compromises)
    assert all(a.end <= b.start for a, b in itertools.pairwise(slots))


def test_one_person_outside_beats_two_people_a_little_outside() -> None:
    # Tokyo, Berlin and New York have no common hour; a slot leaving one person out comes
    # before any leaving two, however little
    plan = plan_for("2025-08-20", "UTC", "Asia/Tokyo", "Europe/Berlin", "America/New_York")
    assert plan.windows == ()
    counts = [len(c.outside) for c in plan.compromises]
    assert counts == sorted(counts) and counts[0] == 1
    best = plan.compromises[0]
    assert best.outside == plan.outside_at(best.slot)
    # the best slot is the least far of all slots leaving one person out
    span = plan.span
    singles = [
        sum(o.by_minutes for o in outside)
        for s in range(span.start, span.end - 3600 + 1, 900)
        if len(outside := plan.outside_at(Interval(s, s + 3600))) == 1
    ]
    assert best.outside[0].by_minutes == min(singles)


def windows_utc_slot(c: object) -> tuple[str, str]:
    slot = c.slot  # type: ignore[attr-defined]
    return (
        datetime.fromtimestamp(slot.start, UTC).strftime("%Y-%m-%d %H:%M"),
        datetime.fromtimestamp(slot.end, UTC).strftime("%Y-%m-%d %H:%M"),
    )


# --- reading what people type ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09:00-18:00", (540, 1080)),
        ("9-17", (540, 1020)),
        ("0830–1700", (510, 1020)),
        ("08:00 to 24:00", (480, 1440)),
        ("00:00-24:00", (0, 1440)),
    ],
)
def test_parse_hours(text: str, expected: tuple[int, int]) -> None:
    assert parse_hours(text) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("18:00-09:00", "end before they start"),
        ("09:00-09:00", "end before they start"),
        ("9am-5pm", "is not a time"),
        ("25:00-26:00", "not a time of day"),
        ("09:00", "write a start and an end"),
    ],
)
def test_parse_hours_refuses(text: str, says: str) -> None:
    with pytest.raises(PlanInputError, match=says):
        parse_hours(text)


def test_parse_days() -> None:
    assert parse_days("mon-fri") == frozenset(range(5))
    assert parse_days("Sun-Thu") == frozenset({6, 0, 1, 2, 3})  # wraps around the week
    assert parse_days("mon,wed,friday") == frozenset({0, 2, 4})
    assert parse_days("all") == ALL_DAYS
    assert days_text(parse_days("sun-thu")) == "Sun–Thu"
    assert days_text(parse_days("mon,wed")) == "Mon, Wed"
    with pytest.raises(PlanInputError, match="did you mean 'thu'"):
        parse_days("mon-thy")
    with pytest.raises(PlanInputError, match="name weekdays"):
        parse_days(" , ")


def test_parse_duration() -> None:
    assert parse_duration("45") == 45
    for bad in ("0", "-5", "1441", "1h", ""):
        with pytest.raises(PlanInputError, match="whole minutes"):
            parse_duration(bad)


# --- participants and text ------------------------------------------------------------------

GROUPS = """
actors:
  a: {name: Ann, timezone: Europe/Kyiv}
  b: {name: Bob, timezone: America/New_York}
  c: {name: Cy, timezone: Asia/Tokyo}
  nobody: {name: No Zone}
  inner: {kind: group, members: [c, nobody]}
  outer: {kind: group, members: [b, inner, a]}
events: []
"""


def test_a_group_expands_to_its_members_recursively_and_reports_the_unzoned() -> None:
    timeline = load_text(GROUPS, "groups.yaml")
    found, unzoned = actor_participants(timeline, "outer")
    assert [(p.name, p.zone, p.actor_id) for p in found] == [
        ("Bob", "America/New_York", "b"),
        ("Cy", "Asia/Tokyo", "c"),
        ("Ann", "Europe/Kyiv", "a"),
    ]
    assert unzoned == ["No Zone"]


def test_text_shows_strips_windows_and_every_zone_safely() -> None:
    timeline = load_text(GROUPS, "groups.yaml")
    people = [p for p in actor_participants(timeline, "outer")[0] if p.actor_id != "c"]
    people.append(Participant("Cy\x1b[31m", "Europe/Berlin", "c"))
    plan = make_plan(date(2025, 8, 20), "UTC", people)
    text = plan_text(plan, width=100)
    assert "\x1b" not in text
    lines = text.splitlines()
    assert lines[0].startswith("Wed 20 Aug 2025 in UTC · working hours 09:00–18:00 Mon–Fri")
    strips = [line for line in lines if line.startswith(("Bob", "Ann", "Cy"))][:3]
    assert len(strips) == 3
    # 48 half-hour cells; the window 13:00-15:00 UTC is cells 26 to 29
    for line in strips:
        cells = line[-48:]
        assert cells[26:30] == "████"
        assert "█" not in cells[:26] + cells[30:]
    assert "  13:00–15:00 UTC (2 h)" in lines
    assert any("Bob" in line and "Wed 20 Aug 09:00–11:00 EDT" in line for line in lines)
    assert any("Ann" in line and "Kyiv" in line and "16:00–18:00 EEST" in line for line in lines)


def test_slot_lines_for_an_email() -> None:
    plan = plan_for("2025-08-20", "UTC", "America/New_York", "Asia/Kathmandu")
    slot = Interval(utc("2025-08-20 12:00"), utc("2025-08-20 12:45"))
    assert slot_lines(plan, slot) == [
        "Wed 20 Aug 2025, 45 min: 12:00–12:45 UTC",
        "New York: Wed 20 Aug 08:00–08:45 EDT",
        "Kathmandu: Wed 20 Aug 17:45–18:30 +0545",
    ]
    # a display zone whose abbreviation does not name it is named too
    there = plan_for("2025-08-20", "America/New_York", "Asia/Kathmandu")
    assert slot_lines(there, slot)[0] == (
        "Wed 20 Aug 2025, 45 min: 08:00–08:45 EDT (America/New_York)"
    )


def test_a_plan_needs_someone() -> None:
    with pytest.raises(ValueError, match="at least one participant"):
        make_plan(date(2025, 8, 20), "UTC", [])
