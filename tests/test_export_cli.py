"""``timeline export``: formats, filters, files it will and will not replace, exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from icalendar import Calendar

from tui.cli import main

ROOT = Path(__file__).resolve().parent.parent
EVENTS = ROOT / "events.yaml"
VARIED = ROOT / "tests" / "fixtures" / "export" / "varied.yaml"
NOW = 1_755_700_000.0


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err, env={"TZ": "UTC"}, clock=lambda: NOW)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(tmp_path / "cache"))


def test_ics_to_stdout_keeps_crlf_and_the_filters_apply() -> None:
    code, out, err = run("export", str(EVENTS), "--format", "ics", "--actor", "Putin")
    assert code == 0, err
    assert out.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert "\\x0d" not in out
    uids = [str(e["UID"]) for e in Calendar.from_ical(out.encode()).walk("VEVENT")]
    assert uids and any(u.startswith("alaska-summit-2025@") for u in uids)
    assert not any(u.startswith("nato-chods-vtc-2025@") for u in uids)


def test_since_until_and_tz_shape_the_csv() -> None:
    code, out, _err = run(
        "export", str(EVENTS), "-f", "csv", "--tz", "Kyiv", "--since", "2025-08-20",
        "--until", "2025-08-20", "--tag", "vtc",
    )  # fmt: skip
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert [r["id"] for r in rows] == ["nato-chods-vtc-2025"]
    assert rows[0]["start (Europe/Kyiv)"] == "2025-08-20 15:30"


def test_repeated_tz_pins_zones_in_markdown() -> None:
    code, out, _err = run(
        "export", str(EVENTS), "-f", "md", "--tz", "Brussels", "--tz", "Tokyo", "--tag", "vtc"
    )
    assert code == 0
    assert "### 14:30 CEST — NATO Chiefs of Defence video conference on Ukraine" in out
    assert "21:30 JST (Tokyo)" in out


def test_output_file_is_written_and_never_replaced_without_force(tmp_path: Path) -> None:
    target = tmp_path / "view.json"
    code, out, err = run("export", str(EVENTS), "-f", "timelinejs", "-o", str(target))
    assert code == 0, err
    assert out == "" and "wrote 47 events to" in err
    first = json.loads(target.read_text(encoding="utf-8"))
    assert len(first["events"]) == 47
    code, _out, err = run(
        "export", str(EVENTS), "-f", "json", "-o", str(target), "--actor", "Rutte"
    )
    assert code == 1
    assert "exists; use --force to replace it" in err
    assert json.loads(target.read_text(encoding="utf-8")) == first
    code, _out, err = run(
        "export", str(EVENTS), "-f", "json", "-o", str(target), "--actor", "Rutte", "--force"
    )
    assert code == 0, err
    assert 0 < len(json.loads(target.read_text(encoding="utf-8"))) < 47
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp files


def test_existing_symlink_and_missing_folder(tmp_path: Path) -> None:
    link = tmp_path / "link.ics"
    link.symlink_to(tmp_path / "nowhere")
    code, _out, err = run("export", str(EVENTS), "-f", "ics", "-o", str(link))
    assert code == 1 and "exists" in err
    code, _out, err = run("export", str(EVENTS), "-f", "ics", "-o", str(tmp_path / "no" / "x.ics"))
    assert code == 1 and "cannot write" in err and "Traceback" not in err


def test_bom_and_usage_errors(tmp_path: Path) -> None:
    target = tmp_path / "excel.csv"
    assert run("export", str(EVENTS), "-f", "csv", "--bom", "-o", str(target))[0] == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbfstart (")
    code, _out, err = run("export", str(EVENTS))
    assert code == 2 and "--format" in err
    code, _out, err = run("export", str(EVENTS), "-f", "pdf")
    assert code == 2
    code, _out, err = run("export", str(EVENTS), "-f", "ics", "--actor", "Nobody At All")
    assert code == 2 and "--actor" in err
    code, _out, err = run("export", str(EVENTS), "-f", "ics", "--tz", "Mars/Olympus")
    assert code == 2


def test_a_hostile_file_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text('events:\n  - {title: "a\\e]52;c;aGk=\\a", start: 2025-01-01}\n')
    target = tmp_path / "out.ics"
    code, out, err = run("export", str(bad), "-f", "ics", "-o", str(target))
    assert code == 1
    assert "\x1b" not in err and "U+001B" in err
    assert out == "" and not target.exists()


def test_hostile_but_valid_text_reaches_stdout_escaped_by_each_format() -> None:
    code, out, _err = run("export", str(VARIED), "-f", "md")
    assert code == 0 and "\\<script\\>" in out
    code, out, _err = run("export", str(VARIED), "-f", "csv")
    assert code == 0 and ",'+Agenda item," in out and ",'=1+1 " in out.replace('"', "")


def test_stdout_of_a_real_process_is_the_file_byte_for_byte(tmp_path: Path) -> None:
    target = tmp_path / "x.ics"
    assert run("export", str(VARIED), "-f", "ics", "-o", str(target))[0] == 0
    done = subprocess.run(
        [sys.executable, "-m", "tui", "export", str(VARIED), "-f", "ics"],
        capture_output=True,
        timeout=60,
        check=False,
        env={"TZ": "UTC", "PATH": "/usr/bin:/bin", "TIMELINE_CACHE_DIR": str(tmp_path / "c")},
    )
    assert done.returncode == 0, done.stderr

    # DTSTAMP is the moment of the export: compare everything else
    def without_stamps(data: bytes) -> list[bytes]:
        return [line for line in data.split(b"\r\n") if not line.startswith(b"DTSTAMP:")]

    assert without_stamps(done.stdout) == without_stamps(target.read_bytes())


def test_documents_on_stdout_keep_crlf_and_show_every_other_control() -> None:
    from tui.core.safetext import visible_document

    assert visible_document("A\r\nB\r\n") == "A\r\nB\r\n"
    assert visible_document("A\rB\x1b]52\u202e\x0b\x0e\n") == "A\\x0dB\\x1b]52\\u202e\\x0b\\x0e\n"
