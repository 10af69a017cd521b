"""Progress of a long load, reported by the core to whoever shows it.

The core draws nothing. Whoever wants to show progress (the command line's bar on stderr,
the explorer's loading view) wraps the work in :func:`reporting` with a callback; the
reading, parsing and validating steps find the current :class:`LoadReport` with
:func:`current` and tell it how far they are. Without a callback nothing is reported and
the hooks cost one context-variable lookup per load.

The report travels in a context variable rather than as an argument, so the functions
between the caller and the hooks (the load cache, the loader) carry no progress
parameter; it is set in the thread that loads (a new thread starts without it).

Validation reports every :data:`REPORT_EVERY` events, so a callback runs about a hundred
times for 100,000 events: a few milliseconds in a load of seconds.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

REPORT_EVERY = 1024
"""Events validated between two reports."""


class Stage(enum.Enum):
    """The steps of a load, in order."""

    READ = "reading"
    """Reading the file's bytes."""
    PARSE = "parsing"
    """Turning the text into data (one call into a C or Rust parser: no steps within)."""
    VALIDATE = "validating"
    """Checking each event and building the timeline."""


_SHARE = {Stage.READ: (0.0, 0.02), Stage.PARSE: (0.02, 0.22), Stage.VALIDATE: (0.22, 1.0)}
"""Where each stage starts and ends in the whole load, as measured on a 100,000-event file
(reading and decoding 1%, parsing about a fifth, validation the rest): the fraction a bar
shows, and so its time left, moves at roughly even speed through the stages."""


@dataclass(frozen=True, slots=True)
class Step:
    """How far a load is.

    Attributes:
        stage: What it is doing.
        done_bytes: Bytes of the file read so far.
        total_bytes: The file's size.
        events_validated: Events checked so far.
        events_total: Events in the file (0 until it is parsed).
    """

    stage: Stage
    done_bytes: int
    total_bytes: int
    events_validated: int = 0
    events_total: int = 0

    @property
    def fraction(self) -> float:
        """The part of the whole load done, from 0 to 1 (stages weighted by their cost)."""
        start, end = _SHARE[self.stage]
        if self.stage is Stage.READ:
            part = self.done_bytes / self.total_bytes if self.total_bytes else 1.0
        elif self.stage is Stage.VALIDATE:
            part = self.events_validated / self.events_total if self.events_total else 1.0
        else:
            part = 0.0
        return start + (end - start) * min(1.0, part)

    def describe(self) -> str:
        """One line for people: ``45,056 of 100,000 events checked · 34.7 MB read``."""
        read = f"{megabytes(self.done_bytes)} read"
        if self.stage is Stage.READ:
            return f"{read} of {megabytes(self.total_bytes)}"
        if self.stage is Stage.PARSE:
            return f"{read} · parsing"
        return f"{self.events_validated:,} of {self.events_total:,} events checked · {read}"


def megabytes(size: int) -> str:
    """``34.7 MB`` (decimal megabytes, as file managers show sizes)."""
    return f"{size / 1_000_000:.1f} MB"


ProgressCallback = Callable[[Step], None]
"""Called with each step; it must be quick and must not raise."""


class LoadReport:
    """What the load's steps call; turns their news into :class:`Step` values.

    Args:
        callback: Receives every step.
    """

    __slots__ = ("callback", "done_bytes", "total_bytes")

    def __init__(self, callback: ProgressCallback) -> None:
        self.callback = callback
        self.done_bytes = 0
        self.total_bytes = 0

    def bytes_read(self, done: int, total: int) -> None:
        """Reading: ``done`` of ``total`` bytes."""
        self.done_bytes, self.total_bytes = done, total
        self.callback(Step(Stage.READ, done, total))

    def parsing(self) -> None:
        """The parser starts (it reports nothing until it is done)."""
        self.callback(Step(Stage.PARSE, self.done_bytes, self.total_bytes))

    def validated(self, done: int, total: int) -> None:
        """Validating: ``done`` of ``total`` events checked."""
        self.callback(Step(Stage.VALIDATE, self.done_bytes, self.total_bytes, done, total))


_CURRENT: ContextVar[LoadReport | None] = ContextVar("timeline_load_report", default=None)


def current() -> LoadReport | None:
    """The report of the load running in this context, if anyone listens."""
    return _CURRENT.get()


@contextmanager
def reporting(callback: ProgressCallback | None) -> Iterator[LoadReport | None]:
    """Report the progress of the loads run inside the block to ``callback``.

    Args:
        callback: Receives the steps; ``None`` reports nothing (and costs nothing).
    """
    report = LoadReport(callback) if callback is not None else None
    token = _CURRENT.set(report)
    try:
        yield report
    finally:
        _CURRENT.reset(token)


def throttled(
    callback: ProgressCallback,
    seconds: float,
    clock: Callable[[], float] = time.monotonic,
) -> ProgressCallback:
    """``callback``, called at most once every ``seconds`` within a stage.

    The first step of each stage always passes (the parser may then be silent for
    seconds: the line must say it is parsing), and so does the last step of validation,
    so a bar ends full.
    """
    last = -float("inf")
    stage: Stage | None = None

    def maybe(step: Step) -> None:
        nonlocal last, stage
        now = clock()
        final = step.stage is Stage.VALIDATE and step.events_validated >= step.events_total
        if final or step.stage is not stage or now - last >= seconds:
            last, stage = now, step.stage
            callback(step)

    return maybe
