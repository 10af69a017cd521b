"""The meeting planner's strips: one 24-hour strip per participant, aligned on the same day.

Every strip's cells are the same instants (the display zone's day, in quarter or half
hours), each drawn as what that instant is for the participant: within their working
hours, morning or evening, or night, with the glyphs of the time card
(:mod:`tui.core.daystrip`). Windows in which everyone is within hours are drawn as slots,
and the cursor's slot is shown in reverse across every strip. Above each strip, the
participant's name, zone and local time at the cursor.

Drawn with the Line API (:meth:`PlannerStrips.render_line`); the screen sets the plan,
the cursor and the highlighted row (attributes down).
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style

from tui.app.widgets.drawn_lines import DrawnLines

from ...core.daystrip import GLYPH_SLOT, GLYPHS, slot_glyph
from ...core.display import date_text
from ...core.localtime import local_datetime
from ...core.planner import Interval, Plan
from ...core.planner_text import cell_kind, cell_starts
from ...core.safetext import visible
from ...core.zones import abbreviation, city_name

_NAME_WIDTH = 20
_CITY_WIDTH = 14
_INDENT = 3


def _fit(text: str, width: int) -> str:
    """``text`` padded or cut (with an ellipsis) to ``width`` cells."""
    if cell_len(text) > width:
        while cell_len(text) > width - 1:
            text = text[:-1]
        return text + "…"
    return text + " " * (width - cell_len(text))


class PlannerStrips(DrawnLines):
    """Each participant's day as a strip, with the windows and the cursor's slot."""

    DEFAULT_CSS = """
    PlannerStrips {
        height: auto;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "planner--axis",
        "planner--name",
        "planner--highlight",
        "planner--city",
        "planner--time",
        "planner--muted",
        "planner--night",
        "planner--shoulder",
        "planner--work",
        "planner--window",
        "planner--window-night",
        "planner--cursor",
    }
    """
    | Class | Description |
    | :- | :- |
    | `planner--axis` | The hour labels above the strips (display zone). |
    | `planner--name` | A participant's name. |
    | `planner--highlight` | The highlighted participant's marker and name (``-`` removes it). |
    | `planner--city` | A participant's zone. |
    | `planner--time` | A participant's local time at the cursor. |
    | `planner--muted` | Local dates and abbreviations. |
    | `planner--night` | Cells from 22:00 to 06:00 local, outside working hours. |
    | `planner--shoulder` | Other cells outside working hours. |
    | `planner--work` | Cells within the participant's working hours. |
    | `planner--window` | Cells of a window in which everyone is within hours. |
    | `planner--window-night` | Window cells at the participant's night. |
    | `planner--cursor` | The cursor's slot (drawn over the other kinds). |
    """

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        """Create the strips, empty until :meth:`show` is called.

        Args:
            name: The widget's name.
            id: The widget's id.
            classes: CSS classes.
        """
        super().__init__(name=name, id=id, classes=classes)
        self.plan: Plan | None = None
        """The plan drawn."""
        self.cursor: Interval | None = None
        """The cursor's slot."""
        self.highlighted = 0
        """Index of the highlighted participant."""

    def show(self, plan: Plan | None, cursor: Interval | None, highlighted: int) -> None:
        """Draw a plan with the cursor's slot and the highlighted participant.

        Args:
            plan: The plan, or ``None`` when there is nobody to plan for.
            cursor: The cursor's slot.
            highlighted: Index of the highlighted participant.
        """
        self.plan, self.cursor, self.highlighted = plan, cursor, highlighted
        self.redraw()

    # --- drawing --------------------------------------------------------------------------

    def cell_seconds(self, width: int) -> int:
        """Quarter-hour cells when 25 hours of them fit, else half hours, else hours."""
        room = width - _INDENT - 1
        if room >= 100:
            return 900
        if room >= 50:
            return 1800
        return 3600

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"planner--{name}")

    def _text(self, text: str, name: str) -> Segment:
        return Segment(text, self._style(name))

    def _plain(self, text: str) -> Segment:
        # every segment carries a real style: the monochrome filter (NO_COLOR) reads it
        return Segment(text, self.rich_style)

    def _build(self, width: int) -> list[list[Segment]]:
        plan = self.plan
        if plan is None:
            return []
        cell = self.cell_seconds(width)
        lines = [self._axis(plan, cell)]
        for index in range(len(plan.participants)):
            lines.append(self._info(plan, index))
            lines.append(self._strip(plan, index, cell))
        lines.append(self._cursor_line(plan, cell, width))
        return lines

    def _cursor_line(self, plan: Plan, cell: int, width: int) -> list[Segment]:
        """``▲ 13:15 UTC`` under the cursor's cell: where it is, without colour too."""
        if self.cursor is None:
            return []
        at = (self.cursor.start - plan.span.start) // cell
        local = local_datetime(self.cursor.start, plan.display_zone)
        abbr = abbreviation(plan.display_zone, self.cursor.start)
        label = f"{local.hour:02d}:{local.minute:02d} {abbr}"
        if _INDENT + at + 2 + len(label) <= width:
            return [self._plain(" " * (_INDENT + at)), self._text(f"▲ {label}", "time")]
        start = max(0, _INDENT + at - len(label) - 1)
        return [self._plain(" " * start), self._text(f"{label} ▲", "time")]

    def _axis(self, plan: Plan, cell: int) -> list[Segment]:
        starts = cell_starts(plan, cell)
        every = {900: 3, 1800: 3, 3600: 6}[cell]
        text = [" "] * (len(starts) + 2)
        for at, utc in enumerate(starts):
            local = local_datetime(utc, plan.display_zone)
            on_label = local.minute == 0 and local.second == 0 and local.hour % every == 0
            if on_label and all(c == " " for c in text[max(0, at - 1) : at + 2]):
                text[at : at + 2] = list(f"{local.hour:02d}")
        return [self._plain(" " * _INDENT), self._text("".join(text).rstrip(), "axis")]

    def _info(self, plan: Plan, index: int) -> list[Segment]:
        person = plan.participants[index]
        here = index == self.highlighted
        name = visible(person.name, one_line=True)
        city = city_name(person.zone)
        segments = [
            self._text("▶ " if here else "  ", "highlight"),
            self._text(_fit(name, _NAME_WIDTH), "highlight" if here else "name"),
            self._plain(" "),
            self._text(_fit(city if city != name else "", _CITY_WIDTH), "city"),
        ]
        if self.cursor is not None:
            at = self.cursor.start
            local = local_datetime(at, person.zone)
            segments += [
                self._plain(" "),
                self._text(f"{local.hour:02d}:{local.minute:02d}", "time"),
                self._text(
                    f" {date_text(local.date(), year=False)} {abbreviation(person.zone, at)}",
                    "muted",
                ),
            ]
            if not plan.in_hours(index, at):
                segments.append(self._text("  outside hours", "muted"))
        return segments

    def _strip(self, plan: Plan, index: int, cell: int) -> list[Segment]:
        segments = [self._plain(" " * _INDENT)]
        cursor = self.cursor
        for start in cell_starts(plan, cell):
            middle = start + cell // 2
            kind = cell_kind(plan, index, middle)
            in_window = plan.in_window(middle)
            glyph = slot_glyph(kind) if in_window else GLYPHS[kind]
            if cursor is not None and start < cursor.end and cursor.start < start + cell:
                style = "cursor"
            elif in_window:
                style = "window-night" if kind == "night" else "window"
            else:
                style = kind
            segments.append(self._text(glyph, style))
        return segments


LEGEND = (
    f"{GLYPH_SLOT} window   {GLYPHS['work']} working hours   "
    f"{GLYPHS['shoulder']} morning/evening   {GLYPHS['night']} night"
)
"""What the strips' glyphs mean (shown by the screen under them)."""
