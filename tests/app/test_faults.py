"""Faults while the explorer runs: the events file, the cache and the settings go wrong.

Each case starts the explorer on a good file, breaks something on disk, and checks that the
explorer keeps the last good timeline, says what happened, still answers keys, and that
``q`` ends it promptly with nothing left blocked. A FIFO is the sharpest case: opening one
for reading waits for a writer, so a worker that opens it never finishes and keeps the
process alive after the interface has gone. :func:`fifo_has_reader` finds such a reader
(and frees it, so a failing test cannot hang the run).
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tui.app import reload
from tui.app.app import TimelineApp
from tui.app.screens.main import MainScreen
from tui.core.cache import SECRET_NAME
from tui.core.errors import TimelineError

from .helpers import (
    ROOT,
    SMALL,
    AppFactory,
    banner_text,
    copy_small,
    main_screen,
    notifications,
    settle,
    wait_until,
)

EXIT_SECONDS = 5.0
"""``q`` must end the explorer within this many seconds, whatever happened on disk."""
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


# --- helpers --------------------------------------------------------------------------


def fifo_has_reader(path: Path) -> bool:
    """Whether some thread holds ``path`` (a FIFO) open for reading, or waits to.

    Opening a FIFO for writing without blocking fails with ENXIO when nobody reads it. When
    it succeeds, closing it again hands the reader an end of file, so it is freed.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno in (errno.ENXIO, errno.ENOENT):
            return False
        raise
    os.close(fd)
    return True


@contextmanager
def freed(*fifos: Path) -> Iterator[None]:
    """However the test ends, free any reader stuck on these FIFOs (never hang the run)."""
    try:
        yield
    finally:
        for fifo in fifos:
            for _ in range(3):
                if fifo.exists() and not fifo.is_dir():
                    fifo_has_reader(fifo)


async def press_quit(app: TimelineApp, pilot: Pilot[Any]) -> float:
    """Press ``q``, check the app took it as its exit, and return when it was pressed.

    The caller leaves ``run_test`` next and compares the time then with :data:`EXIT_SECONDS`.
    """
    pressed = time.monotonic()
    await pilot.press("q")
    assert app.return_code == 0, "q did not end the explorer"
    return pressed


def loader_threads() -> list[threading.Thread]:
    """Threads still reading an events file (the explorer's abandonable loads)."""
    return [t for t in threading.enumerate() if t.name.startswith("load ") and t.is_alive()]


Damage = Callable[[Path], object]
"""Something done to a file on disk."""


def swap(path: Path, make: Damage) -> None:
    """Replace ``path`` in one step by what ``make`` builds beside it (as editors save)."""
    temporary = path.with_name(f".{path.name}.fault")
    make(temporary)
    temporary.replace(path)


def _delete(p: Path) -> None:
    p.unlink()


def _empty(p: Path) -> None:
    p.write_bytes(b"")


def _garbage(p: Path) -> None:
    swap(p, lambda t: t.write_bytes(b"\x00\xff\xfe garbage \x1b[2J" + bytes(range(256)) * 4))


def _cut_mid_list(p: Path) -> None:
    """The file as a half-finished save leaves it: cut inside a ``[...]`` list."""
    data = p.read_bytes()
    cut = data[: data.index(b"[alice, bob") + len(b"[alice")]
    swap(p, lambda t: t.write_bytes(cut))


def _truncate(p: Path) -> None:
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 2])


def _loop(p: Path) -> None:
    """Make ``p`` a symlink to itself: opening it fails with ELOOP, even for root."""
    swap(p, lambda t: t.symlink_to(p.name))


def _to_dir(p: Path) -> None:
    p.unlink()
    p.mkdir()


def _to_fifo(p: Path) -> None:
    p.unlink()
    os.mkfifo(p)


def _to_dev_zero(p: Path) -> None:
    swap(p, lambda t: t.symlink_to("/dev/zero"))


# --- the events file ------------------------------------------------------------------

# name -> (what to do to the file, a fragment of the message the explorer must show)
EVENT_FAULTS: dict[str, tuple[Damage, str]] = {
    "deleted": (_delete, "no such file"),
    "replaced-by-garbage": (_garbage, "events.yaml:1:"),
    "truncated-mid-list": (_cut_mid_list, "events.yaml:"),
    "truncated-to-empty": (_empty, "empty"),
    "symlink-loop": (_loop, "symbolic links"),
    "turned-into-a-directory": (_to_dir, "directory"),
    "replaced-by-a-fifo": (_to_fifo, "FIFO"),
    "replaced-by-dev-zero": (_to_dev_zero, "device"),
}


def restore(path: Path, content: bytes) -> None:
    """Put the good file back, whatever the fault left at its name."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    swap(path, lambda t: t.write_bytes(content))


async def test_the_events_file_breaks_in_every_way_while_the_explorer_runs(
    build: AppFactory, tmp_path: Path
) -> None:
    """Each fault in turn, then the good file again: the last good timeline stays on
    screen with a message, keys still work, and each repair is picked up by itself."""
    events = copy_small(tmp_path)
    content = events.read_bytes()
    app = build(events, watch=True)
    with freed(events):
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            screen = main_screen(app)
            screen.timeline_list.select_event("meeting")
            await settle(pilot)
            for fault, (damage, message) in EVENT_FAULTS.items():
                good = screen.loaded
                assert good is not None
                damage(events)
                await wait_until(pilot, lambda: bool(screen.problems), f"{fault} to be seen")
                await settle(pilot)
                assert screen.loaded is good, fault  # the last good timeline stays
                shown = banner_text(screen)
                assert "still showing the last good version" in shown, fault
                assert message in shown, (fault, shown)
                if events.is_fifo():
                    assert not fifo_has_reader(events), "a worker waits on the FIFO"
                await pilot.press("down")  # still answers keys
                await settle(pilot)
                assert screen.selected_id != "meeting", fault
                await pilot.press("up")
                restore(events, content)
                await wait_until(pilot, lambda: not screen.problems, f"the repair after {fault}")
                await settle(pilot)
                assert screen.loaded is not good, fault  # the repaired file was read
                assert screen.selected_id == "meeting", fault
                assert not banner_text(screen), fault
            pressed = await press_quit(app, pilot)
        assert time.monotonic() - pressed < EXIT_SECONDS
    assert not loader_threads()


@pytest.mark.skipif(IS_ROOT, reason="root reads a file whatever its mode")
async def test_an_unreadable_events_file_keeps_the_last_good_timeline(
    build: AppFactory, tmp_path: Path
) -> None:
    events = copy_small(tmp_path)
    app = build(events)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            screen = main_screen(app)
            good = screen.loaded
            events.chmod(0)
            await pilot.press("ctrl+r")
            await settle(pilot)
            assert screen.loaded is good
            assert "ermission denied" in banner_text(screen)
            pressed = await press_quit(app, pilot)
        assert time.monotonic() - pressed < EXIT_SECONDS
    finally:
        events.chmod(0o644)


async def test_a_first_load_from_a_fifo_is_refused_and_q_quits(
    build: AppFactory, tmp_path: Path
) -> None:
    fifo = tmp_path / "events.yaml"
    os.mkfifo(fifo)
    app = build(fifo)
    with freed(fifo):
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            screen = main_screen(app)
            assert screen.loaded is None
            assert "FIFO" in banner_text(screen)
            pressed = await press_quit(app, pilot)
        assert time.monotonic() - pressed < EXIT_SECONDS
        assert not fifo_has_reader(fifo)


# --- reload on its own: never opens a special file, never holds up the exit -------------


@pytest.mark.parametrize("kind", ["fifo", "directory", "device"])
def test_reload_refuses_a_special_file_without_opening_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """Whatever the loader does with such a file, the explorer never hands it one."""
    path = tmp_path / "events.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "directory":
        path.mkdir()
    else:
        path.symlink_to("/dev/zero")

    def must_not_load(*args: object, **kwargs: object) -> object:
        raise AssertionError("the loader was given a special file")

    monkeypatch.setattr(reload, "load_keyed", must_not_load)
    with pytest.raises(TimelineError) as caught:
        reload.load_events(path, use_cache=False)
    (diagnostic,) = caught.value.diagnostics
    assert (diagnostic.path, diagnostic.line, diagnostic.column) == (str(path), 1, 1)
    assert "not an event file" in diagnostic.message


def test_a_load_that_hangs_is_abandoned_when_no_longer_wanted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read that never returns (a file swapped for a FIFO after the check, a dead network
    mount) is left behind in a daemon thread as soon as the load is no longer wanted."""
    events = copy_small(tmp_path)
    reading = threading.Event()
    release = threading.Event()

    def hangs(*args: object, **kwargs: object) -> object:
        reading.set()
        release.wait(30)
        raise AssertionError("released")

    monkeypatch.setattr(reload, "load_keyed", hangs)
    started = time.monotonic()
    try:
        with pytest.raises(TimelineError, match="loading was stopped"):
            # no longer wanted as soon as the read has begun (and hangs)
            reload.load_events(events, use_cache=False, should_stop=reading.is_set)
        assert time.monotonic() - started < 2
        (stuck,) = loader_threads()
        assert stuck.daemon  # it cannot keep the process alive
    finally:
        release.set()


def test_a_load_reports_the_loaders_answer(tmp_path: Path) -> None:
    events = copy_small(tmp_path)
    loaded = reload.load_events(events, use_cache=False, should_stop=lambda: False)
    assert "meeting" in loaded.timeline.by_id
    broken = tmp_path / "broken.yaml"
    broken.write_text("title: x\n", encoding="utf-8")
    with pytest.raises(TimelineError) as caught:
        reload.load_events(broken, use_cache=False)
    assert caught.value.diagnostics[0].path == str(broken)


def test_the_process_ends_after_q_while_a_read_hangs(tmp_path: Path) -> None:
    """The real shutdown (``asyncio.run`` joins the worker pool) with a loader that blocks
    on a FIFO, as it did before the loader checked file types: ``q`` still ends the process.
    """
    events = copy_small(tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    script = textwrap.dedent(
        f"""
        import asyncio
        from pathlib import Path
        from tests.app.helpers import wait_until
        from tui.app import reload
        from tui.app.factory import make_app

        calls = []

        def blocks_on_a_fifo(path, **kwargs):
            calls.append(path)
            if len(calls) > 1:  # the reload: read as an unchecked loader would
                Path({str(fifo)!r}).read_bytes()
            return real(path, **kwargs)

        real, reload.load_keyed = reload.load_keyed, blocks_on_a_fifo

        async def main() -> None:
            app = make_app(events_path=Path({str(events)!r}), display_zone="UTC", watch=False,
                           use_cache=False, config_path=Path({str(tmp_path / "c.toml")!r}),
                           now=lambda: 1_755_700_000.0)
            async with app.run_test(size=(100, 30)) as pilot:
                await wait_until(pilot, lambda: app.screen.loaded is not None, "the first load")
                print("loaded:", app.screen.loaded is not None, flush=True)
                await pilot.press("ctrl+r")
                await wait_until(pilot, lambda: len(calls) > 1, "the reload to start reading")
                await pilot.press("q")

        asyncio.run(main())
        print("ended", flush=True)
        """
    )
    env = {**os.environ, "TEXTUAL_ANIMATIONS": "none", "TZ": "UTC"}
    env["TIMELINE_CACHE_DIR"] = str(tmp_path / "cache")
    with freed(fifo):
        try:
            done = subprocess.run(
                [sys.executable, "-c", script],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=30,
            )
        except subprocess.TimeoutExpired as exc:
            pytest.fail(f"the process did not end: {exc.stdout!r} {exc.stderr!r}")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["loaded:", "True", "ended"]


# --- the cache --------------------------------------------------------------------------


def cache_entries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


CACHE_FAULTS: dict[str, Damage] = {
    "deleted": _delete,
    "truncated": _truncate,
    "garbage": _garbage,
    "turned-into-a-directory": _to_dir,
    "replaced-by-a-fifo": _to_fifo,
}


def replaced(screen: MainScreen, old: object) -> Callable[[], bool]:
    """True once a timeline other than ``old`` is on screen."""
    return lambda: screen.loaded is not None and screen.loaded is not old


def clear(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


async def test_the_cache_entry_breaks_in_every_way_while_the_explorer_runs(
    build: AppFactory, tmp_path: Path
) -> None:
    """Each fault to the cache entry, then a reload: the same timeline, read afresh."""
    events = copy_small(tmp_path)
    cache = tmp_path / "cache"  # TIMELINE_CACHE_DIR (see conftest)
    app = build(events, use_cache=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        ids = list(screen.timeline.by_id) if screen.timeline else []
        for fault, damage in CACHE_FAULTS.items():
            entries = cache_entries(cache)
            assert entries, "each load writes a cache entry"
            good = screen.loaded
            with freed(*entries):
                for entry in entries:
                    damage(entry)
                await pilot.press("ctrl+r")
                try:
                    await wait_until(
                        pilot, replaced(screen, good), f"a reload past the {fault} entry", seconds=5
                    )
                finally:
                    stuck = [e for e in entries if e.is_fifo() and fifo_has_reader(e)]
                assert not stuck, f"{fault}: the cache reader waited on a FIFO"
            await settle(pilot)
            assert not screen.problems, fault
            assert screen.timeline is not None
            assert list(screen.timeline.by_id) == ids, fault
            for entry in entries:
                clear(entry)
            await pilot.press("ctrl+r")  # writes a good entry for the next fault
            await settle(pilot)
        pressed = await press_quit(app, pilot)
    assert time.monotonic() - pressed < EXIT_SECONDS


async def test_a_cache_folder_that_is_a_file_only_costs_speed(
    build: AppFactory, tmp_path: Path
) -> None:
    events = copy_small(tmp_path)
    (tmp_path / "cache").write_text("not a folder\n", encoding="utf-8")
    app = build(events, use_cache=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert screen.loaded is not None
        assert not screen.problems
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert not screen.problems
    assert (tmp_path / "cache").read_text(encoding="utf-8") == "not a folder\n"


# --- the settings file --------------------------------------------------------------------

GOOD_SETTINGS = 'display_zone = "Europe/Kyiv"\n'


def _config_garbage(p: Path) -> None:
    p.write_text("display_zone = [unclosed\n", encoding="utf-8")


EDITED_SETTINGS = (
    '# mine\ntheme = "nord"\ndisplay_zone = "Europe/Kyiv"\npinned_zones = ["Asia/Dubai"]\n'
)


def _config_edited(p: Path) -> None:
    swap(p, lambda t: t.write_text(EDITED_SETTINGS, encoding="utf-8"))


def _unreadable(p: Path) -> None:
    p.chmod(0)


CONFIG_FAULTS: dict[str, Damage] = {
    "deleted": _delete,
    "turned-into-a-directory": _to_dir,
    "replaced-by-a-fifo": _to_fifo,
    "symlink-loop": _loop,
}


def saved_or_told(app: TimelineApp, config: Path) -> bool:
    """The zone change is over: written to the settings file, or a message said why not."""
    if notifications(app):
        return True
    return config.is_file() and "Asia/Tokyo" in config.read_text(encoding="utf-8")


async def _change_zone_after(
    build: AppFactory, tmp_path: Path, damage: Damage
) -> tuple[TimelineApp, Path]:
    """Run the explorer, damage its settings file, change the zone, quit."""
    config = tmp_path / "settings" / "config.toml"
    config.parent.mkdir()
    config.write_text(GOOD_SETTINGS, encoding="utf-8")
    app = build(SMALL, config=config, zone=None)
    with freed(config):
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            screen = main_screen(app)
            assert screen.display_zone == "Europe/Kyiv"
            damage(config)
            screen.set_display_zone("Asia/Tokyo")
            await wait_until(
                pilot, lambda: saved_or_told(app, config), "the zone to be saved", seconds=5
            )
            assert screen.display_zone == "Asia/Tokyo"
            await pilot.press("down")
            await settle(pilot)
            pressed = await press_quit(app, pilot)
        assert time.monotonic() - pressed < EXIT_SECONDS
        if config.is_fifo():
            assert not fifo_has_reader(config), "the settings writer waited on a FIFO"
    return app, config


@pytest.mark.parametrize(
    "fault",
    [
        *CONFIG_FAULTS,
        pytest.param("unreadable", marks=pytest.mark.skipif(IS_ROOT, reason="root reads it")),
    ],
)
async def test_a_broken_settings_file_never_stops_the_explorer(
    build: AppFactory, tmp_path: Path, fault: str
) -> None:
    damage = CONFIG_FAULTS.get(fault, _unreadable)
    try:
        app, config = await _change_zone_after(build, tmp_path, damage)
    finally:
        if fault == "unreadable":
            (tmp_path / "settings" / "config.toml").chmod(0o644)
    assert app.return_code == 0
    said = " ".join(notifications(app))
    saved = config.is_file() and not config.is_symlink()
    if saved:
        assert "Asia/Tokyo" in config.read_text(encoding="utf-8")
    else:  # left alone: then the user is told the zone was not saved
        assert "not saved" in said, said
    if fault == "deleted":
        assert saved


async def test_a_settings_file_edited_into_garbage_while_running_is_not_overwritten(
    build: AppFactory, tmp_path: Path
) -> None:
    app, config = await _change_zone_after(build, tmp_path, _config_garbage)
    assert config.read_text(encoding="utf-8") == "display_zone = [unclosed\n"
    assert any("not saved" in n for n in notifications(app))


async def test_a_settings_file_edited_while_running_keeps_the_edit(
    build: AppFactory, tmp_path: Path
) -> None:
    """Saved by an editor (a new file renamed over it) while the explorer ran: changing the
    zone then writes only the zone, into the file as the user left it."""
    app, config = await _change_zone_after(build, tmp_path, _config_edited)
    assert not notifications(app)
    text = config.read_text(encoding="utf-8")
    assert text == EDITED_SETTINGS.replace("Europe/Kyiv", "Asia/Tokyo")


# --- nothing is written outside the cache and config folders ------------------------------

Snapshot = dict[str, tuple[str, int, int]]
"""Relative path -> (kind, size, mtime in ns) of everything under a folder."""


def snapshot(root: Path) -> Snapshot:
    found: Snapshot = {}
    for folder, dirs, files in os.walk(root):
        for name in [*dirs, *files]:
            path = Path(folder, name)
            info = path.lstat()
            kind = "dir" if path.is_dir() else "link" if path.is_symlink() else "file"
            size = 0 if kind == "dir" else info.st_size
            found[str(path.relative_to(root))] = (kind, size, info.st_mtime_ns)
    return found


SESSION = """
import asyncio, sys
from pathlib import Path
from tests.app.helpers import wait_until
from tui.app.factory import make_app

events, config = Path(sys.argv[1]), Path(sys.argv[2])

async def main() -> None:
    app = make_app(events_path=events, display_zone=None,
                   config_path=config, watch=True, use_cache=True, now=lambda: 1_755_700_000.0)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await wait_until(pilot, lambda: screen.loaded is not None, "the load")
        await pilot.press("slash", *"sum", "enter")
        await wait_until(pilot, lambda: screen.filters.search == "sum", "the search")
        await pilot.press("z", *"tok", "ctrl+d")
        await wait_until(pilot, lambda: screen.display_zone == "Asia/Tokyo", "the new zone")
        saved = lambda: config.is_file() and "Asia/Tokyo" in config.read_text()
        await wait_until(pilot, saved, "the zone to be saved")
        await pilot.press("escape", "q")
    print("ended", app.return_code, flush=True)

asyncio.run(main())
"""


def test_a_session_writes_only_to_the_cache_and_config_folders(tmp_path: Path) -> None:
    """Open, filter, change the zone and quit, in a process whose every folder is watched."""
    folders = {
        name: tmp_path / name
        for name in ("home", "xdg-config", "xdg-cache", "xdg-data", "xdg-state", "run", "tmp")
    }
    for folder in folders.values():
        folder.mkdir(mode=0o700)
    work = tmp_path / "work"
    work.mkdir()
    events = copy_small(tmp_path)
    config = tmp_path / "settings" / "config.toml"
    config.parent.mkdir()
    config.write_text('# mine\ndisplay_zone = "Europe/Kyiv"\n', encoding="utf-8")
    cache = tmp_path / "cache"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("XDG_", "TIMELINE_")) and key not in ("HOME", "TMPDIR")
    }
    env.update(
        HOME=str(folders["home"]),
        XDG_CONFIG_HOME=str(folders["xdg-config"]),
        XDG_CACHE_HOME=str(folders["xdg-cache"]),
        XDG_DATA_HOME=str(folders["xdg-data"]),
        XDG_STATE_HOME=str(folders["xdg-state"]),
        XDG_RUNTIME_DIR=str(folders["run"]),
        TMPDIR=str(folders["tmp"]),
        TIMELINE_CACHE_DIR=str(cache),
        TEXTUAL_ANIMATIONS="none",
        TZ="UTC",
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONPATH=str(ROOT),
    )
    before = snapshot(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", SESSION, str(events), str(config)],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["ended", "0"]
    after = snapshot(tmp_path)
    changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
    allowed = ("cache", "settings")
    # the platform's config folder holds the secret that authenticates cache entries
    secret = ("xdg-config", "xdg-config/timeline", f"xdg-config/timeline/{SECRET_NAME}")
    outside = sorted(p for p in changed if Path(p).parts[0] not in allowed and p not in secret)
    assert not outside, outside
    assert any(p.startswith("cache/") for p in changed), "the session used the cache"
    assert "settings/config.toml" in changed
    assert config.read_text(encoding="utf-8").startswith("# mine\n")
