"""The benchmark, in one command.

Usage::

    python -m bench.run [--sizes 1000,10000,100000] [--repeat 5] [--out bench/out/results.json]
    python -m bench.run --quick          # 1,000 events, 3 runs each: a smoke test

For each size it generates (or reuses) a synthetic timeline in ``bench/data/`` and measures,
each figure the median of ``--repeat`` runs:

1. baseline A: a bare process that only parses the file with PyYAML's C loader;
2. ``timeline check F --no-cache`` in a fresh process with an empty cache folder;
3. the warm load (``load_cached`` in-process after a priming load) and a warm
   ``timeline check F`` process;
4. ``timeline list F --format json`` end to end (warm cache, output to /dev/null);
5. baseline B: a bare Textual app's start and first paint, headless, in-process;
6. the explorer's first painted timeline, headless, warm cache;
7. the search keystroke latency and the actor filter latency;
8. peak memory (max RSS) of the cold check and of the explorer's first paint.

The machine is small and noisy, so every time is also given as a ratio to a baseline
measured in the same run (A for loading and the command line, B for the interface), and
the process measurements of one size are interleaved (A, cold, warm, list, A, ...) so that
a slow spell hits them alike. This module does not import the program: the command runs in
child processes and the in-process figures are taken by :mod:`bench.worker`, so a figure
that fails shows as ``error`` (with the reason in the notes) and the others are still
taken. Every child gets the run's own config folder (``XDG_CONFIG_HOME``), so a run never
reads or writes the user's settings or the secret that authenticates their cache. See
``bench/README.md``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import generate, terminal

ROOT = Path(__file__).resolve().parent.parent
"""The project folder (subprocesses run here, with it on ``PYTHONPATH``)."""
BENCH = ROOT / "bench"
DEFAULT_OUT = BENCH / "out" / "results.json"
DATA_DIR = BENCH / "data"
DEFAULT_SIZES = (1000, 10000, 100000)
DEFAULT_BUDGET = 45.0
"""Seconds one measure may take at one size before its runs are cut (never below 3)."""
PROC_TIMEOUT = 900.0
"""A single subprocess is killed after this many seconds."""
MB = 1024 * 1024

PARSE_ONLY = "import sys, yaml; yaml.load(open(sys.argv[1]), yaml.CSafeLoader)"
"""Baseline A: parse the file with libyaml through PyYAML, nothing else."""

Cell = dict[str, Any]
Logger = Callable[[str], None]


# --------------------------------------------------------------------------------------
# Rows of the table and the targets of the issue
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RowSpec:
    """One line of the table.

    Attributes:
        key: Key in the results.
        label: What is shown.
        unit: ``s``, ``ms`` or ``MB`` (values are stored in seconds or bytes).
        base: Key of the baseline the ratio is taken to, if any.
    """

    key: str
    label: str
    unit: str
    base: str | None = None


ROWS: tuple[RowSpec, ...] = (
    RowSpec("baseline_a", "A  baseline: PyYAML C parse only (proc)", "s"),
    RowSpec("check_cold", "timeline check --no-cache, cold (proc)", "s", "baseline_a"),
    RowSpec("load_warm", "warm load_cached (in-process)", "s", "baseline_a"),
    RowSpec("check_warm", "timeline check, warm cache (proc)", "s", "baseline_a"),
    RowSpec("list_json", "timeline list --format json, warm (proc)", "s", "baseline_a"),
    RowSpec("baseline_b", "B  baseline: bare Textual app 1st paint", "s"),
    RowSpec("first_paint", "explorer 1st painted timeline, warm", "s", "baseline_b"),
    RowSpec("term_bare_first", "T  baseline: bare Textual app 1st screen, tmux", "s"),
    RowSpec("term_first", "explorer 1st screen, warm, tmux", "s", "term_bare_first"),
    RowSpec("keystroke", "search keystroke -> list redrawn", "ms"),
    RowSpec("keystroke_pilot", "  same, via pilot.press + pause (*)", "ms"),
    RowSpec("term_bare_key", "K  baseline: bare app keystroke, tmux", "ms"),
    RowSpec("term_keystroke", "search keystroke -> count on screen, tmux", "ms", "term_bare_key"),
    RowSpec("actor_filter", "actor filter change -> list redrawn", "ms"),
    RowSpec("progress_off", "P  cold load in-process, no progress listener", "s"),
    RowSpec("progress_on", "cold load in-process, progress reported", "s", "progress_off"),
    RowSpec("rss_baseline_a", "peak RSS: baseline A (proc)", "MB"),
    RowSpec("rss_check_cold", "peak RSS: check --no-cache (proc)", "MB"),
    RowSpec("rss_explorer", "peak RSS: explorer 1st paint (proc)", "MB"),
)


@dataclass(frozen=True, slots=True)
class Target:
    """A goal from the issue.

    Attributes:
        key: The row.
        size: The data size it applies to.
        on: ``ratio`` (to the row's baseline), ``value`` (the median) or ``max`` (the
            slowest run: every keystroke counts).
        limit: The bound (seconds, bytes or a ratio).
        strict: ``<`` instead of ``<=``.
    """

    key: str
    size: int
    on: str
    limit: float
    strict: bool = False

    def text(self) -> str:
        """The target as shown in the table."""
        op = "<" if self.strict else "<="
        if self.on == "max":
            op = f"max {op}"
        if self.on == "ratio":
            return f"{op} {self.limit:g}x @{_short(self.size)}"
        if self.key.startswith("rss"):
            return f"{op} {self.limit / MB:.0f} MB @{_short(self.size)}"
        if self.limit < 1:
            return f"{op} {self.limit * 1000:.0f} ms @{_short(self.size)}"
        return f"{op} {self.limit:g} s @{_short(self.size)}"

    def met(self, cell: Cell) -> bool | None:
        """Whether a measured cell meets the target (None when it has no figure)."""
        value = cell.get(self.on if self.on in ("ratio", "max") else "value")
        if not isinstance(value, (int, float)):
            return None
        return value < self.limit if self.strict else value <= self.limit


TARGETS: tuple[Target, ...] = (
    Target("check_cold", 1000, "ratio", 1.2),
    Target("check_cold", 100000, "ratio", 0.1),
    Target("check_cold", 1000000, "ratio", 0.1),
    Target("check_warm", 100000, "value", 0.3),
    Target("check_warm", 1000000, "value", 1.5),
    Target("list_json", 1000, "ratio", 1.2),
    Target("load_warm", 100000, "value", 0.3),
    Target("first_paint", 100000, "value", 1.0),
    Target("term_first", 100000, "ratio", 4.0),
    Target("term_first", 1000000, "value", 3.0),
    Target("keystroke", 100000, "value", 0.050),
    Target("keystroke", 100000, "max", 0.100),
    Target("keystroke", 1000000, "max", 0.100),
    Target("term_keystroke", 100000, "value", 0.050),
    Target("term_keystroke", 100000, "max", 0.100),
    Target("term_keystroke", 1000000, "max", 0.100),
    Target("actor_filter", 100000, "value", 0.050),
    Target("actor_filter", 1000000, "value", 0.100),
    Target("progress_on", 100000, "ratio", 1.02),
    Target("rss_check_cold", 100000, "value", 400 * MB),
    Target("rss_check_cold", 1000000, "value", 2048 * MB),
    Target("rss_explorer", 100000, "value", 400 * MB),
    Target("rss_explorer", 1000000, "value", 1024 * MB),
)
"""The issue's targets (speed, round two). ``progress_on`` at most 2% over the same load
without a listener: "progress must not slow the load measurably"."""


def _short(size: int) -> str:
    if size % 1_000_000 == 0 and size >= 1_000_000:
        return f"{size // 1_000_000}M"
    return f"{size // 1000}k" if size % 1000 == 0 and size >= 1000 else str(size)


# --------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------


LEAN_FROM = 1_000_000
"""From this size on, events are generated lean (``bench.generate``'s ``lean``: no
location, summary, sources or notes), so the file stays under the largest the program
reads (``MAX_BYTES``), as the issue's own 40 MB million-event file did."""


def data_key(n: int, seed: int) -> str:
    """A hash of the generator's source, version, seed and size: the data file's identity."""
    digest = hashlib.sha256(Path(generate.__file__).read_bytes())
    digest.update(f"|{generate.GENERATOR_VERSION}|{seed}|{n}|{n >= LEAN_FROM}".encode())
    return digest.hexdigest()[:12]


def ensure_data(n: int, seed: int, folder: Path = DATA_DIR) -> tuple[Path, Cell]:
    """The data file for ``n`` events and ``seed``, generated unless already there."""
    lean = n >= LEAN_FROM
    kind = "-lean" if lean else ""
    path = folder / f"timeline-{n}-s{seed}{kind}-{data_key(n, seed)}.yaml"
    info: Cell = {"path": str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)}
    info["lean"] = lean
    if path.exists():
        info["generated"] = False
    else:
        start = time.perf_counter()
        generate.write(n, path, seed, lean=lean)
        info["generated"] = True
        info["generate_seconds"] = round(time.perf_counter() - start, 3)
    info["bytes"] = path.stat().st_size
    return path, info


# --------------------------------------------------------------------------------------
# Processes
# --------------------------------------------------------------------------------------


@dataclass(slots=True)
class ProcRun:
    """One finished subprocess: wall time, exit status, peak memory and its output."""

    seconds: float
    returncode: int
    maxrss_bytes: int
    stdout: str
    stderr: str


def run_process(
    argv: Sequence[str], env: dict[str, str], *, keep_stdout: bool = False, echo: bool = False
) -> ProcRun:
    """Run ``argv`` to completion; wall time from spawn to reaping, and its own max RSS.

    ``os.wait4`` gives the rusage of this one child (``RUSAGE_CHILDREN`` would give the
    largest child so far). Stdout goes to /dev/null unless ``keep_stdout``; stderr is kept,
    and with ``echo`` also shown as it comes (the worker's progress).
    """
    lines: list[str] = []
    with tempfile.TemporaryFile() as out_file:
        sink: Any = out_file if keep_stdout else subprocess.DEVNULL
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.PIPE,
            env=env,
            cwd=ROOT,
        )
        assert proc.stderr is not None
        stream = proc.stderr

        def drain() -> None:
            for raw in stream:
                line = raw.decode("utf-8", "replace")
                lines.append(line)
                if echo:
                    sys.stderr.write(line)
                    sys.stderr.flush()

        reader = threading.Thread(target=drain, daemon=True)
        reader.start()
        killer = threading.Timer(PROC_TIMEOUT, proc.kill)
        killer.start()
        try:
            _pid, status, usage = os.wait4(proc.pid, 0)
        finally:
            killer.cancel()
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        reader.join()
        stream.close()
        out_file.seek(0)
        return ProcRun(
            seconds=seconds,
            returncode=proc.returncode,
            maxrss_bytes=int(usage.ru_maxrss) * 1024,  # KiB on Linux
            stdout=out_file.read().decode("utf-8", "replace") if keep_stdout else "",
            stderr="".join(lines),
        )


def base_env(config_home: Path, cache_dir: Path | None = None) -> dict[str, str]:
    """The environment of every subprocess: the project importable, our folders.

    Args:
        config_home: The platform's config folder for the child (``XDG_CONFIG_HOME``):
            where the program looks for settings and keeps the secret of its cache, so
            that a run touches neither of the user's.
        cache_dir: The load cache folder (``TIMELINE_CACHE_DIR``), if the child loads.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    env.pop("TIMELINE_CONFIG", None)
    env.pop("TIMELINE_TZ", None)
    env["XDG_CONFIG_HOME"] = str(config_home)
    if cache_dir is not None:
        env["TIMELINE_CACHE_DIR"] = str(cache_dir)
    return env


CLI = (sys.executable, "-m", "tui")
"""How the ``timeline`` command is started."""


@dataclass(slots=True)
class ProcMeasure:
    """A process measurement of one size: how to run it and its runs so far."""

    key: str
    argv: Callable[[], list[str]]
    env: Callable[[], dict[str, str]]
    wanted: int
    runs: list[ProcRun] = field(default_factory=list)
    failed: ProcRun | None = None

    @property
    def done(self) -> bool:
        return self.failed is not None or len(self.runs) >= self.wanted


def budgeted(repeat: int, first: float, budget: float) -> int:
    """Runs to do in all once the first took ``first`` s (never fewer than min(repeat, 3))."""
    if first <= 0 or first * repeat <= budget:
        return repeat
    return max(min(repeat, 3), min(repeat, int(budget // first)))


def run_interleaved(measures: list[ProcMeasure], repeat: int, budget: float, log: Logger) -> None:
    """Round-robin over the measures until each has its runs (or has failed)."""
    while not all(m.done for m in measures):
        for m in measures:
            if m.done:
                continue
            run = run_process(m.argv(), m.env())
            if run.returncode != 0:
                m.failed = run
                log(f"    {m.key}: exit {run.returncode}")
                continue
            m.runs.append(run)
            if len(m.runs) == 1:
                m.wanted = budgeted(repeat, run.seconds, budget)
            log(f"    {m.key}: {run.seconds:.3f} s  ({len(m.runs)}/{m.wanted})")


def proc_cell(m: ProcMeasure, repeat: int) -> Cell:
    """A measured process row as a result cell."""
    if m.failed is not None:
        tail = m.failed.stderr.strip().splitlines()[-3:]
        return {
            "status": "error",
            "error": f"exit {m.failed.returncode}: " + " | ".join(tail)[-400:],
            "runs": [r.seconds for r in m.runs],
        }
    runs = [r.seconds for r in m.runs]
    cell: Cell = {
        "status": "ok",
        "runs": runs,
        "value": statistics.median(runs),
        "rss_bytes": [r.maxrss_bytes for r in m.runs],
    }
    if len(runs) < repeat:
        cell["reduced"] = f"{len(runs)} runs instead of {repeat} (time budget)"
    return cell


# --------------------------------------------------------------------------------------
# One size
# --------------------------------------------------------------------------------------


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def measure_size(
    path: Path,
    repeat: int,
    budget: float,
    scratch: Path,
    log: Logger = _log,
    *,
    in_terminal: bool = True,
) -> tuple[dict[str, Cell], list[str]]:
    """Every measure for one data file. Returns the cells by row key and notes.

    ``in_terminal``: also take the tmux measures (:mod:`bench.terminal`).
    """
    cells: dict[str, Cell] = {}
    notes: list[str] = []
    warm_dir = Path(tempfile.mkdtemp(prefix="warm-cache-", dir=scratch))
    config_home = scratch / "config"

    def env(cache_dir: Path | None = None) -> dict[str, str]:
        return base_env(config_home, cache_dir)

    def cold_env() -> dict[str, str]:
        return env(Path(tempfile.mkdtemp(prefix="cold-cache-", dir=scratch)))

    log("    priming the cache: timeline check F")
    prime = run_process([*CLI, "check", str(path)], env(warm_dir))
    cells["check_priming"] = {
        "status": "ok" if prime.returncode == 0 else "error",
        "value": prime.seconds,
        "returncode": prime.returncode,
        "stderr": prime.stderr[-600:],
        "rss_bytes": [prime.maxrss_bytes],
    }
    if prime.returncode != 0:
        notes.append(f"priming check failed (exit {prime.returncode}): {prime.stderr[-300:]}")

    measures = [
        ProcMeasure(
            "baseline_a", lambda: [sys.executable, "-c", PARSE_ONLY, str(path)], env, repeat
        ),
        ProcMeasure(
            "check_cold", lambda: [*CLI, "check", str(path), "--no-cache"], cold_env, repeat
        ),
        ProcMeasure(
            "check_warm", lambda: [*CLI, "check", str(path)], lambda: env(warm_dir), repeat
        ),
        ProcMeasure(
            "list_json",
            lambda: [*CLI, "list", str(path), "--format", "json", "--tz", "UTC"],
            lambda: env(warm_dir),
            repeat,
        ),
    ]

    run_interleaved(measures, repeat, budget, log)
    for m in measures:
        cells[m.key] = proc_cell(m, repeat)
    for key, rss_key in (("baseline_a", "rss_baseline_a"), ("check_cold", "rss_check_cold")):
        cell = cells.get(key, {})
        if cell.get("status") == "ok":
            cells[rss_key] = {
                "status": "ok",
                "value": max(cell["rss_bytes"]),
                "runs": cell["rss_bytes"],
            }
        elif key in cells:
            cells[rss_key] = dict(cell)

    # in-process measures, in a fresh worker process
    log("    in-process: warm load, baseline B, explorer first paint, latencies")
    worker = run_process(
        [
            *WORKER,
            "inproc",
            str(path),
            "--cache-dir",
            str(warm_dir),
            "--repeat",
            str(repeat),
            "--budget",
            str(budget),
        ],
        env(warm_dir),
        keep_stdout=True,
        echo=True,
    )
    cells["worker_inproc"] = {
        "value": worker.seconds,
        "returncode": worker.returncode,
        "stderr": worker.stderr[-2000:],
    }
    inproc = _last_json(worker.stdout)
    if inproc is None:
        problem = f"worker failed (exit {worker.returncode}): {worker.stderr.strip()[-400:]}"
        notes.append(problem)
        for key in (
            "load_warm",
            "baseline_b",
            "first_paint",
            "keystroke",
            "keystroke_pilot",
            "actor_filter",
        ):
            cells[key] = {"status": "error", "error": problem}
    else:
        for key, raw in inproc.items():
            cells[key] = worker_cell(key, raw, repeat)

    log("    explorer first paint in its own process (peak RSS)")
    once = run_process(
        [
            sys.executable,
            "-m",
            "bench.worker",
            "paint-once",
            str(path),
            "--cache-dir",
            str(warm_dir),
        ],
        env(warm_dir),
        keep_stdout=True,
    )
    result = _last_json(once.stdout)
    if result is None:
        cells["rss_explorer"] = {
            "status": "error",
            "error": f"exit {once.returncode}: {once.stderr.strip()[-300:]}",
        }
    elif "error" in result:
        cells["rss_explorer"] = {"status": "error", "error": str(result["error"])}
    else:
        cells["rss_explorer"] = {
            "status": "ok",
            "value": once.maxrss_bytes,
            "paint_seconds": result.get("seconds"),
            "process_seconds": once.seconds,
        }
    if in_terminal:
        cells.update(measure_in_terminal(path, repeat, budget, warm_dir, config_home, log))
    log("    cold load in-process, with and without progress reporting")
    cost = run_process(
        [
            *WORKER,
            "progress",
            str(path),
            "--cache-dir",
            str(warm_dir),
            "--repeat",
            str(repeat),
            "--budget",
            str(budget),
        ],
        env(warm_dir),
        keep_stdout=True,
        echo=True,
    )
    got = _last_json(cost.stdout)
    for key in ("progress_off", "progress_on"):
        raw = got.get(key) if got else None
        cells[key] = worker_cell(
            key, raw if raw is not None else {"error": cost.stderr[-300:]}, repeat
        )
    return cells, notes


WORKER = (sys.executable, "-m", "bench.worker")
"""How the in-process measures are started."""
TERMINAL_ROWS = ("term_bare_first", "term_first", "term_bare_key", "term_keystroke")


def measure_in_terminal(
    path: Path, repeat: int, budget: float, warm_dir: Path, config_home: Path, log: Logger
) -> dict[str, Cell]:
    """The tmux rows: first screen and typing, for the bare app and the explorer."""
    log("    terminal (tmux): first screens and typing, bare app and explorer")
    if shutil.which("tmux") is None:
        return {key: {"status": "error", "error": "tmux is not installed"} for key in TERMINAL_ROWS}
    answer = run_process(
        [*WORKER, "counts", str(path), "--cache-dir", str(warm_dir)],
        base_env(config_home, warm_dir),
        keep_stdout=True,
    )
    counts = _last_json(answer.stdout)
    if counts is None or "error" in counts:
        problem = (
            f"counting the matches failed: {(counts or {}).get('error') or answer.stderr[-300:]}"
        )
        return {key: {"status": "error", "error": problem} for key in TERMINAL_ROWS}
    overrides = {
        "PYTHONPATH": str(ROOT),
        "XDG_CONFIG_HOME": str(config_home),
        "TIMELINE_CACHE_DIR": str(warm_dir),
    }
    measured = terminal.measure(
        sys.executable,
        str(path),
        overrides,
        total=int(counts["total"]),
        word=str(counts["word"]),
        counts=[int(c) for c in counts["counts"]],
        repeat=repeat,
        budget=budget,
        log=log,
    )
    return {key: worker_cell(key, raw, repeat) for key, raw in measured.items()}


def _last_json(text: str) -> dict[str, Any] | None:
    for line in reversed(text.strip().splitlines()):
        try:
            value = json.loads(line)
        except ValueError:
            continue
        return value if isinstance(value, dict) else None
    return None


LATENCIES = frozenset({"keystroke", "term_keystroke", "term_bare_key", "actor_filter"})
"""Rows whose slowest run is shown beside the median (every key counts)."""

REPEATED = frozenset(
    {
        "load_warm",
        "baseline_b",
        "first_paint",
        "term_bare_first",
        "term_first",
        "progress_off",
        "progress_on",
    }
)
"""Worker rows measured ``--repeat`` times (the latency rows count keys and actors)."""


def worker_cell(key: str, raw: Any, repeat: int) -> Cell:
    """A worker's result for one row as a result cell."""
    if not isinstance(raw, dict):
        return {"status": "error", "error": f"unexpected worker result {raw!r}"}
    if "error" in raw:
        return {"status": "error", **raw}
    cell: Cell = {"status": "ok", **raw}
    cell["value"] = raw.get("median")
    runs = raw.get("runs") or []
    if key in LATENCIES and isinstance(runs, list) and runs:
        cell["max"] = max(runs)
    if cell["value"] is None:
        return {"status": "error", "error": "no runs", **raw}
    if key in REPEATED and isinstance(runs, list) and len(runs) < repeat:
        cell["reduced"] = f"{len(runs)} runs instead of {repeat} (time budget)"
    return cell


def add_ratios(cells: dict[str, Cell]) -> None:
    """Each row's median divided by its baseline's median (same size, same run)."""
    for row in ROWS:
        if row.base is None:
            continue
        cell, base = cells.get(row.key), cells.get(row.base)
        if not cell or not base or cell.get("status") != "ok" or base.get("status") != "ok":
            continue
        if isinstance(cell.get("value"), (int, float)) and base.get("value"):
            cell["ratio"] = cell["value"] / base["value"]


# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------


def format_value(value: float, unit: str) -> str:
    """A figure in the row's unit: ``1.23 s``, ``87 ms``, ``154 MB``."""
    if unit == "MB":
        return f"{value / MB:.0f} MB"
    if unit == "ms" or value < 0.1:
        ms = value * 1000
        return f"{ms:.1f} ms" if ms < 10 else f"{ms:.0f} ms"
    return f"{value:.2f} s" if value < 100 else f"{value:.0f} s"


def format_cell(cell: Cell | None, row: RowSpec) -> str:
    """One table cell: ``1.23 s (0.06x)``, ``error`` or ``-`` (not measured)."""
    if cell is None:
        return "-"
    status = cell.get("status")
    if status != "ok" or not isinstance(cell.get("value"), (int, float)):
        return "error"
    text = format_value(float(cell["value"]), row.unit)
    if isinstance(cell.get("max"), (int, float)):
        text += f" (max {cell['max'] * 1000:.0f})"
    ratio = cell.get("ratio")
    if isinstance(ratio, (int, float)):
        text += f" ({ratio:.3f}x)" if ratio < 0.1 else f" ({ratio:.2f}x)"
    if cell.get("reduced"):
        text += " †"
    return text


def render_table(results: dict[str, dict[str, Cell]], sizes: Sequence[int]) -> str:
    """The results as a fixed-width text table with targets and whether they are met."""
    headers = ["measure", *[f"{n:,} events" for n in sizes], "target (issue)", "met?"]
    body: list[list[str]] = []
    for row in ROWS:
        line = [row.label]
        for n in sizes:
            line.append(format_cell(results.get(str(n), {}).get(row.key), row))
        targets = [t for t in TARGETS if t.key == row.key]
        line.append("; ".join(t.text() for t in targets) or "")
        verdicts = []
        for t in targets:
            if t.size not in sizes:
                verdicts.append(f"{_short(t.size)}: not run")
                continue
            ok = t.met(results.get(str(t.size), {}).get(row.key, {}))
            verdicts.append(
                f"{_short(t.size)}: " + ("n/a" if ok is None else "yes" if ok else "NO")
            )
        line.append("; ".join(verdicts))
        body.append(line)
    widths = [max(len(r[i]) for r in [headers, *body]) for i in range(len(headers))]

    def fmt(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([fmt(headers), rule, *(fmt(r) for r in body)])


GROWTH_ROWS = (
    "check_cold",
    "load_warm",
    "check_warm",
    "list_json",
    "first_paint",
    "term_first",
    "keystroke",
    "term_keystroke",
    "actor_filter",
    "rss_check_cold",
    "rss_explorer",
)
"""Rows whose cost per event is shown, size by size."""


def per_event(cell: Cell | None, unit: str, n: int) -> float | None:
    """A cell's median per event: microseconds (times) or bytes (memory)."""
    if not cell or cell.get("status") != "ok" or not isinstance(cell.get("value"), (int, float)):
        return None
    value = float(cell["value"])
    return value / n if unit == "MB" else value / n * 1e6


def render_growth(
    results: dict[str, dict[str, Cell]], sizes: Sequence[int], files: dict[str, Cell]
) -> str:
    """Each cost divided by the number of events, at every size, and how it grows.

    ``growth`` is the exponent k in cost ~ n^k between the smallest and the largest size
    measured: 1 grows linearly, below 1 the fixed costs (start-up, imports) still weigh,
    above 1 something grows faster than the data.
    """
    import math

    by_size = sorted(sizes)
    headers = ["per event", *[f"{n:,}" for n in by_size], "growth n^k"]
    body: list[list[str]] = [
        [
            "file bytes",
            *[f"{files[str(n)]['bytes'] / n:.0f} B" if str(n) in files else "-" for n in by_size],
            "",
        ]
    ]
    units = {row.key: row for row in ROWS}
    for key in GROWTH_ROWS:
        row = units[key]
        values = [per_event(results.get(str(n), {}).get(key), row.unit, n) for n in by_size]
        shown = [
            "-" if v is None else (f"{v:,.0f} B" if row.unit == "MB" else f"{v:,.2f} µs")
            for v in values
        ]
        known = [(n, v) for n, v in zip(by_size, values, strict=True) if v]
        exponent = ""
        if len(known) >= 2 and known[-1][0] > known[0][0]:
            (n0, v0), (n1, v1) = known[0], known[-1]
            exponent = f"{1 + math.log(v1 / v0) / math.log(n1 / n0):.2f}"
        body.append([row.label, *shown, exponent])
    widths = [max(len(r[i]) for r in [headers, *body]) for i in range(len(headers))]

    def fmt(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([fmt(headers), "  ".join("-" * w for w in widths), *(fmt(r) for r in body)])


def machine_info(env: dict[str, str]) -> dict[str, Any]:
    """What the numbers were measured on (``env``: the environment of the version probe)."""
    info: dict[str, Any] = {
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "python": sys.version,
        "python_executable": sys.executable,
        "platform": platform.platform(),
        "machine": platform.machine(),
        "loadavg_start": os.getloadavg(),
    }
    try:
        mem = Path("/proc/meminfo").read_text().splitlines()[0]
        info["memory"] = " ".join(mem.split()[1:])
    except OSError:
        pass
    versions = subprocess.run(
        [
            sys.executable,
            "-c",
            "import yaml, textual, importlib.metadata as m; "
            "print(yaml.__version__, yaml.__with_libyaml__, m.version('textual'))",
        ],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    ).stdout.split()
    if len(versions) == 3:
        info["pyyaml"], info["libyaml"], info["textual"] = versions
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=False, cwd=ROOT
    ).stdout.strip()
    if commit:
        info["git_commit"] = commit
        dirty = subprocess.run(
            ["git", "status", "--porcelain"], capture_output=True, text=True, check=False, cwd=ROOT
        ).stdout
        info["git_dirty"] = bool(dirty.strip())
    return info


def collect_notes(results: dict[str, dict[str, Cell]], sizes: Sequence[int]) -> list[str]:
    """Reduced run counts, errors and how the latencies were taken."""
    notes: list[str] = []
    for n in sizes:
        cells = results.get(str(n), {})
        for row in ROWS:
            cell = cells.get(row.key)
            if not cell:
                continue
            where = f"{row.key} @{_short(n)}"
            if cell.get("reduced"):
                notes.append(f"† {where}: {cell['reduced']}")
            if cell.get("status") == "error":
                notes.append(f"{where}: ERROR {cell.get('error')}")
            word = cell.get("word") or cells.get("keystroke", {}).get("word", "summit")
            typed = cell.get("typed")
            if isinstance(word, str) and isinstance(typed, str) and typed != word:
                notes.append(f"{where}: typed {typed!r} of {word!r} (time budget)")
            if cell.get("untimed"):
                untimed = ", ".join(repr(t) for t in cell["untimed"])
                notes.append(f"{where}: not timed (the count did not change): {untimed}")
            if cell.get("unchanged"):
                notes.append(f"{where}: {cell['unchanged']} change(s) did not update the list")
        actor = cells.get("actor_filter", {})
        if actor.get("status") == "ok":
            text = (
                f"actor_filter @{_short(n)}: via {actor.get('method')} on an unfiltered list, "
                f"actors {', '.join(actor.get('actors', []))}"
            )
            if isinstance(actor.get("remove_median"), (int, float)):
                text += f"; taking it back ({actor.get('undo')}): "
                text += format_value(float(actor["remove_median"]), "ms")
            core = actor.get("core", {})
            if isinstance(core, dict) and isinstance(core.get("median"), (int, float)):
                text += "; core TimelineIndex.matches alone: "
                text += format_value(float(core["median"]), "ms")
            notes.append(text)
    notes.append(
        "keystroke: the key goes to the app as from the terminal; the clock stops when the "
        "list holds new rows, has drawn them and no worker is busy (1 ms polling)."
    )
    notes.append(
        "tmux rows (T, K): the program runs in a real terminal (tmux, 120x40); the clock "
        "stops when capture-pane shows the first screen, or the count of matches after a key "
        "(polled every 4 ms, each poll a tmux client). T and K are a bare Textual app "
        "measured the same way; P is the same cold load without a progress listener."
    )
    notes.append(
        "(*) pilot.press + workers complete + pause, as a test waits: Textual's pilot sleeps "
        ">= 20 ms in each idle wait, so ~60 ms of this figure is the harness, not the app."
    )
    return notes


def parse_sizes(text: str) -> list[int]:
    """``1000,10k,100000,1m`` -> ``[1000, 10000, 100000, 1000000]``."""
    sizes: list[int] = []
    scale = {"k": 1000, "m": 1_000_000}
    for part in text.split(","):
        part = part.strip().lower().replace("_", "")
        if not part:
            continue
        try:
            if part[-1] in scale:
                sizes.append(int(float(part[:-1]) * scale[part[-1]]))
            else:
                sizes.append(int(part))
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a size: {part!r}") from None
    if not sizes or any(n <= 0 for n in sizes):
        raise argparse.ArgumentTypeError("sizes must be positive integers")
    return sizes


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: run everything, print the table, write the JSON."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.run",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=list(DEFAULT_SIZES),
        help="comma-separated event counts (default 1000,10000,100000)",
    )
    parser.add_argument("--repeat", type=int, default=5, help="runs per measure (median)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSON results file")
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument(
        "--budget",
        type=float,
        default=DEFAULT_BUDGET,
        help="seconds one measure may take at one size before runs are cut",
    )
    parser.add_argument("--quick", action="store_true", help="smoke run: 1,000 events, 3 runs each")
    parser.add_argument(
        "--no-terminal", action="store_true", help="skip the measures in a real terminal (tmux)"
    )
    args = parser.parse_args(argv)
    sizes: list[int] = [1000] if args.quick else args.sizes
    repeat: int = 3 if args.quick else max(1, args.repeat)
    started = time.perf_counter()
    files: dict[str, Cell] = {}
    results: dict[str, dict[str, Cell]] = {}
    run_notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="timeline-bench-") as scratch:
        info = machine_info(base_env(Path(scratch) / "config"))
        _log(f"timeline benchmark: sizes {sizes}, {repeat} runs each, seed {args.seed}")
        for n in sizes:
            path, file_info = ensure_data(n, args.seed)
            files[str(n)] = file_info
            verb = "generated" if file_info["generated"] else "reusing"
            _log(f"{n:,} events: {verb} {file_info['path']} ({file_info['bytes']:,} bytes)")
            cells, notes = measure_size(
                path, repeat, args.budget, Path(scratch), in_terminal=not args.no_terminal
            )
            add_ratios(cells)
            results[str(n)] = cells
            run_notes += [f"@{_short(n)}: {note}" for note in notes]

    info["loadavg_end"] = os.getloadavg()
    total = time.perf_counter() - started
    table = render_table(results, sizes)
    growth = render_growth(results, sizes, files)
    notes = run_notes + collect_notes(results, sizes)
    if info.get("git_dirty"):
        notes.append(
            "the working tree has uncommitted changes: the load cache is keyed by the "
            "program's source, so a file edited during the run turns the warm figures cold "
            "(run from a clean checkout: git worktree add)"
        )
    print(table)
    print()
    print("Per event (how each cost grows with the size):")
    print(growth)
    print()
    print(
        "Ratios: A = the same file parsed by PyYAML's C loader in a bare process; "
        "B = a bare Textual app's headless first paint. Medians of "
        f"{repeat} runs unless marked †."
    )
    for note in notes:
        print(f"  - {note}")
    print(
        f"\ntotal {total:.0f} s on {info['cpu_count']} CPUs, {info['platform']}; "
        f"load average {info['loadavg_start'][0]:.2f} -> {info['loadavg_end'][0]:.2f}"
    )

    report = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": [
            sys.executable,
            "-m",
            "bench.run",
            *(argv if argv is not None else sys.argv[1:]),
        ],
        "config": {
            "sizes": sizes,
            "repeat": repeat,
            "seed": args.seed,
            "quick": args.quick,
            "budget_seconds": args.budget,
        },
        "machine": info,
        "files": files,
        "results": results,
        "targets": [
            {
                "row": t.key,
                "size": t.size,
                "on": t.on,
                "limit": t.limit,
                "strict": t.strict,
                "text": t.text(),
                "met": t.met(results[str(t.size)].get(t.key, {}))
                if str(t.size) in results
                else None,
            }
            for t in TARGETS
        ],
        "rows": [{"key": r.key, "label": r.label, "unit": r.unit, "base": r.base} for r in ROWS],
        "notes": notes,
        "table": table,
        "growth": growth,
        "total_seconds": total,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    _log(f"results written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
