"""iCalendar (RFC 5545) export, built from :mod:`icalendar` objects (never written by hand).

How each event becomes a VEVENT:

* UID ``<id>@<digest of the timeline's title>.timeline``: stable from one export to the
  next and distinct between timelines (:func:`.common.event_uid`);
* DTSTAMP: the moment of the export (``now``);
* an instant in an IANA zone: DTSTART/DTEND with that TZID, and one VTIMEZONE per zone
  used, with its real STANDARD/DAYLIGHT transitions over the years the events span
  (calendar servers reject a TZID without one); an instant in UTC or at a fixed offset:
  UTC, written with ``Z`` (a fixed offset has no rules a VTIMEZONE could name), and so is
  the second of two equal wall times when clocks go back, which a TZID cannot tell apart;
* a calendar date: an all-day event (VALUE=DATE) with an exclusive DTEND, so the Hague
  summit (24-25 June) is DTSTART 20250624, DTEND 20250626; a date known only to its month
  or year becomes an all-day span of the whole month or year, with a sentence saying so at
  the head of DESCRIPTION;
* SUMMARY, LOCATION, CATEGORIES (tags), URL (the first source's address), DESCRIPTION
  (summary, the schedule, actors, confidence, notes and every source with its address) and
  RELATED-TO;RELTYPE=PARENT pointing at the parent's UID for an agenda item. No ATTENDEE:
  a timeline has no addresses for its actors.

:mod:`icalendar` escapes every text value (commas, semicolons, backslashes, line breaks)
and folds long lines, so text from the file is always data.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Timezone, vText
from icalendar import Event as VEvent

from ..display import describe_when
from ..localtime import local_datetime
from ..model import CalendarDate, Event, Instant, Timeline, When
from ..zones import get_tzinfo
from .common import (
    actor_names,
    event_uid,
    first_url,
    partial_date_note,
    source_label,
    timeline_key,
)

PRODID = "-//timeline//timeline export//EN"


class _Zones:
    """The IANA zones the events use, with the years each is needed for."""

    def __init__(self) -> None:
        self.years: dict[str, tuple[int, int]] = {}

    def local(self, instant: Instant) -> datetime:
        """The instant as iCalendar should carry it: local in an IANA zone, else UTC."""
        local = local_datetime(instant.utc, instant.zone)
        if not isinstance(local.tzinfo, ZoneInfo):  # UTC or a fixed offset: Z
            return local.astimezone(UTC)
        if local.fold and local.replace(fold=0).utcoffset() != local.utcoffset():
            # the second of two equal wall times (clocks went back): a TZID time means the
            # first (RFC 5545, 3.3.5), so this one is written in UTC
            return local.astimezone(UTC)
        key = instant.zone
        low, high = self.years.get(key, (local.year, local.year))
        self.years[key] = (min(low, local.year), max(high, local.year))
        return local

    def components(self) -> list[Timezone]:
        """One VTIMEZONE per zone, with its transitions from the first year to the last."""
        return [_vtimezone(key, *self.years[key]) for key in sorted(self.years)]


@functools.lru_cache(maxsize=256)
def _vtimezone(key: str, first_year: int, last_year: int) -> Timezone:
    """A zone's VTIMEZONE over some years (a year either side to spare).

    icalendar finds the transitions by searching the zone's offsets, about a tenth of a
    second per zone and decade: exporting the same view again reuses the result.
    """
    return Timezone.from_tzinfo(
        get_tzinfo(key),
        tzid=key,
        first_date=date(max(1, first_year - 1), 1, 1),
        last_date=date(min(9999, last_year + 1), 12, 31),
    )


def _value(when: When, zones: _Zones) -> date | datetime:
    if isinstance(when, Instant):
        return zones.local(when)
    return when.first_day()


def _exclusive_end(start: CalendarDate, end: When | None) -> date:
    """The day after the last day an all-day event covers (iCalendar's DTEND)."""
    last = end.last_day() if isinstance(end, CalendarDate) else start.last_day()
    return last + timedelta(days=1)


def description(event: Event, timeline: Timeline) -> str:
    """The DESCRIPTION text: what the event was, who, how sure, the notes and the sources."""
    own = event.timezone or timeline.timezone or "UTC"
    parts: list[str] = []
    note = partial_date_note(event.start, event.end)
    if note:
        parts.append(note)
    if event.summary:
        parts.append(event.summary.strip())
    facts = []
    if event.scheduled_start is not None:
        facts.append(f"Scheduled: {describe_when(event.scheduled_start, own)}")
    if event.scheduled_end is not None:
        facts.append(f"Scheduled end: {describe_when(event.scheduled_end, own)}")
    names = actor_names(event, timeline)
    if names:
        facts.append("Actors: " + ", ".join(names))
    if event.confidence:
        facts.append(f"Confidence: {event.confidence}")
    if facts:
        parts.append("\n".join(facts))
    if event.notes:
        parts.append("Notes:\n" + "\n".join(f"- {n.strip()}" for n in event.notes))
    if event.sources:
        lines = ["Sources:"]
        for source in event.sources:
            label = source_label(source)
            if label and source.url:
                lines.append(f"- {label}: {source.url}")
            else:
                lines.append(f"- {label or source.url or ''}")
            if source.quote:
                lines.append(f'  "{source.quote.strip()}"')
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def vevent(event: Event, timeline: Timeline, key: str, stamp: datetime, zones: _Zones) -> VEvent:
    """One event as a VEVENT (its zones noted in ``zones``)."""
    start, end = event.start, event.end
    # add() rather than VEvent.new(): the same properties, a third faster per event
    component = VEvent()
    component.add("uid", event_uid(event.id, key))
    component.add("dtstamp", stamp)
    component.add("summary", event.title)
    if event.location:
        component.add("location", event.location)
    text = description(event, timeline)
    if text:
        component.add("description", text)
    if event.tags:
        component.add("categories", list(event.tags))
    url = first_url(event)
    if url:
        component.add("url", url)
    component.add("dtstart", _value(start, zones))
    if isinstance(start, CalendarDate):
        component.add("dtend", _exclusive_end(start, end))
    elif isinstance(end, Instant) and end.utc > start.utc:
        component.add("dtend", zones.local(end))
    if event.parent is not None:
        component.add("related-to", event_uid(event.parent, key), parameters={"RELTYPE": "PARENT"})
    return component


def write(events: Sequence[Event], timeline: Timeline, *, now: float) -> bytes:
    """The events as one VCALENDAR (UTF-8, CRLF line ends, long lines folded).

    Args:
        events: The events, in start order.
        timeline: Their timeline.
        now: The current UNIX time (DTSTAMP).

    Returns:
        The calendar's bytes.
    """
    key = timeline_key(timeline)
    # a calendar UID of our own: Calendar.new() would make a random one, and the same
    # export must give the same bytes
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("uid", f"{key}.timeline")
    if timeline.title:
        # icalendar 7.3 types NAME and X-WR-CALNAME as unknown and would write the title
        # unescaped: a comma or a line break in it would corrupt the calendar
        calendar.add("name", vText(timeline.title))
        calendar.add("x-wr-calname", vText(timeline.title))
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    stamp = datetime.fromtimestamp(int(now), tz=UTC)
    zones = _Zones()
    items = [vevent(event, timeline, key, stamp, zones) for event in events]
    calendar.subcomponents.extend(zones.components())
    calendar.subcomponents.extend(items)
    data: bytes = calendar.to_ical()
    return data
