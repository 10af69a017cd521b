"""The load cache and the fast parser never change a result: same timelines, same errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.generate import generate
from tests.test_loader import RULES
from tui.core import fastyaml
from tui.core.cache import cache_key, entry_name, load_cached
from tui.core.errors import TimelineError
from tui.core.loader import load_text
from tui.core.model import Timeline

ROOT = Path(__file__).resolve().parent.parent

VALID_TEXTS = {
    "bundled": (ROOT / "events.yaml").read_text(encoding="utf-8"),
    "generated": generate(300, seed=7),
    "partial-dates": "events:\n  - {title: A, start: 2014}\n  - {title: B, start: 2014-02}\n",
    "quoted-and-typed": (
        "timezone: Europe/Kyiv\nevents:\n"
        "  - {title: 'no', start: 2025-08-20 14:30, summary: 1.50, location: true}\n"
        "  - {title: 2025, start: '2025-08-20 15:00', notes: [0x10, 007, +5, null, '~']}\n"
    ),
    "year-ints": "events:\n"
    + "".join(f"  - {{title: E{i}, start: {1900 + i}}}\n" for i in range(50)),
}


def precise(text: str, monkeypatch: pytest.MonkeyPatch) -> Timeline:
    with monkeypatch.context() as m:
        m.setattr(fastyaml, "try_load", lambda _text: None)
        return load_text(text, "f.yaml")


def fast(text: str, monkeypatch: pytest.MonkeyPatch) -> Timeline:
    with monkeypatch.context() as m:
        m.setattr(fastyaml, "MIN_BYTES", 0)
        return load_text(text, "f.yaml")


@pytest.mark.parametrize("name", sorted(VALID_TEXTS))
def test_every_path_gives_the_same_timeline(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = VALID_TEXTS[name]
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    reference = precise(text, monkeypatch)
    assert fast(text, monkeypatch) == reference
    cache = tmp_path / "cache"
    cold = load_cached(path, label="f.yaml", cache_dir=cache)
    assert list(cache.glob("timeline-*.cache")), "a valid file is cached"
    warm = load_cached(path, label="f.yaml", cache_dir=cache)
    uncached = load_cached(path, label="f.yaml", use_cache=False, cache_dir=cache)
    assert cold == warm == uncached == reference


def test_fast_parser_is_really_used_for_plain_files(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    original = fastyaml.try_load

    def spy(text: str) -> object:
        result = original(text)
        calls.append(result is not None)
        return result

    monkeypatch.setattr(fastyaml, "MIN_BYTES", 0)
    monkeypatch.setattr(fastyaml, "try_load", spy)
    load_text(VALID_TEXTS["generated"], "f.yaml")
    assert calls == [True]


@pytest.mark.parametrize(("text", "line", "column", "words"), RULES)
def test_every_path_gives_the_same_errors(
    text: str,
    line: int,
    column: int,
    words: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def errors(loader: object) -> list[str]:
        with pytest.raises(TimelineError) as info:
            loader()  # type: ignore[operator]
        return [str(d) for d in info.value.diagnostics]

    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    reference = errors(lambda: precise(text, monkeypatch))
    assert reference[0].startswith(f"f.yaml:{line}:{column}: ")
    assert errors(lambda: fast(text, monkeypatch)) == reference
    cache = tmp_path / "cache"
    for _ in range(2):  # an invalid file is never cached, so both loads take the full path
        assert errors(lambda: load_cached(path, label="f.yaml", cache_dir=cache)) == reference
    assert not list(cache.glob("timeline-*.cache"))


def test_corrupt_entry_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(VALID_TEXTS["partial-dates"], encoding="utf-8")
    cache = tmp_path / "cache"
    first = load_cached(path, cache_dir=cache)
    entry = cache / entry_name(cache_key(path.read_bytes()))
    entry.write_bytes(b"not a pickle at all")
    assert load_cached(path, cache_dir=cache) == first
    assert entry.read_bytes() != b"not a pickle at all"


def test_changed_content_is_a_new_entry_even_with_the_same_mtime(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("events:\n  - {title: A, start: 2014}\n", encoding="utf-8")
    cache = tmp_path / "cache"
    load_cached(path, cache_dir=cache)
    import os

    stat = path.stat()
    path.write_text("events:\n  - {title: B, start: 2014}\n", encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert load_cached(path, cache_dir=cache).events[0].title == "B"


def test_no_cache_touches_nothing(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(VALID_TEXTS["partial-dates"], encoding="utf-8")
    cache = tmp_path / "cache"
    load_cached(path, cache_dir=cache, use_cache=False)
    assert not cache.exists()


def test_unwritable_cache_only_costs_speed(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(VALID_TEXTS["partial-dates"], encoding="utf-8")
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be")
    assert load_cached(path, cache_dir=blocker).events[0].title == "A"


@pytest.mark.parametrize(
    ("text", "verbatim"),
    [
        ("a: 2011\n", True),
        ("a: -5\n- 0\n", True),
        ("a: 2011-01-01 07:35\nb: 12:05\n", True),
        ("a: 007\n", False),
        ("a: +5\n", False),
        ("a: 0x1F\n", False),
        ("a: [1, 0o7]\n", False),
        ("- 01\n", False),
        ("a: {b: 010}\n", False),
    ],
)
def test_integer_spelling_check(text: str, verbatim: bool) -> None:
    assert fastyaml.integers_are_verbatim(text) is verbatim


@pytest.mark.parametrize("written", ["-0", "1_000", "\n      0123", "\n      0x1F", "+5", "yes"])
def test_a_value_is_cached_as_it_was_written(tmp_path: Path, written: str) -> None:
    # a file large enough for the fast parser, which once read these as other numbers
    text = (
        "timezone: UTC\nevents:\n  - title: A\n    start: 2025-01-01\n"
        f"    summary: {written}\n" + "# " + "x" * fastyaml.MIN_BYTES + "\n"
    )
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    cache = tmp_path / "cache"
    cold = load_cached(path, label="f.yaml", cache_dir=cache)
    warm = load_cached(path, label="f.yaml", cache_dir=cache)
    assert cold.events[0].summary == warm.events[0].summary == written.strip()
