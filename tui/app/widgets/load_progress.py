"""The loading line: how far a slow load (or reload) of the events file is.

One line above the list: what is being done, a bar and the time left. It shows itself only
when a load has been running for :data:`SHOW_AFTER` seconds, so a small file or a cache hit
never flashes it, and it never takes focus: during a reload the list under it stays usable.

The screen hands it the steps of the load (:class:`tui.core.progress.Step`, attributes
down) and tells it when the load ends.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.timer import Timer
from textual.widgets import ProgressBar, Static

from tui.core.progress import Step
from tui.core.safetext import visible

SHOW_AFTER = 0.5
"""Seconds a load runs before the line appears."""
STEPS = 1000
"""The bar's resolution."""


class LoadProgress(Horizontal):
    """``Reloading · 45,056 of 100,000 events checked · 34.7 MB read  ━━━━━╸━━━  45%  0:00:03``."""

    # only what the line needs to work; its looks are in the app's stylesheet
    DEFAULT_CSS = """
    LoadProgress {
        display: none;
        height: 1;
        padding: 0 1;

        #load-detail {
            width: 1fr;
            height: 1;
            text-wrap: nowrap;
            text-overflow: ellipsis;
        }
        #load-bar {
            width: auto;
        }
        #load-bar > Bar {
            width: 20;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        """Create the line, hidden."""
        super().__init__(id=id)
        self._timer: Timer | None = None
        self._what = "Loading"
        self.last: Step | None = None
        """The last step handed in while a load runs (``None`` between loads)."""

    def compose(self) -> ComposeResult:
        """What is done, then the bar with its percentage and time left."""
        yield Static("", id="load-detail", markup=False)
        yield ProgressBar(total=STEPS, show_eta=True, id="load-bar")

    def report(self, step: Step, *, reload: bool = False) -> None:
        """A step of the running load; the first one starts the clock of :data:`SHOW_AFTER`."""
        if self.last is None:
            self._what = "Reloading" if reload else "Loading"
            self._timer = self.set_timer(SHOW_AFTER, self._show)
        self.last = step
        self.query_one("#load-detail", Static).update(Content(f"{self._what} · {step.describe()}"))
        self.query_one("#load-bar", ProgressBar).update(progress=round(step.fraction * STEPS))

    def _show(self) -> None:
        if self.last is not None:
            self.display = True

    def finish(self) -> None:
        """The load ended (well or not): hide the line and get ready for the next one."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.last = None
        self.display = False
        bar = self.query_one("#load-bar", ProgressBar)
        bar.update(total=None)  # forget the last load's speed: the next one has its own
        bar.update(total=STEPS, progress=0)


def file_label(path: Path) -> str:
    """The file's name (made safe to show) and its size: ``big.yaml (35.6 MB)``."""
    name = visible(path.name, one_line=True)
    try:
        size = float(path.stat().st_size)
    except OSError:
        return name
    for unit in ("bytes", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            shown = f"{size:,.0f}" if unit == "bytes" else f"{size:.1f}"
            return f"{name} ({shown} {unit})"
        size /= 1000
    return name  # pragma: no cover - the loop always returns
