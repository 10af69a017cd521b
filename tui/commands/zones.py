"""``timeline zones [QUERY]``: find time zones by name, city, country, alias, CLDR name or
Windows zone ID, saying why each matched."""

from __future__ import annotations

import argparse

from .base import EXIT_INVALID, EXIT_OK, Context, Parser

SUMMARY = "zones [QUERY]     find time zones by name, city, country or alias"
ORDER = 40


def parser() -> Parser:
    p = Parser(
        prog="timeline zones",
        description=(
            "Find time zones by IANA name, city (any of 15,000 people or more: 'Bangalore', "
            "'Portland, Oregon'), country, abbreviation, CLDR name ('Pacific Time') or "
            "Windows zone ID ('W. Europe Standard Time')."
        ),
    )
    p.add_argument("query", nargs="*", metavar="QUERY")
    p.add_argument("--limit", type=int, default=20)
    return p


def run(args: argparse.Namespace, ctx: Context) -> int:
    from tui.core.output import zones_table
    from tui.core.zones import ZoneLookupError, resolve_zone
    from tui.core.zonesearch import find_zones, tables_do_not_know

    query = " ".join(args.query).strip()
    limit = max(1, args.limit)
    hits = find_zones(query, limit, load=False)
    if tables_do_not_know(query, hits):  # cities and CLDR names: loaded only when needed
        hits = find_zones(query, limit)
    if query:
        try:
            resolve_zone(query)
        except ZoneLookupError as exc:
            # an ambiguous name ("IST", "Portland"): find_zones lists its candidates first
            if exc.suggestions or not hits:
                print(f"timeline: {exc.message}", file=ctx.err)
            if not hits:
                return EXIT_INVALID
    if not hits:
        print(f"timeline: no zone matches {query!r}", file=ctx.err)
        return EXIT_INVALID
    keys = [hit.record.key for hit in hits]
    records = {hit.record.key: hit.record for hit in hits}
    why = {hit.record.key: hit.why for hit in hits if hit.why}
    ctx.out.write(zones_table(keys, int(ctx.now), records=records, why=why))
    return EXIT_OK
