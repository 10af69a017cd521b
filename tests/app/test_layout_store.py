"""Placements kept beside the cache entry: the same layout as one worked out afresh, read
back without placing an event, per zone and grouping, and never trusted when tampered with."""

from __future__ import annotations

import marshal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from bench.generate import generate
from tui.app import layout_store, row_layout
from tui.app.layout_store import load_places, side_name, store_places, to_plain
from tui.app.row_layout import Granularity, ZoneLayoutCache, lay_out, place_all
from tui.core import cacheextra
from tui.core.cache import entry_name, load_keyed
from tui.core.cacheextra import side_key, store_side
from tui.core.model import Timeline


@pytest.fixture
def loaded(tmp_path: Path) -> tuple[Timeline, str]:
    path = tmp_path / "t.yaml"
    path.write_text(generate(300, seed=21), encoding="utf-8")
    timeline, key = load_keyed(path)  # writes the entry (and the secret)
    assert key is not None
    return timeline, key


def layout_fields(layout: row_layout.ZoneLayout) -> tuple[Any, ...]:
    return (
        layout.keys,
        layout.placed,
        layout.order,
        layout.day_ord,
        layout.last_ord,
        layout.parent_pos,
        layout.kids,
    )


@pytest.mark.parametrize("zone", ["UTC", "Asia/Kathmandu", "America/St_Johns"])
@pytest.mark.parametrize("by_month", [False, True])
def test_a_stored_layout_is_the_layout_worked_out_afresh(
    loaded: tuple[Timeline, str], zone: str, by_month: bool
) -> None:
    timeline, key = loaded
    store_places(key, zone, by_month, place_all(timeline, zone, by_month, None))
    stored = load_places(key, zone, by_month, timeline)
    assert stored is not None
    fresh = lay_out(timeline, zone, by_month, None)
    assert layout_fields(lay_out(timeline, zone, by_month, None, stored)) == layout_fields(fresh)


def test_the_second_opening_places_no_event(
    loaded: tuple[Timeline, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    timeline, key = loaded
    first = ZoneLayoutCache("Europe/Kyiv", Granularity.DAY, key).layout(timeline, None)

    def no_placing(*_args: object) -> None:
        raise AssertionError("a stored layout must not be worked out again")

    monkeypatch.setattr(row_layout, "_place_all", no_placing)
    again = ZoneLayoutCache("Europe/Kyiv", Granularity.DAY, key).layout(timeline, None)
    assert layout_fields(again) == layout_fields(first)
    with pytest.raises(AssertionError, match="must not be worked out"):  # another zone
        ZoneLayoutCache("Asia/Tokyo", Granularity.DAY, key).layout(timeline, None)
    with pytest.raises(AssertionError, match="must not be worked out"):  # another grouping
        ZoneLayoutCache("Europe/Kyiv", Granularity.MONTH, key).layout(timeline, None)


def test_without_a_cache_key_nothing_is_stored(
    loaded: tuple[Timeline, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    timeline, _key = loaded
    stored: list[str] = []
    monkeypatch.setattr(layout_store, "store_side", lambda *args, **_kw: stored.append(args[1]))
    ZoneLayoutCache("UTC", Granularity.DAY).layout(timeline, None)
    assert stored == []


def side_path(key: str, zone: str, by_month: bool) -> Path:
    from tui.core.cache import default_cache_dir

    return default_cache_dir() / entry_name(side_key(key, side_name(zone, by_month)).hex())


@pytest.mark.parametrize(
    "tamper",
    ["garbage", "flipped byte", "truncated", "another file's layout", "wrong shape"],
)
def test_a_tampered_or_foreign_layout_is_worked_out_again(
    loaded: tuple[Timeline, str], tmp_path: Path, tamper: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    timeline, key = loaded
    fresh = layout_fields(lay_out(timeline, "UTC", False, None))
    ZoneLayoutCache("UTC", Granularity.DAY, key).layout(timeline, None)  # stores it
    path = side_path(key, "UTC", False)
    genuine = path.read_bytes()
    if tamper == "garbage":
        path.write_bytes(b"\x00" * 300)
    elif tamper == "flipped byte":
        data = bytearray(genuine)
        data[len(data) // 2] ^= 0x40
        path.write_bytes(bytes(data))
    elif tamper == "truncated":
        path.write_bytes(genuine[: len(genuine) // 2])
    elif tamper == "another file's layout":  # genuine, but of another file's key
        other = tmp_path / "other.yaml"
        other.write_text(generate(300, seed=22), encoding="utf-8")
        other_timeline, other_key = load_keyed(other)
        assert other_key is not None
        ZoneLayoutCache("UTC", Granularity.DAY, other_key).layout(other_timeline, None)
        path.write_bytes(side_path(other_key, "UTC", False).read_bytes())
    else:  # authenticated, but not what this code stores
        store_side(key, side_name("UTC", False), (layout_store.LAYOUT_FORMAT, [1, 2], b"", []))
    decoded: list[int] = []
    real_loads = marshal.loads

    def spying_loads(data: bytes) -> Any:
        decoded.append(len(data))
        return real_loads(data)

    spy = SimpleNamespace(loads=spying_loads, dumps=marshal.dumps)
    monkeypatch.setattr(cacheextra, "marshal", spy)
    again = ZoneLayoutCache("UTC", Granularity.DAY, key).layout(timeline, None)
    assert layout_fields(again) == fresh
    if tamper != "wrong shape":
        assert decoded == [], "unauthenticated bytes reached marshal"


def test_plain_form_holds_only_builtin_values(loaded: tuple[Timeline, str]) -> None:
    timeline, _key = loaded
    plain = to_plain(place_all(timeline, "Australia/Lord_Howe", False, None))
    assert marshal.loads(marshal.dumps(plain)) == plain
