"""A plan for people: the strips, windows and compromises as text, and the JSON contract.

Shared by ``timeline plan`` (text and JSON) and the explorer's planner screen (the cells of
its strips, the slot in every zone for an email), so both say the same thing the same way.
Names from the file are shown through :func:`~tui.core.safetext.visible`.
"""

from __future__ import annotations

import json

from .daystrip import GLYPH_SLOT, GLYPHS, HourKind, is_night, slot_glyph
from .display import date_text, seconds_text
from .localtime import local_datetime
from .planner import Interval, Plan, hours_text
from .safetext import json_safe, visible
from .zones import abbreviation, city_name

__all__ = [
    "axis_text",
    "cell_kind",
    "cell_starts",
    "plan_data",
    "plan_json",
    "plan_text",
    "slot_lines",
    "slot_text",
    "strip_text",
]


def _clock(utc: int, zone: str) -> str:
    local = local_datetime(utc, zone)
    return f"{local.hour:02d}:{local.minute:02d}"


def slot_text(slot: Interval, zone: str, *, with_date: bool = True) -> str:
    """A slot on a zone's clock: ``Wed 20 Aug 09:00–11:00 EDT``, or across midnight
    ``Wed 20 Aug 23:00 – Thu 21 Aug 01:00 NZST`` (abbreviations differ across a change)."""
    first = local_datetime(slot.start, zone)
    last = local_datetime(slot.end, zone)
    abbr_start, abbr_end = abbreviation(zone, slot.start), abbreviation(zone, slot.end)
    head = date_text(first.date(), year=False) + " " if with_date else ""
    start, end = _clock(slot.start, zone), _clock(slot.end, zone)
    if last.date() == first.date() or (
        last.date().toordinal() == first.toordinal() + 1 and end == "00:00"
    ):
        if abbr_start == abbr_end:
            return f"{head}{start}–{end} {abbr_end}"
        return f"{head}{start} {abbr_start} – {end} {abbr_end}"
    start_text = f"{start} {abbr_start}" if abbr_start != abbr_end else start
    return f"{head}{start_text} – {date_text(last.date(), year=False)} {end} {abbr_end}"


def slot_lines(plan: Plan, slot: Interval) -> list[str]:
    """The slot in every participant's zone, for an email: one line each, names shown safely.

    Example: ``Donald Trump (New York): Wed 20 Aug 09:00–10:00 EDT``.
    """
    minutes = -(-slot.seconds // 60)
    zone = plan.display_zone
    shown = slot_text(slot, zone, with_date=False)
    if not shown.endswith(f" {zone}"):  # "13:00–14:00 UTC" needs no "(UTC)"
        shown += f" ({zone})"
    lines = [f"{date_text(plan.day)}, {seconds_text(minutes * 60)}: {shown}"]
    for person in plan.participants:
        name = visible(person.name, one_line=True)
        where = city_name(person.zone)
        label = name if name == where else f"{name} ({where})"
        lines.append(f"{label}: {slot_text(slot, person.zone)}")
    return lines


def cell_kind(plan: Plan, index: int, utc: int) -> HourKind:
    """What an instant is for participant ``index``: their working hours, night or not."""
    if plan.in_hours(index, utc):
        return "work"
    return (
        "night" if is_night(local_datetime(utc, plan.participants[index].zone).hour) else "shoulder"
    )


def cell_starts(plan: Plan, cell_seconds: int) -> list[int]:
    """The instants the day's cells start at, every ``cell_seconds`` from its first."""
    return list(range(plan.span.start, plan.span.end, cell_seconds))


def strip_text(plan: Plan, index: int, cell_seconds: int) -> str:
    """A participant's strip as glyphs: each cell read at its middle, windows as slots."""
    out = []
    for start in cell_starts(plan, cell_seconds):
        middle = start + cell_seconds // 2
        kind = cell_kind(plan, index, middle)
        out.append(slot_glyph(kind) if plan.in_window(middle) else GLYPHS[kind])
    return "".join(out)


def axis_text(plan: Plan, cell_seconds: int, every_hours: int = 3) -> str:
    """Hour labels over the cells, in the display zone's local time (``00    03    06``)."""
    starts = cell_starts(plan, cell_seconds)
    text = [" "] * (len(starts) + 1)
    for at, utc in enumerate(starts):
        local = local_datetime(utc, plan.display_zone)
        on_label = local.minute == 0 and local.second == 0 and local.hour % every_hours == 0
        if on_label and all(c == " " for c in text[max(0, at - 1) : at + 2]):
            text[at : at + 2] = list(f"{local.hour:02d}")
    return "".join(text).rstrip()


def _fit(text: str, width: int) -> str:
    if len(text) > width:
        return text[: width - 1] + "…"
    return f"{text:<{width}}"


def plan_text(plan: Plan, width: int = 100) -> str:
    """The plan for people: the strips, then the windows (or compromises) in every zone.

    Args:
        plan: The plan.
        width: The terminal's width (the strips use half-hour cells from 72 columns up,
            else hours).

    Returns:
        Lines ending with a newline; names from the file are shown safely.
    """
    label_width = min(20, max(len(visible(p.name, one_line=True)) for p in plan.participants))
    label_width = max(label_width, 8)
    cell_seconds = 1800 if width >= label_width + 3 + 50 else 3600
    zone = plan.display_zone
    hours = plan.hours
    lines = [
        f"{date_text(plan.day)} in {zone} · working hours {hours_text(hours)}, each in their "
        "own zone",
        "",
        " " * (label_width + 2) + axis_text(plan, cell_seconds, 3 if cell_seconds == 1800 else 6),
    ]
    for index, person in enumerate(plan.participants):
        name = _fit(visible(person.name, one_line=True), label_width)
        lines.append(f"{name}  {strip_text(plan, index, cell_seconds)}")
    lines.append(
        " " * (label_width + 2) + f"{GLYPH_SLOT} window  {GLYPHS['work']} working hours  "
        f"{GLYPHS['shoulder']} morning/evening  {GLYPHS['night']} night"
    )
    lines.append("")
    need = f" of at least {seconds_text(plan.duration * 60)}" if plan.duration else ""
    if plan.windows:
        count = len(plan.windows)
        lines.append(f"{count} window{'s' if count != 1 else ''}{need}:")
        for window in plan.windows:
            lines.append(
                f"  {slot_text(window, zone, with_date=False)} ({seconds_text(window.seconds)})"
            )
            lines.extend(_zone_lines(plan, window, "    "))
    else:
        lines.append(f"No window{need} in which everyone is within working hours.")
        if plan.compromises:
            length = plan.compromises[0].slot.seconds
            lines.append(f"Best compromises ({seconds_text(length)}):")
        for n, compromise in enumerate(plan.compromises, 1):
            who = ", ".join(
                f"{visible(o.name, one_line=True)} by {seconds_text(o.by_minutes * 60)}"
                for o in compromise.outside
            )
            lines.append(
                f"  {n}. {slot_text(compromise.slot, zone, with_date=False)}: outside hours: {who}"
            )
            lines.extend(_zone_lines(plan, compromise.slot, "       "))
    return "".join(line.rstrip() + "\n" for line in lines)


def _zone_lines(plan: Plan, slot: Interval, pad: str) -> list[str]:
    """The slot in each participant's zone: ``Donald Trump  New York  Wed 20 Aug 09:00…``."""
    names = [visible(p.name, one_line=True) for p in plan.participants]
    cities = [city_name(p.zone) for p in plan.participants]
    width = min(20, max(len(n) for n in names))
    places = [c if c != n else "" for n, c in zip(names, cities, strict=True)]
    place_width = min(16, max(len(c) for c in places))
    out = []
    for name, place, person in zip(names, places, plan.participants, strict=True):
        where = f"{_fit(place, place_width)}  " if place_width else ""
        out.append(f"{pad}{_fit(name, width)}  {where}{slot_text(slot, person.zone)}")
    return out


# --- JSON -----------------------------------------------------------------------------------


def _iso(utc: int, zone: str) -> str:
    return local_datetime(utc, zone).isoformat(timespec="seconds")


def plan_data(plan: Plan) -> dict[str, object]:
    """The plan as the JSON contract's mapping (see :func:`plan_json`)."""
    zone = plan.display_zone
    return {
        "date": plan.day.isoformat(),
        "display_zone": zone,
        "participants": [{"name": p.name, "zone": p.zone} for p in plan.participants],
        "windows": [{"start": _iso(w.start, zone), "end": _iso(w.end, zone)} for w in plan.windows],
        "compromises": [
            {
                "start": _iso(c.slot.start, zone),
                "end": _iso(c.slot.end, zone),
                "outside": [{"name": o.name, "by_minutes": o.by_minutes} for o in c.outside],
            }
            for c in plan.compromises
        ],
    }


def plan_json(plan: Plan) -> str:
    """The plan as JSON, a stable contract.

    ``{"date": "2025-08-20", "display_zone": "UTC", "participants": [{"name", "zone"}],
    "windows": [{"start", "end"}], "compromises": [{"start", "end", "outside": [{"name",
    "by_minutes"}]}]}``, times in ISO 8601 with the display zone's offset.
    """
    return json_safe(json.dumps(plan_data(plan), ensure_ascii=False, indent=2)) + "\n"
