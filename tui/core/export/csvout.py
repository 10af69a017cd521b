"""CSV export: one row per event, for spreadsheets.

Times are in the display zone, which the header names (``start (Europe/Kyiv)``), written
``2025-08-20 14:30`` so that spreadsheets read them as date-times, with the same instants
in UTC in their own columns (a local time in the hour clocks go back is ambiguous; UTC
never is). A calendar date is written as it is in the file (``2025-06-24``, ``2014-02``)
in both pairs of columns: it is the same day in every zone.

The text is UTF-8, with RFC 4180's CRLF line ends and quoting; ``bom`` puts a byte order
mark first, without which Excel reads UTF-8 as its own legacy code page.

**Formula injection.** A spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or
``@`` as a formula (``=HYPERLINK(...)``, ``=WEBSERVICE(...)``), and some read a leading tab
or carriage return the same way. Text from the file is data, so any cell beginning with
one of these gets a leading apostrophe (``'=1+1``), which spreadsheets show as the text
that follows it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from ..localtime import local_datetime
from ..model import Event, Instant, Precision, Timeline, When
from ..zones import UTC_KEY
from .common import actor_names, source_label

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str) -> str:
    """A text cell that no spreadsheet runs as a formula."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def time_cell(when: When | None, zone: str) -> str:
    """``2025-08-20 14:30`` (to the second if written so) in ``zone``; a date as written."""
    if when is None:
        return ""
    if not isinstance(when, Instant):
        return when.iso()
    t = local_datetime(when.utc, zone)
    text = f"{t.year:04d}-{t.month:02d}-{t.day:02d} {t.hour:02d}:{t.minute:02d}"
    return f"{text}:{t.second:02d}" if when.precision is Precision.SECOND else text


def header(zone: str) -> list[str]:
    """The column names, the display zone named in the first two."""
    return [
        f"start ({zone})",
        f"end ({zone})",
        "start (UTC)",
        "end (UTC)",
        "all day",
        "event zone",
        "title",
        "location",
        "actors",
        "tags",
        "confidence",
        "summary",
        "notes",
        "sources",
        "id",
        "parent",
    ]


def row(event: Event, timeline: Timeline, zone: str) -> list[str]:
    """One event's cells, in the order of :func:`header`."""
    sources = []
    for source in event.sources:
        label = source_label(source)
        sources.append(f"{label} <{source.url}>" if label and source.url else label or source.url)
    texts = [
        event.title,
        event.location or "",
        "; ".join(actor_names(event, timeline)),
        "; ".join(event.tags),
        event.confidence or "",
        (event.summary or "").strip(),
        "\n".join(note.strip() for note in event.notes),
        "\n".join(s for s in sources if s),
        event.id,
        event.parent or "",
    ]
    return [
        time_cell(event.start, zone),
        time_cell(event.end, zone),
        time_cell(event.start, UTC_KEY),
        time_cell(event.end, UTC_KEY),
        "yes" if event.all_day else "no",
        event.timezone or "",
        *map(cell, texts),
    ]


def write(events: Sequence[Event], timeline: Timeline, *, zone: str, bom: bool = False) -> str:
    """The events as CSV text (a header row, then one row per event).

    Args:
        events: The events, in start order.
        timeline: Their timeline (actor names).
        zone: The display zone.
        bom: Begin with a byte order mark, for Excel.

    Returns:
        The text, CRLF line ends.
    """
    out = io.StringIO()
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header(zone))
    writer.writerows(row(event, timeline, zone) for event in events)
    return out.getvalue()
