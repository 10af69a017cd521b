"""What every command shares: safe output streams, the parser, the run context and the
helpers that turn arguments into values (files, zones, days, filters).

Everything a command writes (results, messages, file names and values echoed in them,
argparse's help and errors) goes through one :class:`SafeWriter` per stream, so no control
character from a file, a file name or an argument ever reaches the terminal raw.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

from tui.core.errors import UsageError
from tui.core.locations import default_events_path
from tui.core.safetext import escape_char, visible

if TYPE_CHECKING:
    from tui.core.model import Event, Timeline

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

    def isatty(self) -> bool:
        """Whether the stream is a terminal (progress is shown only there)."""
        try:
            return bool(self.stream.isatty())
        except (AttributeError, ValueError, OSError):
            return False


@dataclass(frozen=True, slots=True)
class Context:
    """What a command runs with besides its arguments.

    Attributes:
        out: Where results go.
        err: Where messages go.
        env: The environment (``TIMELINE_TZ``, ``TZ``, ``TIMELINE_CONFIG``...).
        now: The current UNIX time, read once when the command started.
    """

    out: SafeWriter
    err: SafeWriter
    env: Mapping[str, str]
    now: float


def shown(name: str) -> str:
    """A file name or argument echoed on one line of a message."""
    return visible(name, one_line=True)


class Parser(argparse.ArgumentParser):
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


def add_common(p: argparse.ArgumentParser, *, multi_tz: bool = False) -> None:
    """``--tz`` (once, or repeatable for extra zones) and ``--no-cache``."""
    p.add_argument(
        "--tz",
        action="append" if multi_tz else "store",
        metavar="ZONE",
        help="display zone: an IANA name, a city (Kyiv), a legacy name or UTC+2"
        + (" (repeat to add zones)" if multi_tz else ""),
    )
    p.add_argument("--no-cache", action="store_true", help="read the file without the load cache")


def add_quiet(p: argparse.ArgumentParser) -> None:
    """``--quiet``: no progress bar on stderr (none is shown when stderr is not a terminal)."""
    p.add_argument("--quiet", action="store_true", help="show no progress bar while loading")


def add_filter_args(p: argparse.ArgumentParser) -> None:
    """The filters of ``list`` (and of every command that selects events the same way)."""
    p.add_argument(
        "--actor",
        action="append",
        default=[],
        metavar="NAME",
        help="only events with this actor (id, name or alias; groups count); "
        "repeat to require several",
    )
    p.add_argument(
        "--tag", action="append", default=[], metavar="TAG", help="only events with this tag"
    )
    p.add_argument("--search", default="", metavar="TEXT", help="words that must all appear")
    p.add_argument(
        "--since", metavar="DATE", help="first day to include (YYYY-MM-DD, in the display zone)"
    )
    p.add_argument(
        "--until", metavar="DATE", help="last day to include (YYYY-MM-DD, in the display zone)"
    )


def events_path(arg: str | None) -> tuple[Path, str]:
    """The file to read and how to name it in messages."""
    if arg is not None:
        return Path(arg), arg
    path = default_events_path()
    return path, str(path)


def display_zone(value: str | None, env: Mapping[str, str]) -> str:
    """The display zone (``--tz``, else the settings and environment), or a usage error."""
    from tui.core.hostzone import display_zone as resolve
    from tui.core.zones import ZoneLookupError

    try:
        return resolve(value, env)
    except ZoneLookupError as exc:
        source = "--tz" if value is not None else "TIMELINE_TZ"
        raise UsageError(f"{source}: {exc.message}") from None


def zone(value: str, flag: str = "--tz") -> str:
    """The canonical zone ``value`` names, or a usage error naming ``flag``."""
    from tui.core.zones import ZoneLookupError, resolve_zone

    try:
        return resolve_zone(value)
    except ZoneLookupError as exc:
        raise UsageError(f"{flag}: {exc.message}") from None


def parse_day(value: str | None, flag: str, *, last: bool) -> date | None:
    """The first (or last) day of a date argument, in the explorer's date grammar."""
    if value is None:
        return None
    from tui.core.timeparse import TimeValueError, parse_date

    try:
        when = parse_date(value)  # the grammar of the explorer's date filter too
    except TimeValueError as exc:
        raise UsageError(f"{flag}: {exc.message}") from None
    return when.last_day() if last else when.first_day()


def load(
    path: Path, label: str, use_cache: bool, *, ctx: Context | None = None, quiet: bool = False
) -> Timeline:
    """The timeline in ``path`` (through the load cache unless told otherwise).

    Given ``ctx``, a slow load shows a progress bar on its stderr when that is a terminal
    and not ``quiet`` (:func:`tui.cliprogress.cli_progress`).
    """
    from tui.core.cache import load_cached

    if ctx is None:
        return load_cached(path, label=label, use_cache=use_cache)
    from tui.cliprogress import cli_progress

    with cli_progress(ctx, f"Loading {Path(label).name}", quiet=quiet):
        return load_cached(path, label=label, use_cache=use_cache)


def filtered(args: argparse.Namespace, timeline: Timeline, zone: str) -> list[Event]:
    """The events that pass the filters of :func:`add_filter_args`, sorted by start."""
    from tui.core.query import Filter, TimelineIndex, UnknownActorError

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
        since=parse_day(args.since, "--since", last=False),
        until=parse_day(args.until, "--until", last=True),
        zone=zone,
    )
    return [timeline.events[i] for i in index.matches(flt)]


def width(out: SafeWriter) -> int:
    """The terminal's width, or 100 when the output is not a terminal."""
    try:
        return os.get_terminal_size(out.fileno()).columns
    except (OSError, ValueError, AttributeError):
        return 100
