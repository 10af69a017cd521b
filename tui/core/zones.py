"""Time zones: turning what a user types into a canonical zone key, and facts about zones.

A *canonical zone key* is one of:

* an IANA zone name as listed in ``zone.tab``/``zone1970.tab`` or defined as a zone in
  ``tzdata.zi`` (``Europe/Brussels``, ``America/New_York``, ``Europe/Amsterdam``);
* ``UTC``;
* a fixed offset written ``UTC+02:00`` / ``UTC-09:30`` (never ``UTC+00:00``: that is ``UTC``).

All zone data comes from the ``tzdata`` package, never from the host, so answers are the same
on every machine. Tables are read lazily, once.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

from rapidfuzz import fuzz, process

__all__ = [
    "ZoneLookupError",
    "ZoneRecord",
    "abbreviation",
    "all_zones",
    "city_name",
    "display_zone",
    "fixed_offset_key",
    "format_offset",
    "get_tzinfo",
    "local_zone",
    "offset_seconds",
    "resolve_zone",
    "search_zones",
    "zone_record",
]

UTC_KEY = "UTC"
"""The canonical key of Coordinated Universal Time."""

MAX_OFFSET_SECONDS = 18 * 3600
"""The largest fixed offset accepted (±18:00, as in ISO 8601 practice and java.time)."""

# Where the host records its zone; module attributes so tests can point them elsewhere.
LOCALTIME_PATH = Path("/etc/localtime")
TIMEZONE_FILE_PATH = Path("/etc/timezone")


class ZoneLookupError(ValueError):
    """A time zone could not be resolved.

    Attributes:
        query: The text as the user gave it.
        suggestions: Canonical zone keys the user may have meant, best first (may be empty).
        message: A sentence that reads well after ``FILE:LINE:COL: ``.
    """

    def __init__(self, query: str, message: str, suggestions: Iterable[str] = ()) -> None:
        self.query = query
        self.message = message
        self.suggestions: tuple[str, ...] = tuple(suggestions)
        super().__init__(query, message, self.suggestions)  # args re-create it (pickling)

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, slots=True)
class ZoneRecord:
    """Facts about one canonical zone, for pickers and listings.

    Attributes:
        key: Canonical zone key (``America/New_York``).
        city: Human name of the zone's principal place (``New York``).
        country: Country name from ``iso3166.tab``, or ``None`` (``UTC``, fixed offsets).
        country_code: ISO 3166 alpha-2 code, or ``None``.
        aliases: Other names that resolve to this zone: curated place names, legacy IANA
            names and abbreviations (``Kiev``, ``Europe/Kiev``).
        comment: The ``zone.tab`` comment (``most of Ukraine``), or ``""``.
    """

    key: str
    city: str
    country: str | None
    country_code: str | None
    aliases: tuple[str, ...] = ()
    comment: str = ""


# --- Curated tables -------------------------------------------------------------------------

# Places that are not IANA zone cities. Values must be canonical keys (a test checks).
_PLACE_ALIASES: dict[str, str] = {
    "Washington": "America/New_York",
    "Washington DC": "America/New_York",
    "Washington, D.C.": "America/New_York",
    "New York City": "America/New_York",
    "NYC": "America/New_York",
    "Boston": "America/New_York",
    "Miami": "America/New_York",
    "Atlanta": "America/New_York",
    "Palm Beach": "America/New_York",
    "Houston": "America/Chicago",
    "Dallas": "America/Chicago",
    "San Francisco": "America/Los_Angeles",
    "Seattle": "America/Los_Angeles",
    "Alaska": "America/Anchorage",
    "Hawaii": "Pacific/Honolulu",
    "Ottawa": "America/Toronto",
    "Montreal": "America/Toronto",
    "Quebec": "America/Toronto",
    "Brasilia": "America/Sao_Paulo",
    "Rio de Janeiro": "America/Sao_Paulo",
    "The Hague": "Europe/Amsterdam",
    "Hague": "Europe/Amsterdam",
    "Kiev": "Europe/Kyiv",
    "Kharkiv": "Europe/Kyiv",
    "Kharkov": "Europe/Kyiv",
    "Odesa": "Europe/Kyiv",
    "Odessa": "Europe/Kyiv",
    "Lviv": "Europe/Kyiv",
    "Dnipro": "Europe/Kyiv",
    "Bern": "Europe/Zurich",
    "Geneva": "Europe/Zurich",
    "Davos": "Europe/Zurich",
    "Frankfurt": "Europe/Berlin",
    "Munich": "Europe/Berlin",
    "Hamburg": "Europe/Berlin",
    "Bonn": "Europe/Berlin",
    "Milan": "Europe/Rome",
    "Barcelona": "Europe/Madrid",
    "Strasbourg": "Europe/Paris",
    "Edinburgh": "Europe/London",
    "Saint Petersburg": "Europe/Moscow",
    "Sochi": "Europe/Moscow",
    "Ankara": "Europe/Istanbul",
    "Crimea": "Europe/Simferopol",
    "Canberra": "Australia/Sydney",
    "Wellington": "Pacific/Auckland",
    "Beijing": "Asia/Shanghai",
    "New Delhi": "Asia/Kolkata",
    "Delhi": "Asia/Kolkata",
    "Mumbai": "Asia/Kolkata",
    "Islamabad": "Asia/Karachi",
    "Abu Dhabi": "Asia/Dubai",
    "Jeddah": "Asia/Riyadh",
    "Mecca": "Asia/Riyadh",
    "Tel Aviv": "Asia/Jerusalem",
    "Hanoi": "Asia/Ho_Chi_Minh",
    "Ho Chi Minh City": "Asia/Ho_Chi_Minh",
    "Osaka": "Asia/Tokyo",
    "Hiroshima": "Asia/Tokyo",
    "Pretoria": "Africa/Johannesburg",
    "Cape Town": "Africa/Johannesburg",
    "Rabat": "Africa/Casablanca",
}

# Country names people write that differ from iso3166.tab's. Values are ISO codes.
_COUNTRY_ALIASES: dict[str, str] = {
    "United Kingdom": "GB",
    "UK": "GB",
    "Great Britain": "GB",
    "Britain": "GB",
    "England": "GB",
    "Scotland": "GB",
    "Wales": "GB",
    "Northern Ireland": "GB",
    "USA": "US",
    "United States of America": "US",
    "South Korea": "KR",
    "North Korea": "KP",
    "Burma": "MM",
    "Myanmar": "MM",
    "Eswatini": "SZ",
    "Swaziland": "SZ",
    "Czechia": "CZ",
    "Ivory Coast": "CI",
    "Turkiye": "TR",
    "Holland": "NL",
    "The Netherlands": "NL",
    "Vatican": "VA",
    "DR Congo": "CD",
    "DRC": "CD",
    "Democratic Republic of the Congo": "CD",
    "Republic of the Congo": "CG",
    "Russian Federation": "RU",
    "Timor-Leste": "TL",
    "UAE": "AE",
    "Cabo Verde": "CV",
    "Samoa": "WS",
    "American Samoa": "AS",
    "The Gambia": "GM",
    "Bosnia": "BA",
    "Macedonia": "MK",
}


@dataclass(frozen=True, slots=True)
class _Abbrev:
    key: str | None
    candidates: tuple[tuple[str, str], ...] = ()


def _one(key: str) -> _Abbrev:
    return _Abbrev(key)


def _many(*candidates: tuple[str, str]) -> _Abbrev:
    return _Abbrev(None, candidates)


# Abbreviations name a *zone* (with its daylight-saving rules), not a fixed offset: "EST" is
# New York, so a July time written with EST is read as EDT. They are checked before IANA names,
# so "EST", "MST" and "HST" mean what people mean, not tzdata's legacy fixed zones. An
# abbreviation that names places with different rules (IST, CST, MST, AEST...) is ambiguous.
_ABBREVIATIONS: dict[str, _Abbrev] = {
    "EST": _one("America/New_York"),
    "EDT": _one("America/New_York"),
    "ET": _many(("America/New_York", "US Eastern Time"), ("Africa/Addis_Ababa", "Ethiopia")),
    "CST": _many(
        ("America/Chicago", "US Central"),
        ("Asia/Shanghai", "China"),
        ("America/Havana", "Cuba"),
        ("Asia/Taipei", "Taiwan"),
    ),
    "CDT": _many(("America/Chicago", "US Central"), ("America/Havana", "Cuba")),
    "CT": _one("America/Chicago"),
    "MST": _many(
        ("America/Denver", "US Mountain, with DST"),
        ("America/Phoenix", "Arizona, no DST"),
    ),
    "MDT": _one("America/Denver"),
    "MT": _many(("America/Denver", "US Mountain Time"), ("Europe/Malta", "Malta")),
    "PST": _many(("America/Los_Angeles", "US Pacific"), ("Asia/Manila", "Philippines")),
    "PDT": _one("America/Los_Angeles"),
    "PT": _many(("America/Los_Angeles", "US Pacific Time"), ("Europe/Lisbon", "Portugal")),
    "AKST": _one("America/Anchorage"),
    "AKDT": _one("America/Anchorage"),
    "HST": _one("Pacific/Honolulu"),
    "HDT": _one("America/Adak"),
    "AST": _many(
        ("America/Halifax", "Atlantic, Canada"),
        ("America/Puerto_Rico", "Atlantic, no DST"),
        ("Asia/Riyadh", "Arabia"),
    ),
    "ADT": _one("America/Halifax"),
    "NST": _one("America/St_Johns"),
    "NDT": _one("America/St_Johns"),
    "BRT": _one("America/Sao_Paulo"),
    "ART": _one("America/Argentina/Buenos_Aires"),
    "CLT": _one("America/Santiago"),
    "CLST": _one("America/Santiago"),
    "WET": _one("Europe/Lisbon"),
    "WEST": _one("Europe/Lisbon"),
    "BST": _many(("Europe/London", "British Summer Time"), ("Asia/Dhaka", "Bangladesh")),
    "IST": _many(
        ("Asia/Kolkata", "India"),
        ("Europe/Dublin", "Ireland"),
        ("Asia/Jerusalem", "Israel"),
    ),
    "IDT": _one("Asia/Jerusalem"),
    "CET": _one("Europe/Brussels"),
    "CEST": _one("Europe/Brussels"),
    "MET": _one("Europe/Brussels"),
    "MEST": _one("Europe/Brussels"),
    "EET": _one("Europe/Athens"),
    "EEST": _one("Europe/Athens"),
    "MSK": _one("Europe/Moscow"),
    "MSD": _one("Europe/Moscow"),
    "TRT": _one("Europe/Istanbul"),
    "WAT": _one("Africa/Lagos"),
    "CAT": _one("Africa/Maputo"),
    "EAT": _one("Africa/Nairobi"),
    "SAST": _one("Africa/Johannesburg"),
    "GST": _one("Asia/Dubai"),
    "IRST": _one("Asia/Tehran"),
    "AFT": _one("Asia/Kabul"),
    "PKT": _one("Asia/Karachi"),
    "NPT": _one("Asia/Kathmandu"),
    "MMT": _one("Asia/Yangon"),
    "ICT": _one("Asia/Bangkok"),
    "WIB": _one("Asia/Jakarta"),
    "WITA": _one("Asia/Makassar"),
    "WIT": _one("Asia/Jayapura"),
    "SGT": _one("Asia/Singapore"),
    "PHT": _one("Asia/Manila"),
    "PHST": _one("Asia/Manila"),
    "HKT": _one("Asia/Hong_Kong"),
    "JST": _one("Asia/Tokyo"),
    "KST": _one("Asia/Seoul"),
    "AWST": _one("Australia/Perth"),
    "ACST": _many(
        ("Australia/Adelaide", "South Australia, with DST"),
        ("Australia/Darwin", "Northern Territory, no DST"),
    ),
    "ACDT": _one("Australia/Adelaide"),
    "AEST": _many(
        ("Australia/Sydney", "NSW, Victoria, ACT, Tasmania, with DST"),
        ("Australia/Brisbane", "Queensland, no DST"),
    ),
    "AEDT": _one("Australia/Sydney"),
    "NZST": _one("Pacific/Auckland"),
    "NZDT": _one("Pacific/Auckland"),
    "ChST": _one("Pacific/Guam"),
    "SST": _one("Pacific/Pago_Pago"),
}

_ABBREVIATIONS_BY_UPPER = {abbr.upper(): entry for abbr, entry in _ABBREVIATIONS.items()}

# Names meaning UTC itself (besides IANA links such as Etc/UTC, Zulu, Universal).
_UTC_NAMES = frozenset({"utc", "gmt", "z", "ut", "zulu", "uct", "universal", "greenwich"})

# Link directories whose last component is a real place name worth accepting as a city.
_PLACE_DIRS = frozenset(
    {"Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Europe", "Indian", "Pacific"}
)

# offsets are read with ASCII digits only (``\d`` would take ``٣`` and int() would read it)
_ETC_GMT_RE = re.compile(r"Etc/GMT([+-])([0-9]{1,2})")
_FIXED_KEY_RE = re.compile(r"UTC([+-])([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?")
_OFFSET_INPUT_RES = (
    re.compile(
        r"(?:(?:utc|gmt|ut)\s*)?(?P<sign>[+\-\u2212])\s*(?P<h>[0-9]{1,2})"
        r"(?::(?P<m>[0-9]{2})(?::(?P<s>[0-9]{2}))?)?",
        re.IGNORECASE,
    ),
    re.compile(
        r"(?:(?:utc|gmt|ut)\s*)?(?P<sign>[+\-\u2212])\s*(?P<h>[0-9]{2})(?P<m>[0-9]{2})",
        re.IGNORECASE,
    ),
)


# --- Normalisation --------------------------------------------------------------------------


def _norm(text: str) -> str:
    """Fold text for matching: accents, case, ``_``, punctuation, ``saint`` -> ``st``."""
    decomposed = unicodedata.normalize("NFKD", text)
    s = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    s = s.replace("_", " ").replace("&", " and ")
    s = re.sub(r"(?<=[^\W\d_])-(?=[^\W\d_])", " ", s)  # Port-au-Prince, not GMT-5
    s = re.sub(r"[.,'’()]", "", s)
    s = re.sub(r"\bsaint\b", "st", s)
    s = re.sub(r"\s*/\s*", "/", s)
    return " ".join(s.split())


# --- Offsets --------------------------------------------------------------------------------


def format_offset(seconds: int) -> str:
    """Format a UTC offset for people and tables.

    Args:
        seconds: Offset east of UTC in seconds.

    Returns:
        ``UTC+02:00``, ``UTC-09:30``, ``UTC+05:45``, ``UTC+00:00`` for zero, and
        ``UTC+00:17:30`` when the offset has seconds (historical local mean time).
    """
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    text = f"UTC{sign}{hours:02d}:{minutes:02d}"
    return f"{text}:{secs:02d}" if secs else text


def fixed_offset_key(seconds: int) -> str:
    """The canonical key of a fixed offset: ``UTC`` for zero, else ``UTC+02:00`` style.

    Args:
        seconds: Offset east of UTC in seconds (at most ±18:00).

    Raises:
        ZoneLookupError: If the offset is beyond ±18:00.
    """
    if abs(seconds) > MAX_OFFSET_SECONDS:
        text = format_offset(seconds)
        raise ZoneLookupError(text, f"offset {text} is out of range (at most ±18:00)")
    return UTC_KEY if seconds == 0 else format_offset(seconds)


def _parse_fixed_key(key: str) -> int | None:
    """Offset seconds of a canonical fixed key (``UTC+02:00``), or ``None`` if not one."""
    m = _FIXED_KEY_RE.fullmatch(key)
    if m is None:
        return None
    sign, hh, mm, ss = m.groups()
    minutes, secs = int(mm), int(ss or 0)
    if minutes > 59 or secs > 59 or (ss is not None and secs == 0):
        return None
    total = int(hh) * 3600 + minutes * 60 + secs
    if total == 0 or total > MAX_OFFSET_SECONDS:
        return None
    return -total if sign == "-" else total


def _parse_offset_input(text: str) -> int | ZoneLookupError | None:
    """Offset seconds from ``UTC+2``/``+05:45``/``GMT-3:30``; ``None`` if not offset-shaped."""
    for regex in _OFFSET_INPUT_RES:
        m = regex.fullmatch(text)
        if m is None:
            continue
        hours = int(m["h"])
        minutes = int(m["m"] or 0)
        secs = int(m.groupdict().get("s") or 0)
        if minutes > 59 or secs > 59:
            return ZoneLookupError(text, f"invalid offset '{text}': minutes and seconds run 00-59")
        total = hours * 3600 + minutes * 60 + secs
        if total > MAX_OFFSET_SECONDS:
            return ZoneLookupError(
                text, f"invalid offset '{text}': offsets run from -18:00 to +18:00"
            )
        return -total if m["sign"] in "-\u2212" else total
    return None


# --- Tables ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Country:
    code: str
    name: str
    zones: tuple[tuple[str, str], ...]  # (key, comment) in zone.tab order
    principal: str | None


@dataclass(frozen=True, slots=True)
class _Tables:
    canonical: frozenset[str]  # IANA keys we keep as they are
    names: dict[str, str]  # normalised IANA name (zone or link) -> canonical key
    cities: dict[str, str]  # normalised city -> canonical key
    places: dict[str, str]  # normalised curated alias -> canonical key
    countries: dict[str, _Country]  # code -> country
    country_names: dict[str, str]  # normalised name -> code
    records: tuple[ZoneRecord, ...]  # sorted by key
    by_key: dict[str, ZoneRecord]
    order: dict[str, int]  # key -> position in zone.tab (principal zones of a country first)


def _read_tzdata(name: str) -> str:
    return resources.files("tzdata").joinpath("zoneinfo", name).read_text(encoding="utf-8")


def _tab_rows(name: str) -> list[list[str]]:
    rows: list[list[str]] = []
    for line in _read_tzdata(name).splitlines():
        if line and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def _link_result(target: str, canonical: frozenset[str]) -> str | None:
    """What an IANA zone name means as a canonical key (``Etc/GMT+5`` -> ``UTC-05:00``)."""
    if target in {"Etc/UTC", "Etc/GMT"}:
        return UTC_KEY
    m = _ETC_GMT_RE.fullmatch(target)
    if m is not None:
        hours = int(m[2])
        # POSIX sign convention: Etc/GMT+5 is five hours *behind* UTC.
        return fixed_offset_key(-hours * 3600 if m[1] == "+" else hours * 3600)
    return target if target in canonical else None


def _comment(row: list[str]) -> str:
    return row[3].strip() if len(row) > 3 else ""


def _read_zi() -> tuple[set[str], dict[str, str]]:
    """Zone names and links (link name -> target) from ``tzdata.zi``."""
    zones: set[str] = set()
    links: dict[str, str] = {}
    for line in _read_tzdata("tzdata.zi").splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] == "Z":
            zones.add(parts[1])
        elif len(parts) >= 3 and parts[0] == "L":
            links[parts[2]] = parts[1]
    return zones, links


def _country_tables(
    iso: dict[str, str], zone_tab: list[list[str]]
) -> tuple[dict[str, _Country], dict[str, str]]:
    """Countries by code, and normalised country names (and common variants) -> code."""
    by_country: dict[str, list[tuple[str, str]]] = {}
    for row in zone_tab:
        by_country.setdefault(row[0], []).append((row[2], _comment(row)))
    countries: dict[str, _Country] = {}
    for code, name in iso.items():
        czones = tuple(by_country.get(code, ()))
        countries[code] = _Country(code, name, czones, _principal_zone(name, czones))
    names: dict[str, str] = {}
    bases = {code: _norm(re.sub(r"\(.*?\)", "", name)) for code, name in iso.items()}
    base_counts: dict[str, int] = {}
    for base in bases.values():
        base_counts[base] = base_counts.get(base, 0) + 1
    for code, name in iso.items():
        names[_norm(name)] = code
        if base_counts[bases[code]] == 1:  # "Britain (UK)" -> "Britain"; not "Korea"
            names.setdefault(bases[code], code)
    for alias, code in _COUNTRY_ALIASES.items():
        names[_norm(alias)] = code
    return countries, names


@functools.cache
def _tables() -> _Tables:
    zone_tab = _tab_rows("zone.tab")
    zone1970 = _tab_rows("zone1970.tab")
    iso = {row[0]: row[1].strip() for row in _tab_rows("iso3166.tab")}
    zones, links = _read_zi()

    # Zones listed for a country are canonical even where tzdata has made them links
    # (Europe/Amsterdam stays Europe/Amsterdam, not Europe/Brussels).
    listed: dict[str, tuple[str, str]] = {}  # key -> (country code, comment)
    for row in zone_tab:
        listed.setdefault(row[2], (row[0], _comment(row)))
    for row in zone1970:
        listed.setdefault(row[2], (row[0].split(",")[0], _comment(row)))
    canonical = frozenset(
        {z for z in zones if z != "Factory" and not z.startswith("Etc/")} | set(listed)
    )

    names: dict[str, str] = {}
    for z in zones | set(listed):
        result = _link_result(z, canonical)
        if result is not None:
            names[_norm(z)] = result
    legacy: dict[str, list[str]] = {}  # canonical key -> legacy names
    cities: dict[str, str] = {}
    link_names: set[str] = set()
    for link, target in sorted(links.items()):
        if link in canonical:
            continue
        while target in links and target not in zones:  # tolerate chained links
            target = links[target]
        result = _link_result(target, canonical)
        if result is None:
            continue
        if names.setdefault(_norm(link), result) == result:
            link_names.add(_norm(link))
        if result in canonical:
            legacy.setdefault(result, []).append(link)
            if link.split("/")[0] in _PLACE_DIRS:  # Asia/Calcutta -> "Calcutta"
                cities.setdefault(_norm(link.rsplit("/", 1)[-1]), result)
    for key in canonical:  # real zone cities win over legacy spellings
        cities[_norm(city_name(key))] = key

    countries, country_names = _country_tables(iso, zone_tab)
    # A legacy link named after a country means that country's zone: "Iceland" is linked to
    # Africa/Abidjan (same rules since 1970), but people mean Atlantic/Reykjavik.
    for norm in link_names & set(country_names):
        principal = countries[country_names[norm]].principal
        if principal is not None:
            names[norm] = principal

    aliases: dict[str, list[str]] = {}
    for alias, key in _PLACE_ALIASES.items():
        aliases.setdefault(key, []).append(alias)
    for abbr, entry in _ABBREVIATIONS.items():
        if entry.key is not None:
            aliases.setdefault(entry.key, []).append(abbr)
    for key, olds in legacy.items():
        aliases.setdefault(key, []).extend(olds)
    records = [ZoneRecord(UTC_KEY, UTC_KEY, None, None, ("GMT", "Z", "Zulu", "Etc/UTC"), "")]
    records.extend(
        ZoneRecord(
            key=key,
            city=city_name(key),
            country=iso.get(code),
            country_code=code,
            aliases=tuple(dict.fromkeys(aliases.get(key, ()))),
            comment=comment,
        )
        for key, (code, comment) in listed.items()
    )
    records.sort(key=lambda r: r.key)

    order: dict[str, int] = {}  # zone.tab order: a country's principal zone comes first
    for key in [row[2] for row in zone_tab] + sorted(listed) + [UTC_KEY]:
        order.setdefault(key, len(order))
    return _Tables(
        canonical=canonical,
        names=names,
        cities=cities,
        places={_norm(alias): key for alias, key in _PLACE_ALIASES.items()},
        countries=countries,
        country_names=country_names,
        records=tuple(records),
        by_key={r.key: r for r in records},
        order=order,
    )


def _principal_zone(name: str, zones: tuple[tuple[str, str], ...]) -> str | None:
    """The zone a country name means: its only zone, or the one tzdata says covers most of it.

    ``zone.tab`` marks a country's main zone with ``most of <country>`` (Germany, Ukraine,
    Chile, New Zealand...) or ``<country> (mainland)`` (Spain, Portugal, Ecuador).
    """
    if len(zones) == 1:
        return zones[0][0]
    main = [
        key
        for key, comment in zones
        if comment.startswith("most of ") or comment == f"{name} (mainland)"
    ]
    return main[0] if len(main) == 1 else None


# --- Resolution -----------------------------------------------------------------------------


def _quote_list(items: list[str]) -> str:
    quoted = [f"'{s}'" for s in items]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _suggest(query: str) -> list[str]:
    """Up to three canonical keys that look like ``query``."""
    t = _tables()
    q = _norm(query)
    if not q:
        return []
    choices: dict[str, str] = {}  # normalised text -> key
    if "/" in q:
        choices.update(t.names)
    else:
        for norm, code in t.country_names.items():
            principal = t.countries[code].principal
            if principal is not None:
                choices[norm] = principal
        choices.update(t.cities)
        choices.update(t.places)
        choices.update({n.rsplit("/", 1)[-1]: k for n, k in t.names.items() if "/" in n})
    found = process.extract(q, list(choices), scorer=fuzz.ratio, limit=12, score_cutoff=72)
    out: list[str] = []
    for text, score, _index in found:
        if score < found[0][1] - 8:  # only near-equals of the best match
            break
        key = choices[text]
        if key not in out:
            out.append(key)
        if len(out) == 3:
            break
    return out


def _unknown(query: str) -> ZoneLookupError:
    suggestions = _suggest(query)
    if suggestions:
        message = f"unknown time zone '{query}'; did you mean {_quote_list(suggestions)}?"
    else:
        message = (
            f"unknown time zone '{query}': use an IANA name such as 'Europe/Brussels', "
            "a city, a country, or an offset such as 'UTC+02:00'"
        )
    return ZoneLookupError(query, message, suggestions)


def _ambiguous_country(query: str, country: _Country) -> ZoneLookupError:
    """An error listing one zone per distinct present-day behaviour of a country's zones."""
    now = datetime.now(UTC)
    probes = [int(datetime(now.year, month, 15, tzinfo=UTC).timestamp()) for month in (1, 7)]
    groups: dict[tuple[int, ...], str] = {}
    for key, _comment in country.zones:
        signature = tuple(offset_seconds(key, probe) for probe in probes)
        groups.setdefault(signature, key)
    picks = list(groups.values())
    comments = dict(country.zones)
    shown = picks[:6]
    parts = [f"{key} ({comments[key]})" if comments[key] else key for key in shown]
    more = len(country.zones) - len(shown)
    tail = f" and {more} more" if more > 0 else ""
    message = (
        f"ambiguous time zone '{query}': {country.name} has {len(country.zones)} zones, "
        f"e.g. {', '.join(parts)}{tail}; name a city or an IANA zone instead"
    )
    return ZoneLookupError(query, message, shown)


def _offset(dt: datetime) -> int:
    delta = dt.utcoffset()
    return 0 if delta is None else int(delta.total_seconds())


@functools.lru_cache(maxsize=2048)
def _resolve(text: str) -> str | ZoneLookupError:
    query = text.strip()
    if not query:
        return ZoneLookupError(
            text, "empty time zone: write an IANA name such as 'Europe/Brussels'"
        )
    folded = query.casefold()
    if folded in _UTC_NAMES:
        return UTC_KEY
    offset = _parse_offset_input(query)
    if isinstance(offset, ZoneLookupError):
        return offset
    if offset is not None:
        return fixed_offset_key(offset)
    abbrev = _ABBREVIATIONS_BY_UPPER.get(query.upper())
    if abbrev is not None:
        if abbrev.key is not None:
            return abbrev.key
        described = ", ".join(f"{key} ({what})" for key, what in abbrev.candidates)
        return ZoneLookupError(
            query,
            f"ambiguous time zone abbreviation '{query}': could be {described}",
            [key for key, _ in abbrev.candidates],
        )
    t = _tables()
    norm = _norm(query)
    for table in (t.names, t.places, t.cities):
        found = table.get(norm)
        if found is not None:
            return found
    code = query.upper() if len(query) == 2 and query.isalpha() else None
    if code is None or code not in t.countries:
        code = t.country_names.get(norm)
    if code is not None:
        country = t.countries[code]
        if country.principal is not None:
            return country.principal
        if country.zones:
            return _ambiguous_country(query, country)
    return _unknown(query)


def resolve_zone(text: str) -> str:
    """Turn what a user typed into a canonical zone key.

    Tried in order: ``UTC``/``GMT``/``Z``; fixed offsets (``UTC+2``, ``+05:45``,
    ``GMT-3:30``, ``UTC+0530``; ``GMT+5`` means five hours *ahead*, unlike ``Etc/GMT+5``);
    curated abbreviations (``EST`` -> ``America/New_York``; ambiguous ones such as ``IST``
    raise); IANA names and legacy links, case-insensitively (``europe/kiev`` ->
    ``Europe/Kyiv``); curated place names (``Washington``, ``The Hague``); zone cities
    (``new york``, ``Kyiv``); country names and ISO codes (``Japan``, ``NP``) when the country
    has one zone or tzdata marks one as covering most of it.

    Args:
        text: The user's text; surrounding whitespace is ignored.

    Returns:
        The canonical zone key.

    Raises:
        ZoneLookupError: Unknown (with did-you-mean suggestions), ambiguous (with the
            candidates as suggestions), or a malformed/out-of-range offset.
    """
    result = _resolve(text)
    if isinstance(result, ZoneLookupError):
        raise ZoneLookupError(result.query, result.message, result.suggestions)
    return result


# --- Zone facts -----------------------------------------------------------------------------


@functools.lru_cache(maxsize=1024)
def _tzinfo(key: str) -> tzinfo | None:
    if key == UTC_KEY:
        return UTC
    fixed = _parse_fixed_key(key)
    if fixed is not None:
        return timezone(timedelta(seconds=fixed), key)
    if key in _tables().canonical:
        return ZoneInfo(key)
    return None


def get_tzinfo(key: str) -> tzinfo:
    """The rules of a canonical zone key.

    Args:
        key: A canonical key, as returned by :func:`resolve_zone`.

    Returns:
        A ``ZoneInfo`` for IANA keys, ``datetime.timezone.utc`` for ``UTC``, and a fixed
        ``datetime.timezone`` named like the key for ``UTC+HH:MM``.

    Raises:
        ZoneLookupError: If ``key`` is not canonical (the message names the canonical key
            when the text resolves to one).
    """
    tz = _tzinfo(key)
    if tz is not None:
        return tz
    try:
        canonical = resolve_zone(key)
    except ZoneLookupError as exc:
        raise ZoneLookupError(key, exc.message, exc.suggestions) from None
    raise ZoneLookupError(
        key, f"'{key}' is not a canonical zone key; use '{canonical}'", [canonical]
    )


def _at(key: str, utc: int) -> datetime:
    from .localtime import local_datetime  # the one conversion (it imports this module)

    return local_datetime(utc, key)


def offset_seconds(key: str, utc: int) -> int:
    """The zone's UTC offset at an instant.

    Args:
        key: Canonical zone key.
        utc: Seconds since the Unix epoch.

    Returns:
        Seconds east of UTC (``7200`` for CEST).

    Raises:
        ZoneLookupError: If ``key`` is not canonical.
        OverflowError: If the instant is outside years 1..9999 in that zone.
    """
    return _offset(_at(key, utc))


def abbreviation(key: str, utc: int) -> str:
    """The zone's abbreviation at an instant, as tzdata gives it.

    Args:
        key: Canonical zone key.
        utc: Seconds since the Unix epoch.

    Returns:
        ``CEST``, ``EST``; tzdata's numeric form for zones without a customary one
        (``+0545``); the key itself for ``UTC`` and fixed keys (``UTC+02:00``).

    Raises:
        ZoneLookupError: If ``key`` is not canonical.
        OverflowError: If the instant is outside years 1..9999 in that zone.
    """
    return _at(key, utc).tzname() or key


def city_name(key: str) -> str:
    """A human name for a zone key.

    Args:
        key: A zone key.

    Returns:
        The last component with spaces (``America/Argentina/Buenos_Aires`` ->
        ``Buenos Aires``); ``UTC`` and fixed keys unchanged.
    """
    if key == UTC_KEY or _FIXED_KEY_RE.fullmatch(key):
        return key
    return key.rsplit("/", 1)[-1].replace("_", " ")


def all_zones() -> tuple[ZoneRecord, ...]:
    """Every zone listed in ``zone.tab``/``zone1970.tab``, plus ``UTC``, sorted by key."""
    return _tables().records


def zone_record(key: str) -> ZoneRecord | None:
    """Facts about a canonical key, or ``None`` if the key is not canonical.

    Listed zones get their ``zone.tab`` facts; other canonical keys (fixed offsets,
    ``EST5EDT``) get a minimal record.
    """
    record = _tables().by_key.get(key)
    if record is not None:
        return record
    if _tzinfo(key) is None:
        return None
    return ZoneRecord(key, city_name(key), None, None)


# --- Search for pickers ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Haystack:
    fields: tuple[tuple[str, int, int], ...]  # (normalised text, field rank, record index)
    texts: tuple[str, ...]  # unique normalised texts longer than codes, for fuzzy matching
    owners: dict[str, tuple[tuple[int, int], ...]]  # text -> ((field rank, record index), ...)
    records: tuple[ZoneRecord, ...]
    order: tuple[int, ...]  # record index -> zone.tab order


@functools.cache
def _haystack() -> _Haystack:
    t = _tables()
    records = t.records
    fields: list[tuple[str, int, int]] = []
    index = {r.key: i for i, r in enumerate(records)}
    for i, r in enumerate(records):
        fields.append((_norm(r.city), 0, i))
        fields.append((_norm(r.key), 1, i))
        fields.extend((_norm(a), 2, i) for a in r.aliases)
        if r.country_code is not None:
            fields.append((r.country_code.casefold(), 5, i))
    for norm, code in t.country_names.items():  # names from iso3166.tab, and "UK", "USA"...
        country = t.countries[code]
        for key, _comment in country.zones:
            if key in index:  # a country's principal zone ranks before its others
                fields.append((norm, 3 if key == country.principal else 4, index[key]))
    owners: dict[str, list[tuple[int, int]]] = {}
    for text, rank, i in fields:
        owners.setdefault(text, []).append((rank, i))
    return _Haystack(
        fields=tuple(fields),
        texts=tuple(text for text in owners if len(text) > 3),
        owners={k: tuple(v) for k, v in owners.items()},
        records=records,
        order=tuple(t.order.get(r.key, len(t.order)) for r in records),
    )


def search_zones(query: str, limit: int = 20) -> list[ZoneRecord]:
    """Zones matching a picker's query, best first.

    Exact matches of a city, key, alias, country or country code come first, then prefix
    matches (of the whole text or of a word), then substring matches, then fuzzy ones. Ties
    go to cities before keys, aliases and countries, then to ``zone.tab`` order, which lists
    a country's principal zone first.

    Args:
        query: What the user typed so far.
        limit: The most records to return.

    Returns:
        Up to ``limit`` records; for an empty query, all zones sorted by key.
    """
    h = _haystack()
    if limit <= 0:
        return []
    q = _norm(query)
    if not q:
        return list(h.records[:limit])
    best: dict[int, tuple[int, int, float, int]] = {}

    def offer(i: int, tier: int, rank: int, score: float) -> None:
        candidate = (tier, rank, -score, h.order[i])
        if i not in best or candidate < best[i]:
            best[i] = candidate

    for text, rank, i in h.fields:
        if text == q:
            offer(i, 1 if rank == 5 else 0, rank, 100.0)  # a bare code is weak
        elif text.startswith(q):
            offer(i, 1, rank, 100.0)
        elif f" {q}" in f" {text.replace('/', ' ')}":
            offer(i, 2, rank, 100.0)
        elif q in text:
            offer(i, 3, rank, 100.0)
    if len(best) < limit:
        found = process.extract(q, h.texts, scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=80)
        for text, score, _index in found:
            if score < found[0][1] - 12:  # keep near-equals of the best, not noise
                break
            for rank, i in h.owners[text]:
                offer(i, 4, rank, score)
    ranked = sorted(best, key=lambda i: (best[i], h.records[i].key))
    return [h.records[i] for i in ranked[:limit]]


# --- The host's zone and the display zone ---------------------------------------------------


def _zone_from_path(path: str) -> str | None:
    marker = "zoneinfo/"
    at = path.rfind(marker)
    if at < 0:
        return None
    name = path[at + len(marker) :]
    for prefix in ("posix/", "right/"):
        name = name.removeprefix(prefix)
    try:
        return resolve_zone(name)
    except ZoneLookupError:
        return None


def local_zone(env: Mapping[str, str] | None = None, *, warnings: list[str] | None = None) -> str:
    """The host's time zone as a canonical key.

    Looks at ``TZ`` (a leading ``:`` is allowed, and so is a path into a zoneinfo folder;
    an unresolvable value is skipped), then the ``/etc/localtime`` symlink, then
    ``/etc/timezone``. Never raises.

    Args:
        env: Environment to read ``TZ`` from (default: ``os.environ``).
        warnings: If given, a plain-text warning is added here for an unusable ``TZ``.

    Returns:
        The canonical key, or ``UTC`` when nothing usable is found.
    """
    from .safetext import visible

    environ = os.environ if env is None else env
    tz_value = environ.get("TZ", "").strip().removeprefix(":").strip()
    if tz_value:
        if "zoneinfo/" in tz_value:
            found = _zone_from_path(tz_value)
            if found is not None:
                return found
            if warnings is not None:
                shown = visible(tz_value[:100], one_line=True)
                warnings.append(f"TZ: no known zone at '{shown}' (ignored)")
        else:
            try:
                return resolve_zone(tz_value)
            except ZoneLookupError as exc:
                if warnings is not None:
                    warnings.append(f"TZ: {visible(exc.message[:300], one_line=True)} (ignored)")
    try:
        if LOCALTIME_PATH.is_symlink():
            for target in (os.readlink(LOCALTIME_PATH), str(LOCALTIME_PATH.resolve())):
                found = _zone_from_path(target)
                if found is not None:
                    return found
    except OSError:
        pass
    try:
        lines = TIMEZONE_FILE_PATH.read_text(encoding="utf-8").split()
    except (OSError, UnicodeDecodeError):
        lines = []
    if lines:
        try:
            return resolve_zone(lines[0])
        except ZoneLookupError:
            pass
    return UTC_KEY


def display_zone(
    cli_value: str | None,
    env: Mapping[str, str] | None = None,
    *,
    saved: str | None = None,
    warnings: list[str] | None = None,
) -> str:
    """The zone to show times in: the one rule, for the command line and the explorer.

    Precedence: ``--tz``, the saved setting, ``TIMELINE_TZ``, ``TZ``, ``/etc/localtime``
    (then ``/etc/timezone``), ``UTC``.

    Args:
        cli_value: The ``--tz`` value, or ``None`` when not given.
        env: Environment (default: ``os.environ``); ``TIMELINE_TZ`` is used when set and
            non-blank, and ``TZ`` for the host zone.
        saved: The display zone saved in the settings (already resolved), or ``None``.
        warnings: If given (the explorer), an unusable ``TIMELINE_TZ`` or ``TZ`` is
            skipped with a plain-text warning added here, instead of raising. A bad
            ``TIMELINE_TZ`` is reported even when a saved zone wins.

    Returns:
        The first usable zone of the precedence, as a canonical key.

    Raises:
        ZoneLookupError: If ``--tz`` does not resolve, or ``TIMELINE_TZ`` does not and no
            ``warnings`` list was given.
    """
    from .safetext import visible

    if cli_value is not None:
        return resolve_zone(cli_value)
    environ = os.environ if env is None else env
    configured = environ.get("TIMELINE_TZ", "")
    from_env: str | None = None
    if configured.strip():
        try:
            from_env = resolve_zone(configured)
        except ZoneLookupError as exc:
            if warnings is None:
                raise
            shown = visible(exc.message[:300], one_line=True)
            warnings.append(f"TIMELINE_TZ: {shown} (ignored)")
    if saved is not None:
        return saved
    if from_env is not None:
        return from_env
    return local_zone(environ, warnings=warnings)
