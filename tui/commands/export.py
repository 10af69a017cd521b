"""``timeline export [FILE]``: the (filtered) events as iCalendar, CSV, Markdown, TimelineJS
or JSON, to stdout or to a new file."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from .base import (
    EXIT_INVALID,
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
    shown,
    zone,
)

SUMMARY = "export [FILE]     write events as iCalendar, CSV, Markdown, TimelineJS or JSON"
ORDER = 25


def parser() -> Parser:
    from tui.core.export import FORMATS  # the writers themselves are imported when used

    p = Parser(
        prog="timeline export",
        description="Write the events (those the filters keep) in a format other programs "
        "read: iCalendar for calendars, CSV for spreadsheets, a Markdown briefing, "
        "TimelineJS JSON for timeline web pages, or the JSON records of 'list'.",
    )
    p.add_argument("file", nargs="?", metavar="FILE")
    p.add_argument("--format", "-f", choices=tuple(FORMATS), required=True, help="the format")
    p.add_argument("-o", "--output", metavar="OUT", help="write to this new file (default: stdout)")
    p.add_argument("--force", action="store_true", help="replace OUT if it exists")
    p.add_argument("--bom", action="store_true", help="CSV: begin with a BOM (for Excel)")
    p.add_argument(
        "--group",
        choices=("actor", "tag"),
        help="TimelineJS: group events by their first actor or tag",
    )
    add_common(p, multi_tz=True)
    add_filter_args(p)
    add_quiet(p)
    return p


def run(args: argparse.Namespace, ctx: Context) -> int:
    from tui.core.export import export_events
    from tui.core.export.files import write_new_file

    tz_args: list[str] = args.tz or []
    shown_zone = display_zone(tz_args[0] if tz_args else None, ctx.env)
    pinned = [zone(z) for z in tz_args[1:]]
    out_path = Path(args.output) if args.output is not None else None
    if out_path is not None and not args.force and os.path.lexists(out_path):
        print(f"timeline: {shown(args.output)} exists; use --force to replace it", file=ctx.err)
        return EXIT_INVALID
    path, label = events_path(args.file)
    timeline = load(path, label, not args.no_cache, ctx=ctx, quiet=args.quiet)
    events = filtered(args, timeline, shown_zone)
    data = export_events(
        events,
        timeline,
        args.format,
        zone=shown_zone,
        pinned=pinned,
        group=args.group,
        now=ctx.now,
        bom=args.bom,
    )
    raw = data if isinstance(data, bytes) else data.encode("utf-8")
    if out_path is None:
        _to_stdout(raw, ctx)
        return EXIT_OK
    try:
        write_new_file(out_path, raw, replace=args.force)
    except FileExistsError:
        print(f"timeline: {shown(args.output)} exists; use --force to replace it", file=ctx.err)
        return EXIT_INVALID
    except OSError as exc:
        print(f"timeline: cannot write {shown(args.output)}: {exc.strerror}", file=ctx.err)
        return EXIT_INVALID
    count = f"{len(events):,} event{'s' if len(events) != 1 else ''}"
    print(f"timeline: wrote {count} to {shown(args.output)}", file=ctx.err)
    return EXIT_OK


def _to_stdout(raw: bytes, ctx: Context) -> None:
    """The export on stdout, byte for byte, with no control character a terminal obeys.

    iCalendar and CSV end their lines in CRLF, which the text stream's
    :class:`~.base.SafeWriter` would show as ``\\x0d``; so the bytes go to the stream's
    binary buffer when it has one, after the same check with line ends kept.
    """
    from tui.core.safetext import visible_document

    text = visible_document(raw.decode("utf-8"))
    stream = ctx.out.stream
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        stream.flush()
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    else:  # a test's StringIO
        stream.write(text)
