"""Zone keys, offsets and the names people write: curated places, countries, abbreviations
and the tables of the ``tzdata`` package (never the host's), read lazily, once. What
:mod:`tui.core.zones` resolves a typed name against.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from .zonenames import ABBREVIATIONS, COUNTRY_ALIASES, PLACE_ALIASES, PLACE_DIRS

UTC_KEY = "UTC"
"""The canonical key of Coordinated Universal Time."""

MAX_OFFSET_SECONDS = 18 * 3600
"""The largest fixed offset accepted (±18:00, as in ISO 8601 practice and java.time)."""


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


def parse_fixed_key(key: str) -> int | None:
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


def parse_offset_input(text: str) -> int | ZoneLookupError | None:
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


# --- Normalisation --------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Fold text for matching: accents, case, ``_``, punctuation, ``saint`` -> ``st``.

    Written for speed (the gazetteer folds some 390,000 names with it): ASCII text skips the
    Unicode decomposition, and each rewrite runs only when its character is present.
    """
    if text.isascii():
        s = text.lower()
        if s.isalpha():  # one plain word, as most names are
            return "st" if s == "saint" else s
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        s = decomposed.translate(_combining_marks()).casefold()
    s = s.replace("_", " ").replace("&", " and ")
    if "-" in s:
        s = _HYPHEN_RE.sub(" ", s)  # Port-au-Prince, not GMT-5
    if not _DROPPED_CHARS.isdisjoint(s):
        s = s.translate(_DROPPED_PUNCTUATION)
    if "saint" in s:
        s = _SAINT_RE.sub("st", s)
    if "/" in s:
        s = _SLASH_RE.sub("/", s)
    return " ".join(s.split())


_HYPHEN_RE = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")
_SAINT_RE = re.compile(r"\bsaint\b")
_SLASH_RE = re.compile(r"\s*/\s*")
_DROPPED_CHARS = frozenset(".,'’()")
_DROPPED_PUNCTUATION = str.maketrans("", "", "".join(_DROPPED_CHARS))


@functools.cache
def _combining_marks() -> dict[int, None]:
    """A ``str.translate`` table deleting every combining mark (all lie below U+20000)."""
    return {cp: None for cp in range(0x20000) if unicodedata.combining(chr(cp))}


# --- Tables ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str
    zones: tuple[tuple[str, str], ...]  # (key, comment) in zone.tab order
    principal: str | None


@dataclass(frozen=True, slots=True)
class Tables:
    canonical: frozenset[str]  # IANA keys we keep as they are
    names: dict[str, str]  # normalised IANA name (zone or link) -> canonical key
    cities: dict[str, str]  # normalised city -> canonical key
    places: dict[str, str]  # normalised curated alias -> canonical key
    countries: dict[str, Country]  # code -> country
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
) -> tuple[dict[str, Country], dict[str, str]]:
    """Countries by code, and normalised country names (and common variants) -> code."""
    by_country: dict[str, list[tuple[str, str]]] = {}
    for row in zone_tab:
        by_country.setdefault(row[0], []).append((row[2], _comment(row)))
    countries: dict[str, Country] = {}
    for code, name in iso.items():
        czones = tuple(by_country.get(code, ()))
        countries[code] = Country(code, name, czones, _principal_zone(name, czones))
    names: dict[str, str] = {}
    bases = {code: normalise(re.sub(r"\(.*?\)", "", name)) for code, name in iso.items()}
    base_counts: dict[str, int] = {}
    for base in bases.values():
        base_counts[base] = base_counts.get(base, 0) + 1
    for code, name in iso.items():
        names[normalise(name)] = code
        if base_counts[bases[code]] == 1:  # "Britain (UK)" -> "Britain"; not "Korea"
            names.setdefault(bases[code], code)
    for alias, code in COUNTRY_ALIASES.items():
        names[normalise(alias)] = code
    return countries, names


@functools.cache
def tables() -> Tables:
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
            names[normalise(z)] = result
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
        if names.setdefault(normalise(link), result) == result:
            link_names.add(normalise(link))
        if result in canonical:
            legacy.setdefault(result, []).append(link)
            if link.split("/")[0] in PLACE_DIRS:  # Asia/Calcutta -> "Calcutta"
                cities.setdefault(normalise(link.rsplit("/", 1)[-1]), result)
    for key in canonical:  # real zone cities win over legacy spellings
        cities[normalise(city_name(key))] = key

    countries, country_names = _country_tables(iso, zone_tab)
    # A legacy link named after a country means that country's zone: "Iceland" is linked to
    # Africa/Abidjan (same rules since 1970), but people mean Atlantic/Reykjavik.
    for norm in link_names & set(country_names):
        principal = countries[country_names[norm]].principal
        if principal is not None:
            names[norm] = principal

    records = _records(listed, iso, legacy)

    order: dict[str, int] = {}  # zone.tab order: a country's principal zone comes first
    for key in [row[2] for row in zone_tab] + sorted(listed) + [UTC_KEY]:
        order.setdefault(key, len(order))
    return Tables(
        canonical=canonical,
        names=names,
        cities=cities,
        places={normalise(alias): key for alias, key in PLACE_ALIASES.items()},
        countries=countries,
        country_names=country_names,
        records=tuple(records),
        by_key={r.key: r for r in records},
        order=order,
    )


def _records(
    listed: dict[str, tuple[str, str]], iso: dict[str, str], legacy: dict[str, list[str]]
) -> list[ZoneRecord]:
    """A record for UTC and each listed zone, with every name that resolves to it, by key."""
    aliases: dict[str, list[str]] = {}
    for alias, key in PLACE_ALIASES.items():
        aliases.setdefault(key, []).append(alias)
    for abbr, entry in ABBREVIATIONS.items():
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
    return records


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
