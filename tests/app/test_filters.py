"""The filter stack and date ranges (pure Python)."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from tui.app.filters import DateRangeError, FilterStack, parse_date_range
from tui.cli import main
from tui.core.loader import load_text
from tui.core.query import Filter, TimelineIndex


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
        ("2025-13", "invalid date '2025-13': month 13 does not exist (01-12); try 2025-08-15"),
        ("2025-02-30", "invalid date '2025-02-30': February 2025 has 28 days"),
        ("yesterday", "invalid date 'yesterday'"),
        ("yesterday", "; try 2025-08-15..2025-08-20"),
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


# --- one date grammar for the explorer and the command line --------------------------------

DAYS_FILE = """\
events:
  - {id: new-year, title: New year, start: 2025-01-01T12:00Z}
  - {id: mid-august, title: Mid August, start: 2025-08-15T12:00Z}
  - {id: end-august, title: End of August, start: 2025-08-31T12:00Z}
  - {id: new-year-eve, title: New Year's Eve, start: 2025-12-31T12:00Z}
  - {id: next-year, title: Next year, start: 2026-01-01T12:00Z}
"""

# what a user types in the explorer's date box or after --since/--until -> the days it means
DATE_GRAMMAR: list[tuple[str, tuple[date, date] | None]] = [
    ("2025", (date(2025, 1, 1), date(2025, 12, 31))),
    ("2025-08", (date(2025, 8, 1), date(2025, 8, 31))),
    ("2025-08-15", (date(2025, 8, 15), date(2025, 8, 15))),
    (" 2025-08-15 ", (date(2025, 8, 15), date(2025, 8, 15))),
    ("2025-8", None),
    ("2025-08-5", None),
    ("25-08-15", None),
    ("20250815", None),
    ("2025-13", None),
    ("2025-02-30", None),
    ("0000", None),
    ("10000", None),
    ("yesterday", None),
    ("2025-08-15 10:00", None),
    ("2025-08-15T10:00Z", None),
    ("\uff12\uff10\uff12\uff15", None),  # fullwidth 2025
    ("\uff12\uff10\uff12\uff15-08-15", None),
    ("2025-0\u0668", None),  # Arabic-Indic eight
    ("\u0662\u0660\u0662\u0665", None),  # Arabic-Indic 2025
    ("2025-08-\u0967\u0969", None),  # Devanagari 13
]


@pytest.mark.parametrize(("text", "days"), DATE_GRAMMAR)
def test_explorer_and_cli_read_dates_alike(
    text: str,
    days: tuple[date, date] | None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "days.yaml"
    path.write_text(DAYS_FILE, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    argv = ["list", str(path), "--since", text, "--until", text, "--tz", "UTC", "--format", "json"]
    code = main(argv, out=out, err=err, env={"TZ": "UTC"}, clock=lambda: 1764201600.0)
    if days is None:
        with pytest.raises(DateRangeError) as caught:
            parse_date_range(text)
        assert code == 2
        core_message = caught.value.message.split("; try ")[0]
        assert f"--since: {core_message}" in err.getvalue()
        return
    parsed = parse_date_range(text)
    assert (parsed.since, parsed.until) == days
    assert code == 0, err.getvalue()
    timeline = load_text(DAYS_FILE, "days.yaml")
    shown = TimelineIndex.build(timeline).matches(FilterStack().with_dates(parsed).to_filter("UTC"))
    assert {item["id"] for item in json.loads(out.getvalue())} == {
        timeline.events[i].id for i in shown
    }
    assert shown  # every accepted value here selects something


def test_a_foreign_digit_is_named() -> None:
    with pytest.raises(DateRangeError) as caught:
        parse_date_range("2025-0\u0668")
    assert "write digits as 0-9" in caught.value.message
    assert "U+0668 ARABIC-INDIC DIGIT EIGHT" in caught.value.message
