"""A calendar file checked before any parser sees it, so that bad input is refused with
the line to look at: too large, not UTF-8, not iCalendar, a line that is no property,
components that do not close (a truncated download).

``icalendar`` forgives much and says little about where; these checks are what lets the
importer name a line, and they give the line of every VEVENT for later notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tui.core.readfile import read_bytes
from tui.core.yamlsafe import MAX_BYTES, YamlProblem, decode

from .records import refuse

_PHYSICAL = re.compile(r"\r\n|\r|\n")
_NAME = re.compile(r"[A-Za-z0-9-]+")


@dataclass(frozen=True, slots=True)
class CalendarText:
    """A calendar's text, with the line where each VEVENT begins (in file order)."""

    text: str
    event_lines: tuple[int, ...]
    lines: int


def read_calendar_text(path: Path, label: str, *, limit: int = MAX_BYTES) -> CalendarText:
    """The text of an iCalendar file, checked; a :class:`TimelineError` names the line."""
    raw = read_bytes(path, label, limit=limit)
    try:
        text = decode(raw)
    except YamlProblem as exc:
        raise refuse(label, exc.line, exc.message, exc.column) from None
    return check_structure(text, label)


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Unfolded content lines with the physical line each starts on (RFC 5545 3.1)."""
    out: list[tuple[int, str]] = []
    for number, line in enumerate(_PHYSICAL.split(text), start=1):
        if line[:1] in (" ", "\t") and out:
            out[-1] = (out[-1][0], out[-1][1] + line[1:])
        else:
            out.append((number, line))
    return out


def _is_property(line: str) -> bool:
    """``NAME[;PARAM=...]:value``, with ``:`` and ``;`` inside quoted parameters allowed."""
    name = _NAME.match(line)
    if name is None:
        return False
    quoted = False
    for char in line[name.end() :]:
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return True
    return False


def check_structure(text: str, label: str) -> CalendarText:
    """Refuse text that is not a complete iCalendar stream, naming the line."""
    lines = [(n, line) for n, line in _logical_lines(text) if line.strip()]
    if not lines:
        raise refuse(label, 1, "the file is empty, not an iCalendar file")
    first_line, first = lines[0]
    if first.strip().upper() != "BEGIN:VCALENDAR":
        raise refuse(label, first_line, "not an iCalendar file: it must start with BEGIN:VCALENDAR")
    stack: list[tuple[str, int]] = []
    events: list[int] = []
    for number, line in lines:
        if not _is_property(line):
            raise refuse(label, number, "not an iCalendar line (NAME:value expected)")
        name, _, value = line.partition(":")
        word = name.upper()
        if word not in ("BEGIN", "END"):
            continue
        component = value.strip().upper()
        if word == "BEGIN":
            if not stack and component != "VCALENDAR":
                raise refuse(label, number, f"BEGIN:{component} outside BEGIN:VCALENDAR")
            stack.append((component, number))
            if component == "VEVENT":
                events.append(number)
            continue
        if not stack:
            raise refuse(label, number, f"END:{component} without a BEGIN:{component}")
        opened, at = stack.pop()
        if opened != component:
            raise refuse(
                label, number, f"END:{component} where BEGIN:{opened} of line {at} should end"
            )
    if stack:
        opened, at = stack[-1]
        last = lines[-1][0]
        raise refuse(
            label, last, f"the file ends inside BEGIN:{opened} of line {at}: it is truncated"
        )
    return CalendarText(text, tuple(events), lines[-1][0])
