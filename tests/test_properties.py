"""Property tests: whatever a file holds, reading it ends well, quickly and within memory.

Arbitrary bytes, arbitrary YAML trees and mutations of valid timelines are given to the
loader and to ``timeline check``. Each ends in a timeline or in errors written
``FILE:LINE:COL: message`` whose line and column lie inside the file, within
:data:`SECONDS` (``signal.setitimer``), never in another exception and never with exit
status 70. A timeline read through the cache (written, then served) reads exactly as it
does without it. A few big or endless inputs run in a child process with a cap on its
address space (``RLIMIT_AS``). Crashes found by ``bench/fuzz.py`` are replayed from
``tests/fixtures/fuzz/``.

Everything runs with ``TIMELINE_CACHE_DIR`` in a temporary folder, so the user's cache is
never touched; hypothesis keeps no example database (``database=None``) and is
derandomized, so every run tries the same examples.
"""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, currently_in_test_context, event, given, settings
from hypothesis import strategies as st

from tui.cli import main
from tui.core import places
from tui.core.cache import load_cached
from tui.core.errors import TimelineError
from tui.core.model import Timeline

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "events.yaml"
SMALL_FIXTURES = sorted((ROOT / "tests" / "app" / "fixtures").glob("*.yaml"))
FUZZ_FIXTURES = ROOT / "tests" / "fixtures" / "fuzz"
SECONDS = 5.0
"""No single input may take longer than this to check."""
MEMORY_CAP = 1 << 30
"""Address space allowed to a child checking one big input (the interpreter takes ~150 MB)."""

_DIAGNOSTIC = re.compile(r"(?P<file>.*):(?P<line>\d+):(?P<col>\d+): (?P<message>\S.*)")
_YAML_BREAKS = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
PROPERTY = settings(
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class Overtime(BaseException):
    """An input took longer than :data:`SECONDS` (a BaseException: nothing may swallow it)."""


def _overtime(signum: int, frame: FrameType | None) -> None:
    raise Overtime(f"an input took more than {SECONDS} s")


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A folder for the inputs, with the cache folder inside it and a timer installed."""
    folder = tmp_path_factory.mktemp("properties")
    # the gazetteer's index is built once a run (a place-shaped unknown zone asks for it):
    # that is not per-input work, so it happens before the alarm is set
    places.load()
    previous = signal.signal(signal.SIGALRM, _overtime)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TIMELINE_CACHE_DIR", str(folder / "cache"))
        mp.setenv("TZ", "UTC")
        mp.delenv("TIMELINE_TZ", raising=False)
        yield folder
    signal.signal(signal.SIGALRM, previous)


def timed(call: Callable[[], Any]) -> Any:
    """Run ``call`` with a :data:`SECONDS` alarm."""
    signal.setitimer(signal.ITIMER_REAL, SECONDS)
    try:
        return call()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def check(path: Path, *, cache: bool = False) -> tuple[int, str, str]:
    """``timeline check PATH`` in this process: (status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    args = ["check", str(path)] + ([] if cache else ["--no-cache"])
    status = timed(lambda: main(args, out=out, err=err))
    return status, out.getvalue(), err.getvalue()


def _inside(raw: bytes, line: int, col: int) -> bool:
    """Whether ``line:col`` (1-based) lies in the file, counting lines either by ``\\n``
    alone or by every YAML line break, and columns in characters (or bytes when the
    file is not UTF-8); the position just past the end of a line counts as inside."""
    text = raw.decode("utf-8", errors="replace")
    for lines in (text.split("\n"), _YAML_BREAKS.split(text), raw.split(b"\n")):
        if 1 <= line <= len(lines) and 1 <= col <= len(lines[line - 1]) + 1:
            return True
    return False


def assert_positioned(raw: bytes, label: str, err: str) -> None:
    lines = err.splitlines()
    assert lines, "an invalid file must say why"
    for entry in lines:
        found = _DIAGNOSTIC.fullmatch(entry)
        assert found is not None, f"not FILE:LINE:COL: message: {entry!r}"
        assert found["file"] == label, entry
        line, col = int(found["line"]), int(found["col"])
        assert _inside(raw, line, col), f"{line}:{col} is outside the file: {entry!r}"


def assert_reads_well(path: Path, raw: bytes, *, through_cache: bool = True) -> bool:
    """Check ``raw`` (written to ``path``) both ways; return whether it was a timeline."""
    path.write_bytes(raw)
    status, out, err = check(path)
    assert status in (0, 1), f"exit status {status}: {err!r}"
    problems: list[str] = []
    try:
        timeline = timed(lambda: load_cached(path, use_cache=False))
    except TimelineError as exc:
        problems = [str(d) for d in exc.diagnostics]
    if currently_in_test_context():  # for --hypothesis-show-statistics
        event("valid" if not problems else re.sub(r"[\d'\"].*", "", problems[0].split(": ", 1)[1]))
    if problems:
        assert status == 1, out
        assert err.splitlines() == problems
        assert_positioned(raw, str(path), err)
        return False
    assert isinstance(timeline, Timeline)
    assert status == 0, err
    assert not err
    assert out.startswith(f"{path}: ok ("), out
    if through_cache:  # written to the cache, then served from it: the same answer
        written = check(path, cache=True)
        served = check(path, cache=True)
        assert written == served == (status, out, err)
        cached = timed(lambda: load_cached(path))
        assert cached.events == timeline.events
        assert cached.actors == timeline.actors
        assert (cached.title, cached.timezone) == (timeline.title, timeline.timezone)
    return True


# --- arbitrary bytes ------------------------------------------------------------------------

HEADERS = (b"", b"title: t\nevents:\n", b"events:\n  - title: x\n    start: ", b"\xef\xbb\xbf")


@settings(PROPERTY, max_examples=120)
@given(
    head=st.sampled_from(HEADERS),
    body=st.binary(max_size=400)
    | st.text(max_size=200).map(str.encode)
    | st.text(st.sampled_from(" \t\n-:[]{},#&*!|>'\"%@`?~0aZ"), max_size=200).map(str.encode),
)
def test_arbitrary_bytes(workdir: Path, head: bytes, body: bytes) -> None:
    assert_reads_well(workdir / "bytes.yaml", head + body, through_cache=False)


@pytest.mark.parametrize("text", ["a: [", "title: t\nevents:\n$", "events: {a: 1"])
def test_an_error_at_the_end_of_a_file_is_inside_it(workdir: Path, text: str) -> None:
    """A file without a final line break that ends too soon: the error points at its end,
    not at a line after the last (``a: [`` was reported at 2:1, a line that does not exist;
    found by :func:`test_arbitrary_bytes`)."""
    path = workdir / "short.yaml"
    path.write_text(text, encoding="utf-8")
    status, _out, err = check(path)
    assert status == 1
    found = _DIAGNOSTIC.fullmatch(err.splitlines()[0])
    assert found is not None, err
    where = f"{found['line']}:{found['col']}"
    assert _inside(text.encode(), int(found["line"]), int(found["col"])), (
        f"{where} is past the end of a {text.count(chr(10)) + 1}-line file: {err}"
    )


# --- arbitrary YAML trees -------------------------------------------------------------------

FIELDS = (
    "title", "timezone", "actors", "events", "id", "start", "end", "location", "tags", "summary",
    "sources", "confidence", "notes", "parent", "scheduled_start", "scheduled_end", "name",
    "aliases", "role", "kind", "members", "url", "publisher", "quote", "x-extra",
)  # fmt: skip
SCALARS = (
    "2025-08-20 14:30", "2025-08-20T14:30Z", "2025-08-20T14:30+02:00", "2025-03-30T02:30",
    "2025-13-45", "2025", "2014-02", "1969-07-21T02:56:15Z", "0001-01-01T00:00Z",
    "9999-12-31T23:59Z", "2025-08-20T14:30+02:00[Europe/Brussels]", "Europe/Brussels",
    "America/New_York", "UTC+5", "EST", "Kyiv", "~", "null", "Null", "", "-", "-0", "0123",
    "1_000", "0x1F", "1e3", ".inf", "yes", "no", "on", "off", "true", "14:30", "person", "state",
    "organisation", "group", "https://example.org", "ftp://x.org", "javascript:x", "<<", "*a",
    "&a", "!!str", "x\x1b]52;c;cHduZWQ=\x07", "\u202eevil", "[/]", "[bold]x",
)  # fmt: skip
scalar = st.none() | st.sampled_from(SCALARS) | st.text(max_size=24)
key = st.sampled_from(FIELDS) | st.text(max_size=12)
tree = st.recursive(
    scalar,
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(key, kids, max_size=5),
    max_leaves=40,
)
printable = st.text(st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1)
zone = st.sampled_from(["UTC", "Europe/Brussels", "America/New_York", "Kyiv", "UTC+05:45"])
when = st.sampled_from(["2025-08-20 14:30", "2025-08-20T14:30Z", "2025", "2014-02", "2025-06-24"])
plausible_event = st.fixed_dictionaries(
    {"title": printable | st.text(min_size=1, max_size=20), "start": when},
    optional={
        "id": scalar,
        "end": when | scalar,
        "timezone": zone | scalar,
        "location": scalar,
        "actors": st.lists(st.sampled_from(["a", "b", "g"])) | tree,
        "tags": st.lists(st.text(max_size=8), max_size=3) | tree,
        "summary": scalar,
        "sources": st.lists(
            st.fixed_dictionaries(
                {"url": st.sampled_from(["https://example.org/a", "ftp://x", "javascript:x"])},
                optional={"title": scalar, "publisher": scalar, "quote": scalar},
            ),
            max_size=2,
        )
        | tree,
        "confidence": scalar,
        "notes": scalar,
        "parent": scalar,
        "scheduled_start": when | scalar,
        "x-mine": tree,
    },
)
actors = st.fixed_dictionaries(
    {},
    optional={
        "a": st.fixed_dictionaries({"name": st.text(max_size=10)}, optional={"timezone": zone}),
        "b": st.none() | tree,
        "g": st.fixed_dictionaries({"kind": st.just("group"), "members": st.just(["a", "b"])}),
    },
)
an_event = plausible_event | st.dictionaries(
    st.sampled_from(FIELDS) | st.text(max_size=8), tree, max_size=8
)
document = st.fixed_dictionaries(
    {"events": st.lists(an_event, max_size=6) | tree},
    optional={
        "title": scalar,
        "timezone": zone | scalar,
        "actors": actors | st.dictionaries(st.text(max_size=8), tree, max_size=4) | tree,
        "x-note": tree,
    },
)


@settings(PROPERTY, max_examples=120)
@given(
    data=st.one_of(document, document, document, tree),
    flow=st.booleans(),
    unicode=st.booleans(),
    padded=st.integers(0, 5),
)
def test_arbitrary_yaml_trees(
    workdir: Path, data: object, flow: bool, unicode: bool, padded: int
) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=unicode, sort_keys=False)
    if padded == 0:  # past the fast parser's threshold: the other reading path
        text += "#" + "x" * (64 * 1024) + "\n"
    assert_reads_well(workdir / "tree.yaml", text.encode("utf-8"))


# --- mutations of valid files ---------------------------------------------------------------

TOKENS = (
    b"\t", b": ", b"- ", b"\n", b"\r", b"\x00", b"\x1b]52;c;eA==\x07", b"\xc2\x9b", b"\xe2\x80\xae",
    b"\xef\xbb\xbf", b"&a ", b"*a", b"<<: *a", b"!!python/object:os.system ", b"'", b'"', b"#",
    b"{", b"[", b"}", b"]", b"~", b"|", b">", b"---\n", b"...\n", b"%YAML 1.1\n", b"\xff", b"\xc3",
    b"2025-02-30", b"+14:00", b"Z", b"T", b"0", b"9" * 30, b"x" * 300,
)  # fmt: skip


def _lines(raw: bytes) -> list[bytes]:
    return raw.splitlines(keepends=True) or [b""]


@st.composite
def mutated(draw: st.DrawFn, base: bytes) -> bytes:
    """``base`` after one to four edits: bytes flipped, inserted or deleted, lines doubled,
    dropped or swapped, indentation exchanged."""
    raw = base
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(
            st.sampled_from(["flip", "insert", "delete", "double", "drop", "swap", "indent"])
        )
        at = draw(st.integers(0, max(0, len(raw) - 1)))
        lines = _lines(raw)
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(0, len(lines) - 1))
        if kind == "flip" and raw:
            raw = raw[:at] + bytes([raw[at] ^ (1 << draw(st.integers(0, 7)))]) + raw[at + 1 :]
        elif kind == "insert":
            piece = draw(st.sampled_from(TOKENS) | st.binary(min_size=1, max_size=6))
            raw = raw[:at] + piece + raw[at:]
        elif kind == "delete":
            raw = raw[:at] + raw[at + draw(st.integers(1, 80)) :]
        elif kind == "double":
            raw = b"".join(lines[: i + 1] + lines[i:])
        elif kind == "drop":
            raw = b"".join(lines[:i] + lines[i + 1 :])
        elif kind == "swap":
            lines[i], lines[j] = lines[j], lines[i]
            raw = b"".join(lines)
        elif kind == "indent":
            indent = re.match(rb"[ \t]*", lines[j])
            new = draw(st.sampled_from([indent[0] if indent else b"", b"\t", b" ", b"      "]))
            lines[i] = new + lines[i].lstrip(b" \t")
            raw = b"".join(lines)
    return raw


SMALL_BASES = [p.read_bytes() for p in SMALL_FIXTURES]


@settings(PROPERTY, max_examples=100)
@given(data=st.data())
def test_mutations_of_small_valid_files(workdir: Path, data: st.DataObject) -> None:
    base = data.draw(st.sampled_from(SMALL_BASES))
    assert_reads_well(workdir / "small.yaml", data.draw(mutated(base)))


@settings(PROPERTY, max_examples=20)
@given(data=st.data())
def test_mutations_of_the_bundled_timeline(workdir: Path, data: st.DataObject) -> None:
    """The bundled file is larger than the fast parser's threshold: both paths are tried."""
    base = BUNDLED.read_bytes()
    assert_reads_well(workdir / "bundled.yaml", data.draw(mutated(base)), through_cache=False)


def test_the_bases_are_valid(workdir: Path) -> None:
    """Mutations start from timelines that load (else they would test nothing)."""
    assert SMALL_BASES
    for base in [*SMALL_BASES, BUNDLED.read_bytes()]:
        assert assert_reads_well(workdir / "base.yaml", base)


# --- big and endless inputs, in a child with capped memory --------------------------------

CHILD = textwrap.dedent(
    """
    import io, json, resource, sys, time
    cap = int(sys.argv[1])
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    from tui.cli import main
    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    status = main(["check", "--no-cache", *sys.argv[2:]], out=out, err=err)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"status": status, "out": out.getvalue(), "err": err.getvalue(),
                      "seconds": time.perf_counter() - started, "peak_kb": peak}))
    """
)


def check_in_child(tmp: Path, *paths: str) -> dict[str, Any]:
    """``timeline check --no-cache PATHS`` in a child limited to :data:`MEMORY_CAP`."""
    env = {**os.environ, "TIMELINE_CACHE_DIR": str(tmp / "cache"), "TZ": "UTC"}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(MEMORY_CAP), *paths],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=4 * SECONDS,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, Any] = json.loads(done.stdout)
    assert result["status"] in (0, 1), result["err"][-2000:]
    assert result["seconds"] < SECONDS, result
    return result


def _sparse(path: Path, size: int) -> str:
    with path.open("wb") as handle:
        handle.truncate(size)
    return str(path)


def _alias_bomb(path: Path) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    path.write_text("\n".join([*lines, "events: *a9", ""]), encoding="utf-8")
    return str(path)


def _deep(path: Path) -> str:
    path.write_text("events: " + "[" * 100_000 + "\n", encoding="utf-8")
    return str(path)


def _huge_title(path: Path) -> str:
    title = "x" * (10 * 1024 * 1024)
    path.write_text(f"events:\n  - title: {title}\n    start: 2025-08-20\n", encoding="utf-8")
    return str(path)


def _fifo(path: Path) -> str:
    os.mkfifo(path)
    return str(path)


BIG: dict[str, Callable[[Path], str]] = {
    "2 GB sparse file": lambda p: _sparse(p, 2 << 30),
    "just over the size limit": lambda p: _sparse(p, 200 * 1024 * 1024 + 1),
    "alias bomb": _alias_bomb,
    "100,000 nested lists": _deep,
    "10 MB title": _huge_title,
    "FIFO": _fifo,
    "/dev/zero": lambda p: "/dev/zero",
}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and /dev/zero")
def test_big_and_endless_inputs_are_bounded(tmp_path: Path) -> None:
    """All in one child (one interpreter start), each with its own positioned answer."""
    paths = [make(tmp_path / f"big-{i}.yaml") for i, make in enumerate(BIG.values())]
    result = check_in_child(tmp_path, *paths)
    assert result["status"] == 1
    said = result["err"].splitlines()
    for path, name in zip(paths, BIG, strict=True):
        mine = [line for line in said if line.startswith(f"{path}:")]
        ok = f"{path}: ok (" in result["out"]
        assert mine or ok, f"{name}: no answer"
        for line in mine:
            assert _DIAGNOSTIC.fullmatch(line), line
    assert result["peak_kb"] * 1024 < MEMORY_CAP


# --- crashes found by the fuzzer ------------------------------------------------------------

FUZZ_CASES = sorted(p.name for p in FUZZ_FIXTURES.glob("*.bin"))


@pytest.fixture(scope="module")
def replayed() -> dict[str, str]:
    """Every saved crash replayed once by ``bench.fuzz --replay``, in a child process (a
    crash may end the interpreter): input name -> ``ok`` or what went wrong."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.fuzz", "--replay", str(FUZZ_FIXTURES), "--json"],
        cwd=ROOT,
        env={**os.environ, "TZ": "UTC"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    results: dict[str, str] = {}
    for line in done.stdout.splitlines():
        entry = json.loads(line)
        if "start" in entry:  # replaced by its result, unless the interpreter died on it
            results[entry["start"]] = f"the interpreter died: {done.stderr[-1500:]}"
        else:
            results[entry["name"]] = entry["result"]
    return results


@pytest.mark.parametrize("name", FUZZ_CASES)
def test_a_saved_fuzz_crash_no_longer_crashes(replayed: dict[str, str], name: str) -> None:
    assert replayed.get(name) == "ok", replayed.get(name, "not replayed")


def test_every_saved_fuzz_crash_is_replayed(replayed: dict[str, str]) -> None:
    assert sorted(replayed) == FUZZ_CASES
