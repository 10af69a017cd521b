"""Searching zones for pickers and ``timeline zones``: by name, city, country or alias
(:func:`search_zones`, the zone tables alone, a few milliseconds), and by all of that plus
CLDR's names, Windows zone IDs and the gazetteer's cities, saying why each zone matched
(:func:`find_zones`)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from . import places, zonewords
from .zonedata import ZoneLookupError, ZoneRecord, normalise, tables
from .zones import resolve_zone_why, zone_record

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
    t = tables()
    records = t.records
    fields: list[tuple[str, int, int]] = []
    index = {r.key: i for i, r in enumerate(records)}
    for i, r in enumerate(records):
        fields.append((normalise(r.city), 0, i))
        fields.append((normalise(r.key), 1, i))
        fields.extend((normalise(a), 2, i) for a in r.aliases)
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
    q = normalise(query)
    if not q:
        return list(h.records[:limit])
    best = _table_hits(h, q, limit)
    ranked = sorted(best, key=lambda i: (best[i], h.records[i].key))
    return [h.records[i] for i in ranked[:limit]]


def _tier(text: str, q: str) -> int | None:
    """0 for the same text, 1 a prefix, 2 a word's prefix, 3 inside it; ``None`` if not."""
    if text == q:
        return 0
    if text.startswith(q):
        return 1
    if f" {q}" in f" {text.replace('/', ' ')}":
        return 2
    return 3 if q in text else None


def _table_hits(h: _Haystack, q: str, limit: int) -> dict[int, tuple[int, int, float, int]]:
    """Record index -> (tier, field rank, -score, zone.tab order) for the zone tables."""
    best: dict[int, tuple[int, int, float, int]] = {}

    def offer(i: int, tier: int, rank: int, score: float) -> None:
        candidate = (tier, rank, -score, h.order[i])
        if i not in best or candidate < best[i]:
            best[i] = candidate

    for text, rank, i in h.fields:
        tier = _tier(text, q)
        if tier is not None:
            offer(i, 1 if tier == 0 and rank == 5 else tier, rank, 100.0)  # a bare code is weak
    if len(best) < limit:
        found = process.extract(q, h.texts, scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=80)
        for text, score, _index in found:
            if score < found[0][1] - 12:  # keep near-equals of the best, not noise
                break
            for rank, i in h.owners[text]:
                offer(i, 4, rank, score)
    return best


# --- Search with reasons --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ZoneHit:
    """A zone found by :func:`find_zones`, and why.

    Attributes:
        record: The zone's facts.
        why: ``""`` when the zone's own name, city, alias or country matched; else what
            matched: ``Bangalore (Bengaluru, India)``, ``Pacific Time (CLDR name)``,
            ``W. Europe Standard Time (Windows zone)``.
    """

    record: ZoneRecord
    why: str = ""


def _record(key: str) -> ZoneRecord:
    return zone_record(key) or ZoneRecord(key, key, None, None)


def find_zones(query: str, limit: int = 20, *, load: bool = True) -> list[ZoneHit]:
    """Zones matching a query, best first, with why each matched.

    First what the text resolves to (as a file or ``--tz`` would read it), then matches of
    the zone tables, CLDR's names and Windows zone IDs, and cities of the gazetteer
    (three characters or more), each ranked as :func:`search_zones` ranks: the same text,
    then a prefix, a word's prefix, a substring, a fuzzy match; at equal rank the zone tables
    first, then names in words, then cities by people. One hit per zone.

    Args:
        query: What the user typed.
        limit: The most hits.
        load: ``False`` to use CLDR's names and the gazetteer only if already loaded (so a
            keystroke never waits for them).

    Returns:
        Up to ``limit`` hits; for an empty query, every zone by key.
    """
    if limit <= 0:
        return []
    q = normalise(query)
    if not q:
        return [ZoneHit(r) for r in search_zones("", limit)]
    ranked: list[tuple[tuple[int, int, float, str], str, str]] = []  # (order, key, why)
    unexplained: set[str] = set()  # an ambiguous name's candidates, to say which city
    try:
        key, why = resolve_zone_why(query, load=load)
        ranked.append(((-1, 0, 0.0, ""), key, why))
    except ZoneLookupError as exc:  # an ambiguous name: its candidates, best first
        ranked.extend(((-1, 0, float(n), ""), key, "") for n, key in enumerate(exc.suggestions))
        unexplained.update(exc.suggestions)
    h = _haystack()
    for i, (tier, rank, score, order) in _table_hits(h, q, limit).items():
        ranked.append(((tier, 0, rank + score / 1000, f"{order:06d}"), h.records[i].key, ""))
    if load or zonewords.is_loaded():
        words = zonewords.zone_words()
        for word, norm in zip(words.words, words.normalised, strict=True):
            word_tier = _tier(norm, q)
            if word_tier is not None:
                ranked.append(((word_tier, 1, 0.0, word.name), word.key, word.why))
    if len(q) >= 3 and (load or places.is_loaded()):
        for n, (place, spelling, exact) in enumerate(places.search_places(query, limit)):
            why = places.place_why(place, spelling)
            ranked.append(((0 if exact else 1, 2, float(n), ""), place.key, why))
    ranked.sort(key=lambda item: item[0])
    hits: dict[str, ZoneHit] = {}
    for _order, key, why in ranked:
        if key not in hits:
            if len(hits) == limit:
                break
            hits[key] = ZoneHit(_record(key), why)
        elif why and key in unexplained:
            hits[key] = ZoneHit(hits[key].record, why)
            unexplained.discard(key)
    return list(hits.values())


# what neither a city nor a zone name in words has (Windows IDs have digits: "UTC-11")
_NOT_IN_NAMES = re.compile(r"[/:;\[\]{}<>*!?~@#$%^=+|\\\"_]")


def tables_do_not_know(query: str, hits: list[ZoneHit]) -> bool:
    """Whether no zone's key, city, alias or country among ``hits`` begins with the query
    (three characters or more): then the gazetteer and CLDR's names are worth loading.

    ``timeline zones`` and the picker search with ``load=False`` first and load them only
    then, so ``kyiv`` or ``europe/b`` never pay for building the gazetteer.
    """
    q = normalise(query)
    if len(q) < 3 or _NOT_IN_NAMES.search(query) or not query.isprintable():
        return False  # "[bold]x", "UTC+5x", a misspelt IANA name: neither a city nor a name
    for hit in hits:
        r = hit.record
        names = (r.city, r.key, r.key.rsplit("/", 1)[-1], r.country or "", *r.aliases)
        if any(normalise(name).startswith(q) for name in names):
            return False
    return True
