"""``timeline serve [FILE]``: the explorer in web browsers, one explorer per tab.

The server (:mod:`tui.serve.server`) starts ``python -m tui --served FILE`` for each tab
that opens the page. A served explorer writes nothing on this machine: exports become
downloads in the browser, editing is off and changed settings last as long as the tab.
The file is the one named here; the page cannot open another.
"""

from __future__ import annotations

import argparse
import contextlib
import shlex
import sys
from pathlib import Path

from tui.core.errors import UsageError

from .base import EXIT_OK, Context, Parser, events_path, shown, zone

SUMMARY = "serve [FILE]      open the explorer in web browsers (one per tab)"
ORDER = 90  # after the commands that answer questions: it opens the explorer

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {value!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"a port is from 1 to 65535, not {port}")
    return port


def parser() -> Parser:
    p = Parser(
        prog="timeline serve",
        description="Serve the explorer to web browsers: each tab that opens the page gets "
        "its own explorer on FILE. Nothing is written on this machine.",
    )
    p.add_argument("file", nargs="?", metavar="FILE", help="event file (YAML)")
    p.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default {DEFAULT_HOST}: this machine only; "
        "anyone who can reach another address can read the timeline)",
    )
    p.add_argument(
        "--port", type=_port, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})"
    )
    p.add_argument(
        "--tz",
        metavar="ZONE",
        help="display zone: an IANA name, a city (Kyiv), a legacy name or UTC+2",
    )
    return p


def explorer_command(path: Path, display_zone: str | None, python: str = sys.executable) -> str:
    """The shell command that starts one served explorer on ``path``.

    ``exec`` makes the explorer the process textual-serve started, so its signals and its
    end reach the explorer itself and not a shell in between.
    """
    argv = [python, "-m", "tui", "--served"]
    if display_zone is not None:
        argv += ["--tz", display_zone]
    argv += ["--", str(path)]
    return "exec " + shlex.join(argv)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from tui.core.readfile import check_file
    from tui.serve.server import TimelineServer, is_loopback_host

    display_zone = zone(args.tz) if args.tz is not None else None
    path, label = events_path(args.file)
    check_file(path, label)  # the explorers would each say the same thing, in a browser
    if not is_loopback_host(args.host):
        print(
            f"timeline serve: warning: listening on {shown(args.host)}: anyone who can "
            "reach this address and port can read the timeline",
            file=ctx.err,
            flush=True,
        )
    server = TimelineServer(
        explorer_command(path.resolve(), display_zone),
        host=args.host,
        port=args.port,
        title=f"timeline: {path.name}",
        log_stream=ctx.err,
    )
    # textual-serve copies an explorer's error output to stdout as it is
    with contextlib.redirect_stdout(ctx.out):
        try:
            server.serve()
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise UsageError(f"cannot listen on {shown(args.host)}:{args.port}: {reason}") from None
    return EXIT_OK
