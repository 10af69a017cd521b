"""``timeline check FILE...``: validate event files."""

from __future__ import annotations

import argparse
from pathlib import Path

from tui.core.cacheextra import cached_summary
from tui.core.errors import TimelineError

from .base import EXIT_INVALID, EXIT_OK, Context, Parser, add_quiet, load, shown

SUMMARY = "check FILE...     validate event files (exit 1 with FILE:LINE:COL messages)"
ORDER = 10


def parser() -> Parser:
    p = Parser(prog="timeline check", description="Validate event files.")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--no-cache", action="store_true", help="read without the load cache")
    add_quiet(p)
    return p


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Check each file; one this program validated before (the same bytes, under the same
    code and zone data) is answered from its cache entry's summary, without decoding it."""
    status = EXIT_OK
    for name in args.files:
        try:
            counts = None if args.no_cache else cached_summary(Path(name), label=name)
            if counts is None:
                timeline = load(Path(name), name, not args.no_cache, ctx=ctx, quiet=args.quiet)
                counts = len(timeline.events), len(timeline.actors)
        except TimelineError as exc:
            for diag in exc.diagnostics:
                print(diag, file=ctx.err)
            status = EXIT_INVALID
            continue
        n, actors = counts
        print(
            f"{shown(name)}: ok ({n} event{'s' if n != 1 else ''}, {actors} actors)", file=ctx.out
        )
    return status
