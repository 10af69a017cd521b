"""``n``: the new-event form checks as the loader checks, appends as text, never overwrites."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import Button, Input, Static

from tui.app.reload import load_events
from tui.app.screens.new_event import Draft, NewEventScreen, check_draft
from tui.core.append import render_events
from tui.core.safetext import visible

from .helpers import (
    AppFactory,
    copy_small,
    main_screen,
    notifications,
    settle,
    wait_until,
)

# --- the checks ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> object:
    return load_events(copy_small(tmp_path_factory.mktemp("small")), use_cache=False)


def test_a_good_draft_becomes_the_mapping_the_file_gets(small: object) -> None:
    draft = Draft(
        title="Working dinner",
        start="2025-08-21 19:30",
        end="2025-08-21 21:00",
        zone="Kyiv",
        actors="Ally, bob",
        tags="dinner, summit, dinner",
        location="Kyiv",
    )
    checked = check_draft(draft, small)  # type: ignore[arg-type]
    assert checked.errors == {}
    assert checked.mapping == {
        "title": "Working dinner",
        "start": "2025-08-21 19:30",
        "end": "2025-08-21 21:00",
        "timezone": "Europe/Kyiv",
        "location": "Kyiv",
        "actors": ["alice", "bob"],  # an alias becomes the actor's id
        "tags": ["dinner", "summit"],
    }
    assert checked.hints["start"] == "Thu 21 Aug 2025 19:30 EEST"


def test_a_time_in_a_gap_or_a_fold_is_explained(small: object) -> None:
    gap = check_draft(Draft(title="T", start="2025-03-30 02:30"), small)  # type: ignore[arg-type]
    assert gap.mapping is None
    assert gap.errors["start"] == (
        "2025-03-30 02:30 does not exist in Europe/Brussels: "
        "clocks jump from 02:00 to 03:00 (UTC+01:00 -> UTC+02:00)"
    )
    fold = check_draft(Draft(title="T", start="2025-10-26 02:30"), small)  # type: ignore[arg-type]
    assert fold.errors["start"] == (
        "2025-10-26 02:30 occurs twice in Europe/Brussels: "
        "add +02:00 (CEST, first) or +01:00 (CET, second)"
    )
    # the offset the message asks for makes it exact
    exact = Draft(title="T", start="2025-10-26 02:30+01:00", zone="Europe/Brussels")
    chosen = check_draft(exact, small)  # type: ignore[arg-type]
    assert chosen.errors == {}
    assert chosen.hints["start"] == "Sun 26 Oct 2025 02:30 CET"


@pytest.mark.parametrize(
    ("draft", "field", "message"),
    [
        (Draft(start="2025-08-20"), "title", "a title is needed"),
        (Draft(title="T"), "start", "a start is needed"),
        (Draft(title="T", start="2025-08-20", end="2025-08-19"), "end", "before the start"),
        (Draft(title="T", start="2025-08-20", end="2025-08-20 10:00"), "end", "like the start"),
        (Draft(title="T", start="2025-08-20", zone="IST"), "zone", "ambiguous"),
        (Draft(title="T", start="2025-08-20", actors="Alise"), "actors", "Alice Archer"),
        (Draft(title="A\x1b[31m", start="2025-08-20"), "title", "ESC"),
        (Draft(title="T", start="2025-02-30"), "start", "2025-02-30"),
    ],
)
def test_each_problem_is_told_under_its_field(
    small: object, draft: Draft, field: str, message: str
) -> None:
    checked = check_draft(draft, small)  # type: ignore[arg-type]
    assert checked.mapping is None
    assert message in checked.errors[field]


# --- the form in the explorer --------------------------------------------------------------


def note(app: object, name: str) -> str:
    widget = app.screen.query_one(f"#new-{name}-note", Static)  # type: ignore[attr-defined]
    return str(widget.render()) if widget.display else ""


def message_line(app: object) -> str:
    return str(app.screen.query_one("#new-message", Static).render())  # type: ignore[attr-defined]


async def fill(pilot: object, **values: str) -> None:
    """Fill the form's fields: the first value is typed key by key, the rest are set."""
    screen = pilot.app.screen  # type: ignore[attr-defined]
    for number, (name, value) in enumerate(values.items()):
        box = screen.query_one(f"#new-{name}", Input)
        box.focus()
        box.value = ""
        if number == 0:
            await pilot.press(*value)  # type: ignore[attr-defined]
        else:
            box.value = value
    await pilot.pause()  # type: ignore[attr-defined]


async def test_n_appends_the_event_and_leaves_every_other_byte(
    build: AppFactory, tmp_path: Path
) -> None:
    events = copy_small(tmp_path)
    before = events.read_bytes()
    app = build(events)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NewEventScreen), "the form")
        assert app.focused is app.screen.query_one("#new-title", Input)
        await fill(pilot, title="Working dinner", start="2025-03-30 02:30")
        await pilot.press("ctrl+s")
        await settle(pilot)
        # the gap is explained under the start, and nothing is written
        assert "does not exist in Europe/Brussels" in note(app, "start")
        assert app.focused is app.screen.query_one("#new-start", Input)
        assert events.read_bytes() == before
        await fill(pilot, start="2025-08-21 19:30", actors="Ally, bob", tags="dinner")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, NewEventScreen), "saving")
        await settle(pilot)
        block = render_events(
            [
                {
                    "id": "2025-08-21-working-dinner",
                    "title": "Working dinner",
                    "start": "2025-08-21 19:30",
                    "timezone": "Europe/Brussels",
                    "actors": ["alice", "bob"],
                    "tags": ["dinner"],
                }
            ]
        )
        after = events.read_bytes()
        assert after == before + block.encode()  # the events list ends the file
        screen = main_screen(app)
        assert screen.timeline is not None
        assert "2025-08-21-working-dinner" in screen.timeline.by_id
        assert screen.timeline_list.highlighted_event_id == "2025-08-21-working-dinner"
        assert any("Added 2025-08-21-working-dinner" in n for n in notifications(app))


async def test_a_file_changed_on_disk_is_not_overwritten(build: AppFactory, tmp_path: Path) -> None:
    events = copy_small(tmp_path)
    app = build(events)  # not watched: the change stays unseen until reloaded
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        changed = events.read_text(encoding="utf-8") + "# a line another program added\n"
        events.write_text(changed, encoding="utf-8")
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NewEventScreen), "the form")
        await fill(pilot, title="Call", start="2025-08-22")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "changed on disk" in message_line(app), "the refusal")
        assert events.read_text(encoding="utf-8") == changed
        reload = app.screen.query_one("#new-reload", Button)
        assert reload.display
        assert app.focused is reload
        await pilot.press("enter")  # reload, then save again
        await wait_until(
            pilot,
            lambda: main_screen_loaded_has(app, events, changed),
            "the reload",
        )
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, NewEventScreen), "saving")
        block = render_events(
            [
                {
                    "id": "2025-08-22-call",
                    "title": "Call",
                    "start": "2025-08-22",
                    "timezone": "Europe/Brussels",
                }
            ]
        )
        # after the last event, before the other program's line: both changes kept
        added = changed.replace("# a line another", block + "# a line another")
        assert events.read_text(encoding="utf-8") == added


def main_screen_loaded_has(app: object, events: Path, text: str) -> bool:
    """The explorer has loaded the file as it is now (its size is the one on disk)."""
    screen = app.screen_stack[0]  # type: ignore[attr-defined]
    loaded = screen.loaded
    return (
        loaded is not None
        and loaded.file_stat is not None
        and (loaded.file_stat[0] == len(text.encode()))
    )


async def test_escape_closes_and_served_explorers_refuse(build: AppFactory, tmp_path: Path) -> None:
    events = copy_small(tmp_path)
    before = events.read_bytes()
    app = build(events)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NewEventScreen), "the form")
        await fill(pilot, title="Never saved")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, NewEventScreen)
        main_screen(app).options = replace(app.options, served=True)  # as `timeline serve`
        await pilot.press("n")
        await settle(pilot)
        assert not isinstance(app.screen, NewEventScreen)
        assert any("off in the browser" in visible(n) for n in notifications(app))
    assert events.read_bytes() == before
