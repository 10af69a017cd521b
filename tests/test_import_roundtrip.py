"""The bundled timeline exported to iCalendar and imported again is the same timeline."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from tui.cli import main
from tui.core.export import export_events
from tui.core.loader import load_text, load_timeline
from tui.core.model import CalendarDate, Instant, Precision

BUNDLED = Path(__file__).parents[1] / "tui" / "data" / "events.yaml"
NOW = datetime(2025, 9, 1, tzinfo=UTC).timestamp()


def test_ics_round_trip_keeps_instants_zones_titles_days_and_parents(tmp_path: Path) -> None:
    timeline = load_timeline(BUNDLED)
    data = export_events(timeline.events, timeline, "ics", zone="UTC", now=NOW)
    assert isinstance(data, bytes)
    calendar = tmp_path / "bundled.ics"
    calendar.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    code = main(["import", str(calendar)], out=out, err=err, env={"TZ": "UTC"}, clock=lambda: NOW)
    assert code == 0, err.getvalue()
    back = {e.id: e for e in load_text(out.getvalue(), "back.yaml").events}
    compared = 0
    for event in timeline.events:
        if isinstance(event.start, CalendarDate) and event.start.precision != Precision.DAY:
            continue  # month- and year-only dates have no iCalendar spelling of their own
        twin = back[event.id]  # UIDs are <id>@...: the id comes back
        assert twin.title == event.title
        assert type(twin.start) is type(event.start), event.id
        if isinstance(event.start, Instant):
            assert isinstance(twin.start, Instant)
            assert twin.start.utc == event.start.utc, event.id
            if (
                event.timezone is not None and "/" in event.timezone
            ):  # fixed offsets travel as UTC (Z)
                assert twin.timezone == event.timezone, event.id
            if isinstance(event.end, Instant):
                assert isinstance(twin.end, Instant) and twin.end.utc == event.end.utc, event.id
        else:
            assert twin.start == event.start, event.id
            assert twin.end == event.end or (event.end is None and twin.end is None), event.id
        assert twin.parent == event.parent, event.id
        compared += 1
    assert compared >= len(timeline.events) - 5
