"""Tests for the time card: zones, day markers and the 24-hour strips."""

from __future__ import annotations

from rich.cells import cell_len

from tui.app.widgets.timecard import CardRow, TimeCard, card_rows, strip_cells
from tui.core.daystrip import GLYPH_CONTINUES, GLYPH_NIGHT, GLYPH_SLOT, GLYPH_SLOT_NIGHT, hour_kind
from tui.core.loader import load_text
from tui.core.model import Event
from tui.core.query import participant_zones
from tui.core.timeparse import parse_when

from .helpers import CardHost

YAML = """
title: Time card test
timezone: Europe/Brussels
actors:
  trump: {name: Donald Trump, timezone: America/New_York}
  putin: {name: Vladimir Putin, timezone: Europe/Moscow}
  zelensky: {name: Volodymyr Zelensky, timezone: Europe/Kyiv}
  albanese: {name: Anthony Albanese, timezone: Australia/Sydney}
  oli: {name: KP Sharma Oli, timezone: Asia/Kathmandu}
  caine: {name: Dan Caine, timezone: America/New_York}
  grynkewich: {name: Alexus Grynkewich, timezone: Europe/Brussels}
  nobody: {name: No Zone}
  chods:
    name: NATO chiefs of defence
    kind: group
    members: [caine, grynkewich, nobody]
events:
  - id: vtc
    title: NATO chiefs of defence VTC
    start: 2025-08-20 14:30
    end: 2025-08-20 15:30
    timezone: Europe/Brussels
    actors: [chods, zelensky]
  - id: alaska
    title: Trump–Putin summit in Alaska
    start: 2025-08-15 11:00
    end: 2025-08-15 14:15
    timezone: America/Anchorage
    actors: [trump, putin]
  - id: evening
    title: Evening call from New York
    start: 2025-08-18 20:00
    end: 2025-08-18 21:00
    timezone: America/New_York
    actors: [trump, zelensky, albanese, oli]
  - id: kathmandu
    title: Meeting in Kathmandu
    start: 2025-08-20 10:00
    timezone: Asia/Kathmandu
    actors: [oli]
  - id: sydney
    title: A summer morning in Australia
    start: 2025-01-15 09:00
    end: 2025-01-15 10:30
    timezone: Australia/Sydney
  - id: hague
    title: NATO summit in The Hague
    start: 2025-06-24
    end: 2025-06-25
    timezone: Europe/Amsterdam
"""

TIMELINE = load_text(YAML, "t.yaml")
NEW_YORK = "America/New_York"
KYIV = ("Europe/Kyiv",)


def lines_of(card: TimeCard) -> list[str]:
    return [card.render_line(y).text.rstrip() for y in range(card.size.height)]


def line_for(lines: list[str], city: str) -> str:
    found = [line for line in lines if line.strip().startswith(city)]
    assert found, f"no line for {city}: {lines}"
    return found[0]


def row_for(rows: list[CardRow], zone: str) -> CardRow:
    return next(row for row in rows if row.zone == zone)


async def test_nato_vtc_across_new_york_brussels_and_kyiv() -> None:
    app = CardHost()
    async with app.run_test(size=(120, 40)) as pilot:
        card = app.query_one(TimeCard)
        card.display_zone = NEW_YORK
        card.show(TIMELINE.by_id["vtc"], TIMELINE, KYIV)
        await pilot.pause()
        assert [row.zone for row in card.rows] == ["Europe/Brussels", NEW_YORK, "Europe/Kyiv"]
        lines = lines_of(card)
        assert lines[0].strip() == "NATO chiefs of defence VTC"
        assert lines[1].strip() == "Wed 20 Aug 2025 14:30–15:30 CEST"
        ny = line_for(lines, "New York")
        assert "08:30 Wed 20 Aug EDT" in ny
        assert "UTC-04:00" in ny
        assert "display · home" in ny
        brussels = line_for(lines, "Brussels")
        assert "14:30 Wed 20 Aug CEST" in brussels
        assert "event · home" in brussels
        kyiv = line_for(lines, "Kyiv")
        assert "15:30 Wed 20 Aug EEST" in kyiv
        assert "pinned · home" in kyiv
        assert "day" not in "".join(lines[3:])  # no day markers at all
        # each zone's strip is followed by the people living by it
        assert "Dan Caine" in lines[lines.index(ny) + 1]
        assert "Alexus Grynkewich" in lines[lines.index(brussels) + 1]
        assert "Volodymyr Zelensky" in lines[lines.index(kyiv) + 1]


async def test_alaska_summit_is_22_00_the_same_day_in_moscow() -> None:
    app = CardHost()
    async with app.run_test(size=(120, 40)) as pilot:
        card = app.query_one(TimeCard)
        card.display_zone = NEW_YORK
        card.show(TIMELINE.by_id["alaska"], TIMELINE, KYIV)
        await pilot.pause()
        lines = lines_of(card)
        moscow = line_for(lines, "Moscow")
        assert "22:00 Fri 15 Aug MSK" in moscow
        assert "+1 day" not in moscow
        assert "11:00 Fri 15 Aug AKDT" in line_for(lines, "Anchorage")
        # 22:00 to 01:15: the slot runs past the end of Moscow's strip
        strip = lines[lines.index(moscow) + 1]
        assert GLYPH_CONTINUES in strip
        assert "Vladimir Putin" in strip


async def test_evening_in_new_york_is_the_next_day_in_kyiv() -> None:
    app = CardHost()
    async with app.run_test(size=(120, 40)) as pilot:
        card = app.query_one(TimeCard)
        card.display_zone = NEW_YORK
        card.show(TIMELINE.by_id["evening"], TIMELINE, KYIV)
        await pilot.pause()
        lines = lines_of(card)
        assert "+1 day" not in line_for(lines, "New York")
        kyiv = line_for(lines, "Kyiv")
        assert "03:00 Tue 19 Aug EEST" in kyiv
        assert "+1 day" in kyiv
        # 3 a.m. in Kyiv: the slot is drawn in the night part of the strip
        kyiv_row = row_for(card.rows, "Europe/Kyiv")
        assert kyiv_row.when.day_shift == 1
        assert [kind for kind, in_slot in strip_cells(kyiv_row, 48) if in_slot] == ["night"] * 2
        # ... and styled as such, unlike the New York slot in the evening
        night_slot = card.get_component_rich_style("timecard--slot-night")
        day_slot = card.get_component_rich_style("timecard--slot")
        assert night_slot != day_slot

        def slot_styles(city: str) -> set[str]:
            y = lines.index(line_for(lines, city)) + 1
            segments = card.render_line(y)
            return {
                "night" if seg.style == night_slot else "day"
                for seg in segments
                if seg.text in (GLYPH_SLOT, GLYPH_SLOT_NIGHT)
            }

        assert slot_styles("Kyiv") == {"night"}
        assert slot_styles("New York") == {"day"}
        assert "+1 day" in line_for(lines, "Sydney")


async def test_forty_five_minute_zone() -> None:
    app = CardHost()
    async with app.run_test(size=(120, 40)) as pilot:
        card = app.query_one(TimeCard)
        card.display_zone = NEW_YORK
        card.show(TIMELINE.by_id["evening"], TIMELINE, KYIV)
        await pilot.pause()
        line = line_for(lines_of(card), "Kathmandu")
        assert "05:45 Tue 19 Aug +0545 UTC+05:45 +1 day" in line
        row = row_for(card.rows, "Asia/Kathmandu")
        assert (row.start_minute, row.end_minute) == (345, 405)
        slot = [i for i, (_kind, in_slot) in enumerate(strip_cells(row, 48)) if in_slot]
        assert slot == [11, 12, 13]  # 05:30-06:00, 06:00-06:30, 06:30-07:00


async def test_southern_hemisphere_summer_time() -> None:
    app = CardHost()
    async with app.run_test(size=(120, 40)) as pilot:
        card = app.query_one(TimeCard)
        card.display_zone = "Europe/London"
        card.show(TIMELINE.by_id["sydney"], TIMELINE, KYIV)
        await pilot.pause()
        lines = lines_of(card)
        assert "09:00 Wed 15 Jan AEDT UTC+11:00" in line_for(lines, "Sydney")
        london = line_for(lines, "London")
        assert "22:00 Tue 14 Jan GMT" in london
        assert "−1 day" in london
        assert "00:00 Wed 15 Jan EET  UTC+02:00" in line_for(lines, "Kyiv")


async def test_no_end_marks_the_start_hour() -> None:
    app = CardHost()
    async with app.run_test(size=(120, 40)) as pilot:
        card = app.query_one(TimeCard)
        card.display_zone = NEW_YORK
        card.show(TIMELINE.by_id["kathmandu"], TIMELINE, KYIV)
        await pilot.pause()
        ny = row_for(card.rows, NEW_YORK)
        assert ny.when.local == "00:15"
        assert ny.end_minute is None
        assert [i for i, (_k, s) in enumerate(strip_cells(ny, 24)) if s] == [0]
        assert [i for i, (_k, s) in enumerate(strip_cells(ny, 48)) if s] == [0, 1]
        strip = lines_of(card)[lines_of(card).index(line_for(lines_of(card), "New York")) + 1]
        assert strip.strip().startswith(GLYPH_SLOT_NIGHT * 2 + GLYPH_NIGHT)  # 00:15, night


async def test_calendar_date_needs_a_clock_time() -> None:
    app = CardHost()
    async with app.run_test(size=(120, 40)) as pilot:
        card = app.query_one(TimeCard)
        card.display_zone = NEW_YORK
        card.show(TIMELINE.by_id["hague"], TIMELINE, KYIV)
        await pilot.pause()
        assert card.rows == []
        text = "\n".join(lines_of(card))
        assert "Tue 24 Jun 2025 – Wed 25 Jun 2025" in text
        assert "needs a clock time" in text


async def test_no_event() -> None:
    app = CardHost()
    async with app.run_test(size=(120, 40)) as pilot:
        card = app.query_one(TimeCard)
        card.display_zone = NEW_YORK
        card.show(None, TIMELINE, KYIV)
        await pilot.pause()
        assert lines_of(card) == [" No event selected"]


async def test_fits_in_80_columns_and_shrinks_when_narrow() -> None:
    for width, cells in ((80, 48), (50, 24), (36, 24)):
        app = CardHost(width)
        async with app.run_test(size=(120, 40)) as pilot:
            card = app.query_one(TimeCard)
            card.display_zone = NEW_YORK
            card.show(TIMELINE.by_id["evening"], TIMELINE, KYIV)
            await pilot.pause()
            lines = lines_of(card)
            assert card.size.width == width - 2  # padding
            assert all(cell_len(line) <= card.size.width for line in lines)
            axis = lines[2]
            assert axis.strip().startswith("00")
            strip = lines[lines.index(line_for(lines, "New York")) + 1].strip()
            assert len(strip.split(" ")[0]) == cells
            # the day marker survives narrowing; less useful columns go first
            assert "+1 day" in line_for(lines, "Kyiv")
            assert "03:00" in line_for(lines, "Kyiv")


def test_rows_merge_reasons_and_skip_people_without_zones() -> None:
    vtc = TIMELINE.by_id["vtc"]
    rows = card_rows(vtc, TIMELINE, "Europe/Brussels", ("Europe/Kyiv", "Europe/Brussels"))
    assert [(r.zone, r.roles) for r in rows] == [
        ("Europe/Brussels", ("event", "display", "pinned", "home")),
        ("Europe/Kyiv", ("pinned", "home")),
        (NEW_YORK, ("home",)),
    ]
    zones = participant_zones(vtc, TIMELINE)
    assert zones == {
        NEW_YORK: ["Dan Caine"],
        "Europe/Brussels": ["Alexus Grynkewich"],
        "Europe/Kyiv": ["Volodymyr Zelensky"],
    }


def test_rows_for_an_event_without_participants() -> None:
    start = parse_when("2025-08-20 10:00", "Asia/Tokyo")
    lone = Event(id="x", title="X", start=start)
    rows = card_rows(lone, TIMELINE, "Asia/Tokyo", ())
    assert [(r.zone, r.roles, r.people) for r in rows] == [("Asia/Tokyo", ("event", "display"), ())]


def test_hour_kinds() -> None:
    kinds = [hour_kind(h) for h in range(24)]
    assert kinds[:6] == ["night"] * 6
    assert kinds[6:8] == ["shoulder"] * 2
    assert kinds[8:18] == ["work"] * 10
    assert kinds[18:22] == ["shoulder"] * 4
    assert kinds[22:] == ["night"] * 2
