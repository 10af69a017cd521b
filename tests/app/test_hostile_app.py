"""Outside text in the explorer is data: never markup, never an instruction to the terminal.

The tests below capture the exact text the app writes to the terminal (a driver that
records instead of printing) and check every escape sequence in it against what the
explorer itself may write: colours, cursor moves, synchronised updates and hyperlinks to
``http``/``https`` source URLs. A title that would write the clipboard (OSC 52), retitle
the window, clear the screen, make a link or reorder text must show up as visible escapes.

The loader refuses such text in files, so the hostile timeline is built in memory: a clean
file with placeholder values is loaded, the placeholders are swapped for hostile strings,
and the screen's loader is replaced by one returning that timeline.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.app import App
from textual.color import Color
from textual.drivers.headless_driver import HeadlessDriver
from textual.events import Paste
from textual.filter import Monochrome
from textual.pilot import Pilot
from textual.widgets import Static

import tui.app.screens.main as main_module
from tui.app.app import TimelineApp
from tui.app.reload import IndexedTimeline
from tui.app.safety import SafeSegments, web_link
from tui.core.errors import Diagnostic, TimelineError
from tui.core.loader import load_text
from tui.core.model import Timeline
from tui.core.query import TimelineIndex
from tui.core.safetext import UNSAFE, visible

from .helpers import AppFactory, main_screen, screen_text, settle, wait_until

OSC52 = "x\x1b]52;c;cHduZWQ=\x07"
"""Writes "pwned" to the reader's clipboard."""
RETITLE = "\x1b]0;retitled\x07window"
CLEAR = "\x1b[2Jcleared\x1b[H"
OSC8 = "\x1b]8;;javascript:alert(1)\x1b\\click me\x1b]8;;\x1b\\"
C1 = "\x9b31mred\x9d0;c1 title\x9c"
BIDI = "bidi \u202eevil\u202c \u2066iso\u2069"
C0 = "bs\x08 del\x7f nul\x00 vt\x0b cr\r"
MARKUP = ("[/]", "[bold]x", "[@click=app.quit]q")
HOSTILE = (OSC52, RETITLE, CLEAR, OSC8, C1, BIDI, C0, *MARKUP, "[$accent]x[/]", "[B]x[/B]")
"""Every text field of the hostile timeline holds one of these."""
FILE_NAME = "events\x1b]0;file name\x07.yaml"

SAFE_URL = "https://example.org/safe"
BAD_URLS = (
    "javascript:alert(document.cookie)",
    "file:///etc/passwd",
    "ftp://example.org/file",
    "http://exa mple.org/",
    "https://example.org/\x1b]52;c;cHduZWQ=\x07",
    "https://example.org/\x1b\\\x1b]0;retitled\x07",
)

# A clean file whose every text value is a placeholder (zq...) swapped for a hostile string.
TEMPLATE = f"""
title: zq-timeline-title
timezone: Europe/Brussels
actors:
  zq-actor-id:
    name: zq-actor-name
    aliases: [zq-alias]
    role: zq-role
    timezone: Europe/Kyiv
  zq-group-id:
    name: zq-group-name
    kind: group
    members: [zq-actor-id]
  plain:
    name: Plain Person
events:
  - id: zq-event-id
    title: zq-event-title
    start: 2025-08-20 14:30
    end: 2025-08-20 15:30
    location: zq-location
    actors: [zq-actor-id, zq-group-id, plain]
    tags: [zq-tag, zq-tag-2]
    summary: zq-summary
    notes: [zq-note, zq-note-2]
    confidence: zq-confidence
    sources:
      - title: zq-source-title
        publisher: zq-publisher
        url: {SAFE_URL}
        quote: zq-quote
{"".join(f"      - url: https://example.org/zq-url-{n}{chr(10)}" for n in range(len(BAD_URLS)))}
  - id: zq-child-id
    parent: zq-event-id
    title: zq-child-title
    start: 2025-08-20 14:45
    actors: [plain]
  - id: neighbour
    title: zq-neighbour-title
    start: 2025-08-19
    location: zq-neighbour-location
"""

FIRST = {
    "zq-event-title": OSC52,
    "zq-timeline-title": RETITLE,
    "zq-location": OSC8,
    "zq-actor-name": BIDI,
    "zq-tag": C1,
    "zq-summary": CLEAR + "\nsecond line " + OSC52,
    "zq-note": C0,
    "zq-group-name": MARKUP[0],
    "zq-role": MARKUP[1],
    "zq-child-title": MARKUP[2],
    "zq-quote": "[$accent]x[/]",
    "zq-note-2": "[B]x[/B]",
}
"""Where the strings the tests look for go; every other placeholder cycles through HOSTILE."""


def _hostile_table(yaml_text: str) -> dict[str, str]:
    placeholders = sorted(set(re.findall(r"zq-[a-z0-9-]+", yaml_text)) - set(FIRST))
    table = dict(FIRST)
    for n, name in enumerate(p for p in placeholders if not p.startswith("zq-url-")):
        table[name] = HOSTILE[n % len(HOSTILE)]
    for n, url in enumerate(BAD_URLS):
        table[f"https://example.org/zq-url-{n}"] = url
    return table


def _swap(value: Any, table: Mapping[str, str]) -> Any:
    """``value`` with every string found in ``table`` replaced, through tuples and records."""
    if isinstance(value, str):
        return table.get(value, value)
    if isinstance(value, tuple):
        items = tuple(_swap(item, table) for item in value)
        return items if type(value) is tuple else tuple.__new__(type(value), items)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _swap(getattr(value, f.name), table) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    return value


def hostile_timeline() -> Timeline:
    """A timeline whose every text field (ids included) holds a hostile string."""
    clean = load_text(TEMPLATE, "hostile.yaml")
    table = _hostile_table(TEMPLATE)
    hostile = Timeline.build(
        title=_swap(clean.title, table),
        timezone=clean.timezone,
        actors={_swap(key, table): _swap(actor, table) for key, actor in clean.actors.items()},
        events=[_swap(event, table) for event in clean.events],
        path=clean.path,
        presorted=True,
    )
    assert hostile.title == RETITLE and OSC52 in {e.title for e in hostile.events}
    return hostile


class Loads:
    """Stands in for the screen's loader: the hostile timeline, or a hostile failure."""

    def __init__(self, timeline: Timeline) -> None:
        self.loaded = IndexedTimeline(timeline, TimelineIndex.build(timeline))
        self.failure: TimelineError | None = None

    def __call__(self, path: Path, **_options: object) -> IndexedTimeline:
        if self.failure is not None:
            raise self.failure
        return self.loaded


class RecordingDriver(HeadlessDriver):
    """A headless driver that keeps everything the app writes to the terminal."""

    def __init__(self, app: App[Any], **options: Any) -> None:
        super().__init__(app, **options)
        self.written: list[str] = []

    @property
    def is_headless(self) -> bool:
        """Not headless: the app then renders its updates and writes them here."""
        return False

    def write(self, data: str) -> None:
        """Keep ``data`` instead of printing it."""
        self.written.append(data)

    @property
    def output(self) -> str:
        """Everything written so far."""
        return "".join(self.written)


# What the explorer itself writes: colours (SGR), cursor positions and moves, synchronised
# updates, the mouse pointer's shape (OSC 22) and hyperlinks (OSC 8, ended by ST) whose
# targets the tests check separately.
_ALLOWED = re.compile(
    r"\x1b\[[0-9;:]*[mHABCDG]"
    r"|\x1b\[\?2026[hl]"
    r"|\x1b\]22;[a-z-]+\x07"
    r"|\x1b\]8;(?:id=[0-9A-Za-z_-]*)?;(?P<target>[^\x1b\x07]*)\x1b\\"
)


def escape_report(output: str) -> tuple[str, set[str]]:
    """The text left once the explorer's own sequences are taken out, and the link targets.

    Args:
        output: What the app wrote to the terminal.

    Returns:
        The remaining text (which must hold no unsafe character) and every hyperlink target.
    """
    targets = {m["target"] for m in _ALLOWED.finditer(output) if m["target"]}
    return _ALLOWED.sub("", output), targets


def assert_terminal_safe(output: str, links: Collection[str] = ()) -> str:
    """Fail unless ``output`` holds only the explorer's own sequences; return its text."""
    text, targets = escape_report(output)
    found = UNSAFE.search(text)
    if found is not None:
        around = text[max(0, found.start() - 40) : found.end() + 40]
        raise AssertionError(f"{found.group()!r} reaches the terminal raw: {around!r}")
    assert targets <= set(links), f"hyperlinks made to {targets - set(links)}"
    return text


async def painted(pilot: Pilot[Any], driver: RecordingDriver, *needles: str) -> str:
    """Wait until each needle has been written (as text), and return the text so far."""

    def text() -> str:
        return escape_report(driver.output)[0]

    def missing() -> str:
        return f"never shown: {[needle for needle in needles if needle not in text()]!r}"

    await wait_until(pilot, lambda: all(needle in text() for needle in needles), missing)
    return text()


def shown(text: str) -> str:
    """``text`` as the explorer shows it on one line (what :func:`visible` makes of it)."""
    return visible(text, one_line=True)


def toasts_on_screen(app: App[Any]) -> list[str]:
    """The text of every notification on screen, as rendered."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]


def recording(app: TimelineApp) -> RecordingDriver:
    """The driver of a running app built by the ``hostile_app`` fixture."""
    driver = app._driver
    assert isinstance(driver, RecordingDriver)
    return driver


async def paste(pilot: Pilot[Any], text: str) -> None:
    """Paste ``text`` into the focused widget, as a terminal's bracketed paste does."""
    focused = pilot.app.focused
    assert focused is not None
    focused.post_message(Paste(text))
    await pilot.pause()


@pytest.fixture
def hostile_app(
    build: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[TimelineApp, Loads]:
    """The explorer over the hostile timeline, with hostile settings and file name."""
    loads = Loads(hostile_timeline())
    monkeypatch.setattr(main_module, "load_events", loads)
    events = tmp_path / FILE_NAME
    events.write_text("title: replaced by the hostile timeline\n", encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text(
        'display_zone = "\\u001b]52;c;cHduZWQ=\\u0007"\n'
        'theme = "\\u001b]0;retitled\\u0007[/]"\n'
        'pinned_zones = ["[bold]\\u009b2J"]\n',
        encoding="utf-8",
    )
    app = build(events, zone="Europe/Brussels", config=config)
    app.driver_class = RecordingDriver
    return app, loads


async def test_hostile_text_reaches_the_terminal_only_as_visible_escapes(
    hostile_app: tuple[TimelineApp, Loads],
) -> None:
    app, loads = hostile_app
    timeline = loads.loaded.timeline
    event = next(e for e in timeline.events if e.title == OSC52)
    actor_name = shown(BIDI)
    async with app.run_test(size=(140, 50), headless=False, notifications=True) as pilot:
        driver = recording(app)
        await settle(pilot)
        screen = main_screen(app)
        screen.jump_to_event(event.id)
        await settle(pilot)
        # the detail pane and time card, the header, the settings' warnings
        await painted(
            pilot,
            driver,
            shown(OSC52),
            "\\x1b]8;;javascript:alert(1)",
            actor_name,
            shown(RETITLE),
        )
        # the settings' warnings quote the hostile values visibly
        toasts = toasts_on_screen(app)
        assert len(toasts) >= 3 and all(UNSAFE.search(toast) is None for toast in toasts)
        assert any("\\x1b]52;c;cHduZWQ=\\x07" in toast for toast in toasts)
        # the pickers, help and the command palette
        await pilot.press("a")
        await painted(pilot, driver, "Filter by actor")
        await pilot.press("escape", "t")
        await painted(pilot, driver, "Filter by tag", shown(C1))
        await pilot.press("escape", "z")
        await painted(pilot, driver, "Time zones")
        await paste(pilot, OSC52)
        await painted(pilot, driver, "unknown time zone 'x\\x1b]52")
        await pilot.press("escape", "question_mark")
        await painted(pilot, driver, "Esc, q or ? closes")
        await pilot.press("escape", "ctrl+p")
        await settle(pilot)
        await pilot.press(*"cHduZWQ")
        await painted(pilot, driver, "Jump to: ")
        await pilot.press("escape")
        await settle(pilot)
        # the search box, the date box and its error notification
        await pilot.press("slash")
        await paste(pilot, RETITLE)
        await pilot.press("enter", "d")
        await paste(pilot, OSC52)
        await pilot.press("enter")
        await painted(pilot, driver, "invalid date 'x\\x1b]52")
        await pilot.press("escape")
        # a failed reload: the error banner over the last good version
        loads.failure = TimelineError([Diagnostic("f\x1b]0;t\x07.yaml", 3, 1, "bad " + OSC52)])
        screen.action_reload()
        await settle(pilot)
        await painted(pilot, driver, f"{shown(FILE_NAME)} has errors", "bad x\\x1b]52;c")
        await pilot.press("q")
    assert app.return_code == 0
    text = assert_terminal_safe(driver.output, links={SAFE_URL})
    for needle in ("\\x1b]52;c;cHduZWQ=\\x07", "\\x1b]0;", "\\x9b31m", "\\u202e", "\\x08"):
        assert needle in text
    for markup in (*MARKUP, "[$accent]x[/]", "[B]x[/B]"):
        assert markup in text


async def test_source_links_only_to_checked_web_addresses(
    hostile_app: tuple[TimelineApp, Loads],
) -> None:
    app, loads = hostile_app
    event = next(e for e in loads.loaded.timeline.events if e.title == OSC52)
    async with app.run_test(size=(140, 60), headless=False) as pilot:
        driver = recording(app)
        await settle(pilot)
        main_screen(app).jump_to_event(event.id)
        await settle(pilot)
        await painted(pilot, driver, SAFE_URL, "javascript:alert(document.cookie)", "file:///")
        await pilot.press("q")
    _text, targets = escape_report(driver.output)
    assert targets == {SAFE_URL}  # not the location's OSC 8, not the other sources
    assert_terminal_safe(driver.output, links={SAFE_URL})


def test_recording_catches_what_reaches_the_terminal() -> None:
    """The byte check itself: a raw sequence fails it, the explorer's own pass."""
    own = "\x1b[1;2H\x1b[38;2;1;2;3mtext\x1b[0m\x1b[?2026h\x1b]8;id=7;https://a.example/\x1b\\a"
    assert assert_terminal_safe(own, links={"https://a.example/"}) == "texta"
    for raw in (OSC52, RETITLE, CLEAR, C1, "\u202e", "\x1b]8;;file:///x\x1b\\"):
        with pytest.raises(AssertionError):
            assert_terminal_safe(own + raw)


def _write_markup_timeline(path: Path, text: str) -> None:
    quoted = text.replace("'", "''")
    path.write_text(
        "timezone: Europe/Brussels\n"
        "actors:\n"
        f"  someone: {{name: '{quoted}', role: '{quoted}'}}\n"
        "events:\n"
        "  - id: the-event\n"
        f"    title: '{quoted}'\n"
        "    start: 2025-08-20 14:30\n"
        "    actors: [someone]\n"
        f"    tags: ['{quoted}']\n"
        f"    summary: '{quoted}'\n",
        encoding="utf-8",
    )


@pytest.mark.parametrize("markup", MARKUP)
async def test_markup_is_shown_literally(build: AppFactory, tmp_path: Path, markup: str) -> None:
    """In a title, a settings value, the search box, the date box and the zone picker."""
    events = tmp_path / "events.yaml"
    _write_markup_timeline(events, markup)
    config = tmp_path / "config.toml"
    config.write_text(f"display_zone = '{markup}'\ntheme = '{markup}'\n", encoding="utf-8")
    app = build(events, config=config)
    async with app.run_test(size=(140, 50), notifications=True) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.jump_to_event("the-event")
        await settle(pilot)
        toasts = toasts_on_screen(app)
        assert any(f"unknown time zone '{markup}'" in toast for toast in toasts)
        assert f"Unknown theme '{markup}' in the settings; using the default." in toasts
        assert str(screen.query_one("#detail-title", Static).content) == markup
        assert markup in screen_text(app)
        described = screen.query_one("#filters", Static)
        await pilot.press("slash")
        await paste(pilot, markup)
        await pilot.press("enter")
        await settle(pilot)
        assert str(described.content) == f"search: {markup}"
        await pilot.press("d", *markup, "enter")  # typed, as the report had it
        await settle(pilot)
        assert f"invalid date '{markup}'" in str(described.content)
        assert any(f"invalid date '{markup}'" in toast for toast in toasts_on_screen(app))
        await pilot.press("escape", "z")
        await paste(pilot, markup)
        await settle(pilot)
        status = app.screen.query_one("#zone-status", Static)
        assert str(status.content).startswith(f"unknown time zone '{markup}'")
        assert f"unknown time zone '{markup}'" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("q")
    assert app.return_code == 0


async def test_palette_shows_titles_literally(build: AppFactory, tmp_path: Path) -> None:
    events = tmp_path / "events.yaml"
    _write_markup_timeline(events, "[/] closing [bold]tags")
    app = build(events)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"closing")
        await settle(pilot)
        assert "Jump to: [/] closing [bold]tags" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("q")
    assert app.return_code == 0


# --- the line filter ----------------------------------------------------------------------

BLACK = Color(0, 0, 0)


def test_clean_lines_pass_untouched() -> None:
    line = [Segment("plain text ", Style(bold=True)), Segment("more", Style(color="red"))]
    assert SafeSegments().apply(line, BLACK) is line


def test_unsafe_characters_are_dropped_without_changing_widths() -> None:
    line = [Segment("a", Style()), Segment(OSC52, Style(italic=True)), Segment(BIDI, Style())]
    repaired = SafeSegments().apply(line, BLACK)
    assert [s.text for s in repaired] == ["a", "x]52;c;cHduZWQ=", "bidi evil iso"]
    assert [s.style for s in repaired] == [s.style for s in line]
    assert sum(cell_len(s.text) for s in repaired) == sum(cell_len(s.text) for s in line)


def test_every_segment_gets_a_style_so_monochrome_works() -> None:
    """Textual's Monochrome filter (NO_COLOR) fails on a segment without a style."""
    line = [Segment("no style"), Segment("styled", Style(color="red"))]
    with pytest.raises(AttributeError):
        Monochrome().apply(line, BLACK)
    repaired = SafeSegments().apply(line, BLACK)
    assert all(s.style is not None for s in repaired)
    assert [s.text for s in Monochrome().apply(repaired, BLACK)] == ["no style", "styled"]


def test_the_app_runs_the_filter_first(
    build: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = build(tmp_path / "events.yaml")
    filters = list(app.get_line_filters())
    assert isinstance(filters[0], SafeSegments)
    assert any(isinstance(f, Monochrome) for f in filters)
    line = [Segment("x\x1b]0;t\x07 no style")]
    for line_filter in filters:
        line = line_filter.apply(line, BLACK)
    assert "".join(s.text for s in line) == "x]0;t no style"


def test_links_are_kept_only_to_web_addresses() -> None:
    good = Style(link=SAFE_URL, underline=True)
    line = [Segment("safe", good)] + [Segment("bad", Style(link=url)) for url in BAD_URLS]
    repaired = SafeSegments().apply(line, BLACK)
    assert repaired[0].style is good
    assert [s.style.link if s.style else "none" for s in repaired[1:]] == [None] * len(BAD_URLS)


@pytest.mark.parametrize("url", [SAFE_URL, "http://example.org", "HTTPS://Example.org/a?b=c#d"])
def test_web_link_accepts_plain_web_addresses(url: str) -> None:
    assert web_link(url) == url


@pytest.mark.parametrize(
    "url", [*BAD_URLS, "", "https://", "https:///path", "http://[::1", "mailto:a@b.example"]
)
def test_web_link_refuses_anything_else(url: str) -> None:
    assert web_link(url) is None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.text(), st.booleans()), max_size=6))
def test_no_line_leaves_the_filter_unsafe(parts: list[tuple[str, bool]]) -> None:
    line = [Segment(text, Style(bold=True) if styled else None) for text, styled in parts]
    repaired = SafeSegments().apply(line, BLACK)
    assert all(s.style is not None and UNSAFE.search(s.text) is None for s in repaired)
    assert "".join(s.text for s in repaired) == UNSAFE.sub("", "".join(t for t, _ in parts))
