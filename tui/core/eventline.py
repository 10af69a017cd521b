"""The line an event starts on in its file, found when someone wants to edit it.

The model does not keep positions (a large timeline would carry a number per event for a
question asked once in a while), so the line is looked for in the file's text on demand:

* a quick scan of the lines: a hand-written file lists its events as a block sequence, one
  ``- `` at the same indentation per event, and the n-th such line is event n. Trusted only
  when it finds exactly as many items as the timeline has events (a quoted scalar whose
  continuation line looks like an item, or a file edited since it was loaded, fails that);
* otherwise the reference reader's :class:`~tui.core.yamlsafe.Locator`, exact but a full
  parse (seconds for a file of tens of thousands of events).
"""

from __future__ import annotations

import re

from .yamlsafe import LINE_BREAK, Locator, YamlProblem

_EVENTS_KEY = re.compile(r"events[ \t]*:[ \t]*(?:#.*)?")
_ITEM = re.compile(r"( *)-(?:[ \t]|$)")
_SKIPPED = re.compile(r"[ \t]*(?:#.*)?")


def _scan(lines: list[str]) -> list[int] | None:
    """The 1-based lines of the ``events`` sequence's items, or ``None`` when not block style."""
    try:
        at = next(i for i, line in enumerate(lines) if _EVENTS_KEY.fullmatch(line))
    except StopIteration:
        return None
    items: list[int] = []
    indent: int | None = None
    for number, line in enumerate(lines[at + 1 :], at + 2):
        if _SKIPPED.fullmatch(line):
            continue  # blank lines and comments belong to nothing
        width = len(line) - len(line.lstrip(" "))
        if indent is None:
            item = _ITEM.match(line)
            if item is None:
                return None  # a flow sequence, or no events at all
            indent = width
        if width < indent:
            break
        if width == indent:
            if _ITEM.match(line) is None:
                break  # the next top-level key after a sequence written at column 1
            items.append(number)
    return items


def event_line(text: str, position: int, count: int) -> int:
    """The 1-based line where the ``position``-th event of the file's list starts.

    Args:
        text: The file's text.
        position: The event's index in the file's ``events`` list (``Event.order``).
        count: How many events the loaded timeline has: the quick scan must agree.

    Returns:
        The line (of the event's ``-``), or 1 when the text does not say (a file changed
        beyond recognition since it was loaded).
    """
    items = _scan(LINE_BREAK.split(text))  # lines as the reader counts them
    if items is not None and len(items) == count and 0 <= position < count:
        return items[position]
    try:
        return Locator(text).locate(("events", position))[0]
    except YamlProblem:  # pragma: no cover - the locator keeps what it found before a problem
        return 1
