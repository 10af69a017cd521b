"""``timeline show ID [FILE]``: one event in full, in several zones."""

from __future__ import annotations

import argparse

from .base import (
    EXIT_INVALID,
    EXIT_OK,
    Context,
    Parser,
    add_common,
    display_zone,
    events_path,
    load,
    shown,
    zone,
)

SUMMARY = "show ID [FILE]    one event in full, in its zone, yours and each --tz zone"
ORDER = 30


def parser() -> Parser:
    p = Parser(
        prog="timeline show",
        description="Show one event in full, with its times in several zones.",
    )
    p.add_argument("id", metavar="ID")
    p.add_argument("file", nargs="?", metavar="FILE")
    add_common(p, multi_tz=True)
    return p


def run(args: argparse.Namespace, ctx: Context) -> int:
    from tui.core.output import event_report
    from tui.core.suggest import did_you_mean, suggest

    tz_args: list[str] = args.tz or []
    shown_zone = display_zone(tz_args[0] if tz_args else None, ctx.env)
    extra = [zone(z) for z in tz_args[1:]]
    path, label = events_path(args.file)
    timeline = load(path, label, not args.no_cache)
    event = timeline.by_id.get(args.id)
    if event is None:
        lowered = {e.id.lower(): e for e in timeline.events}
        event = lowered.get(args.id.lower())
    if event is None:
        hint = did_you_mean(suggest(args.id, timeline.by_id, limit=3, cutoff=60))
        print(f"timeline: no event {args.id!r} in {shown(label)}{hint}", file=ctx.err)
        return EXIT_INVALID
    ctx.out.write(event_report(event, timeline, shown_zone, extra, int(ctx.now)))
    return EXIT_OK
