"""Zone names in words: CLDR's English names ("Pacific Time", "Central European Summer Time")
and Windows zone IDs ("W. Europe Standard Time"), both from the CLDR data that ``babel``
carries, read lazily, once.

A CLDR name belongs to a *metazone* (``America_Pacific``), which many zones share; it means the
metazone's *golden zone*, the one CLDR maps it to for the world (territory ``001``). babel
carries which metazone each zone is in, but not the golden zones, so the metazones that have
more than one zone name theirs here (from CLDR's ``metaZones.xml``; a test checks every one is
a member of its metazone). A Windows ID means the zone CLDR's ``windowsZones.xml`` maps it to
for territory ``001``.

Where the two disagree on a spelling ("Arabian Standard Time" is Saudi Arabia in CLDR's
English but the Gulf states for Windows), the name is ambiguous when the two zones keep
different clocks today, and the CLDR reading wins when they keep the same ones ("Central
European Standard Time": Paris for CLDR, Warsaw for Windows).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from .zonedata import UTC_KEY, normalise, tables

# The golden zone of each metazone that has several zones (CLDR metaZones.xml, territory 001),
# spelled as CLDR spells it; canonical keys are worked out through tzdata's links.
GOLDEN_ZONES: dict[str, str] = {
    "Acre": "America/Rio_Branco",
    "Africa_Central": "Africa/Maputo",
    "Africa_Eastern": "Africa/Nairobi",
    "Africa_Southern": "Africa/Johannesburg",
    "Africa_Western": "Africa/Lagos",
    "Alaska": "America/Juneau",
    "Amazon": "America/Manaus",
    "America_Central": "America/Chicago",
    "America_Eastern": "America/New_York",
    "America_Mountain": "America/Denver",
    "America_Pacific": "America/Los_Angeles",
    "Arabian": "Asia/Riyadh",
    "Argentina": "America/Buenos_Aires",
    "Atlantic": "America/Halifax",
    "Australia_Central": "Australia/Adelaide",
    "Australia_Eastern": "Australia/Sydney",
    "Australia_Western": "Australia/Perth",
    "Brasilia": "America/Sao_Paulo",
    "British": "Europe/London",
    "Chamorro": "Pacific/Saipan",
    "Chile": "America/Santiago",
    "China": "Asia/Shanghai",
    "Europe_Central": "Europe/Paris",
    "Europe_Eastern": "Europe/Bucharest",
    "Europe_Western": "Atlantic/Canary",
    "GMT": "Atlantic/Reykjavik",
    "Greenland": "America/Nuuk",
    "Gulf": "Asia/Dubai",
    "India": "Asia/Kolkata",
    "Indochina": "Asia/Bangkok",
    "Indonesia_Western": "Asia/Jakarta",
    "Kamchatka": "Asia/Kamchatka",
    "Kazakhstan": "Asia/Almaty",
    "Korea": "Asia/Seoul",
    "Krasnoyarsk": "Asia/Krasnoyarsk",
    "Magadan": "Asia/Magadan",
    "Malaysia": "Asia/Kuching",
    "Marshall_Islands": "Pacific/Majuro",
    "Mexico_Pacific": "America/Mazatlan",
    "Moscow": "Europe/Moscow",
    "New_Zealand": "Pacific/Auckland",
    "Samara": "Europe/Samara",
    "Samoa": "Pacific/Pago_Pago",
    "Uzbekistan": "Asia/Tashkent",
    "Vladivostok": "Asia/Vladivostok",
    "Yakutsk": "Asia/Yakutsk",
    "Yukon": "America/Whitehorse",
}

# "Greenwich Mean Time" is offset zero without daylight saving time, which is our UTC; the
# GMT metazone's golden zone (Reykjavik) would show a place nobody meant.
_METAZONE_KEYS = {"GMT": UTC_KEY}


@dataclass(frozen=True, slots=True)
class ZoneWord:
    """A zone name in words and the zone it means.

    Attributes:
        name: The name as CLDR or Windows spells it (``Pacific Time``).
        key: The canonical zone key it means (``America/Los_Angeles``).
        source: ``cldr`` for CLDR's English names, ``windows`` for Windows zone IDs.
    """

    name: str
    key: str
    source: Literal["cldr", "windows"]

    @property
    def why(self) -> str:
        """Where the name comes from, for listings: ``Pacific Time (CLDR name)``."""
        return f"{self.name} ({'Windows zone' if self.source == 'windows' else 'CLDR name'})"


@dataclass(frozen=True, slots=True)
class Words:
    by_name: dict[str, ZoneWord]  # normalised name -> the word it means
    clashes: dict[str, tuple[ZoneWord, ZoneWord]]  # normalised name -> (CLDR, Windows)
    words: tuple[ZoneWord, ...]  # every name, CLDR first, for searching
    normalised: tuple[str, ...]  # each word's name, normalised


def _canonical(zone: str) -> str | None:
    return tables().names.get(normalise(zone))


def _cldr_words() -> list[ZoneWord]:
    from babel.core import Locale, get_global

    members: dict[str, list[str]] = {}
    for zone, metazone in get_global("meta_zones").items():
        members.setdefault(metazone, []).append(zone)
    english = Locale("en")
    words: list[ZoneWord] = []
    # metazones named in _METAZONE_KEYS first: "Greenwich Mean Time" is also the standard
    # name of the British and Irish metazones, and it means GMT itself
    for metazone, zones in sorted(members.items(), key=lambda m: (m[0] not in _METAZONE_KEYS, m)):
        golden = GOLDEN_ZONES.get(metazone, zones[0] if len(zones) == 1 else "")
        key = _METAZONE_KEYS.get(metazone) or _canonical(golden)
        names = english.meta_zones.get(metazone, {}).get("long", {})
        if key is not None:
            words.extend(ZoneWord(name, key, "cldr") for name in names.values())
    for zone, forms in english.time_zones.items():  # "Coordinated Universal Time"
        key = _canonical(zone)
        long_names = forms.get("long", {})
        if key is not None:
            words.extend(ZoneWord(name, key, "cldr") for name in long_names.values())
    return words


def _windows_words() -> list[ZoneWord]:
    from babel.core import get_global

    words = []
    for name, zone in sorted(get_global("windows_zone_mapping").items()):
        key = _canonical(zone)
        if key is not None:
            words.append(ZoneWord(name, key, "windows"))
    return words


def _same_clocks_today(a: str, b: str) -> bool:
    from .zones import offset_seconds

    year = datetime.now(UTC).year
    probes = [int(datetime(year, month, 15, tzinfo=UTC).timestamp()) for month in (1, 4, 7, 10)]
    return all(offset_seconds(a, t) == offset_seconds(b, t) for t in probes)


@functools.cache
def zone_words() -> Words:
    """Every CLDR English zone name and Windows zone ID, indexed by normalised name."""
    by_name: dict[str, ZoneWord] = {}
    clashes: dict[str, tuple[ZoneWord, ZoneWord]] = {}
    cldr = _cldr_words()
    for word in cldr:
        by_name.setdefault(normalise(word.name), word)  # Greenwich Mean Time: GMT first
    windows = _windows_words()
    for word in windows:
        norm = normalise(word.name)
        known = by_name.get(norm)
        if known is None:
            by_name[norm] = word
        elif known.key != word.key and not _same_clocks_today(known.key, word.key):
            clashes[norm] = (known, word)
    for norm in clashes:
        del by_name[norm]
    every = tuple(cldr + windows)
    return Words(by_name, clashes, every, tuple(normalise(w.name) for w in every))


def is_loaded() -> bool:
    """Whether the names are read (so a lookup will not pay for reading them)."""
    return zone_words.cache_info().currsize > 0


def lookup_word(text: str) -> ZoneWord | tuple[ZoneWord, ZoneWord] | None:
    """The zone a name in words means.

    Args:
        text: What the user typed (``Pacific Time``, ``w. europe standard time``).

    Returns:
        The :class:`ZoneWord`; a (CLDR, Windows) pair when the two readings keep different
        clocks today; ``None`` when the text is neither a CLDR name nor a Windows ID.
    """
    words = zone_words()
    norm = normalise(text)
    return words.by_name.get(norm) or words.clashes.get(norm)
