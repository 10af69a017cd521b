"""The command palette's explorer commands (Ctrl+P).

Jump to an event by title, filter by an actor, pin a zone or show times in it, toggle the
time card and change the theme. The provider only calls the screen's public methods (see
:class:`Explorer`); it holds no state of its own.

Titles and names come from the file, so every hit is built as :class:`~textual.content.Content`
(shown as written) rather than a string: the palette reads a string prompt or help text as
markup, where a title such as ``[/]`` would stop the explorer.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Protocol, runtime_checkable

from rapidfuzz import fuzz, process
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from tui.core.model import Timeline
from tui.core.safetext import visible
from tui.core.zonesearch import search_zones

MAX_EVENT_HITS = 12
"""Events offered per query (the palette is for jumping, not for browsing)."""
MAX_ZONE_HITS = 4
_ZONE_WORDS = frozenset({"pin", "zone", "display", "show", "times", "in", "set", "tz"})


@runtime_checkable
class Explorer(Protocol):
    """What the palette needs from the screen it was opened on."""

    @property
    def timeline(self) -> Timeline | None:
        """The timeline on screen."""
        ...

    def jump_to_event(self, event_id: str) -> None:
        """Put the cursor on an event."""
        ...

    def filter_by_actor(self, actor_id: str) -> None:
        """Add an actor to the filters."""
        ...

    def pin_zone(self, zone: str) -> None:
        """Pin a zone to the time card."""
        ...

    def set_display_zone(self, zone: str) -> None:
        """Show times in a zone."""
        ...

    def action_toggle_card(self) -> None:
        """Show or hide the time card."""
        ...

    def action_zones(self) -> None:
        """Open the zone picker."""
        ...

    def action_pick_actor(self) -> None:
        """Open the actor picker."""
        ...

    def action_export_view(self) -> None:
        """Export the events on screen."""
        ...


class TimelineCommands(Provider):
    """Explorer commands for the command palette."""

    @property
    def _explorer(self) -> Explorer | None:
        screen = self.screen
        return screen if isinstance(screen, Explorer) else None

    async def discover(self) -> Hits:
        """The commands shown before anything is typed."""
        explorer = self._explorer
        if explorer is None:
            return
        yield DiscoveryHit("Toggle the time card", explorer.action_toggle_card)
        yield DiscoveryHit("Pin a zone or change the display zone…", explorer.action_zones)
        yield DiscoveryHit("Filter by actor…", explorer.action_pick_actor)
        yield DiscoveryHit("Export view…", explorer.action_export_view)
        yield DiscoveryHit("Change theme…", self.app.action_change_theme)

    async def search(self, query: str) -> Hits:
        """Commands, events, actors, zones and themes matching ``query``."""
        explorer = self._explorer
        if explorer is None:
            return
        matcher = self.matcher(query)

        def hit(
            text: str, command: Callable[[], object], help_text: str | None = None
        ) -> Hit | None:
            score = matcher.match(text)
            if score <= 0:
                return None
            return Hit(score, _prompt(matcher, text, help_text), command, text=text)

        fixed = [
            ("Toggle the time card", explorer.action_toggle_card),
            ("Pin a zone or change the display zone…", explorer.action_zones),
            ("Filter by actor…", explorer.action_pick_actor),
            ("Export view…", explorer.action_export_view),
        ]
        for text, command in fixed:
            if (found := hit(text, command)) is not None:
                yield found
        timeline = explorer.timeline
        if timeline is not None:
            for found in self._event_hits(explorer, timeline, query):
                yield found
            for actor in timeline.actors.values():
                names = visible(" / ".join((actor.name, *actor.aliases)), one_line=True)
                command = partial(explorer.filter_by_actor, actor.id)
                role = visible(actor.role, one_line=True) if actor.role else None
                if (found := hit(f"Filter by actor: {names}", command, role)) is not None:
                    yield found
        for found in self._zone_hits(explorer, query):
            yield found
        for name in sorted(self.app.available_themes):
            command = partial(setattr, self.app, "theme", name)
            if (found := hit(f"Theme: {name}", command)) is not None:
                yield found

    def _event_hits(self, explorer: Explorer, timeline: Timeline, query: str) -> list[Hit]:
        """Events whose titles match best (rapidfuzz, so 100,000 titles stay quick)."""
        if len(query.strip()) < 2:
            return []
        titles = [event.title for event in timeline.events]
        found = process.extract(
            query, titles, scorer=fuzz.partial_ratio, limit=MAX_EVENT_HITS, score_cutoff=75
        )
        matcher = self.matcher(query)
        hits = []
        for title, score, position in found:
            event = timeline.events[position]
            text = f"Jump to: {visible(title, one_line=True)}"
            hits.append(
                Hit(
                    score / 100,
                    _prompt(matcher, text, visible(event.id, one_line=True)),
                    partial(explorer.jump_to_event, event.id),
                    text=text,
                )
            )
        return hits

    def _zone_hits(self, explorer: Explorer, query: str) -> list[Hit]:
        """Pin/display commands for the zones matching the query's non-command words."""
        words = [w for w in query.lower().split() if w not in _ZONE_WORDS]
        if not words or len(" ".join(words)) < 2:
            return []
        hits = []
        for record in search_zones(" ".join(words), limit=MAX_ZONE_HITS):
            label = f"{record.city} ({record.key})"
            for verb, command in (
                ("Pin zone", partial(explorer.pin_zone, record.key)),
                ("Show times in", partial(explorer.set_display_zone, record.key)),
            ):
                text = f"{verb}: {label}"
                hits.append(Hit(0.5, Content(text), command, text=text))
        return hits


def _prompt(matcher: Matcher, text: str, help_text: str | None = None) -> Content:
    """A hit's prompt: ``text`` with the matched letters highlighted, then muted help.

    Textual's :meth:`Matcher.highlight <textual.fuzzy.Matcher.highlight>` reads ``text``
    as markup; this builds the same highlight over the literal text.

    Args:
        matcher: The palette's matcher for the query.
        text: The hit's text (already made visible: it may quote the file).
        help_text: A second, muted line (already made visible), if any.

    Returns:
        Content the palette shows as it is.
    """
    content = Content(text)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    if help_text:
        content = Content("\n").join((content, Content.styled(help_text, "dim")))
    return content
