"""Reading and validating an event file into a :class:`~tui.core.model.Timeline`.

Every problem found is reported, with its file, line and column, up to :data:`MAX_ERRORS`;
nothing is guessed. The format is documented in ``docs/format.md``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any, cast

from rapidfuzz import fuzz, process

from . import fastyaml
from .errors import Diagnostic, TimelineError
from .fastyaml import NotPlainText
from .model import Actor, ActorKind, CalendarDate, Event, Instant, Source, Timeline, When
from .timeparse import TimeValueError, calendar_start_utc, parse_when
from .yamlsafe import Data, Locator, Path, PathKey, YamlProblem, decode
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
_EXPLICIT_OFFSET_RE = re.compile(r"(?:[zZ]|[+-]\d\d(?::?\d\d)?)\s*$")
_URL_RE = re.compile(r"^(https?|ftp)://\S+$", re.IGNORECASE)


def suggest(word: str, choices: Iterable[str], limit: int = 3, cutoff: float = 70) -> list[str]:
    """The closest of ``choices`` to ``word``, best first (fuzzy, case-insensitive)."""
    pool = list(dict.fromkeys(choices))
    if not pool:
        return []
    lowered = {c.lower(): c for c in pool}
    found = process.extract(
        word.lower(), list(lowered), scorer=fuzz.WRatio, limit=limit, score_cutoff=cutoff
    )
    return [lowered[match] for match, _score, _ in found]


def did_you_mean(options: list[str]) -> str:
    if not options:
        return ""
    return "; did you mean " + " or ".join(repr(o) for o in options) + "?"


@dataclass(slots=True)
class _Problems:
    """Problems found so far, located lazily (see :class:`~tui.core.yamlsafe.Locator`)."""

    items: list[tuple[Path, bool, str]] = field(default_factory=list)

    def add(self, path: Path, message: str, *, at_key: bool = False) -> None:
        self.items.append((path, at_key, message))

    def __bool__(self) -> bool:
        return bool(self.items)


class _Validator:
    def __init__(self, problems: _Problems, *, verbatim_ints: Callable[[], bool] | None) -> None:
        self.p = problems
        self.file_zone: str | None = None
        # The fast parser types plain integers; where every integer in the text is written
        # in plain decimal, their decimal form is what the user wrote. Checking the text
        # costs a scan, so it is done once, and only if an integer turns up.
        self._verbatim_check = verbatim_ints
        self.derived: set[int] = set()  # positions of events whose id was derived
        self._verbatim: bool | None = None

    def int_text(self, value: Any) -> str | None:
        """The text of an integer the fast parser typed, when it is certainly verbatim."""
        if type(value) is not int or self._verbatim_check is None:
            return None
        if self._verbatim is None:
            self._verbatim = self._verbatim_check()
        return str(value) if self._verbatim else None

    # --- scalar helpers -------------------------------------------------------------
    def text(self, value: Data, where: Path, key: PathKey, what: str) -> str | None:
        """``value`` as text; problems are reported at ``where + (key,)``."""
        if value is None or type(value) is str:
            return value
        path = (*where, key)
        as_text = self.int_text(value)
        if as_text is not None:
            return as_text
        _require_plain(value)
        self.p.add(path, f"{what} must be text, not {_kind(value)}")
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
            elif (as_text := self.int_text(item)) is not None:
                out.append(as_text)
            elif item is not None:
                _require_plain(item)
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

    def when(self, value: Data, where: Path, key: str, zone: str | None) -> When | None:
        """Parse a time value in the event's own zone (else the file's, when it has none)."""
        what = key
        path = (*where, key)
        raw = self.text(value, where, key, what)
        if raw is None:
            return None
        if zone is None and _EXPLICIT_OFFSET_RE.search(raw) is None:
            zone = self.file_zone
        try:
            return parse_when(raw, zone)
        except TimeValueError as exc:
            self.p.add(path, f"{what}: {exc.message}")
            return None

    def unknown_keys(self, mapping: dict[str, Data], allowed: tuple[str, ...], path: Path) -> None:
        if mapping.keys() <= _FIELD_SETS[allowed]:
            return
        for key in mapping:
            _require_plain(key)
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
            _require_plain(aid)
            path: Path = ("actors", aid)
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
            if _URL_RE.match(value.strip()):
                return Source(url=value.strip())
            self.p.add(
                path, "a source must be a URL or a mapping with title, publisher, url, quote"
            )
            return None
        if not isinstance(value, dict):
            self.p.add(
                path,
                f"a source must be a mapping (title, publisher, url, quote), not {_kind(value)}",
            )
            return None
        self.unknown_keys(value, SOURCE_FIELDS, path)
        url = self.text(value.get("url"), path, "url", "url")
        if url is not None and not _URL_RE.match(url.strip()):
            self.p.add((*path, "url"), f"url {url!r} must start with http:// or https://")
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
        end = self.when(value.get("end"), path, "end", zone)
        sched_start = self.when(value.get("scheduled_start"), path, "scheduled_start", zone)
        sched_end = self.when(value.get("scheduled_end"), path, "scheduled_end", zone)
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
        if title is None or start is None:
            return None
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


def _date_or_time(when: When) -> str:
    return "date" if isinstance(when, CalendarDate) else "time"


def _require_plain(value: Any) -> None:
    """Values come as text, lists, mappings or None; anything else came from the fast parser."""
    if not isinstance(value, str | list | dict) and value is not None:
        raise NotPlainText(type(value).__name__)


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
    verbatim_ints: Callable[[], bool] | None = None,
    release: bool = False,
) -> tuple[Timeline | None, list[tuple[Path, bool, str]]]:
    """Validate composed YAML data. Returns the timeline (None when invalid) and problems.

    Args:
        data: Plain data from :mod:`~tui.core.yamlsafe` (or the fast path).
        path_label: The file's name for the timeline.
        verbatim_ints: For the fast path: tells whether integers may be taken as their
            decimal text (see :func:`tui.core.fastyaml.integers_are_verbatim`).
        release: Drop each event's mapping from ``data`` once it is read (``data`` is then
            spent): a large file's peak memory holds its events once, not twice.
    """
    problems = _Problems()
    v = _Validator(problems, verbatim_ints=verbatim_ints)
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
        return None, problems.items
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
    fast = fastyaml.try_load(text)
    if fast is not None:
        try:
            timeline, _ = validate(
                fast,
                path_label=path_label,
                verbatim_ints=lambda: fastyaml.integers_are_verbatim(text),
                release=True,
            )
        except NotPlainText:
            timeline = None
        del fast  # spent; the reference reader starts from the text again
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
    diags = [Diagnostic(path_label, *locator.locate(p, k), message) for p, k, message in problems]
    diags.sort(key=lambda d: (d.line, d.column))
    if len(diags) > MAX_ERRORS:
        extra = len(diags) - MAX_ERRORS
        last = diags[MAX_ERRORS - 1]
        diags = [
            *diags[:MAX_ERRORS],
            Diagnostic(path_label, last.line, last.column, f"... and {extra} more errors"),
        ]
    return diags


def read_bytes(path: str | FsPath, label: str | None = None) -> bytes:
    """The file's bytes, or a :class:`TimelineError` saying why it cannot be read."""
    shown = label or str(path)
    try:
        return FsPath(path).read_bytes()
    except FileNotFoundError:
        raise TimelineError([Diagnostic(shown, 1, 1, "no such file")]) from None
    except IsADirectoryError:
        raise TimelineError(
            [Diagnostic(shown, 1, 1, "is a directory, not an event file")]
        ) from None
    except OSError as exc:
        raise TimelineError([Diagnostic(shown, 1, 1, f"cannot read: {exc.strerror}")]) from None


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
