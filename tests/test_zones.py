"""Tests for tui.core.zones: resolution, facts, search and the display zone."""

from __future__ import annotations

import pickle
import time
from datetime import UTC, datetime, timedelta, timezone
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tui.core import hostzone, zonenames
from tui.core.hostzone import display_zone, local_zone
from tui.core.zones import (
    ZoneLookupError,
    ZoneRecord,
    abbreviation,
    all_zones,
    city_name,
    fixed_offset_key,
    format_offset,
    get_tzinfo,
    offset_seconds,
    resolve_zone,
    zone_record,
)
from tui.core.zonesearch import search_zones


def _ts(year: int, month: int, day: int, hour: int = 0) -> int:
    return int(datetime(year, month, day, hour, tzinfo=UTC).timestamp())


def _tzdata_links() -> dict[str, str]:
    text = resources.files("tzdata").joinpath("zoneinfo", "tzdata.zi").read_text("utf-8")
    links: dict[str, str] = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0] == "L":
            links[parts[2]] = parts[1]
    return links


# --- resolve_zone: every accepted form ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        # IANA names, any case, spaces for underscores
        ("Europe/Brussels", "Europe/Brussels"),
        ("europe/brussels", "Europe/Brussels"),
        ("EUROPE/BRUSSELS", "Europe/Brussels"),
        ("america/new_york", "America/New_York"),
        ("America/New York", "America/New_York"),
        ("  Asia/Kathmandu  ", "Asia/Kathmandu"),
        ("America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"),
        ("America/Port-au-Prince", "America/Port-au-Prince"),
        ("Europe/Amsterdam", "Europe/Amsterdam"),  # listed in zone.tab: kept, not linked
        ("EST5EDT", "EST5EDT"),
        # legacy / backward links
        ("Europe/Kiev", "Europe/Kyiv"),
        ("europe/kiev", "Europe/Kyiv"),
        ("US/Eastern", "America/New_York"),
        ("us/pacific", "America/Los_Angeles"),
        ("Asia/Calcutta", "Asia/Kolkata"),
        ("Asia/Katmandu", "Asia/Kathmandu"),
        ("America/Buenos_Aires", "America/Argentina/Buenos_Aires"),
        ("Japan", "Asia/Tokyo"),
        ("NZ", "Pacific/Auckland"),
        ("Portugal", "Europe/Lisbon"),
        ("Iceland", "Atlantic/Reykjavik"),  # tzdata links it to Africa/Abidjan
        # cities
        ("Kyiv", "Europe/Kyiv"),
        ("kyiv", "Europe/Kyiv"),
        ("new york", "America/New_York"),
        ("New_York", "America/New_York"),
        ("Anchorage", "America/Anchorage"),
        ("buenos aires", "America/Argentina/Buenos_Aires"),
        ("Port au Prince", "America/Port-au-Prince"),
        ("Sao Paulo", "America/Sao_Paulo"),
        ("São Paulo", "America/Sao_Paulo"),
        ("Amsterdam", "Europe/Amsterdam"),
        ("Calcutta", "Asia/Kolkata"),
        ("Saigon", "Asia/Ho_Chi_Minh"),
        ("Kathmandu", "Asia/Kathmandu"),
        # curated places
        ("Washington", "America/New_York"),
        ("Washington DC", "America/New_York"),
        ("Washington, D.C.", "America/New_York"),
        ("washington d.c.", "America/New_York"),
        ("The Hague", "Europe/Amsterdam"),
        ("Hague", "Europe/Amsterdam"),
        ("Kiev", "Europe/Kyiv"),
        ("Ottawa", "America/Toronto"),
        ("Canberra", "Australia/Sydney"),
        ("Bern", "Europe/Zurich"),
        ("Beijing", "Asia/Shanghai"),
        ("New Delhi", "Asia/Kolkata"),
        ("Brasília", "America/Sao_Paulo"),
        ("Saint Petersburg", "Europe/Moscow"),
        ("St. Petersburg", "Europe/Moscow"),
        # countries and ISO codes
        ("Ukraine", "Europe/Kyiv"),
        ("ukraine", "Europe/Kyiv"),
        ("Nepal", "Asia/Kathmandu"),
        ("NP", "Asia/Kathmandu"),
        ("np", "Asia/Kathmandu"),
        ("JP", "Asia/Tokyo"),
        ("UA", "Europe/Kyiv"),
        ("Germany", "Europe/Berlin"),
        ("Spain", "Europe/Madrid"),
        ("Chile", "America/Santiago"),
        ("United Kingdom", "Europe/London"),
        ("UK", "Europe/London"),
        ("South Korea", "Asia/Seoul"),
        ("Côte d'Ivoire", "Africa/Abidjan"),
        ("Ivory Coast", "Africa/Abidjan"),
        # UTC
        ("UTC", "UTC"),
        ("utc", "UTC"),
        ("GMT", "UTC"),
        ("Z", "UTC"),
        ("z", "UTC"),
        ("Zulu", "UTC"),
        ("Etc/UTC", "UTC"),
        ("Etc/GMT", "UTC"),
        ("Universal", "UTC"),
        # fixed offsets
        ("UTC+2", "UTC+02:00"),
        ("UTC+02:00", "UTC+02:00"),
        ("utc+02:00", "UTC+02:00"),
        ("UTC-3:30", "UTC-03:30"),
        ("UTC - 3:30", "UTC-03:30"),
        ("GMT+5", "UTC+05:00"),
        ("+05:45", "UTC+05:45"),
        ("-09:30", "UTC-09:30"),
        ("UTC+0530", "UTC+05:30"),
        ("UTC+14", "UTC+14:00"),
        ("UTC\u22125", "UTC-05:00"),  # a typographic minus
        ("UTC+00:00", "UTC"),
        ("UTC-0", "UTC"),
        ("+00:00", "UTC"),
        ("UTC+18:00", "UTC+18:00"),
        # Etc/GMT names keep POSIX's inverted sign: Etc/GMT+5 is five hours behind UTC
        ("Etc/GMT+5", "UTC-05:00"),
        ("Etc/GMT-14", "UTC+14:00"),
        # unambiguous abbreviations
        ("EST", "America/New_York"),
        ("est", "America/New_York"),
        ("EDT", "America/New_York"),
        ("PDT", "America/Los_Angeles"),
        ("CET", "Europe/Brussels"),
        ("CEST", "Europe/Brussels"),
        ("EET", "Europe/Athens"),
        ("JST", "Asia/Tokyo"),
        ("HST", "Pacific/Honolulu"),
        ("AKST", "America/Anchorage"),
        ("NZDT", "Pacific/Auckland"),
        ("ChST", "Pacific/Guam"),
        ("MSK", "Europe/Moscow"),
    ],
)
def test_resolve_zone_accepts(text: str, key: str) -> None:
    assert resolve_zone(text) == key


@pytest.mark.parametrize(
    ("text", "candidates"),
    [
        ("IST", ("Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem")),
        ("ist", ("Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem")),
        ("CST", ("America/Chicago", "Asia/Shanghai", "America/Havana", "Asia/Taipei")),
        ("BST", ("Europe/London", "Asia/Dhaka")),
        ("MST", ("America/Denver", "America/Phoenix")),
        ("PST", ("America/Los_Angeles", "Asia/Manila")),
        ("AEST", ("Australia/Sydney", "Australia/Brisbane")),
        ("PT", ("America/Los_Angeles", "Europe/Lisbon")),
    ],
)
def test_ambiguous_abbreviations_list_candidates(text: str, candidates: tuple[str, ...]) -> None:
    with pytest.raises(ZoneLookupError) as info:
        resolve_zone(text)
    err = info.value
    assert err.query == text
    assert err.suggestions == candidates
    assert err.message.startswith(f"ambiguous time zone abbreviation '{text}': could be ")
    for key in candidates:
        assert key in err.message


def test_ist_message_reads_well() -> None:
    with pytest.raises(ZoneLookupError) as info:
        resolve_zone("IST")
    assert str(info.value) == (
        "ambiguous time zone abbreviation 'IST': could be Asia/Kolkata (India), "
        "Europe/Dublin (Ireland), Asia/Jerusalem (Israel)"
    )
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("United States", {"America/New_York", "America/Chicago", "America/Los_Angeles"}),
        ("US", {"America/New_York", "America/Chicago", "America/Los_Angeles"}),
        ("USA", {"America/New_York", "America/Chicago", "America/Los_Angeles"}),
        ("Russia", {"Europe/Moscow", "Europe/Kaliningrad"}),
        ("Australia", {"Australia/Brisbane", "Australia/Perth"}),
        ("Brazil", {"America/Noronha", "America/Belem"}),
    ],
)
def test_multi_zone_countries_are_ambiguous(text: str, expected: set[str]) -> None:
    with pytest.raises(ZoneLookupError) as info:
        resolve_zone(text)
    err = info.value
    assert err.message.startswith(f"ambiguous time zone '{text}': ")
    assert expected <= set(err.suggestions)
    assert 2 <= len(err.suggestions) <= 6
    for key in err.suggestions:
        assert resolve_zone(key) == key


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("Europe/Brusels", "Europe/Brussels"),
        ("europe/brusels", "Europe/Brussels"),
        ("Kyviv", "Europe/Kyiv"),
        ("Ancorage", "America/Anchorage"),
        ("Amerika/New_York", "America/New_York"),
        ("Kolkatta", "Asia/Kolkata"),
        ("Sydny", "Australia/Sydney"),
        ("Ukrane", "Europe/Kyiv"),
        ("Washingon", "America/New_York"),
    ],
)
def test_typos_get_suggestions(text: str, first: str) -> None:
    with pytest.raises(ZoneLookupError) as info:
        resolve_zone(text)
    err = info.value
    assert err.suggestions[0] == first
    assert len(err.suggestions) <= 3
    assert err.message.startswith(f"unknown time zone '{text}'; did you mean '{first}'")


def test_single_suggestion_message() -> None:
    with pytest.raises(ZoneLookupError) as info:
        resolve_zone("Europe/Brusels")
    assert info.value.message == (
        "unknown time zone 'Europe/Brusels'; did you mean 'Europe/Brussels'?"
    )


@pytest.mark.parametrize("text", ["Qwxzzy", "Mars/Olympus_Mons", "12345"])
def test_unknown_without_suggestions(text: str) -> None:
    with pytest.raises(ZoneLookupError) as info:
        resolve_zone(text)
    assert info.value.suggestions == ()
    assert info.value.message.startswith(f"unknown time zone '{text}': use an IANA name")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty time zone"),
        ("   ", "empty time zone"),
        ("UTC+19", "offsets run from -18:00 to \\+18:00"),
        ("UTC+5:60", "minutes and seconds run 00-59"),
        ("+24:00", "offsets run from -18:00 to \\+18:00"),
    ],
)
def test_invalid_inputs(text: str, fragment: str) -> None:
    with pytest.raises(ZoneLookupError, match=fragment):
        resolve_zone(text)


def test_errors_survive_pickling() -> None:
    with pytest.raises(ZoneLookupError) as info:
        resolve_zone("IST")
    again = pickle.loads(pickle.dumps(info.value))
    assert (again.query, again.message, again.suggestions) == (
        info.value.query,
        info.value.message,
        info.value.suggestions,
    )


def test_errors_are_fresh_objects() -> None:
    """Cached failures must not hand out one shared exception object."""
    with pytest.raises(ZoneLookupError) as first:
        resolve_zone("IST")
    with pytest.raises(ZoneLookupError) as second:
        resolve_zone("IST")
    assert first.value is not second.value


def test_every_tzdata_link_resolves_to_the_same_rules() -> None:
    """Independent oracle: zoneinfo's own reading of each legacy name."""
    overridden = {"EST", "MST", "HST", "CET", "EET", "WET", "MET"}  # curated abbreviations
    probes = [_ts(y, m, 15, 12) for y in (1975, 1995, 2012, 2025, 2031) for m in (1, 7)]
    checked = 0
    for link in _tzdata_links():
        if link in overridden:
            continue
        key = resolve_zone(link)
        theirs = ZoneInfo(link)
        for utc in probes:
            expected = datetime.fromtimestamp(utc, theirs).utcoffset()
            assert expected is not None
            assert offset_seconds(key, utc) == expected // timedelta(seconds=1), (link, key)
        checked += 1
    assert checked > 200


def test_every_listed_zone_is_its_own_key() -> None:
    for record in all_zones():
        assert resolve_zone(record.key) == record.key
        assert resolve_zone(record.key.lower()) == record.key


def test_curated_tables_point_at_canonical_keys() -> None:
    for alias, key in zonenames.PLACE_ALIASES.items():
        assert resolve_zone(alias) == key, alias
        assert zone_record(key) is not None, key
    for abbr, entry in zonenames.ABBREVIATIONS.items():
        keys = [entry.key] if entry.key else [k for k, _ in entry.candidates]
        for key in keys:
            assert key is not None
            assert zone_record(key) is not None, (abbr, key)


# --- fixed offsets and tzinfo ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "UTC+00:00"),
        (7200, "UTC+02:00"),
        (-9 * 3600 - 1800, "UTC-09:30"),
        (5 * 3600 + 2700, "UTC+05:45"),
        (14 * 3600, "UTC+14:00"),
        (-(3 * 3600 + 30 * 60), "UTC-03:30"),
        (17 * 60 + 30, "UTC+00:17:30"),
    ],
)
def test_format_offset(seconds: int, text: str) -> None:
    assert format_offset(seconds) == text


def test_fixed_offset_key() -> None:
    assert fixed_offset_key(0) == "UTC"
    assert fixed_offset_key(7200) == "UTC+02:00"
    assert fixed_offset_key(-12600) == "UTC-03:30"
    with pytest.raises(ZoneLookupError):
        fixed_offset_key(19 * 3600)


def test_get_tzinfo_kinds() -> None:
    assert get_tzinfo("UTC") is UTC
    brussels = get_tzinfo("Europe/Brussels")
    assert isinstance(brussels, ZoneInfo)
    assert brussels is get_tzinfo("Europe/Brussels")
    fixed = get_tzinfo("UTC+02:00")
    assert isinstance(fixed, timezone)
    assert fixed.utcoffset(None) == timedelta(hours=2)
    assert fixed.tzname(None) == "UTC+02:00"
    assert get_tzinfo("UTC-09:30").utcoffset(None) == timedelta(hours=-9, minutes=-30)


@pytest.mark.parametrize(
    "key", ["Mars/Base", "UTC+00:00", "UTC+2", "UTC+02:60", "UTC+19:00", "", "utc+02:00"]
)
def test_get_tzinfo_rejects_non_canonical(key: str) -> None:
    with pytest.raises(ZoneLookupError):
        get_tzinfo(key)


def test_get_tzinfo_names_the_canonical_key() -> None:
    with pytest.raises(ZoneLookupError) as info:
        get_tzinfo("Europe/Kiev")
    assert info.value.suggestions == ("Europe/Kyiv",)
    assert "use 'Europe/Kyiv'" in info.value.message


def test_offsets_and_abbreviations() -> None:
    summer, winter = _ts(2025, 8, 20, 12), _ts(2025, 1, 20, 12)
    assert offset_seconds("Europe/Brussels", summer) == 7200
    assert offset_seconds("Europe/Brussels", winter) == 3600
    assert abbreviation("Europe/Brussels", summer) == "CEST"
    assert abbreviation("Europe/Brussels", winter) == "CET"
    assert abbreviation("America/New_York", summer) == "EDT"
    assert offset_seconds("Asia/Kathmandu", summer) == 5 * 3600 + 2700
    assert abbreviation("Asia/Kathmandu", summer) == "+0545"
    assert offset_seconds("Pacific/Chatham", winter) == 13 * 3600 + 2700
    assert offset_seconds("Pacific/Kiritimati", summer) == 14 * 3600
    assert abbreviation("UTC+02:00", summer) == "UTC+02:00"
    assert offset_seconds("UTC-03:30", summer) == -12600
    assert abbreviation("UTC", summer) == "UTC"
    assert offset_seconds("UTC", summer) == 0


@pytest.mark.parametrize(
    ("key", "city"),
    [
        ("America/New_York", "New York"),
        ("America/Argentina/Buenos_Aires", "Buenos Aires"),
        ("Europe/Kyiv", "Kyiv"),
        ("America/Port-au-Prince", "Port-au-Prince"),
        ("UTC+02:00", "UTC+02:00"),
        ("UTC", "UTC"),
    ],
)
def test_city_name(key: str, city: str) -> None:
    assert city_name(key) == city


# --- records and search ---------------------------------------------------------------------


def test_all_zones() -> None:
    records = all_zones()
    keys = [r.key for r in records]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)
    assert len(keys) > 400
    assert "UTC" in keys
    assert "Europe/Kyiv" in keys
    assert "Europe/Kiev" not in keys
    for r in records:
        assert isinstance(get_tzinfo(r.key), type(get_tzinfo("UTC")) | ZoneInfo)


def test_zone_record_facts() -> None:
    kyiv = zone_record("Europe/Kyiv")
    assert kyiv is not None
    assert kyiv.city == "Kyiv"
    assert kyiv.country == "Ukraine"
    assert kyiv.country_code == "UA"
    assert kyiv.comment == "most of Ukraine"
    assert "Kiev" in kyiv.aliases
    assert "Europe/Kiev" in kyiv.aliases
    ny = zone_record("America/New_York")
    assert ny is not None
    assert ny.city == "New York"
    assert ny.country == "United States"
    assert {"EST", "Washington", "US/Eastern"} <= set(ny.aliases)
    guam = zone_record("Pacific/Guam")
    assert guam is not None
    assert "ChST" in guam.aliases
    utc = zone_record("UTC")
    assert utc is not None
    assert utc.country is None


def test_zone_record_other_keys() -> None:
    assert zone_record("UTC+02:00") == ZoneRecord("UTC+02:00", "UTC+02:00", None, None)
    est = zone_record("EST5EDT")
    assert est is not None
    assert est.country is None
    assert zone_record("Europe/Kiev") is None
    assert zone_record("Nowhere/Special") is None


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("kyiv", "Europe/Kyiv"),
        ("Kyiv", "Europe/Kyiv"),
        ("kiev", "Europe/Kyiv"),
        ("new york", "America/New_York"),
        ("New_York", "America/New_York"),
        ("nepal", "Asia/Kathmandu"),
        ("brus", "Europe/Brussels"),
        ("united kingdom", "Europe/London"),
        ("ancorage", "America/Anchorage"),
        ("europe/lond", "Europe/London"),
        ("buenos", "America/Argentina/Buenos_Aires"),
        ("utc", "UTC"),
        ("washington", "America/New_York"),
        ("cest", "Europe/Brussels"),
        ("ukraine", "Europe/Kyiv"),  # the principal zone before Crimea
        ("germany", "Europe/Berlin"),
    ],
)
def test_search_ranking(query: str, first: str) -> None:
    results = search_zones(query)
    assert results
    assert results[0].key == first


def test_search_country_lists_its_zones_principal_first() -> None:
    keys = [r.key for r in search_zones("united states", limit=50)]
    assert keys[0] == "America/New_York"
    assert {"America/Chicago", "America/Denver", "America/Los_Angeles"} <= set(keys)


def test_search_empty_and_limits() -> None:
    everything = search_zones("", limit=10_000)
    assert [r.key for r in everything] == sorted(r.key for r in all_zones())
    assert len(search_zones("")) == 20
    assert len(search_zones("", limit=3)) == 3
    assert search_zones("europe", limit=0) == []
    assert len(search_zones("a", limit=7)) == 7
    assert search_zones("qqqqqqqqq") == []


def test_search_is_fast() -> None:
    search_zones("warm up the tables")
    worst = 0.0
    for query in ("k", "ky", "kyi", "kyiv", "new yo", "ancorage", "united kingdom", "zzz"):
        best = min(_timed(query) for _ in range(3))
        worst = max(worst, best)
    assert worst < 0.020


def _timed(query: str) -> float:
    start = time.perf_counter()
    search_zones(query)
    return time.perf_counter() - start


# --- local_zone and display_zone ------------------------------------------------------------


@pytest.fixture
def no_host_zone(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Point the host zone files at an empty folder, so only the environment counts."""
    monkeypatch.setattr(hostzone, "LOCALTIME_PATH", tmp_path / "localtime")
    monkeypatch.setattr(hostzone, "TIMEZONE_FILE_PATH", tmp_path / "timezone")
    return tmp_path


@pytest.mark.parametrize(
    ("tz", "key"),
    [
        ("Europe/Brussels", "Europe/Brussels"),
        (":Europe/Brussels", "Europe/Brussels"),
        ("Europe/Kiev", "Europe/Kyiv"),
        ("/usr/share/zoneinfo/Asia/Tokyo", "Asia/Tokyo"),
        (":/usr/share/zoneinfo/posix/America/Anchorage", "America/Anchorage"),
        ("UTC", "UTC"),
    ],
)
def test_local_zone_from_tz(no_host_zone: Path, tz: str, key: str) -> None:
    assert local_zone({"TZ": tz}) == key


def test_local_zone_ignores_invalid_tz(no_host_zone: Path) -> None:
    assert local_zone({"TZ": "Mars/Olympus"}) == "UTC"
    assert local_zone({"TZ": "CET-1CEST,M3.5.0,M10.5.0/3"}) == "UTC"
    assert local_zone({"TZ": ""}) == "UTC"
    assert local_zone({}) == "UTC"


def test_local_zone_from_localtime_symlink(no_host_zone: Path) -> None:
    (no_host_zone / "localtime").symlink_to("/usr/share/zoneinfo/America/Anchorage")
    assert local_zone({}) == "America/Anchorage"
    assert local_zone({"TZ": "Mars/Olympus"}) == "America/Anchorage"
    assert local_zone({"TZ": "Asia/Tokyo"}) == "Asia/Tokyo"


def test_local_zone_from_legacy_symlink(no_host_zone: Path) -> None:
    (no_host_zone / "localtime").symlink_to("../usr/share/zoneinfo/Europe/Kiev")
    assert local_zone({}) == "Europe/Kyiv"


def test_local_zone_from_etc_timezone(no_host_zone: Path) -> None:
    (no_host_zone / "localtime").write_bytes(b"TZif2 not a symlink")
    (no_host_zone / "timezone").write_text("Asia/Kathmandu\n", encoding="utf-8")
    assert local_zone({}) == "Asia/Kathmandu"


def test_local_zone_bad_etc_timezone(no_host_zone: Path) -> None:
    (no_host_zone / "timezone").write_text("Nowhere/Land\n", encoding="utf-8")
    assert local_zone({}) == "UTC"


def test_local_zone_reads_os_environ(no_host_zone: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", ":Pacific/Chatham")
    assert local_zone() == "Pacific/Chatham"


def test_display_zone_precedence(no_host_zone: Path) -> None:
    env = {"TIMELINE_TZ": "Asia/Tokyo", "TZ": "Europe/Brussels"}
    assert display_zone("kyiv", env) == "Europe/Kyiv"
    assert display_zone(None, env) == "Asia/Tokyo"
    assert display_zone(None, {"TZ": "Europe/Brussels"}) == "Europe/Brussels"
    assert display_zone(None, {"TIMELINE_TZ": "  ", "TZ": "Europe/Brussels"}) == ("Europe/Brussels")
    assert display_zone(None, {}) == "UTC"
    assert display_zone("UTC+2", {}) == "UTC+02:00"


def test_display_zone_errors_propagate(no_host_zone: Path) -> None:
    with pytest.raises(ZoneLookupError) as info:
        display_zone("Europe/Brusels", {"TIMELINE_TZ": "Asia/Tokyo"})
    assert info.value.suggestions[0] == "Europe/Brussels"
    with pytest.raises(ZoneLookupError, match="IST"):
        display_zone(None, {"TIMELINE_TZ": "IST"})
    with pytest.raises(ZoneLookupError):
        display_zone("", {})


def test_display_zone_reads_os_environ(no_host_zone: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIMELINE_TZ", "new york")
    monkeypatch.setenv("TZ", "Europe/Brussels")
    assert display_zone(None) == "America/New_York"
    monkeypatch.delenv("TIMELINE_TZ")
    assert display_zone(None) == "Europe/Brussels"
