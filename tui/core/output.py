"""What the non-interactive commands print: JSON, tables and one event's report.

Text from the file is shown as :func:`~tui.core.safetext.visible` makes it: a control
character becomes ``\\x1b``, never an instruction to the terminal. One-line places (a table
cell, a name, an id) also show a line break as ``\\n``, so a value cannot forge a row.
The command line passes everything it writes through the same function again.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from .actornames import actor_hint
from .display import describe_when, duration_text, relative, zone_line
from .localtime import format_when_iso
from .model import CalendarDate, Event, Instant, Timeline, When
from .query import participant_zones
from .safetext import UNSAFE_OR_NEWLINE, escape_char, json_safe, visible
from .zones import ZoneRecord, abbreviation, city_name, format_offset, offset_seconds


def _iso(when: When | None, zone: str) -> str | None:
    return None if when is None else format_when_iso(when, zone)


def event_json(event: Event, zone: str) -> dict[str, Any]:
    """One event as the JSON object ``timeline list --format json`` prints: every field.

    Times are ISO 8601 in ``zone`` with its offset; calendar dates stay dates as written.
    A field the file does not give is ``null`` (or an empty list).
    """
    return {
        "id": event.id,
        "title": event.title,
        "start": format_when_iso(event.start, zone),
        "end": _iso(event.end, zone),
        "all_day": event.all_day,
        "timezone": event.timezone,
        "location": event.location,
        "actors": list(event.actors),
        "tags": list(event.tags),
        "parent": event.parent,
        "summary": event.summary,
        "notes": list(event.notes),
        "confidence": event.confidence,
        "scheduled_start": _iso(event.scheduled_start, zone),
        "scheduled_end": _iso(event.scheduled_end, zone),
        "sources": [
            {"title": s.title, "publisher": s.publisher, "url": s.url, "quote": s.quote}
            for s in event.sources
        ],
    }


def events_json(events: Sequence[Event], zone: str) -> list[dict[str, Any]]:
    return [event_json(e, zone) for e in events]


def events_json_text(events: Sequence[Event], zone: str) -> str:
    """``timeline list --format json``: a JSON list, one event per line.

    One event per line is readable and greppable, and written by :mod:`json`'s C encoder
    (an indented dump goes through its pure-Python encoder, 10x slower on large files).
    DEL, C1 and bidi characters are escaped (:func:`~tui.core.safetext.json_safe`), so
    the document means the same and no terminal it is printed on obeys it.
    """
    items = [json.dumps(item, ensure_ascii=False) for item in events_json(events, zone)]
    return json_safe("[\n  " + ",\n  ".join(items) + "\n]\n" if items else "[]\n")


def _line(text: str) -> str:
    """Text for a one-line place: control characters and line breaks shown, not obeyed."""
    return visible(text, one_line=True)


def _clip(text: str, width: int) -> str:
    """``text`` on one line in at most ``width`` characters, ending in "…" when cut.

    Control characters are shown as escapes first, so the width is that of what is shown,
    and a cut never falls inside an escape (``\\x1`` would read as other text).
    """
    shown = _line(text)
    if len(shown) <= width:
        return shown
    room = max(0, width - 1)
    if shown is text:  # nothing was escaped: every character is one of the shown ones
        return text[:room] + "…"
    kept: list[str] = []
    used = 0
    start = 0
    for found in UNSAFE_OR_NEWLINE.finditer(text):
        plain = text[start : found.start()]
        if used + len(plain) >= room:
            kept.append(plain[: room - used])
            return "".join(kept) + "…"
        kept.append(plain)
        used += len(plain)
        escape = "\\n" if found.group() == "\n" else escape_char(found.group())
        if used + len(escape) > room:
            return "".join(kept) + "…"
        kept.append(escape)
        used += len(escape)
        start = found.end()
    kept.append(text[start : start + room - used])
    return "".join(kept) + "…"


def when_cell(event: Event, zone: str) -> str:
    """The start (and end when on the same footing) as the table shows it."""
    start = describe_when(event.start, zone)
    if isinstance(event.start, CalendarDate):
        if isinstance(event.end, CalendarDate) and event.end != event.start:
            return f"{start} – {describe_when(event.end, zone)}"
        return f"{start} (all day)" if event.start.day is not None else start
    return start


def events_table(events: Sequence[Event], timeline: Timeline, zone: str, width: int = 100) -> str:
    """A readable table of events with times in ``zone``."""
    width = max(60, width)
    heading = _line(timeline.title or "Timeline")
    lines = [f"{heading} — {len(events)} event{'s' if len(events) != 1 else ''}, times in {zone}"]
    if not events:
        lines.append("(no events match)")
        return "\n".join(lines) + "\n"
    whens = [when_cell(e, zone) for e in events]
    when_w = min(max(len(w) for w in whens), 40)
    rest = width - when_w - 2
    title_w = max(20, int(rest * 0.65))
    actor_w = max(0, rest - title_w - 2)
    lines.append(f"{'WHEN':<{when_w}}  {'TITLE':<{title_w}}  {'ACTORS'}"[:width].rstrip())
    for event, when in zip(events, whens, strict=True):
        indent = "  " if event.parent is not None else ""
        title = _clip(indent + event.title, title_w)
        actors = _clip(actor_hint(event, timeline), actor_w) if actor_w > 3 else ""
        lines.append(f"{_clip(when, when_w):<{when_w}}  {title:<{title_w}}  {actors}".rstrip())
    return "\n".join(lines) + "\n"


def _zone_rows(instant: Instant, rows: Sequence[tuple[str, str]], reference: str) -> list[str]:
    out = []
    for label, key in rows:
        zt = zone_line(instant, key, reference)
        shift = f"  {zt.marker}" if zt.marker else ""
        out.append(
            f"  {label:<14} {zt.weekday} {zt.date:%d %b %Y} {zt.local} {zt.abbreviation:<6} "
            f"({zt.offset})  {zt.city}{shift}"
        )
    return out


def event_report(
    event: Event, timeline: Timeline, zone: str, extra_zones: Sequence[str], now_utc: int
) -> str:
    """``timeline show``: the event in full, with its times in every zone that matters."""
    own = event.timezone or zone
    lines = _report_heading(event, timeline)
    lines.append("")
    lines += _report_when(event, zone, extra_zones, own)
    lines += _report_timing(event, own, zone, now_utc)
    if isinstance(event.start, Instant):
        lines += _participant_rows(event, event.start, timeline, own)
    lines.append("")
    lines += _report_facts(event, timeline)
    lines += _report_texts(event)
    lines += _report_sources(event)
    return "\n".join(lines) + "\n"


def _report_heading(event: Event, timeline: Timeline) -> list[str]:
    """The title, the id, and where the event sits among its parent and agenda items."""
    lines = [_line(event.title), f"id: {_line(event.id)}"]
    if event.parent is not None:
        parent = timeline.by_id.get(event.parent)
        lines.append(
            f"part of: {_line(parent.title if parent else event.parent)} [{_line(event.parent)}]"
        )
    kids = timeline.children.get(event.id, ())
    if kids:
        lines.append(f"agenda: {len(kids)} item{'s' if len(kids) != 1 else ''}")
    return lines


def _report_when(event: Event, zone: str, extra_zones: Sequence[str], own: str) -> list[str]:
    """When it happens: an instant in each zone that matters, or a date as written."""
    if not isinstance(event.start, Instant):
        text = describe_when(event.start, own)
        if event.end is not None:
            text += f" – {describe_when(event.end, own)}"
        return [f"When: {text} (a calendar date: the same day in every zone)"]
    lines = ["When"]
    rows: dict[str, str] = {}  # zone -> label of its first mention
    for label, key in [("event zone", own), ("display zone", zone)] + [
        ("--tz", z) for z in extra_zones
    ]:
        rows.setdefault(key, label)
    lines.extend(_zone_rows(event.start, [(label, key) for key, label in rows.items()], own))
    if isinstance(event.end, Instant):
        lines.append(f"  {'ends':<14} {describe_when(event.end, own)}")
    return lines


def _participant_rows(event: Event, start: Instant, timeline: Timeline, own: str) -> list[str]:
    """The start as each participant's home zone sees it (none when no one has a zone)."""
    homes = participant_zones(event, timeline, groups=False)
    if not homes:
        return []
    lines = ["", "For each participant (home zone)"]
    for key, names in homes.items():
        zt = zone_line(start, key, own)
        shift = f"  {zt.marker}" if zt.marker else ""
        who = _clip(", ".join(names), 34)
        lines.append(
            f"  {who:<34} {zt.weekday} {zt.local} {zt.abbreviation:<6} ({zt.offset})  "
            f"{zt.city}{shift}"
        )
    return lines


def _report_timing(event: Event, own: str, zone: str, now_utc: int) -> list[str]:
    """How long ago or ahead, how long, and what was planned: the last lines under "When".

    A calendar date is "today" or "yesterday" on the display zone's calendar.
    """
    lines = [f"  {'relative':<14} {relative(event.start, now_utc, zone)}"]
    span = duration_text(event.start, event.end)
    if span:
        lines.append(f"  {'duration':<14} {span}")
    if event.scheduled_start is not None:
        lines.append(f"  {'scheduled':<14} {describe_when(event.scheduled_start, own)}")
    if event.scheduled_end is not None:
        lines.append(f"  {'scheduled end':<14} {describe_when(event.scheduled_end, own)}")
    return lines


def _report_facts(event: Event, timeline: Timeline) -> list[str]:
    """Where, who (with roles), tags and confidence."""
    lines = []
    if event.location:
        lines.append(f"Where: {_line(event.location)}")
    if event.actors:
        lines.append("Actors:")
        for aid in event.actors:
            actor = timeline.actors.get(aid)
            role = f" — {actor.role}" if actor and actor.role else ""
            lines.append(f"  {_line(actor.name if actor else aid)}{_line(role)}")
    if event.tags:
        lines.append("Tags: " + _line(", ".join(event.tags)))
    if event.confidence:
        lines.append(f"Confidence: {_line(event.confidence)}")
    return lines


def _report_texts(event: Event) -> list[str]:
    """The summary and the notes, as written (many lines allowed)."""
    lines = []
    if event.summary:
        lines += ["", event.summary.strip()]
    if event.notes:
        lines += ["", "Notes:"]
        lines.extend(f"  - {note.strip()}" for note in event.notes)
    return lines


def _report_sources(event: Event) -> list[str]:
    """Each source: publisher and title, its address, and the quote."""
    if not event.sources:
        return []
    lines = ["", "Sources:"]
    for src in event.sources:
        head = _line(" — ".join(p for p in (src.publisher, src.title) if p))
        url = _line(src.url or "")
        lines.append(f"  - {head}" if head else f"  - {url}")
        if head and url:
            lines.append(f"    {url}")
        if src.quote:
            lines.append(f'    "{src.quote.strip()}"')
    return lines


def zones_table(
    keys: Sequence[str],
    now_utc: int,
    records: Mapping[str, ZoneRecord | None],
    why: Mapping[str, str] | None = None,
) -> str:
    """``timeline zones``: each zone with where it is and its time and offset now, and a
    MATCHED column saying why a zone matched when ``why`` names any (a city, a CLDR name)."""
    from .localtime import to_pendulum

    rows = []
    for key in keys:
        rec = records.get(key)
        place = city_name(key)
        if rec is not None and rec.country:
            place = f"{place}, {rec.country}"
        local = to_pendulum(Instant(now_utc, key)).format("ddd HH:mm")
        rows.append(
            (
                key,
                place,
                abbreviation(key, now_utc),
                format_offset(offset_seconds(key, now_utc)),
                local,
            )
        )
    kw = max(len(r[0]) for r in rows)
    pw = min(max(len(r[1]) for r in rows), 40)
    aw = max(4, *(len(r[2]) for r in rows))  # at least the header's width
    lines = [f"{'ZONE':<{kw}}  {'PLACE':<{pw}}  {'ABBR':<{aw}}  {'OFFSET':<10}  NOW"]
    lines += [f"{k:<{kw}}  {_clip(p, pw):<{pw}}  {a:<{aw}}  {o:<10}  {n}" for k, p, a, o, n in rows]
    if why:
        width = max(len(line) for line in lines)
        lines = [f"{lines[0]:<{width}}  MATCHED"] + [
            f"{line:<{width}}  {why.get(key, '')}".rstrip()
            for line, key in zip(lines[1:], keys, strict=True)
        ]
    return "\n".join(lines) + "\n"
