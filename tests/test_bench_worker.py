"""The benchmark drives the real explorer through its public interface, in its own folders."""

from __future__ import annotations

import asyncio
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from textual.pilot import Pilot

from bench import generate
from bench.run import CLI, base_env, run_process
from bench.worker import Result, explorer_first_paint, inproc, main_screen
from tui.app.app import TimelineApp
from tui.app.rows import RowList
from tui.app.widgets.timeline_list import TimelineList
from tui.core.cache import load_cached

EVENTS = 300
"""Events in the generated timeline: enough for every measure, small enough to be quick."""


@pytest.fixture
def timeline_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A generated timeline, with the explorer's load cache in a tmp folder."""
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(tmp_path / "cache"))
    return generate.write(EVENTS, tmp_path / "timeline.yaml", seed=11)


def test_every_in_process_figure_is_taken_from_the_real_explorer(
    timeline_file: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    load_cached(timeline_file, cache_dir=cache)  # warm, as the runner's priming check does
    # a short budget: every measure stops at its minimum number of runs once it is spent
    out = asyncio.run(inproc(timeline_file, cache, repeat=1, budget=1.0))

    failed = {key: value for key, value in out.items() if "error" in value}
    assert failed == {}
    assert out["load_warm"]["events"] == EVENTS
    assert out["first_paint"]["rows"] > EVENTS  # events plus day headings and the now row
    keystroke = out["keystroke"]
    assert keystroke["focused"].endswith("Input") and "unchanged" not in keystroke
    assert len(keystroke["runs"]) == len(keystroke["typed"]) >= 3
    assert "summit".startswith(keystroke["typed"])
    assert keystroke["rows"] == sorted(keystroke["rows"], reverse=True)  # narrower each key
    assert len(out["keystroke_pilot"]["runs"]) >= 2
    actor = out["actor_filter"]
    assert actor["method"] == "screen.filter_by_actor"
    assert actor["undo"] == "action_pop_filter"
    assert len(actor["runs"]) == len(actor["remove_runs"]) == len(actor["actors"]) >= 3
    assert all(0 < rows < out["first_paint"]["rows"] for rows in actor["rows"])
    core = actor["core"]  # every candidate, even those the budget left out above
    assert core["actors"][: len(actor["actors"])] == actor["actors"]
    assert len(core["runs"]) == len(core["actors"]) >= len(actor["actors"])


def test_the_list_says_painted_only_once_new_rows_are_drawn(timeline_file: Path) -> None:
    seen: list[bool] = []

    async def swap_rows(app: TimelineApp, pilot: Pilot[None], listing: TimelineList) -> Result:
        timeline = main_screen(app).timeline
        assert timeline is not None
        seen.append(listing.painted)  # the first paint
        listing.set_rows(replace(listing.rows), timeline)  # the same rows, anew
        seen.append(listing.painted)  # set, not yet drawn
        for _ in range(50):
            await pilot.pause()
            if listing.painted:
                break
        seen.append(listing.painted)
        listing.set_rows(RowList(), timeline)
        seen.append(listing.painted)  # an empty list draws only its message
        return {}

    asyncio.run(explorer_first_paint(timeline_file, then=swap_rows))
    assert seen == [True, False, True, True]


def test_benchmark_processes_keep_out_of_the_users_config_folder(
    timeline_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    users = tmp_path / "users-config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(users))  # what the runner inherits
    ours = tmp_path / "bench-config"
    env = base_env(ours, tmp_path / "bench-cache")

    probe = "from tui.core.locations import config_dir; print(config_dir())"
    where = run_process([sys.executable, "-c", probe], env, keep_stdout=True)
    assert Path(where.stdout.strip()).is_relative_to(ours)
    check = run_process([*CLI, "check", str(timeline_file)], env)  # writes the cache's secret
    assert check.returncode == 0, check.stderr
    assert any(path.is_file() for path in ours.rglob("*"))
    assert not users.exists()
