"""TimelineJS export: the JSON that TimelineJS (Knight Lab) timeline web pages read.

TimelineJS has no time zones: it shows the numbers it is given. So every instant is
converted to the display zone, and each ``display_date`` names that zone
(``Wed 20 Aug 2025 15:30 EEST, Europe/Kyiv``). A calendar date maps to TimelineJS's partial
fields: a day to year, month and day; a month to year and month; a year to year alone.

``headline`` and ``text`` are HTML to TimelineJS, so text from the file is HTML-escaped
there; the only markup is ours (paragraphs, and links to the sources' http(s) addresses).
``group`` is the first actor's name or the first tag (``group="actor"``/``"tag"``).
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from typing import Any

from ..display import calendar_text, date_text, local_date_of, time_text
from ..localtime import local_datetime
from ..model import CalendarDate, Event, Instant, Precision, Timeline, When
from ..safetext import json_safe
from .common import actor_names, partial_date_note, source_label


def date_object(when: When, zone: str) -> dict[str, Any]:
    """A TimelineJS date: integer fields, as precise as the value, and a display text."""
    if isinstance(when, CalendarDate):
        fields: dict[str, Any] = {"year": when.year}
        if when.month is not None:
            fields["month"] = when.month
        if when.day is not None:
            fields["day"] = when.day
        fields["display_date"] = calendar_text(when)
        return fields
    local = local_datetime(when.utc, zone)
    fields = {
        "year": local.year,
        "month": local.month,
        "day": local.day,
        "hour": local.hour,
        "minute": local.minute,
    }
    if when.precision is Precision.SECOND:
        fields["second"] = local.second
    day = date_text(local_date_of(when, zone))
    fields["display_date"] = f"{day} {time_text(when, zone)}, {zone}"
    return fields


def _paragraph(text: str) -> str:
    return "<p>" + html.escape(" ".join(text.split())) + "</p>"


def _text(event: Event, timeline: Timeline) -> str:
    """The slide's HTML: summary, who, notes and linked sources, all of it escaped."""
    parts = []
    note = partial_date_note(event.start, event.end)
    if note:
        parts.append(_paragraph(note))
    if event.summary and event.summary.strip():
        parts.append(_paragraph(event.summary))
    facts = []
    names = actor_names(event, timeline)
    if names:
        facts.append("Who: " + ", ".join(names))
    if event.location:
        facts.append(f"Where: {event.location}")
    if event.confidence:
        facts.append(f"Confidence: {event.confidence}")
    if facts:
        parts.append(_paragraph(" · ".join(facts)))
    parts.extend(_paragraph(note) for note in event.notes)
    links = []
    for source in event.sources:
        label = html.escape(source_label(source) or source.url or "")
        url = source.url or ""
        if url.lower().startswith(("http://", "https://")):
            links.append(f'<li><a href="{html.escape(url, quote=True)}">{label}</a></li>')
        elif label:
            links.append(f"<li>{label}</li>")
    if links:
        parts.append("<ul>" + "".join(links) + "</ul>")
    return "".join(parts)


def _group(event: Event, timeline: Timeline, group: str | None) -> str | None:
    if group == "actor":
        names = actor_names(event, timeline)
        return names[0] if names else None
    if group == "tag":
        return event.tags[0] if event.tags else None
    return None


def slide(event: Event, timeline: Timeline, zone: str, group: str | None) -> dict[str, Any]:
    """One event as a TimelineJS slide."""
    item: dict[str, Any] = {
        "unique_id": event.id,
        "start_date": date_object(event.start, zone),
        "text": {"headline": html.escape(event.title), "text": _text(event, timeline)},
    }
    start, end = event.start, event.end
    later_day = isinstance(end, CalendarDate) and end != start
    later_time = isinstance(end, Instant) and isinstance(start, Instant) and end.utc > start.utc
    if end is not None and (later_day or later_time):
        item["end_date"] = date_object(end, zone)
    named = _group(event, timeline, group)
    if named:
        item["group"] = html.escape(named)
    return item


def document(
    events: Sequence[Event], timeline: Timeline, *, zone: str, group: str | None = None
) -> dict[str, Any]:
    """The TimelineJS document (a title slide and one slide per event)."""
    return {
        "title": {
            "text": {
                "headline": html.escape(timeline.title or "Timeline"),
                "text": _paragraph(f"Times in {zone}."),
            }
        },
        "events": [slide(event, timeline, zone, group) for event in events],
    }


def write(
    events: Sequence[Event], timeline: Timeline, *, zone: str, group: str | None = None
) -> str:
    """The events as TimelineJS JSON text.

    Args:
        events: The events, in start order.
        timeline: Their timeline (title, actor names).
        zone: The display zone every instant is converted to.
        group: ``"actor"`` or ``"tag"`` to fill each slide's ``group``; ``None`` for none.

    Returns:
        The JSON text (DEL, C1 and bidi characters escaped as ``\\uXXXX``).
    """
    text = json.dumps(document(events, timeline, zone=zone, group=group), ensure_ascii=False)
    return json_safe(text) + "\n"
