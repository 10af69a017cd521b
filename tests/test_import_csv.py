"""``timeline import`` of a CSV table: header-named columns, errors at FILE:ROW:COL."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from tui.cli import main
from tui.core.loader import load_text
from tui.core.model import CalendarDate, Instant

NOW = datetime(2025, 8, 1, tzinfo=UTC).timestamp()


def run(path: Path, *extra: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["import", str(path), *extra], out=out, err=err, env={"TZ": "UTC"}, clock=lambda: NOW
    )
    return code, out.getvalue(), err.getvalue()


def table(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "events.csv"
    path.write_bytes(text.encode("utf-8-sig"))  # as Excel saves it
    return path


def test_rows_become_events(tmp_path: Path) -> None:
    path = table(
        tmp_path,
        "title,start,end,timezone,actors,tags,location,summary,url,id\r\n"
        'VTC,2025-08-20 14:30,2025-08-20 16:00,Europe/Brussels,Jo Doe;Ann Lee,nato;vtc,"NATO HQ, Brussels","Two\nlines",https://example.org/a,vtc\r\n'
        "Summit,2025-06-24,2025-06-25,,,,,,,\r\n",
    )
    code, out, err = run(path)
    assert code == 0, err
    timeline = load_text(out, "o.yaml")
    vtc = next(e for e in timeline.events if e.id == "vtc")
    assert isinstance(vtc.start, Instant) and vtc.timezone == "Europe/Brussels"
    assert vtc.start.utc_datetime == datetime(2025, 8, 20, 12, 30, tzinfo=UTC)
    assert vtc.actors == ("jo-doe", "ann-lee")
    assert timeline.actors["ann-lee"].name == "Ann Lee"
    assert vtc.tags == ("nato", "vtc")
    assert vtc.location == "NATO HQ, Brussels"
    assert vtc.summary == "Two\nlines"
    assert [s.url for s in vtc.sources] == ["https://example.org/a"]
    summit = next(e for e in timeline.events if e.title == "Summit")
    assert summit.start == CalendarDate(2025, 6, 24) and summit.end == CalendarDate(2025, 6, 25)


def test_errors_name_row_and_column(tmp_path: Path) -> None:
    path = table(
        tmp_path,
        "title,start,timezone,url\n"
        "A,2025-08-20 14:30,Europe/Brussels,https://ok.org\n"
        '"multi\nline",2025-13-01,,\n'
        "B,2025-08-20 14:30,,\n"
        ",2025-08-20,,javascript:alert(1)\n",
    )
    code, out, err = run(path)
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert any(line.startswith(f"{path}:3:2: start:") for line in lines), err  # row 3 spans 2 lines
    assert any(line.startswith(f"{path}:5:2: start:") and "zone" in line for line in lines), err
    assert f"{path}:6:1: the event has no title" in err
    assert f"{path}:6:4: url must start with http:// or https://" in err


def test_unknown_column_is_refused_at_the_header(tmp_path: Path) -> None:
    path = table(tmp_path, "title,start,colour\nA,2025-01-01,red\n")
    code, _, err = run(path)
    assert code == 1
    assert f"{path}:1:3: unknown column 'colour'" in err


def test_tz_gives_rows_without_a_zone_one(tmp_path: Path) -> None:
    path = table(tmp_path, "title,start\nA,2025-08-20 14:30\n")
    code, out, err = run(path, "--tz", "Kyiv")
    assert code == 0, err
    (event,) = load_text(out, "o.yaml").events
    assert event.timezone == "Europe/Kyiv"
