"""Hostile text through every field and every command: nothing reaches the terminal raw.

Two roads are tried for each string of the corpus (``tests/hostile.py``):

* in a file: the loader refuses it, exit 1, with ``FILE:LINE:COL`` at the character itself,
  whichever command reads the file (check, list, list --format json, show);
* in model values (the loader bypassed, as a cache entry or a future importer could bring
  it): the command line's output still holds no byte a terminal would obey.

A few cases run as real processes to check the bytes on the real streams, with and without
``FORCE_COLOR`` and ``NO_COLOR`` (the command line writes no colour at all).
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import tui.core.cache
from tests.hostile import (
    ALLOWED,
    BIDI_CONTROLS,
    FIELDS,
    LONG_TEXT,
    MODEL_FIELDS,
    REFUSED,
    SAFE_VALUES,
    STRICT_FIELDS,
    SURROGATE_ESCAPE,
    first_unsafe,
    hostile_file,
    hostile_timeline,
    terminal_problem,
)
from tui.cli import SafeWriter, main
from tui.core.model import Timeline
from tui.core.output import event_report, events_json_text, events_table
from tui.core.safetext import describe_char

ROOT = Path(__file__).resolve().parent.parent
NOW = 1764201600.0  # 2025-11-27 00:00 UTC
COMMANDS: tuple[tuple[str, ...], ...] = (
    ("check",),
    ("list",),
    ("list", "--format", "json"),
    ("show", "talks"),
)
# the C1 controls are tried in every field through check, and in one field through all
NAMED = {name: text for name, text in REFUSED.items() if not name.startswith("c1-")}
C1 = {name: text for name, text in REFUSED.items() if name.startswith("c1-")}


def run(*argv: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err, env=env or {"TZ": "UTC"}, clock=lambda: NOW)
    return code, out.getvalue(), err.getvalue()


def assert_safe(output: str, context: str) -> None:
    problem = terminal_problem(output)
    assert problem is None, f"{context}: {problem}"


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(tmp_path / "cache"))


def _files(tmp_path: Path, text: str, fields: tuple[str, ...]) -> Iterator[tuple[str, Path]]:
    for field in fields:
        path = tmp_path / f"{field}.yaml"
        path.write_text(hostile_file(field, text).text, encoding="utf-8")
        yield field, path


def _expect_refused(text: str, field: str, path: Path, result: tuple[int, str, str]) -> None:
    """Exit 1, nothing on stdout, and one message on stderr: at the character, naming it."""
    code, out, err = result
    context = f"{text!r} in {field}"
    expected = hostile_file(field, text)
    char = first_unsafe(text)
    assert char is not None
    lines = err.splitlines()
    assert code == 1, context
    assert out == "", context
    assert lines, context
    assert lines[0] == (
        f"{path}:{expected.line}:{expected.column}: {_what(field)} contains "
        f"{describe_char(char)}, {_EFFECT[char in BIDI_CONTROLS]}; remove it"
    ), context
    # nothing else is said about the refused value; only a reference to the id it
    # replaced (bob, talks) is then unknown
    assert [line.split(": ", 1)[1] for line in lines[1:]] == _CASCADE.get(field, []), context
    assert_safe(out + err, context)


def _what(field: str) -> str:
    """How the loader's message names the field."""
    names = {"actor-id": "actor id", "mapping-key": "field name"}
    return names.get(field, field.rsplit("-", 1)[-1])


_CASCADE = {
    "actor-id": ["unknown actor 'bob'"],
    "event-id": ["unknown parent event 'talks'"],
}
_EFFECT = {
    False: "a terminal control character",
    True: "a bidi control that reorders text on screen",
}


# --- road 1: in a file, refused at the character ----------------------------------------------


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_check_refuses_in_every_field_at_the_character(tmp_path: Path, name: str) -> None:
    text = REFUSED[name]
    files = dict(_files(tmp_path, text, FIELDS))
    code, out, err = run("check", *map(str, files.values()))
    assert code == 1
    assert out == ""
    assert_safe(err, name)
    by_file: dict[str, list[str]] = {}
    for line in err.splitlines():
        by_file.setdefault(line.split(":", 1)[0], []).append(line)
    assert len(by_file) == len(files)
    for field, path in files.items():
        _expect_refused(text, field, path, (1, "", "\n".join(by_file[str(path)])))


@pytest.mark.parametrize("name", sorted(NAMED))
def test_every_reading_command_refuses_in_every_field(tmp_path: Path, name: str) -> None:
    text = NAMED[name]
    for field, path in _files(tmp_path, text, FIELDS):
        for command in COMMANDS[1:]:
            _expect_refused(text, field, path, run(*command, str(path)))


@pytest.mark.parametrize("name", sorted(C1))
def test_every_c1_control_is_refused_by_every_reading_command(tmp_path: Path, name: str) -> None:
    text = C1[name]
    ((field, path),) = _files(tmp_path, text, ("event-title",))
    for command in COMMANDS[1:]:
        _expect_refused(text, field, path, run(*command, str(path)))


def test_a_lone_surrogate_escape_is_refused_by_the_reader(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        f"events:\n  - title: {SURROGATE_ESCAPE}\n    start: 2025-01-01\n", encoding="utf-8"
    )
    code, out, err = run("check", str(path))
    assert code == 1
    assert err.startswith(f"{path}:2:")
    assert_safe(out + err, "surrogate")


# --- legitimate text comes through as written -------------------------------------------------


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_legitimate_text_loads_and_shows_as_written(tmp_path: Path, name: str) -> None:
    text = ALLOWED[name]
    shown_by_show = {"event-title", "event-location", "event-tags", "event-summary"}
    shown_by_show |= {"event-notes", "event-confidence", "actor-name", "actor-role"}
    shown_by_show |= {"source-title", "source-publisher", "source-quote"}
    files = dict(_files(tmp_path, text, FIELDS))
    code, out, err = run("check", *map(str, files.values()))
    assert_safe(out + err, name)
    for field, path in files.items():
        if field in STRICT_FIELDS:
            continue  # an id, a reference, a URL or a key: its own rule decides
        assert f"{path}: ok (2 events" in out, f"{name} in {field}: {err}"
        code, shown, err = run("show", "talks", str(path))
        assert code == 0, err
        assert_safe(shown + err, f"{name} in {field}")
        if field in shown_by_show:
            assert text in shown, f"{name} in {field}"
        code, listed, err = run("list", str(path), "--format", "json")
        assert code == 0, err
        assert_safe(listed + err, f"{name} in {field}")
        if field == "event-title":
            assert json.loads(listed)[0]["title"] == text
        if field == "event-tags":
            assert json.loads(listed)[0]["tags"] == [text]


def test_a_huge_title_is_refused_quickly_with_its_position(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(
        f"events:\n  - start: 2025-01-01\n    title: {'A' * LONG_TEXT}\n", encoding="utf-8"
    )
    began = time.perf_counter()
    code, out, err = run("show", "x", str(path), "--no-cache")
    assert time.perf_counter() - began < 10
    assert (code, out) == (1, "")
    assert err == f"{path}:3:12: title is too long (10,000,000 characters; the limit is 500)\n"


# --- road 2: the loader bypassed ----------------------------------------------------------


def _through_writer(text: str) -> str:
    sink = io.StringIO()
    SafeWriter(sink).write(text)
    return sink.getvalue()


def _every_output(timeline: Timeline) -> Iterator[tuple[str, str]]:
    events = list(timeline.events)
    yield "table", events_table(events, timeline, "America/New_York", width=80)
    yield "json", events_json_text(events, "America/New_York")
    for event in events:
        yield (
            f"report {event.id!r}",
            event_report(event, timeline, "America/New_York", ["Asia/Tokyo"], int(NOW)),
        )


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_model_values_never_reach_the_stream_raw(name: str) -> None:
    # every field holds the string at once: each output shows every field it has
    timeline = hostile_timeline(None, REFUSED[name])
    assert timeline.events[0].title == timeline.actors[REFUSED[name]].name == REFUSED[name]
    for what, output in _every_output(timeline):
        assert_safe(_through_writer(output), f"{name}, {what}")


@pytest.mark.parametrize("name", sorted(NAMED))
def test_commands_on_a_bypassed_timeline_write_only_safe_text(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = NAMED[name]
    for field in MODEL_FIELDS:
        timeline = hostile_timeline(field, text)
        monkeypatch.setattr(tui.core.cache, "load_cached", lambda *_a, _t=timeline, **_k: _t)
        event_id = text if field == "event-id" else "talks"
        commands = [
            ("list", "x.yaml"),
            ("list", "x.yaml", "--format", "json"),
            ("show", event_id, "x.yaml"),
        ]
        if field in ("event-parent", "event-title"):  # the agenda item names its parent
            commands.append(("show", "child", "x.yaml"))
        if field.startswith("actor-"):
            commands.append(("list", "x.yaml", "--actor", text))
        for argv in commands:
            code, out, err = run(*argv)
            assert code in (0, 1, 2), err
            assert_safe(out + err, f"{name} in {field}: {argv}")
            if argv[-1] == "json":
                # escaped, the document still means exactly what the values hold
                found = json.loads(out)
                by_id = {item["id"]: item for item in found}
                if field == "event-title":
                    assert by_id["talks"]["title"] == text
                if field == "event-tags":
                    assert by_id["talks"]["tags"] == [text]
                if field == "event-parent":
                    assert by_id["child"]["parent"] == text


def test_a_lone_surrogate_in_a_model_value_is_shown_escaped() -> None:
    timeline = hostile_timeline("event-title", "a\ud800b")
    for what, output in _every_output(timeline):
        shown = _through_writer(output)
        assert_safe(shown, what)
    assert "a\\ud800b" in _through_writer(event_report(timeline.events[0], timeline, "UTC", [], 0))


def test_list_never_cuts_an_escape_and_keeps_the_column_width(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    title = "Talks" + "\x1b[2J\u202e\x9b" * 40
    timeline = hostile_timeline("event-title", title)
    table = events_table(list(timeline.events), timeline, "UTC", width=80)
    for line in table.splitlines()[1:]:
        assert len(line) <= 80, line
    row = next(line for line in table.splitlines() if "Talks" in line)
    cut = row[: row.index("…")]
    assert re.search(r"\\(x[0-9a-f]?|u[0-9a-f]{0,3})$", cut) is None, cut
    assert cut.endswith(("\\x1b", "[2J", "\\u202e", "\\x9b"))
    monkeypatch.setattr(tui.core.cache, "load_cached", lambda *_a, **_k: timeline)
    code, out, _err = run("list", "x.yaml")
    assert code == 0
    assert_safe(out, "list")
    assert all(len(line) <= 100 for line in out.splitlines())


def test_a_title_with_a_line_break_cannot_forge_a_row(monkeypatch: pytest.MonkeyPatch) -> None:
    timeline = hostile_timeline("event-title", "Talks\n2025-01-01 00:00 UTC  Fake event")
    monkeypatch.setattr(tui.core.cache, "load_cached", lambda *_a, **_k: timeline)
    _code, out, _err = run("list", "x.yaml")
    assert len(out.splitlines()) == 4  # heading, column names, two events
    assert "Talks\\n2025-01-01" in out
    _code, out, _err = run("show", "talks", "x.yaml")
    assert out.splitlines()[0] == "Talks\\n2025-01-01 00:00 UTC  Fake event"


# --- names, arguments, argparse ---------------------------------------------------------------


def test_a_file_name_with_an_escape_is_echoed_escaped(tmp_path: Path) -> None:
    name = tmp_path / "x\x1b]0;pwn\x07.yaml"
    name.write_text(hostile_file("event-title", "Talks").text, encoding="utf-8")
    shown = str(name).replace("\x1b", "\\x1b").replace("\x07", "\\x07")
    code, out, err = run("check", str(name))
    assert (code, out, err) == (0, f"{shown}: ok (2 events, 3 actors)\n", "")
    name.write_text(hostile_file("event-title", "\x1b[2J").text, encoding="utf-8")
    for argv in (("check", str(name)), ("list", str(name)), ("show", "talks", str(name))):
        code, out, err = run(*argv)
        assert code == 1
        assert err.startswith(f"{shown}:14:13: title contains U+001B"), err
        assert_safe(out + err, " ".join(argv))
    code, out, err = run("show", "nope", str(tmp_path / "missing\x9b.yaml"))
    assert code == 1
    assert "missing\\x9b.yaml:1:1: no such file" in err


def test_a_file_name_with_a_line_break_cannot_forge_a_message(tmp_path: Path) -> None:
    name = tmp_path / "a.yaml\nevil.yaml:1:1: all fine"
    name.write_text("events: 3\n", encoding="utf-8")
    code, _out, err = run("check", str(name))
    assert code == 1
    assert len(err.splitlines()) == 1
    assert "a.yaml\\nevil.yaml" in err


@pytest.mark.parametrize(
    "argv",
    [
        ("zones", "\x1b]0;pwn\x07"),
        ("list", "--tz", "\x1b]0;pwn\x07"),
        ("list", "--format", "\x1b[2J"),
        ("list", str(ROOT / "events.yaml"), "--actor", "\x9b31m"),
        ("list", str(ROOT / "events.yaml"), "--since", "2025\u202e"),
        ("show", "\x1b]52;c;eA==\x07", str(ROOT / "events.yaml")),
        ("check", "\x1b[2J.yaml"),
        ("\x1b]0;pwn\x07.yaml",),
        ("--help",),
        ("list", "--help"),
        ("--version",),
        ("--no-such-flag\x1b[2J",),
    ],
)
def test_arguments_and_argparse_output_are_safe(argv: tuple[str, ...]) -> None:
    code, out, err = run(*argv)
    assert code in (0, 1, 2)
    assert_safe(out + err, repr(argv))
    if argv[-1] in ("--help", "--version"):
        assert out and not err  # argparse's own output goes through the same writer


def test_help_goes_to_the_given_stream_not_the_process_stdout(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _err = run("check", "--help")
    assert code == 0
    assert "usage: timeline check" in out
    assert capsys.readouterr().out == ""


# --- bounded reads ------------------------------------------------------------------------------


def test_check_of_special_files_returns_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    began = time.perf_counter()
    code, out, err = run("check", str(fifo), "/dev/zero", str(tmp_path))
    assert time.perf_counter() - began < 5
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        f"{fifo}:1:1: is a FIFO (named pipe), not an event file",
        "/dev/zero:1:1: is a character device, not an event file",
        f"{tmp_path}:1:1: is a directory, not an event file",
    ]
    for argv in (("list", str(fifo)), ("show", "x", str(fifo))):
        code, _out, err = run(*argv)
        assert code == 1
        assert err == f"{fifo}:1:1: is a FIFO (named pipe), not an event file\n"


# --- real processes: the bytes on the real streams -----------------------------------------------


def _process(argv: list[str | bytes], env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *argv],
        capture_output=True,
        timeout=60,
        env={**os.environ, "TZ": "UTC", **env},
        cwd=ROOT,
        check=False,
    )


@pytest.mark.parametrize(
    "colour", [{}, {"FORCE_COLOR": "1"}, {"NO_COLOR": "1"}], ids=["plain", "FORCE", "NO"]
)
def test_real_streams_carry_no_escape_byte(tmp_path: Path, colour: dict[str, str]) -> None:
    refused = tmp_path / "refused.yaml"
    refused.write_text(hostile_file("event-title", REFUSED["osc52-clipboard"]).text)
    fine = tmp_path / "x\x1b]0;pwn\x07.yaml"
    fine.write_text(hostile_file("event-title", ALLOWED["markup-click"]).text)
    env = {**colour, "TIMELINE_CACHE_DIR": str(tmp_path / "cache")}
    done = _process(["check", str(refused), str(fine), "/dev/zero"], env)
    assert done.returncode == 1
    assert b"refused.yaml:14:14: title contains U+001B ESC" in done.stderr
    assert b"x\\x1b]0;pwn\\x07.yaml: ok (2 events" in done.stdout
    for stream in (done.stdout, done.stderr):
        assert b"\x1b" not in stream
        assert terminal_problem(stream) is None


def test_real_process_list_and_show_of_hostile_values(tmp_path: Path) -> None:
    # the loader refuses these, so the values come from a file the loader accepts and a
    # name and arguments that carry the hostile text
    fine = tmp_path / "fine.yaml"
    fine.write_text(hostile_file("event-title", ALLOWED["markup-click"]).text)
    env = {"FORCE_COLOR": "1", "TIMELINE_CACHE_DIR": str(tmp_path / "cache")}
    for argv in (
        ["list", str(fine), "--format", "json"],
        ["list", str(fine), "--search", "\x1b]52;c;eA==\x07"],
        ["show", "talks\x1b[2J", str(fine)],
        ["show", "talks", str(fine)],
    ):
        done = _process(list(argv), env)
        assert done.returncode in (0, 1), done.stderr
        assert b"\x1b" not in done.stdout + done.stderr, argv
        assert terminal_problem(done.stdout + done.stderr) is None, argv


def test_real_process_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    raw = os.fsencode(tmp_path) + b"/x\x9b2J\xff.yaml"
    with open(raw, "w", encoding="utf-8") as handle:
        handle.write(hostile_file("event-title", "Talks").text)
    done = _process([b"check", raw], {"TIMELINE_CACHE_DIR": str(tmp_path / "cache")})
    assert done.returncode == 0, done.stderr
    assert b"x\\udc9b2J\\udcff.yaml: ok" in done.stdout
    assert terminal_problem(done.stdout + done.stderr) is None


def test_real_process_check_of_a_fifo_and_dev_zero_exits_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    began = time.perf_counter()
    done = _process(["check", str(fifo), "/dev/zero"], {})
    assert time.perf_counter() - began < 30
    assert done.returncode == 1
    assert done.stderr.decode().splitlines() == [
        f"{fifo}:1:1: is a FIFO (named pipe), not an event file",
        "/dev/zero:1:1: is a character device, not an event file",
    ]


def test_the_corpus_file_is_valid_with_safe_values(tmp_path: Path) -> None:
    files = []
    for field in FIELDS:
        path = tmp_path / f"{field}.yaml"
        path.write_text(hostile_file(field, SAFE_VALUES[field]).text, encoding="utf-8")
        files.append(path)
    code, out, err = run("check", *map(str, files))
    assert (code, err) == (0, "")
    assert out.count(": ok (2 events, 3 actors)") == len(FIELDS)
