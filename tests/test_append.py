"""Adding events to a person's file: every existing byte stays, the result always loads."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.append import AppendError, FileStamp, append_events, quote, render_events
from tui.core.errors import TimelineError
from tui.core.loader import load_text, load_timeline
from tui.core.yamlsafe import load as yaml_load

BASE = (
    "# Our timeline: keep this comment\n"
    "timezone: Europe/Brussels\n"
    "events:\n"
    "  - id: vtc            # the first one\n"
    "    title: NATO video conference\n"
    "    start: 2025-08-20 14:30\n"
    "\n"
    "  # a comment after the last event\n"
)
NEW = {"title": "Follow-up call", "start": "2025-08-21 10:00"}


def write(tmp_path: Path, text: str, name: str = "events.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def split_around(before: bytes, after: bytes) -> tuple[bytes, bytes, bytes]:
    """The longest common prefix and suffix of the two texts, and what lies between."""
    n = 0
    while n < len(before) and before[n] == after[n]:
        n += 1
    m = 0
    while m < len(before) - n and before[-1 - m] == after[-1 - m]:
        m += 1
    return before[:n], after[n : len(after) - m], before[len(before) - m :]


def test_existing_bytes_stay_and_new_event_follows_the_last_item(tmp_path: Path) -> None:
    path = write(tmp_path, BASE + "title: Diplomacy\n")
    before = path.read_bytes()
    ids = append_events(path, [NEW])
    after = path.read_bytes()
    prefix, inserted, suffix = split_around(before, after)
    assert prefix + suffix == before  # nothing removed or changed, comments included
    assert prefix.endswith(b"    start: 2025-08-20 14:30\n")
    assert suffix.startswith(b"\n  # a comment after the last event\ntitle: Diplomacy\n")
    assert inserted == (
        b'  - id: "2025-08-21-follow-up-call"\n'
        b"    title: Follow-up call\n"
        b"    start: 2025-08-21 10:00\n"
    )
    assert ids == ["2025-08-21-follow-up-call"]
    timeline = load_timeline(path)
    assert [e.id for e in timeline.events] == ["vtc", "2025-08-21-follow-up-call"]
    assert timeline.title == "Diplomacy"  # the key after the events list still reads


def test_crlf_file_gets_crlf_lines(tmp_path: Path) -> None:
    path = write(tmp_path, BASE.replace("\n", "\r\n"))
    before = path.read_bytes()
    append_events(path, [NEW])
    after = path.read_bytes()
    prefix, inserted, suffix = split_around(before, after)
    assert prefix + suffix == before
    assert inserted.count(b"\r\n") == inserted.count(b"\n") == 3
    assert len(load_timeline(path).events) == 2


def test_file_without_final_line_break(tmp_path: Path) -> None:
    text = "timezone: UTC\nevents:\n  - title: A\n    start: 2025-01-01"
    path = write(tmp_path, text)
    append_events(path, [{"title": "B", "start": "2025-01-02"}])
    after = path.read_text(encoding="utf-8")
    assert after.startswith(text + "\n  - id: ")
    assert [e.title for e in load_timeline(path).events] == ["A", "B"]


def test_indentless_list_and_bom_are_kept(tmp_path: Path) -> None:
    text = "\ufefftimezone: UTC\nevents:\n- title: A\n  start: 2025-01-01\nactors: {}\n"
    path = write(tmp_path, text)
    append_events(path, [{"title": "B", "start": "2025-01-02"}])
    after = path.read_bytes()
    assert after.startswith(
        b"\xef\xbb\xbftimezone: UTC\nevents:\n- title: A\n  start: 2025-01-01\n- id:"
    )
    assert after.endswith(b"\nactors: {}\n")
    assert len(load_timeline(path).events) == 2


def test_last_item_ending_in_a_block_scalar(tmp_path: Path) -> None:
    text = "timezone: UTC\nevents:\n  - title: A\n    start: 2025-01-01\n    summary: |\n      two\n      lines\n\ntitle: T\n"
    path = write(tmp_path, text)
    append_events(path, [{"title": "B", "start": "2025-01-02"}])
    timeline = load_timeline(path)
    assert timeline.events[0].summary == "two\nlines\n"
    assert [e.title for e in timeline.events] == ["A", "B"]


def test_colliding_ids_get_suffixes(tmp_path: Path) -> None:
    path = write(tmp_path, BASE)
    ids = append_events(
        path,
        [
            {"id": "vtc", "title": "Again", "start": "2025-08-22 10:00"},
            {"id": "vtc", "title": "And again", "start": "2025-08-23 10:00"},
            {"title": "NATO video conference", "start": "2025-08-20 14:30"},
        ],
    )
    assert ids == ["vtc-2", "vtc-3", "2025-08-20-nato-video-conference"]
    assert {e.id for e in load_timeline(path).events} == {"vtc", *ids}


def test_derived_id_collision_with_an_existing_derived_id(tmp_path: Path) -> None:
    path = write(tmp_path, "timezone: UTC\nevents:\n  - title: Call\n    start: 2025-01-01\n")
    ids = append_events(path, [{"title": "Call", "start": "2025-01-01"}])
    assert ids == ["2025-01-01-call-2"]
    assert [e.id for e in load_timeline(path).events] == ["2025-01-01-call", "2025-01-01-call-2"]


def test_invalid_result_writes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, BASE)
    before = path.read_bytes()
    with pytest.raises(AppendError) as info:
        append_events(path, [{"title": "Bad", "start": "2025-03-30 02:30"}])  # in the DST gap
    assert "new event #1: start:" in str(info.value)
    assert "does not exist" in str(info.value)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["events.yaml"]  # no temporary left


def test_result_refused_by_the_loader_writes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, BASE)
    before = path.read_bytes()
    with pytest.raises(AppendError, match="with the new events: unknown parent event 'nope'"):
        append_events(path, [{**NEW, "parent": "nope"}])
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["events.yaml"]


def test_stamp_mismatch_writes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, BASE)
    stamp = FileStamp.of(path)
    path.write_bytes(path.read_bytes() + b"# edited elsewhere\n")
    changed = path.read_bytes()
    with pytest.raises(AppendError, match="changed on disk since it was loaded; reload first"):
        append_events(path, [NEW], expected=stamp)
    assert path.read_bytes() == changed


def test_matching_stamp_writes(tmp_path: Path) -> None:
    path = write(tmp_path, BASE)
    assert append_events(path, [NEW], expected=FileStamp.of(path)) != []


def test_mode_and_symlink_are_kept(tmp_path: Path) -> None:
    real = write(tmp_path, BASE, "real.yaml")
    real.chmod(0o640)
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    append_events(link, [NEW])
    assert link.is_symlink()
    assert (real.stat().st_mode & 0o777) == 0o640
    assert len(load_timeline(real).events) == 2


def test_empty_flow_list_is_opened(tmp_path: Path) -> None:
    path = write(tmp_path, "timezone: UTC\nevents: []  # none yet\ntitle: T\n")
    append_events(path, [{"title": "A", "start": "2025-01-01"}])
    text = path.read_text(encoding="utf-8")
    assert text.startswith("timezone: UTC\nevents:  # none yet\n  - id: ")
    assert text.endswith("title: T\n")
    assert [e.title for e in load_timeline(path).events] == ["A"]


def test_flow_list_with_items_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "timezone: UTC\nevents: [{title: A, start: 2025-01-01}]\n")
    before = path.read_bytes()
    with pytest.raises(AppendError, match="flow list"):
        append_events(path, [NEW])
    assert path.read_bytes() == before


def test_invalid_file_is_not_extended(tmp_path: Path) -> None:
    path = write(tmp_path, "events:\n  - title: A\n")
    with pytest.raises(TimelineError, match="no start"):
        append_events(path, [NEW])


TRICKY = ["no: yes", "#", "- x", "  leading", "null", "2025-01-01", "yes", "a # b", "[x]", "{y}"]
TRICKY += ["'q'", '"d"', "a\\b", "tab\there", "é", "line\u2028sep", "\ufeffbom", "x: ", "&a", "*a"]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_text_reads_back_the_same(text: str) -> None:
    rendered = render_events([{"title": text, "start": "2025-01-01", "location": text}])
    data: Any = yaml_load("events:\n" + rendered)
    assert data["events"][0]["title"] == text
    assert data["events"][0]["location"] == text


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=30))
def test_quote_reads_back_any_text(text: str) -> None:
    assert yaml_load(f"k: {quote(text)}\n") == {"k": text}


def test_rendered_event_loads_with_documented_field_order() -> None:
    item = {
        "x-mine": "kept",
        "sources": [{"url": "https://example.org/a", "title": "A report"}, "https://b.org"],
        "tags": ["nato", "vtc"],
        "timezone": "Europe/Brussels",
        "start": "2025-08-20 14:30",
        "title": "VTC",
        "id": "vtc",
    }
    text = "events:\n" + render_events([item])
    keys = [
        line.split(":")[0].strip()
        for line in text.splitlines()[1:]
        if not line.startswith("      ")
    ]
    assert keys == ["- id", "title", "start", "timezone", "tags", "sources", "x-mine"]
    event = load_text(text, "t.yaml").events[0]
    assert [s.url for s in event.sources] == ["https://example.org/a", "https://b.org"]
    assert event.tags == ("nato", "vtc")


def test_unsafe_characters_are_never_written_raw() -> None:
    rendered = render_events([{"title": "a\x1b]52;c\x07\u202eb\x85", "start": "2025-01-01"}])
    assert not any(ch in rendered for ch in "\x1b\x07\u202e\x85")
    with pytest.raises(TimelineError, match="ESC"):
        load_text("events:\n" + rendered, "t.yaml")


def test_file_stamp_of(tmp_path: Path) -> None:
    path = write(tmp_path, BASE)
    stamp = FileStamp.of(path)
    assert stamp.size == len(BASE.encode())
    assert stamp.mtime_ns == os.stat(path).st_mtime_ns
    assert len(stamp.digest) == 64
