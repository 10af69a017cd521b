"""The load cache serves only what this program wrote for exactly this content.

Every hostile entry here (crafted marshal data, random bytes, another file's entry, a flipped
byte, another build's entry, a FIFO, a folder, a symlink) must give the same timeline as an
uncached load, without a crash, a hang or a large allocation, and without :mod:`marshal`
ever seeing its bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType, SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.generate import generate
from tui.core import cache, loader, locations
from tui.core.cache import (
    HEADER,
    KEEP_ENTRIES,
    MAGIC,
    PREFIX_BYTES,
    SECRET_BYTES,
    SECRET_NAME,
    cache_key,
    entry_name,
    load_cached,
)
from tui.core.cacheextra import cached_summary
from tui.core.model import Timeline

ROOT = Path(__file__).resolve().parent.parent

# A marshal tuple that holds a frozenset holding the tuple itself: hashing the half-built
# tuple reads a missing item, and the interpreter dies with SIGSEGV (12 bytes).
SEGFAULT_BLOB = b"\xa9\x01" + b"<\x01\x00\x00\x00" + b"r\x00\x00\x00\x00"
# A tuple claiming 2**31 - 1 items: marshal allocates 16 GB before reading any (5 bytes).
HUGE_TUPLE_BLOB = b"(\xff\xff\xff\x7f"
# The same with 2**26 items: 512 MiB, small enough to be allocated and measured.
LARGE_TUPLE_BLOB = b"(\x00\x00\x00\x04"


def secret_path() -> Path:
    """Where the secret lives: the config folder (the suite points it into a tmp folder)."""
    return locations.config_dir() / SECRET_NAME


@pytest.fixture
def events_file(tmp_path: Path) -> Path:
    path = tmp_path / "f.yaml"
    path.write_text(generate(40, seed=11), encoding="utf-8")
    return path


@pytest.fixture
def other_file(tmp_path: Path) -> Path:
    path = tmp_path / "other.yaml"
    path.write_text(generate(1, seed=12), encoding="utf-8")
    return path


def reference(path: Path) -> Timeline:
    return load_cached(path, label="f.yaml", use_cache=False)


def entry_of(folder: Path, path: Path) -> Path:
    return folder / entry_name(cache_key(path.read_bytes()))


def primed(tmp_path: Path, path: Path) -> tuple[Path, Path]:
    """A cache folder holding a secret and a genuine entry for ``path``."""
    folder = tmp_path / "cache"
    load_cached(path, label="f.yaml", cache_dir=folder)
    entry = entry_of(folder, path)
    assert entry.is_file()
    return folder, entry


@pytest.fixture
def marshal_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes of every buffer handed to ``marshal.loads`` by the cache."""
    calls: list[int] = []

    def loads(data: bytes) -> Any:
        calls.append(len(data))
        return marshal.loads(data)

    spy = SimpleNamespace(loads=loads, dumps=marshal.dumps, version=marshal.version)
    monkeypatch.setattr(cache, "marshal", spy)
    return calls


def bytes_of_old_format_entry(path: Path) -> bytes:
    """An entry as the previous format wrote it: bare marshal data, no header."""
    timeline = reference(path)
    events = tuple(e.plain() for e in timeline.events)
    return marshal.dumps((3, timeline.title, timeline.timezone, (), events))


def flipped(data: bytes, index: int) -> bytes:
    out = bytearray(data)
    out[index] ^= 0x40
    return bytes(out)


def header_with_huge_length(entry: bytes) -> bytes:
    magic, key, events, actors, _length = HEADER.unpack_from(entry)
    return HEADER.pack(magic, key, events, actors, 2**63 - 1) + entry[HEADER.size :]


def header_with_counts(entry: bytes, events: int, actors: int) -> bytes:
    magic, key, _events, _actors, length = HEADER.unpack_from(entry)
    return HEADER.pack(magic, key, events, actors, length) + entry[HEADER.size :]


# What an attacker who can write the cache folder (but not read the secret) can put there.
HOSTILE: dict[str, Callable[[bytes, Path, Path], bytes]] = {
    "segfault marshal": lambda _entry, _path, _other: SEGFAULT_BLOB,
    "16 GB marshal length": lambda _entry, _path, _other: HUGE_TUPLE_BLOB,
    "random bytes": lambda _entry, _path, _other: random.Random(5).randbytes(4096),
    "empty": lambda _entry, _path, _other: b"",
    "old format of another file": lambda _e, _p, other: bytes_of_old_format_entry(other),
    "magic only": lambda _entry, _path, _other: MAGIC,
    "truncated": lambda entry, _path, _other: entry[: len(entry) // 2],
    "header only": lambda entry, _path, _other: entry[:PREFIX_BYTES],
    "trailing bytes": lambda entry, _path, _other: entry + b"\x00",
    "flipped magic": lambda entry, _path, _other: flipped(entry, 3),
    "flipped key": lambda entry, _path, _other: flipped(entry, 20),
    "flipped event count": lambda entry, _path, _other: flipped(entry, 50),
    "flipped actor count": lambda entry, _path, _other: flipped(entry, 58),
    "flipped length": lambda entry, _path, _other: flipped(entry, 66),
    "flipped tag": lambda entry, _path, _other: flipped(entry, 80),
    "flipped summary tag": lambda entry, _path, _other: flipped(entry, 110),
    "forged counts": lambda entry, _path, _other: header_with_counts(entry, 999, 1),
    "flipped payload": lambda entry, _path, _other: flipped(entry, len(entry) // 2),
    "flipped last byte": lambda entry, _path, _other: flipped(entry, len(entry) - 1),
    "huge claimed length": lambda entry, _path, _other: header_with_huge_length(entry),
    "tag replaced by the payload's digest": lambda entry, _path, _other: (
        entry[: HEADER.size]
        + hashlib.sha256(entry[PREFIX_BYTES:]).digest()
        + entry[HEADER.size + 32 :]
    ),
    "summary tag replaced by the header's digest": lambda entry, _path, _other: (
        entry[: HEADER.size + 32]
        + hashlib.sha256(entry[: HEADER.size]).digest()
        + entry[PREFIX_BYTES:]
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_entry_is_a_silent_rebuild(
    case: str, events_file: Path, other_file: Path, tmp_path: Path, marshal_calls: list[int]
) -> None:
    folder, entry = primed(tmp_path, events_file)
    genuine = entry.read_bytes()
    entry.write_bytes(HOSTILE[case](genuine, events_file, other_file))
    marshal_calls.clear()
    assert load_cached(events_file, label="f.yaml", cache_dir=folder) == reference(events_file)
    assert marshal_calls == [], "unauthenticated bytes reached marshal"
    assert entry.read_bytes()[: len(MAGIC)] == MAGIC, "the entry is rebuilt"
    assert load_cached(events_file, label="f.yaml", cache_dir=folder) == reference(events_file)
    assert marshal_calls == [len(genuine) - PREFIX_BYTES], "the rebuilt entry is served"


# what changes only the payload or its tag leaves the header and its summary tag genuine
PAYLOAD_ONLY = {
    "flipped payload",
    "flipped last byte",
    "flipped tag",
    "tag replaced by the payload's digest",
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_entry_gives_no_summary(
    case: str, events_file: Path, other_file: Path, tmp_path: Path, marshal_calls: list[int]
) -> None:
    folder, entry = primed(tmp_path, events_file)
    genuine = reference(events_file)
    entry.write_bytes(HOSTILE[case](entry.read_bytes(), events_file, other_file))
    marshal_calls.clear()
    got = cached_summary(events_file, cache_dir=folder)
    if case in PAYLOAD_ONLY:  # still this program's word on these very bytes
        assert got == (len(genuine.events), len(genuine.actors))
    else:
        assert got is None
    assert marshal_calls == [], "the summary never decodes a payload"


def test_summary_of_a_genuine_entry(
    events_file: Path, tmp_path: Path, marshal_calls: list[int]
) -> None:
    folder, _entry = primed(tmp_path, events_file)
    expected = reference(events_file)
    marshal_calls.clear()
    got = cached_summary(events_file, cache_dir=folder)
    assert got == (len(expected.events), len(expected.actors)) == (40, len(expected.actors))
    assert marshal_calls == []


def test_no_summary_for_changed_bytes_or_without_a_secret(
    events_file: Path, tmp_path: Path
) -> None:
    folder, _entry = primed(tmp_path, events_file)
    events_file.write_bytes(events_file.read_bytes() + b"\n")
    assert cached_summary(events_file, cache_dir=folder) is None
    assert cached_summary(events_file, cache_dir=folder, secret_dir=tmp_path / "none") is None


def test_genuine_entry_is_served_without_parsing(
    events_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, _entry = primed(tmp_path, events_file)
    expected = reference(events_file)

    def no_parse(*_args: object) -> None:
        raise AssertionError("a genuine entry must not be parsed again")

    monkeypatch.setattr(loader, "load_text", no_parse)  # what a cache miss would call
    assert load_cached(events_file, label="f.yaml", cache_dir=folder) == expected


def test_entry_of_another_file_under_this_name_is_not_served(
    events_file: Path, other_file: Path, tmp_path: Path, marshal_calls: list[int]
) -> None:
    # the reported case: a 1-event file's entry renamed to a 47-event file's key
    folder, entry = primed(tmp_path, events_file)
    load_cached(other_file, cache_dir=folder)
    shutil.copyfile(entry_of(folder, other_file), entry)
    marshal_calls.clear()
    loaded = load_cached(events_file, label="f.yaml", cache_dir=folder)
    assert len(loaded.events) == 40
    assert loaded == reference(events_file)
    assert marshal_calls == []


def copy_of_package(where: Path) -> Path:
    shutil.copytree(ROOT / "tui", where, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return where


def test_key_changes_when_a_source_file_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = b"events: []\n"
    same = copy_of_package(tmp_path / "a")
    twin = copy_of_package(tmp_path / "b")
    changed = copy_of_package(tmp_path / "c")
    rule = changed / "core" / "loader.py"
    rule.write_bytes(rule.read_bytes() + b"\n")
    keys = {}
    for package in (same, twin, changed):
        monkeypatch.setattr(cache, "PACKAGE_ROOT", package)
        keys[package.name] = cache_key(raw)
    assert keys["a"] == keys["b"], "the same code gives the same key"
    assert keys["a"] != keys["c"], "one byte more in one module gives another key"


def test_key_covers_the_entry_format_zone_data_readers_and_python() -> None:
    import tzdata  # type: ignore[import-untyped]
    import yaml

    environment = cache._environment().decode()
    assert f"|{cache.CACHE_FORMAT}|" in environment
    assert f"|{tzdata.IANA_VERSION}/" in environment
    assert f"|{yaml.__version__}/" in environment
    assert f"|{sys.version}|" in environment


def test_entry_written_by_another_build_is_not_served(
    events_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, marshal_calls: list[int]
) -> None:
    folder = tmp_path / "cache"
    ours = entry_of(folder, events_file)
    changed = copy_of_package(tmp_path / "pkg")
    rule = changed / "core" / "positions.py"
    rule.write_bytes(rule.read_bytes().replace(b"MAX_ERRORS = 50", b"MAX_ERRORS = 51"))
    assert b"MAX_ERRORS = 51" in rule.read_bytes(), "a rule of the loader really changed"
    with monkeypatch.context() as m:
        m.setattr(cache, "PACKAGE_ROOT", changed)
        load_cached(events_file, label="f.yaml", cache_dir=folder)
        theirs = entry_of(folder, events_file)
    assert theirs != ours
    theirs.rename(ours)
    marshal_calls.clear()
    assert load_cached(events_file, label="f.yaml", cache_dir=folder) == reference(events_file)
    assert marshal_calls == []


@contextlib.contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail (rather than hang forever) if the body blocks, on a FIFO for instance."""

    def expired(_signum: int, _frame: FrameType | None) -> None:
        raise TimeoutError("blocked")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def fifo(entry: Path, _elsewhere: Path) -> None:
    os.mkfifo(entry)


def folder_with_a_file(entry: Path, _elsewhere: Path) -> None:
    entry.mkdir()
    (entry / "keep.txt").write_text("keep")


def link_to_passwd(entry: Path, _elsewhere: Path) -> None:
    entry.symlink_to("/etc/passwd")


def link_to_a_genuine_copy(entry: Path, elsewhere: Path) -> None:
    entry.symlink_to(elsewhere)


def unreadable(entry: Path, _elsewhere: Path) -> None:
    entry.write_bytes(SEGFAULT_BLOB)
    entry.chmod(0)


NOT_AN_ENTRY: dict[str, Callable[[Path, Path], None]] = {
    "fifo": fifo,
    "directory": folder_with_a_file,
    "symlink to /etc/passwd": link_to_passwd,
    "symlink to a genuine entry": link_to_a_genuine_copy,
    "unreadable file": unreadable,
}


@pytest.mark.parametrize("case", sorted(NOT_AN_ENTRY))
def test_entry_that_is_not_a_regular_file_is_never_opened(
    case: str,
    events_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    marshal_calls: list[int],
) -> None:
    folder, entry = primed(tmp_path, events_file)
    elsewhere = tmp_path / "copy.cache"
    shutil.copyfile(entry, elsewhere)
    entry.unlink()
    NOT_AN_ENTRY[case](entry, elsewhere)
    passwd = Path("/etc/passwd").read_bytes()
    opened: list[str] = []
    real_open = os.open

    def spy(path: Any, *args: Any, **kwargs: Any) -> int:
        opened.append(os.fspath(path))
        return real_open(path, *args, **kwargs)

    marshal_calls.clear()
    with deadline(10), monkeypatch.context() as m:
        m.setattr(os, "open", spy)
        loaded = load_cached(events_file, label="f.yaml", cache_dir=folder)
    assert loaded == reference(events_file)
    assert marshal_calls == []
    if case != "unreadable file":
        assert str(entry) not in opened, "only a regular file is ever opened"
    assert Path("/etc/passwd").read_bytes() == passwd
    if case == "directory":
        assert (entry / "keep.txt").read_text() == "keep", "a folder is never replaced"
    else:
        info = entry.lstat()
        assert stat.S_ISREG(info.st_mode) and entry.read_bytes().startswith(MAGIC)


def test_cache_folder_secret_and_entries_are_private(events_file: Path, tmp_path: Path) -> None:
    folder = tmp_path / "new" / "cache"
    load_cached(events_file, cache_dir=folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    secret = secret_path()
    assert stat.S_IMODE(secret.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert len(secret.read_bytes()) == SECRET_BYTES
    entries = list(folder.glob("timeline-*.cache"))
    assert len(entries) == 1
    assert stat.S_IMODE(entries[0].stat().st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == [entries[0].name], "no secret beside entries"


def group_readable(secret: Path, _monkeypatch: pytest.MonkeyPatch) -> None:
    secret.chmod(0o640)


def world_readable(secret: Path, _monkeypatch: pytest.MonkeyPatch) -> None:
    secret.chmod(0o604)


def owned_by_someone_else(secret: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    owner = secret.stat().st_uid
    monkeypatch.setattr(os, "geteuid", lambda: owner + 1)


def wrong_size(secret: Path, _monkeypatch: pytest.MonkeyPatch) -> None:
    secret.write_bytes(secret.read_bytes() + b"x")


def symlinked(secret: Path, _monkeypatch: pytest.MonkeyPatch) -> None:
    target = secret.parent.parent / "planted.key"
    target.write_bytes(secret.read_bytes())
    target.chmod(0o600)
    secret.unlink()
    secret.symlink_to(target)


def fifo_secret(secret: Path, _monkeypatch: pytest.MonkeyPatch) -> None:
    secret.unlink()
    os.mkfifo(secret)


UNFIT_SECRETS: dict[str, Callable[[Path, pytest.MonkeyPatch], None]] = {
    "group-readable": group_readable,
    "world-readable": world_readable,
    "owned by someone else": owned_by_someone_else,
    "wrong size": wrong_size,
    "symlink": symlinked,
    "fifo": fifo_secret,
}


@pytest.mark.parametrize("case", sorted(UNFIT_SECRETS))
def test_unfit_secret_is_never_used_and_is_replaced(
    case: str,
    events_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    marshal_calls: list[int],
) -> None:
    folder, _entry = primed(tmp_path, events_file)
    secret = secret_path()
    before = secret.read_bytes()
    with monkeypatch.context() as m:
        UNFIT_SECRETS[case](secret, m)
        marshal_calls.clear()
        with deadline(10):
            loaded = load_cached(events_file, label="f.yaml", cache_dir=folder)
    assert loaded == reference(events_file)
    assert marshal_calls == [], "an entry authenticated by an unfit secret is not served"
    info = secret.lstat()
    assert stat.S_ISREG(info.st_mode) and stat.S_IMODE(info.st_mode) == 0o600
    assert secret.read_bytes() != before and len(secret.read_bytes()) == SECRET_BYTES
    if case == "symlink":
        planted = secret.parent.parent / "planted.key"
        assert planted.read_bytes() == before, "a link target is untouched"
    assert load_cached(events_file, label="f.yaml", cache_dir=folder) == loaded
    assert len(marshal_calls) == 1, "entries work again under the new secret"


def test_secret_made_by_another_process_meanwhile_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    theirs = b"t" * SECRET_BYTES
    real = cache._create_secret

    def racing(where: Path, path: Path) -> bytes | None:
        if not path.exists():  # the other process links its secret first
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            os.write(fd, theirs)
            os.close(fd)
        return real(where, path)

    monkeypatch.setattr(cache, "_create_secret", racing)
    assert cache.secret_in(folder, create=True) == theirs
    assert (folder / SECRET_NAME).read_bytes() == theirs
    assert sorted(p.name for p in folder.iterdir()) == [SECRET_NAME], "no temporary left"


def test_folder_in_place_of_the_secret_only_costs_speed(events_file: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    (secret_path() / "keep.txt").parent.mkdir(parents=True)
    (secret_path() / "keep.txt").write_text("keep")
    for _ in range(2):
        assert load_cached(events_file, label="f.yaml", cache_dir=folder) == reference(events_file)
    assert (secret_path() / "keep.txt").read_text() == "keep"
    assert not list(folder.glob("timeline-*.cache")), "nothing unauthenticated is written"


def test_entry_over_the_size_cap_is_neither_read_nor_written(
    events_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, marshal_calls: list[int]
) -> None:
    folder, entry = primed(tmp_path, events_file)
    genuine = entry.read_bytes()
    monkeypatch.setattr(cache, "MIN_ENTRY_CAP", 0)
    monkeypatch.setattr(cache, "ENTRY_SIZE_FACTOR", 0)
    marshal_calls.clear()
    assert load_cached(events_file, label="f.yaml", cache_dir=folder) == reference(events_file)
    assert marshal_calls == []
    assert entry.read_bytes() == genuine, "an entry that would never be read is not written"


def test_size_cap_scales_with_the_file_and_has_a_ceiling() -> None:
    assert cache.entry_cap(0) == cache.MIN_ENTRY_CAP
    assert cache.entry_cap(1_000_000) == 50_000_000
    assert cache.entry_cap(10**12) == cache.MAX_ENTRY_BYTES == 2 * 1024**3


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(position=st.integers(min_value=0), change=st.integers(min_value=1, max_value=255))
def test_any_changed_byte_is_a_miss(
    position: int, change: int, events_file: Path, tmp_path: Path, marshal_calls: list[int]
) -> None:
    folder = tmp_path / "cache"
    entry = entry_of(folder, events_file)
    genuine = tmp_path / "genuine.cache"
    if not genuine.exists():  # the first example
        load_cached(events_file, label="f.yaml", cache_dir=folder)
        shutil.copyfile(entry, genuine)
    data = bytearray(genuine.read_bytes())
    data[position % len(data)] ^= change
    entry.write_bytes(bytes(data))
    marshal_calls.clear()
    assert load_cached(events_file, label="f.yaml", cache_dir=folder) == reference(events_file)
    assert marshal_calls == []


def entry_for(folder: Path, number: int) -> Path:
    source = folder.parent / f"e{number}.yaml"
    source.write_text(f"events:\n  - {{title: E{number}, start: 2014}}\n", encoding="utf-8")
    load_cached(source, cache_dir=folder)
    return entry_of(folder, source)


def test_pruning_keeps_the_newest_entries_and_touches_nothing_else(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("not yours")
    foreign = {
        "other.marshal": b"another program's data",
        "notes.txt": b"notes",
        "0" * 64 + ".marshal": b"an entry of an older format, or someone else's",
        "timeline-" + "a" * 64 + ".cache": b"our name, not our header",
        ".timeline-abcdef.tmp": MAGIC + b"our temporary, but a fresh one",
        ".timeline-fedcba.tmp": b"our temporary's name, not our header",
    }
    for name, data in foreign.items():
        (folder / name).write_bytes(data)
        os.utime(folder / name, (1, 1))  # older than every entry
    os.utime(folder / ".timeline-abcdef.tmp")
    link = folder / ("timeline-" + "b" * 64 + ".cache")
    link.symlink_to(outside)
    base = time.time() - 1000
    made = []
    for number in range(KEEP_ENTRIES + 3):
        made.append(entry_for(folder, number))
        os.utime(made[-1], (base + number, base + number))
    ours = sorted(p.name for p in folder.glob("timeline-*.cache") if p.read_bytes()[:16] == MAGIC)
    assert ours == sorted(p.name for p in made[3:])
    for name, data in foreign.items():
        assert (folder / name).read_bytes() == data, name
    assert link.is_symlink() and outside.read_text() == "not yours"


def test_stale_temporary_files_of_ours_are_removed(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    now = 1_000_000.0
    files = {
        ".timeline-stale1.tmp": (MAGIC + b"payload", now - 7200),  # ours, old: removed
        ".timeline-fresh1.tmp": (MAGIC + b"payload", now - 60),  # maybe being written
        ".timeline-other1.tmp": (b"not our header", now - 7200),
        "other.tmp": (MAGIC, now - 7200),
    }
    for name, (data, when) in files.items():
        (folder / name).write_bytes(data)
        os.utime(folder / name, (when, when))
    cache._prune(folder, now=now)
    assert sorted(p.name for p in folder.iterdir()) == sorted(set(files) - {".timeline-stale1.tmp"})


CHILD = textwrap.dedent(
    """
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))  # a regression must not eat RAM
    from pathlib import Path
    from tui.core.cache import cache_key, entry_name, load_cached
    events, folder, blob = Path(sys.argv[1]), Path(sys.argv[2]), bytes.fromhex(sys.argv[3])
    expected = load_cached(events, cache_dir=folder)  # a secret and a genuine entry
    (folder / entry_name(cache_key(events.read_bytes()))).write_bytes(blob)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    loaded = load_cached(events, cache_dir=folder)
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    print(len(loaded.events), loaded == expected, grown)
    """
)


@pytest.mark.parametrize(
    "blob",
    [SEGFAULT_BLOB, HUGE_TUPLE_BLOB, LARGE_TUPLE_BLOB],
    ids=["12-byte segfault", "5-byte 16 GB claim", "5-byte 512 MiB claim"],
)
def test_crafted_marshal_entry_neither_crashes_nor_allocates(
    blob: bytes, events_file: Path, tmp_path: Path
) -> None:
    # in a child process: a crash fails this test instead of killing the test run
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(events_file), str(tmp_path / "cache"), blob.hex()],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    count, same, grown_kb = done.stdout.split()
    assert (count, same) == ("40", "True")
    assert int(grown_kb) < 64 * 1024, f"the load grew by {grown_kb} KB"
