"""One meaning per file: every reader of a timeline file gives it the same meaning.

A file of 64 KB or more is first read by ``yaml_rs`` (:mod:`tui.core.fastyaml`); a smaller
one, and any file the fast path declines, by :mod:`tui.core.yamlsafe`, with libyaml's parser
when PyYAML has it and with PyYAML's own otherwise. These tests pin what each of them once
read differently.
"""

from __future__ import annotations

from collections.abc import Iterator
from unittest import mock

import pytest
import yaml

from tui.core import fastyaml, yamlsafe
from tui.core.errors import TimelineError
from tui.core.loader import load_text
from tui.core.model import Timeline

Outcome = Timeline | list[str]

PAD_COMMENT = "# " + "padding " * (fastyaml.MIN_BYTES // 8) + "\n"


def outcome(text: str) -> Outcome:
    """The timeline ``load_text`` gives, or its messages."""
    try:
        return load_text(text, "f.yaml")
    except TimelineError as exc:
        return [str(d) for d in exc.diagnostics]


def reference(text: str) -> Outcome:
    """The outcome with the fast path turned off: what the reference reader makes of it."""
    with mock.patch.object(fastyaml, "try_load", return_value=None):
        return outcome(text)


def padded(text: str) -> str:
    return text + PAD_COMMENT


@pytest.fixture(params=["libyaml", "pure-python"])
def reader(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run a test with libyaml's parser and again with PyYAML's own."""
    if request.param == "libyaml":
        yield request.param
        return
    with mock.patch.object(yamlsafe, "_Loader", yaml.SafeLoader):
        yield request.param


BASE = "timezone: UTC\nevents:\n  - title: A\n    start: 2025-01-01 10:00\n"


@pytest.mark.parametrize("written", ["~", "null", "Null", "NULL", "", "!!null ~", "!!null ''"])
@pytest.mark.parametrize("size", ["small", "padded"])
def test_null_forms_mean_not_given(reader: str, written: str, size: str) -> None:
    text = BASE + f"    end: {written}\n    location: {written}\n"
    text = padded(text) if size == "padded" else text
    timeline = load_text(text, "f.yaml")
    assert timeline.events[0].end is None
    assert timeline.events[0].location is None


@pytest.mark.parametrize("written", ["'~'", '"null"', "! ~", "!!str NULL", "nULL"])
def test_quoted_or_tagged_null_words_are_text(reader: str, written: str) -> None:
    for text in (BASE + f"    location: {written}\n", padded(BASE + f"    location: {written}\n")):
        location = load_text(text, "f.yaml").events[0].location
        assert location is not None
        assert location.lower() in ("~", "null")


def test_a_null_title_is_a_missing_title_on_both_paths(reader: str) -> None:
    text = "timezone: UTC\nevents:\n  - title: ~\n    start: 2025-01-01\n"
    assert outcome(text) == outcome(padded(text)) == ["f.yaml:3:12: event has no title"]


def line_301(text_before: str, newline: str) -> tuple[str, int]:
    head = "timezone: UTC" + newline + "events:" + newline
    lines = [f"  - {{title: {text_before} {i}, start: 2025-01-01}}" for i in range(298)]
    return head + newline.join(lines) + newline + "  - title: bad \x1b[2J x" + newline, 301


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("before", ["ascii", "Київ ☀ 😀"])
def test_an_unreadable_character_is_placed_by_line_and_column(
    reader: str, newline: str, before: str
) -> None:
    text, line = line_301(before, newline)
    expected = [f"f.yaml:{line}:16: character U+001B ESC (escape) is not allowed in the file"]
    for variant in (text, padded(text)):
        found = outcome(variant)
        assert isinstance(found, list)
        assert [m.split(";")[0] for m in found] == expected


def test_an_unreadable_character_in_the_first_line(reader: str) -> None:
    with pytest.raises(yamlsafe.YamlProblem) as info:
        yamlsafe.load("a: \ufffe\n")
    assert (info.value.line, info.value.column) == (1, 4)
    assert info.value.message == "character U+FFFE is not allowed in the file; remove it"


def test_the_position_helper_counts_lines_as_yaml_does() -> None:
    text = "a\r\nb\rc\x85d\u2028e\nf"
    assert yamlsafe.position(text, text.index("f")) == (6, 1)
    assert yamlsafe.position(text, text.index("c")) == (3, 1)
    assert yamlsafe.position("abc", 2) == (1, 3)
