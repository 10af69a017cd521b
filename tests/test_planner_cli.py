"""``timeline plan``: participants from actors and zones, text and JSON, usage errors."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tui.cli import main

ROOT = Path(__file__).resolve().parent.parent
EVENTS = ROOT / "events.yaml"
NOW = 1_755_700_000.0  # Wed 20 Aug 2025 14:26:40 UTC

PEOPLE = """
actors:
  ann: {name: Ann, aliases: [Annie], timezone: Europe/Kyiv}
  bob: {name: Bob, timezone: America/New_York}
  cy: {name: Cy, timezone: Europe/Berlin}
  dee: {name: Dee}
  team: {kind: group, members: [bob, inner]}
  inner: {kind: group, members: [cy, dee]}
events: []
"""


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["plan", *argv], out=out, err=err, env={"TZ": "UTC"}, clock=lambda: NOW)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def people(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "people.yaml"
    path.write_text(PEOPLE, encoding="utf-8")
    return path


def test_the_contract_example_from_zones_alone() -> None:
    code, out, err = run(
        "--zone", "New York", "--zone", "Kyiv", "--zone", "Berlin", "--date", "2025-08-20",
        "--tz", "UTC", "--format", "json",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "date": "2025-08-20",
        "display_zone": "UTC",
        "participants": [
            {"name": "New York", "zone": "America/New_York"},
            {"name": "Kyiv", "zone": "Europe/Kyiv"},
            {"name": "Berlin", "zone": "Europe/Berlin"},
        ],
        "windows": [{"start": "2025-08-20T13:00:00+00:00", "end": "2025-08-20T15:00:00+00:00"}],
        "compromises": [],
    }


def test_actors_groups_and_the_unzoned(people: Path) -> None:
    code, out, err = run(
        str(people), "--actor", "Annie", "--actor", "team", "--date", "2025-08-20",
        "--tz", "America/New_York", "--format", "json", "--no-cache",
    )  # fmt: skip
    assert code == 0
    assert err == "timeline: Dee has no home zone; left out of the plan\n"
    data = json.loads(out)
    assert [p["name"] for p in data["participants"]] == ["Ann", "Bob", "Cy"]
    assert data["windows"] == [
        {"start": "2025-08-20T09:00:00-04:00", "end": "2025-08-20T11:00:00-04:00"}
    ]


def test_text_grid_and_windows_in_every_zone(people: Path) -> None:
    code, out, _err = run(
        str(people), "--actor", "team", "--zone", "Tokyo", "--date", "2025-08-20", "--no-cache"
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == (
        "Wed 20 Aug 2025 in UTC · working hours 09:00–18:00 Mon–Fri, each in their own zone"
    )
    assert [line.split()[0] for line in lines[3:6]] == ["Bob", "Cy", "Tokyo"]
    assert "No window in which everyone is within working hours." in lines
    assert "Best compromises (1 h):" in lines
    assert any(line.startswith("  1. ") and "outside hours:" in line for line in lines)


def test_compromises_in_json_say_who_and_by_how_much() -> None:
    code, out, _err = run(
        "--zone", "New York", "--zone", "Sydney", "--date", "2025-08-20", "--format", "json"
    )
    assert code == 0
    first = json.loads(out)["compromises"][0]
    assert first == {
        "start": "2025-08-20T21:00:00+00:00",
        "end": "2025-08-20T22:00:00+00:00",
        "outside": [{"name": "Sydney", "by_minutes": 120}],
    }


def test_hours_days_and_duration(people: Path) -> None:
    code, out, _err = run(
        "--zone", "London", "--zone", "Berlin", "--date", "2025-08-23", "--days", "sat-sun",
        "--hours", "10:00-12:00", "--duration", "45", "--format", "json",
    )  # fmt: skip
    assert code == 0
    assert json.loads(out)["windows"] == [
        {"start": "2025-08-23T09:00:00+00:00", "end": "2025-08-23T10:00:00+00:00"}
    ]


def test_the_date_defaults_to_today_in_the_display_zone() -> None:
    code, out, _err = run("--zone", "UTC", "--tz", "Pacific/Kiritimati", "--format", "json")
    assert code == 0
    assert json.loads(out)["date"] == "2025-08-21"  # 04:26 on the 21st at UTC+14


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (("--actor", "Anm"), "--actor: unknown actor 'Anm'; did you mean 'Ann'"),
        (("--zone", "Kyvi"), "--zone: unknown time zone 'Kyvi'; did you mean"),
        (("--zone", "Kyiv", "--date", "2025-02-30"), "--date:"),
        (("--zone", "Kyiv", "--date", "2025-08"), "is not one day; name a day, e.g. 2025-08-01"),
        (("--zone", "Kyiv", "--hours", "18:00-09:00"), "end before they start"),
        (("--zone", "Kyiv", "--days", "mon-fry"), "did you mean 'fri'"),
        (("--zone", "Kyiv", "--duration", "0"), "whole minutes from 1 to 1440"),
        (("--zone", "Kyiv", "--tz", "Nowhere/Land"), "--tz:"),
        ((), "name the participants with --actor NAME or --zone ZONE"),
        (("--actor", "dee"), "no participant has a home zone; add one with --zone ZONE"),
    ],
)
def test_usage_errors_exit_2_with_a_suggestion(
    people: Path, argv: tuple[str, ...], says: str
) -> None:
    code, out, err = run(str(people), "--no-cache", *argv)
    assert code == 2
    assert out == ""
    assert says in err
