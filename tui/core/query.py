"""Questions asked of a timeline: which events match a filter, who is an actor, who takes
part in an event and by which zones they live.

Filtering is on the hot path of the explorer (every keystroke in search), so the
:class:`TimelineIndex` precomputes, once per loaded timeline, everything a filter needs:
lowercase search text per event and the set of actors taking part in each event with
groups expanded both ways.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import compress, repeat
from operator import contains

from rapidfuzz import fuzz, process

from .localtime import covered_days
from .model import Event, Timeline
from .suggest import did_you_mean

DENSE_WORD = 2
"""Search words this short are tested event by event rather than found in the joined text
(see :meth:`TimelineIndex._events_containing`)."""


class UnknownActorError(LookupError):
    """A name matched no actor. ``suggestions`` holds the closest names, best first."""

    def __init__(self, name: str, suggestions: Sequence[str]) -> None:
        self.name = name
        self.suggestions = tuple(suggestions)
        self.message = f"unknown actor {name!r}{did_you_mean(self.suggestions)}"
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
        since: First calendar day to include, or None.
        until: Last calendar day to include, or None.
        zone: Canonical key of the zone whose calendar ``since`` and ``until`` are read in
            (the display zone); ``None`` reads each instant in its own zone. An event is
            kept when any day it covers (:func:`~tui.core.localtime.covered_days`) is in
            the range.
    """

    text: str = ""
    actors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    zone: str | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.text.strip() or self.actors or self.tags or self.since or self.until)


def participant_zones(
    event: Event, timeline: Timeline, *, groups: bool = True
) -> dict[str, list[str]]:
    """Home zones of everyone taking part in ``event``, groups expanded.

    Args:
        event: The event.
        timeline: Its timeline (actors and group membership).
        groups: Also list groups that have a home zone of their own (a committee's seat).

    Returns:
        Zone key -> names of the participants living by it, in order of first mention.
    """
    people: list[str] = []
    for aid in event.actors:
        people.append(aid)
        people.extend(sorted(timeline.members_of.get(aid, ())))
    out: dict[str, list[str]] = {}
    for aid in dict.fromkeys(people):
        actor = timeline.actors.get(aid)
        if actor is None or actor.timezone is None or (actor.members and not groups):
            continue
        names = out.setdefault(actor.timezone, [])
        if actor.name not in names:
            names.append(actor.name)
    return out


@dataclass(slots=True)
class TimelineIndex:
    """Precomputed lookups over one timeline. Build once per load with :meth:`build`.

    Built for a hundred thousand events: actors and tags are inverted indexes (id -> the
    positions of its events), so an actor filter intersects a few lists instead of testing
    every event. What the first screen does not need is built on first use, not at load:
    the lowercase search text of each event (on the first text search), the inverted
    indexes (on the first actor or tag filter) and the id-to-position table. The explorer
    builds them in a worker once its first screen is drawn.
    """

    timeline: Timeline
    # lowercase name/alias/id -> actor id
    actor_names: dict[str, str] = field(default_factory=dict)
    ids: list[str] = field(default_factory=list)  # position -> event id
    sort_keys: list[int] = field(default_factory=list)  # position -> UTC sort key
    _position: dict[str, int] | None = None
    _postings: dict[str, list[int]] | None = None
    _tag_postings: dict[str, list[int]] | None = None
    _involved: dict[str, frozenset[int]] = field(default_factory=dict)
    _haystacks: list[str] | None = None
    _actor_text: dict[str, str] = field(default_factory=dict)
    _blob: str | None = None
    _counts: dict[str, int] | None = None
    _last: tuple[Filter, list[int]] | None = None
    _starts: list[int] = field(default_factory=list)
    # what is built on first use is built once: a search typed while the worker prepares
    # the index waits for that work instead of doing it again beside it
    _building: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)

    @classmethod
    def build(cls, timeline: Timeline) -> TimelineIndex:
        index = cls(timeline)
        names: dict[str, str] = {}
        for aid, actor in timeline.actors.items():
            labels = [aid, actor.name, *actor.aliases]
            index._actor_text[aid] = " ".join(labels).lower()
            for label in labels:
                names.setdefault(label.lower(), aid)
        index.actor_names = names
        events = timeline.events
        index.ids = [e.id for e in events]
        index.sort_keys = [e.sort_key for e in events]
        return index

    @property
    def position(self) -> dict[str, int]:
        """Event id -> its position in ``timeline.events`` (built on first use)."""
        if self._position is None:
            with self._building:
                if self._position is None:
                    self._position = {event_id: pos for pos, event_id in enumerate(self.ids)}
        return self._position

    @property
    def postings(self) -> dict[str, list[int]]:
        """Actor id -> the positions of the events that name it directly (built on first
        use, with :attr:`tag_postings`)."""
        if self._postings is None:
            self._build_postings()
        assert self._postings is not None
        return self._postings

    @property
    def tag_postings(self) -> dict[str, list[int]]:
        """Lowercase tag -> the positions of the events that carry it."""
        if self._tag_postings is None:
            self._build_postings()
        assert self._tag_postings is not None
        return self._tag_postings

    def _build_postings(self) -> None:
        with self._building:
            if self._postings is None or self._tag_postings is None:
                self._postings, self._tag_postings = self._worked_out_postings()

    def _worked_out_postings(self) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
        postings: dict[str, list[int]] = {}
        tags: dict[str, list[int]] = {}
        for pos, event in enumerate(self.timeline.events):
            for aid in event.actors:
                postings.setdefault(aid, []).append(pos)
            for tag in event.tags:
                tags.setdefault(tag.lower(), []).append(pos)
        return postings, tags

    def involved(self, actor_id: str) -> frozenset[int]:
        """Positions of every event the actor takes part in.

        Directly, through a group it belongs to (at any depth), or, for a group, through
        any of its members.
        """
        got = self._involved.get(actor_id)
        if got is None:
            tl = self.timeline
            related = (
                {actor_id} | tl.members_of.get(actor_id, set()) | tl.groups_of.get(actor_id, set())
            )
            found: set[int] = set()
            for aid in related:
                found.update(self.postings.get(aid, ()))
            got = frozenset(found)
            self._involved[actor_id] = got
        return got

    def participants_of(self, position: int) -> frozenset[str]:
        """Every actor id taking part in the event at ``position``, groups expanded both ways."""
        tl = self.timeline
        out: set[str] = set()
        for aid in tl.events[position].actors:
            out.add(aid)
            out |= tl.members_of.get(aid, frozenset())
            out |= tl.groups_of.get(aid, frozenset())
        return frozenset(out)

    def actor_counts(self) -> dict[str, int]:
        """How many events each actor takes part in (as :meth:`involved` counts them)."""
        if self._counts is None:
            self._counts = {
                aid: n for aid in self.timeline.actors if (n := len(self.involved(aid)))
            }
        return self._counts

    @property
    def haystacks(self) -> list[str]:
        """Per event, the lowercase text a search looks in (built on first use)."""
        if self._haystacks is None:
            with self._building:
                if self._haystacks is None:
                    self._haystacks = self._worked_out_haystacks()
        return self._haystacks

    def _worked_out_haystacks(self) -> list[str]:
        actor_text = self._actor_text
        return [
            "\n".join(
                [
                    e.title,
                    e.summary or "",
                    e.location or "",
                    *e.notes,
                    *e.tags,
                    *(actor_text.get(a, a) for a in e.actors),
                ]
            ).lower()
            for e in self.timeline.events
        ]

    def prepare(self) -> None:
        """Build everything built on first use now: the search text, the inverted indexes
        and the id-to-position table (for a worker, once the first screen is drawn)."""
        self.prepare_search()
        _ = self.postings, self.position

    def prepare_search(self) -> None:
        """Build the search text now (it is otherwise built by the first search)."""
        if self._blob is None:
            with self._building:
                if self._blob is None:
                    hs = self.haystacks
                    starts: list[int] = []
                    offset = 0
                    for text in hs:
                        starts.append(offset)
                        offset += len(text) + 1
                    self._starts = starts
                    self._blob = "\x00".join(hs)

    def _events_containing(self, word: str) -> list[int]:
        """Positions of the events whose search text contains ``word``, in order.

        A word of one or two letters (the first keys typed in search) is in most events:
        walking the joined text hit by hit would cost a Python step per match (about 0.5 s
        for "s" at 100,000 events on a busy machine), so each event's text is tested
        instead, in one pass at C speed (map, contains, compress: about 5x faster there).
        A longer word is rarer, and one scan of the joined text finds it fastest.
        """
        if len(word) <= DENSE_WORD:
            hs = self.haystacks
            return list(compress(range(len(hs)), map(contains, hs, repeat(word))))
        self.prepare_search()
        blob, starts = self._blob, self._starts
        assert blob is not None
        found: list[int] = []
        at = blob.find(word)
        while at != -1:
            pos = bisect_right(starts, at) - 1
            found.append(pos)
            # continue after this event: one hit per event is enough
            nxt = starts[pos + 1] if pos + 1 < len(starts) else len(blob)
            at = blob.find(word, nxt)
        return found

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

    def matches(self, flt: Filter) -> list[int]:
        """Positions (into ``timeline.events``) of the events that pass the filter.

        Args:
            flt: The filter (a value: equal filters give equal results).
        """
        last = self._last
        if last is not None and _narrows(last[0], flt):
            # typing on in the search box: only what matched before can match now. The
            # cost is the substring tests (about 0.2 us an event), so testing the previous
            # result is never slower than a fresh scan of all events, and a scan of the
            # joined text pays a Python step per hit: at 100,000 events "sum" after "su"
            # took 33 ms that way and takes 8 ms this way
            hs = self.haystacks
            found = last[1]
            for word in flt.text.lower().split():
                found = list(
                    compress(found, map(contains, map(hs.__getitem__, found), repeat(word)))
                )
        else:
            found = self._matches(flt)
        self._last = (flt, found)
        return found

    def _matches(self, flt: Filter) -> list[int]:
        allowed: frozenset[int] | set[int] | None = None
        for aid in flt.actors:
            positions = self.involved(aid)
            allowed = positions if allowed is None else allowed & positions
        for tag in flt.tags:
            positions = frozenset(self.tag_postings.get(tag.lower(), ()))
            allowed = positions if allowed is None else allowed & positions
        candidates: Iterable[int] = (
            range(len(self.timeline.events)) if allowed is None else sorted(allowed)
        )
        words = flt.text.lower().split()
        if words:
            # the longest word is the rarest: find it with one scan of all the text at C
            # speed, then check the other words only in the events that have it
            words.sort(key=len, reverse=True)
            hits = self._events_containing(words[0])
            if allowed is not None:
                hits = [i for i in hits if i in allowed]
            hs = self.haystacks
            rest = words[1:]
            candidates = [i for i in hits if all(w in hs[i] for w in rest)] if rest else hits
        if flt.since is not None or flt.until is not None:
            lo = (flt.since or date.min).toordinal()
            hi = (flt.until or date.max).toordinal()
            events = self.timeline.events
            zone = flt.zone
            kept = []
            for i in candidates:
                event = events[i]
                first, last = covered_days(event.start, event.end, zone)
                if last >= lo and first <= hi:
                    kept.append(i)
            candidates = kept
        return list(candidates)


def _narrows(old: Filter, new: Filter) -> bool:
    """True when ``new`` only adds characters to ``old``'s search, all else equal.

    Every word of the old text is then part of a word of the new one, so an event that
    matches ``new`` matches ``old``: the new result is a subset of the old.
    """
    if not old.text.strip() or not new.text.lower().startswith(old.text.lower()):
        return False
    if (old.actors, old.tags, old.since, old.until) != (new.actors, new.tags, new.since, new.until):
        return False
    return (new.since is None and new.until is None) or old.zone == new.zone
