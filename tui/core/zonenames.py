"""The zone names people write that tzdata does not have: places that are not zone cities,
countries as people name them, and abbreviations (which name a zone with its rules, or are
ambiguous). Every value is a canonical zone key; a test checks them all.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- Curated tables -------------------------------------------------------------------------

# Places that are not IANA zone cities. Values must be canonical keys (a test checks).
PLACE_ALIASES: dict[str, str] = {
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
COUNTRY_ALIASES: dict[str, str] = {
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
class Abbreviation:
    key: str | None
    candidates: tuple[tuple[str, str], ...] = ()


def _one(key: str) -> Abbreviation:
    return Abbreviation(key)


def _many(*candidates: tuple[str, str]) -> Abbreviation:
    return Abbreviation(None, candidates)


# Abbreviations name a *zone* (with its daylight-saving rules), not a fixed offset: "EST" is
# New York, so a July time written with EST is read as EDT. They are checked before IANA names,
# so "EST", "MST" and "HST" mean what people mean, not tzdata's legacy fixed zones. An
# abbreviation that names places with different rules (IST, CST, MST, AEST...) is ambiguous.
ABBREVIATIONS: dict[str, Abbreviation] = {
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

ABBREVIATIONS_BY_UPPER = {abbr.upper(): entry for abbr, entry in ABBREVIATIONS.items()}

# Names meaning UTC itself (besides IANA links such as Etc/UTC, Zulu, Universal).
UTC_NAMES = frozenset({"utc", "gmt", "z", "ut", "zulu", "uct", "universal", "greenwich"})

# Link directories whose last component is a real place name worth accepting as a city.
PLACE_DIRS = frozenset(
    {"Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Europe", "Indian", "Pacific"}
)
