"""VEVENTs as event mappings: zones resolved, recurrences expanded, text made safe.

Each occurrence of a recurring event (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides) is
expanded by ``recurring-ical-events`` within a window of dates, at its own instant across
DST changes, with the id ``<uid-based>-<YYYYMMDD>``. Other events are all imported unless
the caller gives a window. Cancelled events are skipped with a note.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

import icalendar
import recurring_ical_events

from tui.core.schema import MAX_LINE, MAX_NAME, MAX_PROSE, url_problem
from tui.core.zones import get_tzinfo

from .records import (
    Imported,
    actor_id,
    clean_text,
    id_base,
    refuse,
    tags_of,
    time_value,
    unique,
)
from .source import CalendarText, read_calendar_text
from .tzids import (
    UnknownZone,
    offsets_of_vtimezone,
    zone_for_name,
    zone_for_rules,
    zone_key_of,
)

LONG_DESCRIPTION = 1_000
"""A DESCRIPTION longer than this becomes a note rather than the summary."""


@dataclass(frozen=True, slots=True)
class Window:
    """The days to import (both included); ``given`` when the user chose them."""

    first: date
    last: date
    given: bool


def default_window(today: date) -> Window:
    """One year back and one year ahead of ``today``: where recurrences are expanded."""
    return Window(today - timedelta(days=365), today + timedelta(days=365), False)


class _Skip(Exception):
    """This event cannot be imported; the message says why (as a note)."""


def read_ics(
    path: Path, label: str, *, window: Window, floating_zone: str | None = None
) -> Imported:
    """Read an iCalendar file into event mappings.

    Args:
        path: The calendar.
        label: How to name it in messages.
        window: The days recurrences are expanded within (and, when ``given``, the days
            any event must touch to be imported).
        floating_zone: The zone of times that have none (``--tz``); without it they are
            refused.

    Raises:
        TimelineError: the file is not a calendar we can read (with its line); nothing was
            imported.
    """
    source = read_calendar_text(path, label)
    with warnings.catch_warnings():  # icalendar's guesses are checked here, not printed
        warnings.simplefilter("ignore")
        try:
            calendars = icalendar.Calendar.from_ical(source.text, multiple=True)
        except Exception as exc:  # icalendar raises many kinds for broken text
            line = _line_of(source, str(exc))
            raise refuse(label, line, f"not a valid calendar: {exc}") from None
        return _Reader(source, label, window, floating_zone).read(calendars)


def _line_of(source: CalendarText, message: str) -> int:
    """The line a parser's message quotes, when it quotes one."""
    for number, line in enumerate(source.text.splitlines(), start=1):
        if len(line) > 4 and line in message:
            return number
    return 1


class _Reader:
    def __init__(
        self, source: CalendarText, label: str, window: Window, floating: str | None
    ) -> None:
        self.source = source
        self.label = label
        self.window = window
        self.floating = floating
        self.result = Imported()
        self.taken: set[str] = set()
        self.by_uid: dict[str, str] = {}
        self.calendar_zone: str | None = None
        self.lines: dict[int, int] = {}  # id(component) -> line of its BEGIN:VEVENT
        self.floating_refused = 0
        self.actor_by_name: dict[str, str] = {}
        self.vtimezones: dict[str, Any] = {}  # TZID -> its VTIMEZONE component
        self.rule_zones: dict[tuple[str, int], str] = {}

    # --- the whole ----------------------------------------------------------------------
    def read(self, calendars: Iterable[icalendar.Calendar]) -> Imported:
        order = iter(self.source.event_lines)
        parents: list[tuple[dict[str, Any], str, int]] = []
        for calendar in calendars:
            components = list(calendar.walk("VEVENT"))
            for component in components:
                self.lines[id(component)] = next(order, 1)
            self._calendar_facts(calendar)
            for timezone in calendar.walk("VTIMEZONE"):
                self.vtimezones.setdefault(str(timezone.get("TZID", "")), timezone)
            for item, parent, line in self._events(calendar, components):
                self.result.events.append(item)
                if parent is not None:
                    parents.append((item, parent, line))
        for item, parent_uid, line in parents:
            parent = self.by_uid.get(parent_uid)
            if parent is None or parent == item["id"]:
                self.result.note(line, "its parent (RELATED-TO) is not in the calendar; unlinked")
            else:
                item["parent"] = parent
        if self.floating_refused:
            raise refuse(
                self.label,
                self.source.event_lines[0] if self.source.event_lines else 1,
                f"{self.floating_refused} event(s) have floating times (no TZID, no Z): "
                "say which zone they are in with --tz",
            )
        return self.result

    def _calendar_facts(self, calendar: icalendar.Calendar) -> None:
        name = calendar.get("X-WR-CALNAME")
        if name is not None and self.result.title is None:
            self.result.title = clean_text(str(name), "calendar name", MAX_LINE, 1, self.result)
        zone = calendar.get("X-WR-TIMEZONE")
        self.calendar_zone = None
        if zone is not None:
            try:
                self.calendar_zone = zone_for_name(str(zone))
            except UnknownZone as exc:
                self.result.note(1, f"X-WR-TIMEZONE: {exc.message}; times kept in UTC")

    def _events(
        self, calendar: icalendar.Calendar, components: list[Any]
    ) -> Iterable[tuple[dict[str, Any], str | None, int]]:
        groups: dict[str, list[Any]] = {}
        for component in components:
            uid = str(component.get("UID") or f"line-{self.lines[id(component)]}")
            groups.setdefault(uid, []).append(component)
        for uid, group in groups.items():
            recurring = any("RRULE" in c or "RDATE" in c for c in group)
            if recurring:
                yield from self._occurrences(calendar, uid, group)
                continue
            for component in group:
                line = self.lines[id(component)]
                try:
                    item = self._convert(component, line, id_base(uid), occurrence=False)
                except _Skip as exc:
                    self.result.note(line, f"event skipped: {exc}")
                    continue
                if item is None:
                    continue
                self.by_uid.setdefault(uid, item["id"])
                yield item, self._parent_uid(component), line

    def _occurrences(
        self, calendar: icalendar.Calendar, uid: str, group: list[Any]
    ) -> Iterable[tuple[dict[str, Any], str | None, int]]:
        line = self.lines[id(group[0])]
        single = icalendar.Calendar()
        for timezone in calendar.walk("VTIMEZONE"):
            single.add_component(timezone)
        for component in group:
            single.add_component(component)
        window = self.window
        if self.result.window is None or not window.given:
            self.result.window = (window.first, window.last)
        try:
            occurrences = list(
                recurring_ical_events.of(single).between(
                    window.first, window.last + timedelta(days=1)
                )
            )
        except Exception as exc:  # the library raises many kinds for broken rules
            self.result.note(line, f"recurring event skipped: its rules cannot be read ({exc})")
            return
        base = id_base(uid)
        for occurrence in occurrences:
            try:
                item = self._convert(occurrence, line, base, occurrence=True)
            except _Skip as exc:
                self.result.note(line, f"occurrence skipped: {exc}")
                continue
            if item is not None:
                yield item, self._parent_uid(occurrence), line

    # --- one event ----------------------------------------------------------------------
    def _convert(
        self, component: Any, line: int, base: str, *, occurrence: bool
    ) -> dict[str, Any] | None:
        result = self.result
        title = clean_text(
            str(component.get("SUMMARY") or ""), "title", MAX_LINE, line, result, one_line=True
        )
        shown = title or "(untitled)"
        if str(component.get("STATUS") or "").upper() == "CANCELLED":
            result.note(line, f"cancelled event {shown!r} skipped")
            return None
        if title is None:
            result.note(line, "event without SUMMARY imported as '(untitled)'")
        item: dict[str, Any] = {"title": shown}
        start, end = self._times(component, line)
        if isinstance(start, datetime):
            zone = self._zone(start, component.get("DTSTART"), line)
            item["start"] = time_value(self._aware(start, zone), zone)
            item["timezone"] = zone
            if isinstance(end, datetime):
                end_zone = (
                    self._zone(end, component.get("DTEND"), line) if end.tzinfo is None else zone
                )
                finish = self._aware(end, end_zone)
                if finish > self._aware(start, zone):
                    item["end"] = time_value(finish, zone)
                elif finish < self._aware(start, zone):
                    result.note(line, f"{shown!r}: its end is before its start; end dropped")
            day = self._aware(start, zone).astimezone(get_tzinfo(zone)).date()
        else:
            item["start"] = start.isoformat()
            if end is not None and not isinstance(end, datetime):
                last = end - timedelta(days=1)  # DTEND of a date is exclusive
                if last > start:
                    item["end"] = last.isoformat()
            elif end is not None:
                result.note(line, f"{shown!r}: a date start with a time end; end dropped")
            day = start
        if self.window.given and not self._in_window(item, day):
            return None
        recurrence = component.get("RECURRENCE-ID")
        if occurrence:
            original = getattr(recurrence, "dt", None) if recurrence is not None else None
            key = original if isinstance(original, date) else day
            if isinstance(key, datetime) and "timezone" in item:
                key = self._aware(key, item["timezone"]).astimezone(get_tzinfo(item["timezone"]))
            item["id"] = unique(f"{base}-{key:%Y%m%d}", self.taken)
        else:
            item["id"] = unique(base, self.taken)
        self._text_fields(component, item, line)
        return item

    def _times(self, component: Any, line: int) -> tuple[date, date | None]:
        prop = component.get("DTSTART")
        try:
            start = getattr(prop, "dt", None)
        except Exception as exc:  # icalendar keeps a broken value and raises on access
            raise _Skip(f"its DTSTART cannot be read ({exc})") from None
        if not isinstance(start, date):
            raise _Skip("it has no DTSTART")
        end: date | None = None
        try:
            end = component.end if "DTEND" in component or "DURATION" in component else None
        except Exception as exc:  # a broken DTEND or DURATION
            self.result.note(line, f"its end cannot be read ({exc}); end dropped")
        if end is not None and not isinstance(end, date):
            end = None
        return start, end

    def _zone(self, moment: datetime, prop: Any, line: int) -> str:
        """The IANA zone a time belongs to (its TZID, the calendar's zone, or ``--tz``)."""
        tzid = None
        params = getattr(prop, "params", None)
        if params is not None:
            tzid = params.get("TZID")
        info = moment.tzinfo
        try:
            if info is None:
                if tzid:
                    return self._named_zone(str(tzid), line)
                if self.floating is None:
                    self.floating_refused += 1
                    raise _Skip("floating time (no zone); give one with --tz")
                return self.floating
            key = zone_key_of(info)
            if key == "UTC":
                return self.calendar_zone or "UTC"
            if key is not None:
                return key
            name = str(tzid or getattr(info, "_tzid", "") or info.tzname(moment) or "")
            return self._zone_for_rules(name, info, moment.year, line)
        except UnknownZone as exc:
            raise _Skip(exc.message) from None

    def _zone_for_rules(self, name: str, info: tzinfo, year: int, line: int) -> str:
        """The zone of a VTIMEZONE's rules, worked out once per TZID and year."""
        key = (name, year)
        if key not in self.rule_zones:
            component = self.vtimezones.get(name) or self.vtimezones.get(name.replace("\\,", ","))
            rules = offsets_of_vtimezone(component) if component is not None else None
            if rules is None:  # rules we cannot read: the name alone, or --tz
                self.rule_zones[key] = self._named_zone(name, line)
            else:
                self.rule_zones[key] = zone_for_rules(name, rules, year)
        return self.rule_zones[key]

    def _named_zone(self, tzid: str, line: int) -> str:
        try:
            return zone_for_name(tzid)
        except UnknownZone as exc:
            if self.floating is None:
                raise
            self.result.note(line, f"{exc.message.split(' and ')[0]}: read in --tz")
            return self.floating

    @staticmethod
    def _aware(moment: datetime, zone: str) -> datetime:
        """``moment`` with its zone: exact if it had one, else a wall time in ``zone``."""
        if moment.tzinfo is not None:
            return moment
        info: tzinfo = get_tzinfo(zone)
        return moment.replace(tzinfo=info)

    def _in_window(self, item: dict[str, Any], first_day: date) -> bool:
        last_day = first_day
        end = item.get("end")
        if isinstance(end, str) and len(end) >= 10:
            last_day = date.fromisoformat(end[:10])
        return first_day <= self.window.last and last_day >= self.window.first

    def _text_fields(self, component: Any, item: dict[str, Any], line: int) -> None:
        result = self.result
        location = component.get("LOCATION")
        if location is not None:
            item["location"] = clean_text(
                str(location), "location", MAX_LINE, line, result, one_line=True
            )
        description = component.get("DESCRIPTION")
        if description is not None:
            text = clean_text(str(description), "description", MAX_PROSE, line, result)
            if text is not None and len(text) > LONG_DESCRIPTION:
                item["notes"] = [text]
            elif text is not None:
                item["summary"] = text
        actors = self._actors(component, line)
        if actors:
            item["actors"] = actors
        try:
            words = [str(word) for word in component.categories]
        except Exception:  # a CATEGORIES value icalendar cannot split
            words = []
        tags = tags_of(words, line, result)
        if tags:
            item["tags"] = tags
        url = component.get("URL")
        if url is not None:
            text = str(url).strip()
            problem = url_problem(text)
            if problem is None:
                item["sources"] = [text]
            else:
                result.note(line, f"URL not kept: it {problem}")

    def _actors(self, component: Any, line: int) -> list[str]:
        people: list[Any] = []
        organizer = component.get("ORGANIZER")
        if organizer is not None:
            people.append(organizer)
        attendees = component.get("ATTENDEE")
        if attendees is not None:
            people.extend(attendees if isinstance(attendees, list) else [attendees])
        out: list[str] = []
        for person in people:
            name = getattr(person, "params", {}).get("CN")
            if not name:
                continue  # an address alone is not stored
            shown = clean_text(
                str(name), "attendee name", MAX_NAME, line, self.result, one_line=True
            )
            if shown is None:
                continue
            aid = self.actor_by_name.get(shown.casefold())
            if aid is None:
                aid = unique(actor_id(shown), set(self.result.actors))
                self.actor_by_name[shown.casefold()] = aid
                self.result.actors[aid] = shown
            if aid not in out:
                out.append(aid)
        return out

    @staticmethod
    def _parent_uid(component: Any) -> str | None:
        related = component.get("RELATED-TO")
        for prop in related if isinstance(related, list) else [related]:
            if prop is None:
                continue
            kind = str(getattr(prop, "params", {}).get("RELTYPE", "PARENT")).upper()
            if kind == "PARENT":
                return str(prop)
        return None
