"""What several export formats say the same way: who took part, where the facts come from,
how a date known only to its month or year is described, and an event's UID.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..display import calendar_text
from ..model import CalendarDate, Event, Precision, Source, Timeline, When


def actor_names(event: Event, timeline: Timeline) -> list[str]:
    """The names of an event's actors, in the file's order (an unknown id as itself)."""
    names = []
    for actor_id in event.actors:
        actor = timeline.actors.get(actor_id)
        names.append(actor.name if actor is not None else actor_id)
    return names


def source_label(source: Source) -> str:
    """``Publisher — Title``, or whichever of the two is given (``""`` for neither)."""
    return " — ".join(part for part in (source.publisher, source.title) if part)


def first_url(event: Event) -> str | None:
    """The address of the event's first source that has one."""
    for source in event.sources:
        if source.url:
            return source.url
    return None


def partial_date_note(start: When, end: When | None) -> str | None:
    """A sentence saying a date is known only to its month or year, else ``None``.

    Formats that need a day (iCalendar, a calendar's all-day span) show such a date as the
    whole month or year it names; this note tells the reader so.
    """
    coarse = [w for w in (start, end) if isinstance(w, CalendarDate) and w.day is None]
    if not coarse:
        return None
    precision = min(w.precision for w in coarse)
    known = "year" if precision is Precision.YEAR else "month"
    span = calendar_text(coarse[0]) if end is None or end == start else None
    named = f" ({span})" if span else ""
    return (
        f"The date is known only to the {known}{named}; it is shown as an all-day span "
        f"of the whole {known}."
    )


def timeline_key(timeline: Timeline) -> str:
    """A short digest naming the timeline: of its title, else of its file's name.

    Part of every iCalendar UID, so two timelines that both have an event ``summit`` give
    two different UIDs, while exporting the same timeline again gives the same ones.
    """
    name = timeline.title or (Path(timeline.path).name if timeline.path else "timeline")
    return hashlib.sha1(name.encode("utf-8"), usedforsecurity=False).hexdigest()[:12]


def event_uid(event_id: str, key: str) -> str:
    """The stable, globally unique UID of an event: ``<id>@<timeline key>.timeline``."""
    return f"{event_id}@{key}.timeline"
