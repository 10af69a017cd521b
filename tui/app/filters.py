"""The explorer's filters as a stack, in plain Python (no Textual here).

The user narrows the timeline step by step (a search, an actor, a tag, a date range) and
``Escape`` takes back the last step. :class:`FilterStack` keeps the steps in the order they
were taken, is immutable (so a worker thread can hold one safely), and turns into the
core's :class:`~tui.core.query.Filter`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from tui.core.model import CalendarDate
from tui.core.query import Filter
from tui.core.timeparse import TimeValueError, parse_date

FilterKind = Literal["search", "actor", "tag", "dates"]


class DateRangeError(ValueError):
    """A date range the user typed cannot be read; ``message`` says how to write it."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class DateRange:
    """A range of calendar days, either end open.

    Attributes:
        since: First day included, or ``None`` for no lower bound.
        until: Last day included, or ``None`` for no upper bound.
        text: The range as the user wrote it (normalised), for display.
    """

    since: date | None
    until: date | None
    text: str


HOW_TO_WRITE = "try 2025-08-15..2025-08-20, 2025-08 or ..2025-06-30"


def _calendar(text: str) -> CalendarDate:
    """One end of a range, in the core's date grammar (the one ``--since`` reads)."""
    try:
        return parse_date(text)
    except TimeValueError as exc:
        raise DateRangeError(f"{exc.message}; {HOW_TO_WRITE}") from None


def parse_date_range(text: str) -> DateRange:
    """Read a date range as typed in the explorer.

    Accepted: ``2025-08-15..2025-08-20``, one day ``2025-08-15``, a month ``2025-08``, a
    year ``2025``, and open ends ``..2025-06-30`` or ``2025-06-01..``. Months and years
    cover all their days, at either end. Each date is read by
    :func:`~tui.core.timeparse.parse_date`, as ``timeline list --since`` reads it.

    Args:
        text: What the user typed.

    Returns:
        The range.

    Raises:
        DateRangeError: The text is not a range; the message says how to write one.
    """
    raw = text.strip().replace("–", "..").replace("—", "..")
    if not raw or raw == "..":
        raise DateRangeError(f"no dates given; {HOW_TO_WRITE}")
    if ".." in raw:
        left, _, right = raw.partition("..")
        left, right = left.strip(), right.strip()
        if ".." in right:
            raise DateRangeError(f"use '..' once; {HOW_TO_WRITE}")
        first = _calendar(left) if left else None
        last = _calendar(right) if right else None
    else:
        first = last = _calendar(raw)
    since = first.first_day() if first else None
    until = last.last_day() if last else None
    if since is not None and until is not None and until < since:
        raise DateRangeError(f"the range ends ({until}) before it starts ({since})")
    return DateRange(since, until, raw.replace(" ", ""))


@dataclass(frozen=True, slots=True)
class FilterStep:
    """One step of narrowing.

    Attributes:
        kind: Which kind of filter.
        value: The search text, actor id, tag or date range text.
        dates: The parsed range, for ``dates`` steps.
    """

    kind: FilterKind
    value: str
    dates: DateRange | None = None


@dataclass(frozen=True, slots=True)
class FilterStack:
    """The filters in force, in the order they were applied; immutable.

    There is at most one search step and one date-range step (changing either moves it to
    the top); actors and tags accumulate, and an event must match all of them.
    """

    steps: tuple[FilterStep, ...] = ()

    # --- reading -------------------------------------------------------------------------
    @property
    def is_empty(self) -> bool:
        """True when nothing is filtered."""
        return not self.steps

    @property
    def search(self) -> str:
        """The search text ('' when none)."""
        return next((s.value for s in self.steps if s.kind == "search"), "")

    @property
    def actors(self) -> tuple[str, ...]:
        """Actor ids that must all take part."""
        return tuple(s.value for s in self.steps if s.kind == "actor")

    @property
    def tags(self) -> tuple[str, ...]:
        """Tags that must all be present."""
        return tuple(s.value for s in self.steps if s.kind == "tag")

    @property
    def dates(self) -> DateRange | None:
        """The date range, if any."""
        return next((s.dates for s in self.steps if s.kind == "dates"), None)

    def to_filter(self, zone: str | None = None) -> Filter:
        """The core filter for these steps.

        Args:
            zone: Canonical key of the display zone, whose calendar the date range is
                read in (``None``: each event's own zone).
        """
        dates = self.dates
        return Filter(
            text=self.search,
            actors=self.actors,
            tags=self.tags,
            since=dates.since if dates else None,
            until=dates.until if dates else None,
            zone=zone,
        )

    def describe(self, actor_name: Callable[[str], str] = str) -> str:
        """The filters as one line: ``search: chiefs · actor: Putin · tag: summit``.

        Args:
            actor_name: Turns an actor id into the name to show.

        Returns:
            The line, or ``""`` when nothing is filtered.
        """
        parts: list[str] = []
        for step in self.steps:
            if step.kind == "actor":
                parts.append(f"actor: {actor_name(step.value)}")
            elif step.kind == "search":
                parts.append(f"search: {step.value}")
            else:
                parts.append(f"{'date' if step.kind == 'dates' else step.kind}: {step.value}")
        return " · ".join(parts)

    # --- changing (each returns a new stack) ----------------------------------------------
    def _without(self, kind: FilterKind, value: str | None = None) -> tuple[FilterStep, ...]:
        return tuple(
            s for s in self.steps if not (s.kind == kind and (value is None or s.value == value))
        )

    def with_search(self, text: str) -> FilterStack:
        """Set the search text; an existing search keeps its place, blank text removes it."""
        text = text.strip()
        if not text:
            return FilterStack(self._without("search"))
        for i, step in enumerate(self.steps):
            if step.kind == "search":
                steps = list(self.steps)
                steps[i] = replace(step, value=text)
                return FilterStack(tuple(steps))
        return FilterStack((*self.steps, FilterStep("search", text)))

    def with_actor(self, actor_id: str) -> FilterStack:
        """Also require ``actor_id`` (no change if already required)."""
        if actor_id in self.actors:
            return self
        return FilterStack((*self.steps, FilterStep("actor", actor_id)))

    def without_actor(self, actor_id: str) -> FilterStack:
        """Stop requiring ``actor_id``."""
        return FilterStack(self._without("actor", actor_id))

    def only_actor(self, actor_id: str) -> FilterStack:
        """Require ``actor_id`` instead of every actor required so far."""
        return FilterStack((*self._without("actor"), FilterStep("actor", actor_id)))

    def with_tag(self, tag: str) -> FilterStack:
        """Also require ``tag`` (no change if already required)."""
        if tag.lower() in (t.lower() for t in self.tags):
            return self
        return FilterStack((*self.steps, FilterStep("tag", tag)))

    def without_tag(self, tag: str) -> FilterStack:
        """Stop requiring ``tag``."""
        return FilterStack(self._without("tag", tag))

    def with_dates(self, dates: DateRange) -> FilterStack:
        """Set the date range (replacing any other; it becomes the last step)."""
        return FilterStack((*self._without("dates"), FilterStep("dates", dates.text, dates)))

    def pop(self) -> FilterStack:
        """Take back the last step."""
        return FilterStack(self.steps[:-1])

    def keep_actors(self, known: Callable[[str], bool]) -> FilterStack:
        """Drop actor steps naming actors that no longer exist (after a reload)."""
        return FilterStack(tuple(s for s in self.steps if s.kind != "actor" or known(s.value)))
