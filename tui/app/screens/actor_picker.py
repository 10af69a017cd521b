"""The actor picker: choose an actor by name, alias or id in the generic fuzzy picker."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from tui.app.screens.picker import FuzzyPicker, PickerItem
from tui.core.model import Timeline


def actor_items(
    timeline: Timeline, active: Iterable[str], counts: Mapping[str, int] | None = None
) -> list[PickerItem]:
    """Picker choices for a timeline's actors, busiest first, with roles and event counts.

    Args:
        timeline: The timeline.
        active: Ids of the actors already filtered on.
        counts: Events per actor id; by default, the events naming the actor directly.

    Returns:
        One choice per actor.
    """
    if counts is None:
        counts = Counter(aid for event in timeline.events for aid in event.actors)
    chosen = set(active)
    items = []
    for aid, actor in timeline.actors.items():
        n = counts.get(aid, 0)
        detail = " · ".join(
            part for part in (actor.role, f"{n} event{'s' if n != 1 else ''}") if part
        )
        if actor.aliases:
            detail += " · also " + ", ".join(actor.aliases)
        items.append(
            PickerItem(aid, actor.name, detail, (actor.name, *actor.aliases, aid), aid in chosen)
        )
    items.sort(key=lambda item: (-counts.get(item.key, 0), item.label.lower()))
    return items


class ActorPicker(FuzzyPicker):
    """Choose an actor by name, alias or id; several actors mean events with all of them.

    Actors already in the filters are ticked and listed first: Enter on one removes it,
    Ctrl+O keeps only it.
    """

    TITLE_TEXT = "Filter by actor"
    PLACEHOLDER = "name or alias (Zelensky, Putin…)"

    def __init__(
        self,
        timeline: Timeline,
        active: Iterable[str] = (),
        counts: Mapping[str, int] | None = None,
    ) -> None:
        """Create the picker.

        Args:
            timeline: The timeline whose actors are offered.
            active: Ids of the actors already filtered on.
            counts: Events per actor id (through groups, as the filter counts them).
        """
        super().__init__(actor_items(timeline, active, counts))
