"""The command line: ``timeline [FILE]`` opens the explorer; subcommands answer questions.

The subcommands (``tui.commands``, one module each) use only the core; Textual is
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
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TextIO

from . import __version__
from .commands import command, summaries
from .commands.base import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    Context,
    Parser,
    SafeWriter,
    add_common,
    events_path,
    shown,
    zone,
)
from .core.errors import TimelineError, UsageError

__all__ = ["SafeWriter", "main"]

DESCRIPTION = """\
Explore dated world events across time zones.

Without a command, opens the interactive explorer on FILE (default: ./events.yaml,
else the bundled 2025 timeline)."""


def _explorer_parser() -> Parser:
    p = Parser(prog="timeline", description=DESCRIPTION)
    p.add_argument("--version", action="version", version=f"timeline {__version__}")
    p.add_argument("file", nargs="?", help="event file (YAML)")
    add_common(p, multi_tz=True)
    p.add_argument(
        "--config", metavar="PATH", help="settings file (default: platform config folder)"
    )
    p.add_argument("--no-watch", action="store_true", help="do not reload when the file changes")
    # set by `timeline serve` for the explorer of one browser tab (tui.commands.serve)
    p.add_argument("--served", action="store_true", help=argparse.SUPPRESS)
    lines = "".join(f"  {line}\n" for line in summaries())
    p.epilog = f"commands:\n{lines}Run 'timeline COMMAND --help' for a command's options."
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    return p


def open_explorer(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    tz_args: list[str] = args.tz or []
    shown_zone: str | None = None
    if tz_args:
        shown_zone = zone(tz_args[0])
    extra = tuple(zone(z) for z in tz_args[1:])
    path, label = events_path(args.file)
    if not path.exists():
        raise UsageError(f"{shown(str(path))}: no such file")
    from .core.readfile import check_file

    check_file(path, label)  # a FIFO or a device would never finish loading
    if os.environ.get("NO_COLOR") == "":
        # no-color.org: only a non-empty NO_COLOR asks for no colour; Textual takes any
        del os.environ["NO_COLOR"]
    from .app.factory import make_app

    config = Path(args.config) if args.config else None
    app = make_app(
        events_path=path,
        display_zone=shown_zone,
        env=env,
        config_path=config,
        extra_zones=extra,
        watch=not args.no_watch,
        use_cache=not args.no_cache,
        served=args.served,
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
        clock: The current time, read once (``show``, ``zones`` and other commands).
    """
    args_list = list(sys.argv[1:] if argv is None else argv)
    # the one place where the command line meets the terminal
    out_w = SafeWriter(out or sys.stdout)
    err_w = SafeWriter(err or sys.stderr)
    environ = os.environ if env is None else env
    try:
        sub = command(args_list[0]) if args_list else None
        if sub is not None:
            parser = sub.parser()
            parser.streams = (out_w, err_w)
            args = parser.parse_args(args_list[1:])
            status: int = sub.run(args, Context(out_w, err_w, environ, clock()))
            return status
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
