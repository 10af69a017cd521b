"""Tests for the detail pane, driven headlessly in a tiny host app."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import OptionList, Static

from tui.app.widgets.detail import DetailPane, confidence_class
from tui.core.loader import load_text
from tui.core.model import Instant, Timeline

YAML = """
title: Detail test
timezone: Europe/Brussels
actors:
  trump: {name: Donald Trump, role: President of the United States, timezone: America/New_York}
  putin: {name: Vladimir Putin, role: President of Russia, timezone: Europe/Moscow}
  zelensky: {name: Volodymyr Zelensky, role: President of Ukraine, timezone: Europe/Kyiv}
  caine: {name: Dan Caine, timezone: America/New_York}
  grynkewich: {name: Alexus Grynkewich, timezone: Europe/Brussels}
  chods:
    name: NATO chiefs of defence
    kind: group
    members: [caine, grynkewich]
events:
  - id: alaska
    title: Trump–Putin summit in Alaska
    start: 2025-08-15 11:26
    end: 2025-08-15 14:15
    scheduled_start: 2025-08-15 11:00
    timezone: America/Anchorage
    location: Joint Base Elmendorf–Richardson, Anchorage
    actors: [trump, putin]
    tags: [summit, russia]
    summary: The two presidents met for about three hours.
    notes: ["Some outlets reported 11:00; it began at 11:26."]
    confidence: verified
    sources:
      - title: Summit report
        publisher: Example News
        url: https://example.org/alaska
        quote: They met.
      - https://example.org/second
  - id: vtc
    title: NATO chiefs of defence VTC
    start: 2025-08-20 14:30
    end: 2025-08-20 15:30
    timezone: Europe/Brussels
    actors: [chods, zelensky]
    confidence: single-source
  - id: vtc-briefing
    title: Briefing by SACEUR
    start: 2025-08-20 14:35
    timezone: Europe/Brussels
    parent: vtc
  - id: hague
    title: NATO summit in The Hague
    start: 2025-06-24
    end: 2025-06-25
    timezone: Europe/Amsterdam
"""

TIMELINE = load_text(YAML, "t.yaml")
DAY = 86400


def utc_of(event_id: str) -> int:
    start = TIMELINE.by_id[event_id].start
    assert isinstance(start, Instant)
    return start.utc


class Host(App[None]):
    """A tiny app holding only the pane, recording the messages it posts."""

    def __init__(self) -> None:
        super().__init__()
        self.picked: list[str] = []

    def compose(self) -> ComposeResult:
        yield DetailPane(id="detail")

    def on_detail_pane_actor_selected(self, message: DetailPane.ActorSelected) -> None:
        assert message.control is self.query_one(DetailPane)
        self.picked.append(message.actor_id)


def text_of(pane: DetailPane, widget_id: str) -> str:
    widget = pane.query_one(f"#{widget_id}", Static)
    assert widget.display, f"#{widget_id} is hidden"
    content = widget.content
    return content.plain if isinstance(content, Content) else str(content)


def show(pane: DetailPane, event_id: str | None, timeline: Timeline = TIMELINE) -> None:
    event = None if event_id is None else timeline.by_id[event_id]
    now = utc_of("vtc") + 95 * DAY
    pane.display_zone = "America/New_York"
    pane.show(event, timeline, now)


async def test_empty_state() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.query_one(DetailPane)
        assert pane.event is None
        assert text_of(pane, "detail-empty") == "No event selected"
        assert not pane.query_one("#detail-title").display
        assert not pane.query_one("#detail-actors").display
        show(pane, "vtc")
        await pilot.pause()
        assert not pane.query_one("#detail-empty").display
        show(pane, None)
        await pilot.pause()
        assert pane.query_one("#detail-empty").display
        assert not pane.query_one("#detail-facts").display


async def test_show_before_mount_is_applied_on_mount() -> None:
    pane = DetailPane()
    show(pane, "vtc")

    class Later(App[None]):
        def compose(self) -> ComposeResult:
            yield pane

    async with Later().run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert text_of(pane, "detail-title") == "NATO chiefs of defence VTC"


async def test_times_in_own_and_display_zone() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.query_one(DetailPane)
        show(pane, "vtc")
        await pilot.pause()
        assert text_of(pane, "detail-title") == "NATO chiefs of defence VTC"
        facts = text_of(pane, "detail-facts")
        assert "Wed 20 Aug 2025 14:30–15:30 CEST" in facts
        assert "Brussels time, UTC+02:00 (the event's zone)" in facts
        assert "Wed 20 Aug 2025 08:30–09:30 EDT" in facts
        assert "New York time, UTC-04:00" in facts
        assert "3 months 3 days ago" in facts
        assert "Duration  1 h" in facts


async def test_display_zone_line_is_not_repeated_when_it_is_the_event_zone() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.query_one(DetailPane)
        event = TIMELINE.by_id["vtc"]
        pane.display_zone = "Europe/Brussels"
        pane.show(event, TIMELINE, utc_of("vtc") + 1800)
        await pilot.pause()
        facts = text_of(pane, "detail-facts")
        assert "Display" not in facts
        assert "under way (began 30 minutes ago)" in facts


async def test_schedule_location_tags_notes_confidence() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.query_one(DetailPane)
        show(pane, "alaska")
        await pilot.pause()
        facts = text_of(pane, "detail-facts")
        assert "scheduled 11:00 AKDT, began 11:26 AKDT (+26 min)" in facts
        assert "Duration  2 h 49 min" in facts
        assert "Where     Joint Base Elmendorf–Richardson, Anchorage" in facts
        assert "#summit #russia" in facts
        assert text_of(pane, "detail-summary") == "The two presidents met for about three hours."
        assert "Some outlets reported 11:00; it began at 11:26." in text_of(pane, "detail-notes")
        assert text_of(pane, "detail-confidence") == "confidence: verified"
        assert pane.query_one("#detail-confidence").has_class("-verified")
        # a different label replaces the class
        show(pane, "vtc")
        await pilot.pause()
        confidence = pane.query_one("#detail-confidence")
        assert confidence.has_class("-single-source")
        assert not confidence.has_class("-verified")
        assert not pane.query_one("#detail-notes").display


async def test_sources_are_terminal_hyperlinks() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.query_one(DetailPane)
        show(pane, "alaska")
        await pilot.pause()
        assert pane.query_one("#detail-sources-heading").display
        sources = pane.query_one("#detail-sources", Static).content
        assert isinstance(sources, Content)
        assert sources.plain.splitlines() == [
            "1. Summit report — Example News",
            "   https://example.org/alaska",
            "   “They met.”",
            "2. https://example.org/second",
        ]
        links = {
            sources.plain[span.start : span.end]: getattr(span.style, "link", None)
            for span in sources.spans
            if getattr(span.style, "link", None)
        }
        assert links == {
            "https://example.org/alaska": "https://example.org/alaska",
            "https://example.org/second": "https://example.org/second",
        }
        show(pane, "vtc")
        await pilot.pause()
        assert not pane.query_one("#detail-sources-heading").display
        assert not pane.query_one("#detail-sources").display


async def test_parent_and_agenda() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.query_one(DetailPane)
        show(pane, "vtc")
        await pilot.pause()
        context = text_of(pane, "detail-context")
        assert "Agenda    1 item" in context
        assert "08:35 EDT  Briefing by SACEUR" in context
        show(pane, "vtc-briefing")
        await pilot.pause()
        assert text_of(pane, "detail-context") == (
            "Part of   NATO chiefs of defence VTC · Wed 20 Aug 2025 08:30 EDT"
        )


async def test_calendar_date_event() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.query_one(DetailPane)
        show(pane, "hague")
        await pilot.pause()
        facts = text_of(pane, "detail-facts")
        assert "Tue 24 Jun 2025 – Wed 25 Jun 2025" in facts
        assert "a calendar date: the same day in every zone" in facts
        assert "Duration  2 days" in facts
        assert "5 months ago" in facts
        assert not pane.query_one("#detail-actors").display


async def test_actors_listed_with_roles() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.query_one(DetailPane)
        show(pane, "vtc")
        await pilot.pause()
        actors = pane.query_one("#detail-actors", OptionList)
        prompts = []
        for i in range(actors.option_count):
            option = actors.get_option_at_index(i)
            prompt = option.prompt
            prompts.append((option.id, prompt.plain if isinstance(prompt, Content) else prompt))
        assert prompts == [
            ("chods", "NATO chiefs of defence · group of 2"),
            ("zelensky", "Volodymyr Zelensky · President of Ukraine · Kyiv"),
        ]


async def test_actor_selected_by_keyboard() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.query_one(DetailPane)
        show(pane, "alaska")
        await pilot.pause()
        # Tab reaches the list of participants (the pane itself may take focus first)
        for _ in range(3):
            if isinstance(app.focused, OptionList):
                break
            await pilot.press("tab")
        assert app.focused is pane.query_one("#detail-actors")
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.picked == ["putin"]


async def test_actor_selected_by_click() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.query_one(DetailPane)
        show(pane, "alaska")
        await pilot.pause()
        actors = pane.query_one("#detail-actors", OptionList)
        assert await pilot.click(actors, offset=(2, 0))
        await pilot.pause()
        assert app.picked == ["trump"]


def test_confidence_class() -> None:
    assert confidence_class("verified") == "-verified"
    assert confidence_class("Single source!") == "-single-source"
    assert confidence_class("???") == "-unknown"
