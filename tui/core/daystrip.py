"""The 24-hour strip's vocabulary: the kinds of local hours and the glyph of each.

The time card and the meeting planner draw a day as a row of cells, one per half hour or
quarter hour, each showing what that moment is for someone: night, morning or evening, or
working time, and whether it is in the slot being looked at. Both draw the same glyphs
from here, so a strip means the same thing on every screen and on the command line.
"""

from __future__ import annotations

from typing import Literal

HourKind = Literal["night", "shoulder", "work"]
"""What a local hour is for: ``night``, ``shoulder`` (morning and evening) or ``work``."""

WORK_HOURS = (8, 18)
"""Local hours the time card shades as working time: from 08:00 to 18:00."""
NIGHT_HOURS = (22, 6)
"""Local hours shaded as night: from 22:00 to 06:00."""

# Every kind of cell has a glyph of its own, so the strip reads without colour (NO_COLOR, a
# monochrome terminal, colour-blind eyes): colour only adds to what the shapes already say.
GLYPH_NIGHT = "·"
GLYPH_SHOULDER = "─"
GLYPH_WORK = "━"
GLYPH_SLOT = "█"
GLYPH_SLOT_NIGHT = "▓"
"""A slot's cells that fall in the local night: told apart from a daytime slot by shape."""
GLYPH_CONTINUES = "▸"

GLYPHS: dict[str, str] = {"night": GLYPH_NIGHT, "shoulder": GLYPH_SHOULDER, "work": GLYPH_WORK}
"""The glyph of each kind of hour outside a slot."""


def is_night(hour: int) -> bool:
    """Whether a local hour (0..23) is shaded as night."""
    night_from, night_to = NIGHT_HOURS
    return hour >= night_from or hour < night_to


def hour_kind(hour: int) -> HourKind:
    """``night``, ``work`` or ``shoulder`` (morning and evening) for a local hour.

    Args:
        hour: 0..23.

    Returns:
        The kind, which names the time card's component class ``timecard--<kind>``.
    """
    if is_night(hour):
        return "night"
    if WORK_HOURS[0] <= hour < WORK_HOURS[1]:
        return "work"
    return "shoulder"


def slot_glyph(kind: str) -> str:
    """The glyph of a slot's cell of this kind: a night cell has its own shape."""
    return GLYPH_SLOT_NIGHT if kind == "night" else GLYPH_SLOT
