"""JSON export: the records ``timeline list --format json`` prints."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Event
from ..output import events_json_text


def write(events: Sequence[Event], *, zone: str) -> str:
    """The events as a JSON list, one record per line, times in ``zone``."""
    return events_json_text(events, zone)
