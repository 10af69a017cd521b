"""Progress of long work: what the core reports while loading, and the command line's bar."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest

from tui.cli import main
from tui.cliprogress import cli_progress
from tui.commands.base import Context, SafeWriter
from tui.core import progress
from tui.core.cache import load_cached
from tui.core.loader import load_timeline
from tui.core.progress import REPORT_EVERY, Stage, Step

NOW = 1764201600.0
EVENTS = 2 * REPORT_EVERY + 52  # three reports during validation, then the last


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def many(tmp_path: Path) -> Path:
    """A valid file of :data:`EVENTS` one-line events."""
    lines = ["title: Many", "timezone: UTC", "events:"]
    lines += [f"  - {{title: Event {i}, start: 2020-01-01 10:00}}" for i in range(EVENTS)]
    path = tmp_path / "many.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def steps_of_load(path: Path) -> list[Step]:
    steps: list[Step] = []
    with progress.reporting(steps.append):
        load_timeline(path)
    return steps


def test_a_load_reports_reading_then_parsing_then_each_thousand_events(many: Path) -> None:
    steps = steps_of_load(many)
    stages = [s.stage for s in steps]
    assert stages == [Stage.READ, Stage.PARSE] + [Stage.VALIDATE] * 4
    size = many.stat().st_size
    assert all((s.done_bytes, s.total_bytes) == (size, size) for s in steps)
    validated = [(s.events_validated, s.events_total) for s in steps[2:]]
    assert validated == [(0, EVENTS), (1024, EVENTS), (2048, EVENTS), (EVENTS, EVENTS)]
    fractions = [s.fraction for s in steps]
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0


def test_without_a_listener_nothing_is_reported(many: Path) -> None:
    assert progress.current() is None
    with progress.reporting(None) as report:
        assert report is None
        assert progress.current() is None
        load_timeline(many)  # the hooks find no report and go on


def test_the_report_is_taken_back_after_the_block_even_on_error(tmp_path: Path) -> None:
    steps: list[Step] = []

    def fails() -> None:
        with progress.reporting(steps.append):
            assert progress.current() is not None
            raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        fails()
    assert progress.current() is None


def test_a_cache_hit_reports_only_its_reading(many: Path, tmp_path: Path) -> None:
    cache = tmp_path / "c"
    first: list[Step] = []
    with progress.reporting(first.append):
        load_cached(many, cache_dir=cache, secret_dir=tmp_path / "keys")
    assert first[-1].stage is Stage.VALIDATE
    again: list[Step] = []
    with progress.reporting(again.append):
        load_cached(many, cache_dir=cache, secret_dir=tmp_path / "keys")
    assert [s.stage for s in again] == [Stage.READ]


def test_steps_describe_themselves_and_weigh_their_stages() -> None:
    read = Step(Stage.READ, 17_350_000, 34_700_000)
    assert read.describe() == "17.4 MB read of 34.7 MB"
    assert read.fraction == pytest.approx(0.01)
    parse = Step(Stage.PARSE, 34_700_000, 34_700_000)
    assert parse.describe() == "34.7 MB read · parsing"
    half = Step(Stage.VALIDATE, 34_700_000, 34_700_000, 50_000, 100_000)
    assert half.describe() == "50,000 of 100,000 events checked · 34.7 MB read"
    assert parse.fraction < half.fraction < 1.0
    assert Step(Stage.VALIDATE, 0, 0, 0, 0).fraction == 1.0  # a file without events


def test_throttled_passes_one_step_per_interval_and_always_the_last() -> None:
    now = [0.0]
    got: list[tuple[Stage, int]] = []
    tell = progress.throttled(
        lambda s: got.append((s.stage, s.events_validated)), 0.1, lambda: now[0]
    )
    tell(Step(Stage.READ, 1, 1))
    tell(Step(Stage.PARSE, 1, 1))  # a new stage passes at once
    for done in (0, 10, 20):
        tell(Step(Stage.VALIDATE, 1, 1, done, 100))
        now[0] += 0.04
    now[0] += 0.1
    tell(Step(Stage.VALIDATE, 1, 1, 50, 100))
    tell(Step(Stage.VALIDATE, 1, 1, 100, 100))
    validate = Stage.VALIDATE
    assert got == [
        (Stage.READ, 0),
        (Stage.PARSE, 0),
        (validate, 0),
        (validate, 50),
        (validate, 100),
    ]


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def context(err: io.StringIO) -> Context:
    return Context(out=SafeWriter(io.StringIO()), err=SafeWriter(err), env={}, now=NOW)


def test_the_bar_is_drawn_on_a_terminal_once_the_work_is_slow(many: Path) -> None:
    err = Terminal()
    with cli_progress(context(err), "Loading \x1b]52;c;evil\x07many.yaml", delay=0.0) as report:
        load_timeline(many)
        report(3, 4)
    drawn = err.getvalue()
    assert "Loading" in drawn
    assert "3 of 4" in drawn or "events checked" in drawn
    assert "\x1b]52" not in drawn  # the label is shown, never sent to the terminal


@pytest.mark.parametrize(
    ("stream", "quiet", "delay"),
    [(io.StringIO(), False, 0.0), (Terminal(), True, 0.0), (Terminal(), False, 30.0)],
    ids=["piped", "quiet", "quick-work"],
)
def test_no_bar_when_piped_quiet_or_quick(
    many: Path, stream: io.StringIO, quiet: bool, delay: float
) -> None:
    with cli_progress(context(stream), "Loading many.yaml", quiet=quiet, delay=delay) as report:
        load_timeline(many)
        report(1, 2)
    assert stream.getvalue() == ""


def test_the_bar_appears_during_a_long_step_without_news() -> None:
    err = Terminal()
    with cli_progress(context(err), "Working", delay=0.05):
        time.sleep(0.3)  # one long call that reports nothing (like the parser)
    assert "Working" in err.getvalue()


@pytest.mark.parametrize("command", [["check"], ["list"], ["export", "--format", "json"]])
def test_quiet_is_accepted_and_changes_no_output(many: Path, command: list[str]) -> None:
    def run(*extra: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        code = main(
            [*command, str(many), *extra], out=out, err=err, env={"TZ": "UTC"}, clock=lambda: NOW
        )
        return code, out.getvalue(), err.getvalue()

    assert run("--quiet") == run()
    assert run()[0] == 0
