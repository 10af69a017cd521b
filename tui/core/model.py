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
from operator import itemgetter
from typing import Any, Final, NamedTuple, TypeAlias


class Precision(enum.IntEnum):
    """How precisely a time value was written."""

    YEAR = 1
    MONTH = 2
    DAY = 3
    MINUTE = 4
    SECOND = 5


_PRECISIONS = (None, *Precision)  # Precision by its integer value, without an enum call


class _InstantFields(NamedTuple):
    utc: int
    zone: str
    precision: int = int(Precision.MINUTE)


class Instant(_InstantFields):
    """A moment in time with the zone it belongs to.

    Immutable, and a tuple underneath (``(utc, zone, precision)``) so that a large timeline
    can be stored and restored without building an object per field.

    Attributes:
        utc: Seconds since the Unix epoch (UTC). Exact; whole seconds.
        zone: Canonical zone key (an IANA name such as ``Europe/Brussels``, or a fixed offset
            such as ``UTC+02:00``). Resolve it with :func:`tui.core.zones.get_tzinfo`.
        precision: ``MINUTE`` or ``SECOND``: how the value was written (stored as its
            integer value, read as a :class:`Precision`).
    """

    __slots__ = ()

    @property
    def precision(self) -> Precision:
        return _PRECISIONS[self[2]]  # type: ignore[no-any-return]

    @property
    def utc_datetime(self) -> datetime:
        """The instant as an aware datetime in UTC."""
        return datetime.fromtimestamp(self[0], tz=UTC)

    @property
    def sort_key(self) -> int:
        return self[0]

    def __repr__(self) -> str:
        return f"Instant(utc={self[0]!r}, zone={self[1]!r}, precision={self.precision!r})"

    def __str__(self) -> str:
        return f"{self.utc_datetime.isoformat()} ({self[1]})"


class CalendarDate(NamedTuple):
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
        year, month, day = self
        if day is not None:
            return date(year, month or 1, day)
        if month is not None:
            nxt = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
            return nxt - timedelta(days=1)
        return date(year, 12, 31)

    def iso(self) -> str:
        """The value as written: ``2025-06-24``, ``2014-02`` or ``2014``."""
        year, month, day = self
        if day is not None:
            return f"{year:04d}-{month:02d}-{day:02d}"
        if month is not None:
            return f"{year:04d}-{month:02d}"
        return f"{year:04d}"

    def __repr__(self) -> str:
        return f"CalendarDate({self.year!r}, {self.month!r}, {self.day!r})"

    def __str__(self) -> str:
        return self.iso()


When: TypeAlias = Instant | CalendarDate


def as_when(raw: tuple[int, str, int] | tuple[int, int | None, int | None]) -> When:
    """A stored ``(utc, zone, precision)`` or ``(year, month, day)`` tuple as a value."""
    kind = type(raw)
    if kind is Instant or kind is CalendarDate:
        return raw  # type: ignore[return-value]
    return tuple.__new__(Instant if type(raw[1]) is str else CalendarDate, raw)  # type: ignore[return-value]


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


class Source(NamedTuple):
    """A published source backing an event."""

    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    quote: str | None = None


class _EventFields(NamedTuple):
    # The stored fields, in order. Times and sources may hold the plain tuples restored from
    # the load cache; :class:`Event` reads them as model values.
    id: str
    title: str
    start: tuple[Any, ...]
    end: tuple[Any, ...] | None = None
    timezone: str | None = None
    location: str | None = None
    actors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    summary: str | None = None
    sources: tuple[tuple[str | None, ...], ...] = ()
    confidence: str | None = None
    notes: tuple[str, ...] = ()
    parent: str | None = None
    scheduled_start: tuple[Any, ...] | None = None
    scheduled_end: tuple[Any, ...] | None = None
    order: int = 0
    sort_key: int = 0


FIELD = {name: i for i, name in enumerate(_EventFields._fields)}
"""Each stored field's position in an event tuple (the load cache stores events by position)."""

# literal positions, so the type checker knows what each holds; checked against the names
_START: Final = 2
_END: Final = 3
_SOURCES: Final = 9
_SCHEDULED_START: Final = 13
_SCHEDULED_END: Final = 14
if (FIELD["start"], FIELD["end"], FIELD["sources"]) != (_START, _END, _SOURCES) or (
    FIELD["scheduled_start"],
    FIELD["scheduled_end"],
) != (_SCHEDULED_START, _SCHEDULED_END):
    raise ImportError("tui.core.model: the event field positions changed")
_TIME_FIELDS = (_START, _END, _SCHEDULED_START, _SCHEDULED_END)


class Event(_EventFields):
    """One dated entry on the timeline.

    Immutable, and a tuple underneath (a :class:`typing.NamedTuple` of the fields below),
    so a timeline of a hundred thousand events is stored and restored without rebuilding
    each one field by field. The load cache restores times and sources as plain tuples;
    the five properties below turn them into :class:`Instant`, :class:`CalendarDate` and
    :class:`Source` values when read.

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

    __slots__ = ()

    @property
    def start(self) -> When:
        return as_when(self[_START])

    @property
    def end(self) -> When | None:
        raw = self[_END]
        return None if raw is None else as_when(raw)

    @property
    def scheduled_start(self) -> When | None:
        raw = self[_SCHEDULED_START]
        return None if raw is None else as_when(raw)

    @property
    def scheduled_end(self) -> When | None:
        raw = self[_SCHEDULED_END]
        return None if raw is None else as_when(raw)

    @property
    def sources(self) -> tuple[Source, ...]:
        raw = self[_SOURCES]
        if not raw or type(raw[0]) is Source:
            return raw  # type: ignore[return-value]
        return tuple(tuple.__new__(Source, s) for s in raw)

    @property
    def all_day(self) -> bool:
        """True when the event is dated by calendar (day, month or year), not by clock."""
        return type(self[_START][1]) is not str

    def with_id(self, new_id: str) -> Event:
        """The same event under another id."""
        return self._replace(id=new_id)

    def plain(self) -> tuple[Any, ...]:
        """The event as nested builtin tuples (for :mod:`marshal`)."""
        raw: list[Any] = list(self)
        for i in _TIME_FIELDS:
            value = raw[i]
            if value is None:
                continue
            # an Instant's precision may be a Precision, which marshal does not store
            raw[i] = (value[0], value[1], int(value[2])) if type(value[1]) is str else tuple(value)
        raw[_SOURCES] = tuple(tuple(s) for s in raw[_SOURCES])
        return tuple(raw)

    def __repr__(self) -> str:
        return f"Event(id={self.id!r}, title={self.title!r}, start={self.start!r})"


_ID = itemgetter(FIELD["id"])


def _event_order(event: Event) -> tuple[int, int]:
    return (event.sort_key, event.order)


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
        presorted: bool = False,
    ) -> Timeline:
        """Sort the events and compute every index. Actors' groups must have no cycles.

        Args:
            title: The timeline's title.
            timezone: The file's default zone.
            actors: Actors by id.
            events: The events, in any order (or in start order with ``presorted``).
            path: How the file is named in messages.
            presorted: The events are already in start order (restored from the cache).
        """
        ordered = tuple(events) if presorted else tuple(sorted(events, key=_event_order))
        by_id = dict(zip(map(_ID, ordered), ordered, strict=True))
        kids: dict[str, list[str]] = {}
        for e in ordered:
            parent = e.parent
            if parent is not None:
                kids.setdefault(parent, []).append(e.id)
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
