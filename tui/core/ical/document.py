"""An import's result as a whole event file, checked by the loader before anyone sees it.

An event the loader would refuse (a time outside years 1-9999 in its zone, say) is left
out with the loader's own message as a note, so the file written is always one that
``timeline check`` accepts.
"""

from __future__ import annotations

from typing import Any

from tui.core.append import render_events, scalar
from tui.core.errors import TimelineError
from tui.core.loader import load_text

from .records import Imported

_ROUNDS = 5


def _head(result: Imported) -> list[str]:
    lines: list[str] = []
    if result.title:
        lines.append(f"title: {scalar(result.title)}")
    if result.actors:
        lines.append("actors:")
        for aid, name in result.actors.items():
            lines.append(f"  {scalar(aid, 'id')}:")
            lines.append(f"    name: {scalar(name)}")
    return lines


def document_text(result: Imported, label: str) -> str:
    """The event file for ``result``: title, actors, events; valid for the loader.

    Events the loader refuses are dropped from ``result`` (with a note each); actors no
    event names any more are dropped too.

    Raises:
        TimelineError: the file would not load for a reason no single event explains
            (nothing to write then).
    """
    for _ in range(_ROUNDS):
        _drop_unused_actors(result)
        head = _head(result)
        starts: list[int] = []  # the line each event begins on
        body: list[str] = []
        line = len(head) + 2
        for item in result.events:
            starts.append(line)
            text = render_events([item])
            body.append(text)
            line += text.count("\n")
        text = "\n".join([*head, "events:"]) + "\n" + "".join(body)
        if not result.events:
            text = "\n".join([*head, "events: []"]) + "\n"
        try:
            load_text(text, label)
        except TimelineError as exc:
            bad = _events_at(exc, starts)
            if not bad:
                raise
            for index, message in sorted(bad.items(), reverse=True):
                item = result.events.pop(index)
                result.note(1, f"event {item.get('title')!r} left out: {message}")
            continue
        return text
    raise TimelineError([])  # pragma: no cover - every round removes at least one event


def _events_at(exc: TimelineError, starts: list[int]) -> dict[int, str]:
    """The events the diagnostics point into (index -> first message)."""
    import bisect

    out: dict[int, str] = {}
    for diag in exc.diagnostics:
        index = bisect.bisect_right(starts, diag.line) - 1
        if index >= 0:
            out.setdefault(index, diag.message)
    return out


def _drop_unused_actors(result: Imported) -> None:
    used: set[Any] = {aid for item in result.events for aid in item.get("actors", ())}
    result.actors = {aid: name for aid, name in result.actors.items() if aid in used}
