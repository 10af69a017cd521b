"""The time card: what an event's start means on the clock in every zone that matters.

One row per zone (the event's own, the display zone, pinned zones, then each participant's
home zone), each with a 24-hour strip in that zone's local time: night, working hours and
the event's slot are drawn differently, so "is this 3 a.m. for someone?" shows at a glance.

The rows are computed by :func:`card_rows` (pure, no Textual), and drawn with the Line API
(:meth:`TimeCard.render_line`), styled through ``COMPONENT_CLASSES``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.reactive import reactive

# the strip's kinds of hours and glyphs are shared with the meeting planner (and its CLI)
from tui.app.widgets.drawn_lines import DrawnLines

from ...core.daystrip import (
    GLYPH_CONTINUES,
    GLYPH_NIGHT,
    GLYPH_SHOULDER,
    GLYPH_SLOT,
    GLYPH_SLOT_NIGHT,
    GLYPH_WORK,
    GLYPHS,
    hour_kind,
)
from ...core.display import ZoneTime, span_text, zone_line
from ...core.model import Event, Instant, Timeline
from ...core.query import participant_zones
from ...core.safetext import visible

_INDENT = 1
_CITY_WIDTH = 13


@dataclass(frozen=True, slots=True)
class CardRow:
    """One zone on the card.

    Attributes:
        zone: Canonical zone key.
        roles: Why the zone is shown, in order: ``event``, ``display``, ``pinned``, ``home``.
        people: Names of participants whose home zone this is.
        when: The event's start as read in this zone.
        start_minute: Minutes from this zone's local midnight (of the start day) to the start.
        end_minute: Likewise to the end (past 1440 when it ends on a later local day), or
            ``None`` without an end.
    """

    zone: str
    roles: tuple[str, ...]
    people: tuple[str, ...]
    when: ZoneTime
    start_minute: int
    end_minute: int | None


def card_rows(
    event: Event, timeline: Timeline, display_zone: str, pinned: tuple[str, ...]
) -> list[CardRow]:
    """The zones a timed event's card shows, without repeats.

    Args:
        event: A timed event (its start is an :class:`~tui.core.model.Instant`).
        timeline: Its timeline.
        display_zone: The user's display zone.
        pinned: The user's pinned zones.

    Returns:
        Rows: the event's zone, the display zone, pinned zones, then participants' home
        zones; a zone named twice is one row carrying every reason. Empty for a calendar
        date.
    """
    start = event.start
    if not isinstance(start, Instant):
        return []
    own = event.timezone or start.zone
    roles: dict[str, list[str]] = {}
    people: dict[str, list[str]] = {}

    def add(zone: str, role: str) -> None:
        reasons = roles.setdefault(zone, [])
        if role not in reasons:
            reasons.append(role)

    add(own, "event")
    add(display_zone, "display")
    for zone in pinned:
        add(zone, "pinned")
    for zone, names in participant_zones(event, timeline).items():
        add(zone, "home")
        people[zone] = names
    end = event.end if isinstance(event.end, Instant) else None
    rows: list[CardRow] = []
    for zone, reasons in roles.items():
        when = zone_line(start, zone, own)
        start_minute = when.minute_of_day
        end_minute = None
        if end is not None:
            end_minute = start_minute + (end.utc - start.utc + 59) // 60
        rows.append(
            CardRow(
                zone=zone,
                roles=tuple(reasons),
                people=tuple(people.get(zone, ())),
                when=when,
                start_minute=start_minute,
                end_minute=end_minute,
            )
        )
    return rows


def strip_cells(row: CardRow, cells: int) -> list[tuple[str, bool]]:
    """The strip of a row: for each cell, the kind of hour and whether the event is in it.

    Args:
        row: The row.
        cells: Cells across 24 hours (a divisor of 1440: 12, 24, 48...).

    Returns:
        ``(kind, in_slot)`` per cell. Without an end, the start's whole hour is marked.
    """
    span = 1440 // cells
    lo = row.start_minute
    if row.end_minute is None:
        lo = (lo // 60) * 60
        hi = lo + 60
    else:
        hi = max(row.end_minute, lo + 1)
    out: list[tuple[str, bool]] = []
    for i in range(cells):
        a, b = i * span, (i + 1) * span
        out.append((hour_kind(a // 60), a < hi and lo < b))
    return out


class TimeCard(DrawnLines):
    """A timed event's start across zones, with a 24-hour strip for each zone.

    Calendar-dated events get a short explanation instead: a date is the same day
    everywhere, so there is no clock time to compare.
    """

    # only what the card needs to size itself; its looks are in the app's stylesheet
    DEFAULT_CSS = """
    TimeCard {
        height: auto;
        padding: 0 1;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "timecard--title",
        "timecard--muted",
        "timecard--axis",
        "timecard--city",
        "timecard--time",
        "timecard--marker",
        "timecard--role",
        "timecard--people",
        "timecard--message",
        "timecard--night",
        "timecard--shoulder",
        "timecard--work",
        "timecard--slot",
        "timecard--slot-night",
    }
    """
    | Class | Description |
    | :- | :- |
    | `timecard--title` | The event's span line at the top. |
    | `timecard--muted` | Dates, offsets and the legend. |
    | `timecard--axis` | The hour labels above the strips. |
    | `timecard--city` | A zone's city. |
    | `timecard--time` | A zone's local time. |
    | `timecard--marker` | The ``+1 day`` / ``−1 day`` marker. |
    | `timecard--role` | Why a zone is shown (event, display, pinned, home). |
    | `timecard--people` | Participants living in a zone. |
    | `timecard--message` | The empty and calendar-date messages. |
    | `timecard--night` | Strip cells from 22:00 to 06:00. |
    | `timecard--shoulder` | Strip cells from 06:00 to 08:00 and 18:00 to 22:00. |
    | `timecard--work` | Strip cells from 08:00 to 18:00. |
    | `timecard--slot` | The event's cells (``█``). |
    | `timecard--slot-night` | The event's cells that fall at night (``▓``). |
    """

    display_zone: reactive[str] = reactive("UTC", init=False)
    """Canonical key of the user's display zone (bound to the screen's)."""

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Create an empty card.

        Args:
            name: The widget's name.
            id: The widget's id.
            classes: CSS classes.
        """
        super().__init__(name=name, id=id, classes=classes)
        self.event: Event | None = None
        """The event shown, or ``None``."""
        self.rows: list[CardRow] = []
        """The zones shown, in order (empty for no event or a calendar date)."""
        self._timeline: Timeline | None = None
        self._pinned: tuple[str, ...] = ()

    def show(
        self,
        event: Event | None,
        timeline: Timeline,
        pinned: tuple[str, ...],
    ) -> None:
        """Show an event's start across zones (or a message when there is no clock time).

        Args:
            event: The event, or ``None``.
            timeline: Its timeline (actors' home zones and groups).
            pinned: Canonical keys of the user's pinned zones.
        """
        if event is self.event and timeline is self._timeline and pinned == self._pinned:
            return  # drawn already
        self.event, self._timeline, self._pinned = event, timeline, pinned
        self._rebuild()

    def watch_display_zone(self) -> None:
        self._rebuild()

    def _rebuild(self) -> None:
        event, timeline = self.event, self._timeline
        self.rows = (
            []
            if event is None or timeline is None
            else card_rows(event, timeline, self.display_zone, self._pinned)
        )
        self.redraw()

    # --- drawing --------------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"timecard--{name}")

    def _text(self, text: str, name: str) -> Segment:
        return Segment(text, self._style(name))

    def _plain(self, text: str) -> Segment:
        """Text (or padding) in the card's own style.

        Every segment carries a real style, never ``None``: Textual's line filters (the
        monochrome one used under ``NO_COLOR`` among them) read the style of each segment.
        """
        return Segment(text, self.rich_style)

    def _build(self, width: int) -> list[list[Segment]]:
        event = self.event
        pad = self._plain(" " * _INDENT)
        if event is None:
            return [[pad, self._text("No event selected", "message")]]
        # text from the file is data: shown as it is, never obeyed by the terminal
        title = visible(event.title, one_line=True)
        if not isinstance(event.start, Instant):
            zone = event.timezone or self.display_zone
            return [
                [pad, self._text(title, "title")],
                [pad, self._text(visible(span_text(event, zone), one_line=True), "muted")],
                [pad, self._text("A calendar date: the same day in every zone.", "message")],
                [pad, self._text("The time card needs a clock time.", "message")],
            ]
        cells = self._cells(width)
        lines: list[list[Segment]] = [
            [pad, self._text(title, "title")],
            [pad, self._text(visible(span_text(event, self.rows[0].zone), one_line=True), "muted")],
            self._axis(cells),
        ]
        # column widths shared by every row: abbreviation, offset, day marker
        widths = (
            max(cell_len(row.when.abbreviation) for row in self.rows),
            max(cell_len(row.when.offset) for row in self.rows),
            max(cell_len(row.when.marker) for row in self.rows),
        )
        for row in self.rows:
            lines.append(self._info(row, width, widths))
            lines.append(self._strip(row, cells, width))
        night_slot = any(
            in_slot and kind == "night"
            for row in self.rows
            for kind, in_slot in strip_cells(row, cells)
        )
        lines.append(self._legend(width, night_slot=night_slot))
        return lines

    @staticmethod
    def _cells(width: int) -> int:
        """Strip cells for the width: half hours when there is room, else hours."""
        room = width - _INDENT - 2
        if room >= 48 + 12:
            return 48
        if room >= 24:
            return 24
        return 12

    def _axis(self, cells: int) -> list[Segment]:
        per_hour = cells / 24
        step = 3 if cells >= 48 else 6
        text = [" "] * cells
        for hour in range(0, 24, step):
            at = int(hour * per_hour)
            label = f"{hour:02d}"
            text[at : at + 2] = list(label)
        return [self._plain(" " * (_INDENT + 1)), self._text("".join(text[:cells]), "axis")]

    def _info(self, row: CardRow, width: int, widths: tuple[int, int, int]) -> list[Segment]:
        """The zone's line, dropping the least useful parts first when narrow."""
        # (city width, date, abbreviation, offset, roles)
        layouts = (
            (_CITY_WIDTH, True, True, True, True),
            (_CITY_WIDTH, True, True, True, False),
            (_CITY_WIDTH, True, True, False, False),
            (10, True, False, False, False),
            (10, False, False, False, False),
        )
        segments: list[Segment] = []
        for city_width, with_date, with_abbr, with_offset, with_roles in layouts:
            segments = self._info_parts(
                row, city_width, widths, (with_date, with_abbr, with_offset, with_roles)
            )
            if sum(cell_len(s.text) for s in segments) <= width:
                break
        return segments

    def _info_parts(
        self,
        row: CardRow,
        city_width: int,
        widths: tuple[int, int, int],
        parts: tuple[bool, bool, bool, bool],
    ) -> list[Segment]:
        with_date, with_abbr, with_offset, with_roles = parts
        when = row.when
        city = visible(when.city, one_line=True)
        if cell_len(city) > city_width:
            city = city[: city_width - 1] + "…"
        segments = [
            self._plain(" " * _INDENT),
            self._text(f"{city:<{city_width}} ", "city"),
            self._text(when.local, "time"),
            self._text(f" {when.weekday}", "muted"),
        ]
        if with_date:
            segments.append(self._text(f" {when.date.day:>2} {when.date:%b}", "muted"))
        if with_abbr:
            segments.append(self._plain(f" {when.abbreviation:<{widths[0]}}"))
        if with_offset:
            segments.append(self._text(f" {when.offset:<{widths[1]}}", "muted"))
        if widths[2]:
            segments.append(self._text(f" {when.marker:<{widths[2]}}", "marker"))
        if with_roles:
            segments.append(
                self._text("  " + " · ".join(_ROLE_NAMES[r] for r in row.roles), "role")
            )
        return segments

    def _strip(self, row: CardRow, cells: int, width: int) -> list[Segment]:
        segments = [self._plain(" " * (_INDENT + 1))]
        for kind, in_slot in strip_cells(row, cells):
            if in_slot:
                if kind == "night":
                    segments.append(self._text(GLYPH_SLOT_NIGHT, "slot-night"))
                else:
                    segments.append(self._text(GLYPH_SLOT, "slot"))
            else:
                segments.append(self._text(_GLYPHS[kind], kind))
        goes_on = row.end_minute is not None and row.end_minute > 1440
        segments.append(self._text(GLYPH_CONTINUES if goes_on else " ", "slot"))
        if row.people:
            room = width - (_INDENT + 1 + cells + 2)
            names = _fit_names(tuple(visible(name, one_line=True) for name in row.people), room)
            if names:
                segments.append(self._text(" " + names, "people"))
        return segments

    def _legend(self, width: int, *, night_slot: bool = False) -> list[Segment]:
        """What each glyph of the strips means, in the widest wording that fits.

        The night slot's glyph is explained only when a strip shows one; when room is short
        it shares the word "event" with the daytime slot's glyph.
        """
        # (event, night slot, work, shoulder, night, gap); None: the two slots share a label
        wordings: tuple[tuple[str, str | None, str, str, str, str], ...] = (
            (" event", " at night", " 08–18", " evening/morning", " night 22–06", "  "),
            (" event", " at night", " work", " eve", " night", "  "),
            (" event", " at night", " work", " eve", " night", " "),
            (" event", None, " work", " eve", " night", " "),
        )
        segments: list[Segment] = []
        for event, at_night, work, shoulder, night, gap in wordings:
            parts = [
                (GLYPH_WORK * 2, "work", work),
                (GLYPH_SHOULDER * 2, "shoulder", shoulder),
                (GLYPH_NIGHT * 2, "night", night),
            ]
            slots = [(GLYPH_SLOT, "slot", event)]
            if night_slot and at_night is not None:
                slots.append((GLYPH_SLOT_NIGHT, "slot-night", at_night))
            elif night_slot:
                slots = [(GLYPH_SLOT, "slot", ""), (GLYPH_SLOT_NIGHT, "slot-night", event)]
            segments = [self._plain(" " * (_INDENT + 1))]
            for index, (glyph, kind, label) in enumerate(slots + parts):
                last = index == len(slots) + len(parts) - 1
                segments.append(self._text(glyph, kind))
                if label:
                    segments.append(self._text(label if last else label + gap, "muted"))
            if sum(cell_len(segment.text) for segment in segments) <= width:
                break
        return segments


_GLYPHS = GLYPHS
_ROLE_NAMES = {"event": "event", "display": "display", "pinned": "pinned", "home": "home"}


def _fit_names(names: tuple[str, ...], room: int) -> str:
    """As many names as fit in ``room`` cells, then ``+N``."""
    if room <= 3:
        return ""
    shown: list[str] = []
    for i, name in enumerate(names):
        rest = len(names) - i - 1
        candidate = ", ".join([*shown, name]) + (f" +{rest}" if rest else "")
        if cell_len(candidate) > room:
            break
        shown.append(name)
    hidden = len(names) - len(shown)
    if not shown:
        tail = f" +{hidden - 1}" if hidden > 1 else ""
        keep = room - cell_len(tail) - 1
        return names[0][:keep] + "…" + tail if keep >= 3 else ""
    return ", ".join(shown) + (f" +{hidden}" if hidden else "")
