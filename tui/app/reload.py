"""Loading and live reload: the blocking parts, run in worker threads, reported by messages.

:func:`load_events` reads, validates and indexes a file (through the load cache when
allowed). It never opens anything but a regular file, and it never holds up the end of the
program: the reading runs in a daemon thread that the worker waits for only while it is
wanted, so a read that never returns (a file swapped for a FIFO, a dead network mount)
cannot keep the process alive after ``q``.

:func:`watch_file` blocks in a thread until told to stop, calling back whenever the file
is written, created or replaced; it watches the *folder*, so editors that save by writing
a temporary file and renaming it over the original are seen too.

The messages below are posted by the screen's workers and handled by the screen.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from textual.message import Message
from textual.worker import NoActiveWorker, get_current_worker

from tui.core.cache import load_keyed
from tui.core.errors import Diagnostic, TimelineError
from tui.core.model import Timeline
from tui.core.progress import ProgressCallback, Step, reporting
from tui.core.query import TimelineIndex
from tui.core.readfile import check_file

_T = TypeVar("_T")

WATCH_DEBOUNCE_MS = 250
"""Changes closer together than this are reported once (an editor's save is several)."""


@dataclass(frozen=True, slots=True, repr=False)
class IndexedTimeline:
    """A timeline ready to explore: validated, with its filter index.

    Attributes:
        timeline: The validated timeline.
        index: Its filter index.
        file_stat: The file's size and modification time (ns) just before it was read,
            to tell before writing to it whether it changed since (``None``: unknown).
        cache_key: Its load cache key, under which work derived from it is kept
            (``None``: loaded without the cache).
    """

    timeline: Timeline
    index: TimelineIndex
    file_stat: tuple[int, int] | None = None
    cache_key: str | None = None

    @property
    def actor_counts(self) -> dict[str, int]:
        """How many events each actor takes part in, counting through groups as the actor
        filter does (for the actor picker; worked out when first asked, not at load)."""
        return self.index.actor_counts()

    def __repr__(self) -> str:
        return f"<IndexedTimeline {self.timeline.path}: {len(self.timeline.events)} events>"


STOP_POLL_SECONDS = 0.05
"""How often a waiting load checks whether it is still wanted."""


def _worker_cancelled() -> Callable[[], bool]:
    """The current worker's cancellation, or never when not called from a worker."""
    try:
        worker = get_current_worker()
    except NoActiveWorker:
        return lambda: False
    return lambda: worker.is_cancelled


def _run_abandonable(work: Callable[[], _T], should_stop: Callable[[], bool], label: str) -> _T:
    """Run ``work`` in a daemon thread and wait for it while ``should_stop()`` is false.

    A daemon thread does not keep the process alive: a read that never returns is left
    behind when the program ends, instead of holding up the worker pool's shutdown.
    """
    results: list[_T] = []
    errors: list[BaseException] = []
    done = threading.Event()

    def run() -> None:
        try:
            results.append(work())
        except BaseException as exc:  # handed to the waiting thread and raised there
            errors.append(exc)
        finally:
            done.set()

    threading.Thread(target=run, name=f"load {label}", daemon=True).start()
    while not done.wait(STOP_POLL_SECONDS):
        if should_stop():
            raise TimelineError([Diagnostic(label, 1, 1, "loading was stopped")])
    if errors:
        raise errors[0]
    return results[0]


def load_events(
    path: Path,
    *,
    use_cache: bool = True,
    should_stop: Callable[[], bool] | None = None,
    on_progress: ProgressCallback | None = None,
) -> IndexedTimeline:
    """Read, validate and index an event file. Blocking: call it from a thread worker.

    Args:
        path: The event file; anything but a regular file is refused without opening it
            (:func:`tui.core.readfile.check_file`, the check the command line makes too).
        use_cache: Use the load cache (an unchanged file then opens at once).
        should_stop: Polled while waiting; when it returns true the load is abandoned.
            Defaults to the calling worker's cancellation (never, outside a worker).
        on_progress: Told how far the load is (:mod:`tui.core.progress`), from the
            reading thread, until the load is abandoned.

    Returns:
        The timeline and its index.

    Raises:
        TimelineError: The file cannot be read or is invalid (every problem is
            positioned), or the load was abandoned (``should_stop``).
    """
    check_file(path, str(path))  # a FIFO or device is refused here, never opened
    try:  # before the read: a change after it shows as a different file
        info = path.stat()
    except OSError:
        before = None
    else:
        before = (info.st_size, info.st_mtime_ns)

    stop = should_stop if should_stop is not None else _worker_cancelled()

    def tell(step: Step) -> None:
        if on_progress is not None and not stop():  # an abandoned read goes on quietly
            on_progress(step)

    def read() -> IndexedTimeline:
        with reporting(tell if on_progress is not None else None):
            timeline, key = load_keyed(path, label=str(path), use_cache=use_cache)
        return IndexedTimeline(timeline, TimelineIndex.build(timeline), before, key)

    return _run_abandonable(read, stop, str(path))


def watch_file(
    path: Path,
    stop: threading.Event,
    on_change: Callable[[], object],
    *,
    debounce_ms: int = WATCH_DEBOUNCE_MS,
) -> None:
    """Call ``on_change`` each time ``path`` changes on disk, until ``stop`` is set.

    Blocking: run it in a thread worker. It watches the file's folder (not the file) and
    keeps only changes to the file's name, so a save by rename is one more change rather
    than the end of the watch.

    Args:
        path: The file to watch.
        stop: Set it to end the watch (checked every 50 ms).
        on_change: Called from the watching thread after each burst of changes.
        debounce_ms: Changes within this many milliseconds are reported once.
    """
    from watchfiles import watch  # imported here: only the live explorer needs it

    folder = path.resolve().parent
    name = path.name

    def only_this_file(_change: object, changed: str) -> bool:
        return Path(changed).name == name

    for _changes in watch(
        folder,
        watch_filter=only_this_file,
        debounce=debounce_ms,
        step=50,
        stop_event=stop,
        recursive=False,
        raise_interrupt=False,
    ):
        if stop.is_set():
            break
        on_change()


class EventsLoaded(Message):
    """A load or reload succeeded."""

    def __init__(self, loaded: IndexedTimeline, *, reload: bool) -> None:
        """Report a good load.

        Args:
            loaded: The timeline and its index.
            reload: True when this replaces a timeline already on screen.
        """
        super().__init__()
        self.loaded = loaded
        self.reload = reload


class LoadProgressed(Message):
    """How far the running load is (posted from the reading thread, a few times a second)."""

    def __init__(self, step: Step, *, reload: bool) -> None:
        """Report a step.

        Args:
            step: How far the load is.
            reload: True when a timeline is already on screen.
        """
        super().__init__()
        self.step = step
        self.reload = reload


class EventsFailed(Message):
    """A load or reload failed; the lines are ``FILE:LINE:COL: message``."""

    def __init__(self, problems: list[str], *, reload: bool) -> None:
        """Report a failed load.

        Args:
            problems: One line per problem.
            reload: True when a good timeline is still on screen.
        """
        super().__init__()
        self.problems = problems
        self.reload = reload


class EventsFileChanged(Message):
    """The events file changed on disk."""

    def can_replace(self, message: Message) -> bool:
        """Several changes waiting in the queue need one reload."""
        return isinstance(message, EventsFileChanged)
