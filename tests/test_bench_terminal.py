"""The benchmark's sizes, targets, growth table and its measures in a real terminal."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

import pytest

from bench import generate
from bench.run import MB, Target, parse_sizes, render_growth
from bench.terminal import Tmux, TmuxError, explorer_program, wait_for
from bench.worker import progress_cost, search_counts


def test_sizes_take_thousands_and_millions() -> None:
    assert parse_sizes("1000, 10k,1m,1.5M") == [1000, 10_000, 1_000_000, 1_500_000]
    with pytest.raises(argparse.ArgumentTypeError):
        parse_sizes("big")
    with pytest.raises(argparse.ArgumentTypeError):
        parse_sizes("0")


def test_a_max_target_is_met_only_when_every_run_is() -> None:
    every_key = Target("term_keystroke", 100_000, "max", 0.100)
    assert every_key.text() == "max <= 100 ms @100k"
    assert every_key.met({"value": 0.030, "max": 0.120}) is False
    assert every_key.met({"value": 0.030, "max": 0.090}) is True
    assert every_key.met({"value": 0.030}) is None
    assert Target("rss_explorer", 1_000_000, "value", 1024 * MB).text() == "<= 1024 MB @1M"


def test_growth_gives_the_cost_per_event_and_its_exponent() -> None:
    results = {
        "1000": {"check_cold": {"status": "ok", "value": 1.0}},
        "100000": {
            "check_cold": {"status": "ok", "value": 10.0},
            "rss_explorer": {"status": "ok", "value": 50_000_000},
        },
    }
    files = {"1000": {"bytes": 350_000}, "100000": {"bytes": 35_000_000}}
    table = render_growth(results, [100_000, 1000], files)
    lines = {line.split("  ")[0]: line for line in table.splitlines()}
    assert "350 B" in lines["file bytes"]
    cold = lines["timeline check --no-cache, cold (proc)"]
    assert "1,000.00 µs" in cold and "100.00 µs" in cold
    assert cold.rstrip().endswith("0.50")  # ten times the time for a hundred times the events
    assert "500 B" in lines["peak RSS: explorer 1st paint (proc)"]


def test_the_explorer_is_ready_when_its_status_counts_every_event() -> None:
    program = explorer_program(sys.executable, "t.yaml", 100_000)
    assert program.first_screen("/ search   100,000 events · UTC")
    assert not program.first_screen("Loading t.yaml (34.7 MB)…")
    assert not program.first_screen("/ search   1,100,000 events · UTC")
    assert program.typed("/ s   12,345 of 100,000 events · UTC", 12_345)
    assert not program.typed("/ s   100,000 events · UTC", 12_345)


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_a_private_tmux_server_runs_a_program_with_our_environment() -> None:
    tmux = Tmux(f"timeline-bench-test-{os.getpid()}")
    try:
        tmux.start("t", ["sh", "-c", 'echo "seen $BENCH_WORD"; sleep 5'], {"BENCH_WORD": "ok"})
        text = wait_for(tmux, "t", lambda screen: "seen ok" in screen, 10)
        assert "seen ok" in text
        with pytest.raises(TmuxError, match="timed out"):
            wait_for(tmux, "t", lambda screen: "never" in screen, 0.05)
    finally:
        tmux.stop()


def test_the_counts_the_terminal_waits_for_are_the_searchs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = generate.write(200, tmp_path / "t.yaml", seed=3)
    got = search_counts(path, tmp_path / "cache", "sum")
    assert got["total"] == 200
    counts = got["counts"]
    assert len(counts) == 3
    assert counts == sorted(counts, reverse=True)  # each key narrows the search
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(tmp_path / "cache"))
    cost = progress_cost(path, 1, 60.0)
    assert len(cost["progress_off"]["runs"]) == len(cost["progress_on"]["runs"]) == 1
    assert cost["progress_on"]["steps_per_load"] >= 3  # read, parse, validated
