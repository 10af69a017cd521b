"""The command line's progress bar: on stderr, only on a terminal, only for slow work.

One call for every command::

    with cli_progress(ctx, f"Checking {name}", quiet=args.quiet) as report:
        timeline = load(path, name, use_cache)   # a load reports by itself
        for i, item in enumerate(items):          # other work reports through ``report``
            report(i, len(items))

Nothing is drawn when stderr is not a terminal (piped, redirected, under a test), with
``--quiet``, or when the work ends within :data:`SHOW_AFTER` seconds: small files never
flash a bar. The bar is Rich's, without colour (the command line writes none), and it
disappears when the work ends, so the results printed after it read as before. The label
is shown as plain text, never as markup, with control characters made visible.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING

from tui.core import progress
from tui.core.safetext import visible

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from tui.commands.base import Context

SHOW_AFTER = 0.5
"""Seconds of work before the bar appears."""

STEPS = 1000
"""The bar's resolution (Rich counts whole steps)."""

Report = Callable[[float, float], None]
"""``report(done, total)``: how far the work inside the block is (any unit)."""


def _nothing(_done: float, _total: float) -> None:
    """The report when no bar is shown."""


class _Bar:
    """A Rich progress bar on a terminal stream, made and drawn only once the work is slow.

    Rich is imported only then, so a quick command pays nothing for it. Every method may be
    called from any thread: loads report from the thread that runs them, the delayed start
    comes from a timer thread.
    """

    def __init__(self, stream: IO[str], label: str, delay: float) -> None:
        self._stream = stream
        self._label = visible(label, one_line=True)
        self._fraction = 0.0
        self._detail = ""
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._lock = threading.Lock()
        self._ended = False
        self._began = time.monotonic()
        self._delay = delay
        self._timer = threading.Timer(delay, self._start)
        self._timer.daemon = True
        self._timer.start()

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        with self._lock:
            if self._progress is not None or self._ended:
                return
            console = Console(file=self._stream, color_system=None, highlight=False)
            bar = Progress(
                TextColumn("{task.description}", markup=False),
                BarColumn(bar_width=24),
                TimeRemainingColumn(),
                TextColumn("{task.fields[detail]}", markup=False),
                console=console,
                transient=True,
            )
            self._task = bar.add_task(
                self._label,
                total=STEPS,
                completed=round(self._fraction * STEPS),
                detail=self._detail,
            )
            bar.start()
            self._progress = bar

    def update(self, fraction: float, detail: str) -> None:
        """Move the bar to ``fraction`` (0 to 1) with ``detail`` beside it."""
        self._fraction, self._detail = fraction, detail
        bar, task = self._progress, self._task
        if bar is not None and task is not None:
            bar.update(task, completed=round(fraction * STEPS), detail=detail)
        elif time.monotonic() - self._began >= self._delay:
            self._start()

    def step(self, step: progress.Step) -> None:
        """A load's news."""
        self.update(step.fraction, step.describe())

    def end(self) -> None:
        """Stop the timer and take the bar off the screen."""
        self._timer.cancel()
        with self._lock:
            self._ended = True
            if self._progress is not None:
                self._progress.stop()

    @property
    def shown(self) -> bool:
        """Whether the bar was ever drawn."""
        return self._progress is not None


@contextmanager
def cli_progress(
    ctx: Context, label: str, *, quiet: bool = False, delay: float = SHOW_AFTER
) -> Iterator[Report]:
    """Show a progress bar for the work inside the block, when it is slow enough to need one.

    Loads inside the block report by themselves (:mod:`tui.core.progress`); any other work
    calls the yielded ``report(done, total)``.

    Args:
        ctx: The command's context; the bar goes to its stderr stream, and only when that
            is a terminal.
        label: What is being done (``Checking big.yaml``); shown as plain text.
        quiet: ``--quiet``: no bar.
        delay: Seconds before the bar appears (:data:`SHOW_AFTER`).
    """
    if quiet or not ctx.err.isatty():
        yield _nothing
        return
    bar = _Bar(ctx.err.stream, label, delay)

    def report(done: float, total: float) -> None:
        bar.update(done / total if total else 1.0, f"{done:,.0f} of {total:,.0f}")

    try:
        with progress.reporting(bar.step):
            yield report
    finally:
        bar.end()
