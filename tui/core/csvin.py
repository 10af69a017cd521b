"""Reading a table of events (CSV with a header row) into event mappings.

The header names the columns, in any order: ``title``, ``start`` (both required),
``end``, ``timezone``, ``actors``, ``tags``, ``location``, ``summary``, ``url``, ``id``.
Times are written as in an event file (``2025-08-20 14:30``, ``2025-06-24``...); actors
and tags are separated by ``;``. Every problem is reported as ``FILE:ROW:COL: message``,
the row being the file's line number and the column the field's number, up to 50; then
nothing is imported.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path
from typing import Any

from .errors import Diagnostic, TimelineError
from .ical.reader import Window
from .ical.records import Imported, actor_id, clean_text, tags_of, unique
from .model import CalendarDate, Instant
from .positions import MAX_ERRORS
from .readfile import read_bytes
from .schema import ID_RE, MAX_ID, MAX_LINE, MAX_NAME, MAX_PROSE, url_problem
from .timeparse import TimeValueError, parse_when
from .yamlsafe import YamlProblem, decode
from .zones import ZoneLookupError, get_tzinfo, resolve_zone

COLUMNS = (
    "title",
    "start",
    "end",
    "timezone",
    "actors",
    "tags",
    "location",
    "summary",
    "url",
    "id",
)
_LIST_SPLIT = re.compile(r"[;,]")


class _Rows:
    """The problems found so far, each at a row and a column."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.problems: list[Diagnostic] = []

    def add(self, row: int, column: int, message: str) -> None:
        self.problems.append(Diagnostic(self.label, row, column, message))

    def fail(self) -> TimelineError:
        shown = self.problems[:MAX_ERRORS]
        if len(self.problems) > MAX_ERRORS:
            last = shown[-1]
            more = len(self.problems) - MAX_ERRORS
            shown.append(Diagnostic(self.label, last.line, last.column, f"... and {more} more"))
        return TimelineError(shown)


def read_csv(
    path: Path, label: str, *, window: Window | None = None, default_zone: str | None = None
) -> Imported:
    """Read a CSV table of events.

    Args:
        path: The table.
        label: How to name it in messages.
        window: When ``given``, only events touching these days are imported.
        default_zone: The zone of rows whose ``timezone`` is empty (``--tz``).

    Raises:
        TimelineError: every problem, as ``FILE:ROW:COL``; nothing is imported then.
    """
    raw = read_bytes(path, label)
    try:
        text = decode(raw)
    except YamlProblem as exc:
        raise TimelineError([Diagnostic(label, exc.line, exc.column, exc.message)]) from None
    rows = _Rows(label)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise TimelineError([Diagnostic(label, reader.line_num, 1, f"bad CSV: {exc}")]) from None
    if header is None:
        raise TimelineError([Diagnostic(label, 1, 1, "the file is empty; it needs a header row")])
    columns = _columns(header, rows)
    if rows.problems:
        raise rows.fail()
    result = Imported()
    taken: set[str] = set()
    by_name: dict[str, str] = {}
    row_start = reader.line_num + 1
    while True:
        try:
            cells = next(reader, None)
        except csv.Error as exc:
            rows.add(reader.line_num, 1, f"bad CSV: {exc}")
            break
        if cells is None:
            break
        line, row_start = row_start, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            rows.add(
                line, len(header) + 1, f"{len(cells)} fields but the header names {len(header)}"
            )
            continue
        values = {name: cells[i].strip() for name, i in columns.items() if i < len(cells)}
        item = _row(values, columns, line, rows, result, default_zone, window)
        if item is None:
            continue
        given = item.pop("id", None)
        for person in item.pop("people", []):
            aid = by_name.get(person.casefold())
            if aid is None:
                aid = unique(actor_id(person), set(result.actors))
                by_name[person.casefold()] = aid
                result.actors[aid] = person
            item.setdefault("actors", []).append(aid)
        if given:
            item = {"id": unique(given, taken), **item}
        result.events.append(item)
    if rows.problems:
        raise rows.fail()
    return result


def _columns(header: list[str], rows: _Rows) -> dict[str, int]:
    columns: dict[str, int] = {}
    for i, name in enumerate(header):
        key = name.strip().lower().lstrip("\ufeff")
        if key not in COLUMNS:
            rows.add(1, i + 1, f"unknown column {name.strip()!r}; columns: {', '.join(COLUMNS)}")
        elif key in columns:
            rows.add(1, i + 1, f"column {key!r} appears twice")
        else:
            columns[key] = i
    for needed in ("title", "start"):
        if needed not in columns and not rows.problems:
            rows.add(1, 1, f"the header has no {needed!r} column")
    return columns


def _row(
    values: dict[str, str],
    columns: dict[str, int],
    line: int,
    rows: _Rows,
    result: Imported,
    default_zone: str | None,
    window: Window | None,
) -> dict[str, Any] | None:
    def col(name: str) -> int:
        return columns.get(name, 0) + 1

    before = len(rows.problems)
    item: dict[str, Any] = {}
    title = clean_text(values.get("title", ""), "title", MAX_LINE, line, result, one_line=True)
    if title is None:
        rows.add(line, col("title"), "the event has no title")
    else:
        item["title"] = title
    zone = default_zone
    if values.get("timezone"):
        try:
            zone = resolve_zone(values["timezone"])
        except ZoneLookupError as exc:
            rows.add(line, col("timezone"), f"timezone: {exc.message}")
            return None
    start = values.get("start", "")
    if not start:
        rows.add(line, col("start"), "the event has no start")
        return None
    try:
        when = parse_when(start, zone, default_zone=None)
        end_when = parse_when(values["end"], zone, default_zone=None) if values.get("end") else None
    except TimeValueError as exc:
        which = "start" if _fails(start, zone) else "end"
        rows.add(line, col(which), f"{which}: {exc.message}")
        return None
    item["start"] = start
    if end_when is not None:
        item["end"] = values["end"]
    if zone is not None and (isinstance(when, Instant) or values.get("timezone")):
        item["timezone"] = zone
    if window is not None and window.given and not _touches(when, end_when, zone, window):
        return None
    for name, limit in (("location", MAX_LINE), ("summary", MAX_PROSE)):
        if values.get(name):
            item[name] = clean_text(
                values[name], name, limit, line, result, one_line=name != "summary"
            )
    if values.get("tags"):
        item["tags"] = tags_of(_LIST_SPLIT.split(values["tags"]), line, result)
    if values.get("actors"):
        names = [
            clean_text(n, "actor", MAX_NAME, line, result, one_line=True)
            for n in values["actors"].split(";")
        ]
        item["people"] = [n for n in names if n]
    if values.get("url"):
        problem = url_problem(values["url"])
        if problem is not None:
            rows.add(line, col("url"), f"url {problem}")
        else:
            item["sources"] = [values["url"]]
    if values.get("id"):
        given = values["id"]
        if not ID_RE.match(given) or len(given) > MAX_ID:
            rows.add(line, col("id"), f"id {given!r} must be letters, digits, '-', '_' or '.'")
        else:
            item["id"] = given
    return item if len(rows.problems) == before else None


def _fails(text: str, zone: str | None) -> bool:
    try:
        parse_when(text, zone, default_zone=None)
    except TimeValueError:
        return True
    return False


def _touches(start: Any, end: Any, zone: str | None, window: Window) -> bool:
    """Whether an event covers any day of the window (read in the event's zone)."""
    first = _day(start, zone, last=False)
    last = _day(end if end is not None else start, zone, last=True)
    return first <= window.last and last >= window.first


def _day(when: Any, zone: str | None, *, last: bool) -> date:
    if isinstance(when, CalendarDate):
        return when.last_day() if last else when.first_day()
    assert isinstance(when, Instant)
    return when.utc_datetime.astimezone(get_tzinfo(when.zone)).date()
