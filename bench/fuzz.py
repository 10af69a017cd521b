"""Coverage-guided fuzzing of the loader and the cache reader, with a time budget.

Usage::

    python -m bench.fuzz --seconds 60              # atheris (libFuzzer) when installed
    python -m bench.fuzz --seconds 60 --engine random
    python -m bench.fuzz --replay tests/fixtures/fuzz [--json]

One input is a selector byte and a payload. An even selector gives the payload to the
loader as an event file (``load_cached(..., use_cache=False)``); an odd one writes it over
the load cache's entries for a known good timeline (a selector of 3 modulo 4: over every
file in the cache folder, its secret key included) and loads that timeline through the
cache. The loader may answer only with a timeline or a :class:`TimelineError`; the cache
must give back exactly the timeline the file holds, whatever its entries contain. Anything
else (another exception, a wrong timeline, a hang, a crash of the interpreter) is a crash.

Each crash is saved once per signature (exception type and the innermost frame of ours)
to ``tests/fixtures/fuzz/`` as ``loader-<sha1>.bin`` or ``cache-<sha1>.bin``, where the
test suite replays every file. Crashes already saved there and still failing are known:
the fuzzer steps over them instead of stopping at them again.

The fuzzing itself runs in a child process (``--worker``), restarted after each crash
until the time is up, so a crash of the interpreter ends one child, not the run. Its
corpus lives in ``bench/out/fuzz/`` (git-ignored) and grows from run to run.

Engines: ``atheris`` (libFuzzer's coverage-guided mutation of instrumented code: the
default when ``import atheris`` works) and ``random`` (seeded mutation of the corpus,
keeping inputs whose outcome is new: the fallback, with the same target and command
line). Not run in CI: like the benchmark, it is run by hand.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType, TracebackType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "fuzz"
OUT = ROOT / "bench" / "out" / "fuzz"
GENUINE = ROOT / "tests" / "app" / "fixtures" / "small.yaml"
"""The timeline whose cache entries the cache target replaces."""
MAX_LEN = 16 * 1024
"""Longest input tried (the genuine cache entry and the seeds fit well within it)."""
TIMEOUT = 10
"""Seconds one input may take before it counts as a hang."""
STATS_EVERY = 0.5
"""Seconds between two updates of the worker's count of inputs."""

Logger = Callable[[str], None]

SEEDS = (
    b"title: t\nevents:\n  - title: x\n    start: 2025-08-20 14:30\n    timezone: UTC\n",
    b"timezone: Europe/Brussels\nevents:\n  - id: a\n    title: A\n    start: 2025-03-30T02:30\n",
    b"actors:\n  x: {name: X, members: [y]}\n  y: {name: Y, members: [x]}\nevents: []\n",
    b"a: &a [1, 2]\nb: *a\nevents:\n  - {title: t, start: '2025', end: 2024-13}\n",
)


class WrongTimeline(Exception):
    """The cache gave back a timeline that is not the one in the file."""


class Hang(BaseException):
    """An input took longer than :data:`TIMEOUT` seconds (random engine)."""


# --- the target ---------------------------------------------------------------------------


@dataclass(slots=True)
class Target:
    """The code under test, set up once per process in a private folder."""

    workdir: Path
    events: Path = field(init=False)
    genuine: Path = field(init=False)
    cache: Path = field(init=False)
    reference: tuple[Any, ...] = field(init=False)
    known: set[str] = field(default_factory=set)
    known_hits: int = 0

    def __post_init__(self) -> None:
        self.events = self.workdir / "input.yaml"
        self.cache = self.workdir / "cache"
        os.environ["TIMELINE_CACHE_DIR"] = str(self.cache)
        os.environ["TIMELINE_CONFIG"] = str(self.workdir / "config" / "config.toml")
        self.genuine = self.workdir / "genuine.yaml"
        shutil.copy(GENUINE, self.genuine)
        from tui.core.cache import load_cached

        self.reference = _shape(load_cached(self.genuine, use_cache=False))

    def entries(self, *, everything: bool = False) -> list[Path]:
        """The cache's entries for the genuine timeline (written by a load if need be);
        with ``everything``, every file in the cache folder (its key too)."""
        from tui.core.cache import load_cached

        def found() -> list[Path]:
            files = sorted(p for p in self.cache.rglob("*") if p.is_file())
            return files if everything else [p for p in files if p.suffix != ".key"]

        if not found():
            load_cached(self.genuine)
        return found()

    def seeds(self) -> list[bytes]:
        """Inputs to start from: the seeds, the genuine file and its cache entries."""
        loader = [GENUINE.read_bytes(), *SEEDS]
        cache = [entry.read_bytes() for entry in self.entries()]
        return [b"L" + s for s in loader] + [b"A" + s for s in cache]

    def run(self, data: bytes) -> str:
        """Give ``data`` to its target; return a short outcome, raise on a crash."""
        if not data:
            return "empty"
        try:
            if data[0] % 2 == 0:
                return self._loader(data[1:])
            return self._cache(data[1:], everything=data[0] % 4 == 3)
        except Exception as exc:
            if signature(exc, exc.__traceback__) in self.known:
                self.known_hits += 1
                return "known crash"
            raise

    def _loader(self, payload: bytes) -> str:
        from tui.core.cache import load_cached
        from tui.core.errors import TimelineError

        self.events.write_bytes(payload)
        try:
            load_cached(self.events, use_cache=False)
        except TimelineError as exc:
            first = exc.diagnostics[0].message if exc.diagnostics else ""
            return "loader: " + re.sub(r"[\d'\"].*", "", first)[:40]
        return "loader: timeline"

    def _cache(self, payload: bytes, *, everything: bool) -> str:
        from tui.core.cache import load_cached

        for entry in self.entries(everything=everything):
            entry.write_bytes(payload)
        timeline = load_cached(self.genuine)  # a TimelineError here is a crash too
        if _shape(timeline) != self.reference:
            raise WrongTimeline(f"the cache served {len(timeline.events)} events")
        return "cache: same timeline"


def _shape(timeline: Any) -> tuple[Any, ...]:
    return (timeline.title, timeline.timezone, timeline.actors, list(timeline.events))


def signature(exc: BaseException, tb: TracebackType | None) -> str:
    """``Type@file:line`` of the innermost frame in our code (else the innermost frame)."""
    frames = traceback.extract_tb(tb)
    ours = [f for f in frames if "/tui/" in f.filename.replace(os.sep, "/")]
    chosen = ours or frames
    place = f"{Path(chosen[-1].filename).name}:{chosen[-1].lineno}" if chosen else "?"
    return f"{type(exc).__name__}@{place}"


def kind_of(data: bytes) -> str:
    return "loader" if data[:1] and data[0] % 2 == 0 else "cache"


# --- the random engine --------------------------------------------------------------------

TOKENS = (
    b"\t", b": ", b"- ", b"\n", b"\r", b"\x00", b"\x1b]52;c;eA==\x07", b"\xc2\x9b", b"\xe2\x80\xae",
    b"&a ", b"*a", b"<<: *a", b"!!binary ", b"'", b'"', b"#", b"{", b"[", b"]", b"}", b"~",
    b"|", b">", b"---\n", b"%YAML 1.1\n", b"\xff", b"2025-02-30", b"+14:00", b"x" * 200,
    b"\xff\xff\xff\x7f", b"\x00\x00\x00\x80", b"\xe3", b"\xa9", b"\xfb", b"\x29", b"\x5b",
)  # fmt: skip


def mutate(rng: random.Random, data: bytes, pool: Sequence[bytes]) -> bytes:
    """One to five random edits, keeping the selector byte most of the time."""
    head, body = data[:1], bytearray(data[1:])
    for _ in range(rng.randint(1, 5)):
        op = rng.randrange(7)
        at = rng.randint(0, len(body))
        if op == 0 and body:
            body[min(at, len(body) - 1)] ^= 1 << rng.randrange(8)
        elif op == 1:
            body[at:at] = rng.choice(TOKENS)
        elif op == 2:
            del body[at : at + rng.randint(1, 64)]
        elif op == 3:
            body[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif op == 4 and body:  # copy a stretch of itself elsewhere
            start = rng.randrange(len(body))
            body[at:at] = body[start : start + rng.randint(1, 32)]
        elif op == 5:  # splice with another input of the same target
            other = rng.choice(pool)[1:]
            cut = rng.randint(0, len(other))
            body = body[:at] + bytearray(other[cut:])
        elif body:
            body[min(at, len(body) - 1)] = rng.choice((0, 1, 0x7F, 0x80, 0xFF))
    if rng.random() < 0.02:
        head = bytes([rng.randrange(256)])
    return bytes(head + body)[:MAX_LEN]


def _on_alarm(signum: int, frame: object) -> None:
    raise Hang(f"an input took more than {TIMEOUT} s")


def random_engine(target: Target, corpus: Path, artifacts: Path, seconds: float, seed: int) -> None:
    """Mutate the corpus at random until time is up; save a crash and go on."""
    rng = random.Random(seed)
    pool = [p.read_bytes() for p in sorted(corpus.iterdir()) if p.is_file()] or target.seeds()
    seen: set[str] = set()
    current = artifacts / "current"
    signal.signal(signal.SIGALRM, _on_alarm)
    stats = Stats(artifacts / "stats.json")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        data = mutate(rng, rng.choice(pool), pool)
        current.write_bytes(data)  # if the interpreter dies, the parent saves this input
        signal.alarm(TIMEOUT)
        try:
            outcome = target.run(data)
        except BaseException as exc:  # every failure is a finding here
            signal.alarm(0)
            if isinstance(exc, KeyboardInterrupt):
                raise
            (artifacts / f"crash-{hashlib.sha1(data).hexdigest()}").write_bytes(data)
            target.known.add(signature(exc, exc.__traceback__))  # once is enough
            outcome = "crash"
        signal.alarm(0)
        stats.count(known=target.known_hits)
        if outcome not in seen:  # a new kind of answer: keep the input to build on
            seen.add(outcome)
            pool.append(data)
            (corpus / hashlib.sha1(data).hexdigest()).write_bytes(data)
    stats.write(known=target.known_hits)


@dataclass(slots=True)
class Stats:
    """The worker's count of inputs, written to a file now and then (a child may die)."""

    path: Path
    runs: int = 0
    last: float = 0.0

    def count(self, *, known: int) -> None:
        self.runs += 1
        now = time.monotonic()
        if now - self.last >= STATS_EVERY:
            self.last = now
            self.write(known=known)

    def write(self, *, known: int) -> None:
        self.path.write_text(json.dumps({"runs": self.runs, "known": known}))


# --- the atheris engine -------------------------------------------------------------------


def load_atheris() -> ModuleType | None:
    try:
        return importlib.import_module("atheris")
    except ImportError:
        return None


def atheris_engine(corpus: Path, artifacts: Path, seconds: float, known: set[str]) -> None:
    """libFuzzer through atheris: instrument our code and PyYAML's, then fuzz."""
    atheris = load_atheris()
    assert atheris is not None
    with atheris.instrument_imports(include=["tui", "yaml"]):
        importlib.import_module("tui.core.cache")
        importlib.import_module("tui.core.loader")
    workdir = Path(tempfile.mkdtemp(prefix="timeline-fuzz-"))
    target = Target(workdir, known=known)
    for seed in target.seeds():
        (corpus / hashlib.sha1(seed).hexdigest()).write_bytes(seed)
    stats = Stats(artifacts / "stats.json")

    def one_input(data: bytes) -> None:
        target.run(data)
        stats.count(known=target.known_hits)

    argv = [
        sys.argv[0],
        str(corpus),
        f"-max_total_time={max(1, int(seconds))}",
        f"-artifact_prefix={artifacts}{os.sep}",
        f"-timeout={TIMEOUT}",
        f"-max_len={MAX_LEN}",
        "-rss_limit_mb=2048",
        "-print_final_stats=1",
    ]
    atheris.Setup(argv, one_input)
    try:
        atheris.Fuzz()
    finally:
        stats.write(known=target.known_hits)


# --- replaying saved crashes --------------------------------------------------------------


def replay(folder: Path, as_json: bool) -> int:
    """Run every saved input once; one line per input, ``ok`` or what went wrong."""
    workdir = Path(tempfile.mkdtemp(prefix="timeline-replay-"))
    target = Target(workdir)
    failed = 0
    for path in sorted(folder.glob("*.bin")):
        data = path.read_bytes()
        if as_json:  # announced first: if the interpreter dies, the culprit is known
            print(json.dumps({"start": path.name}), flush=True)
        try:
            target.run(data)
            result = "ok"
        except Exception as exc:
            failed += 1
            result = f"{signature(exc, exc.__traceback__)}: {type(exc).__name__}: {exc}"[:500]
        if as_json:
            print(json.dumps({"name": path.name, "result": result}), flush=True)
        else:
            print(f"{path.name}: {result}")
    shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


def known_signatures(folder: Path) -> set[str]:
    """Signatures of the saved crashes that still crash (replayed in this process)."""
    if not folder.is_dir():
        return set()
    workdir = Path(tempfile.mkdtemp(prefix="timeline-known-"))
    target = Target(workdir)
    found: set[str] = set()
    for path in sorted(folder.glob("*.bin")):
        try:
            target.run(path.read_bytes())
        except Exception as exc:
            found.add(signature(exc, exc.__traceback__))
    shutil.rmtree(workdir, ignore_errors=True)
    return found


# --- the parent: children until the time is up, crashes into fixtures -------------------


@dataclass(slots=True)
class Report:
    engine: str
    seconds: float = 0.0
    runs: int = 0
    known_hits: int = 0
    children: int = 0
    saved: list[str] = field(default_factory=list)
    duplicates: int = 0


def _child(args: argparse.Namespace, engine: str, seconds: float, known_file: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "bench.fuzz",
        "--worker",
        "--engine",
        engine,
        "--seconds",
        f"{seconds:.1f}",
        "--seed",
        str(args.seed),
        "--known",
        str(known_file),
    ]


def describe(data: bytes) -> str:
    """What ``data`` does when replayed in a fresh process: ``ok``, or why it fails."""
    with tempfile.TemporaryDirectory(prefix="timeline-describe-") as folder:
        (Path(folder) / "input.bin").write_bytes(data)
        try:
            done = subprocess.run(
                [sys.executable, "-m", "bench.fuzz", "--replay", folder, "--json"],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=3 * TIMEOUT,
            )
        except subprocess.TimeoutExpired:
            return "Hang@replay: it did not end"
    for line in done.stdout.splitlines():
        entry = json.loads(line)
        if "result" in entry:
            return str(entry["result"])
    return f"Died@replay: the interpreter ended with status {done.returncode}"


def _collect(artifacts: Path, saved: set[str], report: Report, log: Logger) -> None:
    """Move each new crash artifact into the fixtures, once per signature."""
    for artifact in sorted(artifacts.iterdir()):
        kind = artifact.name.split("-")[0]
        if kind not in ("crash", "timeout", "oom", "leak", "current"):
            continue
        data = artifact.read_bytes()
        artifact.unlink()
        result = describe(data)
        why = f"{kind}: does not fail when replayed" if result == "ok" else result
        sig = why.split(": ", 1)[0]
        if sig in saved:
            report.duplicates += 1
            continue
        saved.add(sig)
        FIXTURES.mkdir(parents=True, exist_ok=True)
        name = f"{kind_of(data)}-{hashlib.sha1(data).hexdigest()[:16]}.bin"
        (FIXTURES / name).write_bytes(data)
        report.saved.append(f"{name}: {why}")
        log(f"new crash saved: tests/fixtures/fuzz/{name}: {why}")


def fuzz(args: argparse.Namespace, log: Logger) -> Report:
    engine = args.engine
    if engine == "auto":
        engine = "atheris" if load_atheris() is not None else "random"
    report = Report(engine)
    corpus = OUT / "corpus"
    artifacts = OUT / "artifacts"
    corpus.mkdir(parents=True, exist_ok=True)
    artifacts.mkdir(parents=True, exist_ok=True)
    known = known_signatures(FIXTURES)
    log(f"engine {engine}; {len(known)} known crash signature(s) in {FIXTURES.relative_to(ROOT)}")
    started = time.monotonic()
    deadline = started + args.seconds
    while (left := deadline - time.monotonic()) > 2:
        known_file = OUT / "known.json"
        known_file.write_text(json.dumps(sorted(known)))
        stats = artifacts / "stats.json"
        stats.unlink(missing_ok=True)
        done = subprocess.run(
            _child(args, engine, left, known_file),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            timeout=left + 120,
        )
        report.children += 1
        if stats.exists():
            counts = json.loads(stats.read_text())
            report.runs += counts["runs"]
            report.known_hits += counts["known"]
        if done.returncode < 0 or "==ERROR" in done.stdout or "Traceback" in done.stdout:
            log(done.stdout[-3000:])
        if done.returncode >= 0:
            (artifacts / "current").unlink(missing_ok=True)
        _collect(artifacts, known, report, log)
        if done.returncode == 0 and engine == "random":
            break
    report.seconds = time.monotonic() - started
    return report


def worker(args: argparse.Namespace) -> int:
    known = set(json.loads(Path(args.known).read_text())) if args.known else set()
    corpus, artifacts = OUT / "corpus", OUT / "artifacts"
    if args.engine == "atheris":
        atheris_engine(corpus, artifacts, args.seconds, known)
        return 0
    workdir = Path(tempfile.mkdtemp(prefix="timeline-fuzz-"))
    target = Target(workdir, known=known)
    if not any(corpus.iterdir()):
        for seed in target.seeds():
            (corpus / hashlib.sha1(seed).hexdigest()).write_bytes(seed)
    random_engine(target, corpus, artifacts, args.seconds, args.seed)
    (artifacts / "current").unlink(missing_ok=True)
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m bench.fuzz", description=__doc__.split("\n\n")[0] if __doc__ else None
    )
    p.add_argument("--seconds", type=float, default=60.0, help="time budget (default 60)")
    p.add_argument(
        "--engine",
        choices=("auto", "atheris", "random"),
        default="auto",
        help="atheris when installed (auto), else the random mutation loop",
    )
    p.add_argument("--seed", type=int, default=20250820, help="seed of the random engine")
    p.add_argument("--replay", metavar="DIR", help="run every saved input in DIR once and exit")
    p.add_argument("--json", action="store_true", help="with --replay: one JSON line per input")
    p.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--known", help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.replay:
        return replay(Path(args.replay), args.json)
    if args.worker:
        return worker(args)

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    report = fuzz(args, log)
    rate = report.runs / report.seconds if report.seconds else 0.0
    print(
        f"engine {report.engine}: {report.runs:,} inputs in {report.seconds:.0f} s "
        f"({rate:,.0f}/s) over {report.children} child run(s); "
        f"{len(report.saved)} new crash(es), {report.duplicates} duplicate(s), "
        f"{report.known_hits:,} hit(s) of known crashes"
    )
    for line in report.saved:
        print(f"  {line}")
    return 1 if report.saved else 0


if __name__ == "__main__":
    sys.exit(main())
