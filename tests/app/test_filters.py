"""The filter stack and date ranges (pure Python)."""

from __future__ import annotations

from datetime import date

import pytest

from tui.app.filters import DateRangeError, FilterStack, parse_date_range
from tui.core.query import Filter


@pytest.mark.parametrize(
    ("text", "since", "until"),
    [
        ("2025-08-15..2025-08-20", date(2025, 8, 15), date(2025, 8, 20)),
        ("2025-08", date(2025, 8, 1), date(2025, 8, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2025", date(2025, 1, 1), date(2025, 12, 31)),
        ("2025-08-15", date(2025, 8, 15), date(2025, 8, 15)),
        ("..2025-06-30", None, date(2025, 6, 30)),
        ("2025-06-01..", date(2025, 6, 1), None),
        ("2025-06..2025-08", date(2025, 6, 1), date(2025, 8, 31)),
        (" 2025-08-15 .. 2025-08-20 ", date(2025, 8, 15), date(2025, 8, 20)),
    ],
)
def test_date_ranges(text: str, since: date | None, until: date | None) -> None:
    parsed = parse_date_range(text)
    assert (parsed.since, parsed.until) == (since, until)
    assert " " not in parsed.text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no dates given"),
        ("..", "no dates given"),
        ("2025-13", "not a date on the calendar"),
        ("2025-02-30", "not a date on the calendar"),
        ("yesterday", "'yesterday' is not a date; try 2025-08-15..2025-08-20"),
        ("2025-08-20..2025-08-15", "the range ends (2025-08-15) before it starts (2025-08-20)"),
        ("2025..2026..2027", "use '..' once"),
    ],
)
def test_bad_date_ranges_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(DateRangeError) as caught:
        parse_date_range(text)
    assert message in caught.value.message


def test_steps_combine_and_pop_in_reverse_order() -> None:
    stack = FilterStack().with_search("chiefs").with_actor("putin").with_tag("summit")
    stack = stack.with_dates(parse_date_range("2025-08"))
    assert stack.to_filter() == Filter(
        text="chiefs",
        actors=("putin",),
        tags=("summit",),
        since=date(2025, 8, 1),
        until=date(2025, 8, 31),
    )
    names = {"putin": "Vladimir Putin"}
    assert (
        stack.describe(names.__getitem__)
        == "search: chiefs · actor: Vladimir Putin · tag: summit · date: 2025-08"
    )
    stack = stack.pop()
    assert stack.dates is None
    stack = stack.pop()
    assert stack.tags == ()
    stack = stack.pop().pop()
    assert stack.is_empty
    assert stack.pop().is_empty


def test_search_keeps_its_place_and_blank_removes_it() -> None:
    stack = FilterStack().with_search("chi").with_actor("trump").with_search("chiefs")
    assert [s.kind for s in stack.steps] == ["search", "actor"]
    assert stack.search == "chiefs"
    assert stack.with_search("  ").search == ""
    assert stack.with_search("  ").actors == ("trump",)


def test_actors_accumulate_replace_and_remove() -> None:
    stack = FilterStack().with_actor("trump").with_actor("putin").with_actor("trump")
    assert stack.actors == ("trump", "putin")
    assert stack.without_actor("trump").actors == ("putin",)
    assert stack.only_actor("zelenskyy").actors == ("zelenskyy",)
    assert stack.keep_actors(lambda a: a != "putin").actors == ("trump",)


def test_tags_are_case_insensitive_and_dates_replace() -> None:
    stack = FilterStack().with_tag("Summit").with_tag("summit")
    assert stack.tags == ("Summit",)
    assert stack.without_tag("Summit").is_empty
    dated = stack.with_dates(parse_date_range("2025")).with_dates(parse_date_range("2024"))
    assert [s.value for s in dated.steps] == ["Summit", "2024"]
