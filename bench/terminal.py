"""Latency as a user sees it: the explorer in a real terminal, next to a bare Textual app.

Each program runs in a tmux session of its own (120 x 40) on a tmux server private to the
run (``tmux -L``), started through ``env`` with the run's environment. The clock starts
just before the session is created and stops when ``capture-pane`` shows what the user
waits for:

* first screen: the explorer's status line says ``100,000 events`` (its rows are drawn in
  the same frame); the bare app (:mod:`bench.bare_app`) shows ``count 0``;
* a keystroke: the key is sent with ``send-keys``; the clock stops when the status line
  shows the count of events that match the text typed so far (``12,345 of 100,000
  events``), worked out beforehand by the core (:func:`bench.worker.search_counts`); the
  bare app's ``count N`` line changes likewise. A key whose count equals the previous
  key's cannot be seen on the screen and is typed but not timed.

The screen is polled every :data:`POLL_SECONDS`; each poll starts a tmux client, which
costs a few milliseconds of CPU, so figures carry that resolution, the same for the
explorer and the bare app.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import shlex
import statistics
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

SIZE = (120, 40)
"""Columns and lines of the terminal."""
POLL_SECONDS = 0.004
"""Pause between two looks at the screen."""
START_TIMEOUT = 300.0
"""Seconds to wait for a first screen."""
KEY_TIMEOUT = 30.0
"""Seconds to wait for the screen to answer a key."""
SETTLE_SECONDS = 1.5
"""Pause after the first screen and after focusing the search box, before the first timed
key: a person reads the screen first, and a key sent while focus is still moving may land
in the list instead of the box."""

UNSET = ("TIMELINE_CONFIG", "TIMELINE_TZ")
"""Taken out of the programs' environment (the tmux server has the runner's), as
:func:`bench.run.base_env` does for every other child."""

Result = dict[str, Any]


class TmuxError(RuntimeError):
    """tmux failed, or the screen never showed what was waited for."""


@dataclass
class Tmux:
    """A tmux server of our own (``tmux -L socket``), so no other session is touched."""

    socket: str

    def run(self, *args: str) -> str:
        """Run a tmux command on our server; its stdout."""
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise TmuxError(f"tmux {args[0]}: {done.stderr.strip()}")
        return done.stdout

    def start(self, name: str, argv: Sequence[str], env: Mapping[str, str]) -> None:
        """Open session ``name`` running ``argv`` with ``env`` added (through ``env``)."""
        unset = [arg for name in UNSET for arg in ("-u", name)]
        command = shlex.join(["env", *unset, *(f"{k}={v}" for k, v in env.items()), *argv])
        width, height = SIZE
        self.run("new-session", "-d", "-s", name, "-x", str(width), "-y", str(height), command)
        # keep the pane when the program ends, so a crash can be read from it
        self.run("set-option", "-t", name, "remain-on-exit", "on")

    def screen(self, name: str) -> str:
        """The visible text of the session's pane."""
        return self.run("capture-pane", "-p", "-t", name)

    def type(self, name: str, text: str) -> None:
        """Send ``text`` as typed keys."""
        self.run("send-keys", "-t", name, "-l", text)

    def kill(self, name: str) -> None:
        """End a session (and the program in it)."""
        with contextlib.suppress(TmuxError):
            self.run("kill-session", "-t", name)

    def stop(self) -> None:
        """End our tmux server."""
        with contextlib.suppress(TmuxError):
            self.run("kill-server")


def wait_for(tmux: Tmux, name: str, ready: Callable[[str], bool], timeout: float) -> str:
    """Poll the pane until ``ready(text)``; the text. Raises :class:`TmuxError` on timeout."""
    deadline = time.perf_counter() + timeout
    while True:
        text = tmux.screen(name)
        if ready(text):
            return text
        if time.perf_counter() > deadline:
            tail = " | ".join(line for line in text.splitlines() if line.strip())[-300:]
            raise TmuxError(f"timed out after {timeout:.0f} s; the screen shows: {tail}")
        time.sleep(POLL_SECONDS)


@dataclass(frozen=True)
class Program:
    """A program measured in the terminal.

    Attributes:
        argv: How it is started.
        first_screen: Whether a screen shows its first useful view.
        typed: ``typed(text, count)`` says whether the screen shows the answer to the
            keys typed so far (``count``: the answer expected).
        focus_search: Keys that focus its search box first (``""``: it has focus).
    """

    argv: Sequence[str]
    first_screen: Callable[[str], bool]
    typed: Callable[[str, int], bool]
    focus_search: str = ""


def bare_program(python: str) -> Program:
    """The bare app of :mod:`bench.bare_app`."""
    return Program(
        argv=[python, "-m", "bench.bare_app"],
        first_screen=lambda text: "count 0" in text,
        typed=lambda text, count: f"count {count}" in text,
    )


def explorer_program(python: str, path: str, total: int) -> Program:
    """The explorer on ``path`` (``total`` events), UTC, without watching the file."""
    everything = re.compile(rf"(?<![\d,]){total:,} events")

    def typed(text: str, count: int) -> bool:
        return f"{count:,} of {total:,} events" in text

    return Program(
        argv=[python, "-m", "tui", path, "--tz", "UTC", "--no-watch"],
        first_screen=lambda text: everything.search(text) is not None,
        typed=typed,
        focus_search="/",
    )


def first_screens(
    tmux: Tmux, program: Program, env: Mapping[str, str], runs: int, tag: str
) -> list[float]:
    """Seconds from starting ``program`` to its first screen, ``runs`` times."""
    took: list[float] = []
    for i in range(runs):
        name = f"{tag}-{i}"
        start = time.perf_counter()
        tmux.start(name, program.argv, env)
        try:
            wait_for(tmux, name, program.first_screen, START_TIMEOUT)
            took.append(time.perf_counter() - start)
        finally:
            tmux.kill(name)
    return took


def _answered(program: Program, count: int, text: str) -> bool:
    return program.typed(text, count)


def typing(
    tmux: Tmux,
    program: Program,
    env: Mapping[str, str],
    word: str,
    counts: Sequence[int],
    tag: str,
) -> Result:
    """Type ``word`` one key at a time; seconds from each key to its answer on screen.

    Args:
        counts: The answer expected after each key (``counts[i]`` for ``word[: i + 1]``).
    """
    name = f"{tag}-typing"
    tmux.start(name, program.argv, env)
    keys: list[float] = []
    unseen: list[str] = []
    try:
        wait_for(tmux, name, program.first_screen, START_TIMEOUT)
        time.sleep(SETTLE_SECONDS)  # what the program does after its first screen
        if program.focus_search:
            tmux.type(name, program.focus_search)
            time.sleep(SETTLE_SECONDS)  # the box takes focus; a key sooner could miss it
        previous: int | None = None
        for i, ch in enumerate(word):
            count = counts[i]
            start = time.perf_counter()
            tmux.type(name, ch)
            if count == previous:
                unseen.append(word[: i + 1])  # the screen cannot tell this key's answer
                time.sleep(0.5)
                continue
            wait_for(tmux, name, functools.partial(_answered, program, count), KEY_TIMEOUT)
            keys.append(time.perf_counter() - start)
            previous = count
    finally:
        tmux.kill(name)
    out: Result = {
        "runs": keys,
        "median": statistics.median(keys) if keys else None,
        "max": max(keys) if keys else None,
        "word": word,
        "counts": list(counts),
    }
    if unseen:
        out["untimed"] = unseen
    return out


def measure(
    python: str,
    path: str,
    env: Mapping[str, str],
    *,
    total: int,
    word: str,
    counts: Sequence[int],
    repeat: int,
    budget: float,
    log: Callable[[str], None],
) -> dict[str, Result]:
    """Every terminal measure at one size: first screens and typing, bare app and explorer.

    Returns rows ``term_bare_first``, ``term_first``, ``term_bare_key`` and
    ``term_keystroke``; a row that fails holds ``{"error": ...}``.
    """
    # a new server each time: the last one may still be on its way out under the same name
    tmux = Tmux(f"timeline-bench-{os.getpid()}-{time.monotonic_ns()}")
    bare = bare_program(python)
    explorer = explorer_program(python, path, total)
    out: dict[str, Result] = {}
    try:
        for key, program, tag in (
            ("term_bare_first", bare, "bare"),
            ("term_first", explorer, "explorer"),
        ):
            try:
                first = first_screens(tmux, program, env, 1, tag)
                runs = repeat if first[0] * repeat <= budget else max(min(repeat, 3), 1)
                took = first + first_screens(tmux, program, env, runs - 1, f"{tag}-r")
                out[key] = {"runs": took, "median": statistics.median(took)}
                log(f"    {key}: {statistics.median(took):.3f} s ({len(took)} runs)")
            except (TmuxError, OSError) as exc:
                out[key] = {"error": str(exc)}
                log(f"    {key}: ERROR {exc}")
        bare_counts = list(range(1, len(word) + 1))
        for key, program, expected, tag in (
            ("term_bare_key", bare, bare_counts, "bare-keys"),
            ("term_keystroke", explorer, counts, "explorer-keys"),
        ):
            try:
                out[key] = typing(tmux, program, env, word, expected, tag)
                got = out[key]
                if got["median"] is not None:
                    log(
                        f"    {key}: median {got['median'] * 1000:.0f} ms, "
                        f"max {got['max'] * 1000:.0f} ms"
                    )
            except (TmuxError, OSError) as exc:
                out[key] = {"error": str(exc)}
                log(f"    {key}: ERROR {exc}")
    finally:
        tmux.stop()
    return out
