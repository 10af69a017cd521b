"""Questions asked of a timeline: which events match a filter, who is an actor.

Filtering is on the hot path of the explorer (every keystroke in search), so the
:class:`TimelineIndex` precomputes, once per loaded timeline, everything a filter needs:
lowercase search text per event and the set of actors taking part in each event with
groups expanded both ways.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz, process

from .model import CalendarDate, Event, Instant, Timeline

DayFunction = Callable[[Event], tuple[date, date]]
"""Maps an event to the first and last calendar day it covers in some zone."""


class UnknownActorError(LookupError):
    """A name matched no actor. ``suggestions`` holds the closest names, best first."""

    def __init__(self, name: str, suggestions: Sequence[str]) -> None:
        self.name = name
        self.suggestions = tuple(suggestions)
        hint = ""
        if self.suggestions:
            hint = "; did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        self.message = f"unknown actor {name!r}{hint}"
        super().__init__(self.message)


@dataclass(frozen=True, slots=True)
class Filter:
    """What the user asked to see. Every part narrows the result; empty parts match all.

    Attributes:
        text: Case-insensitive words; each must appear somewhere in the event's title,
            summary, location, notes, tags or its actors' names and aliases.
        actors: Actor ids; an event matches when every one of them takes part (directly, as a
            member of a group that takes part, or as a group one of whose members takes part).
        tags: Tags; an event matches when it has every one of them (case-insensitive).
        since: First calendar day to include (in the display zone), or None.
        until: Last calendar day to include (in the display zone), or None.
    """

    text: str = ""
    actors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.text.strip() or self.actors or self.tags or self.since or self.until)


@dataclass(slots=True)
class TimelineIndex:
    """Precomputed lookups over one timeline. Build once per load with :meth:`build`."""

    timeline: Timeline
    haystacks: list[str] = field(default_factory=list)
    # per event: every actor id involved, groups expanded up and down
    participants: list[frozenset[str]] = field(default_factory=list)
    tagsets: list[frozenset[str]] = field(default_factory=list)
    # lowercase name/alias/id -> actor id
    actor_names: dict[str, str] = field(default_factory=dict)
    position: dict[str, int] = field(default_factory=dict)

    @classmethod
    def build(cls, timeline: Timeline) -> TimelineIndex:
        index = cls(timeline)
        names: dict[str, str] = {}
        actor_text: dict[str, str] = {}
        for aid, actor in timeline.actors.items():
            labels = [aid, actor.name, *actor.aliases]
            actor_text[aid] = " ".join(labels).lower()
            for label in labels:
                names.setdefault(label.lower(), aid)
        index.actor_names = names
        expanded: dict[str, frozenset[str]] = {}

        def involved(aid: str) -> frozenset[str]:
            got = expanded.get(aid)
            if got is None:
                got = frozenset(
                    {aid}
                    | timeline.members_of.get(aid, frozenset())
                    | timeline.groups_of.get(aid, frozenset())
                )
                expanded[aid] = got
            return got

        for pos, event in enumerate(timeline.events):
            index.position[event.id] = pos
            parts: set[str] = set()
            for aid in event.actors:
                parts |= involved(aid)
            index.participants.append(frozenset(parts))
            index.tagsets.append(frozenset(t.lower() for t in event.tags))
            pieces = [event.title, event.summary or "", event.location or "", *event.notes]
            pieces.extend(event.tags)
            pieces.extend(actor_text.get(a, a) for a in event.actors)
            index.haystacks.append("\n".join(pieces).lower())
        return index

    def resolve_actor(self, name: str) -> str:
        """An actor's id from its id, name or alias, case-insensitively.

        Raises:
            UnknownActorError: no actor has that name; carries the closest names.
        """
        key = name.strip().lower()
        if key in self.actor_names:
            return self.actor_names[key]
        found = process.extract(key, list(self.actor_names), scorer=fuzz.WRatio, limit=3)
        suggestions: list[str] = []
        for label, score, _ in found:
            aid = self.actor_names[label]
            display = self.timeline.actors[aid].name
            if score >= 60 and display not in suggestions:
                suggestions.append(display)
        raise UnknownActorError(name, suggestions)

    def matches(self, flt: Filter, day_of: DayFunction | None = None) -> list[int]:
        """Positions (into ``timeline.events``) of the events that pass the filter.

        Args:
            flt: The filter.
            day_of: Maps an event to its (first day, last day) in the display zone; needed
                only when the filter has a date range. Defaults to the events' own zones.
        """
        candidates: Iterable[int] = range(len(self.timeline.events))
        words = flt.text.lower().split()
        if words:
            hs = self.haystacks
            candidates = [i for i in candidates if all(w in hs[i] for w in words)]
        if flt.actors:
            wanted = flt.actors
            ps = self.participants
            candidates = [i for i in candidates if all(a in ps[i] for a in wanted)]
        if flt.tags:
            tags = {t.lower() for t in flt.tags}
            ts = self.tagsets
            candidates = [i for i in candidates if tags <= ts[i]]
        if flt.since is not None or flt.until is not None:
            days = day_of or own_zone_days
            lo = flt.since or date.min
            hi = flt.until or date.max
            events = self.timeline.events
            kept = []
            for i in candidates:
                first, last = days(events[i])
                if last >= lo and first <= hi:
                    kept.append(i)
            candidates = kept
        return list(candidates)


def zone_days(zone: str | None) -> DayFunction:
    """A :data:`DayFunction` for one zone (``None``: each event's own zone).

    Instants are placed on the calendar day they fall on in the zone; calendar dates stay
    the days they name, whatever the zone.
    """
    from .timeparse import to_pendulum

    def span(when: Instant | CalendarDate, last: bool) -> date:
        if isinstance(when, CalendarDate):
            return when.last_day() if last else when.first_day()
        return to_pendulum(when, zone).date()

    def days(event: Event) -> tuple[date, date]:
        first = span(event.start, False)
        last = span(event.end, True) if event.end is not None else span(event.start, True)
        return first, last

    return days


own_zone_days = zone_days(None)
