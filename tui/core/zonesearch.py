"""Searching zones for pickers and ``timeline zones``: by name, city, country or alias."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .zonedata import ZoneRecord, normalise, tables

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
