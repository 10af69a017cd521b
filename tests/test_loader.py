"""The event file rules: one small fixture per rule, asserting the line and column."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tui.core.errors import TimelineError
from tui.core.loader import MAX_ERRORS, load_text, load_timeline
from tui.core.model import CalendarDate, Instant, Precision

HEAD = "actors:\n  trump: {name: Donald Trump, timezone: America/New_York}\nevents:\n"


def errors_of(text: str) -> list[tuple[int, int, str]]:
    with pytest.raises(TimelineError) as info:
        load_text(text, "f.yaml")
    return [(d.line, d.column, d.message) for d in info.value.diagnostics]


def one_error(text: str) -> tuple[int, int, str]:
    found = errors_of(text)
    assert len(found) == 1, found
    return found[0]


# --- rules, each: (file text, line, column, words the message must contain) ---------------
RULES = [
    pytest.param(
        "events:\n  - title: A\n    start: 2025-08-20 14:30\n    timezone: Europe/Brusels\n",
        4,
        15,
        ["unknown time zone", "Europe/Brussels"],
        id="misspelt-zone",
    ),
    pytest.param(
        "events:\n  - title: A\n    start: 2025-08-20 14:30\n",
        3,
        12,
        ["no time zone"],
        id="time-without-zone",
    ),
    pytest.param(
        "events:\n  - title: A\n    start: 2025-08-20T14:30+01:00\n    timezone: Europe/Brussels\n",
        3,
        12,
        ["contradicts", "+02:00"],
        id="offset-contradicts-zone",
    ),
    pytest.param(
        "events:\n  - title: A\n    start: 2025-03-30 02:30\n    timezone: Europe/Brussels\n",
        3,
        12,
        ["does not exist"],
        id="spring-forward-gap",
    ),
    pytest.param(
        "events:\n  - title: A\n    start: 2025-10-26 02:30\n    timezone: Europe/Brussels\n",
        3,
        12,
        ["twice", "+02:00", "+01:00"],
        id="fall-back-fold",
    ),
    pytest.param(
        "events:\n  - title: A\n    start: 2025-02-30\n",
        3,
        12,
        ["2025-02-30"],
        id="impossible-date",
    ),
    pytest.param(
        "timezone: UTC\nevents:\n  - title: A\n    start: 2025-02-03 25:61\n",
        4,
        12,
        ["25:61"],
        id="impossible-time",
    ),
    pytest.param(
        "timezone: UTC\nevents:\n  - title: A\n    start: 2025-08-20 14:30\n    end: 2025-08-20 12:00\n",
        5,
        10,
        ["before the start"],
        id="end-before-start",
    ),
    pytest.param(
        "events:\n  - title: A\n    start: 2025-06-25\n    end: 2025-06-24\n",
        4,
        10,
        ["before the start"],
        id="all-day-end-before-start",
    ),
    pytest.param(
        "events:\n  - {id: x, title: A, start: 2025}\n  - {id: x, title: B, start: 2026}\n",
        3,
        10,
        ["duplicate event id 'x'"],
        id="duplicate-event-id",
    ),
    pytest.param(
        "events:\n  - title: A\n    start: 2025\n    title: B\n",
        4,
        5,
        ["duplicate key 'title'"],
        id="duplicate-key",
    ),
    pytest.param(
        HEAD + "  - title: A\n    start: 2025\n    actors: [trupm]\n",
        6,
        14,
        ["unknown actor 'trupm'", "trump"],
        id="unknown-actor",
    ),
    pytest.param(
        HEAD + "  - title: A\n    start: 2025\n    actors: [Donald Trump]\n",
        6,
        14,
        ["did you mean 'trump'"],
        id="actor-name-instead-of-id",
    ),
    pytest.param(
        "events:\n  - {id: summit, title: A, start: 2025}\n  - {title: B, start: 2025, parent: sumit}\n",
        3,
        37,
        ["unknown parent", "summit"],
        id="unknown-parent",
    ),
    pytest.param(
        "events:\n  - {id: a, title: A, start: 2025, parent: b}\n  - {id: b, title: B, start: 2025, parent: a}\n",
        2,
        44,
        ["cycle"],
        id="parent-cycle",
    ),
    pytest.param(
        "actors:\n  g: {members: [h]}\n  h: {members: [g]}\nevents: []\n",
        3,
        17,
        ["cycle"],
        id="group-cycle",
    ),
    pytest.param(
        "actors:\n  g: {members: [nobody]}\nevents: []\n",
        2,
        17,
        ["unknown actor 'nobody'"],
        id="unknown-member",
    ),
    pytest.param("actors: 5\nevents: []\n", 1, 9, ["must be a mapping"], id="number-as-actors"),
    pytest.param(
        "events:\n  title: A\n  start: 2025\n",
        2,
        3,
        ["'events' must be a list"],
        id="mapping-where-list-belongs",
    ),
    pytest.param("- a\n- b\n", 1, 1, ["must be a mapping"], id="list-as-document"),
    pytest.param(
        "events:\n  - title: A\n    start: 2025\n    tags: {a: b}\n",
        4,
        11,
        ["must be a list"],
        id="mapping-where-list-belongs-tags",
    ),
    pytest.param(
        "events:\n  - title: A\n    start: 10000-01-01\n",
        3,
        12,
        ["10000"],
        id="year-out-of-range",
    ),
    pytest.param(
        "events:\n  - title: A\n    start: 2025\n    sumary: x\n",
        4,
        5,
        ["unknown field", "summary"],
        id="unknown-field",
    ),
    pytest.param("events:\n  - start: 2025\n", 2, 5, ["no title"], id="missing-title"),
    pytest.param("events:\n  - title: A\n", 2, 5, ["no start"], id="missing-start"),
    pytest.param(
        "events:\n  - title: A\n    start: 2025-06-24\n    end: 2025-06-25 10:00\n    timezone: UTC\n",
        4,
        10,
        ["both the same way"],
        id="mixed-date-and-time",
    ),
    pytest.param(
        "events:\n  - title: A\n    start: 2025\n    sources: [{url: ftp-ish}]\n",
        4,
        21,
        ["http"],
        id="bad-url",
    ),
    pytest.param(
        "actors:\n  a: {kind: persn}\nevents: []\n",
        2,
        13,
        ["person"],
        id="unknown-actor-kind",
    ),
    pytest.param(
        "actors:\n  a: {name: Same}\n  b: {aliases: [same]}\nevents: []\n",
        3,
        17,
        ["also names actor 'a'"],
        id="clashing-alias",
    ),
    pytest.param("title: [a\n", 2, 1, ["expected"], id="syntax-error"),
    pytest.param("---\nevents: []\n---\nevents: []\n", 3, 1, ["one YAML document"], id="multi-doc"),
    pytest.param(
        "events: !!python/object/apply:os.system ['true']\n",
        1,
        9,
        ["not allowed"],
        id="python-tag",
    ),
    pytest.param(
        "timezone: IST\nevents: []\n",
        1,
        11,
        ["ambiguous"],
        id="ambiguous-abbreviation",
    ),
]


@pytest.mark.parametrize(("text", "line", "column", "words"), RULES)
def test_rule_is_reported_where_it_is(text: str, line: int, column: int, words: list[str]) -> None:
    got_line, got_column, message = one_error(text)
    assert (got_line, got_column) == (line, column), message
    for word in words:
        assert word in message


def test_yaml_11_traps_keep_their_meaning() -> None:
    text = (
        "actors:\n  on: {name: 'on'}\nevents:\n"
        "  - {title: no, start: 2014, actors: [on], summary: 14:30, location: yes}\n"
    )
    timeline = load_text(text, "f.yaml")
    event = timeline.events[0]
    assert event.title == "no"
    assert event.summary == "14:30"
    assert event.location == "yes"
    assert event.start == CalendarDate(2014)
    assert event.actors == ("on",)


def test_time_values_of_every_precision() -> None:
    text = (
        "timezone: Europe/Brussels\nevents:\n"
        "  - {id: a, title: A, start: 2025-08-20T14:30}\n"
        "  - {id: b, title: B, start: 2025-08-20 14:30:05}\n"
        "  - {id: c, title: C, start: '2025-08-20T12:30Z'}\n"
        "  - {id: d, title: D, start: 2025-06-24, end: 2025-06-25}\n"
        "  - {id: e, title: E, start: 2014-02}\n"
        "  - {id: f, title: F, start: 2014}\n"
    )
    tl = load_text(text, "f.yaml")
    a, b, c = tl.by_id["a"].start, tl.by_id["b"].start, tl.by_id["c"].start
    assert isinstance(a, Instant) and isinstance(b, Instant) and isinstance(c, Instant)
    assert a.utc == c.utc == 1755693000  # 12:30 UTC
    assert a.zone == "Europe/Brussels" and c.zone == "UTC"
    assert b.precision is Precision.SECOND and b.utc == a.utc + 5
    assert tl.by_id["d"].start == CalendarDate(2025, 6, 24)
    assert tl.by_id["d"].end == CalendarDate(2025, 6, 25)
    assert tl.by_id["d"].all_day
    assert tl.by_id["e"].start == CalendarDate(2014, 2)
    assert tl.by_id["f"].start == CalendarDate(2014)
    assert [e.id for e in tl.events] == ["f", "e", "d", "a", "c", "b"]


def test_an_explicit_offset_picks_one_of_a_doubled_wall_time() -> None:
    text = (
        "events:\n"
        "  - {id: first, title: A, start: 2025-10-26T02:30+02:00, timezone: Europe/Brussels}\n"
        "  - {id: second, title: B, start: 2025-10-26T02:30+01:00, timezone: Europe/Brussels}\n"
    )
    tl = load_text(text, "f.yaml")
    first, second = tl.by_id["first"].start, tl.by_id["second"].start
    assert isinstance(first, Instant) and isinstance(second, Instant)
    assert second.utc - first.utc == 3600


def test_all_errors_are_reported_at_once_in_file_order() -> None:
    text = (
        "events:\n"
        "  - {title: A, start: 2025-02-30}\n"
        "  - {title: B, start: 2025-13}\n"
        "  - {title: C, start: 2025, timezone: Mars/Olympus}\n"
    )
    found = errors_of(text)
    assert [line for line, _, _ in found] == [2, 3, 4]


def test_errors_are_capped() -> None:
    text = "events:\n" + "".join(f"  - {{title: A{i}, start: 2025-02-30}}\n" for i in range(80))
    found = errors_of(text)
    assert len(found) == MAX_ERRORS + 1
    assert "30 more errors" in found[-1][2]


def test_ids_are_derived_stably_from_date_and_title() -> None:
    text = (
        "events:\n  - {title: 'Summit: day one', start: 2025-06-24}\n"
        "  - {title: 'Summit: day one', start: 2025-06-24}\n"
        "  - {title: Call, start: '2025-08-18T21:00Z'}\n"
    )
    ids = [e.id for e in load_text(text, "f.yaml").events]
    assert ids == ["2025-06-24-summit-day-one", "2025-06-24-summit-day-one-2", "2025-08-18-call"]
    assert [e.id for e in load_text(text, "f.yaml").events] == ids


def test_billion_laughs_is_refused_quickly() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for name in "bcdefghij":
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
        prev = name
    started = time.perf_counter()
    line, _column, message = one_error("\n".join(lines) + "\n")
    assert "aliases expand" in message
    assert line <= 7
    assert time.perf_counter() - started < 5  # a guard against a hang, not a speed test


def test_deep_nesting_is_refused() -> None:
    _line, _column, message = one_error("events: " + "[" * 5000 + "]" * 5000 + "\n")
    assert "nesting" in message


def test_aliases_within_bounds_work() -> None:
    text = (
        "events:\n  - title: A\n    start: 2025\n    sources: &src [{url: 'https://example.org/a'}]\n"
        "  - {title: B, start: 2026, sources: *src}\n"
    )
    tl = load_text(text, "f.yaml")
    assert tl.events[1].sources[0].url == "https://example.org/a"


def test_non_utf8_bytes_are_an_error_with_position(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("events:\n  - {title: Caf\u00e9, start: 2025}\n".encode("latin-1"))
    with pytest.raises(TimelineError) as info:
        load_timeline(path)
    diag = info.value.diagnostics[0]
    assert (diag.line, diag.column) == (2, 16)
    assert "UTF-8" in diag.message


def test_missing_file_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    with pytest.raises(TimelineError) as info:
        load_timeline(tmp_path / "nope.yaml")
    assert "no such file" in str(info.value)


def test_empty_file_is_an_error() -> None:
    assert "empty" in one_error("")[2]


def test_groups_expand_both_ways() -> None:
    text = (
        "actors:\n  a: {}\n  b: {}\n  inner: {kind: group, members: [a]}\n"
        "  outer: {kind: group, members: [inner, b]}\nevents: []\n"
    )
    tl = load_text(text, "f.yaml")
    assert tl.members_of["outer"] == frozenset({"inner", "a", "b"})
    assert tl.groups_of["a"] == frozenset({"inner", "outer"})


def test_file_without_actor_section_takes_names_as_actors() -> None:
    tl = load_text("events:\n  - {title: A, start: 2025, actors: [Ann, Bob]}\n", "f.yaml")
    assert set(tl.actors) == {"Ann", "Bob"}
