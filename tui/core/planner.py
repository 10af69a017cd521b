"""When can they meet? Windows in which every participant is within working hours.

A plan is asked for one calendar day in the display zone. Each participant (a person's
home zone, or a zone named directly) works certain local hours on certain local weekdays,
read on their *own* calendar: a window in the display zone's afternoon may be someone's
late evening of the day before, or cross their midnight. Daylight-saving changes are
honoured exactly: every interval is computed in UTC seconds from the zone's own offsets,
so a day of 23 or 25 hours, a working day that starts in a skipped hour, or a 45-minute
zone all come out right to the second.

When no window exists, the best *compromises* are proposed: slots of the meeting's length
ranked by how few people are outside their hours, then by how far outside they are (the
sum, then the largest, of the minutes between the slot and each person's working day).

Pure and deterministic: no clock, no Textual. The command line (``timeline plan``) and the
explorer's planner screen both ask :func:`make_plan`; :mod:`tui.core.planner_text` shows
what it returns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from .display import WEEKDAYS
from .localtime import local_datetime
from .model import Timeline
from .suggest import did_you_mean, suggest
from .zones import city_name

__all__ = [
    "DEFAULT_HOURS",
    "Compromise",
    "Interval",
    "Outside",
    "Participant",
    "Plan",
    "PlanInputError",
    "WorkingHours",
    "actor_participants",
    "day_span",
    "days_text",
    "hours_text",
    "make_plan",
    "parse_days",
    "parse_duration",
    "parse_hours",
    "unique",
    "working_intervals",
    "zone_participant",
]

DAY = 86_400
_HOUR = 3_600
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
STEP_SECONDS = 15 * 60
"""Compromises start on the display zone's quarter hours (the planner's cursor step too)."""
DEFAULT_SLOT_MINUTES = 60
"""The length of a compromise slot when no ``--duration`` is given."""
MAX_COMPROMISES = 3
"""Compromises proposed at most."""
_REACH_DAYS = 8
"""How far around the day each person's working hours are computed: far enough to find the
nearest working day on either side (a weekend, or a week with one working day)."""


class PlanInputError(ValueError):
    """Hours, days or a duration that cannot be read; ``message`` says why and what to write."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


# --- working hours --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WorkingHours:
    """When people work, in their own local time.

    Attributes:
        start: Minutes from local midnight when work begins (0..1439).
        end: Minutes from local midnight when it ends (``start < end <= 1440``).
        days: Local weekdays worked (``0`` is Monday).
    """

    start: int = 9 * 60
    end: int = 18 * 60
    days: frozenset[int] = frozenset(range(5))


DEFAULT_HOURS = WorkingHours()
"""09:00-18:00 local, Monday to Friday local."""

_CLOCK = re.compile(r"\s*(\d{1,2})(?::?(\d{2}))?\s*")
_DAY_NAMES = {
    name: index
    for index, names in enumerate(
        (
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sun", "sunday"),
        )
    )
    for name in names
}


def _clock_minutes(text: str, whole: str) -> int:
    found = _CLOCK.fullmatch(text)
    if found is None:
        raise PlanInputError(
            f"hours {whole!r}: {text.strip()!r} is not a time; write HH:MM-HH:MM, e.g. 09:00-17:30"
        )
    hours, minutes = int(found.group(1)), int(found.group(2) or 0)
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        raise PlanInputError(
            f"hours {whole!r}: {text.strip()!r} is not a time of day (00:00 to 24:00)"
        )
    return hours * 60 + minutes


def parse_hours(text: str) -> tuple[int, int]:
    """Working hours as written: ``09:00-18:00`` (also ``9-17``, ``0830–1700``).

    Args:
        text: The value.

    Returns:
        ``(start, end)`` in minutes from local midnight, ``start < end <= 1440``.

    Raises:
        PlanInputError: Malformed, or hours that end before they start.
    """
    parts = re.split(r"\s*(?:-|–|—|\.\.|to)\s*", text.strip(), maxsplit=1)
    if len(parts) != 2:
        raise PlanInputError(f"hours {text!r}: write a start and an end, e.g. 09:00-18:00")
    start, end = (_clock_minutes(part, text) for part in parts)
    if end <= start:
        raise PlanInputError(
            f"hours {text!r} end before they start; working hours lie within one local "
            f"day, e.g. {_hm(min(start, end))}-{_hm(max(start, end)) if start != end else '18:00'}"
        )
    return start, end


def parse_days(text: str) -> frozenset[int]:
    """Working weekdays as written: ``mon-fri``, ``sun-thu``, ``mon,wed,fri``, ``all``.

    A range may wrap around the week (``sat-wed``).

    Args:
        text: The value.

    Returns:
        The weekdays (``0`` is Monday).

    Raises:
        PlanInputError: A name that is not a weekday (with a suggestion), or no day at all.
    """
    value = text.strip().lower()
    if value in ("all", "every", "daily", "every day"):
        return frozenset(range(7))
    days: set[int] = set()
    for part in filter(None, (p.strip() for p in value.split(","))):
        ends = [e.strip() for e in re.split(r"\s*(?:-|–|\.\.)\s*", part, maxsplit=1)]
        first, last = (_weekday(e, text) for e in (ends[0], ends[-1]))
        span = (last - first) % 7
        days.update((first + k) % 7 for k in range(span + 1))
    if not days:
        raise PlanInputError(f"days {text!r}: name weekdays, e.g. mon-fri or mon,wed,fri")
    return frozenset(days)


def _weekday(name: str, whole: str) -> int:
    found = _DAY_NAMES.get(name)
    if found is None:
        hint = did_you_mean(suggest(name, [d.lower() for d in WEEKDAYS], limit=1, cutoff=60))
        raise PlanInputError(
            f"days {whole!r}: {name!r} is not a weekday{hint or '; write e.g. mon-fri'}"
        )
    return found


def parse_duration(text: str) -> int:
    """A meeting's length in minutes (``45``, ``90``), between 1 and 1440.

    Raises:
        PlanInputError: Not a whole number of minutes in that range.
    """
    value = text.strip()
    if not value.isdecimal() or not 1 <= int(value) <= 1440:
        raise PlanInputError(
            f"duration {text!r}: give whole minutes from 1 to 1440, e.g. --duration 45"
        )
    return int(value)


def days_text(days: frozenset[int]) -> str:
    """``Mon–Fri``, ``Sun–Thu``, ``Mon, Wed, Fri`` or ``every day``."""
    if len(days) == 7:
        return "every day"
    ordered = sorted(days)
    for first in ordered:  # one run around the week, if the days make one
        run = [(first + k) % 7 for k in range(len(days))]
        if set(run) == days and (first - 1) % 7 not in days:
            if len(run) >= 3:
                return f"{WEEKDAYS[run[0]]}–{WEEKDAYS[run[-1]]}"
            break
    return ", ".join(WEEKDAYS[d] for d in ordered)


def hours_text(hours: WorkingHours) -> str:
    """``09:00–18:00 Mon–Fri``: the working hours, for headings and messages."""
    return f"{_hm(hours.start)}–{_hm(hours.end)} {days_text(hours.days)}"


def _hm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# --- participants ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Participant:
    """Someone (or some place) the meeting must suit.

    Attributes:
        name: How they are named (an actor's name, or a zone's city).
        zone: Canonical key of the zone whose working hours count.
        actor_id: The actor's id, or ``None`` for a zone named directly.
    """

    name: str
    zone: str
    actor_id: str | None = None


def actor_participants(timeline: Timeline, actor_id: str) -> tuple[list[Participant], list[str]]:
    """The people an actor stands for: itself, or a group's members, recursively.

    Args:
        timeline: The timeline (actors and their home zones).
        actor_id: An actor's id.

    Returns:
        The participants with a home zone, in the order the file lists them, and the names
        of those without one (reported, never guessed).
    """
    found: list[Participant] = []
    unzoned: list[str] = []
    seen: set[str] = set()

    def visit(aid: str) -> None:
        if aid in seen:
            return
        seen.add(aid)
        actor = timeline.actors.get(aid)
        if actor is None:
            return
        if actor.members:
            for member in actor.members:
                visit(member)
        elif actor.timezone is None:
            unzoned.append(actor.name)
        else:
            found.append(Participant(actor.name, actor.timezone, aid))

    visit(actor_id)
    return found, unzoned


def zone_participant(zone: str) -> Participant:
    """A zone named directly, as a participant named by its city (``New York``)."""
    return Participant(city_name(zone), zone)


def unique(participants: Iterable[Participant]) -> list[Participant]:
    """The participants without repeats (the same actor, or the same zone named twice)."""
    out: dict[tuple[str | None, str], Participant] = {}
    for p in participants:
        out.setdefault((p.actor_id, p.zone if p.actor_id is None else ""), p)
    return list(out.values())


# --- intervals ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, order=True)
class Interval:
    """From ``start`` (included) to ``end`` (excluded), in UTC seconds."""

    start: int
    end: int

    @property
    def seconds(self) -> int:
        return self.end - self.start


def _offset_segments(zone: str, lo: int, hi: int) -> list[tuple[int, int, int]]:
    """``(start, end, offset)`` pieces of ``[lo, hi)`` in which the zone's offset is constant.

    The offset is sampled every hour and each change is narrowed down to the second, so
    transitions at any second are found; no zone changes its offset twice within an hour.
    """

    def offset(t: int) -> int:
        delta = local_datetime(t, zone).utcoffset()
        return 0 if delta is None else int(delta.total_seconds())

    pieces: list[tuple[int, int, int]] = []
    start, current = lo, offset(lo)
    t = lo
    while t < hi:
        nxt = min(t + _HOUR, hi)
        if nxt < hi and offset(nxt) != current:
            a, b = t, nxt  # offset(a) == current != offset(b): find the first changed second
            while b - a > 1:
                mid = (a + b) // 2
                if offset(mid) == current:
                    a = mid
                else:
                    b = mid
            pieces.append((start, b, current))
            start, current = b, offset(b)
        t = nxt
    pieces.append((start, hi, current))
    return pieces


def _first_at_or_after_wall(segments: Sequence[tuple[int, int, int]], wall: int) -> int:
    """The first instant whose wall clock reads ``wall`` or later (a skipped time: the
    instant the clocks jump past it)."""
    for a, b, offset in segments:
        if b + offset > wall:
            return max(a, wall - offset)
    return segments[-1][1]


def day_span(day: date, zone: str) -> Interval:
    """The instants a calendar day covers in a zone: from its first to the next day's.

    Usually 24 hours; 23 or 25 on a daylight-saving change, and a day whose midnight is
    skipped starts when the clocks jump.
    """
    wall = (day.toordinal() - _EPOCH_ORDINAL) * DAY
    segments = _offset_segments(zone, wall - 2 * DAY, wall + 3 * DAY)
    return Interval(
        _first_at_or_after_wall(segments, wall), _first_at_or_after_wall(segments, wall + DAY)
    )


def working_intervals(zone: str, hours: WorkingHours, lo: int, hi: int) -> list[Interval]:
    """The instants in ``[lo, hi)`` at which the zone's wall clock is within working hours.

    An instant is within hours when its local weekday is a working day and its local time
    of day is from ``hours.start`` to before ``hours.end``: exactly what zoneinfo reads
    there, second by second, across daylight-saving changes.

    Returns:
        Disjoint intervals in time order.
    """
    out: list[Interval] = []
    for a, b, offset in _offset_segments(zone, lo, hi):
        wall_lo, wall_hi = a + offset, b + offset
        for day_index in range(wall_lo // DAY, (wall_hi - 1) // DAY + 1):
            weekday = date.fromordinal(_EPOCH_ORDINAL + day_index).weekday()
            if weekday not in hours.days:
                continue
            base = day_index * DAY
            start = max(wall_lo, base + hours.start * 60)
            end = min(wall_hi, base + hours.end * 60)
            if start < end:
                piece = Interval(start - offset, end - offset)
                if out and out[-1].end >= piece.start:  # split by a change of offset only
                    out[-1] = Interval(out[-1].start, max(out[-1].end, piece.end))
                else:
                    out.append(piece)
    return out


def _intersect(first: Sequence[Interval], second: Sequence[Interval]) -> list[Interval]:
    out: list[Interval] = []
    i = j = 0
    while i < len(first) and j < len(second):
        start = max(first[i].start, second[j].start)
        end = min(first[i].end, second[j].end)
        if start < end:
            out.append(Interval(start, end))
        if first[i].end < second[j].end:
            i += 1
        else:
            j += 1
    return out


def _outside_seconds(slot: Interval, hours: Sequence[Interval]) -> int:
    """How far the slot reaches outside the hours: the largest distance from an instant of
    the slot to the nearest instant within hours (``0`` when the slot is all within)."""
    worst = 0
    previous_end: int | None = None
    for index in range(len(hours) + 1):
        gap_start = previous_end
        gap_end = hours[index].start if index < len(hours) else None
        if index < len(hours):
            previous_end = hours[index].end
        # the gap between two working intervals, clipped to the slot
        a = slot.start if gap_start is None else max(slot.start, gap_start)
        b = slot.end if gap_end is None else min(slot.end, gap_end)
        if a >= b:
            continue
        if gap_start is None:
            far = (gap_end or b) - a
        elif gap_end is None:
            far = b - gap_start
        else:
            middle = (gap_start + gap_end) / 2
            if a <= middle <= b:
                far = int(middle - gap_start)
            elif middle < a:
                far = gap_end - a
            else:
                far = b - gap_start
        worst = max(worst, far)
    return worst


# --- the plan -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outside:
    """Someone a compromise puts outside their hours, and by how many minutes at most."""

    name: str
    by_minutes: int


@dataclass(frozen=True, slots=True)
class Compromise:
    """A slot in which not everyone is within hours: who is not, and by how much."""

    slot: Interval
    outside: tuple[Outside, ...]

    @property
    def rank(self) -> tuple[int, int, int, int]:
        minutes = [o.by_minutes for o in self.outside]
        return (len(minutes), sum(minutes), max(minutes, default=0), self.slot.start)


@dataclass(frozen=True, slots=True)
class Plan:
    """The answer for one day: the windows, or the best compromises when there are none.

    Attributes:
        day: The calendar day, in the display zone.
        display_zone: Canonical key of the zone the day is read in.
        participants: Who the meeting must suit, in order.
        hours: The working hours assumed for everyone.
        duration: The meeting's length in minutes, or ``None`` for any window.
        span: The instants of the day.
        windows: Maximal intervals of the day in which everyone is within hours (at least
            ``duration`` long).
        compromises: When there is no window, the best slots, best first.
        hours_of: Each participant's working intervals around the day (for drawing).
    """

    day: date
    display_zone: str
    participants: tuple[Participant, ...]
    hours: WorkingHours
    duration: int | None
    span: Interval
    windows: tuple[Interval, ...]
    compromises: tuple[Compromise, ...]
    hours_of: tuple[tuple[Interval, ...], ...] = field(repr=False, default=())

    def in_hours(self, index: int, utc: int) -> bool:
        """Whether participant ``index`` is within working hours at an instant."""
        return any(i.start <= utc < i.end for i in self.hours_of[index])

    def in_window(self, utc: int) -> bool:
        """Whether an instant is inside one of the windows."""
        return any(w.start <= utc < w.end for w in self.windows)

    def outside_at(self, slot: Interval) -> tuple[Outside, ...]:
        """Who a slot puts outside their hours, and by how much (minutes, rounded up)."""
        out = []
        for person, hours in zip(self.participants, self.hours_of, strict=True):
            far = _outside_seconds(slot, hours)
            if far > 0:
                out.append(Outside(person.name, -(-far // 60)))
        return tuple(out)


def make_plan(
    day: date,
    display_zone: str,
    participants: Sequence[Participant],
    hours: WorkingHours = DEFAULT_HOURS,
    duration: int | None = None,
) -> Plan:
    """The windows (or compromises) for a day.

    Args:
        day: The calendar day, read in ``display_zone``.
        display_zone: Canonical zone key.
        participants: At least one; each with a canonical zone key.
        hours: Working hours, in each participant's local time.
        duration: Only windows at least this many minutes long; compromises are slots of
            this length (``DEFAULT_SLOT_MINUTES`` without it).

    Returns:
        The plan.

    Raises:
        ValueError: No participants.
    """
    if not participants:
        raise ValueError("a plan needs at least one participant")
    span = day_span(day, display_zone)
    reach = Interval(span.start - _REACH_DAYS * DAY, span.end + _REACH_DAYS * DAY)
    hours_of = tuple(
        tuple(working_intervals(p.zone, hours, reach.start, reach.end)) for p in participants
    )
    common: list[Interval] = [span]
    for intervals in hours_of:
        common = _intersect(common, intervals)
    least = (duration or 0) * 60
    windows = tuple(w for w in common if w.seconds >= max(least, 1))
    plan = Plan(
        day, display_zone, tuple(participants), hours, duration, span, windows, (), hours_of
    )
    if windows:
        return plan
    return Plan(
        day,
        display_zone,
        plan.participants,
        hours,
        duration,
        span,
        windows,
        _compromises(plan, (duration or DEFAULT_SLOT_MINUTES) * 60),
        hours_of,
    )


def _compromises(plan: Plan, length: int) -> tuple[Compromise, ...]:
    span = plan.span
    slots = [
        Interval(start, start + length)
        for start in range(span.start, span.end - length + 1, STEP_SECONDS)
    ]
    candidates = [Compromise(slot, plan.outside_at(slot)) for slot in slots]
    candidates.sort(key=lambda c: c.rank)
    chosen: list[Compromise] = []
    for candidate in candidates:
        if all(
            candidate.slot.end <= c.slot.start or c.slot.end <= candidate.slot.start for c in chosen
        ):
            chosen.append(candidate)
            if len(chosen) == MAX_COMPROMISES:
                break
    return tuple(chosen)
