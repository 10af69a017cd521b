"""The command line, through its real entry point (in-process and as a subprocess)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tui.cli import main

ROOT = Path(__file__).resolve().parent.parent
EVENTS = ROOT / "events.yaml"
NOW = 1764201600.0  # 2025-11-27 00:00 UTC


def run(*argv: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err, env=env or {"TZ": "UTC"}, clock=lambda: NOW)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(tmp_path / "cache"))


def test_check_valid_file() -> None:
    code, out, err = run("check", str(EVENTS))
    assert code == 0, err
    assert "ok (" in out


def test_check_of_a_file_seen_before_reads_only_its_cache_summary(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tui.core import cache

    code, first, err = run("check", str(EVENTS))  # validates and caches
    assert code == 0, err

    def no_load(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a file checked before must not be loaded again")

    monkeypatch.setattr(cache, "load_cached", no_load)
    code, again, err = run("check", str(EVENTS))
    assert (code, again, err) == (0, first, "")
    code, _out, err = run("check", "--no-cache", str(EVENTS))  # no cache: a real load
    assert code != 0 and "must not be loaded again" in err


def test_check_reports_every_error_with_position(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "events:\n  - {title: A, start: 2025-02-30}\n  - {title: B, start: 2025, timezone: Europe/Kiyv}\n"
    )
    code, _out, err = run("check", str(bad))
    assert code == 1
    lines = err.strip().splitlines()
    assert lines[0].startswith(f"{bad}:2:23: ")
    assert lines[1].startswith(f"{bad}:3:39: ")
    assert "Europe/Kyiv" in lines[1]


def test_check_several_files_fails_if_any_fails(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("events: 3\n")
    code, _out, err = run("check", str(EVENTS), str(bad))
    assert code == 1
    assert f"{bad}:1:9:" in err


def test_usage_errors_exit_2() -> None:
    assert run("list", "--format", "xml")[0] == 2
    code, _out, err = run("list", str(EVENTS), "--tz", "Europe/Brusels")
    assert code == 2
    assert "Europe/Brussels" in err
    code, _out, err = run("list", str(EVENTS), "--actor", "Putn")
    assert code == 2
    assert "Putin" in err


def test_list_json_in_display_zone() -> None:
    code, out, err = run("list", str(EVENTS), "--tz", "America/New_York", "--format", "json")
    assert code == 0, err
    events = json.loads(out)
    by_id = {e["id"]: e for e in events}
    chods = by_id["nato-chods-vtc-2025"]
    assert chods["start"] == "2025-08-20T08:30:00-04:00"
    assert chods["timezone"] == "Europe/Brussels"
    assert chods["all_day"] is False
    hague = by_id["hague-summit-2025"]
    assert (hague["start"], hague["end"], hague["all_day"]) == ("2025-06-24", "2025-06-25", True)
    assert set(events[0]) == {
        "id",
        "title",
        "start",
        "end",
        "all_day",
        "timezone",
        "location",
        "actors",
        "tags",
        "parent",
        "summary",
        "notes",
        "confidence",
        "scheduled_start",
        "scheduled_end",
        "sources",
    }
    source = chods["sources"][0]
    assert source["publisher"] == "Brussels Morning" and source["url"].startswith("https://")
    assert chods["location"] and chods["summary"] and chods["confidence"]
    assert len(events) == len({e["id"] for e in events}) == 47
    # sorted by start: the timed events' instants never go back
    instants = [datetime.fromisoformat(e["start"]) for e in events if not e["all_day"]]
    assert all(a.tzinfo is not None for a in instants)
    assert instants == sorted(instants)


def test_list_filters_by_actor_alias_and_group() -> None:
    code, out, _ = run("list", str(EVENTS), "--actor", "Zelensky", "--format", "json")
    assert code == 0
    ids = {e["id"] for e in json.loads(out)}
    assert "white-house-meeting-2025" in ids
    code, out, _ = run("list", str(EVENTS), "--actor", "putin", "--format", "json")
    ids = {e["id"] for e in json.loads(out)}
    assert "alaska-summit-2025" in ids
    assert "nato-chods-vtc-2025" not in ids


def test_list_since_until_and_search() -> None:
    code, out, _ = run(
        "list",
        str(EVENTS),
        "--since",
        "2025-08-20",
        "--until",
        "2025-08-20",
        "--search",
        "chiefs",
        "--format",
        "json",
        "--tz",
        "UTC",
    )
    assert code == 0
    ids = [e["id"] for e in json.loads(out)]
    assert "nato-chods-vtc-2025" in ids
    assert all("2025-08-20" in e["start"] for e in json.loads(out))


def test_list_text_table() -> None:
    code, out, _ = run("list", str(EVENTS), "--tz", "Europe/Kyiv", "--search", "chiefs of defence")
    assert code == 0
    assert "15:30 EEST" in out


def test_show_gives_every_zone() -> None:
    code, out, err = run(
        "show", "nato-chods-vtc-2025", str(EVENTS), "--tz", "Washington", "--tz", "Kyiv"
    )
    assert code == 0, err
    assert "14:30 CEST" in out
    assert "08:30 EDT" in out
    assert "15:30 EEST" in out


def test_show_unknown_id_suggests() -> None:
    code, _out, err = run("show", "nato-chods-vtc", str(EVENTS))
    assert code == 1
    assert "nato-chods-vtc-2025" in err


def test_zones_search_and_unknown() -> None:
    code, out, _ = run("zones", "kyiv")
    assert code == 0
    assert out.splitlines()[1].startswith("Europe/Kyiv")
    code, out, _err = run("zones", "IST")
    assert code == 0
    assert "Asia/Kolkata" in out
    assert run("zones", "qqqqzzzz")[0] == 1


def test_display_zone_precedence() -> None:
    env = {"TIMELINE_TZ": "Asia/Kathmandu", "TZ": "UTC"}
    _code, out, _ = run(
        "list", str(EVENTS), "--search", "chiefs of defence", "--format", "json", env=env
    )
    starts = [e["start"] for e in json.loads(out) if e["id"] == "nato-chods-vtc-2025"]
    assert starts == ["2025-08-20T18:15:00+05:45"]


@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe\x00garbage", b"events: [", b"", b"events:\n  - &a [*a]\n", b"\x00\x01\x02"],
)
def test_never_a_traceback(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(content)
    code, _out, err = run("check", str(path))
    assert code == 1
    assert "Traceback" not in err
    assert err.startswith(f"{path}:")


def test_real_entry_point_version_and_help() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tui", "--version"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0
    assert done.stdout.startswith("timeline ")
    done = subprocess.run(
        [sys.executable, "-m", "tui", "check", str(EVENTS), "--no-cache"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    done = subprocess.run(
        [sys.executable, "-m", "tui", "list", "--help"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0
    assert "--actor" in done.stdout


def test_list_json_escapes_what_a_terminal_or_a_javascript_reader_would_obey(
    tmp_path: Path,
) -> None:
    # line and paragraph separators are legitimate text (the loader keeps them), but raw
    # they end a line in JavaScript and in some terminals
    path = tmp_path / "seps.yaml"
    path.write_text('events:\n  - {id: a, title: "one\\Ltwo\\Pthree", start: 2025}\n')
    code, out, err = run("list", str(path), "--format", "json")
    assert code == 0, err
    assert "one\\u2028two\\u2029three" in out
    assert "\u2028" not in out and "\u2029" not in out
    assert json.loads(out)[0]["title"] == "one\u2028two\u2029three"


def test_the_explorer_is_not_started_on_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "events.yaml"
    os.mkfifo(fifo)
    code, out, err = run(str(fifo))
    assert (code, out) == (1, "")
    assert err == f"{fifo}:1:1: is a FIFO (named pipe), not an event file\n"


def test_a_bad_timeline_tz_does_not_stop_the_explorer(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The explorer resolves its zone itself (saved setting first), warning about a bad one."""
    import tui.app.factory

    built: dict[str, Any] = {}

    class Opened:
        return_code = 0

        def run(self) -> None:
            built["ran"] = True

    def fake_make_app(**kwargs: Any) -> Opened:
        built.update(kwargs)
        return Opened()

    monkeypatch.setattr(tui.app.factory, "make_app", fake_make_app)
    env = {"TIMELINE_TZ": "Nowhere/Bad", "TIMELINE_CONFIG": str(tmp_path / "c.toml")}
    code = main([str(EVENTS), "--no-watch"], out=io.StringIO(), err=io.StringIO(), env=env)
    assert code == 0
    assert built["ran"] is True
    assert built["display_zone"] is None  # not forced: the factory applies the precedence
    assert built["env"] is env


@pytest.mark.parametrize(("value", "kept"), [("", False), ("1", True), ("0", True)])
def test_only_a_non_empty_no_color_asks_the_explorer_for_no_colour(
    monkeypatch: pytest.MonkeyPatch, value: str, kept: bool
) -> None:
    import tui.app.factory

    seen: dict[str, str | None] = {}

    class Opened:
        return_code = 0

        def run(self) -> None:
            seen["NO_COLOR"] = os.environ.get("NO_COLOR")

    monkeypatch.setattr(tui.app.factory, "make_app", lambda **_kwargs: Opened())
    monkeypatch.setenv("NO_COLOR", value)
    assert main([str(EVENTS), "--no-watch"], out=io.StringIO(), err=io.StringIO()) == 0
    assert seen["NO_COLOR"] == (value if kept else None)
