"""Reading and validating an event file into a :class:`~tui.core.model.Timeline`.

Every problem found is reported, with its file, line and column, up to :data:`MAX_ERRORS`;
nothing is guessed. The format is documented in ``docs/format.md``.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any, cast

from . import fastyaml
from .errors import Diagnostic, TimelineError
from .model import Actor, ActorKind, CalendarDate, Event, Instant, Source, Timeline, When
from .safetext import UNSAFE, describe_char
from .suggest import did_you_mean, suggest
from .timeparse import TimeValueError, parse_when, suffix_zone
from .walltime import calendar_start_utc, start_memo_statistics
from .yamlsafe import MAX_BYTES, Data, Locator, Path, PathKey, YamlProblem, decode
from .yamlsafe import load as yaml_load
from .zones import ZoneLookupError, resolve_zone

MAX_ERRORS = 50
"""Errors reported per file; past this the rest are counted, not listed."""

TOP_FIELDS = ("title", "timezone", "actors", "events")
ACTOR_FIELDS = ("name", "aliases", "role", "kind", "timezone", "members")
EVENT_FIELDS = (
    "id",
    "title",
    "start",
    "end",
    "timezone",
    "location",
    "actors",
    "tags",
    "summary",
    "sources",
    "confidence",
    "notes",
    "parent",
    "scheduled_start",
    "scheduled_end",
)
SOURCE_FIELDS = ("title", "publisher", "url", "quote")
_FIELD_SETS: dict[tuple[str, ...], frozenset[str]] = {
    fields: frozenset(fields) for fields in (TOP_FIELDS, ACTOR_FIELDS, EVENT_FIELDS, SOURCE_FIELDS)
}
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/-]*$")
_URL_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_WEB_URL_RE = re.compile(r"^https?://\S+$", re.IGNORECASE)

# Longest text each field may hold, in characters. Far above anything a real timeline
# needs; they keep a hostile or broken file (a 10 MB title) from freezing the explorer,
# which lays out and searches every field.
# (No limit may be below MAX_LABEL: _Validator.screen looks no further at shorter text.)
MAX_ID = 200
"""Ids and references to them: event and actor ids, ``actors``, ``members``, ``parent``."""
MAX_NAME = 200
"""Actor names and aliases."""
MAX_LABEL = 100
"""Short words: tags, confidence, kind, time zones, time values and field names."""
MAX_LINE = 500
"""One-line text: titles, roles, locations, a source's title and publisher."""
MAX_URL = 2_000
"""A source's URL."""
MAX_PROSE = 20_000
"""Paragraphs: summaries, notes and quotes."""

_TOP_LIMITS = {"title": MAX_LINE, "timezone": MAX_LABEL}
_ACTOR_LIMITS = {
    "name": MAX_NAME,
    "aliases": MAX_NAME,
    "role": MAX_LINE,
    "kind": MAX_LABEL,
    "timezone": MAX_LABEL,
    "members": MAX_ID,
}
_EVENT_LIMITS = {
    "id": MAX_ID,
    "title": MAX_LINE,
    "start": MAX_LABEL,
    "end": MAX_LABEL,
    "timezone": MAX_LABEL,
    "location": MAX_LINE,
    "actors": MAX_ID,
    "tags": MAX_LABEL,
    "summary": MAX_PROSE,
    "sources": MAX_URL,  # a bare URL; a mapping is checked field by field
    "confidence": MAX_LABEL,
    "notes": MAX_PROSE,
    "parent": MAX_ID,
    "scheduled_start": MAX_LABEL,
    "scheduled_end": MAX_LABEL,
}
_SOURCE_LIMITS = {"title": MAX_LINE, "publisher": MAX_LINE, "url": MAX_URL, "quote": MAX_PROSE}


class _Refusal(str):
    """A message refusing a value whole: other problems with the same value are noise."""

    __slots__ = ()


class _CharacterRefusal(_Refusal):
    """A refusal for one character: :func:`locate` points at the character, not the value."""

    __slots__ = ()


@dataclass(slots=True)
class _Problems:
    """Problems found so far, located lazily (see :class:`~tui.core.yamlsafe.Locator`)."""

    items: list[tuple[Path, bool, str]] = field(default_factory=list)
    refused: set[tuple[Path, bool]] = field(default_factory=set)

    def add(self, path: Path, message: str, *, at_key: bool = False) -> None:
        self.items.append((path, at_key, message))

    def refuse(self, path: Path, message: _Refusal, *, at_key: bool = False) -> None:
        """Report a value (or key) that is not read at all; see :meth:`settled`."""
        self.refused.add((path, at_key))
        self.items.append((path, at_key, message))

    def settled(self) -> list[tuple[Path, bool, str]]:
        """The problems, without those about a value that was refused whole.

        A refused value is still checked by the rest of the validator; what it would say
        (``unknown actor '\\x1b[2J'``) only repeats the refusal at the same place.
        """
        if not self.refused:
            return self.items
        return [
            item
            for item in self.items
            if isinstance(item[2], _Refusal) or (item[0], item[1]) not in self.refused
        ]

    def __bool__(self) -> bool:
        return bool(self.items)


class _Validator:
    def __init__(self, problems: _Problems) -> None:
        self.p = problems
        self.file_zone: str | None = None
        self.derived: set[int] = set()  # positions of events whose id was derived

    # --- text that is refused whole ---------------------------------------------------
    def screen(self, mapping: dict[str, Data], where: Path, limits: dict[str, int]) -> None:
        """Refuse the text fields of ``mapping`` that hold unsafe characters or are too long.

        ``limits`` names the text fields (their values, or the items of their lists) and
        the longest text each may hold. Other values are left to their field's own checks.
        A valid file pays one length test and one regular-expression search per value.
        """
        search = UNSAFE.search
        for key, value in mapping.items():
            if type(value) is str:
                # no limit is below MAX_LABEL: shorter safe text needs no further look
                if (len(value) > MAX_LABEL or search(value)) and key in limits:
                    self._check_text((*where, key), value, key, limits[key])
            elif type(value) is list and key in limits:
                for item in value:
                    if type(item) is str and (len(item) > MAX_LABEL or search(item)):
                        self._check_list(value, (*where, key), key, limits[key])
                        break

    def _check_text(self, path: Path, text: str, what: str, limit: int) -> None:
        if len(text) > limit or UNSAFE.search(text):
            self.refuse_text(path, text, what, limit)

    def _check_list(self, items: list[Data], path: Path, what: str, limit: int) -> None:
        for i, item in enumerate(items):
            if type(item) is str:
                self._check_text((*path, i), item, what, limit)

    def screen_key(self, key: str, path: Path, what: str, limit: int) -> bool:
        """Refuse a mapping key (echoed in messages) as :meth:`screen` refuses values."""
        if len(key) > limit or UNSAFE.search(key):
            self.refuse_text(path, key, what, limit, at_key=True)
            return False
        return True

    def refuse_text(
        self, path: Path, text: str, what: str, limit: int, *, at_key: bool = False
    ) -> None:
        found = UNSAFE.search(text)
        if found is not None:
            char = found.group()
            effect = (
                "a bidi control that reorders text on screen"
                if ord(char) >= 0x2000
                else "a terminal control character"
            )
            message: _Refusal = _CharacterRefusal(
                f"{what} contains {describe_char(char)}, {effect}; remove it"
            )
        else:
            message = _Refusal(
                f"{what} is too long ({len(text):,} characters; the limit is {limit:,})"
            )
        self.p.refuse(path, message, at_key=at_key)

    # --- scalar helpers -------------------------------------------------------------
    def text(self, value: Data, where: Path, key: PathKey, what: str) -> str | None:
        """``value`` as text; problems are reported at ``where + (key,)``."""
        if value is None or type(value) is str:
            return value
        self.p.add((*where, key), f"{what} must be text, not {_kind(value)}")
        return None

    def text_list(self, value: Data, where: Path, key: PathKey, what: str) -> tuple[str, ...]:
        """``value`` as a list of text; problems are reported at ``where + (key, ...)``."""
        if value is None:
            return ()
        if type(value) is list and all(type(item) is str for item in value):
            return tuple(cast(list[str], value))
        path = (*where, key)
        if not isinstance(value, list):
            self.p.add(path, f"{what} must be a list (one '- ' item per line), not {_kind(value)}")
            return ()
        out: list[str] = []
        for i, item in enumerate(value):
            if isinstance(item, str):
                out.append(item)
            elif item is not None:
                self.p.add((*path, i), f"each of {what} must be text, not {_kind(item)}")
        return tuple(out)

    def zone(self, value: Data, where: Path, key: PathKey = "timezone") -> str | None:
        path = (*where, key)
        raw = self.text(value, where, key, "timezone")
        if raw is None:
            return None
        try:
            return resolve_zone(raw)
        except ZoneLookupError as exc:
            self.p.add(path, exc.message)
            return None

    def when(
        self, value: Data, where: Path, key: str, zone: str | None, named: str | None = None
    ) -> When | None:
        """Parse a time value in the event's own zone ``zone``, when it has one.

        Without one, a value in the zone it names itself (``...[Europe/Brussels]``) or at a
        numeric offset; else in ``named`` (the zone the event's start names), else in the
        file's zone. ``Z`` gives the instant in UTC and takes its zone the same way.
        """
        what = key
        path = (*where, key)
        raw = self.text(value, where, key, what)
        if raw is None:
            return None
        try:
            return parse_when(raw, zone, default_zone=named or self.file_zone)
        except TimeValueError as exc:
            self.p.add(path, f"{what}: {exc.message}")
            return None

    def unknown_keys(self, mapping: dict[str, Data], allowed: tuple[str, ...], path: Path) -> None:
        if mapping.keys() <= _FIELD_SETS[allowed]:
            return
        for key in mapping:
            if not self.screen_key(key, (*path, key), "field name", MAX_LABEL):
                continue
            if key not in allowed and not key.startswith("x-"):
                hint = did_you_mean(suggest(key, allowed, limit=1, cutoff=60))
                if not hint:
                    hint = "; allowed: " + ", ".join(allowed)
                self.p.add((*path, key), f"unknown field {key!r}{hint}", at_key=True)

    # --- sections ---------------------------------------------------------------------
    def actors(self, value: Data) -> dict[str, Actor]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.p.add(
                ("actors",),
                f"'actors' must be a mapping from actor id to its details, not {_kind(value)}",
            )
            return {}
        actors: dict[str, Actor] = {}
        for aid, body in value.items():
            path: Path = ("actors", aid)
            if not self.screen_key(aid, path, "actor id", MAX_ID):
                continue  # refused: not an actor, so never suggested or echoed again
            if not _ID_RE.match(aid):
                self.p.add(
                    path, f"actor id {aid!r} must be letters, digits, '-', '_' or '.'", at_key=True
                )
            if body is None:
                body = {}
            if not isinstance(body, dict):
                self.p.add(
                    path, f"actor {aid!r} must be a mapping (name, role, ...), not {_kind(body)}"
                )
                continue
            self.unknown_keys(body, ACTOR_FIELDS, path)
            self.screen(body, path, _ACTOR_LIMITS)
            kind = None
            kind_text = self.text(body.get("kind"), path, "kind", "kind")
            if kind_text is not None:
                try:
                    kind = ActorKind(kind_text.strip().lower())
                except ValueError:
                    options = [k.value for k in ActorKind]
                    hint = did_you_mean(suggest(kind_text, options, limit=1, cutoff=50))
                    self.p.add(
                        (*path, "kind"),
                        f"unknown actor kind {kind_text!r}"
                        + (hint or "; use one of " + ", ".join(options)),
                    )
            members = self.text_list(body.get("members"), path, "members", "members")
            actors[aid] = Actor(
                id=aid,
                name=self.text(body.get("name"), path, "name", "name") or aid,
                aliases=self.text_list(body.get("aliases"), path, "aliases", "aliases"),
                role=self.text(body.get("role"), path, "role", "role"),
                kind=kind,
                timezone=self.zone(body.get("timezone"), path, "timezone"),
                members=members,
            )
        self._check_members(actors, value)
        self._check_names(actors)
        return actors

    def _check_members(self, actors: dict[str, Actor], raw: dict[str, Data]) -> None:
        for aid, actor in actors.items():
            for i, member in enumerate(actor.members):
                if member not in actors:
                    hint = did_you_mean(_actor_suggestions(member, actors))
                    self.p.add(("actors", aid, "members", i), f"unknown actor {member!r}{hint}")
        # cycles: depth-first search with colours
        state: dict[str, int] = {}

        def visit(aid: str, trail: list[str]) -> None:
            state[aid] = 1
            for i, member in enumerate(actors[aid].members):
                if member not in actors:
                    continue
                if state.get(member) == 1:
                    cycle = (
                        [*trail[trail.index(member) :], member]
                        if member in trail
                        else [aid, member]
                    )
                    self.p.add(
                        ("actors", aid, "members", i),
                        "groups form a cycle: " + " -> ".join(cycle),
                    )
                elif member not in state:
                    visit(member, [*trail, member])
            state[aid] = 2

        for aid in actors:
            if aid not in state:
                visit(aid, [aid])

    def _check_names(self, actors: dict[str, Actor]) -> None:
        owner: dict[str, str] = {aid.lower(): aid for aid in actors}
        for aid, actor in actors.items():
            labels = [("name", actor.name)] + [("aliases", a) for a in actor.aliases]
            for where, label in labels:
                key = label.lower()
                other = owner.setdefault(key, aid)
                if other != aid:
                    index = actor.aliases.index(label) if where == "aliases" else None
                    path: Path = (
                        ("actors", aid, where) if index is None else ("actors", aid, where, index)
                    )
                    self.p.add(
                        path,
                        f"{label!r} also names actor {other!r}; names and aliases must be unique",
                    )

    def source(self, value: Data, path: Path) -> Source | None:
        if isinstance(value, str):
            problem = _url_problem(value.strip())
            if problem is None:
                return Source(url=value.strip())
            if _URL_SCHEME_RE.match(value.strip()):
                self.p.add(path, f"a source URL {problem}")
            else:
                self.p.add(
                    path,
                    "a source must be an http:// or https:// URL "
                    "or a mapping with title, publisher, url, quote",
                )
            return None
        if not isinstance(value, dict):
            self.p.add(
                path,
                f"a source must be a mapping (title, publisher, url, quote), not {_kind(value)}",
            )
            return None
        self.unknown_keys(value, SOURCE_FIELDS, path)
        self.screen(value, path, _SOURCE_LIMITS)
        url = self.text(value.get("url"), path, "url", "url")
        if url is not None and (problem := _url_problem(url.strip())) is not None:
            self.p.add((*path, "url"), f"url {url!r} {problem}")
        src = Source(
            title=self.text(value.get("title"), path, "title", "title"),
            publisher=self.text(value.get("publisher"), path, "publisher", "publisher"),
            url=url.strip() if url else None,
            quote=self.text(value.get("quote"), path, "quote", "quote"),
        )
        if not (src.title or src.url or src.publisher):
            self.p.add(path, "a source needs at least a title, a publisher or a url")
        return src

    def event(self, value: Data, index: int) -> Event | None:
        path: Path = ("events", index)
        if not isinstance(value, dict):
            self.p.add(
                path, f"each event must be a mapping (title, start, ...), not {_kind(value)}"
            )
            return None
        self.unknown_keys(value, EVENT_FIELDS, path)
        self.screen(value, path, _EVENT_LIMITS)
        zone = self.zone(value.get("timezone"), path, "timezone") if "timezone" in value else None
        if "timezone" in value and zone is None:
            return None  # already reported; times cannot be read without it
        effective = zone or self.file_zone
        title = self.text(value.get("title"), path, "title", "title")
        if not title or not title.strip():
            self.p.add(path if "title" not in value else (*path, "title"), "event has no title")
        if value.get("start") is None:
            self.p.add(path if "start" not in value else (*path, "start"), "event has no start")
            start = None
        else:
            start = self.when(value["start"], path, "start", zone)
        # a start written 2025-08-20T14:30+02:00[Europe/Brussels] names the event's zone
        raw_start = value.get("start")
        named = None
        if zone is None and isinstance(start, Instant) and isinstance(raw_start, str):
            named = suffix_zone(raw_start)
        end = self.when(value.get("end"), path, "end", zone, named)
        sched_start = self.when(value.get("scheduled_start"), path, "scheduled_start", zone, named)
        sched_end = self.when(value.get("scheduled_end"), path, "scheduled_end", zone, named)
        if start is not None and end is not None:
            self._order(start, end, (*path, "end"), "end")
        if sched_start is not None and sched_end is not None:
            self._order(sched_start, sched_end, (*path, "scheduled_end"), "scheduled_end")
        sources: list[Source] = []
        raw_sources = value.get("sources")
        if raw_sources is not None:
            if isinstance(raw_sources, list):
                for i, item in enumerate(raw_sources):
                    src = self.source(item, (*path, "sources", i))
                    if src is not None:
                        sources.append(src)
            else:
                self.p.add((*path, "sources"), f"sources must be a list, not {_kind(raw_sources)}")
        raw_id = self.text(value.get("id"), path, "id", "id")
        if raw_id is not None and not _ID_RE.match(raw_id):
            self.p.add(
                (*path, "id"), f"event id {raw_id!r} must be letters, digits, '-', '_' or '.'"
            )
        if title is None or start is None or ((*path, "id"), False) in self.p.refused:
            return None  # (an event whose id was refused is never suggested or echoed)
        if raw_id:
            event_id = raw_id
        else:
            event_id = _derived_id(title.strip(), start)
            self.derived.add(index)
        sort_key = start.utc if isinstance(start, Instant) else calendar_start_utc(start, effective)
        return Event(
            id=event_id,
            title=title.strip(),
            start=start,
            end=end,
            timezone=zone or (start.zone if isinstance(start, Instant) else self.file_zone),
            location=self.text(value.get("location"), path, "location", "location"),
            actors=self.text_list(value.get("actors"), path, "actors", "actors"),
            tags=self.text_list(value.get("tags"), path, "tags", "tags"),
            summary=self.text(value.get("summary"), path, "summary", "summary"),
            sources=tuple(sources),
            confidence=self.text(value.get("confidence"), path, "confidence", "confidence"),
            notes=self.text_list(value.get("notes"), path, "notes", "notes"),
            parent=self.text(value.get("parent"), path, "parent", "parent"),
            scheduled_start=sched_start,
            scheduled_end=sched_end,
            order=index,
            sort_key=sort_key,
        )

    def _order(self, start: When, end: When, path: Path, what: str) -> None:
        if isinstance(start, Instant) and isinstance(end, Instant):
            if end.utc < start.utc:
                self.p.add(path, f"{what} is before the start")
        elif isinstance(start, CalendarDate) and isinstance(end, CalendarDate):
            if end.last_day() < start.first_day():
                self.p.add(path, f"{what} {end.iso()} is before the start {start.iso()}")
        else:
            self.p.add(
                path,
                f"{what} is a {_date_or_time(end)} but the start is a {_date_or_time(start)}; "
                "write both the same way",
            )


def _url_problem(url: str) -> str | None:
    """What is wrong with a source's URL, or ``None``: web addresses only, in one piece.

    A URL becomes a hyperlink in the explorer, so only ``http`` and ``https`` pass (not
    ``javascript:``, ``file:`` or ``ftp:``), with no whitespace inside; unsafe characters
    are refused earlier, like in every text field.
    """
    if _WEB_URL_RE.match(url):
        return None
    if not url.lower().startswith(("http://", "https://")):
        return "must start with http:// or https://"
    if url[url.index("//") + 2 :] == "":
        return "has no address after the scheme"
    return "must not contain spaces or line breaks (write a space as %20)"


def _date_or_time(when: When) -> str:
    return "date" if isinstance(when, CalendarDate) else "time"


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    return "text"


def _actor_suggestions(word: str, actors: dict[str, Actor]) -> list[str]:
    lowered = word.strip().lower()
    for aid, actor in actors.items():  # the user wrote a name or alias instead of the id
        if lowered == actor.name.lower() or lowered in (a.lower() for a in actor.aliases):
            return [aid]
    return suggest(word, actors)


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:60].rstrip("-") or "event"


def _derived_id(title: str, start: When) -> str:
    when = start.iso() if isinstance(start, CalendarDate) else _utc_date(start)
    return f"{when}-{slugify(title)}"


def _utc_date(instant: Instant) -> str:
    return instant.utc_datetime.date().isoformat()


def validate(
    data: Data,
    *,
    path_label: str | None = None,
    release: bool = False,
) -> tuple[Timeline | None, list[tuple[Path, bool, str]]]:
    """Validate composed YAML data. Returns the timeline (None when invalid) and problems.

    Args:
        data: Plain data as :func:`tui.core.yamlsafe.load` builds it (the fast path gives
            the same): text, ``None``, lists and mappings with text keys.
        path_label: The file's name for the timeline.
        release: Drop each event's mapping from ``data`` once it is read (``data`` is then
            spent): a large file's peak memory holds its events once, not twice.
    """
    start_memo_statistics()
    problems = _Problems()
    v = _Validator(problems)
    if not isinstance(data, dict):
        problems.add(
            (),
            "the file must be a mapping with an 'events' list "
            "(and optionally title, timezone, actors)"
            if data is not None
            else "the file is empty; it needs an 'events' list",
        )
        return None, problems.items
    v.unknown_keys(data, TOP_FIELDS, ())
    v.screen(data, (), _TOP_LIMITS)
    title = v.text(data.get("title"), (), "title", "title")
    v.file_zone = v.zone(data.get("timezone"), ())
    actors = v.actors(data.get("actors"))
    declared_actors = "actors" in data
    raw_events = data.get("events")
    events: list[Event] = []
    event_index: list[int] = []
    if raw_events is None:
        problems.add(() if "events" not in data else ("events",), "the file has no 'events' list")
    elif not isinstance(raw_events, list):
        problems.add(("events",), f"'events' must be a list, not {_kind(raw_events)}")
    else:
        for i, raw in enumerate(raw_events):
            event = v.event(raw, i)
            if event is not None:
                events.append(event)
                event_index.append(i)
            if release:
                raw_events[i] = None  # its text lives on in the event; the mapping can go
    events = _assign_ids(events, event_index, v.derived, problems)
    if not declared_actors:
        # a quick file without an actors section: names in events are the actors
        for event in events:
            for aid in event.actors:
                actors.setdefault(aid, Actor(id=aid, name=aid))
    _check_references(events, event_index, actors, problems)
    if problems:
        return None, problems.settled()
    timeline = Timeline.build(
        title=title, timezone=v.file_zone, actors=actors, events=events, path=path_label
    )
    return timeline, []


def _assign_ids(
    events: list[Event], index: list[int], derived: set[int], problems: _Problems
) -> list[Event]:
    """Check given ids are unique; make derived ids (date + title) unique with a suffix."""
    first_use: dict[str, int] = {}
    for event, i in zip(events, index, strict=True):
        if i in derived:
            continue
        if event.id in first_use:
            problems.add(
                ("events", i, "id"),
                f"duplicate event id {event.id!r} (also used by event #{first_use[event.id] + 1})",
            )
        else:
            first_use[event.id] = i
    taken = set(first_use)
    out: list[Event] = []
    for event, i in zip(events, index, strict=True):
        if i in derived:
            candidate, n = event.id, 2
            while candidate in taken:
                candidate, n = f"{event.id}-{n}", n + 1
            taken.add(candidate)
            if candidate != event.id:
                event = event.with_id(candidate)
        out.append(event)
    return out


def _check_references(
    events: list[Event], index: list[int], actors: dict[str, Actor], problems: _Problems
) -> None:
    by_id = {e.id: (e, i) for e, i in zip(events, index, strict=True)}
    for event, i in zip(events, index, strict=True):
        for j, aid in enumerate(event.actors):
            if aid not in actors:
                hint = did_you_mean(_actor_suggestions(aid, actors))
                problems.add(("events", i, "actors", j), f"unknown actor {aid!r}{hint}")
        if event.parent is not None:
            if event.parent == event.id:
                problems.add(("events", i, "parent"), "an event cannot be its own parent")
            elif event.parent not in by_id:
                hint = did_you_mean(suggest(event.parent, by_id))
                problems.add(
                    ("events", i, "parent"), f"unknown parent event {event.parent!r}{hint}"
                )
    # parent cycles
    reported: set[str] = set()
    for event, i in zip(events, index, strict=True):
        trail = [event.id]
        current = event
        while (
            current.parent is not None and current.parent in by_id and current.parent != current.id
        ):
            if current.parent in trail:
                cycle_ids = trail[trail.index(current.parent) :]
                if not reported.intersection(cycle_ids):
                    reported.update(cycle_ids)
                    problems.add(
                        ("events", i, "parent"),
                        "parents form a cycle: " + " -> ".join([*cycle_ids, current.parent]),
                    )
                break
            trail.append(current.parent)
            current = by_id[current.parent][0]


def load_text(text: str, path_label: str) -> Timeline:
    """Parse and validate YAML text.

    Raises:
        TimelineError: with every problem, positioned, in file order.
    """
    # A large file is first read by the fast parser, which gives exactly what the reference
    # reader would, or nothing. Only a timeline without a single problem is served from it:
    # errors are positioned by the reference reader, which reads the text again.
    fast = fastyaml.try_load(text)
    if fast is not None:
        timeline, _ = validate(fast, path_label=path_label, release=True)
        del fast  # spent
        if timeline is not None:
            return timeline
    try:
        data = yaml_load(text)
    except YamlProblem as exc:
        raise TimelineError([Diagnostic(path_label, exc.line, exc.column, exc.message)]) from None
    timeline, problems = validate(data, path_label=path_label)
    if timeline is None:
        raise TimelineError(locate(problems, Locator(text), path_label))
    return timeline


def locate(
    problems: list[tuple[Path, bool, str]], locator: Locator, path_label: str
) -> list[Diagnostic]:
    """Turn path-addressed problems into positioned diagnostics, in file order, capped."""
    locator.locate_all((p, k) for p, k, _ in problems)
    lines = _LineStarts(locator.text)
    diags = [
        Diagnostic(
            path_label,
            *(
                _at_character(lines, *locator.locate(p, k))
                if isinstance(message, _CharacterRefusal)
                else locator.locate(p, k)
            ),
            message,
        )
        for p, k, message in problems
    ]
    diags.sort(key=lambda d: (d.line, d.column))
    if len(diags) > MAX_ERRORS:
        extra = len(diags) - MAX_ERRORS
        last = diags[MAX_ERRORS - 1]
        diags = [
            *diags[:MAX_ERRORS],
            Diagnostic(path_label, last.line, last.column, f"... and {extra} more errors"),
        ]
    return diags


# Line breaks as the YAML reader counts them for positions (libyaml also ends a line at
# NEL, LS and PS), so that our positions and the Locator's agree.
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# A scalar's properties (anchor, tag) and the space or comments after them.
_PROPERTIES = re.compile(r"(?:[&!]\S*(?:\s+#[^\n]*)*\s+)*")
# The pieces of a double-quoted scalar that can put a character into its value.
_QUOTED_PIECE = re.compile(
    r'\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)|"|' + UNSAFE.pattern, re.DOTALL
)
_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "v": "\v", "f": "\f", "r": "\r"}
_ESCAPES |= {"e": "\x1b", "N": "\x85", "L": "\u2028", "P": "\u2029", "_": "\xa0"}
# Raw CR and NEL in the text are line breaks (the reader makes them "\n"), never content.
_RAW_BREAKS = frozenset("\r\x85")


class _LineStarts:
    """Where each line of ``text`` starts, found only as far as a question needs."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts = [0]
        self._breaks = _LINE_BREAK.finditer(text)

    def offset(self, line: int, column: int) -> int:
        while len(self._starts) < line:
            found = next(self._breaks, None)
            if found is None:
                return len(self.text)
            self._starts.append(found.end())
        return self._starts[line - 1] + column - 1

    def position(self, start: int, line: int, offset: int) -> tuple[int, int]:
        """Line and column of ``offset``, given that ``start`` (on ``line``) precedes it."""
        line_start = self._starts[line - 1]
        for found in _LINE_BREAK.finditer(self.text, start, offset):
            line, line_start = line + 1, found.end()
        return line, offset - line_start + 1


def _at_character(lines: _LineStarts, line: int, column: int) -> tuple[int, int]:
    """The position of the first unsafe character of the scalar that starts at line:column.

    The character was written raw (a bidi control: the YAML reader itself refuses raw
    C0 and C1 characters) or as a double-quoted escape (``\\e``, ``\\x9b``, ``\\u202e``,
    ``\\N``). When it cannot be found (a value reached through an alias), the scalar's
    start is the answer.
    """
    text = lines.text
    start = lines.offset(line, column)
    head = _PROPERTIES.match(text, start)
    at = head.end() if head is not None else start
    if at >= len(text) or text[at] == "*":
        return line, column
    found: int | None = None
    if text[at] == '"':
        for piece in _QUOTED_PIECE.finditer(text, at + 1):
            token = piece.group()
            if token == '"':
                break
            if token[0] != "\\":
                char = "" if token in _RAW_BREAKS else token
            elif token[1] in "xuU":
                code = int(token[2:], 16)
                char = chr(code) if code <= 0x10FFFF else ""
            else:
                char = _ESCAPES.get(token[1], "")
            if char and UNSAFE.match(char):
                found = piece.start()
                break
    else:
        for piece in UNSAFE.finditer(text, at):
            if piece.group() not in _RAW_BREAKS:
                found = piece.start()
                break
    if found is None:
        return line, column
    return lines.position(start, line, found)


_NOT_REGULAR = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO put in its place cannot block the open
    | getattr(os, "O_NOCTTY", 0)  # nor a terminal device become ours
    | getattr(os, "O_BINARY", 0)
)


def _file_problem(info: os.stat_result, limit: int) -> str | None:
    """Why a file with this status is not read, or ``None``."""
    mode = info.st_mode
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _NOT_REGULAR if test(mode)), "not a regular file")
        return f"is {kind}, not an event file"
    if info.st_size > limit:
        return _too_large(info.st_size, limit)
    return None


def _too_large(size: int | None, limit: int) -> str:
    if size is None:
        return f"file is too large (it grew past the limit of {limit:,} bytes while read)"
    return f"file is too large ({size:,} bytes; the limit is {limit:,})"


def check_file(path: str | FsPath, label: str | None = None, *, limit: int = MAX_BYTES) -> None:
    """Raise a :class:`TimelineError` when ``path`` is not an event file we would read.

    Only regular files of at most ``limit`` bytes are read: a FIFO would block forever,
    ``/dev/zero`` never ends, and a directory or socket is not a file at all.
    """
    shown = label or str(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise TimelineError([Diagnostic(shown, 1, 1, "no such file")]) from None
    except OSError as exc:
        raise TimelineError([Diagnostic(shown, 1, 1, f"cannot read: {exc.strerror}")]) from None
    problem = _file_problem(info, limit)
    if problem is not None:
        raise TimelineError([Diagnostic(shown, 1, 1, problem)])


def read_bytes(path: str | FsPath, label: str | None = None, *, limit: int = MAX_BYTES) -> bytes:
    """The file's bytes, or a :class:`TimelineError` saying why it cannot be read.

    The file's type and size are checked before it is opened (:func:`check_file`) and
    again on the open descriptor, in case it was replaced in between; at most ``limit``
    plus one bytes are ever read, so a file that grows while it is read is refused too.
    """
    shown = label or str(path)

    def fail(message: str) -> TimelineError:
        return TimelineError([Diagnostic(shown, 1, 1, message)])

    check_file(path, shown, limit=limit)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        raise fail("no such file") from None
    except IsADirectoryError:
        raise fail("is a directory, not an event file") from None
    except OSError as exc:
        raise fail(f"cannot read: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        problem = _file_problem(info, limit)
        if problem is not None:
            raise fail(problem)
        parts: list[bytes] = []
        total = 0
        want = info.st_size + 1  # all of it, and one byte to see the end
        while chunk := os.read(fd, want):
            parts.append(chunk)
            total += len(chunk)
            if total > limit:
                raise fail(_too_large(None, limit))
            want = min(limit + 1 - total, 1 << 20)
    except OSError as exc:
        raise fail(f"cannot read: {exc.strerror}") from None
    finally:
        os.close(fd)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def load_timeline(path: str | FsPath, *, label: str | None = None) -> Timeline:
    """Read, parse and validate an event file.

    Args:
        path: The file.
        label: How to name the file in messages (defaults to ``path`` as given).

    Raises:
        TimelineError: every problem found, positioned.
    """
    shown = label or str(path)
    raw = read_bytes(path, shown)
    try:
        text = decode(raw)
    except YamlProblem as exc:
        raise TimelineError([Diagnostic(shown, exc.line, exc.column, exc.message)]) from None
    return load_text(text, shown)
