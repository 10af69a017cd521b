"""Reading and validating an event file into a :class:`~tui.core.model.Timeline`.

Every problem found is reported, with its file, line and column, up to :data:`MAX_ERRORS`;
nothing is guessed. The format is documented in ``docs/format.md``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from . import fastyaml, progress
from .errors import Diagnostic, TimelineError
from .model import Actor, ActorKind, CalendarDate, Event, Instant, Source, Timeline, When
from .positions import CharacterRefusal, Problems, Refusal, locate
from .readfile import read_bytes
from .references import actor_suggestions, assign_ids, check_references, derived_id
from .safetext import UNSAFE, describe_char
from .schema import (
    ACTOR_FIELDS,
    ACTOR_LIMITS,
    EVENT_FIELDS,
    EVENT_LIMITS,
    FIELD_SETS,
    ID_RE,
    MAX_ID,
    MAX_LABEL,
    SOURCE_FIELDS,
    SOURCE_LIMITS,
    TOP_FIELDS,
    TOP_LIMITS,
    URL_SCHEME_RE,
    url_problem,
)
from .suggest import did_you_mean, suggest
from .timeparse import TimeValueError, parse_when, suffix_zone
from .walltime import calendar_start_utc, start_memo_statistics
from .yamlsafe import Data, DocPath, Locator, PathKey, YamlProblem, decode
from .yamlsafe import load as yaml_load
from .zones import ZoneLookupError, resolve_zone


class _Validator:
    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        self.file_zone: str | None = None
        self.derived: set[int] = set()  # positions of events whose id was derived

    # --- text that is refused whole ---------------------------------------------------
    def screen(self, mapping: dict[str, Data], where: DocPath, limits: dict[str, int]) -> None:
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

    def _check_text(self, path: DocPath, text: str, what: str, limit: int) -> None:
        if len(text) > limit or UNSAFE.search(text):
            self.refuse_text(path, text, what, limit)

    def _check_list(self, items: list[Data], path: DocPath, what: str, limit: int) -> None:
        for i, item in enumerate(items):
            if type(item) is str:
                self._check_text((*path, i), item, what, limit)

    def screen_key(self, key: str, path: DocPath, what: str, limit: int) -> bool:
        """Refuse a mapping key (echoed in messages) as :meth:`screen` refuses values."""
        if len(key) > limit or UNSAFE.search(key):
            self.refuse_text(path, key, what, limit, at_key=True)
            return False
        return True

    def refuse_text(
        self, path: DocPath, text: str, what: str, limit: int, *, at_key: bool = False
    ) -> None:
        found = UNSAFE.search(text)
        if found is not None:
            char = found.group()
            effect = (
                "a bidi control that reorders text on screen"
                if ord(char) >= 0x2000
                else "a terminal control character"
            )
            message: Refusal = CharacterRefusal(
                f"{what} contains {describe_char(char)}, {effect}; remove it"
            )
        else:
            message = Refusal(
                f"{what} is too long ({len(text):,} characters; the limit is {limit:,})"
            )
        self.problems.refuse(path, message, at_key=at_key)

    # --- scalar helpers -------------------------------------------------------------
    def text(self, value: Data, where: DocPath, key: PathKey, what: str) -> str | None:
        """``value`` as text; problems are reported at ``where + (key,)``."""
        if value is None or type(value) is str:
            return value
        self.problems.add((*where, key), f"{what} must be text, not {_kind(value)}")
        return None

    def text_list(self, value: Data, where: DocPath, key: PathKey, what: str) -> tuple[str, ...]:
        """``value`` as a list of text; problems are reported at ``where + (key, ...)``."""
        if value is None:
            return ()
        if type(value) is list and all(type(item) is str for item in value):
            return tuple(cast(list[str], value))
        path = (*where, key)
        if not isinstance(value, list):
            self.problems.add(
                path, f"{what} must be a list (one '- ' item per line), not {_kind(value)}"
            )
            return ()
        out: list[str] = []
        for i, item in enumerate(value):
            if isinstance(item, str):
                out.append(item)
            elif item is not None:
                self.problems.add((*path, i), f"each of {what} must be text, not {_kind(item)}")
        return tuple(out)

    def zone(self, value: Data, where: DocPath, key: PathKey = "timezone") -> str | None:
        path = (*where, key)
        raw = self.text(value, where, key, "timezone")
        if raw is None:
            return None
        try:
            return resolve_zone(raw)
        except ZoneLookupError as exc:
            self.problems.add(path, exc.message)
            return None

    def when(
        self, value: Data, where: DocPath, key: str, zone: str | None, named: str | None = None
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
            self.problems.add(path, f"{what}: {exc.message}")
            return None

    def unknown_keys(
        self, mapping: dict[str, Data], allowed: tuple[str, ...], path: DocPath
    ) -> None:
        if mapping.keys() <= FIELD_SETS[allowed]:
            return
        for key in mapping:
            if not self.screen_key(key, (*path, key), "field name", MAX_LABEL):
                continue
            if key not in allowed and not key.startswith("x-"):
                hint = did_you_mean(suggest(key, allowed, limit=1, cutoff=60))
                if not hint:
                    hint = "; allowed: " + ", ".join(allowed)
                self.problems.add((*path, key), f"unknown field {key!r}{hint}", at_key=True)

    # --- sections ---------------------------------------------------------------------
    def actors(self, value: Data) -> dict[str, Actor]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problems.add(
                ("actors",),
                f"'actors' must be a mapping from actor id to its details, not {_kind(value)}",
            )
            return {}
        actors: dict[str, Actor] = {}
        for aid, body in value.items():
            path: DocPath = ("actors", aid)
            if not self.screen_key(aid, path, "actor id", MAX_ID):
                continue  # refused: not an actor, so never suggested or echoed again
            if not ID_RE.match(aid):
                self.problems.add(
                    path, f"actor id {aid!r} must be letters, digits, '-', '_' or '.'", at_key=True
                )
            if body is None:
                body = {}
            if not isinstance(body, dict):
                self.problems.add(
                    path, f"actor {aid!r} must be a mapping (name, role, ...), not {_kind(body)}"
                )
                continue
            self.unknown_keys(body, ACTOR_FIELDS, path)
            self.screen(body, path, ACTOR_LIMITS)
            kind = None
            kind_text = self.text(body.get("kind"), path, "kind", "kind")
            if kind_text is not None:
                try:
                    kind = ActorKind(kind_text.strip().lower())
                except ValueError:
                    options = [k.value for k in ActorKind]
                    hint = did_you_mean(suggest(kind_text, options, limit=1, cutoff=50))
                    self.problems.add(
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
                    hint = did_you_mean(actor_suggestions(member, actors))
                    self.problems.add(
                        ("actors", aid, "members", i), f"unknown actor {member!r}{hint}"
                    )
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
                    self.problems.add(
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
                    path: DocPath = (
                        ("actors", aid, where) if index is None else ("actors", aid, where, index)
                    )
                    self.problems.add(
                        path,
                        f"{label!r} also names actor {other!r}; names and aliases must be unique",
                    )

    def source(self, value: Data, path: DocPath) -> Source | None:
        if isinstance(value, str):
            problem = url_problem(value.strip())
            if problem is None:
                return Source(url=value.strip())
            if URL_SCHEME_RE.match(value.strip()):
                self.problems.add(path, f"a source URL {problem}")
            else:
                self.problems.add(
                    path,
                    "a source must be an http:// or https:// URL "
                    "or a mapping with title, publisher, url, quote",
                )
            return None
        if not isinstance(value, dict):
            self.problems.add(
                path,
                f"a source must be a mapping (title, publisher, url, quote), not {_kind(value)}",
            )
            return None
        self.unknown_keys(value, SOURCE_FIELDS, path)
        self.screen(value, path, SOURCE_LIMITS)
        url = self.text(value.get("url"), path, "url", "url")
        if url is not None and (problem := url_problem(url.strip())) is not None:
            self.problems.add((*path, "url"), f"url {url!r} {problem}")
        src = Source(
            title=self.text(value.get("title"), path, "title", "title"),
            publisher=self.text(value.get("publisher"), path, "publisher", "publisher"),
            url=url.strip() if url else None,
            quote=self.text(value.get("quote"), path, "quote", "quote"),
        )
        if not (src.title or src.url or src.publisher):
            self.problems.add(path, "a source needs at least a title, a publisher or a url")
        return src

    def event(self, value: Data, index: int) -> Event | None:
        path: DocPath = ("events", index)
        if not isinstance(value, dict):
            self.problems.add(
                path, f"each event must be a mapping (title, start, ...), not {_kind(value)}"
            )
            return None
        self.unknown_keys(value, EVENT_FIELDS, path)
        self.screen(value, path, EVENT_LIMITS)
        zone = self.zone(value.get("timezone"), path, "timezone") if "timezone" in value else None
        if "timezone" in value and zone is None:
            return None  # already reported; times cannot be read without it
        effective = zone or self.file_zone
        title = self.text(value.get("title"), path, "title", "title")
        if not title or not title.strip():
            self.problems.add(
                path if "title" not in value else (*path, "title"), "event has no title"
            )
        if value.get("start") is None:
            self.problems.add(
                path if "start" not in value else (*path, "start"), "event has no start"
            )
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
        sources = self.sources(value.get("sources"), path)
        raw_id = self.text(value.get("id"), path, "id", "id")
        if raw_id is not None and not ID_RE.match(raw_id):
            self.problems.add(
                (*path, "id"), f"event id {raw_id!r} must be letters, digits, '-', '_' or '.'"
            )
        if title is None or start is None or ((*path, "id"), False) in self.problems.refused:
            return None  # (an event whose id was refused is never suggested or echoed)
        if raw_id:
            event_id = raw_id
        else:
            event_id = derived_id(title.strip(), start)
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
            sources=sources,
            confidence=self.text(value.get("confidence"), path, "confidence", "confidence"),
            notes=self.text_list(value.get("notes"), path, "notes", "notes"),
            parent=self.text(value.get("parent"), path, "parent", "parent"),
            scheduled_start=sched_start,
            scheduled_end=sched_end,
            order=index,
            sort_key=sort_key,
        )

    def sources(self, value: Data, where: DocPath) -> tuple[Source, ...]:
        """An event's ``sources`` list, each source checked; problems at ``where``."""
        if value is None:
            return ()
        if not isinstance(value, list):
            self.problems.add((*where, "sources"), f"sources must be a list, not {_kind(value)}")
            return ()
        found = (self.source(item, (*where, "sources", i)) for i, item in enumerate(value))
        return tuple(src for src in found if src is not None)

    def _order(self, start: When, end: When, path: DocPath, what: str) -> None:
        if isinstance(start, Instant) and isinstance(end, Instant):
            if end.utc < start.utc:
                self.problems.add(path, f"{what} is before the start")
        elif isinstance(start, CalendarDate) and isinstance(end, CalendarDate):
            if end.last_day() < start.first_day():
                self.problems.add(path, f"{what} {end.iso()} is before the start {start.iso()}")
        else:
            self.problems.add(
                path,
                f"{what} is a {_date_or_time(end)} but the start is a {_date_or_time(start)}; "
                "write both the same way",
            )


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


def validate(
    data: Data,
    *,
    path_label: str | None = None,
    release: bool = False,
) -> tuple[Timeline | None, list[tuple[DocPath, bool, str]]]:
    """Validate composed YAML data. Returns the timeline (None when invalid) and problems.

    Args:
        data: Plain data as :func:`tui.core.yamlsafe.load` builds it (the fast path gives
            the same): text, ``None``, lists and mappings with text keys.
        path_label: The file's name for the timeline.
        release: Drop each event's mapping from ``data`` once it is read (``data`` is then
            spent): a large file's peak memory holds its events once, not twice.
    """
    start_memo_statistics()
    problems = Problems()
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
    v.screen(data, (), TOP_LIMITS)
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
        report, every = progress.current(), progress.REPORT_EVERY
        for i, raw in enumerate(raw_events):
            event = v.event(raw, i)
            if event is not None:
                events.append(event)
                event_index.append(i)
            if release:
                raw_events[i] = None  # its text lives on in the event; the mapping can go
            if not i % every and report is not None:
                report.validated(i, len(raw_events))
        if report is not None:
            report.validated(len(raw_events), len(raw_events))
    events = assign_ids(events, event_index, v.derived, problems)
    if not declared_actors:
        # a quick file without an actors section: names in events are the actors
        for event in events:
            for aid in event.actors:
                actors.setdefault(aid, Actor(id=aid, name=aid))
    check_references(events, event_index, actors, problems)
    if problems:
        return None, problems.settled()
    timeline = Timeline.build(
        title=title, timezone=v.file_zone, actors=actors, events=events, path=path_label
    )
    return timeline, []


def load_text(text: str, path_label: str) -> Timeline:
    """Parse and validate YAML text.

    Raises:
        TimelineError: with every problem, positioned, in file order.
    """
    # A large file is first read by the fast parser, which gives exactly what the reference
    # reader would, or nothing. Only a timeline without a single problem is served from it:
    # errors are positioned by the reference reader, which reads the text again.
    report = progress.current()
    if report is not None:
        report.parsing()
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


def load_timeline(path: str | Path, *, label: str | None = None) -> Timeline:
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
