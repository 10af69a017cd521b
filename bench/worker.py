"""In-process measurements, run by :mod:`bench.run` in a fresh subprocess per data size.

Usage (normally only through ``python -m bench.run``)::

    python -m bench.worker inproc FILE --cache-dir DIR [--repeat 5] [--budget 60]
    python -m bench.worker paint-once FILE --cache-dir DIR

``inproc`` measures, in this one process: the warm load through the cache, baseline B (a
bare Textual app's first paint), the explorer's first painted timeline, the search
keystroke latency and the actor filter latency. ``paint-once`` does a single headless first
paint and exits, so that the parent can read this process's peak memory.

The result is one JSON object on the last line of stdout. A piece of the program that does
not exist yet is reported as ``{"missing": "..."}``, a failure as ``{"error": "..."}``;
neither stops the other measurements.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import importlib
import importlib.util
import inspect
import json
import os
import statistics
import sys
import tempfile
import time
import traceback
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

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

Result = dict[str, Any]


def _missing(module: str) -> str | None:
    """The module's name when it cannot be found (a piece not written yet), else None."""
    try:
        return None if importlib.util.find_spec(module) is not None else module
    except ModuleNotFoundError:
        return module


def _error(exc: BaseException) -> Result:
    """An ``{"error": ...}`` result with the exception and the last traceback lines."""
    tail = traceback.format_exception(exc)[-3:]
    return {"error": f"{type(exc).__name__}: {exc}", "traceback": "".join(tail)[-1500:]}


def _import_error(exc: ImportError) -> Result:
    """A missing module as ``{"missing": ...}``, any other import failure as an error."""
    if isinstance(exc, ModuleNotFoundError) and exc.name and exc.name.startswith("tui"):
        return {"missing": exc.name.replace(".", "/") + ".py"}
    return _error(exc)


def _series(runs: list[float], **extra: Any) -> Result:
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
    gone = _missing("tui.core.cache")
    if gone:
        return {"missing": "tui/core/cache.py"}
    try:
        cache = importlib.import_module("tui.core.cache")
    except ImportError as exc:
        return _import_error(exc)
    load_cached: Callable[..., Any] | None = getattr(cache, "load_cached", None)
    if load_cached is None:
        return {"missing": "tui.core.cache.load_cached"}
    try:
        start = time.perf_counter()
        load_cached(path, cache_dir=cache_dir, use_cache=True)  # priming (a hit if warm)
        priming = time.perf_counter() - start
        runs: list[float] = []
        total = repeat
        while len(runs) < total:
            start = time.perf_counter()
            timeline = load_cached(path, cache_dir=cache_dir, use_cache=True)
            runs.append(time.perf_counter() - start)
            if len(runs) == 1:
                total = _budgeted(repeat, runs[0], budget)
        return _series(runs, priming=priming, events=len(timeline.events))
    except Exception as exc:
        return _error(exc)


# --------------------------------------------------------------------------------------
# Textual: baseline B and the explorer
# --------------------------------------------------------------------------------------


async def bare_first_paint() -> float:
    """Baseline B: a bare App with one Static, from construction to after the first pause."""
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App[None]):
        """The smallest useful Textual app."""

        def compose(self) -> ComposeResult:
            """One line of text."""
            yield Static("baseline")

    start = time.perf_counter()
    app = Bare()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        return time.perf_counter() - start


def _timeline_list_class() -> type[Any] | None:
    try:
        module = importlib.import_module("tui.app.widgets.timeline_list")
    except ImportError:
        return None
    cls = getattr(module, "TimelineList", None)
    return cls if isinstance(cls, type) else None


def find_list(app: Any) -> Any | None:
    """The explorer's timeline list on the current screen, if it is there."""
    cls = _timeline_list_class()
    if cls is None:
        return None
    try:
        found = list(app.screen.query(cls))
    except Exception:
        return None
    return found[0] if found else None


def _row_count(widget: Any) -> int:
    rows = getattr(widget, "rows", None)
    try:
        return len(rows) if rows is not None else 0
    except TypeError:
        return 0


def _painted(widget: Any) -> bool:
    """Whether the list has drawn lines since its rows were last set.

    The list keeps an LRU cache of rendered lines that :meth:`set_rows` clears; it fills
    again only when the compositor draws the list. An empty list draws only its message.
    """
    cache = getattr(widget, "_cache", None)
    if cache is None or _row_count(widget) == 0:
        return True
    try:
        return len(cache) > 0
    except TypeError:
        return True


def _busy(app: Any) -> bool:
    from textual.worker import WorkerState

    return any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers)


@contextlib.contextmanager
def _config_file() -> Iterator[Path]:
    """A settings path in a fresh folder, so no user settings are read or written."""
    with tempfile.TemporaryDirectory(prefix="timeline-bench-config-") as folder:
        yield Path(folder) / "config.toml"


def _make_app_function() -> tuple[Callable[..., Any] | None, Result | None]:
    """``make_app`` from the factory, or a missing/error result."""
    for module in ("tui.app.factory", "tui.app.widgets.timeline_list"):
        if _missing(module):
            return None, {"missing": module.replace(".", "/") + ".py"}
    try:
        factory = importlib.import_module("tui.app.factory")
    except ImportError as exc:
        return None, _import_error(exc)
    make_app = getattr(factory, "make_app", None)
    if make_app is None:
        return None, {"missing": "tui.app.factory.make_app"}
    return make_app, None


def _build_app(make_app: Callable[..., Any], path: Path, config: Path) -> Any:
    kwargs: dict[str, Any] = {
        "events_path": path,
        "display_zone": "UTC",
        "now": lambda: NOW,
        "watch": False,
        "config_path": config,
    }
    params = inspect.signature(make_app).parameters
    if "use_cache" in params:
        kwargs["use_cache"] = True
    return make_app(**kwargs)


Session = Callable[[Any, Any, Any], Awaitable[Result]]
"""After the first paint: ``(app, pilot, timeline_list) -> extra results``."""


async def explorer_first_paint(
    make_app: Callable[..., Any], path: Path, then: Session | None = None
) -> tuple[float, Result]:
    """Seconds from ``make_app`` to the first painted, non-empty timeline list.

    Waits the way a test would (all workers complete, then a pause) until the list has
    rows and has drawn them. ``then`` runs afterwards in the same app (not timed here).
    """
    with _config_file() as config:
        start = time.perf_counter()
        app = _build_app(make_app, path, config)
        async with app.run_test(size=SIZE) as pilot:
            while True:
                await app.workers.wait_for_complete()
                await pilot.pause()
                widget = find_list(app)
                if widget is not None and _row_count(widget) > 0 and _painted(widget):
                    break
                if time.perf_counter() - start > PAINT_TIMEOUT:
                    raise TimeoutError(
                        f"no painted timeline rows after {PAINT_TIMEOUT:.0f} s "
                        f"(list found: {widget is not None})"
                    )
            elapsed = time.perf_counter() - start
            extra: Result = {"rows": _row_count(widget)}
            if then is not None:
                extra.update(await then(app, pilot, widget))
            return elapsed, extra


async def _until_updated(app: Any, widget: Any, old_rows: Any, start: float) -> float | None:
    """Seconds from ``start`` until the list shows new rows, drawn, with no worker busy.

    Polls every millisecond (sleeping, so worker threads get the interpreter). None when
    nothing changed within :data:`UPDATE_TIMEOUT`.
    """
    while True:
        if getattr(widget, "rows", None) is not old_rows and not _busy(app) and _painted(widget):
            return time.perf_counter() - start
        if time.perf_counter() - start > UPDATE_TIMEOUT:
            return None
        await asyncio.sleep(0.001)


def _send_key(app: Any, key: str) -> None:
    """Deliver one key press the way the terminal driver does (no test-harness waits)."""
    from textual import events

    char = key if len(key) == 1 else None
    event = events.Key(key, char)
    event.set_sender(app)
    app._driver.send_message(event)


async def _clear_box(app: Any, widget: Any, box: Any) -> float | None:
    """Empty the search box in one step (one rebuild, not one per backspace); timed."""

    def clear() -> None:
        box.value = ""

    if not getattr(box, "value", ""):
        return 0.0
    return await _timed_change(app, widget, clear)


async def typing_session(app: Any, pilot: Any, widget: Any, budget: float) -> Result:
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
    await pilot.press("/")
    await pilot.pause()
    box = app.focused
    focused = type(box).__name__ if box is not None else None
    direct: list[float] = []
    rows: list[int] = []
    typed = ""
    unchanged = 0
    began = time.perf_counter()
    for ch in WORD:
        if len(direct) >= 3 and time.perf_counter() - began > 2 * budget:
            break
        took = await _timed_change(app, widget, functools.partial(_send_key, app, ch))
        typed += ch
        if took is None:
            unchanged += 1
        else:
            direct.append(took)
            rows.append(_row_count(widget))
    cleared = await _clear_box(app, widget, box) if box is not None else None
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
    if box is not None:
        await _clear_box(app, widget, box)
    await pilot.press("escape")
    await app.workers.wait_for_complete()
    await pilot.pause()
    keystroke = _series(
        direct, word=WORD, typed=typed, focused=focused, rows=rows, clear_seconds=cleared
    )
    if unchanged:
        keystroke["unchanged"] = unchanged
        keystroke["note"] = (
            f"{unchanged} keystroke(s) left the list unchanged for {UPDATE_TIMEOUT} s"
        )
    if not direct:
        keystroke = {
            "error": f"the list never changed while typing {WORD!r} (focused: {focused})",
        }
    pilot_typed = WORD[: len(through_pilot)]
    return {"keystroke": keystroke, "keystroke_pilot": _series(through_pilot, typed=pilot_typed)}


# --------------------------------------------------------------------------------------
# Actor filter
# --------------------------------------------------------------------------------------

_ACTOR_METHODS = (
    "filter_by_actor",
    "apply_actor_filter",
    "set_actor_filter",
    "add_actor_filter",
)
"""Screen or app methods taking an actor id, tried in this order."""
_UNDO_METHODS = ("action_pop_filter", "pop_filter", "clear_filters")
"""Screen methods taking back the last filter."""


def _actor_hook(app: Any) -> tuple[str, Callable[[str], Any], Callable[[], Any] | None] | None:
    """How the explorer applies an actor filter (and takes it back), if it offers a way."""
    for owner_name, owner in (("screen", app.screen), ("app", app)):
        for name in _ACTOR_METHODS:
            method = getattr(owner, name, None)
            if callable(method):
                undo = None
                for undo_name in _UNDO_METHODS:
                    candidate = getattr(owner, undo_name, None)
                    if callable(candidate):
                        undo = candidate
                        break
                return f"{owner_name}.{name}", method, undo
    return None


def _test_actors(timeline: Any) -> list[str]:
    """Five actors to filter by: the busiest person, state, organisation and group (groups
    expanded, as the filter counts them) and the second busiest person."""
    from tui.core.query import TimelineIndex

    index = TimelineIndex.build(timeline)
    tally = index.actor_counts()
    ranked = [aid for aid, _n in sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))]

    def kind(aid: str) -> str:
        value = getattr(timeline.actors[aid], "kind", None)
        return str(getattr(value, "value", value))

    chosen: list[str] = []
    for wanted in ("person", "state", "organisation", "group", "person"):
        for aid in ranked:
            if aid not in chosen and aid in timeline.actors and kind(aid) == wanted:
                chosen.append(aid)
                break
    return chosen or ranked[:5]


def _timeline_of(app: Any, path: Path, cache_dir: Path) -> Any:
    for owner in (app.screen, app):
        for attr in ("timeline", "_timeline"):
            value = getattr(owner, attr, None)
            if value is not None and hasattr(value, "events"):
                return value
    cache = importlib.import_module("tui.core.cache")
    return cache.load_cached(path, cache_dir=cache_dir)


async def _timed_change(app: Any, widget: Any, change: Callable[[], Any]) -> float | None:
    """Seconds from calling ``change`` to the list redrawn with new rows (None: no change)."""
    old = widget.rows
    start = time.perf_counter()
    outcome = change()
    if inspect.isawaitable(outcome):
        await outcome
    return await _until_updated(app, widget, old, start)


def make_actor_session(path: Path, cache_dir: Path, budget: float) -> Session:
    """A session that filters by a few actors in turn, timing each change.

    Each actor is applied to an unfiltered list (the way a click on an actor in the detail
    pane does) and then taken back, which rebuilds the full list; both are timed, the
    first is the figure reported. Stops after ``budget`` seconds (at least 3 actors).
    """

    async def session(app: Any, pilot: Any, widget: Any) -> Result:
        hook = _actor_hook(app)
        actors = _test_actors(_timeline_of(app, path, cache_dir))
        if hook is None:
            return {"actor_filter": core_actor_filter(path, cache_dir, actors)}
        label, apply, undo = hook
        runs: list[float] = []
        removals: list[float] = []
        rows: list[int] = []
        unchanged = 0
        began = time.perf_counter()
        for aid in actors:
            if len(runs) >= 3 and time.perf_counter() - began > budget:
                break
            took = await _timed_change(app, widget, functools.partial(apply, aid))
            if took is None:
                unchanged += 1
                continue
            runs.append(took)
            rows.append(_row_count(widget))
            if undo is not None:
                back = await _timed_change(app, widget, undo)
                if back is not None:
                    removals.append(back)
        result = _series(
            runs,
            method=label,
            undo=getattr(undo, "__name__", None),
            actors=actors[: len(runs) + unchanged],
            rows=rows,
            remove_runs=removals,
            remove_median=statistics.median(removals) if removals else None,
            core_only=False,
        )
        if unchanged:
            result["unchanged"] = unchanged
        if not runs:
            result = {"error": f"{label} never changed the list"}
        result["core"] = core_actor_filter(path, cache_dir, actors)
        return {"actor_filter": result}

    return session


def core_actor_filter(path: Path, cache_dir: Path, actors: list[str] | None = None) -> Result:
    """The core part of an actor filter: ``TimelineIndex.matches`` with one actor."""
    try:
        cache = importlib.import_module("tui.core.cache")
        from tui.core.query import Filter, TimelineIndex

        timeline = cache.load_cached(path, cache_dir=cache_dir)
        index = TimelineIndex.build(timeline)
        chosen = actors or _test_actors(timeline)
        runs: list[float] = []
        for aid in chosen:
            start = time.perf_counter()
            index.matches(Filter(actors=(aid,)))
            runs.append(time.perf_counter() - start)
        return _series(
            runs, method="TimelineIndex.matches (core only)", actors=chosen, core_only=True
        )
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

    make_app, problem = _make_app_function()
    if make_app is None:
        assert problem is not None
        for key in ("first_paint", "keystroke", "keystroke_pilot"):
            out[key] = problem
        out["actor_filter"] = core_actor_filter(path, cache_dir)
        return out

    actor_session = make_actor_session(path, cache_dir, budget)

    async def sessions(app: Any, pilot: Any, widget: Any) -> Result:
        got: Result = {}
        try:
            got.update(await typing_session(app, pilot, widget, budget))
            _progress(f"keystroke: {got['keystroke'].get('median')}")
        except Exception as exc:
            got["keystroke"] = got["keystroke_pilot"] = _error(exc)
        try:
            got.update(await actor_session(app, pilot, widget))
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
            took, extra = await explorer_first_paint(make_app, path, sessions if last else None)
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
    make_app, problem = _make_app_function()
    if make_app is None:
        assert problem is not None
        return problem
    try:
        took, extra = await explorer_first_paint(make_app, path)
        return {"seconds": took, **extra}
    except Exception as exc:
        return _error(exc)


def main(argv: list[str] | None = None) -> int:
    """Command line; prints one JSON object."""
    parser = argparse.ArgumentParser(prog="python -m bench.worker")
    parser.add_argument("mode", choices=("inproc", "paint-once"))
    parser.add_argument("file", type=Path)
    parser.add_argument("--cache-dir", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--budget", type=float, default=60.0)
    args = parser.parse_args(argv)
    os.environ["TIMELINE_CACHE_DIR"] = str(args.cache_dir)
    if args.mode == "inproc":
        result = asyncio.run(inproc(args.file, args.cache_dir, max(1, args.repeat), args.budget))
    else:
        result = asyncio.run(paint_once(args.file))
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
