"""The bundled 2025 timeline: the four events at the right instants, everything sourced."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tui.core.loader import load_timeline
from tui.core.locations import bundled_events_path
from tui.core.model import CalendarDate, Instant, Timeline

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def timeline() -> Timeline:
    return load_timeline(ROOT / "events.yaml")


def utc(year: int, month: int, day: int, hour: int, minute: int) -> int:
    return int(datetime(year, month, day, hour, minute, tzinfo=UTC).timestamp())


@pytest.mark.parametrize(
    ("event_id", "instant", "zone"),
    [
        ("alaska-summit-2025", utc(2025, 8, 15, 19, 0), "America/Anchorage"),
        ("white-house-meeting-2025", utc(2025, 8, 18, 17, 0), "America/New_York"),
        ("nato-chods-vtc-2025", utc(2025, 8, 20, 12, 30), "Europe/Brussels"),
    ],
)
def test_timed_seed_events(timeline: Timeline, event_id: str, instant: int, zone: str) -> None:
    event = timeline.by_id[event_id]
    assert isinstance(event.start, Instant)
    assert event.start.utc == instant
    assert event.timezone == zone


def test_hague_summit_is_two_calendar_days(timeline: Timeline) -> None:
    event = timeline.by_id["hague-summit-2025"]
    assert event.start == CalendarDate(2025, 6, 24)
    assert event.end == CalendarDate(2025, 6, 25)
    assert event.timezone == "Europe/Amsterdam"
    assert event.all_day


def test_every_event_is_sourced_with_a_url(timeline: Timeline) -> None:
    for event in timeline.events:
        assert event.sources, event.id
        assert all(s.url and s.url.startswith(("http://", "https://")) for s in event.sources), (
            event.id
        )
        assert event.confidence, event.id


def test_agendas_and_groups(timeline: Timeline) -> None:
    for parent in ("hague-summit-2025", "alaska-summit-2025", "white-house-meeting-2025"):
        assert len(timeline.children.get(parent, ())) >= 3, parent
    groups = [a for a in timeline.actors.values() if a.members]
    assert len(groups) >= 4
    zelenskyy = timeline.actors["zelenskyy"]
    assert {"Zelensky", "Zelenskiy"} <= set(zelenskyy.aliases)
    assert zelenskyy.timezone == "Europe/Kyiv"


DELEGATION = {"yermak", "umerov", "kyslytsya", "markarova", "palisa"}
"""Ukraine's White House delegation beside Zelenskyy: the notes give none of them a post."""


def test_people_have_home_zones_by_one_rule(timeline: Timeline) -> None:
    # a zone where the notes give a post; none where they do not, never one from nationality
    people = [a for a in timeline.actors.values() if a.kind and a.kind.value == "person"]
    assert {a.id for a in people if not a.timezone} == DELEGATION
    members = set(timeline.actors["ukrainian-delegation-white-house"].members)
    assert members == DELEGATION | {"zelenskyy"}


def test_group_names_claim_no_more_than_their_members(timeline: Timeline) -> None:
    # Grynkewich (SACEUR) and Cavo Dragone (the chair) are not Chiefs of Defence
    assert "nato-chiefs-of-defence" not in timeline.actors
    for actor in timeline.actors.values():
        if {"grynkewich", "cavo-dragone"} & set(actor.members):
            names = [actor.name, *actor.aliases]
            assert not any(n.lower() in ("chiefs of defence", "chods") for n in names), actor.id
            assert not actor.name.startswith("NATO Chiefs of Defence"), actor.id
    vtc = timeline.by_id["nato-chods-vtc-2025"]
    assert "nato-chods-vtc-named-participants" in vtc.actors


@pytest.mark.parametrize(
    "event_id", ["hague-summit-announcement-2024", "alaska-tarmac-welcome-2025"]
)
def test_single_source_facts_are_not_called_confirmed(timeline: Timeline, event_id: str) -> None:
    event = timeline.by_id[event_id]
    notes = " ".join(event.notes).lower()
    assert event.confidence == "single-source"
    assert "several sources" not in notes
    assert len(event.sources) == 1


def test_the_articles_error_list_has_the_unzoned_time(timeline: Timeline) -> None:
    notes = " ".join(timeline.by_id["brussels-morning-article-2025"].notes)
    assert "without a zone" in " ".join(notes.split())
    assert "2:30 pm" in notes


def test_bundled_copy_is_the_same_file() -> None:
    assert bundled_events_path().read_bytes() == (ROOT / "events.yaml").read_bytes()


def test_article_errors_are_noted(timeline: Timeline) -> None:
    notes = " ".join(timeline.by_id["nato-chods-vtc-2025"].notes).lower()
    assert "defen" in notes and "minister" in notes
    hague_notes = " ".join(timeline.by_id["hague-summit-2025"].notes).lower()
    assert "chiefs of defence" in hague_notes or "heads of state" in hague_notes
