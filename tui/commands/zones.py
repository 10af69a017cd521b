"""``timeline zones [QUERY]``: find time zones by name, city, country or alias."""

from __future__ import annotations

import argparse

from .base import EXIT_INVALID, EXIT_OK, Context, Parser

SUMMARY = "zones [QUERY]     find time zones by name, city, country or alias"
ORDER = 40


def parser() -> Parser:
    p = Parser(
        prog="timeline zones", description="Find time zones by IANA name, city, country or alias."
    )
    p.add_argument("query", nargs="*", metavar="QUERY")
    p.add_argument("--limit", type=int, default=20)
    return p


def run(args: argparse.Namespace, ctx: Context) -> int:
    from tui.core.output import zones_table
    from tui.core.zones import ZoneLookupError, resolve_zone, zone_record
    from tui.core.zonesearch import search_zones

    query = " ".join(args.query).strip()
    records = search_zones(query, limit=max(1, args.limit))
    first: list[str] = []
    if query:
        try:
            first = [resolve_zone(query)]
        except ZoneLookupError as exc:
            # an ambiguous name ("IST"): its candidates are the answer, best first
            first = [s for s in exc.suggestions if zone_record(s) is not None]
            if exc.suggestions:
                print(f"timeline: {exc.message}", file=ctx.err)
            elif not records:
                print(f"timeline: {exc.message}", file=ctx.err)
                return EXIT_INVALID
    keys = list(dict.fromkeys(first + [r.key for r in records]))[: max(1, args.limit)]
    if not keys:
        print(f"timeline: no zone matches {query!r}", file=ctx.err)
        return EXIT_INVALID
    ctx.out.write(zones_table(keys, int(ctx.now), records={k: zone_record(k) for k in keys}))
    return EXIT_OK
