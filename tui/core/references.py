"""Ids and references between entries: unique ids, ids derived from date and title, and
actors and parents that exist, without cycles.
"""

from __future__ import annotations

import re

from .model import Actor, CalendarDate, Event, Instant, When
from .positions import Problems
from .suggest import did_you_mean, suggest


def actor_suggestions(word: str, actors: dict[str, Actor]) -> list[str]:
    lowered = word.strip().lower()
    for aid, actor in actors.items():  # the user wrote a name or alias instead of the id
        if lowered == actor.name.lower() or lowered in (a.lower() for a in actor.aliases):
            return [aid]
    return suggest(word, actors)


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:60].rstrip("-") or "event"


def derived_id(title: str, start: When) -> str:
    when = start.iso() if isinstance(start, CalendarDate) else _utc_date(start)
    return f"{when}-{slugify(title)}"


def _utc_date(instant: Instant) -> str:
    return instant.utc_datetime.date().isoformat()


def assign_ids(
    events: list[Event], index: list[int], derived: set[int], problems: Problems
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


def check_references(
    events: list[Event], index: list[int], actors: dict[str, Actor], problems: Problems
) -> None:
    by_id = {e.id: (e, i) for e, i in zip(events, index, strict=True)}
    for event, i in zip(events, index, strict=True):
        for j, aid in enumerate(event.actors):
            if aid not in actors:
                hint = did_you_mean(actor_suggestions(aid, actors))
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
