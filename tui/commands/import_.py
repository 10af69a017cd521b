"""``timeline import SOURCE.ics|SOURCE.csv``: a calendar or a table as an event file."""

from __future__ import annotations

import argparse
import contextlib
import os
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.core.errors import TimelineError, UsageError

from .base import EXIT_INVALID, EXIT_OK, Context, Parser, parse_day, shown, zone

if TYPE_CHECKING:
    from tui.core.ical.reader import Window
    from tui.core.ical.records import Imported

SUMMARY = "import SOURCE     read an iCalendar (.ics) or CSV file as events (YAML)"
ORDER = 45


def parser() -> Parser:
    p = Parser(
        prog="timeline import",
        description="Read an iCalendar (.ics) or CSV file and write its events as an event "
        "file (to standard output, a new file with -o, or added to a timeline with --append).",
    )
    p.add_argument("source", metavar="SOURCE", help="a .ics or .csv file")
    where = p.add_mutually_exclusive_group()
    where.add_argument("-o", "--output", metavar="OUT", help="write a new event file")
    where.add_argument(
        "--append", metavar="FILE", help="add the events to this event file (kept as it is)"
    )
    p.add_argument("--force", action="store_true", help="let -o replace an existing file")
    p.add_argument(
        "--tz",
        metavar="ZONE",
        help="the zone of times that name none (floating times, CSV rows without one)",
    )
    p.add_argument(
        "--since",
        metavar="DATE",
        help="first day to import (default for recurring events: a year before today)",
    )
    p.add_argument(
        "--until",
        metavar="DATE",
        help="last day to import (default for recurring events: a year after today)",
    )
    return p


def _window(args: argparse.Namespace, today: date) -> Window:
    from tui.core.ical.reader import Window, default_window

    first = parse_day(args.since, "--since", last=False)
    last = parse_day(args.until, "--until", last=True)
    if first is None and last is None:
        return default_window(today)
    year = timedelta(days=365)
    first = first if first is not None else (last or today) - year
    last = last if last is not None else first + year
    if last < first:
        raise UsageError("--until is before --since")
    return Window(first, last, True)


def _read(args: argparse.Namespace, label: str, window: Window, tz: str | None) -> Imported:
    from tui.core.csvin import read_csv
    from tui.core.ical.reader import read_ics

    path = Path(args.source)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv(path, label, window=window, default_zone=tz)
    if suffix in (".ics", ".ical", ".ifb", ".icalendar", ".vcs"):
        return read_ics(path, label, window=window, floating_zone=tz)
    raise UsageError(f"{shown(args.source)}: name a .ics or .csv file (the format is told by it)")


def run(args: argparse.Namespace, ctx: Context) -> int:
    tz = zone(args.tz) if args.tz is not None else None
    today = datetime.fromtimestamp(ctx.now, tz=UTC).date()
    window = _window(args, today)
    label = args.source
    if args.output is not None and Path(args.output).exists() and not args.force:
        raise UsageError(f"{shown(args.output)} exists; add --force to replace it")
    try:
        result = _read(args, label, window, tz)
    except TimelineError as exc:
        for diag in exc.diagnostics:
            print(diag, file=ctx.err)
        return EXIT_INVALID
    if result.window is not None and not window.given:
        first, last = result.window
        print(
            f"note: recurring events expanded from {first} to {last} (a year either side of "
            "today; choose with --since/--until)",
            file=ctx.err,
        )
    if args.append is not None:
        return _append(args, result, label, ctx)
    from tui.core.ical.document import document_text

    text = document_text(result, label)
    _notes(result, label, ctx)
    if args.output is None:
        ctx.out.write(text)
        return EXIT_OK
    _write_new(Path(args.output), text.encode("utf-8"), replace=args.force)
    n = len(result.events)
    print(f"{shown(args.output)}: wrote {n} event{'s' if n != 1 else ''}", file=ctx.err)
    return EXIT_OK


def _notes(result: Imported, label: str, ctx: Context) -> None:
    for notice in result.notes:
        print(f"{shown(label)}:{notice.line}:1: note: {notice.message}", file=ctx.err)


def _append(args: argparse.Namespace, result: Imported, label: str, ctx: Context) -> int:
    from tui.core.append import append_events

    target = Path(args.append)
    _fit_actors(target, args.append, result)
    try:
        ids = append_events(target, result.events, label=args.append)
    except TimelineError as exc:
        _notes(result, label, ctx)
        for diag in exc.diagnostics:
            print(diag, file=ctx.err)
        return EXIT_INVALID
    _notes(result, label, ctx)
    n = len(ids)
    print(f"{shown(args.append)}: added {n} event{'s' if n != 1 else ''}", file=ctx.err)
    return EXIT_OK


def _fit_actors(target: Path, name: str, result: Imported) -> None:
    """Name the target's own actors where it declares an ``actors`` section.

    A file with an actors section must use its ids: an attendee is matched to an actor by
    id, name or alias (ignoring case), and left out with a note when there is none.
    """
    from tui.core.readfile import read_bytes
    from tui.core.yamlsafe import YamlProblem, decode
    from tui.core.yamlsafe import load as yaml_load

    try:
        data: Any = yaml_load(decode(read_bytes(target, name)))
    except (TimelineError, YamlProblem):
        return  # append_events reports it
    declared = data.get("actors") if isinstance(data, dict) else None
    if not isinstance(data, dict) or "actors" not in data:
        return
    known: dict[str, str] = {}
    for aid, body in (declared or {}).items():
        known[aid.casefold()] = aid
        if isinstance(body, dict):
            for key in ("name",):
                if isinstance(body.get(key), str):
                    known[body[key].casefold()] = aid
            for alias in body.get("aliases") or ():
                if isinstance(alias, str):
                    known[alias.casefold()] = aid
    for item in result.events:
        kept: list[str] = []
        for aid in item.get("actors", ()):
            person = result.actors.get(aid, aid)
            match = known.get(person.casefold()) or known.get(aid.casefold())
            if match is None:
                result.note(1, f"{person!r} is not an actor of {shown(name)}; left out")
            elif match not in kept:
                kept.append(match)
        if kept:
            item["actors"] = kept
        else:
            item.pop("actors", None)


def _write_new(path: Path, data: bytes, *, replace: bool) -> None:
    """Write ``data`` to ``path`` whole or not at all; never over a file unless ``replace``."""
    folder = path.parent if str(path.parent) else Path(".")
    fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o666 & ~_umask())
        if replace:
            os.replace(temp, path)
        else:
            try:
                os.link(temp, path)  # fails if the file appeared meanwhile
            except FileExistsError:
                raise UsageError(f"{shown(str(path))} exists; add --force to replace it") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
