"""CSV, Markdown, TimelineJS and JSON exports, read back by the software that consumes them."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tui.core.export import FORMATS, export_events, export_filename
from tui.core.export.csvout import cell
from tui.core.export.markdown import block, inline
from tui.core.loader import load_timeline
from tui.core.model import Timeline
from tui.core.output import events_json_text

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "events.yaml"
VARIED = ROOT / "tests" / "fixtures" / "export" / "varied.yaml"
NOW = 1_755_700_000


@pytest.fixture(scope="module")
def bundled() -> Timeline:
    return load_timeline(BUNDLED)


@pytest.fixture(scope="module")
def varied() -> Timeline:
    return load_timeline(VARIED)


def text_export(timeline: Timeline, fmt: str, **options: Any) -> str:
    options.setdefault("zone", "Europe/Kyiv")
    data = export_events(timeline.events, timeline, fmt, now=NOW, **options)
    assert isinstance(data, str)
    return data


# --- CSV --------------------------------------------------------------------------------


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def test_csv_reads_back_one_row_per_event_with_times_in_the_named_zone(
    bundled: Timeline,
) -> None:
    text = text_export(bundled, "csv")
    rows = csv_rows(text)
    assert len(rows) == len(bundled.events)
    assert text.startswith("start (Europe/Kyiv),end (Europe/Kyiv),start (UTC),end (UTC),")
    assert "\r\n" in text and not text.startswith("\ufeff")
    vtc = next(r for r in rows if r["id"] == "nato-chods-vtc-2025")
    assert vtc["start (Europe/Kyiv)"] == "2025-08-20 15:30"
    assert vtc["start (UTC)"] == "2025-08-20 12:30"
    assert vtc["event zone"] == "Europe/Brussels"
    assert vtc["all day"] == "no"
    summit = next(r for r in rows if r["id"] == "hague-summit-2025")
    assert (summit["start (Europe/Kyiv)"], summit["end (Europe/Kyiv)"]) == (
        "2025-06-24",
        "2025-06-25",
    )
    assert summit["start (UTC)"] == "2025-06-24" and summit["all day"] == "yes"
    item = next(r for r in rows if r["parent"] == "alaska-summit-2025")
    assert item["id"] in bundled.by_id


def test_csv_with_a_bom_for_excel(varied: Timeline) -> None:
    text = text_export(varied, "csv", bom=True)
    assert text.startswith("\ufeffstart (Europe/Kyiv)")
    assert len(csv_rows(text)) == len(varied.events)


def test_csv_cells_that_a_spreadsheet_would_run_get_an_apostrophe(varied: Timeline) -> None:
    rows = {r["id"]: r for r in csv_rows(text_export(varied, "csv"))}
    evening = rows["brussels-evening"]
    assert evening["summary"].startswith("'=1+1 ")
    assert evening["confidence"] == "'-2"
    assert evening["notes"] == "'@SUM(A1:A2)\n+plus"
    assert evening["actors"] == 'Ana "Al" Ruiz; =HYPERLINK("http://evil.example","click")'
    assert evening["title"] == varied.by_id["brussels-evening"].title  # a newline is kept
    assert rows["agenda-item"]["title"] == "'+Agenda item"
    assert rows["fixed-offset"]["start (UTC)"] == "2025-03-10 03:30"
    assert rows["in-utc"]["start (UTC)"] == "2025-03-10 12:30:15"
    for row in rows.values():
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=20))
def test_csv_cell_never_starts_a_formula(text: str) -> None:
    guarded = cell(text)
    assert not guarded.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert guarded.removeprefix("'") == text or guarded == text


# --- Markdown ---------------------------------------------------------------------------


def test_markdown_briefing_groups_by_day_with_pinned_zones(bundled: Timeline) -> None:
    text = text_export(bundled, "md", pinned=["America/New_York", "Asia/Tokyo"])
    assert text.startswith(f"# {inline(bundled.title or '')}\n")
    assert "times in Europe/Kyiv, also in America/New\\_York, Asia/Tokyo." in text
    day = text.index("## Wed 20 Aug 2025")
    vtc = text.index("### 15:30 EEST — NATO Chiefs of Defence video conference on Ukraine")
    assert day < vtc < text.index("\n## ", day)
    assert "- **Also:** 08:30 EDT (New York) · 21:30 JST (Tokyo)" in text[vtc:]
    assert "## Tue 24 Jun 2025" in text
    assert "- **Dates:** Tue 24 Jun 2025 – Wed 25 Jun 2025" in text
    assert text.count("## Wed 20 Aug 2025\n") == 1
    html = MarkdownIt("commonmark").render(text)
    assert '<a href="https://brusselsmorning.com/' in html


def test_markdown_shows_hostile_text_as_text_never_as_markup(varied: Timeline) -> None:
    text = text_export(varied, "md", zone="Europe/Brussels")
    html = MarkdownIt("commonmark").render(text)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>" not in html
    assert 'href="javascript' not in html
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs == ["https://example.org/a_%28b%29?q=%3Cx%3E&amp;y=1"]
    assert "<h1>not a heading" not in html and "<li>not a list" not in html
    assert "<ol>" not in html
    assert "## Feb 2014" in text and "## 2013" in text
    assert "*The date is known only to the month (Feb 2014)" in text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("<>[]()&#*_`\\!-+=.1 a:/\n|~"), max_size=30))
def test_markdown_escaping_leaves_no_tag_link_or_structure(text: str) -> None:
    md = MarkdownIt("commonmark")
    for rendered in (md.render(f"para {inline(text)}"), md.render(block(text))):
        assert "<a " not in rendered and "<img" not in rendered
        inner = rendered.replace("<p>", "").replace("</p>", "").replace("<br />", "")
        assert "<" not in inner.replace("&lt;", ""), rendered


# --- TimelineJS -------------------------------------------------------------------------


def _check_date(value: dict[str, Any]) -> None:
    assert isinstance(value["year"], int)
    for name in ("month", "day", "hour", "minute", "second"):
        if name in value:
            assert isinstance(value[name], int)
    assert isinstance(value["display_date"], str)
    if "day" in value:
        assert "month" in value
    if "hour" in value:
        assert "day" in value and "minute" in value


def test_timelinejs_structure_with_partial_dates_and_the_zone_named(varied: Timeline) -> None:
    document = json.loads(text_export(varied, "timelinejs", zone="Europe/Kyiv", group="tag"))
    assert set(document) == {"title", "events"}
    assert document["title"]["text"]["headline"].startswith("Export test: commas")
    slides = {s["unique_id"]: s for s in document["events"]}
    assert len(slides) == len(varied.events)
    for item in document["events"]:
        _check_date(item["start_date"])
        if "end_date" in item:
            _check_date(item["end_date"])
        assert set(item["text"]) == {"headline", "text"}
    assert slides["year-only"]["start_date"] == {"year": 2013, "display_date": "2013"}
    assert slides["month-only"]["start_date"] == {
        "year": 2014,
        "month": 2,
        "display_date": "Feb 2014",
    }
    assert slides["month-only"]["group"] == "history"
    utc = slides["in-utc"]["start_date"]
    assert (utc["hour"], utc["minute"], utc["second"]) == (14, 30, 15)  # Kyiv, EET
    assert utc["display_date"] == "Mon 10 Mar 2025 14:30:15 EET, Europe/Kyiv"
    two = slides["two-days"]
    assert (two["start_date"]["day"], two["end_date"]["day"]) == (24, 25)
    evening = slides["brussels-evening"]
    assert evening["group"] == "a,b"
    assert "<script>" not in evening["text"]["text"]
    assert "&lt;script&gt;" in evening["text"]["text"]
    assert '<a href="https://example.org/a_(b)?q=&lt;x&gt;&amp;y=1">' in evening["text"]["text"]
    assert "&lt;b&gt;Bold&lt;/b&gt;" in evening["text"]["text"]


def test_timelinejs_groups_by_first_actor(varied: Timeline) -> None:
    document = json.loads(text_export(varied, "timelinejs", group="actor"))
    slides = {s["unique_id"]: s for s in document["events"]}
    assert slides["brussels-evening"]["group"] == "Ana &quot;Al&quot; Ruiz"
    assert "group" not in slides["year-only"]


# --- JSON and the registry --------------------------------------------------------------


def test_json_is_the_list_records(bundled: Timeline) -> None:
    text = text_export(bundled, "json", zone="America/New_York")
    assert text == events_json_text(bundled.events, "America/New_York")
    assert len(json.loads(text)) == len(bundled.events)


def test_export_filenames_and_formats() -> None:
    assert list(FORMATS) == ["ics", "csv", "md", "timelinejs", "json"]
    assert export_filename(Path("/data/events.yaml"), "ics") == "events.ics"
    assert export_filename(Path("/data/events.yaml"), "timelinejs") == "events.timelinejs.json"
    assert export_filename(None, "md") == "timeline.md"
    with pytest.raises(KeyError):
        export_filename(None, "pdf")
