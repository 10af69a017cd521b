"""The benchmark generator is deterministic and writes files the loader accepts."""

from __future__ import annotations

from pathlib import Path

import yaml

from bench.generate import generate, needs_quotes, wall_time_ok, write, yaml_str
from tui.core.loader import load_timeline


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    first = write(200, tmp_path / "a.yaml", seed=7).read_bytes()
    second = write(200, tmp_path / "b.yaml", seed=7).read_bytes()
    assert first == second
    assert generate(200, 8).encode() != first


def test_file_loads_with_expected_count(tmp_path: Path) -> None:
    path = write(200, tmp_path / "t.yaml")
    timeline = load_timeline(path)
    assert len(timeline.events) == 200
    assert any(e.parent for e in timeline.events)
    assert any(e.all_day for e in timeline.events)
    assert len(timeline.actors) > 200


def test_quoting_reads_back() -> None:
    samples = [
        "plain text",
        "2030",
        "yes",
        "No",
        "null",
        "~",
        "",
        " padded",
        "a: b",
        "x #y",
        "#tag",
        "- dash",
        "1.5",
        "0x1F",
        "12:30",
        "2025-06-24",
        'say "hi"',
        "back\\slash",
        "tab\there",
        "line\nbreak",
        "ends:",
        "[list]",
        "{map}",
        "a, b",
        "Türkiye",
        "*star",
        "&amp",
        "!bang",
        "%pct",
        "@at",
        "`tick",
        "'quote",
        ".inf",
        "-.5",
        "+1",
        "St. John's",
        "on",
        "y",
    ]
    for value in samples:
        for flow in (False, True):
            text = yaml_str(value, flow=flow)
            doc = f"k: [{text}]" if flow else f"k: {text}"
            loaded = yaml.load(doc, Loader=yaml.SafeLoader)["k"]
            assert (loaded[0] if flow else loaded) == value, (value, text)
    assert not needs_quotes("Talks resume in Kyiv")


def test_wall_time_ok_rejects_gaps_and_folds() -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    def wall(text: str) -> datetime:
        """A naive wall-clock time (checked against a zone, so deliberately zoneless)."""
        return datetime.fromisoformat(text)

    brussels = ZoneInfo("Europe/Brussels")
    assert wall_time_ok(brussels, wall("2025-08-20T14:30"))
    assert not wall_time_ok(brussels, wall("2025-03-30T02:30"))  # spring-forward gap
    assert not wall_time_ok(brussels, wall("2025-10-26T02:30"))  # autumn fold
    lord_howe = ZoneInfo("Australia/Lord_Howe")  # 30-minute DST shift
    assert not wall_time_ok(lord_howe, wall("2025-04-06T01:45"))


def test_lean_events_keep_what_views_read_in_half_the_bytes(tmp_path: Path) -> None:
    rich = load_timeline(write(400, tmp_path / "rich.yaml", seed=9))
    lean_path = write(400, tmp_path / "lean.yaml", seed=9, lean=True)
    lean = load_timeline(lean_path)
    assert len(lean.events) == 400
    assert any(e.parent for e in lean.events) and any(e.tags for e in lean.events)
    assert all(e.actors for e in lean.events)
    assert not any(e.sources or e.summary or e.location or e.notes for e in lean.events)
    events_bytes = lean_path.read_text(encoding="utf-8").split("\nevents:\n")[1]
    rich_bytes = (tmp_path / "rich.yaml").read_text(encoding="utf-8").split("\nevents:\n")[1]
    assert len(events_bytes) < 0.55 * len(rich_bytes)
    assert lean_path.read_bytes() == write(400, tmp_path / "again.yaml", 9, lean=True).read_bytes()
    assert len(rich.events) == 400
