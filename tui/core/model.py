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
from typing import TYPE_CHECKING, Any, TypeAlias


class Precision(enum.IntEnum):
    """How precisely a time value was written."""

    YEAR = 1
    MONTH = 2
    DAY = 3
    MINUTE = 4
    SECOND = 5


_PRECISIONS = (None, *Precision)  # Precision by its integer value, without an enum call


class Instant(tuple[int, str, int]):
    """A moment in time with the zone it belongs to.

    Immutable, and a tuple underneath (``(utc, zone, precision)``) so that a large timeline
    can be stored and restored without building an object per field.

    Attributes:
        utc: Seconds since the Unix epoch (UTC). Exact; whole seconds.
        zone: Canonical zone key (an IANA name such as ``Europe/Brussels``, or a fixed offset
            such as ``UTC+02:00``). Resolve it with :func:`tui.core.zones.get_tzinfo`.
        precision: ``MINUTE`` or ``SECOND``: how the value was written.
    """

    __slots__ = ()

    def __new__(cls, utc: int, zone: str, precision: Precision | int = Precision.MINUTE) -> Instant:
        return tuple.__new__(cls, (utc, zone, int(precision)))

    if TYPE_CHECKING:

        @property
        def utc(self) -> int: ...

    else:
        utc = property(itemgetter(0), doc="utc")

    if TYPE_CHECKING:

        @property
        def zone(self) -> str: ...

    else:
        zone = property(itemgetter(1), doc="zone")

    @property
    def precision(self) -> Precision:
        return _PRECISIONS[self[2]]  # type: ignore[no-any-return]

    @property
    def utc_datetime(self) -> datetime:
        """The instant as an aware datetime in UTC."""
        return datetime.fromtimestamp(self[0], tz=UTC)

    if TYPE_CHECKING:

        @property
        def sort_key(self) -> int: ...

    else:
        sort_key = property(itemgetter(0), doc="sort_key")

    def __repr__(self) -> str:
        return f"Instant(utc={self[0]!r}, zone={self[1]!r}, precision={self.precision!r})"

    def __str__(self) -> str:
        return f"{self.utc_datetime.isoformat()} ({self[1]})"


class CalendarDate(tuple[int, int | None, int | None]):
    """A calendar date of day, month or year precision, as written.

    A tuple underneath: ``(year, month, day)``.

    Attributes:
        year: The year (1..9999).
        month: The month (1..12), or ``None`` for a year-only value.
        day: The day of the month, or ``None`` for a month- or year-only value.
    """

    __slots__ = ()

    def __new__(cls, year: int, month: int | None = None, day: int | None = None) -> CalendarDate:
        return tuple.__new__(cls, (year, month, day))

    if TYPE_CHECKING:

        @property
        def year(self) -> int: ...

    else:
        year = property(itemgetter(0), doc="year")

    if TYPE_CHECKING:

        @property
        def month(self) -> int | None: ...

    else:
        month = property(itemgetter(1), doc="month")

    if TYPE_CHECKING:

        @property
        def day(self) -> int | None: ...

    else:
        day = property(itemgetter(2), doc="day")

    @property
    def precision(self) -> Precision:
        if self[2] is not None:
            return Precision.DAY
        if self[1] is not None:
            return Precision.MONTH
        return Precision.YEAR

    def first_day(self) -> date:
        """The first calendar day this value covers."""
        return date(self[0], self[1] or 1, self[2] or 1)

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
        return f"CalendarDate({self[0]!r}, {self[1]!r}, {self[2]!r})"

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


class Source(tuple[str | None, str | None, str | None, str | None]):
    """A published source backing an event: ``(title, publisher, url, quote)``."""

    __slots__ = ()

    def __new__(
        cls,
        title: str | None = None,
        publisher: str | None = None,
        url: str | None = None,
        quote: str | None = None,
    ) -> Source:
        return tuple.__new__(cls, (title, publisher, url, quote))

    if TYPE_CHECKING:

        @property
        def title(self) -> str | None: ...

    else:
        title = property(itemgetter(0), doc="title")

    if TYPE_CHECKING:

        @property
        def publisher(self) -> str | None: ...

    else:
        publisher = property(itemgetter(1), doc="publisher")

    if TYPE_CHECKING:

        @property
        def url(self) -> str | None: ...

    else:
        url = property(itemgetter(2), doc="url")

    if TYPE_CHECKING:

        @property
        def quote(self) -> str | None: ...

    else:
        quote = property(itemgetter(3), doc="quote")

    def __repr__(self) -> str:
        return (
            f"Source(title={self[0]!r}, publisher={self[1]!r}, url={self[2]!r}, quote={self[3]!r})"
        )


class Event(tuple[Any, ...]):
    """One dated entry on the timeline.

    Immutable, and a tuple underneath (fields in the order below), so a timeline of a
    hundred thousand events is stored and restored without rebuilding each one field by
    field. Times and sources may be stored as plain tuples; the properties always return
    :class:`Instant`, :class:`CalendarDate` and :class:`Source` values.

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

    def __new__(
        cls,
        id: str,
        title: str,
        start: When,
        end: When | None = None,
        timezone: str | None = None,
        location: str | None = None,
        actors: tuple[str, ...] = (),
        tags: tuple[str, ...] = (),
        summary: str | None = None,
        sources: tuple[Source, ...] = (),
        confidence: str | None = None,
        notes: tuple[str, ...] = (),
        parent: str | None = None,
        scheduled_start: When | None = None,
        scheduled_end: When | None = None,
        order: int = 0,
        sort_key: int = 0,
    ) -> Event:
        return tuple.__new__(
            cls,
            (
                id,
                title,
                start,
                end,
                timezone,
                location,
                actors,
                tags,
                summary,
                sources,
                confidence,
                notes,
                parent,
                scheduled_start,
                scheduled_end,
                order,
                sort_key,
            ),
        )

    if TYPE_CHECKING:

        @property
        def id(self) -> str: ...

    else:
        id = property(itemgetter(0), doc="id")

    if TYPE_CHECKING:

        @property
        def title(self) -> str: ...

    else:
        title = property(itemgetter(1), doc="title")

    @property
    def start(self) -> When:
        return as_when(self[2])

    @property
    def end(self) -> When | None:
        raw = self[3]
        return None if raw is None else as_when(raw)

    if TYPE_CHECKING:

        @property
        def timezone(self) -> str | None: ...

    else:
        timezone = property(itemgetter(4), doc="timezone")

    if TYPE_CHECKING:

        @property
        def location(self) -> str | None: ...

    else:
        location = property(itemgetter(5), doc="location")

    if TYPE_CHECKING:

        @property
        def actors(self) -> tuple[str, ...]: ...

    else:
        actors = property(itemgetter(6), doc="actors")

    if TYPE_CHECKING:

        @property
        def tags(self) -> tuple[str, ...]: ...

    else:
        tags = property(itemgetter(7), doc="tags")

    if TYPE_CHECKING:

        @property
        def summary(self) -> str | None: ...

    else:
        summary = property(itemgetter(8), doc="summary")

    @property
    def sources(self) -> tuple[Source, ...]:
        raw = self[9]
        if not raw or type(raw[0]) is Source:
            return raw  # type: ignore[no-any-return]
        return tuple(tuple.__new__(Source, s) for s in raw)

    if TYPE_CHECKING:

        @property
        def confidence(self) -> str | None: ...

    else:
        confidence = property(itemgetter(10), doc="confidence")

    if TYPE_CHECKING:

        @property
        def notes(self) -> tuple[str, ...]: ...

    else:
        notes = property(itemgetter(11), doc="notes")

    if TYPE_CHECKING:

        @property
        def parent(self) -> str | None: ...

    else:
        parent = property(itemgetter(12), doc="parent")

    @property
    def scheduled_start(self) -> When | None:
        raw = self[13]
        return None if raw is None else as_when(raw)

    @property
    def scheduled_end(self) -> When | None:
        raw = self[14]
        return None if raw is None else as_when(raw)

    if TYPE_CHECKING:

        @property
        def order(self) -> int: ...

    else:
        order = property(itemgetter(15), doc="order")

    if TYPE_CHECKING:

        @property
        def sort_key(self) -> int: ...

    else:
        sort_key = property(itemgetter(16), doc="sort_key")

    @property
    def all_day(self) -> bool:
        """True when the event is dated by calendar (day, month or year), not by clock."""
        return type(self[2][1]) is not str

    def with_id(self, new_id: str) -> Event:
        """The same event under another id."""
        return tuple.__new__(Event, (new_id, *self[1:]))

    def plain(self) -> tuple[Any, ...]:
        """The event as nested builtin tuples (for :mod:`marshal`)."""
        raw = list(self)
        for i in (2, 3, 13, 14):
            if raw[i] is not None:
                raw[i] = tuple(raw[i])
        raw[9] = tuple(tuple(s) for s in raw[9])
        return tuple(raw)

    def __repr__(self) -> str:
        return f"Event(id={self[0]!r}, title={self[1]!r}, start={self.start!r})"


_ID = itemgetter(0)
_PARENT = 12


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
            parent = e[_PARENT]
            if parent is not None:
                kids.setdefault(parent, []).append(e[0])
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
