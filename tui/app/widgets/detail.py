"""The detail pane: everything known about one event, in reading order.

The screen sets the event with :meth:`DetailPane.show`; the pane only posts
:class:`DetailPane.ActorSelected` when the user picks a participant (click, or Tab to the
list and Enter). It never reaches into sibling widgets and does no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.style import Style
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...core.display import (
    date_text,
    describe_when,
    duration_text,
    relative,
    schedule_lines,
    span_text,
    time_text,
)
from ...core.model import Actor, Event, Instant, Source, Timeline
from ...core.safetext import visible
from ...core.zones import city_name, format_offset, offset_seconds
from ..safety import web_link

_LABEL_WIDTH = 10
_MAX_AGENDA = 8


def _label(text: str) -> tuple[str, str]:
    return (f"{text:<{_LABEL_WIDTH}}", "$text-muted")


def _indent() -> str:
    return " " * _LABEL_WIDTH


def _one_line(text: str) -> str:
    """A name, title or label from the file, safe to show on one line."""
    return visible(text, one_line=True)


def _agenda_when(event: Event, zone_key: str) -> str:
    """A short start for an agenda line: ``11:00 AKDT``, or ``24 Jun`` for a date."""
    start = event.start
    if isinstance(start, Instant):
        return time_text(start, zone_key)
    if start.day is not None:
        return date_text(start.first_day(), weekday=False, year=False)
    return describe_when(start, zone_key)


def confidence_class(label: str) -> str:
    """The CSS class for a confidence label: ``verified`` -> ``-verified``.

    Args:
        label: The label as written in the file.

    Returns:
        ``-`` followed by the label folded to lower-case letters, digits and hyphens.
    """
    slug = re.sub(r"[^a-z0-9-]+", "-", label.strip().lower()).strip("-")
    return f"-{slug or 'unknown'}"


class DetailPane(VerticalScroll):
    """Shows one event: times in several zones, people, context, notes and sources.

    Focus moves with Tab to the list of participants; Enter (or a click) on one posts
    :class:`DetailPane.ActorSelected`.
    """

    # only what the pane needs to lay out its sections; their looks are in the app's stylesheet
    DEFAULT_CSS = """
    DetailPane {
        padding: 0 1;

        & > Static {
            height: auto;
            width: 1fr;
        }
        & > .detail--section {
            margin-top: 1;
        }
        & > .detail--heading {
            margin-top: 1;
        }
        & > #detail-empty {
            width: 1fr;
            height: 1fr;
            content-align: center middle;
        }
        & > #detail-title {
            padding: 0;
        }
        /* no frame: the participants sit flush in the pane, one line each */
        & > #detail-actors {
            height: auto;
            max-height: 12;
            border: none;
            padding: 0;
        }
        & > #detail-notes {
            margin-top: 1;
            padding: 0 1;
        }
        & > #detail-confidence {
            margin-top: 1;
            height: 1;
            width: auto;
            padding: 0 1;
        }
    }
    """

    @dataclass
    class DetailPaneMessage(Message):
        """What every message of the pane carries: the pane it came from."""

        detail_pane: DetailPane
        """The pane that sent the message."""

        @property
        def control(self) -> DetailPane:
            """The pane that sent the message (what ``@on(..., "#selector")`` matches)."""
            return self.detail_pane

    @dataclass
    class ActorSelected(DetailPaneMessage):
        """The user picked a participant of the shown event."""

        actor_id: str
        """The chosen actor's id (a key of ``Timeline.actors``)."""

    display_zone: reactive[str] = reactive("UTC", init=False)
    """Canonical key of the zone the user reads times in (bound to the screen's)."""

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Create an empty pane.

        Args:
            name: The widget's name.
            id: The widget's id.
            classes: CSS classes.
        """
        super().__init__(name=name, id=id, classes=classes)
        self.event: Event | None = None
        """The event shown, or ``None``."""
        self._timeline: Timeline | None = None
        self._now_utc = 0

    def compose(self) -> ComposeResult:
        """The sections, in reading order; empty ones are hidden."""
        yield Static("No event selected", id="detail-empty")
        yield Static(id="detail-title")
        yield Static(id="detail-facts", classes="detail--section")
        yield Static("Who", id="detail-actors-heading", classes="detail--heading")
        yield OptionList(id="detail-actors")
        yield Static(id="detail-context", classes="detail--section")
        yield Static(id="detail-summary", classes="detail--section")
        yield Static(id="detail-notes")
        yield Static(id="detail-confidence")
        yield Static("Sources", id="detail-sources-heading", classes="detail--heading")
        yield Static(id="detail-sources")

    def on_mount(self) -> None:
        self._render_event()

    def watch_display_zone(self) -> None:
        if self.is_mounted:
            self._render_event()

    def show(self, event: Event | None, timeline: Timeline, now_utc: int) -> None:
        """Show an event (or the empty state for ``None``), its times in the display zone.

        Args:
            event: The event, or ``None`` for "No event selected".
            timeline: The timeline it belongs to (for actors, parent and agenda).
            now_utc: The current time in UTC seconds, for "3 months ago".
        """
        if event is self.event and timeline is self._timeline and now_utc == self._now_utc:
            return  # shown already: rebuilding its sections would lay out the screen again
        self.event = event
        self._timeline = timeline
        self._now_utc = now_utc
        if self.is_mounted:
            self._render_event()
            self.scroll_home(animate=False)

    # --- rendering ------------------------------------------------------------------------

    def _section(self, widget_id: str, content: Content | None) -> None:
        widget = self.query_one(f"#{widget_id}", Static)
        if content is None or not content.plain.strip():
            widget.display = False
            return
        widget.update(content)
        widget.display = True

    def _render_event(self) -> None:
        event, timeline = self.event, self._timeline
        empty = event is None or timeline is None
        self.query_one("#detail-empty", Static).display = empty
        for child in self.children:
            if child.id != "detail-empty":
                child.display = not empty
        if event is None or timeline is None:
            return
        self._section("detail-title", Content(_one_line(event.title)))
        self._section("detail-facts", self._facts(event))
        self._show_actors(event, timeline)
        self._section("detail-context", self._context_lines(event, timeline))
        summary = Content(visible(event.summary)) if event.summary else None
        self._section("detail-summary", summary)
        notes = None
        if event.notes:
            notes = Content("\n").join(
                Content.assemble(("Note ", "bold $text-warning"), visible(note))
                for note in event.notes
            )
        self._section("detail-notes", notes)
        confidence = self.query_one("#detail-confidence", Static)
        for cls in [c for c in confidence.classes if c.startswith("-")]:
            confidence.remove_class(cls)
        label = event.confidence.strip() if event.confidence else ""
        if label:
            confidence.add_class(confidence_class(label))
        shown = Content(f"confidence: {_one_line(label)}") if label else None
        self._section("detail-confidence", shown)
        sources = self._sources(event)
        self._section("detail-sources", sources)
        self.query_one("#detail-sources-heading", Static).display = sources is not None

    def _own_zone(self, event: Event) -> str:
        if event.timezone:
            return event.timezone
        if isinstance(event.start, Instant):
            return event.start.zone
        return self.display_zone

    def _facts(self, event: Event) -> Content:
        display = self.display_zone
        own = self._own_zone(event)
        lines: list[Content] = []
        if isinstance(event.start, Instant):
            utc = event.start.utc
            lines.append(Content.assemble(_label("When"), (span_text(event, own), "bold")))
            lines.append(
                Content.assemble(
                    _indent(),
                    (
                        f"{city_name(own)} time, {format_offset(offset_seconds(own, utc))}"
                        " (the event's zone)",
                        "$text-muted",
                    ),
                )
            )
            if display != own:
                lines.append(Content.assemble(_label("Display"), span_text(event, display)))
                lines.append(
                    Content.assemble(
                        _indent(),
                        (
                            f"{city_name(display)} time, "
                            f"{format_offset(offset_seconds(display, utc))}",
                            "$text-muted",
                        ),
                    )
                )
        else:
            lines.append(Content.assemble(_label("When"), (span_text(event, own), "bold")))
            lines.append(
                Content.assemble(
                    _indent(), ("a calendar date: the same day in every zone", "$text-muted")
                )
            )
        lines.append(Content.assemble(_label("Relative"), (self._relative(event), "italic")))
        length = duration_text(event.start, event.end)
        if length:
            lines.append(Content.assemble(_label("Duration"), length))
        for i, line in enumerate(schedule_lines(event, own)):
            lines.append(Content.assemble(_label("Schedule" if i == 0 else ""), line))
        if event.location:
            lines.append(Content.assemble(_label("Where"), _one_line(event.location)))
        if event.tags:
            tags = Content(" ").join(
                Content.styled(f"#{_one_line(tag)}", "$text-accent") for tag in event.tags
            )
            lines.append(Content.assemble(_label("Tags"), tags))
        return Content("\n").join(lines)

    def _relative(self, event: Event) -> str:
        start, end, now = event.start, event.end, self._now_utc
        if isinstance(start, Instant) and isinstance(end, Instant) and start.utc <= now < end.utc:
            return f"under way (began {relative(start, now, self.display_zone)})"
        return relative(start, now, self.display_zone)

    def _show_actors(self, event: Event, timeline: Timeline) -> None:
        options = self.query_one("#detail-actors", OptionList)
        heading = self.query_one("#detail-actors-heading", Static)
        options.clear_options()
        prompts = [
            Option(self._actor_prompt(timeline.actors.get(aid), aid, timeline), id=aid)
            for aid in dict.fromkeys(event.actors)
        ]
        options.add_options(prompts)
        options.display = heading.display = bool(prompts)
        if prompts:
            options.highlighted = 0

    @staticmethod
    def _actor_prompt(actor: Actor | None, actor_id: str, timeline: Timeline) -> Content:
        if actor is None:
            return Content.assemble((_one_line(actor_id), "bold"))
        extra: list[str] = []
        if actor.role:
            extra.append(_one_line(actor.role))
        if actor.is_group:
            count = sum(1 for m in timeline.members_of.get(actor.id, ()) if m in timeline.actors)
            extra.append(f"group of {count}")
        if actor.timezone:
            extra.append(city_name(actor.timezone))
        return Content.assemble(
            (_one_line(actor.name), "bold"),
            (" · " + " · ".join(extra), "$text-muted") if extra else "",
        )

    @on(OptionList.OptionSelected, "#detail-actors")
    def _actor_chosen(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        if message.option.id is not None:
            self.post_message(self.ActorSelected(self, message.option.id))

    def _context_lines(self, event: Event, timeline: Timeline) -> Content | None:
        lines: list[Content] = []
        display = self.display_zone
        if event.parent is not None:
            parent = timeline.by_id.get(event.parent)
            if parent is None:
                lines.append(Content.assemble(_label("Part of"), _one_line(event.parent)))
            else:
                lines.append(
                    Content.assemble(
                        _label("Part of"),
                        (_one_line(parent.title), "bold"),
                        (f" · {describe_when(parent.start, display)}", "$text-muted"),
                    )
                )
        kids = [
            timeline.by_id[k] for k in timeline.children.get(event.id, ()) if k in timeline.by_id
        ]
        if kids:
            noun = "item" if len(kids) == 1 else "items"
            lines.append(Content.assemble(_label("Agenda"), f"{len(kids)} {noun}"))
            for kid in kids[:_MAX_AGENDA]:
                when = _agenda_when(kid, display)
                lines.append(
                    Content.assemble(
                        _indent(), (f"{when:<10} ", "$text-muted"), _one_line(kid.title)
                    )
                )
            if len(kids) > _MAX_AGENDA:
                lines.append(Content.assemble(_indent(), f"… and {len(kids) - _MAX_AGENDA} more"))
        return Content("\n").join(lines) if lines else None

    @staticmethod
    def _sources(event: Event) -> Content | None:
        if not event.sources:
            return None
        return Content("\n").join(_source_lines(n, src) for n, src in enumerate(event.sources, 1))


def _source_lines(number: int, source: Source) -> Content:
    """A numbered source: title and publisher, then its URL, then any quote.

    The URL is a live link only when it is a plain ``http``/``https`` address
    (:func:`~tui.app.safety.web_link`); anything else is shown as text.
    """
    head: list[str | tuple[str, str | Style]] = []
    if source.title:
        head.append((_one_line(source.title), "bold"))
    if source.publisher:
        publisher = _one_line(source.publisher)
        head.append(f" — {publisher}" if source.title else publisher)
    lines: list[Content] = []
    if head:
        lines.append(Content.assemble((f"{number}. ", "$text-muted"), *head))
    if source.url:
        shown = _one_line(source.url)
        target = web_link(source.url)
        if target is None:
            url = Content(shown)
        else:
            url = Content.styled(shown, Style(link=target)).stylize("$text-accent underline")
        lead = "   " if lines else f"{number}. "
        lines.append(Content.assemble((lead, "$text-muted"), url))
    if source.quote:
        lines.append(Content.assemble("   ", (f"“{visible(source.quote)}”", "italic")))
    return Content("\n").join(lines)
