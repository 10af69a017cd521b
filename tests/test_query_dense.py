"""Search: the first keys typed (words of one or two letters, found in most events) take
their own path through the index; it must find exactly what the joined-text scan finds."""

from __future__ import annotations

import string

import pytest

from bench import generate
from tui.core.loader import load_timeline
from tui.core.query import DENSE_WORD, Filter, TimelineIndex


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> TimelineIndex:
    path = generate.write(400, tmp_path_factory.mktemp("dense") / "t.yaml", seed=5)
    return TimelineIndex.build(load_timeline(path))


def brute(index: TimelineIndex, word: str) -> list[int]:
    return [i for i, text in enumerate(index.haystacks) if word in text]


@pytest.mark.parametrize("first", list(string.ascii_lowercase + string.digits + "-é"))
def test_short_words_find_every_event_that_holds_them(index: TimelineIndex, first: str) -> None:
    for word in [first, *(first + second for second in "aeiost1-")]:
        assert len(word) <= DENSE_WORD
        assert index.matches(Filter(text=word)) == brute(index, word), word


def test_typing_on_from_a_dense_word_narrows_to_the_same_events(index: TimelineIndex) -> None:
    typed = "summit"
    for end in range(1, len(typed) + 1):
        word = typed[:end]
        assert index.matches(Filter(text=word)) == brute(index, word), word
    assert index.matches(Filter(text="s summit")) == brute(index, "summit")
