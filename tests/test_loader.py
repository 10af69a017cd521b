"""The event file rules: one small fixture per rule, asserting the line and column."""

from __future__ import annotations

import inspect
import os
import socket
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from tui.core import readfile
from tui.core.errors import TimelineError
from tui.core.loader import load_text, load_timeline
from tui.core.model import CalendarDate, Instant, Precision
from tui.core.positions import MAX_ERRORS
from tui.core.readfile import read_bytes
from tui.core.schema import MAX_ID, MAX_LABEL, MAX_LINE, MAX_NAME, MAX_PROSE, MAX_URL
from tui.core.yamlsafe import MAX_BYTES

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
    # --- text a terminal would obey: refused, pointing at the character itself ----------
    pytest.param(
        'events:\n  - title: "x\\e]52;c;cHduZWQ=\\a"\n    start: 2025\n',
        2,
        14,
        ["title contains U+001B ESC (escape), a terminal control character; remove it"],
        id="osc52-escape-in-title",
    ),
    pytest.param(
        'events:\n  - {title: A, start: 2025, tags: [ok, "a\\x9b2J"]}\n',
        2,
        42,
        ["tags contains U+009B CSI", "terminal control character"],
        id="c1-csi-in-flow-list",
    ),
    pytest.param(
        'events:\n  - title: "abc\\u202efed.exe"\n    start: 2025\n',
        2,
        16,
        ["title contains U+202E RIGHT-TO-LEFT OVERRIDE", "bidi control"],
        id="bidi-escape",
    ),
    pytest.param(
        "events:\n  - title: A\n    location: Gen\u2067eva\n    start: 2025\n",
        3,
        18,
        ["location contains U+2067 RIGHT-TO-LEFT ISOLATE"],
        id="raw-bidi-in-plain-scalar",
    ),
    pytest.param(
        "events:\n  - title: A\n    summary: 'it''s \u202d'\n    start: 2025\n",
        3,
        21,
        ["summary contains U+202D"],
        id="raw-bidi-in-single-quotes",
    ),
    pytest.param(
        "events:\n  - title: A\n    start: 2025\n    notes:\n      - |\n        one\n        t\u202ewo\n",
        7,
        10,
        ["notes contains U+202E"],
        id="raw-bidi-in-block-scalar",
    ),
    pytest.param(
        'events:\n  - title: "line\\Nnext"\n    start: 2025\n',
        2,
        17,
        ["U+0085 NEL (next line)"],
        id="nel-escape",
    ),
    pytest.param(
        'events:\n  - title: "Peace\\rWar"\n    start: 2025\n',
        2,
        18,
        ["U+000D CR (carriage return)"],
        id="cr-escape",
    ),
    pytest.param(
        'events:\n  - title: "a\\\\e \\\\x1b \\0"\n    start: 2025\n',
        2,
        24,
        ["U+0000 NUL"],
        id="escaped-backslashes-are-not-escapes",
    ),
    pytest.param(
        'events:\n  - title: "first line\n      second \\e[2J"\n    start: 2025\n',
        3,
        14,
        ["U+001B ESC"],
        id="escape-on-a-later-line-of-the-scalar",
    ),
    pytest.param(
        'events:\n  - title: &t !!str "x\\x07"\n    start: 2025\n',
        2,
        23,
        ["U+0007 BEL (bell)"],
        id="after-anchor-and-tag",
    ),
    pytest.param(
        'x-t: &t "x\\x07"\nevents:\n  - title: *t\n    start: 2025\n',
        3,
        12,
        ["U+0007 BEL (bell)"],
        id="through-an-alias-at-the-alias",
    ),
    pytest.param(
        'events:\n  - {title: "\u00e9\U0001f600 \\e", start: 2025}\n',
        2,
        17,
        ["U+001B ESC"],
        id="columns-count-characters",
    ),
    pytest.param(
        "events:\r\n  - title: A\r\n    location: \u202eGeneva\r\n    start: 2025\r\n",
        3,
        15,
        ["U+202E"],
        id="crlf-line-ends-are-not-controls",
    ),
    pytest.param(
        'events:\n  - title: A\n    start: 2025\n    "x-\\e]0;pwn\\a": 1\n',
        4,
        8,
        ["field name contains U+001B ESC"],
        id="escape-in-a-key",
    ),
    pytest.param(
        'actors:\n  "bob\\e[2J": {}\nevents:\n  - {title: A, start: 2025, actors: []}\n',
        2,
        7,
        ["actor id contains U+001B ESC"],
        id="escape-in-actor-id",
    ),
    pytest.param(
        'events:\n  - {title: A, start: 2025, parent: "x\\e"}\n',
        2,
        39,
        ["parent contains U+001B ESC"],
        id="escape-in-reference-not-repeated-as-unknown",
    ),
    pytest.param(
        'events:\n  - {title: A, start: "2025\\x1b"}\n',
        2,
        28,
        ["start contains U+001B"],
        id="escape-in-time-value",
    ),
    # --- text too long to show --------------------------------------------------------------
    pytest.param(
        "events:\n  - title: " + "T" * 501 + "\n    start: 2025\n",
        2,
        12,
        ["title is too long (501 characters; the limit is 500)"],
        id="title-over-limit",
    ),
    pytest.param(
        "events:\n  - title: A\n    start: 2025\n    summary: " + "s" * 20_001 + "\n",
        4,
        14,
        ["summary is too long (20,001 characters; the limit is 20,000)"],
        id="summary-over-limit",
    ),
    pytest.param(
        "events:\n  - {title: A, start: 2025, tags: [a, " + "t" * 101 + "]}\n",
        2,
        39,
        ["tags is too long (101 characters; the limit is 100)"],
        id="tag-over-limit",
    ),
    pytest.param(
        "actors:\n  " + "a" * 201 + ": {}\nevents: []\n",
        2,
        3,
        ["actor id is too long (201 characters; the limit is 200)"],
        id="actor-id-over-limit",
    ),
    # --- source URLs: web addresses only ----------------------------------------------------
    pytest.param(
        "events:\n  - title: A\n    start: 2025\n    sources: [{url: 'ftp://example.org/a'}]\n",
        4,
        21,
        ["must start with http:// or https://"],
        id="ftp-url",
    ),
    pytest.param(
        "events:\n  - title: A\n    start: 2025\n    sources: [ftp://example.org/a]\n",
        4,
        15,
        ["source URL must start with http:// or https://"],
        id="ftp-bare-url",
    ),
    pytest.param(
        "events:\n  - title: A\n    start: 2025\n    sources: [{url: 'javascript:alert(1)'}]\n",
        4,
        21,
        ["must start with http:// or https://"],
        id="javascript-url",
    ),
    pytest.param(
        "events:\n  - title: A\n    start: 2025\n    sources: [{url: 'https://a.org/x y'}]\n",
        4,
        21,
        ["must not contain spaces"],
        id="url-with-space",
    ),
    pytest.param(
        'events:\n  - title: A\n    start: 2025\n    sources: [{url: "https://a.org/\\nx"}]\n',
        4,
        21,
        ["must not contain spaces or line breaks"],
        id="url-with-line-break",
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
    assert a.zone == "Europe/Brussels" and c.zone == "Europe/Brussels"  # Z: UTC, file's zone
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


# --- text the loader refuses, and text it keeps --------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "\u200fשלום\u200e (peace)",  # right-to-left marks order text without reordering it
        "قمة السلام",
        "team \U0001f469\u200d\U0001f4bb and a\u200bb",
        "[bold red]x[/] [@click=app.quit]q[/] [link=file:///etc/passwd]p",
        "a\tb",
        "Zelens\u0301kyy",
    ],
)
def test_legitimate_text_is_kept_exactly(text: str) -> None:
    quoted = text.replace("\\", "\\\\").replace('"', '\\"')
    tl = load_text(
        f'title: "{quoted}"\nevents:\n  - {{title: "{quoted}", start: 2025,'
        f' tags: ["{quoted}"], summary: "{quoted}"}}\n',
        "f.yaml",
    )
    event = tl.events[0]
    assert (tl.title, event.title, event.tags, event.summary) == (text, text, (text,), text)


def test_text_exactly_at_each_limit_is_accepted() -> None:
    url = "https://example.org/" + "u" * (MAX_URL - len("https://example.org/"))
    text = (
        f"title: {'T' * MAX_LINE}\n"
        f"actors:\n  {'a' * MAX_ID}: {{name: {'N' * MAX_NAME}}}\n"
        "events:\n"
        f"  - id: {'i' * MAX_ID}\n"
        f"    title: {'t' * MAX_LINE}\n"
        "    start: 2025\n"
        f"    tags: [{'g' * MAX_LABEL}]\n"
        f"    summary: {'s' * MAX_PROSE}\n"
        f"    sources: [{{url: '{url}', quote: {'q' * MAX_PROSE}}}]\n"
    )
    tl = load_text(text, "f.yaml")
    assert len(tl.events[0].sources[0].url or "") == MAX_URL
    assert len(tl.title or "") == MAX_LINE


def test_a_refused_actor_and_a_reference_to_it_are_each_reported_once() -> None:
    found = errors_of(
        'actors:\n  "bob\\e[2J": {name: Bob}\n  alice: {}\n'
        'events:\n  - {title: A, start: 2025, actors: [alice, "bob\\e[2J"]}\n'
        '  - {title: B, start: 2025, actors: ["alice\\x9b"]}\n'
    )
    assert [(line, column) for line, column, _ in found] == [(2, 7), (5, 49), (6, 44)]
    assert all(" contains U+" in message for _, _, message in found)
    assert not any("did you mean" in message for _, _, message in found)


def test_an_event_whose_id_is_refused_is_never_suggested() -> None:
    found = errors_of(
        'events:\n  - {id: "talks\\e[2J", title: A, start: 2025}\n'
        "  - {title: B, start: 2025, parent: talks}\n"
    )
    assert [message for _, _, message in found] == [
        "id contains U+001B ESC (escape), a terminal control character; remove it",
        "unknown parent event 'talks'",
    ]


def test_web_urls_in_any_case_are_accepted() -> None:
    tl = load_text(
        "events:\n  - title: A\n    start: 2025\n"
        "    sources: [HTTPS://EXAMPLE.ORG/A, {url: 'http://example.org/b?q=1#x'}]\n",
        "f.yaml",
    )
    assert [s.url for s in tl.events[0].sources] == [
        "HTTPS://EXAMPLE.ORG/A",
        "http://example.org/b?q=1#x",
    ]


def test_a_control_character_deep_in_a_large_file_is_found_where_it_is() -> None:
    # large enough for the fast reader, whose problems send the file to the precise one
    lines = [f"  - {{title: Event {i}, start: 2025-01-01}}" for i in range(3000)]
    lines[2500] = '  - {title: "Event \\e]0;pwned\\a", start: 2025-01-01}'
    text = "events:\n" + "\n".join(lines) + "\n"
    assert len(text) > 100_000
    assert one_error(text) == (
        2502,
        20,
        "title contains U+001B ESC (escape), a terminal control character; remove it",
    )


def test_a_huge_title_is_refused_quickly() -> None:
    started = time.perf_counter()
    line, column, message = one_error(f"events:\n  - {{start: 2025, title: {'x' * 10_000_000}}}\n")
    assert time.perf_counter() - started < 10  # a guard against a freeze, not a speed test
    assert (line, column) == (2, 26)
    assert message == "title is too long (10,000,000 characters; the limit is 500)"


# --- bounded reads -------------------------------------------------------------------------


def _read_error(path: str | Path, limit: int = MAX_BYTES) -> str:
    with pytest.raises(TimelineError) as info:
        read_bytes(path, limit=limit)
    (diag,) = info.value.diagnostics
    assert (diag.line, diag.column) == (1, 1)
    return diag.message


def test_only_regular_files_are_read(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(tmp_path / "sock"))
        assert _read_error(tmp_path / "sock") == "is a socket, not an event file"
    assert _read_error(fifo) == "is a FIFO (named pipe), not an event file"
    assert _read_error("/dev/zero") == "is a character device, not an event file"
    assert _read_error(tmp_path) == "is a directory, not an event file"
    assert _read_error(tmp_path / "nope") == "no such file"
    with pytest.raises(TimelineError, match="is a FIFO"):
        load_timeline(fifo)


def test_a_file_over_the_limit_is_refused_before_it_is_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * 1000)
    opened: list[object] = []
    real_open = os.open

    def recording_open(*args: Any, **kwargs: Any) -> int:
        opened.append(args)
        return real_open(*args, **kwargs)

    monkeypatch.setattr(os, "open", recording_open)
    assert _read_error(path, limit=999) == "file is too large (1,000 bytes; the limit is 999)"
    assert opened == []
    assert read_bytes(path, limit=1000) == b"#" * 1000
    assert default_limit() == MAX_BYTES


def default_limit() -> int:
    default = inspect.signature(read_bytes).parameters["limit"].default
    assert isinstance(default, int)
    return default


def test_a_fifo_swapped_in_after_the_check_neither_blocks_nor_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    # as if the path were a regular file when checked and a FIFO when opened
    monkeypatch.setattr(readfile, "check_file", lambda *a, **k: None)
    outcome: list[str] = []

    def read() -> None:
        outcome.append(_read_error(fifo))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=5)
    if reader.is_alive():  # release the blocked open so the thread can end
        with open(fifo, "wb"):
            pass
        pytest.fail("opening a FIFO blocked")
    assert outcome == ["is a FIFO (named pipe), not an event file"]


def test_a_file_that_grows_while_read_is_read_no_further_than_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "growing.yaml"
    path.write_bytes(b"#" * 50_000)
    real_fstat, real_read = os.fstat, os.read
    read_total: list[int] = []

    def small_fstat(fd: int) -> os.stat_result:
        # the size when the file was checked: it has grown since
        info = real_fstat(fd)
        return os.stat_result((*info[:6], 100, *info[7:]))

    def counting_read(fd: int, size: int) -> bytes:
        chunk = real_read(fd, size)
        read_total.append(len(chunk))
        return chunk

    monkeypatch.setattr(readfile, "check_file", lambda *a, **k: None)
    monkeypatch.setattr(os, "fstat", small_fstat)
    monkeypatch.setattr(os, "read", counting_read)
    message = _read_error(path, limit=1000)
    assert message == "file is too large (it grew past the limit of 1,000 bytes while read)"
    assert sum(read_total) == 1001
