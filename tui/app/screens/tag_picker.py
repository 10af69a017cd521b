"""The tag picker: the generic fuzzy picker over the timeline's tags."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from tui.app.screens.picker import FuzzyPicker, PickerItem
from tui.core.model import Timeline


def tag_items(timeline: Timeline, active: Iterable[str]) -> list[PickerItem]:
    """Picker choices for a timeline's tags, most used first, with event counts.

    Tags are matched case-insensitively, so ``Summit`` and ``summit`` are one choice (the
    first spelling seen is shown).
    """
    counts: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    for event in timeline.events:
        for tag in event.tags:
            key = tag.lower()
            counts[key] += 1
            spelling.setdefault(key, tag)
    chosen = {tag.lower() for tag in active}
    items = [
        PickerItem(
            spelling[key],
            spelling[key],
            f"{n} event{'s' if n != 1 else ''}",
            (spelling[key],),
            key in chosen,
        )
        for key, n in counts.items()
    ]
    items.sort(key=lambda item: (-counts[item.key.lower()], item.key.lower()))
    return items


class TagPicker(FuzzyPicker):
    """Choose a tag; several tags mean events with all of them.

    Tags already in the filters are ticked and listed first: Enter on one removes it,
    Ctrl+O keeps only it.
    """

    TITLE_TEXT = "Filter by tag"
    PLACEHOLDER = "tag (summit, ukraine…)"

    def __init__(self, timeline: Timeline, active: Iterable[str] = ()) -> None:
        """Create the picker.

        Args:
            timeline: The timeline whose tags are offered.
            active: The tags already filtered on.
        """
        super().__init__(tag_items(timeline, active))
