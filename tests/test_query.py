"""Filtering: search words, actors through groups, tags, dates, and search narrowing."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from bench.generate import generate
from tui.core.loader import load_text, load_timeline
from tui.core.localtime import covered_days
from tui.core.model import Timeline
from tui.core.query import Filter, TimelineIndex, UnknownActorError, participant_zones

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def seed() -> Timeline:
    return load_timeline(ROOT / "events.yaml")


@pytest.fixture(scope="module")
def big() -> Timeline:
    return load_text(generate(1500, seed=3), "g.yaml")


def brute(timeline: Timeline, flt: Filter) -> list[int]:
    """The filter's meaning, spelled out event by event."""
    index = TimelineIndex.build(timeline)
    words = flt.text.lower().split()
    out = []
    for pos, event in enumerate(timeline.events):
        hay = index.haystacks[pos]
        if not all(w in hay for w in words):
            continue
        if not all(pos in index.involved(a) for a in flt.actors):
            continue
        if not {t.lower() for t in flt.tags} <= {t.lower() for t in event.tags}:
            continue
        out.append(pos)
    return out


def test_actor_filter_goes_through_groups(seed: Timeline) -> None:
    index = TimelineIndex.build(seed)
    putin = index.resolve_actor("Putin")
    ids = {seed.events[i].id for i in index.matches(Filter(actors=(putin,)))}
    assert "alaska-summit-2025" in ids  # through the Russian delegation group
    assert "nato-chods-vtc-2025" not in ids
    for i in index.matches(Filter(actors=(putin,))):
        assert putin in index.participants_of(i)


def test_alias_and_unknown_actor(seed: Timeline) -> None:
    index = TimelineIndex.build(seed)
    assert index.resolve_actor("zelensky") == "zelenskyy"
    with pytest.raises(UnknownActorError) as info:
        index.resolve_actor("Zelenskky")
    assert "Volodymyr Zelenskyy" in info.value.suggestions


def test_date_range_uses_the_given_days(seed: Timeline) -> None:
    index = TimelineIndex.build(seed)
    found = index.matches(Filter(since=date(2025, 8, 20), until=date(2025, 8, 20)))
    assert "nato-chods-vtc-2025" in {seed.events[i].id for i in found}
    assert "hague-summit-2025" not in {seed.events[i].id for i in found}


def test_filters_agree_with_their_meaning(big: Timeline) -> None:
    index = TimelineIndex.build(big)
    rng = random.Random(1)
    actors = list(big.actors)
    tags = sorted({t for e in big.events for t in e.tags})
    for _ in range(60):
        flt = Filter(
            text=rng.choice(["", "summit", "talks in", "a", "xyzzy", "ministers meet"]),
            actors=tuple(rng.sample(actors, rng.choice([0, 0, 1, 2]))),
            tags=tuple(rng.sample(tags, rng.choice([0, 0, 1]))),
        )
        assert index.matches(flt) == brute(big, flt), flt


def test_typing_on_narrows_to_the_same_result(big: Timeline) -> None:
    typing = TimelineIndex.build(big)
    actor = next(iter(big.actors))
    for actors in ((), (actor,)):
        text = ""
        for ch in "summit talks":
            text += ch
            flt = Filter(text=text, actors=actors)
            fresh = TimelineIndex.build(big).matches(flt)
            assert typing.matches(flt) == fresh, text
        # backspacing is not a narrowing: it is computed afresh
        assert typing.matches(Filter(text="sum", actors=actors)) == brute(
            big, Filter(text="sum", actors=actors)
        )


def test_a_filter_is_a_value_and_narrows_with_a_date_range_on(
    big: Timeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    dated = Filter(since=date(2020, 1, 1), until=date(2030, 12, 31), zone="Asia/Tokyo")
    assert replace(dated, text="su") == replace(dated, text="su")
    typing = TimelineIndex.build(big)
    full_scans: list[str] = []
    real = TimelineIndex._matches

    def counted(index: TimelineIndex, flt: Filter) -> list[int]:
        full_scans.append(flt.text)
        return real(index, flt)

    monkeypatch.setattr(TimelineIndex, "_matches", counted)
    text = ""
    for ch in "summit":
        text += ch
        flt = replace(dated, text=text)
        assert typing.matches(flt) == TimelineIndex.build(big).matches(flt), text
    # each fresh index scanned once; the typing one only for the first letter
    assert full_scans.count("s") == 2
    assert full_scans.count("su") == 1
    # another zone reads the days differently: that is not a narrowing
    typing.matches(replace(dated, text="summits", zone="UTC"))
    assert full_scans[-1] == "summits"


def test_a_date_range_is_read_in_the_filter_zone(big: Timeline) -> None:
    index = TimelineIndex.build(big)
    day = date(2025, 8, 20)
    for zone in ("UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago", None):
        found = set(index.matches(Filter(since=day, until=day, zone=zone)))
        expected = set()
        for pos, event in enumerate(big.events):
            first, last = covered_days(event.start, event.end, zone)
            if first <= day.toordinal() <= last:
                expected.add(pos)
        assert found == expected, zone


# --- who takes part, and by which zones they live ---------------------------------------

PARTICIPANTS = """
title: Participants
timezone: UTC
actors:
  merz: {name: Friedrich Merz, timezone: Europe/Berlin}
  macron: {name: Emmanuel Macron, timezone: Europe/Paris}
  starmer: {name: Keir Starmer, timezone: Europe/London}
  scholz: {name: Olaf Scholz, timezone: Europe/Berlin}
  nobody: {name: No Zone}
  e3:
    name: E3
    kind: group
    timezone: Europe/Brussels
    members: [starmer, merz, macron, nobody]
events:
  - id: call
    title: Call
    start: 2025-08-13
    actors: [scholz, e3, merz]
"""


def test_participant_zones_expand_groups_in_order_of_mention() -> None:
    timeline = load_text(PARTICIPANTS, "p.yaml")
    call = timeline.by_id["call"]
    # scholz first; then the group itself, then its members sorted by id; merz only once;
    # an actor without a zone is left out; people sharing a zone share its entry
    zones = participant_zones(call, timeline)
    assert list(zones.items()) == [
        ("Europe/Berlin", ["Olaf Scholz", "Friedrich Merz"]),
        ("Europe/Brussels", ["E3"]),
        ("Europe/Paris", ["Emmanuel Macron"]),
        ("Europe/London", ["Keir Starmer"]),
    ]
    # without groups that have a zone of their own (a report row per person)
    people = participant_zones(call, timeline, groups=False)
    assert list(people.items()) == [
        ("Europe/Berlin", ["Olaf Scholz", "Friedrich Merz"]),
        ("Europe/Paris", ["Emmanuel Macron"]),
        ("Europe/London", ["Keir Starmer"]),
    ]


def test_what_is_built_on_first_use_is_built_once_by_threads_asking_together(
    big: Timeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A search typed while a worker prepares the index waits for that work: the search
    text and the inverted indexes are each built once, and every thread gets the same."""
    import threading
    import time

    built: list[str] = []
    haystacks = TimelineIndex._worked_out_haystacks
    postings = TimelineIndex._worked_out_postings

    def slow_haystacks(self: TimelineIndex) -> list[str]:
        built.append("haystacks")
        time.sleep(0.05)  # long enough for the other threads to ask meanwhile
        return haystacks(self)

    def slow_postings(self: TimelineIndex) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
        built.append("postings")
        time.sleep(0.05)
        return postings(self)

    monkeypatch.setattr(TimelineIndex, "_worked_out_haystacks", slow_haystacks)
    monkeypatch.setattr(TimelineIndex, "_worked_out_postings", slow_postings)
    index = TimelineIndex.build(big)
    results: list[tuple[int, int, list[int]]] = []

    def ask() -> None:
        found = index.matches(Filter(text="summit"))
        results.append((id(index.haystacks), id(index.postings), found))

    threads = [threading.Thread(target=index.prepare)]
    threads += [threading.Thread(target=ask) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(built) == ["haystacks", "postings"]
    assert len({(h, p) for h, p, _ in results}) == 1
    assert all(found == results[0][2] for _, _, found in results)
    assert results[0][2] == TimelineIndex.build(big).matches(Filter(text="summit"))
