"""``timeline list [FILE]``: the events as a table or JSON."""

from __future__ import annotations

import argparse

from .base import (
    EXIT_OK,
    Context,
    Parser,
    add_common,
    add_filter_args,
    add_quiet,
    display_zone,
    events_path,
    filtered,
    load,
    width,
)

SUMMARY = "list [FILE]       print events as a table or JSON"
ORDER = 20


def parser() -> Parser:
    p = Parser(prog="timeline list", description="Print the events, sorted by start.")
    p.add_argument("file", nargs="?", metavar="FILE")
    add_common(p)
    add_filter_args(p)
    add_quiet(p)
    p.add_argument("--format", choices=("text", "json"), default="text")
    return p


def run(args: argparse.Namespace, ctx: Context) -> int:
    from tui.core.output import events_json_text, events_table

    zone = display_zone(args.tz, ctx.env)
    path, label = events_path(args.file)
    timeline = load(path, label, not args.no_cache, ctx=ctx, quiet=args.quiet)
    events = filtered(args, timeline, zone)
    if args.format == "json":
        ctx.out.write(events_json_text(events, zone))
    else:
        ctx.out.write(events_table(events, timeline, zone, width=width(ctx.out)))
    return EXIT_OK
