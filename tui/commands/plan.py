"""``timeline plan [FILE]``: when can these people meet? Windows within everyone's hours."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from tui.core.errors import UsageError

from .base import (
    EXIT_OK,
    Context,
    Parser,
    add_common,
    display_zone,
    events_path,
    load,
    shown,
    width,
    zone,
)

if TYPE_CHECKING:
    from tui.core.query import TimelineIndex

SUMMARY = "plan [FILE]       find meeting times within everyone's working hours"
ORDER = 35


class _Participant(argparse.Action):
    """``--actor`` and ``--zone`` in the order given, each remembered with its kind."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        found = list(getattr(namespace, "participants", None) or [])
        found.append((self.dest, str(values)))
        namespace.participants = found


def parser() -> Parser:
    p = Parser(
        prog="timeline plan",
        description="Find the times on a day when every participant is within working "
        "hours in their own zone (or the best compromises when there are none).",
        epilog="example: timeline plan --actor Zelensky --zone 'New York' --date 2025-08-20",
    )
    p.add_argument("file", nargs="?", metavar="FILE", help="the events file (for --actor)")
    p.add_argument(
        "--actor",
        action=_Participant,
        metavar="NAME",
        help="a participant: an actor's id, name or alias (a group: its members); repeatable",
    )
    p.add_argument(
        "--zone",
        action=_Participant,
        metavar="ZONE",
        help="a participant by zone: an IANA name, a city or an offset; repeatable",
    )
    p.add_argument("--date", metavar="DATE", help="the day, YYYY-MM-DD (default: today)")
    p.add_argument(
        "--hours", default="09:00-18:00", metavar="HH:MM-HH:MM", help="local working hours"
    )
    p.add_argument(
        "--days", default="mon-fri", metavar="DAYS", help="local working days (mon-fri, sun-thu)"
    )
    p.add_argument(
        "--duration", metavar="MINUTES", help="only windows at least this long (minutes)"
    )
    add_common(p)
    p.add_argument("--format", choices=("text", "json"), default="text")
    return p


def run(args: argparse.Namespace, ctx: Context) -> int:
    from tui.core.display import local_date_of
    from tui.core.model import Instant
    from tui.core.planner import (
        Participant,
        PlanInputError,
        WorkingHours,
        actor_participants,
        make_plan,
        parse_days,
        parse_duration,
        parse_hours,
        unique,
        zone_participant,
    )
    from tui.core.planner_text import plan_json, plan_text

    wanted: list[tuple[str, str]] = getattr(args, "participants", None) or []
    if not wanted:
        raise UsageError(
            "plan: name the participants with --actor NAME or --zone ZONE (each repeatable)"
        )
    shown_zone = display_zone(args.tz, ctx.env)
    try:
        start, end = parse_hours(args.hours)
        hours = WorkingHours(start, end, parse_days(args.days))
        duration = None if args.duration is None else parse_duration(args.duration)
    except PlanInputError as exc:
        raise UsageError(f"plan: {exc.message}") from None
    if args.date is None:
        day = local_date_of(Instant(utc=int(ctx.now), zone="UTC"), shown_zone)
    else:
        day = _one_day(args.date)
    people: list[Participant] = []
    unzoned: list[str] = []
    index: TimelineIndex | None = None
    for kind, value in wanted:
        if kind == "zone":
            people.append(zone_participant(zone(value, "--zone")))
            continue
        if index is None:  # the file is read only when an actor is named
            from tui.core.query import TimelineIndex

            path, label = events_path(args.file)
            index = TimelineIndex.build(load(path, label, not args.no_cache))
        found, missing = actor_participants(index.timeline, _actor_id(index, value))
        people.extend(found)
        unzoned.extend(missing)
    for name in dict.fromkeys(unzoned):
        ctx.err.write(f"timeline: {shown(name)} has no home zone; left out of the plan\n")
    people = unique(people)
    if not people:
        raise UsageError("plan: no participant has a home zone; add one with --zone ZONE")
    plan = make_plan(day, shown_zone, people, hours, duration)
    if args.format == "json":
        ctx.out.write(plan_json(plan))
    else:
        ctx.out.write(plan_text(plan, width=width(ctx.out)))
    return EXIT_OK


def _one_day(value: str) -> date:
    """The calendar day ``--date`` names, or a usage error."""
    from tui.core.model import Precision
    from tui.core.timeparse import TimeValueError, parse_date

    try:
        when = parse_date(value)
    except TimeValueError as exc:
        raise UsageError(f"--date: {exc.message}") from None
    if when.precision is not Precision.DAY:
        first = when.first_day().isoformat()
        raise UsageError(f"--date: {shown(value)!r} is not one day; name a day, e.g. {first}")
    return when.first_day()


def _actor_id(index: TimelineIndex, name: str) -> str:
    """The id of the actor ``name`` names, or a usage error with the closest names."""
    from tui.core.query import UnknownActorError

    try:
        return index.resolve_actor(name)
    except UnknownActorError as exc:
        raise UsageError(f"--actor: {exc.message}") from None
