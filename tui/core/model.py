"""The timeline's data model: plain, immutable values that know nothing of files or screens.

Time is represented by two kinds of value, never mixed up:

* :class:`Instant`: a moment, stored as UTC seconds plus the zone it was written in, so it
  can be shown in that zone or any other without losing anything.
* :class:`CalendarDate`: a date as written (a day, a month or a year). It is *not* a
  moment: ``2025-06-24`` is a day on the calendar wherever you are, and is never turned
  into "midnight somewhere" for display.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TypeAlias


class Precision(enum.IntEnum):
    """How precisely a time value was written."""

    YEAR = 1
    MONTH = 2
    DAY = 3
    MINUTE = 4
    SECOND = 5


@dataclass(frozen=True, slots=True)
class Instant:
    """A moment in time with the zone it belongs to.

    Attributes:
        utc: Seconds since the Unix epoch (UTC). Exact; whole seconds.
        zone: Canonical zone key (an IANA name such as ``Europe/Brussels``, or a fixed offset
            such as ``UTC+02:00``). Resolve it with :func:`tui.core.zones.get_tzinfo`.
        precision: ``MINUTE`` or ``SECOND``: how the value was written.
    """

    utc: int
    zone: str
    precision: Precision = Precision.MINUTE

    @property
    def utc_datetime(self) -> datetime:
        """The instant as an aware datetime in UTC."""
        return datetime.fromtimestamp(self.utc, tz=UTC)

    @property
    def sort_key(self) -> int:
        return self.utc

    def __str__(self) -> str:
        return f"{self.utc_datetime.isoformat()} ({self.zone})"


@dataclass(frozen=True, slots=True)
class CalendarDate:
    """A calendar date of day, month or year precision, as written.

    Attributes:
        year: The year (1..9999).
        month: The month (1..12), or ``None`` for a year-only value.
        day: The day of the month, or ``None`` for a month- or year-only value.
    """

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    def first_day(self) -> date:
        """The first calendar day this value covers."""
        return date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> date:
        """The last calendar day this value covers (inclusive)."""
        if self.day is not None:
            return date(self.year, self.month or 1, self.day)
        if self.month is not None:
            nxt = (
                date(self.year + 1, 1, 1)
                if self.month == 12
                else date(self.year, self.month + 1, 1)
            )
            return nxt - timedelta(days=1)
        return date(self.year, 12, 31)

    def iso(self) -> str:
        """The value as written: ``2025-06-24``, ``2014-02`` or ``2014``."""
        if self.day is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def __str__(self) -> str:
        return self.iso()


When: TypeAlias = Instant | CalendarDate


class ActorKind(enum.StrEnum):
    PERSON = "person"
    STATE = "state"
    ORGANISATION = "organisation"
    GROUP = "group"


@dataclass(frozen=True, slots=True)
class Actor:
    """Someone or something that takes part in events.

    Attributes:
        id: The actor's id in the file.
        name: Display name (defaults to the id).
        aliases: Other spellings ("Zelensky", "Zelenskiy").
        role: What the actor is ("President of Ukraine").
        kind: Person, state, organisation or group.
        timezone: Canonical zone key of the actor's home zone, if known.
        members: For groups: ids of member actors (which may themselves be groups).
    """

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    role: str | None = None
    kind: ActorKind | None = None
    timezone: str | None = None
    members: tuple[str, ...] = ()

    @property
    def is_group(self) -> bool:
        return bool(self.members) or self.kind is ActorKind.GROUP


@dataclass(frozen=True, slots=True)
class Source:
    """A published source backing an event."""

    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    quote: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One dated entry on the timeline.

    Attributes:
        id: Unique id (given, or derived from date and title).
        title: Short title.
        start: When it began (the actual time where known).
        end: When it ended (inclusive for dates), if known.
        timezone: Canonical zone key the event happened in, if any.
        location: Where it happened.
        actors: Ids of actors taking part (as written; groups are not expanded).
        tags: Free-form labels.
        summary: A paragraph of description.
        sources: Where the facts come from.
        confidence: A label such as ``verified`` or ``scheduled``.
        notes: Remarks (corrections of other reports, caveats).
        parent: Id of the event this one is part of (an agenda item of a summit).
        scheduled_start: The planned start, when it differs from the actual one.
        scheduled_end: The planned end, when it differs from the actual one.
        order: The event's position in the file's list (0-based); breaks ties in sorting.
        sort_key: UTC seconds used to order events. For a calendar date: the start of its
            first day in the event's zone (or the file's, or UTC). Used only for ordering,
            never for display.
    """

    id: str
    title: str
    start: When
    end: When | None = None
    timezone: str | None = None
    location: str | None = None
    actors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    summary: str | None = None
    sources: tuple[Source, ...] = ()
    confidence: str | None = None
    notes: tuple[str, ...] = ()
    parent: str | None = None
    scheduled_start: When | None = None
    scheduled_end: When | None = None
    order: int = 0
    sort_key: int = 0

    @property
    def all_day(self) -> bool:
        """True when the event is dated by calendar (day, month or year), not by clock."""
        return isinstance(self.start, CalendarDate)


@dataclass(slots=True)
class Timeline:
    """A validated timeline: events in start order, actors by id, and derived indexes.

    Build it with :func:`tui.core.loader.load_timeline` (or :meth:`build`), never by hand in
    application code: the indexes must agree with the events.
    """

    title: str | None
    timezone: str | None
    actors: dict[str, Actor]
    events: tuple[Event, ...]
    path: str | None = None
    by_id: dict[str, Event] = field(default_factory=dict)
    children: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # actor id -> ids of every group that contains it, directly or through nesting
    groups_of: dict[str, frozenset[str]] = field(default_factory=dict)
    # group id -> every non-group and group member, transitively
    members_of: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        *,
        title: str | None,
        timezone: str | None,
        actors: dict[str, Actor],
        events: list[Event] | tuple[Event, ...],
        path: str | None = None,
    ) -> Timeline:
        """Sort the events and compute every index. Actors' groups must have no cycles."""
        ordered = tuple(sorted(events, key=lambda e: (e.sort_key, e.order)))
        by_id = {e.id: e for e in ordered}
        kids: dict[str, list[str]] = {}
        for e in ordered:
            if e.parent is not None:
                kids.setdefault(e.parent, []).append(e.id)
        members_of: dict[str, frozenset[str]] = {}

        def expand(gid: str, seen: frozenset[str]) -> frozenset[str]:
            if gid in members_of:
                return members_of[gid]
            out: set[str] = set()
            for m in actors[gid].members:
                if m in seen or m not in actors:
                    continue
                out.add(m)
                if actors[m].members:
                    out |= expand(m, seen | {m})
            result = frozenset(out)
            members_of[gid] = result
            return result

        for aid, actor in actors.items():
            if actor.members:
                expand(aid, frozenset({aid}))
        groups_of: dict[str, set[str]] = {}
        for gid, members in members_of.items():
            for m in members:
                groups_of.setdefault(m, set()).add(gid)
        return cls(
            title=title,
            timezone=timezone,
            actors=actors,
            events=ordered,
            path=path,
            by_id=by_id,
            children={k: tuple(v) for k, v in kids.items()},
            groups_of={k: frozenset(v) for k, v in groups_of.items()},
            members_of=members_of,
        )
