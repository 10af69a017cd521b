"""The meeting planner: when could the people of an event meet, on its day or another?

One strip per participant (:class:`~tui.app.widgets.planner_strips.PlannerStrips`), the
windows in which everyone is within working hours, and a cursor moving in quarter hours
that shows the slot in every participant's zone. From here the slot can be copied as
text for an email, or added to the timeline as a new event.

The plan itself is :func:`tui.core.planner.make_plan` (pure, a few milliseconds, so it is
computed inline); writing the new event runs in a thread worker.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Region
from textual.screen import Screen
from textual.widgets import Header, Static

from tui.app.options import ExplorerOptions
from tui.app.screens.actor_picker import ActorPicker
from tui.app.screens.picker import Pick
from tui.app.screens.planner_dialogs import AddChoice, TitlePrompt
from tui.app.screens.zone_picker import ZoneChoice, ZonePicker
from tui.app.widgets.footer import SteadyFooter
from tui.app.widgets.planner_strips import LEGEND, PlannerStrips
from tui.core.display import date_text, local_date_of, seconds_text
from tui.core.errors import TimelineError
from tui.core.localtime import local_datetime
from tui.core.model import Instant, Timeline
from tui.core.planner import (
    DEFAULT_HOURS,
    STEP_SECONDS,
    Interval,
    Participant,
    Plan,
    WorkingHours,
    actor_participants,
    hours_text,
    make_plan,
    unique,
    zone_participant,
)
from tui.core.planner_text import slot_lines, slot_text
from tui.core.safetext import visible

if TYPE_CHECKING:
    from tui.app.screens.main import MainScreen

DEFAULT_DURATION = 60
"""The meeting's length in minutes when the planner opens."""
DURATIONS = (15, 30, 45, 60, 90, 120)
"""The lengths ``d`` steps through."""


@dataclass(frozen=True, slots=True)
class PlannerStart:
    """What the planner opens on (worked out from the main screen's selection).

    Attributes:
        participants: Who the meeting must suit.
        unzoned: Names of the people left out for want of a home zone.
        day: The calendar day, in the display zone.
        at: An instant to put the cursor on (the event's start), or ``None``.
    """

    participants: tuple[Participant, ...]
    unzoned: tuple[str, ...]
    day: date
    at: int | None = None


def planner_start(
    timeline: Timeline,
    event_id: str | None,
    filter_actors: Sequence[str],
    display_zone: str,
    now_utc: int,
) -> PlannerStart:
    """The selected event's people on its day, or the actor filter's people today.

    Args:
        timeline: The timeline on screen.
        event_id: The selected event's id, if any.
        filter_actors: Ids of the actors in the filters.
        display_zone: Canonical key of the display zone (the day is read there).
        now_utc: The current time (for "today").

    Returns:
        The participants (groups expanded), those without a zone, the day and the
        event's start.
    """
    event = timeline.by_id.get(event_id or "")
    actors: Iterable[str] = event.actors if event is not None and event.actors else filter_actors
    found: list[Participant] = []
    unzoned: list[str] = []
    for aid in actors:
        people, missing = actor_participants(timeline, aid)
        found.extend(people)
        unzoned.extend(missing)
    if event is not None:
        day = local_date_of(event.start, display_zone)
        at = event.start.utc if isinstance(event.start, Instant) else None
    else:
        day, at = local_date_of(Instant(utc=now_utc, zone="UTC"), display_zone), None
    return PlannerStart(tuple(unique(found)), tuple(dict.fromkeys(unzoned)), day, at)


class PlannerScreen(Screen[None]):
    """Find a time when everyone is within working hours, and act on it."""

    CSS_PATH = "planner.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("left", "move(-1)", "−15 min", show=False),
        Binding("right", "move(1)", "+15 min", show=False),
        Binding("shift+left", "move(-4)", "−1 h", show=False),
        Binding("shift+right", "move(4)", "+1 h", show=False),
        Binding("up", "highlight(-1)", "Previous person", show=False),
        Binding("down", "highlight(1)", "Next person", show=False),
        Binding("left_square_bracket", "day(-1)", "Prev day"),
        Binding("right_square_bracket", "day(1)", "Next day"),
        Binding("w", "next_window", "Next window"),
        Binding("plus", "add", "Add"),
        Binding("minus", "remove", "Remove"),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("d", "duration", "Length"),
        Binding("c", "copy", "Copy"),
        Binding("a", "add_event", "Add to timeline"),
    ]
    """
    | Key(s) | Description |
    | :- | :- |
    | left, right | Move the cursor by 15 minutes. |
    | shift+left, shift+right | Move the cursor by an hour. |
    | up, down | Highlight the previous or next participant. |
    | [, ] | The previous or next day. |
    | w | Put the cursor on the next window (or compromise). |
    | + | Add a person or a zone. |
    | pageup, pagedown | Scroll when the strips do not fit. |
    | - | Remove the highlighted participant. |
    | d | Change the meeting's length (15 min to 2 h). |
    | c | Copy the cursor's slot in every participant's zone, for an email. |
    | a | Add the cursor's slot to the timeline as a new event. |
    | escape | Close the planner. |
    """

    def __init__(
        self,
        start: PlannerStart,
        *,
        display_zone: str,
        options: ExplorerOptions,
        timeline: Timeline | None = None,
        hours: WorkingHours = DEFAULT_HOURS,
        duration: int = DEFAULT_DURATION,
    ) -> None:
        """Create the planner.

        Args:
            start: The participants and day to open on (see :func:`planner_start`).
            display_zone: Canonical key of the display zone.
            options: How the explorer runs (the events file, the clock, ``served``).
            timeline: The timeline on screen (its actors can be added).
            hours: Working hours, in everyone's local time.
            duration: The meeting's length in minutes.
        """
        super().__init__()
        self.options = options
        self.timeline = timeline
        self.display_zone = display_zone
        self.hours = hours
        self.duration = duration
        self.participants: list[Participant] = list(start.participants)
        """Who the meeting must suit, in order."""
        self.unzoned: list[str] = list(start.unzoned)
        """People left out for want of a home zone."""
        self.day = start.day
        """The calendar day planned, in the display zone."""
        self.plan: Plan | None = None
        """The plan on screen (``None`` without participants)."""
        self.cursor = 0
        """The start of the cursor's slot, UTC seconds."""
        self.highlighted = 0
        """Index of the highlighted participant."""
        self._start_at = start.at
        self._stamp: object | None = None

    def compose(self) -> ComposeResult:
        """Heading, strips, legend, the plan's summary and the cursor's slot."""
        yield Header(icon="◷")
        # not focusable: the arrows move the cursor and the highlight, not the scroll
        with VerticalScroll(id="planner-body", can_focus=False):
            yield Static(id="planner-heading", markup=False)
            yield PlannerStrips(id="planner-strips")
            yield Static(LEGEND, id="planner-legend", markup=False)
            yield Static(id="planner-summary", markup=False)
            yield Static(id="planner-slot", markup=False)
        yield SteadyFooter(compact=True)

    def on_mount(self) -> None:
        """Plan the first day, with the cursor on the event's start or the first window."""
        self.sub_title = "Meeting planner"
        self._replan(keep_cursor=False)
        if not self.options.served:
            self._take_stamp(self.options.events_path)

    # --- planning -------------------------------------------------------------------------

    def _replan(self, *, keep_cursor: bool = True) -> None:
        """Plan the day for the participants again and redraw everything."""
        old_span = self.plan.span if self.plan is not None else None
        offset = self.cursor - old_span.start if old_span is not None else None
        self.plan = (
            make_plan(self.day, self.display_zone, self.participants, self.hours, self.duration)
            if self.participants
            else None
        )
        self.highlighted = max(0, min(self.highlighted, len(self.participants) - 1))
        span = self.plan.span if self.plan is not None else None
        if span is None:
            self.cursor = 0
        elif keep_cursor and offset is not None:
            self._set_cursor(span.start + offset)
        else:
            self._set_cursor(self._first_cursor(self.plan))
        self._draw()

    def _first_cursor(self, plan: Plan | None) -> int:
        if plan is None:
            return 0
        if self._start_at is not None and plan.span.start <= self._start_at < plan.span.end:
            return self._start_at
        if plan.windows:
            return plan.windows[0].start
        if plan.compromises:
            return plan.compromises[0].slot.start
        return plan.span.start + 9 * 3600

    def _set_cursor(self, utc: int) -> None:
        """Put the cursor on the quarter hour at or before ``utc``, within the day."""
        if self.plan is None:
            return
        span = self.plan.span
        steps = (utc - span.start) // STEP_SECONDS
        last = (span.end - span.start - 1) // STEP_SECONDS
        self.cursor = span.start + max(0, min(steps, last)) * STEP_SECONDS

    @property
    def slot(self) -> Interval | None:
        """The cursor's slot: from the cursor, the meeting's length."""
        if self.plan is None:
            return None
        return Interval(self.cursor, self.cursor + self.duration * 60)

    def _draw(self) -> None:
        plan = self.plan
        heading = f"{date_text(self.day)} · times in {self.display_zone} · working hours "
        heading += f"{hours_text(self.hours)} local · meeting {seconds_text(self.duration * 60)}"
        self.query_one("#planner-heading", Static).update(Content(heading))
        self.query_one(PlannerStrips).show(plan, self.slot, self.highlighted)
        self.query_one("#planner-legend", Static).display = plan is not None
        self.query_one("#planner-summary", Static).update(Content(self._summary()))
        slot = self.slot
        lines = [] if plan is None or slot is None else slot_lines(plan, slot)
        if lines:
            lines[0] = "At the cursor: " + lines[0]
        self.query_one("#planner-slot", Static).update(Content("\n".join(lines)))

    def _summary(self) -> str:
        plan = self.plan
        lines: list[str] = []
        if self.unzoned:
            names = ", ".join(visible(n, one_line=True) for n in self.unzoned)
            lines.append(f"Without a home zone, left out: {names}.")
        if plan is None:
            lines.append("Nobody to plan for: press + to add a person or a zone.")
            return "\n".join(lines)
        zone = self.display_zone
        if plan.windows:
            shown = ", ".join(
                f"{slot_text(w, zone, with_date=False)} ({seconds_text(w.seconds)})"
                for w in plan.windows
            )
            lines.append(f"Everyone within hours: {shown}")
        else:
            lines.append("No time when everyone is within working hours. Best compromises:")
            for n, compromise in enumerate(plan.compromises, 1):
                who = ", ".join(
                    f"{visible(o.name, one_line=True)} by {seconds_text(o.by_minutes * 60)}"
                    for o in compromise.outside
                )
                lines.append(
                    f"  {n}. {slot_text(compromise.slot, zone, with_date=False)}: "
                    f"outside hours: {who}"
                )
        return "\n".join(lines)

    # --- moving ---------------------------------------------------------------------------

    def action_move(self, steps: int) -> None:
        """Move the cursor by ``steps`` quarter hours."""
        self._set_cursor(self.cursor + steps * STEP_SECONDS)
        self._draw()

    def action_highlight(self, step: int) -> None:
        """Highlight the previous or next participant."""
        if self.participants:
            self.highlighted = (self.highlighted + step) % len(self.participants)
            self._draw()
            strips = self.query_one(PlannerStrips)
            top = strips.virtual_region.y + 1 + 2 * self.highlighted  # under the axis
            body = self.query_one("#planner-body", VerticalScroll)
            body.scroll_to_region(Region(0, top, 1, 2), animate=False, immediate=True)

    def action_page(self, step: int) -> None:
        """Scroll the planner by a page."""
        body = self.query_one("#planner-body", VerticalScroll)
        if step > 0:
            body.scroll_page_down(animate=False)
        else:
            body.scroll_page_up(animate=False)

    def action_day(self, step: int) -> None:
        """Plan the previous or next day, keeping the cursor's time of day."""
        self.day = self.day + timedelta(days=step)
        self._replan()

    def action_next_window(self) -> None:
        """Put the cursor on the next window (or compromise), round to the first."""
        plan = self.plan
        if plan is None:
            return
        starts = sorted([w.start for w in plan.windows] or [c.slot.start for c in plan.compromises])
        if not starts:
            return
        later = [s for s in starts if s > self.cursor]
        self._set_cursor(later[0] if later else starts[0])
        self._draw()

    def action_duration(self) -> None:
        """Step the meeting's length through :data:`DURATIONS`."""
        longer = [d for d in DURATIONS if d > self.duration]
        self.duration = longer[0] if longer else DURATIONS[0]
        self._replan()

    # --- participants ---------------------------------------------------------------------

    def action_add(self) -> None:
        """Add a person or a zone (asks which when the timeline has actors)."""
        if self.timeline is not None and self.timeline.actors:
            self.app.push_screen(AddChoice(), self._add_chosen)
        else:
            self._pick_zone()

    def _add_chosen(self, kind: Literal["actor", "zone"] | None) -> None:
        if kind == "actor" and self.timeline is not None:
            active = [p.actor_id for p in self.participants if p.actor_id is not None]
            self.app.push_screen(ActorPicker(self.timeline, active), self._actor_picked)
        elif kind == "zone":
            self._pick_zone()

    def _pick_zone(self) -> None:
        zones = tuple(p.zone for p in self.participants if p.actor_id is None)
        self.app.push_screen(
            ZonePicker(zones, self.display_zone, self.options.now), self._zone_picked
        )

    def _actor_picked(self, pick: Pick | None) -> None:
        if pick is None or self.timeline is None:
            return
        people, missing = actor_participants(self.timeline, pick.key)
        ids = {p.actor_id for p in people} | {pick.key}
        if pick.mode == "remove":
            self.participants = [p for p in self.participants if p.actor_id not in ids]
        else:
            kept = [] if pick.mode == "only" else self.participants
            self.participants = unique([*kept, *people])
            self.unzoned = list(dict.fromkeys([*self.unzoned, *missing]))
            if missing:
                names = ", ".join(visible(n, one_line=True) for n in missing)
                self.notify(f"No home zone, left out: {names}", markup=False)
        self._replan()

    def _zone_picked(self, choice: ZoneChoice | None) -> None:
        if choice is None:
            return
        if choice.action == "unpin":  # Enter on a zone already planned takes it away
            self.participants = [
                p for p in self.participants if p.actor_id is not None or p.zone != choice.zone
            ]
        else:
            self.participants = unique([*self.participants, zone_participant(choice.zone)])
        self._replan()

    def action_remove(self) -> None:
        """Take the highlighted participant out of the plan."""
        if self.participants:
            del self.participants[self.highlighted]
            self._replan()

    # --- acting on the slot ---------------------------------------------------------------

    def slot_as_text(self) -> str | None:
        """The cursor's slot in every participant's zone, one line each (for an email)."""
        if self.plan is None or self.slot is None:
            return None
        return "\n".join(slot_lines(self.plan, self.slot))

    def action_copy(self) -> None:
        """Copy the cursor's slot as text, and show what was copied."""
        text = self.slot_as_text()
        if text is None:
            self.notify("Nobody to plan for yet.", markup=False)
            return
        self.app.copy_to_clipboard(text)
        self.notify(text, title="Copied", timeout=8, markup=False)

    def action_add_event(self) -> None:
        """Ask for a title, then add the cursor's slot to the events file."""
        if self.options.served:
            self.notify(
                "Adding events is off in the browser: nothing is written on the server.",
                severity="warning",
                markup=False,
            )
            return
        slot = self.slot
        if slot is None:
            self.notify("Nobody to plan for yet.", markup=False)
            return
        described = f"{date_text(self.day, year=False)} " + slot_text(
            slot, self.display_zone, with_date=False
        )
        self.app.push_screen(TitlePrompt(described), self._titled)

    def event_mapping(self, title: str) -> dict[str, object]:
        """The new event for the cursor's slot, as :func:`tui.core.append.append_events`
        takes it: wall times in the display zone with their offsets (exact even in a
        repeated hour), the participants who are actors, and the title."""
        slot = self.slot
        assert slot is not None
        zone = self.display_zone

        def when(utc: int) -> str:
            local = local_datetime(utc, zone)
            offset = local.strftime("%z")
            return f"{local:%Y-%m-%d %H:%M}{offset[:3]}:{offset[3:]}"

        actors = list(dict.fromkeys(p.actor_id for p in self.participants if p.actor_id))
        mapping: dict[str, object] = {
            "title": title,
            "start": when(slot.start),
            "end": when(slot.end),
            "timezone": zone,
        }
        if actors:
            mapping["actors"] = actors
        return mapping

    def _titled(self, title: str | None) -> None:
        if title:
            self._append(self.options.events_path, self.event_mapping(title), self._stamp)

    @work(thread=True, exclusive=True, group="planner-stamp", description="stamp the file")
    def _take_stamp(self, path: Path) -> None:
        """Remember what the file was when the planner opened (to refuse a changed file)."""
        from tui.core.append import FileStamp

        try:
            self._stamp = FileStamp.of(path)
        except (OSError, TimelineError):
            self._stamp = None

    @work(thread=True, exclusive=True, group="planner-append", description="add the event")
    def _append(self, path: Path, mapping: dict[str, object], stamp: object | None) -> None:
        """Append the event in a thread, then say what happened."""
        from tui.core.append import AppendError, FileStamp, append_events

        expected = stamp if isinstance(stamp, FileStamp) else None
        name = visible(path.name, one_line=True)
        try:
            ids = append_events(path, [mapping], label=path.name, expected=expected)
        except AppendError as exc:
            problem = visible(str(exc.diagnostics[0]) if exc.diagnostics else str(exc))
            self.app.call_from_thread(
                self.notify, f"Not added: {problem}", severity="error", markup=False
            )
            return
        except (OSError, TimelineError) as exc:
            self.app.call_from_thread(
                self.notify, f"Not added: {visible(str(exc))}", severity="error", markup=False
            )
            return
        try:  # the file as it is now, with the event: the next one is added after it
            self._stamp = FileStamp.of(path)
        except (OSError, TimelineError):
            self._stamp = None
        self.app.call_from_thread(
            self.notify, f"Added {', '.join(ids)} to {name}.", title="Added", markup=False
        )

    def action_close(self) -> None:
        """Back to the timeline."""
        self.dismiss(None)


def open_planner(screen: MainScreen) -> None:
    """Open the meeting planner for the event under ``screen``'s cursor (its people, on its
    day), or the actor filter's people."""
    timeline = screen.timeline
    if timeline is None:
        return
    zone, now = screen.display_zone, int(screen.options.now())
    chosen = screen.timeline_list.highlighted_event_id  # the cursor itself, as for e
    start = planner_start(timeline, chosen, screen.filters.actors, zone, now)
    planner = PlannerScreen(start, display_zone=zone, options=screen.options, timeline=timeline)
    screen.app.push_screen(planner)
