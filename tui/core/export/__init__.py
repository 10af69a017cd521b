"""Exports: the (filtered) timeline in the formats other software reads.

One entry point, :func:`export_events`, and one module per format:

* ``ics``: iCalendar (RFC 5545), built with :mod:`icalendar`, for calendar programs;
* ``csv``: one row per event, for spreadsheets (:mod:`.csvout`);
* ``md``: a Markdown briefing grouped by day (:mod:`.markdown`);
* ``timelinejs``: the JSON that TimelineJS web pages read (:mod:`.timelinejs`);
* ``json``: the records of ``timeline list --format json`` (:mod:`.jsonout`).

Every format reads times through :mod:`tui.core.localtime` and :mod:`tui.core.display`, so
an export says what the explorer and the command line say. Text from the file is data in
every format: each one escapes it by that format's own rules (iCalendar's, CSV's with a
guard against spreadsheet formulas, Markdown's, HTML's for TimelineJS, JSON's).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..model import Event, Timeline

__all__ = ["FORMATS", "ExportFormat", "Grouping", "export_events", "export_filename"]

Grouping = Literal["actor", "tag"]
"""What TimelineJS groups events by (``--group``)."""


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """One export format.

    Attributes:
        name: The name ``--format`` takes (``ics``).
        label: What the explorer's picker says.
        extension: The file name's ending, with its dot.
        media_type: The MIME type (for a browser download).
    """

    name: str
    label: str
    extension: str
    media_type: str


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("ics", "iCalendar (.ics) for calendars", ".ics", "text/calendar"),
        ExportFormat("csv", "CSV (.csv) for spreadsheets", ".csv", "text/csv"),
        ExportFormat("md", "Markdown briefing (.md)", ".md", "text/markdown"),
        ExportFormat(
            "timelinejs",
            "TimelineJS (.json) for timeline web pages",
            ".timelinejs.json",
            "application/json",
        ),
        ExportFormat("json", "JSON records (.json)", ".json", "application/json"),
    )
}
"""The formats by name, in the order they are offered."""


def export_events(
    events: Sequence[Event],
    timeline: Timeline,
    fmt: str,
    *,
    zone: str,
    pinned: Sequence[str] = (),
    group: Grouping | None = None,
    now: float,
    bom: bool = False,
) -> str | bytes:
    """``events`` (of ``timeline``) written in format ``fmt``.

    Args:
        events: The events to write, in start order (a filtered view, or all of them).
        timeline: Their timeline (actor names, titles of parents, the title).
        fmt: A key of :data:`FORMATS`.
        zone: The display zone: CSV, Markdown and TimelineJS show times in it (iCalendar
            keeps each event's own zone; JSON shows times in it as ``list`` does).
        pinned: More zones the Markdown briefing shows each time in.
        group: What TimelineJS groups events by, if anything.
        now: The current UNIX time (iCalendar's DTSTAMP).
        bom: Begin CSV with a byte order mark (Excel reads UTF-8 only with one).

    Returns:
        ``bytes`` for iCalendar (its lines end in CRLF), text for the others.

    Raises:
        KeyError: ``fmt`` is not a format.
    """
    # each writer is imported when asked for: icalendar alone takes a while to import
    if fmt == "ics":
        from . import ics

        return ics.write(events, timeline, now=now)
    if fmt == "csv":
        from . import csvout

        return csvout.write(events, timeline, zone=zone, bom=bom)
    if fmt == "md":
        from . import markdown

        return markdown.write(events, timeline, zone=zone, pinned=pinned)
    if fmt == "timelinejs":
        from . import timelinejs

        return timelinejs.write(events, timeline, zone=zone, group=group)
    if fmt == "json":
        from . import jsonout

        return jsonout.write(events, zone=zone)
    raise KeyError(fmt)


def export_filename(events_path: Path | str | None, fmt: str) -> str:
    """The file name an export of a timeline gets by default: ``events.ics``.

    Args:
        events_path: The events file (its stem names the export), if any.
        fmt: A key of :data:`FORMATS`.

    Returns:
        A bare file name (no folder).
    """
    stem = Path(events_path).stem if events_path else ""
    return f"{stem or 'timeline'}{FORMATS[fmt].extension}"
