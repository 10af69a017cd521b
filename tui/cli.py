"""The command line: ``timeline [FILE]`` opens the explorer; subcommands answer questions.

The non-interactive commands (check, list, show, zones) use only the core; Textual is
imported only when the explorer is opened.

Everything the command line writes (results, messages, file names and values echoed in
them, argparse's help and errors) goes through one :class:`SafeWriter` per stream, so no
control character from a file, a file name or an argument ever reaches the terminal raw.
The command line writes no colour, so ``NO_COLOR`` and ``FORCE_COLOR`` change nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import IO, Any, NoReturn, TextIO

from . import __version__
from .core.errors import TimelineError, UsageError
from .core.locations import default_events_path
from .core.safetext import escape_char, visible

SUBCOMMANDS = ("check", "list", "show", "zones")

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

# Lone surrogates: no UTF-8 stream can carry them (file names that are not UTF-8 arrive
# this way), and in a C locale one would go out as a raw byte such as 0x9B (CSI).
_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape_surrogate(found: re.Match[str]) -> str:
    return escape_char(found.group())


class SafeWriter:
    """A text stream that shows control characters instead of sending them.

    Every write goes through :func:`tui.core.safetext.visible` (newlines and tabs kept):
    ``ESC ] 52`` arrives as the text ``\\x1b]52``, never as an instruction to the terminal.

    Args:
        stream: Where the safe text goes (stdout, stderr or a test's ``StringIO``).
    """

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        shown = visible(text)
        if _SURROGATE.search(shown) is not None:
            shown = _SURROGATE.sub(_escape_surrogate, shown)
        self.stream.write(shown)
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def fileno(self) -> int:
        """The stream's descriptor (to measure the terminal's width)."""
        return self.stream.fileno()


def _shown(name: str) -> str:
    """A file name or argument echoed on one line of a message."""
    return visible(name, one_line=True)


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so every usage error goes one way."""

    streams: tuple[SafeWriter, SafeWriter] | None = None
    """Where help and ``--version`` go (out) and anything else (err); argparse would write
    to ``sys.stdout`` and ``sys.stderr`` itself."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message}\n{self.format_usage().strip()}")

    def _print_message(self, message: str, file: Any = None) -> None:
        # argparse's one door to the streams: help, usage and --version all pass here
        if self.streams is None:
            super()._print_message(message, file)
        elif message:
            out, err = self.streams
            (out if file is sys.stdout else err).write(message)


def _add_common(p: argparse.ArgumentParser, *, multi_tz: bool = False) -> None:
    p.add_argument(
        "--tz",
        action="append" if multi_tz else "store",
        metavar="ZONE",
        help="display zone: an IANA name, a city (Kyiv), a legacy name or UTC+2"
        + (" (repeat to add zones)" if multi_tz else ""),
    )
    p.add_argument("--no-cache", action="store_true", help="read the file without the load cache")


DESCRIPTION = """\
Explore dated world events across time zones.

Without a command, opens the interactive explorer on FILE (default: ./events.yaml,
else the bundled 2025 timeline)."""


def _explorer_parser() -> _Parser:
    p = _Parser(prog="timeline", description=DESCRIPTION)
    p.add_argument("--version", action="version", version=f"timeline {__version__}")
    p.add_argument("file", nargs="?", help="event file (YAML)")
    _add_common(p, multi_tz=True)
    p.add_argument(
        "--config", metavar="PATH", help="settings file (default: platform config folder)"
    )
    p.add_argument("--no-watch", action="store_true", help="do not reload when the file changes")
    p.epilog = (
        "commands:\n"
        "  check FILE...     validate event files (exit 1 with FILE:LINE:COL messages)\n"
        "  list [FILE]       print events as a table or JSON\n"
        "  show ID [FILE]    one event in full, in its zone, yours and each --tz zone\n"
        "  zones [QUERY]     find time zones by name, city, country or alias\n"
        "Run 'timeline COMMAND --help' for a command's options."
    )
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    return p


def _sub_parser(name: str) -> _Parser:
    if name == "check":
        p = _Parser(prog="timeline check", description="Validate event files.")
        p.add_argument("files", nargs="+", metavar="FILE")
        p.add_argument("--no-cache", action="store_true", help="read without the load cache")
        return p
    if name == "list":
        p = _Parser(prog="timeline list", description="Print the events, sorted by start.")
        p.add_argument("file", nargs="?", metavar="FILE")
        _add_common(p)
        p.add_argument(
            "--actor",
            action="append",
            default=[],
            metavar="NAME",
            help="only events with this actor (id, name or alias; groups count); "
            "repeat to require several",
        )
        p.add_argument(
            "--tag",
            action="append",
            default=[],
            metavar="TAG",
            help="only events with this tag; repeatable",
        )
        p.add_argument("--search", default="", metavar="TEXT", help="words that must all appear")
        p.add_argument(
            "--since", metavar="DATE", help="first day to include (YYYY-MM-DD, in the display zone)"
        )
        p.add_argument(
            "--until", metavar="DATE", help="last day to include (YYYY-MM-DD, in the display zone)"
        )
        p.add_argument("--format", choices=("text", "json"), default="text")
        return p
    if name == "show":
        p = _Parser(
            prog="timeline show",
            description="Show one event in full, with its times in several zones.",
        )
        p.add_argument("id", metavar="ID")
        p.add_argument("file", nargs="?", metavar="FILE")
        _add_common(p, multi_tz=True)
        return p
    p = _Parser(
        prog="timeline zones", description="Find time zones by IANA name, city, country or alias."
    )
    p.add_argument("query", nargs="*", metavar="QUERY")
    p.add_argument("--limit", type=int, default=20)
    return p


def _events_path(arg: str | None) -> tuple[Path, str]:
    """The file to read and how to name it in messages."""
    if arg is not None:
        return Path(arg), arg
    path = default_events_path()
    return path, str(path)


def _display_zone(value: str | None, env: Mapping[str, str]) -> str:
    from .core.hostzone import display_zone
    from .core.zones import ZoneLookupError

    try:
        return display_zone(value, env)
    except ZoneLookupError as exc:
        source = "--tz" if value is not None else "TIMELINE_TZ"
        raise UsageError(f"{source}: {exc.message}") from None


def _zone(value: str, flag: str = "--tz") -> str:
    from .core.zones import ZoneLookupError, resolve_zone

    try:
        return resolve_zone(value)
    except ZoneLookupError as exc:
        raise UsageError(f"{flag}: {exc.message}") from None


def _parse_day(value: str | None, flag: str, *, last: bool) -> date | None:
    if value is None:
        return None
    from .core.timeparse import TimeValueError, parse_date

    try:
        when = parse_date(value)  # the grammar of the explorer's date filter too
    except TimeValueError as exc:
        raise UsageError(f"{flag}: {exc.message}") from None
    return when.last_day() if last else when.first_day()


def _load(path: Path, label: str, use_cache: bool) -> Any:
    from .core.cache import load_cached

    return load_cached(path, label=label, use_cache=use_cache)


def cmd_check(args: argparse.Namespace, out: SafeWriter, err: SafeWriter) -> int:
    status = EXIT_OK
    for name in args.files:
        try:
            timeline = _load(Path(name), name, not args.no_cache)
        except TimelineError as exc:
            for diag in exc.diagnostics:
                print(diag, file=err)
            status = EXIT_INVALID
            continue
        n = len(timeline.events)
        print(
            f"{_shown(name)}: ok ({n} event{'s' if n != 1 else ''}, {len(timeline.actors)} actors)",
            file=out,
        )
    return status


def _filtered(args: argparse.Namespace, timeline: Any, zone: str) -> list[Any]:
    from .core.query import Filter, TimelineIndex, UnknownActorError

    index = TimelineIndex.build(timeline)
    actors: list[str] = []
    for name in args.actor:
        try:
            actors.append(index.resolve_actor(name))
        except UnknownActorError as exc:
            raise UsageError(f"--actor: {exc.message}") from None
    flt = Filter(
        text=args.search,
        actors=tuple(actors),
        tags=tuple(args.tag),
        since=_parse_day(args.since, "--since", last=False),
        until=_parse_day(args.until, "--until", last=True),
        zone=zone,
    )
    return [timeline.events[i] for i in index.matches(flt)]


def cmd_list(
    args: argparse.Namespace, out: SafeWriter, err: SafeWriter, env: Mapping[str, str]
) -> int:
    from .core.output import events_json_text, events_table

    zone = _display_zone(args.tz, env)
    path, label = _events_path(args.file)
    timeline = _load(path, label, not args.no_cache)
    events = _filtered(args, timeline, zone)
    if args.format == "json":
        out.write(events_json_text(events, zone))
    else:
        out.write(events_table(events, timeline, zone, width=_width(out)))
    return EXIT_OK


def cmd_show(
    args: argparse.Namespace, out: SafeWriter, err: SafeWriter, env: Mapping[str, str], now: float
) -> int:
    from .core.output import event_report
    from .core.suggest import did_you_mean, suggest

    tz_args: list[str] = args.tz or []
    zone = _display_zone(tz_args[0] if tz_args else None, env)
    extra = [_zone(z) for z in tz_args[1:]]
    path, label = _events_path(args.file)
    timeline = _load(path, label, not args.no_cache)
    event = timeline.by_id.get(args.id)
    if event is None:
        lowered = {e.id.lower(): e for e in timeline.events}
        event = lowered.get(args.id.lower())
    if event is None:
        hint = did_you_mean(suggest(args.id, timeline.by_id, limit=3, cutoff=60))
        print(f"timeline: no event {args.id!r} in {_shown(label)}{hint}", file=err)
        return EXIT_INVALID
    out.write(event_report(event, timeline, zone, extra, int(now)))
    return EXIT_OK


def cmd_zones(args: argparse.Namespace, out: SafeWriter, err: SafeWriter, now: float) -> int:
    from .core.output import zones_table
    from .core.zones import ZoneLookupError, resolve_zone, zone_record
    from .core.zonesearch import search_zones

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
                print(f"timeline: {exc.message}", file=err)
            elif not records:
                print(f"timeline: {exc.message}", file=err)
                return EXIT_INVALID
    keys = list(dict.fromkeys(first + [r.key for r in records]))[: max(1, args.limit)]
    if not keys:
        print(f"timeline: no zone matches {query!r}", file=err)
        return EXIT_INVALID
    out.write(zones_table(keys, int(now), records={k: zone_record(k) for k in keys}))
    return EXIT_OK


def _width(out: SafeWriter) -> int:
    try:
        return os.get_terminal_size(out.fileno()).columns
    except (OSError, ValueError, AttributeError):
        return 100


def open_explorer(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    tz_args: list[str] = args.tz or []
    zone: str | None = None
    if tz_args:
        zone = _zone(tz_args[0])
    extra = tuple(_zone(z) for z in tz_args[1:])
    path, label = _events_path(args.file)
    if not path.exists():
        raise UsageError(f"{_shown(str(path))}: no such file")
    from .core.readfile import check_file

    check_file(path, label)  # a FIFO or a device would never finish loading
    if os.environ.get("NO_COLOR") == "":
        # no-color.org: only a non-empty NO_COLOR asks for no colour; Textual takes any
        del os.environ["NO_COLOR"]
    from .app.factory import make_app

    config = Path(args.config) if args.config else None
    app = make_app(
        events_path=path,
        display_zone=zone,
        env=env,
        config_path=config,
        extra_zones=extra,
        watch=not args.no_watch,
        use_cache=not args.no_cache,
    )
    app.run()
    return int(app.return_code or 0)


def main(
    argv: Sequence[str] | None = None,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
    env: Mapping[str, str] | None = None,
    clock: Callable[[], float] = time.time,
) -> int:
    """Entry point of the ``timeline`` command. Returns the exit status.

    Args:
        argv: Arguments (default ``sys.argv[1:]``).
        out: Where results go (default stdout).
        err: Where errors go (default stderr).
        env: The environment (default ``os.environ``).
        clock: The current time, for ``show`` and ``zones``.
    """
    args_list = list(sys.argv[1:] if argv is None else argv)
    # the one place where the command line meets the terminal
    out_w = SafeWriter(out or sys.stdout)
    err_w = SafeWriter(err or sys.stderr)
    environ = os.environ if env is None else env
    try:
        if args_list and args_list[0] in SUBCOMMANDS:
            name = args_list[0]
            parser = _sub_parser(name)
            parser.streams = (out_w, err_w)
            args = parser.parse_args(args_list[1:])
            if name == "check":
                return cmd_check(args, out_w, err_w)
            if name == "list":
                return cmd_list(args, out_w, err_w, environ)
            if name == "show":
                return cmd_show(args, out_w, err_w, environ, clock())
            return cmd_zones(args, out_w, err_w, clock())
        parser = _explorer_parser()
        parser.streams = (out_w, err_w)
        args = parser.parse_args(args_list)
        return open_explorer(args, environ)
    except UsageError as exc:
        print(f"timeline: {exc}", file=err_w)
        return EXIT_USAGE
    except TimelineError as exc:
        for diag in exc.diagnostics:
            print(diag, file=err_w)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away (timeline list | head); not an error of ours
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the interpreter's flush
        return EXIT_OK
    except SystemExit as exc:  # --help and --version
        return int(exc.code or 0) if not isinstance(exc.code, str) else EXIT_USAGE
    except Exception as exc:  # never a traceback for any input
        print(f"timeline: internal error: {type(exc).__name__}: {exc}", file=err_w)
        return 70
