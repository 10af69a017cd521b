"""Time zones: turning what a user types into a canonical zone key, and facts about zones.

A *canonical zone key* is one of:

* an IANA zone name as listed in ``zone.tab``/``zone1970.tab`` or defined as a zone in
  ``tzdata.zi`` (``Europe/Brussels``, ``America/New_York``, ``Europe/Amsterdam``);
* ``UTC``;
* a fixed offset written ``UTC+02:00`` / ``UTC-09:30`` (never ``UTC+00:00``: that is ``UTC``).

All zone data comes from the ``tzdata`` package, never from the host, so answers are the same
on every machine. The names people write live in :mod:`tui.core.zonedata`; searching zones
for a picker is :mod:`tui.core.zonesearch`; the host's zone and the display zone are
:mod:`tui.core.hostzone`.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from rapidfuzz import fuzz, process

from .zonedata import (
    MAX_OFFSET_SECONDS,
    UTC_KEY,
    Country,
    ZoneLookupError,
    ZoneRecord,
    city_name,
    fixed_offset_key,
    format_offset,
    normalise,
    parse_fixed_key,
    parse_offset_input,
    tables,
)
from .zonenames import ABBREVIATIONS_BY_UPPER, UTC_NAMES

# the names of zonedata that callers use with resolution are part of this module's surface
__all__ = [
    "MAX_OFFSET_SECONDS",
    "UTC_KEY",
    "ZoneLookupError",
    "ZoneRecord",
    "abbreviation",
    "all_zones",
    "city_name",
    "fixed_offset_key",
    "format_offset",
    "get_tzinfo",
    "offset_seconds",
    "resolve_zone",
    "resolve_zone_why",
    "zone_record",
]

# --- Resolution -----------------------------------------------------------------------------


def _quote_list(items: list[str]) -> str:
    quoted = [f"'{s}'" for s in items]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _suggest(query: str) -> list[str]:
    """Up to three canonical keys that look like ``query``."""
    t = tables()
    q = normalise(query)
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
    elif places := _suggest_places(query):
        suggestions = [key for _label, key in places]
        said = [f"'{label}' ({key})" for label, key in places]
        said_text = ", ".join(said[:-1]) + " or " + said[-1] if len(said) > 1 else said[0]
        message = f"unknown time zone '{query}'; did you mean {said_text}?"
    else:
        message = (
            f"unknown time zone '{query}': use an IANA name such as 'Europe/Brussels', "
            "a city, a country, or an offset such as 'UTC+02:00'"
        )
    return ZoneLookupError(query, message, suggestions)


def _suggest_places(query: str) -> list[tuple[str, str]]:
    """(label, key) of cities of the gazetteer whose names look like ``query``."""
    from .places import could_be_a_place, suggest_places

    if not could_be_a_place(query):
        return []
    return [(place.label, place.key) for place in suggest_places(query)]


def _ambiguous_country(query: str, country: Country) -> ZoneLookupError:
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


def _from_words(query: str) -> tuple[str, str] | ZoneLookupError | None:
    """A CLDR name ("Pacific Time") or a Windows zone ID ("W. Europe Standard Time")."""
    from .zonewords import lookup_word

    found = lookup_word(query)
    if found is None or not isinstance(found, tuple):
        return None if found is None else (found.key, found.why)
    cldr, windows = found
    return ZoneLookupError(
        query,
        f"ambiguous time zone name '{query}': CLDR's English name for {cldr.key}, "
        f"and the Windows zone ID of {windows.key}; use the IANA name",
        [cldr.key, windows.key],
    )


def _from_places(query: str) -> tuple[str, str] | ZoneLookupError:
    """A city of the gazetteer ("Bangalore", "Portland, Oregon"), else an unknown name."""
    from .places import candidates_named, could_be_a_place, find_place, place_why

    if not could_be_a_place(query):  # "UTC+5x", "[bold]x": no city to look for
        return _unknown(query)
    match = find_place(query)
    if match is not None and match.place is not None:
        return match.place.key, place_why(match.place, match.spelling)
    if match is not None:
        shown = match.candidates[:5]
        listed = _quote_list([f"{p.label} ({p.key})" for p in shown]).replace("'", "")
        example = f"{match.spelling}, {shown[0].region or shown[0].label.rsplit(', ', 1)[-1]}"
        message = (
            f"ambiguous place '{query}': could be {listed}; "
            f"add a country or region, as in '{example}'"
        )
        return ZoneLookupError(query, message, [p.key for p in shown])
    if "," in query:
        known = candidates_named(query)[:5]
        if known:
            listed = _quote_list([f"{p.label} ({p.key})" for p in known]).replace("'", "")
            head = query.split(",")[0].strip()
            message = (
                f"unknown place '{query}': no city of 15,000 people or more called "
                f"'{head}' there; known: {listed}"
            )
            return ZoneLookupError(query, message, [p.key for p in known])
    return _unknown(query)


def _offset(dt: datetime) -> int:
    delta = dt.utcoffset()
    return 0 if delta is None else int(delta.total_seconds())


@functools.lru_cache(maxsize=2048)
def _resolve(text: str) -> tuple[str, str] | ZoneLookupError:
    """(key, why) or the error; ``why`` is ``""`` for names the zone tables know."""
    found = _resolve_by_tables(text)
    if found is None:
        query = text.strip()
        if "/" in query:  # "Europe/Brusels": a misspelt IANA name, not a name in words
            return _unknown(query)
        return _from_words(query) or _from_places(query)
    return found if isinstance(found, ZoneLookupError) else (found, "")


def _sources_loaded() -> bool:
    from . import places, zonewords

    return places.is_loaded() and zonewords.is_loaded()


def _resolve_by_tables(text: str) -> str | ZoneLookupError | None:
    """What the zone tables say ``text`` is; ``None`` when they do not know it."""
    query = text.strip()
    if not query:
        return ZoneLookupError(
            text, "empty time zone: write an IANA name such as 'Europe/Brussels'"
        )
    folded = query.casefold()
    if folded in UTC_NAMES:
        return UTC_KEY
    offset = parse_offset_input(query)
    if isinstance(offset, ZoneLookupError):
        return offset
    if offset is not None:
        return fixed_offset_key(offset)
    abbrev = ABBREVIATIONS_BY_UPPER.get(query.upper())
    if abbrev is not None:
        if abbrev.key is not None:
            return abbrev.key
        described = ", ".join(f"{key} ({what})" for key, what in abbrev.candidates)
        return ZoneLookupError(
            query,
            f"ambiguous time zone abbreviation '{query}': could be {described}",
            [key for key, _ in abbrev.candidates],
        )
    t = tables()
    norm = normalise(query)
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
    return None


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
    result = _resolve(text)  # directly, not through resolve_zone_why: called per event zone
    if isinstance(result, ZoneLookupError):
        raise ZoneLookupError(result.query, result.message, result.suggestions)
    return result[0]


def resolve_zone_why(text: str, *, load: bool = True) -> tuple[str, str]:
    """:func:`resolve_zone`, and why the text means that zone.

    Args:
        text: The user's text.
        load: ``False`` not to build the gazetteer or read CLDR's names when they are not
            loaded yet (a picker's keystroke): the text is then unknown unless the zone
            tables know it.

    Returns:
        The canonical key, and ``""`` for names the zone tables know (IANA names, zone
        cities, abbreviations, countries, offsets) or where the name comes from:
        ``Pacific Time (CLDR name)``, ``Bangalore (Bengaluru, India)``.

    Raises:
        ZoneLookupError: As :func:`resolve_zone`.
    """
    if not load and not _sources_loaded():
        found = _resolve_by_tables(text)
        if found is None:
            raise ZoneLookupError(text, f"unknown time zone '{text.strip()}'")
        if isinstance(found, str):
            return found, ""
        result: tuple[str, str] | ZoneLookupError = found
    else:
        result = _resolve(text)
    if isinstance(result, ZoneLookupError):
        raise ZoneLookupError(result.query, result.message, result.suggestions)
    return result


# --- Zone facts -----------------------------------------------------------------------------


@functools.lru_cache(maxsize=1024)
def _tzinfo(key: str) -> tzinfo | None:
    if key == UTC_KEY:
        return UTC
    fixed = parse_fixed_key(key)
    if fixed is not None:
        return timezone(timedelta(seconds=fixed), key)
    if key in tables().canonical:
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


def all_zones() -> tuple[ZoneRecord, ...]:
    """Every zone listed in ``zone.tab``/``zone1970.tab``, plus ``UTC``, sorted by key."""
    return tables().records


def zone_record(key: str) -> ZoneRecord | None:
    """Facts about a canonical key, or ``None`` if the key is not canonical.

    Listed zones get their ``zone.tab`` facts; other canonical keys (fixed offsets,
    ``EST5EDT``) get a minimal record.
    """
    record = tables().by_key.get(key)
    if record is not None:
        return record
    if _tzinfo(key) is None:
        return None
    return ZoneRecord(key, city_name(key), None, None)
