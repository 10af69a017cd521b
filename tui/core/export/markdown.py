"""Markdown export: a briefing a reader can paste into a document.

The (filtered) timeline grouped by day in the display zone; each event under a heading
with its time there, then its time in each pinned zone, its end, place, actors, tags,
confidence, parent, summary, notes and sources as links. A date known only to its month
or year is grouped under that month (``Feb 2014``) or year.

Every text from the file is escaped (:func:`inline`, :func:`block`): Markdown's
punctuation is backslash-escaped and ``<``/``&`` can start no HTML tag or entity, so a
title such as ``<script>`` or ``[click](javascript:...)`` is shown as those characters,
never as markup or a link. The only links are the sources' addresses, which the loader
accepts only as ``http``/``https`` URLs and which are percent-encoded here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import quote

from ..display import calendar_text, date_text, describe_when, local_date_of, time_text, zone_line
from ..model import CalendarDate, Event, Instant, Precision, Timeline
from ..zones import city_name
from .common import actor_names, partial_date_note, source_label

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&])")
_NUMBERED = re.compile(r"^(\d{1,9})([.)])")
_URL_SAFE = ":/?#[]@!$&*+,;=%~-._'"


def inline(text: str) -> str:
    """Text from the file on one line of Markdown: shown as written, never as markup."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _guard_line(line: str) -> str:
    """A line that cannot start a list, a heading underline or a numbered item."""
    if line[:1] in ("-", "+", "="):
        return "\\" + line
    return _NUMBERED.sub(r"\1\\\2", line, count=1)


def block(text: str) -> str:
    """Text from the file as Markdown paragraphs (its blank lines kept as breaks)."""
    paragraphs = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        lines = [_guard_line(_SPECIAL.sub(r"\\\1", line.strip())) for line in paragraph.split("\n")]
        paragraphs.append("\n".join(line for line in lines if line))
    return "\n\n".join(p for p in paragraphs if p)


def link(label: str, url: str) -> str:
    """``[label](url)`` for an http(s) address; the label alone (escaped) for anything else."""
    if not url.lower().startswith(("http://", "https://")):
        return inline(label or url)
    return f"[{inline(label or url)}]({quote(url, safe=_URL_SAFE)})"


def _heading(event: Event, zone: str) -> tuple[int, int, str]:
    """The group an event goes under: (first day's ordinal, precision, heading)."""
    start = event.start
    if isinstance(start, CalendarDate) and start.precision is not Precision.DAY:
        return start.first_day().toordinal(), int(start.precision), calendar_text(start)
    day = local_date_of(start, zone)
    return day.toordinal(), int(Precision.DAY), date_text(day)


def _when_line(event: Event, zone: str) -> str:
    """The heading's time: ``14:30 CEST``, ``All day``, ``Feb 2014``."""
    start = event.start
    if isinstance(start, Instant):
        return time_text(start, zone)
    if start.precision is Precision.DAY:
        return "All day"
    return calendar_text(start)


def _time_facts(event: Event, zone: str, pinned: Sequence[str]) -> list[str]:
    """The other zones, the end and the schedule, as list items."""
    start, end = event.start, event.end
    facts = []
    if isinstance(start, Instant):
        others = []
        for key in pinned:
            if key == zone:
                continue
            seen = zone_line(start, key, zone)
            marker = f", {seen.marker}" if seen.marker else ""
            others.append(f"{seen.local} {seen.abbreviation} ({inline(city_name(key))}{marker})")
        if others:
            facts.append("- **Also:** " + " · ".join(others))
        if isinstance(end, Instant) and end.utc > start.utc:
            same_day = local_date_of(end, zone) == local_date_of(start, zone)
            facts.append(f"- **Until:** {time_text(end, zone, with_date=not same_day)}")
    elif end is not None and end != start:
        facts.append(f"- **Dates:** {describe_when(start, zone)} – {describe_when(end, zone)}")
    if event.scheduled_start is not None:
        facts.append(f"- **Scheduled:** {describe_when(event.scheduled_start, zone)}")
    if event.scheduled_end is not None:
        facts.append(f"- **Scheduled end:** {describe_when(event.scheduled_end, zone)}")
    return facts


def _event_block(event: Event, timeline: Timeline, zone: str, pinned: Sequence[str]) -> str:
    lines = [f"### {_when_line(event, zone)} — {inline(event.title)}", ""]
    facts = _time_facts(event, zone, pinned)
    if event.location:
        facts.append(f"- **Where:** {inline(event.location)}")
    names = actor_names(event, timeline)
    if names:
        facts.append("- **Who:** " + ", ".join(inline(n) for n in names))
    if event.tags:
        facts.append("- **Tags:** " + ", ".join(inline(t) for t in event.tags))
    if event.confidence:
        facts.append(f"- **Confidence:** {inline(event.confidence)}")
    if event.parent is not None:
        parent = timeline.by_id.get(event.parent)
        facts.append(f"- **Part of:** {inline(parent.title if parent else event.parent)}")
    if facts:
        lines += [*facts, ""]
    note = partial_date_note(event.start, event.end)
    if note:
        lines += [f"*{note}*", ""]
    if event.summary and event.summary.strip():
        lines += [block(event.summary), ""]
    if event.notes:
        lines += ["**Notes**", ""]
        lines += [f"- {inline(n)}" for n in event.notes]
        lines.append("")
    if event.sources:
        lines += ["**Sources**", ""]
        for source in event.sources:
            label = source_label(source)
            item = link(label, source.url) if source.url else inline(label)
            if source.quote:
                item += f": “{inline(source.quote)}”"
            lines.append(f"- {item}")
        lines.append("")
    return "\n".join(lines)


def write(
    events: Sequence[Event], timeline: Timeline, *, zone: str, pinned: Sequence[str] = ()
) -> str:
    """The events as a Markdown briefing.

    Args:
        events: The events, in start order.
        timeline: Their timeline (title, actor names, parents).
        zone: The display zone: days and times are read there.
        pinned: More zones each time is also given in.

    Returns:
        The Markdown text.
    """
    title = inline(timeline.title) if timeline.title else "Timeline"
    also = [z for z in dict.fromkeys(pinned) if z != zone]
    intro = f"{len(events)} event{'s' if len(events) != 1 else ''}; times in {inline(zone)}"
    if also:
        intro += ", also in " + ", ".join(inline(z) for z in also)
    parts = [f"# {title}", "", intro + ".", ""]
    # stable: within a group the events keep their start order
    keyed = sorted(((_heading(e, zone), e) for e in events), key=lambda pair: pair[0][:2])
    current = None
    for (_day, _precision, heading), event in keyed:
        if heading != current:
            current = heading
            parts += [f"## {heading}", ""]
        parts.append(_event_block(event, timeline, zone, also))
    return "\n".join(parts).rstrip("\n") + "\n"
