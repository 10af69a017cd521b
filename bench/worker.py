"""In-process measurements, run by :mod:`bench.run` in a fresh subprocess per data size.

Usage (normally only through ``python -m bench.run``)::

    python -m bench.worker inproc FILE --cache-dir DIR [--repeat 5] [--budget 60]
    python -m bench.worker paint-once FILE --cache-dir DIR
    python -m bench.worker counts FILE --cache-dir DIR
    python -m bench.worker progress FILE --cache-dir DIR [--repeat 5] [--budget 60]

``inproc`` measures, in this one process: the warm load through the cache, baseline B (a
bare Textual app's first paint), the explorer's first painted timeline, the search
keystroke latency and the actor filter latency. ``paint-once`` does a single headless first
paint and exits, so that the parent can read this process's peak memory. ``counts`` gives
the events matching each prefix of the search word (what the terminal measures wait for,
:mod:`bench.terminal`); ``progress`` times cold loads with and without progress reporting.

Everything goes through the program's public interface: :func:`tui.core.cache.load_cached`,
:func:`tui.app.factory.make_app`, :class:`~tui.app.screens.main.MainScreen` (its
``timeline``, ``timeline_list``, ``filter_by_actor`` and ``action_pop_filter``) and
:class:`~tui.app.widgets.timeline_list.TimelineList` (``rows`` and ``painted``).

The explorer's modules, and so Textual, are imported only after the warm load has been
measured: that figure is taken in a process holding only the core, as ``timeline check``
does, not one whose garbage collector also walks Textual's objects.

The result is one JSON object on the last line of stdout. A measurement that fails is
reported as ``{"error": "..."}`` and does not stop the others.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import json
import os
import statistics
import sys
import tempfile
import time
import traceback
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.core.cache import load_cached
from tui.core.model import ActorKind, Timeline
from tui.core.query import Filter, TimelineIndex

if TYPE_CHECKING:
    from textual.app import App
    from textual.pilot import Pilot

    from tui.app.app import TimelineApp
    from tui.app.screens.main import MainScreen
    from tui.app.widgets.timeline_list import TimelineList

NOW = 1755700000.0
"""The explorer's clock (2025-08-20T14:26:40Z), so runs do not depend on the real date."""
SIZE = (120, 40)
"""Terminal size of the headless runs."""
WORD = "summit"
"""Typed into the search box one character at a time."""
PAINT_TIMEOUT = 120.0
"""Seconds to wait for the first painted timeline before giving up."""
UPDATE_TIMEOUT = 60.0
"""Seconds to wait for the list to change after a keystroke or filter."""
ACTOR_KINDS = (
    ActorKind.PERSON,
    ActorKind.STATE,
    ActorKind.ORGANISATION,
    ActorKind.GROUP,
    ActorKind.PERSON,
)
"""The actor filter is timed for the busiest actor of each kind, in this order (the second
``PERSON`` is the second busiest person)."""
FILTER_METHOD = "screen.filter_by_actor"
"""How the actor filter is applied, as the notes name it."""
UNDO_METHOD = "action_pop_filter"
"""How it is taken back, as the notes name it."""

Result = dict[str, Any]
"""A JSON object."""


def _error(exc: BaseException) -> Result:
    """An ``{"error": ...}`` result with the exception and the last traceback lines."""
    tail = traceback.format_exception(exc)[-3:]
    return {"error": f"{type(exc).__name__}: {exc}", "traceback": "".join(tail)[-1500:]}


def _series(runs: list[float], **extra: object) -> Result:
    """Raw runs with their median."""
    return {"runs": runs, "median": statistics.median(runs) if runs else None, **extra}


def _budgeted(repeat: int, first: float, budget: float) -> int:
    """How many runs to do in all, given the first one took ``first`` seconds.

    Keeps at least ``min(repeat, 3)`` runs; fewer than ``repeat`` only when the runs would
    not fit in ``budget`` seconds.
    """
    if first <= 0 or first * repeat <= budget:
        return repeat
    return max(min(repeat, 3), min(repeat, int(budget // first)))


# --------------------------------------------------------------------------------------
# Warm load
# --------------------------------------------------------------------------------------


def measure_warm_load(path: Path, cache_dir: Path, repeat: int, budget: float) -> Result:
    """``load_cached`` after one priming load, ``repeat`` times (in this process)."""
    try:
        start = time.perf_counter()
        load_cached(path, cache_dir=cache_dir, use_cache=True)  # priming (a hit if warm)
        priming = time.perf_counter() - start
        runs: list[float] = []
        total = repeat
        events = 0
        while len(runs) < total:
            start = time.perf_counter()
            timeline = load_cached(path, cache_dir=cache_dir, use_cache=True)
            runs.append(time.perf_counter() - start)
            events = len(timeline.events)
            if len(runs) == 1:
                total = _budgeted(repeat, runs[0], budget)
        return _series(runs, priming=priming, events=events)
    except Exception as exc:
        return _error(exc)


# --------------------------------------------------------------------------------------
# Textual: baseline B and the explorer
# --------------------------------------------------------------------------------------


async def bare_first_paint() -> float:
    """Baseline B: a bare App with one Static, from construction until it has drawn it
    (polled every millisecond, as the explorer's first paint is)."""
    from textual.app import App, ComposeResult
    from textual.visual import VisualType
    from textual.widgets import Static

    class Line(Static):
        painted = False  # drawn yet?

        def render(self) -> VisualType:
            self.painted = True
            return super().render()

    class Bare(App[None]):  # the smallest useful Textual app: one line of text
        def compose(self) -> ComposeResult:
            yield Line("baseline")

    start = time.perf_counter()
    app = Bare()
    async with app.run_test(size=SIZE):
        while not app.query(Line) or not app.query_one(Line).painted:
            await asyncio.sleep(0.001)
        return time.perf_counter() - start


def busy(app: App[Any]) -> bool:
    """Whether any of the app's workers is waiting to start or running."""
    from textual.worker import WorkerState

    return any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers)


@contextlib.contextmanager
def _config_file() -> Iterator[Path]:
    """A settings path in a fresh folder, so no user settings are read or written."""
    with tempfile.TemporaryDirectory(prefix="timeline-bench-config-") as folder:
        yield Path(folder) / "config.toml"


def build_app(path: Path, config: Path) -> TimelineApp:
    """The explorer on ``path`` as the command line builds it: UTC, frozen clock, no watcher."""
    from tui.app.factory import make_app

    return make_app(
        events_path=path,
        display_zone="UTC",
        now=lambda: NOW,
        watch=False,
        config_path=config,
        use_cache=True,
    )


def main_screen(app: TimelineApp) -> MainScreen:
    """The explorer's main screen, which must be the one showing."""
    from tui.app.screens.main import MainScreen

    screen = app.screen
    if not isinstance(screen, MainScreen):
        raise RuntimeError(f"the explorer shows {type(screen).__name__}, not its main screen")
    return screen


Session = Callable[["TimelineApp", "Pilot[None]", "TimelineList"], Awaitable[Result]]
"""After the first paint: ``(app, pilot, timeline_list) -> extra results``."""


async def explorer_first_paint(path: Path, then: Session | None = None) -> tuple[float, Result]:
    """Seconds from ``make_app`` until the list has rows and has drawn them, polled every
    millisecond (what the explorer starts after its first screen is not waited for).
    ``then`` runs afterwards in the same app, once every worker is done (not timed)."""
    from textual.worker import WorkerCancelled

    with _config_file() as config:
        start = time.perf_counter()
        app = build_app(path, config)
        async with app.run_test(size=SIZE) as pilot:
            listing: TimelineList | None = None
            while listing is None or not (len(listing.rows) > 0 and listing.painted):
                if time.perf_counter() - start > PAINT_TIMEOUT:
                    rows = len(listing.rows) if listing is not None else 0
                    raise TimeoutError(
                        f"no painted timeline rows after {PAINT_TIMEOUT:.0f} s ({rows} rows)"
                    )
                await asyncio.sleep(0.001)
                if app.screen_stack and type(app.screen).__name__ == "MainScreen":
                    listing = main_screen(app).timeline_list
            elapsed = time.perf_counter() - start
            extra: Result = {"rows": len(listing.rows)}
            if then is not None:
                cancelled = 0
                while busy(app):
                    try:
                        await app.workers.wait_for_complete()
                    except WorkerCancelled:  # replaced by a newer one: wait for what is left
                        cancelled += 1
                await pilot.pause()
                if cancelled:
                    extra["cancelled_workers"] = cancelled
                extra.update(await then(app, pilot, listing))
            return elapsed, extra


async def _timed_change(
    app: TimelineApp, listing: TimelineList, change: Callable[[], object]
) -> float | None:
    """Seconds from calling ``change`` until the list shows new rows, drawn, no worker busy.

    Polls every millisecond (sleeping, so worker threads get the interpreter). None when
    nothing changed within :data:`UPDATE_TIMEOUT`.
    """
    old_rows = listing.rows
    start = time.perf_counter()
    change()
    while True:
        if listing.rows is not old_rows and not busy(app) and listing.painted:
            return time.perf_counter() - start
        if time.perf_counter() - start > UPDATE_TIMEOUT:
            return None
        await asyncio.sleep(0.001)


def send_key(app: TimelineApp, key: str) -> None:
    """Deliver one key press the way the terminal driver does: a ``Key`` event posted to
    the app, with none of the test harness's waits."""
    from textual import events

    app.post_message(events.Key(key, key if len(key) == 1 else None).set_sender(app))


async def typing_session(
    app: TimelineApp, pilot: Pilot[None], listing: TimelineList, budget: float
) -> Result:
    """Search latency: focus the search box with ``/`` and type :data:`WORD`.

    The word is typed twice, each time into an empty box:

    * ``keystroke``: each key is handed to the app as the terminal driver would, and the
      clock stops when the list holds new rows, has drawn them and no worker is busy
      (polled every millisecond). All keys are typed unless that takes over twice
      ``budget`` seconds (at least 3 are);
    * ``keystroke_pilot``: ``pilot.press(ch)`` then all workers complete and a pause, the
      way a test waits. Textual's pilot sleeps at least 20 ms in each of its idle waits,
      so this figure carries a floor of about 60 ms that is the harness, not the app.
      Stops after ``budget / 2`` seconds (at least 2 keys).
    """
    from textual.widgets import Input

    await pilot.press("/")
    await pilot.pause()
    focused = app.focused
    box = focused if isinstance(focused, Input) else None
    focused_name = type(focused).__name__ if focused is not None else None

    async def clear_box() -> float | None:
        """Empty the search box in one step (one rebuild, not one per backspace); timed."""
        if box is None or not box.value:
            return 0.0
        return await _timed_change(app, listing, functools.partial(setattr, box, "value", ""))

    direct: list[float] = []
    rows: list[int] = []
    typed = ""
    unchanged = 0
    began = time.perf_counter()
    for ch in WORD:
        if len(direct) >= 3 and time.perf_counter() - began > 2 * budget:
            break
        took = await _timed_change(app, listing, functools.partial(send_key, app, ch))
        typed += ch
        if took is None:
            unchanged += 1
        else:
            direct.append(took)
            rows.append(len(listing.rows))
    cleared = await clear_box()
    await app.workers.wait_for_complete()
    await pilot.pause()
    through_pilot: list[float] = []
    began = time.perf_counter()
    for ch in WORD:
        if len(through_pilot) >= 2 and time.perf_counter() - began > budget / 2:
            break
        start = time.perf_counter()
        await pilot.press(ch)
        await app.workers.wait_for_complete()
        await pilot.pause()
        through_pilot.append(time.perf_counter() - start)
    await clear_box()
    await pilot.press("escape")
    await app.workers.wait_for_complete()
    await pilot.pause()
    keystroke = _series(
        direct, word=WORD, typed=typed, focused=focused_name, rows=rows, clear_seconds=cleared
    )
    if unchanged:
        keystroke["unchanged"] = unchanged
        keystroke["note"] = (
            f"{unchanged} keystroke(s) left the list unchanged for {UPDATE_TIMEOUT} s"
        )
    if not direct:
        keystroke = {
            "error": f"the list never changed while typing {WORD!r} (focused: {focused_name})",
        }
    pilot_typed = WORD[: len(through_pilot)]
    return {"keystroke": keystroke, "keystroke_pilot": _series(through_pilot, typed=pilot_typed)}


# --------------------------------------------------------------------------------------
# Actor filter
# --------------------------------------------------------------------------------------


def actors_to_filter(timeline: Timeline) -> list[str]:
    """Five actors to filter by: the busiest person, state, organisation and group (groups
    expanded, as the filter counts them) and the second busiest person."""
    tally = TimelineIndex.build(timeline).actor_counts()
    ranked = [aid for aid, _n in sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))]
    chosen: list[str] = []
    for wanted in ACTOR_KINDS:
        for aid in ranked:
            actor = timeline.actors.get(aid)
            if aid not in chosen and actor is not None and actor.kind is wanted:
                chosen.append(aid)
                break
    return chosen or ranked[:5]


def make_actor_session(path: Path, cache_dir: Path, budget: float) -> Session:
    """A session that filters by a few actors in turn, timing each change.

    Each actor is applied with :meth:`MainScreen.filter_by_actor` to an unfiltered list
    (what a click on an actor in the detail pane does) and then taken back with
    :meth:`MainScreen.action_pop_filter`, which rebuilds the full list; both are timed,
    the first is the figure reported. Stops after ``budget`` seconds (at least 3 actors).
    The core part alone (:meth:`TimelineIndex.matches`) is given beside it.
    """

    async def session(app: TimelineApp, pilot: Pilot[None], listing: TimelineList) -> Result:
        screen = main_screen(app)
        timeline = screen.timeline
        if timeline is None:
            raise RuntimeError("the explorer has no timeline after its first paint")
        actors = actors_to_filter(timeline)
        runs: list[float] = []
        removals: list[float] = []
        rows: list[int] = []
        unchanged = 0
        began = time.perf_counter()
        for aid in actors:
            if len(runs) >= 3 and time.perf_counter() - began > budget:
                break
            took = await _timed_change(app, listing, functools.partial(screen.filter_by_actor, aid))
            if took is None:
                unchanged += 1
                continue
            runs.append(took)
            rows.append(len(listing.rows))
            back = await _timed_change(app, listing, screen.action_pop_filter)
            if back is not None:
                removals.append(back)
        result = _series(
            runs,
            method=FILTER_METHOD,
            undo=UNDO_METHOD,
            actors=actors[: len(runs) + unchanged],
            rows=rows,
            remove_runs=removals,
            remove_median=statistics.median(removals) if removals else None,
        )
        if unchanged:
            result["unchanged"] = unchanged
        if not runs:
            result = {"error": f"{FILTER_METHOD} never changed the list"}
        result["core"] = core_actor_filter(path, cache_dir, actors)
        return {"actor_filter": result}

    return session


def core_actor_filter(path: Path, cache_dir: Path, actors: list[str] | None = None) -> Result:
    """The core part of an actor filter: ``TimelineIndex.matches`` with one actor."""
    try:
        timeline = load_cached(path, cache_dir=cache_dir)
        index = TimelineIndex.build(timeline)
        chosen = actors or actors_to_filter(timeline)
        runs: list[float] = []
        for aid in chosen:
            start = time.perf_counter()
            index.matches(Filter(actors=(aid,)))
            runs.append(time.perf_counter() - start)
        return _series(runs, method="TimelineIndex.matches (core only)", actors=chosen)
    except Exception as exc:
        return _error(exc)


# --------------------------------------------------------------------------------------
# Modes
# --------------------------------------------------------------------------------------


def _progress(message: str) -> None:
    """A progress line on stderr (the runner shows it as it comes)."""
    print(f"      {message}", file=sys.stderr, flush=True)


async def inproc(path: Path, cache_dir: Path, repeat: int, budget: float) -> Result:
    """Everything measured inside one process (see the module docstring).

    The latency sessions run in the app of the last first-paint run, after its timing.
    """
    out: Result = {"load_warm": measure_warm_load(path, cache_dir, repeat, budget)}
    _progress(f"warm load: {out['load_warm'].get('median')}")
    try:
        await bare_first_paint()  # warm-up: Textual's lazy imports, not counted
        runs = [await bare_first_paint() for _ in range(repeat)]
        out["baseline_b"] = _series(runs, warmup_discarded=1)
        _progress(f"baseline B: {out['baseline_b']['median']:.3f} s")
    except Exception as exc:
        out["baseline_b"] = _error(exc)

    actor_session = make_actor_session(path, cache_dir, budget)

    async def sessions(app: TimelineApp, pilot: Pilot[None], listing: TimelineList) -> Result:
        got: Result = {}
        try:
            got.update(await typing_session(app, pilot, listing, budget))
            _progress(f"keystroke: {got['keystroke'].get('median')}")
        except Exception as exc:
            got["keystroke"] = got["keystroke_pilot"] = _error(exc)
        try:
            got.update(await actor_session(app, pilot, listing))
            _progress(f"actor filter: {got['actor_filter'].get('median')}")
        except Exception as exc:
            got["actor_filter"] = _error(exc)
        return got

    paints: list[float] = []
    rows = 0
    total = repeat
    measured: Result = {}
    try:
        while len(paints) < total:
            last = len(paints) + 1 == total and (len(paints) > 0 or repeat == 1)
            took, extra = await explorer_first_paint(path, sessions if last else None)
            paints.append(took)
            _progress(f"first paint {len(paints)}: {took:.3f} s")
            rows = int(extra.pop("rows", 0))
            measured = extra
            if len(paints) == 1:
                total = _budgeted(repeat, took, budget)  # >= min(repeat, 3)
        out["first_paint"] = _series(paints, rows=rows)
    except Exception as exc:
        out["first_paint"] = _error(exc)
    fallback: Result = {"error": "no latency session ran (the first paint failed)"}
    for key in ("keystroke", "keystroke_pilot", "actor_filter"):
        out[key] = measured.get(key, fallback)
    return out


async def paint_once(path: Path) -> Result:
    """One headless first paint (for the parent to read this process's peak memory)."""
    try:
        took, extra = await explorer_first_paint(path)
        return {"seconds": took, **extra}
    except Exception as exc:
        return _error(exc)


def search_counts(path: Path, cache_dir: Path, word: str = WORD) -> Result:
    """The events in ``path`` and how many match each prefix of ``word`` in search (what
    the explorer's status line will show after each key)."""
    try:
        timeline = load_cached(path, cache_dir=cache_dir)
        index = TimelineIndex.build(timeline)
        counts = [len(index.matches(Filter(text=word[:i]))) for i in range(1, len(word) + 1)]
        return {"total": len(timeline.events), "word": word, "counts": counts}
    except Exception as exc:
        return _error(exc)


def progress_cost(path: Path, repeat: int, budget: float) -> Result:
    """A cold load (no cache) with and without a progress listener, alternately.

    The listener is the cheapest possible (it counts the steps), so the figure is the cost
    of the reporting itself; the medians and their ratio go to the rows ``progress_off``
    and ``progress_on``. One load first warms up; then each round alternates which of the
    two goes first.
    """
    from tui.core import progress

    try:
        off: list[float] = []
        on: list[float] = []
        steps: list[int] = [0]

        def count(_step: progress.Step) -> None:
            steps[0] += 1

        def timed(listener: progress.ProgressCallback | None) -> float:
            start = time.perf_counter()
            with progress.reporting(listener):
                load_cached(path, use_cache=False)
            return time.perf_counter() - start

        timed(None)  # warm-up: lazy imports and first-use caches, not counted
        total = repeat
        while len(on) < total:
            # each round the other one goes first, so neither always follows the other
            if len(on) % 2:
                on.append(timed(count))
                off.append(timed(None))
            else:
                off.append(timed(None))
                on.append(timed(count))
            _progress(f"cold load without / with progress: {off[-1]:.3f} / {on[-1]:.3f} s")
            if len(on) == 1:
                total = _budgeted(repeat, off[0] + on[0], budget)
        return {
            "progress_off": _series(off),
            "progress_on": _series(on, steps_per_load=steps[0] // len(on)),
        }
    except Exception as exc:
        failed = _error(exc)
        return {"progress_off": failed, "progress_on": failed}


def main(argv: list[str] | None = None) -> int:
    """Command line; prints one JSON object."""
    parser = argparse.ArgumentParser(prog="python -m bench.worker")
    parser.add_argument("mode", choices=("inproc", "paint-once", "counts", "progress"))
    parser.add_argument("file", type=Path)
    parser.add_argument("--cache-dir", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--budget", type=float, default=60.0)
    args = parser.parse_args(argv)
    path: Path = args.file
    cache_dir: Path = args.cache_dir
    os.environ["TIMELINE_CACHE_DIR"] = str(cache_dir)  # the explorer's own loads
    if args.mode == "inproc":
        repeat: int = max(1, args.repeat)
        budget: float = args.budget
        result = asyncio.run(inproc(path, cache_dir, repeat, budget))
    elif args.mode == "counts":
        result = search_counts(path, cache_dir)
    elif args.mode == "progress":
        result = progress_cost(path, max(1, args.repeat), args.budget)
    else:
        result = asyncio.run(paint_once(path))
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
