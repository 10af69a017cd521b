"""The calendars that ship inside the ``icalendar`` package, as a corpus of real-world
files: none may crash the importer; each imports (the output loads) or is refused clearly.

With icalendar 7.3 the folder ``icalendar/tests`` holds 163 ``.ics`` files (calendars,
single events, time zones, alarms; broken ones on purpose).
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest

from tui.cli import main
from tui.core.loader import load_text

CORPUS = Path(icalendar.__file__).parent / "tests"
NOW = datetime(2025, 8, 1, tzinfo=UTC).timestamp()
_POSITIONED = re.compile(r"^\S.*:\d+:\d+: \S")


def test_every_calendar_imports_or_is_refused_clearly() -> None:
    if not CORPUS.is_dir():
        pytest.skip("this icalendar build ships no test calendars")
    files = sorted(CORPUS.rglob("*.ics"))
    assert len(files) > 100
    imported = refused = 0
    for path in files:
        out, err = io.StringIO(), io.StringIO()
        code = main(["import", str(path)], out=out, err=err, env={"TZ": "UTC"}, clock=lambda: NOW)
        messages = err.getvalue()
        assert "internal error" not in messages and "Traceback" not in messages, path
        if code == 0:
            load_text(out.getvalue(), path.name)  # what we write, the loader reads
            imported += 1
        else:
            assert code == 1 and out.getvalue() == "", path
            first = messages.splitlines()[0]
            assert _POSITIONED.match(first), first  # FILE:LINE:COL: message
            refused += 1
    assert imported + refused == len(files)
    assert imported >= 90  # the rest: single VEVENTs without a VCALENDAR, broken files
